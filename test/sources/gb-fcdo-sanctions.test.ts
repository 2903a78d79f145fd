import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { definition, parse } from '../../functions/sources/gb-fcdo-sanctions';
import { entryById, refusalOf, utf8 } from './gb-support';

const FIXTURE = readFileSync(
  join(import.meta.dirname, '../fixtures/gb-fcdo-sanctions/uk-sanctions-list.xml'),
  'utf8',
);
const bytes = utf8;
const pub = parse(bytes(FIXTURE), { enforceBounds: false });
const entry = (id: string) => entryById(pub.entries, id);
const refusal = (input: string | Uint8Array) => refusalOf(parse, input);

describe('gb-fcdo-sanctions: hand-made UK Sanctions List XML', () => {
  it('reads DateGenerated and one entry per Designation keyed by UniqueID', () => {
    expect(pub.meta.published).toBe('2026-02-14');
    expect(pub.entries.map((e) => [e.id, e.entityType])).toEqual([
      ['RUS9001', 'individual'],
      ['RUS9002', 'entity'],
      ['RUS9003', 'vessel'],
    ]);
  });

  it('builds names from Name1..Name6, reads name types in any case and alias strength', () => {
    const person = entry('RUS9001');
    expect(person.name).toBe('Ivan Petrovich EXAMPLOV');
    expect(person.aliases).toEqual([
      { name: 'Ivan Petrovich EKZAMPLOV', type: 'other' },
      { name: 'THE STEELMAN', type: 'aka', quality: 'low' },
    ]);
    expect(person.nonLatinNames).toEqual([
      { name: 'Иван Петрович ЭКЗАМПЛОВ', script: 'Cyrillic', language: 'Russian' },
    ]);
  });

  it('reads the individual details: partial dates of birth, documents, places, gender', () => {
    const person = entry('RUS9001');
    expect(person.birthDates).toEqual(['1961', '1970-08', '1970-08-12', '1994']);
    expect(person.birthPlaces).toEqual(['Tula, Russia']);
    expect(person.nationalities).toEqual(['Cyprus', 'Russia']);
    expect(person.titles).toEqual(['Mr']);
    expect(person.gender).toBe('Male');
    expect(person.identifiers).toContainEqual({
      type: 'passport',
      value: '751234567',
      label: 'Passport',
      note: 'Russian foreign travel passport',
    });
    expect(person.identifiers).toContainEqual({ type: 'other', value: '90001', label: 'OFSI Group ID' });
  });

  it('maps SanctionsImposed and the true indicators to measures, and keeps the regime and source', () => {
    const person = entry('RUS9001');
    expect(person.measures).toEqual([
      'asset freeze',
      'director disqualification sanction',
      'travel ban',
      'trust services sanctions',
    ]);
    expect(person.regimes).toEqual(['The Russia (Sanctions) (EU Exit) Regulations 2019']);
    expect(person.attributes.designationSource).toEqual(['UK']);
    expect(person.attributes.listReference).toEqual(['RUS9001']);
    expect(person.listedOn).toBe('2022-03-15');
    expect(person.lastUpdated).toBe('2023-03-21');
    expect(person.reasons).toBe(
      'Ivan Petrovich EXAMPLOV is the owner of Example Steel Works JSC, a company carrying on business in the Russian metals sector.',
    );
  });

  it('reads an entity: statement of reasons, entity details, contacts', () => {
    const bank = entry('RUS9002');
    expect(bank.reasons).toContain('the Russian financial services sector');
    expect(bank.attributes.entityKind).toEqual(['Bank']);
    expect(bank.attributes.parentCompany).toEqual(['Example Holding LLC']);
    expect(bank.attributes.subsidiaries).toEqual(['Example Capital Ltd', 'Example Leasing LLC']);
    expect(bank.identifiers.map((i) => `${i.type}:${i.value}`).sort()).toEqual([
      'email:info@example-bank.test',
      'email:press@example-bank.test',
      'other:90002',
      'phone:+7 495 000-00-00',
      'registration:OGRN: 1027700000000',
      'website:www.example-bank.test',
    ]);
    expect(bank.aliases).toEqual([{ name: 'EXAMPLEBANK', type: 'aka', quality: 'good' }]);
  });

  it('reads a ship: IMO without its prefix, type, flag, owner, tonnage, year built', () => {
    const ship = entry('RUS9003');
    expect(ship.identifiers).toEqual([{ type: 'imo', value: '9123456', label: 'IMO number' }]);
    expect(ship.attributes).toMatchObject({
      vesselType: ['Crude Oil Tanker'],
      vesselFlag: ['Gabon'],
      vesselPreviousFlags: ['Liberia'],
      vesselOwner: ['Example Tanker Company'],
      tonnage: ['81502'],
      vesselLength: ['244'],
      vesselYearBuilt: ['2003'],
    });
    expect(ship.measures).toEqual(['asset freeze', 'transport sanctions']);
  });

  it('gives the same entries for the document compacted onto one line', () => {
    const compact = FIXTURE.replace(/>\s+</g, '><');
    expect(parse(bytes(compact), { enforceBounds: false }).entries).toEqual(pub.entries);
  });
});

describe('gb-fcdo-sanctions: refusals', () => {
  it('refuses an unknown IndividualEntityShip, naming the UniqueID', () => {
    const err = refusal(FIXTURE.replace('<IndividualEntityShip>Ship<', '<IndividualEntityShip>Aircraft<'));
    expect(err.message).toMatch(/UniqueID RUS9003.*unknown IndividualEntityShip "Aircraft"/);
  });

  it('keeps an element it does not know verbatim as unmapped, refuses an unknown record element', () => {
    const grown = parse(
      bytes(FIXTURE.replace('<Titles>', '<Nicknames><Nickname>Steely</Nickname></Nicknames><Titles>')),
      { enforceBounds: false },
    );
    const entry = grown.entries.find((e) => e.id === 'RUS9001')!;
    expect(Object.entries(entry.attributes).filter(([k]) => k.startsWith('unmapped.'))).toEqual([
      ['unmapped.Designation/Nicknames', ['<Nicknames><Nickname>Steely</Nickname></Nicknames>']],
    ]);
    const err = refusal(FIXTURE.replace(/<Designation>/, '<Designation2></Designation2><Designation>'));
    expect(err.message).toMatch(/unknown element <Designations\/Designation2>/);
  });

  it('refuses an unknown NameType and a designation without a UniqueID', () => {
    expect(refusal(FIXTURE.replace('<NameType>ALias<', '<NameType>Nickname<')).message).toMatch(
      /unknown NameType/,
    );
    expect(refusal(FIXTURE.replace('<UniqueID>RUS9002</UniqueID>', '')).message).toMatch(/no UniqueID/);
  });

  it('refuses a truncated file', () => {
    const cut = FIXTURE.slice(0, FIXTURE.indexOf('<UniqueID>RUS9003'));
    expect(refusal(cut).message).toMatch(/truncated or malformed/);
  });

  it('refuses another XML document, an empty file and an HTML page', () => {
    expect(refusal('<?xml version="1.0"?><sdnList></sdnList>').message).toMatch(/root element is <sdnList>/);
    expect(refusal(new Uint8Array()).message).toMatch(/empty/);
    expect(refusal('<html><head><title>GOV.UK</title></head></html>').message).toMatch(/HTML/);
  });

  it('refuses a full publication outside the record bounds', () => {
    expect(() => parse(bytes(FIXTURE))).toThrow(/outside the expected bounds/);
    expect(definition.recordBounds).toEqual({ min: 3000, max: 10000 });
  });
});
