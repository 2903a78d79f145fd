import { createHash } from 'node:crypto';
import type { Designation } from './model';

/** NFC, CRLF → LF, trimmed; `undefined` for empty. */
export function cleanText(value: string | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = value.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  return text === '' ? undefined : text;
}

/** JSON with object keys sorted, so equal values always serialise identically. */
export function stableStringify(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`).join(',')}}`;
}

function cleanStrings(values: readonly (string | undefined)[]): string[] {
  const set = new Set<string>();
  for (const v of values) {
    const c = cleanText(v);
    if (c !== undefined) set.add(c);
  }
  return [...set].sort();
}

/** Cleans every string of a flat record, drops empty ones, and keeps arrays of strings clean. */
function cleanRecord<T extends object>(record: T): T | undefined {
  const out: Record<string, unknown> = {};
  let any = false;
  for (const [k, v] of Object.entries(record)) {
    if (typeof v === 'string') {
      const c = cleanText(v);
      if (c !== undefined) {
        out[k] = c;
        any = true;
      }
    } else if (Array.isArray(v)) {
      const lines = v.map((x) => cleanText(x as string)).filter((x): x is string => x !== undefined);
      out[k] = lines;
      if (lines.length) any = true;
    } else if (v !== undefined && v !== null) {
      out[k] = v;
    }
  }
  return any ? (out as T) : undefined;
}

function cleanObjects<T extends object>(values: readonly T[]): T[] {
  const byKey = new Map<string, T>();
  for (const v of values) {
    const c = cleanRecord(v);
    if (c) byKey.set(stableStringify(c), c);
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
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
  return createHash('sha256').update(stableStringify(d)).digest('hex');
}
