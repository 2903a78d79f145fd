/**
 * The operator's decision through the admin API: `GET /admin/quarantine` lists held publications
 * with reason and sample, `POST /admin/quarantine/<id-prefix>/approve|reject` decides (bearer token
 * required); an approved publication goes through the pipeline and is emitted like any change.
 */
import { pathToFileURL } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { createApiRouter } from '../../functions/http/api';
import { createLocalDelivery } from '../../functions/local/delivery';
import { pollSource } from '../../functions/pipeline/poll';
import { quarantineAdmin } from '../../functions/pipeline/quarantine-admin';
import { freshStore, tempDir } from '../delivery/servers';
import { HAVE_REALDATA, realPath } from '../support/realdata';
import { harness } from './harness';

const UN = 'un-sc-consolidated';
const url = (file: string) => pathToFileURL(realPath('un-consolidated', file)).toString();

describe.skipIf(!HAVE_REALDATA)('quarantine through the admin API', () => {
  it('lists a held stale copy with its reason, refuses without the token, approves it by prefix once', async () => {
    const endpoint = inject('dynamoEngines').find((e) => e.name === 'dynalite')!.endpoint;
    const h = await harness(endpoint);
    await pollSource(h.deps, UN, { url: url('2017-06-30.xml') });
    await pollSource(h.deps, UN, { url: url('2017-07-03.xml') });
    expect(await pollSource(h.deps, UN, { url: url('2017-06-30.xml') })).toMatchObject({
      kind: 'quarantined',
      quarantine: { reason: 'stale' },
    });
    expect(h.sent).toHaveLength(1);

    const delivery = await createLocalDelivery({
      repos: await freshStore(endpoint),
      dataDir: await tempDir(),
      env: {},
      batches: h.store.batches,
    });
    const router = createApiRouter({
      subscriptions: delivery.subscriptions,
      email: delivery.email,
      sender: delivery.settings.sender,
      publicBaseUrl: 'http://127.0.0.1:8787',
      tokenKey: delivery.tokenKey,
      adminToken: delivery.adminToken,
      allowPrivateTargets: false,
      now: Date.now,
      quarantine: quarantineAdmin(h.deps),
    });
    const call = (method: string, path: string, auth = true) =>
      router({
        method,
        path,
        query: {},
        headers: auth ? { authorization: `Bearer ${delivery.adminToken}` } : {},
      });

    expect((await call('GET', '/admin/quarantine', false)).status).toBe(401);
    const list = await call('GET', '/admin/quarantine');
    expect(list.status).toBe(200);
    const { quarantined } = JSON.parse(list.body) as {
      quarantined: { id: string; reason: string; files?: unknown }[];
    };
    expect(quarantined.map((q) => q.reason)).toEqual(['stale']);
    expect(quarantined[0]!.files).toBeUndefined();
    const prefix = quarantined[0]!.id.slice(0, UN.length + 9);

    expect((await call('POST', `/admin/quarantine/${prefix}/approve`, false)).status).toBe(401);
    expect((await call('POST', `/admin/quarantine/${UN}:ffff/approve`)).status).toBe(404);
    const approved = await call('POST', `/admin/quarantine/${prefix}/approve`);
    expect(approved.status).toBe(200);
    expect(JSON.parse(approved.body)).toMatchObject({
      outcome: { kind: 'changed', batch: { summary: { added: 3, removed: 0, amended: 0 } } },
    });
    expect(h.sent).toHaveLength(2);
    expect((await call('POST', `/admin/quarantine/${prefix}/approve`)).status).toBe(409);
    expect((await call('POST', `/admin/quarantine/${prefix}/reject`)).status).toBe(409);
    expect(JSON.parse((await call('GET', '/admin/quarantine')).body)).toEqual({ quarantined: [] });
    expect(h.sent).toHaveLength(2);
  });
});
