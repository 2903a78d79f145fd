/**
 * The repository contract: the observable behaviour every implementation of the ports must have
 * (functions/pipeline/repos.ts, feeds/notice-repo.ts, subscriptions/repo.ts, dispatch/deliveries.ts).
 * Run against the in-memory repositories (contract.test.ts) and the DynamoDB store on DynamoDB
 * Local and dynalite (contract.int.test.ts), so a unit test on the memory repos says something
 * true of the real store. Every test uses its own source/ids: the repos are shared per suite.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { contentHash } from '../../functions/core/canonical';
import { emptyDesignation } from '../../functions/core/model';
import type { DeliveryJob, DigestPart } from '../../functions/dispatch/deliveries';
import type { PendingNotice } from '../../functions/feeds/reconcile';
import {
  type BatchChange,
  ConcurrentPollError,
  type NewBatchHeader,
  QuarantineError,
  type QuarantineRecord,
} from '../../functions/pipeline/repos';
import type { Repos } from '../../functions/store/memory';
import type { Subscription } from '../../functions/subscriptions/subscription';

const put = (source: string, id: string, name: string) => {
  const entry = emptyDesignation(source, id, 'entity', name);
  return { entry, hash: contentHash(entry) };
};

const change = (id: string): BatchChange => ({
  kind: 'added',
  id,
  name: `Name ${id}`,
  entityType: 'entity',
  regimes: ['TEST'],
  sectors: [],
  fields: [],
  material: true,
});

const header = (source: string, sha256: string, detectedAt: string, key?: string): NewBatchHeader => ({
  source,
  sha256,
  ...(key ? { key } : {}),
  sourceKind: 'list',
  url: 'https://example.org/list.xml',
  detectedAt,
  publication: { records: 2, sha256 },
  summary: { added: 1, removed: 0, amended: 0 },
  materialChanges: 1,
  fetch: { fetchedFrom: 'file:///tmp/list.xml', etag: '"abc"' },
});

const held = (source: string, sha256: string): QuarantineRecord => ({
  id: `${source}:${sha256}`,
  source,
  sha256,
  reason: 'shrink',
  message: `${source}: 10 records where the snapshot holds 100`,
  detectedAt: '2024-01-01T00:00:00.000Z',
  status: 'held',
  records: 10,
  previousRecords: 100,
  fetchedFrom: 'file:///x',
  files: { main: sha256 },
});

const subscription = (id: string, overrides: Partial<Subscription> = {}): Subscription => ({
  id,
  channel: 'email',
  target: `${id}@example.org`,
  filters: {},
  mode: 'immediate',
  status: 'active',
  createdAt: '2024-01-01T00:00:00.000Z',
  ...overrides,
});

const job = (id: string, overrides: Partial<DeliveryJob> = {}): DeliveryJob => ({
  id,
  batchId: `b:${id}`,
  subscriptionId: `s-${id}`,
  channel: 'webhook',
  state: 'queued',
  attempts: 0,
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
  nextAttemptAt: '2024-01-01T00:00:00.000Z',
  ...overrides,
});

export function describeRepoContract(name: string, makeRepos: () => Promise<Repos>) {
  describe(`repository contract on ${name}`, () => {
    let r: Repos;
    beforeAll(async () => {
      r = await makeRepos();
    });

    describe('snapshots', () => {
      it('puts and deletes entries idempotently and reads hashes, entries and all', async () => {
        const a = put('c-snap', '1', 'Alpha');
        const b = put('c-snap', '2', 'Beta');
        await r.snapshots.apply('c-snap', 'sha-1', [a, b], []);
        const b2 = put('c-snap', '2', 'Beta Two');
        await r.snapshots.apply('c-snap', 'sha-2', [b2], ['1']);
        await r.snapshots.apply('c-snap', 'sha-2', [b2], ['1']);
        expect([...(await r.snapshots.readIndex('c-snap'))]).toEqual([['2', b2.hash]]);
        const entries = await r.snapshots.getEntries('c-snap', ['2', '1']);
        expect([...entries.keys()]).toEqual(['2']);
        expect(entries.get('2')).toEqual(b2.entry);
        expect(await r.snapshots.readAll('c-snap')).toEqual([b2.entry]);
        expect(await r.snapshots.readIndex('c-snap-none')).toEqual(new Map());
      });

      it('stores a put that carries its JSON text as the same entry', async () => {
        const a = put('c-text', '1', 'Alpha');
        await r.snapshots.apply('c-text', 'sha-1', [{ ...a, json: JSON.stringify(a.entry) }], []);
        expect((await r.snapshots.getEntries('c-text', ['1'])).get('1')).toEqual(a.entry);
        expect([...(await r.snapshots.readIndex('c-text'))]).toEqual([['1', a.hash]]);
      });

      it('applies in parts: a crash after a part fails the apply, a rerun completes it', async () => {
        const puts = Array.from({ length: 60 }, (_, i) =>
          put('c-parts', `e${String(i).padStart(3, '0')}`, `N ${i}`),
        );
        let parts = 0;
        const crash = () => {
          parts++;
          if (parts === 1) throw new Error('crash after the first part');
        };
        await expect(r.snapshots.apply('c-parts', 'sha', puts, [], { afterRequest: crash })).rejects.toThrow(
          /crash/,
        );
        // Parts may be written concurrently: how many landed is the engine's business, but some did.
        expect((await r.snapshots.readIndex('c-parts')).size).toBeGreaterThan(0);
        await r.snapshots.apply('c-parts', 'sha', puts, [], { afterRequest: () => void parts++ });
        expect(parts).toBeGreaterThan(2);
        expect((await r.snapshots.readIndex('c-parts')).size).toBe(60);
      });
    });

    describe('batches', () => {
      it('writes a batch once; a rerun gets the stored batch back untouched', async () => {
        const plan = { puts: [put('c-batch', '9', 'Nine')], deletes: ['8'] };
        const first = await r.batches.write(
          header('c-batch', 'sha-a', '2024-01-02T00:00:00.000Z', 'sha-a.3'),
          [change('9')],
          plan,
        );
        expect(first.created).toBe(true);
        expect(first.header).toMatchObject({ id: 'c-batch:sha-a.3', key: 'sha-a.3', status: 'written' });
        const again = await r.batches.write(
          header('c-batch', 'sha-a', '2024-01-03T00:00:00.000Z', 'sha-a.3'),
          [change('other')],
          { puts: [], deletes: [] },
        );
        expect(again.created).toBe(false);
        expect(again.header.detectedAt).toBe('2024-01-02T00:00:00.000Z');
        expect((await r.batches.loadChanges(again.header)).map((c) => c.id)).toEqual(['9']);
        expect(await r.batches.loadApplyPlan(again.header)).toEqual(plan);
        const batch = await r.batches.get('c-batch', 'sha-a.3');
        expect(batch).toMatchObject({ id: 'c-batch:sha-a.3', source: 'c-batch', summary: { added: 1 } });
        expect(batch?.changes.map((c) => c.id)).toEqual(['9']);
        expect(await r.batches.get('c-batch', 'sha-none')).toBeUndefined();
        expect(await r.batches.getHeader('c-batch', 'sha-none')).toBeUndefined();
      });

      it('moves a batch forward only and lists a source’s batches by time, optionally since a date', async () => {
        const { header: h } = await r.batches.write(
          header('c-list', 'sha-s', '2024-03-01T00:00:00.000Z'),
          [change('1')],
          {
            puts: [],
            deletes: [],
          },
        );
        const copy = { ...h };
        expect(await r.batches.advance(copy, 'applied', '2024-03-01T00:00:01.000Z')).toBe(true);
        expect(copy).toMatchObject({ status: 'applied', appliedAt: '2024-03-01T00:00:01.000Z' });
        expect(await r.batches.advance({ ...h }, 'applied', '2024-03-01T00:00:02.000Z')).toBe(false);
        expect(await r.batches.advance({ ...h }, 'emitted', '2024-03-01T00:00:03.000Z')).toBe(true);
        expect(await r.batches.advance({ ...h }, 'emitted', '2024-03-01T00:00:04.000Z')).toBe(false);
        expect(await r.batches.getHeader('c-list', 'sha-s')).toMatchObject({
          status: 'emitted',
          emittedAt: '2024-03-01T00:00:03.000Z',
        });
        const base = await r.batches.recordBaseline(header('c-list', 'sha-b', '2023-12-01T00:00:00.000Z'));
        expect(base.header).toMatchObject({ status: 'baseline', id: 'c-list:sha-b' });
        expect(await r.batches.loadChanges(base.header)).toEqual([]);
        expect(
          (await r.batches.recordBaseline(header('c-list', 'sha-b', '2024-06-01T00:00:00.000Z'))).created,
        ).toBe(false);
        await r.batches.write(header('c-list', 'sha-m', '2024-02-01T00:00:00.000Z'), [], {
          puts: [],
          deletes: [],
        });
        expect((await r.batches.list('c-list')).map((x) => x.sha256)).toEqual(['sha-b', 'sha-m', 'sha-s']);
        expect((await r.batches.list('c-list', { since: '2024-02' })).map((x) => x.sha256)).toEqual([
          'sha-m',
          'sha-s',
        ]);
        expect(await r.batches.list('c-list-none')).toEqual([]);
      });
    });

    describe('source states', () => {
      it('guards transitions with a version, records bookkeeping without it, removes undefined fields', async () => {
        const s0 = await r.sources.get('c-state');
        expect(s0).toEqual({ source: 'c-state', version: 0 });
        const s1 = await r.sources.transition(s0, { lastSha256: 'a', pendingBatchKey: 'a.0' });
        expect(s1).toMatchObject({ version: 1, pendingBatchKey: 'a.0' });
        await expect(r.sources.transition(s0, { lastSha256: 'b' })).rejects.toBeInstanceOf(
          ConcurrentPollError,
        );
        const s2 = await r.sources.transition(s1, { pendingBatchKey: undefined, lastRecords: 3 });
        expect('pendingBatchKey' in s2).toBe(false);
        await r.sources.record('c-state', { lastOutcome: 'failed' }, { incrementFailures: true });
        await r.sources.record('c-state', { lastError: 'HTTP 503' }, { incrementFailures: true });
        const stored = await r.sources.get('c-state');
        expect(stored).toMatchObject({ version: 2, lastSha256: 'a', lastRecords: 3, consecutiveFailures: 2 });
        expect(stored.pendingBatchKey).toBeUndefined();
        await r.sources.record('c-state', { consecutiveFailures: 0, lastError: undefined });
        const listed = (await r.sources.list()).find((s) => s.source === 'c-state');
        expect(listed).toMatchObject({ consecutiveFailures: 0, version: 2 });
        expect(listed?.lastError).toBeUndefined();
      });

      it('versions a source whose state so far holds only bookkeeping', async () => {
        await r.sources.record('c-rec', { lastOutcome: 'quarantined' });
        const s0 = await r.sources.get('c-rec');
        expect(s0.version).toBe(0);
        expect((await r.sources.transition(s0, { lastSha256: 'x' })).version).toBe(1);
        expect(await r.sources.get('c-rec')).toMatchObject({
          version: 1,
          lastSha256: 'x',
          lastOutcome: 'quarantined',
        });
      });
    });

    describe('quarantine', () => {
      it('holds a publication once, finds it by prefix, lets the operator decide once', async () => {
        const q = held('c-q', 'abcdef');
        expect((await r.quarantine.hold(q)).created).toBe(true);
        const second = await r.quarantine.hold({ ...q, message: 'other' });
        expect(second).toMatchObject({ created: false, record: { message: q.message } });
        expect((await r.quarantine.find('c-q:abc')).id).toBe(q.id);
        await r.quarantine.markAlerted(q, '2024-01-01T00:01:00.000Z');
        expect((await r.quarantine.get('c-q', 'abcdef'))?.alertedAt).toBe('2024-01-01T00:01:00.000Z');
        await r.quarantine.decide(q, 'rejected', '2024-01-02T00:00:00.000Z');
        await expect(r.quarantine.decide(q, 'approved', '2024-01-03T00:00:00.000Z')).rejects.toMatchObject({
          code: 'decided',
        });
        expect((await r.quarantine.list({ status: 'held' })).filter((x) => x.source === 'c-q')).toEqual([]);
        expect(await r.quarantine.get('c-q', 'abcdef')).toMatchObject({
          status: 'rejected',
          decidedAt: '2024-01-02T00:00:00.000Z',
        });
      });

      it('holds again a publication approved earlier; refuses unknown and ambiguous ids', async () => {
        const q = held('c-q2', '111aaa');
        await r.quarantine.hold(q);
        await r.quarantine.decide(q, 'approved', '2024-01-02T00:00:00.000Z');
        expect((await r.quarantine.hold(q)).created).toBe(true);
        expect((await r.quarantine.get('c-q2', '111aaa'))?.status).toBe('held');
        await r.quarantine.hold(held('c-q2', '111bbb'));
        await expect(r.quarantine.find('c-q2:111')).rejects.toMatchObject({ code: 'ambiguous' });
        await expect(r.quarantine.find('c-q2:999')).rejects.toBeInstanceOf(QuarantineError);
      });
    });

    describe('notices', () => {
      it('keeps seen notices by id and pending reconciliations that a rerun never resets', async () => {
        const n = {
          id: 'n1',
          title: 'T',
          link: 'https://x/n1',
          published: '2024-05-01',
          regimes: [],
          names: [],
          sectors: [],
        };
        const seen = {
          source: 'c-feed',
          id: 'n1',
          hash: 'h1',
          notice: n,
          listed: [],
          firstSeenAt: 'a',
          lastSeenAt: 'a',
          updates: 0,
        };
        await r.notices.putSeen([seen]);
        const got = await r.notices.getSeen('c-feed', ['n1', 'n2', 'n1']);
        expect([...got.keys()]).toEqual(['n1']);
        expect(got.get('n1')).toEqual(seen);
        await r.notices.putSeen([{ ...seen, hash: 'h2', updates: 1 }]);
        expect((await r.notices.getSeen('c-feed', ['n1'])).get('n1')?.hash).toBe('h2');
        const p: PendingNotice = {
          source: 'c-feed',
          notice: n,
          expected: [],
          remaining: ['A'],
          confirmations: [],
          status: 'pending',
        };
        await r.notices.addPending(p);
        await r.notices.putPending({ ...p, remaining: [], status: 'confirmed' }, '2024-05-02T00:00:00.000Z');
        await r.notices.addPending(p);
        expect(await r.notices.getPending('c-feed', 'n1')).toMatchObject({
          status: 'confirmed',
          remaining: [],
        });
        expect((await r.notices.listPending(['c-feed'])).map((x) => x.notice.id)).toEqual(['n1']);
        expect(await r.notices.listPending(['c-feed-none'])).toEqual([]);
      });
    });

    describe('subscriptions', () => {
      it('creates once, moves status only from the given states, lists by status oldest first', async () => {
        await r.subscriptions.create(
          subscription('c-s1', { status: 'pending', createdAt: '2024-01-02T00:00:00.000Z' }),
        );
        await r.subscriptions.create(subscription('c-s2', { createdAt: '2024-01-01T00:00:00.000Z' }));
        await expect(r.subscriptions.create(subscription('c-s2'))).rejects.toThrow();
        expect(await r.subscriptions.setStatus('c-s1', 'active', 't', { from: ['unsubscribed'] })).toBe(
          false,
        );
        expect(
          await r.subscriptions.setStatus('c-s1', 'active', 't', { from: ['pending'], confirmedAt: 't1' }),
        ).toBe(true);
        expect(await r.subscriptions.get('c-s1')).toMatchObject({ status: 'active', confirmedAt: 't1' });
        expect(await r.subscriptions.setStatus('c-none', 'active', 't')).toBe(false);
        const active = (await r.subscriptions.listActive()).filter((s) => s.id.startsWith('c-s'));
        expect(active.map((s) => s.id)).toEqual(['c-s2', 'c-s1']);
        expect(await r.subscriptions.setFilters('c-s2', { sources: ['us-ofac-sdn'] }, 'daily', 't')).toBe(
          true,
        );
        expect(await r.subscriptions.get('c-s2')).toMatchObject({
          filters: { sources: ['us-ofac-sdn'] },
          mode: 'daily',
        });
        expect(await r.subscriptions.setFilters('c-none', {}, 'daily', 't')).toBe(false);
        expect(await r.subscriptions.remove('c-s2')).toBe(true);
        expect(await r.subscriptions.remove('c-s2')).toBe(false);
        expect(await r.subscriptions.get('c-s2')).toBeUndefined();
      });

      it('finds by target case-insensitively for email, finds live duplicates, suppresses an address', async () => {
        await r.subscriptions.create(
          subscription('c-t1', { target: 'Ops@Example.org', filters: { watch: ['A'] } }),
        );
        await r.subscriptions.create(
          subscription('c-t2', { target: 'ops@example.org', status: 'unsubscribed' }),
        );
        expect((await r.subscriptions.findByTarget('email', ' OPS@example.org ')).map((s) => s.id)).toEqual([
          'c-t1',
          'c-t2',
        ]);
        expect((await r.subscriptions.findDuplicate('email', 'ops@example.org', { watch: ['A'] }))?.id).toBe(
          'c-t1',
        );
        expect(await r.subscriptions.findDuplicate('email', 'ops@example.org', {})).toBeUndefined();
        expect(await r.subscriptions.suppressEmail('OPS@example.org', { reason: 'bounce', at: 't' })).toBe(1);
        expect((await r.subscriptions.get('c-t1'))?.status).toBe('suppressed');
        expect((await r.subscriptions.get('c-t2'))?.status).toBe('unsubscribed');
        expect(await r.subscriptions.suppression('ops@example.org')).toEqual({ reason: 'bounce', at: 't' });
        expect(await r.subscriptions.suppression('other@example.org')).toBeUndefined();
      });

      it('reads watch terms stored before list values were split as the list they meant', async () => {
        await r.subscriptions.create(subscription('c-w', { filters: { watch: ['A,B'] } }));
        expect((await r.subscriptions.get('c-w'))?.filters.watch).toEqual(['A', 'B']);
      });

      it('throttles sign-ups: one pending confirmation per address, a count per client and hour', async () => {
        expect(await r.subscriptions.claimConfirmation('c@x.org', 1000, 5000)).toBe(true);
        expect(await r.subscriptions.claimConfirmation('C@x.org', 2000, 6000)).toBe(false);
        expect(await r.subscriptions.claimConfirmation('c@x.org', 5000, 9000)).toBe(true);
        await r.subscriptions.releaseConfirmation('c@x.org');
        expect(await r.subscriptions.claimConfirmation('c@x.org', 5001, 9000)).toBe(true);
        const hour = Date.UTC(2024, 0, 1, 10);
        expect(await r.subscriptions.takeClientSignup('c-client', hour, 2)).toBe(true);
        expect(await r.subscriptions.takeClientSignup('c-client', hour + 60_000, 2)).toBe(true);
        expect(await r.subscriptions.takeClientSignup('c-client', hour + 120_000, 2)).toBe(false);
        expect(await r.subscriptions.clientSignups('c-client', hour)).toBe(2);
        expect(await r.subscriptions.clientSignups('c-client', hour + 3_600_000)).toBe(0);
      });
    });

    describe('deliveries', () => {
      it('creates a job once, saves its state, lists by state newest first and finds due jobs oldest first', async () => {
        expect(await r.deliveries.createJob(job('c-j1', { nextAttemptAt: '2024-01-01T00:00:02.000Z' }))).toBe(
          true,
        );
        expect(await r.deliveries.createJob(job('c-j1', { channel: 'other' }))).toBe(false);
        await r.deliveries.createJob(job('c-j2', { nextAttemptAt: '2024-01-01T00:00:01.000Z' }));
        await r.deliveries.createJob(job('c-j3', { nextAttemptAt: '2999-01-01T00:00:00.000Z' }));
        expect((await r.deliveries.getJob('c-j1'))?.channel).toBe('webhook');
        const due = (await r.deliveries.dueJobs('2024-06-01T00:00:00.000Z')).filter((j) =>
          j.id.startsWith('c-j'),
        );
        expect(due.map((j) => j.id)).toEqual(['c-j2', 'c-j1']);
        await r.deliveries.saveJob({ ...job('c-j1'), state: 'sent', updatedAt: '2024-01-01T00:00:05.000Z' });
        await r.deliveries.saveJob({ ...job('c-j2'), state: 'sent', updatedAt: '2024-01-01T00:00:06.000Z' });
        const sent = (await r.deliveries.listJobs(['sent'])).filter((j) => j.id.startsWith('c-j'));
        expect(sent.map((j) => j.id)).toEqual(['c-j2', 'c-j1']);
        await r.deliveries.deleteJob('c-j3');
        expect(await r.deliveries.getJob('c-j3')).toBeUndefined();
      });

      it('claims a page once; a failed or stale claim is taken over; only the holder finishes it', async () => {
        expect(await r.deliveries.claimSend('c-d', 0, 1, '2024-01-01T00:00:00.000Z')).toEqual({
          claimed: true,
        });
        const taken = await r.deliveries.claimSend('c-d', 0, 2, '2024-01-01T00:00:01.000Z');
        expect(taken).toMatchObject({ claimed: false, existing: { state: 'sending', attempt: 1 } });
        const stale = await r.deliveries.claimSend(
          'c-d',
          0,
          3,
          '2024-01-01T00:10:00.000Z',
          '2024-01-01T00:05:00.000Z',
        );
        expect(stale).toMatchObject({ claimed: true, resumed: { attempt: 1, state: 'sending' } });
        await expect(
          r.deliveries.finishSend('c-d', 0, 1, { state: 'sent', at: '2024-01-01T00:10:01.000Z' }),
        ).rejects.toThrow();
        await r.deliveries.finishSend('c-d', 0, 3, {
          state: 'sent',
          at: '2024-01-01T00:10:01.000Z',
          detail: '200',
        });
        expect(
          await r.deliveries.claimSend('c-d', 0, 4, '2024-01-01T00:11:00.000Z', '2024-01-01T00:11:00.000Z'),
        ).toMatchObject({
          claimed: false,
          existing: { state: 'sent', sentAt: '2024-01-01T00:10:01.000Z', detail: '200' },
        });
        await r.deliveries.claimSend('c-d', 1, 3, '2024-01-01T00:10:00.000Z');
        await r.deliveries.finishSend('c-d', 1, 3, { state: 'failed', at: 'x', detail: 'HTTP 500' });
        expect(await r.deliveries.claimSend('c-d', 1, 4, '2024-01-01T00:12:00.000Z')).toEqual({
          claimed: true,
        });
        await r.deliveries.releaseUnknownSend('c-d', 1, 'released by operator');
        await expect(r.deliveries.releaseUnknownSend('c-d', 1, 'again')).rejects.toThrow();
        expect((await r.deliveries.getSends('c-d')).map((s) => [s.page, s.state])).toEqual([
          [0, 'sent'],
          [1, 'failed'],
        ]);
      });

      it('keeps digest parts once per (batch, subscription), lists pending ones of earlier days, marks and moves them once', async () => {
        const part = (sub: string, batch: string, day: string): DigestPart => ({
          subscriptionId: sub,
          batchId: batch,
          channel: 'email',
          day,
          createdAt: `${day}T10:00:00.000Z`,
          counts: { added: 1, removed: 0, amended: 0, notices: 0 },
          state: 'pending',
        });
        const p1 = part('c-ds1', 'b1', '2024-01-01');
        const p2 = part('c-ds1', 'b2', '2024-01-02');
        expect(await r.deliveries.createDigestPart(p1)).toBe(true);
        expect(await r.deliveries.createDigestPart(p1)).toBe(false);
        await r.deliveries.createDigestPart(p2);
        const pending = async (day: string) =>
          (await r.deliveries.pendingDigestParts(day))
            .filter((p) => p.subscriptionId === 'c-ds1')
            .map((p) => p.batchId);
        expect(await pending('2024-01-02')).toEqual(['b1']);
        expect(await pending('2024-01-03')).toEqual(['b1', 'b2']);
        expect(await r.deliveries.moveDigestPart(p2, '2024-01-03')).toBe(true);
        expect(await r.deliveries.moveDigestPart(p2, '2024-01-04')).toBe(false);
        expect(await pending('2024-01-03')).toEqual(['b1']);
        expect(await r.deliveries.markDigestPart(p1, 'd-1', '2024-01-02T00:00:00.000Z')).toBe(true);
        expect(await r.deliveries.markDigestPart(p1, 'd-2', '2024-01-02T00:00:00.000Z')).toBe(false);
        expect(await r.deliveries.getDigestPart('c-ds1', 'b1')).toMatchObject({
          state: 'digested',
          deliveryId: 'd-1',
        });
        expect(await pending('2024-01-09')).toEqual(['b2']);
      });
    });
  });
}
