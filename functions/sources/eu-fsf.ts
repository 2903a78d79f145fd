/**
 * EU Financial Sanctions Files (FSF), full list XML 1.1: root `export` (`generationDate`), one
 * `sanctionEntity` per listed person or enterprise, keyed by `logicalId`. Facts are attributes; each
 * detail (name, citizenship, birth date, address, identification) carries a `regulationSummary` of
 * the act that introduced it. Streamed entity by entity (see `xml-stream.ts`).
 */
import type { Address, Alias, Designation, Identifier, IdentifierType, Publication } from '../core/model';
import { emptyDesignation } from '../core/model';
import { checkBytes, finishPublication, type ParseOptions, type SourceDefinition } from '../core/source';
import { ElementReader, fail, oneLine, streamXmlRecords, type XmlElement } from './xml-stream';

export const definition: SourceDefinition = {
  id: 'eu-fsf',
  title: 'EU Financial Sanctions Files: consolidated list of persons, groups and entities (XML 1.1)',
  publisher: 'European Commission (DG FISMA), Financial Sanctions Database',
  // The token is the public placeholder the FSF site hands out for unauthenticated downloads.
  url: 'https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw',
  homepage:
    'https://data.europa.eu/data/datasets/consolidated-list-of-persons-groups-and-entities-subject-to-eu-financial-sanctions',
  format: 'xml',
  kind: 'list',
  schedule: 'rate(1 hour)',
  // The full list held about 2,000 entities before 2022 and several thousand since; the only real
  // sample here is a 1,044-entity prefix of a 2022 file, so the floor sits just below it.
  recordBounds: { min: 1000, max: 15000 },
  maxBytes: 200 * 1024 * 1024,
  // Only a 1,044-entity prefix offline (at most 863 / 7,189): generous for the full file.
  limits: { field: 64 * 1024, record: 256 * 1024 },
};

const SOURCE = definition.id;
const NAMESPACE = 'http://eu.europa.ec/fpi/fsd/export';

const SUBJECT_TYPES: Record<string, { entityType: Designation['entityType']; classificationCode: string }> = {
  person: { entityType: 'individual', classificationCode: 'P' },
  enterprise: { entityType: 'entity', classificationCode: 'E' },
};

/** `identificationTypeCode` → identifier type (codes the FSF documents and public readers see). */
const IDENTIFICATION_TYPES: Record<string, IdentifierType> = {
  passport: 'passport',
  id: 'national-id',
  ssn: 'national-id',
  NRN: 'national-id',
  regnumber: 'registration',
  fiscalcode: 'tax',
  swiftbic: 'swift-bic',
  imo: 'imo',
  other: 'other',
  travelcardid: 'other',
  drivinglicence: 'other',
  tradelic: 'other',
  birthcert: 'other',
  nationcert: 'other',
  electionid: 'other',
  residentperm: 'other',
};

/** `address/contactInfo@key` → identifier type. */
const CONTACT_TYPES: Record<string, IdentifierType> = {
  PHONE: 'phone',
  FAX: 'phone',
  EMAIL: 'email',
  WEB: 'website',
};

const GENDERS: Record<string, string> = { M: 'Male', F: 'Female' };

const BOOLEAN = ['true', 'false'];

/**
 * Attributes every detail element carries that are not facts about the entry: `logicalId` (the
 * database row id of the detail) and `regulationLanguage` (the language of the export, `en`).
 */
const DETAIL_BOOKKEEPING = ['logicalId', 'regulationLanguage'];

class EuRecord extends ElementReader {
  /**
   * The children of a detail element: `regulationSummary` (the act that introduced the detail:
   * provenance, not a fact about the entry, and explicitly ignored after its attributes are
   * checked) and `remark` texts, which are returned.
   */
  detailRemarks(el: XmlElement): string[] {
    const kids = this.children(
      el,
      ['regulationSummary', 'remark', 'contactInfo'],
      ['regulationSummary', 'remark', 'contactInfo'],
    );
    if (el.name !== 'address' && kids.has('contactInfo'))
      this.fail(`unknown element <contactInfo> inside <${el.name}>`);
    for (const summary of kids.get('regulationSummary') ?? []) {
      this.attributes(summary, ['regulationType', 'publicationDate', 'numberTitle', 'publicationUrl']);
      this.text(summary);
    }
    return (kids.get('remark') ?? []).map((r) => this.text(r).trim()).filter((t) => t !== '');
  }

  bool(el: XmlElement, name: string): boolean {
    const value = el.attributes[name] ?? 'false';
    if (!BOOLEAN.includes(value)) this.fail(`<${el.name}> ${name}="${value}" is not true/false`);
    return value === 'true';
  }

  /** The country of a detail, or '' for the FSF's `00` / `UNKNOWN`. */
  country(el: XmlElement): string {
    const description = oneLine(el.attributes.countryDescription);
    const code = oneLine(el.attributes.countryIso2Code);
    if (description === 'UNKNOWN' || code === '00') return '';
    return description || code;
  }
}

export function parse(bytes: Uint8Array, options: ParseOptions = {}): Publication {
  checkBytes(definition, bytes);
  // The FSF writes one <sanctionEntity> per legal act: an entity listed under two programmes (e.g.
  // AFG and TAQA) appears twice with the same logicalId, and both elements describe the one entry.
  const byId = new Map<string, Designation>();
  let published: string | undefined;
  streamXmlRecords(SOURCE, bytes, {
    enter(path, attributes) {
      if (path.length === 1) {
        if (path[0] !== 'export')
          fail(SOURCE, `the root element is <${path[0]}>, expected <export>: not an FSF XML file`);
        for (const [name, value] of Object.entries(attributes)) {
          // globalFileId is the FSF's serial number of the generated file: bookkeeping, ignored.
          if (name === 'xmlns' && value !== NAMESPACE) fail(SOURCE, `unexpected namespace "${value}"`);
          if (!['generationDate', 'globalFileId', 'xmlns'].includes(name)) {
            fail(SOURCE, `unknown attribute ${name} on <export>`);
          }
        }
        published = oneLine(attributes.generationDate) || undefined;
        return 'container';
      }
      if (path.length === 2 && path[1] === 'sanctionEntity') return 'record';
      return fail(SOURCE, `unexpected element <${path.join('/')}>`);
    },
    record(el) {
      readEntity(el, byId);
    },
  });
  if (!published) fail(SOURCE, 'the root element has no generationDate attribute');
  return finishPublication(definition, bytes, [...byId.values()], { published }, options);
}

/** Reads one <sanctionEntity> into a new entry, or into the entry its logicalId already has. */
function readEntity(el: XmlElement, byId: Map<string, Designation>): void {
  const id = oneLine(el.attributes.logicalId);
  const r: EuRecord = new EuRecord(SOURCE, id ? `logicalId ${id}` : `sanctionEntity at line ${el.line}`);
  if (!id) r.fail('the entity has no logicalId');
  const a = r.attributes(el, [
    'logicalId',
    'euReferenceNumber',
    'unitedNationId',
    'designationDetails',
    'designationDate',
  ]);
  const kids = r.children(
    el,
    [
      'remark',
      'regulation',
      'subjectType',
      'nameAlias',
      'citizenship',
      'birthdate',
      'address',
      'identification',
    ],
    ['remark', 'regulation', 'nameAlias', 'citizenship', 'birthdate', 'address', 'identification'],
  );

  const subject = kids.get('subjectType')?.[0] ?? r.fail('the entity has no subjectType');
  const { code = '', classificationCode = '' } = r.attributes(subject, ['code', 'classificationCode']);
  const kind = SUBJECT_TYPES[code];
  if (!kind || kind.classificationCode !== classificationCode) {
    r.fail(`unknown subjectType code="${code}" classificationCode="${classificationCode}"`);
  }
  r.text(subject);

  const d = byId.get(id) ?? emptyDesignation(SOURCE, id, kind.entityType, '');
  byId.set(id, d);
  if (d.entityType !== kind.entityType)
    r.fail(`the logicalId is listed both as ${d.entityType} and as ${code}`);
  const add = (key: string, value: string | undefined): void => {
    const v = value === undefined ? '' : key === 'designationDetails' ? value.trim() : oneLine(value);
    if (v && !d.attributes[key]?.includes(v)) d.attributes[key] = [...(d.attributes[key] ?? []), v];
  };
  add('entityKind', code);
  add('listReference', a.euReferenceNumber);
  add('unReference', a.unitedNationId);
  add('designationDetails', a.designationDetails);
  const designated = oneLine(a.designationDate);
  if (designated && (!d.listedOn || designated < d.listedOn)) d.listedOn = designated;
  // Every entry of the Financial Sanctions Files is subject to the EU asset freeze (and the
  // prohibition on making funds available); other EU measures are not published in this file.
  if (!d.measures.length) d.measures.push('asset freeze');

  for (const remark of kids.get('remark') ?? []) {
    const text = r.text(remark).trim();
    if (text && !d.remarks?.split('\n\n').includes(text))
      d.remarks = d.remarks ? `${d.remarks}\n\n${text}` : text;
  }

  for (const reg of kids.get('regulation') ?? []) readRegulation(r, reg, d);
  for (const alias of kids.get('nameAlias') ?? []) readNameAlias(r, alias, d);
  if (!d.name) r.fail('the entity has no nameAlias with a name');
  for (const cit of kids.get('citizenship') ?? []) {
    r.attributes(cit, ['region', 'countryIso2Code', 'countryDescription', ...DETAIL_BOOKKEEPING]);
    const notes = [oneLine(cit.attributes.region), ...r.detailRemarks(cit)].filter((x) => x !== '');
    const country = r.country(cit);
    if (country) d.nationalities.push(notes.length ? `${country} (${notes.join('; ')})` : country);
    else if (notes.length) r.fail('a citizenship has remarks but no country');
  }
  for (const birth of kids.get('birthdate') ?? []) readBirthdate(r, birth, d);
  for (const addr of kids.get('address') ?? []) readAddress(r, addr, d);
  for (const ident of kids.get('identification') ?? []) d.identifiers.push(readIdentification(r, ident));
  r.keepUnmapped(d);
}

function readRegulation(r: EuRecord, el: XmlElement, d: Designation): void {
  const a = r.attributes(el, [
    'regulationType',
    'organisationType',
    'publicationDate',
    'entryIntoForceDate',
    'numberTitle',
    'programme',
    // The database id of the regulation: bookkeeping, ignored.
    'logicalId',
  ]);
  const kids = r.children(el, ['publicationUrl']);
  const urlEl = kids.get('publicationUrl')?.[0];
  const url = urlEl ? oneLine(r.text(urlEl)) : '';
  const programme = oneLine(a.programme);
  if (!programme) r.fail('a regulation has no programme');
  d.regimes.push(programme);
  const facts = [
    [a.regulationType, a.organisationType]
      .map(oneLine)
      .filter((x) => x)
      .join(' by '),
    a.publicationDate ? `published ${oneLine(a.publicationDate)}` : '',
    a.entryIntoForceDate ? `in force ${oneLine(a.entryIntoForceDate)}` : '',
    url,
  ].filter((x) => x !== '');
  const title = oneLine(a.numberTitle) || 'regulation without number';
  d.attributes.regulation = [...(d.attributes.regulation ?? []), `${title} (${facts.join('; ')})`];
}

/** Quality given in an alias remark ("Good quality alias", "low quality alias", misspellings). */
function remarkQuality(remark: string): Alias['quality'] | undefined {
  const l = remark.toLowerCase();
  if (/\blo\w* quality/.test(l)) return 'low';
  if (/\b(good|god|qood|high) quality/.test(l)) return 'good';
  return undefined;
}

/** Letters of a script other than Latin (Cyrillic, Arabic, Greek, CJK…): a non-Latin name. */
const NON_LATIN_LETTER = /(?=\p{L})(?!\p{Script=Latin})/u;

function readNameAlias(r: EuRecord, el: XmlElement, d: Designation): void {
  const a = r.attributes(el, [
    'firstName',
    'middleName',
    'lastName',
    'wholeName',
    'function',
    'gender',
    'title',
    'nameLanguage',
    'strong',
    ...DETAIL_BOOKKEEPING,
  ]);
  const name =
    oneLine(a.wholeName) ||
    [a.firstName, a.middleName, a.lastName]
      .map(oneLine)
      .filter((x) => x)
      .join(' ');
  const remarks = r.detailRemarks(el);
  if (!name) r.fail('a nameAlias has no name');
  const language = oneLine(a.nameLanguage);
  if (NON_LATIN_LETTER.test(name)) {
    d.nonLatinNames.push(language ? { name, language } : { name });
  } else if (!d.name) {
    d.name = name; // The first Latin-script name is the entry's name, as the FSF lists it first.
  } else if (name !== d.name) {
    let quality: Alias['quality'] = r.bool(el, 'strong') ? 'strong' : 'weak';
    const notes: string[] = [];
    for (const remark of remarks) {
      const stated = remarkQuality(remark);
      if (stated) quality = stated;
      else notes.push(remark);
    }
    d.aliases.push({ name, type: 'aka', quality });
    remarks.splice(0, remarks.length, ...notes);
  }
  if (language) d.attributes.nameLanguage = [...(d.attributes.nameLanguage ?? []), `${name}: ${language}`];
  for (const remark of remarks)
    d.attributes.aliasNote = [...(d.attributes.aliasNote ?? []), `${name}: ${remark}`];
  if (a.function) d.positions.push(oneLine(a.function));
  if (a.title) d.titles.push(oneLine(a.title));
  if (a.gender) {
    const gender = GENDERS[oneLine(a.gender)];
    if (!gender) r.fail(`unknown nameAlias gender "${a.gender}"`);
    d.gender = gender;
  }
}

/**
 * A birth date at the FSF's precision: `birthdate` when complete, else year[-month[-day]], else a
 * `yearRangeFrom`–`yearRangeTo` range (`1960 to 1962`); `circa` → `circa 1958`; a non-Gregorian
 * calendar and remarks follow in parentheses. The place goes to birth places.
 */
function readBirthdate(r: EuRecord, el: XmlElement, d: Designation): void {
  const a = r.attributes(el, [
    'circa',
    'calendarType',
    'city',
    'zipCode',
    'birthdate',
    'dayOfMonth',
    'monthOfYear',
    'year',
    'yearRangeFrom',
    'yearRangeTo',
    'region',
    'place',
    'countryIso2Code',
    'countryDescription',
    ...DETAIL_BOOKKEEPING,
  ]);
  const remarks = r.detailRemarks(el);
  const pad = (n: string | undefined): string => oneLine(n).padStart(2, '0');
  let date = oneLine(a.birthdate);
  if (!date && a.year) {
    date = oneLine(a.year);
    if (a.monthOfYear) date += `-${pad(a.monthOfYear)}${a.dayOfMonth ? `-${pad(a.dayOfMonth)}` : ''}`;
  }
  if (!date && (a.yearRangeFrom || a.yearRangeTo))
    date = `${oneLine(a.yearRangeFrom)} to ${oneLine(a.yearRangeTo)}`;
  if (date && !/^\d{4}(-\d{2}(-\d{2})?)?$|^\d{4} to \d{4}$/.test(date))
    r.fail(`birth date "${date}" is not a date`);
  const calendar = oneLine(a.calendarType);
  if (!['', 'GREGORIAN', 'ISLAMIC'].includes(calendar))
    r.fail(`unknown birthdate calendarType "${calendar}"`);
  const notes = [...(calendar === 'ISLAMIC' ? ['Islamic calendar'] : []), ...remarks];
  if (date) {
    const circa = r.bool(el, 'circa') ? `circa ${date}` : date;
    d.birthDates.push(notes.length ? `${circa} (${notes.join('; ')})` : circa);
  } else if (notes.length) {
    d.birthDates.push(notes.join('; '));
  }
  const place = [a.place, a.city, a.region, a.zipCode, r.country(el)].map(oneLine).filter((x) => x !== '');
  if (place.length) d.birthPlaces.push(place.join(', '));
}

function readAddress(r: EuRecord, el: XmlElement, d: Designation): void {
  const a = r.attributes(el, [
    'asAtListingTime',
    'city',
    'countryDescription',
    'countryIso2Code',
    'place',
    'poBox',
    'region',
    'street',
    'zipCode',
    ...DETAIL_BOOKKEEPING,
  ]);
  const remarks = r.detailRemarks(el);
  const notes = r.bool(el, 'asAtListingTime') ? [...remarks, 'as at listing time'] : remarks;
  for (const contact of el.children.filter((c) => c.name === 'contactInfo')) {
    const { key = '', value = '' } = r.attributes(contact, ['key', 'value']);
    r.text(contact);
    const type = CONTACT_TYPES[key];
    if (!type) r.fail(`unknown contactInfo key "${key}"`);
    if (oneLine(value)) d.identifiers.push({ type, value: oneLine(value), label: key });
  }
  const address: Address = {
    lines: [a.street, a.poBox ? `PO Box ${oneLine(a.poBox)}` : '', a.place]
      .map(oneLine)
      .filter((x) => x !== ''),
    city: oneLine(a.city),
    region: oneLine(a.region),
    postalCode: oneLine(a.zipCode),
    country: r.country(el),
    note: notes.join('; '),
  };
  // An address holding nothing but contact details adds no address; empty strings are dropped by
  // the canonical form.
  if (
    address.lines.length ||
    address.city ||
    address.region ||
    address.postalCode ||
    address.country ||
    remarks.length
  ) {
    d.addresses.push(address);
  }
}

function readIdentification(r: EuRecord, el: XmlElement): Identifier {
  const a = r.attributes(el, [
    'countryDescription',
    'countryIso2Code',
    'diplomatic',
    'identificationTypeCode',
    'identificationTypeDescription',
    'issueDate',
    'issuedBy',
    'knownExpired',
    'knownFalse',
    'latinNumber',
    'nameOnDocument',
    'number',
    'region',
    'reportedLost',
    'revokedByIssuer',
    'validFrom',
    'validTo',
    ...DETAIL_BOOKKEEPING,
  ]);
  const code = oneLine(a.identificationTypeCode);
  const type = IDENTIFICATION_TYPES[code];
  if (!type) r.fail(`unknown identificationTypeCode "${code}" (${a.identificationTypeDescription ?? ''})`);
  const value = oneLine(a.number) || oneLine(a.latinNumber);
  if (!value) r.fail(`an identification (${code}) has no number`);
  const notes = [
    a.latinNumber && oneLine(a.latinNumber) !== value ? `latin number ${oneLine(a.latinNumber)}` : '',
    a.issuedBy ? `issued by ${oneLine(a.issuedBy)}` : '',
    a.region ? `region ${oneLine(a.region)}` : '',
    a.issueDate ? `issued on ${oneLine(a.issueDate)}` : '',
    a.validFrom ? `valid from ${oneLine(a.validFrom)}` : '',
    a.validTo ? `valid to ${oneLine(a.validTo)}` : '',
    oneLine(a.nameOnDocument),
    r.bool(el, 'diplomatic') ? 'diplomatic' : '',
    r.bool(el, 'knownExpired') ? 'known expired' : '',
    r.bool(el, 'knownFalse') ? 'known false' : '',
    r.bool(el, 'reportedLost') ? 'reported lost' : '',
    r.bool(el, 'revokedByIssuer') ? 'revoked by issuer' : '',
    ...r.detailRemarks(el),
  ].filter((x) => x !== '');
  const id: Identifier = { type, value };
  const label = oneLine(a.identificationTypeDescription) || code;
  if (label) id.label = label;
  const country = r.country(el);
  if (country) id.country = country;
  if (notes.length) id.note = notes.join('; ');
  return id;
}
