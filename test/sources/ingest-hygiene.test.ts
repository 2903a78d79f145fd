/**
 * Completeness, encoding and size hygiene, and formats that grow (issue 15 items 1, 4, 7), on
 * hand-made fixtures and on broken variants of real publications made here at test time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { diffEntry, diffPublications } from '../../functions/core/diff';
import { escapeControls, SourceError } from '../../functions/core/errors';
import { emptyDesignation } from '../../functions/core/model';
import { parse as parseConList } from '../../functions/sources/gb-ofsi-conlist';
import { LIST_SOURCES } from '../../functions/sources/index';
import { parse as parseUn } from '../../functions/sources/un-sc-consolidated';
import { parse as parseSdnCsv } from '../../functions/sources/us-ofac-sdn-csv';
import { HAVE_REALDATA, readReal, realPath } from '../support/realdata';
import { sourceError } from '../support/source-error';

const loose = { enforceBounds: false };
const UN_ID = 'un-sc-consolidated';
const fixture = (source: string, name: string) =>
  readFileSync(join(import.meta.dirname, '../fixtures', source, name));

/** `bytes` cut just after the last line feed before `fraction` of its length (a download that stopped at a line end). */
function cutAtLineEnd(bytes: Uint8Array, fraction: number): Buffer {
  const buf = Buffer.from(bytes);
  const at = buf.lastIndexOf(10, Math.floor(buf.length * fraction));
  return buf.subarray(0, at + 1);
}

/** `bytes` with `insert` after the first occurrence of `after` found past `fraction` of its length. */
function insertAfter(bytes: Uint8Array, after: string, fraction: number, insert: Uint8Array): Buffer {
  const buf = Buffer.from(bytes);
  const at = buf.indexOf(after, Math.floor(buf.length * fraction)) + after.length;
  return Buffer.concat([buf.subarray(0, at), insert, buf.subarray(at)]);
}

const withoutSub = (b: Uint8Array) => Buffer.from(b).subarray(0, b.at(-1) === 0x1a ? -1 : undefined);

describe('us-ofac-sdn-csv: completeness (hand-made)', () => {
  const companions = () => ({
    'add.csv': fixture('us-ofac-sdn-csv', 'add.csv'),
    'alt.csv': fixture('us-ofac-sdn-csv', 'alt.csv'),
    'sdn_comments.csv': fixture('us-ofac-sdn-csv', 'sdn_comments.csv'),
  });
  const sdn = fixture('us-ofac-sdn-csv', 'sdn.csv');

  it('counts the rows of each companion in meta.companionRecords', () => {
    const pub = parseSdnCsv(sdn, { ...loose, companions: companions() });
    expect(pub.meta.companionRecords).toEqual({ 'add.csv': 1, 'alt.csv': 2, 'sdn_comments.csv': 1 });
  });

  it('refuses sdn.csv, add.csv and alt.csv without the final 0x1A, naming the file', () => {
    expect(sourceError(() => parseSdnCsv(withoutSub(sdn), loose)).message).toBe(
      'us-ofac-sdn-csv: sdn.csv: the file does not end with the end-of-file byte (0x1A) OFAC writes after the last row: the download is incomplete',
    );
    for (const name of ['add.csv', 'alt.csv'] as const) {
      const set = companions();
      set[name] = withoutSub(set[name]);
      const err = sourceError(() => parseSdnCsv(sdn, { ...loose, companions: set }));
      expect(err.record).toBe(name);
      expect(err.reason).toMatch(/does not end with the end-of-file byte \(0x1A\)/);
    }
  });

  it('accepts sdn_comments.csv without 0x1A (the real 2021-07 one has none)', () => {
    const set = companions();
    set['sdn_comments.csv'] = withoutSub(set['sdn_comments.csv']);
    expect(parseSdnCsv(sdn, { ...loose, companions: set }).meta.records).toBe(4);
  });

  it('refuses a companion row that points at no entry, naming file, line and ent_num', () => {
    for (const [name, row] of [
      ['add.csv', '99999,3999,-0- ,"Riga","Latvia",-0- \r\n'],
      ['alt.csv', '99999,4999,"aka","NOBODY",-0- \r\n'],
      ['sdn_comments.csv', '99999,"orphan text"\r\n'],
    ] as const) {
      const set = companions();
      set[name] = Buffer.concat([withoutSub(set[name]), Buffer.from(row), Buffer.from([0x1a])]);
      const err = sourceError(() => parseSdnCsv(sdn, { ...loose, companions: set }));
      expect(err.record).toMatch(new RegExp(`^${name.replace('.', '\\.')} line \\d+ \\(ent_num 99999\\)$`));
      expect(err.reason).toBe(
        'the row points at no entry of sdn.csv: the companion files are from another publication or incomplete',
      );
    }
  });

  it('refuses a 0x1A anywhere but at the very end', () => {
    const bad = Buffer.concat([Buffer.from([0x1a]), sdn]);
    expect(sourceError(() => parseSdnCsv(bad, loose)).reason).toBe(
      'an end-of-file byte (0x1A) before the end at line 1 (byte 0): the file is corrupted',
    );
  });
});

describe('encoding, control bytes, size caps and escaped reasons (hand-made)', () => {
  it('escapes control characters in every part of a SourceError', () => {
    const err = new SourceError('s', 'bad \u0000\u001b[31m\u2028x\ty', 'row\n1');
    expect(err.message).toBe('s: row\\n1: bad \\x00\\x1b[31m\\u2028x\\ty');
    expect(err.reason).toBe('bad \\x00\\x1b[31m\\u2028x\\ty');
    expect(escapeControls('plain – text é')).toBe('plain – text é');
  });

  it('a refusal quoting list data with a line separator prints it escaped', () => {
    const sdn = Buffer.from(
      fixture('us-ofac-sdn-csv', 'sdn.csv').toString('utf8').replace('"individual"', '"indiv\u2028idual"'),
    );
    const err = sourceError(() => parseSdnCsv(sdn, loose));
    expect(err.message).toContain('unknown SDN_Type "indiv\\u2028idual"');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character may be left
    expect(err.message).not.toMatch(/[\u2028\u0000-\u001f]/);
  });

  it('refuses NUL and other control bytes, a C1 control, and invalid UTF-8, with line and byte', () => {
    const text = fixture('un-sc-consolidated', 'pretty.xml').toString('utf8');
    const nul = Buffer.from(text.replace('<INDIVIDUALS>', '<INDIVIDUALS>\n\u0000'));
    expect(sourceError(() => parseUn(nul, loose)).reason).toMatch(
      /^control byte 0x00 at line \d+ \(byte \d+\): the file is corrupted$/,
    );
    const c1 = Buffer.from(text.replace('<INDIVIDUALS>', '<INDIVIDUALS>\u0085'));
    expect(sourceError(() => parseUn(c1, loose)).reason).toMatch(/^control byte 0x85 at line/);
    const latin1 = Buffer.from(text.replace('<INDIVIDUALS>', '<INDIVIDUALS>é'), 'latin1');
    expect(sourceError(() => parseUn(latin1, loose)).reason).toMatch(
      /^the bytes are not valid UTF-8 at line \d+ \(byte \d+\): the file is in an undeclared encoding or corrupted; refusing to guess$/,
    );
  });

  it('honours a UTF-8 BOM, a UTF-16 BOM and a declared ISO-8859-1 encoding', () => {
    const text = fixture('un-sc-consolidated', 'pretty.xml').toString('utf8');
    const plain = parseUn(Buffer.from(text), loose);
    const bom = parseUn(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), loose);
    expect(bom.entries).toEqual(plain.entries);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(parseUn(utf16, loose).entries).toEqual(plain.entries);
  });

  it('refuses an encoding the runtime cannot decode', () => {
    const text = fixture('un-sc-consolidated', 'pretty.xml')
      .toString('utf8')
      .replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="X-KLINGON"?>');
    expect(sourceError(() => parseUn(Buffer.from(text), loose)).reason).toBe(
      'the XML declares encoding="X-KLINGON", which cannot be decoded',
    );
  });
});

describe('formats that grow (hand-made)', () => {
  const base = emptyDesignation('un-sc-consolidated', '1', 'individual', 'A B');

  it('diff: an unmapped value appearing or disappearing is cosmetic, a changed one material', () => {
    const grown = { ...base, attributes: { 'unmapped.INDIVIDUAL/X': ['v1'] } };
    const appeared = diffEntry(base, grown)!;
    expect(appeared).toMatchObject({ kind: 'amended', material: false });
    expect(appeared.fields).toEqual([
      { field: 'unmapped.INDIVIDUAL/X', before: null, after: 'v1', material: false },
    ]);
    expect(diffEntry(grown, base)!.material).toBe(false);
    const changed = diffEntry(grown, { ...base, attributes: { 'unmapped.INDIVIDUAL/X': ['v2'] } })!;
    expect(changed.material).toBe(true);
    expect(changed.fields.map((f) => f.field)).toEqual(['unmapped.INDIVIDUAL/X', 'unmapped.INDIVIDUAL/X']);
  });

  it('UN: refuses an unknown record element and a record element renamed (structural drift)', () => {
    const text = fixture('un-sc-consolidated', 'pretty.xml').toString('utf8');
    const vessels = text.replace('<INDIVIDUALS>', '<VESSELS><VESSEL/></VESSELS><INDIVIDUALS>');
    expect(sourceError(() => parseUn(Buffer.from(vessels), loose)).reason).toBe(
      'unexpected element <CONSOLIDATED_LIST/VESSELS>',
    );
    const renamed = text.replace('<INDIVIDUAL>', '<PERSON>').replace('</INDIVIDUAL>', '</PERSON>');
    expect(sourceError(() => parseUn(Buffer.from(renamed), loose)).reason).toBe(
      'unexpected element <CONSOLIDATED_LIST/INDIVIDUALS/PERSON>',
    );
    const dataid = text.replace(/<DATAID>(\d+)<\/DATAID>/, '<DATA_ID>$1</DATA_ID>');
    expect(sourceError(() => parseUn(Buffer.from(dataid), loose)).reason).toBe('the entry has no DATAID');
  });

  describe('ConList CSV: an extra column is unmapped, a missing or renamed one refused', () => {
    const text = fixture('gb-ofsi-conlist', 'conlist-2022.csv').toString('utf8');
    const nl = text.indexOf('\n');
    const rows = parseCsv(text.slice(nl + 1), {
      relax_column_count: true,
      skip_empty_lines: true,
    }) as string[][];
    const csv = (table: string[][]) =>
      Buffer.from(
        `${text.slice(0, nl + 1)}${table.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n')}\r\n`,
      );
    const withColumn = (name: string, value: (i: number) => string) =>
      csv(rows.map((r, i) => [...r, i === 0 ? name : value(i)]));

    it('keeps an unknown column as unmapped.<column>, per group', () => {
      const pub = parseConList(
        withColumn('Risk Score', (i) => (i === 1 ? 'high' : '')),
        loose,
      );
      const plain = parseConList(csv(rows), loose);
      const groupId = rows[1]![rows[0]!.indexOf('Group ID')]!;
      expect(pub.meta.unmapped).toEqual({ 'Risk Score': { count: 1, example: 'high', record: groupId } });
      const diff = diffPublications(plain, pub);
      expect(diff.summary).toEqual({ added: 0, removed: 0, amended: 1 });
      expect(diff.changes[0]!.material).toBe(false);
    });

    it('refuses a required column missing and a known column renamed', () => {
      const regime = rows[0]!.indexOf('Regime');
      const missing = csv(rows.map((r) => r.filter((_, i) => i !== regime)));
      expect(sourceError(() => parseConList(missing, loose)).reason).toBe(
        'required column "Regime" is missing from the 2022 header (line 2)',
      );
      const renamed = csv(rows.map((r, i) => (i === 0 ? r.map((c) => (c === 'Regime' ? 'Regimes' : c)) : r)));
      expect(sourceError(() => parseConList(renamed, loose)).reason).toBe(
        'unexpected column "Regimes" in the 2022 header (line 2): "Regime" renamed?',
      );
    });
  });
});

// Real files are large; the generous timeout is not a performance assertion.
describe.skipIf(!HAVE_REALDATA)('broken variants of real publications', { timeout: 120_000 }, () => {
  const sdn = () => readReal('ofac-sdn-csv', '2021-07', 'sdn.csv');
  const set = () => ({
    'add.csv': readReal('ofac-sdn-csv', '2021-07', 'add.csv'),
    'alt.csv': readReal('ofac-sdn-csv', '2021-07', 'alt.csv'),
    'sdn_comments.csv': readReal('ofac-sdn-csv', '2021-07', 'sdn_comments.csv'),
  });

  it.each([0.9, 0.95])('OFAC sdn.csv cut at a line end at %s without its 0x1A is refused', (fraction) => {
    const err = sourceError(() => parseSdnCsv(cutAtLineEnd(sdn(), fraction)));
    expect(err.message).toBe(
      'us-ofac-sdn-csv: sdn.csv: the file does not end with the end-of-file byte (0x1A) OFAC writes after the last row: the download is incomplete',
    );
  });

  it.each(['add.csv', 'alt.csv'] as const)(
    'real %s cut at a line end at half its length is refused',
    (name) => {
      const companions = set();
      companions[name] = cutAtLineEnd(companions[name], 0.5);
      expect(sourceError(() => parseSdnCsv(sdn(), { companions })).record).toBe(name);
    },
  );

  it('the real 2021-07 set: every companion row points at an entry; rows counted per companion', () => {
    const pub = parseSdnCsv(sdn(), { companions: set() });
    expect(pub.meta.companionRecords).toEqual({ 'add.csv': 13837, 'alt.csv': 11910, 'sdn_comments.csv': 5 });
  });

  it('4 KiB of NUL bytes mid-file are refused (OFAC CSV and UN XML)', () => {
    const nuls = new Uint8Array(4096);
    expect(sourceError(() => parseSdnCsv(insertAfter(sdn(), '\r\n', 0.5, nuls))).reason).toMatch(
      /^control byte 0x00 at line \d+ \(byte \d+\): the file is corrupted$/,
    );
    const un = readReal('un-consolidated', '2018-06-21.xml');
    expect(sourceError(() => parseUn(insertAfter(un, '</INDIVIDUAL>', 0.5, nuls))).reason).toMatch(
      /^control byte 0x00 at line \d+ \(byte \d+\)/,
    );
  });

  it('a Latin-1 re-encoded real ConList and UN file are refused; UN declaring ISO-8859-1 is decoded alike', () => {
    const conlist = readReal('uk-ofsi-conlist', 'ConList_2025-04-14.FROM_XLSX.csv').toString('utf8');
    expect(sourceError(() => parseConList(Buffer.from(conlist, 'latin1'))).reason).toMatch(
      /^the bytes are not valid UTF-8 at line \d+/,
    );
    // Only characters Latin-1 can hold, so that both encodings carry the same text.
    const un = readReal('un-consolidated', '2018-06-21.xml')
      .toString('utf8')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range starts at U+0000
      .replace(/[^\u0000-\u007e\u00a0-\u00ff]/g, '?');
    expect(un).toMatch(/[\u00c0-\u00ff]/);
    expect(sourceError(() => parseUn(Buffer.from(un, 'latin1'))).reason).toMatch(
      /^the bytes are not valid UTF-8 at line \d+ \(byte \d+\)/,
    );
    const declared = Buffer.from(un.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), 'latin1');
    expect(parseUn(declared).entries).toEqual(parseUn(Buffer.from(un, 'utf8')).entries);
  });

  it('a 1 MB name is refused, naming the record and the cap', () => {
    const un = readReal('un-consolidated', '2018-06-21.xml').toString('utf8');
    const id = /<DATAID>(\d+)<\/DATAID>/.exec(un)![1];
    const big = un.replace(
      /<FIRST_NAME>[^<]*<\/FIRST_NAME>/,
      `<FIRST_NAME>${'A'.repeat(1 << 20)}</FIRST_NAME>`,
    );
    const err = sourceError(() => parseUn(Buffer.from(big)));
    expect(err.record).toBe(`record ${id}`);
    expect(err.reason).toMatch(/^name is 10\d{5} characters, above the cap of 16384 per field$/);
    const sdnBig = Buffer.from(
      sdn()
        .toString('latin1')
        .replace('"AEROCARIBBEAN AIRLINES"', `"${'A'.repeat(1 << 20)}"`),
      'latin1',
    );
    expect(sourceError(() => parseSdnCsv(sdnBig)).record).toBe('record 36');
  });

  it('an unknown element or attribute inside a real UN record is kept as unmapped, only cosmetic in a diff', () => {
    const text = readReal('un-consolidated', '2018-06-21.xml').toString('utf8');
    const id = /<DATAID>(\d+)<\/DATAID>/.exec(text)![1]!;
    const grown = text
      .replace(`<DATAID>${id}</DATAID>`, `<DATAID>${id}</DATAID><HAIR_COLOUR>black</HAIR_COLOUR>`)
      .replace('<INDIVIDUAL_ALIAS>', '<INDIVIDUAL_ALIAS script="Latn">');
    const before = parseUn(Buffer.from(text));
    const after = parseUn(Buffer.from(grown));
    expect(after.meta.unmapped?.['INDIVIDUAL/HAIR_COLOUR']).toEqual({
      count: 1,
      example: 'black',
      record: id,
    });
    expect(after.meta.unmapped?.['INDIVIDUAL_ALIAS/@script']).toMatchObject({ count: 1, example: 'Latn' });
    const diff = diffPublications(before, after);
    expect(diff.summary.added + diff.summary.removed).toBe(0);
    expect(diff.changes.every((c) => !c.material)).toBe(true);
    expect(diff.changes.find((c) => c.id === id)!.fields).toContainEqual({
      field: 'unmapped.INDIVIDUAL/HAIR_COLOUR',
      before: null,
      after: 'black',
      material: false,
    });
  });
});

describe.skipIf(!HAVE_REALDATA)('every real publication is fully mapped', { timeout: 300_000 }, () => {
  const files: [string, string, string][] = [
    ...readdirSync(realPath('un-consolidated')).map((f): [string, string, string] => [
      UN_ID,
      'un-consolidated',
      f,
    ]),
    ...readdirSync(realPath('ofac-consolidated-xml')).map((f): [string, string, string] => [
      'us-ofac-consolidated',
      'ofac-consolidated-xml',
      f,
    ]),
    ['eu-fsf', 'eu-fsf-xml', 'sanctions.REPAIRED_PREFIX.xml'],
    ...readdirSync(realPath('uk-ofsi-invban')).map((f): [string, string, string] => [
      'gb-ofsi-conlist',
      'uk-ofsi-invban',
      f,
    ]),
    ...readdirSync(realPath('uk-ofsi-conlist'))
      .filter((f) => f.endsWith('.csv'))
      .map((f): [string, string, string] => ['gb-ofsi-conlist', 'uk-ofsi-conlist', f]),
    ['us-ofac-sdn-csv', 'ofac-sdn-csv', 'daily/sdn_2024-05-03_18-43-23Z.csv'],
  ];
  it.each(files)('%s %s/%s parses within its caps with nothing unmapped', (id, dir, file) => {
    const pub = LIST_SOURCES[id]!.parse(readReal(dir, ...file.split('/')), loose);
    expect(pub.meta.records).toBeGreaterThan(0);
    expect(pub.meta.unmapped).toBeUndefined();
  });
});
