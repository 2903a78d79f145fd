/**
 * The field-level diff of two publications of one list. Pure: publications in, changes out.
 *
 * Entries are keyed by the publisher's stable id. Entries with equal content are skipped without
 * further work (`sameContent`: equal exactly when their `contentHash`es are, decided by a structural
 * comparison that stops at the first difference instead of serialising and hashing both entries,
 * which costs ~10× more); field changes are built only for entries that differ. Every field change is
 * `material` or cosmetic (`material: false`):
 * - scalar fields (name, remarks, reasons, …): cosmetic when the values are equal after loose
 *   normalisation (see `looseText`);
 * - set-valued fields (aliases, addresses, identifiers, regimes, birthDates, …, and each
 *   `attributes.<key>`): one change per element added (`before: null`) or removed (`after: null`);
 *   a removed and an added element that are equal after loose normalisation are collapsed into one
 *   cosmetic change, and an element whose loose form is already on the other side is cosmetic too;
 * - bookkeeping fields (`BOOKKEEPING_FIELDS`: publisher timestamps) are always cosmetic;
 * - values the parser does not map (`attributes["unmapped.<path>"]`, an element a publisher added)
 *   are reported as field `unmapped.<path>`: cosmetic when the entry had no value at that path
 *   before (first appearance, e.g. a new element in every record) or has none after (the element
 *   dropped again); a value replaced by another is material like any field, since the publisher
 *   changed something about this entry that no mapped field shows.
 */
import { stableStringify } from './canonical';
import type { Change, ChangeKind, DiffResult, FieldChange, PublicationSummary, SectorTag } from './changes';
import type { Designation, Publication, PublicationMeta } from './model';
import { tagSectors } from './sectors';
import { UNMAPPED_PREFIX } from './source';

/** Looks up another entry by publisher id (for sector tags inherited through "Linked To"). */
export type LinkedLookup = (id: string) => Designation | undefined;

export interface DiffOptions {
  /** Entries of the old publication by id; default (diffPublications): the old publication itself. */
  linkedBefore?: LinkedLookup;
  /** Entries of the new publication by id; default (diffPublications): the new publication itself. */
  linkedAfter?: LinkedLookup;
}

/**
 * Fields that only record when the publisher last touched an entry (OFSI/FCDO `Last Updated`, UN
 * `LAST_DAY_UPDATED`, …). A change to them alone says nothing about the designation: cosmetic.
 */
export const BOOKKEEPING_FIELDS: ReadonlySet<string> = new Set(['lastUpdated', 'attributes.lastUpdated']);

/** The order fields are reported in; fields not named here follow, alphabetically. */
const FIELD_ORDER = [
  'entityType',
  'name',
  'aliases',
  'nonLatinNames',
  'regimes',
  'measures',
  'listedOn',
  'birthDates',
  'birthPlaces',
  'nationalities',
  'countries',
  'addresses',
  'identifiers',
  'positions',
  'titles',
  'gender',
  'links',
  'remarks',
  'reasons',
  'attributes',
  'lastUpdated',
];
const FIELD_RANK = new Map(FIELD_ORDER.map((f, i) => [f, i]));
/** Keys of a designation that identify it rather than describe it. */
const KEY_FIELDS = new Set(['source', 'id']);

const KIND_RANK: Record<ChangeKind, number> = { added: 0, removed: 1, amended: 2 };

/** Punctuation, symbol modifiers, separators, whitespace, control and format characters. */
const LOOSE_STRIP = /[\p{P}\p{Sk}\p{Z}\p{Cc}\p{Cf}\s]+/gu;

/**
 * Loose form of a text: NFC, case-folded, punctuation and whitespace removed, diacritics kept.
 * Two texts with the same loose form differ only cosmetically.
 */
export function looseText(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(LOOSE_STRIP, '');
}

/** Loose form of any value: strings as `looseText`, arrays as an unordered set, objects by sorted key. */
export function looseKey(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return looseText(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) {
    return value
      .map(looseKey)
      .filter((k) => k !== '')
      .sort()
      .join('\u0001');
  }
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const k = looseKey(obj[key]);
    if (k !== '') parts.push(`${key}\u0002${k}`);
  }
  return parts.join('\u0003');
}

/**
 * True when two entries have the same content: the structural equivalent of equal `contentHash`es
 * (keys whose value is `undefined` are ignored, as `stableStringify` ignores them; arrays compare in
 * order, which for canonical entries is sorted order).
 */
export function sameContent(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameContent(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let keys = 0;
  for (const k in ao) {
    if (ao[k] === undefined) continue;
    keys++;
    if (!sameContent(ao[k], bo[k])) return false;
  }
  for (const k in bo) if (bo[k] !== undefined) keys--;
  return keys === 0;
}

function exactKey(value: unknown): string {
  return typeof value === 'string' ? value : stableStringify(value);
}

function compareFields(a: string, b: string): number {
  const ra = FIELD_RANK.get(a.startsWith('attributes.') ? 'attributes' : a) ?? FIELD_ORDER.length;
  const rb = FIELD_RANK.get(b.startsWith('attributes.') ? 'attributes' : b) ?? FIELD_ORDER.length;
  if (ra !== rb) return ra - rb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Ids compare numerically when both are numbers (OFAC, UN), as text otherwise. */
export function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b) && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareChanges(a: Change, b: Change): number {
  return KIND_RANK[a.kind] - KIND_RANK[b.kind] || compareIds(a.id, b.id);
}

/** Field changes of one set-valued field (elements compared as a set, order ignored). */
function diffSet(
  field: string,
  before: readonly unknown[],
  after: readonly unknown[],
  out: FieldChange[],
): void {
  const beforeKeys = new Map<string, unknown>();
  for (const v of before) beforeKeys.set(exactKey(v), v);
  const afterKeys = new Map<string, unknown>();
  for (const v of after) afterKeys.set(exactKey(v), v);
  const removed: unknown[] = [];
  for (const [k, v] of beforeKeys) if (!afterKeys.has(k)) removed.push(v);
  const added: unknown[] = [];
  for (const [k, v] of afterKeys) if (!beforeKeys.has(k)) added.push(v);
  if (removed.length === 0 && added.length === 0) return;
  const bookkeeping = BOOKKEEPING_FIELDS.has(field);

  // Pair each removed element with an added one of the same loose form: one cosmetic change.
  const removedByLoose = new Map<string, unknown[]>();
  for (const v of removed) {
    const k = looseKey(v);
    const list = removedByLoose.get(k);
    if (list) list.push(v);
    else removedByLoose.set(k, [v]);
  }
  const unpairedAdded: [unknown, string][] = [];
  for (const v of added) {
    const k = looseKey(v);
    const partner = removedByLoose.get(k)?.shift();
    if (partner !== undefined) out.push({ field, before: partner, after: v, material: false });
    else unpairedAdded.push([v, k]);
  }
  // An element whose loose form is still present on the other side changes nothing material.
  const beforeLoose = new Set(before.map(looseKey));
  const afterLoose = new Set(after.map(looseKey));
  for (const [k, list] of removedByLoose) {
    for (const v of list)
      out.push({ field, before: v, after: null, material: !bookkeeping && !afterLoose.has(k) });
  }
  for (const [v, k] of unpairedAdded) {
    out.push({ field, before: null, after: v, material: !bookkeeping && !beforeLoose.has(k) });
  }
}

function diffScalar(field: string, before: unknown, after: unknown, out: FieldChange[]): void {
  const b = before ?? null;
  const a = after ?? null;
  if (b === a) return;
  if (b !== null && a !== null && typeof b === 'object' && stableStringify(b) === stableStringify(a)) return;
  const material = !BOOKKEEPING_FIELDS.has(field) && looseKey(b) !== looseKey(a);
  out.push({ field, before: b, after: a, material });
}

function isRecordOfArrays(value: unknown): value is Record<string, readonly unknown[]> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value as object).every((v) => Array.isArray(v))
  );
}

/** The field changes between two versions of one entry (empty when they say the same thing). */
export function diffFields(before: Designation, after: Designation): FieldChange[] {
  const out: FieldChange[] = [];
  const b = before as unknown as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  const fields = new Set([...Object.keys(b), ...Object.keys(a)]);
  for (const field of fields) {
    if (KEY_FIELDS.has(field)) continue;
    const bv = b[field];
    const av = a[field];
    if (Array.isArray(bv) || Array.isArray(av)) {
      diffSet(field, (bv as unknown[] | undefined) ?? [], (av as unknown[] | undefined) ?? [], out);
    } else if ((bv === undefined || isRecordOfArrays(bv)) && (av === undefined || isRecordOfArrays(av))) {
      // `attributes`: one set-valued field per key.
      const br = (bv ?? {}) as Record<string, readonly unknown[]>;
      const ar = (av ?? {}) as Record<string, readonly unknown[]>;
      for (const key of new Set([...Object.keys(br), ...Object.keys(ar)])) {
        if (key.startsWith(UNMAPPED_PREFIX)) diffUnmapped(key, br[key] ?? [], ar[key] ?? [], out);
        else diffSet(`${field}.${key}`, br[key] ?? [], ar[key] ?? [], out);
      }
    } else {
      diffScalar(field, bv, av, out);
    }
  }
  return out.sort((x, y) => compareFields(x.field, y.field));
}

/** `unmapped.<path>` values: see the module comment. */
function diffUnmapped(
  field: string,
  before: readonly unknown[],
  after: readonly unknown[],
  out: FieldChange[],
): void {
  const changes: FieldChange[] = [];
  diffSet(field, before, after, changes);
  const appearedOrDropped = before.length === 0 || after.length === 0;
  for (const c of changes) out.push(appearedOrDropped ? { ...c, material: false } : c);
}

function sectorsOf(d: Designation, linked: LinkedLookup | undefined): SectorTag[] {
  return linked ? tagSectors(d, linked) : tagSectors(d);
}

function changeOf(kind: ChangeKind, d: Designation, sectors: SectorTag[], fields: FieldChange[]): Change {
  return {
    kind,
    id: d.id,
    name: d.name,
    entityType: d.entityType,
    regimes: [...d.regimes],
    sectors,
    fields,
    material: kind !== 'amended' || fields.some((f) => f.material),
  };
}

/**
 * The change between two versions of one entry: `added` (no before), `removed` (no after),
 * `amended` (with its field changes), or `undefined` when nothing changed at all. Sectors are
 * tagged on the after-entry (the before-entry for a removal).
 */
export function diffEntry(
  before: Designation | undefined,
  after: Designation | undefined,
  options: DiffOptions = {},
): Change | undefined {
  if (!before && !after) return undefined;
  if (!before) return changeOf('added', after!, sectorsOf(after!, options.linkedAfter), []);
  if (!after) return changeOf('removed', before, sectorsOf(before, options.linkedBefore), []);
  if (sameContent(before, after)) return undefined;
  return amendment(before, after, options.linkedAfter);
}

function amendment(
  before: Designation,
  after: Designation,
  linked: LinkedLookup | undefined,
): Change | undefined {
  const fields = diffFields(before, after);
  if (fields.length === 0) return undefined;
  return changeOf('amended', after, sectorsOf(after, linked), fields);
}

function summaryOf(meta: PublicationMeta): PublicationSummary {
  return {
    ...(meta.published !== undefined ? { published: meta.published } : {}),
    records: meta.records,
    sha256: meta.sha256,
  };
}

/**
 * Every change from one publication of a list to the next, sorted by kind (added, removed,
 * amended) then id. Entries with equal content are skipped without building field changes.
 */
export function diffPublications(
  before: Publication,
  after: Publication,
  options: DiffOptions = {},
): DiffResult {
  if (before.meta.source !== after.meta.source) {
    throw new Error(
      `cannot diff publications of different sources: ${before.meta.source} and ${after.meta.source}`,
    );
  }
  const beforeById = new Map<string, Designation>();
  for (const d of before.entries) beforeById.set(d.id, d);
  const afterById = new Map<string, Designation>();
  for (const d of after.entries) afterById.set(d.id, d);
  const linkedBefore = options.linkedBefore ?? ((id: string) => beforeById.get(id));
  const linkedAfter = options.linkedAfter ?? ((id: string) => afterById.get(id));

  const changes: Change[] = [];
  for (const d of after.entries) {
    const old = beforeById.get(d.id);
    if (!old) {
      changes.push(changeOf('added', d, sectorsOf(d, linkedAfter), []));
    } else if (!sameContent(old, d)) {
      const change = amendment(old, d, linkedAfter);
      if (change) changes.push(change);
    }
  }
  for (const d of before.entries) {
    if (!afterById.has(d.id)) changes.push(changeOf('removed', d, sectorsOf(d, linkedBefore), []));
  }
  changes.sort(compareChanges);

  const summary = { added: 0, removed: 0, amended: 0 };
  for (const c of changes) summary[c.kind]++;
  return {
    source: after.meta.source,
    old: summaryOf(before.meta),
    new: summaryOf(after.meta),
    summary,
    changes,
  };
}

/**
 * A publication held compactly: each canonical entry as its JSON text (≈ 1 KB an entry against
 * ≈ 4 KB as objects), in publication order. Entries are parsed back only where needed.
 */
export interface CompactPublication {
  meta: PublicationMeta;
  /** Canonical JSON of each entry by id (`JSON.stringify` of the canonical entry). */
  entries: Map<string, string>;
}

/** Collects a publication's canonical entries as JSON text (the `onEntry` of a streaming parse). */
export function compactCollector(): { entries: Map<string, string>; add: (d: Designation) => void } {
  const entries = new Map<string, string>();
  return { entries, add: (d) => entries.set(d.id, JSON.stringify(d)) };
}

/** Parsed-back entries of a compact publication by id, each parsed at most once. */
function lookupOf(
  json: ReadonlyMap<string, string | undefined>,
  parsed: Map<string, Designation>,
): LinkedLookup {
  return (id) => {
    let d = parsed.get(id);
    if (d === undefined) {
      const text = json.get(id);
      if (text === undefined) return undefined;
      d = JSON.parse(text) as Designation;
      parsed.set(id, d);
    }
    return d;
  };
}

/**
 * `diffPublications` for a new publication read entry by entry against an old one held compactly:
 * the same `DiffResult`, while only the entries that differ are ever held as objects. Feed every
 * canonical entry of the new publication to `add` (e.g. as a streaming parser's `onEntry`), then
 * call `finish` with its meta.
 *
 * An entry whose canonical JSON equals the old one's is unchanged (equal text means equal content);
 * any other entry is a candidate, kept as an object and compared structurally in `finish`, so key
 * order never causes a false change. An unchanged entry keeps the old one's text for lookups (its
 * own text dies young instead of being held twice). Comparing the text without building it
 * (a walk of the entry against the old text) was tried: ≈ 35 % more CPU than the native
 * `JSON.stringify`.
 */
export class PublicationDiffer {
  /**
   * Every id of the new publication: the old text of an unchanged entry, `undefined` for a
   * candidate (always found in `afterParsed` first).
   */
  private readonly afterJson = new Map<string, string | undefined>();
  /** New entries that may differ from the old ones: added, or with different JSON. */
  private readonly candidates: Designation[] = [];
  private readonly afterParsed = new Map<string, Designation>();

  constructor(readonly before: CompactPublication) {}

  add(d: Designation): void {
    const json = JSON.stringify(d);
    const old = this.before.entries.get(d.id);
    if (old === json) {
      this.afterJson.set(d.id, old);
      return;
    }
    this.afterJson.set(d.id, undefined);
    this.candidates.push(d);
    this.afterParsed.set(d.id, d);
  }

  finish(afterMeta: PublicationMeta): DiffResult {
    const before = this.before;
    if (before.meta.source !== afterMeta.source) {
      throw new Error(
        `cannot diff publications of different sources: ${before.meta.source} and ${afterMeta.source}`,
      );
    }
    const beforeParsed = new Map<string, Designation>();
    const linkedBefore = lookupOf(before.entries, beforeParsed);
    const linkedAfter = lookupOf(this.afterJson, this.afterParsed);
    const changes: Change[] = [];
    // Removals first: their entries are read back from the old text (JSON.parse objects, another
    // shape than the parser's), so the tagger meets both shapes before V8 optimises it; met
    // afterwards, the second shape threw its optimised code away midway (≈ 10 % of tagging).
    // The order of `changes` is the sort's, not this one.
    for (const id of before.entries.keys()) {
      if (this.afterJson.has(id)) continue;
      const d = linkedBefore(id)!;
      changes.push(changeOf('removed', d, sectorsOf(d, linkedBefore), []));
    }
    for (const d of this.candidates) {
      const old = linkedBefore(d.id);
      if (!old) {
        changes.push(changeOf('added', d, sectorsOf(d, linkedAfter), []));
      } else if (!sameContent(old, d)) {
        const change = amendment(old, d, linkedAfter);
        if (change) changes.push(change);
      }
    }
    changes.sort(compareChanges);
    const summary = { added: 0, removed: 0, amended: 0 };
    for (const c of changes) summary[c.kind]++;
    return {
      source: afterMeta.source,
      old: summaryOf(before.meta),
      new: summaryOf(afterMeta),
      summary,
      changes,
    };
  }
}
