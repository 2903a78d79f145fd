import { parse as parseCsv } from 'csv-parse/sync';
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
} from '../core/source';
import { applyRemarks, OFAC_PUBLISHER, splitPrograms } from './ofac-common';

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

const SUB = String.fromCharCode(0x1a);

/**
 * The checks and text of one OFAC CSV file: `checkBytes` (strict UTF-8, the only encoding the real
 * files use — all ASCII —, no control bytes but a final 0x1A), then completeness. OFAC writes a DOS
 * end-of-file byte (0x1A) after the last CRLF of sdn.csv, add.csv and alt.csv (every real full file
 * here ends with it): without it the download stopped early, even when it stopped at a line end,
 * and the file is refused. The one real sdn_comments.csv here (2021-07, a full set whose three
 * other files do end with 0x1A) has no such byte, so for sdn_comments.csv it is optional.
 */
function fileText(file: string, bytes: Uint8Array): string {
  // sdn.csv was checked first thing by `parseEach`, whose messages name no file.
  if (file !== 'sdn.csv') {
    try {
      checkBytes(definition, bytes);
    } catch (error) {
      if (error instanceof SourceError) throw new SourceError(SOURCE, error.reason, file);
      throw error;
    }
  }
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  if (text.endsWith(SUB)) return text.slice(0, -1);
  if (file === 'sdn_comments.csv') return text;
  throw new SourceError(
    SOURCE,
    'the file does not end with the end-of-file byte (0x1A) OFAC writes after the last row: the download is incomplete',
    file,
  );
}

/**
 * Each row of one OFAC CSV file, with the column count checked, handed to `onRow` as it is read
 * (no array of rows is built); `-0- ` cells become ''. Returns the number of rows.
 */
function readRows(
  file: string,
  bytes: Uint8Array,
  columns: number,
  onRow: (line: number, cells: string[]) => void,
): number {
  const text = fileText(file, bytes);
  let rows = 0;
  const onRecord = (record: string[], info: { lines: number }): null => {
    if (record.length !== columns) {
      throw new SourceError(
        SOURCE,
        `${record.length} columns where ${columns} were expected`,
        `${file} line ${info.lines}`,
      );
    }
    for (let i = 0; i < record.length; i++) {
      const cell = record[i]!.trim();
      record[i] = cell === '-0-' ? '' : cell;
    }
    if (!/^\d+$/.test(record[0]!)) {
      throw new SourceError(SOURCE, `ent_num "${record[0]}" is not a number`, `${file} line ${info.lines}`);
    }
    onRow(info.lines, record);
    rows++;
    return null;
  };
  try {
    parseCsv(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: onRecord as unknown as (record: unknown) => null,
    });
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(SOURCE, `${file} is not valid CSV: ${(error as Error).message}`);
  }
  return rows;
}

/** A companion row's entry; a row pointing at no entry of sdn.csv means the files do not belong together. */
function entryOf(entries: Map<string, Designation>, file: string, line: number, entNum: string): Designation {
  const d = entries.get(entNum);
  if (!d) {
    throw new SourceError(
      SOURCE,
      'the row points at no entry of sdn.csv: the companion files are from another publication or incomplete',
      `${file} line ${line} (ent_num ${entNum})`,
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
  checkBytes(definition, bytes);
  const companions = options.companions ?? {};
  /** Rows read per companion file (the poll guards hold a companion that shrank). */
  const companionRecords: Record<string, number> = {};
  const entries = new Map<string, Designation>();
  const remarks = new Map<string, string>();

  readRows('sdn.csv', bytes, 12, (line, cells) => {
    // readRows checked the column count, so the defaults never apply.
    const [entNum = '', name = '', sdnType = '', program = '', title = '', callSign = '', vesselType = ''] =
      cells;
    const [tonnage = '', grt = '', flag = '', owner = '', remark = ''] = cells.slice(7);
    const record = `sdn.csv line ${line} (ent_num ${entNum})`;
    const entityType = ENTITY_TYPES[sdnType];
    if (!entityType) throw new SourceError(SOURCE, `unknown SDN_Type "${sdnType}"`, record);
    if (!name) throw new SourceError(SOURCE, 'the SDN_Name is empty', record);
    if (entries.has(entNum)) throw new SourceError(SOURCE, 'the ent_num appears twice in sdn.csv', record);
    const d = emptyDesignation(SOURCE, entNum, entityType, name);
    d.regimes.push(...splitPrograms(program));
    if (title) d.titles.push(title);
    const vessel = {
      callSign,
      vesselType,
      tonnage,
      grossRegisteredTonnage: grt,
      vesselFlag: flag,
      vesselOwner: owner,
    };
    for (const [key, value] of Object.entries(vessel)) if (value) d.attributes[key] = [value];
    if (flag) d.countries.push(flag);
    entries.set(entNum, d);
    remarks.set(entNum, remark);
  });

  // Every companion row must point at an entry of sdn.csv: a row that does not means the files are
  // from different publications (or one is cut), and reading them together would amend or drop
  // addresses and aliases that did not change. Such a set is refused, naming the row.
  const comments = companions['sdn_comments.csv'];
  if (comments) {
    companionRecords['sdn_comments.csv'] = readRows('sdn_comments.csv', comments, 2, (line, cells) => {
      const [entNum = '', text = ''] = cells;
      entryOf(entries, 'sdn_comments.csv', line, entNum);
      // The continuation picks up exactly where sdn.csv cut the remarks, mid-word if need be.
      remarks.set(entNum, (remarks.get(entNum) ?? '') + text);
    });
  }
  const add = companions['add.csv'];
  if (add) {
    // add_num is OFAC's row id for the address, not a fact about the designation: ignored.
    companionRecords['add.csv'] = readRows('add.csv', add, 6, (line, cells) => {
      const [entNum, , address, city, country, note] = cells as [
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      entryOf(entries, 'add.csv', line, entNum).addresses.push({
        lines: address ? [address] : [],
        ...(city ? { city } : {}),
        ...(country ? { country } : {}),
        ...(note ? { note } : {}),
      });
    });
  }
  const alt = companions['alt.csv'];
  if (alt) {
    // alt_num is OFAC's row id for the alias: ignored.
    companionRecords['alt.csv'] = readRows('alt.csv', alt, 5, (line, cells) => {
      const [entNum = '', , altType = '', altName, altRemark] = cells;
      const d = entryOf(entries, 'alt.csv', line, entNum);
      const record = `alt.csv line ${line} (ent_num ${entNum})`;
      const type = ALT_TYPES[altType];
      if (!type) throw new SourceError(SOURCE, `unknown alt_type "${altType}"`, record);
      if (!altName) throw new SourceError(SOURCE, 'the alt_name is empty', record);
      // alt.csv lists the strong aliases; weak ones are only in the remarks.
      d.aliases.push({ name: altName, type, quality: 'strong' });
      if (altRemark) remarks.set(entNum, `${remarks.get(entNum) ?? ''}; ${altName}: ${altRemark}`);
    });
  }

  const listedNames = new Set([...entries.values()].map((d) => d.name));
  for (const [entNum, d] of entries) applyRemarks(d, remarks.get(entNum), d.titles, listedNames);
  return finishEach(
    definition,
    bytes,
    entries.values(),
    Object.keys(companionRecords).length ? { companionRecords } : {},
    onEntry,
    options,
  );
}
