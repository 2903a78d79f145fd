import { createHash } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, queryAll, type TableRef } from './dynamo';
import { TABLE_KEYS } from './table';

/**
 * Delivery records (see docs/store.md, "Deliveries"). One job per (change batch, subscription);
 * under it one send claim per page (an email or a Slack message is page 0; a webhook alert may
 * have several pages). The claim is written conditionally before anything is sent, so a job that
 * is redelivered can never send the same page twice.
 */

export const DELIVERY_STATES = ['queued', 'retrying', 'sending', 'sent', 'dead', 'skipped'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface DeliveryJob {
  /** `d_` + 24 hex of sha256(batchId, subscriptionId): the same pair always gives the same id. */
  id: string;
  batchId: string;
  subscriptionId: string;
  channel: string;
  state: DeliveryState;
  /** Attempts made so far. */
  attempts: number;
  createdAt: string;
  updatedAt: string;
  firstAttemptAt?: string;
  /** When the job is due (queued: at once; retrying: after its backoff). */
  nextAttemptAt?: string;
  lastError?: string;
  pagesTotal?: number;
  pagesSent?: number;
  /** Operator-readable note on how it ended (message ids, HTTP status). */
  detail?: string;
  /**
   * Daily digests only: the UTC day and the change batches merged, frozen when the job is created
   * (`batchId` is then `digest:<day>`). See `functions/dispatch/digest.ts`.
   */
  digest?: { day: string; batchIds: string[] };
}

export type SendState = 'sending' | 'sent' | 'failed';

export interface SendRecord {
  deliveryId: string;
  page: number;
  state: SendState;
  /** The attempt that holds (or last held) the claim. */
  attempt: number;
  claimedAt: string;
  sentAt?: string;
  detail?: string;
}

/** Records of sent deliveries are kept this long (TTL), far past the longest queue redelivery. */
const RETENTION_SECONDS = 180 * 24 * 3600;

export function deliveryId(batchId: string, subscriptionId: string): string {
  return `d_${createHash('sha256').update(`${batchId}\n${subscriptionId}`).digest('hex').slice(0, 24)}`;
}

/** The daily digest job of one subscription for one UTC day (`YYYY-MM-DD`): one per (subscription, day). */
export function digestDeliveryId(subscriptionId: string, day: string): string {
  return deliveryId(`digest:${day}`, subscriptionId);
}

/**
 * A daily subscriber's matching alert of one change batch, waiting for the day's digest
 * (docs/store.md, "Digest parts"). One per (batch, subscription); the changes are matched again
 * from the batch when the digest is built, as the worker does for an immediate alert.
 */
export interface DigestPart {
  subscriptionId: string;
  batchId: string;
  channel: string;
  /** UTC day whose digest takes it: the day of fan-out (a part seen after its day's digest moves on a day). */
  day: string;
  /** Fan-out time: the order of parts within a digest. */
  createdAt: string;
  /** Matching changes and notices at fan-out (for listing; the digest matches again). */
  counts: { added: number; removed: number; amended: number; notices: number };
  state: 'pending' | 'digested';
  /** The digest job that took it. */
  deliveryId?: string;
  digestedAt?: string;
}

const digestPartKey = (subscriptionId: string, batchId: string) => ({
  pk: `DIGEST#${subscriptionId}`,
  sk: `PART#${batchId}`,
});
/** Sparse GSI1 of pending parts, by day: only pending parts carry `gsi1pk`. */
const DIGEST_PENDING_GSI_PK = 'DIGESTS#pending';
const digestPendingSk = (p: Pick<DigestPart, 'day' | 'subscriptionId' | 'createdAt' | 'batchId'>) =>
  `${p.day}#${p.subscriptionId}#${p.createdAt}#${p.batchId}`;

const jobKey = (id: string) => ({ pk: `DELIVERY#${id}`, sk: 'JOB' });
const sendKey = (id: string, page: number) => ({
  pk: `DELIVERY#${id}`,
  sk: `SEND#${String(page).padStart(5, '0')}`,
});
const stateIndexKey = (state: DeliveryState) => `DELIVERIES#${state}`;

/** GSI1 sort key: due time for waiting jobs (so the local scheduler can find due ones), else last update. */
function indexFields(job: DeliveryJob): { gsi1pk: string; gsi1sk: string } {
  const when =
    (job.state === 'queued' || job.state === 'retrying') && job.nextAttemptAt
      ? job.nextAttemptAt
      : job.updatedAt;
  return { gsi1pk: stateIndexKey(job.state), gsi1sk: `${when}#${job.id}` };
}

function stripKeys<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, expiresAt: _e, kind: _k, ...rest } = item;
  return rest as T;
}

export class DeliveryStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(private readonly table: TableRef) {
    this.doc = table.doc;
    this.tableName = table.tableName;
  }

  /** Creates the job unless it exists. Returns false (and writes nothing) for a job already known. */
  async createJob(job: DeliveryJob): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...jobKey(job.id), kind: 'delivery', ...job, ...indexFields(job) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async getJob(id: string): Promise<DeliveryJob | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: jobKey(id) }));
    return stripKeys<DeliveryJob>(Item);
  }

  /** Writes the job's new state (whole item; the caller holds the latest copy). */
  async saveJob(job: DeliveryJob): Promise<void> {
    const done = job.state === 'sent' || job.state === 'skipped';
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...jobKey(job.id),
          kind: 'delivery',
          ...job,
          ...indexFields(job),
          ...(done
            ? { [TABLE_KEYS.ttlAttribute]: Math.floor(Date.parse(job.updatedAt) / 1000) + RETENTION_SECONDS }
            : {}),
        },
      }),
    );
  }

  async getSends(id: string): Promise<SendRecord[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':pk': `DELIVERY#${id}`, ':s': 'SEND#' },
      ConsistentRead: true,
    });
    return items.map((item) => stripKeys<SendRecord>(item)!).sort((a, b) => a.page - b.page);
  }

  /**
   * Claims a page for sending: succeeds when nobody has claimed it, when the last claim is known to
   * have failed (nothing was delivered), or — with `staleBefore` — when the last claim is still
   * `sending` but was taken at or before `staleBefore` (its process stopped: the outcome is unknown, and
   * the page is sent again with the same de-duplication key; at-least-once). The take-over is one
   * conditional write, so two workers can never both take the same stale claim. Otherwise returns
   * the existing claim: `sent` (already delivered — do nothing) or `sending` (in flight elsewhere).
   * `resumed` is the stale claim that was taken over, when there was one.
   */
  async claimSend(
    id: string,
    page: number,
    attempt: number,
    now: string,
    staleBefore?: string,
  ): Promise<{ claimed: true; resumed?: SendRecord } | { claimed: false; existing: SendRecord }> {
    const record: SendRecord = { deliveryId: id, page, state: 'sending', attempt, claimedAt: now };
    try {
      const { Attributes } = await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...sendKey(id, page), kind: 'delivery-send', ...record },
          ConditionExpression:
            staleBefore === undefined
              ? 'attribute_not_exists(pk) OR #state = :failed'
              : 'attribute_not_exists(pk) OR #state = :failed OR (#state = :sending AND claimedAt <= :stale)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':failed': 'failed',
            ...(staleBefore === undefined ? {} : { ':sending': 'sending', ':stale': staleBefore }),
          },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const old = stripKeys<SendRecord>(Attributes);
      return old?.state === 'sending' ? { claimed: true, resumed: old } : { claimed: true };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const { Item } = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: sendKey(id, page), ConsistentRead: true }),
      );
      return { claimed: false, existing: stripKeys<SendRecord>(Item)! };
    }
  }

  /** Records the outcome of a claimed send. Only the attempt that holds the claim may do so. */
  async finishSend(
    id: string,
    page: number,
    attempt: number,
    outcome: { state: 'sent' | 'failed'; at: string; detail?: string },
  ): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: sendKey(id, page),
        UpdateExpression:
          outcome.state === 'sent'
            ? 'SET #state = :state, sentAt = :at, detail = :detail, expiresAt = :exp'
            : 'SET #state = :state, detail = :detail',
        ConditionExpression: '#state = :sending AND attempt = :attempt',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':state': outcome.state,
          ':sending': 'sending',
          ':attempt': attempt,
          ':detail': outcome.detail ?? '',
          ...(outcome.state === 'sent'
            ? { ':at': outcome.at, ':exp': Math.floor(Date.parse(outcome.at) / 1000) + RETENTION_SECONDS }
            : {}),
        },
      }),
    );
  }

  /**
   * Operator override for a claim whose outcome is unknown (the process stopped between sending
   * and recording): marks it failed so that a retry may send it again.
   */
  async releaseUnknownSend(id: string, page: number, reason: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: sendKey(id, page),
        UpdateExpression: 'SET #state = :failed, detail = :detail',
        ConditionExpression: '#state = :sending',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':failed': 'failed', ':sending': 'sending', ':detail': reason },
      }),
    );
  }

  /** Jobs in the given states, most recent first within each state. */
  async listJobs(states: readonly DeliveryState[], limit = 200): Promise<DeliveryJob[]> {
    const out: DeliveryJob[] = [];
    for (const state of states) {
      out.push(...(await this.queryState(state, { limit, newestFirst: true })));
    }
    return out.slice(0, limit * states.length);
  }

  /** Waiting jobs (queued or retrying) whose due time is at or before `now`, oldest first. */
  async dueJobs(now: string, limit = 100): Promise<DeliveryJob[]> {
    const out: DeliveryJob[] = [];
    for (const state of ['queued', 'retrying'] as const) {
      out.push(...(await this.queryState(state, { limit, until: now })));
    }
    return out.sort((a, b) => ((a.nextAttemptAt ?? '') < (b.nextAttemptAt ?? '') ? -1 : 1)).slice(0, limit);
  }

  /** Removes a job and its sends (tests and operator clean-up only). */
  async deleteJob(id: string): Promise<void> {
    for (const send of await this.getSends(id)) {
      await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: sendKey(id, send.page) }));
    }
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: jobKey(id) }));
  }

  /** Stores a pending digest part unless one exists for (batch, subscription). Returns false when it did. */
  async createDigestPart(part: DigestPart): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...digestPartKey(part.subscriptionId, part.batchId),
            kind: 'digest-part',
            ...part,
            ...(part.state === 'pending'
              ? { gsi1pk: DIGEST_PENDING_GSI_PK, gsi1sk: digestPendingSk(part) }
              : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async getDigestPart(subscriptionId: string, batchId: string): Promise<DigestPart | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: digestPartKey(subscriptionId, batchId),
        ConsistentRead: true,
      }),
    );
    return stripKeys<DigestPart>(Item);
  }

  /** Pending digest parts of days before `day` (`YYYY-MM-DD`), by day, subscription and fan-out time. */
  async pendingDigestParts(beforeDay: string): Promise<DigestPart[]> {
    const items = await queryAll(this.table, {
      IndexName: TABLE_KEYS.gsi1.name,
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :day',
      ExpressionAttributeValues: { ':pk': DIGEST_PENDING_GSI_PK, ':day': beforeDay },
    });
    return items.map((item) => stripKeys<DigestPart>(item)!);
  }

  /** Marks a pending part as taken by a digest job (leaves the pending index). False if it was not pending. */
  async markDigestPart(part: DigestPart, deliveryId: string, at: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: digestPartKey(part.subscriptionId, part.batchId),
          UpdateExpression:
            'SET #state = :digested, deliveryId = :d, digestedAt = :at, #ttl = :exp REMOVE gsi1pk, gsi1sk',
          ConditionExpression: '#state = :pending',
          ExpressionAttributeNames: { '#state': 'state', '#ttl': TABLE_KEYS.ttlAttribute },
          ExpressionAttributeValues: {
            ':digested': 'digested',
            ':pending': 'pending',
            ':d': deliveryId,
            ':at': at,
            ':exp': Math.floor(Date.parse(at) / 1000) + RETENTION_SECONDS,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /** Moves a pending part from `part.day` to `day` (its day's digest was made without it). */
  async moveDigestPart(part: DigestPart, day: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: digestPartKey(part.subscriptionId, part.batchId),
          UpdateExpression: 'SET #day = :day, gsi1sk = :sk',
          ConditionExpression: '#state = :pending AND #day = :from',
          ExpressionAttributeNames: { '#state': 'state', '#day': 'day' },
          ExpressionAttributeValues: {
            ':day': day,
            ':from': part.day,
            ':pending': 'pending',
            ':sk': digestPendingSk({ ...part, day }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  private async queryState(
    state: DeliveryState,
    options: { limit: number; until?: string; newestFirst?: boolean },
  ): Promise<DeliveryJob[]> {
    const items = await queryAll(
      this.table,
      {
        IndexName: TABLE_KEYS.gsi1.name,
        KeyConditionExpression:
          options.until !== undefined ? 'gsi1pk = :pk AND gsi1sk <= :until' : 'gsi1pk = :pk',
        ExpressionAttributeValues: {
          ':pk': stateIndexKey(state),
          ...(options.until !== undefined ? { ':until': `${options.until}#~` } : {}),
        },
        ScanIndexForward: !options.newestFirst,
      },
      { limit: options.limit },
    );
    return items.map((item) => stripKeys<DeliveryJob>(item)!);
  }
}
