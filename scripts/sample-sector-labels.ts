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
 *
 * `--holdout`: the fresh holdout instead (`HOLDOUT_PAIRS`: the OFAC consolidated XML pair
 * 2018-04-06 → 2022-03-24 and the UN Security Council consolidated list pair 2018-06-07 →
 * 2026-02-27, never used for tuning). ALL their non-individual additions are taken, no draw,
 * ordered by source then id, every row in the `report` half; written, with the same context and
 * likewise without the tagger's sectors, to `test/fixtures/sectors/holdout-sample.json`.
 *
 * `--second`: the second draw to `test/fixtures/sectors/second-sample.json`.
 *
 * `--third`: the third draw (a tuning set) to `test/fixtures/sectors/third-sample.json`; `--fourth` the
 * fourth (a second tuning set) to `test/fixtures/sectors/fourth-sample.json`; `--fifth` the fifth (a
 * report set for the final rules, never tuned on) to `test/fixtures/sectors/fifth-sample.json`; `--sixth` the
 * sixth (a report set for the rules of the round after, never tuned on) to
 * `test/fixtures/sectors/sixth-sample.json`; `--seventh` a tuning set and `--eighth` a report set for the
 * sixth round; `--ninth` and `--tenth` report sets for the seventh round, `--eleventh` for the eighth,
 * `--twelfth` a tuning set for the eighth; `--thirteenth` a report set and `--fourteenth` and `--fifteenth`
 * (the last 207 additions no draw took) tuning sets for the ninth; `--sixteenth` a report set of the
 * ConList pair's 230 additions the first draw did not take, for the tenth (`mainLater`).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parsePublicationFilesEach, readPublicationFiles } from '../functions/cli/read-publication';
import type { Designation } from '../functions/core/model';
import { listSource } from '../functions/sources/index';
import {
  cliDiff,
  draw,
  type Half,
  HOLDOUT_PAIRS,
  HOLDOUT_SAMPLE_FILE,
  isPopulationAddition,
  LATER_DRAWS,
  laterDrawIds,
  PAIRS,
  type PopulationPair,
  type PublicationPair,
  pairOf,
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

/** The tune/report halves of one pair's draw, by the seeded hash of `source:id`. */
export function halves(source: string, ids: readonly string[]): Map<string, Half> {
  const ordered = [...ids].sort(
    (a, b) => seededHash(SEED, `${source}:${a}`) - seededHash(SEED, `${source}:${b}`) || a.localeCompare(b),
  );
  const cut = Math.ceil(ordered.length / 2);
  return new Map(ordered.map((id, i) => [id, i < cut ? 'tune' : 'report']));
}

/** The ids of a pair's non-individual additions, as the CLI's `diff --json` reports them. */
function additionIds(pair: PublicationPair): string[] {
  return cliDiff(pair)
    .changes.filter(isPopulationAddition)
    .map((c) => c.id);
}

/**
 * The sample rows of `ids` (in that order), each with the context a labeller needs to recognise
 * the entity, read from the pair's new publication with the project's parser.
 */
function rowsOf(pair: PublicationPair, ids: readonly string[], halfOf: (id: string) => Half): SampleRow[] {
  const wanted = new Set(ids);
  const found = new Map<string, Designation>();
  const source = listSource(pair.source);
  parsePublicationFilesEach(source, readPublicationFiles(source, resolve(REALDATA, pair.new)), (d) => {
    if (wanted.has(d.id)) found.set(d.id, d);
  });
  return ids.map((id): SampleRow => {
    const d = found.get(id);
    if (!d) throw new Error(`${pair.source}: added entry ${id} not found in ${pair.new}`);
    return {
      source: pair.source,
      id,
      half: halfOf(id),
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
}

function sampleOf(pair: PopulationPair): { population: number; rows: SampleRow[] } {
  const additions = additionIds(pair);
  const drawn = draw(pair.source, additions, pair.draw);
  const half = halves(pair.source, drawn);
  return { population: additions.length, rows: rowsOf(pair, drawn, (id) => half.get(id) as Half) };
}

/** The holdout order of a pair's ids: by id, numbers as numbers. */
export function holdoutOrder(ids: readonly string[]): string[] {
  return [...ids].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** The whole population of a holdout pair, every row `report`. */
function holdoutOf(pair: PublicationPair): SampleRow[] {
  return rowsOf(pair, holdoutOrder(additionIds(pair)), () => 'report');
}

function writeSample(file: string, doc: object, sizes: string[], rows: number): void {
  writeFileSync(file, `${JSON.stringify(doc, null, 1)}\n`);
  for (const line of sizes) console.log(line);
  console.log(`wrote ${rows} rows to ${file}`);
}

function mainHoldout() {
  const rows: SampleRow[] = [];
  const sizes: string[] = [];
  for (const pair of HOLDOUT_PAIRS) {
    const r = holdoutOf(pair);
    sizes.push(`${pair.source}: all ${r.length} non-individual additions`);
    rows.push(...r);
  }
  const doc = {
    description:
      'Fresh holdout: ALL real non-individual additions (entities, vessels, aircraft) of two pairs never used for tuning, to be labelled by what each entity really is; made by scripts/sample-sector-labels.ts --holdout. Context only: the tagger output is deliberately not included.',
    pairs: HOLDOUT_PAIRS,
    sizes,
    rows,
  };
  writeSample(HOLDOUT_SAMPLE_FILE, doc, sizes, rows.length);
}

/** What each later draw's sample file says of itself (kept as the committed samples say it). */
const LATER_DESCRIPTIONS: Record<string, string> = {
  second:
    'Second draw: a random sample of the real non-individual additions of the OFAC sdn.csv pair that the first draw (world-sample.json) did not take, to be labelled by what each entity really is; made by scripts/sample-sector-labels.ts --second. Context only: the tagger output is deliberately not included.',
  third:
    'Third draw (a tuning set): a random sample of the real non-individual additions of the OFAC sdn.csv pair that neither the first (world-sample.json) nor the second draw (second-sample.json) took, to be labelled by what each entity really is; made by scripts/sample-sector-labels.ts --third. Context only: the tagger output is deliberately not included.',
  fourth:
    'Fourth draw (a second tuning set): a random sample of the real non-individual additions of the OFAC sdn.csv pair that no earlier draw (world-sample.json, second-sample.json, third-sample.json) took, to be labelled by what each entity really is; made by scripts/sample-sector-labels.ts --fourth. Context only: the tagger output is deliberately not included.',
  fifth:
    'Fifth draw (a report set, never tuned on): a random sample of the real non-individual additions of the OFAC sdn.csv pair that no earlier draw (world-sample.json, second-sample.json, third-sample.json, fourth-sample.json) took, to be labelled by what each entity really is; made by scripts/sample-sector-labels.ts --fifth. Context only: the tagger output is deliberately not included.',
  sixth:
    'Sixth draw (a report set, never tuned on): a random sample of the real non-individual additions of the OFAC sdn.csv pair that no earlier draw (world-sample.json, second-sample.json, third-sample.json, fourth-sample.json, fifth-sample.json) took, to be labelled by what each entity really is; made by scripts/sample-sector-labels.ts --sixth. Context only: the tagger output is deliberately not included.',
  seventh:
    'Seventh draw (a tuning set): a random sample of the real non-individual additions of the OFAC sdn.csv pair that no earlier draw (world-sample.json, second-sample.json, third- to sixth-sample.json) took, to be labelled by what each entity really is; made by scripts/sample-sector-labels.ts --seventh. Context only: the tagger output is deliberately not included.',
  eighth:
    'Eighth draw (a report set, never tuned on): a random sample of the real non-individual additions of the OFAC sdn.csv pair that no earlier draw (world-sample.json, second-sample.json, third- to seventh-sample.json) took, to be labelled by what each entity really is; made by scripts/sample-sector-labels.ts --eighth. Context only: the tagger output is deliberately not included.',
  tenth:
    'Tenth draw (a report set, never tuned on): a random sample of the real non-individual additions of the OFAC sdn.csv pair that no earlier draw (world-sample.json, second-sample.json, third- to ninth-sample.json) took, to be labelled by what each entity really is; made by scripts/sample-sector-labels.ts --tenth. Context only: the tagger output is deliberately not included.',
  twelfth:
    'Twelfth draw (a tuning set): a random sample of the real non-individual additions of the OFAC sdn.csv pair that no earlier draw (world-sample.json, second-sample.json, third- to eleventh-sample.json) took, to be labelled by what each entity really is; made by scripts/sample-sector-labels.ts --twelfth. Context only: the tagger output is deliberately not included.',
  eleventh:
    'Eleventh draw (a report set, never tuned on): a random sample of the real non-individual additions of the OFAC sdn.csv pair that no earlier draw (world-sample.json, second-sample.json, third- to tenth-sample.json) took, to be labelled by what each entity really is; made by scripts/sample-sector-labels.ts --eleventh. Context only: the tagger output is deliberately not included.',
  thirteenth:
    'Thirteenth draw (a report set, never tuned on): a random sample of the real non-individual additions of the OFAC sdn.csv pair that no earlier draw (world-sample.json, second-sample.json, third- to twelfth-sample.json) took, to be labelled by what each entity really is; made by scripts/sample-sector-labels.ts --thirteenth. Context only: the tagger output is deliberately not included.',
  fourteenth:
    'Fourteenth draw (a tuning set): a random sample of the real non-individual additions of the OFAC sdn.csv pair that no earlier draw (world-sample.json, second-sample.json, third- to thirteenth-sample.json) took, to be labelled by what each entity really is; made by scripts/sample-sector-labels.ts --fourteenth. Context only: the tagger output is deliberately not included.',
  fifteenth:
    'Fifteenth draw (a tuning set): the last real non-individual additions of the OFAC sdn.csv pair that no earlier draw (world-sample.json, second-sample.json, third- to fourteenth-sample.json) took, all of them, to be labelled by what each entity really is; made by scripts/sample-sector-labels.ts --fifteenth. Context only: the tagger output is deliberately not included.',
  sixteenth:
    'Sixteenth draw (a report set, never tuned on): all the real non-individual additions of the OFSI ConList pair 2023-06-05 -> 2025-04-14 that the first draw (world-sample.json) did not take, to be labelled by what each entity really is; made by scripts/sample-sector-labels.ts --sixteenth. Context only: the tagger output is deliberately not included.',
  ninth:
    'Ninth draw (a report set, never tuned on): a random sample of the real non-individual additions of the OFAC sdn.csv pair that no earlier draw (world-sample.json, second-sample.json, third- to eighth-sample.json) took, to be labelled by what each entity really is; made by scripts/sample-sector-labels.ts --ninth. Context only: the tagger output is deliberately not included.',
};

/**
 * `--second` … `--sixteenth`: later draw `k` of `LATER_DRAWS` — more non-individual
 * additions of its pair of `PAIRS` (the OFAC pair; the ConList pair for the sixteenth), drawn with its
 * seed from those no earlier draw took, every row in its half.
 */
function mainLater(k: number) {
  const pair = pairOf(LATER_DRAWS[k]!);
  const d = LATER_DRAWS[k]!;
  const { ids, from } = laterDrawIds(additionIds(pair), k);
  const rows = rowsOf(pair, ids, () => d.half);
  const sizes = [`${pair.source}: ${rows.length} drawn of the ${from} non-individual additions ${d.from}`];
  const doc = { description: LATER_DESCRIPTIONS[d.name]!, seed: d.seed, pairs: [pair], sizes, rows };
  writeSample(d.sampleFile, doc, sizes, rows.length);
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
  writeSample(SAMPLE_FILE, doc, sizes, rows.length);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--holdout')) mainHoldout();
  else {
    const k = LATER_DRAWS.findIndex((d) => process.argv.includes(`--${d.name}`));
    if (k >= 0) mainLater(k);
    else main();
  }
}
