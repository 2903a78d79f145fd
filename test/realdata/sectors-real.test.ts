import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Sector } from '../../functions/core/changes';
import type { Designation } from '../../functions/core/model';
import { tagSectors } from '../../functions/core/sectors';
import type { ListSource } from '../../functions/core/source';
import { HAVE_REALDATA, REALDATA_SKIP_MESSAGE, readReal } from '../support/realdata';

interface Labelled {
  source: string;
  file: string;
  id: string;
  name: string;
  entityType: 'entity' | 'vessel';
  sectors: Sector[];
  note?: string;
}

const LABELLED: Labelled[] = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/sectors/labelled.json'), 'utf8'),
).entries;

/**
 * The registered parsers (`listSource(id)` from functions/sources/index.ts). They land in parallel:
 * while index.ts cannot load yet, each source module is loaded on its own, and a source whose module
 * is missing is skipped with a message.
 */
async function loadParser(id: string): Promise<ListSource | string> {
  try {
    const index = await import('../../functions/sources/index');
    return index.listSource(id);
  } catch (indexError) {
    try {
      const mod = (await import(`../../functions/sources/${id}.ts`)) as Pick<
        ListSource,
        'definition' | 'parse'
      >;
      return { definition: mod.definition, parse: mod.parse };
    } catch {
      return `parser ${id} not available yet (${(indexError as Error).message.split('\n')[0]})`;
    }
  }
}

const PARSERS = new Map<string, ListSource | string>();
if (HAVE_REALDATA) {
  for (const source of new Set(LABELLED.map((l) => l.source))) PARSERS.set(source, await loadParser(source));
}
const AVAILABLE = [...PARSERS.values()].some((p) => typeof p !== 'string');

/** Parses each labelled file once; a file whose parser is missing or fails is reported, not hidden. */
function parseLabelledFiles(): { entries: Map<string, Designation>; skipped: string[] } {
  const entries = new Map<string, Designation>();
  const skipped: string[] = [];
  const files = new Map<string, string>();
  for (const l of LABELLED) files.set(`${l.source}|${l.file}`, l.source);
  for (const [key, source] of files) {
    const file = key.slice(source.length + 1);
    const parser = PARSERS.get(source);
    if (typeof parser !== 'object') {
      skipped.push(`${source} ${file}: ${parser ?? 'no parser'}`);
      continue;
    }
    let parsed: Designation[];
    try {
      parsed = parser.parse(new Uint8Array(readReal(file)), { enforceBounds: false }).entries;
    } catch (error) {
      skipped.push(`${source} ${file}: ${(error as Error).message}`);
      continue;
    }
    for (const d of parsed) entries.set(`${source}|${file}|${d.id}`, d);
  }
  return { entries, skipped };
}

if (!HAVE_REALDATA) console.warn(`sectors-real skipped: ${REALDATA_SKIP_MESSAGE}`);
else if (!AVAILABLE)
  console.warn(`sectors-real skipped: no parser available: ${[...PARSERS.values()].join('; ')}`);

describe.skipIf(!AVAILABLE)('sector tagging on a hand-labelled sample of real designations', () => {
  it('reaches precision ≥ 0.95 and recall ≥ 0.90 on entities and vessels', () => {
    // given: the labelled sample and the real publications parsed by the registered parsers
    const { entries, skipped } = parseLabelledFiles();
    for (const s of skipped) console.warn(`sectors-real: file skipped: ${s}`);

    // when: each labelled entry is tagged from its own fields
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let evaluated = 0;
    const misses: string[] = [];
    for (const l of LABELLED) {
      const d = entries.get(`${l.source}|${l.file}|${l.id}`);
      if (!d) {
        if (!skipped.some((s) => s.startsWith(`${l.source} ${l.file}:`))) {
          misses.push(`${l.source} ${l.id} ${l.name}: not found in ${l.file}`);
        }
        continue;
      }
      expect(d.name).toBe(l.name);
      evaluated++;
      const got = new Set(tagSectors(d).map((t) => t.sector));
      const want = new Set(l.sectors);
      for (const s of got) if (want.has(s)) tp++;
      const extra = [...got].filter((s) => !want.has(s));
      const missing = [...want].filter((s) => !got.has(s));
      fp += extra.length;
      fn += missing.length;
      if (extra.length || missing.length) {
        misses.push(
          `${l.source} ${l.id} ${l.name}: extra [${extra.join(', ')}] missing [${missing.join(', ')}]`,
        );
      }
    }
    const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
    console.info(
      `sectors-real: ${evaluated}/${LABELLED.length} labelled entries evaluated; tp ${tp} fp ${fp} fn ${fn}; ` +
        `precision ${precision.toFixed(3)} recall ${recall.toFixed(3)}\n  ${misses.join('\n  ')}`,
    );

    // then: every labelled entry was found and the quality targets are met
    expect(misses.filter((m) => m.includes('not found'))).toEqual([]);
    expect(evaluated).toBeGreaterThan(0);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});
