/**
 * Matching: subscriptions × one change batch → one alert per active matching subscriber, holding
 * only its matching changes (and notices). Pure.
 *
 * Speed: every change's keys (regimes, sectors, countries, name words, identifiers) are computed
 * once per batch into posting lists (bit sets over the batch's changes); a subscription's filter
 * is then a few AND/OR operations over 500-bit sets, and identical filters are evaluated once.
 */
import { createHash } from 'node:crypto';
import {
  type ChangeBatch,
  type ChangeSubject,
  type FieldChange,
  type Notice,
  type SectorTag,
  STRENGTHS,
  type Strength,
  strengthRank,
} from '../core/changes';
import {
  DEFAULT_KINDS,
  effectiveKinds,
  type Subscription,
  type SubscriptionFilters,
} from '../subscriptions/model';
import { compact, fold, hasUnspacedScript, words } from './normalize';

export interface Alert {
  subscriptionId: string;
  /** The batch's id; for a digest, `digest:<hash of the merged batch ids>`. */
  batchId: string;
  /** The batch's source; for a digest of several sources, their ids joined by `,`. */
  source: string;
  changes: ChangeBatch['changes'];
  notices: Notice[];
  /** Set on digests: the batches merged, in order. */
  batchIds?: string[];
}

export { DEFAULT_KINDS };

// ---------------------------------------------------------------------------------------------
// Bit sets over the changes of one batch.

type Bits = Uint32Array;

function emptyBits(n: number): Bits {
  return new Uint32Array((n + 31) >>> 5);
}
function setBit(b: Bits, i: number): void {
  b[i >>> 5] = (b[i >>> 5] ?? 0) | (1 << (i & 31));
}
function isEmpty(b: Bits): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}
function andInto(target: Bits, other: Bits): void {
  for (let i = 0; i < target.length; i++) target[i] = (target[i] ?? 0) & (other[i] ?? 0);
}
function orInto(target: Bits, other: Bits): void {
  for (let i = 0; i < target.length; i++) target[i] = (target[i] ?? 0) | (other[i] ?? 0);
}
function indices(b: Bits): number[] {
  const out: number[] = [];
  for (let w = 0; w < b.length; w++) {
    let word = b[w] ?? 0;
    while (word !== 0) {
      const low = word & -word;
      out.push((w << 5) + 31 - Math.clz32(low));
      word ^= low;
    }
  }
  return out;
}

/** The elements of `list` whose bits are set, in order. */
function pick<T>(list: readonly T[], b: Bits): T[] {
  const out: T[] = [];
  for (let w = 0; w < b.length; w++) {
    let word = b[w] ?? 0;
    while (word !== 0) {
      const low = word & -word;
      out.push(list[(w << 5) + 31 - Math.clz32(low)]!);
      word ^= low;
    }
  }
  return out;
}

function addPosting(index: Map<string, Bits>, key: string, i: number, n: number): void {
  if (key === '') return;
  let bits = index.get(key);
  if (!bits) {
    bits = emptyBits(n);
    index.set(key, bits);
  }
  setBit(bits, i);
}

// ---------------------------------------------------------------------------------------------
// Keys of a change.

/**
 * The sector keys of a tag: `oil` and, for each strength its evidence reaches, `oil>=<strength>`
 * (a `record` tag gives `oil>=record`, `oil>=name`, `oil>=related`, `oil>=cross-list`).
 */
function sectorKeys(tag: SectorTag): string[] {
  const rank = strengthRank(tag.strength);
  return [tag.sector, ...STRENGTHS.filter((_, i) => i >= rank).map((s) => `${tag.sector}>=${s}`)];
}

/** The key a sectors filter value looks up: the sector, or the sector at a minimum strength. */
function sectorFilterKey(minStrength: Strength | undefined): (sector: string) => string {
  return minStrength ? (sector) => `${sector}>=${minStrength}` : (sector) => sector;
}

const NAME_FIELDS = new Set(['name', 'aliases', 'nonLatinNames']);
const COUNTRY_FIELDS = new Set(['nationalities', 'countries', 'addresses']);

/** Strings of a field change's before/after values: strings, or the given property of objects. */
function fieldValues(f: FieldChange, property: string): string[] {
  const out: string[] = [];
  const visit = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const p = (v as Record<string, unknown>)[property];
      if (typeof p === 'string') out.push(p);
    }
  };
  visit(f.before);
  visit(f.after);
  return out;
}

/**
 * What the filters see of a change: its subject when the batch carries one, plus the name and the
 * before/after values of amended name, country and identifier fields (so that an alias removed or
 * an address moved out of a country still matches).
 */
export function matchKeys(change: ChangeBatch['changes'][number]): ChangeSubject & { names: string[] } {
  const s = change.subject;
  const names = [change.name, ...(s?.aliases ?? []), ...(s?.nonLatinNames ?? [])];
  const countries = [...(s?.countries ?? [])];
  const identifiers = [...(s?.identifiers ?? [])];
  for (const f of change.fields) {
    if (NAME_FIELDS.has(f.field)) names.push(...fieldValues(f, 'name'));
    else if (COUNTRY_FIELDS.has(f.field)) countries.push(...fieldValues(f, 'country'));
    else if (f.field === 'identifiers') identifiers.push(...fieldValues(f, 'value'));
  }
  return { names, aliases: s?.aliases ?? [], nonLatinNames: s?.nonLatinNames ?? [], countries, identifiers };
}

interface BatchIndex {
  n: number;
  all: Bits;
  byKind: Map<string, Bits>;
  material: Bits;
  byRegime: Map<string, Bits>;
  bySector: Map<string, Bits>;
  byType: Map<string, Bits>;
  byCountry: Map<string, Bits>;
  byWord: Map<string, Bits>;
  byIdentifier: Map<string, Bits>;
  changes: ChangeBatch['changes'];
  /** Per change: its folded names, each padded with one space either side. */
  names: string[][];
  /** Watch term → matching changes, filled lazily. */
  watchCache: Map<string, Bits>;
  /** Filter value → folded form, filled lazily (many subscriptions share values). */
  foldCache: Map<string, string>;
}

function foldCached(idx: BatchIndex, value: string): string {
  let f = idx.foldCache.get(value);
  if (f === undefined) {
    f = fold(value);
    idx.foldCache.set(value, f);
  }
  return f;
}

function indexBatch(batch: ChangeBatch): BatchIndex {
  const n = batch.changes.length;
  const idx: BatchIndex = {
    n,
    all: emptyBits(n),
    byKind: new Map(),
    material: emptyBits(n),
    byRegime: new Map(),
    bySector: new Map(),
    byType: new Map(),
    byCountry: new Map(),
    byWord: new Map(),
    byIdentifier: new Map(),
    changes: batch.changes,
    names: [],
    watchCache: new Map(),
    foldCache: new Map(),
  };
  batch.changes.forEach((change, i) => {
    setBit(idx.all, i);
    addPosting(idx.byKind, change.kind, i, n);
    if (change.material) setBit(idx.material, i);
    for (const r of change.regimes) addPosting(idx.byRegime, r.trim().toLowerCase(), i, n);
    for (const t of change.sectors) for (const key of sectorKeys(t)) addPosting(idx.bySector, key, i, n);
    addPosting(idx.byType, change.entityType, i, n);
    const keys = matchKeys(change);
    for (const c of keys.countries) addPosting(idx.byCountry, fold(c), i, n);
    const folded: string[] = [];
    for (const name of keys.names) {
      const f = fold(name);
      if (f === '') continue;
      folded.push(` ${f} `);
      for (const w of f.split(' ')) addPosting(idx.byWord, w, i, n);
    }
    idx.names.push(folded);
    for (const id of keys.identifiers) {
      addPosting(idx.byIdentifier, compact(id), i, n);
      // A number inside a labelled identifier (`IMO 9123456`) is watchable on its own.
      for (const w of words(id)) if (/\d/.test(w)) addPosting(idx.byIdentifier, w, i, n);
    }
  });
  return idx;
}

function watchBits(idx: BatchIndex, term: string): Bits {
  const cached = idx.watchCache.get(term);
  if (cached) return cached;
  const t = foldCached(idx, term);
  const out = emptyBits(idx.n);
  if (t !== '') {
    if (hasUnspacedScript(t)) {
      idx.names.forEach((names, i) => {
        if (names.some((name) => name.includes(t))) setBit(out, i);
      });
    } else {
      const tokens = t.split(' ');
      const candidates = idx.byWord.get(tokens[0] ?? '');
      if (candidates) {
        if (tokens.length === 1) orInto(out, candidates);
        else {
          const phrase = ` ${t} `;
          for (const i of indices(candidates)) {
            if (idx.names[i]?.some((name) => name.includes(phrase))) setBit(out, i);
          }
        }
      }
    }
    const id = idx.byIdentifier.get(t.replace(/ /g, ''));
    if (id) orInto(out, id);
  }
  idx.watchCache.set(term, out);
  return out;
}

/** OR of the postings of `values` (mapped through `key`), or undefined when the filter is empty. */
function anyOf(
  idx: BatchIndex,
  index: Map<string, Bits>,
  values: readonly string[] | undefined,
  key: (v: string) => string,
) {
  if (!values || values.length === 0) return undefined;
  const out = emptyBits(idx.n);
  for (const v of values) {
    const bits = index.get(key(v));
    if (bits) orInto(out, bits);
  }
  return out;
}

const lower = (s: string) => s.trim().toLowerCase();
const same = (s: string) => s;

function matchChanges(idx: BatchIndex, f: SubscriptionFilters): Bits {
  const kinds = effectiveKinds(f);
  const out = emptyBits(idx.n);
  for (const k of kinds) {
    const bits = idx.byKind.get(k);
    if (bits) orInto(out, bits);
  }
  if (!f.includeCosmetic) andInto(out, idx.material);
  const filters: [Map<string, Bits>, readonly string[] | undefined, (v: string) => string][] = [
    [idx.byRegime, f.regimes, lower],
    [idx.bySector, f.sectors, sectorFilterKey(f.minStrength)],
    [idx.byType, f.entityTypes, same],
    [idx.byCountry, f.countries, (v) => foldCached(idx, v)],
  ];
  for (const [index, values, key] of filters) {
    if (isEmpty(out)) return out;
    const bits = anyOf(idx, index, values, key);
    if (bits) andInto(out, bits);
  }
  if (f.watch?.length && !isEmpty(out)) {
    const any = emptyBits(idx.n);
    for (const term of f.watch) orInto(any, watchBits(idx, term));
    if (f.related) for (const term of f.watch) orInto(any, relatedWatchBits(idx, term, f.hops ?? 1));
    andInto(out, any);
  }
  return out;
}

type BatchChange = ChangeBatch['changes'][number];

/** Whether a folded name holds the folded watch term as whole words (or as text, unspaced scripts). */
function nameHolds(name: string, t: string): boolean {
  const f = ` ${fold(name)} `;
  return hasUnspacedScript(t) ? f.includes(t) : f.includes(` ${t} `);
}

/**
 * The path from a change's entry to an entry the watch term names, within `hops` hops (the
 * entity index's `related`: up the chain to `hops`, one hop down), or undefined.
 */
export function relatedWatchPath(
  change: BatchChange,
  terms: readonly string[],
  hops: number,
): string | undefined {
  for (const r of change.related ?? []) {
    if (r.hops > hops) continue;
    for (const term of terms) {
      const t = fold(term);
      if (t !== '' && nameHolds(r.other.name, t)) return r.path;
    }
  }
  return undefined;
}

function relatedWatchBits(idx: BatchIndex, term: string, hops: number): Bits {
  const key = `related:${hops}:${term}`;
  const cached = idx.watchCache.get(key);
  if (cached) return cached;
  const out = emptyBits(idx.n);
  idx.changes.forEach((c, i) => {
    if (relatedWatchPath(c, [term], hops)) setBit(out, i);
  });
  idx.watchCache.set(key, out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Notices (feed batches).

interface NoticeKeys {
  notice: Notice;
  regimes: Set<string>;
  sectors: Set<string>;
  /** Folded title, summary, regimes and names, space-padded: countries are looked up as words in it. */
  text: string;
  /** Folded names and title, space-padded. */
  names: string[];
}

function noticeKeys(notice: Notice): NoticeKeys {
  const names = [notice.title, ...notice.names].map((s) => ` ${fold(s)} `);
  return {
    notice,
    regimes: new Set(notice.regimes.map(lower)),
    sectors: new Set(notice.sectors.flatMap(sectorKeys)),
    text: ` ${fold([notice.title, notice.summary ?? '', ...notice.regimes, ...notice.names].join(' '))} `,
    names,
  };
}

function noticeMatches(k: NoticeKeys, f: SubscriptionFilters): boolean {
  if (f.regimes?.length && !f.regimes.some((r) => k.regimes.has(lower(r)))) return false;
  const sectorKey = sectorFilterKey(f.minStrength);
  if (f.sectors?.length && !f.sectors.some((s) => k.sectors.has(sectorKey(s)))) return false;
  // Notices carry no entity type: an entity-type filter does not exclude them. Countries are looked
  // up as words in the notice's title, summary, regimes and names.
  if (f.countries?.length && !f.countries.some((c) => fold(c) !== '' && k.text.includes(` ${fold(c)} `))) {
    return false;
  }
  if (f.watch?.length) {
    const hit = f.watch.some((term) => {
      const t = fold(term);
      if (t === '') return false;
      const needle = hasUnspacedScript(t) ? t : ` ${t} `;
      return k.names.some((name) => name.includes(needle));
    });
    if (!hit) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------

function filterKey(f: SubscriptionFilters): string {
  return JSON.stringify([
    f.kinds ?? null,
    f.includeCosmetic ?? false,
    f.regimes ?? null,
    f.sectors ?? null,
    f.minStrength ?? null,
    f.entityTypes ?? null,
    f.countries ?? null,
    f.watch ?? null,
    f.related ? (f.hops ?? 1) : null,
  ]);
}

/**
 * One alert per active subscription that matches at least one change (or notice) of the batch,
 * holding only the matching ones, in batch order. Subscriptions keep their input order.
 *
 * - An absent or empty filter matches everything; filters combine with AND, values within one
 *   filter with OR.
 * - Kinds default to added, removed, amended and notice (`DEFAULT_KINDS`, applied here, so a
 *   subscription stored without kinds gets notices too); notices of a feed batch are delivered
 *   only to subscriptions whose kinds (given or default) include `notice`.
 * - Amendments whose field changes are all cosmetic (`material: false`) are left out unless
 *   `includeCosmetic`.
 * - Regimes compare case-insensitively; countries and watch terms ignore case and diacritics.
 *   Countries match nationalities, countries and address countries; watch terms match whole words
 *   of names, aliases and non-Latin names, or identifier values.
 */
export function matchBatch(subscriptions: Subscription[], batch: ChangeBatch): Alert[] {
  const idx = indexBatch(batch);
  const notices = (batch.notices ?? []).map(noticeKeys);
  const changeCache = new Map<string, Bits>();
  const noticeCache = new Map<string, Notice[]>();
  const alerts: Alert[] = [];
  for (const sub of subscriptions) {
    if (sub.status !== 'active') continue;
    const f = sub.filters;
    if (f.sources?.length && !f.sources.includes(batch.source)) continue;
    const key = filterKey(f);
    let bits = changeCache.get(key);
    if (!bits) {
      bits = idx.n === 0 ? emptyBits(0) : matchChanges(idx, f);
      changeCache.set(key, bits);
    }
    let matchedNotices = noticeCache.get(key);
    if (!matchedNotices) {
      matchedNotices = effectiveKinds(f).includes('notice')
        ? notices.filter((k) => noticeMatches(k, f)).map((k) => k.notice)
        : [];
      noticeCache.set(key, matchedNotices);
    }
    if (isEmpty(bits) && matchedNotices.length === 0) continue;
    const picked = pick(batch.changes, bits);
    alerts.push({
      subscriptionId: sub.id,
      batchId: batch.id,
      source: batch.source,
      changes: f.related && f.watch?.length ? withWatchPaths(picked, f.watch, f.hops ?? 1) : picked,
      notices: matchedNotices,
    });
  }
  return alerts;
}

/** A relationship watch's alert: each change reached through a relationship says by which path. */
function withWatchPaths(changes: BatchChange[], terms: readonly string[], hops: number): BatchChange[] {
  return changes.map((c) => {
    if (terms.some((t) => nameHolds(c.name, fold(t)))) return c;
    const path = relatedWatchPath(c, terms, hops);
    return path ? { ...c, watchPath: path } : c;
  });
}

/**
 * Merges one subscription's alerts (daily mode) into one, in the given order. The same change of
 * the same batch, or the same notice, appears once. The id is derived from the merged batch ids,
 * so a rerun of the same digest has the same id.
 */
export function digest(alerts: Alert[]): Alert {
  const first = alerts[0];
  if (!first) throw new Error('digest: no alerts to merge');
  const subscriptionId = first.subscriptionId;
  if (alerts.some((a) => a.subscriptionId !== subscriptionId)) {
    throw new Error('digest: alerts belong to different subscriptions');
  }
  const batchIds: string[] = [];
  const sources: string[] = [];
  const changes: Alert['changes'] = [];
  const notices: Notice[] = [];
  const seenChanges = new Set<string>();
  const seenNotices = new Set<string>();
  for (const alert of alerts) {
    for (const id of alert.batchIds ?? [alert.batchId]) if (!batchIds.includes(id)) batchIds.push(id);
    for (const s of alert.source.split(',')) if (!sources.includes(s)) sources.push(s);
    for (const c of alert.changes) {
      const k = JSON.stringify([alert.batchId, c.kind, c.id]);
      if (seenChanges.has(k)) continue;
      seenChanges.add(k);
      changes.push(c);
    }
    for (const n of alert.notices) {
      const k = JSON.stringify([alert.source, n.id]);
      if (seenNotices.has(k)) continue;
      seenNotices.add(k);
      notices.push(n);
    }
  }
  const hash = createHash('sha256').update(JSON.stringify(batchIds)).digest('hex').slice(0, 32);
  return {
    subscriptionId,
    batchId: `digest:${hash}`,
    source: sources.join(','),
    changes,
    notices,
    batchIds,
  };
}
