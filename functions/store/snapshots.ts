/**
 * A source's current snapshot: one item per entry, `pk=SNAP#<source>`, `sk=<publisher id>`, holding
 * the entry's content hash `h`, the canonical entry as JSON `e` (gzip-compressed into `z` when it is
 * large) and the publication `pub` that last wrote it. Reading ids and hashes is one paginated
 * query with a projection; full entries are read only for the ids that changed.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Designation } from '../core/model';
import type { SnapshotPut, SnapshotRepo } from '../pipeline/repos';
import {
  batchGetAll,
  batchWriteAll,
  type Item,
  queryAll,
  queryPages,
  type TableRef,
  type WriteOp,
} from './dynamo';
import { snapshotKey, snapshotPk } from './keys';

/** Entries whose JSON is larger than this are stored gzip-compressed (DynamoDB items are capped at 400 KB). */
const COMPRESS_ABOVE = 100_000;

export class SnapshotStore implements SnapshotRepo {
  constructor(private readonly table: TableRef) {}

  /** Every entry id of the source with its content hash. */
  async readIndex(source: string): Promise<Map<string, string>> {
    const index = new Map<string, string>();
    await queryPages(
      this.table,
      {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': snapshotPk(source) },
        ProjectionExpression: 'sk, h',
      },
      (items) => {
        for (const item of items) index.set(item.sk as string, item.h as string);
      },
    );
    return index;
  }

  /** Full entries for the given ids (missing ids are simply absent from the map). */
  async getEntries(source: string, ids: readonly string[]): Promise<Map<string, Designation>> {
    const items = await batchGetAll(
      this.table,
      ids.map((id) => snapshotKey(source, id)),
    );
    const out = new Map<string, Designation>();
    for (const item of items) out.set(item.sk as string, decodeEntry(item));
    return out;
  }

  /** Every entry of the source (CLI and tests; the pipeline never needs it). */
  async readAll(source: string): Promise<Designation[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': snapshotPk(source) },
    });
    return items.map(decodeEntry);
  }

  /** Raw items (tests compare snapshots byte for byte). */
  async readItems(source: string): Promise<Item[]> {
    return queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': snapshotPk(source) },
    });
  }

  /**
   * Puts and deletes entries. Idempotent: applying the same puts and deletes again leaves the same
   * snapshot, so an interrupted apply is completed by running it again.
   */
  async apply(
    source: string,
    publicationSha256: string,
    puts: readonly SnapshotPut[],
    deletes: readonly string[],
    options: { afterRequest?: () => void | Promise<void> } = {},
  ): Promise<void> {
    const ops: WriteOp[] = [
      ...puts.map((p) => ({ put: encodeEntry(source, p, publicationSha256) })),
      ...deletes.map((id) => ({ delete: snapshotKey(source, id) })),
    ];
    await batchWriteAll(this.table, ops, options);
  }
}

function encodeEntry(source: string, put: SnapshotPut, pub: string): Item {
  const json = put.json ?? JSON.stringify(put.entry);
  const item: Item = { ...snapshotKey(source, put.entry.id), h: put.hash, pub };
  if (json.length > COMPRESS_ABOVE) item.z = gzipSync(json);
  else item.e = json;
  return item;
}

function decodeEntry(item: Item): Designation {
  if (typeof item.e === 'string') return JSON.parse(item.e) as Designation;
  if (item.z instanceof Uint8Array) return JSON.parse(gunzipSync(item.z).toString('utf8')) as Designation;
  throw new Error(`snapshot item ${String(item.pk)}/${String(item.sk)} holds no entry`);
}
