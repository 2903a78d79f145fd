/**
 * Sector tagging: reads a designation's own evidence through the reviewed rule table in
 * `sector-rules.ts` and returns the sectors it touches, each with every piece of evidence.
 * Pure: no I/O, no clock. No evidence → no sector; nothing is guessed.
 */
import { type Evidence, SECTORS, type Sector, type SectorTag } from './changes';
import type { Designation, EntityType } from './model';
import { SECTOR_RULES, type SectorRule } from './sector-rules';

export {
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
/** End of a labelled value inside remarks: `;`, or the next OFSI-style ` (Label):`. */
const VALUE_END = /;|\s\([A-Z][^()]{0,60}\):/;

function plainField(d: Designation, field: string): string[] {
  switch (field) {
    case 'name':
      return [d.name];
    case 'aliases':
      return d.aliases.map((a) => a.name);
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
      out.push({ field, value: phrase, text: `${phrase} ${text.slice(m.index, end)}` });
    }
  }
  return out;
}

function readField(d: Designation, field: string): FieldText[] {
  const phrase = PHRASE.exec(field);
  if (phrase) return sectorPhrases(phrase[1]!, plainField(d, phrase[1]!));
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

/** The evidence a rule finds in a designation (empty when it does not apply). */
export function applyRule(rule: SectorRule, d: Designation): Evidence[] {
  if (rule.appliesTo && !rule.appliesTo.includes(d.entityType)) return [];
  const match = rule.match;
  const out: Evidence[] = [];
  switch (match.kind) {
    case 'entity-type':
      if (d.entityType === match.entityType)
        out.push({ field: 'entityType', text: d.entityType, rule: rule.id });
      return out;
    case 'identifier':
      for (const id of d.identifiers) {
        if (id.type === match.identifierType) {
          out.push({ field: 'identifiers', text: `${id.label ?? id.type} ${id.value}`, rule: rule.id });
        }
      }
      return out;
    case 'exact': {
      const values = exactValues(rule as SectorRule & { match: { kind: 'exact' } });
      for (const field of rule.fields) {
        for (const ft of readField(d, field)) {
          if (values.has(normaliseValue(ft.value)))
            out.push({ field: ft.field, text: ft.text, rule: rule.id });
        }
      }
      return out;
    }
    case 'pattern': {
      const re = wholeWord(match.pattern);
      for (const field of rule.fields) {
        for (const ft of readField(d, field)) {
          const m = re.exec(ft.value);
          if (!m) continue;
          const text = ft.text === ft.value ? quoteAround(ft.value, m.index, m[0].length) : ft.text;
          out.push({ field: ft.field, text, rule: rule.id });
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
    .map(([sector, evidence]) => ({ sector, evidence }));
}

/** Tags from the entry's own fields only (no links). */
function ownEvidence(d: Designation): Map<Sector, Evidence[]> {
  const bySector = new Map<Sector, Evidence[]>();
  for (const rule of SECTOR_RULES) {
    if (rule.sectors.length === 0) continue;
    const found = applyRule(rule, d);
    for (const ev of found) for (const sector of rule.sectors) addEvidence(bySector, sector, ev);
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
          inheritedFrom: target.id,
        });
      }
    }
  }
  return toTags(bySector);
}
