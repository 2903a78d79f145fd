/**
 * The AWS API Lambda's router (`awsApiRouter`, what functions/handlers/api.ts serves) answers the
 * admin quarantine routes: API Gateway v2 events in, the held publication listed, shown, approved
 * through the poll pipeline (emitted to the batch queue) and refused a second decision. Real
 * DynamoDB engine; the pipeline's archive and queue are the test harness's (folder, recorder).
 */
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, inject, it } from 'vitest';
import { pollSource } from '../../functions/pipeline/poll';
import { awsApiRouter, toApiRequest } from '../../functions/runtime/aws';
import type { OutgoingEmail } from '../../functions/send/channels/types';
import { harness } from '../pipeline/harness';
import { HAVE_REALDATA, realPath } from '../support/realdata';

const UN = 'un-sc-consolidated';
const url = (file: string) => pathToFileURL(realPath('un-consolidated', file)).toString();
const ADMIN = 'a-long-admin-bearer-token-for-this-test-only-0123';
const HOST = 'abc123.execute-api.eu-west-2.amazonaws.com';

function event(method: string, rawPath: string, token?: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: '',
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    isBase64Encoded: false,
    requestContext: {
      domainName: HOST,
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'curl' },
    },
  } as unknown as APIGatewayProxyEventV2;
}

describe.skipIf(!HAVE_REALDATA)('the AWS API router: admin quarantine routes', () => {
  it('lists, shows and approves a held stale copy once; the approved batch goes to the batch queue', async () => {
    const endpoint = inject('dynamoEngines').find((e) => e.name === 'dynalite')!.endpoint;
    const h = await harness(endpoint);
    await pollSource(h.deps, UN, { url: url('2017-06-30.xml') });
    await pollSource(h.deps, UN, { url: url('2017-07-03.xml') });
    await pollSource(h.deps, UN, { url: url('2017-06-30.xml') });
    expect(h.sent).toHaveLength(1);

    const emails: OutgoingEmail[] = [];
    const router = awsApiRouter(
      {
        base: {
          store: h.store,
          subscriptions: h.store.subscriptions,
          deliveries: h.store.deliveries,
        },
        keys: { tokenKey: 'k'.repeat(48), adminToken: ADMIN },
        email: {
          kind: 'ses',
          send: async (e) => {
            emails.push(e);
            throw new Error('no email is sent by the admin routes');
          },
        },
        pollDeps: h.deps,
      },
      HOST,
      { SENDER_EMAIL: 'alerts@example.org' },
    );
    const call = async (method: string, path: string, token?: string) => {
      const response = await router(toApiRequest(event(method, path, token)));
      return { status: response.status, body: JSON.parse(response.body) };
    };

    expect((await call('GET', '/admin/quarantine')).status).toBe(401);
    expect((await call('GET', '/admin/quarantine', 'not-the-token')).status).toBe(401);
    const list = await call('GET', '/admin/quarantine', ADMIN);
    expect(list.status).toBe(200);
    const [held] = list.body.quarantined as { id: string; reason: string; status: string }[];
    expect(list.body.quarantined).toHaveLength(1);
    expect(held).toMatchObject({ reason: 'stale', status: 'held' });
    expect(held!.id.startsWith(`${UN}:`)).toBe(true);

    const shown = await call('GET', `/admin/quarantine/${held!.id}`, ADMIN);
    expect(shown).toMatchObject({ status: 200, body: { id: held!.id, reason: 'stale', status: 'held' } });
    expect(shown.body.files).toBeUndefined();

    expect((await call('POST', `/admin/quarantine/${held!.id}/approve`)).status).toBe(401);
    expect(h.sent).toHaveLength(1);
    const approved = await call('POST', `/admin/quarantine/${held!.id}/approve`, ADMIN);
    expect(approved).toMatchObject({
      status: 200,
      body: { outcome: { kind: 'changed', batch: { summary: { added: 3, removed: 0, amended: 0 } } } },
    });
    expect(h.sent.map((b) => b.id)).toEqual([h.sent[0]!.id, approved.body.outcome.batch.id]);

    expect((await call('POST', `/admin/quarantine/${held!.id}/reject`, ADMIN)).status).toBe(409);
    expect((await call('GET', `/admin/quarantine/${held!.id}`, ADMIN)).body).toMatchObject({
      status: 'approved',
    });
    expect((await call('GET', '/admin/quarantine', ADMIN)).body).toEqual({ quarantined: [] });
    expect((await call('GET', `/admin/quarantine/${UN}:ffff`, ADMIN)).status).toBe(404);
    expect(emails).toEqual([]);
  });
});
