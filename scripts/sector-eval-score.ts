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

/** One scored row's counts: all sectors, and the `defence` and `financial-services` labels alone. */
export interface RowCounts {
  all: Counts;
  defence: Counts;
  finance: Counts;
}

/** Per scored (not unknown) row, its counts against `tagsOf(row)`. */
export function rowCounts(
  rows: readonly LabelRow[],
  tagsOf: (row: LabelRow) => readonly SectorTag[],
): RowCounts[] {
  const out: RowCounts[] = [];
  for (const row of rows) {
    if (row.unknown) continue;
    const truth = new Set<string>(row.sectors);
    const given = new Set<string>(tagsOf(row).map((t) => t.sector));
    const counts = (only?: Sector): Counts => {
      const c = empty();
      for (const s of given) if (!only || s === only) truth.has(s) ? c.tp++ : c.fp++;
      for (const s of truth) if ((!only || s === only) && !given.has(s)) c.fn++;
      return c;
    };
    out.push({ all: counts(), defence: counts('defence'), finance: counts('financial-services') });
  }
  return out;
}

/** The sum of the rows' counts of one kind. */
export function total(rows: readonly RowCounts[], kind: keyof RowCounts): Counts {
  const c = empty();
  for (const r of rows) add(c, r[kind]);
  return c;
}

/**
 * A 95 % interval of `stat` over the rows, by the percentile bootstrap: `resamples` draws of as many
 * rows with replacement (rows, not sector labels, are the unit drawn: one entity's labels are not
 * independent), from a fixed seed so that the report is reproducible. NaN bounds when undefined.
 */
export function bootstrapInterval(
  rows: readonly RowCounts[],
  stat: (c: Counts) => number,
  kind: keyof RowCounts,
  random: () => number,
  resamples = 2000,
): [number, number] {
  if (rows.length === 0) return [Number.NaN, Number.NaN];
  const values: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const c = empty();
    for (let i = 0; i < rows.length; i++) add(c, rows[Math.floor(random() * rows.length)]![kind]);
    const v = stat(c);
    if (!Number.isNaN(v)) values.push(v);
  }
  if (values.length === 0) return [Number.NaN, Number.NaN];
  values.sort((a, b) => a - b);
  const at = (q: number) =>
    values[Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))))]!;
  return [at(0.025), at(0.975)];
}
