/**
 * Subscriptions as a port: the subscriptions themselves, email suppressions after a bounce or
 * complaint, and the sign-up throttles (one pending confirmation per address, confirmation emails
 * per client and hour). DynamoDB implements it in `functions/store/subscriptions.ts`, plain maps in
 * `functions/store/memory.ts`.
 */
import {
  type Channel,
  filtersKey,
  type Subscription,
  type SubscriptionFilters,
  type SubscriptionStatus,
  splitList,
} from './model';

export const SUBSCRIPTION_STATUSES: readonly SubscriptionStatus[] = [
  'pending',
  'active',
  'suppressed',
  'unsubscribed',
];

export interface Suppression {
  reason: 'bounce' | 'complaint' | 'operator';
  at: string;
  /** SES feedback id or similar reference, never the address. */
  reference?: string;
}

export interface SubscriptionRepo {
  /** Creates the subscription (its id must be new; throws otherwise). */
  create(sub: Subscription): Promise<void>;
  get(id: string): Promise<Subscription | undefined>;
  /**
   * Moves a subscription to `status`. With `from`, only when it is currently in one of those
   * states (returns false otherwise, e.g. confirming an unsubscribed address).
   */
  setStatus(
    id: string,
    status: SubscriptionStatus,
    at: string,
    options?: { from?: readonly SubscriptionStatus[]; confirmedAt?: string },
  ): Promise<boolean>;
  /** Replaces filters and mode; false when there is no such subscription. */
  setFilters(
    id: string,
    filters: SubscriptionFilters,
    mode: Subscription['mode'],
    at: string,
  ): Promise<boolean>;
  /** Deletes the subscription. Returns false when there was none. */
  remove(id: string): Promise<boolean>;
  /** Subscriptions in the given states (all states by default), by state, oldest first. */
  list(statuses?: readonly SubscriptionStatus[]): Promise<Subscription[]>;
  /** Every active subscription: what fan-out matches a batch against. */
  listActive(): Promise<Subscription[]>;
  /** Subscriptions of one target (emails compare case-insensitively), any status. */
  findByTarget(channel: Channel, target: string): Promise<Subscription[]>;
  /** A live (active or pending) subscription of the same target with the same filters, if any. */
  findDuplicate(
    channel: Channel,
    target: string,
    filters: SubscriptionFilters,
  ): Promise<Subscription | undefined>;
  /**
   * Suppresses an email address: records the suppression, so that no later sign-up or delivery
   * reaches it, and moves its live subscriptions to `suppressed`. Returns how many changed.
   */
  suppressEmail(email: string, suppression: Suppression): Promise<number>;
  suppression(email: string): Promise<Suppression | undefined>;
  /**
   * Claims the one pending confirmation of an email address until `untilMs`: true when none is
   * pending (or the last one's window has passed), false when one is. Atomic.
   */
  claimConfirmation(email: string, nowMs: number, untilMs: number): Promise<boolean>;
  /** Gives the claim back (the confirmation email could not be sent, or the client was over its quota). */
  releaseConfirmation(email: string): Promise<void>;
  /** Confirmation emails already counted for `client` in the UTC hour of `nowMs`. */
  clientSignups(client: string, nowMs: number): Promise<number>;
  /** Counts one confirmation email for `client` in the UTC hour of `nowMs` if fewer than `limit` were. Atomic. */
  takeClientSignup(client: string, nowMs: number, limit: number): Promise<boolean>;
}

/** Email addresses compare case-insensitively; URLs exactly. */
export function normaliseTarget(channel: Channel, target: string): string {
  return channel === 'email' ? target.trim().toLowerCase() : target.trim();
}

/** The UTC hour (`YYYY-MM-DDTHH`) sign-ups of a client are counted in. */
export const signupHour = (nowMs: number) => new Date(nowMs).toISOString().slice(0, 13);

/**
 * A subscription as read back: watch terms stored before list values were split (`--watch "A,B"`
 * kept as one term that never matched) are read as the list they meant.
 */
export function readSubscription(sub: Subscription): Subscription {
  if (sub.filters?.watch?.some((t) => t.includes(',')))
    return { ...sub, filters: { ...sub.filters, watch: splitList(sub.filters.watch) } };
  return sub;
}

/** The live subscription among `subs` with these filters (`filtersKey`): adding another would deliver every alert twice. */
export function liveDuplicate(
  subs: readonly Subscription[],
  filters: SubscriptionFilters,
): Subscription | undefined {
  const key = filtersKey(filters);
  return subs.find((s) => (s.status === 'active' || s.status === 'pending') && filtersKey(s.filters) === key);
}

/** Moves the live subscriptions of a suppressed address to `suppressed`; how many changed. */
export async function suppressSubscriptions(
  repo: Pick<SubscriptionRepo, 'findByTarget' | 'setStatus'>,
  email: string,
  at: string,
): Promise<number> {
  let changed = 0;
  for (const sub of await repo.findByTarget('email', email)) {
    if (sub.status === 'suppressed' || sub.status === 'unsubscribed') continue;
    if (await repo.setStatus(sub.id, 'suppressed', at)) changed++;
  }
  return changed;
}
