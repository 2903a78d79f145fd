/**
 * What a poll does with a publication, as a pure decision for lists and notice feeds alike:
 * (previous state, fetched publication, parsed result, options) →
 * `Unchanged | Quarantine | Baseline | NoChanges | Changed`.
 *
 * The decision asks for what it lacks instead of having it computed up front: a publication
 * identical to the accepted one is never parsed, and one held by the guards that need no diff is
 * never diffed. The shell (functions/pipeline/poll.ts) fetches, archives, parses or diffs when asked
 * (`Needs`), and persists and emits what the decision says. No I/O here.
 *
 * Order: same publication → Unchanged; held earlier and not approved → Quarantine (the earlier
 * hold); unparsable → Quarantine; guards without the diff (stale, bounds, shrink, companion shrink)
 * → Quarantine; first publication → Baseline; guards on the diff (mass removals, key drift) →
 * Quarantine; no alertable change → NoChanges; else Changed. Operator approval (`force`) skips the
 * held-earlier check and every guard.
 */
import {
  type AcceptedFacts,
  type ChangeFacts,
  checkChanges,
  checkPublication,
  type GuardLimits,
  type Hold,
} from './guards';
import type { SourceDefinition } from './source';

/** What the source state remembers of the accepted publications. */
export type PreviousState = AcceptedFacts;

export interface FetchedPublication {
  sha256: string;
  /** Status of an earlier hold of this same publication, if any. */
  held?: 'held' | 'approved' | 'rejected';
}

export type ParsedResult =
  | { ok: false; error: string }
  | {
      ok: true;
      records: number;
      published?: string;
      companionRecords?: Readonly<Record<string, number>>;
      /** The diff against the snapshot, once asked for: alertable changes, removed and drifted entries. */
      diff?: { changes: number } & Pick<ChangeFacts, 'removed' | 'drifted'>;
    };

export interface DecisionOptions {
  /** Operator approval: no held-earlier check, no guards. */
  force?: boolean;
  /** The guards to apply (lists); none for notice feeds. */
  guards?: { def: Pick<SourceDefinition, 'id' | 'recordBounds'>; limits: GuardLimits };
}

export type QuarantineCause = Hold | { reason: 'parse-error'; message: string };

export type PollDecision =
  | { kind: 'unchanged' }
  /** `hold` absent: the publication was held earlier and still is (or was rejected). */
  | { kind: 'quarantine'; hold?: QuarantineCause; stage: 'held' | 'parse' | 'publication' | 'changes' }
  | { kind: 'baseline' }
  | { kind: 'no-changes' }
  | { kind: 'changed' };

/** The decision cannot be made without this. */
export type Needs = { kind: 'needs'; what: 'parse' | 'diff' };

export function decidePoll(
  previous: PreviousState,
  fetched: FetchedPublication,
  parsed: ParsedResult | undefined,
  options: DecisionOptions = {},
): PollDecision | Needs {
  if (fetched.sha256 === previous.lastSha256) return { kind: 'unchanged' };
  const guards = options.force ? undefined : options.guards;
  if (!options.force && fetched.held !== undefined && fetched.held !== 'approved')
    return { kind: 'quarantine', stage: 'held' };
  if (!parsed) return { kind: 'needs', what: 'parse' };
  if (!parsed.ok)
    return { kind: 'quarantine', stage: 'parse', hold: { reason: 'parse-error', message: parsed.error } };
  if (guards) {
    const hold = checkPublication(
      guards.def,
      previous,
      {
        sha256: fetched.sha256,
        records: parsed.records,
        ...(parsed.published ? { published: parsed.published } : {}),
        ...(parsed.companionRecords ? { companionRecords: parsed.companionRecords } : {}),
      },
      guards.limits,
    );
    if (hold) return { kind: 'quarantine', stage: 'publication', hold };
  }
  if (previous.lastSha256 === undefined) return { kind: 'baseline' };
  if (!parsed.diff) return { kind: 'needs', what: 'diff' };
  if (guards) {
    const { removed, drifted } = parsed.diff;
    const hold = checkChanges(
      guards.def.id,
      { previousRecords: previous.lastRecords ?? 0, removed, drifted },
      guards.limits,
    );
    if (hold) return { kind: 'quarantine', stage: 'changes', hold };
  }
  return parsed.diff.changes === 0 ? { kind: 'no-changes' } : { kind: 'changed' };
}
