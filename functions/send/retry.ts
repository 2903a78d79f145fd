/**
 * Retry policy for deliveries: exponential backoff with jitter for at least 24 hours, then the
 * dead-letter state. Pure: the clock and the random source are parameters.
 */

export interface RetryPolicy {
  /** Delay before the second attempt, in ms. */
  baseDelayMs: number;
  /** Largest delay between two attempts, in ms. */
  maxDelayMs: number;
  /** Keep retrying while less than this has passed since the first attempt, in ms (≥ 24 h). */
  budgetMs: number;
  /** Largest Retry-After honoured, in ms (a longer one is capped, never ignored). */
  maxRetryAfterMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** 30 s, 1 min, 2 min … capped at 2 h, for 25 hours: about 20 attempts in all. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 30_000,
  maxDelayMs: 2 * HOUR,
  budgetMs: 25 * HOUR,
  maxRetryAfterMs: 6 * HOUR,
};

/** How one attempt ended. `retryable` failures are retried; the others dead-letter at once. */
export type AttemptResult =
  | { ok: true; detail?: string }
  | { ok: false; retryable: boolean; reason: string; retryAfterMs?: number };

/**
 * The delay before attempt `attempt + 1` after `attempt` attempts (1-based), with "equal jitter":
 * half the exponential step plus a random share of the other half, so retries of many deliveries
 * that failed together spread out instead of arriving together.
 */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const half = exp / 2;
  return Math.round(half + random() * half);
}

export type RetryDecision = { retry: true; at: number; delayMs: number } | { retry: false; reason: string };

/**
 * After a failed attempt: when to try again, or why not. `firstAttemptAt` and `now` are epoch ms.
 * Retry-After is honoured (the next attempt is never earlier than it asks).
 */
export function nextAttempt(
  policy: RetryPolicy,
  input: {
    attempt: number;
    firstAttemptAt: number;
    now: number;
    result: AttemptResult;
    random: () => number;
  },
): RetryDecision {
  const { result } = input;
  if (result.ok) return { retry: false, reason: 'delivered' };
  if (!result.retryable) return { retry: false, reason: `not retryable: ${result.reason}` };
  let delayMs = backoffDelayMs(policy, input.attempt, input.random);
  if (result.retryAfterMs !== undefined) {
    delayMs = Math.max(delayMs, Math.min(result.retryAfterMs, policy.maxRetryAfterMs));
  }
  const at = input.now + delayMs;
  if (at - input.firstAttemptAt > policy.budgetMs) {
    const hours = Math.round((input.now - input.firstAttemptAt) / HOUR);
    return {
      retry: false,
      reason: `retry budget exhausted after ${input.attempt} attempts over ${hours} h: ${result.reason}`,
    };
  }
  return { retry: true, at, delayMs };
}

/**
 * Classifies an HTTP status for webhooks and Slack: 2xx delivered; 429 and 5xx retryable
 * (429 honouring Retry-After); 408 retryable; other statuses (3xx redirects included, which are
 * never followed) are permanent.
 */
export function classifyHttpStatus(
  status: number,
  retryAfter: string | undefined,
  now: number,
): AttemptResult {
  if (status >= 200 && status < 300) return { ok: true, detail: `HTTP ${status}` };
  const retryAfterMs = parseRetryAfter(retryAfter, now);
  if (status === 429 || status === 408 || status >= 500) {
    return {
      ok: false,
      retryable: true,
      reason: `HTTP ${status}`,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  if (status >= 300 && status < 400) {
    return { ok: false, retryable: false, reason: `HTTP ${status} redirect (redirects are not followed)` };
  }
  return { ok: false, retryable: false, reason: `HTTP ${status}` };
}

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
