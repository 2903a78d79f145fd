import type { Transporter } from 'nodemailer';
import type { AttemptResult } from '../retry';
import type { EmailChannel, OutgoingEmail } from './types';

/**
 * Local email through an SMTP server (`SMTP_URL`, e.g. `smtp://127.0.0.1:1025`). The raw MIME
 * message from `buildMime` is sent as is, so List-Unsubscribe and every other header survive.
 * 4xx replies and connection errors are retried; 5xx replies are permanent.
 */
export function smtpChannel(smtpUrl: string): EmailChannel {
  // nodemailer is loaded on the first email, so commands that send none never load it.
  let transport: Transporter | undefined;
  return {
    kind: 'smtp',
    async send(email: OutgoingEmail): Promise<AttemptResult> {
      try {
        transport ??= (await import('nodemailer')).createTransport(smtpUrl);
        const info = await transport.sendMail({
          envelope: { from: email.from, to: [email.to] },
          raw: email.raw,
        });
        return { ok: true, detail: `smtp ${info.response ?? 'accepted'}`.slice(0, 200) };
      } catch (error) {
        const err = error as { responseCode?: number; code?: string; message: string };
        if (err.responseCode !== undefined) {
          return {
            ok: false,
            retryable: err.responseCode < 500,
            reason: `SMTP ${err.responseCode}`,
          };
        }
        return { ok: false, retryable: true, reason: `SMTP connection: ${err.code ?? 'error'}` };
      }
    },
  };
}
