/**
 * The shared readable formatter of field changes (history, our Atom feed, email, Slack) and the
 * short subject line. Pure.
 */
import { describe, expect, it } from 'vitest';
import { alertTitle, fieldChangeLines, MAX_SUBJECT } from '../../functions/render/common';
import { change, sectors } from './builders';

describe('fieldChangeLines', () => {
  it('given an alias added to a list, then it reads "alias added: <name>"', () => {
    const before = [{ name: 'PETROV, Ivan', type: 'aka', quality: 'strong' }];
    const after = [...before, { name: 'EXAMPLEV, Petr', type: 'aka', quality: 'good' }];
    expect(fieldChangeLines({ field: 'aliases', before, after, material: true })).toEqual([
      'alias added: EXAMPLEV, Petr',
    ]);
  });

  it('given an address removed and another added, then one line each, the address as written', () => {
    const moscow = { lines: ['1 Tverskaya St'], city: 'Moscow', country: 'Russia' };
    const dubai = { lines: ['Office 5', 'Marina Tower'], city: 'Dubai', country: 'United Arab Emirates' };
    expect(
      fieldChangeLines({ field: 'addresses', before: [moscow], after: [dubai], material: true }),
    ).toEqual([
      'address added: Office 5, Marina Tower, Dubai, United Arab Emirates',
      'address removed: 1 Tverskaya St, Moscow, Russia',
    ]);
  });

  it('given one date of birth replaced by a more precise one, then it reads as changed', () => {
    expect(
      fieldChangeLines({ field: 'birthDates', before: ['1970'], after: ['1970-08-01'], material: true }),
    ).toEqual(['date of birth changed: 1970 → 1970-08-01']);
  });

  it('given scalar fields, then added / removed / changed, with attribute names de-camel-cased', () => {
    expect(
      fieldChangeLines({ field: 'remarks', before: undefined, after: 'Linked to X.', material: true }),
    ).toEqual(['remarks added: Linked to X.']);
    expect(fieldChangeLines({ field: 'gender', before: 'Male', after: null, material: true })).toEqual([
      'gender removed: Male',
    ]);
    expect(
      fieldChangeLines({
        field: 'attributes.vesselFlag',
        before: ['Liberia'],
        after: ['Gabon'],
        material: true,
      }),
    ).toEqual(['vessel flag changed: Liberia → Gabon']);
  });

  it('given identifiers and links, then they read as type value (country) and relation name (id)', () => {
    expect(
      fieldChangeLines({
        field: 'identifiers',
        before: [],
        after: [{ type: 'passport', value: '381310014', country: 'North Korea' }],
        material: true,
      }),
    ).toEqual(['identifier added: passport 381310014 (North Korea)']);
    expect(
      fieldChangeLines({
        field: 'links',
        before: [{ relation: 'owned by', name: 'ACME LLC', id: '123' }],
        after: [],
        material: true,
      }),
    ).toEqual(['link removed: owned by ACME LLC (123)']);
  });

  it('given list data with line breaks and control characters, then each line stays one line, never raw JSON', () => {
    const lines = fieldChangeLines({
      field: 'aliases',
      before: [],
      after: [{ name: 'Evil\r\nBcc: x@example.org\u0000', type: 'fka' }],
      material: true,
    });
    expect(lines).toEqual(['alias added: Evil Bcc: x@example.org (fka)']);
    expect(lines.join('')).not.toMatch(/[{}"]/);
  });
});

describe('alertTitle', () => {
  const many = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      change({ id: `a${i}`, sectors: sectors('financial-services', 'shipping', 'manufacturing') }),
    );

  it('given a short title and sectors, then the README form', () => {
    const alert = { changes: many(52), notices: [] };
    expect(alertTitle('OFAC SDN', alert)).toBe(
      'OFAC SDN: 52 added — financial services, shipping, manufacturing',
    );
  });

  it('given a subject over 80 characters, then sectors are cut from the end with "…"', () => {
    const alert = {
      changes: [...many(1052), change({ id: 'r', kind: 'removed' }), change({ id: 'm', kind: 'amended' })],
      notices: [],
    };
    const title = alertTitle('UK sanctions list', alert);
    expect(title).toBe('UK sanctions list: 1052 added, 1 removed, 1 amended — financial services, …');
    expect(Array.from(title).length).toBeLessThanOrEqual(MAX_SUBJECT);
  });
});
