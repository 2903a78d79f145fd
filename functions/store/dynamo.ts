/**
 * Small helpers over the DynamoDB document client that every engine supports (AWS, DynamoDB Local,
 * dynalite): batched writes and reads with retries of unprocessed items, and paginated queries.
 * No transactions anywhere: callers make each write idempotent instead.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';

export interface TableRef {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

export type Item = Record<string, unknown>;
export type WriteOp = { put: Item } | { delete: { pk: string; sk: string } };

const BATCH_WRITE_MAX = 25;
const BATCH_GET_MAX = 100;
const MAX_UNPROCESSED_ROUNDS = 12;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `work` over `items` with at most `limit` in flight. */
export async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  });
  await Promise.all(workers);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Writes every op with BatchWriteItem (25 per request, `concurrency` requests in flight), retrying
 * unprocessed items with backoff. Puts and deletes are idempotent, so a rerun after a crash is safe.
 * `afterRequest` is called after each successful request (used to inject faults in tests).
 */
export async function batchWriteAll(
  table: TableRef,
  ops: readonly WriteOp[],
  options: { concurrency?: number; afterRequest?: () => void | Promise<void> } = {},
): Promise<void> {
  const groups = chunk(ops, BATCH_WRITE_MAX);
  await eachLimited(groups, options.concurrency ?? 4, async (group) => {
    let requests = group.map((op) =>
      'put' in op ? { PutRequest: { Item: op.put } } : { DeleteRequest: { Key: op.delete } },
    );
    for (let round = 0; requests.length; round++) {
      if (round > MAX_UNPROCESSED_ROUNDS)
        throw new Error(`DynamoDB left ${requests.length} writes unprocessed`);
      if (round) await pause(Math.min(50 * 2 ** round, 2000));
      const out = await table.doc.send(
        new BatchWriteCommand({ RequestItems: { [table.tableName]: requests } }),
      );
      requests = (out.UnprocessedItems?.[table.tableName] ?? []) as typeof requests;
    }
    await options.afterRequest?.();
  });
}

/** Reads items by key with BatchGetItem (100 per request), retrying unprocessed keys. Order is not kept. */
export async function batchGetAll(
  table: TableRef,
  keys: readonly { pk: string; sk: string }[],
  options: { projection?: string; names?: Record<string, string>; concurrency?: number } = {},
): Promise<Item[]> {
  const items: Item[] = [];
  await eachLimited(chunk(keys, BATCH_GET_MAX), options.concurrency ?? 4, async (group) => {
    let pending: { pk: string; sk: string }[] = group;
    for (let round = 0; pending.length; round++) {
      if (round > MAX_UNPROCESSED_ROUNDS)
        throw new Error(`DynamoDB left ${pending.length} reads unprocessed`);
      if (round) await pause(Math.min(50 * 2 ** round, 2000));
      const out = await table.doc.send(
        new BatchGetCommand({
          RequestItems: {
            [table.tableName]: {
              Keys: pending,
              ...(options.projection ? { ProjectionExpression: options.projection } : {}),
              ...(options.names ? { ExpressionAttributeNames: options.names } : {}),
            },
          },
        }),
      );
      items.push(...((out.Responses?.[table.tableName] ?? []) as Item[]));
      pending = (out.UnprocessedKeys?.[table.tableName]?.Keys ?? []) as { pk: string; sk: string }[];
    }
  });
  return items;
}

/** Every item a query returns, following pagination. */
export async function queryAll(
  table: TableRef,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
  options: { limit?: number } = {},
): Promise<Item[]> {
  const items: Item[] = [];
  await queryPages(table, input, (page) => {
    items.push(...page);
    return options.limit === undefined || items.length < options.limit;
  });
  return options.limit !== undefined && items.length > options.limit ? items.slice(0, options.limit) : items;
}

/**
 * Hands each page of a query's items to `onPage` as it arrives, following pagination until the
 * last page or until `onPage` returns false: a caller that keeps a digest of each item (an id and a
 * hash, a parsed record) never holds every raw item at once.
 */
export async function queryPages(
  table: TableRef,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
  onPage: (items: Item[]) => unknown,
): Promise<void> {
  let start: Record<string, unknown> | undefined;
  do {
    const out = await table.doc.send(
      new QueryCommand({
        ...input,
        TableName: table.tableName,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    if (onPage((out.Items ?? []) as Item[]) === false) return;
    start = out.LastEvaluatedKey;
  } while (start);
}

/**
 * Puts `item` unless an item with its key exists. Returns the value written, or the stored one
 * (read back with `readExisting`) when the key was taken: the building block of every idempotent write.
 */
export async function putIfAbsent<T>(
  table: TableRef,
  item: Item,
  value: T,
  readExisting: () => Promise<T | undefined>,
): Promise<{ value: T; created: boolean }> {
  try {
    await table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { value, created: true };
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    const existing = await readExisting();
    if (existing === undefined) throw error;
    return { value: existing, created: false };
  }
}

export function isConditionalCheckFailed(error: unknown): boolean {
  return (error as Error | undefined)?.name === 'ConditionalCheckFailedException';
}

/** Request counts per DynamoDB operation, for benchmarks and cost tests. */
export interface RequestCounter {
  counts: Record<string, number>;
  total(): number;
  reset(): void;
}

/** Counts every request the client sends (SDK middleware), by operation name. */
export function countRequests(client: DynamoDBClient | DynamoDBDocumentClient): RequestCounter {
  const counts: Record<string, number> = {};
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const op = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      counts[op] = (counts[op] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: `requestCounter${Math.random()}` },
  );
  return {
    counts,
    total: () => Object.values(counts).reduce((a, b) => a + b, 0),
    reset: () => {
      for (const k of Object.keys(counts)) delete counts[k];
    },
  };
}
