/**
 * Annotating a list's changes from the entity index (pure): each change gets `alsoListed`,
 * `notListedBy` and `related`, from the record of its entry (after the change; before it, for a
 * removal). The index must already hold the new state of the changed list, so that edges between
 * entries added together resolve.
 */
import type { Change } from '../changes';
import type { EntityIndex } from './index';
import type { EntityRecord } from './record';

/** The change annotated; `entry` is the record of its entry after the change (before it, for a removal). */
export function annotateChange<C extends Change>(index: EntityIndex, change: C, entry: EntityRecord): C {
  const a = index.annotate(entry);
  return { ...change, alsoListed: a.alsoListed, notListedBy: a.notListedBy, related: a.related };
}
