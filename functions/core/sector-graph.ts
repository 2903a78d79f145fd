/**
 * The entity index as a sector graph (pure): `related` evidence over Linked To / parent / owner
 * edges of every list the index holds (same list or not), and `cross-list` evidence from the same
 * entity on another list matched by a strong identifier, or by a company's name and country where no
 * other entry of either list bears that name. Records carry their entry's own sectors
 * (`sectorRecordOf`); a record made without them gives no sector.
 */
import { type Change, type Evidence, SECTORS, type Sector, type SectorTag, sectorTag } from './changes';
import type { AlsoListed, EntityIndex, Related } from './entities/index';
import { type EntityRecord, type RelationKind, recordOf } from './entities/record';
import type { Designation } from './model';
import {
  isFallbackEvidence,
  ownProfile,
  rememberTaggedProfiles,
  type SectorGraph,
  type SectorNode,
  speaksForEntry,
  withGraphEvidence,
} from './sectors';

/** The relationship kinds sectors are inherited over. */
const INHERITED_OVER: ReadonlySet<RelationKind> = new Set(['linked-to', 'parent', 'owner']);

/** The entity record of a designation with its own sectors (what the graph inherits). */
export function sectorRecordOf(d: Designation): EntityRecord {
  const p = ownProfile(d);
  return {
    ...recordOf(d),
    sectors: [...p.sectors],
    ...(p.stated.length ? { stated: [...p.stated] } : {}),
    ...(p.bank ? { bank: true } : {}),
  };
}

/**
 * `sectorRecordOf`, with the own sectors computed when first read instead of now: for an index
 * held in memory (the CLI's `diff --with`), where the graph reads the sectors of the changed
 * entries and of the few entries their links and identifiers reach, not of every entry of every
 * list (≈ 80 % of the tagging of a `--with` diff went to entries nothing read). The record keeps
 * the designation until then. Not for records that are stored: serialising reads every getter.
 */
export function lazySectorRecordOf(d: Designation): EntityRecord {
  rememberTaggedProfiles();
  const record = recordOf(d);
  let entry: Designation | undefined = d;
  let profile: { sectors: string[]; stated?: string[]; bank?: true } | undefined;
  const read = () => {
    if (!profile) {
      const p = ownProfile(entry!);
      profile = {
        sectors: [...p.sectors],
        ...(p.stated.length ? { stated: [...p.stated] } : {}),
        ...(p.bank ? { bank: true as const } : {}),
      };
      entry = undefined;
    }
    return profile;
  };
  return Object.defineProperties(record, {
    sectors: { get: () => read().sectors, enumerable: true },
    stated: { get: () => read().stated, enumerable: true },
    bank: { get: () => read().bank, enumerable: true },
  });
}

function nodeOf(r: EntityRecord): SectorNode {
  return {
    source: r.source,
    id: r.id,
    name: r.name,
    type: r.type,
    bank: r.bank === true,
    sectors: r.sectors ?? [],
    stated: r.stated ?? [],
  };
}

/**
 * The index as a sector graph (`known`: an entry's matches on other lists when already computed,
 * e.g. by `index.annotate`, so that they are not computed twice).
 */
export function indexGraph(
  index: EntityIndex,
  known?: { entry: EntityRecord; alsoListed: readonly AlsoListed[] },
): SectorGraph<EntityRecord> {
  return {
    describe: nodeOf,
    up: (r) =>
      index
        .up(r)
        .filter((s) => INHERITED_OVER.has(s.kind))
        .map((s) => ({ to: s.to, relation: s.text, source: s.source })),
    sameEntity: (r) =>
      (known?.entry === r ? known.alsoListed : index.matchesOf(r)).flatMap((m) => {
        const to = index.get(m.source, m.id);
        if (!to) return [];
        if (m.match.by === 'identifier') return [{ to, field: m.match.field, value: m.match.value }];
        // A company's name with its registration country, borne by no other entry of either list.
        const country = m.match.corroboration.find((c) => c.startsWith('country '));
        if (r.type !== 'entity' || !country || !index.soleBearers(r, to)) return [];
        return [{ to, field: 'name', value: `${to.name}, ${country}`, byName: true }];
      }),
  };
}

/** The vessel relationships a ship owner, manager or operator is named in (OFAC "Linked To", vessel owner). */
const FLEET_KINDS: ReadonlySet<RelationKind> = new Set(['linked-to', 'owner']);
/**
 * What an entity takes from the listed vessels linked to it: the trade and the cargo — never a navy's
 * defence, nor `chemicals` (the "Chemical/Oil Products" tankers of the shadow fleets carry oil products).
 */
const FLEET_SECTORS: ReadonlySet<string> = new Set(['shipping', 'oil', 'gas', 'agriculture']);
/** The rule id of fleet evidence (family `related`). */
export const FLEET_RULE = 'related:fleet';
/** Vessels quoted per sector: a fleet of 30 tankers needs no 30 pieces of evidence. */
const FLEET_EVIDENCE_MAX = 3;

/**
 * Fleet evidence (issue 12): an entity that listed vessels are linked to (OFAC "Linked To", a vessel's
 * owner or manager) is their owner, manager or operator — `shipping`, and the cargo sectors of the
 * vessels' own evidence (a manager of oil tankers is `oil`, of LNG carriers `gas`, of fishing
 * vessels `agriculture`). Strength `related`, with the vessel as the path. Not for banks, finance
 * and leasing companies (a lessor is not in its lessees' trade) nor state bodies; only sectors the
 * entry's own evidence lacks.
 */
export function withFleetEvidence(
  tags: readonly SectorTag[],
  entry: EntityRecord,
  index: EntityIndex,
  related: readonly Related[] = index.related(entry),
): SectorTag[] {
  if (entry.type !== 'entity' || entry.bank) return [...tags];
  // Its own sectors, as they speak for it: a fallback's (a PLANT's `manufacturing`) do not.
  const own = new Set(tags.filter((t) => t.evidence.some(speaksForEntry)).map((t) => t.sector));
  if (own.has('financial-services') || own.has('government')) return [...tags];
  const added = new Map<Sector, Evidence[]>();
  for (const r of related) {
    if (r.direction !== 'down' || !FLEET_KINDS.has(r.kind)) continue;
    const vessel = index.get(r.other.source, r.other.id);
    if (vessel?.type !== 'vessel') continue;
    for (const sector of (vessel.sectors ?? []) as Sector[]) {
      if (!FLEET_SECTORS.has(sector) || own.has(sector)) continue;
      const list = added.get(sector) ?? [];
      if (list.length >= FLEET_EVIDENCE_MAX) continue;
      list.push({
        field: 'links',
        text: vessel.name,
        rule: FLEET_RULE,
        strength: 'related',
        inheritedFrom: vessel.id,
        path: [
          {
            id: vessel.id,
            name: vessel.name,
            relation: `vessel ${r.text}`,
            ...(vessel.source !== entry.source ? { source: vessel.source } : {}),
          },
        ],
      });
      added.set(sector, list);
    }
  }
  if (added.size === 0) return [...tags];
  // A fallback says what an entry is when nothing else does; its fleet does (a ship owner whose name
  // says PLANT or TECH is a ship owner), so a sector only a fallback gave gives way.
  const bySector = new Map<Sector, Evidence[]>(
    tags.filter((t) => !t.evidence.every(isFallbackEvidence)).map((t) => [t.sector, [...t.evidence]]),
  );
  for (const [sector, evidence] of added)
    bySector.set(sector, [...(bySector.get(sector) ?? []), ...evidence]);
  return SECTORS.filter((s) => bySector.has(s)).map((s) => sectorTag(s, bySector.get(s) as Evidence[]));
}

/**
 * A change's sector tags with the index's `related`, `cross-list` and fleet evidence added
 * (`related`: the entry's relationships when already computed, e.g. by `index.annotate`).
 */
export function withIndexSectors<C extends Change>(
  index: EntityIndex,
  change: C,
  entry: EntityRecord,
  related?: readonly Related[],
  alsoListed?: readonly AlsoListed[],
): C {
  const graph = withGraphEvidence(
    change.sectors,
    entry,
    indexGraph(index, alsoListed ? { entry, alsoListed } : undefined),
  );
  return { ...change, sectors: withFleetEvidence(graph, entry, index, related) };
}
