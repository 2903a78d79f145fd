/**
 * Issue 9.1: a publication that brings back an earlier state. A republication dated after the
 * current list whose entries equal an earlier state is a normal change (alerted once); a
 * byte-identical earlier file or an older-dated one is a stale copy: held, operator told, nobody
 * alerted; approved, it is diffed against the snapshot as it really is and alerted like any change.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HAVE_REALDATA, REALDATA_SKIP_MESSAGE, readReal, realPath } from '../support/realdata';
import { deliveryCounts, type Scenario, scenario } from './harness';

if (!HAVE_REALDATA) console.warn(REALDATA_SKIP_MESSAGE);

const UN = 'un-sc-consolidated';
const JUNE_30 = () => realPath('un-consolidated', '2017-06-30.xml');
const JULY_3 = () => realPath('un-consolidated', '2017-07-03.xml');

/** A copy of a real UN file with the root's `dateGenerated` set to `date`. */
function redated(file: string, date: string): string {
  const text = readReal('un-consolidated', file).toString('utf8');
  const out = text.replace(/dateGenerated="[^"]*"/, `dateGenerated="${date}"`);
  if (out === text) throw new Error(`no dateGenerated in ${file}`);
  return out;
}

async function operatorAlerts(s: Scenario): Promise<{ kind: string; message: string }[]> {
  try {
    const text = await readFile(join(s.dataDir, 'operator-alerts.jsonl'), 'utf8');
    return text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  } catch {
    return [];
  }
}

describe.skipIf(!HAVE_REALDATA)('a publication that brings back an earlier state', () => {
  let s: Scenario | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  /** Baseline 2017-06-30, then 2017-07-03 (3 delistings, alerted once to each subscriber). */
  async function listMovedOn(): Promise<Scenario> {
    const sc = await scenario();
    await sc.subscribeAll();
    expect((await sc.poll(UN, JUNE_30())).code).toBe(0);
    const next = await sc.poll(UN, JULY_3());
    expect(next.out).toMatch(/0 added, 3 removed/);
    expect(await deliveryCounts(sc)).toEqual({ emails: 1, webhooks: 1, slack: 1 });
    return sc;
  }

  it('a newer-dated revert is a normal change: 3 added, then 3 removed again, each delivered once', async () => {
    s = await listMovedOn();
    const undo = await s.poll(
      UN,
      await s.variant('undo.xml', redated('2017-06-30.xml', '2017-07-04T19:00:00.000-04:00')),
    );
    expect(undo.code, undo.err).toBe(0);
    expect(undo.out).toMatch(/changed: 3 added, 0 removed, 0 amended/);
    expect(undo.out).not.toMatch(/baseline/);
    expect(await deliveryCounts(s)).toEqual({ emails: 2, webhooks: 2, slack: 2 });
    expect((await s.delivered()).emails[1]).toMatch(/DHOU EL-AICH/);

    const redo = await s.poll(
      UN,
      await s.variant('redo.xml', redated('2017-07-03.xml', '2017-07-05T19:00:00.000-04:00')),
    );
    expect(redo.code, redo.err).toBe(0);
    expect(redo.out).toMatch(/changed: 0 added, 3 removed, 0 amended/);
    expect(await deliveryCounts(s)).toEqual({ emails: 3, webhooks: 3, slack: 3 });

    // The snapshot is the list as it really is: the same file again changes nothing.
    const again = await s.poll(UN, join(s.tmp, 'redo.xml'));
    expect(again.out).toMatch(/unchanged/);
    expect(await deliveryCounts(s)).toEqual({ emails: 3, webhooks: 3, slack: 3 });

    const history = await s.cli('history', '--source', UN);
    const lines = history.out.split('\n').filter((l) => l.includes(`  ${UN}  `));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/baseline of \d+ records/);
    expect(lines[1]).toMatch(/0 added, 3 removed/);
    expect(lines[2]).toMatch(/3 added, 0 removed/);
    expect(lines[3]).toMatch(/0 added, 3 removed/);
    expect(new Set(lines.map((l) => /batch (\S+)/.exec(l)?.[1])).size).toBe(4);
  });

  it('a byte-identical earlier file and an older-dated one are held as stale; nobody is alerted, the operator is', async () => {
    s = await listMovedOn();
    const copy = await s.poll(UN, JUNE_30());
    expect(copy.code).toBe(1);
    expect(copy.out).toMatch(/QUARANTINED \(stale, held\).*byte-identical to one accepted earlier/);
    const older = await s.poll(
      UN,
      await s.variant('older.xml', redated('2017-07-03.xml', '2017-07-01T10:00:00.000-04:00')),
    );
    expect(older.code).toBe(1);
    expect(older.out).toMatch(/QUARANTINED \(stale, held\).*dated 2017-07-01T10:00:00.000-04:00, older than/);
    expect(await deliveryCounts(s)).toEqual({ emails: 1, webhooks: 1, slack: 1 });
    const alerts = (await operatorAlerts(s)).filter((a) => a.kind === 'quarantined');
    expect(alerts).toHaveLength(2);
    expect(alerts.every((a) => /stale copy/.test(a.message))).toBe(true);

    // The snapshot is intact: the current file is unchanged, nothing was applied.
    expect((await s.poll(UN, JULY_3())).out).toMatch(/unchanged/);
    const listed = JSON.parse((await s.cli('quarantine', 'list', '--json')).out) as {
      id: string;
      reason: string;
    }[];
    expect(listed.map((q) => q.reason)).toEqual(['stale', 'stale']);
  });

  it('an approved stale copy is diffed against the current snapshot and alerted once; the current file then alerts again', async () => {
    s = await listMovedOn();
    expect((await s.poll(UN, JUNE_30())).code).toBe(1);
    const [held] = JSON.parse((await s.cli('quarantine', 'list', '--json')).out) as { id: string }[];
    const shown = await s.cli('quarantine', 'show', held!.id.slice(0, UN.length + 9));
    expect(shown.out).toMatch(/\[held\]\s+stale/);
    const approved = await s.cli('quarantine', 'approve', held!.id.slice(0, UN.length + 9));
    expect(approved.code, approved.err).toBe(0);
    expect(approved.out).toMatch(/changed: 3 added, 0 removed, 0 amended/);
    expect(approved.out).not.toMatch(/baseline/);
    expect(await deliveryCounts(s)).toEqual({ emails: 2, webhooks: 2, slack: 2 });

    // The publisher's current file comes back: the three delistings are news again, alerted once.
    const current = await s.poll(UN, JULY_3());
    expect(current.code, current.err).toBe(0);
    expect(current.out).toMatch(/changed: 0 added, 3 removed, 0 amended/);
    expect(await deliveryCounts(s)).toEqual({ emails: 3, webhooks: 3, slack: 3 });
    expect((await s.poll(UN, JULY_3())).out).toMatch(/unchanged/);
    const history = await s.cli('history', '--source', UN);
    expect(history.out.split('\n').filter((l) => l.includes(`  ${UN}  `))).toHaveLength(4);
  });
});
