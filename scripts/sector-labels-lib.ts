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
/** A draw after the first: how many, its seed, its half, its files and what it was drawn from. */
export interface LaterDraw {
  /** `second`, `third`, `fourth`, `fifth`. */
  name: string;
  n: number;
  /** Never change a seed: the labels depend on it. */
  seed: number;
  /** `report`: never tuned on, its misses never listed; `tune`: rules may be tuned on it. */
  half: Half;
  sampleFile: string;
  labelsFile: string;
  /** Which additions it was drawn from, in words. */
  from: string;
  /** The pair of `PAIRS` it draws from (0, the OFAC pair, unless it says 1, the ConList pair). */
  pair?: 0 | 1;
}

/**
 * The draws after the first, in order: each from the additions of its pair (`PAIRS[0]`, the OFAC
 * pair, unless it says otherwise) no earlier draw took, each labelled before any tagger output for it
 * was read. The third and fourth (issue 12, fourth
 * round) are TUNING sets; the fifth, drawn after that round's rules were final, is a report set.
 */
export const LATER_DRAWS: readonly LaterDraw[] = [
  {
    name: 'second',
    n: SECOND_DRAW,
    seed: SECOND_SEED,
    half: 'report',
    sampleFile: SECOND_SAMPLE_FILE,
    labelsFile: SECOND_LABELS_FILE,
    from: 'the first draw did not take',
  },
  ...(
    [
      ['third', 240, 2026113003, 'tune', 'neither earlier draw took'],
      ['fourth', 300, 2026113004, 'tune', 'no earlier draw took'],
      ['fifth', 300, 2026113005, 'report', 'no earlier draw took'],
      ['sixth', 300, 2026113006, 'report', 'no earlier draw took'],
      ['seventh', 300, 2026113007, 'tune', 'no earlier draw took'],
      ['eighth', 300, 2026113008, 'report', 'no earlier draw took'],
      ['ninth', 300, 2026113009, 'report', 'no earlier draw took'],
      ['tenth', 300, 2026113010, 'report', 'no earlier draw took'],
      ['eleventh', 300, 2026113011, 'report', 'no earlier draw took'],
      ['twelfth', 300, 2026113012, 'tune', 'no earlier draw took'],
      ['thirteenth', 300, 2026113013, 'report', 'no earlier draw took'],
      ['fourteenth', 300, 2026113014, 'tune', 'no earlier draw took'],
      ['fifteenth', 207, 2026113015, 'tune', 'no earlier draw took'],
    ] as const
  ).map(([name, n, seed, half, from]) => ({
    name,
    n,
    seed,
    half,
    sampleFile: resolve(ROOT, `test/fixtures/sectors/${name}-sample.json`),
    labelsFile: resolve(ROOT, `test/fixtures/sectors/${name}-labels.json`),
    from,
  })),
  // The ConList pair's additions the first draw did not take, all of them: the first clean measure
  // of the UK list's population (issue 12, tenth round).
  {
    name: 'sixteenth',
    n: 230,
    seed: 2026113016,
    half: 'report',
    sampleFile: resolve(ROOT, 'test/fixtures/sectors/sixteenth-sample.json'),
    labelsFile: resolve(ROOT, 'test/fixtures/sectors/sixteenth-labels.json'),
    from: 'the first draw did not take',
    pair: 1,
  },
];

/**
 * The ids of later draw `k` (0: the second draw) of `additions` (the non-individual additions of
 * its pair, `PAIRS[pair]`), and how many it was drawn from: the first draw, then each later one of
 * the same pair in turn, is taken out before the next is drawn.
 */
export function laterDrawIds(additions: readonly string[], k: number): { ids: string[]; from: number } {
  const d = LATER_DRAWS[k]!;
  const pair = pairOf(d);
  let rest = [...additions];
  const first = new Set(draw(pair.source, rest, pair.draw));
  rest = rest.filter((id) => !first.has(id));
  for (let i = 0; i < k; i++) {
    const earlier = LATER_DRAWS[i]!;
    if (pairOf(earlier) !== pair) continue;
    const taken = new Set(draw(pair.source, rest, earlier.n, earlier.seed));
    rest = rest.filter((id) => !taken.has(id));
  }
  return { ids: draw(pair.source, rest, d.n, d.seed), from: rest.length };
}

/** The pair a later draw is drawn from. */
export function pairOf(d: LaterDraw): PopulationPair {
  return PAIRS[d.pair ?? 0]!;
}

/** Seeded draw of `n` of `ids` (sorted first, so the draw does not depend on the diff's order). */
export function draw(source: string, ids: readonly string[], n: number, seed = SEED): string[] {
  const pool = [...ids].sort();
  const random = mulberry32(seededHash(seed, source));
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as string, pool[i] as string];
  }
  return pool.slice(0, n);
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
