import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalize, contentHash } from '../../functions/core/canonical';
import { compactCollector, diffPublications, PublicationDiffer } from '../../functions/core/diff';
import { type Designation, emptyDesignation, type Publication } from '../../functions/core/model';
import { parseEach, parseHashed } from '../../functions/core/source';
import { LIST_SOURCES } from '../../functions/sources/index';

const FIXTURES = join(import.meta.dirname, '../fixtures');

const CASES: [string, string][] = [
  ['us-ofac-sdn', 'us-ofac-sdn/sdn-2024-pretty.xml'],
  ['us-ofac-sdn', 'us-ofac-sdn/sdn-tempuri-compact.xml'],
  ['us-ofac-sdn-csv', 'us-ofac-sdn-csv/sdn.csv'],
  ['gb-ofsi-conlist', 'gb-ofsi-conlist/conlist-2022.csv'],
];

describe('parseEach (streaming parse contract)', () => {
  it.each(CASES)(
    'given %s %s, when parsed entry by entry, then it gives exactly what parse gives',
    (id, file) => {
      const source = LIST_SOURCES[id]!;
      const bytes = readFileSync(join(FIXTURES, file));
      const whole = source.parse(bytes, { enforceBounds: false });
      const streamed: Designation[] = [];
      const meta = parseEach(source, bytes, (d) => streamed.push(d), { enforceBounds: false });
      expect(meta).toEqual(whole.meta);
      expect(streamed).toEqual(whole.entries);
    },
  );

  it('given a parsed fixture, when held as a HashedPublication, then hashes and entries match the objects', () => {
    const source = LIST_SOURCES['us-ofac-sdn']!;
    const bytes = readFileSync(join(FIXTURES, 'us-ofac-sdn/sdn-2024-pretty.xml'));
    const whole = source.parse(bytes, { enforceBounds: false });
    const hashed = parseHashed(source, bytes, { enforceBounds: false });
    expect(hashed.meta).toEqual(whole.meta);
    expect([...hashed.entries.keys()]).toEqual(whole.entries.map((d) => d.id));
    for (const d of whole.entries) {
      expect(hashed.entries.get(d.id)?.hash).toBe(contentHash(d));
      expect(hashed.get(d.id)).toEqual(d);
    }
  });
});

function pub(entries: Designation[], sha: string): Publication {
  return { meta: { source: 'gb-ofsi-conlist', records: entries.length, sha256: sha }, entries };
}

describe('PublicationDiffer (old side compact, new side streamed)', () => {
  it('given two publications, when diffed compactly, then the result equals diffPublications', () => {
    const e = (id: string, fill: Partial<Designation> = {}) =>
      canonicalize({ ...emptyDesignation('gb-ofsi-conlist', id, 'entity', `NAME ${id}`), ...fill });
    const before = pub(
      [
        e('1'),
        e('2', { remarks: 'Oil producer' }),
        e('3', { aliases: [{ name: 'X', type: 'aka' }] }),
        e('4'),
      ],
      'a'.repeat(64),
    );
    const after = pub(
      [
        e('1'),
        e('2', { remarks: 'Oil producer.' }),
        e('3', { aliases: [{ name: 'Y', type: 'aka' }] }),
        e('5', { remarks: 'Organization Type: Extraction of crude petroleum' }),
      ],
      'b'.repeat(64),
    );
    const old = compactCollector();
    for (const d of before.entries) old.add(d);
    const differ = new PublicationDiffer({ meta: before.meta, entries: old.entries });
    for (const d of after.entries) differ.add(d);
    expect(differ.finish(after.meta)).toEqual(diffPublications(before, after));
  });
});
