/**
 * Fan-out of a change batch on the in-memory repositories (no engine): one job per matching
 * immediate subscription, a digest part per daily one, nothing twice. Given/when/then.
 */
import { describe, expect, it } from 'vitest';
import { deliveryId } from '../../functions/dispatch/deliveries';
import { fanOutBatch } from '../../functions/dispatch/fanout';
import { memoryRepos } from '../../functions/store/memory';
import type { Subscription } from '../../functions/subscriptions/subscription';
import { change, listBatch } from './builders';

const sub = (id: string, overrides: Partial<Subscription> = {}): Subscription => ({
  id,
  channel: 'webhook',
  target: `https://hooks.example.org/${id}`,
  filters: {},
  mode: 'immediate',
  status: 'active',
  createdAt: '2024-05-01T00:00:00.000Z',
  ...overrides,
});

async function given(subs: Subscription[]) {
  const repos = memoryRepos();
  for (const s of subs) await repos.subscriptions.create(s);
  const queued: string[][] = [];
  const deps = {
    ...repos,
    queue: { enqueue: async (ids: string[]) => void queued.push(ids) },
    now: () => Date.UTC(2024, 4, 3, 10, 15),
  };
  return { repos, deps, queued };
}

describe('fan-out on the in-memory repositories', () => {
  const batch = listBatch([change({ id: '101' }), change({ id: '102', kind: 'removed' })]);

  it('given an immediate, a daily, an other-source and a pending subscription, when a batch fans out, then only the matching ones get a job or a digest part', async () => {
    const { repos, deps, queued } = await given([
      sub('now'),
      sub('daily', { mode: 'daily', channel: 'email', target: 'daily@example.org' }),
      sub('other', { filters: { sources: ['eu-fsf'] } }),
      sub('pending', { status: 'pending' }),
    ]);

    const result = await fanOutBatch(batch, deps);

    expect(result).toEqual({ subscriptions: 3, matched: 2, created: 1, queued: 1, digestDeferred: 1 });
    const id = deliveryId(batch.id, 'now');
    expect(queued).toEqual([[id]]);
    expect(await repos.deliveries.getJob(id)).toMatchObject({
      state: 'queued',
      channel: 'webhook',
      batchId: batch.id,
    });
    expect(await repos.deliveries.getDigestPart('daily', batch.id)).toMatchObject({
      state: 'pending',
      day: '2024-05-03',
      counts: { added: 1, removed: 1, amended: 0, notices: 0 },
    });
    expect(await repos.deliveries.getJob(deliveryId(batch.id, 'other'))).toBeUndefined();
  });

  it('given a batch already fanned out and its job sent, when it is handed over again, then no job is created or queued twice', async () => {
    const { repos, deps, queued } = await given([sub('now')]);
    await fanOutBatch(batch, deps);
    const id = deliveryId(batch.id, 'now');
    const job = (await repos.deliveries.getJob(id))!;
    await repos.deliveries.saveJob({ ...job, state: 'sent', updatedAt: '2024-05-03T10:16:00.000Z' });

    const again = await fanOutBatch(batch, deps);

    expect(again).toMatchObject({ matched: 1, created: 0, queued: 0 });
    expect(queued).toEqual([[id]]);
  });

  it('given a job created but lost before it reached the queue, when the batch is handed over again, then it is queued again', async () => {
    const { deps, queued } = await given([sub('now')]);
    await fanOutBatch(batch, { ...deps, queue: { enqueue: async () => {} } });

    const again = await fanOutBatch(batch, deps);

    expect(again).toMatchObject({ created: 0, queued: 1 });
    expect(queued).toEqual([[deliveryId(batch.id, 'now')]]);
  });
});
