/**
 * What the sector tagger derives from its rule table before it can tag anything (issue 12, speed):
 * each pattern rule's required literals (the prefilter's keywords) and pure literal alternatives,
 * each lexicon rule's index of names (`lexiconEntries`),
 * the table's keywords with the automaton that finds them, and the plain (`u`-less) pattern
 * classes. Pure.
 *
 * Computing it reads every pattern of the table character by character, in code that runs once
 * per process and so runs cold: ≈ 40–90 ms of a diff. `npm run gen:sector-table` computes it at
 * build time into `sector-table.generated.ts`; a process uses that copy when its fingerprint is the
 * table's (the rules' patterns, fields and gates) and computes it itself otherwise, so an edited
 * rule is never read through stale literals, only more slowly until the file is generated again
 * (test/core/sector-table.test.ts fails while it is stale).
 */
import { createHash } from 'node:crypto';
import {
  type AutomatonTables,
  automatonTables,
  lexiconEntries,
  literalAlternatives,
  lowerPattern,
  type PlainState,
  plainState,
  requiredLiterals,
} from './sector-prefilter';
import type { SectorRule } from './sector-rules';

/** What a field's reader needs in the plain text it reads before it can give anything (keywords). */
export type GateOf = (field: string) => readonly string[] | undefined;

export interface SectorTable {
  /** `tableFingerprint` of the rules and gates this was computed from. */
  fingerprint: string;
  /** Per rule of the table, by index: a pattern rule's required literals (null: none, or not a pattern rule). */
  required: readonly (readonly string[] | null)[];
  /** Per rule of the table: a pure literal pattern's alternatives, in the order a regular expression tries them. */
  alternatives: readonly (readonly string[] | null)[];
  /** Per rule of the table: a lexicon rule's index (`lexiconEntries`). */
  lexicons: readonly (readonly (string | number)[] | null)[];
  /** The plain classes of the table's lower-cased patterns and `unless` patterns. */
  plain: PlainState;
  /** Every keyword of the prefilter (required literals, then gates), in keyword-id order. */
  keywords: readonly string[];
  /** The automaton of `keywords`. */
  automaton: AutomatonTables;
}

/** Bump when what `computeSectorTable` derives changes for the same rules. */
const FORMAT = 4;

/** What the table is computed from: per rule its kind, pattern, `unless`, fields and their gates. */
export function tableFingerprint(rules: readonly SectorRule[], gateOf: GateOf): string {
  const parts: unknown[] = [FORMAT];
  for (const r of rules) {
    const m = r.match;
    parts.push(
      m.kind,
      m.kind === 'pattern' ? m.pattern : m.kind === 'lexicon' ? m.names : '',
      m.kind === 'pattern' ? (m.unless ?? null) : null,
      r.fields,
      r.fields.map((f) => gateOf(f) ?? null),
    );
  }
  // hashed natively: the rules' text is ≈ 200 KB, read once per process by code that runs cold
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

/** The table computed from the rules (what the generated file holds). */
export function computeSectorTable(rules: readonly SectorRule[], gateOf: GateOf): SectorTable {
  const required = rules.map((r) =>
    r.match.kind === 'pattern' ? (requiredLiterals(r.match.pattern) ?? null) : null,
  );
  const alternatives = rules.map((r) =>
    r.match.kind === 'pattern' ? (literalAlternatives(r.match.pattern) ?? null) : null,
  );
  const all = new Set<string>();
  rules.forEach((rule, i) => {
    const keywords = required[i];
    if (!keywords) return;
    for (const k of keywords) all.add(k);
    for (const f of rule.fields) for (const g of gateOf(f) ?? []) all.add(g);
  });
  for (const rule of rules)
    if (rule.match.kind === 'exact') for (const f of rule.fields) for (const g of gateOf(f) ?? []) all.add(g);
  const keywords = [...all];
  return {
    fingerprint: tableFingerprint(rules, gateOf),
    required,
    alternatives,
    lexicons: rules.map((r) => (r.match.kind === 'lexicon' ? lexiconEntries(r.match.names) : null)),
    plain: plainState(
      rules.flatMap((r) =>
        r.match.kind === 'pattern' ? [r.match.pattern, r.match.unless ?? ''].map(lowerPattern) : [],
      ),
    ),
    keywords,
    automaton: automatonTables(keywords),
  };
}

/** `generated` when it was computed from these rules and gates, else the table computed now. */
export function sectorTable(
  rules: readonly SectorRule[],
  gateOf: GateOf,
  generated: SectorTable | undefined,
): SectorTable {
  if (generated && generated.fingerprint === tableFingerprint(rules, gateOf)) return generated;
  return computeSectorTable(rules, gateOf);
}
