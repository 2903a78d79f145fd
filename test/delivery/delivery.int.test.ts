import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { ChangeBatch } from '../../functions/core/changes';
import { deliveryId } from '../../functions/dispatch/deliveries';
import { fanOutBatch } from '../../functions/dispatch/fanout';
import { createLocalDelivery, type LocalDelivery } from '../../functions/local/delivery';
import { generateWebhookSecret } from '../../functions/send/signing';
import { operatorRetry, webhookEventId } from '../../functions/send/worker';
import type { Subscription } from '../../functions/subscriptions/subscription';
import { change, listBatch, sectors, subscription } from './builders';
import {
  freshStore,
  manualClock,
  type Receiver,
  type Reply,
  type SmtpSink,
  startReceiver,
  startSmtp,
  tempDir,
  verifyStandardWebhook,
} from './servers';

const HOUR = 3_600_000;

function sampleBatch(): ChangeBatch {
  return listBatch([
    change({
      id: '36001',
      name: 'Evil <script>alert(1)</script> "><img src=x> Shipping LLC',
      regimes: ['RUSSIA-EO14024'],
      sectors: sectors('shipping'),
    }),
    change({
      id: '36002',
      name: 'Bank Rossiya\r\nBcc: victim@example.org',
      kind: 'removed',
      sectors: sectors('financial-services'),
    }),
    change({
      id: '36003',
      name: 'Ivan Petrov',
      kind: 'amended',
      entityType: 'individual',
      fields: [{ field: 'aliases', before: [], after: [{ name: 'I. Petrov', type: 'aka' }], material: true }],
    }),
  ]);
}

/** Fan-out whose queue drops the jobs: they wait in the store, as after a crash before the queue ran. */
async function fanOutOnly(delivery: LocalDelivery, batch: ChangeBatch, now: () => number) {
  await fanOutBatch(batch, {
    subscriptions: delivery.subscriptions,
    deliveries: delivery.deliveries,
    queue: { enqueue: async () => {} },
    now,
  });
}

/** A webhook subscription to a closed port unless overridden. */
function sub(id: string, overrides: Partial<Subscription>): Subscription {
  return subscription(id, {}, { channel: 'webhook', target: 'http://127.0.0.1:1/none', ...overrides });
}

describe.each(inject('dynamoEngines'))('delivery on $name', ({ endpoint }) => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (closers.length) await closers.pop()!();
  });

  async function setup(options: { allowPrivate?: boolean; smtpUrl?: string } = {}) {
    const store = await freshStore(endpoint);
    const dataDir = await tempDir();
    const clock = manualClock();
    const batch = sampleBatch();
    const alerts: { message: string }[] = [];
    const delivery: LocalDelivery = await createLocalDelivery({
      repos: store,
      dataDir,
      env: {},
      settings: {
        allowPrivateTargets: options.allowPrivate ?? true,
        publicBaseUrl: 'http://127.0.0.1:8787',
        sender: 'alerts@sanctions-notifier.invalid',
        ...(options.smtpUrl ? { smtpUrl: options.smtpUrl } : {}),
      },
      loadBatch: async (id) => (id === batch.id ? batch : undefined),
      sourceTitle: () => 'OFAC SDN',
      now: clock.now,
      random: () => 0.5,
      onOperatorAlert: (a) => alerts.push(a),
    });
    return { store, dataDir, clock, batch, alerts, delivery };
  }

  async function receiver(reply: (req: Receiver['requests'][number], n: number) => Reply): Promise<Receiver> {
    const r = await startReceiver(reply);
    closers.push(r.close);
    return r;
  }

  async function smtp(): Promise<SmtpSink> {
    const s = await startSmtp();
    closers.push(s.close);
    return s;
  }

  it('emails through a real SMTP server: both parts, one-click unsubscribe headers, escaped list data, once', async () => {
    const sink = await smtp();
    const { delivery, batch } = await setup({ smtpUrl: sink.url });
    await delivery.subscriptions.create(sub('s-email', { channel: 'email', target: 'analyst@example.com' }));

    const first = await delivery.deliverBatch(batch);
    expect(first.outcomes.map((o) => o.outcome.status)).toEqual(['sent']);
    // The same batch handed over again, and the job redelivered: nothing more is sent.
    const again = await delivery.deliverBatch(batch);
    expect(again.fanout.created).toBe(0);
    expect(await delivery.worker.run(deliveryId(batch.id, 's-email'))).toEqual({
      status: 'already-done',
      state: 'sent',
    });
    expect(sink.messages).toHaveLength(1);

    const mail = sink.messages[0]!;
    expect(mail.envelope.to).toEqual(['analyst@example.com']);
    const parsed = mail.parsed;
    expect(parsed.subject).toMatch(/OFAC SDN/);
    const headerLine = (name: string) => parsed.headerLines.find((h) => h.key === name)?.line;
    expect(headerLine('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const list = parsed.headers.get('list') as { unsubscribe?: { url?: string } } | undefined;
    expect(list?.unsubscribe?.url).toMatch(/^http:\/\/127\.0\.0\.1:8787\/unsubscribe\?token=/);
    expect(mail.raw).toMatch(/^List-Unsubscribe: <http:\/\/127\.0\.0\.1:8787\/unsubscribe\?token=[^>]+>/m);
    expect(parsed.text).toContain('Ivan Petrov');
    expect(parsed.html).toBeTruthy();
    const html = String(parsed.html);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toMatch(/(&lt;|&#60;)script(&gt;|&#62;)alert\(1\)/);
    expect(html).not.toContain('"><img');
    expect(html).toContain('/manage?token=');
    // The CRLF in a name never becomes a header.
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.to && 'text' in parsed.to ? parsed.to.text : '').toBe('analyst@example.com');
  });

  it('writes .eml and .html into the outbox without SMTP_URL', async () => {
    const { delivery, batch, dataDir } = await setup();
    await delivery.subscriptions.create(sub('s-outbox', { channel: 'email', target: 'desk@example.com' }));
    await delivery.deliverBatch(batch);
    await delivery.deliverBatch(batch);
    const files = (await readdir(join(dataDir, 'outbox'))).sort();
    const id = deliveryId(batch.id, 's-outbox');
    expect(files).toEqual([`${id}.eml`, `${id}.html`]);
    const eml = await readFile(join(dataDir, 'outbox', `${id}.eml`), 'utf8');
    expect(eml).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
  });

  it('signs webhooks per Standard Webhooks (checked by an independent verifier) and delivers once', async () => {
    const { delivery, batch, clock } = await setup();
    const secret = generateWebhookSecret();
    const verdicts: { ok: boolean; reason?: string }[] = [];
    const r = await receiver((req) => {
      verdicts.push(verifyStandardWebhook(secret, req.headers, req.body, Math.floor(clock.now() / 1000)));
      return { status: 204 };
    });
    await delivery.subscriptions.create(sub('s-hook', { target: `${r.url}/hooks`, secret }));
    await delivery.deliverBatch(batch);
    await delivery.worker.run(deliveryId(batch.id, 's-hook'));
    expect(r.requests).toHaveLength(1);
    expect(verdicts).toEqual([{ ok: true }]);
    const payload = JSON.parse(r.requests[0]!.body);
    expect(payload.batchId).toBe(batch.id);
    expect(payload.changes.map((c: { id: string }) => c.id).sort()).toEqual(['36001', '36002', '36003']);
    expect(r.requests[0]!.headers['webhook-id']).toBe(payload.id);
    // A tampered body does not verify with the same headers.
    expect(
      verifyStandardWebhook(
        secret,
        r.requests[0]!.headers,
        `${r.requests[0]!.body} `,
        Math.floor(clock.now() / 1000),
      ).ok,
    ).toBe(false);
  });

  it('retries a flaky receiver (fails twice, then 200) and delivers exactly once even when redelivered', async () => {
    const { delivery, batch, clock } = await setup();
    const secret = generateWebhookSecret();
    const r = await receiver((_req, n) => (n <= 2 ? { status: 503 } : { status: 200 }));
    await delivery.subscriptions.create(sub('s-flaky', { target: r.url, secret }));
    const id = deliveryId(batch.id, 's-flaky');

    const first = await delivery.deliverBatch(batch);
    expect(first.outcomes[0]!.outcome.status).toBe('retry');
    // Not due yet: nothing runs.
    expect(await delivery.processDue()).toEqual([]);
    let job = await delivery.deliveries.getJob(id);
    clock.set(Date.parse(job!.nextAttemptAt!));
    expect((await delivery.processDue()).map((o) => o.outcome.status)).toEqual(['retry']);
    job = await delivery.deliveries.getJob(id);
    const secondGap = Date.parse(job!.nextAttemptAt!) - clock.now();
    clock.set(Date.parse(job!.nextAttemptAt!));
    expect((await delivery.processDue()).map((o) => o.outcome.status)).toEqual(['sent']);

    // Backoff grows (30 s then 60 s with jitter 0.5 → 22.5 s then 45 s).
    expect(secondGap).toBe(45_000);
    // Redelivery of the job and a second hand-over of the batch are no-ops.
    await delivery.worker.run(id);
    await delivery.deliverBatch(batch);
    await delivery.processDue();
    expect(r.requests).toHaveLength(3);
    expect(new Set(r.requests.map((q) => q.headers['webhook-id'])).size).toBe(1);
    job = await delivery.deliveries.getJob(id);
    expect(job).toMatchObject({ state: 'sent', attempts: 3, pagesSent: 1 });
  });

  it('dead-letters after the retry budget (≥ 24 h) with an operator alert; an operator retry then delivers', async () => {
    const { delivery, batch, clock, alerts, dataDir } = await setup();
    let up = false;
    const r = await receiver(() => (up ? { status: 200 } : { status: 500 }));
    await delivery.subscriptions.create(sub('s-down', { target: r.url, secret: generateWebhookSecret() }));
    const id = deliveryId(batch.id, 's-down');
    const start = clock.now();
    await delivery.deliverBatch(batch);
    for (let i = 0; i < 100; i++) {
      const job = await delivery.deliveries.getJob(id);
      if (job!.state !== 'retrying') break;
      clock.set(Date.parse(job!.nextAttemptAt!));
      await delivery.processDue();
    }
    const dead = await delivery.deliveries.getJob(id);
    expect(dead!.state).toBe('dead');
    expect(clock.now() - start).toBeGreaterThanOrEqual(24 * HOUR);
    expect(dead!.lastError).toMatch(/retry budget exhausted/);
    expect(r.requests.length).toBe(dead!.attempts);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.message).toContain(id);
    expect(alerts[0]!.message).not.toContain('127.0.0.1');
    const logged = (await readFile(join(dataDir, 'operator-alerts.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { message: string });
    expect(logged.some((a) => a.message.includes(id))).toBe(true);
    expect((await delivery.deliveries.listJobs(['dead'])).map((j) => j.id)).toEqual([id]);

    up = true;
    await operatorRetry(delivery.deliveries, id, clock.now());
    expect((await delivery.processDue()).map((o) => o.outcome.status)).toEqual(['sent']);
    expect(r.requests.filter((q) => q.method === 'POST')).toHaveLength(dead!.attempts + 1);
  });

  it('does not retry other 4xx; honours Retry-After on 429', async () => {
    const { delivery, batch, clock } = await setup();
    const gone = await receiver(() => ({ status: 410 }));
    const busy = await receiver(() => ({ status: 429, headers: { 'retry-after': '3600' } }));
    await delivery.subscriptions.create(sub('s-gone', { target: gone.url, secret: generateWebhookSecret() }));
    await delivery.subscriptions.create(sub('s-busy', { target: busy.url, secret: generateWebhookSecret() }));
    const { outcomes } = await delivery.deliverBatch(batch);
    const byId = Object.fromEntries(outcomes.map((o) => [o.id, o.outcome]));
    expect(byId[deliveryId(batch.id, 's-gone')]).toMatchObject({
      status: 'dead',
      reason: expect.stringMatching(/HTTP 410/),
    });
    const busyOutcome = byId[deliveryId(batch.id, 's-busy')];
    expect(busyOutcome?.status).toBe('retry');
    expect(Date.parse((busyOutcome as { at: string }).at) - clock.now()).toBe(3_600_000);
    expect(gone.requests).toHaveLength(1);
  });

  it('does not follow redirects', async () => {
    const { delivery, batch } = await setup();
    const elsewhere = await receiver(() => ({ status: 200 }));
    const redirecting = await receiver(() => ({
      status: 307,
      headers: { location: `${elsewhere.url}/steal` },
    }));
    await delivery.subscriptions.create(
      sub('s-redirect', { target: redirecting.url, secret: generateWebhookSecret() }),
    );
    const { outcomes } = await delivery.deliverBatch(batch);
    expect(outcomes[0]!.outcome).toMatchObject({ status: 'dead', reason: expect.stringMatching(/redirect/) });
    expect(redirecting.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('refuses loopback targets without ALLOW_PRIVATE_WEBHOOK_TARGETS (SSRF guard)', async () => {
    const { delivery, batch } = await setup({ allowPrivate: false });
    const r = await receiver(() => ({ status: 200 }));
    await delivery.subscriptions.create(sub('s-ssrf', { target: r.url, secret: generateWebhookSecret() }));
    await delivery.subscriptions.create(
      sub('s-ssrf-slack', { channel: 'slack', target: `${r.url}/services/x` }),
    );
    const { outcomes } = await delivery.deliverBatch(batch);
    expect(outcomes.map((o) => o.outcome.status)).toEqual(['dead', 'dead']);
    expect(outcomes.map((o) => (o.outcome as { reason: string }).reason).join(' ')).toMatch(/target refused/);
    expect(r.requests).toHaveLength(0);
  });

  it('posts Block Kit JSON to a Slack incoming webhook', async () => {
    const { delivery, batch } = await setup();
    const r = await receiver(() => ({ status: 200, body: 'ok' }));
    await delivery.subscriptions.create(
      sub('s-slack', { channel: 'slack', target: `${r.url}/services/T/B/X` }),
    );
    await delivery.deliverBatch(batch);
    expect(r.requests).toHaveLength(1);
    const body = JSON.parse(r.requests[0]!.body);
    expect(Array.isArray(body.blocks)).toBe(true);
    expect(body.blocks.length).toBeLessThanOrEqual(50);
    expect(r.requests[0]!.body).not.toContain('<script>');
  });

  it('resends a page whose outcome is unknown (crash between send and record) once its claim is stale, same webhook-id', async () => {
    const { delivery, batch, clock, alerts } = await setup();
    const r = await receiver(() => ({ status: 200 }));
    await delivery.subscriptions.create(sub('s-crash', { target: r.url, secret: generateWebhookSecret() }));
    const id = deliveryId(batch.id, 's-crash');
    // Fan out without running, then leave a claim as a process that died mid-send would.
    await fanOutOnly(delivery, batch, clock.now);
    const claimedAt = new Date(clock.now()).toISOString();
    await delivery.deliveries.claimSend(id, 0, 1, claimedAt);
    // Shortly after: another worker may still be sending; the job comes back when the claim is stale.
    expect(await delivery.worker.run(id)).toEqual({
      status: 'in-flight',
      at: new Date(Date.parse(claimedAt) + 30 * 60_000).toISOString(),
    });
    expect(r.requests).toHaveLength(0);
    // At-least-once: past the stale time the claim is taken over and the page sent again (the
    // receiver de-duplicates on webhook-id, which is the one the lost attempt used) — never dead.
    clock.advance(HOUR);
    expect((await delivery.processDue()).map((o) => o.outcome)).toEqual([{ status: 'sent', pages: 1 }]);
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0]!.headers['webhook-id']).toBe(`${webhookEventId(id)}-p1`);
    expect(alerts).toEqual([]);
    const [send] = await delivery.deliveries.getSends(id);
    expect(send).toMatchObject({
      state: 'sent',
      detail: expect.stringMatching(/resent after an unknown outcome/),
    });
    // Done: nothing more is sent.
    clock.advance(HOUR);
    expect(await delivery.processDue()).toEqual([]);
    expect(await delivery.worker.run(id)).toEqual({ status: 'already-done', state: 'sent' });
    expect(r.requests).toHaveLength(1);
  });

  it('skips subscriptions that were unsubscribed after fan-out', async () => {
    const { delivery, batch, clock } = await setup();
    const r = await receiver(() => ({ status: 200 }));
    await delivery.subscriptions.create(
      sub('s-gone-later', { target: r.url, secret: generateWebhookSecret() }),
    );
    await fanOutOnly(delivery, batch, clock.now);
    await delivery.subscriptions.setStatus(
      's-gone-later',
      'unsubscribed',
      new Date(clock.now()).toISOString(),
    );
    const out = await delivery.processDue();
    expect(out.map((o) => o.outcome)).toEqual([
      { status: 'skipped', reason: 'subscription is unsubscribed' },
    ]);
    expect(r.requests).toHaveLength(0);
  });
});
