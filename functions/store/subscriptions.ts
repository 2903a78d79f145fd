import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  liveDuplicate,
  readSubscription,
  SUBSCRIPTION_STATUSES,
  type SubscriptionRepo,
  type Suppression,
  signupHour,
  suppressSubscriptions,
} from '../subscriptions/repo';
import type {
  Channel,
  Subscription,
  SubscriptionFilters,
  SubscriptionStatus,
} from '../subscriptions/subscription';
import { isConditionalCheckFailed, queryAll, type TableRef } from './dynamo';
import {
  confirmingKey,
  signupsKey,
  subKey,
  subStatusIndex,
  subStatusIndexFields,
  suppressedKey,
  targetKey,
  targetPk,
} from './keys';
import { TABLE_KEYS } from './table';

/**
 * Subscriptions on the single table (see docs/store.md, "Subscriptions"):
 *   SUB#<id> / SUB                       the subscription; GSI1 `SUBS#<status>` / `<createdAt>#<id>`
 *   TARGET#<channel>#<hash> / SUB#<id>   pointer from a target to its subscriptions (hash: no address in keys)
 *   SUPPRESSED#<hash> / SUPPRESSED       an email address suppressed after a bounce or complaint
 *   CONFIRMING#<hash> / CONFIRMING       a confirmation email sent to an address, pending until `until`
 *   SIGNUPS#<hash> / <hour>              confirmation emails sent for one client (IP) in one UTC hour
 * The last two are claimed with conditional writes (dynalite has no transactions) and carry
 * `expiresAt` (TTL). Keys hold hashes, never an address or an IP.
 */

function toSubscription(item: Record<string, unknown> | undefined): Subscription | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, kind: _k, updatedAt: _u, ...rest } = item;
  return readSubscription(rest as unknown as Subscription);
}

export class SubscriptionStore implements SubscriptionRepo {
  constructor(private readonly table: TableRef) {}

  /** Creates the subscription (its id must be new) and its target pointer. */
  async create(sub: Subscription): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...subKey(sub.id),
          kind: 'subscription',
          ...sub,
          updatedAt: sub.createdAt,
          ...subStatusIndexFields(sub.status, sub.createdAt, sub.id),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...targetKey(sub.channel, sub.target, sub.id),
          kind: 'subscription-target',
          subscriptionId: sub.id,
        },
      }),
    );
  }

  async get(id: string): Promise<Subscription | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: subKey(id), ConsistentRead: true }),
    );
    return toSubscription(Item);
  }

  /**
   * Moves a subscription to `status`. With `from`, only when it is currently in one of those
   * states (returns false otherwise, e.g. confirming an unsubscribed address).
   */
  async setStatus(
    id: string,
    status: SubscriptionStatus,
    at: string,
    options: { from?: readonly SubscriptionStatus[]; confirmedAt?: string } = {},
  ): Promise<boolean> {
    const sub = await this.get(id);
    if (!sub) return false;
    const names: Record<string, string> = { '#status': 'status' };
    const index = subStatusIndexFields(status, sub.createdAt, id);
    const values: Record<string, unknown> = {
      ':status': status,
      ':at': at,
      ':g1': index.gsi1pk,
      ':g2': index.gsi1sk,
    };
    let condition = 'attribute_exists(pk)';
    if (options.from?.length) {
      condition += ` AND #status IN (${options.from.map((_, i) => `:from${i}`).join(', ')})`;
      options.from.forEach((s, i) => {
        values[`:from${i}`] = s;
      });
    }
    let update = 'SET #status = :status, updatedAt = :at, gsi1pk = :g1, gsi1sk = :g2';
    if (options.confirmedAt) {
      update += ', confirmedAt = :confirmedAt';
      values[':confirmedAt'] = options.confirmedAt;
    }
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: subKey(id),
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async setFilters(
    id: string,
    filters: SubscriptionFilters,
    mode: Subscription['mode'],
    at: string,
  ): Promise<boolean> {
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: subKey(id),
          UpdateExpression: 'SET filters = :f, #mode = :m, updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#mode': 'mode' },
          ExpressionAttributeValues: { ':f': filters, ':m': mode, ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /** Deletes the subscription and its target pointer. Returns false when there was none. */
  async remove(id: string): Promise<boolean> {
    const sub = await this.get(id);
    if (!sub) return false;
    await this.table.doc.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: targetKey(sub.channel, sub.target, id) }),
    );
    await this.table.doc.send(new DeleteCommand({ TableName: this.table.tableName, Key: subKey(id) }));
    return true;
  }

  /** Subscriptions in the given states (all states by default), oldest first. */
  async list(statuses: readonly SubscriptionStatus[] = SUBSCRIPTION_STATUSES): Promise<Subscription[]> {
    const out: Subscription[] = [];
    for (const status of statuses) {
      const items = await queryAll(this.table, {
        IndexName: TABLE_KEYS.gsi1.name,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': subStatusIndex(status) },
      });
      for (const item of items) out.push(toSubscription(item)!);
    }
    return out;
  }

  /** Every active subscription: what fan-out matches a batch against. */
  listActive(): Promise<Subscription[]> {
    return this.list(['active']);
  }

  /** Subscriptions of one target (e.g. every subscription of an email address), any status. */
  async findByTarget(channel: Channel, target: string): Promise<Subscription[]> {
    const pointers = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': targetPk(channel, target) },
    });
    const out: Subscription[] = [];
    for (const p of pointers) {
      const sub = await this.get(String(p.subscriptionId));
      if (sub) out.push(sub);
    }
    return out;
  }

  /**
   * A live (active or pending) subscription of the same target with the same filters (see
   * `filtersKey`), if any: adding another would deliver every alert twice.
   */
  async findDuplicate(
    channel: Channel,
    target: string,
    filters: SubscriptionFilters,
  ): Promise<Subscription | undefined> {
    return liveDuplicate(await this.findByTarget(channel, target), filters);
  }

  /**
   * Suppresses an email address (SES bounce or complaint): records the suppression, so that no
   * later sign-up or delivery reaches it, and moves its subscriptions to `suppressed`.
   * Returns how many subscriptions changed.
   */
  async suppressEmail(email: string, suppression: Suppression): Promise<number> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...suppressedKey(email), kind: 'suppression', ...suppression },
      }),
    );
    return suppressSubscriptions(this, email, suppression.at);
  }

  async suppression(email: string): Promise<Suppression | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: suppressedKey(email), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, kind: _k, ...rest } = Item;
    return rest as Suppression;
  }

  /**
   * Claims the one pending confirmation of an email address until `untilMs`: true when none is
   * pending (or the last one's window has passed), false when one is. A conditional put, so two
   * concurrent sign-ups of one address cannot both win.
   */
  async claimConfirmation(email: string, nowMs: number, untilMs: number): Promise<boolean> {
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...confirmingKey(email),
            kind: 'confirmation-pending',
            until: untilMs,
            expiresAt: Math.ceil(untilMs / 1000),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #until <= :now',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':now': nowMs },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /** Gives the claim back (the confirmation email could not be sent, or the client was over its quota). */
  async releaseConfirmation(email: string): Promise<void> {
    await this.table.doc.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: confirmingKey(email) }),
    );
  }

  /** Confirmation emails already counted for `client` in the UTC hour of `nowMs`. */
  async clientSignups(client: string, nowMs: number): Promise<number> {
    const { Item } = await this.table.doc.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: signupsKey(client, signupHour(nowMs)),
        ConsistentRead: true,
      }),
    );
    return Number(Item?.n ?? 0);
  }

  /**
   * Counts one confirmation email for `client` in the UTC hour of `nowMs` if fewer than `limit`
   * were counted: a conditional update (`ADD`), so concurrent requests cannot exceed the limit.
   */
  async takeClientSignup(client: string, nowMs: number, limit: number): Promise<boolean> {
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: signupsKey(client, signupHour(nowMs)),
          UpdateExpression: 'ADD #n :one SET kind = :kind, expiresAt = :exp',
          ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
          ExpressionAttributeNames: { '#n': 'n' },
          ExpressionAttributeValues: {
            ':one': 1,
            ':limit': limit,
            ':kind': 'signup-count',
            ':exp': Math.ceil(nowMs / 1000) + 2 * 3600,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}
