#!/usr/bin/env node
/**
 * The floor any reader pays, as a whole process on plain Node (no TypeScript loader): reads each
 * file and runs it through the parsing library its source uses with no-op handlers — csv-parse with
 * the parsers' options and `on_record: () => null`, or saxes with empty handlers fed in 256 KiB
 * chunks through a fatal UTF-8 decoder. `node bench/bare-parse.mjs csv|xml <file>...`; used by
 * bench/process-bench.ts as the B side of every paired measurement.
 */
import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { SaxesParser } from 'saxes';

const [kind, ...files] = process.argv.slice(2);
let count = 0;
for (const file of files) {
  const data = readFileSync(file);
  if (kind === 'csv') {
    parseCsv(data, { bom: true, relax_column_count: true, skip_empty_lines: true, on_record: () => null });
  } else if (kind === 'xml') {
    const parser = new SaxesParser({ position: true });
    parser.on('opentag', () => {
      count++;
    });
    parser.on('text', () => {});
    parser.on('closetag', () => {});
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (let at = 0; at < data.byteLength; at += 256 * 1024) {
      parser.write(decoder.decode(data.subarray(at, at + 256 * 1024), { stream: true }));
    }
    parser.write(decoder.decode());
    parser.close();
  } else {
    throw new Error('usage: bare-parse.mjs csv|xml <file>...');
  }
}
process.stdout.write(`${count}\n`);
