/**
 * Store contract: the same behaviour on DynamoDB Local and dynalite (no transactions anywhere).
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { contentHash } from '../../functions/core/canonical';
import { emptyDesignation } from '../../functions/core/model';
import type { BatchChange } from '../../functions/pipeline/repos';
import { ConcurrentPollError } from '../../functions/pipeline/repos';
import { CHUNK_BYTES } from '../../functions/store/batches';
import { countRequests } from '../../functions/store/dynamo';
import { createStore, type Store } from '../../functions/store/index';
import { dynamoClients, ensureTable } from '../../functions/store/table';

function entry(id: string, name: string, remarks?: string) {
  const d = emptyDesignation('test-src', id, 'entity', name);
  if (remarks) d.remarks = remarks;
  return d;
}
const put = (id: string, name: string, remarks?: string) => {
  const e = entry(id, name, remarks);
  return { entry: e, hash: contentHash(e) };
};

function change(id: string, remarks = ''): BatchChange {
  return {
    kind: 'added',
    id,
    name: `Name ${id}`,
    entityType: 'entity',
    regimes: ['TEST'],
    sectors: [],
    fields: remarks ? [{ field: 'remarks', before: null, after: remarks, material: true }] : [],
    material: true,
  };
}

const headerBase = (sha256: string, detectedAt: string) => ({
  source: 'test-src',
  sha256,
  sourceKind: 'list' as const,
  url: 'https://example.org/list.xml',
  detectedAt,
  publication: { records: 2, sha256 },
  summary: { added: 1, removed: 0, amended: 0 },
  materialChanges: 1,
  fetch: { fetchedFrom: 'file:///tmp/list.xml', etag: '"abc"' },
});

describe.each(inject('dynamoEngines'))('store contract on $name', ({ name, endpoint }) => {
  let store: Store;
  const tableName = `store-contract-${name}`;

  beforeAll(async () => {
    const { client, doc } = dynamoClients({ tableName, endpoint });
    await ensureTable(client, tableName);
    store = createStore(doc, tableName);
  });

  it('keeps a snapshot as one item per entry and reads hashes without entries', async () => {
    const a = put('1', 'Alpha');
    const b = put('2', 'Beta');
    await store.snapshots.apply('snap-a', 'sha-1', [a, b], []);
    expect([...(await store.snapshots.readIndex('snap-a')).entries()].sort()).toEqual([
      ['1', a.hash],
      ['2', b.hash],
    ]);
    const b2 = put('2', 'Beta', 'now with remarks');
    await store.snapshots.apply('snap-a', 'sha-2', [b2], ['1']);
    await store.snapshots.apply('snap-a', 'sha-2', [b2], ['1']); // idempotent rerun
    const index = await store.snapshots.readIndex('snap-a');
    expect([...index.entries()]).toEqual([['2', b2.hash]]);
    const entries = await store.snapshots.getEntries('snap-a', ['2', '1']);
    expect([...entries.keys()]).toEqual(['2']);
    expect(entries.get('2')).toEqual(b2.entry);
  });

  it('stores a large entry compressed and reads it back unchanged', async () => {
    const big = put('big', 'Big', randomBytes(150_000).toString('base64'));
    await store.snapshots.apply('snap-big', 'sha', [big], []);
    const [item] = await store.snapshots.readItems('snap-big');
    expect(item?.e).toBeUndefined();
    expect(item?.z).toBeInstanceOf(Uint8Array);
    expect((await store.snapshots.getEntries('snap-big', ['big'])).get('big')).toEqual(big.entry);
  });

  it('writes more than 25 entries in several requests and reads more than 100 back', async () => {
    const { doc } = dynamoClients({ tableName, endpoint });
    const counter = countRequests(doc);
    const counted = createStore(doc, tableName);
    const puts = Array.from({ length: 260 }, (_, i) => put(String(i), `Entry ${i}`));
    await counted.snapshots.apply('snap-many', 'sha', puts, []);
    expect(counter.counts.BatchWriteItem).toBe(11);
    const read = await counted.snapshots.getEntries(
      'snap-many',
      puts.map((p) => p.entry.id),
    );
    expect(read.size).toBe(260);
    expect(counter.counts.BatchGetItem).toBeGreaterThanOrEqual(3);
  });

  it('writes a batch write-ahead once; a second write returns the stored batch untouched', async () => {
    const plan = { puts: [put('9', 'Nine')], deletes: ['8'] };
    const first = await store.batches.write(
      headerBase('sha-once', '2024-01-02T00:00:00.000Z'),
      [change('9')],
      plan,
    );
    expect(first.created).toBe(true);
    expect(first.header).toMatchObject({
      id: 'test-src:sha-once',
      status: 'written',
      changeChunks: 1,
      applyChunks: 1,
    });
    const again = await store.batches.write(
      headerBase('sha-once', '2024-01-03T00:00:00.000Z'),
      [change('other')],
      { puts: [], deletes: [] },
    );
    expect(again.created).toBe(false);
    expect(again.header.detectedAt).toBe('2024-01-02T00:00:00.000Z');
    expect((await store.batches.loadChanges(again.header)).map((c) => c.id)).toEqual(['9']);
    expect(await store.batches.loadApplyPlan(again.header)).toEqual(plan);
  });

  it('chunks a batch larger than one item across several items and reads it back whole', async () => {
    // Incompressible remarks: ~1.2 MB of changes must span at least four chunk items.
    const changes = Array.from({ length: 400 }, (_, i) =>
      change(String(i), randomBytes(3000).toString('hex')),
    );
    const { header } = await store.batches.write(headerBase('sha-big', '2024-02-01T00:00:00.000Z'), changes, {
      puts: [],
      deletes: [],
    });
    expect(header.changeChunks).toBeGreaterThanOrEqual(Math.floor((400 * 6000) / 2 / CHUNK_BYTES));
    expect(await store.batches.loadChanges(header)).toEqual(changes);
    const batch = await store.batches.get('test-src', 'sha-big');
    expect(batch?.id).toBe('test-src:sha-big');
    expect(batch?.changes).toHaveLength(400);
  });

  it('moves a batch forward only, and lists batches by time', async () => {
    const { header } = await store.batches.write(
      headerBase('sha-status', '2024-03-01T00:00:00.000Z'),
      [change('1')],
      {
        puts: [],
        deletes: [],
      },
    );
    expect(await store.batches.advance({ ...header }, 'emitted', '2024-03-01T00:00:01.000Z')).toBe(true);
    expect(await store.batches.advance({ ...header }, 'applied', '2024-03-01T00:00:02.000Z')).toBe(false);
    expect(await store.batches.advance({ ...header }, 'emitted', '2024-03-01T00:00:03.000Z')).toBe(false);
    expect((await store.batches.getHeader('test-src', 'sha-status'))?.status).toBe('emitted');
    await store.batches.recordBaseline(headerBase('sha-base', '2023-12-01T00:00:00.000Z'));
    const listed = await store.batches.list('test-src');
    expect(listed.map((h) => h.sha256)).toEqual(['sha-base', 'sha-once', 'sha-big', 'sha-status']);
    expect(listed[0]?.status).toBe('baseline');
    const since = await store.batches.list('test-src', { since: '2024-02' });
    expect(since.map((h) => h.sha256)).toEqual(['sha-big', 'sha-status']);
  });

  it('guards source-state transitions with a version and counts failures', async () => {
    const s0 = await store.sources.get('state-src');
    expect(s0).toEqual({ source: 'state-src', version: 0 });
    const s1 = await store.sources.transition(s0, { lastSha256: 'a', etag: '"e1"', pendingSha256: 'a' });
    expect(s1.version).toBe(1);
    await expect(store.sources.transition(s0, { lastSha256: 'b' })).rejects.toBeInstanceOf(
      ConcurrentPollError,
    );
    const s2 = await store.sources.transition(s1, { pendingSha256: undefined, lastRecords: 3 });
    await store.sources.record(
      'state-src',
      { lastError: 'HTTP 503', lastOutcome: 'failed' },
      { incrementFailures: true },
    );
    await store.sources.record('state-src', { lastError: 'HTTP 503' }, { incrementFailures: true });
    const stored = await store.sources.get('state-src');
    expect(stored).toMatchObject({
      version: 2,
      lastSha256: 'a',
      etag: '"e1"',
      lastRecords: 3,
      consecutiveFailures: 2,
    });
    expect(stored.pendingSha256).toBeUndefined();
    expect(s2.pendingSha256).toBeUndefined();
    await store.sources.record('state-src', { consecutiveFailures: 0, lastError: undefined });
    expect((await store.sources.list()).find((s) => s.source === 'state-src')).toMatchObject({
      consecutiveFailures: 0,
    });
  });

  it('starts versioning a source whose state so far holds only check bookkeeping (first publication quarantined)', async () => {
    await store.sources.record('recorded-only', {
      lastOutcome: 'quarantined',
      lastCheckAt: '2026-01-01T00:00:00Z',
    });
    const s0 = await store.sources.get('recorded-only');
    expect(s0.version).toBe(0);
    const s1 = await store.sources.transition(s0, { lastSha256: 'x' });
    expect(s1.version).toBe(1);
    expect(await store.sources.get('recorded-only')).toMatchObject({
      version: 1,
      lastSha256: 'x',
      lastOutcome: 'quarantined',
    });
  });

  it('holds a quarantined publication once and lets an operator decide once', async () => {
    const record = {
      id: 'q-src:abcdef',
      source: 'q-src',
      sha256: 'abcdef',
      reason: 'shrink' as const,
      message: 'q-src: 10 records where the snapshot holds 100',
      detectedAt: '2024-01-01T00:00:00.000Z',
      status: 'held' as const,
      records: 10,
      previousRecords: 100,
      fetchedFrom: 'file:///x',
      files: { main: 'abcdef' },
    };
    expect((await store.quarantine.hold(record)).created).toBe(true);
    expect((await store.quarantine.hold({ ...record, message: 'other' })).created).toBe(false);
    expect((await store.quarantine.find('q-src:abc')).message).toBe(record.message);
    await store.quarantine.decide(record, 'rejected', '2024-01-02T00:00:00.000Z');
    await expect(store.quarantine.decide(record, 'approved', '2024-01-03T00:00:00.000Z')).rejects.toThrow(
      /already decided/,
    );
    expect(await store.quarantine.list({ status: 'held' })).toEqual([]);
    expect((await store.quarantine.list())[0]).toMatchObject({ status: 'rejected' });
  });
});
