/**
 * The diff on real official publications (../shared/realdata; skipped with a message where absent).
 * Expected added/removed ids are computed independently of the parsers, from the raw files.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { main } from '../../bin/sanctions-notifier';
import type { CliIO } from '../../functions/cli/io';
import type { DiffResult } from '../../functions/core/changes';
import { diffPublications } from '../../functions/core/diff';
import { listSource } from '../../functions/sources/index';
import schema from '../../schemas/changes.schema.json';
import { HAVE_REALDATA, REALDATA_DIR, readReal, realPath } from '../support/realdata';

const SLOW = 180_000;

function diffReal(sourceId: string, oldFile: string, newFile: string, enforceBounds = true): DiffResult {
  const source = listSource(sourceId);
  const parse = (file: string) => source.parse(readReal(file), { enforceBounds });
  return diffPublications(parse(oldFile), parse(newFile));
}

function idsOf(result: DiffResult, kind: string): string[] {
  return result.changes.filter((c) => c.kind === kind).map((c) => c.id);
}

/** Set difference, sorted, for comparing with the diff's ids. */
function minus(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((x) => !b.has(x)).sort();
}

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (line) => out.push(line), err: (line) => err.push(line) };
  return { code: await main(argv, io), out, err };
}

// Where the real publications are absent, test/support/realdata.ts prints why these are skipped.
describe.skipIf(!HAVE_REALDATA)(`diff on real publications in ${REALDATA_DIR}`, () => {
  beforeAll(async () => {
    await import('../../functions/cli/diff');
  }, 60_000);

  it('given UN 2017-06-30 → 2017-07-03, when diffed, then exactly the three entries that left are removed and nothing else is material', {
    timeout: SLOW,
  }, () => {
    const dataIds = (file: string) =>
      new Set(
        [
          ...readReal(file)
            .toString('utf8')
            .matchAll(/<DATAID>\s*(\d+)\s*<\/DATAID>/g),
        ].map((m) => m[1]!),
      );
    const before = dataIds('un-consolidated/2017-06-30.xml');
    const after = dataIds('un-consolidated/2017-07-03.xml');

    const result = diffReal(
      'un-sc-consolidated',
      'un-consolidated/2017-06-30.xml',
      'un-consolidated/2017-07-03.xml',
    );

    expect(minus(before, after)).toHaveLength(3);
    expect(idsOf(result, 'removed').sort()).toEqual(minus(before, after));
    expect(result.summary.added).toBe(0);
    expect(result.changes.filter((c) => c.material).map((c) => c.kind)).toEqual([
      'removed',
      'removed',
      'removed',
    ]);
  });

  it('given OFSI InvBan 2020-09-10 → 2021-01-01, when diffed, then amendments only', {
    timeout: SLOW,
  }, () => {
    // InvBan is a short list in the ConList layout: far below the ConList's record bounds.
    const result = diffReal(
      'gb-ofsi-conlist',
      'uk-ofsi-invban/InvBan_2020-09-10_oldformat.csv',
      'uk-ofsi-invban/InvBan_2021-01-01_oldformat.csv',
      false,
    );

    expect(result.summary.added).toBe(0);
    expect(result.summary.removed).toBe(0);
    expect(result.summary.amended).toBeGreaterThan(0);
    expect(result.changes.every((c) => c.kind === 'amended')).toBe(true);
  });

  it(
    'given OFSI ConList 2023-06-05 → 2025-04-14, when diffed, then both parse within bounds and the groups that came and went match the Group IDs',
    () => {
      const groupIds = (file: string) => {
        const rows = parseCsv(readReal(file), { relax_column_count: true, from_line: 3 }) as string[][];
        return new Set(rows.map((r) => r[35]!.trim()));
      };
      const before = groupIds('uk-ofsi-conlist/ConList_2023-06-05.FROM_XLSX.csv');
      const after = groupIds('uk-ofsi-conlist/ConList_2025-04-14.FROM_XLSX.csv');

      const result = diffReal(
        'gb-ofsi-conlist',
        'uk-ofsi-conlist/ConList_2023-06-05.FROM_XLSX.csv',
        'uk-ofsi-conlist/ConList_2025-04-14.FROM_XLSX.csv',
      );

      expect(result.old.records).toBe(before.size);
      expect(result.new.records).toBe(after.size);
      expect(idsOf(result, 'added').sort()).toEqual(minus(after, before));
      expect(idsOf(result, 'removed').sort()).toEqual(minus(before, after));
      expect(result.summary.amended).toBeGreaterThan(0);
      const document = {
        ...result,
        old: { published: null, ...result.old },
        new: { published: null, ...result.new },
      };
      const validator = z.fromJSONSchema(schema as unknown as Parameters<typeof z.fromJSONSchema>[0]);
      expect(validator.safeParse(document).success).toBe(true);
    },
    SLOW,
  );

  it(
    'given the OFAC 2021-07 set and the daily sdn.csv of 2021-08-18, when diffed by the command, then the ent_nums that came and went, compared without the companions only one side has',
    async () => {
      const entNums = (file: string) =>
        new Set(
          [
            ...readReal(file)
              .toString('latin1')
              .matchAll(/^(\d+),/gm),
          ].map((m) => m[1]!),
        );
      const before = entNums('ofac-sdn-csv/2021-07/sdn.csv');
      const after = entNums('ofac-sdn-csv/daily/sdn_2021-08-18_09-39-01Z.csv');

      const { code, out, err } = await cli(
        'diff',
        '--source',
        'us-ofac-sdn-csv',
        realPath('ofac-sdn-csv/2021-07/sdn.csv'),
        realPath('ofac-sdn-csv/daily/sdn_2021-08-18_09-39-01Z.csv'),
        '--json',
      );

      expect(code).toBe(0);
      expect(err).toHaveLength(1);
      expect(err[0]).toMatch(
        /^warning: us-ofac-sdn-csv: add\.csv, alt\.csv, sdn_comments\.csv found for .*2021-07\/sdn\.csv but not for/,
      );
      const result = JSON.parse(out[0]!) as DiffResult;
      expect(idsOf(result, 'added').sort()).toEqual(minus(after, before));
      expect(idsOf(result, 'removed').sort()).toEqual(minus(before, after));
      expect(result.summary.added).toBeGreaterThan(0);
    },
    SLOW,
  );

  it.each([
    {
      what: 'the 0-byte OFAC download',
      source: 'us-ofac-sdn-csv',
      old: 'ofac-sdn-csv/daily/sdn_2024-05-03_18-43-23Z.csv',
      bad: 'ofac-sdn-csv/daily/sdn_2024-05-04_01-36-19Z.EMPTY_FAILED_DOWNLOAD.csv',
      reason: /^error: .*EMPTY_FAILED_DOWNLOAD\.csv: us-ofac-sdn-csv: the file is empty \(0 bytes\)/,
    },
    {
      what: 'the truncated EU file',
      source: 'eu-fsf',
      old: 'eu-fsf-xml/sanctions.REPAIRED_PREFIX.xml',
      bad: 'eu-fsf-xml/sanctions.TRUNCATED.xml',
      reason: /^error: .*sanctions\.TRUNCATED\.xml: eu-fsf: the file is truncated or malformed XML/,
    },
  ])('given $what, when diffed, then exit 1 with a one-line reason', { timeout: SLOW }, async (c) => {
    const { code, out, err } = await cli('diff', '--source', c.source, realPath(c.old), realPath(c.bad));

    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(c.reason);
  });
});
