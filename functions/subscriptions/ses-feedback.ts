/**
 * SES bounce and complaint events (configuration-set event publishing to SNS, or the classic
 * feedback notifications): a permanent bounce or any complaint suppresses the address.
 */
import { z } from 'zod';
import type { SubscriptionRepo } from './repo';

const recipients = z.array(z.object({ emailAddress: z.string() }).loose());

const sesEventSchema = z
  .object({
    eventType: z.string().optional(),
    notificationType: z.string().optional(),
    bounce: z
      .object({ bounceType: z.string(), bouncedRecipients: recipients, feedbackId: z.string().optional() })
      .loose()
      .optional(),
    complaint: z
      .object({ complainedRecipients: recipients, feedbackId: z.string().optional() })
      .loose()
      .optional(),
  })
  .loose();

export interface FeedbackResult {
  type: 'bounce' | 'complaint' | 'ignored';
  /** Addresses suppressed (counted, never logged). */
  suppressed: number;
  /** Subscriptions moved to `suppressed`. */
  subscriptions: number;
}

/** Applies one SES event (the SNS message text). Transient bounces and other events are ignored. */
export async function applySesFeedback(
  message: string,
  subscriptions: SubscriptionRepo,
  at: string,
): Promise<FeedbackResult> {
  const parsed = sesEventSchema.safeParse(JSON.parse(message));
  if (!parsed.success) throw new Error('not an SES event');
  const event = parsed.data;
  const type = (event.eventType ?? event.notificationType ?? '').toLowerCase();
  let addresses: string[] = [];
  let kind: FeedbackResult['type'] = 'ignored';
  let reference: string | undefined;
  if (type === 'bounce' && event.bounce?.bounceType === 'Permanent') {
    kind = 'bounce';
    addresses = event.bounce.bouncedRecipients.map((r) => r.emailAddress);
    reference = event.bounce.feedbackId;
  } else if (type === 'complaint' && event.complaint) {
    kind = 'complaint';
    addresses = event.complaint.complainedRecipients.map((r) => r.emailAddress);
    reference = event.complaint.feedbackId;
  }
  let changed = 0;
  for (const address of addresses) {
    changed += await subscriptions.suppressEmail(address, {
      reason: kind === 'bounce' ? 'bounce' : 'complaint',
      at,
      ...(reference ? { reference } : {}),
    });
  }
  return { type: kind, suppressed: addresses.length, subscriptions: changed };
}
