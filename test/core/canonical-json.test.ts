/**
 * One serialisation per entry: every canonical entry's `canonicalJson` is its `stableStringify`, so
 * the JSON text kept for a publication doubles as the equality test and its hash is the entry's
 * `contentHash` — the definition of the hashes stored in snapshots is unchanged, and a store written
 * before this change compares equal entry for entry (no false amendments).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  canonicalize,
  canonicalJson,
  contentHash,
  hashOfCanonicalJson,
  stableStringify,
} from '../../functions/core/canonical';
import type { Designation } from '../../functions/core/model';
import { parseHashed } from '../../functions/core/source';
import { listSource } from '../../functions/sources/index';
import { HAVE_REALDATA, REALDATA_SKIP_MESSAGE, readReal } from '../support/realdata';

const FIXTURES = join(import.meta.dirname, '../fixtures');

/** Every fixture publication that parses, with the companions beside it. */
function fixturePublications(): {
  label: string;
  source: string;
  bytes: Uint8Array;
  companions: Record<string, Uint8Array>;
}[] {
  const out = [];
  const ofacCompanions = ['add.csv', 'alt.csv', 'sdn_comments.csv'];
  for (const source of [
    'eu-fsf',
    'gb-fcdo-sanctions',
    'gb-ofsi-conlist',
    'un-sc-consolidated',
    'us-ofac-consolidated',
    'us-ofac-sdn-csv',
  ]) {
    const dir = join(FIXTURES, source);
    for (const name of readdirSync(dir)) {
      if (source === 'us-ofac-sdn-csv' && name !== 'sdn.csv') continue;
      const companions: Record<string, Uint8Array> = {};
      if (source === 'us-ofac-sdn-csv')
        for (const c of ofacCompanions) companions[c] = readFileSync(join(dir, c));
      out.push({ label: `${source}/${name}`, source, bytes: readFileSync(join(dir, name)), companions });
    }
  }
  return out;
}

function entriesOf(
  source: string,
  bytes: Uint8Array,
  companions: Record<string, Uint8Array> = {},
): Designation[] {
  return listSource(source).parse(bytes, { enforceBounds: false, companions }).entries;
}

/** Ids of entries whose JSON is not their stable serialisation, or whose hash differs (none expected). */
function expectOneSerialisation(entries: Designation[]) {
  const wrong: string[] = [];
  for (const d of entries) {
    const json = canonicalJson(d);
    if (json !== stableStringify(d)) wrong.push(`${d.id}: text`);
    else if (hashOfCanonicalJson(json) !== contentHash(d)) wrong.push(`${d.id}: hash`);
    // Parsed back (as the compact publications do), it serialises to the same text.
    else if (canonicalJson(JSON.parse(json) as Designation) !== json) wrong.push(`${d.id}: parsed back`);
  }
  expect(wrong).toEqual([]);
}

describe('canonicalJson', () => {
  it('is the stable serialisation of every canonical entry of every fixture publication', () => {
    let entries = 0;
    for (const pub of fixturePublications()) {
      let parsed: Designation[];
      try {
        parsed = entriesOf(pub.source, pub.bytes, pub.companions);
      } catch {
        continue; // the bad-input fixtures: refused, nothing to serialise
      }
      expectOneSerialisation(parsed);
      entries += parsed.length;
    }
    expect(entries).toBeGreaterThan(20);
  });

  it('does not depend on the key order of what a parser built', () => {
    const built: Designation = {
      titles: [],
      source: 'x',
      id: ' 7 ',
      name: 'Name',
      entityType: 'entity',
      attributes: { z: ['b', 'a'], a: ['c'] },
      aliases: [{ quality: 'weak', type: 'aka', name: 'B' } as never, { name: 'A', type: 'aka' }],
      nonLatinNames: [],
      regimes: ['R2', 'R1', 'R2'],
      birthDates: [],
      birthPlaces: [],
      nationalities: [],
      countries: [],
      addresses: [{ country: 'X', lines: ['1 Road'], city: 'C' }],
      identifiers: [{ value: 'V', type: 'passport', note: 'n' } as never],
      positions: [],
      measures: [],
      links: [],
      remarks: 'r',
      listedOn: '2020-01-01',
      gender: 'm',
    };
    const reordered = Object.fromEntries(Object.entries(built).reverse()) as unknown as Designation;
    const a = canonicalize(built);
    const b = canonicalize(reordered);
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expectOneSerialisation([a, b]);
  });

  it('parseHashed keeps, per entry, that one text and the contentHash of the entry', () => {
    const un = readFileSync(join(FIXTURES, 'un-sc-consolidated/pretty.xml'));
    const hashed = parseHashed(listSource('un-sc-consolidated'), un, { enforceBounds: false });
    const entries = entriesOf('un-sc-consolidated', un);
    expect(hashed.entries.size).toBe(entries.length);
    for (const d of entries) {
      expect(hashed.entries.get(d.id)).toEqual({ json: canonicalJson(d), hash: contentHash(d) });
    }
  });

  it.skipIf(!HAVE_REALDATA)(
    'is the stable serialisation of every entry of the real publications',
    () => {
      if (!HAVE_REALDATA) console.warn(REALDATA_SKIP_MESSAGE);
      const ofac = (f: string) => readReal('ofac-sdn-csv', '2021-07', f);
      const cases: [string, Designation[]][] = [
        ['un', entriesOf('un-sc-consolidated', readReal('un-consolidated', '2026-02-27.xml'))],
        [
          'ofac-consolidated',
          entriesOf('us-ofac-consolidated', readReal('ofac-consolidated-xml', '2022-03-24.xml')),
        ],
        ['eu', entriesOf('eu-fsf', readReal('eu-fsf-xml', 'sanctions.REPAIRED_PREFIX.xml'))],
        [
          'sdn.csv',
          entriesOf('us-ofac-sdn-csv', ofac('sdn.csv'), {
            'add.csv': ofac('add.csv'),
            'alt.csv': ofac('alt.csv'),
            'sdn_comments.csv': ofac('sdn_comments.csv'),
          }),
        ],
        [
          'conlist',
          entriesOf('gb-ofsi-conlist', readReal('uk-ofsi-conlist', 'ConList_2025-04-14.FROM_XLSX.csv')),
        ],
      ];
      for (const [label, entries] of cases) {
        expect(entries.length, label).toBeGreaterThan(400);
        expectOneSerialisation(entries);
      }
    },
    120_000,
  );
});
