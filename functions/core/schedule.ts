/** EventBridge `rate(N minute|minutes|hour|hours|day|days)` expressions (the one parser of them). */

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** The interval of a `rate(...)` expression in milliseconds; `undefined` for anything else (cron). */
export function rateMs(expression: string): number | undefined {
  const m = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[m[2]!.replace(/s$/, '')]!;
}
