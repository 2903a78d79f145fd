import { describe, expect, it } from 'vitest';
import { canonicalize, contentHash } from '../../functions/core/canonical';
import { diffEntry, diffPublications, looseText, sameContent } from '../../functions/core/diff';
import {
  type Designation,
  type EntityType,
  emptyDesignation,
  type Publication,
} from '../../functions/core/model';
import { tagSectors } from '../../functions/core/sectors';

const SOURCE = 'gb-ofsi-conlist';

function entry(
  id: string,
  fill: Partial<Designation> = {},
  entityType: EntityType = 'individual',
): Designation {
  return canonicalize({ ...emptyDesignation(SOURCE, id, entityType, fill.name ?? `NAME ${id}`), ...fill });
}

function publication(entries: Designation[], published = '2024-01-01', sha256 = 'a'.repeat(64)): Publication {
  return { meta: { source: SOURCE, published, records: entries.length, sha256 }, entries };
}

const REASONS = '(UK Statement of Reasons):Member of the State Duma who voted in favour of the treaty.';

describe('diffEntry', () => {
  it('given no before-entry, when diffed, then the entry is added, material, with no field changes', () => {
    const after = entry('1', { regimes: ['Russia'] });

    const change = diffEntry(undefined, after);

    expect(change).toMatchObject({
      kind: 'added',
      id: '1',
      name: 'NAME 1',
      regimes: ['Russia'],
      material: true,
    });
    expect(change?.fields).toEqual([]);
  });

  it('given no after-entry, when diffed, then the entry is removed and tagged from the before-entry', () => {
    const before = entry('IMO1', { name: 'OCEAN STAR' }, 'vessel');

    const change = diffEntry(before, undefined);

    expect(change).toMatchObject({ kind: 'removed', id: 'IMO1', name: 'OCEAN STAR', entityType: 'vessel' });
    expect(change?.material).toBe(true);
    expect(change?.sectors).toEqual(tagSectors(before));
    expect(change?.sectors.map((s) => s.sector)).toContain('shipping');
  });

  it('given two equal entries, when diffed, then there is no change', () => {
    const before = entry('1', { aliases: [{ name: 'Ivan', type: 'aka' }] });
    const after = entry('1', { aliases: [{ name: 'Ivan', type: 'aka' }] });

    expect(diffEntry(before, after)).toBeUndefined();
  });

  it('given an alias added, when diffed, then one material alias change with before null', () => {
    const before = entry('1', { aliases: [{ name: 'Ivan IVANOV', type: 'aka' }] });
    const after = entry('1', {
      aliases: [
        { name: 'Ivan IVANOV', type: 'aka' },
        { name: 'Jean IVANOV', type: 'aka', quality: 'good' },
      ],
    });

    const change = diffEntry(before, after);

    expect(change).toMatchObject({ kind: 'amended', material: true });
    expect(change?.fields).toEqual([
      {
        field: 'aliases',
        before: null,
        after: { name: 'Jean IVANOV', type: 'aka', quality: 'good' },
        material: true,
      },
    ]);
  });

  it('given an address moved to another city, when diffed, then the old address is removed and the new added', () => {
    const old = { lines: ['1 Okhotny Ryad str'], city: 'Moscow', country: 'Russia' };
    const moved = { lines: ['12 Nevsky Prospekt'], city: 'St Petersburg', country: 'Russia' };

    const change = diffEntry(entry('1', { addresses: [old] }), entry('1', { addresses: [moved] }));

    expect(change?.fields).toEqual([
      { field: 'addresses', before: old, after: null, material: true },
      { field: 'addresses', before: null, after: moved, material: true },
    ]);
  });

  it('given a program added, when diffed, then a material regimes change and the new regimes on the change', () => {
    const change = diffEntry(
      entry('1', { regimes: ['UKRAINE-EO13660'] }),
      entry('1', { regimes: ['UKRAINE-EO13660', 'RUSSIA-EO14024'] }),
    );

    expect(change?.fields).toEqual([
      { field: 'regimes', before: null, after: 'RUSSIA-EO14024', material: true },
    ]);
    expect(change?.regimes).toEqual(['RUSSIA-EO14024', 'UKRAINE-EO13660']);
  });

  it('given a date of birth corrected, when diffed, then the partial date is removed and the full one added', () => {
    const change = diffEntry(
      entry('1', { birthDates: ['1970-08'] }),
      entry('1', { birthDates: ['1970-08-12'] }),
    );

    expect(change?.fields).toEqual([
      { field: 'birthDates', before: '1970-08', after: null, material: true },
      { field: 'birthDates', before: null, after: '1970-08-12', material: true },
    ]);
    expect(change?.material).toBe(true);
  });

  it('given an alias rewritten in other case and punctuation, when diffed, then one cosmetic change', () => {
    const before = entry('1', { aliases: [{ name: 'IVANOV, Ivan  Petrovich', type: 'aka' }] });
    const after = entry('1', { aliases: [{ name: 'Ivanov Ivan-Petrovich', type: 'aka' }] });

    const change = diffEntry(before, after);

    expect(change?.material).toBe(false);
    expect(change?.fields).toEqual([
      {
        field: 'aliases',
        before: { name: 'IVANOV, Ivan  Petrovich', type: 'aka' },
        after: { name: 'Ivanov Ivan-Petrovich', type: 'aka' },
        material: false,
      },
    ]);
  });

  it('given a name that gains a diacritic, when diffed, then the change is material (diacritics are kept)', () => {
    const change = diffEntry(entry('1', { name: 'MULLER, Hans' }), entry('1', { name: 'MÜLLER, Hans' }));

    expect(change?.fields).toEqual([
      { field: 'name', before: 'MULLER, Hans', after: 'MÜLLER, Hans', material: true },
    ]);
  });

  it('given address lines in another order and case, when diffed, then the address change is cosmetic', () => {
    const before = entry('1', {
      addresses: [{ lines: ['Building 2', '1 Okhotny Ryad str'], country: 'Russia' }],
    });
    const after = entry('1', {
      addresses: [{ lines: ['1 OKHOTNY RYAD STR.', 'Building 2'], country: 'Russia' }],
    });

    const change = diffEntry(before, after);

    expect(change?.fields).toHaveLength(1);
    expect(change?.fields[0]?.material).toBe(false);
  });

  it('given a second spelling of an alias that only differs in case, when added, then the addition is cosmetic', () => {
    const before = entry('1', { aliases: [{ name: 'Ivan Ivanov', type: 'aka' }] });
    const after = entry('1', {
      aliases: [
        { name: 'Ivan Ivanov', type: 'aka' },
        { name: 'IVAN IVANOV', type: 'aka' },
      ],
    });

    const change = diffEntry(before, after);

    expect(change?.fields).toEqual([
      { field: 'aliases', before: null, after: { name: 'IVAN IVANOV', type: 'aka' }, material: false },
    ]);
    expect(change?.material).toBe(false);
  });

  it('given the same sets in another order, when diffed without canonicalising, then there is no change', () => {
    const base = emptyDesignation(SOURCE, '1', 'entity', 'ACME');
    const before: Designation = {
      ...base,
      regimes: ['A', 'B'],
      aliases: [
        { name: 'X', type: 'aka' },
        { name: 'Y', type: 'aka' },
      ],
    };
    const after: Designation = {
      ...base,
      regimes: ['B', 'A'],
      aliases: [
        { name: 'Y', type: 'aka' },
        { name: 'X', type: 'aka' },
      ],
    };

    expect(diffEntry(before, after)).toBeUndefined();
  });

  it('given only lastUpdated bumped, when diffed, then an amendment with one cosmetic field', () => {
    const change = diffEntry(
      entry('1', { lastUpdated: '2022-03-11' }),
      entry('1', { lastUpdated: '2023-03-21' }),
    );

    expect(change).toMatchObject({ kind: 'amended', material: false });
    expect(change?.fields).toEqual([
      { field: 'lastUpdated', before: '2022-03-11', after: '2023-03-21', material: false },
    ]);
  });

  it('given lastUpdated bumped with a real change, when diffed, then the change is material and lastUpdated is not', () => {
    const change = diffEntry(
      entry('1', { lastUpdated: '2022-03-11', measures: ['asset freeze'] }),
      entry('1', { lastUpdated: '2023-03-21', measures: ['asset freeze', 'trust services'] }),
    );

    expect(change?.material).toBe(true);
    expect(change?.fields.map((f) => [f.field, f.material])).toEqual([
      ['measures', true],
      ['lastUpdated', false],
    ]);
  });

  it('given a vessel flag changed, when diffed, then a material attributes field change', () => {
    const change = diffEntry(
      entry('1', { attributes: { vesselFlag: ['Panama'] } }, 'vessel'),
      entry('1', { attributes: { vesselFlag: ['Cameroon'] } }, 'vessel'),
    );

    expect(change?.fields).toEqual([
      { field: 'attributes.vesselFlag', before: 'Panama', after: null, material: true },
      { field: 'attributes.vesselFlag', before: null, after: 'Cameroon', material: true },
    ]);
  });

  it('given remarks gaining only whitespace, when diffed, then the remarks change is cosmetic', () => {
    const change = diffEntry(
      entry('1', { remarks: 'Owned by ACME.' }),
      entry('1', { remarks: 'Owned  by\nACME.' }),
    );

    expect(change?.fields).toEqual([
      { field: 'remarks', before: 'Owned by ACME.', after: 'Owned  by\nACME.', material: false },
    ]);
  });

  it('given remarks gaining a word, when diffed, then the remarks change is material', () => {
    const change = diffEntry(
      entry('1', { remarks: 'Owned by ACME.' }),
      entry('1', { remarks: 'Formerly owned by ACME.' }),
    );

    expect(change?.material).toBe(true);
  });
});

describe('sameContent', () => {
  it('given equal and differing entries, when compared, then it agrees with comparing content hashes', () => {
    const pairs: [Designation, Designation, boolean][] = [
      [entry('1', { regimes: ['A'] }), entry('1', { regimes: ['A'] }), true],
      [{ ...entry('1'), remarks: undefined }, entry('1'), true],
      [entry('1', { remarks: 'a' }), entry('1', { remarks: 'b' }), false],
      [entry('1', { attributes: { callSign: ['X'] } }), entry('1'), false],
      [entry('1', { regimes: ['A', 'B'] }), entry('1', { regimes: ['A'] }), false],
    ];

    for (const [a, b, equal] of pairs) {
      expect(sameContent(a, b)).toBe(equal);
      expect(contentHash(a) === contentHash(b)).toBe(equal);
    }
  });
});

describe('looseText', () => {
  it('given text differing in case, punctuation and spacing, when loosened, then equal; diacritics are kept', () => {
    expect(looseText('IVANOV, Ivan  P.')).toBe(looseText('ivanov ivan p'));
    expect(looseText('Müller')).not.toBe(looseText('Muller'));
  });
});

describe('diffPublications', () => {
  it('given publications differing only in metadata and row order, when diffed, then zero changes', () => {
    const a = entry('1', { regimes: ['Russia'] });
    const b = entry('2', { regimes: ['Libya'] });
    const before = publication([a, b], '2023-06-05', 'a'.repeat(64));
    const after = publication(
      [entry('2', { regimes: ['Libya'] }), entry('1', { regimes: ['Russia'] })],
      '2023-06-06',
      'b'.repeat(64),
    );

    const result = diffPublications(before, after);

    expect(result.summary).toEqual({ added: 0, removed: 0, amended: 0 });
    expect(result.changes).toEqual([]);
    expect(result.old).toEqual({ published: '2023-06-05', records: 2, sha256: 'a'.repeat(64) });
    expect(result.new).toEqual({ published: '2023-06-06', records: 2, sha256: 'b'.repeat(64) });
  });

  it("given OFSI's '.' added after the list reference in every entry, when diffed, then cosmetic amendments only", () => {
    const ids = ['14241', '15672', '9001'];
    const before = publication(
      ids.map((id) => entry(id, { remarks: `(UK Sanctions List Ref):RUS${id} ${REASONS}` })),
    );
    const after = publication(
      ids.map((id) => entry(id, { remarks: `(UK Sanctions List Ref):RUS${id}. ${REASONS}` })),
    );

    const result = diffPublications(before, after);

    expect(result.summary).toEqual({ added: 0, removed: 0, amended: 3 });
    expect(result.changes.every((c) => !c.material && c.fields.every((f) => !f.material))).toBe(true);
    expect(result.changes.map((c) => c.fields.map((f) => f.field))).toEqual([
      ['remarks'],
      ['remarks'],
      ['remarks'],
    ]);
  });

  it('given additions, removals and amendments, when diffed, then sorted by kind then numeric id with counts', () => {
    const before = publication([
      entry('10'),
      entry('9'),
      entry('100', { gender: 'Male' }),
      entry('20', { titles: ['Dr'] }),
    ]);
    const after = publication([
      entry('3'),
      entry('25'),
      entry('20', { titles: ['Prof'] }),
      entry('100', { gender: 'Female' }),
    ]);

    const result = diffPublications(before, after);

    expect(result.changes.map((c) => `${c.kind} ${c.id}`)).toEqual([
      'added 3',
      'added 25',
      'removed 9',
      'removed 10',
      'amended 20',
      'amended 100',
    ]);
    expect(result.summary).toEqual({ added: 2, removed: 2, amended: 2 });
    expect(result.source).toBe(SOURCE);
  });

  it('given an added vessel, when diffed, then it carries the sectors tagged on the new entry', () => {
    const vessel = entry(
      '77',
      { name: 'PETROLEUM TANKER', attributes: { vesselType: ['Crude Oil Tanker'] } },
      'vessel',
    );

    const result = diffPublications(publication([]), publication([vessel]));

    expect(result.changes[0]?.sectors).toEqual(tagSectors(vessel, () => undefined));
    expect(result.changes[0]?.sectors.map((s) => s.sector)).toContain('shipping');
  });

  it('given an entry linked to another in the same publication, when diffed, then sectors see the linked entry', () => {
    const bank = entry(
      '5',
      { name: 'BANK ROSSIYA', identifiers: [{ type: 'swift-bic', value: 'ROSYRU2P' }] },
      'entity',
    );
    const owned = entry(
      '6',
      { name: 'NORTHERN HOLDINGS', links: [{ id: '5', name: 'BANK ROSSIYA', relation: 'Linked To' }] },
      'entity',
    );
    const lookup = (id: string) => (id === '5' ? bank : undefined);
    expect(tagSectors(owned, lookup)).not.toEqual(tagSectors(owned)); // the link matters to the tagger

    const result = diffPublications(publication([bank]), publication([bank, owned]));

    expect(result.changes).toHaveLength(1);
    expect(result.changes[0]?.sectors).toEqual(tagSectors(owned, lookup));
  });

  it('given publications of two sources, when diffed, then it refuses', () => {
    const other: Publication = {
      meta: { source: 'un-sc-consolidated', records: 0, sha256: 'c'.repeat(64) },
      entries: [],
    };

    expect(() => diffPublications(publication([]), other)).toThrow(/different sources/);
  });
});
