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

/**
 * How strong a piece of sector evidence is, strongest first (issue 12):
 * - `stated` — the publisher says it: a statement of reasons naming the sector ("… namely the Russian
 *   defence sector"), OFAC's "Executive Order 13662 Directive Determination - Subject to Directive N",
 *   the publisher's own description of what the entry does, a notice describing a listed name;
 * - `record` — a structured record field: OFAC Organization Type and Target Type, vessel type, the
 *   entity kind, SWIFT/BIC and IMO identifiers, the entity type (a vessel, an aircraft);
 * - `name` — a reviewed sector word in the entry's name or a current alias;
 * - `related` — inherited from a linked entry (owner, parent, operator); the evidence shows the path;
 * - `cross-list` — the same entity's evidence on another list, matched by identifier.
 */
export const STRENGTHS = ['stated', 'record', 'name', 'related', 'cross-list'] as const;
export type Strength = (typeof STRENGTHS)[number];

/** Rank of a strength: 0 is the strongest (`stated`). */
export function strengthRank(strength: Strength): number {
  return STRENGTHS.indexOf(strength);
}

/**
 * The strongest strength of some evidence (`stated` before `record` before `name` …). An indexed
 * loop over the evidence itself: this runs for every tag of a diff.
 */
function strongestOf(evidence: readonly Evidence[]): Strength {
  let best: Strength = 'cross-list';
  for (let i = 0; i < evidence.length; i++) {
    const s = evidence[i]!.strength;
    if (strengthRank(s) < strengthRank(best)) best = s;
  }
  return best;
}

/** One step of a `related` evidence path: the entry reached and how. */
export interface EvidenceHop {
  /** Publisher id of the entry reached. */
  id: string;
  name: string;
  /** How it is related, as the list says (`Linked To`, `owned by`, …). */
  relation: string;
  /** The list it is on, when it is not the entry's own list. */
  source?: string;
}

/** Why a sector tag was given: which field, what text in it, which words matched and which rule. */
export interface Evidence {
  /** Field of the designation, e.g. `attributes.organizationType`, `identifiers`, `entityType`, `reasons`. */
  field: string;
  /** The text that matched (quoted from the entry). */
  text: string;
  /** The words in `text` the rule matched (the whole value for exact rules). */
  matched?: string;
  /** The rule's id in the sector rule table, e.g. `ofac-org-type:B06`. */
  rule: string;
  /** How strong this evidence is (see `STRENGTHS`). */
  strength: Strength;
  /** Set when the tag was inherited from a linked entry: that entry's id. */
  inheritedFrom?: string;
  /** `related` / `cross-list` evidence: the entries passed through, nearest first. */
  path?: EvidenceHop[];
}

export interface SectorTag {
  sector: Sector;
  /** The strongest strength among the evidence. */
  strength: Strength;
  evidence: Evidence[];
}

/** A tag from its evidence: its strength is the strongest evidence's. */
export function sectorTag(sector: Sector, evidence: Evidence[]): SectorTag {
  return { sector, strength: strongestOf(evidence), evidence };
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
  /** For the alert's reader: typed identifiers (IMO, SWIFT/BIC, registration, tax, passport…). */
  typedIdentifiers?: { type: string; value: string; label?: string }[];
  /** Dates of birth as published (`1970-08-01`, `1994`, `circa 1958`). */
  birthDates?: string[];
  nationalities?: string[];
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
    typedIdentifiers: d.identifiers.map((i) => ({
      type: i.type,
      value: i.value,
      ...(i.label ? { label: i.label } : {}),
    })),
    birthDates: d.birthDates.map(String),
    nationalities: [...d.nationalities],
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
