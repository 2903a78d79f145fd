import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type DeliveryJob, type DigestPart, digestDeliveryId } from '../../functions/dispatch/deliveries';
import {
  buildDigestContent,
  type DigestGroup,
  decideDigest,
  groupDueParts,
  nextDay,
  nextDigestRun,
} from '../../functions/dispatch/digest';
import { utcDay } from '../../functions/dispatch/jobs';
import { renderDigestEmail } from '../../functions/render/email';
import { renderSlack } from '../../functions/render/slack';
import { renderWebhookPages } from '../../functions/render/webhook';
import { change, feedBatch, listBatch, notice, sectors, subscription } from './builders';

const at = (iso: string) => Date.parse(iso);

function part(overrides: Partial<DigestPart> & { batchId: string }): DigestPart {
  return {
    subscriptionId: 's1',
    channel: 'email',
    day: '2025-03-01',
    createdAt: '2025-03-01T09:00:00.000Z',
    counts: { added: 1, removed: 0, amended: 0, notices: 0 },
    state: 'pending',
    ...overrides,
  };
}

const sdn = listBatch(
  [
    change({ id: '1', name: 'Alpha Shipping', sectors: sectors('shipping') }),
    change({ id: '2', name: 'Beta Bank', kind: 'removed', sectors: sectors('financial-services') }),
  ],
  {
    id: `us-ofac-sdn:${'1'.repeat(64)}`,
    publication: { records: 100, sha256: '1'.repeat(64), published: '2025-03-01' },
  },
);
const sdnLater = listBatch([change({ id: '3', name: 'Gamma Oil', sectors: sectors('oil') })], {
  id: `us-ofac-sdn:${'2'.repeat(64)}`,
  detectedAt: '2025-03-01T15:00:00.000Z',
  publication: { records: 101, sha256: '2'.repeat(64), published: '2025-03-01' },
});
const ofsi = listBatch([change({ id: 'g1', name: 'Delta Ltd', sectors: sectors('shipping') })], {
  id: `gb-ofsi-conlist:${'3'.repeat(64)}`,
  source: 'gb-ofsi-conlist',
  url: 'https://www.gov.uk/government/publications/financial-sanctions-consolidated-list-of-targets',
  detectedAt: '2025-03-01T12:00:00.000Z',
  publication: { records: 50, sha256: '3'.repeat(64) },
});
const title = (id: string) => (id === 'gb-ofsi-conlist' ? 'OFSI Consolidated List' : 'OFAC SDN');

describe('digest days', () => {
  it('given instants, when the UTC day and the next run are asked, then midnight UTC is the boundary', () => {
    expect(utcDay(at('2025-03-01T23:59:59.999Z'))).toBe('2025-03-01');
    expect(utcDay(at('2025-03-02T00:00:00.000Z'))).toBe('2025-03-02');
    expect(nextDay('2024-02-28')).toBe('2024-02-29');
    expect(nextDay('2024-12-31')).toBe('2025-01-01');
    expect(() => nextDay('yesterday')).toThrow(/not a day/);
    expect(nextDigestRun(at('2025-03-01T09:00:00.000Z'))).toBe(at('2025-03-02T00:00:00.000Z'));
    expect(nextDigestRun(at('2025-03-02T00:00:00.000Z'))).toBe(at('2025-03-03T00:00:00.000Z'));
  });
});

describe('groupDueParts', () => {
  it('given parts of an ended day and of today, when grouped, then only ended days form digests, in fan-out order', () => {
    const parts = [
      part({ batchId: 'b', createdAt: '2025-03-01T15:00:00.000Z' }),
      part({ batchId: 'a', createdAt: '2025-03-01T09:00:00.000Z' }),
      part({ batchId: 'c', subscriptionId: 's0', channel: 'webhook' }),
      part({ batchId: 'd', day: '2025-03-02', createdAt: '2025-03-02T01:00:00.000Z' }),
      part({ batchId: 'e', state: 'digested' }),
      part({ batchId: 'f', day: '2025-02-27' }),
    ];
    const groups = groupDueParts(parts, at('2025-03-02T00:00:00.000Z'));
    expect(groups.map((g) => [g.day, g.subscriptionId, g.channel, g.parts.map((p) => p.batchId)])).toEqual([
      ['2025-02-27', 's1', 'email', ['f']],
      ['2025-03-01', 's0', 'webhook', ['c']],
      ['2025-03-01', 's1', 'email', ['a', 'b']],
    ]);
    expect(groupDueParts(parts, at('2025-03-01T23:59:59.999Z')).map((g) => g.day)).toEqual(['2025-02-27']);
  });
});

describe('decideDigest', () => {
  const group: DigestGroup = {
    subscriptionId: 's1',
    day: '2025-03-01',
    channel: 'email',
    parts: [part({ batchId: 'a' }), part({ batchId: 'b' })],
  };
  const now = '2025-03-02T00:05:00.000Z';
  const job = (overrides: Partial<DeliveryJob>): DeliveryJob => ({
    id: digestDeliveryId('s1', '2025-03-01'),
    batchId: 'digest:2025-03-01',
    subscriptionId: 's1',
    channel: 'email',
    state: 'sent',
    attempts: 1,
    createdAt: now,
    updatedAt: now,
    digest: { day: '2025-03-01', batchIds: ['a', 'b'] },
    ...overrides,
  });

  it('given no job for the day, when decided, then one queued job keyed by (subscription, day) holds every part', () => {
    const d = decideDigest(group, undefined, now);
    expect(d.deliveryId).toBe(digestDeliveryId('s1', '2025-03-01'));
    expect(d.deliveryId).not.toBe(digestDeliveryId('s1', '2025-03-02'));
    expect(d.deliveryId).not.toBe(digestDeliveryId('s2', '2025-03-01'));
    expect(d.create).toMatchObject({
      id: d.deliveryId,
      batchId: 'digest:2025-03-01',
      subscriptionId: 's1',
      channel: 'email',
      state: 'queued',
      attempts: 0,
      nextAttemptAt: now,
      digest: { day: '2025-03-01', batchIds: ['a', 'b'] },
    });
    expect(d.enqueue).toBe(true);
    expect(d.mark.map((p) => p.batchId)).toEqual(['a', 'b']);
    expect(d.moveToNextDay).toEqual([]);
  });

  it('given the day’s job was sent (a rerun after a stop before marking), when decided, then parts are only marked', () => {
    const d = decideDigest(group, job({}), now);
    expect(d.create).toBeUndefined();
    expect(d.enqueue).toBe(false);
    expect(d.mark.map((p) => p.batchId)).toEqual(['a', 'b']);
  });

  it('given the day’s job was created but may never have been queued, when decided, then it is queued again', () => {
    expect(decideDigest(group, job({ state: 'queued', attempts: 0 }), now).enqueue).toBe(true);
    expect(decideDigest(group, job({ state: 'retrying' }), now).enqueue).toBe(false);
  });

  it('given a part the day’s job was made without, when decided, then it moves to the next day', () => {
    const d = decideDigest(group, job({ digest: { day: '2025-03-01', batchIds: ['a'] } }), now);
    expect(d.mark.map((p) => p.batchId)).toEqual(['a']);
    expect(d.moveToNextDay.map((p) => p.batchId)).toEqual(['b']);
    expect(d.enqueue).toBe(false);
  });
});

describe('buildDigestContent', () => {
  const read = (name: string) =>
    JSON.parse(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), 'utf8'));
  const changesSchema = read('changes.schema.json');
  const validate = z.fromJSONSchema({
    $defs: changesSchema.$defs,
    $ref: read('webhook.schema.json').$ref.replace('changes.schema.json', ''),
  });

  it('given two lists in a day, when built, then the merged alert has both lists’ matching changes, once', () => {
    const sub = subscription('s1', { sectors: ['shipping', 'oil'] }, { mode: 'daily' });
    const c = buildDigestContent(sub, '2025-03-01', [sdn, ofsi, sdnLater], title)!;
    expect(c.title).toBe('Sanctions digest 2025-03-01 (2 lists)');
    expect(c.sections.map((s) => [s.batch.id, s.sourceTitle, s.alert.changes.map((x) => x.id)])).toEqual([
      [sdn.id, 'OFAC SDN', ['1']],
      [ofsi.id, 'OFSI Consolidated List', ['g1']],
      [sdnLater.id, 'OFAC SDN', ['3']],
    ]);
    expect(c.alert.changes.map((x) => x.id)).toEqual(['1', 'g1', '3']);
    expect(c.alert.batchIds).toEqual([sdn.id, ofsi.id, sdnLater.id]);
    expect(c.alert.batchId).toMatch(/^digest:[0-9a-f]{32}$/);
    // Same batches, same digest id.
    expect(buildDigestContent(sub, '2025-03-01', [sdn, ofsi, sdnLater], title)!.alert.batchId).toBe(
      c.alert.batchId,
    );
    expect(c.batch).toMatchObject({
      id: c.alert.batchId,
      source: 'digest',
      sourceKind: 'list',
      url: '',
      detectedAt: '2025-03-01T15:00:00.000Z',
      publication: { records: 0 },
      summary: { added: 3, removed: 0, amended: 0, notices: 0 },
    });
    expect(c.batch.publication.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('given one list, when built, then the merged batch carries that list’s latest publication and URL', () => {
    const sub = subscription('s1', {}, { mode: 'daily' });
    const c = buildDigestContent(sub, '2025-03-01', [sdn, sdnLater], title)!;
    expect(c.title).toBe('Sanctions digest 2025-03-01 (1 list)');
    expect(c.batch).toMatchObject({
      source: 'us-ofac-sdn',
      url: sdnLater.url,
      publication: sdnLater.publication,
    });
    expect(c.alert.changes.map((x) => x.id)).toEqual(['1', '2', '3']);
  });

  it('given filters that match nothing any more, when built, then there is no digest', () => {
    const sub = subscription('s1', { sectors: ['aviation'] }, { mode: 'daily' });
    expect(buildDigestContent(sub, '2025-03-01', [sdn, ofsi], title)).toBeUndefined();
  });

  it('given a digest, when rendered for each channel, then webhook pages follow the schema, Slack and email name the digest', () => {
    const sub = subscription('s1', { kinds: ['added', 'removed', 'amended', 'notice'] }, { mode: 'daily' });
    const feed = feedBatch([notice({ id: 'n1', title: 'Russia-related Designations' })]);
    const c = buildDigestContent(sub, '2025-03-01', [sdn, ofsi, feed], title)!;
    const pages = renderWebhookPages(c.alert, c.batch, { eventId: 'evt_digest', maxChangesPerPage: 2 });
    expect(pages.map((p) => [p.page.number, p.changes.length, p.notices?.length ?? 0])).toEqual([
      [1, 2, 0],
      [2, 1, 1],
    ]);
    for (const p of pages) {
      expect(validate.safeParse(JSON.parse(JSON.stringify(p))).success).toBe(true);
      expect(p).toMatchObject({ type: 'sanctions.changes', source: 'digest', batchId: c.alert.batchId });
      expect(p.summary).toEqual({ added: 2, removed: 1, amended: 0, notices: 1 });
    }
    const slack = renderSlack(c.alert, c.batch, { publicationUrl: c.batch.url, sourceTitle: c.title });
    expect(slack.text).toMatch(/^Sanctions digest 2025-03-01 \(3 lists\): 2 added, 1 removed, 1 notice/);
    const email = renderDigestEmail({
      day: c.day,
      parts: c.sections,
      links: {
        unsubscribeUrl: 'https://x.example/u',
        oneClickUnsubscribeUrl: 'https://x.example/u',
        manageUrl: 'https://x.example/m',
      },
    });
    expect(email.subject).toMatch(/^Sanctions digest 2025-03-01 \(3 lists\): 2 added, 1 removed, 1 notice/);
    expect(email.text).toContain('##### OFSI Consolidated List #####');
  });
});
