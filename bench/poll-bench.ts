/**
 * Poll pipeline benchmark (issue 3): a full poll of a generated sdn.xml-shaped publication
 * (bench/gen-sdn-xml.ts, ≈ 32 MB, 17,000 entries) against a stored snapshot, next to a bare
 * streaming parse of the same file with the same library (saxes); an unchanged poll; and the
 * DynamoDB requests of a first load, an unchanged publication and publications with k changes.
 *
 * The store is the local runtime's embedded dynalite (persisted in a temp data dir, served in the
 * same process, so its CPU time counts in the poll's wall time). Each case runs in a fresh process:
 * `prepare` loads the baseline once; every poll case starts from a copy of that data dir, so the
 * peak RSS reported is the poll's alone. Requests are counted with SDK middleware.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openLocalRuntime } from '../functions/local/runtime';
import { pollSource } from '../functions/pipeline/poll';
import { listSource } from '../functions/sources/index';
import { countRequests } from '../functions/store/dynamo';
import { bareXml } from './bare-parse.mjs';
import { generateSdnXml } from './gen-sdn-xml';
import { measureInChild, serveCase } from './run';

const MODULE = import.meta.filename;
const SOURCE = 'us-ofac-sdn';
const ENTRIES = 17_000;
const SEED = 1;
const KS = [1, 30, 300];
const DIR = join(tmpdir(), 'sanctions-notifier-bench');

function generated(changes: number): string {
  mkdirSync(DIR, { recursive: true });
  const file = join(
    DIR,
    changes ? `sdn-${ENTRIES}-${SEED}-changed-${changes}.xml` : `sdn-${ENTRIES}-${SEED}.xml`,
  );
  if (!existsSync(file)) writeFileSync(file, generateSdnXml({ entries: ENTRIES, seed: SEED, changes }));
  return file;
}

type Facts = Record<string, number | string>;

function bare([file]: string[]): Facts {
  return { elements: bareXml(readFileSync(file!)) };
}

function parse([file]: string[]): Facts {
  return { records: listSource(SOURCE).parse(readFileSync(file!), { enforceBounds: false }).entries.length };
}

/** Polls `file` on the data dir `dataDir`; reports the poll's own time, CPU time and requests. */
async function poll([dataDir, file]: string[]): Promise<Facts> {
  const runtime = await openLocalRuntime({ dataDir: dataDir!, env: {} });
  try {
    const counter = countRequests(runtime.doc);
    const cpu = process.cpuUsage();
    const start = performance.now();
    const outcome = await pollSource(runtime.pollDeps(), SOURCE, { url: pathToFileURL(file!).toString() });
    const pollMs = performance.now() - start;
    const { user, system } = process.cpuUsage(cpu);
    const changes =
      outcome.kind === 'changed'
        ? outcome.batch.summary.added + outcome.batch.summary.removed + outcome.batch.summary.amended
        : 0;
    return {
      outcome: outcome.kind,
      changes,
      pollMs: Math.round(pollMs),
      cpuMs: Math.round((user + system) / 1000),
      requests: counter.total(),
      snapshotWrites: counter.counts.BatchWriteItem ?? 0,
      byOperation: Object.entries(counter.counts)
        .sort()
        .map(([op, n]) => `${op} ${n}`)
        .join(', '),
    };
  } finally {
    await runtime.close();
  }
}

export async function run(): Promise<void> {
  const base = generated(0);
  const changed = Object.fromEntries(KS.map((k) => [k, generated(k)]));
  const prepared = join(DIR, 'poll-bench-baseline');
  rmSync(prepared, { recursive: true, force: true });
  const first = measureInChild(MODULE, 'poll', [prepared, base]);
  const fresh = () => {
    const dir = join(DIR, `poll-bench-${process.pid}-${Math.random().toString(36).slice(2)}`);
    cpSync(prepared, dir, { recursive: true });
    return dir;
  };
  const runs = 3;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const repeat = (caseName: string, args: () => string[]) =>
    Array.from({ length: runs }, () => {
      const a = args();
      const r = measureInChild(MODULE, caseName, a);
      if (a[0]?.startsWith(join(DIR, 'poll-bench-'))) rmSync(a[0], { recursive: true, force: true });
      return r;
    });

  const bareRuns = repeat('bare', () => [changed[300]!]);
  const parseRuns = repeat('parse', () => [changed[300]!]);
  const full = repeat('poll', () => [fresh(), changed[300]!]);
  const unchanged = repeat('poll', () => [fresh(), base]);
  const ks = KS.map((k) => {
    const dir = fresh();
    const r = measureInChild(MODULE, 'poll', [dir, changed[k]!]);
    rmSync(dir, { recursive: true, force: true });
    return { k, r };
  });

  const bareMs = median(bareRuns.map((r) => r.wallMs));
  const fullMs = median(full.map((r) => Number(r.facts.pollMs)));
  const rss = Math.max(...full.map((r) => r.maxRssMiB));
  console.log(
    `generated sdn.xml, ${ENTRIES} entries (${(readFileSync(base).length / 1048576).toFixed(1)} MiB); embedded dynalite; median of ${runs} runs, each in a fresh process\n`,
  );
  console.log(
    '| case | wall | CPU | peak RSS | DynamoDB requests | snapshot writes (BatchWriteItem) | outcome |',
  );
  console.log('|---|---|---|---|---|---|---|');
  console.log(
    `| bare streaming parse (saxes) | ${Math.round(bareMs)} ms | | ${Math.round(Math.max(...bareRuns.map((r) => r.maxRssMiB)))} MiB | | | |`,
  );
  console.log(
    `| parser (us-ofac-sdn) | ${Math.round(median(parseRuns.map((r) => r.wallMs)))} ms | | ${Math.round(Math.max(...parseRuns.map((r) => r.maxRssMiB)))} MiB | | | ${parseRuns[0]!.facts.records} records |`,
  );
  const row = (label: string, r: (typeof full)[number], wall?: number) =>
    console.log(
      `| ${label} | ${wall ?? r.facts.pollMs} ms | ${r.facts.cpuMs} ms | ${Math.round(r.maxRssMiB)} MiB | ${r.facts.requests} (${r.facts.byOperation}) | ${r.facts.snapshotWrites} | ${r.facts.outcome}, ${r.facts.changes} changes |`,
    );
  row('first load (baseline)', first);
  row('full poll, 300 changes', full[0]!, fullMs);
  row('unchanged publication', unchanged[0]!, median(unchanged.map((r) => Number(r.facts.pollMs))));
  for (const { k, r } of ks) row(`k = ${k} changes`, r);
  const parserMs = median(parseRuns.map((r) => r.wallMs));
  console.log(
    `\nfull poll ÷ parser alone: ${(fullMs / parserMs).toFixed(2)}× (what the pipeline adds to the source's own parse)`,
  );
  console.log(
    `full poll ÷ bare parse: ${(fullMs / bareMs).toFixed(2)}× (target ≤ 1.5×)${fullMs / bareMs <= 1.5 ? '' : ' ✗'}; ` +
      `peak RSS ${Math.round(rss)} MiB (target ≤ 256 MiB)${rss <= 256 ? '' : ' ✗'}; ` +
      `unchanged poll: ${unchanged[0]!.facts.snapshotWrites} snapshot writes, CPU ${median(unchanged.map((r) => Number(r.facts.cpuMs)))} ms`,
  );
}

const served = await serveCase({ bare, parse, poll });
if (!served && process.argv[1] === MODULE) await run();
