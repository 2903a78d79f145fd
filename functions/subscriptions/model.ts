/**
 * Subscriptions as data: the channel, filter and subscription types and the pure helpers the store
 * and matching need (`effectiveKinds`, `splitList`, `filtersKey`), without the validation schemas
 * of subscription.ts (which loads zod) — so a poll that opens the store does not load the schema
 * library. subscription.ts re-exports all of this; import from there unless the module is on the
 * store or dispatch path.
 */
import type { Sector, Strength } from '../core/changes';
import type { EntityType } from '../core/model';

export type Channel = 'email' | 'webhook' | 'slack';
export const CHANNELS = ['email', 'webhook', 'slack'] as const satisfies readonly Channel[];

export type FilterKind = 'added' | 'removed' | 'amended' | 'notice';
export const FILTER_KINDS = [
  'added',
  'removed',
  'amended',
  'notice',
] as const satisfies readonly FilterKind[];

/**
 * The kinds a subscription without a kinds filter receives: every material change and notices (the
 * early warning). Applied when matching, so subscriptions stored without kinds get notices too.
 */
export const DEFAULT_KINDS: readonly FilterKind[] = ['added', 'removed', 'amended', 'notice'];

/** The kinds a subscription receives: its own, or the defaults. */
export function effectiveKinds(filters: SubscriptionFilters): readonly FilterKind[] {
  return filters.kinds?.length ? filters.kinds : DEFAULT_KINDS;
}

export type DeliveryMode = 'immediate' | 'daily';
export type SubscriptionStatus = 'pending' | 'active' | 'suppressed' | 'unsubscribed';

export interface SubscriptionFilters {
  /** Source ids, e.g. `us-ofac-sdn`. Empty or absent: every source. */
  sources?: string[];
  /** Regimes/programs as the publisher names them (case-insensitive), e.g. `RUSSIA-EO14024`. */
  regimes?: string[];
  sectors?: Sector[];
  /**
   * With `sectors`: a change matches only through a tag of one of those sectors whose evidence is
   * at least this strong (`stated` > `record` > `name` > `related` > `cross-list`). Default: any.
   */
  minStrength?: Strength;
  /** Default (absent or empty): added, removed, amended and notice (`DEFAULT_KINDS`). */
  kinds?: FilterKind[];
  /** Also deliver amendments whose field changes are all cosmetic (default false). */
  includeCosmetic?: boolean;
  entityTypes?: EntityType[];
  /** Country names as the publishers write them (case- and diacritic-insensitive). */
  countries?: string[];
  /** Names or identifiers, matched as whole words ignoring case and diacritics. */
  watch?: string[];
  /**
   * Relationship watch: also changes whose entry is within `hops` hops of an entry the watch terms
   * name (Linked To, parent/subsidiary, owner, director, trustee), as the entity index found them.
   */
  related?: boolean;
  /** With `related`: how many hops, 1 to 3; default 1. */
  hops?: number;
}

/** Most hops a relationship watch may reach (the entity index annotates changes this far). */
export const MAX_WATCH_HOPS = 3;

export interface Subscription {
  id: string;
  channel: Channel;
  /** Email address (email) or URL (webhook, Slack incoming webhook). */
  target: string;
  filters: SubscriptionFilters;
  mode: DeliveryMode;
  status: SubscriptionStatus;
  /** Webhook signing secret, `whsec_<base64>`. Shown once at creation; never logged. */
  secret?: string;
  /** ISO timestamp. */
  createdAt: string;
  /** ISO timestamp of the double opt-in confirmation (or of activation by an operator). */
  confirmedAt?: string;
}

/**
 * One list from values given either way: `"A,B"`, `["A,B"]` and `["A", "B"]` are the same list
 * `["A", "B"]` (trimmed, empty items dropped, duplicates removed, order kept). A comma therefore
 * always separates values; punctuation in names is ignored by matching, so `SMITH John` watches
 * what `SMITH, John` would.
 */
export function splitList(values: string | readonly string[]): string[] {
  const out: string[] = [];
  for (const value of typeof values === 'string' ? [values] : values) {
    for (const item of value.split(',')) {
      const v = item.trim();
      if (v !== '' && !out.includes(v)) out.push(v);
    }
  }
  return out;
}

/**
 * The identity of a subscription's filters: the same filters written differently (order, case of
 * regimes, kinds left out or spelled out as the defaults) give the same key. Two subscriptions of
 * one target with the same key would deliver every alert twice.
 */
export function filtersKey(filters: SubscriptionFilters): string {
  const sorted = (v: readonly string[] | undefined, f: (s: string) => string = (s) => s) =>
    v?.length ? [...new Set(v.map(f))].sort() : null;
  const folded = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  return JSON.stringify([
    sorted(filters.sources),
    sorted(filters.regimes, (s) => s.toLowerCase()),
    sorted(filters.sectors),
    filters.minStrength && filters.minStrength !== 'cross-list' ? filters.minStrength : null,
    sorted([...effectiveKinds(filters)]),
    filters.includeCosmetic ?? false,
    sorted(filters.entityTypes),
    sorted(filters.countries, folded),
    sorted(filters.watch, folded),
    ...(filters.related ? [`related:${filters.hops ?? 1}`] : []),
  ]);
}
