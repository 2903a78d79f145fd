/**
 * `npm run bench`: runs every benchmark module in this folder (`bench/*-bench.ts`, each exporting
 * `run(): Promise<void>`), one after another, each in its own child process.
 *
 * Modules that measure peak memory should run each case in a child of its own as well
 * (`measureInChild` below) so that `process.resourceUsage().maxRSS` is that case's real peak.
 *
 * Usage: `npm run bench [-- <name-filter>]`, e.g. `npm run bench -- diff`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const BENCH_DIR = import.meta.dirname;

/** What a case reports from its child: wall time of the measured work and the child's peak RSS. */
export interface CaseResult {
  wallMs: number;
  /** CPU time (user + system) of the measured work: steadier than wall time on a shared machine. */
  cpuMs: number;
  maxRssMiB: number;
  /** Anything else the case wants to report (record counts, change counts, …). */
  facts: Record<string, number | string>;
}

const RESULT_PREFIX = 'BENCH_RESULT ';

/**
 * Runs `module`'s exported case `caseName` with `args` in a fresh Node process (tsx loader) and
 * returns what it measured. The module must call `serveCase` when loaded as a child.
 */
export function measureInChild(module: string, caseName: string, args: readonly string[]): CaseResult {
  const child = spawnSync(process.execPath, ['--import', 'tsx', module, '--bench-case', caseName, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (child.status !== 0 || !line) {
    const output = `${child.stderr ?? ''}\n${child.stdout ?? ''}`
      .split('\n')
      .filter((l) => l.trim() !== '' && !/^\s+at /.test(l));
    const why =
      output.find((l) => /error/i.test(l)) ?? output.at(-1) ?? `exit ${child.status ?? child.signal}`;
    throw new Error(`bench case ${caseName} failed: ${why}`);
  }
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as CaseResult;
}

/**
 * In a child started by `measureInChild`: runs the named case, timing it, and prints its result.
 * Returns false when this process is not a bench child (so the module can do nothing).
 */
export async function serveCase(
  cases: Record<
    string,
    (args: string[]) => Promise<Record<string, number | string>> | Record<string, number | string>
  >,
): Promise<boolean> {
  const at = process.argv.indexOf('--bench-case');
  if (at < 0) return false;
  const name = process.argv[at + 1] ?? '';
  const fn = cases[name];
  if (!fn) throw new Error(`unknown bench case ${name}`);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const facts = await fn(process.argv.slice(at + 2));
  const wallMs = performance.now() - start;
  const { user, system } = process.cpuUsage(cpu);
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  const result: CaseResult = { wallMs, cpuMs: (user + system) / 1000, maxRssMiB, facts };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
  return true;
}

async function main(): Promise<void> {
  const filter = process.argv[2];
  const modules = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('-bench.ts'))
    .filter((f) => !filter || f.includes(filter))
    .sort();
  if (modules.length === 0) {
    console.error(`no benchmark modules${filter ? ` matching "${filter}"` : ''} in ${BENCH_DIR}`);
    process.exitCode = 1;
    return;
  }
  let failed = 0;
  for (const file of modules) {
    console.log(`\n## ${basename(file, '.ts')}\n`);
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', runModuleScript(join(BENCH_DIR, file))],
      { stdio: 'inherit', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
    );
    if (child.status !== 0) {
      failed++;
      console.error(`${file}: exit ${child.status ?? child.signal}`);
    }
  }
  if (failed) process.exitCode = 1;
}

function runModuleScript(path: string): string {
  const url = JSON.stringify(pathToFileURL(path).href);
  return `const m = await import(${url}); if (typeof m.run !== 'function') throw new Error(${JSON.stringify(
    `${basename(path)} exports no run()`,
  )}); await m.run();`;
}

if (process.argv[1] && basename(process.argv[1]) === 'run.ts') {
  await main();
}
