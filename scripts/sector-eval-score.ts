/**
 * Scoring of sector tags against the world-knowledge labels (pure: no I/O). Used by
 * `scripts/eval-sectors.ts`; tested in `test/realdata/world-labels.test.ts`.
 *
 * A labelled row is scored when it is not `unknown`. Each (entity, sector) pair the tagger gives is
 * a true positive when the label has the sector, else a false positive; each labelled sector the
 * tagger does not give is a false negative. A tag is attributed to every rule family among its
 * evidence (family = the rule id before `:`, e.g. `name:oil` → `name`; `related` and `cross-list` are their
 * own families), so one tag with evidence of two families counts once for each.
 */
import { SECTORS, type Sector, type SectorTag } from '../functions/core/changes';
import type { Half, LabelRow } from './sector-labels-lib';

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface HalfScore {
  half: Half | 'all';
  /** Rows scored (not unknown). */
  scored: number;
  unknown: number;
  lowConfidence: number;
  micro: Counts;
  /** The same, high- and medium-confidence rows only. */
  microConfident: Counts;
  perSector: Map<Sector, Counts>;
  /** Per rule family: tags it gave evidence for that were right (tp) and wrong (fp). */
  families: Map<string, { tp: number; fp: number }>;
  /** Labelled sectors not given, by sector, with the entity (for reading the misses). */
  misses: { row: LabelRow; missed: Sector[]; extra: Sector[] }[];
}

export function ruleFamily(rule: string): string {
  const colon = rule.indexOf(':');
  return colon < 0 ? rule : rule.slice(0, colon);
}

const empty = (): Counts => ({ tp: 0, fp: 0, fn: 0 });

export function precision(c: Counts): number {
  return c.tp + c.fp === 0 ? Number.NaN : c.tp / (c.tp + c.fp);
}

export function recall(c: Counts): number {
  return c.tp + c.fn === 0 ? Number.NaN : c.tp / (c.tp + c.fn);
}

function add(into: Counts, from: Counts): void {
  into.tp += from.tp;
  into.fp += from.fp;
  into.fn += from.fn;
}

/**
 * Scores the rows of `half` (or all rows) against `tagsOf(row)`, the tagger's sector tags for the
 * labelled entity.
 */
export function scoreHalf(
  rows: readonly LabelRow[],
  tagsOf: (row: LabelRow) => readonly SectorTag[],
  half: Half | 'all',
): HalfScore {
  const s: HalfScore = {
    half,
    scored: 0,
    unknown: 0,
    lowConfidence: 0,
    micro: empty(),
    microConfident: empty(),
    perSector: new Map(SECTORS.map((x) => [x, empty()])),
    families: new Map(),
    misses: [],
  };
  for (const row of rows) {
    if (half !== 'all' && row.half !== half) continue;
    if (row.unknown) {
      s.unknown++;
      continue;
    }
    s.scored++;
    if (row.confidence === 'low') s.lowConfidence++;
    const truth = new Set(row.sectors);
    const tags = tagsOf(row);
    const given = new Set(tags.map((t) => t.sector));
    const rowCounts = empty();
    for (const tag of tags) {
      const right = truth.has(tag.sector);
      const c = s.perSector.get(tag.sector) as Counts;
      if (right) c.tp++;
      else c.fp++;
      if (right) rowCounts.tp++;
      else rowCounts.fp++;
      for (const family of new Set(tag.evidence.map((e) => ruleFamily(e.rule)))) {
        const f = s.families.get(family) ?? { tp: 0, fp: 0 };
        if (right) f.tp++;
        else f.fp++;
        s.families.set(family, f);
      }
    }
    const missed = row.sectors.filter((x) => !given.has(x));
    for (const x of missed) (s.perSector.get(x) as Counts).fn++;
    rowCounts.fn += missed.length;
    add(s.micro, rowCounts);
    if (row.confidence !== 'low') add(s.microConfident, rowCounts);
    const extra = [...given].filter((x) => !truth.has(x));
    if (missed.length || extra.length) s.misses.push({ row, missed, extra });
  }
  return s;
}
