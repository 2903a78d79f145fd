/**
 * Publications held back by the guards. One partition `pk=QUARANTINE`, `sk=<source>#<sha256>`
 * (quarantines are rare; one query lists them all). The item is written conditionally, so the
 * operator is alerted once per publication however often it is fetched again.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  decidedError,
  findQuarantined,
  type QuarantineRecord,
  type QuarantineRepo,
  type QuarantineStatus,
} from '../pipeline/repos';
import { isConditionalCheckFailed, putIfAbsent, queryAll, type TableRef } from './dynamo';
import { QUARANTINE_PK, quarantineKey } from './keys';

export class QuarantineStore implements QuarantineRepo {
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
    return findQuarantined(await this.list(), idOrPrefix);
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
        throw decidedError(record);
      }
      throw error;
    }
  }
}
