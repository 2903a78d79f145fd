/**
 * Notice feeds on the single table (see docs/store.md, "Notice feeds"):
 *
 * - seen notices: `pk=NOTICE#<feed source>`, `sk=<item id>` — the item's content hash, the notice,
 *   when it was first/last seen, the batch that delivered it (absent for baseline items). Looked up
 *   by key for the ids of each fetched feed (BatchGetItem), so a poll reads what the feed holds,
 *   never the feed's whole history.
 * - pending reconciliations: `pk=NOTICES#PENDING`, `sk=<feed source>#<item id>` — one small
 *   partition (a few dozen open notices), read whole by a list poll to link its changes. Confirmed
 *   and followed-up records carry `expiresAt` (TTL, 180 days).
 *
 * Every write is a put of a deterministic value or a conditional put, so reruns are harmless.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isClosedNotice, type NoticeRepo, type SeenNotice } from '../feeds/notice-repo';
import type { PendingNotice } from '../feeds/reconcile';
import { batchGetAll, batchWriteAll, putIfAbsent, queryAll, type TableRef } from './dynamo';
import { PENDING_NOTICES_PK, pendingNoticeKey, seenNoticeKey } from './keys';

const CLOSED_TTL_SECONDS = 180 * 24 * 3600;

function strip<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, expiresAt: _e, ...rest } = item;
  return rest as T;
}

export class NoticeStore implements NoticeRepo {
  constructor(private readonly table: TableRef) {}

  /** The seen records of these item ids (missing ids are new). */
  async getSeen(source: string, ids: readonly string[]): Promise<Map<string, SeenNotice>> {
    const keys = [...new Set(ids)].map((id) => seenNoticeKey(source, id));
    const items = keys.length ? await batchGetAll(this.table, keys) : [];
    return new Map(items.map((i) => [i.sk as string, strip<SeenNotice>(i)]));
  }

  async putSeen(records: readonly SeenNotice[]): Promise<void> {
    await batchWriteAll(
      this.table,
      records.map((r) => ({ put: { ...seenNoticeKey(r.source, r.id), ...r } })),
    );
  }

  /** Creates the pending record unless one exists (a rerun never resets confirmations). */
  async addPending(p: PendingNotice): Promise<void> {
    await putIfAbsent(this.table, { ...pendingNoticeKey(p.source, p.notice.id), ...p }, p, () =>
      this.getPending(p.source, p.notice.id),
    );
  }

  async getPending(source: string, id: string): Promise<PendingNotice | undefined> {
    const out = await this.table.doc.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: pendingNoticeKey(source, id),
        ConsistentRead: true,
      }),
    );
    return out.Item ? strip<PendingNotice>(out.Item) : undefined;
  }

  /** Every pending record, optionally of some feed sources only. */
  async listPending(sources?: readonly string[]): Promise<PendingNotice[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': PENDING_NOTICES_PK },
      ConsistentRead: true,
    });
    const all = items.map((i) => strip<PendingNotice>(i));
    return sources ? all.filter((p) => sources.includes(p.source)) : all;
  }

  /** Replaces a pending record (after reconciliation or a follow-up); closed records expire. */
  async putPending(p: PendingNotice, at: string): Promise<void> {
    const closed = isClosedNotice(p);
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...pendingNoticeKey(p.source, p.notice.id),
          ...p,
          ...(closed ? { expiresAt: Math.floor(Date.parse(at) / 1000) + CLOSED_TTL_SECONDS } : {}),
        },
      }),
    );
  }
}
