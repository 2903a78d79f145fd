import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffPublications } from '../../functions/core/diff';
import type { Publication } from '../../functions/core/model';
import { definition, parse } from '../../functions/sources/gb-ofsi-conlist';
import { HAVE_REALDATA, REALDATA_SKIP_MESSAGE, readReal } from '../support/realdata';
import { entryById as entry, refusalOf, utf8 } from './gb-support';

const FIXTURES = join(import.meta.dirname, '../fixtures/gb-ofsi-conlist');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const bytes = utf8;
const parseText = (text: string) => parse(bytes(text), { enforceBounds: false });
const refusal = (input: string | Uint8Array) => refusalOf(parse, input);

describe('gb-ofsi-conlist: 2022 format (hand-made fixture, CRLF)', () => {
  const pub = parseText(fixture('conlist-2022.csv'));

  it('reads line 1 as the publication date and groups the rows by Group ID', () => {
    expect(pub.meta.published).toBe('2023-03-21');
    expect(pub.entries.map((e) => e.id)).toEqual(['90001', '90002', '90003', '90004']);
    expect(pub.entries.map((e) => e.entityType)).toEqual(['individual', 'entity', 'vessel', 'entity']);
  });

  it('takes the primary name and keeps variations and AKAs with their quality', () => {
    const person = entry(pub.entries, '90001');
    expect(person.name).toBe('Ivan Petrovich EXAMPLOV');
    expect(person.aliases).toEqual([
      { name: 'Ivan Petrovich EKZAMPLOV', type: 'other' },
      { name: 'THE STEELMAN', type: 'aka', quality: 'low' },
      { name: 'Vanya EXAMPLOFF', type: 'aka', quality: 'good' },
    ]);
    expect(person.nonLatinNames).toEqual([
      { name: 'Иван Петрович ЭКЗАМПЛОВ', script: 'Cyrillic', language: 'Russian' },
    ]);
  });

  it('keeps partial dates of birth at the precision given', () => {
    expect(entry(pub.entries, '90001').birthDates).toEqual(['1970-08', '1970-08-12', '1994']);
  });

  it('splits enumerations and pairs passport numbers with their details', () => {
    const person = entry(pub.entries, '90001');
    expect(person.nationalities).toEqual(['Cyprus', 'Russia']);
    expect(person.birthPlaces).toEqual(['Omsk, Russia', 'Tula, Russia']);
    expect(person.identifiers).toContainEqual({
      type: 'passport',
      value: 'K0012345',
      label: 'Passport',
      note: 'Cypriot passport',
    });
    expect(person.identifiers).toContainEqual({
      type: 'national-id',
      value: '770412345678',
      label: 'National Identification Number',
      note: 'Russian tax number (INN)',
    });
  });

  it('reads the multi-line Other Information: reference, measures, link, reasons, gender', () => {
    const person = entry(pub.entries, '90001');
    expect(person.attributes.listReference).toEqual(['RUS9001']);
    expect(person.measures).toEqual(['asset freeze', 'trust services sanctions']);
    expect(person.links).toEqual([{ name: 'EXAMPLE STEEL WORKS JSC', relation: 'Linked To' }]);
    expect(person.reasons).toBe(
      'Ivan Petrovich EXAMPLOV is the owner of Example Steel Works JSC, a company carrying on business in the Russian metals sector.',
    );
    expect(person.gender).toBe('Male');
    expect(person.remarks).toBe('Date trust services sanctions imposed: 21/03/2023.');
  });

  it('maps the labelled facts of an entity to attributes and identifiers', () => {
    const bank = entry(pub.entries, '90002');
    expect(bank.attributes).toEqual({
      dateDesignated: ['2022-02-24'],
      entityKind: ['Bank', 'Public Joint Stock Company'],
      listReference: ['RUS9002'],
      parentCompany: ['Example Holding LLC'],
      subsidiaries: ['Example Capital Ltd', 'Example Leasing LLC'],
    });
    expect(bank.measures).toEqual([
      'asset freeze',
      'prohibition on correspondent banking and sterling clearing',
    ]);
    expect(bank.identifiers.map((i) => `${i.type}:${i.value}`).sort()).toEqual([
      'email:info@example-bank.test',
      'other:90099',
      'phone:+7 495 000-00-00',
      'phone:+7 495 000-00-01',
      'phone:+7 495 000-00-02',
      'registration:1027700000000',
      'swift-bic:EXBKRUMM',
      'website:www.example-bank.test',
    ]);
    expect(bank.reasons).toContain('the Russian financial services sector');
    expect(bank.remarks).toBe(
      'Listed under Schedule 2 of the Russia (Sanctions) (EU Exit) Regulations 2019.',
    );
    expect(bank.addresses).toHaveLength(2);
  });

  it('reads a ship: IMO, flag, type, owner and the entry it is an asset of', () => {
    const ship = entry(pub.entries, '90003');
    expect(ship.identifiers).toEqual([{ type: 'imo', value: '9123456', label: 'IMO number' }]);
    expect(ship.attributes.vesselType).toEqual(['Crude Oil Tanker']);
    expect(ship.attributes.vesselFlag).toEqual(['Gabon']);
    expect(ship.attributes.vesselPreviousFlags).toEqual(['Liberia', 'Panama']);
    expect(ship.attributes.vesselOwner).toEqual(['Example Tanker Company']);
    expect(ship.attributes.vesselYearBuilt).toEqual(['2003']);
    expect(ship.links).toEqual([
      { id: '90004', name: 'EXAMPLE TANKER COMPANY', relation: 'Listed as asset of' },
    ]);
    expect(ship.remarks).toBe('Crude oil tanker operating as part of the shadow fleet.');
  });

  it('unions the regimes of a group and keeps its earliest Listed On', () => {
    const owner = entry(pub.entries, '90004');
    expect(owner.regimes).toEqual(['Iran (Nuclear)', 'Russia']);
    expect(owner.listedOn).toBe('2020-02-01');
    expect(owner.identifiers).toEqual([{ type: 'other', value: 'XXe.001', label: 'UN Ref' }]);
  });

  it('gives the same entries for LF line ends as for CRLF', () => {
    const lf = parseText(fixture('conlist-2022.csv').replace(/\r\n/g, '\n'));
    expect(lf.entries).toEqual(pub.entries);
  });

  it("gives equal entries with or without the '.' OFSI added after the list reference in 2023", () => {
    const text = fixture('conlist-2022.csv');
    const dotted = text.replace(/\(UK Sanctions List Ref\):(RUS\d{4}) /g, '(UK Sanctions List Ref):$1. ');
    expect(dotted).not.toBe(text);
    expect(parseText(dotted).entries).toEqual(pub.entries);
  });
});

describe('gb-ofsi-conlist: pre-2022 format', () => {
  const pub = parseText(fixture('invban-oldformat.csv'));

  it('detects the 29-column header and reads Prime Alias / Alias', () => {
    expect(pub.meta.published).toBe('2020-12-31');
    const oil = entry(pub.entries, '80001');
    expect(oil.name).toBe('EXAMPLE OIL');
    expect(oil.aliases).toEqual([{ name: 'EXAMPLE OIL COMPANY', type: 'aka' }]);
    expect(oil.remarks).toBe(
      'Listed under Council Regulation (EU) No. 833/2014. Not subject to an asset freeze.',
    );
    expect(oil.measures).toEqual([]);
  });

  it('reads Passport Details and NI Number as documents', () => {
    const person = entry(pub.entries, '80002');
    expect(person.birthDates).toEqual(['1961']);
    expect(person.identifiers.map((i) => `${i.type}:${i.value}`)).toEqual([
      'national-id:123-456',
      'passport:700000001',
      'passport:700000002',
    ]);
  });
});

describe('gb-ofsi-conlist: refusals', () => {
  const text = fixture('conlist-2022.csv');

  it('refuses a header with a required column missing, naming it', () => {
    const err = refusal(text.replace(',Regime,', ','));
    expect(err.message).toMatch(/required column "Regime" is missing/);
  });

  it('refuses an unknown Group Type, naming the group', () => {
    const err = refusal(text.replace(',Ship,', ',Aircraft,'));
    expect(err.message).toMatch(/Group ID 90003.*unknown Group Type "Aircraft"/);
  });

  it('refuses an unknown Alias Type and a row with the wrong number of cells', () => {
    expect(refusal(text.replace(',Primary name variation,', ',Nickname,')).message).toMatch(
      /unknown Alias Type/,
    );
    expect(refusal(text.replace(/,90004\r\n$/, ',90004,extra\r\n')).message).toMatch(
      /37 cells, the header 36/,
    );
  });

  it('refuses a file whose first line is not Last Updated', () => {
    expect(refusal(text.replace('Last Updated,21/03/2023', 'Updated,21/03/2023')).message).toMatch(/line 1/);
  });

  it('refuses an empty file and an HTML page', () => {
    expect(refusal(new Uint8Array()).message).toMatch(/empty/);
    expect(refusal('<!DOCTYPE html><html><body>Service unavailable</body></html>').message).toMatch(/HTML/);
  });

  it('refuses a full publication outside the record bounds', () => {
    expect(() => parse(bytes(text))).toThrow(/outside the expected bounds/);
    expect(definition.recordBounds.min).toBeGreaterThan(4);
  });
});

describe.skipIf(!HAVE_REALDATA)('gb-ofsi-conlist: real publications', () => {
  if (!HAVE_REALDATA) console.warn(REALDATA_SKIP_MESSAGE);
  const parsed = new Map<string, Publication>();
  const conlist = (date: string): Publication => {
    let pub = parsed.get(date);
    if (!pub) {
      pub = parse(readReal('uk-ofsi-conlist', `ConList_${date}.FROM_XLSX.csv`));
      parsed.set(date, pub);
    }
    return pub;
  };

  it('parses both ConList CSVs within bounds, 2023-06 and 2025-04', { timeout: 180_000 }, () => {
    const older = conlist('2023-06-05');
    const newer = conlist('2025-04-14');
    expect(older.meta.records).toBe(3993);
    expect(newer.meta.records).toBe(4688);
    expect(older.meta.published).toBe('2023-06-05');
    expect(newer.meta.published).toBe('2025-04-14');
    const sberbank = entry(newer.entries, '15076');
    expect(sberbank.attributes.listReference).toEqual(['RUS0256']);
    expect(sberbank.measures).toContain('trust services sanctions');
    expect(sberbank.reasons).toContain('Russian financial services sector');
    const ship = entry(newer.entries, '13651');
    expect(ship.entityType).toBe('vessel');
    expect(ship.identifiers).toEqual([{ type: 'imo', value: '7408873', label: 'IMO number' }]);
    for (const e of [...older.entries, ...newer.entries]) {
      expect(e.name).not.toBe('');
      // One token, without the '.' or ',' that follows it in the cell (`RUS0256.`, `IHR0061,`); two
      // 2025 groups carry a UN-style value (`SDi.005`), kept as published.
      for (const ref of e.attributes.listReference ?? []) expect(ref).toMatch(/^[A-Za-z]{2,4}\.?\d{3,4}$/);
    }
  });

  it('diffs ConList 2023-06 → 2025-04 without an error', { timeout: 180_000 }, () => {
    const result = diffPublications(conlist('2023-06-05'), conlist('2025-04-14'));
    expect(result.summary.added).toBeGreaterThan(0);
    expect(result.summary.removed).toBeGreaterThan(0);
    // Most groups did not change in those two years: the reformat must not make every group amended.
    expect(result.summary.amended).toBeLessThan(conlist('2023-06-05').meta.records / 4);
  });

  it('parses the three InvBan files (both formats) without error', () => {
    for (const file of [
      'InvBan_2020-09-10_oldformat.csv',
      'InvBan_2021-01-01_oldformat.csv',
      'InvBan_2023-12-27_2022format.csv',
    ]) {
      const pub = parse(readReal('uk-ofsi-invban', file), { enforceBounds: false });
      expect(pub.meta.records, file).toBe(11);
    }
  });

  it('reads the same list reference from the 2022 InvBan (no dot) as from ConList 2023 (dot)', () => {
    const invban = parse(readReal('uk-ofsi-invban', 'InvBan_2023-12-27_2022format.csv'), {
      enforceBounds: false,
    });
    const older = entry(invban.entries, '13079');
    expect(older.attributes.listReference).toEqual(['RUS0256']);
    expect(older.measures).toEqual([
      'asset freeze',
      'prohibition on correspondent banking and sterling clearing',
    ]);
  });
});
