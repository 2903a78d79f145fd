/**
 * The rule table compiled into per-field keyword prefilters (issue 12, speed). Pure.
 *
 * Each pattern rule's regular expression is read once into the literal strings one of which every
 * match must contain ("neft" for `\p{L}*neft\p{L}*`; "design bureau", "okb", "skb", … for an
 * alternation). Per designation, the texts of the fields the pattern rules read (name, aliases,
 * remarks, reasons, …) are lower-cased, their whitespace collapsed, and scanned once for every
 * keyword of the table through an index by the keywords' first two characters. A pattern rule
 * whose keywords occur in none of its fields cannot match and is skipped; every other rule runs
 * exactly as before, in table order, so the tags and their evidence are the same with or without
 * the prefilter (tested on the real lists: test/realdata/sector-prefilter.test.ts). A rule whose
 * pattern gives no literal of two characters or more is never skipped.
 */

// ── literal extraction ──────────────────────────────────────────────────────────────────────

/** What a piece of pattern can match: its exact strings (when few and known) and required literals. */
interface Lit {
  /** Every string this piece can match, lower-cased; undefined when unknown or too many. */
  exact?: Set<string>;
  /** Strings one of which every match contains; undefined when nothing is required. */
  req?: Set<string>;
}

const MAX_EXACT = 64;
const NONE: Lit = {};
const EMPTY: Lit = { exact: new Set(['']) };

function product(a: Set<string>, b: Set<string>): Set<string> | undefined {
  if (a.size * b.size > MAX_EXACT) return undefined;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return out;
}

function minLength(set: Set<string>): number {
  let min = Number.POSITIVE_INFINITY;
  for (const s of set) min = Math.min(min, s.length);
  return min;
}

/** The better of two requirement sets: the longer shortest literal, then the smaller set. */
function better(a: Set<string> | undefined, b: Set<string> | undefined): Set<string> | undefined {
  if (!a) return b;
  if (!b) return a;
  const [la, lb] = [minLength(a), minLength(b)];
  if (la !== lb) return la > lb ? a : b;
  return a.size <= b.size ? a : b;
}

const required = (l: Lit) => l.exact ?? l.req;

function sequence(parts: Lit[]): Lit {
  let best: Set<string> | undefined;
  // The strings of the current run of consecutive exact parts (their concatenations).
  let run: Set<string> | undefined = new Set(['']);
  let allExact = true;
  for (const p of parts) {
    if (p.exact) {
      const next: Set<string> | undefined = run && product(run, p.exact);
      if (!next) {
        allExact = false;
        best = better(best, run);
      }
      run = next ?? new Set(p.exact);
    } else {
      allExact = false;
      best = better(better(best, run), p.req);
      run = undefined;
    }
  }
  if (run && allExact) return { exact: run };
  best = better(best, run);
  return best && minLength(best) > 0 ? { req: best } : NONE;
}

function alternation(alts: Lit[]): Lit {
  if (alts.every((a) => a.exact)) {
    const exact = new Set<string>();
    for (const a of alts) for (const s of a.exact!) exact.add(s);
    if (exact.size <= MAX_EXACT) return { exact };
  }
  const req = new Set<string>();
  for (const a of alts) {
    const r = required(a);
    if (!r || minLength(r) === 0) return NONE;
    for (const s of r) req.add(s);
  }
  return { req };
}

function repeat(child: Lit, min: number, max: number): Lit {
  if (min === 0) {
    // greedy: the regular expression tries the piece before the empty string
    if (max === 1 && child.exact) return { exact: new Set([...child.exact, '']) };
    return NONE;
  }
  if (min === max && child.exact) {
    let out: Set<string> | undefined = new Set(['']);
    for (let i = 0; i < min && out; i++) out = product(out, child.exact);
    if (out) return { exact: out };
  }
  const r = required(child);
  return r && minLength(r) > 0 ? { req: r } : NONE;
}

const QUANTIFIER: ReadonlySet<string> = new Set(['?', '*', '+', '{']);
/** Characters with a meaning of their own in a pattern (besides quantifiers). */
const SPECIAL: ReadonlySet<string> = new Set(['(', ')', '[', ']', '.', '^', '$', '\\', '|']);

/** A small parser for the regular-expression syntax the rule table uses (`iu` flags). */
class PatternReader {
  private at = 0;
  constructor(private readonly src: string) {}

  read(): Lit {
    const lit = this.alternation();
    if (this.at !== this.src.length) throw new Error(`unexpected ${this.src[this.at]} at ${this.at}`);
    return lit;
  }

  private alternation(): Lit {
    const alts = [this.sequence()];
    while (this.src[this.at] === '|') {
      this.at++;
      alts.push(this.sequence());
    }
    return alts.length === 1 ? alts[0]! : alternation(alts);
  }

  private sequence(): Lit {
    const parts: Lit[] = [];
    while (this.at < this.src.length && this.src[this.at] !== '|' && this.src[this.at] !== ')') {
      parts.push(this.quantified(this.atom()));
    }
    return sequence(parts);
  }

  private quantified(atom: Lit): Lit {
    const c = this.src[this.at];
    let min: number;
    let max: number;
    if (c === '?') [min, max] = [0, 1];
    else if (c === '*') [min, max] = [0, Number.POSITIVE_INFINITY];
    else if (c === '+') [min, max] = [1, Number.POSITIVE_INFINITY];
    else if (c === '{') {
      const m = /^\{(\d+)(?:,(\d*))?\}/.exec(this.src.slice(this.at));
      if (!m) return atom;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[2] === '' ? Number.POSITIVE_INFINITY : Number(m[2]);
      this.at += m[0].length - 1;
    } else return atom;
    this.at++;
    if (this.src[this.at] === '?') this.at++; // lazy: same strings
    return repeat(atom, min, max);
  }

  private atom(): Lit {
    const c = this.src[this.at++]!;
    if (c === '(') {
      let lookaround = false;
      if (this.src.startsWith('?:', this.at)) this.at += 2;
      else if (/^\?<?[=!]/.test(this.src.slice(this.at))) {
        lookaround = true;
        this.at += this.src[this.at + 1] === '<' ? 3 : 2;
      } else if (this.src[this.at] === '?') throw new Error(`unsupported group at ${this.at}`);
      const inner = this.alternation();
      if (this.src[this.at++] !== ')') throw new Error('unclosed group');
      return lookaround ? EMPTY : inner;
    }
    if (c === '[') return this.charClass();
    if (c === '.') return NONE;
    if (c === '^' || c === '$') return EMPTY;
    if (c === '\\') return this.escape();
    // A run of plain characters is one string (one set, not one per character), up to a character
    // that a quantifier follows: that one is read alone, for the quantifier to apply to it only.
    // (each lower-cased alone, as before: "Σ" at the end of a run is not a final sigma)
    let run = c.toLowerCase();
    if (!QUANTIFIER.has(this.src[this.at] ?? '')) {
      while (this.at < this.src.length) {
        const next = this.src[this.at]!;
        if (SPECIAL.has(next) || QUANTIFIER.has(next) || QUANTIFIER.has(this.src[this.at + 1] ?? '')) break;
        run += next.toLowerCase();
        this.at++;
      }
    }
    return { exact: new Set([run]) };
  }

  private escape(): Lit {
    const e = this.src[this.at++]!;
    if (e === 'p' || e === 'P') {
      this.at = this.src.indexOf('}', this.at) + 1;
      return NONE;
    }
    if (e === 'b' || e === 'B') return EMPTY;
    if (e === 's') return { exact: new Set([' ']) }; // whitespace is collapsed to one space in the scanned text
    if (/[dDwWS]/.test(e)) return NONE;
    return { exact: new Set([e.toLowerCase()]) };
  }

  private charClass(): Lit {
    const end = this.src.indexOf(']', this.at);
    const body = this.src.slice(this.at, end);
    this.at = end + 1;
    if (body.startsWith('^') || body.includes('\\')) return NONE;
    const chars = new Set<string>();
    for (let i = 0; i < body.length; i++) {
      if (body[i + 1] === '-' && i + 2 < body.length) return NONE; // a range
      chars.add(body[i]!.toLowerCase());
    }
    return { exact: chars };
  }
}

/** A pattern with its literal characters lower-cased; escapes (`\p{L}`, `\d`, `\S`) kept as written. */
export function lowerPattern(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c !== '\\') {
      out += c.toLowerCase();
      continue;
    }
    const next = pattern[i + 1] ?? '';
    if (next === 'p' || next === 'P') {
      const close = pattern.indexOf('}', i);
      out += pattern.slice(i, close + 1);
      i = close;
    } else {
      out += c + next;
      i++;
    }
  }
  return out;
}

/** The literals one of which every match of `pattern` contains; undefined when none of ≥ 2 characters. */
export function requiredLiterals(pattern: string): string[] | undefined {
  const r = required(new PatternReader(pattern).read());
  if (!r || minLength(r) < 2) return undefined;
  return [...r].sort();
}

/**
 * The strings a pure literal pattern matches, in the order a regular expression tries them (its
 * alternatives in order, greedy optionals first), or undefined when the pattern has anything but
 * literal characters, groups, alternatives, `?` and small character classes. Such a rule is
 * matched by `findWholeWord` without compiling a regular expression.
 */
export function literalAlternatives(pattern: string): string[] | undefined {
  if (/[\\.*+{}^$]|\(\?[<=!]/.test(pattern)) return undefined;
  const lit = new PatternReader(pattern).read();
  if (!lit.exact || lit.exact.has('')) return undefined;
  return [...lit.exact];
}

const WORD_CHAR = /^[\p{L}\p{N}]$/u;

function isWordCharBefore(text: string, at: number): boolean {
  if (at === 0) return false;
  const low = text.charCodeAt(at - 1);
  const ch = low >= 0xdc00 && low <= 0xdfff && at >= 2 ? text.slice(at - 2, at) : text[at - 1]!;
  return WORD_CHAR.test(ch);
}

function isWordCharAt(text: string, at: number): boolean {
  return at < text.length && WORD_CHAR.test(String.fromCodePoint(text.codePointAt(at)!));
}

/**
 * The first whole-word occurrence of any of `alternatives` in `text` (neither a letter nor a digit
 * either side), as `(?<![\p{L}\p{N}])(?:a|b|…)(?![\p{L}\p{N}])` finds it: the leftmost position,
 * and there the first alternative in order.
 */
export function findWholeWord(
  text: string,
  alternatives: readonly string[],
): { index: number; length: number } | undefined {
  let best: { index: number; length: number } | undefined;
  for (const alt of alternatives) {
    for (let i = text.indexOf(alt); i >= 0; i = text.indexOf(alt, i + 1)) {
      if (best && i >= best.index) break;
      if (!isWordCharBefore(text, i) && !isWordCharAt(text, i + alt.length)) {
        best = { index: i, length: alt.length };
        break;
      }
    }
  }
  return best;
}

// ── lexicons of names ───────────────────────────────────────────────────────────────────────

/** A word of a text: a run of letters and digits, lower-cased, and where it stands. */
export interface Word {
  word: string;
  start: number;
  end: number;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** Whether the code unit at `i` of `text` is a letter or digit (ASCII by its code, the rest as Unicode reads it). */
function isWordUnit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (c >= 0xd800 && c <= 0xdfff) return LETTER_OR_DIGIT.test(String.fromCodePoint(text.codePointAt(i) ?? c));
  return LETTER_OR_DIGIT.test(text[i]!);
}

/**
 * Words the lists' English renderings of one name write either way, each read as the other (issue 12,
 * ninth round): the same enterprise is a "STATE RESEARCH CENTER" in one list and a "STATE SCIENTIFIC
 * CENTRE" in another (Russian "nauchnyi tsentr"); a "DEFENSE" or a "DEFENCE" industry. A lexicon's
 * names and the texts it is looked for in are read through the same map, so a name matches every
 * rendering and nothing that none of them is.
 */
const WORD_VARIANTS: ReadonlyMap<string, string> = new Map([
  ['centre', 'center'],
  ['scientific', 'research'],
  ['defense', 'defence'],
  ['organisation', 'organization'],
]);

/**
 * The words of `text`: runs of letters and digits, lower-cased, each read as `WORD_VARIANTS` says;
 * anything else between them is a break.
 */
export function wordsOf(text: string): Word[] {
  const out: Word[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const inWord = i < text.length && isWordUnit(text, i);
    if (inWord && start < 0) start = i;
    else if (!inWord && start >= 0) {
      const word = text.slice(start, i).toLowerCase();
      out.push({ word: WORD_VARIANTS.get(word) ?? word, start, end: i });
      start = -1;
    }
  }
  return out;
}

/** In a lexicon's index: the word sequence is a name. */
export const LEXICON_NAME = 1;
/** In a lexicon's index: a longer name starts with the word sequence. */
export const LEXICON_PREFIX = 2;

/**
 * A lexicon's index, flattened: each word sequence (words joined by one space) that is a name or
 * starts a longer one, followed by its flags (`LEXICON_NAME`, `LEXICON_PREFIX`).
 */
export function lexiconEntries(names: readonly string[]): (string | number)[] {
  const index = new Map<string, number>();
  for (const name of names) {
    const words = wordsOf(name).map((w) => w.word);
    for (let k = 1; k <= words.length; k++) {
      const key = words.slice(0, k).join(' ');
      index.set(key, (index.get(key) ?? 0) | (k === words.length ? LEXICON_NAME : LEXICON_PREFIX));
    }
  }
  return [...index].flat();
}

// ── scanning ────────────────────────────────────────────────────────────────────────────────

/** Lower-cased with every run of whitespace one space: the text keywords are looked for in. */
export function scanText(values: readonly string[]): string {
  return values.join('\n').toLowerCase().replace(/\s+/g, ' ');
}

const WHITESPACE = /^\s$/;

/** Code units whose lower case depends on the text around them or is longer: "Σ", "İ". */
const CONTEXT_CASE: ReadonlySet<number> = new Set([0x3a3, 0x130]);

/**
 * A keyword automaton as plain data: the classes (the code units of the keywords, class 2 on; 0 is
 * any other character, 1 whitespace), per state (0 the root) its trie parent, the class of the
 * edge from it and its failure state, and the keyword ids ending at each state as runs of
 * `state, count, id…`. What `automatonTables` makes and `KeywordAutomaton` is built from.
 */
export interface AutomatonTables {
  classes: readonly number[];
  parent: readonly number[];
  lastClass: readonly number[];
  fail: readonly number[];
  ends: readonly number[];
}

/** The trie of `keywords` with its failure links (Aho–Corasick), as `AutomatonTables`. */
export function automatonTables(keywords: readonly string[]): AutomatonTables {
  // Built once per process at most (the generated sector table carries it), so it is written for
  // cold code: typed arrays and index lists rather than an array or a spread per state.
  const classes: number[] = [];
  let width = 2;
  let chars = 0;
  const classOfCode = new Int32Array(0x10000);
  classOfCode[0x20] = 1;
  for (const k of keywords) {
    if (k.length < 2) throw new Error(`keyword too short: ${JSON.stringify(k)}`);
    chars += k.length;
    for (let i = 0; i < k.length; i++) {
      const code = k.charCodeAt(i);
      if (classOfCode[code] === 0) {
        classOfCode[code] = width++;
        classes.push(code);
      }
    }
  }
  const table = new Int32Array((chars + 1) * width).fill(-1);
  const parent = new Int32Array(chars + 1);
  const lastClass = new Int32Array(chars + 1);
  const depth = new Int32Array(chars + 1);
  /** The keyword ids ending at a state, as a linked list: first id per state, next per id. */
  const firstOwn = new Int32Array(chars + 1).fill(-1);
  const nextOwn = new Int32Array(keywords.length).fill(-1);
  let states = 1;
  let maxDepth = 0;
  for (let id = 0; id < keywords.length; id++) {
    const k = keywords[id]!;
    let state = 0;
    for (let i = 0; i < k.length; i++) {
      const c = classOfCode[k.charCodeAt(i)]!;
      let to = table[state * width + c]!;
      if (to < 0) {
        to = states++;
        table[state * width + c] = to;
        parent[to] = state;
        lastClass[to] = c;
        depth[to] = depth[state]! + 1;
        if (depth[to]! > maxDepth) maxDepth = depth[to]!;
      }
      state = to;
    }
    nextOwn[id] = firstOwn[state]!;
    firstOwn[state] = id;
  }
  // states in breadth-first order (by depth: a state's failure is shallower), by counting sort
  const count = new Int32Array(maxDepth + 2);
  for (let st = 1; st < states; st++) count[depth[st]! + 1]!++;
  for (let d = 1; d < count.length; d++) count[d]! += count[d - 1]!;
  const order = new Int32Array(states - 1);
  for (let st = 1; st < states; st++) order[count[depth[st]!]!++] = st;
  const fail = new Int32Array(states);
  const endsOf: (number[] | null)[] = new Array<number[] | null>(states).fill(null);
  for (let n = 0; n < order.length; n++) {
    const state = order[n]!;
    const c = lastClass[state]!;
    let f = parent[state]!;
    if (f === 0) fail[state] = 0;
    else {
      do f = fail[f]!;
      while (f !== 0 && table[f * width + c]! < 0);
      fail[state] = Math.max(table[f * width + c]!, 0);
    }
    const inherited = endsOf[fail[state]!];
    if (firstOwn[state]! < 0 && !inherited) continue;
    const own: number[] = [];
    for (let id = firstOwn[state]!; id >= 0; id = nextOwn[id]!) own.push(id);
    if (inherited) for (const id of inherited) own.push(id);
    endsOf[state] = own;
  }
  // The states renumbered in that breadth-first order (the root 0, then by depth): the shallow
  // states a scan is in most of the time are then the first rows of the transition table, together
  // in memory, instead of spread over it in the order the keywords were added.
  const renumber = new Int32Array(states);
  for (let n = 0; n < order.length; n++) renumber[order[n]!] = n + 1;
  const outParent = new Array<number>(states).fill(0);
  const outLastClass = new Array<number>(states).fill(0);
  const outFail = new Array<number>(states).fill(0);
  const ends: number[] = [];
  for (let n = 0; n <= order.length; n++) {
    const st = n === 0 ? 0 : order[n - 1]!;
    if (n > 0) {
      outParent[n] = renumber[parent[st]!]!;
      outLastClass[n] = lastClass[st]!;
      outFail[n] = renumber[fail[st]!]!;
    }
    const own = endsOf[st];
    if (own) ends.push(n, own.length, ...own);
  }
  return { classes, parent: outParent, lastClass: outLastClass, fail: outFail, ends };
}

/**
 * A set of keywords compiled into one automaton (Aho–Corasick, as a table of transitions over
 * classes of characters): one step per character of the scanned text finds every keyword that
 * occurs in it. The text is read as `scanText` would make it — lower case, each run of whitespace
 * one space, the texts joined by one — without building that string: ASCII upper case and
 * whitespace are mapped by the class table; a text with a character whose lower case depends on
 * its context or is longer ("Σ", "İ") is scanned again as `scanText` makes it.
 */
export class KeywordAutomaton {
  /** Class of each character of the keywords (0: in no keyword; 1: whitespace). */
  private readonly classes = new Map<number, number>();
  /** Class of each ASCII code unit of the text (upper case as lower case). */
  private readonly ascii = new Int32Array(128);
  /** Class of each non-ASCII code unit of the text as found (-1: read the text lower-cased). */
  private readonly nonAscii = new Map<number, number>();
  private readonly width: number;
  /**
   * `next[state * width + class]`: the state after reading a character of that class (-1: not
   * known yet; the trie's edges are known from the start).
   */
  private readonly next: Int16Array | Int32Array;
  /** Per state: the longest proper suffix of its string that is a state (Aho–Corasick failure). */
  private readonly fail: Int32Array;
  /** Per keyword id: the mark of the last scan that found it. */
  private readonly seen: Int32Array;
  private mark = 0;
  /** Per state: 1 when a keyword ends there; and the ids (indexes in `keywords`) of those keywords. */
  private readonly hasEnds: Uint8Array;
  private readonly ends: (readonly number[] | null)[];

  /**
   * `tables`: the automaton as `automatonTables(keywords)` makes it, when it was made before (the
   * generated sector table carries them, so that a process does not build them again).
   */
  constructor(
    readonly keywords: readonly string[],
    tables: AutomatonTables = automatonTables(keywords),
  ) {
    const { classes, parent, lastClass, fail, ends } = tables;
    const width = classes.length + 2;
    const states = parent.length;
    this.classes.set(0x20, 1);
    for (let i = 0; i < classes.length; i++) this.classes.set(classes[i]!, i + 2);
    this.width = width;
    for (let c = 0; c < 128; c++) this.ascii[c] = this.classOf(String.fromCharCode(c).toLowerCase());
    // the trie's edges (-1: not known yet); a run of whitespace reads as one space: after a
    // space, another leaves the state as it is
    // 16-bit states while they fit: half the memory a scan reads from
    const size = states * width;
    const next = (states <= 0x7fff ? new Int16Array(size) : new Int32Array(size)).fill(-1);
    for (let st = 1; st < states; st++) next[parent[st]! * width + lastClass[st]!] = st;
    for (let st = 1; st < states; st++) if (lastClass[st] === 1) next[st * width + 1] = st;
    this.next = next;
    this.fail = Int32Array.from(fail);
    this.hasEnds = new Uint8Array(states);
    this.ends = new Array<readonly number[] | null>(states).fill(null);
    for (let i = 0; i < ends.length; ) {
      const state = ends[i]!;
      const count = ends[i + 1]!;
      this.ends[state] = ends.slice(i + 2, i + 2 + count);
      this.hasEnds[state] = 1;
      i += 2 + count;
    }
    this.seen = new Int32Array(keywords.length);
  }

  private classOf(lower: string): number {
    if (WHITESPACE.test(lower)) return 1;
    return lower.length === 1 ? (this.classes.get(lower.charCodeAt(0)) ?? 0) : 0;
  }

  private nonAsciiClass(code: number): number {
    let c = this.nonAscii.get(code);
    if (c === undefined) {
      const lower = String.fromCharCode(code).toLowerCase();
      c = CONTEXT_CASE.has(code) || lower.length !== 1 ? -1 : this.classOf(lower);
      this.nonAscii.set(code, c);
    }
    return c;
  }

  /**
   * The state after reading a character of class `c` in `state` when `next` does not know it yet:
   * the transition of its failure state, recorded for every state on the way (`next` fills in as
   * transitions are used, so that the automaton costs nothing to build for characters never seen).
   */
  private resolve(state: number, c: number): number {
    const { next, width, fail } = this;
    const path: number[] = [];
    let s = state;
    while (next[s * width + c]! < 0 && s !== 0) {
      path.push(s);
      s = fail[s]!;
    }
    const to = Math.max(next[s * width + c]!, 0);
    next[s * width + c] = to;
    for (const p of path) next[p * width + c] = to;
    return to;
  }

  /** The ids of the keywords that occur in `scanText(texts)`, each once, in no particular order. */
  scan(texts: readonly string[]): number[] {
    const found: number[] = [];
    const mark = this.nextMark();
    const { ascii, next, width, hasEnds } = this;
    let state = 0;
    for (let t = 0; t < texts.length; t++) {
      const text = texts[t]!;
      // the "\n" the texts are joined by
      for (let i = t === 0 ? 0 : -1; i < text.length; i++) {
        const code = i < 0 ? 0x0a : text.charCodeAt(i);
        let c: number;
        if (code < 128) c = ascii[code]!;
        else {
          c = this.nonAsciiClass(code);
          if (c < 0) return this.scanLowered(scanText(texts));
        }
        let to = next[state * width + c]!;
        if (to < 0) to = this.resolve(state, c);
        state = to;
        if (hasEnds[state]) this.report(state, mark, found);
      }
    }
    return found;
  }

  /** `scan` of a text already made by `scanText`. */
  private scanLowered(text: string): number[] {
    const found: number[] = [];
    const mark = this.nextMark();
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const c = this.classes.get(text.charCodeAt(i)) ?? 0;
      let to = this.next[state * this.width + c]!;
      if (to < 0) to = this.resolve(state, c);
      state = to;
      if (this.hasEnds[state]) this.report(state, mark, found);
    }
    return found;
  }

  /** A new mark for `seen` (keywords marked with an older one are not found yet in this scan). */
  private nextMark(): number {
    if (this.mark === 0x7fffffff) {
      this.seen.fill(0);
      this.mark = 0;
    }
    return ++this.mark;
  }

  private report(state: number, mark: number, found: number[]): void {
    for (const id of this.ends[state]!) {
      if (this.seen[id] === mark) continue;
      this.seen[id] = mark;
      found.push(id);
    }
  }
}

// ── patterns without Unicode property classes ───────────────────────────────────────────────

/** Stand-ins, in matched text, for a letter and a digit that no pattern of the table writes. */
const LETTER = '\uE000';
const DIGIT = '\uE001';
const IS_LETTER = /^\p{L}$/u;
const IS_DIGIT = /^\p{N}$/u;
const NON_ASCII = /[\u0080-\uffff]/;

function isSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

function escapeUnit(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `pattern` (a `u` expression's source) with each `\p{X}` of `bodies` written as a class of those
 * characters, for an expression without `u`; undefined when it has anything else that reads
 * differently without `u` (another property, `\u{…}`, a back-reference, a surrogate), a non-ASCII
 * character `keep` refuses, or a class range with a non-ASCII end.
 */
function withoutProperties(
  pattern: string,
  bodies: Readonly<Record<string, string>>,
  keep: (code: number) => boolean,
): string | undefined {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    const code = c.charCodeAt(0);
    if (code >= 0x80) {
      if (isSurrogate(code) || !keep(code)) return undefined;
      if (inClass && (pattern[i - 1] === '-' || pattern[i + 1] === '-')) return undefined; // a non-ASCII range
      out += c;
      continue;
    }
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (next === 'p' || next === 'P') {
        const m = /^\\[pP]\{(\w+)\}/.exec(pattern.slice(i));
        const body = m ? bodies[m[1]!] : undefined;
        if (!m || !body || (inClass && next === 'P')) return undefined;
        out += inClass ? body : `[${next === 'P' ? '^' : ''}${body}]`;
        i += m[0].length - 1;
        continue;
      }
      // \u, \x, \c name characters by code; back-references compare text the stand-ins change
      if (!/^[sSdDwWbB.\\\-()[\]{}|?*+^$/ntrfv0]$/.test(next)) return undefined;
      out += c + next;
      i++;
      continue;
    }
    if (inClass && c === ']') inClass = false;
    else if (!inClass && c === '[') inClass = true;
    out += c;
  }
  return inClass ? undefined : out;
}

const ASCII_PROPERTIES: Readonly<Record<string, string>> = { L: 'A-Za-z', Lu: 'A-Z', Ll: 'a-z', N: '0-9' };
const NON_ASCII_ALNUM = /(?![A-Za-z0-9])[\p{L}\p{N}]/u;
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * `re` (a `u` expression) without `u`, its letter and digit properties as ASCII classes: the same
 * matches on a text for which `asciiAlnum` holds, compiled and run faster. `re` itself when it
 * cannot be translated.
 */
export function asciiForm(re: RegExp): RegExp {
  const source = withoutProperties(re.source, ASCII_PROPERTIES, () => true);
  return source === undefined ? re : new RegExp(source, re.flags.replace('u', ''));
}

/** Whether every letter and digit of `text` is ASCII (and it has no surrogate): `asciiForm` reads it. */
export function asciiAlnum(text: string): boolean {
  return !NON_ASCII.test(text) || !(NON_ASCII_ALNUM.test(text) || SURROGATE.test(text));
}

/** What `PlainPatterns` keeps of the patterns it was made for. */
export interface PlainState {
  /** Code units ≥ 0x80 the patterns write (kept as they are in the text). */
  kept: readonly number[];
  /** The letters' class body (`\p{L}` becomes `[letters]`) and the digits'. */
  letters: string;
  digits: string;
}

/** The `PlainState` of a table's patterns (lower-cased `u` expression sources). */
export function plainState(patterns: Iterable<string>): PlainState {
  const kept = new Set<number>();
  let letters = `A-Za-z${escapeUnit(LETTER.charCodeAt(0))}`;
  let digits = `0-9${escapeUnit(DIGIT.charCodeAt(0))}`;
  for (const p of patterns) {
    for (let i = 0; i < p.length; i++) {
      const code = p.charCodeAt(i);
      if (code < 0x80 || isSurrogate(code) || kept.has(code)) continue;
      kept.add(code);
      if (IS_LETTER.test(p[i]!)) letters += escapeUnit(code);
      else if (IS_DIGIT.test(p[i]!)) digits += escapeUnit(code);
    }
  }
  return { kept: [...kept], letters, digits };
}

/**
 * The table's patterns compiled without the `u` flag: `\p{L}` and `\p{N}` (whose Unicode tables
 * make an expression slow to compile and run) become small classes of the ASCII letters or digits,
 * the non-ASCII letters or digits the table's patterns write themselves, and one stand-in character.
 * The text they run on is the lower-cased value with every other non-ASCII letter replaced by the
 * letter stand-in and every other non-ASCII digit by the digit stand-in (`text`), character for
 * character, so that a match has the same position and length as the `u` expression's on the value.
 * Every construct the translation does not know (another property, a back-reference, `\u{…}`, a
 * non-ASCII class range, a surrogate) leaves the pattern to the `u` expression, as does a text with
 * a surrogate or a stand-in character of its own.
 */
export class PlainPatterns {
  /** Code units ≥ 0x80 written in the patterns: kept as they are in the text. */
  private readonly kept: ReadonlySet<number>;
  private readonly letters: string;
  private readonly digits: string;
  /** Per non-ASCII code unit not kept: its stand-in, or null when it stays. */
  private readonly standIn = new Map<number, string | null>();

  /** `state`: what `plainState` makes of the patterns (the generated sector table carries it). */
  constructor(state: PlainState) {
    this.kept = new Set(state.kept);
    this.letters = state.letters;
    this.digits = state.digits;
  }

  /** A `u` expression source (without flags) as one without `u`, or undefined when it cannot be. */
  translate(pattern: string): string | undefined {
    return withoutProperties(pattern, { L: this.letters, N: this.digits }, (code) => this.kept.has(code));
  }

  /** The class of letters and digits (what `[\p{L}\p{N}]` becomes), for whole-word edges. */
  get wordClass(): string {
    return `[${this.letters}${this.digits}]`;
  }

  /**
   * `lower` with each non-ASCII letter or digit no pattern writes replaced by its stand-in, or
   * undefined when it holds a surrogate or a stand-in character (read those with the `u` form).
   */
  text(lower: string): string | undefined {
    if (!NON_ASCII.test(lower)) return lower;
    let out = '';
    let from = 0;
    for (let i = 0; i < lower.length; i++) {
      const code = lower.charCodeAt(i);
      if (code < 0x80 || this.kept.has(code)) continue;
      if (isSurrogate(code) || code === LETTER.charCodeAt(0) || code === DIGIT.charCodeAt(0))
        return undefined;
      let to = this.standIn.get(code);
      if (to === undefined) {
        const ch = lower[i]!;
        to = IS_LETTER.test(ch) ? LETTER : IS_DIGIT.test(ch) ? DIGIT : null;
        this.standIn.set(code, to);
      }
      if (to === null) continue;
      out += lower.slice(from, i) + to;
      from = i + 1;
    }
    return out + lower.slice(from);
  }
}
