/**
 * The poll decision, given what the source state remembers, when a publication is fetched (and
 * parsed, and diffed, as the decision asks), then: unchanged, quarantine, baseline, no changes or
 * changed — the same for lists (with guards) and notice feeds (without).
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REMOVAL_LIMITS,
  DEFAULT_SHRINK_THRESHOLD,
  type SampleEntry,
} from '../../functions/core/guards';
import {
  type DecisionOptions,
  decidePoll,
  type ParsedResult,
  type PreviousState,
} from '../../functions/core/poll-decision';

const guards: DecisionOptions = {
  guards: {
    def: { id: 'un-sc-consolidated', recordBounds: { min: 100, max: 5000 } },
    limits: { shrinkThreshold: DEFAULT_SHRINK_THRESHOLD, ...DEFAULT_REMOVAL_LIMITS },
  },
};
const accepted: PreviousState = {
  lastSha256: 'c'.repeat(64),
  lastPublished: '2018-06-21T19:00:00-04:00',
  lastRecords: 1000,
  recentSha256: ['c'.repeat(64), 'b'.repeat(64)],
};
const firstPoll: PreviousState = {};
const fetched = { sha256: 'd'.repeat(64) };
const parsed = (
  records: number,
  diff?: { changes: number; removed?: number; drifted?: number },
): ParsedResult => ({
  ok: true,
  records,
  published: '2018-06-22T19:00:00-04:00',
  ...(diff
    ? {
        diff: {
          changes: diff.changes,
          removed: entries(diff.removed ?? 0),
          drifted: entries(diff.drifted ?? 0, true),
        },
      }
    : {}),
});
const entries = (n: number, drifted = false): SampleEntry[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${i}`,
    name: `Name ${i}`,
    ...(drifted ? { newId: `n${i}` } : {}),
  }));

describe('decidePoll', () => {
  it('given the accepted publication, when it is fetched again, then unchanged, without parsing', () => {
    expect(decidePoll(accepted, { sha256: accepted.lastSha256! }, undefined, guards)).toEqual({
      kind: 'unchanged',
    });
  });

  it('given a new publication not parsed yet, then it asks for the parse; parsed but not diffed, it asks for the diff', () => {
    expect(decidePoll(accepted, fetched, undefined, guards)).toEqual({ kind: 'needs', what: 'parse' });
    expect(decidePoll(accepted, fetched, parsed(1000), guards)).toEqual({ kind: 'needs', what: 'diff' });
  });

  it('given a publication held earlier, when it comes back, then quarantine (the earlier hold) without parsing; once approved, judged again', () => {
    expect(decidePoll(accepted, { ...fetched, held: 'held' }, undefined, guards)).toEqual({
      kind: 'quarantine',
      stage: 'held',
    });
    expect(decidePoll(accepted, { ...fetched, held: 'rejected' }, undefined, guards).kind).toBe('quarantine');
    expect(decidePoll(accepted, { ...fetched, held: 'approved' }, undefined, guards)).toEqual({
      kind: 'needs',
      what: 'parse',
    });
  });

  it('given an unparsable publication, then quarantine with the parse error', () => {
    expect(decidePoll(accepted, fetched, { ok: false, error: 'bad XML' }, guards)).toEqual({
      kind: 'quarantine',
      stage: 'parse',
      hold: { reason: 'parse-error', message: 'bad XML' },
    });
  });

  it('given a list of 1000, when a publication of 500 arrives, then quarantine for shrink before any diff', () => {
    const d = decidePoll(accepted, fetched, parsed(500), guards);
    expect(d).toMatchObject({ kind: 'quarantine', stage: 'publication', hold: { reason: 'shrink' } });
  });

  it('given a byte-identical copy of a replaced publication, then quarantine as stale', () => {
    const d = decidePoll(accepted, { sha256: 'b'.repeat(64) }, { ok: true, records: 1000 }, guards);
    expect(d).toMatchObject({ kind: 'quarantine', hold: { reason: 'stale' } });
  });

  it('given the first poll, then baseline without a diff; out of bounds, quarantine even then', () => {
    expect(decidePoll(firstPoll, fetched, parsed(1000), guards)).toEqual({ kind: 'baseline' });
    expect(decidePoll(firstPoll, fetched, parsed(10), guards)).toMatchObject({
      kind: 'quarantine',
      hold: { reason: 'bounds' },
    });
  });

  it('given a diff removing more than the limit, then quarantine for removals; renumbered ids, for key drift', () => {
    expect(decidePoll(accepted, fetched, parsed(1000, { changes: 60, removed: 60 }), guards)).toMatchObject({
      kind: 'quarantine',
      stage: 'changes',
      hold: { reason: 'removals' },
    });
    expect(
      decidePoll(accepted, fetched, parsed(1000, { changes: 120, removed: 60, drifted: 60 }), guards),
    ).toMatchObject({ kind: 'quarantine', hold: { reason: 'key-drift' } });
  });

  it('given a diff within the limits, then changed; an empty diff, no changes', () => {
    expect(decidePoll(accepted, fetched, parsed(1000, { changes: 50, removed: 50 }), guards)).toEqual({
      kind: 'changed',
    });
    expect(decidePoll(accepted, fetched, parsed(1000, { changes: 0 }), guards)).toEqual({
      kind: 'no-changes',
    });
  });

  it('given an operator approval, then no earlier hold and no guard stops it', () => {
    const force = { ...guards, force: true };
    expect(
      decidePoll(accepted, { ...fetched, held: 'held' }, parsed(500, { changes: 600, removed: 600 }), force),
    ).toEqual({
      kind: 'changed',
    });
  });

  it('given a notice feed (no guards), when a feed with fewer items and no new ones arrives, then no changes; new ones, changed', () => {
    expect(decidePoll(accepted, fetched, parsed(3, { changes: 0 }), {})).toEqual({ kind: 'no-changes' });
    expect(decidePoll(accepted, fetched, parsed(3, { changes: 2 }), {})).toEqual({ kind: 'changed' });
    expect(decidePoll(firstPoll, fetched, parsed(3), {})).toEqual({ kind: 'baseline' });
  });
});
