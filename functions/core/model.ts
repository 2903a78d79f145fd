/**
 * The normalised model shared by every source. Parsers turn a publisher's bytes into a
 * `Publication` of `Designation`s; everything downstream (diff, sectors, store, delivery) sees
 * only this shape.
 */

export const ENTITY_TYPES = ['individual', 'entity', 'vessel', 'aircraft'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** How a name relates to the entry. `primary` is the entry's main name. */
export type NameType = 'primary' | 'aka' | 'fka' | 'nka' | 'other';
/** Publisher-given quality of an alias (OFAC strong/weak, UN good/low, OFSI good/low quality). */
export type NameQuality = 'strong' | 'weak' | 'good' | 'low';

export interface Alias {
  name: string;
  type: NameType;
  quality?: NameQuality;
}

export interface NonLatinName {
  name: string;
  /** Script, e.g. `Cyrillic`, `Arabic`, when given. */
  script?: string;
  /** Language, e.g. `Russian`, when given. */
  language?: string;
}

export interface Address {
  /** Street lines in publisher order, empties dropped. */
  lines: string[];
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
  note?: string;
}

export const IDENTIFIER_TYPES = [
  'passport',
  'national-id',
  'imo',
  'swift-bic',
  'tax',
  'registration',
  'website',
  'email',
  'phone',
  'digital-currency',
  'aircraft',
  'other',
] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

export interface Identifier {
  type: IdentifierType;
  value: string;
  /** The publisher's own label, e.g. `Digital Currency Address - XBT`, `Passport`, `IMO`. */
  label?: string;
  country?: string;
  note?: string;
}

export interface Link {
  /** Publisher id of the linked entry, when the publisher gives one. */
  id?: string;
  name: string;
  /** e.g. `Linked To`, `Owned or controlled by`. */
  relation: string;
}

/**
 * Dates are kept as the publisher gave them, at the precision it gave: `1994`, `1970-08`,
 * `1970-08-12`, or a range/qualified form such as `1960 to 1962` or `circa 1958`.
 */
export type PartialDate = string;

export interface Designation {
  /** Source id, e.g. `us-ofac-sdn`. */
  source: string;
  /** The publisher's stable id (OFAC uid/ent_num, OFSI Group ID, UN DATAID, EU logicalId, FCDO UniqueID). */
  id: string;
  entityType: EntityType;
  name: string;
  aliases: Alias[];
  nonLatinNames: NonLatinName[];
  /** Regimes / programs as the publisher names them, e.g. `RUSSIA-EO14024`, `Russia`. */
  regimes: string[];
  listedOn?: PartialDate;
  lastUpdated?: PartialDate;
  birthDates: PartialDate[];
  birthPlaces: string[];
  nationalities: string[];
  /** Other countries the entry is associated with (citizenship, country of registration, flag, …). */
  countries: string[];
  addresses: Address[];
  identifiers: Identifier[];
  positions: string[];
  titles: string[];
  /** Measures imposed, e.g. `asset freeze`, `travel ban`, `trust services`, `arms embargo`. */
  measures: string[];
  /** Free-text remarks / other information. */
  remarks?: string;
  /** Statement of reasons, when published. */
  reasons?: string;
  links: Link[];
  gender?: string;
  /**
   * Other publisher facts, each a sorted list of strings, e.g. `organizationType`, `targetType`,
   * `vesselType`, `vesselFlag`, `vesselOwner`, `tonnage`, `callSign`, `aircraftModel`,
   * `listReference` (OFSI/FCDO list ref, UN reference number), `designationSource`.
   */
  attributes: Record<string, string[]>;
}

/** Publication-level facts. */
export interface PublicationMeta {
  source: string;
  /** Publication date as the publisher states it, ISO (`2024-05-03` or full timestamp), when stated. */
  published?: string;
  /** The record count the publisher states inside the file, when it does. */
  statedRecordCount?: number;
  /** Records parsed. */
  records: number;
  /** sha256 (hex) of the bytes parsed (for multi-file sources: of the main file). */
  sha256: string;
  /**
   * Multi-file publications: rows read from each companion file, by lower-case file name (e.g.
   * `{ "add.csv": 11234, "alt.csv": 9321 }`), so the poll guards can hold a companion that shrank.
   */
  companionRecords?: Record<string, number>;
  /**
   * Elements, attributes or columns the parser does not map, by path (`INDIVIDUAL/NEW_ELEMENT`,
   * `INDIVIDUAL_ALIAS/@script`, a CSV column name): how many entries carry one, an example value
   * and the first such entry. Their values are kept in each entry's `attributes["unmapped.<path>"]`.
   */
  unmapped?: Record<string, UnmappedSummary>;
}

export interface UnmappedSummary {
  count: number;
  example: string;
  record: string;
}

export interface Publication {
  meta: PublicationMeta;
  entries: Designation[];
}

/** A blank designation with every list empty; parsers fill it in. */
export function emptyDesignation(
  source: string,
  id: string,
  entityType: EntityType,
  name: string,
): Designation {
  return {
    source,
    id,
    entityType,
    name,
    aliases: [],
    nonLatinNames: [],
    regimes: [],
    birthDates: [],
    birthPlaces: [],
    nationalities: [],
    countries: [],
    addresses: [],
    identifiers: [],
    positions: [],
    titles: [],
    measures: [],
    links: [],
    attributes: {},
  };
}
