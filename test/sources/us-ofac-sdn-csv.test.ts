import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseXml } from '../../functions/sources/us-ofac-sdn';
import { definition, parse } from '../../functions/sources/us-ofac-sdn-csv';
import { HAVE_REALDATA, readReal, realPath } from '../support/realdata';
import { sourceError } from '../support/source-error';

const DIR = join(import.meta.dirname, '../fixtures/us-ofac-sdn-csv');
const fixture = (name: string) => readFileSync(join(DIR, name));
const companions = () => ({
  'add.csv': fixture('add.csv'),
  'alt.csv': fixture('alt.csv'),
  'sdn_comments.csv': fixture('sdn_comments.csv'),
});
const loose = { enforceBounds: false };

describe('us-ofac-sdn-csv: sdn.csv with companions', () => {
  const pub = parse(fixture('sdn.csv'), { ...loose, companions: companions() });
  const byId = new Map(pub.entries.map((e) => [e.id, e]));

  it('reads every row of a CRLF file ending in 0x1A, `-0- ` as empty', () => {
    expect(fixture('sdn.csv').at(-1)).toBe(0x1a);
    expect(pub.meta).toMatchObject({ source: 'us-ofac-sdn-csv', records: 4 });
    expect(pub.meta.published).toBeUndefined();
    expect(pub.entries.map((e) => [e.id, e.entityType, e.name])).toEqual([
      ['90001', 'individual', 'TESTOV, Ivan Petrovich'],
      ['90002', 'entity', 'EXAMPLE OIL EXTRACTION JSC'],
      ['90003', 'vessel', 'EXAMPLE STAR'],
      ['90004', 'aircraft', 'EP-TST'],
    ]);
    expect(byId.get('90002')!.titles).toEqual([]);
  });

  it('splits programs joined by `] [`', () => {
    expect(byId.get('90001')!.regimes).toEqual(['CYBER2', 'RUSSIA-EO14024']);
    expect(byId.get('90004')!.regimes).toEqual(['IRGC', 'SDGT']);
  });

  it('continues truncated remarks from sdn_comments.csv, mid-word', () => {
    const e = byId.get('90001')!;
    expect(e.aliases).toContainEqual({ name: 'VANYA', type: 'aka', quality: 'weak' });
    expect(e.links).toEqual([{ name: 'EXAMPLE OIL EXTRACTION JSC', relation: 'Linked To' }]);
  });

  it('reads the remarks facts into fields, leaving only free text as remarks', () => {
    const e = byId.get('90001')!;
    expect(e.birthDates).toEqual(['1970-08-12', 'circa 1968']);
    expect(e.birthPlaces).toEqual(['Saint Petersburg, Russia']);
    expect(e.nationalities).toEqual(['Cyprus', 'Russia']);
    expect(e.gender).toBe('Male');
    expect(e.identifiers).toContainEqual({
      type: 'passport',
      value: '7100001',
      label: 'Passport',
      country: 'Russia',
      note: 'issued 2015-08-12; expires 2025-08-12',
    });
    expect(e.remarks).toBeUndefined(); // the title repeated in the remarks is not a remark
    expect(byId.get('90002')!.attributes.organizationType).toEqual([
      'Extraction of crude petroleum and natural gas',
    ]);
    expect(byId.get('90002')!.remarks).toBe('All offices worldwide');
  });

  it('gives the same designations as sdn.xml for the same uids', () => {
    const xml = parseXml(
      readFileSync(join(import.meta.dirname, '../fixtures/us-ofac-sdn/sdn-2024-pretty.xml')),
      loose,
    );
    expect(pub.entries.map((e) => ({ ...e, source: 'x' }))).toEqual(
      xml.entries.map((e) => ({ ...e, source: 'x' })),
    );
  });

  it('reads sdn.csv alone (archives) without aliases or addresses from the companions', () => {
    const alone = parse(fixture('sdn.csv'), loose);
    const e = alone.entries[0]!;
    expect(e.addresses).toEqual([]);
    expect(e.aliases).toEqual([]); // the weak alias was cut off into sdn_comments.csv
    expect(e.remarks).toContain("a.k.a. 'VA");
  });

  it('refuses an unknown SDN_Type, a wrong column count, a non-numeric ent_num and duplicates, naming the row', () => {
    expect(sourceError(() => parse(fixture('bad-type.csv'), loose)).message).toBe(
      'us-ofac-sdn-csv: sdn.csv line 1 (ent_num 90010): unknown SDN_Type "submarine"',
    );
    const columns = sourceError(() => parse(fixture('bad-columns.csv'), loose));
    expect([columns.record, columns.reason]).toEqual(['sdn.csv line 2', '4 columns where 12 were expected']);
    expect(sourceError(() => parse(fixture('bad-entnum.csv'), loose)).reason).toBe(
      'ent_num "A90012" is not a number',
    );
    expect(sourceError(() => parse(fixture('duplicate.csv'), loose)).reason).toBe(
      'the ent_num appears twice in sdn.csv',
    );
  });

  it('refuses an empty file, an HTML page and a count outside the bounds', () => {
    expect(sourceError(() => parse(new Uint8Array(0))).reason).toMatch(/empty \(0 bytes\)/);
    const html = new TextEncoder().encode('<html><head><title>Error</title></head></html>');
    expect(sourceError(() => parse(html)).reason).toBe('received an HTML page instead of the publication');
    expect(sourceError(() => parse(fixture('sdn.csv'))).reason).toContain(`${definition.recordBounds.min}..`);
  });
});

// Real files are large; the generous timeout is not a performance assertion (see bench/).
describe.skipIf(!HAVE_REALDATA)('us-ofac-sdn-csv: real publications', { timeout: 60_000 }, () => {
  const set = (dir: string) => ({
    'add.csv': readReal('ofac-sdn-csv', dir, 'add.csv'),
    'alt.csv': readReal('ofac-sdn-csv', dir, 'alt.csv'),
    'sdn_comments.csv': readReal('ofac-sdn-csv', dir, 'sdn_comments.csv'),
  });

  it('2021-07 with its companions parses within bounds, the comments continuing the remarks', () => {
    const pub = parse(readReal('ofac-sdn-csv', '2021-07', 'sdn.csv'), { companions: set('2021-07') });
    expect(pub.meta.records).toBe(8976);
    const tian = pub.entries.find((e) => e.id === '28263')!;
    expect(tian.aliases).toContainEqual({ name: 'snowsjohn', type: 'aka', quality: 'weak' });
    expect(tian.links).toEqual([{ name: 'LAZARUS GROUP', relation: 'Linked To' }]);
    expect(tian.addresses).toEqual([{ lines: [], city: 'Nanjing, Jiangsu', country: 'China' }]);
  });

  it.each([
    ['sdn_2021-08-18_09-39-01Z.csv', 9083],
    ['sdn_2024-05-03_18-43-23Z.csv', 14965],
  ])('daily %s parses alone within bounds', (file, records) => {
    expect(parse(readReal('ofac-sdn-csv', 'daily', file)).meta.records).toBe(records);
  });

  it('the hand-trimmed 2025-05 subset is refused (no 0x1A, orphan companion rows); made whole, it parses', () => {
    const dir = '2025-05-subset';
    expect(sourceError(() => parse(readReal('ofac-sdn-csv', dir, 'sdn.csv'), loose)).message).toBe(
      'us-ofac-sdn-csv: sdn.csv: the file does not end with the end-of-file byte (0x1A) OFAC writes after the last row: the download is incomplete',
    );
    const whole = (b: Uint8Array) => Buffer.concat([b, Buffer.from([0x1a])]);
    const sdn = whole(readReal('ofac-sdn-csv', dir, 'sdn.csv'));
    expect(sourceError(() => parse(sdn, { ...loose, companions: set(dir) })).reason).toBe(
      'the file does not end with the end-of-file byte (0x1A) OFAC writes after the last row: the download is incomplete',
    );
    const orphan = sourceError(() =>
      parse(sdn, { ...loose, companions: { 'add.csv': whole(readReal('ofac-sdn-csv', dir, 'add.csv')) } }),
    );
    expect(orphan.record).toMatch(/^add\.csv line \d+ \(ent_num \d+\)$/);
    expect(orphan.reason).toMatch(/^the row points at no entry of sdn\.csv/);
    // The trimmer kept companion rows of entries it dropped: keep only the rows of entries it kept.
    const ids = new Set(
      sdn
        .toString('latin1')
        .split('\r\n')
        .map((l) => l.split(',')[0]),
    );
    const own = (name: string) => {
      const lines = readReal('ofac-sdn-csv', dir, name).toString('latin1').split('\r\n');
      return whole(
        Buffer.from(lines.filter((l) => l === '' || ids.has(l.split(',')[0])).join('\r\n'), 'latin1'),
      );
    };
    const pub = parse(sdn, {
      ...loose,
      companions: {
        'add.csv': own('add.csv'),
        'alt.csv': own('alt.csv'),
        'sdn_comments.csv': own('sdn_comments.csv'),
      },
    });
    expect(pub.meta.companionRecords).toEqual({ 'add.csv': 24, 'alt.csv': 13, 'sdn_comments.csv': 1 });
    expect(pub.meta.records).toBe(17);
    const vessel = pub.entries.find((e) => e.id === '47371')!;
    expect(vessel.identifiers).toContainEqual({
      type: 'imo',
      value: '9339301',
      label: 'Identification Number',
    });
    expect(vessel.attributes.vesselType).toEqual(['Crude Oil Tanker']);
  });

  it('rejects the 0-byte failed download with a clear error', () => {
    const empty = readdirSync(realPath('ofac-sdn-csv', 'daily')).find((f) =>
      f.includes('EMPTY_FAILED_DOWNLOAD'),
    )!;
    expect(sourceError(() => parse(readReal('ofac-sdn-csv', 'daily', empty))).message).toBe(
      'us-ofac-sdn-csv: the file is empty (0 bytes): refusing to read it as a list with no entries',
    );
  });
});
