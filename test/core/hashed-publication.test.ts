/**
 * One serialisation per entry in a compact publication (`parseHashed`, what a poll diffs against
 * the snapshot): the text kept for each entry is its `stableStringify`, and the hash stored and
 * compared is `contentHash` of the entry — the same definition as before, so a snapshot written by
 * earlier code compares equal entry for entry (no false amendments), and parsing the text back
 * gives the entry.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentHash, stableStringify } from '../../functions/core/canonical';
import type { Designation } from '../../functions/core/model';
import { type ParseOptions, parseHashed } from '../../functions/core/source';
import { listSource } from '../../functions/sources/index';
import { HAVE_REALDATA, REALDATA_SKIP_MESSAGE, readReal } from '../support/realdata';

const FIXTURES = join(import.meta.dirname, '../fixtures');

/** Ids whose kept text, hash or parsed-back entry is not what the entry itself gives (none expected). */
function mismatches(source: string, bytes: Uint8Array, options: ParseOptions = {}): string[] {
  const src = listSource(source);
  const all = { enforceBounds: false, ...options };
  const entries = src.parse(bytes, all).entries;
  const hashed = parseHashed(src, bytes, all);
  const wrong: string[] = [];
  if (hashed.entries.size !== entries.length)
    wrong.push(`${entries.length} entries, ${hashed.entries.size} kept`);
  for (const d of entries) {
    const kept = hashed.entries.get(d.id);
    if (!kept) wrong.push(`${d.id}: missing`);
    else if (kept.json !== stableStringify(d)) wrong.push(`${d.id}: text`);
    else if (kept.hash !== contentHash(d)) wrong.push(`${d.id}: hash`);
    else if (stableStringify(hashed.get(d.id) as Designation) !== kept.json)
      wrong.push(`${d.id}: parsed back`);
    // The snapshot stores the kept text as the entry's JSON: it must be what JSON.stringify gives.
    else if (JSON.stringify(hashed.get(d.id)) !== kept.json) wrong.push(`${d.id}: stored text`);
  }
  return wrong;
}

describe('parseHashed', () => {
  it('keeps one stable text per entry whose hash is the entry contentHash (fixtures of every format)', () => {
    const fixture = (...p: string[]) => readFileSync(join(FIXTURES, ...p));
    expect(mismatches('un-sc-consolidated', fixture('un-sc-consolidated/pretty.xml'))).toEqual([]);
    expect(mismatches('us-ofac-consolidated', fixture('us-ofac-consolidated/consolidated.xml'))).toEqual([]);
    expect(mismatches('eu-fsf', fixture('eu-fsf/sanctions.xml'))).toEqual([]);
    expect(mismatches('gb-fcdo-sanctions', fixture('gb-fcdo-sanctions/uk-sanctions-list.xml'))).toEqual([]);
    expect(mismatches('gb-ofsi-conlist', fixture('gb-ofsi-conlist/conlist-2022.csv'))).toEqual([]);
    const companions = Object.fromEntries(
      ['add.csv', 'alt.csv', 'sdn_comments.csv'].map((f) => [f, fixture('us-ofac-sdn-csv', f)]),
    );
    expect(mismatches('us-ofac-sdn-csv', fixture('us-ofac-sdn-csv/sdn.csv'), { companions })).toEqual([]);
  });

  it('takes the sha256 of the bytes from the caller when it has it (hashed while reading), else hashes them', () => {
    const bytes = readFileSync(join(FIXTURES, 'un-sc-consolidated/pretty.xml'));
    const src = listSource('un-sc-consolidated');
    const own = parseHashed(src, bytes, { enforceBounds: false });
    expect(own.meta.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const known = 'f'.repeat(64); // what the caller says it read: taken as is, not computed again
    expect(parseHashed(src, bytes, { enforceBounds: false, sha256: known }).meta.sha256).toBe(known);
  });

  it.skipIf(!HAVE_REALDATA)(
    'does so for every entry of the real publications',
    () => {
      if (!HAVE_REALDATA) console.warn(REALDATA_SKIP_MESSAGE);
      const ofac = (f: string) => readReal('ofac-sdn-csv', '2021-07', f);
      expect(mismatches('un-sc-consolidated', readReal('un-consolidated', '2026-02-27.xml'))).toEqual([]);
      expect(mismatches('us-ofac-consolidated', readReal('ofac-consolidated-xml', '2022-03-24.xml'))).toEqual(
        [],
      );
      expect(mismatches('eu-fsf', readReal('eu-fsf-xml', 'sanctions.REPAIRED_PREFIX.xml'))).toEqual([]);
      const companions = {
        'add.csv': ofac('add.csv'),
        'alt.csv': ofac('alt.csv'),
        'sdn_comments.csv': ofac('sdn_comments.csv'),
      };
      expect(mismatches('us-ofac-sdn-csv', ofac('sdn.csv'), { companions })).toEqual([]);
      expect(
        mismatches('gb-ofsi-conlist', readReal('uk-ofsi-conlist', 'ConList_2025-04-14.FROM_XLSX.csv')),
      ).toEqual([]);
    },
    180_000,
  );
});
