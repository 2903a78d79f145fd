import { describe, expect, it } from 'vitest';
import { rateMs } from '../../functions/core/schedule';
import { nextRun } from '../../functions/pipeline/schedule';

const at = (iso: string) => new Date(iso);

describe('schedule expressions', () => {
  it('rate(): a fixed interval after the given time', () => {
    expect(rateMs('rate(15 minutes)')).toBe(900_000);
    expect(rateMs('rate(1 hour)')).toBe(3_600_000);
    expect(nextRun('rate(1 day)', at('2024-01-01T10:00:00Z')).toISOString()).toBe('2024-01-02T10:00:00.000Z');
  });

  it('cron(): the next matching minute in UTC, strictly after the given time', () => {
    expect(nextRun('cron(0 6 * * ? *)', at('2024-01-01T06:00:00Z')).toISOString()).toBe(
      '2024-01-02T06:00:00.000Z',
    );
    expect(nextRun('cron(0/15 * * * ? *)', at('2024-01-01T06:01:00Z')).toISOString()).toBe(
      '2024-01-01T06:15:00.000Z',
    );
    // Mondays to Fridays at 09:30: from Friday evening the next run is Monday morning.
    expect(nextRun('cron(30 9 ? * MON-FRI *)', at('2024-01-05T18:00:00Z')).toISOString()).toBe(
      '2024-01-08T09:30:00.000Z',
    );
  });

  it('refuses what it cannot evaluate', () => {
    expect(() => nextRun('every day', at('2024-01-01T00:00:00Z'))).toThrow(/unsupported schedule/);
    expect(() => nextRun('cron(99 * * * ? *)', at('2024-01-01T00:00:00Z'))).toThrow(/invalid cron value/);
  });
});
