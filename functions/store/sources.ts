/**
 * Per-source state: one item `pk=SOURCE#<source>`, `sk=STATE`, GSI1 `gsi1pk=SOURCES` to list them.
 * Implements `SourceStateRepo` (functions/pipeline/repos.ts); `version` is the optimistic lock.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  ConcurrentPollError,
  type SourceStateFields as Fields,
  type SourceState,
  type SourceStateRepo,
  transitioned,
} from '../pipeline/repos';
import { isConditionalCheckFailed, queryAll, type TableRef } from './dynamo';
import { SOURCE_STATE_GSI_PK, sourceStateKey } from './keys';

export class SourceStateStore implements SourceStateRepo {
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
    return transitioned(state, fields);
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
