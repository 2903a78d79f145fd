/**
 * Publications held back by the guards. One partition `pk=QUARANTINE`, `sk=<source>#<sha256>`
 * (quarantines are rare; one query lists them all). The item is written conditionally, so the
 * operator is alerted once per publication however often it is fetched again.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { HoldReason, SampleEntry } from '../core/guards';
import type { PublicationFiles } from './batches';
import { isConditionalCheckFailed, putIfAbsent, queryAll, type TableRef } from './dynamo';
import { QUARANTINE_PK, quarantineKey } from './keys';

export type QuarantineReason = 'parse-error' | HoldReason;
export type QuarantineStatus = 'held' | 'approved' | 'rejected';

export interface QuarantineRecord {
  /** `<source>:<sha256>` (the same form as a batch id). */
  id: string;
  source: string;
  sha256: string;
  reason: QuarantineReason;
  /** The operator-facing explanation (one line). */
  message: string;
  detectedAt: string;
  status: QuarantineStatus;
  /** Records parsed (absent on a parse error) and records the snapshot holds. */
  records?: number;
  previousRecords?: number;
  published?: string;
  /** What the diff against the snapshot gave, when the hold came after it (removals, key drift). */
  counts?: { added: number; removed: number; amended: number };
  /** A few entries for the operator to judge by: removed (id, name) or drifted (id → newId). */
  sample?: SampleEntry[];
  fetchedFrom: string;
  etag?: string;
  lastModified?: string;
  decidedAt?: string;
  /** When the operator was alerted (set after the alert went out, so a crash before it re-alerts). */
  alertedAt?: string;
  /** The archived files (sha256), from which an approval re-reads the publication. */
  files: PublicationFiles;
}

/** A lookup or decision the operator asked for that cannot be done (unknown or ambiguous id, already decided). */
export class QuarantineError extends Error {
  constructor(
    message: string,
    readonly code: 'not-found' | 'ambiguous' | 'decided',
  ) {
    super(message);
    this.name = 'QuarantineError';
  }
}

export class QuarantineStore {
  constructor(private readonly table: TableRef) {}

  /**
   * Puts the record unless one exists for this publication; returns the stored one and whether it
   * is new. A publication approved earlier that a guard holds again (it came back after the list
   * moved on) replaces its approved record, so the operator decides again.
   */
  async hold(record: QuarantineRecord): Promise<{ record: QuarantineRecord; created: boolean }> {
    const item = { ...quarantineKey(record.source, record.sha256), ...record };
    const { value, created } = await putIfAbsent(this.table, item, record, () =>
      this.get(record.source, record.sha256),
    );
    if (created || value.status !== 'approved') return { record: value, created };
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: item,
          ConditionExpression: '#s = :approved',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':approved': 'approved' },
        }),
      );
      return { record, created: true };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return { record: (await this.get(record.source, record.sha256)) ?? record, created: false };
    }
  }

  async get(source: string, sha256: string): Promise<QuarantineRecord | undefined> {
    const out = await this.table.doc.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: quarantineKey(source, sha256),
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...record } = out.Item;
    return record as QuarantineRecord;
  }

  async list(options: { status?: QuarantineStatus } = {}): Promise<QuarantineRecord[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': QUARANTINE_PK },
      ConsistentRead: true,
    });
    const records = items.map(({ pk: _pk, sk: _sk, ...r }) => r as unknown as QuarantineRecord);
    return options.status ? records.filter((r) => r.status === options.status) : records;
  }

  /** Finds a record by full id or by an unambiguous prefix of it (`source:abcd12`). */
  async find(idOrPrefix: string): Promise<QuarantineRecord> {
    const all = await this.list();
    const exact = all.find((r) => r.id === idOrPrefix);
    if (exact) return exact;
    const matches = all.filter((r) => r.id.startsWith(idOrPrefix));
    if (matches.length === 1) return matches[0]!;
    throw matches.length
      ? new QuarantineError(
          `'${idOrPrefix}' matches ${matches.length} quarantined publications; give more of the id`,
          'ambiguous',
        )
      : new QuarantineError(`no quarantined publication has the id '${idOrPrefix}'`, 'not-found');
  }

  async markAlerted(record: QuarantineRecord, at: string): Promise<void> {
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: quarantineKey(record.source, record.sha256),
        UpdateExpression: 'SET alertedAt = :at',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  /** Records the operator's decision; only a held publication can be decided. */
  async decide(record: QuarantineRecord, status: 'approved' | 'rejected', at: string): Promise<void> {
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: quarantineKey(record.source, record.sha256),
          UpdateExpression: 'SET #s = :s, decidedAt = :at',
          ConditionExpression: '#s = :held',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': status, ':at': at, ':held': 'held' },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        throw new QuarantineError(`quarantined publication ${record.id} was already decided`, 'decided');
      }
      throw error;
    }
  }
}
