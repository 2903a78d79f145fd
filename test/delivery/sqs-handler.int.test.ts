/**
 * The deliver Lambda's SQS path (`handleDeliveryMessages`) on real engines and loopback receivers:
 * partial batch responses, delayed re-enqueue of retries, and the outcome hook the handler logs
 * for the delivery error-rate alarm.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { fanOutBatch } from '../../functions/dispatch/fanout';
import { createLocalDelivery } from '../../functions/local/delivery';
import { generateWebhookSecret } from '../../functions/send/signing';
import { handleDeliveryMessages, type JobOutcome } from '../../functions/send/worker';
import type { Subscription } from '../../functions/subscriptions/subscription';
import { change, listBatch, sectors, subscription } from './builders';
import { freshStore, manualClock, type Receiver, startReceiver, tempDir } from './servers';

function sub(id: string, target: string): Subscription {
  return subscription(id, {}, { channel: 'webhook', target, secret: generateWebhookSecret() });
}

describe.each(inject('dynamoEngines'))('deliver handler path on $name', ({ endpoint }) => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (closers.length) await closers.pop()!();
  });

  /** A local delivery on a fresh table, one webhook subscription per target, one batch fanned out to them. */
  async function fannedOut(targets: string[]) {
    const store = await freshStore(endpoint);
    const clock = manualClock();
    const batch = listBatch([change({ id: '1', name: 'Oil Tanker Co', sectors: sectors('oil') })]);
    const delivery = await createLocalDelivery({
      repos: store,
      dataDir: await tempDir(),
      env: {},
      settings: { allowPrivateTargets: true, publicBaseUrl: 'http://127.0.0.1:8787', sender: 'a@b.invalid' },
      loadBatch: async (id) => (id === batch.id ? batch : undefined),
      sourceTitle: () => 'OFAC SDN',
      now: clock.now,
      random: () => 0.5,
    });
    for (const [i, target] of targets.entries()) await delivery.subscriptions.create(sub(`s-${i}`, target));
    const jobs: string[] = [];
    await fanOutBatch(batch, {
      subscriptions: delivery.subscriptions,
      deliveries: delivery.deliveries,
      queue: { enqueue: async (ids) => void jobs.push(...ids) },
      now: clock.now,
    });
    return { clock, delivery, jobs };
  }

  it('sends, re-enqueues a failed attempt with its back-off delay, and reports only unreadable messages as failures', async () => {
    const ok: Receiver = await startReceiver(() => ({ status: 200 }));
    const down: Receiver = await startReceiver(() => ({ status: 503 }));
    closers.push(ok.close, down.close);
    const { clock, delivery, jobs } = await fannedOut([`${ok.url}/hook`, `${down.url}/hook`]);
    expect(jobs).toHaveLength(2);

    const reenqueued: { ids: string[]; delay?: number }[] = [];
    const outcomes: { id: string; outcome: JobOutcome }[] = [];
    const records = [
      ...jobs.map((id, i) => ({ messageId: `m${i}`, body: JSON.stringify({ deliveryId: id }) })),
      { messageId: 'garbage', body: '{"not":"a job"}' },
    ];
    const response = await handleDeliveryMessages(records, {
      worker: delivery.worker,
      queue: { enqueue: async (ids, delay) => void reenqueued.push({ ids, ...(delay ? { delay } : {}) }) },
      now: clock.now,
      parse: (body) =>
        JSON.parse(body).deliveryId ??
        (() => {
          throw new Error('not a job');
        })(),
      onOutcome: (id, outcome) => outcomes.push({ id, outcome }),
    });

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'garbage' }]);
    expect(ok.requests).toHaveLength(1);
    expect(down.requests).toHaveLength(1);
    expect(outcomes.map((o) => o.outcome.status).sort()).toEqual(['retry', 'sent']);
    const retried = outcomes.find((o) => o.outcome.status === 'retry')!;
    expect(reenqueued).toHaveLength(1);
    expect(reenqueued[0]!.ids).toEqual([retried.id]);
    expect(reenqueued[0]!.delay).toBeGreaterThan(0);

    // The same messages delivered again (SQS at-least-once): the sent job is a no-op.
    await handleDeliveryMessages(records.slice(0, 2), {
      worker: delivery.worker,
      queue: { enqueue: async () => {} },
      now: clock.now,
      parse: (body) => JSON.parse(body).deliveryId,
    });
    expect(ok.requests).toHaveLength(1);
  });

  it('re-enqueues a job in flight elsewhere until its claim is stale (never left to SQS to dead-letter), then resends it once', async () => {
    const ok: Receiver = await startReceiver(() => ({ status: 200 }));
    closers.push(ok.close);
    const { clock, delivery, jobs } = await fannedOut([`${ok.url}/hook`]);
    // A Lambda that was stopped while sending page 0 left its claim.
    await delivery.deliveries.claimSend(jobs[0]!, 0, 1, new Date(clock.now()).toISOString());
    const records = [{ messageId: 'm0', body: jobs[0]! }];
    const reenqueued: { ids: string[]; delay?: number }[] = [];
    const handle = () =>
      handleDeliveryMessages(records, {
        worker: delivery.worker,
        queue: { enqueue: async (ids, delay) => void reenqueued.push({ ids, ...(delay ? { delay } : {}) }) },
        now: clock.now,
        parse: (body) => body,
      });
    expect((await handle()).batchItemFailures).toEqual([]);
    expect(reenqueued).toEqual([{ ids: [jobs[0]], delay: 30 * 60 }]);
    expect(ok.requests).toHaveLength(0);
    clock.advance(30 * 60_000);
    expect((await handle()).batchItemFailures).toEqual([]);
    expect(ok.requests).toHaveLength(1);
    expect(await delivery.deliveries.getJob(jobs[0]!)).toMatchObject({ state: 'sent' });
  });
});
