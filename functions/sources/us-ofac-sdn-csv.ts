import { SourceError } from '../core/errors';
import {
  type Designation,
  type EntityType,
  emptyDesignation,
  type NameType,
  type Publication,
  type PublicationMeta,
} from '../core/model';
import {
  checkBytes,
  type EntrySink,
  finishEach,
  type ParseOptions,
  type SourceDefinition,
  type TextLayout,
} from '../core/source';
import { eachCsvRecord, type RecordLines } from './csv-records';
import { applyRemarks, isDigits, OFAC_PUBLISHER, splitPrograms } from './ofac-common';

/**
 * OFAC's SDN list as delimited CSV: `sdn.csv` and, when given, its companions `add.csv`
 * (addresses), `alt.csv` (strong aliases) and `sdn_comments.csv` (remarks too long for sdn.csv).
 * No header; CRLF; a trailing 0x1A byte (required: see `fileText`); empty = the unquoted token `-0- `; programs joined by `] [`.
 * Weak aliases, dates of birth, ids and links live in the `;`-separated remarks and are read into
 * the same fields the XML gives.
 */
export const definition: SourceDefinition = {
  id: 'us-ofac-sdn-csv',
  title: 'OFAC Specially Designated Nationals and Blocked Persons List (SDN), delimited CSV',
  publisher: OFAC_PUBLISHER,
  url: 'https://www.treasury.gov/ofac/downloads/sdn.csv',
  homepage:
    'https://ofac.treasury.gov/specially-designated-nationals-and-blocked-persons-list-sdn-human-readable-lists',
  format: 'csv',
  kind: 'list',
  schedule: 'rate(15 minutes)',
  // The same list as us-ofac-sdn (sdn.xml): polling both would alert twice. For archives and diff.
  polledByDefault: false,
  recordBounds: { min: 4_000, max: 40_000 },
  finalSub: true,
  maxBytes: 50 * 1024 * 1024,
  // OFAC: real entries hold at most 685 characters in one field (remarks) and 4,838 in all (2021-07 with companions).
  limits: { field: 16 * 1024, record: 64 * 1024 },
  companions: {
    'add.csv': 'https://www.treasury.gov/ofac/downloads/add.csv',
    'alt.csv': 'https://www.treasury.gov/ofac/downloads/alt.csv',
    'sdn_comments.csv': 'https://www.treasury.gov/ofac/downloads/sdn_comments.csv',
  },
};

const SOURCE = definition.id;

const ENTITY_TYPES: Record<string, EntityType> = {
  '': 'entity', // `-0- `: OFAC leaves the type empty for entities
  individual: 'individual',
  vessel: 'vessel',
  aircraft: 'aircraft',
};

const ALT_TYPES: Record<string, NameType> = { aka: 'aka', fka: 'fka', nka: 'nka' };

/** The attribute keys of sdn.csv's vessel columns, in column order. */
const VESSEL_KEYS = [
  'callSign',
  'vesselType',
  'tonnage',
  'grossRegisteredTonnage',
  'vesselFlag',
  'vesselOwner',
] as const;

/**
 * The checks and bytes of one OFAC CSV file: `checkBytes` (strict UTF-8, the only encoding the real
 * files use — all ASCII —, no control bytes but a final 0x1A), then completeness. OFAC writes a DOS
 * end-of-file byte (0x1A) after the last CRLF of sdn.csv, add.csv and alt.csv (every real full file
 * here ends with it): without it the download stopped early, even when it stopped at a line end,
 * and the file is refused. The one real sdn_comments.csv here (2021-07, a full set whose three
 * other files do end with 0x1A) has no such byte, so for sdn_comments.csv it is optional.
 *
 * csv-parse is fed the bytes themselves (a UTF-8 BOM and the final 0x1A cut off): `checkBytes` has
 * already refused anything that is not valid UTF-8, so decoding to a string first (which csv-parse
 * would only encode back to bytes) is not needed. A file that declares UTF-16 by its byte-order mark
 * is decoded as before and gives the same refusal.
 */
function fileBytes(file: string, bytes: Uint8Array, layout?: TextLayout): Buffer | string {
  // sdn.csv was checked first thing by `parseEach`, whose messages name no file.
  if (!layout) {
    try {
      layout = checkBytes(definition, bytes);
    } catch (error) {
      if (error instanceof SourceError) throw new SourceError(SOURCE, error.reason, file);
      throw error;
    }
  }
  if (layout.encoding !== 'utf-8') {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.endsWith('\x1a')) return text.slice(0, -1);
    if (file === 'sdn_comments.csv') return text;
    throw incomplete(file);
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[buffer.length - 1] === 0x1a) return buffer.subarray(layout.bom, buffer.length - 1);
  if (file === 'sdn_comments.csv') return buffer.subarray(layout.bom);
  throw incomplete(file);
}

function incomplete(file: string): SourceError {
  return new SourceError(
    SOURCE,
    'the file does not end with the end-of-file byte (0x1A) OFAC writes after the last row: the download is incomplete',
    file,
  );
}

/** The rows of one OFAC CSV file; `line(k)` is the line of row `k` (found only for a message). */
interface Rows {
  file: string;
  count: number;
  line(k: number): number;
}

/** `ent_num` of row `k` at its line, as messages name a row: `sdn.csv line 12 (ent_num 36)`. */
function rowLabel(rows: Rows, k: number, entNum: string): string {
  return `${rows.file} line ${rows.line(k)} (ent_num ${entNum})`;
}

/**
 * Each row of one OFAC CSV file, with the column count and ent_num checked, handed to `onRow` in
 * file order (`eachCsvRecord`: the first fault in file order is the one named); `-0- ` cells
 * become ''. OFAC pads only that token: any other cell is trimmed only when it starts or ends with
 * something other than printable ASCII.
 */
function readRows(
  file: string,
  bytes: Uint8Array,
  columns: number,
  onRow: (rows: Rows, k: number, cells: string[]) => void,
  layout?: TextLayout,
): Rows {
  const body = fileBytes(file, bytes, layout);
  let lines: RecordLines | undefined;
  const rows: Rows = { file, count: 0, line: (k) => lines!.at(k) };
  rows.count = eachCsvRecord(
    body,
    (cells, k, recordLines) => {
      lines = recordLines;
      checkRow(rows, k, cells, columns);
      onRow(rows, k, cells);
    },
    (message) => new SourceError(SOURCE, `${file} is not valid CSV: ${message}`),
  );
  return rows;
}

/** The column count, `-0- ` → '', trimming where a cell needs it, and the ent_num. */
function checkRow(rows: Rows, k: number, cells: string[], columns: number): void {
  if (cells.length !== columns) {
    throw new SourceError(
      SOURCE,
      `${cells.length} columns where ${columns} were expected`,
      `${rows.file} line ${rows.line(k)}`,
    );
  }
  for (let i = 0; i < columns; i++) {
    const cell = cells[i]!;
    if (cell === '-0- ') {
      cells[i] = '';
      continue;
    }
    const first = cell.charCodeAt(0);
    const last = cell.charCodeAt(cell.length - 1);
    // Printable ASCII at both ends (the rule in OFAC's files): nothing to trim.
    const trimmed = first > 32 && first < 127 && last > 32 && last < 127 ? cell : cell.trim();
    cells[i] = trimmed === '-0-' ? '' : trimmed;
  }
  const entNum = cells[0]!;
  if (!isDigits(entNum)) {
    throw new SourceError(SOURCE, `ent_num "${entNum}" is not a number`, `${rows.file} line ${rows.line(k)}`);
  }
}

/** A companion row's entry; a row pointing at no entry of sdn.csv means the files do not belong together. */
function entryOf(entries: Map<string, Designation>, rows: Rows, k: number, entNum: string): Designation {
  const d = entries.get(entNum);
  if (!d) {
    throw new SourceError(
      SOURCE,
      'the row points at no entry of sdn.csv: the companion files are from another publication or incomplete',
      rowLabel(rows, k, entNum),
    );
  }
  return d;
}

export function parse(bytes: Uint8Array, options: ParseOptions = {}): Publication {
  const entries: Designation[] = [];
  const meta = parseEach(bytes, (entry) => entries.push(entry), options);
  return { meta, entries };
}

/** `parse`, handing each canonical entry to `onEntry` (in sdn.csv order) instead of collecting them. */
export function parseEach(
  bytes: Uint8Array,
  onEntry: EntrySink,
  options: ParseOptions = {},
): PublicationMeta {
  const layout = checkBytes(definition, bytes);
  const companions = options.companions ?? {};
  /** Rows read per companion file (the poll guards hold a companion that shrank). */
  const companionRecords: Record<string, number> = {};
  const entries = new Map<string, Designation>();
  const remarks = new Map<string, string>();

  readRows(
    'sdn.csv',
    bytes,
    12,
    (rows, k, cells) => {
      // readRows checked the column count: every cell is there.
      const entNum = cells[0]!;
      const name = cells[1]!;
      const sdnType = cells[2]!;
      const entityType = ENTITY_TYPES[sdnType];
      if (!entityType)
        throw new SourceError(SOURCE, `unknown SDN_Type "${sdnType}"`, rowLabel(rows, k, entNum));
      if (!name) throw new SourceError(SOURCE, 'the SDN_Name is empty', rowLabel(rows, k, entNum));
      if (entries.has(entNum))
        throw new SourceError(SOURCE, 'the ent_num appears twice in sdn.csv', rowLabel(rows, k, entNum));
      const d = emptyDesignation(SOURCE, entNum, entityType, name);
      const program = cells[3]!;
      if (program) for (const p of splitPrograms(program)) d.regimes.push(p);
      const title = cells[4]!;
      if (title) d.titles.push(title);
      // Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner: columns 5 to 10.
      for (let i = 0; i < VESSEL_KEYS.length; i++) {
        const value = cells[5 + i]!;
        if (value) d.attributes[VESSEL_KEYS[i]!] = [value];
      }
      const flag = cells[9]!;
      if (flag) d.countries.push(flag);
      entries.set(entNum, d);
      remarks.set(entNum, cells[11]!);
    },
    layout,
  );

  // Every companion row must point at an entry of sdn.csv: a row that does not means the files are
  // from different publications (or one is cut), and reading them together would amend or drop
  // addresses and aliases that did not change. Such a set is refused, naming the row.
  const comments = companions['sdn_comments.csv'];
  if (comments) {
    companionRecords['sdn_comments.csv'] = readRows('sdn_comments.csv', comments, 2, (rows, k, cells) => {
      const entNum = cells[0]!;
      entryOf(entries, rows, k, entNum);
      // The continuation picks up exactly where sdn.csv cut the remarks, mid-word if need be.
      remarks.set(entNum, (remarks.get(entNum) ?? '') + cells[1]!);
    }).count;
  }
  const add = companions['add.csv'];
  if (add) {
    // add_num is OFAC's row id for the address, not a fact about the designation: ignored.
    companionRecords['add.csv'] = readRows('add.csv', add, 6, (rows, k, cells) => {
      const [entNum, , address, city, country, note] = cells as [
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      entryOf(entries, rows, k, entNum).addresses.push({
        lines: address ? [address] : [],
        ...(city ? { city } : {}),
        ...(country ? { country } : {}),
        ...(note ? { note } : {}),
      });
    }).count;
  }
  const alt = companions['alt.csv'];
  if (alt) {
    // alt_num is OFAC's row id for the alias: ignored.
    companionRecords['alt.csv'] = readRows('alt.csv', alt, 5, (rows, k, cells) => {
      const [entNum = '', , altType = '', altName, altRemark] = cells;
      const d = entryOf(entries, rows, k, entNum);
      const type = ALT_TYPES[altType];
      if (!type) throw new SourceError(SOURCE, `unknown alt_type "${altType}"`, rowLabel(rows, k, entNum));
      if (!altName) throw new SourceError(SOURCE, 'the alt_name is empty', rowLabel(rows, k, entNum));
      // alt.csv lists the strong aliases; weak ones are only in the remarks.
      d.aliases.push({ name: altName, type, quality: 'strong' });
      if (altRemark) remarks.set(entNum, `${remarks.get(entNum) ?? ''}; ${altName}: ${altRemark}`);
    }).count;
  }

  const listedNames = new Set<string>();
  for (const d of entries.values()) listedNames.add(d.name);
  // Remarks are read entry by entry as each is handed over (they refuse nothing), so the entry
  // with its remarks applied is canonicalised at once.
  function* withRemarks(): Generator<Designation> {
    for (const [entNum, d] of entries) {
      applyRemarks(d, remarks.get(entNum), d.titles, listedNames);
      yield d;
    }
  }
  return finishEach(
    definition,
    bytes,
    withRemarks(),
    Object.keys(companionRecords).length ? { companionRecords } : {},
    onEntry,
    options,
  );
}
