import { createHash } from 'node:crypto';
import type { Designation } from './model';

/** Anything but printable ASCII, tab and line breaks: text without it is already NFC. */
const NON_ASCII = /[^ -~\t\n\r]/;
/** `NON_ASCII` or a CR: text without either needs only trimming (one scan for most values). */
const NON_ASCII_OR_CR = /[^ -~\t\n]/;

/** NFC, CRLF → LF, trimmed; `undefined` for empty. */
export function cleanText(value: string | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  let text = value;
  // ASCII is already NFC, and most values have no CR: skip the work they would not change.
  if (NON_ASCII_OR_CR.test(text)) {
    if (NON_ASCII.test(text)) text = text.normalize('NFC');
    if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  }
  text = text.trim();
  return text === '' ? undefined : text;
}

/** JSON with object keys sorted, so equal values always serialise identically. */
export function stableStringify(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  // Built by concatenation (no intermediate arrays): this runs for every entry of every hash.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += stableStringify(value[i]);
    }
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += JSON.stringify(k);
    out += ':';
    out += typeof v === 'string' ? JSON.stringify(v) : stableStringify(v);
  }
  return `${out}}`;
}

function cleanStrings(values: readonly (string | undefined)[]): string[] {
  if (values.length === 0) return [];
  if (values.length === 1) {
    const c = cleanText(values[0]);
    return c === undefined ? [] : [c];
  }
  if (values.length > 16) {
    const set = new Set<string>();
    for (const v of values) {
      const c = cleanText(v);
      if (c !== undefined) set.add(c);
    }
    return [...set].sort();
  }
  // A handful of values (the usual case): a scan of the array de-duplicates them without a Set.
  const out: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const c = cleanText(values[i]);
    if (c !== undefined && !out.includes(c)) out.push(c);
  }
  return out.length > 1 ? out.sort() : out;
}

/** Cleans every string of a flat record, drops empty ones, and keeps arrays of strings clean. */
function cleanRecord<T extends object>(record: T): T | undefined {
  const out: Record<string, unknown> = {};
  let any = false;
  const rec = record as Record<string, unknown>;
  for (const k in rec) {
    const v = rec[k];
    if (typeof v === 'string') {
      const c = cleanText(v);
      if (c !== undefined) {
        out[k] = c;
        any = true;
      }
    } else if (Array.isArray(v)) {
      const lines: string[] = [];
      for (const x of v) {
        const c = cleanText(x as string);
        if (c !== undefined) lines.push(c);
      }
      out[k] = lines;
      if (lines.length) any = true;
    } else if (v !== undefined && v !== null) {
      out[k] = v;
    }
  }
  return any ? (out as T) : undefined;
}

/** `JSON.stringify(key)` of the few keys records have, each quoted once. */
const QUOTED_KEYS = new Map<string, string>();
function quotedKey(key: string): string {
  let quoted = QUOTED_KEYS.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (QUOTED_KEYS.size < 256) QUOTED_KEYS.set(key, quoted);
  }
  return quoted;
}

/**
 * `stableStringify` of a record made by `cleanRecord` (flat: strings, arrays of strings, scalars;
 * no `undefined` values), without the intermediate arrays of the general version.
 */
function flatKey(record: Record<string, unknown>): string {
  const keys = Object.keys(record).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = record[k];
    if (i > 0) out += ',';
    out += quotedKey(k);
    out += ':';
    out += typeof v === 'string' ? JSON.stringify(v) : stableStringify(v);
  }
  return `${out}}`;
}

function cleanObjects<T extends object>(values: readonly T[]): T[] {
  if (values.length === 0) return [];
  if (values.length === 1) {
    // One element: nothing to de-duplicate or sort.
    const c = cleanRecord(values[0]!);
    return c ? [c] : [];
  }
  // Sorted by their stable JSON, then one of each run of equal JSON kept (equal text, equal record).
  const keyed: { key: string; value: T }[] = [];
  for (const v of values) {
    const c = cleanRecord(v);
    if (c) keyed.push({ key: flatKey(c as Record<string, unknown>), value: c });
  }
  if (keyed.length > 1) keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const out: T[] = [];
  for (let i = 0; i < keyed.length; i++) {
    if (i === 0 || keyed[i]!.key !== keyed[i - 1]!.key) out.push(keyed[i]!.value);
  }
  return out;
}

/**
 * The canonical form of a designation: Unicode NFC, trimmed, empty values dropped, every set
 * de-duplicated and sorted. Two publications that say the same thing in a different order or
 * layout give equal canonical entries.
 */
export function canonicalize(d: Designation): Designation {
  const attributes: Record<string, string[]> = {};
  for (const key of Object.keys(d.attributes).sort()) {
    const values = cleanStrings(d.attributes[key] ?? []);
    if (values.length) attributes[key] = values;
  }
  const name = cleanText(d.name) ?? '';
  const out: Designation = {
    source: d.source,
    id: cleanText(d.id) ?? '',
    entityType: d.entityType,
    name,
    aliases: cleanObjects(d.aliases).filter((a) => !(a.type === 'primary' && a.name === name)),
    nonLatinNames: cleanObjects(d.nonLatinNames),
    regimes: cleanStrings(d.regimes),
    birthDates: cleanStrings(d.birthDates),
    birthPlaces: cleanStrings(d.birthPlaces),
    nationalities: cleanStrings(d.nationalities),
    countries: cleanStrings(d.countries),
    addresses: cleanObjects(d.addresses),
    identifiers: cleanObjects(d.identifiers),
    positions: cleanStrings(d.positions),
    titles: cleanStrings(d.titles),
    measures: cleanStrings(d.measures),
    links: cleanObjects(d.links),
    attributes,
  };
  const listedOn = cleanText(d.listedOn);
  if (listedOn) out.listedOn = listedOn;
  const lastUpdated = cleanText(d.lastUpdated);
  if (lastUpdated) out.lastUpdated = lastUpdated;
  const remarks = cleanText(d.remarks);
  if (remarks) out.remarks = remarks;
  const reasons = cleanText(d.reasons);
  if (reasons) out.reasons = reasons;
  const gender = cleanText(d.gender);
  if (gender) out.gender = gender;
  return out;
}

/** sha256 (hex) of the canonical entry; equal hashes mean nothing in the entry changed. */
export function contentHash(d: Designation): string {
  return hashOfStableJson(stableStringify(d));
}

/**
 * The `contentHash` of an entry from its `stableStringify` text, without serialising it again:
 * where an entry's text is kept anyway (a compact publication), that one serialisation gives the
 * text, the equality test and the hash.
 */
export function hashOfStableJson(json: string): string {
  return createHash('sha256').update(json).digest('hex');
}
