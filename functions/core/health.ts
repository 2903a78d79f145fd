/**
 * Source health, pure: which enabled sources have had no successful poll within N times their
 * schedule interval. Every poll run logs the result, and one CloudWatch alarm watches the count.
 */

import { rateMs } from './schedule';

export interface SourceHealthInput {
  sourceId: string;
  /** Effective schedule expression, e.g. `rate(15 minutes)` or `cron(0 6 * * ? *)`. */
  schedule: string;
  /** ISO time of the last successful poll (changed or unchanged), if any. */
  lastSuccess?: string;
  /** ISO time the source was first deployed/seen; a source never polled is stale only after its window. */
  since?: string;
}

export interface StaleSource {
  sourceId: string;
  lastSuccess: string | null;
  windowMinutes: number;
}

/** `rate(N minutes|hours|days)` in minutes; a cron expression counts as one day. */
export function scheduleIntervalMinutes(expression: string): number {
  const ms = rateMs(expression);
  return ms === undefined ? 1440 : ms / 60_000;
}

export function staleSources(
  sources: SourceHealthInput[],
  now: Date,
  missedIntervals: number,
): StaleSource[] {
  const stale: StaleSource[] = [];
  for (const source of sources) {
    const windowMinutes = scheduleIntervalMinutes(source.schedule) * missedIntervals;
    const reference = source.lastSuccess ?? source.since;
    const ageMinutes = reference
      ? (now.getTime() - Date.parse(reference)) / 60_000
      : Number.POSITIVE_INFINITY;
    if (!(ageMinutes <= windowMinutes)) {
      stale.push({ sourceId: source.sourceId, lastSuccess: source.lastSuccess ?? null, windowMinutes });
    }
  }
  return stale;
}
