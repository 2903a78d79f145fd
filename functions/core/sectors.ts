/**
 * Sector tagging: reads a designation's own evidence through the reviewed rule table in
 * `sector-rules.ts` and returns the sectors it touches, each with every piece of evidence.
 * Pure: no I/O, no clock. No evidence → no sector; nothing is guessed.
 */
import {
  type Evidence,
  type EvidenceHop,
  SECTORS,
  type Sector,
  type SectorTag,
  type Strength,
  sectorTag,
} from './changes';
import type { Designation, EntityType } from './model';
import {
  asciiAlnum,
  asciiForm,
  findWholeWord,
  KeywordAutomaton,
  LEXICON_NAME,
  LEXICON_PREFIX,
  lexiconEntries,
  literalAlternatives,
  lowerPattern,
  PlainPatterns,
  scanText,
  type Word,
  wordsOf,
} from './sector-prefilter';
import { FAMILY_STRENGTH, SECTOR_NATIONALITIES, SECTOR_RULES, type SectorRule } from './sector-rules';
import { computeSectorTable, type SectorTable, sectorTable } from './sector-table';
import { GENERATED_SECTOR_TABLE } from './sector-table.generated';

export {
  FAMILY_STRENGTH,
  type RuleFamily,
  type RuleMatcher,
  SECTOR_RULES,
  SECTOR_RULES_BY_ID,
  type SectorRule,
} from './sector-rules';

/** The rule id of `related` evidence (inherited over the entity graph). */
export const RELATED_RULE = 'related';
/** The rule id of `cross-list` evidence (the same entity's evidence on another list). */
export const CROSS_LIST_RULE = 'cross-list';
/** The rule id of `cross-list` evidence matched by a company's name and country (not by identifier). */
export const CROSS_LIST_NAME_RULE = 'cross-list:name';
/** Hops walked up the entity graph for `related` evidence. */
export const MAX_RELATED_HOPS = 2;

/**
 * Sectors never inherited: being owned by a state body does not make an entry a state body, and
 * `other` says nothing useful about the linked entry.
 */
const NOT_INHERITED: ReadonlySet<Sector> = new Set(['government', 'other']);
/** Rules whose evidence says the entry is a bank (it inherits nothing, and is not walked through). */
const BANK_RULES: ReadonlySet<string> = new Set(['name:bank', 'identifier:swift-bic']);

const SECTOR_ORDER: ReadonlyMap<Sector, number> = new Map(SECTORS.map((s, i) => [s, i]));

/** A piece of text read from a field: `value` is what rules match, `text` the quote for evidence. */
interface FieldText {
  field: string;
  value: string;
  text: string;
  /** `normaliseValue(value)`, computed once when an exact rule first needs it. */
  normalised?: string;
  /** `value` lower-cased, and that as the plain patterns read it (null: it cannot be), once per text. */
  lower?: string;
  plain?: string | null;
  /** `value` as words (`wordsOf`), once per text, when a lexicon rule first reads it. */
  words?: readonly Word[];
  /** Per lexicon rule of the table (its bit in the shared index), the first of its names in `words`. */
  names?: ReadonlyMap<number, { start: number; end: number }>;
  /** Those names' rule bits as one number (`tableNameBits`). */
  nameBits?: number;
}

/**
 * A field text with every property it may be given later already there (undefined): all field
 * texts share one hidden class, whatever order rules first fill them in, and the reads of
 * `lower`, `plain`, `words`… see one shape.
 */
function fieldText(field: string, value: string, text: string): FieldText {
  return {
    field,
    value,
    text,
    normalised: undefined,
    lower: undefined,
    plain: undefined,
    words: undefined,
    names: undefined,
    nameBits: undefined,
  };
}

const SPELLING: readonly [RegExp, string][] = [
  [/\bdefense\b/g, 'defence'],
  [/\bjewelry\b/g, 'jewellery'],
  [/specializ/g, 'specialis'],
  [/organiz/g, 'organis'],
  [/fertiliz/g, 'fertilis'],
  [/\baluminum\b/g, 'aluminium'],
  [/\bn\.e\.c\b\.?/g, 'n.e.c'],
];

/**
 * A small memo of a pure string function (the same remarks are lower-cased by several readers and
 * rules of one entry; exact values repeat across entries). Emptied when it holds `max` results.
 */
function memo(fn: (s: string) => string, max: number): (s: string) => string {
  const results = new Map<string, string>();
  return (s) => {
    let r = results.get(s);
    if (r === undefined) {
      if (results.size >= max) results.clear();
      r = fn(s);
      results.set(s, r);
    }
    return r;
  };
}

const lowerCase = memo((s) => s.toLowerCase(), 256);

/** Case, spacing, trailing punctuation and US/UK spelling ignored, for exact matching. */
export const normaliseValue = memo(normalise, 4096);

function normalise(value: string): string {
  let v = value.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
  v = v.replace(/[\s.;:,]+$/, '');
  for (const [re, to] of SPELLING) v = v.replace(re, to);
  return v;
}

// ── field readers ───────────────────────────────────────────────────────────────────────────

const LABELLED = /^(\w+)\[(.+)\]$/;
const PHRASE = /^(\w+)#(foreign-)?sector-phrase$/;
const ACTIVITY = /^(\w+)#activity$/;
/** End of a labelled value inside remarks: `;`, or the next OFSI-style ` (Label):`. */
const VALUE_END = /;|\s\([A-Z][^()]{0,60}\):/;

function currentAliases(d: Designation): readonly string[] {
  const out: string[] = [];
  for (const a of d.aliases) if (a.type !== 'fka') out.push(a.name);
  return out;
}

/** How a plain field is read from a designation. */
type PlainReader = (d: Designation) => readonly string[];

function plainReaderOf(field: string): PlainReader {
  switch (field) {
    case 'name':
      return (d) => [d.name];
    case 'aliases':
      // Former names ("f.k.a.") describe a past identity, not what the entry does now.
      return currentAliases;
    case 'remarks':
      return (d) => (d.remarks ? [d.remarks] : []);
    case 'reasons':
      return (d) => (d.reasons ? [d.reasons] : []);
    case 'positions':
      return (d) => d.positions;
    case 'titles':
      return (d) => d.titles;
    case 'regimes':
      return (d) => d.regimes;
    case 'entityType':
      return (d) => [d.entityType];
    case 'links':
      // the names of the entries the record links to
      return (d) => d.links.flatMap((l) => (l.name ? [l.name] : []));
    default: {
      if (!field.startsWith('attributes.')) throw new Error(`sector rule reads an unknown field: ${field}`);
      const key = field.slice('attributes.'.length);
      return (d) => d.attributes[key] ?? [];
    }
  }
}

/** `map`'s value for `key`, made and kept on first use. */
function kept<K, V>(map: Map<K, V>, key: K, make: (key: K) => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make(key);
    map.set(key, value);
  }
  return value;
}

const plainReaders = new Map<string, PlainReader>();
function plainReader(field: string): PlainReader {
  return kept(plainReaders, field, plainReaderOf);
}

function plainField(d: Designation, field: string): readonly string[] {
  return plainReader(field)(d);
}

/** `remarks[Organization Type:]` → each value following the label inside the remarks. */
function labelledValues(field: string, texts: readonly string[], label: string): FieldText[] {
  const out: FieldText[] = [];
  const lowerLabel = label.toLowerCase();
  for (const text of texts) {
    const lower = lowerCase(text);
    let from = 0;
    for (;;) {
      const at = lower.indexOf(lowerLabel, from);
      if (at < 0) break;
      const start = at + label.length;
      const rest = text.slice(start);
      const end = rest.search(VALUE_END);
      const raw = end < 0 ? rest : rest.slice(0, end);
      const value = raw.trim().replace(/[\s.]+$/, '');
      if (value) {
        const quoteEnd = start + raw.length;
        out.push(
          fieldText(
            field,
            value,
            text
              .slice(at, quoteEnd)
              .trim()
              .replace(/[\s.]+$/, ''),
          ),
        );
      }
      from = start;
    }
  }
  return out;
}

/** Words that end a sector phrase when walking back from "sector(s)". */
const PHRASE_STOP = new Set([
  'the',
  'a',
  'an',
  'in',
  'of',
  'to',
  'namely',
  'its',
  'their',
  'his',
  'her',
  'this',
  'that',
  'these',
  'which',
  'is',
  'are',
  'was',
  'were',
  'be',
  'within',
  'across',
  'multiple',
  'various',
  'several',
  'other',
  'key',
  'strategic',
  'strategically',
  'important',
  'significant',
  'such',
  'as',
  'for',
  'by',
  'on',
  'from',
  'with',
  'into',
  'including',
  'both',
  'all',
  'whole',
  'entire',
  'same',
  'particular',
  'major',
  'wider',
  'broader',
]);
const PHRASE_TOKEN = /[\p{L}\p{N}'’&-]+|,/gu;
const SECTOR_WORD = /(?<![\p{L}\p{N}])(?:sectors?|industry|industries)(?![\p{L}\p{N}])/giu;
const MAX_PHRASE_TOKENS = 10;
/**
 * What comes before a sector phrase when the sector is someone else's: the entry supports, supplies
 * or serves it ("assistance to the Iranian defence sector", "supplied entities involved in the
 * Russian defence sector", "exported … for use in the Russian military industrial sector"). Read on
 * the text before the phrase with a trailing article and nationality removed.
 */
const BENEFICIARY_BEFORE =
  /(?:\bto|\bfor|\btowards|\buse in|\bused in|\bsupport(?:s|ed|ing)?(?: of)?|\b(?:entities|companies|persons|customers|clients|end-users)\s+(?:[\p{L}-]+\s+){0,2}(?:in|within))\s*$/iu;
const ARTICLE_NATIONALITY = /(?:\bthe\s+)?(?:\p{Lu}[\p{L}-]*(?:ian|ean|ese|yan|ish)\s+)?$/u;

/** A sector phrase about the entry's own business (not a beneficiary's, not inside a proper name). */
function ownSectorPhrase(text: string, word: string, phraseStart: number, rx: Readers): boolean {
  // "Iran Aircraft Manufacturing Industries": a capitalised "Industries" in mixed-case text is a name.
  if (rx.capitalised.test(word)) return false;
  const before = text.slice(Math.max(0, phraseStart - 80), phraseStart).replace(rx.articleNationality, '');
  return !rx.beneficiaryBefore.test(before);
}

function isPhraseWord(token: string, rx: Readers): boolean {
  const lower = token.toLowerCase();
  if (PHRASE_STOP.has(lower)) return false;
  if (/['’]s$/.test(lower)) return false; // possessive: "Russia's"
  if (rx.upperInitial.test(token) && /(?:ian|ean|ese|yan|ish)$/.test(lower)) return false; // "Russian", "Korean"
  return true;
}

const NATIONALITY_BEFORE = /(\p{Lu}[\p{L}-]*)\s+$/u;
let nationCountries: ReadonlyMap<string, readonly string[]> | undefined;

/** The entry's countries, lower-cased: its addresses' and the countries the list associates with it. */
function entryCountries(d: Designation): string[] {
  const out: string[] = [];
  for (const a of d.addresses) if (a.country) out.push(a.country.toLowerCase());
  for (const c of d.countries) out.push(c.toLowerCase());
  return out;
}

/**
 * Whether the sector phrase starting at `phraseStart` is another country's: the nationality just
 * before it is one of `SECTOR_NATIONALITIES`, the entry has countries, and none of them is that
 * nation's ("the Russian defence sector" of a company in China is its customers').
 */
function namesAnotherCountry(text: string, phraseStart: number, d: Designation): boolean {
  const m = NATIONALITY_BEFORE.exec(text.slice(Math.max(0, phraseStart - 40), phraseStart));
  if (!m) return false;
  nationCountries ??= new Map(
    SECTOR_NATIONALITIES.map((n) => [n.adjective.toLowerCase(), n.countries.map((c) => c.toLowerCase())]),
  );
  const own = nationCountries.get(m[1]!.toLowerCase());
  if (!own) return false;
  const countries = entryCountries(d);
  if (countries.length === 0) return false;
  return !countries.some((c) => own.some((o) => c === o || c.includes(o)));
}

/**
 * Phrases ending in "sector(s)": walking back from the word over connectors and ordinary words,
 * stopping at articles, nationalities, possessives and punctuation. "namely the Russian financial
 * services sector" → "financial services sector"; "energy and defence sectors" as a whole.
 */
function sectorPhrases(
  field: string,
  texts: readonly string[],
  d: Designation,
  foreign: boolean,
): FieldText[] {
  const out: FieldText[] = [];
  for (const text of texts) {
    const rx = readersFor(text);
    for (const m of text.matchAll(rx.sectorWord)) {
      const end = m.index + m[0].length;
      const windowStart = Math.max(0, m.index - 200);
      const before = text.slice(windowStart, m.index);
      const tokens = [...before.matchAll(rx.phraseToken)];
      let start = m.index;
      let words = 0;
      for (let i = tokens.length - 1; i >= 0; i--) {
        const t = tokens[i]!;
        const tStart = windowStart + t.index;
        const gap = text.slice(tStart + t[0].length, start);
        if (!/^[\s]*$/.test(gap)) break; // punctuation other than a comma token ends the phrase
        if (t[0] !== ',' && !isPhraseWord(t[0], rx)) break;
        start = tStart;
        words++;
        if (words >= MAX_PHRASE_TOKENS) break;
      }
      let phrase = text.slice(start, m.index).trim();
      // drop leading connectors ("and", ",")
      phrase = phrase.replace(/^(?:(?:,|and|&)\s*)+/i, '');
      if (!phrase) continue;
      const phraseStart = text.lastIndexOf(phrase, m.index);
      if (!ownSectorPhrase(text, m[0], phraseStart, rx)) continue;
      if (namesAnotherCountry(text, phraseStart, d) !== foreign) continue;
      out.push(fieldText(field, phrase, `${phrase} ${text.slice(m.index, end)}`));
    }
  }
  return out;
}

// ── activity clauses ────────────────────────────────────────────────────────────────────────

/**
 * Where free text says what the entry DOES: a self-description ("is a …", "as an …"), an activity
 * verb ("engaged in", "produces", "supplies"), an agent noun ("importer and broker of …",
 * "supplier of …") or a process noun ("production of …", "supply of …"). The clause runs from the
 * cue to the end of the sentence (at most ACTIVITY_SPAN characters).
 */
const ACTIVITY_CUE = new RegExp(
  [
    // self-description
    String.raw`\b(?:is|are|was|were|being|as|acts as|acting as|operates as|serves as|role as)\s+(?:an?|the|one of the|a leading|the leading)\s`,
    // activity verbs and phrases
    String.raw`\b(?:engaged|engages|involved|specialis(?:es|ed|ing)|specializ(?:es|ed|ing)|active|operating|operates|works|working)\s+in\s`,
    String.raw`\b(?:focused|focuses|focusing)\s+on\s`,
    String.raw`\b(?:produces|produced|producing|manufactures|manufactured|manufacturing|supplies|supplied|supplying|sells|sold|selling|exports|exported|exporting|imports|imported|importing|develops|developed|developing|builds|built|building|repairs|operates|operated|trades in|deals in|brokers|brokered|brokering|conducts|conducted|making available|made available|makes available)\s`,
    // agent and process nouns
    String.raw`\b(?:importers?|exporters?|suppliers?|dealers?|brokers?|manufacturers?|producers?|providers?|distributors?|developers?|makers?|operators?|builders?|sellers?|traders?|production|manufacture|supply|sale|sales|export|exports|import|imports|development|construction|operation|distribution|repair|maintenance|upkeep|brokering|provision)(?:\s+and\s+[\p{L}-]+)?\s+(?:of|for)\s`,
  ].join('|'),
  'giu',
);
const ACTIVITY_SPAN = 140;

/**
 * Removed from a clause before matching: the legal grounds of UK designations (which name "financial
 * services", "goods or technology" as kinds of support, not as the entry's business), references to
 * other entities (parentage, principals: their names carry their sectors, not this entry's) and
 * cargo (a ship manager whose vessel transferred oil is not in the oil sector — KOTI CORP).
 */
const CLAUSE_NOISE: readonly RegExp[] = [
  // legal grounds: "provides financial services, or makes available funds, economic resources, goods or technology"
  /provi(?:d\w*|sion of)\s+financial services(?:,?\s+or\s+mak\w*\s+available)?/giu,
  /(?:funds|economic resources|financial services|goods|technology)(?:,?\s+(?:or|and)\s+|,\s*)(?:(?:funds|economic resources|financial services|goods|technology)(?:,?\s+(?:or|and)\s+|,\s*)?)+/giu,
  /\bsupport(?:s|ed|ing)?\s+(?:for\s+|to\s+)?[^,.;]*/giu,
  // the DPRK regulations' ground "involved in the facilitation of (any of) the DPRK's military
  // programmes": a ground, met by tanker owners and bunkering firms, not a description of the trade
  /\b(?:the\s+)?facilitation\s+of\s+(?:any\s+of\s+)?(?:the\s+)?(?:DPRK|North Korea)(?:['’]s)?\s+(?:military|weapons|nuclear|ballistic missile)(?:\s+[\w-]+){0,3}?\s+programmes?/giu,
  // other entities: parents, principals, associates, and names of organisations ("Tanchon Commercial Bank")
  /\b(?:subsidiary|subsidiaries|affiliate|front(?: company)?|branch|division|part|member|cover name|alias|parent company|shareholder|agent)\s+(?:company\s+)?(?:of|for|by)\s+[^,.;()]*/giu,
  /\b(?:owned|controlled|operated|managed|run|established|created|founded|used|designated|sanctioned|listed)\s+(?:\w+\s+)?by\s+[^,.;()]*/giu,
  /\b(?:on behalf|at the direction) of\s+[^,.;()]*/giu,
  /\b(?:associated|affiliated|linked|connected) with\s+(?:\([^()]*\)|[^,.;()])*/giu,
  /(?:\b\p{Lu}[\p{L}'’.&-]*\s+){1,8}(?:Corporation|Corp|Company|Co|Bank|Group|Organi[sz]ation|Industries|Institute|Limited|Ltd|LLC|JSC|PJSC|OJSC|Agency|Enterprise|Holdings?|Trust|Fund|Foundation)\b\.?/gu,
  // cargo and targets: what a ship carried or an attack hit is not the entity's sector
  /\b(?:ship-to-ship\s+)?(?:transfers?|shipments?|cargo(?:es)?|carriage|deliver(?:y|ies)|consignments?)\s+(?:operations\s+)?(?:of|for|involving)\s+(?:[^,;.]|,\d)*/giu,
  /\b(?:loading|loaded|carrying|carried|transporting|transported|delivering|delivered)\s+(?:[^,;.]|,\d)*/giu,
  /\battacks?\s+(?:on|against)\s+[^,.;]*/giu,
  // customers: what goods are "for use in/by" is the buyer's sector, not the seller's
  /\b(?:for|intended for)\s+(?:(?:military\s+)?(?:use|end-use|end use|end-users?))\s+(?:in|by)\s+[^.;]*/giu,
  // … and what they have "applications in" (electronics "sanctioned … due to their applications in
  // weapons systems used by Russia's military": SMT-ILOGIC, STAUT, SINNO ELECTRONICS are importers of
  // electronics), and whom a service is provided "to" ("heavy airlift capacity to the Russian Armed
  // Forces": VOLGA-DNEPR, an airline) — issue 12, a review of tags outside the labelled rows
  /\b(?:(?:potential|possible|dual-use)\s+)?applications?\s+(?:in|for|to)(?:\s+respect\s+of)?\s+[^.;]*/giu,
  /\bto\s+(?:the\s+)?(?:[\p{L}]+\s+)?(?:armed forces|military|army)\b/giu,
  // the UK ground "operating in a sector of strategic significance …, namely the Russian X sector" is
  // read by the sector-phrase rules (which check whose sector it is), not as an activity
  /\b(?:an?\s+)?sectors?\s+of\s+strategic\s+significance\b[^.;]*/giu,
  // other entities named as such: "a member of … an entity, namely the … Troops"
  /\bmembers?\s+of\b[^.;]*/giu,
  /\b(?:entity|person|organisation|organization),?\s+namely\s+[^.;]*/giu,
];

/**
 * Removed from the whole text before clauses are sought: the counterparty of a UK legal ground
 * ("… making available goods … to a person who …, namely JSC X, which is a producer of body armour")
 * — what the beneficiary does is not what the entry does. Up to the end of the sentence.
 */
const COUNTERPARTY =
  /\b(?:to|for the benefit of|with) (?:a|an|the) (?:person|entity|company|companies|persons|entities)\b[^.]*/giu;

function activityClauses(field: string, texts: readonly string[]): FieldText[] {
  const out: FieldText[] = [];
  for (const raw of texts) {
    const rx = readersFor(raw);
    const text = raw.replace(rx.counterparty, '');
    for (const m of text.matchAll(rx.activityCue)) {
      const start = m.index + m[0].length;
      const rest = text.slice(start, start + ACTIVITY_SPAN);
      const stop = rest.search(/\.(?:\s|$)|;|\n|\[/);
      let clause = stop < 0 ? rest : rest.slice(0, stop);
      // The cue is part of the clause: "production of", "manufacturer of" say what the entry does.
      clause = `${m[0]}${clause}`;
      const quote = clause.replace(/\s+/g, ' ').trim();
      for (const re of rx.clauseNoise) clause = clause.replace(re, ' … ');
      clause = clause.replace(/\s+/g, ' ').trim();
      if (clause) out.push(fieldText(field, clause, quote));
    }
  }
  return out;
}

/** The expressions the phrase and activity readers use. */
interface Readers {
  sectorWord: RegExp;
  phraseToken: RegExp;
  beneficiaryBefore: RegExp;
  articleNationality: RegExp;
  capitalised: RegExp;
  upperInitial: RegExp;
  activityCue: RegExp;
  clauseNoise: readonly RegExp[];
  counterparty: RegExp;
}

const READERS: Readers = {
  sectorWord: SECTOR_WORD,
  phraseToken: PHRASE_TOKEN,
  beneficiaryBefore: BENEFICIARY_BEFORE,
  articleNationality: ARTICLE_NATIONALITY,
  capitalised: /^\p{Lu}\p{Ll}/u,
  upperInitial: /^\p{Lu}/u,
  activityCue: ACTIVITY_CUE,
  clauseNoise: CLAUSE_NOISE,
  counterparty: COUNTERPARTY,
};

/**
 * The same expressions without `u` (`asciiForm`): the same matches on a text whose letters and
 * digits are all ASCII, without the cost of Unicode property and case tables.
 */
const ASCII_READERS: Readers = {
  sectorWord: asciiForm(READERS.sectorWord),
  phraseToken: asciiForm(READERS.phraseToken),
  beneficiaryBefore: asciiForm(READERS.beneficiaryBefore),
  articleNationality: asciiForm(READERS.articleNationality),
  capitalised: asciiForm(READERS.capitalised),
  upperInitial: asciiForm(READERS.upperInitial),
  activityCue: asciiForm(READERS.activityCue),
  clauseNoise: READERS.clauseNoise.map(asciiForm),
  counterparty: asciiForm(READERS.counterparty),
};

/** The readers' expressions for one text (every clause and slice of it is read with them). */
function readersFor(text: string): Readers {
  return asciiAlnum(text) ? ASCII_READERS : READERS;
}

/**
 * A field spec read once: what kind of reader and which plain field it reads, with a phrase's
 * `foreign` and a labelled value's `label` (every spec has both, in one hidden class).
 */
interface FieldSpec {
  kind: 'activity' | 'plain' | 'phrase' | 'labelled';
  base: string;
  foreign: boolean;
  label: string;
}

const specCache = new Map<string, FieldSpec>();
function fieldSpec(field: string): FieldSpec {
  let spec = specCache.get(field);
  if (!spec) {
    const phrase = PHRASE.exec(field);
    const activity = ACTIVITY.exec(field);
    const labelled = LABELLED.exec(field);
    spec = phrase
      ? { kind: 'phrase', base: phrase[1]!, foreign: phrase[2] !== undefined, label: '' }
      : activity
        ? { kind: 'activity', base: activity[1]!, foreign: false, label: '' }
        : labelled
          ? { kind: 'labelled', base: labelled[1]!, foreign: false, label: labelled[2]! }
          : { kind: 'plain', base: field, foreign: false, label: '' };
    specCache.set(field, spec);
  }
  return spec;
}

function readField(d: Designation, field: string): FieldText[] {
  const spec = fieldSpec(field);
  const texts = plainField(d, spec.base);
  if (texts.length === 0) return [];
  switch (spec.kind) {
    case 'phrase':
      return sectorPhrases(spec.base, texts, d, spec.foreign);
    case 'activity':
      return activityClauses(spec.base, texts);
    case 'labelled':
      return labelledValues(spec.base, texts, spec.label);
    case 'plain':
      return texts.map((v) => fieldText(field, v, v));
  }
}

// ── matchers ────────────────────────────────────────────────────────────────────────────────

/**
 * One compiled expression per source and flags, shared by every rule that writes it (forty name
 * rules share one financial `unless`): compiled once, not once per rule. Only `test` and `exec`
 * without `g` or `y` run them, so no state is shared.
 */
const regExps = new Map<string, RegExp>();
function sharedRegExp(source: string, flags: string): RegExp {
  const key = `${flags}/${source}`;
  let re = regExps.get(key);
  if (!re) {
    re = new RegExp(source, flags);
    re.test(NATIVE_SUBJECT);
    regExps.set(key, re);
  }
  return re;
}
/**
 * A first subject of 1,000 characters or more makes V8 compile an expression to machine code at
 * once, instead of first to bytecode for its interpreter and then, on the second run, to machine
 * code as well. Most of these run more than once in a diff (together, thousands of times), so the
 * bytecode is mostly wasted work: for the 112 expressions one OFAC diff compiles, 5 ms instead of 17
 * when timed alone (Node 20 and 22), and 15–30 ms less of tagging in a whole diff (BENCHMARKS.md).
 * The run's result is not used, and it changes no state (no `g` or `y` flag).
 */
const NATIVE_SUBJECT = ' '.repeat(1000);

/**
 * A rule pattern as a whole-word regular expression. `reference` is the table's own reading:
 * case-insensitive (`iu`). The fast form matches lower-cased text with a lower-cased pattern and no
 * `i` flag — the same matches (Unicode case-insensitive classes of `\p{L}` are what makes these
 * expressions slow to compile), checked on the real lists against the reference.
 */
function wholeWord(pattern: string, reference: boolean): RegExp {
  const source = `(?<![\\p{L}\\p{N}])(?:${reference ? pattern : lowerPattern(pattern)})(?![\\p{L}\\p{N}])`;
  return sharedRegExp(source, reference ? 'iu' : 'u');
}

interface CompiledPattern {
  re: RegExp;
  unless?: RegExp;
}

/** The table's patterns without the `u` flag (see `PlainPatterns`), for lower-cased text; built on first use. */
let plainCache: PlainPatterns | undefined;
function plain(): PlainPatterns {
  plainCache ??= new PlainPatterns(table().plain);
  return plainCache;
}

/** Per pattern: its plain whole-word expression (null: it has none); shared like `sharedRegExp`. */
const plainWholeWords = new Map<string, RegExp | null>();
function plainWholeWord(pattern: string): RegExp | undefined {
  let re = plainWholeWords.get(pattern);
  if (re === undefined) {
    const source = plain().translate(lowerPattern(pattern));
    const edge = plain().wordClass;
    re = source === undefined ? null : sharedRegExp(`(?<!${edge})(?:${source})(?!${edge})`, '');
    plainWholeWords.set(pattern, re);
  }
  return re ?? undefined;
}

type PatternForm = 'reference' | 'fast' | 'plain';

/** A pattern rule's regular expressions, compiled when the rule first runs, per form (null: no plain form). */
const compiledCache = new Map<SectorRule, Partial<Record<PatternForm, CompiledPattern | null>>>();
function compiled(
  rule: SectorRule & { match: { kind: 'pattern' } },
  form: PatternForm,
): CompiledPattern | null {
  let forms = compiledCache.get(rule);
  if (!forms) {
    forms = {};
    compiledCache.set(rule, forms);
  }
  let c = forms[form];
  if (c === undefined) {
    const { pattern, unless } = rule.match;
    if (form === 'plain') {
      const re = plainWholeWord(pattern);
      const unlessRe = unless === undefined ? undefined : plainWholeWord(unless);
      c = re && (unless === undefined || unlessRe) ? { re, ...(unlessRe ? { unless: unlessRe } : {}) } : null;
    } else {
      const reference = form === 'reference';
      c = { re: wholeWord(pattern, reference), ...(unless ? { unless: wholeWord(unless, reference) } : {}) };
    }
    forms[form] = c;
  }
  return c;
}

/** The first whole-word match of a pattern rule in `value`, and whether its `unless` pattern vetoes it. */
function matchPattern(
  rule: SectorRule & { match: { kind: 'pattern' } },
  ft: FieldText,
  reference: boolean,
): { index: number; matched: string } | null {
  const value = ft.value;
  // Lower-casing that changes a value's length ("İ") would shift the match: read it the reference way.
  if (!reference && ft.lower === undefined) ft.lower = lowerCase(value);
  const lower = reference ? value : ft.lower!;
  const useReference = reference || lower.length !== value.length;
  const literals = useReference ? undefined : literalsOf(rule);
  // The plain form when the text allows it (the expressions are needed unless the rule is a
  // literal one without `unless`).
  let text = useReference ? value : lower;
  let form: CompiledPattern | null = null;
  if (!useReference && (!literals || rule.match.unless !== undefined)) {
    if (ft.plain === undefined) ft.plain = plain().text(lower) ?? null;
    const plainText = ft.plain;
    form = plainText === null ? null : compiled(rule, 'plain');
    if (form) text = plainText!;
  }
  let found: { index: number; length: number } | undefined;
  if (literals) found = findWholeWord(lower, literals);
  else {
    form ??= compiled(rule, useReference ? 'reference' : 'fast')!;
    const m = form.re.exec(text);
    if (m) found = { index: m.index, length: m[0].length };
  }
  if (!found) return null;
  if (rule.match.unless !== undefined) {
    form ??= compiled(rule, useReference ? 'reference' : 'fast')!;
    if (form.unless!.test(text)) return null;
  }
  return { index: found.index, matched: value.slice(found.index, found.index + found.length) };
}

/**
 * Lexicon rules in one index, so that a text is read once for all of them: per word sequence, bit 0
 * when a longer name starts with it and bit k + 1 when it is a name of the k-th rule (`bit`).
 */
interface SharedLexicon {
  index: ReadonlyMap<string, number>;
  bit: ReadonlyMap<SectorRule, number>;
}

/** The shared index of `rules` (at most 30), each rule's entries from the table when it is there. */
function lexiconOf(rules: readonly SectorRule[]): SharedLexicon {
  const index = new Map<string, number>();
  const bit = new Map<SectorRule, number>();
  for (const rule of rules) {
    if (rule.match.kind !== 'lexicon' || bit.size >= 30) continue;
    const k = bit.size;
    bit.set(rule, k);
    const at = SECTOR_RULES.indexOf(rule);
    const entries = (at < 0 ? null : table().lexicons[at]) ?? lexiconEntries(rule.match.names);
    for (let i = 0; i < entries.length; i += 2) {
      const flags = entries[i + 1] as number;
      const v = (flags & LEXICON_PREFIX ? 1 : 0) | (flags & LEXICON_NAME ? 1 << (k + 1) : 0);
      index.set(entries[i] as string, (index.get(entries[i] as string) ?? 0) | v);
    }
  }
  return { index, bit };
}
/** Every lexicon rule of `SECTOR_RULES`, built when the first is applied. */
let tableLexiconCache: SharedLexicon | undefined;
function tableLexicon(): SharedLexicon {
  tableLexiconCache ??= lexiconOf(SECTOR_RULES);
  return tableLexiconCache;
}
/** A lexicon rule outside the table, on its own. */
const ownLexiconCache = new Map<SectorRule, SharedLexicon>();

/**
 * Per lexicon rule (its `bit`), the first of its names among `words`: the leftmost, and there the
 * longest. A start where no name begins costs one lookup.
 */
function findNames(
  words: readonly Word[],
  index: ReadonlyMap<string, number>,
): ReadonlyMap<number, { start: number; end: number }> {
  let out: Map<number, { start: number; end: number }> | undefined;
  for (let i = 0; i < words.length; i++) {
    let key = words[i]!.word;
    let v = index.get(key);
    if (v === undefined) continue;
    out ??= new Map();
    // per rule bit found from this start, the last (longest) word its name ends at
    let seen = 0;
    for (let j = i; ; ) {
      for (let mask = v >>> 1, b = 0; mask !== 0; mask >>>= 1, b++)
        if (mask & 1 && !out.has(b)) {
          LAST_WORD[b] = j;
          seen |= 1 << b;
        }
      if (!(v & 1) || ++j >= words.length) break;
      key = `${key} ${words[j]!.word}`;
      v = index.get(key);
      if (v === undefined) break;
    }
    for (let b = 0; seen !== 0; seen >>>= 1, b++)
      if (seen & 1) out.set(b, { start: words[i]!.start, end: words[LAST_WORD[b]!]!.end });
  }
  return out ?? NO_NAMES;
}
const NO_NAMES: ReadonlyMap<number, { start: number; end: number }> = new Map();
/** `findNames`' scratch: per rule bit (at most 30), the word its name ends at. */
const LAST_WORD = new Int32Array(32);

/**
 * The table's names in one field text (`findNames` over its words), read once per text for every
 * lexicon rule of the table.
 */
function tableNamesIn(ft: FieldText): ReadonlyMap<number, { start: number; end: number }> {
  ft.words ??= wordsOf(ft.value);
  ft.names ??= findNames(ft.words, tableLexicon().index);
  return ft.names;
}

/** The bits of the table's lexicon rules one of whose names is in `ft` (`tableNamesIn`'s keys), once per text. */
function tableNameBits(ft: FieldText): number {
  if (ft.nameBits === undefined) {
    let bits = 0;
    for (const b of tableNamesIn(ft).keys()) bits |= 1 << b;
    ft.nameBits = bits;
  }
  return ft.nameBits;
}

/** A pure literal pattern's alternatives (matched without a regular expression), per rule. */
const literalCache = new Map<SectorRule, readonly string[] | null>();
function literalsOf(rule: SectorRule & { match: { kind: 'pattern' } }): readonly string[] | undefined {
  let l = literalCache.get(rule);
  if (l === undefined) {
    const at = SECTOR_RULES.indexOf(rule);
    l = at < 0 ? (literalAlternatives(rule.match.pattern) ?? null) : table().alternatives[at]!;
    literalCache.set(rule, l);
  }
  return l ?? undefined;
}

const exactCache = new Map<SectorRule, ReadonlySet<string>>();
function exactValues(rule: SectorRule & { match: { kind: 'exact' } }): ReadonlySet<string> {
  let set = exactCache.get(rule);
  if (!set) {
    set = new Set(rule.match.values.map(normaliseValue));
    exactCache.set(rule, set);
  }
  return set;
}

/** Field texts already read for one designation (the same field is read by many rules). */
type FieldCache = Map<string, FieldText[]>;

function readCached(d: Designation, field: string, cache?: FieldCache): FieldText[] {
  if (!cache) return readField(d, field);
  let texts = cache.get(field);
  if (!texts) {
    texts = readField(d, field);
    cache.set(field, texts);
  }
  return texts;
}

/**
 * The evidence a rule finds in a designation (empty when it does not apply). `reference` (default)
 * matches patterns case-insensitively as written; `false` uses the fast lower-cased form.
 */
export function applyRule(
  rule: SectorRule,
  d: Designation,
  cache?: FieldCache,
  reference = true,
): Evidence[] {
  if (rule.appliesTo && !rule.appliesTo.includes(d.entityType)) return [];
  const match = rule.match;
  const strength = FAMILY_STRENGTH[rule.family];
  const out: Evidence[] = [];
  switch (match.kind) {
    case 'entity-type':
      if (d.entityType === match.entityType)
        out.push({ field: 'entityType', text: d.entityType, matched: d.entityType, rule: rule.id, strength });
      return out;
    case 'identifier':
      for (const id of d.identifiers) {
        if (id.type === match.identifierType) {
          const text = `${id.label ?? id.type} ${id.value}`;
          out.push({ field: 'identifiers', text, matched: id.label ?? id.type, rule: rule.id, strength });
        }
      }
      return out;
    case 'exact': {
      const values = exactValues(rule as SectorRule & { match: { kind: 'exact' } });
      for (const field of rule.fields) {
        for (const ft of readCached(d, field, cache)) {
          ft.normalised ??= normaliseValue(ft.value);
          if (values.has(ft.normalised))
            out.push({ field: ft.field, text: ft.text, matched: ft.value, rule: rule.id, strength });
        }
      }
      if (out.length && match.unlessName !== undefined && vetoes(match.unlessName, d.name, reference))
        return [];
      return out;
    }
    case 'lexicon':
      return applyLexicon(rule, d, cache, strength, reference);
    case 'pattern': {
      const patternRule = rule as SectorRule & { match: { kind: 'pattern' } };
      const fields = rule.fields;
      for (let f = 0; f < fields.length; f++) {
        const texts = readCached(d, fields[f]!, cache);
        for (let t = 0; t < texts.length; t++) {
          const ft = texts[t]!;
          const m = matchPattern(patternRule, ft, reference);
          if (!m) continue;
          const text = ft.text === ft.value ? quoteAround(ft.value, m.index, m.matched.length) : ft.text;
          out.push({ field: ft.field, text, matched: m.matched, rule: rule.id, strength });
        }
      }
      if (out.length && match.unlessName !== undefined && vetoes(match.unlessName, d.name, reference))
        return [];
      return out;
    }
  }
}

/** `applyRule` of a lexicon rule (its own function: the hot `applyRule` stays small). */
function applyLexicon(
  rule: SectorRule,
  d: Designation,
  cache: FieldCache | undefined,
  strength: Strength,
  reference: boolean,
): Evidence[] {
  const match = rule.match as Extract<SectorRule['match'], { kind: 'lexicon' }>;
  const out: Evidence[] = [];
  const table = tableLexicon();
  const inTable = table.bit.has(rule);
  const lexicon = inTable ? table : kept(ownLexiconCache, rule, () => lexiconOf([rule]));
  const bit = lexicon.bit.get(rule)!;
  for (const field of rule.fields) {
    for (const ft of readCached(d, field, cache)) {
      // the table's names are looked up once per text for all its lexicon rules
      ft.words ??= wordsOf(ft.value);
      const names = inTable ? tableNamesIn(ft) : findNames(ft.words, lexicon.index);
      const m = names.get(bit);
      if (!m) continue;
      if (match.unless !== undefined && vetoes(match.unless, ft.value, reference)) continue;
      const text = ft.text === ft.value ? quoteAround(ft.value, m.start, m.end - m.start) : ft.text;
      out.push({
        field: ft.field,
        text,
        matched: ft.value.slice(m.start, m.end),
        rule: rule.id,
        strength,
      });
    }
  }
  return out;
}

/**
 * Whether a rule's whole-word veto (a lexicon rule's `unless`, an `unlessName`) occurs in `text`:
 * read as `matchPattern` reads a pattern — the plain form on the lower-cased text where the text
 * allows it, else the fast form — or, for the reference reading, as written (`iu`, slow to compile).
 */
function vetoes(pattern: string, text: string, reference: boolean): boolean {
  if (!reference) {
    const lower = lowerCase(text);
    if (lower.length === text.length) {
      const plainText = plain().text(lower);
      const re = plainText === undefined ? undefined : plainWholeWord(pattern);
      return re ? re.test(plainText!) : wholeWord(pattern, false).test(lower);
    }
  }
  return wholeWord(pattern, true).test(text);
}

const LONG_QUOTE = 160;

/** A long free text is quoted by the sentence holding the match, not as a whole. */
function quoteAround(text: string, at: number, length: number): string {
  if (text.length <= LONG_QUOTE) return text;
  const before = text.slice(0, at);
  const start = Math.max(before.lastIndexOf('. ') + 1, before.lastIndexOf('\n') + 1, 0);
  const afterMatch = text.slice(at + length);
  const stop = afterMatch.search(/\.(?:\s|$)|\n/);
  const end = stop < 0 ? text.length : at + length + stop + 1;
  return text.slice(start, end).trim();
}

function sameEvidence(a: Evidence, b: Evidence): boolean {
  return a.rule === b.rule && a.field === b.field && a.text === b.text && a.inheritedFrom === b.inheritedFrom;
}

function addEvidence(bySector: Map<Sector, Evidence[]>, sector: Sector, ev: Evidence): void {
  let list = bySector.get(sector);
  if (!list) {
    list = [];
    bySector.set(sector, list);
  }
  for (let i = 0; i < list.length; i++) if (sameEvidence(list[i]!, ev)) return;
  list.push(ev);
}

function toTags(bySector: Map<Sector, Evidence[]>): SectorTag[] {
  if (bySector.size === 0) return [];
  if (bySector.size === 1) {
    const [sector, evidence] = bySector.entries().next().value!;
    return [sectorTag(sector, evidence)];
  }
  return [...bySector.entries()]
    .sort(([a], [b]) => SECTOR_ORDER.get(a)! - SECTOR_ORDER.get(b)!)
    .map(([sector, evidence]) => sectorTag(sector, evidence));
}

function conditionHolds(rule: SectorRule, sectors: ReadonlySet<Sector>): boolean {
  const when = rule.when;
  if (!when) return true;
  return (when.has ?? []).every((s) => sectors.has(s)) && !(when.lacks ?? []).some((s) => sectors.has(s));
}

// ── the prefilter (see sector-prefilter.ts) ──────────────────────────────────────────────────

/** The plain field a field spec reads (`remarks#activity`, `remarks[Organization Type:]` → `remarks`). */
function baseField(field: string): string {
  return fieldSpec(field).base;
}

/**
 * What a field's reader needs in the plain text it reads before it can give anything, as keywords
 * (lower case, one of which must occur): a sector phrase needs "sector(s)" or "industry", a
 * labelled value its label. Undefined: nothing (the field gives a value wherever the text has one).
 */
function gateOf(field: string): readonly string[] | undefined {
  const spec = fieldSpec(field);
  if (spec.kind === 'phrase') return SECTOR_WORD_KEYWORDS;
  if (spec.kind === 'labelled') return [spec.label.toLowerCase().replace(/\s+/g, ' ')];
  return undefined;
}
/** `SECTOR_WORD`'s keywords: every match of "sectors?|industry|industries" contains one. */
const SECTOR_WORD_KEYWORDS: readonly string[] = ['sector', 'industr'];

/**
 * A pattern rule's keywords (one of which every match contains) and, per field it reads, the plain
 * field and that field's gate.
 */
interface RuleFilter {
  keywords: readonly string[];
  fields: readonly { base: string; gate: readonly string[] | undefined }[];
}

let tableCache: SectorTable | undefined;
/**
 * What the prefilter and the matchers derive from `SECTOR_RULES` (see `sector-table.ts`): the
 * generated copy while it is current, else computed on first use.
 */
function table(): SectorTable {
  tableCache ??= sectorTable(SECTOR_RULES, gateOf, GENERATED_SECTOR_TABLE);
  return tableCache;
}

/** The table computed from `SECTOR_RULES` now: what `npm run gen:sector-table` writes. */
export function computedSectorTable(): SectorTable {
  return computeSectorTable(SECTOR_RULES, gateOf);
}

interface RuleFilters {
  byRule: ReadonlyMap<SectorRule, RuleFilter>;
  /** Every keyword of the table's pattern rules and of the fields' gates, by id (its index). */
  keywordIds: ReadonlyMap<string, number>;
}
let ruleFiltersCache: RuleFilters | undefined;
/** The pattern rules' filters, derived when the first type plan is built (not at module load). */
function ruleFilters(): RuleFilters {
  if (ruleFiltersCache) return ruleFiltersCache;
  const { required, keywords: all } = table();
  const byRule: ReadonlyMap<SectorRule, RuleFilter> = new Map(
    SECTOR_RULES.flatMap((rule, i): [SectorRule, RuleFilter][] => {
      const keywords = required[i];
      if (!keywords) return [];
      const fields = rule.fields.map((f) => ({ base: baseField(f), gate: gateOf(f) }));
      return [[rule, { keywords, fields }]];
    }),
  );
  const keywordIds = new Map(all.map((k, i) => [k, i] as const));
  ruleFiltersCache = { byRule, keywordIds };
  return ruleFiltersCache;
}
let automaton: KeywordAutomaton | undefined;
/** Per keyword id: the stamp of the last base scan that found it (see `candidateRules`). */
let foundIn: Int32Array = new Int32Array(0);
let scanStamp = 0;
/** The keywords compiled into one automaton, when the first entry is tagged. */
function keywords(): KeywordAutomaton {
  if (!automaton) {
    const t = table();
    automaton = new KeywordAutomaton(t.keywords, t.automaton);
    foundIn = new Int32Array(t.keywords.length);
  }
  return automaton;
}

/** A pattern rule (by index in the plan) that a keyword picks in one plain field, and its field's gate. */
interface Trigger {
  rule: number;
  /** Keyword ids one of which must also occur in that plain field (null: none needed). */
  gate: readonly number[] | null;
}

/**
 * The rule table compiled for one entity type: the rules that apply to it (with sectors), in table
 * order, and how the prefilter picks among them, by their indexes in `rules`.
 */
interface TypePlan {
  rules: readonly SectorRule[];
  /** Rules run for every entry of the type (its entity type rules, patterns without keywords). */
  always: readonly number[];
  /** Identifier rules by identifier type. */
  byIdentifier: ReadonlyMap<string, readonly number[]>;
  /** The plain fields the type's pattern rules read, each scanned on its own. */
  bases: readonly PlainReader[];
  /** Per plain field (as `bases`), per keyword id: the rules it picks there. */
  triggers: readonly (readonly (readonly Trigger[] | undefined)[])[];
  /**
   * Per plain field (as `bases`): when everything its scan can pick or open is gated (a sector
   * phrase, a labelled value), the gates' keywords, one of which its text must hold before a scan
   * can find anything there; null when something there needs no gate.
   */
  gatesOnly: readonly (readonly string[] | null)[];
  /**
   * Exact rules by field spec and normalised value; with its gate when the plain field it reads is
   * scanned (null: read it for every entry).
   */
  exact: readonly {
    field: string;
    byValue: ReadonlyMap<string, readonly number[]>;
    gate: readonly number[] | null;
    /** A plain field's reader (its values are matched as they are), null for a derived field. */
    values: PlainReader | null;
  }[];
  /** Per base: the indexes in `exact` of the gated fields it holds. */
  exactByBase: readonly (readonly number[])[];
  /** Per entry of `exact`: the number of the last `candidateRules` call whose scan opened its gate. */
  opened: Int32Array;
  /** Per rule: the number of the last `candidateRules` call that picked it. */
  picked: Int32Array;
  calls: number;
  /**
   * The type's lexicon rules, by the fields they read: each picked only when one of its names is
   * in one of them (the fields read as words and looked up once for all of them).
   */
  lexicons: readonly { fields: readonly string[]; rules: readonly { rule: number; bit: number }[] }[];
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key) ?? [];
  list.push(value);
  map.set(key, list);
}

function typePlan(type: EntityType): TypePlan {
  const rules = SECTOR_RULES.filter(
    (rule) => rule.sectors.length > 0 && (!rule.appliesTo || rule.appliesTo.includes(type)),
  );
  const always: number[] = [];
  const byIdentifier = new Map<string, number[]>();
  const baseIndex = new Map<string, number>();
  const triggers: Trigger[][][] = [];
  const exact = new Map<string, Map<string, number[]>>();
  const lexiconGroups = new Map<
    string,
    { fields: readonly string[]; rules: { rule: number; bit: number }[] }
  >();
  const filters = ruleFilters();
  const ids = (keys: readonly string[] | undefined) =>
    keys ? keys.map((k) => filters.keywordIds.get(k)!) : null;
  rules.forEach((rule, i) => {
    const filter = filters.byRule.get(rule);
    if (filter) {
      for (const field of filter.fields) {
        const b = kept(baseIndex, field.base, () => triggers.push([]) - 1);
        const gate = ids(field.gate);
        for (const k of filter.keywords) {
          const id = filters.keywordIds.get(k)!;
          triggers[b]![id] ??= [];
          triggers[b]![id]!.push({ rule: i, gate });
        }
      }
    } else if (rule.match.kind === 'lexicon' && tableLexicon().bit.has(rule)) {
      // (a lexicon rule past the shared index's 30 runs always, reading its names on its own)
      const key = rule.fields.join('|');
      const group = lexiconGroups.get(key) ?? { fields: rule.fields, rules: [] };
      lexiconGroups.set(key, group);
      group.rules.push({ rule: i, bit: tableLexicon().bit.get(rule)! });
    } else if (rule.match.kind === 'entity-type') {
      // Only the type's own rule can apply to an entry of this type.
      if (rule.match.entityType === type) always.push(i);
    } else if (rule.match.kind === 'identifier') {
      pushTo(byIdentifier, rule.match.identifierType, i);
    } else if (rule.match.kind === 'exact') {
      for (const field of rule.fields) {
        const byValue = exact.get(field) ?? new Map<string, number[]>();
        exact.set(field, byValue);
        for (const v of new Set(rule.match.values.map(normaliseValue))) pushTo(byValue, v, i);
      }
    } else always.push(i);
  });
  const exactByBase: number[][] = [...baseIndex.keys()].map(() => []);
  const gatesOnly = triggers.map((byKeyword): string[] | null => {
    const gates = new Set<number>();
    for (const list of byKeyword) {
      if (!list) continue;
      for (const t of list) {
        if (t.gate === null) return null;
        for (const g of t.gate) gates.add(g);
      }
    }
    return [...gates].map((g) => table().keywords[g]!);
  });
  const exactPlan = [...exact].map(([field, byValue], i) => {
    const base = baseIndex.get(baseField(field));
    const gate = base === undefined ? null : ids(gateOf(field));
    if (gate) {
      exactByBase[base!]!.push(i);
      if (gatesOnly[base!]) for (const g of gate) gatesOnly[base!]!.push(table().keywords[g]!);
    }
    const spec = fieldSpec(field);
    return { field, byValue, gate, values: spec.kind === 'plain' ? plainReader(spec.base) : null };
  });
  return {
    rules,
    always,
    byIdentifier,
    bases: [...baseIndex.keys()].map(plainReader),
    triggers,
    gatesOnly,
    exact: exactPlan,
    exactByBase,
    opened: new Int32Array(exactPlan.length),
    picked: new Int32Array(rules.length),
    calls: 0,
    lexicons: [...lexiconGroups.values()],
  };
}

const PLANS = new Map<EntityType, TypePlan>();
function planFor(type: EntityType): TypePlan {
  return kept(PLANS, type, typePlan);
}

/** Whether `text` holds one of `keywords`. */
function holdsOneOf(text: string, keywords: readonly string[]): boolean {
  for (let k = 0; k < keywords.length; k++) if (text.includes(keywords[k]!)) return true;
  return false;
}

/** Whether one of `gate`'s keywords was found by the scan stamped `stamp`. */
function gateOpen(gate: readonly number[], stamp: number): boolean {
  for (const g of gate) if (foundIn[g] === stamp) return true;
  return false;
}

/**
 * The rules to run for `d`, in table order: those its type always runs, the identifier rules of
 * the identifier types it has, the pattern rules one of whose keywords occurs in a plain field
 * they read (each plain field scanned once for every keyword) where that field's gate is open too
 * (a sector phrase needs "sector" in the same text, a labelled value its label), the lexicon rules
 * one of whose names a field they read holds (each field read as words and looked up once for all
 * of them), and the exact rules one of whose values a field holds (each field read and normalised
 * once, a labelled one only when its label occurs). Every other rule of the table cannot give
 * evidence for `d`.
 */
export function candidateRules(d: Designation, cache: FieldCache = new Map()): SectorRule[] {
  const plan = planFor(d.entityType);
  if (plan.calls === 0x7fffffff) {
    plan.picked.fill(0);
    plan.opened.fill(0);
    plan.calls = 0;
  }
  const call = ++plan.calls;
  // Indexed loops and no closures: this runs for every entry, much of it before V8 optimises it,
  // where a for-of allocates an iterator and its results (measured: a quarter of tagging's garbage).
  const picked: number[] = [];
  const always = plan.always;
  for (let a = 0; a < always.length; a++) pickRule(plan, call, picked, always[a]!);
  if (plan.byIdentifier.size > 0) {
    const ids = d.identifiers;
    for (let n = 0; n < ids.length; n++) {
      const rules = plan.byIdentifier.get(ids[n]!.type);
      if (rules) for (let r = 0; r < rules.length; r++) pickRule(plan, call, picked, rules[r]!);
    }
  }
  const automaton = keywords();
  for (let b = 0; b < plan.bases.length; b++) {
    const texts = plan.bases[b]!(d);
    if (texts.length === 0) continue;
    // (a text without any of the gates' keywords is not scanned: looked for natively, the
    // individual's long remarks cost a few string calls instead of a step per character)
    const gates = plan.gatesOnly[b]!;
    if (gates !== null && !holdsOneOf(scanText(texts), gates)) continue;
    const found = automaton.scan(texts);
    if (found.length === 0) continue;
    if (scanStamp === 0x7fffffff) {
      foundIn.fill(0);
      scanStamp = 0;
    }
    const stamp = ++scanStamp;
    for (let f = 0; f < found.length; f++) foundIn[found[f]!] = stamp;
    const gated = plan.exactByBase[b]!;
    for (let g = 0; g < gated.length; g++) {
      const e = gated[g]!;
      if (gateOpen(plan.exact[e]!.gate!, stamp)) plan.opened[e] = call;
    }
    const byKeyword = plan.triggers[b]!;
    for (let f = 0; f < found.length; f++) {
      const list = byKeyword[found[f]!];
      if (!list) continue;
      for (let t = 0; t < list.length; t++) {
        const trigger = list[t]!;
        if (trigger.gate === null || gateOpen(trigger.gate, stamp))
          pickRule(plan, call, picked, trigger.rule);
      }
    }
  }
  for (let l = 0; l < plan.lexicons.length; l++) {
    const { fields, rules } = plan.lexicons[l]!;
    let found = 0;
    for (let f = 0; f < fields.length; f++) {
      const texts = readCached(d, fields[f]!, cache);
      for (let t = 0; t < texts.length; t++) found |= tableNameBits(texts[t]!);
    }
    if (found !== 0)
      for (let r = 0; r < rules.length; r++)
        if (found & (1 << rules[r]!.bit)) pickRule(plan, call, picked, rules[r]!.rule);
  }
  for (let e = 0; e < plan.exact.length; e++) {
    const { field, byValue, gate, values } = plan.exact[e]!;
    if (gate && plan.opened[e] !== call) continue;
    if (values) {
      // a plain field's values as they are: no field texts unless a rule is picked and runs
      const vs = values(d);
      for (let v = 0; v < vs.length; v++) {
        const rules = byValue.get(normaliseValue(vs[v]!));
        if (rules) for (let r = 0; r < rules.length; r++) pickRule(plan, call, picked, rules[r]!);
      }
      continue;
    }
    const texts = readCached(d, field, cache);
    for (let t = 0; t < texts.length; t++) {
      const ft = texts[t]!;
      ft.normalised ??= normaliseValue(ft.value);
      const rules = byValue.get(ft.normalised);
      if (rules) for (let r = 0; r < rules.length; r++) pickRule(plan, call, picked, rules[r]!);
    }
  }
  const out: SectorRule[] = new Array(picked.length);
  for (let i = 0; i < picked.length; i++) out[i] = plan.rules[picked[i]!]!;
  return out;
}

/** Picks rule `i` of `plan` for call `call`, keeping `picked` in ascending (table) order: a few per entry. */
function pickRule(plan: TypePlan, call: number, picked: number[], i: number): void {
  if (plan.picked[i] === call) return;
  plan.picked[i] = call;
  let at = picked.length;
  picked.push(i);
  for (; at > 0 && picked[at - 1]! > i; at--) picked[at] = picked[at - 1]!;
  picked[at] = i;
}

/** Tagging options: `prefilter: false` runs every rule (to check that the prefilter changes nothing). */
export interface TagOptions {
  prefilter?: boolean;
}

/** Tags from the entry's own fields only (no links). */
const RULES_WITH_SECTORS = SECTOR_RULES.filter((r) => r.sectors.length > 0);

/** Runs one rule and files its evidence under each of its sectors. */
function applyInto(
  bySector: Map<Sector, Evidence[]>,
  rule: SectorRule,
  d: Designation,
  cache: FieldCache,
  reference: boolean,
): void {
  const found = applyRule(rule, d, cache, reference);
  const sectors = rule.sectors;
  for (let e = 0; e < found.length; e++)
    for (let s = 0; s < sectors.length; s++) addEvidence(bySector, sectors[s]!, found[e]!);
}

function ownEvidence(d: Designation, options: TagOptions = {}): Map<Sector, Evidence[]> {
  const bySector = new Map<Sector, Evidence[]>();
  const cache: FieldCache = new Map();
  const reference = options.prefilter === false;
  const rules = reference ? RULES_WITH_SECTORS : candidateRules(d, cache);
  // Rules without a `when` condition first, in table order; then those with one, which read the
  // sectors the first gave; the fallbacks last, which read every sector the others gave (a plant
  // whose UK statement says the defence sector is not `manufacturing` by its PLANT).
  // (indexed loops: see `candidateRules`)
  let conditional = false;
  let fallbacks = false;
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]!;
    if (rule.when) conditional = true;
    else applyInto(bySector, rule, d, cache, reference);
  }
  if (conditional) {
    const plain = new Set(bySector.keys());
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r]!;
      if (!rule.when) continue;
      if (rule.fallback) fallbacks = true;
      else if (conditionHolds(rule, plain)) applyInto(bySector, rule, d, cache, reference);
    }
  }
  if (fallbacks) {
    const given = new Set(bySector.keys());
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r]!;
      if (rule.when && rule.fallback && conditionHolds(rule, given))
        applyInto(bySector, rule, d, cache, reference);
    }
  }
  return bySector;
}

/** What the entity graph needs to know of one entry: who it is and its OWN sectors. */
export interface SectorNode {
  source: string;
  id: string;
  name: string;
  type: EntityType;
  /** Its own evidence says it is a bank (SWIFT/BIC, a bank by name). */
  bank: boolean;
  /** The sectors of its own evidence (no related or cross-list evidence). */
  sectors: readonly string[];
  /** Those of them its publisher states (`stated` evidence). */
  stated: readonly string[];
}

/**
 * The entity graph as sector inheritance walks it, over any kind of node `N` (designations of one
 * publication, records of the entity index of every list).
 */
export interface SectorGraph<N> {
  describe(n: N): SectorNode;
  /** One hop up: what `n` is Linked To, its parent, its owner (`relation` as the list states it). */
  up(n: N): readonly { to: N; relation: string; source?: string }[];
  /**
   * The same entity on other lists: matched by a strong identifier, or (`byName`) by a company's
   * name and country that no other entry of either list bears — never by a name alone.
   */
  sameEntity?(n: N): readonly { to: N; field: string; value: string; byName?: boolean }[];
  /**
   * Whether `n` is an entity (not an individual, vessel or aircraft), where known without
   * `describe`: the walk then neither describes nor tags a relative it would not inherit from.
   */
  isEntity?(n: N): boolean;
}

/**
 * A designation's own sectors, those its publisher states (`stated` evidence) and whether it is a
 * bank, kept per object (a parent is reached from many entries).
 */
export interface OwnProfile {
  sectors: readonly Sector[];
  stated: readonly Sector[];
  bank: boolean;
}
const profiles = new WeakMap<Designation, OwnProfile>();
export function ownProfile(d: Designation, options: TagOptions = {}): OwnProfile {
  let p = profiles.get(d);
  if (!p) {
    const own = ownEvidence(d, options);
    p = rememberProfile(d, own, options);
    // The same object is often tagged next (`diff --with` reads every new entry into the context
    // index, then tags the changed ones): its evidence is kept with it, to be used once.
    if (options.prefilter !== false) {
      keptEvidence.set(d, own);
      anyKept = true;
    }
  }
  return p;
}

/** Own evidence computed for a profile, per object, for the `tagSectors` that follows. */
const keptEvidence = new WeakMap<Designation, Map<Sector, Evidence[]>>();
/** Whether `keptEvidence` was ever filled (a plain diff never looks it up). */
let anyKept = false;

/** `ownEvidence`, or the evidence `ownProfile` computed for the same object (taken, not shared). */
function ownEvidenceOnce(d: Designation, options: TagOptions): Map<Sector, Evidence[]> {
  const kept = options.prefilter === false || !anyKept ? undefined : keptEvidence.get(d);
  if (!kept) return ownEvidence(d, options);
  keptEvidence.delete(d);
  return kept;
}

function rememberProfile(
  d: Designation,
  own: ReadonlyMap<Sector, readonly Evidence[]>,
  options: TagOptions,
): OwnProfile {
  const bank = (own.get('financial-services') ?? []).some((e) => BANK_RULES.has(e.rule));
  const stated: Sector[] = [];
  for (const [sector, evidence] of own)
    if (evidence.some((e) => e.strength === 'stated')) stated.push(sector);
  const p = { sectors: [...speakingSectors(own)] as Sector[], stated, bank };
  if (options.prefilter !== false) profiles.set(d, p);
  return p;
}

/** The designation as a graph node. */
export function designationNode(d: Designation, options: TagOptions = {}): SectorNode {
  const p = ownProfile(d, options);
  return {
    source: d.source,
    id: d.id,
    name: d.name,
    type: d.entityType,
    bank: p.bank,
    sectors: p.sectors,
    stated: p.stated,
  };
}

/** One publication's entries as a graph: "Linked To" by publisher id. */
export function linkGraph(
  linked: (id: string) => Designation | undefined,
  options: TagOptions = {},
): SectorGraph<Designation> {
  return {
    describe: (d) => designationNode(d, options),
    isEntity: (d) => d.entityType === 'entity',
    up(d) {
      const out: { to: Designation; relation: string }[] = [];
      for (const link of d.links) {
        if (!link.id || link.id === d.id || link.relation !== 'Linked To') continue;
        const to = linked(link.id);
        if (to) out.push({ to, relation: link.relation });
      }
      return out;
    },
  };
}

/**
 * Whether an entry's own evidence says its sector: any sector but `other` (an activity outside the
 * taxonomy — a general trader, a holding's real estate — leaves room for what its relatives say).
 */
function speaksForItself(own: { has(s: Sector): boolean; size: number }): boolean {
  return own.size > (own.has('other') ? 1 : 0);
}

/** The ids of the fallback rules (`SectorRule.fallback`). */
const FALLBACK_RULES: ReadonlySet<string> = new Set(SECTOR_RULES.filter((r) => r.fallback).map((r) => r.id));
/** The strengths of evidence from other entries (the graph, other lists). */
const GRAPH_STRENGTHS: ReadonlySet<string> = new Set(['related', 'cross-list']);

/**
 * Whether a piece of evidence is the entry's own and speaks for it: not inherited over the graph, not
 * from another list, and not a fallback's (a fallback is what an entry is when nothing else says so).
 */
export function speaksForEntry(e: Evidence): boolean {
  return !GRAPH_STRENGTHS.has(e.strength) && !isFallbackEvidence(e);
}

/** Whether a piece of evidence is a fallback rule's (`SectorRule.fallback`). */
export function isFallbackEvidence(e: Evidence): boolean {
  return FALLBACK_RULES.has(e.rule);
}

/** The sectors of own evidence that speak for the entry: those with evidence of a rule that is no fallback. */
function speakingSectors(bySector: ReadonlyMap<Sector, readonly Evidence[]>): Set<string> {
  const out = new Set<string>();
  for (const [sector, evidence] of bySector)
    if (evidence.some((e) => !FALLBACK_RULES.has(e.rule))) out.add(sector);
  return out;
}

/**
 * The trades the arms industry is made of: a member of a defence group whose own evidence says only
 * these (a shipyard of United Shipbuilding, an electronics plant of a missile concern) is in the
 * defence industry too, and takes `defence` over the graph.
 */
const DEFENCE_TRADES: ReadonlySet<string> = new Set([
  'shipping',
  'aviation',
  'technology',
  'manufacturing',
  'chemicals',
]);

/**
 * What an entry may inherit over "Linked To" / parent / owner (`graphEvidence`), by its type and
 * its own speaking sectors: an entity without evidence of its own every inheritable sector; an
 * entity whose own sectors are all `DEFENCE_TRADES` only `defence`; an aircraft only `defence`, from
 * the armed force or military airline that operates it (one hop: a defence ministry's flight unit
 * makes its aircraft military ones); anything else nothing (a vessel is not its owner's industry).
 */
function inheritance(type: EntityType, own: ReadonlySet<string>): 'all' | 'defence' | 'nothing' {
  if (type === 'aircraft') return 'defence';
  if (type !== 'entity') return 'nothing';
  if (!speaksForItself(own)) return 'all';
  return inDefenceTrades(own) ? 'defence' : 'nothing';
}

/** Whether every one of `sectors` (but `other`) is one of `DEFENCE_TRADES`. */
function inDefenceTrades(sectors: Iterable<string>): boolean {
  for (const s of sectors) if (s !== 'other' && !DEFENCE_TRADES.has(s)) return false;
  return true;
}

/**
 * `related` and `cross-list` evidence of one entry, for sectors its own evidence (`own`) lacks.
 *
 * `related`: an entity (not a bank), walking up at most MAX_RELATED_HOPS hops (Linked To / parent /
 * owner) to other entities, inherits their own sectors with the path — an entity whose own evidence
 * speaks only `defence` (and only when its own sectors are all `DEFENCE_TRADES`: see `inheritance`),
 * and the walk goes on past a relative in those trades looking only for `defence` (a plant of an
 * electronics concern of a missile corporation). Never into vessels, aircraft or banks: they
 * inherit nothing (a ship is not its owner's industry; a bank owned by an arms group is a bank),
 * the walk neither passes through nor inherits from a vessel, aircraft or individual, and a bank may
 * be the end of a path but not a step. `government` and `other` are not inherited, and
 * `financial-services` only when the entry has no evidence of its own.
 * `cross-list`: the same entity on another list, matched by identifier (or by a company's name and
 * country no other entry of either list bears), gives its own sectors — to a bank only its bank.
 */
export function graphEvidence<N>(
  self: N,
  own: ReadonlySet<string>,
  graph: SectorGraph<N>,
): Map<Sector, Evidence[]> {
  const out = new Map<Sector, Evidence[]>();
  const me = graph.describe(self);
  const takes = me.bank ? 'nothing' : inheritance(me.type, own);
  if (takes !== 'nothing') {
    const seen = new Set<string>([`${me.source}:${me.id}`]);
    let frontier: { at: N; path: EvidenceHop[]; takes: 'all' | 'defence' }[] = [
      { at: self, path: [], takes },
    ];
    const hops = me.type === 'aircraft' ? 1 : MAX_RELATED_HOPS;
    for (let hop = 1; hop <= hops && frontier.length; hop++) {
      const next: typeof frontier = [];
      for (const f of frontier) {
        for (const step of graph.up(f.at)) {
          if (graph.isEntity?.(step.to) === false) continue;
          const to = graph.describe(step.to);
          const ref = `${to.source}:${to.id}`;
          if (seen.has(ref) || to.type !== 'entity') continue;
          seen.add(ref);
          // A state body (ministry, armed force) says whom a linked entry serves, not what it does;
          // but the armed force that operates an aircraft makes it a military one.
          if (to.sectors.includes('government') && me.type !== 'aircraft') continue;
          const path: EvidenceHop[] = [
            ...f.path,
            {
              id: to.id,
              name: to.name,
              relation: step.relation,
              ...(to.source !== me.source ? { source: to.source } : {}),
            },
          ];
          for (const sector of to.sectors as readonly Sector[]) {
            if (f.takes === 'defence' && sector !== 'defence') continue;
            // Financial services only for an entry with no evidence at all (not even `other`).
            if (NOT_INHERITED.has(sector) || (sector === 'financial-services' && own.size > 0)) continue;
            addEvidence(out, sector, {
              field: 'links',
              text: path.map((h) => h.name).join(' → '),
              rule: RELATED_RULE,
              strength: 'related',
              inheritedFrom: to.id,
              path,
            });
          }
          // The nearest relative with evidence speaks for the entry: walk on only past holdings without,
          // and past a member of a defence group's trades (an electronics concern of a missile
          // corporation) looking only for `defence`.
          if (to.bank) continue;
          if (to.sectors.length === 0) next.push({ at: step.to, path, takes: f.takes });
          else if (!to.sectors.includes('defence') && inDefenceTrades(to.sectors))
            next.push({ at: step.to, path, takes: 'defence' });
        }
      }
      frontier = next;
    }
  }
  // An entry whose own evidence speaks takes from the other list only what that list's publisher
  // states, and not a stated sector its rules give only to entries without what this entry is (the
  // UK's "transport sector" of a shipping company or a landing-gear maker).
  const speaks = speaksForItself(own);
  for (const match of graph.sameEntity?.(self) ?? []) {
    const other = graph.describe(match.to);
    for (const sector of (speaks ? other.stated : other.sectors) as readonly Sector[]) {
      // A bank is a bank on every list (what another list says of its clients is not its sector).
      if (own.has(sector) || (me.bank && sector !== 'financial-services')) continue;
      if (speaks && hasOneOf(own, statedLacks(sector))) continue;
      addEvidence(out, sector, {
        field: match.byName ? 'names' : 'identifiers',
        text: `${other.source} ${other.id} ${other.name}`,
        matched: `${match.field} ${match.value}`,
        rule: match.byName ? CROSS_LIST_NAME_RULE : CROSS_LIST_RULE,
        strength: 'cross-list',
        inheritedFrom: other.id,
        path: [{ id: other.id, name: other.name, relation: `same ${match.field}`, source: other.source }],
      });
    }
  }
  return out;
}

/** Per sector: the sectors a `stated` rule giving it requires the entry to lack (its `when.lacks`). */
let statedLacksCache: Map<string, ReadonlySet<string>> | undefined;
function statedLacks(sector: Sector): ReadonlySet<string> {
  if (!statedLacksCache) {
    const map = new Map<string, Set<string>>();
    for (const rule of SECTOR_RULES) {
      // a fallback's `lacks` says "when nothing else says a sector", not what the sector excludes
      if (FAMILY_STRENGTH[rule.family] !== 'stated' || !rule.when?.lacks || rule.fallback) continue;
      for (const s of rule.sectors) {
        const set = map.get(s) ?? new Set<string>();
        for (const l of rule.when.lacks) set.add(l);
        map.set(s, set);
      }
    }
    statedLacksCache = map;
  }
  return statedLacksCache.get(sector) ?? EMPTY_SET;
}
const EMPTY_SET: ReadonlySet<string> = new Set();
/** Whether `own` has one of `sectors` (the entry is what a rule's `when.lacks` excludes). */
function hasOneOf(own: { has(s: Sector): boolean }, sectors: ReadonlySet<string>): boolean {
  for (const s of sectors) if (own.has(s as Sector)) return true;
  return false;
}

/**
 * Tags with the graph's evidence added (entity index mode: every list, every relationship kind).
 * The entry's own sectors are those with evidence of its own (not related, not cross-list).
 */
export function withGraphEvidence<N>(
  tags: readonly SectorTag[],
  self: N,
  graph: SectorGraph<N>,
): SectorTag[] {
  const bySector = new Map<Sector, Evidence[]>();
  const own = new Set<string>();
  for (const t of tags) {
    bySector.set(t.sector, [...t.evidence]);
    if (t.evidence.some(speaksForEntry)) own.add(t.sector);
  }
  for (const [sector, evidence] of graphEvidence(self, own, graph))
    for (const ev of evidence) addEvidence(bySector, sector, ev);
  return toTags(bySector);
}

/** Whether `tagSectors` keeps each entry's own profile (set once lazy sector records exist). */
let rememberTagged = false;

/**
 * From now on `tagSectors` keeps the own profile of each entry it tags, for the lazy sector records
 * of an index in memory (`lazySectorRecordOf`) that read it later: not tagged twice.
 */
export function rememberTaggedProfiles(): void {
  rememberTagged = true;
}

/**
 * The sectors a designation touches, sorted in `SECTORS` order, each with all its evidence.
 *
 * `linked` looks up a "Linked To" target by publisher id in the same publication: with it, the
 * entry also gets `related` evidence over up to two hops of "Linked To" (see `graphEvidence`).
 * The entity index adds parents, owners and other lists (`withGraphEvidence`).
 */
export function tagSectors(
  d: Designation,
  linked?: (id: string) => Designation | undefined,
  options: TagOptions = {},
): SectorTag[] {
  const bySector = ownEvidenceOnce(d, options);
  if (rememberTagged && !profiles.has(d)) rememberProfile(d, bySector, options);
  // Graph evidence only for an entity without evidence of its own, or whose own sectors are all
  // trades of the arms industry (see `inheritance`: within one publication, nothing else inherits);
  // its profile is kept so that the walk (and any entry linked to it) does not tag it again.
  if (linked && d.links.length && (d.entityType === 'entity' || d.entityType === 'aircraft')) {
    const own = speakingSectors(bySector);
    if (inheritance(d.entityType, own) !== 'nothing') {
      if (!rememberTagged) rememberProfile(d, bySector, options);
      for (const [sector, evidence] of graphEvidence(d, own, linkGraph(linked, options)))
        for (const ev of evidence) addEvidence(bySector, sector, ev);
    }
  }
  return toTags(bySector);
}
