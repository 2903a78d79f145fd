/**
 * The delivery queue on AWS (SQS): fan-out and the digest run enqueue job ids, the deliver
 * Lambda reads them back.
 */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryQueue } from './jobs';

/** SQS caps a message's delay at 15 minutes; longer backoffs are re-enqueued on arrival. */
export const SQS_MAX_DELAY_SECONDS = 900;

/** The delivery queue on AWS: one message `{ "deliveryId": … }` per job, in batches of 10. */
export function sqsDeliveryQueue(client: Pick<SQSClient, 'send'>, queueUrl: string): DeliveryQueue {
  return {
    async enqueue(ids, delaySeconds = 0) {
      const delay = Math.max(0, Math.min(SQS_MAX_DELAY_SECONDS, Math.ceil(delaySeconds)));
      for (let i = 0; i < ids.length; i += 10) {
        const group = ids.slice(i, i + 10);
        const out = await client.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: group.map((id, n) => ({
              Id: String(n),
              MessageBody: JSON.stringify({ deliveryId: id }),
              DelaySeconds: delay,
            })),
          }),
        );
        if (out.Failed?.length) {
          throw new Error(
            `SQS refused ${out.Failed.length} delivery job(s): ${out.Failed.map((f) => f.Code).join(', ')}`,
          );
        }
      }
    },
  };
}

/** The delivery id in an SQS message body. */
export function parseJobMessage(body: string): string {
  const parsed = JSON.parse(body) as { deliveryId?: unknown };
  if (typeof parsed.deliveryId !== 'string' || !/^d_[0-9a-f]{24}$/.test(parsed.deliveryId)) {
    throw new Error('not a delivery job message');
  }
  return parsed.deliveryId;
}
