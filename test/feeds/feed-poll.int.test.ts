/**
 * Polling notice feeds on both DynamoDB engines, through `file://` and a loopback HTTP server:
 * baseline, new notices delivered once to a matching subscriber, duplicates/reorders/updates as
 * no-ops, bad feeds kept out, and the list publication that confirms a notice linked to it.
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { feedSource } from '../../functions/feeds/index';
import { atomResponse } from '../../functions/feeds/publish';
import { createApiRouter } from '../../functions/http/api';
import { createLocalDelivery } from '../../functions/local/delivery';
import { noticeReconciler, pollFeed, publishLocalFeeds } from '../../functions/pipeline/feed-poll';
import { pollSource } from '../../functions/pipeline/poll';
import type { Subscription } from '../../functions/subscriptions/subscription';
import { tempDir } from '../delivery/servers';
import { harness, withDefinition } from '../pipeline/harness';

const FIXTURES = join(import.meta.dirname, '../fixtures/feeds');
const OFAC = 'us-ofac-recent-actions';
const fileUrl = (rel: string) => pathToFileURL(join(FIXTURES, rel)).toString();

function subscriber(id: string, filters: Subscription['filters']): Subscription {
  return {
    id,
    channel: 'email',
    target: `${id}@example.com`,
    filters,
    mode: 'immediate',
    status: 'active',
    createdAt: '2024-01-01T00:00:00.000Z',
    confirmedAt: '2024-01-01T00:00:00.000Z',
  };
}

/** Serves one file at a time with an ETag; answers 304 to a matching If-None-Match. */
async function feedServer(): Promise<{
  url: string;
  serve: (rel: string) => void;
  requests: string[];
  close: () => Promise<void>;
}> {
  let body = Buffer.alloc(0);
  let etag = '';
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.headers['if-none-match'] ?? '-'}`);
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/recent-actions/rss.xml`,
    requests,
    serve: (rel) => {
      // biome-ignore lint/suspicious/noAssignInExpressions: set both at once
      etag = `"${(body = Buffer.from(readFileSync(join(FIXTURES, rel)))).length}-${rel}"`;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe.each(inject('dynamoEngines'))('feed polling on $name', ({ endpoint }) => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (closers.length) await closers.pop()!();
  });

  async function setup() {
    // The hand-made list pair holds a handful of entries: bounds widened for it.
    const h = await harness(endpoint, {
      source: withDefinition('us-ofac-sdn-csv', { recordBounds: { min: 1, max: 100 } }),
    });
    const dataDir = await tempDir('sn-feeds-');
    const delivery = await createLocalDelivery({
      repos: h.store,
      dataDir,
      env: {},
      settings: { publicBaseUrl: 'http://127.0.0.1:8787', sender: 'alerts@sanctions-notifier.invalid' },
      batches: h.store.batches,
      now: () => Date.UTC(2024, 6, 1),
      random: () => 0.5,
    });
    const queue = h.deps.queue;
    h.deps.queue = {
      send: async (batch) => {
        await queue.send(batch);
        await delivery.deliverBatch(batch);
      },
    };
    h.deps.reconcile = noticeReconciler(h.deps);
    // Feed dates are June 2024: a clock in the test's own past would refuse them as "in the future".
    let minutes = 0;
    h.deps.now = () => new Date(Date.UTC(2024, 5, 13, 0, minutes++));
    return { h, delivery, dataDir };
  }

  it('baseline, then new notices once to the matching subscriber; repeats, reorders and updates are no-ops', async () => {
    const { h, delivery, dataDir } = await setup();
    await delivery.subscriptions.create(
      subscriber('russia', { kinds: ['notice'], regimes: ['russia-eo14024'] }),
    );
    // Notices are among the default kinds: a subscriber wanting list changes only says so.
    await delivery.subscriptions.create(
      subscriber('lists-only', { kinds: ['added', 'removed', 'amended'], regimes: ['RUSSIA-EO14024'] }),
    );
    await delivery.subscriptions.create(subscriber('iran', { kinds: ['notice'], regimes: ['IRAN'] }));

    const base = await pollFeed(h.deps, OFAC, { url: fileUrl(`${OFAC}/feed-0.xml`) });
    expect(base).toMatchObject({ kind: 'baseline', notices: 1 });
    expect(h.sent).toEqual([]);

    const first = await pollFeed(h.deps, OFAC, { url: fileUrl(`${OFAC}/feed-1.xml`) });
    expect(first).toMatchObject({ kind: 'changed', notices: 2, updated: 0 });
    expect(h.sent).toHaveLength(1);
    expect(h.sent[0]!.sourceKind).toBe('feed');
    expect(h.sent[0]!.notices!.map((n) => n.title)).toEqual([
      'Russia-related Designations',
      'Counter Terrorism Designations Removals',
    ]);
    // The stored batch, as a delivery worker on AWS reads it, carries the notices.
    const stored = await h.store.batches.get(OFAC, h.sent[0]!.id.split(':')[1]!);
    expect(stored!.notices!.map((n) => n.id)).toEqual(h.sent[0]!.notices!.map((n) => n.id));

    expect(await pollFeed(h.deps, OFAC, { url: fileUrl(`${OFAC}/feed-1.xml`) })).toMatchObject({
      kind: 'unchanged',
    });
    expect(await pollFeed(h.deps, OFAC, { url: fileUrl(`${OFAC}/feed-1-reordered.xml`) })).toMatchObject({
      kind: 'no-new-notices',
      updated: 0,
    });
    expect(await pollFeed(h.deps, OFAC, { url: fileUrl(`${OFAC}/feed-2-updated.xml`) })).toMatchObject({
      kind: 'no-new-notices',
      updated: 1,
    });
    expect(h.received()).toHaveLength(1);

    const outbox = (await readdir(join(dataDir, 'outbox'))).filter((f) => f.endsWith('.eml'));
    expect(outbox).toHaveLength(1);
    const eml = await readFile(join(dataDir, 'outbox', outbox[0]!), 'utf8');
    expect(eml).toMatch(/^To: russia@example\.com\r?$/m);
    expect(eml).toContain('Russia-related Designations');
    expect(eml).not.toContain('Counter Terrorism Designations Removals');

    // Our own Atom feeds, written from the store.
    const written = await publishLocalFeeds({ dataDir, store: h.store }, [OFAC]);
    expect(written.map((p) => p.slice(dataDir.length))).toContain('/feeds/source/us-ofac-recent-actions.xml');
    const all = await readFile(join(dataDir, 'feeds', 'all.xml'), 'utf8');
    expect(all.match(/<entry>/g)).toHaveLength(2);
    // Nothing emitted since: published again, nothing is re-rendered (each write is a new file).
    const inode = async (rel: string) => (await stat(join(dataDir, 'feeds', rel))).ino;
    const allInode = await inode('all.xml');
    expect(await publishLocalFeeds({ dataDir, store: h.store }, [OFAC])).toEqual(written);
    expect(await inode('all.xml')).toBe(allInode);
    // A feed file gone: all written again.
    await rm(join(dataDir, 'feeds', 'source', `${OFAC}.xml`));
    await publishLocalFeeds({ dataDir, store: h.store }, [OFAC]);
    expect(await readFile(join(dataDir, 'feeds', 'source', `${OFAC}.xml`), 'utf8')).toContain('<entry>');
    expect(await inode('all.xml')).not.toBe(allInode);
    // Other batches (another source set): written again.
    const before = await inode('all.xml');
    await publishLocalFeeds({ dataDir, store: h.store }, [OFAC, 'un-sc-consolidated']);
    expect(await inode('all.xml')).not.toBe(before);

    // …and served by the HTTP API router.
    const router = createApiRouter({
      subscriptions: delivery.subscriptions,
      email: delivery.email,
      sender: 'alerts@sanctions-notifier.invalid',
      publicBaseUrl: 'http://127.0.0.1:8787',
      tokenKey: delivery.tokenKey,
      adminToken: delivery.adminToken,
      allowPrivateTargets: false,
      now: () => Date.UTC(2024, 6, 1),
      feeds: (path) =>
        atomResponse(h.store.batches, path, { sourceIds: [OFAC], baseUrl: 'http://127.0.0.1:8787/feeds/' }),
    });
    const get = (path: string) => router({ method: 'GET', path, query: {}, headers: {} });
    const served = await get('/feeds/source/us-ofac-recent-actions.xml');
    expect([served.status, served.headers['content-type']]).toEqual([
      200,
      'application/atom+xml; charset=utf-8',
    ]);
    expect(served.body).toContain(
      '<link rel="self" type="application/atom+xml" href="http://127.0.0.1:8787/feeds/source/us-ofac-recent-actions.xml"/>',
    );
    expect(served.body.match(/<entry>/g)).toHaveLength(2);
    expect((await get('/feeds/sector/oil.xml')).body.match(/<entry>/g)).toHaveLength(1);
    expect((await get('/feeds/source/nope.xml')).status).toBe(404);
  });

  it('keeps bad feeds out: failed check, state and seen notices unchanged, nobody alerted', async () => {
    const { h } = await setup();
    await pollFeed(h.deps, OFAC, { url: fileUrl(`${OFAC}/feed-0.xml`) });
    const before = await h.store.sources.get(OFAC);
    for (const bad of ['bad/html.xml', 'bad/empty.xml', 'bad/no-items.xml', 'bad/malformed.xml']) {
      const o = await pollFeed(h.deps, OFAC, { url: fileUrl(bad) });
      expect(o.kind, bad).toBe('failed');
    }
    const after = await h.store.sources.get(OFAC);
    expect(after.lastSha256).toBe(before.lastSha256);
    expect(after.lastError).toMatch(/not well-formed/);
    expect(after.consecutiveFailures).toBe(4);
    expect(h.sent).toEqual([]);
    expect(h.alerts.map((a) => a.kind)).toEqual(['fetch-failing']);
    // The next good feed is compared with the last good one.
    expect(await pollFeed(h.deps, OFAC, { url: fileUrl(`${OFAC}/feed-1.xml`) })).toMatchObject({
      kind: 'changed',
      notices: 2,
    });
  });

  it('polls over HTTP with conditional GET (304 → not modified)', async () => {
    const { h } = await setup();
    const server = await feedServer();
    closers.push(server.close);
    const real = feedSource(OFAC);
    const feed = () => ({ definition: { ...real.definition, url: server.url }, parse: real.parse });
    server.serve(`${OFAC}/feed-0.xml`);
    expect(await pollFeed(h.deps, OFAC, { feed })).toMatchObject({ kind: 'baseline' });
    expect(await pollFeed(h.deps, OFAC, { feed })).toMatchObject({ kind: 'not-modified' });
    server.serve(`${OFAC}/feed-1.xml`);
    expect(await pollFeed(h.deps, OFAC, { feed })).toMatchObject({ kind: 'changed', notices: 2 });
    expect(server.requests[0]).toBe('-');
    expect(server.requests[1]).toMatch(/feed-0/);
  });

  it('links the list publication that confirms a notice, and follows up on what is still pending', async () => {
    const { h } = await setup();
    await pollFeed(h.deps, OFAC, { url: fileUrl(`${OFAC}/feed-0.xml`) });
    await pollFeed(h.deps, OFAC, { url: fileUrl(`${OFAC}/feed-1.xml`) });
    const list = (n: number) => fileUrl(`reconcile/list-${n}/sdn.csv`);
    const opts = { fetch: { attempts: 1 } };
    expect((await pollSource(h.deps, 'us-ofac-sdn-csv', { ...opts, url: list(1) })).kind).toBe('baseline');
    const changed = await pollSource(h.deps, 'us-ofac-sdn-csv', { ...opts, url: list(2) });
    expect(changed.kind).toBe('changed');
    const listBatch = h.sent.at(-1)!;
    expect(listBatch.sourceKind).toBe('list');
    const announced = Object.fromEntries(
      listBatch.changes.map((c) => [c.name, (c.announcedIn ?? []).map((a) => a.noticeId)]),
    );
    expect(announced).toEqual({
      'NEW OIL EXTRACTION LLC': ['https://ofac.treasury.gov/recent-actions/20240612'],
      'UNRELATED TRADING LLC': [],
      'OLD TRADING LLC': ['https://ofac.treasury.gov/recent-actions/20240610'],
      'PETROV, Ivan': ['https://ofac.treasury.gov/recent-actions/20240612'],
    });
    // Persisted with the batch (what delivery reads back).
    const stored = await h.store.batches.get('us-ofac-sdn-csv', listBatch.id.split(':')[1]!);
    expect(stored!.changes.find((c) => c.name === 'NEW OIL EXTRACTION LLC')!.announcedIn).toHaveLength(1);

    const pending = await h.store.notices.listPending([OFAC]);
    expect(pending.map((p) => [p.notice.title, p.status, p.remaining])).toEqual(
      expect.arrayContaining([
        ['Russia-related Designations', 'pending', ['ARCTIC SEA TANKERS LLC']],
        ['Counter Terrorism Designations Removals', 'confirmed', []],
      ]),
    );
    // Eight days on, the next poll of the feed emits one "still pending" follow-up, once.
    h.deps.now = () => new Date('2024-06-21T00:00:00Z');
    const later = await pollFeed(h.deps, OFAC, { url: fileUrl(`${OFAC}/feed-1.xml`), pendingAfterDays: 7 });
    expect(later.followUps).toHaveLength(1);
    const follow = h.sent.at(-1)!;
    expect(follow.notices!.map((n) => [n.title, n.names])).toEqual([
      ['Still pending: Russia-related Designations', ['ARCTIC SEA TANKERS LLC']],
    ]);
    const again = await pollFeed(h.deps, OFAC, { url: fileUrl(`${OFAC}/feed-1.xml`), pendingAfterDays: 7 });
    expect(again.followUps).toEqual([]);
  });
});
