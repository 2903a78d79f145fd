/**
 * Issue 15 (items 1 companion part, 2, 3): bad publications made at test time from real files, each
 * polled through the CLI with an email, a webhook and a Slack subscriber. Every `held: <case>` test
 * asserts the exit status and the reason printed, zero deliveries, and (at the end of each source)
 * that the snapshot is intact: the good file again changes nothing, and the real next publication
 * gives the true changes. One data dir per source, shared by its cases (they run in order).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { diffPublications } from '../../functions/core/diff';
import { listSource } from '../../functions/sources/index';
import { HAVE_REALDATA, REALDATA_SKIP_MESSAGE, readReal, realPath } from '../support/realdata';
import { deliveryCounts, type Scenario, scenario } from './harness';

if (!HAVE_REALDATA) console.warn(REALDATA_SKIP_MESSAGE);

const NONE = { emails: 0, webhooks: 0, slack: 0 };
const ONCE = { emails: 1, slack: 1, batches: 1 };
const SUB = 0x1a;

/** The first `fraction` of a file, cut after a line end, closed with OFAC's 0x1A byte so that it parses. */
/** OFAC CSV text without its closing 0x1A byte. */
function csvText(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString('utf8');
  return text.endsWith('\u001a') ? text.slice(0, -1) : text;
}

/**
 * The companion file keeping only the rows of entries that `sdn` still holds, so that a cut
 * sdn.csv and its companions form a consistent (if shorter) publication: what a publisher's own
 * truncated export would look like, and what reaches the removal guard rather than the parser's
 * orphan-row check.
 */
function companionOf(sdn: Uint8Array, companion: Uint8Array): Uint8Array {
  const opts = { relax_column_count: true, skip_empty_lines: true } as const;
  const ids = new Set((parseCsv(csvText(sdn), opts) as string[][]).map((r) => r[0]));
  const rows = parseCsv(csvText(companion), { ...opts, raw: true }) as unknown as {
    record: string[];
    raw: string;
  }[];
  const kept = rows.filter((r) => ids.has(r.record[0]!)).map((r) => `${r.raw.replace(/[\r\n]+$/, '')}\r\n`);
  return Buffer.from(`${kept.join('')}\x1a`, 'utf8');
}

function cutAtLineEnd(bytes: Uint8Array, fraction: number): Uint8Array {
  const end = bytes.lastIndexOf(0x0a, Math.floor(bytes.length * fraction));
  return Buffer.concat([bytes.subarray(0, end + 1), Buffer.from([SUB])]);
}

/** Emails and Slack messages received, and the change batches the webhook pages (one or more each) carried. */
async function received(s: Scenario) {
  const d = await s.delivered();
  const batches = new Set(d.webhooks.map((w) => (w.body as { batchId: string }).batchId));
  return { emails: d.emails.length, slack: d.slack.length, batches: batches.size };
}

/** Polls `path` and checks it was held for `reason` with nobody alerted. */
async function expectHeld(s: Scenario, source: string, path: string, reason: RegExp, ...extra: string[]) {
  const before = await deliveryCounts(s);
  const r = await s.poll(source, path, ...extra);
  expect(r.code, r.err).toBe(1);
  expect(r.out).toMatch(new RegExp(`${source}: QUARANTINED \\(${reason.source}, held\\)`));
  expect(await deliveryCounts(s)).toEqual(before);
  return r;
}

/** One data dir for a source's cases: three subscribers and a baseline of `first(s)`; closed after them. */
function sharedScenario(source: string, first: (s: Scenario) => string | Promise<string>): () => Scenario {
  let s: Scenario | undefined;
  beforeAll(async () => {
    s = await scenario();
    await s.subscribeAll();
    expect((await s.poll(source, await first(s))).out).toMatch(/baseline stored/);
  });
  afterAll(() => s?.close());
  return () => s!;
}

describe.skipIf(!HAVE_REALDATA)('bad input held by the poll guards', () => {
  describe('UN consolidated list', () => {
    const UN = 'un-sc-consolidated';
    const current = sharedScenario(UN, () => realPath('un-consolidated', '2018-06-21.xml'));
    let s: Scenario;
    beforeEach(() => {
      s = current();
    });

    it('held: stale UN (2018-06-07 after 2018-06-21)', async () => {
      const r = await expectHeld(s, UN, realPath('un-consolidated', '2018-06-07.xml'), /stale/);
      expect(r.out).toMatch(/older than the current list's/);
      expect(await deliveryCounts(s)).toEqual(NONE);
    });

    it('held: key drift (every DATAID of 2018-06-21 renumbered, content unchanged)', async () => {
      const text = readReal('un-consolidated', '2018-06-21.xml').toString('utf8');
      const renumbered = text.replace(
        /<DATAID>(\d+)<\/DATAID>/g,
        (_m, id: string) => `<DATAID>9${id}</DATAID>`,
      );
      const r = await expectHeld(s, UN, await s.variant('renumbered.xml', renumbered), /key-drift/);
      expect(r.out).toMatch(/1100 entries of 1100 records .* reappear unchanged under new ids/);
      const held = JSON.parse((await s.cli('quarantine', 'list', '--json')).out) as {
        id: string;
        reason: string;
      }[];
      const drift = held.find((q) => q.reason === 'key-drift')!;
      const shown = await s.cli('quarantine', 'show', drift.id.slice(0, UN.length + 9));
      expect(shown.out).toMatch(/sample \(old id → new id, same content\):\n\s+(\d+) → 9\1 /);
    });

    it('snapshot intact: the good file again (re-serialised) changes nothing; the real next publication, a mass removal, reaches subscribers once after approval', async () => {
      const good = `${readReal('un-consolidated', '2018-06-21.xml').toString('utf8')}\n`;
      const again = await s.poll(UN, await s.variant('good-again.xml', good));
      expect(again.code, again.err).toBe(0);
      expect(again.out).toMatch(/no entry changed/);

      const src = listSource(UN);
      const truth = diffPublications(
        src.parse(readReal('un-consolidated', '2018-06-21.xml')),
        src.parse(readReal('un-consolidated', '2026-02-27.xml')),
      ).summary;
      expect(truth.removed).toBeGreaterThan(50);
      const held = await expectHeld(s, UN, realPath('un-consolidated', '2026-02-27.xml'), /removals/);
      expect(held.out).toMatch(new RegExp(`${truth.removed} entries removed of 1100 records`));
      const listed = JSON.parse((await s.cli('quarantine', 'list', '--json')).out) as {
        id: string;
        reason: string;
        sample: { id: string; name: string }[];
        counts: typeof truth;
      }[];
      const removals = listed.find((q) => q.reason === 'removals')!;
      expect(removals.sample).toHaveLength(10);
      expect(removals.counts).toEqual(truth);
      expect(await deliveryCounts(s)).toEqual(NONE);

      const approved = await s.cli('quarantine', 'approve', removals.id.slice(0, UN.length + 9));
      expect(approved.code, approved.err).toBe(0);
      expect(approved.out).toMatch(
        new RegExp(`changed: ${truth.added} added, ${truth.removed} removed, ${truth.amended} amended`),
      );
      expect(await received(s)).toEqual(ONCE);
      expect((await s.poll(UN, realPath('un-consolidated', '2026-02-27.xml'))).out).toMatch(/unchanged/);
      expect(await received(s)).toEqual(ONCE);
    });
  });

  describe('OFAC consolidated XML', () => {
    const ID = 'us-ofac-consolidated';
    const current = sharedScenario(ID, () => realPath('ofac-consolidated-xml', '2022-03-24.xml'));
    let s: Scenario;
    beforeEach(() => {
      s = current();
    });

    it('held: stale OFAC XML (2018 after 2022)', async () => {
      const r = await expectHeld(s, ID, realPath('ofac-consolidated-xml', '2018-04-06.xml'), /stale/);
      expect(r.out).toMatch(/dated 2018-04-06, older than the current list's 2022-03-24/);
      expect(await deliveryCounts(s)).toEqual(NONE);
      const good = `${readReal('ofac-consolidated-xml', '2022-03-24.xml').toString('utf8')}\n`;
      expect((await s.poll(ID, await s.variant('good-again.xml', good))).out).toMatch(/no entry changed/);
    });
  });

  describe('OFAC SDN CSV with its companions', () => {
    const ID = 'us-ofac-sdn-csv';
    const FILES = ['sdn.csv', 'add.csv', 'alt.csv', 'sdn_comments.csv'];
    let s: Scenario;
    /**
     * A publication directory: the real 2021-07 set with some files replaced; returns its sdn.csv.
     * With another `sdn`, the companions keep only the rows of entries it holds (consistent set).
     */
    async function set(name: string, replace: Record<string, Uint8Array> = {}, sdn?: Uint8Array) {
      const dir = join(s.tmp, name);
      await mkdir(dir);
      for (const f of FILES) {
        const real = readReal('ofac-sdn-csv', '2021-07', f);
        const bytes = f === 'sdn.csv' ? (sdn ?? real) : (replace[f] ?? (sdn ? companionOf(sdn, real) : real));
        await writeFile(join(dir, f), bytes);
      }
      return join(dir, 'sdn.csv');
    }
    const current = sharedScenario(ID, (sc) => {
      s = sc;
      return set('good');
    });
    beforeEach(() => {
      s = current();
    });

    it('held: sdn.csv cut at a line end at 90 % (ending with 0x1A)', async () => {
      const cut = cutAtLineEnd(readReal('ofac-sdn-csv', '2021-07', 'sdn.csv'), 0.9);
      // The companions of the cut set lose more than 20 % of their rows, which the companion guard
      // holds first; a looser shrink threshold leaves the removal guard to hold it on its own.
      await expectHeld(s, ID, await set('cut90', {}, cut), /companion-shrink/);
      // (Other bytes, the same content: a held publication is not judged again.)
      const again = Buffer.concat([cut.subarray(0, -1), Buffer.from('\r\n\x1a')]);
      const r = await expectHeld(
        s,
        ID,
        await set('cut90b', {}, again),
        /removals/,
        '--shrink-threshold',
        '0.5',
      );
      expect(r.out).toMatch(/\d{3} entries removed of \d+ records/);
    });

    it('held: sdn.csv cut at a line end at 95 % (ending with 0x1A)', async () => {
      const cut = cutAtLineEnd(readReal('ofac-sdn-csv', '2021-07', 'sdn.csv'), 0.95);
      await expectHeld(s, ID, await set('cut95', {}, cut), /removals/);
    });

    it('held: sdn.csv cut at a line end at 90 % beside the full companions (rows of missing entries)', async () => {
      const cut = cutAtLineEnd(readReal('ofac-sdn-csv', '2021-07', 'sdn.csv'), 0.9);
      const full = Object.fromEntries(FILES.slice(1).map((f) => [f, readReal('ofac-sdn-csv', '2021-07', f)]));
      const r = await expectHeld(s, ID, await set('cut90-full', full, cut), /parse-error/);
      expect(r.out).toMatch(/points at no entry of sdn\.csv/);
    });

    it('held: add.csv emptied', async () => {
      // A parser that requires OFAC's closing 0x1A byte refuses the empty file before this guard.
      const r = await expectHeld(
        s,
        ID,
        await set('add-empty', { 'add.csv': new Uint8Array(0) }),
        /companion-shrink|parse-error/,
      );
      expect(r.out).toMatch(/add\.csv/);
    });

    it('held: add.csv cut in half', async () => {
      const half = cutAtLineEnd(readReal('ofac-sdn-csv', '2021-07', 'add.csv'), 0.5);
      const r = await expectHeld(s, ID, await set('add-half', { 'add.csv': half }), /companion-shrink/);
      expect(r.out).toMatch(/companion file add\.csv has \d+ rows where the current list's had \d+ \(−\d+ %/);
    });

    it('held: alt.csv emptied', async () => {
      const r = await expectHeld(
        s,
        ID,
        await set('alt-empty', { 'alt.csv': new Uint8Array(0) }),
        /companion-shrink|parse-error/,
      );
      expect(r.out).toMatch(/alt\.csv/);
    });

    it('snapshot intact: the good set again is unchanged; the real next sdn.csv gives the true changes, once', async () => {
      expect(await deliveryCounts(s)).toEqual(NONE);
      expect((await s.poll(ID, join(s.tmp, 'good', 'sdn.csv'))).out).toMatch(/unchanged/);
      const daily = readReal('ofac-sdn-csv', 'daily', 'sdn_2021-08-18_09-39-01Z.csv');
      const next = await s.poll(ID, await set('next', {}, daily));
      expect(next.code, next.err).toBe(0);
      const src = listSource(ID);
      // The daily file comes without its companions: the July ones, less the rows of entries the
      // daily file no longer holds, stand in for them (as in set()).
      const companions = (sdn?: Uint8Array): Record<string, Uint8Array> =>
        Object.fromEntries(
          FILES.slice(1).map((f) => {
            const real = readReal('ofac-sdn-csv', '2021-07', f);
            return [f, sdn ? companionOf(sdn, real) : real];
          }),
        );
      const truth = diffPublications(
        src.parse(readReal('ofac-sdn-csv', '2021-07', 'sdn.csv'), { companions: companions() }),
        src.parse(daily, { companions: companions(daily) }),
      ).summary;
      expect(next.out).toMatch(
        new RegExp(`changed: ${truth.added} added, ${truth.removed} removed, ${truth.amended} amended`),
      );
      expect(await received(s)).toEqual(ONCE);
    });
  });
});
