/**
 * Fan-out: one change batch → one delivery job per matching subscription. The job record is
 * created conditionally (its id derives from the batch and the subscription), so a batch handed
 * over twice creates no second job; a job that exists but may not have reached the queue (a crash
 * between the two steps) is queued again, which is harmless: the worker's send claims make a
 * redelivered job a no-op.
 */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ChangeBatch } from '../core/changes';
import { countAlert } from '../render/common';
import { type DeliveryJob, type DeliveryStore, deliveryId } from '../store/deliveries';
import type { SubscriptionStore } from '../store/subscriptions';
import { utcDay } from './digest';
import { matchBatch } from './match';

/** Where jobs go: SQS on AWS, the in-process queue locally. `delaySeconds` ≤ 900 on SQS. */
export interface DeliveryQueue {
  enqueue(deliveryIds: string[], delaySeconds?: number): Promise<void>;
}

export interface FanoutDeps {
  subscriptions: SubscriptionStore;
  deliveries: DeliveryStore;
  queue: DeliveryQueue;
  now: () => number;
}

export interface FanoutResult {
  subscriptions: number;
  matched: number;
  /** Jobs created now (not created by an earlier hand-over of the same batch). */
  created: number;
  queued: number;
  /** Matching subscriptions in daily-digest mode: kept as pending digest parts, not delivered now. */
  digestDeferred: number;
}

export async function fanOutBatch(batch: ChangeBatch, deps: FanoutDeps): Promise<FanoutResult> {
  const subs = await deps.subscriptions.listActive();
  const byId = new Map(subs.map((s) => [s.id, s]));
  const alerts = matchBatch(subs, batch);
  const now = new Date(deps.now()).toISOString();
  const toQueue: string[] = [];
  let created = 0;
  let digestDeferred = 0;
  for (const alert of alerts) {
    const sub = byId.get(alert.subscriptionId)!;
    if (sub.mode === 'daily') {
      // Kept for the day's digest (functions/dispatch/digest.ts), once per (batch, subscription).
      await deps.deliveries.createDigestPart({
        subscriptionId: sub.id,
        batchId: batch.id,
        channel: sub.channel,
        day: utcDay(deps.now()),
        createdAt: now,
        counts: countAlert(alert),
        state: 'pending',
      });
      digestDeferred++;
      continue;
    }
    const job: DeliveryJob = {
      id: deliveryId(batch.id, sub.id),
      batchId: batch.id,
      subscriptionId: sub.id,
      channel: sub.channel,
      state: 'queued',
      attempts: 0,
      createdAt: now,
      updatedAt: now,
      nextAttemptAt: now,
    };
    if (await deps.deliveries.createJob(job)) {
      created++;
      toQueue.push(job.id);
      continue;
    }
    const existing = await deps.deliveries.getJob(job.id);
    if (existing?.state === 'queued') toQueue.push(job.id);
  }
  if (toQueue.length) await deps.queue.enqueue(toQueue);
  return {
    subscriptions: subs.length,
    matched: alerts.length,
    created,
    queued: toQueue.length,
    digestDeferred,
  };
}

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
