/** The pages' CSRF check: a signed token in the form, its nonce in a SameSite cookie, our origin. */
import { describe, expect, it } from 'vitest';
import { CSRF_COOKIE, checkCsrf, issueCsrf } from '../../functions/http/csrf';
import type { ApiRequest } from '../../functions/http/types';

const KEY = 'k'.repeat(32);
const NOW = Date.parse('2026-11-29T12:00:00Z');
const BASE = 'https://alerts.example';

function post(token: string, cookie: string | undefined, headers: Record<string, string> = {}): ApiRequest {
  return {
    method: 'POST',
    path: '/subscribe',
    query: {},
    headers: { host: 'alerts.example', origin: BASE, ...(cookie ? { cookie } : {}), ...headers },
    body: `csrf=${encodeURIComponent(token)}`,
  };
}

describe('CSRF', () => {
  const { token, cookie } = issueCsrf(KEY, NOW, true);
  const jar = `other=1; ${cookie.split(';')[0]}`;

  it('sets an HttpOnly, SameSite=Strict, Secure cookie holding the nonce', () => {
    expect(cookie).toMatch(
      new RegExp(
        `^${CSRF_COOKIE}=[A-Za-z0-9_-]{22}; Path=/; HttpOnly; SameSite=Strict; Max-Age=7200; Secure$`,
      ),
    );
    expect(token.split('.')[1]).toBe(cookie.split(';')[0]!.split('=')[1]);
  });

  it('accepts our own form with its cookie, from our origin or with no Origin', () => {
    expect(checkCsrf(KEY, post(token, jar), token, NOW + 60_000, BASE)).toEqual({ ok: true });
    const noOrigin = post(token, jar);
    delete noOrigin.headers.origin;
    expect(checkCsrf(KEY, noOrigin, token, NOW, BASE)).toEqual({ ok: true });
  });

  it.each([
    ['another origin', post(token, jar, { origin: 'https://evil.example' }), token, NOW],
    ['Origin null', post(token, jar, { origin: 'null' }), token, NOW],
    ['a cross-site fetch', post(token, jar, { 'sec-fetch-site': 'cross-site' }), token, NOW],
    ['no cookie', post(token, undefined), token, NOW],
    ['a cookie of another form', post(token, `${CSRF_COOKIE}=AAAAAAAAAAAAAAAAAAAAAA`), token, NOW],
    ['a forged signature', post(token, jar), `${token.slice(0, -2)}AA`, NOW],
    ['another key', post(token, jar), issueCsrf('x'.repeat(32), NOW, true).token, NOW],
    ['an expired token', post(token, jar), token, NOW + 3 * 3600_000],
    ['no token', post('', jar), undefined, NOW],
  ])('refuses %s', (_what, req, given, now) => {
    expect(checkCsrf(KEY, req, given, now, BASE).ok).toBe(false);
  });
});
