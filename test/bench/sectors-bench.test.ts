import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { taggingOff } from '../../bench/sectors-bench';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A bundle directory shaped like dist/: cli.mjs and chunks/, with `chunk` as its one chunk. */
function bundle(chunk: string): string {
  const dist = mkdtempSync(join(tmpdir(), 'sectors-bench-'));
  dirs.push(dist);
  mkdirSync(join(dist, 'chunks'));
  writeFileSync(join(dist, 'cli.mjs'), "import './chunks/chunk-A.mjs';\n");
  writeFileSync(join(dist, 'chunks', 'chunk-A.mjs'), chunk);
  return dist;
}

describe('the sector share bench: a copy of the bundle with tagging off', () => {
  it('stubs both tagging entry points in the copy and leaves the bundle itself as it was', () => {
    // given a bundle with the two entry points
    const chunk =
      'function tagSectors(d,linked,options={}){return work(d);}\nfunction ownProfile(d,options={}){return p(d);}\n';
    const dist = bundle(chunk);
    const off = join(dist, '..', `${dist.split('/').at(-1)}-off`);
    dirs.push(off);
    // when
    taggingOff(dist, off);
    // then
    const copied = readFileSync(join(off, 'chunks', 'chunk-A.mjs'), 'utf8');
    expect(copied).toContain('function tagSectors(d,linked,options={}){return [];return work(d);}');
    expect(copied).toContain(
      'function ownProfile(d,options={}){return { sectors: [], stated: [], bank: false };',
    );
    expect(readFileSync(join(dist, 'chunks', 'chunk-A.mjs'), 'utf8')).toBe(chunk);
  });

  it('refuses a bundle where an entry point is missing or found twice, naming it', () => {
    // given bundles of another shape
    const renamed = bundle('function tagSectorsV2(d){}\nfunction ownProfile(d){}\n');
    const twice = bundle('function tagSectors(d){}\nfunction tagSectors(e){}\nfunction ownProfile(d){}\n');
    // when / then: nothing is measured silently
    expect(() => taggingOff(renamed, `${renamed}-off`)).toThrow(/tagSectors.*: 0×/);
    expect(() => taggingOff(twice, `${twice}-off`)).toThrow(/tagSectors.*: 2×/);
    dirs.push(`${renamed}-off`, `${twice}-off`);
  });
});

describe('the warm diff driver: one process running the bundle diff over and over', () => {
  const driver = join(import.meta.dirname, '../../bench/warm-diff.mjs');
  const runDriver = (dist: string, runs: number) =>
    spawnSync(process.execPath, [driver, dist, String(runs), '--source', 'x'], { encoding: 'utf8' });

  it('runs the diff chunk the given number of times and prints each run wall time', () => {
    // given a bundle whose diff command counts its runs and writes its arguments
    const dist = bundle('');
    writeFileSync(
      join(dist, 'chunks', 'diff-ABC123.mjs'),
      'let n = 0;\nexport async function run(argv, io) { n++; io.out(n + " " + argv.join(" ")); return 0; }\n',
    );
    // when it is driven three times
    const child = runDriver(dist, 3);
    // then three times are printed, with the output it dropped counted
    expect(child.status).toBe(0);
    const printed = JSON.parse(child.stdout) as { ms: number[]; bytes: number };
    expect(printed.ms).toHaveLength(3);
    expect(printed.bytes).toBe('1 --source x'.length * 3);
  });

  it('refuses a bundle without exactly one diff chunk, and a run that fails', () => {
    // given a bundle with no diff chunk, and one whose diff exits 1
    const none = bundle('');
    const failing = bundle('');
    writeFileSync(join(failing, 'chunks', 'diff-X.mjs'), 'export async function run() { return 1; }\n');
    // when / then
    expect(runDriver(none, 2).status).toBe(2);
    expect(runDriver(none, 2).stderr).toMatch(/expected one chunks\/diff-\*\.mjs/);
    expect(runDriver(failing, 2).status).toBe(2);
    expect(runDriver(failing, 2).stderr).toMatch(/run 1 exited 1/);
  });
});
