/**
 * The records of a CSV list, read with csv-parse as cheaply as it allows: no `on_record` callback
 * (for which csv-parse builds an info object per record), line numbers found only for a refusal.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { SourceError } from '../core/errors';

/** The csv-parse options the CSV lists are read with. */
export const CSV_OPTIONS = { relax_column_count: true, skip_empty_lines: true } as const;

/** The line csv-parse reports for record `k` (the line where it ends), asked only for a message. */
export interface RecordLines {
  at(k: number): number;
}

/**
 * Hands each record of `body` to `onRecord` in file order, and returns the number of records.
 * csv-parse reads the whole body first; a body it refuses (an unclosed quote…) is read again
 * record by record with a callback, so that the first fault in file order — a record's, thrown by
 * `onRecord`, or csv-parse's own — is the one reported, exactly as a reader handling each record
 * as it is read. csv-parse's errors, and any error but a `SourceError` thrown by `onRecord`, become
 * `invalid(message)`.
 */
export function eachCsvRecord(
  body: Buffer | string,
  onRecord: (cells: string[], k: number, lines: RecordLines) => void,
  invalid: (message: string) => SourceError,
): number {
  let records: string[][];
  try {
    records = parseCsv(body, CSV_OPTIONS) as string[][];
  } catch {
    return eachCsvRecordAsRead(body, onRecord, invalid);
  }
  const lines: RecordLines = { at: (k) => lineOf(body, k) };
  try {
    for (let k = 0; k < records.length; k++) {
      const cells = records[k]!;
      records[k] = HANDED; // not held past its turn
      onRecord(cells, k, lines);
    }
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw invalid((error as Error).message);
  }
  return records.length;
}

const HANDED: string[] = [];

/** The line csv-parse reports for record `k` of `body`, by reading it again up to that record. */
function lineOf(body: Buffer | string, k: number): number {
  let line = 0;
  let seen = 0;
  const found = new Error('found');
  try {
    parseCsv(body, {
      ...CSV_OPTIONS,
      on_record: (_: unknown, info: { lines: number }) => {
        if (seen++ === k) {
          line = info.lines;
          throw found;
        }
        return null;
      },
    });
  } catch (error) {
    if (error !== found) throw error;
  }
  return line;
}

/** `eachCsvRecord` handing each record over as csv-parse reads it (a body csv-parse refuses). */
function eachCsvRecordAsRead(
  body: Buffer | string,
  onRecord: (cells: string[], k: number, lines: RecordLines) => void,
  invalid: (message: string) => SourceError,
): number {
  let count = 0;
  let line = 0;
  const lines: RecordLines = { at: () => line };
  const callback = (record: string[], info: { lines: number }): null => {
    line = info.lines;
    onRecord(record, count++, lines);
    return null;
  };
  try {
    parseCsv(body, { ...CSV_OPTIONS, on_record: callback as unknown as (record: unknown) => null });
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw invalid((error as Error).message);
  }
  return count;
}
