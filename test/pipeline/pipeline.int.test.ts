/**
 * The poll pipeline end to end on real publications, over `file://` and a loopback HTTP server,
 * on both DynamoDB Local and dynalite.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { contentHash } from '../../functions/core/canonical';
import { diffPublications } from '../../functions/core/diff';
import { approveQuarantined, pollSource, rejectQuarantined } from '../../functions/pipeline/poll';
import { listSource } from '../../functions/sources/index';
import { HAVE_REALDATA, REALDATA_SKIP_MESSAGE, readReal, realPath } from '../support/realdata';
import { harness, withDefinition } from './harness';

const UN = 'un-sc-consolidated';
const fileUrl = (...parts: string[]) => pathToFileURL(realPath(...parts)).toString();
const noSleep = { sleep: async () => {}, backoffMs: 1 };

if (!HAVE_REALDATA) console.warn(REALDATA_SKIP_MESSAGE);

describe.skipIf(!HAVE_REALDATA).each(inject('dynamoEngines'))('poll pipeline on $name', ({ endpoint }) => {
  it('UN 2017-06-30 → 2017-07-03: baseline, then one batch with the three removals; polling again adds nothing', async () => {
    const h = await harness(endpoint);
    const first = await pollSource(h.deps, UN, { url: fileUrl('un-consolidated', '2017-06-30.xml') });
    expect(first).toMatchObject({ kind: 'baseline' });
    expect(h.sent).toEqual([]);
    const second = await pollSource(h.deps, UN, { url: fileUrl('un-consolidated', '2017-07-03.xml') });
    expect(second.kind).toBe('changed');
    expect(h.sent).toHaveLength(1);
    const batch = h.sent[0]!;
    expect(batch.summary).toEqual({ added: 0, removed: 3, amended: 0 });
    expect(batch.changes.map((c) => c.kind)).toEqual(['removed', 'removed', 'removed']);
    expect(batch.previous?.sha256).toBe((first as { sha256: string }).sha256);
    expect(batch.changes.every((c) => c.subject !== undefined)).toBe(true);
    // The same publication again: one batch, not two.
    expect(await pollSource(h.deps, UN, { url: fileUrl('un-consolidated', '2017-07-03.xml') })).toMatchObject(
      {
        kind: 'unchanged',
      },
    );
    expect(h.sent).toHaveLength(1);
    // The snapshot is the new publication, entry for entry.
    const expected = listSource(UN).parse(readReal('un-consolidated', '2017-07-03.xml'));
    const index = await h.store.snapshots.readIndex(UN);
    expect(index.size).toBe(expected.entries.length);
    for (const e of expected.entries) expect(index.get(e.id)).toBe(contentHash(e));
    const state = await h.store.sources.get(UN);
    expect(state).toMatchObject({
      lastSha256: batch.publication.sha256,
      lastRecords: expected.entries.length,
    });
    expect(state.pendingSha256).toBeUndefined();
    const headers = await h.store.batches.list(UN);
    expect(headers.map((x) => x.status)).toEqual(['baseline', 'emitted']);
  });

  it('OFAC 2021-07 set (with companions) → daily 2021-08-18 sdn.csv: the batch equals the pure diff', async () => {
    const h = await harness(endpoint);
    const id = 'us-ofac-sdn-csv';
    const set = join(h.tmp, 'set');
    mkdirSync(set);
    for (const f of ['sdn.csv', 'add.csv', 'alt.csv', 'sdn_comments.csv']) {
      copyFileSync(realPath('ofac-sdn-csv', '2021-07', f), join(set, f));
    }
    expect(
      await pollSource(h.deps, id, { url: pathToFileURL(join(set, 'sdn.csv')).toString() }),
    ).toMatchObject({
      kind: 'baseline',
    });
    const daily = fileUrl('ofac-sdn-csv', 'daily', 'sdn_2021-08-18_09-39-01Z.csv');
    const outcome = await pollSource(h.deps, id, { url: daily });
    expect(outcome.kind).toBe('changed');
    const src = listSource(id);
    const before = src.parse(readReal('ofac-sdn-csv', '2021-07', 'sdn.csv'), {
      companions: Object.fromEntries(
        ['add.csv', 'alt.csv', 'sdn_comments.csv'].map((f) => [f, readReal('ofac-sdn-csv', '2021-07', f)]),
      ),
    });
    const after = src.parse(readReal('ofac-sdn-csv', 'daily', 'sdn_2021-08-18_09-39-01Z.csv'));
    const pure = diffPublications(before, after);
    expect(h.sent).toHaveLength(1);
    expect(h.sent[0]!.summary).toEqual(pure.summary);
    expect(h.sent[0]!.changes.map((c) => `${c.kind}:${c.id}:${c.material}`)).toEqual(
      pure.changes.map((c) => `${c.kind}:${c.id}:${c.material}`),
    );
    expect(await pollSource(h.deps, id, { url: daily })).toMatchObject({ kind: 'unchanged' });
    expect(h.sent).toHaveLength(1);
  });

  it('refuses the real 0-byte OFAC file: quarantined, snapshot byte-for-byte unchanged, operator told why', async () => {
    const h = await harness(endpoint);
    const id = 'us-ofac-sdn-csv';
    await pollSource(h.deps, id, { url: fileUrl('ofac-sdn-csv', 'daily', 'sdn_2021-08-18_09-39-01Z.csv') });
    const before = await h.store.snapshots.readItems(id);
    const outcome = await pollSource(h.deps, id, {
      url: fileUrl('ofac-sdn-csv', 'daily', 'sdn_2024-05-04_01-36-19Z.EMPTY_FAILED_DOWNLOAD.csv'),
    });
    expect(outcome).toMatchObject({
      kind: 'quarantined',
      alerted: true,
      quarantine: { reason: 'parse-error' },
    });
    expect(h.alerts).toHaveLength(1);
    expect(h.alerts[0]!.message).toMatch(/empty \(0 bytes\)/);
    expect(h.alerts[0]!.message).toMatch(/quarantine approve\|reject us-ofac-sdn-csv:/);
    expect(h.sent).toEqual([]);
    expect(await h.store.snapshots.readItems(id)).toEqual(before);
  });
});

describe.skipIf(!HAVE_REALDATA)('poll pipeline on dynalite: guards, HTTP and approval', () => {
  const engine = () => inject('dynamoEngines').find((e) => e.name === 'dynalite')!.endpoint;
  let server: Server;
  let base = '';
  const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  let flaky = 0;

  beforeAll(async () => {
    const un0630 = readReal('un-consolidated', '2017-06-30.xml');
    server = createServer((req, res) => {
      seen.push({ path: req.url ?? '', headers: req.headers });
      if (req.url === '/un.xml') {
        if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
        res.writeHead(200, { etag: '"v1"', 'content-type': 'application/xml' }).end(un0630);
      } else if (req.url === '/flaky.xml') {
        if (flaky++ < 2) return void res.writeHead(503).end('busy');
        res.writeHead(200).end(un0630);
      } else if (req.url === '/down.xml') {
        res.writeHead(502).end();
      } else if (req.url === '/html.xml') {
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<!DOCTYPE html><html><body>Maintenance</body></html>');
      } else res.writeHead(404).end();
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  it('sends a conditional GET with the stored ETag and treats 304 as not modified, with no snapshot write', async () => {
    const h = await harness(engine());
    expect(await pollSource(h.deps, UN, { url: `${base}/un.xml` })).toMatchObject({ kind: 'baseline' });
    // With --url the validators are not reused; polling the definition's URL would. Emulate it:
    await h.store.sources.record(UN, { etag: '"v1"' });
    const src = withDefinition(UN, { url: `${base}/un.xml` });
    h.deps.source = src;
    h.requests.reset();
    expect(await pollSource(h.deps, UN)).toMatchObject({ kind: 'not-modified' });
    expect(seen.at(-1)?.headers['if-none-match']).toBe('"v1"');
    expect(seen.at(-1)?.headers['user-agent']).toMatch(/^sanctions-notifier\//);
    expect(h.requests.counts.BatchWriteItem ?? 0).toBe(0);
    expect((await h.store.sources.get(UN)).lastOutcome).toBe('not-modified');
  });

  it('retries 5xx with backoff and succeeds; gives up after the bounded attempts with the final status', async () => {
    const h = await harness(engine());
    flaky = 0;
    expect(await pollSource(h.deps, UN, { url: `${base}/flaky.xml`, fetch: noSleep })).toMatchObject({
      kind: 'baseline',
    });
    expect(flaky).toBe(3);
    for (let i = 0; i < 3; i++) {
      const outcome = await pollSource(h.deps, UN, {
        url: `${base}/down.xml`,
        fetch: { ...noSleep, attempts: 2 },
      });
      expect(outcome).toMatchObject({ kind: 'failed', httpStatus: 502 });
      expect((outcome as { error: string }).error).toMatch(/HTTP 502 .*after 2 attempts/);
    }
    const state = await h.store.sources.get(UN);
    expect(state.consecutiveFailures).toBe(3);
    expect(h.alerts.map((a) => a.kind)).toEqual(['fetch-failing']);
  });

  it('quarantines an HTML page served with 200', async () => {
    const h = await harness(engine());
    await pollSource(h.deps, UN, { url: fileUrl('un-consolidated', '2017-06-30.xml') });
    const before = await h.store.snapshots.readItems(UN);
    const outcome = await pollSource(h.deps, UN, { url: `${base}/html.xml` });
    expect(outcome).toMatchObject({ kind: 'quarantined', quarantine: { reason: 'parse-error' } });
    expect(h.alerts[0]!.message).toMatch(/HTML page/);
    expect(await h.store.snapshots.readItems(UN)).toEqual(before);
    expect(h.sent).toEqual([]);
  });

  it('quarantines a truncated XML file once, however often it is fetched', async () => {
    const h = await harness(engine());
    await pollSource(h.deps, UN, { url: fileUrl('un-consolidated', '2017-06-30.xml') });
    const before = await h.store.snapshots.readItems(UN);
    const bytes = readReal('un-consolidated', '2017-07-03.xml');
    const path = join(h.tmp, 'truncated.xml');
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const url = pathToFileURL(path).toString();
    expect(await pollSource(h.deps, UN, { url })).toMatchObject({ kind: 'quarantined', alerted: true });
    expect(await pollSource(h.deps, UN, { url })).toMatchObject({ kind: 'quarantined', alerted: false });
    expect(h.alerts).toHaveLength(1);
    expect(await h.store.snapshots.readItems(UN)).toEqual(before);
    expect(await h.store.quarantine.list()).toHaveLength(1);
    await expect(approveQuarantined(h.deps, `${UN}:`)).rejects.toThrow(
      /cannot approve: the publication does not parse/,
    );
  });

  it('holds back a 90 % shrink (no batch, snapshot unchanged, clear operator message); approval applies it', async () => {
    // Bounds widened so that the shrink guard, not the bounds check, is what stops it.
    const h = await harness(engine(), {
      source: withDefinition(UN, { recordBounds: { min: 1, max: 5000 } }),
    });
    await pollSource(h.deps, UN, { url: fileUrl('un-consolidated', '2017-06-30.xml') });
    const before = await h.store.snapshots.readItems(UN);
    const text = readReal('un-consolidated', '2017-07-03.xml').toString('utf8');
    let n = 0;
    const shrunk = text.replace(/<(INDIVIDUAL|ENTITY)>[\s\S]*?<\/\1>/g, (m) => (n++ % 10 === 0 ? m : ''));
    const path = join(h.tmp, 'shrunk.xml');
    writeFileSync(path, shrunk);
    const outcome = await pollSource(h.deps, UN, { url: pathToFileURL(path).toString() });
    expect(outcome).toMatchObject({ kind: 'quarantined', quarantine: { reason: 'shrink' } });
    expect(h.alerts[0]!.message).toMatch(/−90 %, more than the 20 % allowed/);
    expect(h.sent).toEqual([]);
    expect(await h.store.snapshots.readItems(UN)).toEqual(before);
    const state = await h.store.sources.get(UN);
    expect(state.lastRecords).toBe(before.length);

    const approved = await approveQuarantined(h.deps, `${UN}:`);
    expect(approved.kind).toBe('changed');
    expect(h.sent).toHaveLength(1);
    expect(h.sent[0]!.summary.removed).toBeGreaterThan(before.length * 0.85);
    expect((await h.store.quarantine.list())[0]!.status).toBe('approved');
    expect((await h.store.snapshots.readIndex(UN)).size).toBe(Math.ceil(n / 10));
  });

  it('a rejected publication stays out and does not alert again', async () => {
    const h = await harness(engine());
    await pollSource(h.deps, UN, { url: fileUrl('un-consolidated', '2017-06-30.xml') });
    const url = `${base}/html.xml`;
    await pollSource(h.deps, UN, { url });
    const rejected = await rejectQuarantined(h.deps, `${UN}:`);
    expect(rejected.status).toBe('rejected');
    expect(await pollSource(h.deps, UN, { url })).toMatchObject({
      kind: 'quarantined',
      alerted: false,
      quarantine: { status: 'rejected' },
    });
    expect(h.alerts).toHaveLength(1);
  });
});
