import { afterEach, describe, expect, inject, it } from 'vitest';
import type { ChangeBatch } from '../../functions/core/changes';
import { deliveryId, digestDeliveryId } from '../../functions/dispatch/deliveries';
import { runDigests } from '../../functions/dispatch/digest';
import { fanOutBatch } from '../../functions/dispatch/fanout';
import { createLocalDelivery, type LocalDelivery } from '../../functions/local/delivery';
import { generateWebhookSecret } from '../../functions/send/signing';
import { webhookEventId } from '../../functions/send/worker';
import type { Subscription } from '../../functions/subscriptions/subscription';
import { change, listBatch, sectors, subscription } from './builders';
import {
  freshStore,
  manualClock,
  type Receiver,
  startReceiver,
  startSmtp,
  tempDir,
  verifyStandardWebhook,
} from './servers';

const HOUR = 3_600_000;
const DAY = '2099-03-01';

/** Two publications of the same day: OFAC SDN in the morning, OFSI in the afternoon. */
function batches(): ChangeBatch[] {
  return [
    listBatch(
      [
        change({ id: '36001', name: 'Morning Shipping LLC', sectors: sectors('shipping') }),
        change({
          id: '36002',
          name: 'Morning Bank',
          kind: 'removed',
          sectors: sectors('financial-services'),
        }),
      ],
      {
        id: `us-ofac-sdn:${'1'.repeat(64)}`,
        detectedAt: '2099-03-01T09:00:00.000Z',
        publication: { published: DAY, records: 17942, sha256: '1'.repeat(64) },
      },
    ),
    listBatch([change({ id: 'GBR0001', name: 'Afternoon Tankers Ltd', sectors: sectors('shipping') })], {
      id: `gb-ofsi-conlist:${'2'.repeat(64)}`,
      source: 'gb-ofsi-conlist',
      url: 'https://www.gov.uk/government/publications/financial-sanctions-consolidated-list-of-targets',
      detectedAt: '2099-03-01T15:00:00.000Z',
      publication: { records: 4300, sha256: '2'.repeat(64) },
    }),
  ];
}

/** A daily email subscription unless overridden. */
function sub(id: string, overrides: Partial<Subscription>): Subscription {
  return subscription(id, {}, { mode: 'daily', ...overrides });
}

describe.each(inject('dynamoEngines'))('daily digests on $name', ({ endpoint }) => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (closers.length) await closers.pop()!();
  });

  async function setup(options: { smtpUrl?: string } = {}) {
    const store = await freshStore(endpoint);
    const clock = manualClock(`${DAY}T09:00:00.000Z`);
    const known = new Map<string, ChangeBatch>();
    const alerts: { message: string }[] = [];
    const delivery: LocalDelivery = await createLocalDelivery({
      repos: store,
      dataDir: await tempDir(),
      env: {},
      settings: {
        allowPrivateTargets: true,
        publicBaseUrl: 'http://127.0.0.1:8787',
        sender: 'alerts@sanctions-notifier.invalid',
        ...(options.smtpUrl ? { smtpUrl: options.smtpUrl } : {}),
      },
      loadBatch: async (id) => known.get(id),
      sourceTitle: (id) => (id === 'gb-ofsi-conlist' ? 'OFSI Consolidated List' : 'OFAC SDN'),
      now: clock.now,
      random: () => 0.5,
      onOperatorAlert: (a) => alerts.push(a),
    });
    /** Publishes a batch at the clock's time: fan-out and immediate delivery, as `poll` does. */
    const publish = (batch: ChangeBatch) => {
      known.set(batch.id, batch);
      return delivery.deliverBatch(batch);
    };
    return { clock, delivery, publish, alerts, known };
  }

  async function receiver(): Promise<Receiver> {
    const r = await startReceiver(() => ({ status: 200 }));
    closers.push(r.close);
    return r;
  }

  it('emails one digest of both batches once the day has ended, and only once; immediate subscribers are unaffected', async () => {
    const sink = await startSmtp();
    closers.push(sink.close);
    const { clock, delivery, publish } = await setup({ smtpUrl: sink.url });
    await delivery.subscriptions.create(sub('s-daily', { target: 'desk@example.com' }));
    await delivery.subscriptions.create(sub('s-now', { target: 'now@example.com', mode: 'immediate' }));
    const [morning, afternoon] = batches() as [ChangeBatch, ChangeBatch];
    const toDaily = () => sink.messages.filter((m) => m.envelope.to.includes('desk@example.com'));

    const first = await publish(morning);
    expect(first.fanout).toMatchObject({ matched: 2, created: 1, digestDeferred: 1 });
    clock.set(Date.parse(`${DAY}T15:00:00.000Z`));
    await publish(afternoon);
    // The same batch handed over again keeps one part.
    await publish(afternoon);
    expect(sink.messages.map((m) => m.envelope.to)).toEqual([['now@example.com'], ['now@example.com']]);
    expect(await delivery.deliveries.getDigestPart('s-daily', afternoon.id)).toMatchObject({
      state: 'pending',
      day: DAY,
      channel: 'email',
      counts: { added: 1, removed: 0, amended: 0, notices: 0 },
    });

    // Late in the day: the day has not ended, nothing is sent.
    clock.set(Date.parse(`${DAY}T23:59:59.999Z`));
    expect((await delivery.runDigests()).result).toMatchObject({ parts: 0, digests: 0, created: 0 });
    expect(toDaily()).toHaveLength(0);

    clock.set(Date.parse('2099-03-02T00:05:00.000Z'));
    const run = await delivery.runDigests();
    expect(run.result).toMatchObject({ parts: 2, digests: 1, created: 1, queued: 1, marked: 2 });
    const id = digestDeliveryId('s-daily', DAY);
    expect(run.outcomes).toEqual([{ id, outcome: { status: 'sent', pages: 1 } }]);
    expect(toDaily()).toHaveLength(1);
    const mail = toDaily()[0]!.parsed;
    expect(mail.subject).toBe(
      // ≤ 80 characters: the sectors that do not fit are cut with …
      'Sanctions digest 2099-03-01 (2 lists): 2 added, 1 removed — shipping, …',
    );
    for (const name of [
      'Morning Shipping LLC',
      'Morning Bank',
      'Afternoon Tankers Ltd',
      'OFSI Consolidated List',
    ])
      expect(mail.text).toContain(name);
    expect(mail.text!.indexOf('Morning Shipping LLC')).toBeLessThan(
      mail.text!.indexOf('Afternoon Tankers Ltd'),
    );
    expect(String(mail.html)).toContain('Afternoon Tankers Ltd');
    expect(toDaily()[0]!.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    expect(await delivery.deliveries.getJob(id)).toMatchObject({
      state: 'sent',
      batchId: `digest:${DAY}`,
      subscriptionId: 's-daily',
      digest: { day: DAY, batchIds: [morning.id, afternoon.id] },
    });
    expect(await delivery.deliveries.getDigestPart('s-daily', morning.id)).toMatchObject({
      state: 'digested',
      deliveryId: id,
    });

    // Reruns, a redelivered job, due retries and the batches handed over again send nothing more.
    clock.advance(HOUR);
    expect((await delivery.runDigests()).result).toMatchObject({ parts: 0, created: 0, queued: 0 });
    expect(await delivery.worker.run(id)).toEqual({ status: 'already-done', state: 'sent' });
    await delivery.processDue();
    await publish(morning);
    expect((await delivery.runDigests({ asOf: Date.parse('2099-03-03T00:00:00.000Z') })).result.parts).toBe(
      0,
    );
    expect(toDaily()).toHaveLength(1);
    expect(sink.messages).toHaveLength(3);
    // The immediate subscriber got each batch once, as alerts of their own (no digest).
    expect(
      sink.messages.filter((m) => m.envelope.to.includes('now@example.com')).map((m) => m.parsed.subject),
    ).toEqual([
      expect.stringMatching(/^OFAC SDN: 1 added, 1 removed/),
      expect.stringMatching(/^OFSI ConList: 1 added/),
    ]);
    expect(await delivery.deliveries.getJob(deliveryId(morning.id, 's-daily'))).toBeUndefined();
  });

  it('posts one signed digest payload to a daily webhook, and one Slack message', async () => {
    const { clock, delivery, publish } = await setup();
    const secret = generateWebhookSecret();
    const hook = await receiver();
    const slack = await receiver();
    await delivery.subscriptions.create(
      sub('s-hook', {
        channel: 'webhook',
        target: `${hook.url}/hooks`,
        secret,
        filters: { sectors: ['shipping'] },
      }),
    );
    await delivery.subscriptions.create(
      sub('s-slack', { channel: 'slack', target: `${slack.url}/services/T/B/X` }),
    );
    for (const batch of batches()) {
      await publish(batch);
      clock.advance(6 * HOUR);
    }
    expect(hook.requests).toHaveLength(0);
    expect(slack.requests).toHaveLength(0);

    clock.set(Date.parse('2099-03-02T00:01:00.000Z'));
    const run = await delivery.runDigests();
    expect(run.outcomes.map((o) => o.outcome.status)).toEqual(['sent', 'sent']);
    await delivery.runDigests();
    expect(hook.requests).toHaveLength(1);
    const request = hook.requests[0]!;
    expect(
      verifyStandardWebhook(secret, request.headers, request.body, Math.floor(clock.now() / 1000)),
    ).toEqual({
      ok: true,
    });
    const payload = JSON.parse(request.body);
    expect(payload).toMatchObject({
      type: 'sanctions.changes',
      source: 'digest',
      batchId: expect.stringMatching(/^digest:[0-9a-f]{32}$/),
      page: { number: 1, of: 1 },
      summary: { added: 2, removed: 0, amended: 0, notices: 0 },
    });
    expect(payload.changes.map((c: { id: string }) => c.id)).toEqual(['36001', 'GBR0001']);
    expect(request.headers['webhook-id']).toBe(payload.id);

    expect(slack.requests).toHaveLength(1);
    const message = JSON.parse(slack.requests[0]!.body);
    expect(message.text).toMatch(/^Sanctions digest 2099-03-01 \(2 lists\): 2 added, 1 removed/);
  });

  it('moves a part that arrives after its day’s digest to the next day', async () => {
    const { clock, delivery, publish, known } = await setup();
    const hook = await receiver();
    const secret = generateWebhookSecret();
    await delivery.subscriptions.create(sub('s-hook', { channel: 'webhook', target: hook.url, secret }));
    const [morning, afternoon] = batches() as [ChangeBatch, ChangeBatch];
    await publish(morning);
    clock.set(Date.parse('2099-03-02T00:05:00.000Z'));
    await delivery.runDigests();
    expect(hook.requests).toHaveLength(1);

    // A fan-out stamped just before midnight, seen only now (index lag, or a slow consumer).
    known.set(afternoon.id, afternoon);
    await fanOutBatch(afternoon, {
      subscriptions: delivery.subscriptions,
      deliveries: delivery.deliveries,
      queue: { enqueue: async () => {} },
      now: () => Date.parse(`${DAY}T23:59:59.000Z`),
    });
    const late = await delivery.runDigests();
    expect(late.result).toMatchObject({ parts: 1, created: 0, queued: 0, movedToNextDay: 1 });
    expect(hook.requests).toHaveLength(1);
    expect(await delivery.deliveries.getDigestPart('s-hook', afternoon.id)).toMatchObject({
      state: 'pending',
      day: '2099-03-02',
    });

    clock.set(Date.parse('2099-03-03T00:05:00.000Z'));
    const next = await delivery.runDigests();
    expect(next.outcomes).toEqual([
      { id: digestDeliveryId('s-hook', '2099-03-02'), outcome: { status: 'sent', pages: 1 } },
    ]);
    expect(hook.requests).toHaveLength(2);
    expect(JSON.parse(hook.requests[1]!.body).changes.map((c: { id: string }) => c.id)).toEqual(['GBR0001']);
  });

  it('follows the worker’s rule after a crash between send and record: resent once the claim is stale, same webhook-id', async () => {
    const { clock, delivery, publish, alerts } = await setup();
    const hook = await receiver();
    await delivery.subscriptions.create(
      sub('s-crash', { channel: 'webhook', target: hook.url, secret: generateWebhookSecret() }),
    );
    for (const batch of batches()) await publish(batch);
    clock.set(Date.parse('2099-03-02T00:05:00.000Z'));
    const id = digestDeliveryId('s-crash', DAY);
    // The digest run queues the job; the process "dies" holding the claim of page 0.
    await runDigests({ deliveries: delivery.deliveries, queue: { enqueue: async () => {} }, now: clock.now });
    await delivery.deliveries.claimSend(id, 0, 1, new Date(clock.now()).toISOString());
    // A rerun finds the job (and the parts digested): no second job, nothing sent.
    expect((await delivery.runDigests()).result).toMatchObject({ parts: 0, created: 0 });
    expect(await delivery.worker.run(id)).toMatchObject({ status: 'in-flight' });
    expect(hook.requests).toHaveLength(0);
    clock.advance(HOUR);
    expect((await delivery.processDue()).map((o) => o.outcome)).toEqual([{ status: 'sent', pages: 1 }]);
    expect(hook.requests).toHaveLength(1);
    expect(hook.requests[0]!.headers['webhook-id']).toBe(`${webhookEventId(id)}-p1`);
    expect(alerts).toEqual([]);
  });
});
