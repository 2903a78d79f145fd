import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { definition, parse } from '../../functions/sources/un-sc-consolidated';
import { HAVE_REALDATA, REALDATA_SKIP_MESSAGE, readReal, realPath } from '../support/realdata';
import { sourceError } from '../support/source-error';

const FIXTURES = join(import.meta.dirname, '../fixtures/un-sc-consolidated');
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));
const parseFixture = (name: string) => parse(fixture(name), { enforceBounds: false });

describe('un-sc-consolidated: hand-made fixtures', () => {
  it('reads an individual with every mapped field', () => {
    const pub = parseFixture('compact.xml');
    expect(pub.meta).toMatchObject({
      source: 'un-sc-consolidated',
      published: '2024-03-01T19:04:40.335-04:00',
      records: 2,
    });
    const person = pub.entries.find((e) => e.id === '9000001');
    expect(person).toMatchObject({
      entityType: 'individual',
      name: 'TESTA BERTO CARLO',
      regimes: ['DPRK'],
      measures: ['arms embargo', 'asset freeze', 'travel ban'],
      listedOn: '2016-11-30',
      lastUpdated: '2020-01-15',
      gender: 'Male',
      titles: ['Dr.'],
      positions: ['Director of Example Trading', 'Former envoy'],
      nationalities: ["Democratic People's Republic of Korea"],
      nonLatinNames: [{ name: '테스타 베르토' }],
      remarks: 'Official of an example ministry.\nSecond line of the comment.',
      birthPlaces: ['Exampleville, Exampleland', 'Exampleville, North Example, Exampleland'],
      addresses: [
        {
          lines: ['1 Example Street'],
          city: 'Pyongyang',
          country: "Democratic People's Republic of Korea",
          note: 'as of 2016',
        },
      ],
    });
    expect(person?.aliases).toEqual([
      { name: 'Testa Berto', type: 'aka', quality: 'good' },
      { name: 'Uncle T', type: 'aka', quality: 'low' },
    ]);
    expect(person?.attributes).toEqual({
      listReference: ['KPi.901'],
      submittedBy: ['Exampleland'],
      aliasNote: ['Uncle T: previously listed as'],
    });
    expect(person?.identifiers).toEqual([
      {
        type: 'passport',
        value: '381310014',
        label: 'Passport',
        country: 'Exampleland',
        note: 'issued on 2011-12-07; expires 2016',
      },
      {
        type: 'national-id',
        value: 'Example national identity card number 545167',
        label: 'National Identification Number',
        note: 'issued in 1974',
      },
    ]);
  });

  it('keeps partial dates of birth at the publisher precision', () => {
    const person = parseFixture('compact.xml').entries.find((e) => e.id === '9000001');
    expect(person?.birthDates).toEqual([
      '1960 to 1962',
      '1962',
      '1964-07-17',
      '1994',
      'Nov. 1973',
      'circa 1958',
    ]);
  });

  it('trims the trailing space of a reference number', () => {
    const raw = fixture('compact.xml').toString('utf8');
    expect(raw).toContain('<REFERENCE_NUMBER>KPi.901 </REFERENCE_NUMBER>');
    const person = parseFixture('compact.xml').entries.find((e) => e.id === '9000001');
    expect(person?.attributes.listReference).toEqual(['KPi.901']);
  });

  it('maps entity aliases a.k.a./f.k.a., addresses and submission date', () => {
    const entity = parseFixture('compact.xml').entries.find((e) => e.id === '9000002');
    expect(entity).toMatchObject({
      entityType: 'entity',
      name: 'EXAMPLE MINING TRADING CORPORATION',
      aliases: [
        { name: 'EMTC', type: 'aka' },
        { name: 'Old Example Trading', type: 'fka' },
      ],
      attributes: { listReference: ['KPe.901'], submittedOn: ['2009-04-01'] },
      remarks: 'Primary arms dealer.',
    });
    expect(entity?.addresses).toHaveLength(2);
    expect(entity?.lastUpdated).toBeUndefined();
  });

  it('gives identical entries for the compact and pretty-printed layouts (VERSIONNUM, SORT_KEY ignored)', () => {
    const compact = parseFixture('compact.xml');
    const pretty = parseFixture('pretty.xml');
    expect(pretty.meta.published).not.toEqual(compact.meta.published);
    expect(pretty.entries).toEqual(compact.entries);
  });

  it('keeps an unknown element inside a record verbatim as unmapped.<path>, and counts it in the meta', () => {
    const pub = parseFixture('unknown-element.xml');
    const entry = pub.entries.find((e) => e.id === '9000003')!;
    expect(entry.attributes['unmapped.INDIVIDUAL/FAVOURITE_COLOUR']).toEqual(['blue']);
    expect(pub.meta.unmapped).toEqual({
      'INDIVIDUAL/FAVOURITE_COLOUR': { count: 1, example: 'blue', record: '9000003' },
    });
  });

  it('refuses a document with the wrong root element', () => {
    const err = sourceError(() => parseFixture('wrong-root.xml'));
    expect(err.message).toMatch(/^un-sc-consolidated: the root element is <sdnList>/);
  });

  it('refuses truncated XML, saying so', () => {
    const err = sourceError(() => parseFixture('truncated.xml'));
    expect(err.message).toMatch(/^un-sc-consolidated: the file is truncated or malformed XML/);
  });

  it('refuses an HTML page and an empty file', () => {
    expect(sourceError(() => parseFixture('html-page.xml')).message).toContain('HTML page');
    expect(sourceError(() => parse(new Uint8Array(0))).message).toContain('empty');
  });

  it('enforces the record-count bounds', () => {
    const err = sourceError(() => parse(fixture('compact.xml')));
    expect(err.message).toContain(`outside the expected bounds ${definition.recordBounds.min}`);
  });
});

describe.skipIf(!HAVE_REALDATA)(
  `un-sc-consolidated: real publications ${HAVE_REALDATA ? '' : REALDATA_SKIP_MESSAGE}`,
  () => {
    const files = HAVE_REALDATA
      ? readdirSync(realPath('un-consolidated')).filter((f) => f.endsWith('.xml'))
      : [];
    const expected: Record<string, number> = {
      '2017-06-20.xml': 1024,
      '2017-06-30.xml': 1024,
      '2017-07-03.xml': 1021,
      '2018-06-07.xml': 1098,
      '2018-06-21.xml': 1100,
      '2026-02-27.xml': 1003,
    };

    it('has the six real files', () => {
      expect(files.sort()).toEqual(Object.keys(expected).sort());
    });

    it.each(Object.entries(expected))(
      '%s parses within bounds with %i records',
      { timeout: 60_000 },
      (file, count) => {
        const pub = parse(readReal('un-consolidated', file));
        expect(pub.meta.records).toBe(count);
        expect(pub.meta.published).toMatch(/^\d{4}-\d{2}-\d{2}T/);
        for (const e of pub.entries) {
          expect(e.name).not.toBe('');
          expect(e.regimes).toHaveLength(1);
          for (const ref of e.attributes.listReference ?? []) expect(ref).toBe(ref.trim());
        }
      },
    );

    it('2017-06-30 → 2017-07-03 removes exactly three entries and adds none', { timeout: 60_000 }, () => {
      const before = parse(readReal('un-consolidated', '2017-06-30.xml'));
      const after = parse(readReal('un-consolidated', '2017-07-03.xml'));
      const afterIds = new Set(after.entries.map((e) => e.id));
      const beforeIds = new Set(before.entries.map((e) => e.id));
      expect(before.entries.filter((e) => !afterIds.has(e.id)).map((e) => e.id)).toHaveLength(3);
      expect(after.entries.filter((e) => !beforeIds.has(e.id))).toEqual([]);
    });
  },
);
