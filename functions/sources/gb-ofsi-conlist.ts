/**
 * `gb-ofsi-conlist`: OFSI's Consolidated List of Financial Sanctions Targets, CSV. Retired on
 * 28 January 2026 in favour of the FCDO's UK Sanctions List (`gb-fcdo-sanctions`); kept for
 * archives and for the lists OFSI published in the same layout (InvBan).
 *
 * Layout: line 1 `Last Updated,DD/MM/YYYY`; line 2 the header; then one row per name × date of
 * birth × address, grouped by `Group ID` (the key). Two header layouts are read, told apart by the
 * header: the 2022 format (36 columns) and the pre-2022 format (29 columns, `NI Number`, `Prime
 * Alias`). Cells may be quoted and span lines; line ends may be CRLF or LF.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { SourceError } from '../core/errors';
import {
  type Address,
  type Alias,
  type Designation,
  type EntityType,
  emptyDesignation,
  type Identifier,
  type NameQuality,
  type NameType,
  type NonLatinName,
  type PartialDate,
  type Publication,
  type PublicationMeta,
} from '../core/model';
import {
  checkBytes,
  decodeText,
  type EntrySink,
  finishEach,
  type ParseOptions,
  type SourceDefinition,
  UNMAPPED_PREFIX,
} from '../core/source';
import { eachCsvRecord } from './csv-records';
import { collapse, enumerated, primaryName, ukAdminDate, ukBirthDate, ukPartialDate } from './gb-common';
import { type OtherInformation, parseOtherInformation } from './gb-ofsi-other-info';
import { looksRenamed } from './xml-stream';

export const definition: SourceDefinition = {
  id: 'gb-ofsi-conlist',
  title: 'OFSI Consolidated List of Financial Sanctions Targets (CSV)',
  publisher: 'HM Treasury, Office of Financial Sanctions Implementation (OFSI)',
  url: 'https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv',
  homepage: 'https://www.gov.uk/government/publications/financial-sanctions-consolidated-list-of-targets',
  format: 'csv',
  kind: 'list',
  // No longer updated since 28 January 2026: a daily look is enough to notice a late change.
  schedule: 'rate(1 day)',
  // Superseded by gb-fcdo-sanctions (the single UK list): kept for archives and diff, polled only when named.
  polledByDefault: false,
  // Real files: 3,993 groups on 2023-06-05, 4,688 on 2025-04-14.
  recordBounds: { min: 2_500, max: 9_000 },
  maxBytes: 80 * 1024 * 1024,
  // Real files: at most 3,135 characters in one field (statement of reasons) and 11,474 in one group.
  limits: { field: 32 * 1024, record: 128 * 1024 },
};

const SOURCE = definition.id;

const NAME_PARTS = ['Name 1', 'Name 2', 'Name 3', 'Name 4', 'Name 5', 'Name 6'] as const;
const ADDRESS_LINES = ['Address 1', 'Address 2', 'Address 3', 'Address 4', 'Address 5', 'Address 6'] as const;
const COMMON = [
  ...NAME_PARTS,
  'Title',
  'DOB',
  'Town of Birth',
  'Country of Birth',
  'Nationality',
  'Passport Details',
  'Position',
  ...ADDRESS_LINES,
  'Post/Zip Code',
  'Country',
  'Other Information',
  'Group Type',
  'Alias Type',
  'Regime',
  'Listed On',
  'Last Updated',
  'Group ID',
] as const;
const FORMAT_2022 = [
  ...COMMON,
  'Name Non-Latin Script',
  'Non-Latin Script Type',
  'Non-Latin Script Language',
  'Passport Number',
  'National Identification Number',
  'National Identification Details',
  'Alias Quality',
  'UK Sanctions List Date Designated',
] as const;
const FORMAT_OLD = [...COMMON, 'NI Number'] as const;
type Column = (typeof FORMAT_2022)[number] | (typeof FORMAT_OLD)[number];

const GROUP_TYPES: Readonly<Record<string, EntityType>> = {
  Individual: 'individual',
  Entity: 'entity',
  Ship: 'vessel',
};

/** `Alias Type`: 2022 wording, then the pre-2022 wording (`Prime Alias`, `Alias`). */
const ALIAS_TYPES: Readonly<Record<string, NameType>> = {
  'Primary name': 'primary',
  // A spelling variation of the primary name: kept apart from AKAs.
  'Primary name variation': 'other',
  AKA: 'aka',
  FKA: 'fka',
  'Prime Alias': 'primary',
  Alias: 'aka',
};

const ALIAS_QUALITIES: Readonly<Record<string, NameQuality | undefined>> = {
  '': undefined,
  'Good quality': 'good',
  'Low quality': 'low',
};

interface Group {
  id: string;
  entityType: EntityType;
  names: Alias[];
  nonLatinNames: NonLatinName[];
  birthDates: Set<string>;
  birthPlaces: Set<string>;
  nationalities: Set<string>;
  titles: Set<string>;
  positions: Set<string>;
  regimes: Set<string>;
  listedOn: Set<string>;
  dateDesignated: Set<string>;
  lastUpdated: Set<string>;
  identifiers: Identifier[];
  addresses: Address[];
  otherInformation: Set<string>;
  /** Values of header columns the parser does not map, by column name. */
  unmapped: Map<string, Set<string>>;
}

type Row = (column: Column) => string;

function newGroup(id: string, entityType: EntityType): Group {
  return {
    id,
    entityType,
    names: [],
    nonLatinNames: [],
    birthDates: new Set(),
    birthPlaces: new Set(),
    nationalities: new Set(),
    titles: new Set(),
    positions: new Set(),
    regimes: new Set(),
    listedOn: new Set(),
    dateDesignated: new Set(),
    lastUpdated: new Set(),
    identifiers: [],
    addresses: [],
    otherInformation: new Set(),
    unmapped: new Map(),
  };
}

function addAll(set: Set<string>, values: readonly string[]): void {
  for (const v of values) set.add(v);
}

/** `(1) Kabul (2) Herat` + `Afghanistan` → `Kabul, Afghanistan`, `Herat, Afghanistan`. */
function birthPlaces(towns: string[], countries: string[]): string[] {
  if (towns.length === 0) return countries;
  if (countries.length === towns.length) return towns.map((t, i) => `${t}, ${countries[i]}`);
  if (countries.length === 1) return towns.map((t) => `${t}, ${countries[0]}`);
  return [...towns, ...countries];
}

/** Numbers and details enumerated alike are paired; otherwise the details go on every number. */
function documents(
  type: Identifier['type'],
  label: string,
  numbers: string[],
  details: string[],
): Identifier[] {
  if (numbers.length === 0) return details.map((d) => ({ type, value: d, label }));
  const paired = details.length === numbers.length;
  const note = details.join('; ');
  return numbers.map((value, i) => ({
    type,
    value,
    label,
    ...(note ? { note: paired ? details[i] : note } : {}),
  }));
}

/**
 * An administrative date of a row (`ukAdminDate`), the row's label built only for a refusal.
 */
function adminDate(text: string, field: string, record: () => string): PartialDate | undefined {
  if (!text) return undefined;
  const date = ukPartialDate(text);
  return date ?? ukAdminDate(SOURCE, text, field, record());
}

/** Reads one row into its group; `line()` gives the row's line, asked only for a refusal's message. */
function readRow(row: Row, line: () => number, format: 'old' | '2022', groups: Map<string, Group>): void {
  const id = collapse(row('Group ID'));
  if (!/^\d+$/.test(id)) throw new SourceError(SOURCE, `Group ID "${id}" is not a number`, `line ${line()}`);
  const record = () => `Group ID ${id} (line ${line()})`;
  const groupType = collapse(row('Group Type'));
  const entityType = GROUP_TYPES[groupType];
  if (!entityType) throw new SourceError(SOURCE, `unknown Group Type "${groupType}"`, record());
  let group = groups.get(id);
  if (!group) {
    group = newGroup(id, entityType);
    groups.set(id, group);
  } else if (group.entityType !== entityType) {
    throw new SourceError(
      SOURCE,
      `Group Type "${groupType}" differs from the group's earlier rows`,
      record(),
    );
  }

  const name = collapse(NAME_PARTS.map((c) => row(c)).join(' '));
  if (!name) throw new SourceError(SOURCE, 'the row has no name (Name 1 to Name 6 are empty)', record());
  const aliasType = collapse(row('Alias Type'));
  const type = ALIAS_TYPES[aliasType];
  if (!type) throw new SourceError(SOURCE, `unknown Alias Type "${aliasType}"`, record());
  let quality: NameQuality | undefined;
  if (format === '2022') {
    const q = collapse(row('Alias Quality'));
    if (!(q in ALIAS_QUALITIES)) throw new SourceError(SOURCE, `unknown Alias Quality "${q}"`, record());
    quality = ALIAS_QUALITIES[q];
  }
  group.names.push({ name, type, ...(quality ? { quality } : {}) });

  addAll(group.titles, enumerated(row('Title')));
  const dob = ukBirthDate(row('DOB'));
  if (dob) group.birthDates.add(dob);
  addAll(
    group.birthPlaces,
    birthPlaces(enumerated(row('Town of Birth')), enumerated(row('Country of Birth'))),
  );
  addAll(group.nationalities, enumerated(row('Nationality')));
  addAll(group.positions, enumerated(row('Position')));
  const regime = collapse(row('Regime'));
  if (regime) group.regimes.add(regime);
  const listedOn = adminDate(row('Listed On'), 'Listed On', record);
  if (listedOn) group.listedOn.add(listedOn);
  const lastUpdated = adminDate(row('Last Updated'), 'Last Updated', record);
  if (lastUpdated) group.lastUpdated.add(lastUpdated);

  const lines = ADDRESS_LINES.map((c) => collapse(row(c))).filter((l) => l !== '');
  const postalCode = collapse(row('Post/Zip Code'));
  const country = collapse(row('Country'));
  if (lines.length || postalCode || country) {
    group.addresses.push({ lines, ...(postalCode ? { postalCode } : {}), ...(country ? { country } : {}) });
  }

  if (format === '2022') {
    const script = collapse(row('Name Non-Latin Script'));
    if (script) {
      const scriptType = collapse(row('Non-Latin Script Type'));
      const language = collapse(row('Non-Latin Script Language'));
      group.nonLatinNames.push({
        name: script,
        ...(scriptType ? { script: scriptType } : {}),
        ...(language ? { language } : {}),
      });
    }
    const designated = adminDate(
      row('UK Sanctions List Date Designated'),
      'UK Sanctions List Date Designated',
      record,
    );
    if (designated) group.dateDesignated.add(designated);
    group.identifiers.push(
      ...documents(
        'passport',
        'Passport',
        enumerated(row('Passport Number')),
        enumerated(row('Passport Details')),
      ),
      ...documents(
        'national-id',
        'National Identification Number',
        enumerated(row('National Identification Number')),
        enumerated(row('National Identification Details')),
      ),
    );
  } else {
    // The pre-2022 format has one cell per document kind, number and details together.
    group.identifiers.push(
      ...documents('passport', 'Passport Details', enumerated(row('Passport Details')), []),
      ...documents('national-id', 'NI Number', enumerated(row('NI Number')), []),
    );
  }
  const other = collapse(row('Other Information'));
  if (other) group.otherInformation.add(row('Other Information'));
}

function earliest(dates: Set<PartialDate>): PartialDate | undefined {
  return [...dates].sort()[0];
}

function latest(dates: Set<PartialDate>): PartialDate | undefined {
  return [...dates].sort().at(-1);
}

function toDesignation(group: Group, otherCache: Map<string, OtherInformation>): Designation {
  const primary = primaryName(group.names);
  if (!primary) throw new SourceError(SOURCE, 'the group has no name', `Group ID ${group.id}`);
  const d = emptyDesignation(SOURCE, group.id, group.entityType, primary.name);
  d.aliases = group.names.filter((a) => a !== primary);
  d.nonLatinNames = group.nonLatinNames;
  d.regimes = [...group.regimes];
  d.birthDates = [...group.birthDates];
  d.birthPlaces = [...group.birthPlaces];
  d.nationalities = [...group.nationalities];
  d.titles = [...group.titles];
  d.positions = [...group.positions];
  d.addresses = group.addresses;
  d.identifiers = [...group.identifiers];
  const listedOn = earliest(group.listedOn);
  if (listedOn) d.listedOn = listedOn;
  const lastUpdated = latest(group.lastUpdated);
  if (lastUpdated) d.lastUpdated = lastUpdated;
  if (group.dateDesignated.size) d.attributes.dateDesignated = [...group.dateDesignated];
  for (const [column, values] of group.unmapped) d.attributes[`${UNMAPPED_PREFIX}${column}`] = [...values];

  const remarks: string[] = [];
  const reasons: string[] = [];
  for (const text of group.otherInformation) {
    let info = otherCache.get(text);
    if (!info) {
      info = parseOtherInformation(text);
      otherCache.set(text, info);
    }
    for (const [key, values] of Object.entries(info.attributes)) {
      d.attributes[key] = [...(d.attributes[key] ?? []), ...values];
    }
    d.identifiers.push(...info.identifiers);
    d.links.push(...info.links);
    d.measures.push(...info.measures);
    if (info.reasons && !reasons.includes(info.reasons)) reasons.push(info.reasons);
    if (info.remarks && !remarks.includes(info.remarks)) remarks.push(info.remarks);
    if (info.gender) d.gender = info.gender;
  }
  if (remarks.length) d.remarks = remarks.sort().join('\n');
  if (reasons.length) d.reasons = reasons.sort().join('\n');
  return d;
}

interface Layout {
  format: 'old' | '2022';
  index: Map<Column, number>;
  /** Columns OFSI added that the parser does not map, by name → position. */
  extra: Map<string, number>;
}

/**
 * The header's layout. Formats grow: a column the parser does not know is kept verbatim as
 * `unmapped.<column>` (the operator is told, subscribers are not); a required column missing, a
 * column twice, an unnamed column, or an unknown column that looks like a known one renamed
 * (`Group Id` for `Group ID`) is structural drift and refused.
 */
function headerFormat(header: string[]): Layout {
  const format = header.includes('NI Number') ? 'old' : '2022';
  const expected: readonly Column[] = format === 'old' ? FORMAT_OLD : FORMAT_2022;
  const index = new Map<Column, number>();
  const extra = new Map<string, number>();
  header.forEach((name, i) => {
    if (!expected.includes(name as Column)) {
      const renamed = expected.find((c) => looksRenamed(c, name));
      if (!name || renamed || extra.has(name)) {
        throw new SourceError(
          SOURCE,
          `unexpected column "${name}" in the ${format} header (line 2)${renamed ? `: "${renamed}" renamed?` : ''}`,
        );
      }
      extra.set(name, i);
      return;
    }
    if (index.has(name as Column))
      throw new SourceError(SOURCE, `column "${name}" appears twice in the header (line 2)`);
    index.set(name as Column, i);
  });
  for (const name of expected) {
    if (!index.has(name)) {
      throw new SourceError(
        SOURCE,
        `required column "${name}" is missing from the ${format} header (line 2)`,
      );
    }
  }
  return { format, index, extra };
}

/** Line 1, `Last Updated,DD/MM/YYYY` (trailing empty cells allowed) → the ISO publication date. */
function readLastUpdated(line1: Buffer): string {
  const cells = (parseCsv(line1, { bom: true, relax_column_count: true })[0] ?? []) as string[];
  const [label, date, ...rest] = cells;
  if (collapse(label) !== 'Last Updated' || rest.some((c) => collapse(c) !== '')) {
    throw new SourceError(
      SOURCE,
      `line 1 must be "Last Updated,DD/MM/YYYY", found "${cells.join(',').slice(0, 80)}"`,
    );
  }
  const published = ukAdminDate(SOURCE, date ?? '', 'Last Updated', 'line 1');
  if (!published) throw new SourceError(SOURCE, 'line 1 has no Last Updated date');
  return published;
}

export function parse(bytes: Uint8Array, options: ParseOptions = {}): Publication {
  const entries: Designation[] = [];
  const meta = parseEach(bytes, (entry) => entries.push(entry), options);
  return { meta, entries };
}

/** `parse`, handing each canonical entry to `onEntry` (in Group ID order of first appearance). */
export function parseEach(
  bytes: Uint8Array,
  onEntry: EntrySink,
  options: ParseOptions = {},
): PublicationMeta {
  const text = checkBytes(definition, bytes);
  // checkBytes refused anything but valid UTF-8 (BOM or not) or a UTF-16 file with its BOM.
  const buffer =
    text.encoding === 'utf-8'
      ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      : Buffer.from(decodeText(bytes, text), 'utf8');
  // Line 1 is read on its own: parsed with the rows, its two cells would make csv-parse treat every
  // 36-cell row as inconsistent (and build an error object for each).
  const newline = buffer.indexOf(10);
  const published = readLastUpdated(buffer.subarray(0, newline < 0 ? buffer.length : newline));
  let layout: Layout | undefined;
  const groups = new Map<string, Group>();
  let rows = 0;
  eachCsvRecord(
    buffer.subarray(newline < 0 ? buffer.length : newline + 1),
    (cells, k, lines) => {
      // Line 1 was read on its own: csv-parse's lines count from line 2.
      const line = () => lines.at(k) + 1;
      if (!layout) {
        layout = headerFormat(cells.map(collapse));
        return;
      }
      const current = layout;
      const width = current.index.size + current.extra.size;
      if (cells.length !== width) {
        throw new SourceError(
          SOURCE,
          `the row has ${cells.length} cells, the header ${width}`,
          `line ${line()}`,
        );
      }
      rows += 1;
      const row: Row = (c) => cells[current.index.get(c) as number] ?? '';
      readRow(row, line, current.format, groups);
      for (const [column, i] of current.extra) {
        const value = cells[i]?.trim();
        if (!value) continue;
        const group = groups.get(collapse(row('Group ID')))!;
        const values = group.unmapped.get(column) ?? new Set();
        group.unmapped.set(column, values.add(value));
      }
    },
    (message) => new SourceError(SOURCE, `the file is not valid CSV: ${message}`),
  );
  if (!layout) throw new SourceError(SOURCE, 'the file has no header row (line 2)');
  if (rows === 0) throw new SourceError(SOURCE, 'the file has a header but no rows');
  const otherCache = new Map<string, OtherInformation>();
  // Each group becomes a designation only as it is handed over, so the raw entries die young.
  function* designations(): Generator<Designation> {
    for (const g of groups.values()) yield toDesignation(g, otherCache);
  }
  return finishEach(definition, bytes, designations(), { published }, onEntry, options);
}
