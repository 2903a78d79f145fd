import { describe, expect, it } from 'vitest';
import { pollLogEvent, readHealthConfig, sourcesHealth } from '../../functions/pipeline/health';
import type { SourceState } from '../../functions/pipeline/repos';

const now = new Date('2026-11-25T12:00:00Z');
const config = { schedules: { a: 'rate(15 minutes)', b: 'rate(1 hour)' }, missedIntervals: 4 };
const state = (source: string, fields: Partial<SourceState>): SourceState => ({
  source,
  version: 1,
  ...fields,
});

describe('poll monitoring events', () => {
  it('maps outcomes to the log events the alarms count', () => {
    expect(pollLogEvent('changed')).toBe('poll.completed');
    expect(pollLogEvent('not-modified')).toBe('poll.completed');
    expect(pollLogEvent('baseline')).toBe('poll.completed');
    expect(pollLogEvent('quarantined')).toBe('poll.quarantined');
    expect(pollLogEvent('failed')).toBe('poll.failed');
  });

  it('given recent successes everywhere, then no source is stale', () => {
    const states = [
      state('a', { lastCheckAt: '2026-11-25T11:55:00Z', lastSuccessAt: '2026-11-25T11:55:00Z' }),
      state('b', { lastCheckAt: '2026-11-25T11:00:00Z', lastSuccessAt: '2026-11-25T11:00:00Z' }),
    ];
    expect(sourcesHealth(states, config, now)).toEqual([]);
  });

  it('given a source failing for longer than N intervals, then it is stale', () => {
    const states = [
      state('a', { lastCheckAt: '2026-11-25T11:59:00Z', lastSuccessAt: '2026-11-25T10:30:00Z' }),
      state('b', { lastCheckAt: '2026-11-25T11:00:00Z', lastSuccessAt: '2026-11-25T11:00:00Z' }),
    ];
    expect(sourcesHealth(states, config, now).map((s) => s.sourceId)).toEqual(['a']);
  });

  it('given a deployed source never polled, then it is stale only once the poller has run longer than its window', () => {
    const fresh = [
      state('a', { lastCheckAt: '2026-11-25T11:50:00Z', lastSuccessAt: '2026-11-25T11:50:00Z' }),
    ];
    expect(sourcesHealth(fresh, config, now)).toEqual([]);
    const old = [state('a', { lastCheckAt: '2026-11-25T06:00:00Z', lastSuccessAt: '2026-11-25T11:50:00Z' })];
    expect(sourcesHealth(old, config, now).map((s) => s.sourceId)).toEqual(['b']);
  });

  it('reads the stack-provided configuration and refuses bad values', () => {
    const env = { SOURCE_SCHEDULES: '{"x":"rate(5 minutes)"}', MISSED_POLL_INTERVALS: '3' };
    expect(readHealthConfig(env, config)).toEqual({
      schedules: { x: 'rate(5 minutes)' },
      missedIntervals: 3,
    });
    expect(readHealthConfig({}, config)).toEqual(config);
    expect(() => readHealthConfig({ MISSED_POLL_INTERVALS: '0' }, config)).toThrow(/MISSED_POLL_INTERVALS/);
    expect(() => readHealthConfig({ SOURCE_SCHEDULES: '[]' }, config)).toThrow(/SOURCE_SCHEDULES/);
  });
});
