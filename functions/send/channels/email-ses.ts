import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { AttemptResult } from '../retry';
import type { EmailChannel, OutgoingEmail } from './types';

/** SES errors that will not pass by themselves: dead-letter at once. */
const PERMANENT = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'AccountSuspendedException',
  'SendingPausedException',
  'BadRequestException',
  'NotFoundException',
]);

/**
 * SES v2 SendEmail with the raw MIME message (so our List-Unsubscribe headers are kept) and the
 * configuration set that publishes bounce and complaint events. Deliberately thin: everything
 * else (MIME, headers, retries) is shared with the local channels and tested there.
 */
export function sesChannel(
  client: Pick<SESv2Client, 'send'>,
  configurationSet: string | undefined,
): EmailChannel {
  return {
    kind: 'ses',
    async send(email: OutgoingEmail): Promise<AttemptResult> {
      try {
        const out = await client.send(
          new SendEmailCommand({
            FromEmailAddress: email.from,
            Destination: { ToAddresses: [email.to] },
            Content: { Raw: { Data: Buffer.from(email.raw, 'utf8') } },
            ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
          }),
        );
        return { ok: true, detail: `ses ${out.MessageId ?? ''}`.trim() };
      } catch (error) {
        const err = error as { name?: string; $metadata?: { httpStatusCode?: number } };
        const name = err.name ?? 'Error';
        const status = err.$metadata?.httpStatusCode;
        const permanent =
          PERMANENT.has(name) ||
          (status !== undefined &&
            status >= 400 &&
            status < 500 &&
            status !== 429 &&
            name !== 'TooManyRequestsException' &&
            name !== 'LimitExceededException');
        return {
          ok: false,
          retryable: !permanent,
          reason: `SES ${name}${status ? ` (HTTP ${status})` : ''}`,
        };
      }
    },
  };
}
