import { describe, expect, it } from 'vitest';
import {
  asciiAlnum,
  asciiForm,
  automatonTables,
  findWholeWord,
  KeywordAutomaton,
  LEXICON_NAME,
  LEXICON_PREFIX,
  lexiconEntries,
  literalAlternatives,
  PlainPatterns,
  plainState,
  scanText,
  wordsOf,
} from '../../functions/core/sector-prefilter';

/** The keywords that occur in `scanText(texts)`, the slow and obvious way. */
function naive(keywords: readonly string[], texts: readonly string[]): string[] {
  const text = scanText(texts);
  return keywords.filter((k) => text.includes(k)).sort();
}

function found(automaton: KeywordAutomaton, texts: readonly string[]): string[] {
  return automaton
    .scan(texts)
    .map((id) => automaton.keywords[id]!)
    .sort();
}

describe('the keyword automaton', () => {
  const keywords = [
    'neft',
    'neftegaz',
    'gaz',
    'oil and gas',
    'bank',
    'ank',
    'an',
    'bankası',
    'σα',
    'i\u0307nşaat',
  ];
  const automaton = new KeywordAutomaton(keywords);

  it('finds every keyword that occurs, overlapping and nested ones included', () => {
    const cases: string[][] = [
      ['OOO NEFTEGAZ'],
      ['Sberbank', 'x'],
      ['oil and gas'],
      ['OIL   AND\tgas'], // runs of whitespace read as one space
      ['oil', 'and gas'], // texts are joined by a newline, read as a space
      ['oil ', ' and gas'],
      ['Ziraat BANKASI'],
      ['ΣΑΣ'], // lower case of "Σ" depends on its place: read as scanText reads it
      ['İNŞAAT'], // "İ" lower-cases to two characters
      ['nothing here'],
      [''],
      [],
    ];
    for (const texts of cases)
      expect(found(automaton, texts), JSON.stringify(texts)).toEqual(naive(keywords, texts));
  });

  it('finds each keyword once, and nothing when none occurs', () => {
    expect(found(automaton, ['bank bank bank'])).toEqual(['an', 'ank', 'bank']);
    expect(found(automaton, ['xyz'])).toEqual([]);
  });

  it('numbers its states breadth-first: the shallow ones a scan is mostly in come first', () => {
    // given the tables of the keywords
    const { parent } = automatonTables(keywords);
    // then each state's depth (its distance from the root) never falls as its number grows
    const depth = parent.map(() => 0);
    for (let st = 1; st < parent.length; st++) {
      expect(parent[st]!, `state ${st}`).toBeLessThan(st);
      depth[st] = depth[parent[st]!]! + 1;
      expect(depth[st]!, `state ${st}`).toBeGreaterThanOrEqual(depth[st - 1]!);
    }
  });

  it('finds keywords past 32,767 states (its transitions are 16-bit only below)', () => {
    // given 4,000 keywords of 12 random letters: ≈ 40,000 states
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const many = Array.from({ length: 4000 }, (_, i) => {
      let x = i + 1;
      let word = '';
      for (let j = 0; j < 12; j++) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        word += letters[(x >>> 16) % 26];
      }
      return word;
    });
    expect(automatonTables(many).parent.length).toBeGreaterThan(0x7fff);
    const big = new KeywordAutomaton(many);
    // when texts holding the last keywords are scanned
    const texts = [`x ${many[3999]} y`, many[3500]!];
    // then they are found as a naive search finds them
    expect(found(big, texts)).toEqual(naive(many, texts));
  });
});

describe('the table patterns without the u flag', () => {
  const patterns = [
    '\\p{L}*neft\\p{L}*',
    'bank|\\p{L}+bank|bankası',
    '\\d+ (?:[\\p{L}-]+ ){0,2}brigade',
    '[^\\p{L}]x',
  ];
  const plain = new PlainPatterns(plainState(patterns));
  const edge = plain.wordClass;

  it('finds the same whole-word match as the u expression, on text with other letters replaced', () => {
    const texts = [
      'öneftegaz',
      'x neftě y',
      'ziraat bankası',
      'işbank',
      'жbank',
      '12 щит-ж brigade',
      '١٢ brigade',
      'ab x',
      'é x',
      'neft',
    ];
    for (const pattern of patterns) {
      const unicode = new RegExp(`(?<![\\p{L}\\p{N}])(?:${pattern})(?![\\p{L}\\p{N}])`, 'u');
      const source = plain.translate(pattern)!;
      const fast = new RegExp(`(?<!${edge})(?:${source})(?!${edge})`);
      for (const text of texts) {
        const u = unicode.exec(text);
        const f = fast.exec(plain.text(text)!);
        expect(f && { index: f.index, length: f[0].length }, `${pattern} on ${text}`).toEqual(
          u && { index: u.index, length: u[0].length },
        );
      }
    }
  });

  it('leaves what it cannot translate to the u expression', () => {
    expect(plain.translate('\\p{Lu}x')).toBeUndefined();
    expect(plain.translate('(a)\\1')).toBeUndefined();
    expect(plain.translate('\\u{1F600}')).toBeUndefined();
    expect(plain.translate('ж')).toBeUndefined(); // a character no pattern of the table writes
    expect(plain.text('a\uE000b')).toBeUndefined();
    expect(plain.text('a😀b')).toBeUndefined();
  });
});

describe('reader expressions without the u flag', () => {
  it('match as the u expression on text whose letters and digits are ASCII', () => {
    const expressions = [
      /(?<![\p{L}\p{N}])(?:sectors?|industry|industries)(?![\p{L}\p{N}])/giu,
      /(?:\b\p{Lu}[\p{L}'’.&-]*\s+){1,8}(?:Corporation|Bank)\b\.?/gu,
      /^\p{Lu}\p{Ll}/u,
      /\b(?:supplier)(?:\s+and\s+[\p{L}-]+)?\s+(?:of|for)\s/giu,
    ];
    const texts = [
      'the Russian defence SECTOR and industries',
      'Tanchon Commercial Bank. supplier and broker of arms',
      'Industries',
      'a … supplier of “goods” — x’s Corporation',
    ];
    for (const re of expressions) {
      const ascii = asciiForm(re);
      expect(ascii).not.toBe(re);
      for (const text of texts) {
        expect(asciiAlnum(text)).toBe(true);
        const all = (r: RegExp) =>
          (r.global ? [...text.matchAll(r)] : [r.exec(text)]).map((m) => m && [m.index, m[0]]);
        expect(all(ascii), `${re} on ${text}`).toEqual(all(re));
      }
    }
  });

  it('are not used on text with a non-ASCII letter or digit', () => {
    expect(asciiAlnum('Société Générale')).toBe(false);
    expect(asciiAlnum('ſector')).toBe(false);
    expect(asciiAlnum('\u212Aelvin')).toBe(false);
    expect(asciiAlnum('a “quoted” — text…')).toBe(true);
  });
});

describe('literal patterns', () => {
  it('reads a pure literal pattern as its literals, in order', () => {
    // given / when / then
    expect(literalAlternatives('odk-saturn|kret')).toEqual(['odk-saturn', 'kret']);
    expect(literalAlternatives('\\p{L}*neft')).toBeUndefined();
    expect(literalAlternatives('design (?:bureau|office)')).toEqual(['design bureau', 'design office']);
  });

  it('finds the leftmost whole-word literal, as the regular expression would', () => {
    // given / when / then
    expect(findWholeWord('jsc zavod korpusov', ['korpusov', 'zavod korpusov'])).toEqual({
      index: 4,
      length: 14,
    });
    expect(findWholeWord('korpusovo plant', ['korpusov'])).toBeUndefined();
  });
});

describe('lexicons of names', () => {
  it('reads a text as words: runs of letters and digits, lower-cased, where they stand', () => {
    // given / when / then
    expect(wordsOf('JSC "ODK-SATURN", Rybinsk')).toEqual([
      { word: 'jsc', start: 0, end: 3 },
      { word: 'odk', start: 5, end: 8 },
      { word: 'saturn', start: 9, end: 15 },
      { word: 'rybinsk', start: 18, end: 25 },
    ]);
    expect(wordsOf('Organizace pro letectví, 558 ARZ').map((w) => w.word)).toEqual([
      'organizace',
      'pro',
      'letectví',
      '558',
      'arz',
    ]);
  });

  it('reads the words the lists render either way as one (ninth round)', () => {
    // given / when / then: CENTRE and CENTER, SCIENTIFIC and RESEARCH, DEFENSE and DEFENCE
    expect(wordsOf('Krylov State Scientific Centre').map((w) => w.word)).toEqual(
      wordsOf('KRYLOV STATE RESEARCH CENTER').map((w) => w.word),
    );
    expect(wordsOf('DEFENSE ORGANISATION').map((w) => w.word)).toEqual(['defence', 'organization']);
    // where a word stands is where it stands in the text, whatever it is read as
    expect(wordsOf('X CENTRE')[1]).toEqual({ word: 'center', start: 2, end: 8 });
    expect(lexiconEntries(['KRYLOV STATE RESEARCH CENTRE'])).toContain('krylov state research center');
  });

  it('indexes each name and every run of words a longer name starts with', () => {
    // given / when
    const entries = lexiconEntries(['ODK-SATURN', 'ODK', 'ZAVOD KORPUSOV']);
    // then
    expect(entries).toEqual([
      'odk',
      LEXICON_PREFIX | LEXICON_NAME,
      'odk saturn',
      LEXICON_NAME,
      'zavod',
      LEXICON_PREFIX,
      'zavod korpusov',
      LEXICON_NAME,
    ]);
  });
});
