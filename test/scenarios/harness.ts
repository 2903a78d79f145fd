/**
 * Scenario harness: drives the real CLI as a user would (`main(argv)` of bin/sanctions-notifier.ts,
 * one fresh data dir, the embedded store) with three real subscribers' receivers — the outbox of
 * rendered emails, a loopback HTTP server for signed webhooks and one for Slack — and reads back
 * what each subscriber received. Nothing in here inspects the store: scenarios assert deliveries.
 *
 * Real publications come from `../shared/realdata/` (see test/support/realdata.ts); broken variants
 * are made at test time in the scenario's temp dir with `variant()` and never committed.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from '../../bin/sanctions-notifier';
import { type Receiver, startReceiver, verifyStandardWebhook } from '../delivery/servers';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export interface Delivered {
  /** Outbox emails (`.eml` files), raw RFC 5322 text, sorted by file name. */
  emails: string[];
  /** Webhook requests, one per distinct `webhook-id` (receivers de-duplicate by it). */
  webhooks: { id: string; body: unknown }[];
  /** Every webhook request received, duplicates included. */
  webhookRequests: number;
  /** Slack payloads received. */
  slack: unknown[];
}

export interface Scenario {
  dataDir: string;
  tmp: string;
  webhook: Receiver;
  slack: Receiver;
  /** The webhook subscriber's signing secret (`whsec_…`), once `subscribeAll` ran. */
  webhookSecret?: string;
  /** Runs one CLI command (`--data-dir` added); never throws. */
  cli(...args: string[]): Promise<CliResult>;
  /** Adds an email, a webhook and a Slack subscriber, each with the same extra filter flags. */
  subscribeAll(...filters: string[]): Promise<void>;
  /** `poll --source <id> --url file://<path>`. */
  poll(source: string, path: string, ...extra: string[]): Promise<CliResult>;
  /** Everything delivered so far. */
  delivered(): Promise<Delivered>;
  /** Writes bytes to a file in the scenario's temp dir and returns its path. */
  variant(name: string, bytes: Uint8Array | string): Promise<string>;
  close(): Promise<void>;
}

export async function scenario(options: { env?: Record<string, string> } = {}): Promise<Scenario> {
  const tmp = await mkdtemp(join(tmpdir(), 'sn-scenario-'));
  const dataDir = join(tmp, 'data');
  const webhook = await startReceiver(() => ({ status: 200 }));
  const slack = await startReceiver(() => ({ status: 200, body: 'ok' }));
  const env = { ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true', ...options.env };
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  delete process.env.SMTP_URL;
  delete process.env.DYNAMODB_ENDPOINT;

  const s: Scenario = {
    dataDir,
    tmp,
    webhook,
    slack,
    async cli(...args) {
      const out: string[] = [];
      const err: string[] = [];
      const io = { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) };
      let code: number;
      try {
        code = await main([...args, '--data-dir', dataDir], io);
      } catch (error) {
        err.push(`uncaught: ${(error as Error).stack ?? String(error)}`);
        code = 99;
      }
      return { code, out: out.join('\n'), err: err.join('\n') };
    },
    async subscribeAll(...filters) {
      const email = await s.cli('subscribers', 'add', '--email', 'analyst@example.com', ...filters);
      const hook = await s.cli('subscribers', 'add', '--webhook', `${webhook.url}/hook`, ...filters);
      const slk = await s.cli('subscribers', 'add', '--slack', `${slack.url}/slack`, ...filters);
      for (const r of [email, hook, slk]) {
        if (r.code !== 0) throw new Error(`subscribers add failed (${r.code}): ${r.err}`);
      }
      s.webhookSecret = /whsec_[A-Za-z0-9+/=]+/.exec(`${hook.out}\n${hook.err}`)?.[0];
    },
    poll(source, path, ...extra) {
      return s.cli('poll', '--source', source, '--url', pathToFileURL(path).toString(), ...extra);
    },
    async delivered() {
      const outbox = join(dataDir, 'outbox');
      let names: string[] = [];
      try {
        names = (await readdir(outbox)).filter((n) => n.endsWith('.eml')).sort();
      } catch {
        names = [];
      }
      const emails = await Promise.all(names.map((n) => readFile(join(outbox, n), 'utf8')));
      const byId = new Map<string, unknown>();
      for (const r of webhook.requests) {
        const id = String(r.headers['webhook-id'] ?? '');
        if (s.webhookSecret) {
          const check = verifyStandardWebhook(
            s.webhookSecret,
            r.headers,
            r.body,
            Math.floor(Date.now() / 1000),
          );
          if (!check.ok) throw new Error(`webhook ${id} failed verification: ${check.reason}`);
        }
        if (!byId.has(id)) byId.set(id, JSON.parse(r.body));
      }
      return {
        emails,
        webhooks: [...byId].map(([id, body]) => ({ id, body })),
        webhookRequests: webhook.requests.length,
        slack: slack.requests.map((r) => JSON.parse(r.body)),
      };
    },
    async variant(name, bytes) {
      const path = join(tmp, name);
      await writeFile(path, bytes);
      return path;
    },
    async close() {
      await webhook.close();
      await slack.close();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await rm(tmp, { recursive: true, force: true });
    },
  };
  return s;
}

/** Counts of what was delivered, for compact assertions: `{ emails, webhooks, slack }`. */
export async function deliveryCounts(
  s: Scenario,
): Promise<{ emails: number; webhooks: number; slack: number }> {
  const d = await s.delivered();
  return { emails: d.emails.length, webhooks: d.webhooks.length, slack: d.slack.length };
}
