/**
 * The entity index (pure, Map-based): every list's entries as compact records, looked up by strong
 * identifier and by normalised name, with the relationships between them. Built from snapshots,
 * updated from a batch's changes (puts and deletes), queried for cross-list matches and paths.
 *
 * Resolution: strong identifiers first (with country where both give one), then names, corroborated
 * by date of birth for individuals and by country for entities; a name match that a date of birth
 * or a country contradicts is no match at all, and one that nothing corroborates is labelled
 * `name-only`. A name match is never presented as certain.
 */
import { type StrongId, strongIdKey } from './identifiers';
import { edgeNameKey, nameKey, nameKeys, nameScore } from './names';
import { type EdgeSpec, type EntityRecord, type RelationKind, refOf, splitRef } from './record';

export type LinkMatch =
  | { by: 'identifier'; field: string; value: string }
  | { by: 'name'; score: number; corroboration: string[]; label: 'name-only' | 'name-corroborated' };

export interface AlsoListed {
  source: string;
  id: string;
  name: string;
  listedOn: string | null;
  match: LinkMatch;
}

export interface EntryRef {
  source: string;
  id: string;
  name: string;
}

export interface Related {
  kind: RelationKind;
  /** `up`: this entry is linked to, owned by or a subsidiary of the other; `down`: the reverse. */
  direction: 'up' | 'down';
  hops: number;
  other: EntryRef;
  /** `A → linked to B → linked to C`. */
  path: string;
  /** Where the first hop was stated (`Linked To`, `parentCompany`, …) and by which source. */
  text: string;
  source: string;
}

export interface Annotation {
  alsoListed: AlsoListed[];
  notListedBy: string[];
  related: Related[];
}

/** Publications of the same list (never "also listed" by itself). */
const SAME_LIST: Record<string, string> = { 'us-ofac-sdn-csv': 'us-ofac-sdn' };
export function listOf(source: string): string {
  return SAME_LIST[source] ?? source;
}

/** Kinds that point up (from the entry to its parent, owner, the entry it is linked to). */
const UP_KINDS: ReadonlySet<RelationKind> = new Set([
  'linked-to',
  'parent',
  'owner',
  'asset-of',
  'director',
  'trustee',
]);

const UP_WORDS: Record<RelationKind, string> = {
  'linked-to': 'linked to',
  parent: 'subsidiary of',
  owner: 'owned by',
  'asset-of': 'asset of',
  director: 'director of',
  trustee: 'trustee of',
  subsidiary: 'parent of',
};
const DOWN_WORDS: Record<RelationKind, string> = {
  'linked-to': 'linked from',
  parent: 'parent of',
  owner: 'owner of',
  'asset-of': 'holds asset',
  director: 'has director',
  trustee: 'has trustee',
  subsidiary: 'subsidiary of',
};

/** Caps that keep one change's annotation small (a state corporation has hundreds of subsidiaries). */
export const MAX_HOPS = 3;
const MAX_RELATED = 50;
const MAX_ALSO_LISTED = 10;

function years(dates: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const d of dates) {
    const range = /(\d{4})\s*(?:to|-|–)\s*(\d{4})/.exec(d);
    if (range)
      for (let y = Number(range[1]); y <= Number(range[2]) && y - Number(range[1]) < 20; y++)
        out.add(String(y));
    for (const m of d.matchAll(/\b(1[89]\d\d|20\d\d)\b/g)) out.add(m[1]!);
  }
  return out;
}

function fullDates(dates: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const d of dates) for (const m of d.matchAll(/\b\d{4}-\d{2}-\d{2}\b/g)) out.add(m[0]);
  return out;
}

/** What corroborates a name match, or `undefined` when something contradicts it. */
export function corroborate(a: EntityRecord, b: EntityRecord): string[] | undefined {
  const out: string[] = [];
  if (a.type === 'individual') {
    if (a.birthDates.length && b.birthDates.length) {
      const fa = fullDates(a.birthDates);
      const same = [...fullDates(b.birthDates)].find((d) => fa.has(d));
      const ya = years(a.birthDates);
      const sameYear = [...years(b.birthDates)].find((y) => ya.has(y));
      if (!sameYear) return undefined;
      out.push(same ? `date of birth ${same}` : `year of birth ${sameYear}`);
    }
    const common = a.countries.find((c) => b.countries.includes(c));
    if (common) out.push(`country ${common}`);
    return out;
  }
  if (a.countries.length && b.countries.length) {
    const common = a.countries.find((c) => b.countries.includes(c));
    if (!common) return undefined;
    out.push(`country ${common}`);
  }
  if (otherNumber(a, b)) return undefined;
  return out;
}

/**
 * Whether two entities give different registration or tax numbers of the same kind: they share none,
 * and give numbers of one length (a Russian INN has 10 digits, an OGRN 13) whose countries, where
 * both give one, agree. A company has one of each: same-named companies with different ones differ.
 */
function otherNumber(a: EntityRecord, b: EntityRecord): boolean {
  const theirs = b.ids.filter((id) => id.kind === 'regtax');
  if (theirs.length === 0) return false;
  let differs = false;
  for (const x of a.ids) {
    if (x.kind !== 'regtax') continue;
    for (const y of theirs) {
      if (x.value === y.value) return false;
      if (x.value.length === y.value.length && (!x.country || !y.country || x.country === y.country))
        differs = true;
    }
  }
  return differs;
}

/**
 * A record's name keys (matching) and edge keys (relationship targets), computed once per record,
 * each without repeats in first-seen order (arrays: a record has a few names, and an index of every
 * list holds tens of thousands of records).
 */
interface RecordKeys {
  names: string[];
  edges: string[];
}
const KEYS = new WeakMap<EntityRecord, RecordKeys>();

function keysOf(r: EntityRecord): RecordKeys {
  let keys = KEYS.get(r);
  if (!keys) {
    keys = { names: [], edges: [] };
    for (const n of r.names) {
      const k = nameKeys(n, r.type === 'individual');
      if (k.name && !keys.names.includes(k.name)) keys.names.push(k.name);
      if (k.edge && !keys.edges.includes(k.edge)) keys.edges.push(k.edge);
    }
    KEYS.set(r, keys);
  }
  return keys;
}

function nameKeysOf(r: EntityRecord): readonly string[] {
  return keysOf(r).names;
}

/**
 * Key → refs, where most keys name one entry: a single ref is kept as the string itself, a Set only
 * from the second (fewer objects to build and collect for an index of every list). Refs keep their
 * insertion order either way.
 */
type RefMap = Map<string, string | Set<string>>;

function add(map: RefMap, key: string, ref: string): void {
  const refs = map.get(key);
  if (refs === undefined) map.set(key, ref);
  else if (typeof refs === 'string') {
    if (refs !== ref) map.set(key, new Set([refs, ref]));
  } else refs.add(ref);
}

function remove(map: RefMap, key: string, ref: string): void {
  const refs = map.get(key);
  if (refs === undefined) return;
  if (typeof refs === 'string') {
    if (refs === ref) map.delete(key);
    return;
  }
  refs.delete(ref);
  if (refs.size === 1) map.set(key, refs.values().next().value!);
  else if (refs.size === 0) map.delete(key);
}

/** The refs under `key`, in insertion order. */
function refsOf(map: RefMap, key: string): Iterable<string> {
  const refs = map.get(key);
  if (refs === undefined) return [];
  return typeof refs === 'string' ? [refs] : refs;
}

function edgeTargetKey(from: EntityRecord, e: EdgeSpec): string[] {
  const keys: string[] = [];
  if (e.id) keys.push(`id:${from.source}:${e.id}`);
  const k = edgeNameKey(e.name);
  if (k) keys.push(`name:${k}`);
  return keys;
}

/** Every name of a record under its edge key (what relationships are resolved by). */
function edgeKeysOf(r: EntityRecord): readonly string[] {
  return keysOf(r).edges;
}

export class EntityIndex {
  private readonly records = new Map<string, EntityRecord>();
  private readonly byId: RefMap = new Map();
  private readonly byName: RefMap = new Map();
  /** Edge key of every name (no length rule) → refs: relationship targets. */
  private readonly byEdgeName: RefMap = new Map();
  /** Edge target key (`id:src:id` / `name:key`) → refs of entries that state an edge to it. */
  private readonly incoming: RefMap = new Map();
  /** The same for `subsidiary` edges only (one hop up from the subsidiary: looked up on every hop). */
  private readonly incomingSubsidiary: RefMap = new Map();
  private readonly perSource = new Map<string, number>();

  constructor(records: Iterable<EntityRecord> = []) {
    for (const r of records) this.put(r);
  }

  get size(): number {
    return this.records.size;
  }

  /** List sources the index holds (the lists a change is checked against). */
  sources(): string[] {
    return [...this.perSource.keys()].sort();
  }

  get(source: string, id: string): EntityRecord | undefined {
    return this.records.get(refOf({ source, id }));
  }

  all(): IterableIterator<EntityRecord> {
    return this.records.values();
  }

  put(r: EntityRecord): void {
    const ref = refOf(r);
    if (this.records.has(ref)) this.delete(r.source, r.id);
    this.records.set(ref, r);
    this.perSource.set(r.source, (this.perSource.get(r.source) ?? 0) + 1);
    for (const id of r.ids) add(this.byId, strongIdKey(id), ref);
    for (const k of nameKeysOf(r)) add(this.byName, k, ref);
    for (const k of edgeKeysOf(r)) add(this.byEdgeName, k, ref);
    for (const e of r.edges) {
      for (const k of edgeTargetKey(r, e)) {
        add(this.incoming, k, ref);
        if (e.kind === 'subsidiary') add(this.incomingSubsidiary, k, ref);
      }
    }
  }

  delete(source: string, id: string): void {
    const ref = refOf({ source, id });
    const r = this.records.get(ref);
    if (!r) return;
    this.records.delete(ref);
    const n = (this.perSource.get(source) ?? 1) - 1;
    if (n > 0) this.perSource.set(source, n);
    else this.perSource.delete(source);
    for (const x of r.ids) remove(this.byId, strongIdKey(x), ref);
    for (const k of nameKeysOf(r)) remove(this.byName, k, ref);
    for (const k of edgeKeysOf(r)) remove(this.byEdgeName, k, ref);
    for (const e of r.edges) {
      for (const k of edgeTargetKey(r, e)) {
        remove(this.incoming, k, ref);
        remove(this.incomingSubsidiary, k, ref);
      }
    }
  }

  /** Incremental update from one source's changes: records put, ids deleted. */
  apply(source: string, puts: readonly EntityRecord[], deletes: readonly string[]): void {
    for (const id of deletes) this.delete(source, id);
    for (const r of puts) this.put(r);
  }

  /** Entries named so (normalised), any source. */
  findByName(name: string): EntityRecord[] {
    const keys = [nameKey(name, false), nameKey(name, true)].filter((k): k is string => !!k);
    const refs = new Set(keys.flatMap((k) => [...refsOf(this.byName, k)]));
    return [...refs].map((ref) => this.records.get(ref)!);
  }

  /** The other lists' entries that are the same entity, best first (`only`: of that list only). */
  matchesOf(r: EntityRecord, only?: string): AlsoListed[] {
    const own = listOf(r.source);
    const wanted = (o: EntityRecord) => only === undefined || listOf(o.source) === listOf(only);
    const found = new Map<string, AlsoListed>();
    for (const sid of r.ids) {
      for (const ref of refsOf(this.byId, strongIdKey(sid))) {
        const o = this.records.get(ref)!;
        if (listOf(o.source) === own || o.type !== r.type || found.has(ref) || !wanted(o)) continue;
        const theirs = o.ids.find((x) => strongIdKey(x) === strongIdKey(sid))!;
        if (!sameCountry(sid, theirs)) continue;
        found.set(ref, this.also(o, { by: 'identifier', field: sid.field, value: sid.value }));
      }
    }
    for (const k of nameKeysOf(r)) {
      for (const ref of refsOf(this.byName, k)) {
        const o = this.records.get(ref)!;
        if (listOf(o.source) === own || o.type !== r.type || found.has(ref) || !wanted(o)) continue;
        const corroboration = corroborate(r, o);
        if (!corroboration) continue;
        found.set(
          ref,
          this.also(o, {
            by: 'name',
            score: bestScore(r, o, k),
            corroboration,
            label: corroboration.length ? 'name-corroborated' : 'name-only',
          }),
        );
      }
    }
    return [...found.values()].sort(compareAlso).slice(0, MAX_ALSO_LISTED);
  }

  /**
   * Whether `a` and `b` (of two lists) share a name and no other entry of either list bears any
   * name they share: a name two companies of one list bear does not say which the other list means.
   */
  soleBearers(a: EntityRecord, b: EntityRecord): boolean {
    const theirs = new Set(nameKeysOf(b));
    // The two entries by list and id: one list's publications in two formats (OFAC's XML and CSV)
    // hold the same entry under the same id.
    const mine = [`${listOf(a.source)}:${a.id}`, `${listOf(b.source)}:${b.id}`];
    const lists = new Set([listOf(a.source), listOf(b.source)]);
    let shared = false;
    for (const k of nameKeysOf(a)) {
      if (!theirs.has(k)) continue;
      shared = true;
      for (const ref of refsOf(this.byName, k)) {
        const { source, id } = splitRef(ref);
        const list = listOf(source);
        if (lists.has(list) && !mine.includes(`${list}:${id}`)) return false;
      }
    }
    return shared;
  }

  private also(o: EntityRecord, match: LinkMatch): AlsoListed {
    return { source: o.source, id: o.id, name: o.name, listedOn: o.listedOn ?? null, match };
  }

  /** The entry an edge points at: by id in the same source, else by name (same source first). */
  resolveEdge(from: EntityRecord, e: EdgeSpec): EntityRecord | undefined {
    if (e.id) {
      const byId = this.records.get(refOf({ source: from.source, id: e.id }));
      if (byId) return byId;
    }
    const k = edgeNameKey(e.name);
    if (!k) return undefined;
    const me = refOf(from);
    let same: string | undefined;
    let other: string | undefined;
    for (const ref of refsOf(this.byEdgeName, k)) {
      if (ref === me) continue;
      if (splitRef(ref).source === from.source) {
        if (same === undefined || ref < same) same = ref;
      } else if (other === undefined || ref < other) other = ref;
    }
    const ref = same ?? other;
    return ref ? this.records.get(ref) : undefined;
  }

  /** Entries that state an edge resolving to `r`, with that edge. */
  private incomingOf(r: EntityRecord, subsidiaryOnly = false): { from: EntityRecord; edge: EdgeSpec }[] {
    const map = subsidiaryOnly ? this.incomingSubsidiary : this.incoming;
    const me = refOf(r);
    const keys = [`id:${refOf(r)}`, ...edgeKeysOf(r).map((k) => `name:${k}`)];
    const out: { from: EntityRecord; edge: EdgeSpec }[] = [];
    const seen = new Set<string>();
    for (const key of keys) {
      for (const ref of refsOf(map, key)) {
        if (seen.has(ref)) continue;
        seen.add(ref);
        const from = this.records.get(ref);
        if (!from) continue;
        for (const edge of from.edges) {
          if (subsidiaryOnly && edge.kind !== 'subsidiary') continue;
          const to = this.resolveEdge(from, edge);
          if (to && refOf(to) === me) out.push({ from, edge });
        }
      }
    }
    return out;
  }

  /** One hop up from `r`: its own up-edges, and entries that list it as a subsidiary. */
  up(r: EntityRecord): { to: EntityRecord; kind: RelationKind; text: string; source: string }[] {
    const out: { to: EntityRecord; kind: RelationKind; text: string; source: string }[] = [];
    for (const e of r.edges) {
      if (!UP_KINDS.has(e.kind)) continue;
      const to = this.resolveEdge(r, e);
      if (to) out.push({ to, kind: e.kind, text: e.text, source: r.source });
    }
    for (const { from, edge } of this.incomingOf(r, true)) {
      out.push({ to: from, kind: 'parent', text: edge.text, source: from.source });
    }
    return out;
  }

  /**
   * The relationships of an entry: every entry up to `hops` hops up (what it is linked to, owned
   * by, a subsidiary of, and so on up the chain), with the path; and the entries one hop down.
   */
  related(r: EntityRecord, hops = MAX_HOPS): Related[] {
    const out: Related[] = [];
    const seen = new Set<string>([refOf(r)]);
    let frontier: {
      at: EntityRecord;
      path: string;
      first?: { kind: RelationKind; text: string; source: string };
    }[] = [{ at: r, path: r.name }];
    for (let hop = 1; hop <= Math.min(hops, MAX_HOPS) && frontier.length; hop++) {
      const next: typeof frontier = [];
      for (const f of frontier) {
        for (const step of this.up(f.at)) {
          const ref = refOf(step.to);
          if (seen.has(ref) || out.length >= MAX_RELATED) continue;
          seen.add(ref);
          const path = `${f.path} → ${UP_WORDS[step.kind]} ${step.to.name}`;
          const first = f.first ?? { kind: step.kind, text: step.text, source: step.source };
          out.push({
            kind: first.kind,
            direction: 'up',
            hops: hop,
            other: entryRef(step.to),
            path,
            text: first.text,
            source: first.source,
          });
          next.push({ at: step.to, path, first });
        }
      }
      frontier = next;
    }
    const down: Related[] = [];
    const pushDown = (to: EntityRecord, kind: RelationKind, text: string, source: string) => {
      const ref = refOf(to);
      if (seen.has(ref) || out.length + down.length >= MAX_RELATED) return;
      seen.add(ref);
      down.push({
        kind,
        direction: 'down',
        hops: 1,
        other: entryRef(to),
        path: `${r.name} → ${DOWN_WORDS[kind]} ${to.name}`,
        text,
        source,
      });
    };
    for (const e of r.edges) {
      if (e.kind !== 'subsidiary') continue;
      const to = this.resolveEdge(r, e);
      if (to) pushDown(to, 'subsidiary', e.text, r.source);
    }
    for (const { from, edge } of this.incomingOf(r)) {
      if (edge.kind !== 'subsidiary') pushDown(from, edge.kind, edge.text, from.source);
    }
    return [...out, ...down];
  }

  /** What a change's entry is annotated with: other lists holding it, lists checked that do not, relationships. */
  annotate(r: EntityRecord): Annotation {
    const alsoListed = this.matchesOf(r);
    const holding = new Set(alsoListed.map((a) => listOf(a.source)));
    const own = listOf(r.source);
    const notListedBy = [...new Set(this.sources().map(listOf))].filter((s) => s !== own && !holding.has(s));
    return { alsoListed, notListedBy, related: this.related(r) };
  }
}

function entryRef(r: EntityRecord): EntryRef {
  return { source: r.source, id: r.id, name: r.name };
}

function sameCountry(a: StrongId, b: StrongId): boolean {
  return !a.country || !b.country || a.country === b.country;
}

function bestScore(a: EntityRecord, b: EntityRecord, key: string): number {
  let best = 0;
  for (const x of a.names) {
    if (nameKey(x, a.type === 'individual') !== key) continue;
    for (const y of b.names)
      if (nameKey(y, b.type === 'individual') === key) best = Math.max(best, nameScore(x, y));
  }
  return best;
}

function compareAlso(a: AlsoListed, b: AlsoListed): number {
  const rank = (x: AlsoListed) => (x.match.by === 'identifier' ? 2 : x.match.corroboration.length ? 1 : 0);
  return rank(b) - rank(a) || a.source.localeCompare(b.source) || a.id.localeCompare(b.id);
}
