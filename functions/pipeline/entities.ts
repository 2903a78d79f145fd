/**
 * The entity index in the poll pipeline: annotate a list batch's changes with the other lists that
 * hold the same entity (`alsoListed`), the lists checked that do not (`notListedBy`) and the
 * relationships the lists state (`related`), from the stored index; and keep the index current
 * with writes proportional to the changes (the batch's snapshot puts and deletes). Rebuilt from
 * the snapshots on demand (`entities rebuild`).
 */
import type { ChangeBatch } from '../core/changes';
import { annotateChange } from '../core/entities/annotate';
import { EntityIndex } from '../core/entities/index';
import type { EntityRecord } from '../core/entities/record';
import type { Designation } from '../core/model';
import { sectorRecordOf } from '../core/sector-graph';

/** Where the entity index is kept (DynamoDB / the embedded store: `functions/store/entities.ts`). */
export interface EntityIndexRepository {
  /** Every record of the given sources. */
  load(sources: readonly string[]): Promise<EntityRecord[]>;
  /** Puts and deletes one source's records (idempotent). Returns the items written. */
  apply(source: string, puts: readonly EntityRecord[], deletes: readonly string[]): Promise<number>;
  /** The ids a source has in the index (rebuild deletes the ones its snapshot no longer holds). */
  ids(source: string): Promise<string[]>;
}

/** One source's snapshot changes, as the pipeline applies them. */
export interface EntityPlan {
  puts: readonly { entry: Designation }[];
  deletes: readonly string[];
}

export interface EntityGraph {
  /**
   * The changes annotated from the stored index of every list, with this source's new state
   * applied first (so edges between entries added together resolve); the index is updated.
   * `entries`: each change's designation after the change (before it, for a removal).
   */
  annotate(
    source: string,
    changes: ChangeBatch['changes'],
    entries: ReadonlyMap<string, Designation>,
    plan: EntityPlan,
  ): Promise<ChangeBatch['changes']>;
  /** Applies a source's snapshot changes to the stored index (baseline, publications without changes). */
  update(source: string, plan: EntityPlan): Promise<number>;
}

export function entityGraph(repo: EntityIndexRepository, listSources: readonly string[]): EntityGraph {
  const update = (source: string, plan: EntityPlan) =>
    repo.apply(
      source,
      plan.puts.map((p) => sectorRecordOf(p.entry)),
      plan.deletes,
    );
  return {
    update,
    async annotate(source, changes, entries, plan) {
      const index = new EntityIndex(await repo.load(listSources));
      index.apply(
        source,
        plan.puts.map((p) => sectorRecordOf(p.entry)),
        plan.deletes,
      );
      await update(source, plan);
      return changes.map((c) => {
        const entry = entries.get(c.id);
        return entry ? annotateChange(index, c, sectorRecordOf(entry)) : c;
      });
    },
  };
}

/**
 * Rebuilds every source's records from its snapshot: puts all, deletes the ids no longer there.
 * Returns per source the records written and deleted.
 */
export async function rebuildEntityIndex(
  repo: EntityIndexRepository,
  sources: readonly string[],
  snapshot: (source: string) => Promise<Designation[]>,
): Promise<{ source: string; records: number; deleted: number }[]> {
  const out: { source: string; records: number; deleted: number }[] = [];
  for (const source of sources) {
    const entries = await snapshot(source);
    const keep = new Set(entries.map((d) => d.id));
    const stale = (await repo.ids(source)).filter((id) => !keep.has(id));
    await repo.apply(source, entries.map(sectorRecordOf), stale);
    out.push({ source, records: entries.length, deleted: stale.length });
  }
  return out;
}
