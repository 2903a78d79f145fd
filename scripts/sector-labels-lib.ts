/**
 * What the sector-label sampler (`sample-sector-labels.ts`), the evaluator (`eval-sectors.ts`) and
 * the label file's test share: the two real publication pairs whose additions are the population,
 * the seeded PRNG and hash, and the label file's shape. See docs/sectors.md, "Measured against what
 * entities really are".
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { prng } from '../bench/gen-sdn-xml';
import type { Change, Sector } from '../functions/core/changes';

export const ROOT = resolve(import.meta.dirname, '..');
export const REALDATA = resolve(ROOT, '../shared/realdata');
export const LABELS_FILE = resolve(ROOT, 'test/fixtures/sectors/world-labels.json');
export const SAMPLE_FILE = resolve(ROOT, 'test/fixtures/sectors/world-sample.json');
/** The fresh holdout (never used for tuning): every addition of `HOLDOUT_PAIRS`, labelled the same way. */
export const HOLDOUT_LABELS_FILE = resolve(ROOT, 'test/fixtures/sectors/holdout-labels.json');
export const HOLDOUT_SAMPLE_FILE = resolve(ROOT, 'test/fixtures/sectors/holdout-sample.json');
/**
 * The second draw (issue 12, third round): more additions of the OFAC pair of `PAIRS`, drawn after
 * the first draw and labelled the same way before any tagger output for them was read.
 */
export const SECOND_LABELS_FILE = resolve(ROOT, 'test/fixtures/sectors/second-labels.json');
export const SECOND_SAMPLE_FILE = resolve(ROOT, 'test/fixtures/sectors/second-sample.json');
/** The tags reviewed by world knowledge while rules were tuned (2026-11-30): never a clean measure. */
export const REVIEW_DIR = resolve(ROOT, 'test/fixtures/sectors/review-2026-11-30');
/** Seed of the second draw. Never change it: the labels depend on it. */
export const SECOND_SEED = 20261130;
/** How many additions the second draw takes. */
export const SECOND_DRAW = 160;
/**
 * The third draw (issue 12, fourth round): a TUNING set — more additions of the OFAC pair, drawn
 * from those neither earlier draw took and labelled the same way before any tagger output for them
 * was read. Rules may be tuned on it (its misses are listed); the second draw stays the report.
 */
export const THIRD_LABELS_FILE = resolve(ROOT, 'test/fixtures/sectors/third-labels.json');
export const THIRD_SAMPLE_FILE = resolve(ROOT, 'test/fixtures/sectors/third-sample.json');
/** Seed of the third draw. Never change it: the labels depend on it. */
export const THIRD_SEED = 2026113003;
/** How many additions the third draw takes. */
export const THIRD_DRAW = 240;
/**
 * The fourth draw (issue 12, fourth round): a second TUNING set, drawn from those no earlier draw
 * took and labelled the same way before any tagger output for them was read.
 */
export const FOURTH_LABELS_FILE = resolve(ROOT, 'test/fixtures/sectors/fourth-labels.json');
export const FOURTH_SAMPLE_FILE = resolve(ROOT, 'test/fixtures/sectors/fourth-sample.json');
/** Seed of the fourth draw. Never change it: the labels depend on it. */
export const FOURTH_SEED = 2026113004;
/** How many additions the fourth draw takes. */
export const FOURTH_DRAW = 300;
/**
 * The fifth draw (issue 12, end of the fourth round): a REPORT set for the round's final rules,
 * drawn from those no earlier draw took and labelled before any tagger output for them was read;
 * never tuned on, its misses never listed.
 */
export const FIFTH_SAMPLE_FILE = resolve(ROOT, 'test/fixtures/sectors/fifth-sample.json');
/** Seed of the fifth draw. Never change it: the labels depend on it. */
export const FIFTH_SEED = 2026113005;
/** How many additions the fifth draw takes. */
export const FIFTH_DRAW = 300;

/** The draws after the first, in order: each from the additions of `PAIRS[0]` no earlier draw took. */
export const LATER_DRAWS: readonly {
  name: string;
  n: number;
  seed: number;
  half: Half;
  sampleFile: string;
}[] = [
  { name: 'second', n: SECOND_DRAW, seed: SECOND_SEED, half: 'report', sampleFile: SECOND_SAMPLE_FILE },
  { name: 'third', n: THIRD_DRAW, seed: THIRD_SEED, half: 'tune', sampleFile: THIRD_SAMPLE_FILE },
  { name: 'fourth', n: FOURTH_DRAW, seed: FOURTH_SEED, half: 'tune', sampleFile: FOURTH_SAMPLE_FILE },
  { name: 'fifth', n: FIFTH_DRAW, seed: FIFTH_SEED, half: 'report', sampleFile: FIFTH_SAMPLE_FILE },
];

/**
 * The ids of later draw `k` (0: the second draw) of `additions` (the non-individual additions of
 * `PAIRS[0]`), and how many it was drawn from: the first draw, then each later one in turn, is taken
 * out before the next is drawn.
 */
export function laterDrawIds(
  additions: readonly string[],
  k: number,
  drawFn: (source: string, ids: readonly string[], n: number, seed?: number) => string[],
): { ids: string[]; from: number } {
  const pair = PAIRS[0]!;
  let rest = [...additions];
  const first = new Set(drawFn(pair.source, rest, pair.draw));
  rest = rest.filter((id) => !first.has(id));
  for (let i = 0; i < k; i++) {
    const taken = new Set(drawFn(pair.source, rest, LATER_DRAWS[i]!.n, LATER_DRAWS[i]!.seed));
    rest = rest.filter((id) => !taken.has(id));
  }
  const d = LATER_DRAWS[k]!;
  return { ids: drawFn(pair.source, rest, d.n, d.seed), from: rest.length };
}

/** The fixed seed of the draw and of the tune/report split. Never change it: the labels depend on it. */
export const SEED = 20261129;

/** Two publications of one source whose non-individual additions are a labelled population. */
export interface PublicationPair {
  source: string;
  /** Paths relative to ../shared/realdata. */
  old: string;
  new: string;
  /**
   * Another list given as context (`diff --with <source>=<file>`, relative to ../shared/realdata):
   * the entity graph's `related` and `cross-list` evidence (issue 12's measuring method).
   */
  context?: { source: string; file: string };
}

/** A pair of the tuning sample (`world-labels.json`): a seeded draw of its additions. */
export interface PopulationPair extends PublicationPair {
  source: 'us-ofac-sdn-csv' | 'gb-ofsi-conlist';
  /** How many additions to draw from this pair. */
  draw: number;
  context: { source: string; file: string };
}

export const PAIRS: readonly PopulationPair[] = [
  {
    source: 'us-ofac-sdn-csv',
    old: 'ofac-sdn-csv/daily/sdn_2021-08-18_09-39-01Z.csv',
    new: 'ofac-sdn-csv/daily/sdn_2024-05-03_18-43-23Z.csv',
    draw: 200,
    context: { source: 'gb-ofsi-conlist', file: 'uk-ofsi-conlist/ConList_2025-04-14.FROM_XLSX.csv' },
  },
  {
    source: 'gb-ofsi-conlist',
    old: 'uk-ofsi-conlist/ConList_2023-06-05.FROM_XLSX.csv',
    new: 'uk-ofsi-conlist/ConList_2025-04-14.FROM_XLSX.csv',
    draw: 120,
    context: { source: 'us-ofac-sdn-csv', file: 'ofac-sdn-csv/daily/sdn_2024-05-03_18-43-23Z.csv' },
  },
];

/**
 * The fresh holdout's pairs (`holdout-labels.json`): other sources and other years than `PAIRS`,
 * never used for tuning. ALL their non-individual additions are labelled (no draw, so no selection
 * bias), every row in the `report` half. No `--with` context: the tags measured are those of the
 * plain `diff --json` a user runs on the pair.
 */
export const HOLDOUT_PAIRS: readonly PublicationPair[] = [
  {
    source: 'us-ofac-consolidated',
    old: 'ofac-consolidated-xml/2018-04-06.xml',
    new: 'ofac-consolidated-xml/2022-03-24.xml',
  },
  {
    source: 'un-sc-consolidated',
    old: 'un-consolidated/2018-06-07.xml',
    new: 'un-consolidated/2026-02-27.xml',
  },
];

export type Half = 'tune' | 'report';

export interface LabelRow {
  source: string;
  id: string;
  name: string;
  entityType: string;
  half: Half;
  sectors: Sector[];
  confidence: 'high' | 'medium' | 'low';
  unknown?: true;
  why: string;
}

export interface LabelFile {
  description: string;
  population: string;
  seed: number;
  method: string;
  labelledBy: string;
  frozen: string;
  conventions: string[];
  rows: LabelRow[];
}

/** The holdout's label file: the same shape without a seed (it is a whole population, not a draw). */
export type HoldoutLabelFile = Omit<LabelFile, 'seed'>;

/** mulberry32, the project's seeded PRNG (shared with the benchmark generator). */
export const mulberry32 = prng;

/** FNV-1a (32 bit) of `seed:text`: the seeded hash that orders a draw before it is cut in halves. */
export function seededHash(seed: number, text: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}:${text}`) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The non-individual additions: entities, vessels, aircraft. */
export function isPopulationAddition(c: Pick<Change, 'kind' | 'entityType'>): boolean {
  return c.kind === 'added' && c.entityType !== 'individual';
}

/**
 * Runs the project's CLI `diff --json` on a pair as a child process (the whole process a user
 * runs) and returns its document; `withContext` adds the pair's other list as `--with` context.
 * Throws with the CLI's stderr when it fails.
 */
export function cliDiff(pair: PublicationPair, withContext = false): { changes: Change[] } {
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      resolve(ROOT, 'bin/sanctions-notifier.ts'),
      'diff',
      '--source',
      pair.source,
      resolve(REALDATA, pair.old),
      resolve(REALDATA, pair.new),
      '--json',
      ...(withContext && pair.context
        ? ['--with', `${pair.context.source}=${resolve(REALDATA, pair.context.file)}`]
        : []),
    ],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 },
  );
  if (result.status !== 0) {
    throw new Error(`diff --source ${pair.source} failed (exit ${result.status}): ${result.stderr.trim()}`);
  }
  return JSON.parse(result.stdout) as { changes: Change[] };
}
