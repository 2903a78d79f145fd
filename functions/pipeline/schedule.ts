/**
 * Next run time of an EventBridge Scheduler expression, for the local scheduler: `rate(N unit)`
 * and `cron(minutes hours day-of-month month day-of-week year)` evaluated in UTC, as EventBridge does.
 * Pure: the current time is a parameter.
 */

import { SourceError } from '../core/errors';
import { rateMs } from '../core/schedule';
import type { SourceDefinition } from '../core/source';
import { feedDefinitions, feedSource, isFeedSource } from '../feeds/index';
import { isPolledByDefault, LIST_SOURCES, listDefinitions, listSource } from '../sources/index';

/** Every source the code knows: the notice feeds, then the lists. */
export function allSourceDefinitions(): SourceDefinition[] {
  return [...feedDefinitions(), ...listDefinitions()];
}

/** The definition of a list or a notice feed; an unknown id throws a `SourceError`. */
export function sourceDefinition(id: string): SourceDefinition {
  if (isFeedSource(id)) return feedSource(id).definition;
  if (Object.hasOwn(LIST_SOURCES, id)) return listSource(id).definition;
  const known = allSourceDefinitions().map((d) => d.id);
  throw new SourceError(id, `unknown source; known sources: ${known.join(', ')}`);
}

/**
 * What a local `poll` or `run` polls: the named sources (lists or notice feeds; an unknown id
 * throws), else every source polled by default (`isPolledByDefault`, the rule the AWS stack uses
 * too) — notice feeds first, as they announce what the lists publish later.
 */
export function sourcesToPoll(named?: readonly string[]): SourceDefinition[] {
  if (named?.length) return named.map(sourceDefinition);
  return allSourceDefinitions().filter(isPolledByDefault);
}

function field(
  spec: string,
  min: number,
  max: number,
  names: Record<string, number> = {},
): Set<number> | undefined {
  if (spec === '*' || spec === '?') return undefined;
  const out = new Set<number>();
  const value = (v: string) => {
    const n = names[v.toUpperCase()] ?? Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`invalid cron value '${v}'`);
    return n;
  };
  for (const part of spec.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    let lo = min;
    let hi = max;
    if (range !== '*') {
      const [a, b] = range!.split('-');
      lo = value(a!);
      hi = b !== undefined ? value(b) : stepText ? max : lo;
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

const MONTHS = Object.fromEntries(
  ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'].map((m, i) => [
    m,
    i + 1,
  ]),
);
const DAYS = Object.fromEntries(['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'].map((d, i) => [d, i + 1]));

/** The first time strictly after `after` at which the schedule fires. */
export function nextRun(expression: string, after: Date): Date {
  const rate = rateMs(expression);
  if (rate !== undefined) return new Date(after.getTime() + rate);
  const m = /^cron\((.+)\)$/.exec(expression.trim());
  const parts = m ? m[1]!.trim().split(/\s+/) : [];
  if (parts.length !== 6) throw new Error(`unsupported schedule expression '${expression}'`);
  const [min, hour, dom, mon, dow] = parts as [string, string, string, string, string];
  const minutes = field(min, 0, 59);
  const hours = field(hour, 0, 23);
  const days = field(dom, 1, 31);
  const months = field(mon, 1, 12, MONTHS);
  const weekdays = field(dow, 1, 7, DAYS);
  const t = new Date(Math.floor(after.getTime() / 60_000) * 60_000 + 60_000);
  for (let i = 0; i < 366 * 24 * 60; i++, t.setTime(t.getTime() + 60_000)) {
    if (months && !months.has(t.getUTCMonth() + 1)) continue;
    if (days && !days.has(t.getUTCDate())) continue;
    if (weekdays && !weekdays.has(t.getUTCDay() + 1)) continue;
    if (hours && !hours.has(t.getUTCHours())) continue;
    if (minutes && !minutes.has(t.getUTCMinutes())) continue;
    return new Date(t);
  }
  throw new Error(`schedule '${expression}' never fires within a year`);
}
