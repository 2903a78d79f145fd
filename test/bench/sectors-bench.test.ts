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
