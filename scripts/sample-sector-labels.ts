/**
 * `npx tsx scripts/sample-sector-labels.ts`: draws the sample of real designations that the
 * world-knowledge sector labels (`test/fixtures/sectors/world-labels.json`) are given for.
 *
 * Population: the non-individual ADDITIONS (entities, vessels, aircraft) that the project's own
 * `diff --json` (the CLI, run as a child process) reports for each pair in `PAIRS`: the OFAC
 * `sdn.csv` pair 2021-08-18 → 2024-05-03 and the OFSI ConList pair 2023-06-05 → 2025-04-14.
 *
 * Draw (deterministic): per pair, the additions sorted by id are shuffled by Fisher–Yates with
 * mulberry32 seeded by `seededHash(SEED, source)`, and the first `draw` are taken (200 OFAC, 120
 * UK). Each pair's draw is then ordered by `seededHash(SEED, "source:id")` and cut in two: the
 * first half is `tune`, the second `report`.
 *
 * The sample keeps what a labeller needs to recognise the entity (name, aliases, entity type,
 * regimes, countries, remarks / other information, statement of reasons, publisher facts) read
 * from the new publication with the project's parser. The tagger's sectors are NOT written: the
 * labels must be given without seeing them.
 *
 * Writes `test/fixtures/sectors/world-sample.json`; prints the population and draw sizes.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parsePublicationFilesEach, readPublicationFiles } from '../functions/cli/read-publication';
import type { Designation } from '../functions/core/model';
import { listSource } from '../functions/sources/index';
import {
  cliDiff,
  type Half,
  isPopulationAddition,
  mulberry32,
  PAIRS,
  type PopulationPair,
  REALDATA,
  SAMPLE_FILE,
  SEED,
  seededHash,
} from './sector-labels-lib';

const MAX_TEXT = 1200;

export interface SampleRow {
  source: string;
  id: string;
  half: Half;
  name: string;
  entityType: string;
  aliases: string[];
  regimes: string[];
  countries: string[];
  remarks?: string;
  reasons?: string;
  attributes: Record<string, string[]>;
}

function clip(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= MAX_TEXT ? flat : `${flat.slice(0, MAX_TEXT - 1)}…`;
}

/** Seeded draw of `n` of `ids` (sorted first, so the draw does not depend on the diff's order). */
export function draw(source: string, ids: readonly string[], n: number): string[] {
  const pool = [...ids].sort();
  const random = mulberry32(seededHash(SEED, source));
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as string, pool[i] as string];
  }
  return pool.slice(0, n);
}

/** The tune/report halves of one pair's draw, by the seeded hash of `source:id`. */
export function halves(source: string, ids: readonly string[]): Map<string, Half> {
  const ordered = [...ids].sort(
    (a, b) => seededHash(SEED, `${source}:${a}`) - seededHash(SEED, `${source}:${b}`) || a.localeCompare(b),
  );
  const cut = Math.ceil(ordered.length / 2);
  return new Map(ordered.map((id, i) => [id, i < cut ? 'tune' : 'report']));
}

function sampleOf(pair: PopulationPair): { population: number; rows: SampleRow[] } {
  const additions = cliDiff(pair).changes.filter(isPopulationAddition);
  const drawn = draw(
    pair.source,
    additions.map((c) => c.id),
    pair.draw,
  );
  const half = halves(pair.source, drawn);
  const wanted = new Set(drawn);
  const found = new Map<string, Designation>();
  const source = listSource(pair.source);
  parsePublicationFilesEach(source, readPublicationFiles(source, resolve(REALDATA, pair.new)), (d) => {
    if (wanted.has(d.id)) found.set(d.id, d);
  });
  const rows = drawn.map((id): SampleRow => {
    const d = found.get(id);
    if (!d) throw new Error(`${pair.source}: added entry ${id} not found in ${pair.new}`);
    return {
      source: pair.source,
      id,
      half: half.get(id) as Half,
      name: d.name,
      entityType: d.entityType,
      aliases: d.aliases.map((a) => a.name),
      regimes: d.regimes,
      countries: [...new Set([...d.countries, ...d.addresses.map((a) => a.country ?? '').filter(Boolean)])],
      ...(d.remarks ? { remarks: clip(d.remarks) } : {}),
      ...(d.reasons ? { reasons: clip(d.reasons) } : {}),
      attributes: d.attributes,
    };
  });
  return { population: additions.length, rows };
}

function main() {
  const rows: SampleRow[] = [];
  const sizes: string[] = [];
  for (const pair of PAIRS) {
    const s = sampleOf(pair);
    sizes.push(`${pair.source}: ${s.rows.length} drawn of ${s.population} non-individual additions`);
    rows.push(...s.rows);
  }
  const doc = {
    description:
      'Random sample of real non-individual additions (entities, vessels, aircraft) to be labelled by what each entity really is; made by scripts/sample-sector-labels.ts. Context only: the tagger output is deliberately not included.',
    seed: SEED,
    pairs: PAIRS,
    sizes,
    rows,
  };
  writeFileSync(SAMPLE_FILE, `${JSON.stringify(doc, null, 1)}\n`);
  for (const line of sizes) console.log(line);
  console.log(`wrote ${rows.length} rows to ${SAMPLE_FILE}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
