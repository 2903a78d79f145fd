/**
 * Diff benchmark (issue 2 §8): for each pair of publications, the wall time and peak RSS of
 * - a bare parse of both files with the parsing library the source uses (csv-parse or saxes, with
 *   no-op handlers): the floor any reader pays;
 * - the source's parser on both files (parse only);
 * - the full diff: read both files as the CLI does, parse both, diff.
 * Every measurement runs in a fresh child process (`measureInChild`), so peak RSS is that case's.
 *
 * Targets: full diff ≤ 2× the bare parse; peak RSS ≤ 300 MiB for the real pairs and ≤ 256 MiB for
 * the generated 29 MB sdn.xml pair.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readAndParseBoth } from '../functions/cli/diff';
import { parsePublicationFiles, readPublicationFiles } from '../functions/cli/read-publication';
import type { ListSource } from '../functions/core/source';
import { bareCsv, bareXml } from './bare-parse.mjs';
import { generateSdnXml } from './gen-sdn-xml';
import { type CaseResult, measureInChild, serveCase } from './run';

const MODULE = import.meta.filename;
const REALDATA = resolve(import.meta.dirname, '../../shared/realdata');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Pair {
  label: string;
  source: string;
  library: 'csv' | 'xml';
  old: string;
  new: string;
  rssTargetMiB: number;
}

const REAL_PAIRS: Pair[] = [
  {
    label: 'OFSI ConList 2023-06-05 → 2025-04-14 (CSV renderings)',
    source: 'gb-ofsi-conlist',
    library: 'csv',
    old: join(REALDATA, 'uk-ofsi-conlist/ConList_2023-06-05.FROM_XLSX.csv'),
    new: join(REALDATA, 'uk-ofsi-conlist/ConList_2025-04-14.FROM_XLSX.csv'),
    rssTargetMiB: 300,
  },
  {
    label: 'OFAC sdn.csv 2021-08-18 → 2024-05-03',
    source: 'us-ofac-sdn-csv',
    library: 'csv',
    old: join(REALDATA, 'ofac-sdn-csv/daily/sdn_2021-08-18_09-39-01Z.csv'),
    new: join(REALDATA, 'ofac-sdn-csv/daily/sdn_2024-05-03_18-43-23Z.csv'),
    rssTargetMiB: 300,
  },
];

async function loadSource(id: string): Promise<ListSource> {
  const m = (await import(`../functions/sources/${id}.ts`)) as ListSource;
  return { definition: m.definition, parse: m.parse, ...(m.parseEach ? { parseEach: m.parseEach } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Cases, run in the child. Files are read before the clock starts in none of them: reading is part
// of every case, so the comparison is like for like.

function bareCsvCase(files: string[]) {
  let bytes = 0;
  for (const file of files) {
    const data = readFileSync(file);
    bytes += data.byteLength;
    bareCsv(data);
  }
  return { bytes };
}

function bareXmlCase(files: string[]) {
  let elements = 0;
  for (const file of files) elements += bareXml(readFileSync(file));
  return { elements };
}

async function parseOnly([id, ...files]: string[]) {
  const source = await loadSource(id!);
  let records = 0;
  for (const file of files) {
    records += parsePublicationFiles(source, readPublicationFiles(source, file), { enforceBounds: false })
      .meta.records;
  }
  return { records };
}

/** Exactly what the `diff` command does before printing: read, parse both, diff (with sectors). */
async function fullDiff([id, oldFile, newFile]: string[]) {
  const source = await loadSource(id!);
  const { before, after, differ } = readAndParseBoth(source, oldFile!, newFile!);
  const diffStart = performance.now();
  const result = differ.finish(after);
  const diffMs = Math.round(performance.now() - diffStart);
  const material = result.changes.filter((c) => c.material).length;
  return {
    records: `${before.records} → ${after.records}`,
    changes: `+${result.summary.added} −${result.summary.removed} ~${result.summary.amended} (${material} material)`,
    diffMs,
  };
}

// ---------------------------------------------------------------------------------------------
// Orchestration, in the parent.

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

function measure(
  caseName: string,
  args: string[],
): { wallMs: number; cpuMs: number; maxRssMiB: number; facts: CaseResult['facts'] } {
  const runs = Array.from({ length: RUNS }, () => measureInChild(MODULE, caseName, args));
  return {
    wallMs: median(runs.map((r) => r.wallMs)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    maxRssMiB: Math.max(...runs.map((r) => r.maxRssMiB)),
    facts: runs[0]!.facts,
  };
}

/** Entries and changes of the generated pair: ≈ 29 MB, the size of sdn.xml in 2024. */
const GENERATED = { entries: 17_000, seed: 1, changes: 300 };

/** The generated sdn.xml-shaped pair (bench/gen-sdn-xml.ts), written once to the temp folder. */
function generatedPair(): Pair {
  const dir = join(tmpdir(), 'sanctions-notifier-bench');
  mkdirSync(dir, { recursive: true });
  const base = `sdn-${GENERATED.entries}-${GENERATED.seed}`;
  const oldFile = join(dir, `${base}.xml`);
  const newFile = join(dir, `${base}-changed-${GENERATED.changes}.xml`);
  if (!existsSync(oldFile))
    writeFileSync(oldFile, generateSdnXml({ entries: GENERATED.entries, seed: GENERATED.seed }));
  if (!existsSync(newFile)) writeFileSync(newFile, generateSdnXml(GENERATED));
  return {
    label: `generated sdn.xml, ${GENERATED.entries} entries → ${GENERATED.changes} changes`,
    source: 'us-ofac-sdn',
    library: 'xml',
    old: oldFile,
    new: newFile,
    rssTargetMiB: 256,
  };
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

export async function run(): Promise<void> {
  const pairs: Pair[] = [];
  for (const pair of REAL_PAIRS) {
    if (existsSync(pair.old) && existsSync(pair.new)) pairs.push(pair);
    else console.log(`skipped ${pair.label}: real publications not found under ${REALDATA}`);
  }
  pairs.push(generatedPair());

  console.log(
    `median of ${RUNS} runs (wall) / max of ${RUNS} runs (peak RSS), each run in a fresh process\n`,
  );
  console.log(
    '| pair | size (old + new) | bare parse | parse (parser) | full diff | of which diff | diff ÷ bare | CPU bare | CPU diff | CPU ÷ | RSS bare | RSS parse | RSS diff | RSS target | changes |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const pair of pairs) {
    const size = `${mib(statSync(pair.old).size)} + ${mib(statSync(pair.new).size)} MB`;
    const bare = measure(pair.library === 'csv' ? 'bare-csv' : 'bare-xml', [pair.old, pair.new]);
    const parsed = measure('parse', [pair.source, pair.old, pair.new]);
    const diff = measure('diff', [pair.source, pair.old, pair.new]);
    const ratio = diff.wallMs / bare.wallMs;
    const ok = (good: boolean) => (good ? '' : ' ✗');
    console.log(
      `| ${pair.label} | ${size} | ${Math.round(bare.wallMs)} ms | ${Math.round(parsed.wallMs)} ms | ${Math.round(diff.wallMs)} ms | ` +
        `${diff.facts.diffMs} ms | ${ratio.toFixed(2)}×${ok(ratio <= 2)} | ${Math.round(bare.cpuMs)} ms | ${Math.round(diff.cpuMs)} ms | ` +
        `${(diff.cpuMs / bare.cpuMs).toFixed(2)}× | ${Math.round(bare.maxRssMiB)} MiB | ` +
        `${Math.round(parsed.maxRssMiB)} MiB | ${Math.round(diff.maxRssMiB)} MiB${ok(diff.maxRssMiB <= pair.rssTargetMiB)} | ` +
        `≤ ${pair.rssTargetMiB} MiB | ${diff.facts.records}: ${diff.facts.changes} |`,
    );
  }
}

const served = await serveCase({
  'bare-csv': bareCsvCase,
  'bare-xml': bareXmlCase,
  parse: parseOnly,
  diff: fullDiff,
});
if (!served && process.argv[1] === MODULE) await run();
