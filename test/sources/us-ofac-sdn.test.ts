import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Designation } from '../../functions/core/model';
import { parse as parseConsolidated } from '../../functions/sources/us-ofac-consolidated';
import { definition, parse, parseEach } from '../../functions/sources/us-ofac-sdn';
import { HAVE_REALDATA, REALDATA_SKIP_MESSAGE, readReal } from '../support/realdata';
import { sourceError } from '../support/source-error';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const fixture = (...parts: string[]) => readFileSync(join(FIXTURES, ...parts));
const text = (...parts: string[]) => fixture(...parts).toString('utf8');
const bytes = (s: string) => new TextEncoder().encode(s);
const loose = { enforceBounds: false };

const pretty = text('us-ofac-sdn', 'sdn-2024-pretty.xml');

/** Equal as sets: the canonical order of identifiers is not what these tests are about. */
function expectSameSet(actual: unknown[], expected: unknown[]): void {
  expect(actual).toHaveLength(expected.length);
  expect(actual).toEqual(expect.arrayContaining(expected));
}

describe('us-ofac-sdn: sdn.xml', () => {
  it('reads the publication facts of the 2024 namespace', () => {
    const pub = parse(bytes(pretty), loose);
    expect(pub.meta).toMatchObject({
      source: 'us-ofac-sdn',
      published: '2024-05-03',
      statedRecordCount: 4,
      records: 4,
    });
    expect(pub.entries.map((e) => [e.id, e.entityType, e.name])).toEqual([
      ['90001', 'individual', 'TESTOV, Ivan Petrovich'],
      ['90002', 'entity', 'EXAMPLE OIL EXTRACTION JSC'],
      ['90003', 'vessel', 'EXAMPLE STAR'],
      ['90004', 'aircraft', 'EP-TST'],
    ]);
  });

  it('gives equal entries for the tempuri namespace in compact layout and the 2024 one pretty-printed', () => {
    const compact = parse(fixture('us-ofac-sdn', 'sdn-tempuri-compact.xml'), loose);
    expect(compact.entries).toEqual(parse(bytes(pretty), loose).entries);
  });

  it('maps every element of an individual', () => {
    const e = parse(bytes(pretty), loose).entries[0]!;
    expect(e.regimes).toEqual(['CYBER2', 'RUSSIA-EO14024']);
    expect(e.titles).toEqual(['Director of Example Works']);
    expect(e.birthDates).toEqual(['1970-08-12', 'circa 1968']);
    expect(e.birthPlaces).toEqual(['Saint Petersburg, Russia']);
    expect(e.nationalities).toEqual(['Cyprus', 'Russia']);
    expect(e.gender).toBe('Male');
    expect(e.aliases).toEqual([
      { name: 'TESTOFF, Ivan', type: 'aka', quality: 'strong' },
      { name: 'VANYA', type: 'aka', quality: 'weak' },
    ]);
    expect(e.addresses).toEqual([{ lines: [], city: 'Moscow', country: 'Russia' }]);
    expectSameSet(e.identifiers, [
      {
        type: 'digital-currency',
        value: '1TestAddressXbt000000000000000001',
        label: 'Digital Currency Address - XBT',
      },
      { type: 'email', value: 'ivan@example.test', label: 'Email Address' },
      {
        type: 'passport',
        value: '7100001',
        label: 'Passport',
        country: 'Russia',
        note: 'issued 2015-08-12; expires 2025-08-12',
      },
    ]);
    expect(e.attributes).toEqual({
      sanctionsRisk: ['Secondary sanctions risk: See Section 11 of Executive Order 14024.'],
    });
    expect(e.links).toEqual([{ name: 'EXAMPLE OIL EXTRACTION JSC', relation: 'Linked To' }]);
    expect(e.remarks).toBeUndefined();
  });

  it('maps organisation, vessel and aircraft facts to the agreed attributes and identifiers', () => {
    const [, entity, vessel, aircraft] = parse(bytes(pretty), loose).entries;
    expect(entity!.attributes).toEqual({
      establishedDate: ['1994-08'],
      organizationType: ['Extraction of crude petroleum and natural gas'],
      sanctionsRisk: ['Effective Date (EO 14024 Directive 2): 26 Mar 2022'],
      targetType: ['Financial Institution'],
    });
    expectSameSet(
      entity!.identifiers.map((i) => [i.type, i.label, i.value]),
      [
        ['other', 'Chinese Commercial Code', '0001 0002'],
        ['swift-bic', 'SWIFT/BIC', 'EXOLRUMM'],
        ['tax', 'Tax ID No.', '7700000001'],
        ['website', 'Website', 'www.example-oil.test'],
      ],
    );
    expect(entity!.aliases).toEqual([{ name: 'OAO EXAMPLE OIL', type: 'fka', quality: 'strong' }]);
    expect(entity!.remarks).toBe('All offices worldwide');

    expect(vessel!.attributes).toEqual({
      callSign: ['3E0001'],
      formerVesselFlag: ['Tanzania'],
      grossRegisteredTonnage: ['80000'],
      tonnage: ['150000'],
      vesselFlag: ['Panama'],
      vesselOwner: ['EXAMPLE SHIPPING CO LTD'],
      vesselType: ['Crude Oil Tanker'],
    });
    expect(vessel!.countries).toEqual(['Panama']);
    expectSameSet(
      vessel!.identifiers.map((i) => [i.type, i.value]),
      [
        ['imo', '9000001'],
        ['other', '352000001'],
      ],
    );

    expect(aircraft!.regimes).toEqual(['IRGC', 'SDGT']);
    expect(aircraft!.attributes).toEqual({
      aircraftManufactureDate: ['1992'],
      aircraftModel: ['Ilyushin IL-76TD'],
      aircraftOperator: ['EXAMPLE AIR'],
      aircraftSerial: ['1023400001'],
    });
    expect(aircraft!.identifiers).toEqual([
      { type: 'aircraft', value: '1023400001', label: "Aircraft Manufacturer's Serial Number (MSN)" },
    ]);
  });

  it('refuses an unknown sdnType, naming the uid', () => {
    const bad = pretty.replace('<sdnType>Aircraft</sdnType>', '<sdnType>Submarine</sdnType>');
    expect(sourceError(() => parse(bytes(bad), loose)).message).toBe(
      'us-ofac-sdn: uid 90004: unknown sdnType "Submarine"',
    );
  });

  it('refuses an entry without uid', () => {
    const bad = pretty.replace('<uid>90003</uid>', '');
    expect(sourceError(() => parse(bytes(bad), loose)).message).toContain(
      'an sdnEntry without uid: the entry has no <uid>',
    );
  });

  it('an entry read as a tree after entries read from events: each entry handed over once, in order, equal to the plain reading', () => {
    // Entries 90001 and 90002 are read from sax events; the added element in 90003 makes the
    // parser read the document again as trees, handing over only 90003 and 90004.
    const grown = pretty.replace(
      '<sdnType>Vessel</sdnType>',
      '<sdnType>Vessel</sdnType><hullColour>red</hullColour>',
    );
    const handed: Designation[] = [];
    const meta = parseEach(bytes(grown), (entry) => handed.push(entry), loose);
    expect(handed.map((e) => e.id)).toEqual(['90001', '90002', '90003', '90004']);
    expect(meta.records).toBe(4);
    const plain = parse(bytes(pretty), loose).entries;
    expect(handed.filter((e) => e.id !== '90003')).toEqual(plain.filter((e) => e.id !== '90003'));
    const { 'unmapped.sdnEntry/hullColour': added, ...rest } = handed[2]!.attributes;
    expect(added).toEqual(['red']);
    expect({ ...handed[2], attributes: rest }).toEqual(plain[2]);
    // CDATA in the first entry: every entry is read as a tree, and equal to the events' reading.
    const trees = parse(bytes(pretty.replace('<uid>90001</uid>', '<uid><![CDATA[90001]]></uid>')), loose);
    expect(trees.entries).toEqual(plain);
  });

  it('keeps an unknown element or attribute inside an entry as unmapped, refuses one renamed', () => {
    const grown = pretty
      .replace('<sdnType>Vessel</sdnType>', '<sdnType>Vessel</sdnType><hullColour>red</hullColour>')
      .replace('<uid>90003</uid>', '<uid risk="high">90003</uid>');
    const pub = parse(bytes(grown), loose);
    const vessel = pub.entries.find((e) => e.id === '90003')!;
    expect(vessel.attributes['unmapped.sdnEntry/hullColour']).toEqual(['red']);
    expect(vessel.attributes['unmapped.uid/@risk']).toEqual(['high']);
    expect(Object.keys(pub.meta.unmapped ?? {}).sort()).toEqual(['sdnEntry/hullColour', 'uid/@risk']);
    const renamed = pretty.replace('<sdnType>Vessel</sdnType>', '<sdnTypes>Vessel</sdnTypes>');
    const error = sourceError(() => parse(bytes(renamed), loose));
    expect(error.record).toBe('uid 90003');
    expect(error.reason).toBe(
      'unknown element <sdnTypes> inside <sdnEntry> looks like <sdnType> renamed: the format changed',
    );
  });

  it('keeps an unseen idType as an identifier of type other with its label', () => {
    const bad = pretty.replace('<idType>MMSI</idType>', '<idType>Hull Paint Code</idType>');
    const vessel = parse(bytes(bad), loose).entries[2]!;
    expect(vessel.identifiers).toContainEqual({
      type: 'other',
      value: '352000001',
      label: 'Hull Paint Code',
    });
  });

  it('refuses a truncated file', () => {
    const cut = pretty.slice(0, pretty.indexOf('<uid>90003</uid>'));
    expect(sourceError(() => parse(bytes(cut), loose)).reason).toMatch(/truncated|malformed/);
  });

  it('refuses malformed XML', () => {
    const bad = pretty.replace('</lastName>', '</firstName>');
    expect(sourceError(() => parse(bytes(bad), loose)).reason).toMatch(/^the XML is malformed/);
  });

  it('refuses an unknown namespace and a root that is not sdnList', () => {
    expect(
      sourceError(() => parse(bytes(pretty.replace('exports/XML"', 'exports/OTHER"')), loose)).reason,
    ).toContain('unknown sdnList namespace');
    expect(sourceError(() => parse(bytes('<?xml version="1.0"?><export/>'), loose)).reason).toContain(
      'not <sdnList>',
    );
  });

  it('refuses an HTML page and an empty file', () => {
    const html = '<!DOCTYPE html><html><body>Service unavailable</body></html>';
    expect(sourceError(() => parse(bytes(html))).reason).toBe(
      'received an HTML page instead of the publication',
    );
    expect(sourceError(() => parse(new Uint8Array(0))).reason).toMatch(/empty \(0 bytes\)/);
  });

  it('refuses a file whose Record_Count disagrees with its entries', () => {
    const bad = pretty.replace('<Record_Count>4</Record_Count>', '<Record_Count>5</Record_Count>');
    expect(sourceError(() => parse(bytes(bad), loose)).reason).toBe(
      'the publication states 5 records but 4 were read: the file is incomplete or malformed',
    );
  });

  it('enforces the record bounds by default', () => {
    expect(sourceError(() => parse(bytes(pretty))).reason).toContain(
      `outside the expected bounds ${definition.recordBounds.min}..`,
    );
  });
});

describe('us-ofac-consolidated: consolidated.xml', () => {
  const pub = parseConsolidated(fixture('us-ofac-consolidated', 'consolidated.xml'), loose);

  it('reads the same schema under its own source id', () => {
    expect(pub.meta).toMatchObject({ source: 'us-ofac-consolidated', published: '2022-03-24', records: 2 });
    expect(pub.entries.map((e) => e.source)).toEqual(['us-ofac-consolidated', 'us-ofac-consolidated']);
  });

  it('keeps addresses structured, CMIC dates as regime facts and ranges of birth years', () => {
    const [company, person] = pub.entries;
    expect(company!.addresses).toEqual([
      {
        lines: ['1 Example Road', 'Haidian District'],
        city: 'Beijing',
        postalCode: '100000',
        country: 'China',
      },
    ]);
    expect(company!.attributes.sanctionsRisk).toEqual(['Listing Date (CMIC) 03 Jun 2021']);
    expectSameSet(company!.identifiers, [
      { type: 'other', value: 'CNE000000001', label: 'ISIN' },
      { type: 'other', value: 'XYZ-1', label: 'Some Future Label' },
      {
        type: 'registration',
        value: '91110000000000001X',
        label: 'Unified Social Credit Code (USCC)',
        country: 'China',
      },
    ]);
    expect(person!.name).toBe('EXAMPLEMAN, Yusuf');
    expect(person!.birthDates).toEqual(['1960 to 1962']);
    expect(person!.remarks).toBe('HAMAS - Example City');
  });
});

describe.skipIf(!HAVE_REALDATA)('us-ofac-consolidated: real publications', { timeout: 60_000 }, () => {
  it.each([
    ['2018-04-06.xml', '2018-04-06', 639],
    ['2022-03-24.xml', '2022-03-24', 462],
  ])('%s parses within bounds with its stated Record_Count', (file, published, count) => {
    const pub = parseConsolidated(readReal('ofac-consolidated-xml', file));
    expect(pub.meta).toMatchObject({ published, statedRecordCount: count, records: count });
    // Every id label of the real files is mapped explicitly: only the securities identifiers
    // (and MMSI) are of type `other`.
    const otherLabels = new Set(
      pub.entries.flatMap((e) => e.identifiers.filter((i) => i.type === 'other')).map((i) => i.label),
    );
    expect([...otherLabels].every((l) => ['ISIN', 'Equity Ticker', 'Issuer Name', 'MMSI'].includes(l!))).toBe(
      true,
    );
  });
});

if (!HAVE_REALDATA) console.warn(REALDATA_SKIP_MESSAGE);
