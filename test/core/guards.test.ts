/**
 * The poll guards as pure decisions: given what the source state remembers, when a publication (and
 * its diff) arrives, then it is accepted or held with a reason and a sample.
 */
import { describe, expect, it } from 'vitest';
import {
  type AcceptedFacts,
  checkChanges,
  checkPublication,
  DEFAULT_REMOVAL_LIMITS,
  DEFAULT_SHRINK_THRESHOLD,
  type GuardLimits,
  removalLimit,
  type SampleEntry,
} from '../../functions/core/guards';

const def = { id: 'un-sc-consolidated', recordBounds: { min: 100, max: 5000 } };
const limits: GuardLimits = { shrinkThreshold: DEFAULT_SHRINK_THRESHOLD, ...DEFAULT_REMOVAL_LIMITS };
const accepted: AcceptedFacts = {
  lastSha256: 'c'.repeat(64),
  lastPublished: '2018-06-21T19:00:00-04:00',
  lastRecords: 1000,
  recentSha256: ['c'.repeat(64), 'b'.repeat(64), 'a'.repeat(64)],
  companionRecords: { 'add.csv': 1000, 'alt.csv': 800 },
};
const fresh = { sha256: 'd'.repeat(64), published: '2018-06-22T19:00:00-04:00', records: 1000 };
const entries = (n: number, newId = false): SampleEntry[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${i}`,
    name: `Name ${i}`,
    ...(newId ? { newId: `n${i}` } : {}),
  }));

describe('checkPublication', () => {
  it('accepts a newer publication of about the same size', () => {
    expect(checkPublication(def, accepted, fresh, limits)).toBeUndefined();
  });

  it('accepts the first publication of a source (nothing remembered)', () => {
    expect(checkPublication(def, {}, fresh, limits)).toBeUndefined();
  });

  it('holds as stale a publication dated before the current one', () => {
    const hold = checkPublication(
      def,
      accepted,
      { ...fresh, published: '2018-06-07T19:00:00-04:00' },
      limits,
    );
    expect(hold?.reason).toBe('stale');
    expect(hold?.message).toMatch(/dated 2018-06-07.*older than the current list's 2018-06-21/);
  });

  it('holds as stale a date-only publication older than the current one (OFAC XML)', () => {
    const hold = checkPublication(
      def,
      { ...accepted, lastPublished: '2022-03-24' },
      { ...fresh, published: '2018-04-06' },
      limits,
    );
    expect(hold?.reason).toBe('stale');
  });

  it('accepts the same date with different content', () => {
    expect(
      checkPublication(def, accepted, { ...fresh, published: accepted.lastPublished! }, limits),
    ).toBeUndefined();
  });

  it('holds as stale a byte-identical copy of an earlier accepted publication, dated or not', () => {
    const { published: _p, ...undated } = fresh;
    const hold = checkPublication(def, accepted, { ...undated, sha256: 'a'.repeat(64) }, limits);
    expect(hold?.reason).toBe('stale');
    expect(hold?.message).toMatch(/byte-identical to one accepted earlier/);
  });

  it('accepts a copy of an earlier accepted file dated after the current list (an older file was approved meanwhile)', () => {
    const approvedOlder = { ...accepted, lastPublished: '2018-06-01T00:00:00Z' };
    const back = { ...fresh, sha256: 'b'.repeat(64), published: '2018-06-20T00:00:00Z' };
    expect(checkPublication(def, approvedOlder, back, limits)).toBeUndefined();
  });

  it('ignores dates it cannot read', () => {
    expect(checkPublication(def, accepted, { ...fresh, published: 'yesterday' }, limits)).toBeUndefined();
  });

  it('holds a count outside the bounds, then a shrink beyond the threshold', () => {
    expect(checkPublication(def, accepted, { ...fresh, records: 50 }, limits)?.reason).toBe('bounds');
    expect(checkPublication(def, accepted, { ...fresh, records: 790 }, limits)?.reason).toBe('shrink');
    expect(checkPublication(def, accepted, { ...fresh, records: 810 }, limits)).toBeUndefined();
  });

  it('holds a companion that became empty or lost more than the threshold of its rows', () => {
    const withCompanions = (c: Record<string, number>) =>
      checkPublication(def, accepted, { ...fresh, companionRecords: c }, limits);
    expect(withCompanions({ 'add.csv': 0, 'alt.csv': 800 })).toMatchObject({ reason: 'companion-shrink' });
    expect(withCompanions({ 'add.csv': 500, 'alt.csv': 800 })?.message).toMatch(
      /add\.csv has 500 rows .* 1000/,
    );
    expect(withCompanions({ 'add.csv': 1000, 'alt.csv': 0 })?.message).toMatch(/alt\.csv/);
    expect(withCompanions({ 'add.csv': 950, 'alt.csv': 900 })).toBeUndefined();
  });

  it('does not judge a companion absent from the publication (an overriding URL without it)', () => {
    expect(
      checkPublication(def, accepted, { ...fresh, companionRecords: { 'alt.csv': 800 } }, limits),
    ).toBeUndefined();
    expect(checkPublication(def, accepted, fresh, limits)).toBeUndefined();
  });
});

describe('checkChanges', () => {
  it('allows removals up to max(1 % of the records, 50)', () => {
    expect(removalLimit(1000, limits)).toBe(50);
    expect(removalLimit(9000, limits)).toBe(90);
    expect(
      checkChanges('x', { previousRecords: 1000, removed: entries(50), drifted: [] }, limits),
    ).toBeUndefined();
    expect(
      checkChanges('x', { previousRecords: 9000, removed: entries(90), drifted: [] }, limits),
    ).toBeUndefined();
  });

  it('holds removals above the limit with the first 10 removed entries as a sample', () => {
    const hold = checkChanges('x', { previousRecords: 9000, removed: entries(913), drifted: [] }, limits);
    expect(hold?.reason).toBe('removals');
    expect(hold?.message).toMatch(/913 entries removed of 9000 records \(more than the 90 allowed/);
    expect(hold?.sample).toEqual(entries(10));
  });

  it('holds mass key drift as such, with old and new ids in the sample', () => {
    const hold = checkChanges(
      'x',
      { previousRecords: 1100, removed: entries(1100), drifted: entries(1100, true) },
      limits,
    );
    expect(hold?.reason).toBe('key-drift');
    expect(hold?.sample?.[0]).toEqual({ id: '0', name: 'Name 0', newId: 'n0' });
    expect(hold?.sample).toHaveLength(10);
  });

  it('takes its limits from the options: a lower count holds fewer removals', () => {
    const strict = { ...limits, removalCount: 2, removalFraction: 0 };
    expect(
      checkChanges('x', { previousRecords: 1000, removed: entries(3), drifted: [] }, strict)?.reason,
    ).toBe('removals');
  });

  it('never holds for additions or amendments: only removals and drift are facts here', () => {
    expect(checkChanges('x', { previousRecords: 10, removed: [], drifted: [] }, limits)).toBeUndefined();
  });
});
