/**
 * UN Security Council Consolidated List, `consolidated.xml`: root `CONSOLIDATED_LIST`
 * (`dateGenerated`), `INDIVIDUALS/INDIVIDUAL` and `ENTITIES/ENTITY`, keyed by `DATAID`. Streamed
 * record by record (see `xml-stream.ts`); the compact (2017–2020) and pretty-printed (2026) layouts
 * give identical entries because leaf values are trimmed and blank text between elements is layout.
 */
import type { Address, Alias, Designation, Identifier, IdentifierType, Publication } from '../core/model';
import { emptyDesignation } from '../core/model';
import { checkBytes, finishPublication, type ParseOptions, type SourceDefinition } from '../core/source';
import { ElementReader, fail, oneLine, streamXmlRecords, type XmlElement } from './xml-stream';

export const definition: SourceDefinition = {
  id: 'un-sc-consolidated',
  title: 'UN Security Council Consolidated List',
  publisher: 'United Nations Security Council',
  url: 'https://scsanctions.un.org/resources/xml/en/consolidated.xml',
  homepage: 'https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list',
  format: 'xml',
  kind: 'list',
  schedule: 'rate(1 hour)',
  // The six real files (2017–2026) hold 1,003–1,100 entries; the list has been near 1,000 for a
  // decade. A publication far outside this range is a failed or wrong download.
  recordBounds: { min: 700, max: 2500 },
  maxBytes: 50 * 1024 * 1024,
  // Real files: at most 1,723 characters in one field (COMMENTS1) and 3,294 in one entry.
  limits: { field: 16 * 1024, record: 64 * 1024 },
};

const SOURCE = definition.id;

/**
 * The three measures of the UN sanctions regimes (asset freeze, travel ban, arms embargo) apply to
 * every entry of the Consolidated List; the XML does not repeat them per entry.
 */
const UN_MEASURES = ['asset freeze', 'travel ban', 'arms embargo'];

const NAME_PARTS = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'] as const;

/** Child elements shared by individuals and entities. */
const COMMON_FIELDS = [
  'DATAID',
  'VERSIONNUM',
  ...NAME_PARTS,
  'UN_LIST_TYPE',
  'REFERENCE_NUMBER',
  'LISTED_ON',
  'SUBMITTED_BY',
  'SUBMITTED_ON',
  'NAME_ORIGINAL_SCRIPT',
  'COMMENTS1',
  'LIST_TYPE',
  'LAST_DAY_UPDATED',
  'SORT_KEY',
  'SORT_KEY_LAST_MOD',
];
const INDIVIDUAL_FIELDS = [
  ...COMMON_FIELDS,
  'GENDER',
  'TITLE',
  'DESIGNATION',
  'NATIONALITY',
  'INDIVIDUAL_ALIAS',
  'INDIVIDUAL_ADDRESS',
  'INDIVIDUAL_DATE_OF_BIRTH',
  'INDIVIDUAL_PLACE_OF_BIRTH',
  'INDIVIDUAL_DOCUMENT',
];
const ENTITY_FIELDS = [...COMMON_FIELDS, 'ENTITY_ALIAS', 'ENTITY_ADDRESS'];
const REPEATABLE = [
  'INDIVIDUAL_ALIAS',
  'INDIVIDUAL_ADDRESS',
  'INDIVIDUAL_DATE_OF_BIRTH',
  'INDIVIDUAL_PLACE_OF_BIRTH',
  'INDIVIDUAL_DOCUMENT',
  'ENTITY_ALIAS',
  'ENTITY_ADDRESS',
];

/** UN `QUALITY` of an alias: Good/Low for individuals, a.k.a./f.k.a. for entities, often empty. */
const ALIAS_QUALITY: Record<string, Pick<Alias, 'type' | 'quality'>> = {
  '': { type: 'aka' },
  Good: { type: 'aka', quality: 'good' },
  Low: { type: 'aka', quality: 'low' },
  'a.k.a.': { type: 'aka' },
  'f.k.a.': { type: 'fka' },
};

/**
 * `YYYY-MM-DD` (or `YYYY`, `YYYY-MM` at the publisher's precision), optionally with the time-zone
 * offset the UN's XML serialiser sometimes appends.
 */
const XSD_DATE = /^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:Z|[+-]\d{2}:\d{2})?$/;

class UnRecord extends ElementReader {
  /** A date at its precision; the zone offset (`2015-04-14-04:00`) is serialiser noise and dropped. */
  date(value: string, field: string): string {
    const m = XSD_DATE.exec(value);
    if (!m?.[1]) this.fail(`${field} "${value}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`);
    return m[1];
  }

  /** One-line text of the only `name` child of `parent`, or '' when absent or empty. */
  leaf(fields: Map<string, XmlElement[]>, name: string): string {
    const el = fields.get(name)?.[0];
    return el ? oneLine(this.text(el)) : '';
  }

  /** The one-line texts of the leaf children of `el`, each allowed at most once ('' when absent). */
  leaves<K extends string>(el: XmlElement, names: readonly K[]): Record<K, string> {
    const kids = this.children(el, names);
    return Object.fromEntries(names.map((n) => [n, this.leaf(kids, n)])) as Record<K, string>;
  }

  /** The `VALUE` children of a list element such as `NATIONALITY`, empties dropped. */
  values(el: XmlElement): string[] {
    const kids = this.children(el, ['VALUE'], ['VALUE']);
    return (kids.get('VALUE') ?? []).map((v) => oneLine(this.text(v))).filter((v) => v !== '');
  }
}

export function parse(bytes: Uint8Array, options: ParseOptions = {}): Publication {
  checkBytes(definition, bytes);
  const entries: Designation[] = [];
  let published: string | undefined;
  streamXmlRecords(SOURCE, bytes, {
    enter(path, attributes) {
      const where = path.join('/');
      if (path.length === 1) {
        if (path[0] !== 'CONSOLIDATED_LIST') {
          fail(
            SOURCE,
            `the root element is <${path[0]}>, expected <CONSOLIDATED_LIST>: not a UN consolidated list`,
          );
        }
        for (const name of Object.keys(attributes)) {
          // xmlns:xsi and the schema location only point at the XSD: no list content.
          if (!['dateGenerated', 'xmlns:xsi', 'xsi:noNamespaceSchemaLocation'].includes(name)) {
            fail(SOURCE, `unknown attribute ${name} on <CONSOLIDATED_LIST>`);
          }
        }
        published = oneLine(attributes.dateGenerated) || undefined;
        return 'container';
      }
      if (where === 'CONSOLIDATED_LIST/INDIVIDUALS' || where === 'CONSOLIDATED_LIST/ENTITIES')
        return 'container';
      if (
        where === 'CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL' ||
        where === 'CONSOLIDATED_LIST/ENTITIES/ENTITY'
      ) {
        return 'record';
      }
      return fail(SOURCE, `unexpected element <${where}>`);
    },
    record(el) {
      entries.push(readEntry(el));
    },
  });
  if (!published) fail(SOURCE, 'the root element has no dateGenerated attribute');
  return finishPublication(definition, bytes, entries, { published }, options);
}

function readEntry(el: XmlElement): Designation {
  const individual = el.name === 'INDIVIDUAL';
  const dataIdEl = el.children.find((c) => c.name === 'DATAID');
  const id = dataIdEl ? oneLine(dataIdEl.text) : '';
  const r = new UnRecord(SOURCE, id ? `DATAID ${id}` : `${el.name} at line ${el.line}`);
  if (!id) r.fail('the entry has no DATAID');
  r.keepAttributes(el); // the UN's record elements have no attributes
  const fields = r.children(el, individual ? INDIVIDUAL_FIELDS : ENTITY_FIELDS, REPEATABLE);

  const name = NAME_PARTS.map((part) => r.leaf(fields, part))
    .filter((p) => p !== '')
    .join(' ');
  if (!name) r.fail('the entry has no name (FIRST_NAME…FOURTH_NAME all empty)');
  const d = emptyDesignation(SOURCE, id, individual ? 'individual' : 'entity', name);

  // VERSIONNUM, SORT_KEY and SORT_KEY_LAST_MOD are the publisher's bookkeeping (record version and
  // sort order), not facts about the entry: ignored so that they never show as amendments.
  const regime = r.leaf(fields, 'UN_LIST_TYPE');
  if (!regime) r.fail('the entry has no UN_LIST_TYPE');
  d.regimes.push(regime);
  d.measures.push(...UN_MEASURES);

  // The real files carry trailing spaces in some reference numbers ("QDi.017 "): trimmed.
  const reference = r.leaf(fields, 'REFERENCE_NUMBER');
  if (reference) d.attributes.listReference = [reference];
  const listedOn = r.leaf(fields, 'LISTED_ON');
  if (listedOn) d.listedOn = r.date(listedOn, 'LISTED_ON');
  const submittedBy = r.leaf(fields, 'SUBMITTED_BY');
  if (submittedBy) d.attributes.submittedBy = [submittedBy];
  const submittedOn = r.leaf(fields, 'SUBMITTED_ON');
  if (submittedOn) d.attributes.submittedOn = [r.date(submittedOn, 'SUBMITTED_ON')];
  const original = r.leaf(fields, 'NAME_ORIGINAL_SCRIPT');
  if (original) d.nonLatinNames.push({ name: original });
  const comments = fields.get('COMMENTS1')?.[0];
  if (comments) d.remarks = r.text(comments);

  for (const listEl of fields.get('LIST_TYPE') ?? []) {
    for (const listType of r.values(listEl)) {
      // Every entry of this publication is on the "UN List"; anything else is a different list.
      if (listType !== 'UN List') r.fail(`unknown LIST_TYPE "${listType}"`);
    }
  }
  const updates = (fields.get('LAST_DAY_UPDATED') ?? [])
    .flatMap((u) => r.values(u))
    .map((v) => r.date(v, 'LAST_DAY_UPDATED'));
  if (updates.length) d.lastUpdated = updates.sort().at(-1);

  for (const titleEl of fields.get('TITLE') ?? []) d.titles.push(...r.values(titleEl));
  for (const posEl of fields.get('DESIGNATION') ?? []) d.positions.push(...r.values(posEl));
  for (const natEl of fields.get('NATIONALITY') ?? []) d.nationalities.push(...r.values(natEl));
  const gender = r.leaf(fields, 'GENDER');
  if (gender) d.gender = gender;

  for (const aliasEl of [...(fields.get('INDIVIDUAL_ALIAS') ?? []), ...(fields.get('ENTITY_ALIAS') ?? [])]) {
    readAlias(r, aliasEl, d);
  }
  for (const addrEl of [
    ...(fields.get('INDIVIDUAL_ADDRESS') ?? []),
    ...(fields.get('ENTITY_ADDRESS') ?? []),
  ]) {
    const address = readAddress(r, addrEl);
    if (address) d.addresses.push(address);
  }
  for (const dobEl of fields.get('INDIVIDUAL_DATE_OF_BIRTH') ?? []) {
    const dob = readBirthDate(r, dobEl);
    if (dob) d.birthDates.push(dob);
  }
  for (const pobEl of fields.get('INDIVIDUAL_PLACE_OF_BIRTH') ?? []) {
    const v = r.leaves(pobEl, ['STREET', 'CITY', 'STATE_PROVINCE', 'COUNTRY', 'NOTE']);
    const place = placeText([v.STREET, v.CITY, v.STATE_PROVINCE, v.COUNTRY], v.NOTE);
    if (place) d.birthPlaces.push(place);
  }
  for (const docEl of fields.get('INDIVIDUAL_DOCUMENT') ?? []) {
    const doc = readDocument(r, docEl);
    if (doc) d.identifiers.push(doc);
  }
  return r.keepUnmapped(d);
}

/** `parts` joined with ", ", then the note in parentheses; '' when all are empty. */
function placeText(parts: string[], note: string): string {
  const text = parts.filter((p) => p !== '').join(', ');
  if (!note) return text;
  return text ? `${text} (${note})` : note;
}

function readAlias(r: UnRecord, el: XmlElement, d: Designation): void {
  const v = r.leaves(el, [
    'QUALITY',
    'ALIAS_NAME',
    'NOTE',
    'DATE_OF_BIRTH',
    'CITY_OF_BIRTH',
    'COUNTRY_OF_BIRTH',
  ]);
  const { QUALITY: quality, ALIAS_NAME: name, NOTE: note } = v;
  const kind = ALIAS_QUALITY[quality];
  if (!kind) r.fail(`unknown alias QUALITY "${quality}"`);
  // The UN writes an empty <INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></…> when there is no alias.
  if (!name) {
    if (quality || note || v.DATE_OF_BIRTH || v.CITY_OF_BIRTH || v.COUNTRY_OF_BIRTH) {
      r.fail('an alias has a quality, note or birth details but no ALIAS_NAME');
    }
    return;
  }
  d.aliases.push({ name, ...kind });
  // Notes such as "previously listed as" qualify one alias; the model's alias has no note.
  if (note) d.attributes.aliasNote = [...(d.attributes.aliasNote ?? []), `${name}: ${note}`];
  // Birth details given with an alias are further birth dates/places the person is known by.
  if (v.DATE_OF_BIRTH) d.birthDates.push(r.date(v.DATE_OF_BIRTH, 'alias DATE_OF_BIRTH'));
  const place = placeText([v.CITY_OF_BIRTH, v.COUNTRY_OF_BIRTH], '');
  if (place) d.birthPlaces.push(place);
}

function readAddress(r: UnRecord, el: XmlElement): Address | undefined {
  const v = r.leaves(el, ['STREET', 'CITY', 'STATE_PROVINCE', 'ZIP_CODE', 'COUNTRY', 'NOTE']);
  if (!Object.values(v).some((x) => x !== '')) return undefined; // the UN's empty <…_ADDRESS><COUNTRY/></…>
  // Empty strings are dropped by the canonical form.
  return {
    lines: v.STREET ? [v.STREET] : [],
    city: v.CITY,
    region: v.STATE_PROVINCE,
    postalCode: v.ZIP_CODE,
    country: v.COUNTRY,
    note: v.NOTE,
  };
}

/**
 * A UN date of birth at the publisher's precision: `EXACT` DATE or YEAR as given,
 * `APPROXIMATELY` → `circa 1958`, `BETWEEN` → `1960 to 1962`; a NOTE follows in parentheses, or
 * stands alone when it is the only statement ("Nov. 1973", "30-35 years old").
 */
function readBirthDate(r: UnRecord, el: XmlElement): string | undefined {
  const v = r.leaves(el, ['TYPE_OF_DATE', 'DATE', 'YEAR', 'FROM_YEAR', 'TO_YEAR', 'NOTE']);
  const { TYPE_OF_DATE: type, DATE: date, YEAR: year, FROM_YEAR: from, TO_YEAR: to, NOTE: note } = v;
  for (const [field, value] of [
    ['YEAR', year],
    ['FROM_YEAR', from],
    ['TO_YEAR', to],
  ] as const) {
    if (value && !/^\d{4}$/.test(value)) r.fail(`date of birth ${field} "${value}" is not a year`);
  }
  let value = date ? r.date(date, 'date of birth DATE') : year;
  if (from || to) {
    if (!from || !to || value)
      r.fail('date of birth has an incomplete FROM_YEAR/TO_YEAR range or a range beside a date');
    value = `${from} to ${to}`;
  }
  switch (type) {
    case '':
    case 'EXACT':
      break;
    case 'APPROXIMATELY':
      if (value) value = `circa ${value}`;
      break;
    case 'BETWEEN':
      if (value && !(from && to)) r.fail('date of birth of TYPE_OF_DATE BETWEEN has no FROM_YEAR/TO_YEAR');
      break;
    default:
      r.fail(`unknown date of birth TYPE_OF_DATE "${type}"`);
  }
  if (!value) return note || undefined;
  return note ? `${value} (${note})` : value;
}

/** The UN's `TYPE_OF_DOCUMENT` (English, French, Spanish) → identifier type. */
function documentType(label: string): IdentifierType {
  const l = label.toLowerCase();
  if (/passport|passeport|pasaporte/.test(l)) return 'passport';
  if (/identification|identity|identité|identidad/.test(l)) return 'national-id';
  return 'other';
}

/**
 * A UN travel or identity document. The number is in NUMBER; where the UN gives none, the number is
 * written into TYPE_OF_DOCUMENT2 ("… (tazkira) number 545167") or NOTE ("Tunisian passport number
 * L 191609 …"), and that text becomes the value.
 */
function readDocument(r: UnRecord, el: XmlElement): Identifier | undefined {
  const v = r.leaves(el, [
    'TYPE_OF_DOCUMENT',
    'TYPE_OF_DOCUMENT2',
    'NUMBER',
    'ISSUING_COUNTRY',
    'COUNTRY_OF_ISSUE',
    'CITY_OF_ISSUE',
    'DATE_OF_ISSUE',
    'NOTE',
  ]);
  const { TYPE_OF_DOCUMENT: label, TYPE_OF_DOCUMENT2: detail, NUMBER: number, NOTE: note } = v;
  const {
    ISSUING_COUNTRY: issuing,
    COUNTRY_OF_ISSUE: ofIssue,
    CITY_OF_ISSUE: city,
    DATE_OF_ISSUE: issued,
  } = v;
  const notes: string[] = [];
  let value = number;
  if (!value) {
    value = detail || note;
    if (!value) {
      if (label || issuing || ofIssue || city || issued)
        r.fail(`a document (${label || 'no type'}) has no number or note`);
      return undefined; // <INDIVIDUAL_DOCUMENT/>: the UN's empty placeholder.
    }
  }
  if (detail && detail !== value && detail !== label) notes.push(detail);
  if (ofIssue && issuing && ofIssue !== issuing) notes.push(`country of issue ${ofIssue}`);
  if (city) notes.push(`issued in ${city}`);
  if (issued) notes.push(`issued on ${r.date(issued, 'DATE_OF_ISSUE')}`);
  if (note && note !== value) notes.push(note);
  const doc: Identifier = { type: documentType(label), value };
  if (label) doc.label = label;
  const country = issuing || ofIssue;
  if (country) doc.country = country;
  if (notes.length) doc.note = notes.join('; ');
  return doc;
}
