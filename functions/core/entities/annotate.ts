/**
 * Annotating a list's changes from the entity index (pure): each change gets `alsoListed`,
 * `notListedBy` and `related`, from the record of its entry (after the change; before it, for a
 * removal), and its sector tags get the index's `related` and `cross-list` evidence. The index must already hold the new state of the changed list, so that edges between
 * entries added together resolve.
 */
import type { Change } from '../changes';
import { withIndexSectors } from '../sector-graph';
import type { EntityIndex } from './index';
import type { EntityRecord } from './record';

/** The change annotated; `entry` is the record of its entry after the change (before it, for a removal). */
export function annotateChange<C extends Change>(index: EntityIndex, change: C, entry: EntityRecord): C {
  const a = index.annotate(entry);
  const tagged = withIndexSectors(index, change, entry, a.related, a.alsoListed);
  return { ...tagged, alsoListed: a.alsoListed, notListedBy: a.notListedBy, related: a.related };
}
