/**
 * Sector tagging: reads a designation's own evidence through the reviewed rule table in
 * `sector-rules.ts` and returns the sectors it touches, each with every piece of evidence.
 * Pure: no I/O, no clock. No evidence → no sector; nothing is guessed.
 */
import { type Evidence, SECTORS, type Sector, type SectorTag, sectorTag } from './changes';
import type { Designation, EntityType } from './model';
import { FAMILY_STRENGTH, SECTOR_RULES, type SectorRule } from './sector-rules';

export {
  FAMILY_STRENGTH,
  type RuleFamily,
  type RuleMatcher,
  SECTOR_RULES,
  SECTOR_RULES_BY_ID,
  type SectorRule,
} from './sector-rules';

/** The rule id given to tags inherited from a "Linked To" target. */
export const INHERITED_RULE = 'inherited-from-link';

/** Entry types that may inherit their owner's/operator's sectors through a link. */
const INHERITING_TYPES: ReadonlySet<EntityType> = new Set(['vessel', 'entity']);
/**
 * Sectors never inherited: being owned by a state body does not make an entry a state body, and
 * `other` says nothing useful about the linked entry.
 */
const NOT_INHERITED: ReadonlySet<Sector> = new Set(['government', 'other']);

const SECTOR_ORDER: ReadonlyMap<Sector, number> = new Map(SECTORS.map((s, i) => [s, i]));

/** A piece of text read from a field: `value` is what rules match, `text` the quote for evidence. */
interface FieldText {
  field: string;
  value: string;
  text: string;
  /** `normaliseValue(value)`, computed once when an exact rule first needs it. */
  normalised?: string;
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

/** Case, spacing, trailing punctuation and US/UK spelling ignored, for exact matching. */
export function normaliseValue(value: string): string {
  let v = value.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
  v = v.replace(/[\s.;:,]+$/, '');
  for (const [re, to] of SPELLING) v = v.replace(re, to);
  return v;
}

// ── field readers ───────────────────────────────────────────────────────────────────────────

const LABELLED = /^(\w+)\[(.+)\]$/;
const PHRASE = /^(\w+)#sector-phrase$/;
const ACTIVITY = /^(\w+)#activity$/;
/** End of a labelled value inside remarks: `;`, or the next OFSI-style ` (Label):`. */
const VALUE_END = /;|\s\([A-Z][^()]{0,60}\):/;

function plainField(d: Designation, field: string): string[] {
  switch (field) {
    case 'name':
      return [d.name];
    case 'aliases':
      // Former names ("f.k.a.") describe a past identity, not what the entry does now.
      return d.aliases.filter((a) => a.type !== 'fka').map((a) => a.name);
    case 'remarks':
      return d.remarks ? [d.remarks] : [];
    case 'reasons':
      return d.reasons ? [d.reasons] : [];
    case 'positions':
      return d.positions;
    case 'titles':
      return d.titles;
    case 'entityType':
      return [d.entityType];
    default:
      if (field.startsWith('attributes.')) return d.attributes[field.slice('attributes.'.length)] ?? [];
      throw new Error(`sector rule reads an unknown field: ${field}`);
  }
}

/** `remarks[Organization Type:]` → each value following the label inside the remarks. */
function labelledValues(field: string, texts: readonly string[], label: string): FieldText[] {
  const out: FieldText[] = [];
  const lowerLabel = label.toLowerCase();
  for (const text of texts) {
    const lower = text.toLowerCase();
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
        out.push({
          field,
          value,
          text: text
            .slice(at, quoteEnd)
            .trim()
            .replace(/[\s.]+$/, ''),
        });
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
function ownSectorPhrase(text: string, word: string, phraseStart: number): boolean {
  // "Iran Aircraft Manufacturing Industries": a capitalised "Industries" in mixed-case text is a name.
  if (/^\p{Lu}\p{Ll}/u.test(word)) return false;
  const before = text.slice(Math.max(0, phraseStart - 80), phraseStart).replace(ARTICLE_NATIONALITY, '');
  return !BENEFICIARY_BEFORE.test(before);
}

function isPhraseWord(token: string): boolean {
  const lower = token.toLowerCase();
  if (PHRASE_STOP.has(lower)) return false;
  if (/['’]s$/.test(lower)) return false; // possessive: "Russia's"
  if (/^\p{Lu}/u.test(token) && /(?:ian|ean|ese|yan|ish)$/.test(lower)) return false; // "Russian", "Korean"
  return true;
}

/**
 * Phrases ending in "sector(s)": walking back from the word over connectors and ordinary words,
 * stopping at articles, nationalities, possessives and punctuation. "namely the Russian financial
 * services sector" → "financial services sector"; "energy and defence sectors" as a whole.
 */
function sectorPhrases(field: string, texts: readonly string[]): FieldText[] {
  const out: FieldText[] = [];
  for (const text of texts) {
    for (const m of text.matchAll(SECTOR_WORD)) {
      const end = m.index + m[0].length;
      const windowStart = Math.max(0, m.index - 200);
      const before = text.slice(windowStart, m.index);
      const tokens = [...before.matchAll(PHRASE_TOKEN)];
      let start = m.index;
      let words = 0;
      for (let i = tokens.length - 1; i >= 0; i--) {
        const t = tokens[i]!;
        const tStart = windowStart + t.index;
        const gap = text.slice(tStart + t[0].length, start);
        if (!/^[\s]*$/.test(gap)) break; // punctuation other than a comma token ends the phrase
        if (t[0] !== ',' && !isPhraseWord(t[0])) break;
        start = tStart;
        words++;
        if (words >= MAX_PHRASE_TOKENS) break;
      }
      let phrase = text.slice(start, m.index).trim();
      // drop leading connectors ("and", ",")
      phrase = phrase.replace(/^(?:(?:,|and|&)\s*)+/i, '');
      if (!phrase) continue;
      if (!ownSectorPhrase(text, m[0], text.lastIndexOf(phrase, m.index))) continue;
      out.push({ field, value: phrase, text: `${phrase} ${text.slice(m.index, end)}` });
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
    const text = raw.replace(COUNTERPARTY, '');
    for (const m of text.matchAll(ACTIVITY_CUE)) {
      const start = m.index + m[0].length;
      const rest = text.slice(start, start + ACTIVITY_SPAN);
      const stop = rest.search(/\.(?:\s|$)|;|\n|\[/);
      let clause = stop < 0 ? rest : rest.slice(0, stop);
      // The cue is part of the clause: "production of", "manufacturer of" say what the entry does.
      clause = `${m[0]}${clause}`;
      const quote = clause.replace(/\s+/g, ' ').trim();
      for (const re of CLAUSE_NOISE) clause = clause.replace(re, ' … ');
      clause = clause.replace(/\s+/g, ' ').trim();
      if (clause) out.push({ field, value: clause, text: quote });
    }
  }
  return out;
}

function readField(d: Designation, field: string): FieldText[] {
  const phrase = PHRASE.exec(field);
  if (phrase) return sectorPhrases(phrase[1]!, plainField(d, phrase[1]!));
  const activity = ACTIVITY.exec(field);
  if (activity) return activityClauses(activity[1]!, plainField(d, activity[1]!));
  const labelled = LABELLED.exec(field);
  if (labelled) return labelledValues(labelled[1]!, plainField(d, labelled[1]!), labelled[2]!);
  return plainField(d, field).map((v) => ({ field, value: v, text: v }));
}

// ── matchers ────────────────────────────────────────────────────────────────────────────────

const patternCache = new Map<string, RegExp>();
function wholeWord(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${pattern})(?![\\p{L}\\p{N}])`, 'iu');
    patternCache.set(pattern, re);
  }
  return re;
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

/** The evidence a rule finds in a designation (empty when it does not apply). */
export function applyRule(rule: SectorRule, d: Designation, cache?: FieldCache): Evidence[] {
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
      return out;
    }
    case 'pattern': {
      const re = wholeWord(match.pattern);
      const unless = match.unless ? wholeWord(match.unless) : undefined;
      for (const field of rule.fields) {
        for (const ft of readCached(d, field, cache)) {
          const m = re.exec(ft.value);
          if (!m) continue;
          if (unless?.test(ft.value)) continue;
          const text = ft.text === ft.value ? quoteAround(ft.value, m.index, m[0].length) : ft.text;
          out.push({ field: ft.field, text, matched: m[0], rule: rule.id, strength });
        }
      }
      return out;
    }
  }
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

function addEvidence(bySector: Map<Sector, Evidence[]>, sector: Sector, ev: Evidence): void {
  const list = bySector.get(sector) ?? [];
  if (
    !list.some(
      (e) =>
        e.rule === ev.rule &&
        e.field === ev.field &&
        e.text === ev.text &&
        e.inheritedFrom === ev.inheritedFrom,
    )
  ) {
    list.push(ev);
  }
  bySector.set(sector, list);
}

function toTags(bySector: Map<Sector, Evidence[]>): SectorTag[] {
  return [...bySector.entries()]
    .sort(([a], [b]) => SECTOR_ORDER.get(a)! - SECTOR_ORDER.get(b)!)
    .map(([sector, evidence]) => sectorTag(sector, evidence));
}

/** Rules without a `when` condition, then those with one (they read the first rules' sectors). */
const PLAIN_RULES = SECTOR_RULES.filter((r) => r.sectors.length > 0 && !r.when);
const CONDITIONAL_RULES = SECTOR_RULES.filter((r) => r.sectors.length > 0 && r.when);

function conditionHolds(rule: SectorRule, sectors: ReadonlySet<Sector>): boolean {
  const when = rule.when;
  if (!when) return true;
  return (when.has ?? []).every((s) => sectors.has(s)) && !(when.lacks ?? []).some((s) => sectors.has(s));
}

/** Tags from the entry's own fields only (no links). */
function ownEvidence(d: Designation): Map<Sector, Evidence[]> {
  const bySector = new Map<Sector, Evidence[]>();
  const cache: FieldCache = new Map();
  const apply = (rule: SectorRule) => {
    const found = applyRule(rule, d, cache);
    for (const ev of found) for (const sector of rule.sectors) addEvidence(bySector, sector, ev);
  };
  for (const rule of PLAIN_RULES) apply(rule);
  if (CONDITIONAL_RULES.length) {
    const plain = new Set(bySector.keys());
    for (const rule of CONDITIONAL_RULES) if (conditionHolds(rule, plain)) apply(rule);
  }
  return bySector;
}

/**
 * The sectors a designation touches, sorted in `SECTORS` order, each with all its evidence.
 *
 * `linked` looks up a "Linked To" target by publisher id. A vessel or entity inherits the sectors
 * its linked owner/operator (an entity) shows in that entity's OWN fields, for each sector it has
 * no evidence of itself; one hop only, so cycles cannot arise. `government` and `other` are not
 * inherited.
 */
export function tagSectors(d: Designation, linked?: (id: string) => Designation | undefined): SectorTag[] {
  const bySector = ownEvidence(d);
  if (linked && INHERITING_TYPES.has(d.entityType)) {
    const own = new Set(bySector.keys());
    for (const link of d.links) {
      if (!link.id || link.id === d.id) continue;
      const target = linked(link.id);
      if (target?.entityType !== 'entity' || target.id === d.id) continue;
      for (const [sector] of ownEvidence(target)) {
        if (own.has(sector) || NOT_INHERITED.has(sector)) continue;
        addEvidence(bySector, sector, {
          field: 'links',
          text: target.name,
          rule: INHERITED_RULE,
          strength: 'related',
          inheritedFrom: target.id,
          path: [{ id: target.id, name: target.name, relation: 'Linked To' }],
        });
      }
    }
  }
  return toTags(bySector);
}
