import { describe, expect, it } from 'vitest';
import { DEFENCE_ENTERPRISES } from '../../functions/core/defence-enterprises';

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
];

describe('the defence-enterprise lexicon (reviewed data, issue 12)', () => {
  it('gives every row a note, a country and names as the lists write them', () => {
    // given / when / then
    for (const e of DEFENCE_ENTERPRISES) {
      expect(e.note.length, e.names[0]).toBeGreaterThan(5);
      expect(e.country.length).toBeGreaterThan(0);
      expect(e.names.length).toBeGreaterThan(0);
      for (const n of e.names) {
        expect(n, n).toBe(n.toUpperCase());
        expect(n, n).toMatch(/^[A-Z0-9][A-Z0-9 '&-]*[A-Z0-9]$/);
      }
    }
  });

  it('holds each name once, none a common word alone, none shorter than four letters', () => {
    // given
    const names = DEFENCE_ENTERPRISES.flatMap((e) => e.names.map((n) => n.replaceAll('-', ' ')));
    // when / then
    expect(new Set(names).size).toBe(names.length);
    for (const word of TOO_COMMON) expect(names, word).not.toContain(word);
    for (const n of names) expect(n.replaceAll(' ', '').length, n).toBeGreaterThanOrEqual(4);
  });
});
