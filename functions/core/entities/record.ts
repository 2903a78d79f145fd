/**
 * The compact entity record the index holds for one designation (pure): its names, strong
 * identifiers, dates of birth, countries and the relationships it states. Small enough that the
 * index of every list (~40k entries) is held in memory and stored as one item per entry.
 */
import type { Designation, EntityType } from '../model';
import { type StrongId, strongIdentifiers } from './identifiers';
import { normalizeCountry } from './names';

/** Relationship kinds, from what the lists state. */
export type RelationKind =
  | 'linked-to'
  | 'parent'
  | 'subsidiary'
  | 'owner'
  | 'director'
  | 'trustee'
  | 'asset-of';

/** One relationship as the entry states it: kind, the other party's name (and id when given), the text. */
export interface EdgeSpec {
  kind: RelationKind;
  /** The other party as published (a name). */
  name: string;
  /** The other party's publisher id, same source, when the publisher gives it. */
  id?: string;
  /** Where it was stated: `Linked To`, `parentCompany`, `vesselOwner`, … */
  text: string;
}

export interface EntityRecord {
  source: string;
  id: string;
  type: EntityType;
  name: string;
  /** Primary name, strong/good aliases and non-Latin names. */
  names: string[];
  listedOn?: string;
  ids: StrongId[];
  birthDates: string[];
  /** Normalised countries: nationalities, countries, address countries; an entity's registration country. */
  countries: string[];
  edges: EdgeSpec[];
  /**
   * The sector ids of the entry's OWN evidence and whether it says the entry is a bank, when the
   * record was made with them (`sectorRecordOf`); what `related` and `cross-list` evidence inherit.
   */
  sectors?: string[];
  /** Those of `sectors` its publisher states (`stated` evidence): what another list's entry of the same entity takes. */
  stated?: string[];
  bank?: boolean;
}

/** `source:id`, the index's reference to one entry. */
export function refOf(r: { source: string; id: string }): string {
  return `${r.source}:${r.id}`;
}

export function splitRef(ref: string): { source: string; id: string } {
  const i = ref.indexOf(':');
  return { source: ref.slice(0, i), id: ref.slice(i + 1) };
}

const LINK_KINDS: Record<string, RelationKind> = {
  'Linked To': 'linked-to',
  'Listed as asset of': 'asset-of',
};

/** Attribute keys that state a relationship, and its kind. */
function attributeKind(key: string): RelationKind | undefined {
  if (key === 'parentCompany') return 'parent';
  if (key === 'subsidiaries') return 'subsidiary';
  if (/owner/i.test(key)) return 'owner';
  if (/director/i.test(key)) return 'director';
  if (/trustee/i.test(key)) return 'trustee';
  return undefined;
}

/** The relationships a designation states. */
export function edgesOf(d: Designation): EdgeSpec[] {
  const edges: EdgeSpec[] = [];
  for (const l of d.links) {
    edges.push({
      kind: LINK_KINDS[l.relation] ?? 'linked-to',
      name: l.name,
      ...(l.id ? { id: l.id } : {}),
      text: l.relation,
    });
  }
  for (const [key, values] of Object.entries(d.attributes)) {
    const kind = attributeKind(key);
    if (!kind) continue;
    for (const v of values) {
      const name = v.replace(/\s*\((?:current owners?|owner|operator)\)\s*$/i, '').trim();
      if (name) edges.push({ kind, name, text: key });
    }
  }
  return edges;
}

/** The entity record of a designation. */
export function recordOf(d: Designation): EntityRecord {
  const names = [
    d.name,
    ...d.aliases.filter((a) => a.quality !== 'weak' && a.quality !== 'low').map((a) => a.name),
    ...d.nonLatinNames.map((n) => n.name),
  ];
  const countries = new Set<string>();
  for (const c of [...d.nationalities, ...d.countries]) countries.add(normalizeCountry(c));
  for (const a of d.addresses) if (a.country) countries.add(normalizeCountry(a.country));
  const ids = strongIdentifiers(d);
  // A company's registration or tax number says where it is registered: OFAC's sdn.csv gives no
  // address for most entities, only `Tax ID No. … (Russia)`.
  if (d.entityType === 'entity')
    for (const id of ids) if (id.kind === 'regtax' && id.country) countries.add(id.country);
  countries.delete('');
  return {
    source: d.source,
    id: d.id,
    type: d.entityType,
    name: d.name,
    names: [...new Set(names)],
    ...(d.listedOn ? { listedOn: d.listedOn } : {}),
    ids,
    birthDates: d.birthDates,
    countries: [...countries].sort(),
    edges: edgesOf(d),
  };
}
