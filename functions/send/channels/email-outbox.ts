import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AttemptResult } from '../retry';
import type { EmailChannel, OutgoingEmail } from './types';

/**
 * Local email without an SMTP server: each message is written to `<data-dir>/outbox/` as
 * `<name>.eml` (the raw MIME) and `<name>.html` (its HTML part, for a browser). The file name is
 * the delivery id and page, so the same alert always lands in the same file and is never
 * written twice (`wx`).
 */
export function outboxChannel(outboxDir: string): EmailChannel {
  return {
    kind: 'outbox',
    async send(email: OutgoingEmail): Promise<AttemptResult> {
      await mkdir(outboxDir, { recursive: true });
      const base = join(outboxDir, safeName(email.name));
      try {
        await writeFile(`${base}.eml`, email.raw, { flag: 'wx' });
        await writeFile(`${base}.html`, email.html, { flag: 'w' });
      } catch (error) {
        const err = error as NodeJS.ErrnoException;
        if (err.code === 'EEXIST')
          return { ok: true, detail: `outbox ${safeName(email.name)}.eml (already written)` };
        return { ok: false, retryable: true, reason: `outbox write failed: ${err.code ?? err.message}` };
      }
      return { ok: true, detail: `outbox ${safeName(email.name)}.eml` };
    },
  };
}

export function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** Non-email payloads (webhook pages, Slack messages) that the local runtime also keeps for inspection. */
export async function writeOutboxJson(outboxDir: string, name: string, body: string): Promise<void> {
  await mkdir(outboxDir, { recursive: true });
  await writeFile(join(outboxDir, `${safeName(name)}.json`), body);
}
