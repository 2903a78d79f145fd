import { createHash } from 'node:crypto';
import type { Designation } from './model';

/** Anything but printable ASCII, tab and line breaks: text without it is already NFC. */
const NON_ASCII = /[^ -~\t\n\r]/;

/** NFC, CRLF → LF, trimmed; `undefined` for empty. */
export function cleanText(value: string | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  // ASCII is already NFC, and most values have no CR: skip the work they would not change.
  let text = NON_ASCII.test(value) ? value.normalize('NFC') : value;
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
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
  const set = new Set<string>();
  for (const v of values) {
    const c = cleanText(v);
    if (c !== undefined) set.add(c);
  }
  return [...set].sort();
}

/**
 * Cleans every string of a flat record, drops empty ones, and keeps arrays of strings clean. The
 * keys come out sorted, so `JSON.stringify` of the result is its `stableStringify`.
 */
function cleanRecord<T extends object>(record: T): T | undefined {
  const out: Record<string, unknown> = {};
  let any = false;
  const rec = record as Record<string, unknown>;
  const keys = Object.keys(rec);
  if (keys.length > 1) keys.sort();
  for (const k of keys) {
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

function cleanObjects<T extends object>(values: readonly T[]): T[] {
  if (values.length === 0) return [];
  if (values.length === 1) {
    // One element: nothing to de-duplicate or sort.
    const c = cleanRecord(values[0]!);
    return c ? [c] : [];
  }
  const byKey = new Map<string, T>();
  for (const v of values) {
    const c = cleanRecord(v);
    // Sorted keys, flat values: the JSON text is the record's stable serialisation.
    if (c) byKey.set(JSON.stringify(c), c);
  }
  if (byKey.size === 1) return [...byKey.values()];
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

/**
 * The canonical form of a designation: Unicode NFC, trimmed, empty values dropped, every set
 * de-duplicated and sorted. Two publications that say the same thing in a different order or
 * layout give equal canonical entries. Every object in it (the entry, its records, `attributes`)
 * has its keys in sorted order, so its `JSON.stringify` is its `stableStringify`: one
 * serialisation (`canonicalJson`) serves as the stored text, the equality test and the content hash.
 */
export function canonicalize(d: Designation): Designation {
  const attributes: Record<string, string[]> = {};
  for (const key of Object.keys(d.attributes).sort()) {
    const values = cleanStrings(d.attributes[key] ?? []);
    if (values.length) attributes[key] = values;
  }
  const name = cleanText(d.name) ?? '';
  const gender = cleanText(d.gender);
  const lastUpdated = cleanText(d.lastUpdated);
  const listedOn = cleanText(d.listedOn);
  const reasons = cleanText(d.reasons);
  const remarks = cleanText(d.remarks);
  // Keys in sorted order (see above); optional ones only when present.
  const out = {
    addresses: cleanObjects(d.addresses),
    aliases: cleanObjects(d.aliases).filter((a) => !(a.type === 'primary' && a.name === name)),
    attributes,
    birthDates: cleanStrings(d.birthDates),
    birthPlaces: cleanStrings(d.birthPlaces),
    countries: cleanStrings(d.countries),
    entityType: d.entityType,
  } as Designation;
  if (gender) out.gender = gender;
  out.id = cleanText(d.id) ?? '';
  out.identifiers = cleanObjects(d.identifiers);
  if (lastUpdated) out.lastUpdated = lastUpdated;
  out.links = cleanObjects(d.links);
  if (listedOn) out.listedOn = listedOn;
  out.measures = cleanStrings(d.measures);
  out.name = name;
  out.nationalities = cleanStrings(d.nationalities);
  out.nonLatinNames = cleanObjects(d.nonLatinNames);
  out.positions = cleanStrings(d.positions);
  if (reasons) out.reasons = reasons;
  out.regimes = cleanStrings(d.regimes);
  if (remarks) out.remarks = remarks;
  out.source = d.source;
  out.titles = cleanStrings(d.titles);
  return out;
}

/**
 * The one serialisation of a canonical entry (made by `canonicalize`, or parsed back from this
 * text): its JSON, equal to its `stableStringify`. Equal texts mean equal entries, and
 * `hashOfCanonicalJson` of it is the entry's `contentHash`.
 */
export function canonicalJson(d: Designation): string {
  return JSON.stringify(d);
}

/** The `contentHash` of an entry from its `canonicalJson`, without serialising it again. */
export function hashOfCanonicalJson(json: string): string {
  return createHash('sha256').update(json).digest('hex');
}

/**
 * sha256 (hex) of the entry's stable serialisation; equal hashes mean nothing in the entry changed.
 * Works on any entry (keys in any order); for a canonical one it equals `hashOfCanonicalJson`.
 */
export function contentHash(d: Designation): string {
  return createHash('sha256').update(stableStringify(d)).digest('hex');
}
