#!/usr/bin/env node
/**
 * The floor any reader pays, as a whole process on plain Node (no TypeScript loader): reads each
 * file and runs it through the parsing library its source uses with no-op handlers — csv-parse with
 * the parsers' options and `on_record: () => null`, or saxes with empty handlers fed in 256 KiB
 * chunks through a fatal UTF-8 decoder. `node bench/bare-parse.mjs csv|xml <file>...`; used by
 * bench/process-bench.ts as the B side of every paired measurement, and in-process by the other
 * benchmarks (`bareCsv`, `bareXml`; types in bare-parse.d.mts).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { SaxesParser } from 'saxes';

/** csv-parse with the parsers' options; returning null from on_record drops each record. */
export function bareCsv(data) {
  parseCsv(data, { bom: true, relax_column_count: true, skip_empty_lines: true, on_record: () => null });
}

/** saxes with empty handlers, fed in 256 KiB chunks; returns the number of elements. */
export function bareXml(data) {
  let elements = 0;
  const parser = new SaxesParser({ position: true });
  parser.on('opentag', () => {
    elements++;
  });
  parser.on('text', () => {});
  parser.on('closetag', () => {});
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let at = 0; at < data.byteLength; at += 256 * 1024) {
    parser.write(decoder.decode(data.subarray(at, at + 256 * 1024), { stream: true }));
  }
  parser.write(decoder.decode());
  parser.close();
  return elements;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [kind, ...files] = process.argv.slice(2);
  if (kind !== 'csv' && kind !== 'xml') throw new Error('usage: bare-parse.mjs csv|xml <file>...');
  for (const file of files) (kind === 'csv' ? bareCsv : bareXml)(readFileSync(file));
}
