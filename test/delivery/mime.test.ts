import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildMime, encodeHeaderWords, quotedPrintable, rfc5322Date } from '../../functions/send/mime';

const BASE = {
  from: 'Sanctions Alerts <alerts@notifier.example>',
  to: 'analyst@bank.example',
  subject: 'OFAC SDN: 52 added, 2 amended — financial-services, shipping',
  html: '<!DOCTYPE html><html><body><p>Müller &#60;GmbH&#62; — 中国</p></body></html>',
  text: `Line one\nMüller GmbH — 中国\n${'x'.repeat(200)}\ntrailing space \n.\n`,
  headers: {
    'List-Unsubscribe':
      '<https://alerts.example/u/eyJzdWIiOiJzXzEiLCJhY3Rpb24iOiJ1bnN1YnNjcmliZSJ9.abcdefghijklmnop>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  },
  messageId: '<evt_1-p1@notifier.example>',
  date: new Date(Date.UTC(2024, 4, 3, 10, 15, 0)),
};

describe('buildMime', () => {
  it('given an alert email, when built and parsed back, then both parts, subject and headers survive', async () => {
    const raw = buildMime(BASE);
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe(BASE.subject);
    expect(mail.text).toBe(BASE.text);
    expect(mail.html).toBe(BASE.html);
    expect(mail.messageId).toBe(BASE.messageId);
    expect(mail.date?.toISOString()).toBe('2024-05-03T10:15:00.000Z');
    expect(mail.from?.value[0]).toEqual({ address: 'alerts@notifier.example', name: 'Sanctions Alerts' });
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line.replace(/\r\n /g, ' ')).toBe(
      `List-Unsubscribe: ${BASE.headers['List-Unsubscribe']}`,
    );
  });

  it('given an alert email, when built, then it is multipart/alternative with CRLF lines of at most 998 characters', () => {
    const raw = buildMime(BASE);
    expect(raw).toMatch(/^Content-Type: multipart\/alternative; boundary="=_sn_[0-9a-f]{32}"\r$/m);
    expect(raw).toContain(
      'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable',
    );
    expect(raw).toContain('Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64');
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    expect(raw).toMatch(/^MIME-Version: 1\.0\r$/m);
  });

  it('given CR/LF or control characters in any header value, when built, then it refuses', () => {
    expect(() => buildMime({ ...BASE, subject: 'Hi\r\nBcc: victim@example.com' })).toThrow(/Subject/);
    expect(() => buildMime({ ...BASE, to: 'a@example.com\nBcc: b@example.com' })).toThrow(/To/);
    expect(() => buildMime({ ...BASE, headers: { 'X-Test': 'a\rb' } })).toThrow(/X-Test/);
    expect(() => buildMime({ ...BASE, headers: { 'X-Bad Name': 'a' } })).toThrow(/header name/);
    expect(() => buildMime({ ...BASE, headers: { 'Content-Type': 'text/html' } })).toThrow(
      /cannot be overridden/,
    );
    expect(() => buildMime({ ...BASE, headers: { Bcc: 'x@example.com' } })).toThrow(/cannot be overridden/);
    expect(() => buildMime({ ...BASE, to: 'not an address' })).toThrow(/email address/);
    expect(() => buildMime({ ...BASE, messageId: 'no-brackets@x' })).toThrow(/Message-ID/);
  });

  it('given a display name with specials, when built, then it is quoted', async () => {
    const raw = buildMime({ ...BASE, from: 'Alerts, "Ops" <alerts@notifier.example>' });
    expect(raw).toContain('From: "Alerts, \\"Ops\\"" <alerts@notifier.example>');
    expect((await simpleParser(raw)).from?.value[0]?.name).toBe('Alerts, "Ops"');
  });
});

describe('encodings', () => {
  it('given a long non-ASCII subject, when encoded, then each RFC 2047 word is ≤ 75 characters and decodes back', async () => {
    const subject = `ЕС: ${'Совкомфлот '.repeat(12)}— 中国远洋海运`;
    const encoded = encodeHeaderWords(subject);
    for (const word of encoded.split('\r\n ')) {
      expect(word).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
      expect(word.length).toBeLessThanOrEqual(75);
    }
    expect((await simpleParser(buildMime({ ...BASE, subject }))).subject).toBe(subject);
  });

  it('given printable ASCII, when encoded, then it is kept; a literal "=?" is still encoded', () => {
    expect(encodeHeaderWords('OFAC SDN: 1 added')).toBe('OFAC SDN: 1 added');
    expect(encodeHeaderWords('a =?x?= b')).toMatch(/^=\?UTF-8\?B\?/);
  });

  it('given text, when quoted-printable encoded, then "=", non-ASCII and trailing spaces are escaped and lines ≤ 76', () => {
    const qp = quotedPrintable(`a=b é \n${'y'.repeat(100)}`);
    expect(qp.split('\r\n')[0]).toBe('a=3Db =C3=A9=20');
    for (const line of qp.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
  });

  it('given an ASCII subject with a word too long to fold, when built, then it is encoded and lines stay ≤ 998', async () => {
    const subject = `Alert ${'x'.repeat(1200)}`;
    const raw = buildMime({ ...BASE, subject });
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    expect((await simpleParser(raw)).subject).toBe(subject);
    expect(() => buildMime({ ...BASE, headers: { 'X-Long': 'y'.repeat(1000) } })).toThrow(
      /longer than a line/,
    );
  });

  it('given a date, when formatted, then it is RFC 5322 in UTC', () => {
    expect(rfc5322Date(new Date(Date.UTC(2024, 0, 7, 3, 4, 5)))).toBe('Sun, 07 Jan 2024 03:04:05 +0000');
  });
});
