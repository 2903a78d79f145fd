import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { main } from '../../bin/sanctions-notifier';
import type { CliIO } from '../../functions/cli/io';
import schema from '../../schemas/changes.schema.json';

const ROOT = resolve(import.meta.dirname, '../..');
const fixture = (...parts: string[]) => resolve(ROOT, 'test/fixtures/diff', ...parts);
const OLD = fixture('ofac-old/sdn.csv');
const NEW = fixture('ofac-new/sdn.csv');
const CONLIST = resolve(ROOT, 'test/fixtures/gb-ofsi-conlist/conlist-2022.csv');

const changesDocument = z.fromJSONSchema(schema as unknown as Parameters<typeof z.fromJSONSchema>[0]);

// The command loads every parser on first use: do that once, outside any test's time limit.
beforeAll(async () => {
  await import('../../functions/cli/diff');
}, 60_000);

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (line) => out.push(line), err: (line) => err.push(line) };
  const code = await main(argv, io);
  return { code, out, err, stdout: out.join('\n') };
}

interface Doc {
  source: string;
  old: { published: string | null; records: number; sha256: string };
  new: { published: string | null; records: number; sha256: string };
  summary: { added: number; removed: number; amended: number };
  changes: {
    kind: string;
    id: string;
    name: string;
    entityType: string;
    regimes: string[];
    sectors: { sector: string; evidence: { field: string; text: string; rule: string }[] }[];
    fields: { field: string; before: unknown; after: unknown; material: boolean }[];
    material: boolean;
  }[];
}

async function jsonDiff(oldFile: string, newFile: string) {
  const run = await cli('diff', '--source', 'us-ofac-sdn-csv', oldFile, newFile, '--json');
  expect(run.code).toBe(0);
  expect(run.out).toHaveLength(1);
  return { ...run, doc: JSON.parse(run.out[0]!) as Doc };
}

describe('diff command on OFAC sdn.csv with alt.csv beside it', () => {
  it('given two folders, when diffed with --json, then one document valid against the schema', async () => {
    const { doc, err } = await jsonDiff(OLD, NEW);

    expect(changesDocument.safeParse(doc).success).toBe(true);
    expect(doc.source).toBe('us-ofac-sdn-csv');
    expect(doc.old).toMatchObject({ records: 4 });
    expect(doc.new).toMatchObject({ records: 4 });
    expect(doc.old.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.summary).toEqual({ added: 1, removed: 1, amended: 2 });
    expect(doc.changes.map((c) => [c.kind, c.id, c.material])).toEqual([
      ['added', '10005', true],
      ['removed', '10003', true],
      ['amended', '10001', true],
      ['amended', '10002', false],
    ]);
    // Out of the source's record bounds: a warning per file naming the source and the count.
    expect(err).toHaveLength(2);
    expect(err[0]).toMatch(/^warning: .*us-ofac-sdn-csv: 4 records is outside/);
  });

  it('given a program added, a DOB corrected and an alias added in alt.csv, when diffed, then each is a material field change', async () => {
    const { doc } = await jsonDiff(OLD, NEW);

    const petrov = doc.changes.find((c) => c.id === '10001')!;
    expect(petrov.regimes).toEqual(['RUSSIA-EO14024', 'UKRAINE-EO13660']);
    const material = petrov.fields.filter((f) => f.material);
    expect(material).toContainEqual({
      field: 'regimes',
      before: null,
      after: 'RUSSIA-EO14024',
      material: true,
    });
    expect(material).toContainEqual(
      expect.objectContaining({
        field: 'aliases',
        before: null,
        after: expect.objectContaining({ name: 'PETROV, Vanya' }),
      }),
    );
    const dob = material.filter((f) => f.field === 'birthDates');
    expect(dob.map((f) => [f.before, f.after])).toEqual([
      ['1970-08-12', null],
      [null, '1971-08-12'],
    ]);
  });

  it('given a name only re-cased and punctuated, when diffed, then a cosmetic-only amendment', async () => {
    const { doc } = await jsonDiff(OLD, NEW);

    const bank = doc.changes.find((c) => c.id === '10002')!;
    expect(bank.fields).toEqual([
      { field: 'name', before: 'EXAMPLE BANK JSC', after: 'Example Bank, JSC', material: false },
    ]);
  });

  it('given an oil producer added, when diffed, then its sectors carry evidence', async () => {
    const { doc } = await jsonDiff(OLD, NEW);

    const added = doc.changes.find((c) => c.kind === 'added')!;
    expect(added.name).toBe('NEW OIL EXTRACTION LLC');
    const oil = added.sectors.find((s) => s.sector === 'oil');
    expect(oil?.evidence[0]?.text).toMatch(/crude petroleum/i);
  });

  it('given the same pair, when diffed for humans, then dates, counts, summary and each change are printed', async () => {
    const { code, out, stdout } = await cli('diff', '--source', 'us-ofac-sdn-csv', OLD, NEW);

    expect(code).toBe(0);
    expect(out[0]).toBe('source us-ofac-sdn-csv');
    expect(out[1]).toMatch(/^old: .*ofac-old\/sdn\.csv — published .*, 4 records, sha256 [0-9a-f]{12}$/);
    expect(out[2]).toMatch(/^new: .*ofac-new\/sdn\.csv — published .*, 4 records/);
    expect(out[3]).toBe('summary: 1 added, 1 removed, 2 amended (1 material, 1 cosmetic only)');
    expect(stdout).toMatch(
      /^added {3}10005 {2}NEW OIL EXTRACTION LLC {2}\[entity\] {2}regimes: RUSSIA-EO14024$/m,
    );
    expect(stdout).toMatch(/^ +sectors: .*oil record \(.*crude petroleum/im);
    expect(stdout).toMatch(/^removed 10003 {2}OLD TRADING LLC {2}\[entity\] {2}regimes: SDGT$/m);
    expect(stdout).toMatch(/^amended 10001 {2}PETROV, Ivan {2}\[individual\]/m);
    expect(stdout).toContain('regimes: + "RUSSIA-EO14024"');
    expect(stdout).toContain('birthDates: - "1970-08-12"');
    expect(stdout).toContain('birthDates: + "1971-08-12"');
    expect(stdout).toMatch(/aliases: \+ name: PETROV, Vanya/);
    expect(stdout).toMatch(
      /^cosmetic only \(1\):\namended 10002 {2}Example Bank, JSC {2}\[entity\] {2}cosmetic: name$/m,
    );
  });

  it('given the new publication as a zip of sdn.csv and alt.csv, when diffed, then the same changes as from the folder', async () => {
    const fromFolder = await jsonDiff(OLD, NEW);
    const fromZip = await jsonDiff(OLD, fixture('ofac-new.zip'));

    expect(fromZip.doc.changes).toEqual(fromFolder.doc.changes);
    expect(fromZip.err).toHaveLength(2); // the bounds warnings only
  });

  it('given the new sdn.csv gzipped alone, when diffed, then both sides are compared without alt.csv, with a warning', async () => {
    const { doc, err } = await jsonDiff(OLD, fixture('sdn-new.csv.gz'));

    expect(err[0]).toMatch(
      /^warning: us-ofac-sdn-csv: alt\.csv found for .*ofac-old\/sdn\.csv but not for .*sdn-new\.csv\.gz/,
    );
    const petrov = doc.changes.find((c) => c.id === '10001')!;
    expect(petrov.fields.some((f) => f.field === 'aliases')).toBe(false);
    expect(doc.summary).toEqual({ added: 1, removed: 1, amended: 2 });
  });

  it('given --strict-bounds and publications below the bounds, when diffed, then exit 1 with a one-line reason', async () => {
    const { code, out, err } = await cli('diff', '--source', 'us-ofac-sdn-csv', OLD, NEW, '--strict-bounds');

    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(
      /^error: .*ofac-old\/sdn\.csv: us-ofac-sdn-csv: 4 records is outside the expected bounds/,
    );
  });
});

describe('diff command on bad input', () => {
  it('given a 0-byte file, when diffed, then exit 1 and one line saying it is empty, no stack', async () => {
    const { code, out, err } = await cli('diff', '--source', 'us-ofac-sdn-csv', OLD, fixture('empty.csv'));

    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^error: .*empty\.csv: us-ofac-sdn-csv: the file is empty \(0 bytes\)/);
  });

  it('given a file that does not exist, when diffed, then exit 1 and one line naming it', async () => {
    const { code, err } = await cli('diff', '--source', 'us-ofac-sdn-csv', OLD, fixture('missing.csv'));

    expect(code).toBe(1);
    expect(err).toEqual([`error: cannot read ${fixture('missing.csv')}: no such file`]);
  });

  it('given a truncated XML publication, when diffed, then exit 1 and one line saying so', async () => {
    const { code, err } = await cli(
      'diff',
      '--source',
      'un-sc-consolidated',
      fixture('un-compact.xml'),
      fixture('un-truncated.xml'),
    );

    expect(code).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(
      /^error: .*un-truncated\.xml: un-sc-consolidated: the file is truncated or malformed XML/,
    );
  });

  it('given no --source or one file only, when run, then a usage error with exit 2', async () => {
    expect((await cli('diff', OLD, NEW)).code).toBe(2);
    const oneFile = await cli('diff', '--source', 'us-ofac-sdn-csv', OLD);
    expect(oneFile.code).toBe(2);
    expect(oneFile.err[0]).toMatch(/^error: expected an old and a new file/);
  });

  it('given an unknown source, when run, then exit 1 naming the known sources', async () => {
    const { code, err } = await cli('diff', '--source', 'xx-nowhere', OLD, NEW);

    expect(code).toBe(1);
    expect(err[0]).toMatch(/^error: xx-nowhere: unknown source; known list sources: .*us-ofac-sdn-csv/);
  });
});

describe('diff command on layout-only differences', () => {
  it('given compact and pretty-printed UN files with other dateGenerated, when diffed, then zero changes', async () => {
    const { code, out } = await cli(
      'diff',
      '--source',
      'un-sc-consolidated',
      fixture('un-compact.xml'),
      fixture('un-pretty.xml'),
      '--json',
    );

    expect(code).toBe(0);
    const doc = JSON.parse(out[0]!) as Doc;
    expect(doc.old.published).not.toBe(doc.new.published);
    expect(doc.old.sha256).not.toBe(doc.new.sha256);
    expect(doc.summary).toEqual({ added: 0, removed: 0, amended: 0 });
    expect(doc.changes).toEqual([]);
  });
});

describe('changes.schema.json', () => {
  it('given documents with a wrong kind or a missing field, when validated, then they are rejected', async () => {
    const { doc } = await jsonDiff(OLD, NEW);
    const wrongKind = structuredClone(doc);
    wrongKind.changes[0]!.kind = 'changed';
    const noMaterial = structuredClone(doc) as unknown as { changes: Record<string, unknown>[] };
    delete noMaterial.changes[0]!.material;
    const badSector = structuredClone(doc);
    badSector.changes[0]!.sectors = [{ sector: 'oil', evidence: [] }];

    expect(changesDocument.safeParse(doc).success).toBe(true);
    expect(changesDocument.safeParse(wrongKind).success).toBe(false);
    expect(changesDocument.safeParse(noMaterial).success).toBe(false);
    expect(changesDocument.safeParse(badSector).success).toBe(false);
  });
});

describe('npm run -s cli -- diff (real subprocess)', () => {
  it('given the exact command form, when run, then JSON on success and a one-line error with non-zero exit on a 0-byte file', () => {
    const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    const ok = spawnSync(
      'npm',
      ['run', '-s', 'cli', '--', 'diff', '--source', 'us-ofac-sdn-csv', OLD, NEW, '--json'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env,
      },
    );
    const bad = spawnSync(
      'npm',
      ['run', '-s', 'cli', '--', 'diff', '--source', 'us-ofac-sdn-csv', OLD, fixture('empty.csv')],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env,
      },
    );

    expect(ok.status).toBe(0);
    expect((JSON.parse(ok.stdout) as Doc).summary).toEqual({ added: 1, removed: 1, amended: 2 });
    expect(bad.status).not.toBe(0);
    const errors = bad.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/the file is empty \(0 bytes\)/);
    expect(bad.stderr).not.toMatch(/^\s+at /m);
  }, 120_000);
});

describe('diff of a file above the source size cap', () => {
  it('given an 8 GiB (sparse) file, when diffed, then it is refused from its size, before it is read', async () => {
    const { mkdtempSync, truncateSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(resolve(tmpdir(), 'diff-huge-'));
    const huge = resolve(dir, 'consolidated.xml');
    writeFileSync(huge, '');
    truncateSync(huge, 8 * 1024 ** 3); // no disk used; reading it whole would fail or take long
    const r = await cli('diff', '--source', 'un-sc-consolidated', huge, huge);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([`error: ${huge}: the file is ${8 * 1024 ** 3} bytes, above the cap of 52428800`]);
  });
});

describe('diff of a compressed file that unpacks beyond the source size cap', () => {
  it('given a gzip that inflates past the cap, when diffed, then it is refused in one line naming the file and the cap', async () => {
    const { gzipSync } = await import('node:zlib');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(resolve(tmpdir(), 'diff-bomb-'));
    const bomb = resolve(dir, 'consolidated.xml.gz');
    // 50 MiB + 1 byte of zeros (the UN source's cap is 50 MiB): ~50 KiB compressed.
    writeFileSync(bomb, gzipSync(Buffer.alloc(50 * 1024 * 1024 + 1), { level: 9 }));
    const r = await cli('diff', '--source', 'un-sc-consolidated', bomb, bomb);
    expect(r.code).toBe(1);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(
      /consolidated\.xml\.gz: the gzip file unpacks to more than the cap of 52428800 bytes/,
    );
  });
});

/** The fixture's new OFAC publication plus one row sharing the UK fixture's registration number. */
function newWithSharedNumber(): string {
  const dir = mkdtempSync(join(tmpdir(), 'diff-with-'));
  copyFileSync(fixture('ofac-new/alt.csv'), join(dir, 'alt.csv'));
  const sdn = readFileSync(fixture('ofac-new/sdn.csv'), 'latin1').slice(0, -1); // without the closing 0x1A
  const row =
    '10099,"PRIMER AO",-0- ,"RUSSIA-EO14024",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Registration Number 1027700000000 (Russia)."\r\n';
  writeFileSync(join(dir, 'sdn.csv'), Buffer.from(`${sdn}${row}\x1a`, 'latin1'));
  return join(dir, 'sdn.csv');
}

/** The OFAC fixture pair, the new side with a number shared with the UK fixture, the UK list as context. */
const diffWithConlist = (...flags: string[]) =>
  cli(
    'diff',
    '--source',
    'us-ofac-sdn-csv',
    OLD,
    newWithSharedNumber(),
    '--with',
    `gb-ofsi-conlist=${CONLIST}`,
    ...flags,
  );

describe('diff --with <source-id>=<file>: other lists as context', () => {
  it('annotates every change from the other list, by identifier where one is shared', async () => {
    const run = await diffWithConlist('--json');
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.out[0]!);
    expect(changesDocument.safeParse(doc).success).toBe(true);
    expect(doc.changes.length).toBeGreaterThan(1);
    for (const c of doc.changes) {
      expect(Array.isArray(c.alsoListed) && Array.isArray(c.notListedBy) && Array.isArray(c.related)).toBe(
        true,
      );
    }
    const primer = doc.changes.find((c: { id: string }) => c.id === '10099');
    expect(primer.alsoListed).toEqual([
      expect.objectContaining({
        source: 'gb-ofsi-conlist',
        match: { by: 'identifier', field: 'registration number', value: '1027700000000' },
      }),
    ]);
    expect(primer.notListedBy).toEqual([]);
    const others = doc.changes.filter((c: { id: string }) => c.id !== '10099');
    expect(
      others.every(
        (c: { notListedBy: string[]; alsoListed: unknown[] }) =>
          c.alsoListed.length || c.notListedBy[0] === 'gb-ofsi-conlist',
      ),
    ).toBe(true);

    const text = await diffWithConlist();
    expect(text.out.join('\n')).toMatch(
      /Also listed by OFSI ConList .*\(id \d+, matched on registration number 1027700000000\)\./,
    );
  });

  it('refuses a --with that is not <source-id>=<file>, or names the diffed list', async () => {
    const bad = await cli('diff', '--source', 'us-ofac-sdn-csv', OLD, OLD, '--with', CONLIST);
    expect(bad.code).not.toBe(0);
    expect(bad.err.join('\n')).toMatch(/--with needs <source-id>=<file>/);
    const self = await cli(
      'diff',
      '--source',
      'us-ofac-sdn-csv',
      OLD,
      OLD,
      '--with',
      `us-ofac-sdn-csv=${OLD}`,
    );
    expect(self.err.join('\n')).toMatch(/that is the list being diffed/);
  });
});
