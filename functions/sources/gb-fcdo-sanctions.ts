/**
 * `gb-fcdo-sanctions`: the FCDO's "UK Sanctions List" XML, the single UK list since 28 January 2026
 * (it replaced OFSI's Consolidated List, `gb-ofsi-conlist`). Streamed record by record with saxes.
 *
 * No real sample of the file was available when this was written. Its element names were learned
 * from (read, not copied):
 * - GOV.UK, "The UK Sanctions List" (https://www.gov.uk/government/publications/the-uk-sanctions-list):
 *   the page whose documents section links the XML; the file name contains `UK_Sanctions_List.xml`.
 * - The stable download https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml, as used by
 *   public readers of the list (same URL for every refresh).
 * - OpenSanctions' crawler `datasets/gb/fcdo_sanctions/crawler.py` and its `gb_fcdo_sanctions.yml`
 *   (github.com/opensanctions/opensanctions): `Designation`, `UniqueID`, `IndividualEntityShip`,
 *   `Names/Name/Name1..Name6/NameType`, `NonLatinNames`, `RegimeName`, `DesignationSource`,
 *   `SanctionsImposed` (`|`-joined), `DateDesignated`, `LastUpdated`, `UNReferenceNumber`,
 *   `OtherInformation`, `UKStatementofReasons`, `Addresses/Address/AddressLine1..6`,
 *   `IndividualDetails/Individual` (`DOBs`, `BirthDetails/Location`, `Nationalities`, `Positions`),
 *   `ShipDetails/Ship` (`IMONumbers`, `CurrentOwnerOperators`, `TypeOfShipDetails`,
 *   `CurrentBelievedFlagOfShips`), name types `Primary name`, `Primary name variation`, `Alias`.
 * - Public readers in Ruby, Python, Java and TypeScript on GitHub (e.g. the "active_sanction" and
 *   "ammitto" gems and JAXB models of `Designation`), which add: root `Designations` with a
 *   `DateGenerated` (DD/MM/YYYY) child, `OFSIGroupID`, `Titles/Title`, `AliasStrength` (`Good
 *   quality a.k.a`, `Low quality a.k.a`), `NonLatinName` (`NameNonLatinScript`,
 *   `NonLatinScriptType`, `NonLatinScriptLanguage`), `SanctionsImposedIndicators` (one boolean
 *   element per measure: `AssetFreeze`, `TravelBan`, `ArmsEmbargo`, …), `Websites/Website`,
 *   `EntityDetails/Entity` (`TypeOfEntities`, `BusinessRegistrationNumbers`, `ParentCompanies`,
 *   `Subsidiaries`), `PassportDetails/Passport` and `NationalIdentifierDetails/NationalIdentifier`
 *   (number + additional information), `Genders/Gender`, ship `PreviousFlags`,
 *   `PreviousOwnerOperators`, `TonnageOfShipDetails`, `LengthOfShipDetails`, `YearsBuilt`; IMO
 *   numbers written `IMO9562233` or `9562233`; birth dates with `dd`/`mm` placeholders; name types
 *   in varying case (`Primary Name`, `ALias`). Reported by one reader: the published XSD also
 *   defines `CryptoWalletAddresses` and `HullIdentificationNumbers`, unpopulated so far.
 *
 * Strict: an element not listed here is refused with a `SourceError` naming it and the record, so
 * that a schema change is noticed rather than silently lost.
 */
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
  type Publication,
} from '../core/model';
import { checkBytes, finishPublication, type ParseOptions, type SourceDefinition } from '../core/source';
import { collapse, primaryName, ukAdminDate, ukBirthDate, ukMeasure } from './gb-common';
import { ElementReader, fail, streamXmlRecords, type XmlElement } from './xml-stream';

export const definition: SourceDefinition = {
  id: 'gb-fcdo-sanctions',
  title: 'UK Sanctions List (FCDO)',
  publisher: 'Foreign, Commonwealth & Development Office (FCDO)',
  url: 'https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml',
  homepage: 'https://www.gov.uk/government/publications/the-uk-sanctions-list',
  format: 'xml',
  kind: 'list',
  schedule: 'rate(30 minutes)',
  // Roughly 4,000–6,000 designations (6,334 reported in 2026).
  recordBounds: { min: 3_000, max: 10_000 },
  maxBytes: 120 * 1024 * 1024,
  // No real file offline: generous (OFSI's ConList, the same designations, peaks at 3,135 / 11,474).
  limits: { field: 64 * 1024, record: 256 * 1024 },
};

const SOURCE = definition.id;

const ENTITY_TYPES: Readonly<Record<string, EntityType>> = {
  individual: 'individual',
  entity: 'entity',
  ship: 'vessel',
};

/** `NameType`, case-folded (the list mixes `Primary Name` and `Primary name`, `Alias` and `ALias`). */
const NAME_TYPES: Readonly<Record<string, NameType>> = {
  'primary name': 'primary',
  // A spelling variation of the primary name: kept apart from aliases (as for OFSI).
  'primary name variation': 'other',
  alias: 'aka',
};

const ALIAS_STRENGTHS: Readonly<Record<string, NameQuality>> = {
  'good quality a.k.a': 'good',
  'good quality': 'good',
  'low quality a.k.a': 'low',
  'low quality': 'low',
};

const DESIGNATION_CHILDREN = [
  'LastUpdated',
  'DateDesignated',
  'UniqueID',
  'OFSIGroupID',
  'UNReferenceNumber',
  'Names',
  'NonLatinNames',
  'Titles',
  'RegimeName',
  'IndividualEntityShip',
  'DesignationSource',
  'SanctionsImposed',
  'SanctionsImposedIndicators',
  'OtherInformation',
  'UKStatementofReasons',
  'Addresses',
  'PhoneNumbers',
  'EmailAddresses',
  'Websites',
  'CryptoWalletAddresses',
  'HullIdentificationNumbers',
  'IndividualDetails',
  'EntityDetails',
  'ShipDetails',
] as const;

/** `AssetFreeze` → `Asset Freeze` (then mapped like the `SanctionsImposed` wording). */
function spaced(camel: string): string {
  return camel.replace(/([a-z])([A-Z])/g, '$1 $2');
}

class DesignationReader extends ElementReader {
  /** The one-line text of a leaf. */
  value(el: XmlElement | undefined): string {
    return el ? collapse(this.text(el)) : '';
  }

  /** The only child `name` of a child map, or undefined. */
  one(children: Map<string, XmlElement[]>, name: string): XmlElement | undefined {
    return children.get(name)?.[0];
  }

  /** `<Container><Item>a</Item><Item>b</Item></Container>` → `['a', 'b']` (empty items dropped). */
  items(container: XmlElement | undefined, item: string): string[] {
    if (!container) return [];
    const children = this.children(container, [item], [item]);
    return (children.get(item) ?? []).map((el) => this.value(el)).filter((v) => v !== '');
  }

  /** `<PassportDetails><Passport><PassportNumber/><PassportAdditionalInformation/>…` → identifiers. */
  documents(
    container: XmlElement | undefined,
    item: string,
    numberTag: string,
    infoTag: string,
    type: Identifier['type'],
    label: string,
  ): Identifier[] {
    if (!container) return [];
    const out: Identifier[] = [];
    for (const doc of this.children(container, [item], [item]).get(item) ?? []) {
      const parts = this.children(doc, [numberTag, infoTag]);
      const number = this.value(this.one(parts, numberTag));
      const info = this.value(this.one(parts, infoTag));
      // A document with details and no number keeps the details as its value.
      if (number) out.push({ type, value: number, label, ...(info ? { note: info } : {}) });
      else if (info) out.push({ type, value: info, label });
    }
    return out;
  }
}

const NAME_PARTS = ['Name1', 'Name2', 'Name3', 'Name4', 'Name5', 'Name6'] as const;

function readNames(r: DesignationReader, names: XmlElement | undefined): Alias[] {
  if (!names) return [];
  const out: Alias[] = [];
  for (const el of r.children(names, ['Name'], ['Name']).get('Name') ?? []) {
    const parts = r.children(el, [...NAME_PARTS, 'NameType', 'AliasStrength']);
    const name = collapse(NAME_PARTS.map((p) => r.value(r.one(parts, p))).join(' '));
    const rawType = r.value(r.one(parts, 'NameType'));
    const type = NAME_TYPES[rawType.toLowerCase()];
    if (!type) r.fail(`unknown NameType "${rawType}"`);
    const strength = r.value(r.one(parts, 'AliasStrength'));
    const quality = strength ? ALIAS_STRENGTHS[strength.toLowerCase()] : undefined;
    if (strength && !quality) r.fail(`unknown AliasStrength "${strength}"`);
    // A <Name> with a type and no part is an empty element the FCDO publishes: nothing to keep.
    if (name) out.push({ name, type, ...(quality ? { quality } : {}) });
  }
  return out;
}

function readAddresses(r: DesignationReader, addresses: XmlElement | undefined): Address[] {
  if (!addresses) return [];
  const lines = [
    'AddressLine1',
    'AddressLine2',
    'AddressLine3',
    'AddressLine4',
    'AddressLine5',
    'AddressLine6',
  ];
  return (r.children(addresses, ['Address'], ['Address']).get('Address') ?? []).map((el) => {
    const parts = r.children(el, [...lines, 'AddressPostalCode', 'AddressCountry']);
    const postalCode = r.value(r.one(parts, 'AddressPostalCode'));
    const country = r.value(r.one(parts, 'AddressCountry'));
    return {
      lines: lines.map((l) => r.value(r.one(parts, l))).filter((l) => l !== ''),
      ...(postalCode ? { postalCode } : {}),
      ...(country ? { country } : {}),
    };
  });
}

function readMeasures(r: DesignationReader, imposed: string, indicators: XmlElement | undefined): string[] {
  const out = imposed
    .split('|')
    .map(ukMeasure)
    .filter((m): m is string => m !== undefined);
  if (indicators) {
    // Any indicator element is read (one boolean per measure); text beside them is refused.
    r.children(
      indicators,
      indicators.children.map((c) => c.name),
    );
    for (const el of indicators.children) {
      const flag = r.value(el).toLowerCase();
      if (flag !== 'true' && flag !== 'false')
        r.fail(`SanctionsImposedIndicators/${el.name} is "${flag}", not true or false`);
      const measure = ukMeasure(spaced(el.name));
      if (flag === 'true' && measure) out.push(measure);
    }
  }
  return out;
}

function readIndividual(r: DesignationReader, details: XmlElement, d: Designation): void {
  for (const el of r.children(details, ['Individual'], ['Individual']).get('Individual') ?? []) {
    const c = r.children(el, [
      'DOBs',
      'Title',
      'Titles',
      'Genders',
      'Nationalities',
      'Positions',
      'BirthDetails',
      'PassportDetails',
      'NationalIdentifierDetails',
    ]);
    for (const dob of r.items(r.one(c, 'DOBs'), 'DOB')) {
      const date = ukBirthDate(dob);
      if (date) d.birthDates.push(date);
    }
    const title = r.value(r.one(c, 'Title'));
    if (title) d.titles.push(title);
    d.titles.push(...r.items(r.one(c, 'Titles'), 'Title'));
    const genders = r.items(r.one(c, 'Genders'), 'Gender');
    if (genders.length) d.gender = genders.join(', ');
    d.nationalities.push(...r.items(r.one(c, 'Nationalities'), 'Nationality'));
    d.positions.push(...r.items(r.one(c, 'Positions'), 'Position'));
    const birth = r.one(c, 'BirthDetails');
    for (const loc of birth ? (r.children(birth, ['Location'], ['Location']).get('Location') ?? []) : []) {
      const p = r.children(loc, ['TownOfBirth', 'CountryOfBirth']);
      const place = [r.value(r.one(p, 'TownOfBirth')), r.value(r.one(p, 'CountryOfBirth'))].filter(
        (x) => x !== '',
      );
      if (place.length) d.birthPlaces.push(place.join(', '));
    }
    d.identifiers.push(
      ...r.documents(
        r.one(c, 'PassportDetails'),
        'Passport',
        'PassportNumber',
        'PassportAdditionalInformation',
        'passport',
        'Passport',
      ),
      ...r.documents(
        r.one(c, 'NationalIdentifierDetails'),
        'NationalIdentifier',
        'NationalIdentifierNumber',
        'NationalIdentifierAdditionalInformation',
        'national-id',
        'National Identifier',
      ),
    );
  }
}

function readEntity(r: DesignationReader, details: XmlElement, d: Designation): void {
  for (const el of r.children(details, ['Entity'], ['Entity']).get('Entity') ?? []) {
    const c = r.children(el, [
      'TypeOfEntities',
      'BusinessRegistrationNumbers',
      'ParentCompanies',
      'Subsidiaries',
    ]);
    addAttribute(d, 'entityKind', r.items(r.one(c, 'TypeOfEntities'), 'TypeOfEntity'));
    addAttribute(d, 'parentCompany', r.items(r.one(c, 'ParentCompanies'), 'ParentCompany'));
    addAttribute(d, 'subsidiaries', r.items(r.one(c, 'Subsidiaries'), 'Subsidiary'));
    for (const value of r.items(r.one(c, 'BusinessRegistrationNumbers'), 'BusinessRegistrationNumber')) {
      d.identifiers.push({ type: 'registration', value, label: 'Business Registration Number' });
    }
  }
}

/** Ship detail containers → [item element, attribute key]. */
const SHIP_ATTRIBUTES: Readonly<Record<string, readonly [string, string]>> = {
  CurrentOwnerOperators: ['CurrentOwnerOperator', 'vesselOwner'],
  PreviousOwnerOperators: ['PreviousOwnerOperator', 'vesselPreviousOwner'],
  CurrentBelievedFlagOfShips: ['CurrentBelievedFlagOfShip', 'vesselFlag'],
  PreviousFlags: ['PreviousFlag', 'vesselPreviousFlags'],
  TypeOfShipDetails: ['TypeOfShip', 'vesselType'],
  TonnageOfShipDetails: ['TonnageOfShip', 'tonnage'],
  LengthOfShipDetails: ['LengthOfShip', 'vesselLength'],
  YearsBuilt: ['YearBuilt', 'vesselYearBuilt'],
};

function readShip(r: DesignationReader, details: XmlElement, d: Designation): void {
  for (const el of r.children(details, ['Ship'], ['Ship']).get('Ship') ?? []) {
    const c = r.children(el, ['IMONumbers', ...Object.keys(SHIP_ATTRIBUTES)]);
    for (const imo of r.items(r.one(c, 'IMONumbers'), 'IMONumber')) {
      // `IMO9562233` and `9562233` are the same number; the prefix restates the element.
      d.identifiers.push({ type: 'imo', value: imo.replace(/^IMO\s*/i, ''), label: 'IMO number' });
    }
    for (const [container, [item, key]] of Object.entries(SHIP_ATTRIBUTES)) {
      addAttribute(d, key, r.items(r.one(c, container), item));
    }
  }
}

function addAttribute(d: Designation, key: string, values: string[]): void {
  if (values.length) d.attributes[key] = [...(d.attributes[key] ?? []), ...values];
}

/** Children of a list container whatever their element name (for containers seen unpopulated so far). */
function anyItems(r: DesignationReader, container: XmlElement | undefined): string[] {
  if (!container) return [];
  r.children(
    container,
    container.children.map((c) => c.name),
    container.children.map((c) => c.name),
  );
  return container.children.map((c) => r.value(c)).filter((v) => v !== '');
}

function readDesignation(el: XmlElement): Designation {
  const line = `Designation at line ${el.line}`;
  const probe = el.children.find((c) => c.name === 'UniqueID');
  const id = probe ? collapse(probe.text) : '';
  const r: DesignationReader = new DesignationReader(SOURCE, id ? `UniqueID ${id}` : line);
  r.keepAttributes(el); // the FCDO's record elements have no attributes
  if (!id) r.fail('the designation has no UniqueID');
  const c = r.children(el, DESIGNATION_CHILDREN, ['RegimeName']);

  const kindText = r.value(r.one(c, 'IndividualEntityShip'));
  const entityType = ENTITY_TYPES[kindText.toLowerCase()];
  if (!entityType) r.fail(`unknown IndividualEntityShip "${kindText}"`);
  const names = readNames(r, r.one(c, 'Names'));
  const primary = primaryName(names);
  if (!primary) r.fail('the designation has no Primary Name');
  const d = emptyDesignation(SOURCE, id, entityType, primary.name);
  d.aliases = names.filter((n) => n !== primary);

  const nonLatin = r.one(c, 'NonLatinNames');
  for (const n of nonLatin
    ? (r.children(nonLatin, ['NonLatinName'], ['NonLatinName']).get('NonLatinName') ?? [])
    : []) {
    const p = r.children(n, ['NameNonLatinScript', 'NonLatinScriptType', 'NonLatinScriptLanguage']);
    const name = r.value(r.one(p, 'NameNonLatinScript'));
    const script = r.value(r.one(p, 'NonLatinScriptType'));
    const language = r.value(r.one(p, 'NonLatinScriptLanguage'));
    if (name)
      d.nonLatinNames.push({ name, ...(script ? { script } : {}), ...(language ? { language } : {}) });
  }
  d.titles.push(...r.items(r.one(c, 'Titles'), 'Title'));
  d.regimes = (c.get('RegimeName') ?? []).map((x) => r.value(x)).filter((x) => x !== '');
  const listedOn = ukAdminDate(
    SOURCE,
    r.value(r.one(c, 'DateDesignated')),
    'DateDesignated',
    `UniqueID ${id}`,
  );
  if (listedOn) d.listedOn = listedOn;
  const lastUpdated = ukAdminDate(SOURCE, r.value(r.one(c, 'LastUpdated')), 'LastUpdated', `UniqueID ${id}`);
  if (lastUpdated) d.lastUpdated = lastUpdated;
  d.attributes.listReference = [id];
  addAttribute(
    d,
    'designationSource',
    [r.value(r.one(c, 'DesignationSource'))].filter((x) => x !== ''),
  );
  const groupId = r.value(r.one(c, 'OFSIGroupID'));
  if (groupId) d.identifiers.push({ type: 'other', value: groupId, label: 'OFSI Group ID' });
  const unRef = r.value(r.one(c, 'UNReferenceNumber'));
  if (unRef) d.identifiers.push({ type: 'other', value: unRef, label: 'UN Reference Number' });
  d.measures = readMeasures(r, r.value(r.one(c, 'SanctionsImposed')), r.one(c, 'SanctionsImposedIndicators'));
  // Free text keeps its paragraphs; canonicalisation trims it.
  const other = r.one(c, 'OtherInformation');
  if (other) d.remarks = r.text(other);
  const reasons = r.one(c, 'UKStatementofReasons');
  if (reasons) d.reasons = r.text(reasons);
  d.addresses = readAddresses(r, r.one(c, 'Addresses'));
  const contact = (container: string, item: string, type: Identifier['type'], label: string): void => {
    for (const text of r.items(r.one(c, container), item)) {
      // Several e-mail addresses are sometimes written in one element, separated by `;` or spaces.
      const values = type === 'email' ? text.split(/[;\s]+/).filter((v) => v !== '') : [text];
      for (const value of values) d.identifiers.push({ type, value, label });
    }
  };
  contact('PhoneNumbers', 'PhoneNumber', 'phone', 'Phone number');
  contact('EmailAddresses', 'EmailAddress', 'email', 'Email address');
  contact('Websites', 'Website', 'website', 'Website');
  for (const value of anyItems(r, r.one(c, 'CryptoWalletAddresses'))) {
    d.identifiers.push({ type: 'digital-currency', value, label: 'Crypto wallet address' });
  }
  for (const value of anyItems(r, r.one(c, 'HullIdentificationNumbers'))) {
    d.identifiers.push({ type: 'other', value, label: 'Hull identification number' });
  }
  const individual = r.one(c, 'IndividualDetails');
  if (individual) readIndividual(r, individual, d);
  const entity = r.one(c, 'EntityDetails');
  if (entity) readEntity(r, entity, d);
  const ship = r.one(c, 'ShipDetails');
  if (ship) readShip(r, ship, d);
  return r.keepUnmapped(d);
}

export function parse(bytes: Uint8Array, options: ParseOptions = {}): Publication {
  checkBytes(definition, bytes);
  const entries: Designation[] = [];
  let published: string | undefined;
  streamXmlRecords(SOURCE, bytes, {
    enter(path) {
      if (path.length === 1) {
        if (path[0] !== 'Designations') fail(SOURCE, `the root element is <${path[0]}>, not <Designations>`);
        return 'container';
      }
      if (path.length === 2 && (path[1] === 'Designation' || path[1] === 'DateGenerated')) return 'record';
      return fail(SOURCE, `unknown element <${path.join('/')}>`);
    },
    record(el) {
      if (el.name === 'DateGenerated') {
        published = ukAdminDate(SOURCE, el.text, 'DateGenerated', 'the document');
        return;
      }
      entries.push(readDesignation(el));
    },
  });
  if (entries.length === 0) throw new SourceError(SOURCE, 'the file holds no <Designation>');
  return finishPublication(definition, bytes, entries, { published }, options);
}
