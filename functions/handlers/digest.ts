/**
 * EventBridge (daily schedule, shortly after 00:00 UTC) → one digest delivery job per daily
 * subscriber with pending parts of a day that has ended, on the delivery queue (the deliver
 * function sends it). Event ignored, except an optional `{ "asOf": "<iso>" }` for a manual catch-up.
 */

import { runDigests } from '../dispatch/digest';
import { awsStores, deliveryQueueFromEnv } from '../runtime/aws';

const base = awsStores(); // TABLE_NAME (throws at cold start when missing)
const queue = deliveryQueueFromEnv(); // DELIVERY_QUEUE_URL

export async function handler(event?: { asOf?: string } | null) {
  const asOf = event?.asOf ? Date.parse(event.asOf) : undefined;
  if (asOf !== undefined && Number.isNaN(asOf)) throw new Error('event.asOf must be an ISO timestamp');
  const result = await runDigests(
    { deliveries: base.deliveries, queue, now: Date.now },
    asOf !== undefined ? { asOf } : {},
  );
  // Counts only: no subscriber, target or list data.
  console.log(JSON.stringify({ msg: 'digest', ...result }));
  return result;
}
