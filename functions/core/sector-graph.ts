/**
 * The entity index as a sector graph (pure): `related` evidence over Linked To / parent / owner
 * edges of every list the index holds (same list or not), and `cross-list` evidence from the same
 * entity on another list matched by a strong identifier. Records carry their entry's own sectors
 * (`sectorRecordOf`); a record made without them gives no sector.
 */
import type { Change } from './changes';
import type { EntityIndex } from './entities/index';
import { type EntityRecord, type RelationKind, recordOf } from './entities/record';
import type { Designation } from './model';
import { ownProfile, type SectorGraph, type SectorNode, withGraphEvidence } from './sectors';

/** The relationship kinds sectors are inherited over. */
const INHERITED_OVER: ReadonlySet<RelationKind> = new Set(['linked-to', 'parent', 'owner']);

/** The entity record of a designation with its own sectors (what the graph inherits). */
export function sectorRecordOf(d: Designation): EntityRecord {
  const p = ownProfile(d);
  return { ...recordOf(d), sectors: [...p.sectors], ...(p.bank ? { bank: true } : {}) };
}

function nodeOf(r: EntityRecord): SectorNode {
  return {
    source: r.source,
    id: r.id,
    name: r.name,
    type: r.type,
    bank: r.bank === true,
    sectors: r.sectors ?? [],
  };
}

/** The index as a sector graph. */
export function indexGraph(index: EntityIndex): SectorGraph<EntityRecord> {
  return {
    describe: nodeOf,
    up: (r) =>
      index
        .up(r)
        .filter((s) => INHERITED_OVER.has(s.kind))
        .map((s) => ({ to: s.to, relation: s.text, source: s.source })),
    sameEntity: (r) =>
      index.matchesOf(r).flatMap((m) => {
        if (m.match.by !== 'identifier') return [];
        const to = index.get(m.source, m.id);
        return to ? [{ to, field: m.match.field, value: m.match.value }] : [];
      }),
  };
}

/** A change's sector tags with the index's `related` and `cross-list` evidence added. */
export function withIndexSectors<C extends Change>(index: EntityIndex, change: C, entry: EntityRecord): C {
  return { ...change, sectors: withGraphEvidence(change.sectors, entry, indexGraph(index)) };
}
