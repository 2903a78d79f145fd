/**
 * Name normalisation for cross-list resolution (pure): NFKC, case folded, diacritics and punctuation
 * removed, Cyrillic transliterated to Latin, legal forms (JSC, AO, OOO, PJSC, LLC, "JOINT STOCK
 * COMPANY", …) dropped, and a few spelling variants that transliteration systems disagree on folded
 * (kh/h, y/i, doubled letters), so that `АКЦИОНЕРНОЕ ОБЩЕСТВО ВЕРТОЛЕТЫ РОССИИ`, `AO Vertolety Rossii`
 * and `VERTOLETY ROSSII, JSC` compare equal.
 */

const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  і: 'i',
  ї: 'yi',
  є: 'ye',
  ґ: 'g',
  ў: 'u',
};

/** Cyrillic letters to Latin (lower case in, lower case out); other characters unchanged. */
export function transliterate(text: string): string {
  let out = '';
  for (const ch of text) out += CYRILLIC[ch] ?? ch;
  return out;
}

/**
 * Legal forms and their transliterations, as token sequences (already normalised), longest first.
 * Dropped wherever they occur in a name.
 */
const LEGAL_FORMS: string[][] = [
  'public joint stock company',
  'open joint stock company',
  'closed joint stock company',
  'joint stock company',
  'limited liability company',
  'limited liability partnership',
  'society with limited liability',
  'company with limited liability',
  'federal state unitary enterprise',
  'state unitary enterprise',
  'publichnoe aktsionernoe obshchestvo',
  'otkrytoe aktsionernoe obshchestvo',
  'zakrytoe aktsionernoe obshchestvo',
  'nepublichnoe aktsionernoe obshchestvo',
  'aktsionernoe obshchestvo',
  'obshchestvo s ogranichennoy otvetstvennostyu',
  'obshchestvo s ogranichennoi otvetstvennostiu',
  'jsc',
  'ao',
  'oao',
  'zao',
  'pao',
  'ooo',
  'nao',
  'pjsc',
  'ojsc',
  'cjsc',
  'llc',
  'ltd',
  'limited',
  'inc',
  'incorporated',
  'corp',
  'plc',
  'llp',
  'gmbh',
  'ag',
  'sa',
  'sarl',
  'srl',
  'bv',
  'nv',
  'fze',
  'fzco',
  'fzc',
  'fzllc',
  'dmcc',
  'co',
  'company',
  'tov',
  'too',
  'fgup',
  'gup',
  'fgbu',
  'ip',
].map((f) => f.split(' '));
LEGAL_FORMS.sort((a, b) => b.length - a.length);
/** Legal forms by their first token, longest first. */
const FORMS_BY_FIRST = new Map<string, string[][]>();
for (const f of LEGAL_FORMS) FORMS_BY_FIRST.set(f[0]!, [...(FORMS_BY_FIRST.get(f[0]!) ?? []), f]);

/** True when every character of `text` is ASCII. */
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Lower case, NFKC, no diacritics, Cyrillic → Latin, punctuation → spaces; tokens. */
export function nameTokens(name: string): string[] {
  // Most names are ASCII, where NFKC, NFD, mark removal and transliteration change nothing and the
  // only letters and digits are [a-z0-9] once lower-cased: the same tokens without those passes.
  if (!isAscii(name)) return unicodeNameTokens(name);
  const text = name
    .toLowerCase()
    .replace(/['`.]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return text === '' ? [] : text.split(' ');
}

/** `nameTokens` for any text (exported for the test that the ASCII path gives the same tokens). */
export function unicodeNameTokens(name: string): string[] {
  const text = transliterate(
    name
      .normalize('NFKC')
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}+/gu, ''),
  )
    .replace(/[''`´.]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return text === '' ? [] : text.split(' ');
}

function dropLegalForms(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const form = FORMS_BY_FIRST.get(tokens[i]!)?.find((f) => f.every((t, k) => tokens[i + k] === t));
    if (form && tokens.length > form.length) {
      i += form.length;
      continue;
    }
    out.push(tokens[i]!);
    i++;
  }
  return out;
}

/**
 * Spelling variants of transliteration folded: kh → h, y/j → i, doubled letters single — in that
 * order, as `replace(/kh/g, 'h').replace(/[yj]/g, 'i').replace(/(.)\1+/g, '$1')` would, in one pass.
 */
function fold(token: string): string {
  let out = '';
  let last = '';
  for (let i = 0; i < token.length; i++) {
    let c = token[i]!;
    if (c === 'k' && token[i + 1] === 'h') {
      c = 'h';
      i++;
    } else if (c === 'y' || c === 'j') c = 'i';
    if (c !== last) out += c;
    last = c;
  }
  return out;
}

/**
 * The normalised form of a name: folded tokens without legal forms, in the name's order. Empty when
 * nothing distinctive is left.
 */
export function normalizeName(name: string): string[] {
  return dropLegalForms(nameTokens(name))
    .map(fold)
    .filter((t) => t !== '');
}

/**
 * The two keys of a name, normalised once: `name`, the key it is indexed under for matching — its
 * normalised tokens sorted (word order differs between lists: `IVANOV, Ivan` and `Ivan IVANOV`),
 * undefined for names too short to link on without an identifier (one token under 6 letters, or an
 * individual's single name); and `edge`, the key a relationship's target is looked up under — the
 * same sorted tokens with no length rule (`Linked To: HAMAS` names one entry of the same list
 * exactly). Both undefined when nothing distinctive is left.
 */
export function nameKeys(name: string, individual: boolean): { name?: string; edge?: string } {
  const tokens = normalizeName(name);
  if (tokens.length === 0) return {};
  const edge = tokens.length === 1 ? tokens[0]! : [...tokens].sort().join(' ');
  if (tokens.length === 1 && (individual || edge.length < 6)) return { edge };
  return { name: edge, edge };
}

/** The key a name is indexed under for matching (see `nameKeys`). */
export function nameKey(name: string, individual: boolean): string | undefined {
  return nameKeys(name, individual).name;
}

/** The key a relationship's target is looked up under (see `nameKeys`). */
export function edgeNameKey(name: string): string | undefined {
  return nameKeys(name, false).edge;
}

/** How alike two names are once normalised: 1 in the same word order, 0.9 in another order, else 0. */
export function nameScore(a: string, b: string): number {
  const x = normalizeName(a);
  const y = normalizeName(b);
  if (x.join(' ') === y.join(' ')) return 1;
  return [...x].sort().join(' ') === [...y].sort().join(' ') ? 0.9 : 0;
}

const COUNTRY_SYNONYMS: Record<string, string> = {
  'russian federation': 'russia',
  'iran islamic republic of': 'iran',
  'islamic republic of iran': 'iran',
  'syrian arab republic': 'syria',
  'democratic peoples republic of korea': 'north korea',
  'korea north': 'north korea',
  'korea democratic peoples republic of': 'north korea',
  dprk: 'north korea',
  'republic of korea': 'south korea',
  'korea south': 'south korea',
  'korea republic of': 'south korea',
  'united kingdom of great britain and northern ireland': 'united kingdom',
  uk: 'united kingdom',
  'united states of america': 'united states',
  usa: 'united states',
  'belarus republic of': 'belarus',
  'venezuela bolivarian republic of': 'venezuela',
  turkiye: 'turkey',
  'the netherlands': 'netherlands',
  'hong kong sar': 'hong kong',
  'china peoples republic of': 'china',
  'peoples republic of china': 'china',
  'viet nam': 'vietnam',
  'lao peoples democratic republic': 'laos',
  'moldova republic of': 'moldova',
  'tanzania united republic of': 'tanzania',
};

/** A country name in one spelling: `Russian Federation` → `russia`. */
export function normalizeCountry(country: string): string {
  const plain = country
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['']/g, '')
    .replace(/[^a-z]+/g, ' ')
    .trim();
  return COUNTRY_SYNONYMS[plain] ?? plain;
}
