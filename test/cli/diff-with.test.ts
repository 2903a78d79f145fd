/**
 * `diff --with <source-id>=<file>`: other lists read as context when no store is used. Each change
 * carries `alsoListed`, `notListedBy` and `related`, valid against the schema; a shared
 * registration number links by identifier; a bad `--with` is a usage error.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { main } from '../../bin/sanctions-notifier';
import type { CliIO } from '../../functions/cli/io';
import schema from '../../schemas/changes.schema.json';

const ROOT = resolve(import.meta.dirname, '../..');
const fixture = (...parts: string[]) => resolve(ROOT, 'test/fixtures', ...parts);
const CONLIST = fixture('gb-ofsi-conlist/conlist-2022.csv');
const changesDocument = z.fromJSONSchema(schema as unknown as Parameters<typeof z.fromJSONSchema>[0]);

beforeAll(async () => {
  await import('../../functions/cli/diff');
}, 60_000);

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (line) => out.push(line), err: (line) => err.push(line) };
  const code = await main(argv, io);
  return { code, out, err };
}

/** The fixture's new OFAC publication plus one row sharing the UK fixture's registration number. */
function newWithSharedNumber(): string {
  const dir = mkdtempSync(join(tmpdir(), 'diff-with-'));
  copyFileSync(fixture('diff/ofac-new/alt.csv'), join(dir, 'alt.csv'));
  const sdn = readFileSync(fixture('diff/ofac-new/sdn.csv'), 'latin1').slice(0, -1); // without the closing 0x1A
  const row =
    '10099,"PRIMER AO",-0- ,"RUSSIA-EO14024",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Registration Number 1027700000000 (Russia)."\r\n';
  writeFileSync(join(dir, 'sdn.csv'), Buffer.from(`${sdn}${row}\x1a`, 'latin1'));
  return join(dir, 'sdn.csv');
}

describe('diff --with', () => {
  it('annotates every change from the other list, by identifier where one is shared', async () => {
    const run = await cli(
      'diff',
      '--source',
      'us-ofac-sdn-csv',
      fixture('diff/ofac-old/sdn.csv'),
      newWithSharedNumber(),
      '--with',
      `gb-ofsi-conlist=${CONLIST}`,
      '--json',
    );
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

    const text = await cli(
      'diff',
      '--source',
      'us-ofac-sdn-csv',
      fixture('diff/ofac-old/sdn.csv'),
      newWithSharedNumber(),
      '--with',
      `gb-ofsi-conlist=${CONLIST}`,
    );
    expect(text.out.join('\n')).toMatch(
      /Also listed by OFSI ConList .*\(id \d+, matched on registration number 1027700000000\)\./,
    );
  });

  it('refuses a --with that is not <source-id>=<file>, or names the diffed list', async () => {
    const old = fixture('diff/ofac-old/sdn.csv');
    const bad = await cli('diff', '--source', 'us-ofac-sdn-csv', old, old, '--with', CONLIST);
    expect(bad.code).not.toBe(0);
    expect(bad.err.join('\n')).toMatch(/--with needs <source-id>=<file>/);
    const self = await cli(
      'diff',
      '--source',
      'us-ofac-sdn-csv',
      old,
      old,
      '--with',
      `us-ofac-sdn-csv=${old}`,
    );
    expect(self.err.join('\n')).toMatch(/that is the list being diffed/);
  });
});
