import { describe, expect, it } from 'vitest';
import { signToken, verifyToken } from '../../functions/subscriptions/tokens';

const KEY = 'k'.repeat(32);
const OTHER_KEY = 'o'.repeat(32);
const NOW = 1_700_000_000;

describe('signToken / verifyToken', () => {
  it('given a token without expiry, when verified with the same key, then its payload comes back', () => {
    const token = signToken(KEY, { sub: 'sub_01HX', action: 'unsubscribe' });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyToken(KEY, token, NOW)).toEqual({
      ok: true,
      payload: { sub: 'sub_01HX', action: 'unsubscribe' },
    });
  });

  it('given a token, when decoded, then it holds only the id, the action and the expiry', () => {
    const token = signToken(KEY, { sub: 'sub_1', action: 'manage', exp: NOW + 60 });
    const payload = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));
    expect(payload).toEqual({ sub: 'sub_1', action: 'manage', exp: NOW + 60 });
    expect(token).not.toContain(KEY);
  });

  it('given an expiring token, when verified before and at its expiry, then it is valid, then expired', () => {
    const token = signToken(KEY, { sub: 'sub_1', action: 'confirm', exp: NOW + 60 });
    expect(verifyToken(KEY, token, NOW + 59).ok).toBe(true);
    expect(verifyToken(KEY, token, NOW + 60)).toEqual({ ok: false, reason: 'expired' });
  });

  it('given a token signed with another key, when verified, then the signature is refused', () => {
    const token = signToken(OTHER_KEY, { sub: 'sub_1', action: 'unsubscribe' });
    expect(verifyToken(KEY, token, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('given a payload swapped for another (action or subject), when verified, then the signature is refused', () => {
    const token = signToken(KEY, { sub: 'sub_1', action: 'unsubscribe' });
    const forged = Buffer.from(JSON.stringify({ sub: 'sub_2', action: 'unsubscribe' })).toString('base64url');
    expect(verifyToken(KEY, `${forged}.${token.split('.')[1]}`, NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    const manage = signToken(KEY, { sub: 'sub_1', action: 'manage' });
    expect(verifyToken(KEY, `${manage.split('.')[0]}.${token.split('.')[1]}`, NOW).ok).toBe(false);
  });

  it('given a token with its expiry removed, when verified, then the signature is refused', () => {
    const token = signToken(KEY, { sub: 'sub_1', action: 'confirm', exp: NOW - 1 });
    const stripped = Buffer.from(JSON.stringify({ sub: 'sub_1', action: 'confirm' })).toString('base64url');
    expect(verifyToken(KEY, `${stripped}.${token.split('.')[1]}`, NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('given malformed tokens, when verified, then they are refused as malformed', () => {
    for (const bad of ['', 'abc', 'a.b.c', 'ab+c.def', `${'a'.repeat(2000)}.b`]) {
      expect(verifyToken(KEY, bad, NOW)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('given a subject that is not an id or a short key, when signing, then it refuses', () => {
    expect(() => signToken(KEY, { sub: 'user@example.com', action: 'manage' })).toThrow(/subject/);
    expect(() => signToken('short', { sub: 'sub_1', action: 'manage' })).toThrow(/16 bytes/);
  });
});
