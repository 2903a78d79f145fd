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

/** The fixed seed of the draw and of the tune/report split. Never change it: the labels depend on it. */
export const SEED = 20261129;

export interface PopulationPair {
  source: 'us-ofac-sdn-csv' | 'gb-ofsi-conlist';
  /** Paths relative to ../shared/realdata. */
  old: string;
  new: string;
  /** How many additions to draw from this pair. */
  draw: number;
  /**
   * Another list given as context (`diff --with <source>=<file>`, relative to ../shared/realdata):
   * the entity graph's `related` and `cross-list` evidence (issue 12's measuring method).
   */
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
export function cliDiff(pair: PopulationPair, withContext = false): { changes: Change[] } {
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
      ...(withContext ? ['--with', `${pair.context.source}=${resolve(REALDATA, pair.context.file)}`] : []),
    ],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 },
  );
  if (result.status !== 0) {
    throw new Error(`diff --source ${pair.source} failed (exit ${result.status}): ${result.stderr.trim()}`);
  }
  return JSON.parse(result.stdout) as { changes: Change[] };
}
