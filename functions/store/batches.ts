/**
 * Change batches, persisted write-ahead before the snapshot is touched.
 *
 * A batch is identified by its key: `<sha256>.<n>` (the publication's sha256 and the version of the
 * source state it was diffed against, so the same publication coming back later — a publisher
 * reverting a file — makes a new batch instead of colliding with the earlier one). Batches written
 * before this scheme have the bare `<sha256>` as key and no `key` attribute; both are read.
 *
 * Items (pk `BATCH#<source>`):
 * - header `sk=<key>`: id, status, summary, publication facts, chunk counts; GSI1
 *   `gsi1pk=BATCHES#<source>`, `gsi1sk=<detectedAt>#<key>` lists a source's batches by time;
 * - change chunks `sk=<key>#C#nnnnn`: the changes as gzip-compressed JSON, split into parts of at
 *   most 350 KB so that any batch fits under DynamoDB's 400 KB item limit;
 * - apply chunks `sk=<key>#A#nnnnn`: the after-images (entries to put, ids to delete) the
 *   snapshot must receive, so an interrupted apply can be completed without diffing again. They
 *   carry `expiresAt` (TTL) because they are useless once applied.
 *
 * The header is written last and conditionally: its presence means the batch is complete.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ChangeBatch } from '../core/changes';
import { batchId } from '../core/changes';
import {
  type ApplyPlan,
  advancesFrom,
  type BatchChange,
  type BatchHeader,
  type BatchRepo,
  batchKeyOf,
  markAdvanced,
  type NewBatchHeader as NewHeader,
  toChangeBatch,
} from '../pipeline/repos';
import {
  batchWriteAll,
  type Item,
  isConditionalCheckFailed,
  putIfAbsent,
  queryAll,
  type TableRef,
} from './dynamo';
import { batchChunkKey, batchesGsiPk, batchesIndex, batchHeaderKey, batchPk } from './keys';

export const CHUNK_BYTES = 350_000;
/** Apply chunks expire 30 days after the batch (TTL where the engine has it). */
const APPLY_CHUNK_TTL_SECONDS = 30 * 24 * 3600;

function packParts(value: unknown): Uint8Array[] {
  const zipped = gzipSync(JSON.stringify(value));
  const parts: Uint8Array[] = [];
  for (let i = 0; i < zipped.length; i += CHUNK_BYTES) parts.push(zipped.subarray(i, i + CHUNK_BYTES));
  return parts;
}

function unpackParts<T>(items: Item[], expected: number, what: string): T {
  if (items.length !== expected)
    throw new Error(`${what}: expected ${expected} chunks, found ${items.length}`);
  const sorted = [...items].sort((a, b) => ((a.sk as string) < (b.sk as string) ? -1 : 1));
  const buffer = Buffer.concat(sorted.map((i) => i.d as Uint8Array));
  return JSON.parse(gunzipSync(buffer).toString('utf8')) as T;
}

function headerOf(item: Item): BatchHeader {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...rest } = item;
  return rest as unknown as BatchHeader;
}

export class BatchStore implements BatchRepo {
  constructor(private readonly table: TableRef) {}

  /** The header stored under `key` (`<sha256>.<n>`, or a bare sha256 for batches written before keys). */
  async getHeader(source: string, key: string): Promise<BatchHeader | undefined> {
    const out = await this.table.doc.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: batchHeaderKey(source, key),
        ConsistentRead: true,
      }),
    );
    return out.Item ? headerOf(out.Item) : undefined;
  }

  /**
   * Writes a batch write-ahead: chunks first, then the header, conditionally. When the header
   * already exists (a rerun after a crash) nothing is written and the stored header is returned.
   */
  async write(
    header: NewHeader,
    changes: BatchChange[],
    plan: ApplyPlan,
  ): Promise<{ header: BatchHeader; created: boolean }> {
    const key = batchKeyOf(header);
    const existing = await this.getHeader(header.source, key);
    if (existing) return { header: existing, created: false };
    const changeParts = packParts(changes);
    const applyParts = packParts(plan);
    const expiresAt = Math.floor(Date.parse(header.detectedAt) / 1000) + APPLY_CHUNK_TTL_SECONDS;
    await batchWriteAll(this.table, [
      ...changeParts.map((d, i) => ({ put: { ...batchChunkKey(header.source, key, 'C', i), d } })),
      ...applyParts.map((d, i) => ({
        put: { ...batchChunkKey(header.source, key, 'A', i), d, expiresAt },
      })),
    ]);
    const full: BatchHeader = {
      ...header,
      id: batchId(header.source, key),
      status: 'written',
      changeChunks: changeParts.length,
      applyChunks: applyParts.length,
    };
    return this.putHeader(full);
  }

  /** Records a baseline (first publication of a source): a header only, no changes kept, never emitted. */
  async recordBaseline(header: NewHeader): Promise<{ header: BatchHeader; created: boolean }> {
    return this.putHeader({
      ...header,
      id: batchId(header.source, batchKeyOf(header)),
      status: 'baseline',
      changeChunks: 0,
      applyChunks: 0,
    });
  }

  private async putHeader(header: BatchHeader): Promise<{ header: BatchHeader; created: boolean }> {
    const key = batchKeyOf(header);
    const item = {
      ...batchHeaderKey(header.source, key),
      ...batchesIndex(header.source, header.detectedAt, key),
      ...header,
    };
    const { value, created } = await putIfAbsent(this.table, item, header, () =>
      this.getHeader(header.source, key),
    );
    return { header: value, created };
  }

  async loadChanges(header: BatchHeader): Promise<BatchChange[]> {
    if (header.changeChunks === 0) return [];
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': batchPk(header.source), ':prefix': `${batchKeyOf(header)}#C#` },
      ConsistentRead: true,
    });
    return unpackParts<BatchChange[]>(items, header.changeChunks, `batch ${header.id} changes`);
  }

  async loadApplyPlan(header: BatchHeader): Promise<ApplyPlan> {
    if (header.applyChunks === 0) return { puts: [], deletes: [] };
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': batchPk(header.source), ':prefix': `${batchKeyOf(header)}#A#` },
      ConsistentRead: true,
    });
    return unpackParts<ApplyPlan>(items, header.applyChunks, `batch ${header.id} apply plan`);
  }

  /** The full batch as delivery sees it, by the key after `<source>:` in its id. */
  async get(source: string, key: string): Promise<ChangeBatch | undefined> {
    const header = await this.getHeader(source, key);
    if (!header) return undefined;
    return toChangeBatch(header, await this.loadChanges(header));
  }

  /** Moves a batch forward (`written` → `applied` → `emitted`); never backwards. Returns false when it already was there. */
  async advance(header: BatchHeader, status: 'applied' | 'emitted', at: string): Promise<boolean> {
    const allowedFrom = advancesFrom(status);
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: batchHeaderKey(header.source, batchKeyOf(header)),
          UpdateExpression: `SET #s = :s, #at = :at`,
          ConditionExpression: `#s IN (${allowedFrom.map((_, i) => `:f${i}`).join(', ')})`,
          ExpressionAttributeNames: { '#s': 'status', '#at': `${status}At` },
          ExpressionAttributeValues: {
            ':s': status,
            ':at': at,
            ...Object.fromEntries(allowedFrom.map((f, i) => [`:f${i}`, f])),
          },
        }),
      );
      markAdvanced(header, status, at);
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /** Batch headers of a source, oldest first, optionally from `since` (ISO date or timestamp). */
  async list(source: string, options: { since?: string } = {}): Promise<BatchHeader[]> {
    const items = await queryAll(this.table, {
      IndexName: 'gsi1',
      KeyConditionExpression: options.since ? 'gsi1pk = :pk AND gsi1sk >= :since' : 'gsi1pk = :pk',
      ExpressionAttributeValues: {
        ':pk': batchesGsiPk(source),
        ...(options.since ? { ':since': options.since } : {}),
      },
    });
    return items.map(headerOf);
  }
}
