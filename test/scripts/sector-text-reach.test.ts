import { describe, expect, it } from 'vitest';
import { emptyDesignation } from '../../functions/core/model';
import { comparableName, financeReach, financeWordIn, recordText } from '../../scripts/sector-text-reach';
import { labelRow } from '../support/label-row';

const row = labelRow;

describe("what the lists' text can reach for financial services", () => {
  it('reads every field of a record, the names of what it is linked to included', () => {
    // given a shell whose only finance word is its owner's name
    const d = emptyDesignation('us-ofac-sdn-csv', '1', 'entity', 'SAVOLER DEVELOPMENT LIMITED');
    d.links = [{ name: 'ALFA CAPITAL HOLDINGS', relation: 'Linked To' }];
    // when / then
    expect(financeWordIn(recordText(d))).toBe('capital');
    d.links = [];
    expect(financeWordIn(recordText(d))).toBeUndefined();
  });

  it("strikes OFAC's secondary-sanctions warning and the UK's trust-services measure before it looks", () => {
    expect(
      financeWordIn(
        'Additional Sanctions Information - Subject to Secondary Sanctions Pursuant to the Hizballah Financial Sanctions Regulations; Secondary sanctions risk: Ukraine-/Russia-Related Sanctions Regulations, 31 CFR 589.201',
      ),
    ).toBeUndefined();
    expect(financeWordIn('Date trust services sanctions imposed: 07/11/2024.')).toBeUndefined();
    expect(financeWordIn('A family trust of the owner')).toBe('trust');
  });

  it('counts the financial-services rows, those reachable, and those reachable only through the other list', () => {
    // given four labelled rows: a bank by name, a shell found only on the other list, a bare shell, an unknown
    const rows = [
      row('bank', ['financial-services']),
      row('shell-uk', ['financial-services', 'other']),
      row('shell', ['financial-services']),
      row('plant', ['manufacturing']),
      row('unknown', [], true),
    ];
    const own: Record<string, string> = {
      bank: 'GAZPROMBANK',
      'shell-uk': 'AMEREUS GROUP',
      shell: 'STK LLC',
    };
    const other: Record<string, string[]> = { 'shell-uk': ['an investment vehicle of the owner'] };
    // when
    const reach = financeReach(
      rows,
      (r) => own[r.id],
      (r) => other[r.id] ?? [],
    );
    // then
    expect(reach).toEqual({ labelled: 3, reachable: 2, onlyOther: 1 });
  });

  it('compares names across lists without case, accents or punctuation', () => {
    expect(comparableName('Société  Générale, S.A.')).toBe('societe generale s a');
  });
});
