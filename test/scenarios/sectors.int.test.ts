/**
 * Sector evidence strength, driven through the CLI (issue 12 item 1): a subscriber may ask for a
 * minimum strength with its sectors; without sectors, or with an unknown strength, the
 * subscription is refused with one line saying why; `diff` prints each sector with its strength.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../bin/sanctions-notifier';
import { HAVE_REALDATA, REALDATA_SKIP_MESSAGE, realPath } from '../support/realdata';
import { type Scenario, scenario } from './harness';

let s: Scenario | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

describe('a minimum sector strength on a subscription', () => {
  it('is kept with --sectors, refused without them, and an unknown strength lists the valid ones', async () => {
    s = await scenario();
    const alone = await s.cli('subscribers', 'add', '--email', 'a@example.com', '--min-strength', 'stated');
    expect(alone.code).toBe(2);
    expect(alone.err).toMatch(/minimum strength applies to the sectors filter/);
    expect(alone.err.trim().split('\n')).toHaveLength(1);
    const unknown = await s.cli(
      'subscribers',
      'add',
      '--email',
      'a@example.com',
      '--sectors',
      'defence',
      '--min-strength',
      'strong',
    );
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/valid: stated, record, name, related, cross-list/);
    const ok = await s.cli(
      'subscribers',
      'add',
      '--email',
      'a@example.com',
      '--sectors',
      'defence',
      '--min-strength',
      'record',
    );
    expect(ok.code).toBe(0);
    expect((await s.cli('subscribers', 'list')).out).toMatch(/sectors=defence minStrength=record/);
  });
});

describe.skipIf(!HAVE_REALDATA)('diff shows the strength of each sector', () => {
  if (!HAVE_REALDATA) console.warn(REALDATA_SKIP_MESSAGE);
  it('prints the strongest evidence of each tag and carries it in --json', async () => {
    // given a real pair of OFSI publications, when diffed as a user runs it (diff takes no data dir)
    const old = realPath('uk-ofsi-conlist', 'ConList_2023-06-05.FROM_XLSX.csv');
    const now = realPath('uk-ofsi-conlist', 'ConList_2025-04-14.FROM_XLSX.csv');
    const out: string[] = [];
    const io = { out: (l: string) => void out.push(l), err: () => undefined };
    const code = await main(['diff', '--source', 'gb-ofsi-conlist', old, now, '--json'], io);
    // then
    expect(code).toBe(0);
    const json = { out: out.join('\n') };
    const doc = JSON.parse(json.out) as {
      changes: {
        id: string;
        sectors: { sector: string; strength: string; evidence: { strength: string }[] }[];
      }[];
    };
    const tags = doc.changes.flatMap((c) => c.sectors);
    for (const t of tags) expect(t.evidence.map((e) => e.strength)).toContain(t.strength);
    const strengths = new Set(tags.map((t) => t.strength));
    expect([...strengths].sort()).toEqual(expect.arrayContaining(['name', 'record', 'stated']));
    // PJSC Surgutneftegas: the UK's "Russian energy sector" of an oil company is its own oil and gas
    // (by name), not a separate energy tag
    const surgut = doc.changes.find((c) => c.id === '16735');
    expect(surgut?.sectors.map((t) => `${t.sector}:${t.strength}`)).toEqual(['oil:name', 'gas:name']);
  }, 120_000);
});
