/**
 * Entity index (issue 11 §4): build time for the latest shared publication of every list source,
 * annotation of a real batch (OFAC sdn.csv 2021-08-18 → 2024-05-03) and the writes an incremental
 * update makes (one item per snapshot put or delete of the poll, against one per entry for a rebuild).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { contentHash } from '../functions/core/canonical';
import { EntityIndex } from '../functions/core/entities/index';
import { recordOf } from '../functions/core/entities/record';
import type { Designation } from '../functions/core/model';
import { listSource } from '../functions/sources/index';

const REAL = resolve(import.meta.dirname, '../../shared/realdata');

const LATEST: [string, string][] = [
  ['gb-ofsi-conlist', 'uk-ofsi-conlist/ConList_2025-04-14.FROM_XLSX.csv'],
  ['us-ofac-sdn-csv', 'ofac-sdn-csv/daily/sdn_2024-05-03_18-43-23Z.csv'],
  ['us-ofac-consolidated', 'ofac-consolidated-xml/2022-03-24.xml'],
  ['un-sc-consolidated', 'un-consolidated/2026-02-27.xml'],
  ['eu-fsf', 'eu-fsf-xml/sanctions.REPAIRED_PREFIX.xml'],
];

function parse(source: string, path: string): Designation[] {
  return listSource(source).parse(readFileSync(join(REAL, path)), { enforceBounds: false }).entries;
}

function ms(start: number): number {
  return Math.round(performance.now() - start);
}

export async function run(): Promise<void> {
  const lists = LATEST.map(([s, p]) => ({ source: s, entries: parse(s, p) }));
  const entries = lists.flatMap((l) => l.entries);
  let t = performance.now();
  const records = entries.map(recordOf);
  const recordsMs = ms(t);
  t = performance.now();
  const index = new EntityIndex(records);
  const buildMs = ms(t);
  const bytes = records.reduce((n, r) => n + JSON.stringify(r).length, 0);
  console.log(
    `entity index: ${index.size} entries from ${lists.map((l) => `${l.source} ${l.entries.length}`).join(', ')}; ` +
      `records ${recordsMs} ms, index build ${buildMs} ms; stored records ${(bytes / 1024 / 1024).toFixed(1)} MiB`,
  );

  // The 2021 → 2024 OFAC poll: what changed, its writes, and annotating it.
  const old = parse('us-ofac-sdn-csv', 'ofac-sdn-csv/daily/sdn_2021-08-18_09-39-01Z.csv');
  const oldHash = new Map(old.map((d) => [d.id, contentHash(d)]));
  const now = lists.find((l) => l.source === 'us-ofac-sdn-csv')!.entries;
  const puts = now.filter((d) => oldHash.get(d.id) !== contentHash(d));
  const ids = new Set(now.map((d) => d.id));
  const deletes = old.filter((d) => !ids.has(d.id)).map((d) => d.id);
  t = performance.now();
  index.apply('us-ofac-sdn-csv', puts.map(recordOf), deletes);
  const applyMs = ms(t);
  t = performance.now();
  let matched = 0;
  for (const d of puts) if (index.annotate(recordOf(d)).alsoListed.length) matched++;
  const annotateMs = ms(t);
  console.log(
    `incremental update (OFAC sdn.csv 2021-08-18 → 2024-05-03): ${puts.length} puts + ${deletes.length} deletes = ` +
      `${puts.length + deletes.length} item writes (a rebuild writes ${index.size}); in-memory apply ${applyMs} ms; ` +
      `annotating the ${puts.length} changed entries ${annotateMs} ms (${matched} listed elsewhere)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
