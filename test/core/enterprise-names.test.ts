import { describe, expect, it } from 'vitest';
import { ENTERPRISE_KINDS, ENTERPRISE_NAMES } from '../../functions/core/enterprise-names';

/** Words many unrelated companies bear: in the lexicon only inside a longer phrase. */
const TOO_COMMON = [
  'AVANGARD',
  'ENERGIYA',
  'SOYUZ',
  'ISKRA',
  'KUPOL',
  'FAKEL',
  'VYMPEL',
  'RADUGA',
  'ZENIT',
  'ALMAZ',
  'PROGRESS',
  'ZVEZDA',
  'START',
  'SIGNAL',
  'KRISTALL',
  'ELEKTRON',
  'POLYUS',
  'RUBIN',
  'ALABUGA',
  'LOMO',
  'INTEGRAL',
  'PLATAN',
  'MIKRON',
  'SVETLANA',
  'ISTOK',
];

describe('the enterprise-name lexicon (reviewed data, issue 12)', () => {
  it('gives every row a note, a country, the sectors of its kind and names as the lists write them', () => {
    // given / when / then
    for (const e of ENTERPRISE_NAMES) {
      expect(e.note.length, e.names[0]).toBeGreaterThan(5);
      expect(e.country.length).toBeGreaterThan(0);
      expect(e.names.length).toBeGreaterThan(0);
      expect(Object.keys(ENTERPRISE_KINDS)).toContain(e.kind);
      for (const n of e.names) {
        expect(n, n).toBe(n.toUpperCase());
        expect(n, n).toMatch(/^[A-Z0-9][A-Z0-9 '&-]*[A-Z0-9]$/);
      }
    }
  });

  it('holds each name once, none a common word alone, none shorter than four letters', () => {
    // given
    const names = ENTERPRISE_NAMES.flatMap((e) => e.names.map((n) => n.replaceAll('-', ' ')));
    // when / then
    expect(new Set(names).size).toBe(names.length);
    for (const word of TOO_COMMON) expect(names, word).not.toContain(word);
    for (const n of names) expect(n.replaceAll(' ', '').length, n).toBeGreaterThanOrEqual(4);
  });
});
