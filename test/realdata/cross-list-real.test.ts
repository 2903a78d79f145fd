/**
 * `cross-list` sector evidence on the real OFAC pair of the sector eval, with the UK ConList of
 * 2025-04-14 as context (`diff --json --with`, the CLI run as a child process, as a user runs it).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Change, Evidence } from '../../functions/core/changes';
import { CROSS_LIST_NAME_RULE } from '../../functions/core/sectors';
import { cliDiff, PAIRS } from '../../scripts/sector-labels-lib';
import { HAVE_REALDATA, REALDATA_SKIP_MESSAGE } from '../support/realdata';

if (!HAVE_REALDATA) console.warn(REALDATA_SKIP_MESSAGE);

function evidenceOf(c: Change, rule: string): (Evidence & { sector: string })[] {
  return c.sectors.flatMap((t) =>
    t.evidence.filter((e) => e.rule === rule).map((e) => ({ ...e, sector: t.sector })),
  );
}

describe.skipIf(!HAVE_REALDATA)(
  'cross-list evidence by name and country on the real OFAC pair with the ConList',
  () => {
    const ofac = PAIRS.find((p) => p.source === 'us-ofac-sdn-csv')!;
    let changes: Change[] = [];
    const byId = (id: string) => changes.find((c) => c.kind === 'added' && c.id === id)!;
    // given the OFAC additions 2021-08 → 2024-05, the UK list as context
    beforeAll(() => {
      changes = cliDiff(ofac, true).changes;
    }, 120_000);

    it('gives a Belarusian optronics maker OFAC lists by name only the defence sector the UK states, saying how it matched', () => {
      // when KIDMA TECH OJSC (OFAC 33397, registered in Belarus) is read
      const kidma = byId('33397');
      // then defence, from the UK's OPEN JOINT STOCK COMPANY KIDMA TECH (16045), matched by name and country
      expect(kidma.name).toBe('KIDMA TECH OJSC');
      expect(evidenceOf(kidma, CROSS_LIST_NAME_RULE)).toMatchObject([
        {
          sector: 'defence',
          strength: 'cross-list',
          field: 'names',
          inheritedFrom: '16045',
          matched: 'name OPEN JOINT STOCK COMPANY KIDMA TECH, country belarus',
        },
      ]);
      // PELENG JSC (33395), the UK's JSC PELENG, is a defence enterprise by its own name (ENTERPRISE_NAMES):
      // its own `defence` needs nothing from the other list
      expect(evidenceOf(byId('33395'), 'name:defence-electronics-enterprises')).toMatchObject([
        { sector: 'defence', strength: 'name', matched: 'PELENG' },
        { sector: 'technology', strength: 'name', matched: 'PELENG' },
      ]);
      expect(evidenceOf(byId('33395'), CROSS_LIST_NAME_RULE).map((e) => e.sector)).not.toContain('defence');
    });

    it('matches by name only with a country, never where another entry of either list bears the name, never a bank beyond its bank', () => {
      const byName = changes.flatMap((c) => evidenceOf(c, CROSS_LIST_NAME_RULE).map((e) => ({ c, e })));
      // a real effect, not a rare one: tens of changes take evidence this way
      expect(new Set(byName.map((x) => x.c.id)).size).toBeGreaterThan(20);
      for (const { e } of byName) expect(e.matched).toMatch(/^name .+, country [a-z ]+$/);
      // OFAC's JOINT STOCK COMPANY ZVEZDA (47865): two UK entries are named ZVEZDA — no evidence
      expect(evidenceOf(byId('47865'), CROSS_LIST_NAME_RULE)).toEqual([]);
      // PROMSVYAZBANK (34656): the UK names the defence sector for it; a bank takes only its bank
      expect(byId('34656').sectors.map((t) => t.sector)).toEqual(['financial-services']);
    });
  },
);
