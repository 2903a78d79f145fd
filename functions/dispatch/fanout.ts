/**
 * Fan-out: one change batch → one delivery job per matching subscription. The job record is
 * created conditionally (its id derives from the batch and the subscription), so a batch handed
 * over twice creates no second job; a job that exists but may not have reached the queue (a crash
 * between the two steps) is queued again, which is harmless: the worker's send claims make a
 * redelivered job a no-op.
 */
import type { ChangeBatch } from '../core/changes';
import { countAlert } from '../render/common';
import type { SubscriptionRepo } from '../subscriptions/repo';
import { type DeliveryRepo, deliveryId } from './deliveries';
import { type DeliveryQueue, queuedJob, utcDay } from './jobs';
import { matchBatch } from './match';

export interface FanoutDeps {
  subscriptions: SubscriptionRepo;
  deliveries: DeliveryRepo;
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
    const job = queuedJob(
      { id: deliveryId(batch.id, sub.id), batchId: batch.id, subscriptionId: sub.id, channel: sub.channel },
      now,
    );
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
