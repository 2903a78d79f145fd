/**
 * CSRF protection of the pages' forms: a signed double-submit token and an Origin check.
 *
 * A form page sets a random nonce in an `HttpOnly; SameSite=Strict` cookie and puts
 * `<expiry>.<nonce>.<HMAC(key, expiry.nonce)>` in the form. A POST is accepted only when the
 * request does not come from another site (`Origin`, when sent, is ours; `Sec-Fetch-Site` is not
 * `cross-site`), the token's signature is valid and unexpired, and the cookie holds the same nonce.
 * The RFC 8058 one-click unsubscribe POST is not a form of ours and is not checked here (the signed
 * link authorises it and it is idempotent).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiRequest } from './types';

export const CSRF_COOKIE = 'sn_csrf';
const LIFETIME_SECONDS = 2 * 3600;

const sign = (key: string, payload: string) =>
  createHmac('sha256', key).update(`csrf.${payload}`).digest('base64url');

/** A new token for a form and the `Set-Cookie` value that goes with it. */
export function issueCsrf(key: string, nowMs: number, secure: boolean): { token: string; cookie: string } {
  const nonce = randomBytes(16).toString('base64url');
  const exp = Math.floor(nowMs / 1000) + LIFETIME_SECONDS;
  return {
    token: `${exp}.${nonce}.${sign(key, `${exp}.${nonce}`)}`,
    cookie: `${CSRF_COOKIE}=${nonce}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${LIFETIME_SECONDS}${secure ? '; Secure' : ''}`,
  };
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** Origins a form may be posted from: the public base URL's, and the host the request was sent to. */
function sameOrigin(req: ApiRequest, publicBaseUrl: string): boolean {
  const origin = req.headers.origin;
  if (req.headers['sec-fetch-site'] === 'cross-site') return false;
  if (origin === undefined) return true;
  const allowed = new Set<string>();
  try {
    allowed.add(new URL(publicBaseUrl).origin);
  } catch {
    // no public base URL: only the request's own host below
  }
  const host = req.headers.host;
  if (host) {
    allowed.add(`https://${host}`);
    allowed.add(`http://${host}`);
  }
  return allowed.has(origin);
}

export function checkCsrf(
  key: string,
  req: ApiRequest,
  token: string | undefined,
  nowMs: number,
  publicBaseUrl: string,
): { ok: true } | { ok: false; reason: string } {
  if (!sameOrigin(req, publicBaseUrl)) return { ok: false, reason: 'the form was sent from another site' };
  const m = /^(\d{1,12})\.([A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
  if (!m) return { ok: false, reason: 'the form has expired; please send it again' };
  const given = Buffer.from(m[3]!);
  const expected = Buffer.from(sign(key, `${m[1]}.${m[2]}`));
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'the form has expired; please send it again' };
  if (Number(m[1]) * 1000 < nowMs) return { ok: false, reason: 'the form has expired; please send it again' };
  if (cookieValue(req.headers.cookie, CSRF_COOKIE) !== m[2])
    return { ok: false, reason: 'the form has expired or cookies are blocked; please send it again' };
  return { ok: true };
}
