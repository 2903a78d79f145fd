import { describe, expect, it } from 'vitest';
import {
  describeIssues,
  newSubscriptionSchema,
  subscriptionFiltersSchema,
} from '../../functions/subscriptions/subscription';

const parse = (value: unknown) => newSubscriptionSchema.safeParse(value);
const issues = (value: unknown) => {
  const r = parse(value);
  return r.success ? [] : describeIssues(r.error);
};

describe('newSubscriptionSchema', () => {
  it('given an email subscription with filters, when parsed, then defaults are filled in', () => {
    const r = parse({
      channel: 'email',
      target: ' analyst@bank.example ',
      filters: { sectors: ['shipping'] },
    });
    expect(r.success && r.data).toEqual({
      channel: 'email',
      target: 'analyst@bank.example',
      filters: { sectors: ['shipping'] },
      mode: 'immediate',
    });
  });

  it('given invalid email targets, when parsed, then the target is refused', () => {
    for (const target of [
      'not-an-email',
      'a@b',
      'x@example.com\r\nBcc: y@example.com',
      `${'a'.repeat(250)}@example.com`,
    ]) {
      expect(issues({ channel: 'email', target }).some((i) => i.startsWith('target'))).toBe(true);
    }
  });

  it('given webhook targets, when parsed, then http(s) without credentials is accepted and the rest refused', () => {
    expect(parse({ channel: 'webhook', target: 'https://hooks.example.com/x' }).success).toBe(true);
    expect(parse({ channel: 'webhook', target: 'http://127.0.0.1:9000/hook' }).success).toBe(true);
    expect(issues({ channel: 'webhook', target: 'ftp://example.com/' })).toContain(
      'target: must use http or https',
    );
    expect(issues({ channel: 'webhook', target: 'https://u:p@example.com/' })).toContain(
      'target: must not contain credentials',
    );
    expect(issues({ channel: 'webhook', target: 'javascript:alert(1)' })).toContain(
      'target: must use http or https',
    );
  });

  it('given Slack targets, when parsed, then only https://hooks.slack.com/services/… is accepted', () => {
    expect(
      parse({ channel: 'slack', target: 'https://hooks.slack.com/services/T000/B000/XXXX' }).success,
    ).toBe(true);
    for (const target of [
      'http://hooks.slack.com/services/T/B/X',
      'https://hooks.slack.com.evil.example/services/T/B/X',
      'https://evil.example/hooks.slack.com/services/T/B/X',
      'https://hooks.slack.com:8443/services/T/B/X',
    ]) {
      expect(parse({ channel: 'slack', target }).success).toBe(false);
    }
  });

  it('given unknown keys or channels, when parsed, then they are refused', () => {
    expect(parse({ channel: 'sms', target: '+44' }).success).toBe(false);
    expect(parse({ channel: 'email', target: 'a@example.com', status: 'active' }).success).toBe(false);
  });
});

describe('subscriptionFiltersSchema', () => {
  it('given every filter, when parsed, then values are kept (trimmed)', () => {
    const filters = {
      sources: ['us-ofac-sdn'],
      regimes: [' RUSSIA-EO14024 '],
      sectors: ['oil', 'gas'],
      kinds: ['added', 'notice'],
      includeCosmetic: true,
      entityTypes: ['vessel'],
      countries: ['Côte d’Ivoire'],
      watch: ['Sovcomflot', 'IMO 9123456'],
    };
    expect(subscriptionFiltersSchema.parse(filters)).toEqual({ ...filters, regimes: ['RUSSIA-EO14024'] });
  });

  it('given bad filter values, when parsed, then each is reported with its path', () => {
    const r = subscriptionFiltersSchema.safeParse({
      sources: ['US OFAC'],
      sectors: ['banking'],
      kinds: ['deleted'],
      entityTypes: ['company'],
      watch: ['a\nb', '  ', '---'],
    });
    expect(r.success).toBe(false);
    const paths = r.success ? [] : describeIssues(r.error).map((i) => i.split(':')[0]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'sources.0',
        'sectors.0',
        'kinds.0',
        'entityTypes.0',
        'watch.0',
        'watch.1',
        'watch.2',
      ]),
    );
  });
});
