import type { AlsoListed, Related } from './entities/index';
import type { Designation, EntityType } from './model';

/** The sector taxonomy. The first seven are the sectors the UK's Russia regulations name. */
export const SECTORS = [
  'oil',
  'gas',
  'mining',
  'chemicals',
  'defence',
  'communications',
  'financial-services',
  'shipping',
  'aviation',
  'technology',
  'energy',
  'transport',
  'construction',
  'manufacturing',
  'agriculture',
  'government',
  'other',
] as const;
export type Sector = (typeof SECTORS)[number];

/** Why a sector tag was given: which field, what text in it, and which rule matched. */
export interface Evidence {
  /** Field of the designation, e.g. `attributes.organizationType`, `identifiers`, `entityType`, `reasons`. */
  field: string;
  /** The text that matched (quoted from the entry). */
  text: string;
  /** The rule's id in the sector rule table, e.g. `ofac-org-type:B06`. */
  rule: string;
  /** Set when the tag was inherited from a linked entry: that entry's id. */
  inheritedFrom?: string;
}

export interface SectorTag {
  sector: Sector;
  evidence: Evidence[];
}

export type ChangeKind = 'added' | 'removed' | 'amended';

export interface FieldChange {
  /** e.g. `aliases`, `addresses`, `regimes`, `birthDates`, `remarks`, `attributes.vesselFlag`. */
  field: string;
  before: unknown;
  after: unknown;
  /** False for whitespace, punctuation, ordering, casing-only and publisher-timestamp changes. */
  material: boolean;
}

export interface Change {
  kind: ChangeKind;
  /** Publisher's stable id. */
  id: string;
  name: string;
  entityType: EntityType;
  regimes: string[];
  sectors: SectorTag[];
  /** Field changes; empty for `added` and `removed`. */
  fields: FieldChange[];
  /** Added and removed are always material; an amendment is material when any field change is. */
  material: boolean;
  /** The same entity on the other lists checked (entity index); present when other lists were checked. */
  alsoListed?: AlsoListed[];
  /** List sources checked that hold no entry for this entity. */
  notListedBy?: string[];
  /** Relationships the lists state for this entry, with paths. */
  related?: Related[];
}

export interface PublicationSummary {
  published?: string;
  records: number;
  sha256: string;
}

export interface DiffResult {
  source: string;
  old: PublicationSummary;
  new: PublicationSummary;
  summary: { added: number; removed: number; amended: number };
  changes: Change[];
}

/** A notice from an official feed (RSS/Atom), delivered as a change of kind `notice`. */
export interface Notice {
  /** Feed item guid/id. */
  id: string;
  title: string;
  link: string;
  /** ISO timestamp. */
  published: string;
  /** Regimes/programs detected, as the publisher names them. */
  regimes: string[];
  /** Names listed in the notice, where it lists them. */
  names: string[];
  sectors: SectorTag[];
  summary?: string;
}

/** Where a list change was announced first (reconciliation of notices with list publications). */
export interface Announcement {
  source: string;
  noticeId: string;
  title: string;
  link: string;
  published: string;
}

/**
 * What delivery filters match beyond name, regimes and sectors (countries, watch terms): the entry's
 * other names, countries (nationalities, countries, address countries) and identifier values. Taken
 * from the new entry, or from the old one for a removal. Optional on batch changes: without it,
 * delivery matches on the name and on the amended fields' before/after values only.
 */
export interface ChangeSubject {
  aliases: string[];
  nonLatinNames: string[];
  countries: string[];
  identifiers: string[];
}

/** The `ChangeSubject` of a designation (pure). */
export function changeSubject(d: Designation): ChangeSubject {
  const countries = new Set<string>([...d.nationalities, ...d.countries]);
  for (const a of d.addresses) if (a.country) countries.add(a.country);
  return {
    aliases: d.aliases.map((a) => a.name),
    nonLatinNames: d.nonLatinNames.map((n) => n.name),
    countries: [...countries],
    identifiers: d.identifiers.map((i) => i.value),
  };
}

/**
 * One publication's changes, persisted write-ahead and handed to delivery. Its id is derived from
 * (source, publication sha256) so that a rerun can never emit it twice.
 */
export interface ChangeBatch {
  /** `${source}:${sha256}` */
  id: string;
  source: string;
  sourceKind: 'list' | 'feed';
  /** Official publication URL (for links in alerts). */
  url: string;
  detectedAt: string;
  publication: PublicationSummary;
  previous?: PublicationSummary;
  summary: { added: number; removed: number; amended: number; notices?: number };
  /** List changes (for feed sources: empty). */
  changes: (Change & {
    announcedIn?: Announcement[];
    subject?: ChangeSubject;
    /** Set on an alert's copy when it matched a relationship watch: the path to the watched entry. */
    watchPath?: string;
  })[];
  /** Feed notices (for list sources: absent or empty). */
  notices?: Notice[];
}

export function batchId(source: string, sha256: string): string {
  return `${source}:${sha256}`;
}

/** Parses `<source>:<sha256>` (what `batchId` makes). */
export function splitBatchId(id: string): { source: string; sha256: string } {
  const i = id.lastIndexOf(':');
  if (i <= 0) throw new Error(`not a batch id: ${id}`);
  return { source: id.slice(0, i), sha256: id.slice(i + 1) };
}
