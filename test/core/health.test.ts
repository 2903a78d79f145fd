import { describe, expect, it } from 'vitest';
import { scheduleIntervalMinutes, staleSources } from '../../functions/core/health';

const now = new Date('2026-11-25T12:00:00Z');

describe('source health', () => {
  it('reads rate expressions and counts cron schedules as daily', () => {
    expect(scheduleIntervalMinutes('rate(15 minutes)')).toBe(15);
    expect(scheduleIntervalMinutes('rate(1 hour)')).toBe(60);
    expect(scheduleIntervalMinutes('rate(2 days)')).toBe(2880);
    expect(scheduleIntervalMinutes('cron(0 6 * * ? *)')).toBe(1440);
  });

  it('given a source polled within N intervals, when checked, then it is healthy', () => {
    expect(
      staleSources(
        [{ sourceId: 'a', schedule: 'rate(15 minutes)', lastSuccess: '2026-11-25T11:00:00Z' }],
        now,
        6,
      ),
    ).toEqual([]);
  });

  it('given a source whose last success is older than N intervals, when checked, then it is stale', () => {
    expect(
      staleSources(
        [{ sourceId: 'a', schedule: 'rate(15 minutes)', lastSuccess: '2026-11-25T10:29:00Z' }],
        now,
        6,
      ),
    ).toEqual([{ sourceId: 'a', lastSuccess: '2026-11-25T10:29:00Z', windowMinutes: 90 }]);
  });

  it('given a source never polled, then it is stale only once its window has passed since it was deployed', () => {
    expect(
      staleSources([{ sourceId: 'a', schedule: 'rate(5 minutes)', since: '2026-11-25T11:50:00Z' }], now, 3),
    ).toEqual([]);
    expect(staleSources([{ sourceId: 'a', schedule: 'rate(5 minutes)' }], now, 3)).toEqual([
      { sourceId: 'a', lastSuccess: null, windowMinutes: 15 },
    ]);
  });
});
