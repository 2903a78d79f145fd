/**
 * Crash during `sending`, then restart: the delivery contract is at-least-once with stable
 * de-duplication keys. A worker is stopped (the fault hook throws, as a kill or a Lambda timeout
 * would) right after it claimed a page — nothing has left yet — or right after the page was sent
 * but before the outcome was recorded. A new worker on the same table (the restarted process) must
 * deliver every alert once its claim is stale, with the same `webhook-id` (loopback receiver,
 * signatures checked by an independent verifier) and the same `Message-ID` (a real SMTP server):
 * after de-duplication by those keys each receiver has each alert exactly once. Slack has no key:
 * the page sent before the crash is sent again (documented in docs/delivery.md).
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { ChangeBatch } from '../../functions/core/changes';
import { deliveryId } from '../../functions/dispatch/deliveries';
import { fanOutBatch } from '../../functions/dispatch/fanout';
import { smtpChannel } from '../../functions/send/channels/email-smtp';
import { slackChannel } from '../../functions/send/channels/slack-http';
import { webhookChannel } from '../../functions/send/channels/webhook-http';
import { generateWebhookSecret } from '../../functions/send/signing';
import {
  DEFAULT_STALE_CLAIM_MS,
  type DeliveryFaultPoint,
  DeliveryWorker,
  processDueDeliveries,
} from '../../functions/send/worker';
import { change, listBatch, sectors, subscription } from './builders';
import {
  freshStore,
  manualClock,
  type Receiver,
  type SmtpSink,
  startReceiver,
  startSmtp,
  verifyStandardWebhook,
} from './servers';

class Crash extends Error {}

const batch: ChangeBatch = listBatch([
  change({
    id: '36001',
    name: 'ARCTIC SEA TANKERS LLC',
    regimes: ['RUSSIA-EO14024'],
    sectors: sectors('shipping'),
  }),
  change({ id: '36002', name: 'Bank Rossiya', kind: 'removed', sectors: sectors('financial-services') }),
]);

describe.each(inject('dynamoEngines'))('crash while sending on $name, then restart', ({ endpoint }) => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (closers.length) await closers.pop()!();
  });

  async function setup() {
    const store = await freshStore(endpoint);
    const clock = manualClock();
    const smtp: SmtpSink = await startSmtp();
    const hook: Receiver = await startReceiver(() => ({ status: 204 }));
    const slack: Receiver = await startReceiver(() => ({ status: 200, body: 'ok' }));
    closers.push(smtp.close, hook.close, slack.close);
    const secret = generateWebhookSecret();
    const { subscriptions } = store;
    const { deliveries } = store;
    await subscriptions.create(subscription('s-email', {}, { channel: 'email', target: 'desk@example.com' }));
    await subscriptions.create(
      subscription('s-hook', {}, { channel: 'webhook', target: `${hook.url}/h`, secret }),
    );
    await subscriptions.create(subscription('s-slack', {}, { channel: 'slack', target: `${slack.url}/s` }));
    const alerts: string[] = [];
    /** A worker process on the shared table; `fault` stops it at that point of the given channel's page. */
    const worker = (fault?: { point: DeliveryFaultPoint; channel: string }) => {
      let current = '';
      return {
        worker: new DeliveryWorker({
          deliveries,
          subscriptions,
          loadBatch: async (id) => (id === batch.id ? batch : undefined),
          sourceTitle: () => 'OFAC SDN',
          email: smtpChannel(smtp.url),
          webhook: webhookChannel({ allowPrivate: true, now: clock.now }),
          slack: slackChannel({ allowPrivate: true, now: clock.now }),
          sender: 'alerts@sanctions-notifier.invalid',
          publicBaseUrl: 'http://127.0.0.1:8787',
          tokenKey: 'k'.repeat(64),
          alerts: { alert: async (a) => void alerts.push(a.message) },
          now: clock.now,
          random: () => 0.5,
          fault: (point) => {
            if (fault && point === fault.point && current === fault.channel)
              throw new Crash(`killed at ${point}`);
          },
        }),
        select: (channel: string) => {
          current = channel;
        },
      };
    };
    await fanOutBatch(batch, {
      subscriptions,
      deliveries,
      queue: { enqueue: async () => {} },
      now: clock.now,
    });
    const ids = {
      email: deliveryId(batch.id, 's-email'),
      webhook: deliveryId(batch.id, 's-hook'),
      slack: deliveryId(batch.id, 's-slack'),
    };
    const messageIds = () => smtp.messages.map((m) => m.parsed.messageId);
    const webhookIds = () => hook.requests.map((r) => String(r.headers['webhook-id']));
    /** Signatures of the requests received so far since `from`, checked at the receiver's time now. */
    const verified = (from = 0) =>
      hook.requests
        .slice(from)
        .every((r) => verifyStandardWebhook(secret, r.headers, r.body, Math.floor(clock.now() / 1000)).ok);
    return { clock, deliveries, ids, worker, smtp, hook, slack, alerts, messageIds, webhookIds, verified };
  }

  it.each([
    ['page-claimed', 0],
    ['page-sent', 1],
  ] as const)(
    'killed at %s: every channel is delivered after restart, once per de-duplication key',
    async (point, before) => {
      const t = await setup();
      // The process runs each job and is killed at `point` of each channel's page.
      for (const channel of ['email', 'webhook', 'slack'] as const) {
        const dying = t.worker({ point, channel });
        dying.select(channel);
        await expect(dying.worker.run(t.ids[channel])).rejects.toThrow(Crash);
        expect((await t.deliveries.getJob(t.ids[channel]))?.state).toBe('sending');
      }
      expect([t.smtp.messages.length, t.hook.requests.length, t.slack.requests.length]).toEqual([
        before,
        before,
        before,
      ]);
      const lostMessageIds = t.messageIds();
      const lostWebhookIds = t.webhookIds();
      expect(t.verified()).toBe(true);

      // Restart soon after: the claims may still be held by a live sender, so nothing is sent yet.
      const restarted = t.worker().worker;
      t.clock.advance(60_000);
      expect(await processDueDeliveries(restarted, t.deliveries, t.clock.now())).toEqual([]);
      for (const id of Object.values(t.ids)) {
        expect(await restarted.run(id)).toMatchObject({ status: 'in-flight' });
      }
      // Past the stale time the restarted process takes the claims over and sends again.
      t.clock.advance(DEFAULT_STALE_CLAIM_MS);
      const outcomes = await processDueDeliveries(restarted, t.deliveries, t.clock.now());
      expect(outcomes.map((o) => o.outcome).sort()).toEqual([
        { status: 'sent', pages: 1 },
        { status: 'sent', pages: 1 },
        { status: 'sent', pages: 1 },
      ]);
      expect(t.alerts).toEqual([]);

      // Each receiver has the alert: once after the crash before sending, twice with the same key after it.
      expect([t.smtp.messages.length, t.hook.requests.length, t.slack.requests.length]).toEqual([
        before + 1,
        before + 1,
        before + 1,
      ]);
      expect(new Set(t.messageIds())).toEqual(new Set([`<${t.ids.email}@sanctions-notifier>`]));
      expect(new Set(t.webhookIds()).size).toBe(1);
      for (const id of [...lostMessageIds, ...lostWebhookIds]) {
        expect([...t.messageIds(), ...t.webhookIds()]).toContain(id);
      }
      expect(t.verified(before)).toBe(true);
      const bodies = new Set(t.hook.requests.map((r) => r.body));
      expect(bodies.size).toBe(1);
      expect(
        JSON.parse([...bodies][0]!)
          .changes.map((c: { id: string }) => c.id)
          .sort(),
      ).toEqual(['36001', '36002']);
      expect(String(t.smtp.messages.at(-1)!.parsed.text)).toContain('ARCTIC SEA TANKERS LLC');

      // Later runs send nothing more.
      t.clock.advance(DEFAULT_STALE_CLAIM_MS * 2);
      expect(await processDueDeliveries(restarted, t.deliveries, t.clock.now())).toEqual([]);
      for (const id of Object.values(t.ids)) {
        expect(await restarted.run(id)).toEqual({ status: 'already-done', state: 'sent' });
      }
      expect([t.smtp.messages.length, t.hook.requests.length, t.slack.requests.length]).toEqual([
        before + 1,
        before + 1,
        before + 1,
      ]);
    },
  );

  it('two restarted workers racing for the same stale claim send it once', async () => {
    const t = await setup();
    const dying = t.worker({ point: 'page-claimed', channel: 'webhook' });
    dying.select('webhook');
    await expect(dying.worker.run(t.ids.webhook)).rejects.toThrow(Crash);
    t.clock.advance(DEFAULT_STALE_CLAIM_MS + 60_000);
    const [a, b] = [t.worker().worker, t.worker().worker];
    const outcomes = await Promise.all([a.run(t.ids.webhook), b.run(t.ids.webhook)]);
    // One takes the claim over and sends; the other finds it held (or already sent).
    expect(outcomes.map((o) => o.status)).toContain('sent');
    expect(outcomes.every((o) => o.status === 'sent' || o.status === 'in-flight')).toBe(true);
    expect(t.hook.requests).toHaveLength(1);
  });
});
