/**
 * Builds the CLI bundle `dist/cli.mjs` with esbuild (ESM, one lazily loaded chunk per command in
 * `dist/chunks/`, dependencies bundled but for dynalite and LevelDB). `npm ci` runs it as the package's `prepare`
 * script; `npm run -s cli` and the `sanctions-notifier` bin run `node dist/cli.mjs`, so a command
 * pays neither npm's nor the TypeScript loader's start-up. `tsx bin/sanctions-notifier.ts` stays the
 * development entry. The unit and integration test tiers rebuild it when stale
 * (test/support/build-cli-setup.ts), so tests that spawn `npm run -s cli` run the current code.
 *
 * `npx tsx scripts/build-cli.ts [--if-stale]`.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
export const CLI_BUNDLE = join(ROOT, 'dist/cli.mjs');
/** Everything the bundle is built from: a file newer than the bundle makes it stale. */
const INPUTS = ['bin', 'functions', 'package.json', 'package-lock.json', 'scripts/build-cli.ts'];

function newestMtime(path: string): number {
  const s = statSync(path, { throwIfNoEntry: false });
  if (!s) return 0;
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** True when `dist/cli.mjs` is missing or older than any file it is built from. */
export function cliBundleStale(): boolean {
  const built = statSync(CLI_BUNDLE, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  return INPUTS.some((p) => newestMtime(join(ROOT, p)) > built);
}

/**
 * Builds into a fresh temp folder and swaps it in as `dist/`, so a concurrent reader never sees a
 * half-written bundle from this build (it may see the previous one, or none for an instant).
 */
export async function buildCli(): Promise<void> {
  const tmp = join(ROOT, `dist.tmp-${process.pid}-${Date.now()}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    await build({
      absWorkingDir: ROOT,
      entryPoints: { cli: 'bin/sanctions-notifier.ts' },
      outdir: tmp,
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunks/[name]-[hash]',
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Dependencies are bundled too: one ESM file per chunk loads far faster than hundreds of
      // CommonJS modules resolved and lexed one by one (the AWS SDK, undici, nodemailer). dynalite
      // loads its actions by computed paths and LevelDB is a native addon: both stay in node_modules.
      external: ['dynalite', 'classic-level'],
      mainFields: ['module', 'main'],
      // Bundled CommonJS dependencies still call require().
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
      minifyWhitespace: true,
      minifySyntax: true,
      sourcemap: 'linked',
      logLevel: 'warning',
    });
    const entry = join(tmp, 'cli.mjs');
    // The source's hashbang runs tsx; the bundle runs on plain Node.
    const text = readFileSync(entry, 'utf8').replace(/^#![^\n]*\n/, '');
    if (text.includes('#!/')) throw new Error('unexpected hashbang left in the bundle');
    writeFileSync(entry, `#!/usr/bin/env node\n${text}`, { mode: 0o755 });
    const old = join(ROOT, `dist.old-${process.pid}-${Date.now()}`);
    if (existsSync(join(ROOT, 'dist'))) renameSync(join(ROOT, 'dist'), old);
    renameSync(tmp, join(ROOT, 'dist'));
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  if (!process.argv.includes('--if-stale') || cliBundleStale()) await buildCli();
}
