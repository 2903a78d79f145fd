/**
 * One process that runs the CLI's `diff` command several times over (`npm run bench -- sectors`
 * with `BENCH_WARM`): what a Lambda container reused between polls does, where the second diff
 * meets code V8 has optimised already and regular expressions already compiled.
 *
 * `node bench/warm-diff.mjs <bundle dir> <runs> <diff arguments…>` (without `diff`): imports the one
 * `chunks/diff-*.mjs` (its `run`, the command), runs it `runs` times with its output counted and
 * dropped, and prints `{"ms":[…],"bytes":n}`: the wall time of each run. Exits 2 on a bundle of
 * another shape (not exactly one diff chunk, no `run`) or a run that does not exit 0.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, runsArg, ...argv] = process.argv.slice(2);
const runs = Number(runsArg);
const chunks = readdirSync(join(dist, 'chunks')).filter((f) => /^diff-[\w-]+\.mjs$/.test(f));
if (chunks.length !== 1 || !(runs > 0)) {
  console.error(`warm-diff: expected one chunks/diff-*.mjs in ${dist} (found ${chunks.length}) and runs > 0`);
  process.exit(2);
}
const { run } = await import(pathToFileURL(join(dist, 'chunks', chunks[0])).href);
if (typeof run !== 'function') {
  console.error(`warm-diff: ${chunks[0]} exports no run`);
  process.exit(2);
}
let bytes = 0;
const io = {
  out: (s) => {
    bytes += s.length;
  },
  err: () => {},
};
const ms = [];
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  const status = await run(argv, io);
  ms.push(performance.now() - start);
  if (status !== 0) {
    console.error(`warm-diff: run ${i + 1} exited ${status}`);
    process.exit(2);
  }
}
console.log(JSON.stringify({ ms, bytes }));
