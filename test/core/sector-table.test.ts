import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KeywordAutomaton } from '../../functions/core/sector-prefilter';
import type { SectorRule } from '../../functions/core/sector-rules';
import { computeSectorTable, sectorTable, tableFingerprint } from '../../functions/core/sector-table';
import { GENERATED_SECTOR_TABLE } from '../../functions/core/sector-table.generated';
import { computedSectorTable, SECTOR_RULES } from '../../functions/core/sectors';
import { GENERATED_FILE, generatedSectorTableText } from '../../scripts/gen-sector-table';

const rule = (id: string, pattern: string, fields: string[] = ['name'], unless?: string): SectorRule =>
  ({
    id,
    family: 'name',
    sectors: ['oil'],
    fields,
    match: { kind: 'pattern', pattern, ...(unless ? { unless } : {}) },
    note: 'test',
  }) as SectorRule;
const gates = (field: string) => (field === 'remarks#sector-phrase' ? ['sector', 'industr'] : undefined);

describe('the generated sector table', () => {
  it('is what `npm run gen:sector-table` writes for the current rules (run it after editing a rule)', () => {
    expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(generatedSectorTableText());
    expect(GENERATED_SECTOR_TABLE).toEqual(computedSectorTable());
  });

  it('has a keyword for every required literal and gate, and an automaton that finds them', () => {
    const table = computedSectorTable();
    expect(table.required).toHaveLength(SECTOR_RULES.length);
    const keywords = new Set(table.keywords);
    for (const literals of table.required) for (const k of literals ?? []) expect(keywords.has(k)).toBe(true);
    expect(keywords.has('sector')).toBe(true);
    const automaton = new KeywordAutomaton(table.keywords, table.automaton);
    const found = automaton
      .scan(['ROSNEFT Oil  Company', 'the defence sector'])
      .map((i) => table.keywords[i]);
    expect(found).toEqual(expect.arrayContaining(['neft', 'sector']));
  });
});

describe('sectorTable: the generated copy only while it is current', () => {
  const rules = [rule('a', '\\p{L}*neft\\p{L}*'), rule('b', 'bank|banka', ['name', 'remarks#sector-phrase'])];
  const generated = computeSectorTable(rules, gates);

  it('given the rules it was computed from, when asked, then it is the generated object itself', () => {
    expect(sectorTable(rules, gates, generated)).toBe(generated);
  });

  it('given a rule whose pattern, unless, fields or gates changed, then the table is computed anew', () => {
    const edits = [
      [rule('a', '\\p{L}*gaz\\p{L}*'), rules[1]!],
      [rule('a', '\\p{L}*neft\\p{L}*', ['name'], 'neftekhim'), rules[1]!],
      [rule('a', '\\p{L}*neft\\p{L}*', ['aliases']), rules[1]!],
    ];
    for (const edited of edits) {
      const table = sectorTable(edited, gates, generated);
      expect(table).not.toBe(generated);
      expect(table).toEqual(computeSectorTable(edited, gates));
    }
    const otherGates = (field: string) => (field === 'remarks#sector-phrase' ? ['sector'] : undefined);
    expect(tableFingerprint(rules, otherGates)).not.toBe(generated.fingerprint);
    expect(sectorTable(rules, otherGates, generated).keywords).not.toContain('industr');
  });

  it('given no generated copy, then the table is computed', () => {
    expect(sectorTable(rules, gates, undefined)).toEqual(generated);
    expect(generated.keywords).toEqual(['neft', 'bank', 'banka', 'sector', 'industr']);
    expect(generated.alternatives).toEqual([null, ['bank', 'banka']]);
  });
});
