/**
 * Signed link tokens (unsubscribe, manage preferences, confirm): `<payload>.<mac>`, both url-safe
 * base64 without padding. The payload holds only the subscription id, the action and an optional
 * expiry; the MAC is HMAC-SHA256 under the service key with a domain-separation prefix. Pure.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type TokenAction = 'unsubscribe' | 'manage' | 'confirm';
const ACTIONS: readonly TokenAction[] = ['unsubscribe', 'manage', 'confirm'];

export interface TokenPayload {
  /** Subscription id. */
  sub: string;
  action: TokenAction;
  /** Expiry, seconds since the epoch. Absent: does not expire (unsubscribe links must keep working). */
  exp?: number;
}

export type TokenResult =
  | { ok: true; payload: TokenPayload }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

const DOMAIN = 'sanctions-notifier/token/v1';
const SUB = /^[A-Za-z0-9_.:-]{1,128}$/;

function mac(key: string, payloadPart: string): Buffer {
  if (Buffer.byteLength(key) < 16) throw new Error('token key must have at least 16 bytes');
  return createHmac('sha256', key).update(`${DOMAIN}.${payloadPart}`).digest();
}

export function signToken(key: string, payload: TokenPayload): string {
  if (!SUB.test(payload.sub)) throw new Error('token subject must be an id (letters, digits, _ . : -)');
  if (!ACTIONS.includes(payload.action)) throw new Error('unknown token action');
  if (payload.exp !== undefined && !Number.isSafeInteger(payload.exp))
    throw new Error('token expiry must be whole seconds');
  const body: TokenPayload = { sub: payload.sub, action: payload.action };
  if (payload.exp !== undefined) body.exp = payload.exp;
  const part = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${part}.${mac(key, part).toString('base64url')}`;
}

/** Checks the MAC (constant time), then the shape, then the expiry against `now` (seconds). */
export function verifyToken(key: string, token: string, now: number): TokenResult {
  if (typeof token !== 'string' || token.length > 1024) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2) return { ok: false, reason: 'malformed' };
  const [part, sig] = parts as [string, string];
  if (!/^[A-Za-z0-9_-]+$/.test(part) || !/^[A-Za-z0-9_-]+$/.test(sig))
    return { ok: false, reason: 'malformed' };
  const expected = mac(key, part);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad-signature' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const p = parsed as Partial<TokenPayload>;
  if (
    typeof p !== 'object' ||
    p === null ||
    typeof p.sub !== 'string' ||
    !SUB.test(p.sub) ||
    !ACTIONS.includes(p.action as TokenAction) ||
    (p.exp !== undefined && !Number.isSafeInteger(p.exp))
  ) {
    return { ok: false, reason: 'malformed' };
  }
  if (p.exp !== undefined && now >= p.exp) return { ok: false, reason: 'expired' };
  const payload: TokenPayload = { sub: p.sub, action: p.action as TokenAction };
  if (p.exp !== undefined) payload.exp = p.exp;
  return { ok: true, payload };
}
