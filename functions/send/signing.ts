/**
 * Webhook signatures after the Standard Webhooks specification (https://www.standardwebhooks.com/):
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, keyed by the
 * base64-decoded part of a `whsec_<base64>` secret. Pure apart from `generateWebhookSecret`'s
 * default random source.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';
/** The spec's default tolerance between the signed timestamp and the receiver's clock. */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

export type WebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/** A new secret: `whsec_` + base64 of `bytes` (24–64, default 32) random bytes. */
export function generateWebhookSecret(bytes = 32, random: (n: number) => Uint8Array = randomBytes): string {
  if (!Number.isInteger(bytes) || bytes < 24 || bytes > 64)
    throw new Error('a webhook secret has 24 to 64 bytes');
  return SECRET_PREFIX + Buffer.from(random(bytes)).toString('base64');
}

/** The key bytes of a secret (with or without the `whsec_` prefix). Throws on a malformed secret. */
export function secretKey(secret: string): Buffer {
  const b64 = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) {
    throw new Error('malformed webhook secret: expected whsec_ followed by base64');
  }
  const key = Buffer.from(b64, 'base64');
  if (key.length < 24 || key.length > 64)
    throw new Error('malformed webhook secret: the key must have 24 to 64 bytes');
  return key;
}

// Header-safe ids: printable ASCII without spaces, so that no header can be injected through them.
const HEADER_TOKEN = /^[\x21-\x7e]{1,256}$/;

function signature(key: Buffer, id: string, timestamp: number, body: string | Uint8Array): Buffer {
  const hmac = createHmac('sha256', key);
  hmac.update(`${id}.${timestamp}.`);
  hmac.update(body);
  return hmac.digest();
}

/** The three headers for one delivery attempt; `timestamp` in seconds since the epoch. */
export function signWebhook(input: {
  secret: string;
  id: string;
  timestamp: number;
  body: string | Uint8Array;
}): WebhookHeaders {
  const { secret, id, timestamp, body } = input;
  if (!HEADER_TOKEN.test(id))
    throw new Error('webhook id must be 1–256 printable ASCII characters without spaces');
  if (!Number.isSafeInteger(timestamp) || timestamp < 0)
    throw new Error('webhook timestamp must be whole seconds');
  const sig = signature(secretKey(secret), id, timestamp, body).toString('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${sig}` };
}

export type VerifyResult =
  | { ok: true; id: string; timestamp: number }
  | {
      ok: false;
      reason:
        | 'missing-headers'
        | 'bad-timestamp'
        | 'timestamp-too-old'
        | 'timestamp-too-new'
        | 'no-valid-signature';
    };

/** Case-insensitive header lookup over plain objects and `Headers`-like maps. */
function header(
  headers: Record<string, string | string[] | undefined> | { get(name: string): string | null },
  name: string,
): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  for (const [k, v] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? v.join(' ') : v;
  }
  return undefined;
}

/**
 * Verifies a received webhook: the timestamp within `toleranceSeconds` of `now` (seconds since the
 * epoch) and at least one `v1,` signature of the space-separated list matching, compared in
 * constant time. `body` must be the raw body as received.
 */
export function verifyWebhook(input: {
  secret: string;
  headers: Record<string, string | string[] | undefined> | { get(name: string): string | null };
  body: string | Uint8Array;
  now: number;
  toleranceSeconds?: number;
}): VerifyResult {
  const id = header(input.headers, 'webhook-id');
  const ts = header(input.headers, 'webhook-timestamp');
  const sigs = header(input.headers, 'webhook-signature');
  if (!id || !ts || !sigs) return { ok: false, reason: 'missing-headers' };
  if (!/^\d{1,15}$/.test(ts)) return { ok: false, reason: 'bad-timestamp' };
  const timestamp = Number(ts);
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (timestamp < input.now - tolerance) return { ok: false, reason: 'timestamp-too-old' };
  if (timestamp > input.now + tolerance) return { ok: false, reason: 'timestamp-too-new' };
  const expected = signature(secretKey(input.secret), id, timestamp, input.body);
  for (const candidate of sigs.split(' ')) {
    const comma = candidate.indexOf(',');
    if (comma < 0 || candidate.slice(0, comma) !== 'v1') continue;
    const given = Buffer.from(candidate.slice(comma + 1), 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected))
      return { ok: true, id, timestamp };
  }
  return { ok: false, reason: 'no-valid-signature' };
}
