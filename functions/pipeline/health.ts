/**
 * What the poll function reports for monitoring: one log event per poll (`poll.completed`,
 * `poll.quarantined`, `poll.failed`) and, on every run, `sources.health` with the number of
 * deployed sources that have had no successful poll within N × their schedule interval. The CDK
 * stack turns these into metrics and one alarm (lib/constructs/monitoring.ts, LOG_EVENTS).
 */
import { type StaleSource, staleSources } from '../core/health';
import type { SourceState } from './repos';

export type PollLogEvent = 'poll.completed' | 'poll.quarantined' | 'poll.failed';

export function pollLogEvent(kind: string): PollLogEvent {
  if (kind === 'quarantined') return 'poll.quarantined';
  if (kind === 'failed') return 'poll.failed';
  return 'poll.completed';
}

export interface HealthConfig {
  /** Deployed source id → effective schedule expression. */
  schedules: Record<string, string>;
  missedIntervals: number;
}

/** Reads `SOURCE_SCHEDULES` (JSON) and `MISSED_POLL_INTERVALS`, or the given defaults; throws on bad values. */
export function readHealthConfig(env: NodeJS.ProcessEnv, defaults: HealthConfig): HealthConfig {
  let schedules = defaults.schedules;
  if (env.SOURCE_SCHEDULES) {
    const parsed = JSON.parse(env.SOURCE_SCHEDULES) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error('SOURCE_SCHEDULES must be a JSON object of source id → schedule');
    }
    schedules = parsed as Record<string, string>;
  }
  const missed = env.MISSED_POLL_INTERVALS ? Number(env.MISSED_POLL_INTERVALS) : defaults.missedIntervals;
  if (!Number.isInteger(missed) || missed < 1)
    throw new Error('MISSED_POLL_INTERVALS must be a positive integer');
  return { schedules, missedIntervals: missed };
}

/**
 * Stale sources among the deployed ones. A source that has never been polled counts from the
 * earliest check of any source (when the poller started), so a fresh deployment is not stale.
 */
export function sourcesHealth(states: SourceState[], config: HealthConfig, now: Date): StaleSource[] {
  const bySource = new Map(states.map((s) => [s.source, s]));
  const checks = states.map((s) => s.lastCheckAt).filter((t): t is string => Boolean(t));
  const pollerSince = checks.sort()[0] ?? now.toISOString(); // ISO timestamps sort by time
  return staleSources(
    Object.entries(config.schedules).map(([sourceId, schedule]) => {
      const lastSuccess = bySource.get(sourceId)?.lastSuccessAt;
      return { sourceId, schedule, since: pollerSince, ...(lastSuccess ? { lastSuccess } : {}) };
    }),
    now,
    config.missedIntervals,
  );
}
