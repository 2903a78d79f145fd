/**
 * Per-source state: one item `pk=SOURCE#<source>`, `sk=STATE`, GSI1 `gsi1pk=SOURCES` to list them.
 *
 * `version` guards the pipeline's own transitions (optimistic concurrency: two polls of one source
 * running at once cannot both advance it); check bookkeeping (last check, failures) is written
 * without that guard because it never decides what the snapshot holds.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, queryAll, type TableRef } from './dynamo';
import { SOURCE_STATE_GSI_PK, sourceStateKey } from './keys';

export interface SourceState {
  source: string;
  version: number;
  /** ETag and Last-Modified of the last accepted publication, for conditional GET. */
  etag?: string;
  lastModified?: string;
  /** sha256 of the publication the snapshot holds. */
  lastSha256?: string;
  /** Publication date the publisher stated in it. */
  lastPublished?: string;
  /** Records of the publication the snapshot holds. */
  lastRecords?: number;
  /** A batch written but not yet fully applied/emitted: its key (`<sha256>.<n>`, see batches.ts). */
  pendingBatchKey?: string;
  /**
   * Written by earlier versions (and still by feeds): the pending batch's publication sha256, which
   * was then its key. Read as `pendingBatchKey` when that is absent.
   */
  pendingSha256?: string;
  /** sha256 of recently accepted publications, newest first (a byte-identical older file is stale). */
  recentSha256?: string[];
  /** Rows per companion file of the publication the snapshot holds (companion shrink guard). */
  lastCompanionRecords?: Record<string, number>;
  lastCheckAt?: string;
  /** What the last check found: `not-modified`, `unchanged`, `baseline`, `changed`, `quarantined`, `failed`, … */
  lastOutcome?: string;
  lastSuccessAt?: string;
  lastChangeAt?: string;
  lastBatchId?: string;
  lastErrorAt?: string;
  lastError?: string;
  consecutiveFailures?: number;
  /** Unmapped element paths the operator was already told about (functions/pipeline/unmapped.ts). */
  knownUnmapped?: string[];
}

export class ConcurrentPollError extends Error {
  constructor(source: string) {
    super(
      `${source}: another poll of this source changed its state meanwhile; this poll stopped without effect`,
    );
    this.name = 'ConcurrentPollError';
  }
}

type Fields = Partial<Omit<SourceState, 'source' | 'version'>>;

export class SourceStateStore {
  constructor(private readonly table: TableRef) {}

  async get(source: string): Promise<SourceState> {
    const out = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: sourceStateKey(source), ConsistentRead: true }),
    );
    if (!out.Item) return { source, version: 0 };
    const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...state } = out.Item;
    // An item written only by `record` (e.g. the first publication was quarantined) has no version yet.
    return { ...state, version: typeof state.version === 'number' ? state.version : 0 } as SourceState;
  }

  async list(): Promise<SourceState[]> {
    const items = await queryAll(this.table, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': SOURCE_STATE_GSI_PK },
    });
    return items.map(({ pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...s }) => s as unknown as SourceState);
  }

  /**
   * Applies a pipeline transition when the stored version is still `state.version`; bumps the
   * version. `undefined` values remove the attribute. Throws `ConcurrentPollError` otherwise.
   */
  async transition(state: SourceState, fields: Fields): Promise<SourceState> {
    const next = state.version + 1;
    try {
      await this.update(state.source, fields, {
        condition:
          state.version === 0 ? 'attribute_not_exists(#version) OR #version = :v0' : '#version = :v0',
        values: { ':v0': state.version, ':v1': next },
        extra: '#version = :v1',
      });
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ConcurrentPollError(state.source);
      throw error;
    }
    const out: SourceState = { ...state, ...fields, version: next };
    for (const [k, v] of Object.entries(fields))
      if (v === undefined) delete (out as unknown as Record<string, unknown>)[k];
    return out;
  }

  /** Bookkeeping of a check (time, outcome, errors): unconditional, leaves the version alone. */
  async record(source: string, fields: Fields, options: { incrementFailures?: boolean } = {}): Promise<void> {
    await this.update(source, fields, {
      values: { ':zero': 0, ':one': 1 },
      extra: options.incrementFailures ? '#cf = if_not_exists(#cf, :zero) + :one' : undefined,
      names: options.incrementFailures ? { '#cf': 'consecutiveFailures' } : {},
    });
  }

  private async update(
    source: string,
    fields: Fields,
    o: {
      condition?: string;
      values: Record<string, unknown>;
      extra?: string | undefined;
      names?: Record<string, string>;
    },
  ): Promise<void> {
    const sets: string[] = ['#source = :source', '#g1 = :g1', '#g2 = :source'];
    const removes: string[] = [];
    const names: Record<string, string> = {
      '#source': 'source',
      '#g1': 'gsi1pk',
      '#g2': 'gsi1sk',
      ...o.names,
    };
    const values: Record<string, unknown> = { ':source': source, ':g1': SOURCE_STATE_GSI_PK, ...o.values };
    let i = 0;
    for (const [key, value] of Object.entries(fields)) {
      const n = `#f${i}`;
      names[n] = key;
      if (value === undefined) removes.push(n);
      else {
        values[`:f${i}`] = value;
        sets.push(`${n} = :f${i}`);
      }
      i++;
    }
    if (o.extra) sets.push(o.extra);
    if (o.condition || o.extra?.includes('#version')) names['#version'] = 'version';
    // Only declare values the expressions use (DynamoDB rejects unused ones).
    const expression = `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`;
    const used = `${expression} ${o.condition ?? ''}`;
    for (const k of Object.keys(values)) if (!used.includes(k)) delete values[k];
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: sourceStateKey(source),
        UpdateExpression: expression,
        ...(o.condition ? { ConditionExpression: o.condition } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }
}
