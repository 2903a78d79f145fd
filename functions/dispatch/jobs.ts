/**
 * What fan-out and the daily digest share: the delivery-queue port, the UTC day that keys digest
 * parts, and the shape of a newly queued delivery job.
 */
import type { DeliveryJob } from './deliveries';

/** Where jobs go: SQS on AWS, the in-process queue locally. `delaySeconds` ≤ 900 on SQS. */
export interface DeliveryQueue {
  enqueue(deliveryIds: string[], delaySeconds?: number): Promise<void>;
}

/** The UTC day (`YYYY-MM-DD`) of an instant. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A job waiting for its first attempt, due at once. */
export function queuedJob(
  job: Pick<DeliveryJob, 'id' | 'batchId' | 'subscriptionId' | 'channel'> &
    Partial<Pick<DeliveryJob, 'digest'>>,
  nowIso: string,
): DeliveryJob {
  return {
    id: job.id,
    batchId: job.batchId,
    subscriptionId: job.subscriptionId,
    channel: job.channel,
    state: 'queued',
    attempts: 0,
    createdAt: nowIso,
    updatedAt: nowIso,
    nextAttemptAt: nowIso,
    ...(job.digest ? { digest: job.digest } : {}),
  };
}
