/**
 * Key design of the single table (see docs/store.md). Every item family is told apart by its
 * partition-key prefix; nothing else in the code builds keys.
 */
import { createHash } from 'node:crypto';
import { normaliseTarget } from '../subscriptions/repo';
import type { Channel } from '../subscriptions/subscription';

/** Snapshot: one item per entry of a source's current publication. */
export const snapshotKey = (source: string, id: string) => ({ pk: `SNAP#${source}`, sk: id });
export const snapshotPk = (source: string) => `SNAP#${source}`;

/** Change batch: header `sk=<sha256>`, change chunks `<sha256>#C#nnnnn`, after-image chunks `<sha256>#A#nnnnn`. */
export const batchPk = (source: string) => `BATCH#${source}`;
export const batchHeaderKey = (source: string, sha256: string) => ({ pk: batchPk(source), sk: sha256 });
export const batchChunkKey = (source: string, sha256: string, part: 'C' | 'A', index: number) => ({
  pk: batchPk(source),
  sk: `${sha256}#${part}#${String(index).padStart(5, '0')}`,
});
/** GSI1 of batch headers: every batch of a source in detection order. */
export const batchesGsiPk = (source: string) => `BATCHES#${source}`;
export const batchesIndex = (source: string, detectedAt: string, key: string) => ({
  gsi1pk: batchesGsiPk(source),
  gsi1sk: `${detectedAt}#${key}`,
});

/** Source state: one item per source. */
export const sourceStateKey = (source: string) => ({ pk: `SOURCE#${source}`, sk: 'STATE' });
export const SOURCE_STATE_GSI_PK = 'SOURCES';

/** Quarantined publications: one partition (few items), `sk=<source>#<sha256>`. */
export const QUARANTINE_PK = 'QUARANTINE';
export const quarantineKey = (source: string, sha256: string) => ({
  pk: QUARANTINE_PK,
  sk: `${source}#${sha256}`,
});

/** Seen notices of a feed: `pk=NOTICE#<feed source>`, `sk=<item id>`. */
export const seenNoticeKey = (source: string, id: string) => ({ pk: `NOTICE#${source}`, sk: id });
/** Pending reconciliations: one small partition, `sk=<feed source>#<item id>`. */
export const PENDING_NOTICES_PK = 'NOTICES#PENDING';
export const pendingNoticeKey = (source: string, id: string) => ({
  pk: PENDING_NOTICES_PK,
  sk: `${source}#${id}`,
});

/** Delivery job `DELIVERY#<id>` / `JOB`, its send claims `DELIVERY#<id>` / `SEND#nnnnn`. */
export const deliveryPk = (id: string) => `DELIVERY#${id}`;
export const jobKey = (id: string) => ({ pk: deliveryPk(id), sk: 'JOB' });
export const SEND_SK_PREFIX = 'SEND#';
export const sendKey = (id: string, page: number) => ({
  pk: deliveryPk(id),
  sk: `${SEND_SK_PREFIX}${String(page).padStart(5, '0')}`,
});
/** GSI1 of delivery jobs by state: `DELIVERIES#<state>` / `<when>#<id>`. */
export const deliveryStateIndex = (state: string, sk: string) => ({
  gsi1pk: `DELIVERIES#${state}`,
  gsi1sk: sk,
});

/** Digest parts: `DIGEST#<subscription>` / `PART#<batch id>`; sparse GSI1 of pending parts by day. */
export const digestPartKey = (subscriptionId: string, batchId: string) => ({
  pk: `DIGEST#${subscriptionId}`,
  sk: `PART#${batchId}`,
});
export const DIGEST_PENDING_GSI_PK = 'DIGESTS#pending';
export const digestPendingIndex = (order: string) => ({ gsi1pk: DIGEST_PENDING_GSI_PK, gsi1sk: order });

/** Subscriptions (docs/store.md, "Subscriptions"); keys hold hashes, never an address or an IP. */
export const subKey = (id: string) => ({ pk: `SUB#${id}`, sk: 'SUB' });
/** GSI1 of subscriptions by status. */
export const subStatusIndex = (status: string) => `SUBS#${status}`;
export const subStatusIndexFields = (status: string, createdAt: string, id: string) => ({
  gsi1pk: subStatusIndex(status),
  gsi1sk: `${createdAt}#${id}`,
});

export function targetHash(channel: Channel, target: string): string {
  return createHash('sha256')
    .update(`${channel}\n${normaliseTarget(channel, target)}`)
    .digest('hex')
    .slice(0, 32);
}
const clientHash = (client: string) =>
  createHash('sha256').update(`client\n${client}`).digest('hex').slice(0, 32);

export const targetPk = (channel: Channel, target: string) =>
  `TARGET#${channel}#${targetHash(channel, target)}`;
export const targetKey = (channel: Channel, target: string, id: string) => ({
  pk: targetPk(channel, target),
  sk: `SUB#${id}`,
});
export const suppressedKey = (email: string) => ({
  pk: `SUPPRESSED#${targetHash('email', email)}`,
  sk: 'SUPPRESSED',
});
export const confirmingKey = (email: string) => ({
  pk: `CONFIRMING#${targetHash('email', email)}`,
  sk: 'CONFIRMING',
});
/** Confirmation emails sent for one client (IP) in one UTC hour. */
export const signupsKey = (client: string, hour: string) => ({
  pk: `SIGNUPS#${clientHash(client)}`,
  sk: hour,
});

/** Entity index: one compact record per entry of a list, `pk=ENT#<source>`, `sk=<publisher id>`. */
export const entityPk = (source: string) => `ENT#${source}`;
export const entityKey = (source: string, id: string) => ({ pk: entityPk(source), sk: id });
