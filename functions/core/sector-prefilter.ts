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
    return { exact: new Set([c.toLowerCase()]) };
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

// ── scanning ────────────────────────────────────────────────────────────────────────────────

/** Lower-cased with every run of whitespace one space: the text keywords are looked for in. */
export function scanText(values: readonly string[]): string {
  return values.join('\n').toLowerCase().replace(/\s+/g, ' ');
}

/**
 * Two characters as one small integer (a V8 small integer: fast map keys). Characters above U+7FFF
 * share keys with others; a shared key only means one more `startsWith` check.
 */
function pairKey(a: number, b: number): number {
  return ((a & 0x7fff) << 15) | (b & 0x7fff);
}

/** A set of keywords indexed by their first two characters (as one number: no string per position). */
export class KeywordIndex {
  private readonly byPrefix = new Map<number, string[]>();

  constructor(keywords: Iterable<string>) {
    for (const k of new Set(keywords)) {
      if (k.length < 2) throw new Error(`keyword too short: ${JSON.stringify(k)}`);
      const p = pairKey(k.charCodeAt(0), k.charCodeAt(1));
      const list = this.byPrefix.get(p) ?? [];
      list.push(k);
      this.byPrefix.set(p, list);
    }
  }

  /** Adds to `found` every keyword that occurs in `text` (from `scanText`). */
  scan(text: string, found: Set<string>): void {
    let prev = text.charCodeAt(0);
    for (let i = 0; i + 1 < text.length; i++) {
      const next = text.charCodeAt(i + 1);
      const list = this.byPrefix.get(pairKey(prev, next));
      prev = next;
      if (!list) continue;
      for (const k of list) if (!found.has(k) && text.startsWith(k, i)) found.add(k);
    }
  }
}
