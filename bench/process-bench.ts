/**
 * Whole processes, as a user and a Lambda pay for them (issue 14): each case runs our command
 * (`node dist/cli.mjs …`, the bundle `npm ci` builds) and, paired with it in the same run, the bare
 * parse of the same files (`node bench/bare-parse.mjs`, the same parsing library with no-op
 * handlers). The two sides alternate run by run (A B A B …) so that the load of this shared machine
 * falls on both alike; each side's figures are the median of its runs (peak RSS: the maximum).
 * Wall time, user + system CPU and peak RSS come from `/usr/bin/time` around each process; poll
 * cases start each run from a fresh copy of a prepared data dir (the copy is not timed).
 *
 * `npm run bench -- process`; `BENCH_RUNS=n` runs per side (default 5). Prints the issue's table
 * with ratios and targets, and the load average before and after.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { buildCli, CLI_BUNDLE, cliBundleStale } from '../scripts/build-cli';
import { generateSdnXml } from './gen-sdn-xml';

const ROOT = resolve(import.meta.dirname, '..');
const REALDATA = resolve(ROOT, '../shared/realdata');
/** Where whole-process benches keep their scratch files (`timed` writes `/usr/bin/time`'s output here). */
export const PROCESS_BENCH_DIR = join(tmpdir(), 'sanctions-notifier-process-bench');
const DIR = PROCESS_BENCH_DIR;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BARE = join(ROOT, 'bench/bare-parse.mjs');
const ENV = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

export interface Sample {
  wallMs: number;
  cpuMs: number;
  rssMiB: number;
}

/** One process under `/usr/bin/time`; `prepare` runs before it, untimed (e.g. a fresh data dir). */
export function timed(
  argv: readonly string[],
  prepare?: () => void,
): Sample & { stdout: string; status: number } {
  prepare?.();
  const out = join(DIR, `time-${process.pid}.txt`);
  const start = performance.now();
  const child = spawnSync('/usr/bin/time', ['-f', '%U %S %M', '-o', out, ...argv], {
    encoding: 'utf8',
    env: ENV,
    cwd: ROOT,
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallMs = performance.now() - start;
  const [user, system, rssKiB] = readFileSync(out, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  return {
    wallMs,
    cpuMs: (user! + system!) * 1000,
    rssMiB: rssKiB! / 1024,
    stdout: child.stdout,
    status: child.status ?? -1,
  };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

function summary(samples: Sample[]): Sample {
  return {
    wallMs: median(samples.map((s) => s.wallMs)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    rssMiB: Math.max(...samples.map((s) => s.rssMiB)),
  };
}

interface Case {
  label: string;
  ours: readonly string[];
  bare: readonly string[];
  /** Runs before each of our runs, untimed. */
  prepare?: () => void;
  /** Ratio target (ours ÷ bare), or an absolute wall target in ms for start-up cases. */
  target: { ratio: number } | { wallMs: number };
  /** Peak RSS target of our side, MiB. */
  rssTarget?: number;
  expect?: RegExp;
  runs?: number;
}

/** Runs A and B alternately, `runs` times each. */
function paired(c: Case): { ours: Sample; bare: Sample; stdout: string } {
  const ours: Sample[] = [];
  const bare: Sample[] = [];
  let stdout = '';
  for (let i = 0; i < (c.runs ?? RUNS); i++) {
    const a = timed(c.ours, c.prepare);
    if (a.status !== 0 && !c.expect) throw new Error(`${c.label}: exit ${a.status}\n${a.stdout}`);
    if (c.expect && !c.expect.test(a.stdout)) throw new Error(`${c.label}: unexpected output\n${a.stdout}`);
    stdout = a.stdout;
    ours.push(a);
    bare.push(timed(c.bare));
  }
  return { ours: summary(ours), bare: summary(bare), stdout };
}

const cli = (...args: string[]) => [process.execPath, CLI_BUNDLE, ...args];
const bareParse = (kind: 'csv' | 'xml', ...files: string[]) => [process.execPath, BARE, kind, ...files];

/** A data dir prepared once by running `args` (e.g. a first poll), copied fresh for each run. */
function preparedDir(name: string, ...args: string[]): { dir: string; fresh: () => void } {
  const template = join(DIR, `${name}-template`);
  const dir = join(DIR, name);
  rmSync(template, { recursive: true, force: true });
  const r = spawnSync(process.execPath, cli(...args, '--data-dir', template).slice(1), {
    env: ENV,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`preparing ${name} failed: ${r.stderr}${r.stdout}`);
  return {
    dir,
    fresh: () => {
      rmSync(dir, { recursive: true, force: true });
      cpSync(template, dir, { recursive: true });
    },
  };
}

function generated(entries: number, changes = 0): string {
  const file = join(DIR, `sdn-${entries}-1${changes ? `-changed-${changes}` : ''}.xml`);
  if (!existsSync(file)) writeFileSync(file, generateSdnXml({ entries, seed: 1, changes }));
  return file;
}

/** ConList 2025-04 without the rows of 30 groups (spread over the file): the "+30" store. */
function conListLess30(full: string): string {
  const file = join(DIR, 'ConList_2025-04-14.less-30-groups.csv');
  if (existsSync(file)) return file;
  const text = readFileSync(full, 'utf8');
  const records = parseCsv(text, { relax_column_count: true, raw: true, from_line: 3 }) as unknown as {
    record: string[];
    raw: string;
  }[];
  const lines = text.split('\n');
  const head = `${lines[0]}\n${lines[1]}\n`;
  const groups = [...new Set(records.map((r) => r.record.at(-1)!))];
  const dropped = new Set(groups.filter((_, i) => i % Math.floor(groups.length / 30) === 0).slice(0, 30));
  // `raw` ends with the CR of the CRLF that ends the row (the LF is the delimiter it split on).
  const kept = records.filter((r) => !dropped.has(r.record.at(-1)!)).map((r) => r.raw.replace(/\r?\n?$/, ''));
  writeFileSync(file, `${head}${kept.join('\r\n')}\r\n`);
  return file;
}

export const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);

export async function run(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  if (cliBundleStale()) await buildCli();
  const real = (...p: string[]) => join(REALDATA, ...p);
  const haveReal = existsSync(real('uk-ofsi-conlist/ConList_2025-04-14.FROM_XLSX.csv'));
  const ofacOld = real('ofac-sdn-csv/daily/sdn_2021-08-18_09-39-01Z.csv');
  const ofacNew = real('ofac-sdn-csv/daily/sdn_2024-05-03_18-43-23Z.csv');
  const conOld = real('uk-ofsi-conlist/ConList_2023-06-05.FROM_XLSX.csv');
  const conNew = real('uk-ofsi-conlist/ConList_2025-04-14.FROM_XLSX.csv');
  const sdn = generated(17_000);
  const sdnChanged = generated(17_000, 300);
  const url = (f: string) => pathToFileURL(f).href;
  const poll = (source: string, file: string, dir: string) =>
    cli('poll', '--source', source, '--url', url(file), '--data-dir', dir);

  const sdnBase = preparedDir('sdn-base', 'poll', '--source', 'us-ofac-sdn', '--url', url(sdn));
  const empty = {
    dir: join(DIR, 'empty'),
    fresh: () => rmSync(join(DIR, 'empty'), { recursive: true, force: true }),
  };
  const cases: Case[] = [
    {
      label: '`node dist/cli.mjs --help` (B: `node -e 0`)',
      ours: cli('--help'),
      bare: [process.execPath, '-e', '0'],
      target: { wallMs: 150 },
    },
    {
      label: '`npm run -s cli -- --help` (B: `node -e 0`)',
      ours: ['npm', 'run', '-s', 'cli', '--', '--help'],
      bare: [process.execPath, '-e', '0'],
      target: { wallMs: 150 },
      runs: Math.min(RUNS, 3),
    },
  ];
  if (haveReal) {
    cases.push(
      {
        label: '`diff` OFAC sdn.csv 2021-08-18 → 2024-05-03 (B: csv-parse of both)',
        ours: cli('diff', '--source', 'us-ofac-sdn-csv', ofacOld, ofacNew),
        bare: bareParse('csv', ofacOld, ofacNew),
        target: { ratio: 2.5 },
      },
      {
        label: '`diff` ConList 2023-06 → 2025-04 (B: csv-parse of both)',
        ours: cli('diff', '--source', 'gb-ofsi-conlist', conOld, conNew),
        bare: bareParse('csv', conOld, conNew),
        target: { ratio: 1.3 },
      },
    );
  }
  cases.push(
    {
      label: '`diff` generated sdn.xml pair, 17k entries, 300 changes (B: saxes of both)',
      ours: cli('diff', '--source', 'us-ofac-sdn', sdn, sdnChanged),
      bare: bareParse('xml', sdn, sdnChanged),
      target: { ratio: 2 },
    },
    {
      label: '`poll` of that changed list (B: saxes of one file)',
      ours: poll('us-ofac-sdn', sdnChanged, sdnBase.dir),
      prepare: sdnBase.fresh,
      bare: bareParse('xml', sdnChanged),
      target: { ratio: 3 },
      rssTarget: 200,
      expect: /changed: 100 added, 100 removed, 100 amended/,
    },
    {
      label: 'first load of that list into an empty store (B: saxes of one file)',
      ours: poll('us-ofac-sdn', sdn, empty.dir),
      prepare: empty.fresh,
      bare: bareParse('xml', sdn),
      target: { ratio: 5 },
      expect: /baseline stored, 17000 records/,
    },
  );
  if (haveReal) {
    const less30 = conListLess30(conNew);
    const conBase = preparedDir(
      'conlist-less30',
      'poll',
      '--source',
      'gb-ofsi-conlist',
      '--url',
      url(less30),
    );
    const conFull = preparedDir('conlist-full', 'poll', '--source', 'gb-ofsi-conlist', '--url', url(conNew));
    cases.push(
      {
        label: '`poll` ConList 2025-04 into a store of it less 30 groups (B: csv-parse of the file)',
        ours: poll('gb-ofsi-conlist', conNew, conBase.dir),
        prepare: conBase.fresh,
        bare: bareParse('csv', conNew),
        target: { ratio: 2 },
        expect: /gb-ofsi-conlist: changed: 30 added, 0 removed/,
      },
      {
        label: 'the same ConList file polled again, unchanged (B: csv-parse of the file)',
        ours: poll('gb-ofsi-conlist', conNew, conFull.dir),
        prepare: conFull.fresh,
        bare: bareParse('csv', conNew),
        target: { ratio: 0.5 },
        expect: /unchanged/,
      },
    );
  }
  cases.push({
    label: '`poll` of the same sdn.xml again, unchanged (B: saxes of the file)',
    ours: poll('us-ofac-sdn', sdn, sdnBase.dir),
    prepare: sdnBase.fresh,
    bare: bareParse('xml', sdn),
    target: { ratio: 0.5 },
    expect: /unchanged/,
  });

  const before = loadavg();
  console.log(
    `Node ${process.version}, ${RUNS} runs per side (A and B alternating), medians; peak RSS = max. Load average before: ${before}\n`,
  );
  console.log(
    '| case | ours wall | bare wall | wall ÷ | ours CPU | bare CPU | CPU ÷ | target | ours peak RSS |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const c of cases) {
    const { ours, bare } = paired(c);
    const wallRatio = ours.wallMs / bare.wallMs;
    const cpuRatio = ours.cpuMs / bare.cpuMs;
    let target: string;
    if ('ratio' in c.target) {
      const met = wallRatio <= c.target.ratio || cpuRatio <= c.target.ratio;
      target = `≤ ${c.target.ratio}× ${met ? '✓' : '✗'}`;
    } else target = `≤ ${c.target.wallMs} ms ${ours.wallMs <= c.target.wallMs ? '✓' : '✗'}`;
    const rss = `${Math.round(ours.rssMiB)} MiB${c.rssTarget ? ` (≤ ${c.rssTarget} ${ours.rssMiB <= c.rssTarget ? '✓' : '✗'})` : ''}`;
    console.log(
      `| ${c.label} | ${fmtMs(ours.wallMs)} | ${fmtMs(bare.wallMs)} | ${wallRatio.toFixed(2)}× | ` +
        `${fmtMs(ours.cpuMs)} | ${fmtMs(bare.cpuMs)} | ${cpuRatio.toFixed(2)}× | ${target} | ${rss} |`,
    );
  }
  // The large-list memory rows: one run each (a ~150 MB pair takes tens of seconds).
  if (process.env.BENCH_LARGE !== '0') {
    const bigOld = generated(75_000);
    const bigNew = generated(75_000, 300);
    const big = timed(cli('diff', '--source', 'us-ofac-sdn', bigOld, bigNew, '--json'));
    const mb = (f: string) => `${(statSync(f).size / 1e6).toFixed(0)} MB`;
    console.log(
      `| \`diff\` of a 75k-entry generated sdn.xml pair (${mb(bigOld)} each, the largest under the 150 MiB cap), one run | ` +
        `${fmtMs(big.wallMs)} | | | ${fmtMs(big.cpuMs)} | | | RSS ≤ 512 MiB ${big.rssMiB <= 512 ? '✓' : '✗'} | ${Math.round(big.rssMiB)} MiB |`,
    );
    const over = generated(100_000);
    const refused = timed(cli('diff', '--source', 'us-ofac-sdn', over, over));
    console.log(
      `| \`diff\` of a 100k-entry file (${mb(over)}, above the cap): refused from its size, one run | ` +
        `${fmtMs(refused.wallMs)} | | | ${fmtMs(refused.cpuMs)} | | | refused before buffering | ${Math.round(refused.rssMiB)} MiB |`,
    );
  }
  console.log(`\nLoad average after: ${loadavg()}`);
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) await run();
