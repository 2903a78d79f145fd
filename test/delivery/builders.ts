/** Builders for delivery unit tests: small, explicit values with overrides. */
import type { ChangeBatch, Notice, Sector } from '../../functions/core/changes';
import type { Subscription, SubscriptionFilters } from '../../functions/subscriptions/subscription';

export type BatchChange = ChangeBatch['changes'][number];

export function change(overrides: Partial<BatchChange> & { id: string }): BatchChange {
  return {
    kind: 'added',
    name: `Entry ${overrides.id}`,
    entityType: 'entity',
    regimes: [],
    sectors: [],
    fields: [],
    material: true,
    ...overrides,
  };
}

export function sectors(...list: Sector[]): BatchChange['sectors'] {
  return list.map((sector) => ({
    sector,
    strength: 'stated',
    evidence: [{ field: 'reasons', text: sector, rule: `test:${sector}`, strength: 'stated' }],
  }));
}

export function listBatch(changes: BatchChange[], overrides: Partial<ChangeBatch> = {}): ChangeBatch {
  const summary = { added: 0, removed: 0, amended: 0 };
  for (const c of changes) summary[c.kind] += 1;
  return {
    id: `us-ofac-sdn:${'a'.repeat(64)}`,
    source: 'us-ofac-sdn',
    sourceKind: 'list',
    url: 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.XML',
    detectedAt: '2024-05-03T10:15:00.000Z',
    publication: { published: '2024-05-03', records: 12000, sha256: 'a'.repeat(64) },
    previous: { published: '2024-05-02', records: 11990, sha256: 'b'.repeat(64) },
    summary,
    changes,
    ...overrides,
  };
}

export function notice(overrides: Partial<Notice> & { id: string }): Notice {
  return {
    title: `Notice ${overrides.id}`,
    link: `https://ofac.treasury.gov/recent-actions/${overrides.id}`,
    published: '2024-05-01T14:00:00Z',
    regimes: [],
    names: [],
    sectors: [],
    ...overrides,
  };
}

export function feedBatch(notices: Notice[]): ChangeBatch {
  return {
    id: `us-ofac-recent-actions:${'c'.repeat(64)}`,
    source: 'us-ofac-recent-actions',
    sourceKind: 'feed',
    url: 'https://ofac.treasury.gov/recent-actions',
    detectedAt: '2024-05-01T14:05:00.000Z',
    publication: { records: notices.length, sha256: 'c'.repeat(64) },
    summary: { added: 0, removed: 0, amended: 0, notices: notices.length },
    changes: [],
    notices,
  };
}

export function subscription(
  id: string,
  filters: SubscriptionFilters = {},
  overrides: Partial<Subscription> = {},
): Subscription {
  return {
    id,
    channel: 'email',
    target: `${id}@example.com`,
    filters,
    mode: 'immediate',
    status: 'active',
    createdAt: '2024-01-01T00:00:00Z',
    confirmedAt: '2024-01-01T00:05:00Z',
    ...overrides,
  };
}

/** Hostile list data: every string a publication or feed could smuggle into an alert. */
export const CORPUS = {
  script: '<script>alert(1)</script> Trading',
  img: '"><img src=x onerror=alert(1)> Holdings',
  crlf: 'Evil Corp\r\nBcc: victim@example.com\r\n\r\n<b>body</b>',
  slackChannel: '<!channel> Shipping LLC',
  slackUser: '<@U123> & <#C999|general> Bank',
  amp: 'Smith & Sons <Ltd>',
  bidi: 'Normal\u202Egnp.exe Name',
  link: '<https://evil.example|click here> Co',
};
