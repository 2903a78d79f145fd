/**
 * Sector tagging's share of a whole `diff` process (issue 12's speed target: tagging ≤ 10 % of a
 * diff). The CLI bundle (`node dist/cli.mjs diff … --json`, what `npm ci` builds) runs against a copy
 * of itself whose `tagSectors` and `ownProfile` return nothing (no sector, no profile: no tagging, no
 * walk over the graph), alternately (on, off, on, off …) so that the load of this shared machine falls
 * on both alike. Wall time and user + system CPU come from `/usr/bin/time` around each process. The
 * share is (on − off) ÷ on, from the medians and from each back-to-back pair.
 *
 * `npm run bench -- sectors`; `BENCH_RUNS=n` pairs (default 10); `BENCH_WITH=1` also gives the
 * ConList of 2025-04-14 as `--with` context (the issue's measuring method for quality).
 *
 * `BENCH_WARM=k` (k ≥ 3) measures instead k diffs in each process (`bench/warm-diff.mjs`, the
 * bundle's own `diff` command run over and over, as a Lambda container reused between polls runs
 * it): the first diff of a process and the warm ones (the third on; their median per process) of
 * the two bundles, alternately, process by process.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildCli, CLI_BUNDLE, cliBundleStale } from '../scripts/build-cli';
import { loadavg, median, PROCESS_BENCH_DIR, type Sample, timed } from './process-bench';

const ROOT = resolve(import.meta.dirname, '..');
const REALDATA = resolve(ROOT, '../shared/realdata');
const RUNS = Number(process.env.BENCH_RUNS ?? 10);

/** The stubs put at the start of the tagging entry points' bodies in the copy. */
const STUBS: readonly { head: RegExp; body: string }[] = [
  { head: /function tagSectors\([^)]*\)\s*\{/g, body: 'return [];' },
  { head: /function ownProfile\([^)]*\)\s*\{/g, body: 'return { sectors: [], stated: [], bank: false };' },
];

/**
 * A copy of the bundle directory `dist` in `out` with tagging turned off. Throws unless each entry
 * point is found exactly once in the bundle (a bundle of another shape must not be measured silently).
 */
export function taggingOff(dist: string, out: string): void {
  rmSync(out, { recursive: true, force: true });
  cpSync(dist, out, { recursive: true });
  const files = [
    join(out, 'cli.mjs'),
    ...readdirSync(join(out, 'chunks')).map((f) => join(out, 'chunks', f)),
  ];
  const found = STUBS.map(() => 0);
  for (const file of files.filter((f) => f.endsWith('.mjs'))) {
    let text = readFileSync(file, 'utf8');
    let changed = false;
    STUBS.forEach((stub, i) => {
      text = text.replace(stub.head, (head) => {
        found[i]!++;
        changed = true;
        return `${head}${stub.body}`;
      });
    });
    if (changed) writeFileSync(file, text);
  }
  const missing = STUBS.flatMap((s, i) => (found[i] === 1 ? [] : [`${s.head.source}: ${found[i]}×`]));
  if (missing.length)
    throw new Error(
      `sectors-bench: the bundle's tagging entry points are not each found once (${missing.join(', ')})`,
    );
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** Per-diff wall times of one process running the bundle in `dist`'s diff `runs` times. */
function warmRuns(dist: string, runs: number, diffArgs: readonly string[]): number[] {
  const child = spawnSync(
    process.execPath,
    [join(import.meta.dirname, 'warm-diff.mjs'), dist, String(runs), ...diffArgs],
    {
      encoding: 'utf8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (child.status !== 0) throw new Error(`sectors-bench: warm-diff ${dist}: ${child.stderr.trim()}`);
  return (JSON.parse(child.stdout) as { ms: number[] }).ms;
}

/** `BENCH_WARM`: first and warm diffs of processes that run the diff `runs` times (see the module comment). */
function warm(runs: number, off: string, diffArgs: readonly string[]): void {
  const first = { on: [] as number[], off: [] as number[] };
  const later = { on: [] as number[], off: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    for (const side of ['on', 'off'] as const) {
      const ms = warmRuns(side === 'on' ? dirname(CLI_BUNDLE) : off, runs, diffArgs);
      first[side].push(ms[0]!);
      later[side].push(median(ms.slice(2)));
    }
  }
  const row = (label: string, t: { on: number[]; off: number[] }) => {
    const a = median(t.on);
    const b = median(t.off);
    return `| ${label} | ${Math.round(a)} ms | ${Math.round(b)} ms | **${pct((a - b) / a)}** |`;
  };
  console.log('');
  console.log('| diff in the process | tagging on (median) | tagging off (median) | share |');
  console.log('|---|---:|---:|---:|');
  console.log(row('first (cold code, no process start)', first));
  console.log(row(`warm (3rd–${runs}th, median per process)`, later));
}

export async function run(): Promise<void> {
  if (cliBundleStale()) await buildCli();
  mkdirSync(PROCESS_BENCH_DIR, { recursive: true });
  const off = join(PROCESS_BENCH_DIR, 'dist-tagging-off');
  taggingOff(dirname(CLI_BUNDLE), off);
  const daily = join(REALDATA, 'ofac-sdn-csv/daily');
  const args = [
    'diff',
    '--source',
    'us-ofac-sdn-csv',
    join(daily, 'sdn_2021-08-18_09-39-01Z.csv'),
    join(daily, 'sdn_2024-05-03_18-43-23Z.csv'),
    '--json',
    ...(process.env.BENCH_WITH
      ? ['--with', `gb-ofsi-conlist=${join(REALDATA, 'uk-ofsi-conlist/ConList_2025-04-14.FROM_XLSX.csv')}`]
      : []),
  ];
  const warmRunsPerProcess = Number(process.env.BENCH_WARM ?? 0);
  console.log(
    `load before: ${loadavg()}; ${RUNS} pairs${warmRunsPerProcess ? ` of processes of ${warmRunsPerProcess} diffs` : ''}; ${args.slice(0, 3).join(' ')} 2021-08-18 → 2024-05-03${process.env.BENCH_WITH ? ' --with the ConList' : ''}`,
  );
  if (warmRunsPerProcess) {
    if (!(warmRunsPerProcess >= 3)) throw new Error('sectors-bench: BENCH_WARM must be 3 or more');
    warm(warmRunsPerProcess, off, args.slice(1));
    console.log('');
    console.log(`load after: ${loadavg()}. Target: tagging ≤ 10 % of the diff.`);
    return;
  }
  const on: Sample[] = [];
  const offs: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    for (const [side, bundle] of [
      [on, CLI_BUNDLE],
      [offs, join(off, 'cli.mjs')],
    ] as const) {
      const r = timed([process.execPath, bundle, ...args]);
      if (r.status !== 0) throw new Error(`sectors-bench: ${bundle} exited ${r.status}`);
      side.push(r);
    }
  }
  const row = (label: string, key: 'wallMs' | 'cpuMs') => {
    const a = median(on.map((s) => s[key]));
    const b = median(offs.map((s) => s[key]));
    const pairs = on.map((s, i) => (s[key] - offs[i]![key]) / s[key]).sort((x, y) => x - y);
    const q = (f: number) => pairs[Math.floor(f * (pairs.length - 1))]!;
    return `| ${label} | ${Math.round(a)} ms | ${Math.round(b)} ms | **${pct((a - b) / a)}** | ${pct(median(pairs))} (${pct(q(0.25))}–${pct(q(0.75))}) |`;
  };
  console.log('');
  console.log(
    '| measure | tagging on (median) | tagging off (median) | share of medians | share per pair, median (quartiles) |',
  );
  console.log('|---|---:|---:|---:|---:|');
  console.log(row('wall', 'wallMs'));
  console.log(row('CPU (user + system)', 'cpuMs'));
  console.log('');
  console.log(`load after: ${loadavg()}. Target: tagging ≤ 10 % of the diff.`);
}
