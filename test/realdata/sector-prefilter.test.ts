import { describe, expect, it } from 'vitest';
import { parsePublicationFilesEach, readPublicationFiles } from '../../functions/cli/read-publication';
import type { Designation } from '../../functions/core/model';
import { findWholeWord, literalAlternatives, requiredLiterals } from '../../functions/core/sector-prefilter';
import { SECTOR_RULES, tagSectors } from '../../functions/core/sectors';
import { listSource } from '../../functions/sources/index';
import { HAVE_REALDATA, REALDATA_SKIP_MESSAGE, realPath } from '../support/realdata';

/**
 * The prefilter (keyword index per field, exact rules by value, lower-cased patterns without the
 * `i` flag) must change nothing: on every entry of the real lists, the tags and their evidence are
 * the same as when every rule of the table runs as written (`prefilter: false`), links included.
 */
const PUBLICATIONS: [string, string][] = [
  ['us-ofac-sdn-csv', 'ofac-sdn-csv/daily/sdn_2024-05-03_18-43-23Z.csv'],
  ['us-ofac-sdn-csv', 'ofac-sdn-csv/daily/sdn_2021-08-18_09-39-01Z.csv'],
  ['gb-ofsi-conlist', 'uk-ofsi-conlist/ConList_2025-04-14.FROM_XLSX.csv'],
];

describe('the sector prefilter', () => {
  it('reads every pattern rule of the table into keywords, or runs it always', () => {
    // given every pattern rule
    for (const rule of SECTOR_RULES) {
      if (rule.match.kind !== 'pattern') continue;
      // when
      const keywords = requiredLiterals(rule.match.pattern);
      // then: each keyword is lower case and at least two characters long
      for (const k of keywords ?? []) {
        expect(k.length).toBeGreaterThanOrEqual(2);
        expect(k).toBe(k.toLowerCase());
      }
    }
    expect(requiredLiterals('\\p{L}*neft\\p{L}*')).toEqual(['neft']);
    expect(requiredLiterals('design bureau|okb|skb')).toEqual(['design bureau', 'okb', 'skb']);
    expect(requiredLiterals('(?<!edible )oil(?! seeds)')).toEqual(['oil']);
    expect(requiredLiterals('.+')).toBeUndefined();
    expect(requiredLiterals('\\d+(?:st|nd) (?:division|brigade)')).toEqual([
      'nd brigade',
      'nd division',
      'st brigade',
      'st division',
    ]);
  });
});

describe('pure literal patterns matched without a regular expression', () => {
  it('finds what the whole-word regular expression finds: leftmost, then the first alternative', () => {
    const cases: [string, string][] = [
      ['tanker|tankers', 'the tankers co'],
      ['oil(?: and gas)?', 'x oil and gas y'],
      ['oil|oil and gas', 'x oil and gas y'],
      ['gas', 'gastronom gas'],
      ['machine[- ]building', 'ural machine-building plant'],
      ['bank', 'sberbank'],
    ];
    for (const [pattern, text] of cases) {
      const alternatives = literalAlternatives(pattern)!;
      const m = new RegExp(`(?<![\\p{L}\\p{N}])(?:${pattern})(?![\\p{L}\\p{N}])`, 'u').exec(text);
      expect(findWholeWord(text, alternatives)).toEqual(
        m ? { index: m.index, length: m[0].length } : undefined,
      );
    }
    expect(literalAlternatives('\\p{L}*neft')).toBeUndefined();
    expect(literalAlternatives('(?<!edible )oil')).toBeUndefined();
  });
});

describe.skipIf(!HAVE_REALDATA)('the sector prefilter on the real lists', () => {
  if (!HAVE_REALDATA) console.warn(REALDATA_SKIP_MESSAGE);

  for (const [sourceId, path] of PUBLICATIONS) {
    it(`gives the same tags and evidence as every rule run as written: ${path}`, () => {
      // given every entry of the publication
      const source = listSource(sourceId);
      const entries = new Map<string, Designation>();
      parsePublicationFilesEach(
        source,
        readPublicationFiles(source, realPath(path)),
        (d) => entries.set(d.id, d),
        {
          enforceBounds: false,
        },
      );
      const linked = (id: string) => entries.get(id);
      // when each is tagged with and without the prefilter
      let tagged = 0;
      const differ: string[] = [];
      for (const d of entries.values()) {
        const fast = tagSectors(d, linked);
        const reference = tagSectors(d, linked, { prefilter: false });
        if (JSON.stringify(fast) !== JSON.stringify(reference)) differ.push(d.id);
        if (fast.length) tagged++;
      }
      // then
      expect(differ).toEqual([]);
      expect(tagged).toBeGreaterThan(entries.size / 10);
    }, 180_000);
  }
});
