/**
 * Text folding for matching watch terms and countries: case, diacritics, punctuation and spacing
 * are ignored, scripts are kept (Cyrillic, Arabic, … match themselves).
 */

/** Letters that NFKD does not decompose into a base letter plus marks. */
const SPECIAL: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ø: 'o',
  Ø: 'o',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  ł: 'l',
  Ł: 'l',
  ı: 'i',
  þ: 'th',
  Þ: 'th',
  ħ: 'h',
  Ħ: 'h',
};
const SPECIAL_RE = new RegExp(`[${Object.keys(SPECIAL).join('')}]`, 'g');

/**
 * Folds text for comparison: NFKD, combining marks removed, special letters transliterated,
 * lower-cased, every run of non-letters/digits turned into one space, trimmed.
 * `"  Ahmed   AL-ḤASAN "` → `"ahmed al hasan"`; `"Müller"` → `"muller"`; `"Ёлкин"` → `"елкин"`.
 */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(SPECIAL_RE, (c) => SPECIAL[c] ?? c)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Folded text without any separator: for identifiers (`IMO 912-3456` → `imo9123456`). */
export function compact(text: string): string {
  return fold(text).replace(/ /g, '');
}

/** The folded words of a text. */
export function words(text: string): string[] {
  const f = fold(text);
  return f === '' ? [] : f.split(' ');
}

/**
 * Whether `term` occurs in `text` as whole words, ignoring case and diacritics:
 * `"ivanov"` matches `"Ivan IVANOV"`, not `"Ivanova"`.
 */
export function containsWords(text: string, term: string): boolean {
  const t = fold(term);
  if (t === '') return false;
  if (hasUnspacedScript(t)) return fold(text).includes(t);
  return ` ${fold(text)} `.includes(` ${t} `);
}

/**
 * Scripts written without spaces between words (Han, kana, Thai, …): a watch term in them matches
 * anywhere in a name, not only as whole words.
 */
export function hasUnspacedScript(folded: string): boolean {
  return /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u.test(
    folded,
  );
}
