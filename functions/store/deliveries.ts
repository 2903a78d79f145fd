import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type ClaimResult,
  type DeliveryJob,
  type DeliveryRepo,
  type DeliveryState,
  type DigestPart,
  digestPartOrder,
  jobOrderTime,
  type SendRecord,
} from '../dispatch/deliveries';
import { isConditionalCheckFailed, queryAll, type TableRef } from './dynamo';
import {
  DIGEST_PENDING_GSI_PK,
  deliveryPk,
  deliveryStateIndex,
  digestPartKey,
  digestPendingIndex,
  jobKey,
  SEND_SK_PREFIX,
  sendKey,
} from './keys';
import { TABLE_KEYS } from './table';

/**
 * Delivery records on the single table (see docs/store.md, "Deliveries"): implements `DeliveryRepo`
 * (functions/dispatch/deliveries.ts) with conditional writes.
 */

/** Records of sent deliveries are kept this long (TTL), far past the longest queue redelivery. */
const RETENTION_SECONDS = 180 * 24 * 3600;

/** GSI1: waiting jobs by due time (so the local scheduler can find due ones), others by last update. */
function indexFields(job: DeliveryJob): { gsi1pk: string; gsi1sk: string } {
  return deliveryStateIndex(job.state, `${jobOrderTime(job)}#${job.id}`);
}

function stripKeys<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, expiresAt: _e, kind: _k, ...rest } = item;
  return rest as T;
}

export class DeliveryStore implements DeliveryRepo {
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
      ExpressionAttributeValues: { ':pk': deliveryPk(id), ':s': SEND_SK_PREFIX },
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
  ): Promise<ClaimResult> {
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
            ...(part.state === 'pending' ? digestPendingIndex(digestPartOrder(part)) : {}),
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
            ':sk': digestPendingIndex(digestPartOrder({ ...part, day })).gsi1sk,
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
          ':pk': deliveryStateIndex(state, '').gsi1pk,
          ...(options.until !== undefined ? { ':until': `${options.until}#~` } : {}),
        },
        ScanIndexForward: !options.newestFirst,
      },
      { limit: options.limit },
    );
    return items.map((item) => stripKeys<DeliveryJob>(item)!);
  }
}
