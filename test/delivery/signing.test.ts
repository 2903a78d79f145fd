import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, secretKey, signWebhook, verifyWebhook } from '../../functions/send/signing';

// The Standard Webhooks reference libraries' published test vector (sign function test).
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('signWebhook', () => {
  it('given the spec test vector, when signing, then the signature equals the published one', () => {
    const headers = signWebhook(VECTOR);
    expect(headers).toEqual({
      'webhook-id': VECTOR.id,
      'webhook-timestamp': '1614265330',
      'webhook-signature': VECTOR.signature,
    });
  });

  it('given a secret without its whsec_ prefix, when signing, then the signature is the same', () => {
    expect(signWebhook({ ...VECTOR, secret: VECTOR.secret.slice(6) })['webhook-signature']).toBe(
      VECTOR.signature,
    );
  });

  it('given an id with a line break or a malformed secret, when signing, then it refuses', () => {
    expect(() => signWebhook({ ...VECTOR, id: 'msg_1\r\nX-Evil: 1' })).toThrow(/webhook id/);
    expect(() => signWebhook({ ...VECTOR, secret: 'whsec_not base64!' })).toThrow(/malformed/);
    expect(() => signWebhook({ ...VECTOR, secret: 'whsec_c2hvcnQ=' })).toThrow(/24 to 64 bytes/);
    expect(() => signWebhook({ ...VECTOR, timestamp: 1.5 })).toThrow(/whole seconds/);
  });
});

describe('verifyWebhook', () => {
  const headers = signWebhook(VECTOR);
  const verify = (over: Partial<Parameters<typeof verifyWebhook>[0]> = {}) =>
    verifyWebhook({ secret: VECTOR.secret, headers, body: VECTOR.body, now: VECTOR.timestamp + 10, ...over });

  it('given a signed delivery, when verified within tolerance, then it is valid', () => {
    expect(verify()).toEqual({ ok: true, id: VECTOR.id, timestamp: VECTOR.timestamp });
  });

  it('given headers with other casing or as a Headers object, when verified, then they are found', () => {
    const upper = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
    expect(verify({ headers: upper }).ok).toBe(true);
    expect(verify({ headers: new Headers(headers) }).ok).toBe(true);
  });

  it('given a tampered body, id or timestamp, when verified, then no signature matches', () => {
    expect(verify({ body: '{"test": 2432232315}' })).toEqual({ ok: false, reason: 'no-valid-signature' });
    expect(verify({ headers: { ...headers, 'webhook-id': 'msg_other' } }).ok).toBe(false);
    expect(verify({ headers: { ...headers, 'webhook-timestamp': String(VECTOR.timestamp + 1) } }).ok).toBe(
      false,
    );
  });

  it('given another secret, when verified, then it is refused', () => {
    const other = generateWebhookSecret(32, (n) => new Uint8Array(n).fill(7));
    expect(verify({ secret: other })).toEqual({ ok: false, reason: 'no-valid-signature' });
  });

  it('given timestamps outside the tolerance, when verified, then they are refused as too old or too new', () => {
    expect(verify({ now: VECTOR.timestamp + 301 })).toEqual({ ok: false, reason: 'timestamp-too-old' });
    expect(verify({ now: VECTOR.timestamp - 301 })).toEqual({ ok: false, reason: 'timestamp-too-new' });
    expect(verify({ now: VECTOR.timestamp + 30, toleranceSeconds: 10 }).ok).toBe(false);
  });

  it('given several space-separated signatures, when one is valid, then the delivery is valid', () => {
    const many = `v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,abc ${VECTOR.signature} v1a,zzz`;
    expect(verify({ headers: { ...headers, 'webhook-signature': many } }).ok).toBe(true);
    const none = 'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1,';
    expect(verify({ headers: { ...headers, 'webhook-signature': none } }).ok).toBe(false);
  });

  it('given a valid signature under another version tag, when verified, then it does not count', () => {
    const v2 = VECTOR.signature.replace('v1,', 'v2,');
    expect(verify({ headers: { ...headers, 'webhook-signature': v2 } }).ok).toBe(false);
  });

  it('given missing or malformed headers, when verified, then the reason says so', () => {
    expect(verify({ headers: { 'webhook-id': VECTOR.id } })).toEqual({
      ok: false,
      reason: 'missing-headers',
    });
    expect(verify({ headers: { ...headers, 'webhook-timestamp': 'hello' } })).toEqual({
      ok: false,
      reason: 'bad-timestamp',
    });
  });
});

describe('generateWebhookSecret', () => {
  it('given a random source, when generating, then the secret is whsec_ + base64 of that many bytes', () => {
    const secret = generateWebhookSecret(24, (n) => Uint8Array.from({ length: n }, (_, i) => i));
    expect(secret).toBe(
      `whsec_${Buffer.from(Uint8Array.from({ length: 24 }, (_, i) => i)).toString('base64')}`,
    );
    expect(secretKey(secret)).toHaveLength(24);
  });

  it('given the default random source, when generating twice, then the secrets differ and round-trip', () => {
    const a = generateWebhookSecret();
    const b = generateWebhookSecret();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = '{"type":"sanctions.changes"}';
    const signed = signWebhook({ secret: a, id: 'evt_1-p1', timestamp: 1_700_000_000, body });
    // A receiver's own implementation of the spec: HMAC-SHA256 over "<id>.<timestamp>.<body>".
    const expected = createHmac('sha256', Buffer.from(a.slice(6), 'base64'))
      .update(`evt_1-p1.1700000000.${body}`)
      .digest('base64');
    expect(signed['webhook-signature']).toBe(`v1,${expected}`);
  });

  it('given a size outside 24–64 bytes, when generating, then it refuses', () => {
    expect(() => generateWebhookSecret(16)).toThrow();
    expect(() => generateWebhookSecret(65)).toThrow();
  });
});
