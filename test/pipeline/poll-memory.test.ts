/**
 * The list poll use case on the in-memory repositories: no engine, the hand-made OFAC CSV pair of
 * test/fixtures/diff read over `file://`. Given/when/then.
 */
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ChangeBatch } from '../../functions/core/changes';
import { pollSource } from '../../functions/pipeline/poll';
import type { OperatorAlert, PollDeps } from '../../functions/pipeline/ports';
import { MemoryArchive, memoryRepos } from '../../functions/store/memory';
import { withDefinition } from './harness';

const ID = 'us-ofac-sdn-csv';
const fixture = (path: string) =>
  pathToFileURL(new URL(`../fixtures/diff/${path}`, import.meta.url).pathname).toString();

function given() {
  const repos = memoryRepos();
  const sent: ChangeBatch[] = [];
  const alerts: OperatorAlert[] = [];
  let minutes = 0;
  const deps: PollDeps = {
    store: repos,
    archive: new MemoryArchive(),
    queue: { send: async (batch) => void sent.push(batch) },
    alerts: { alert: async (a) => void alerts.push(a) },
    now: () => new Date(Date.UTC(2099, 0, 1, 0, minutes++)),
    // The hand-made pair holds a handful of entries: bounds widened for it.
    source: withDefinition(ID, { recordBounds: { min: 1, max: 100 } }),
  };
  return { repos, deps, sent, alerts };
}

describe('list poll on the in-memory repositories', () => {
  it('given no snapshot, when a publication is polled, then it is the baseline and nobody is alerted', async () => {
    const { repos, deps, sent, alerts } = given();
    const outcome = await pollSource(deps, ID, { url: fixture('ofac-old/sdn.csv') });
    expect(outcome.kind).toBe('baseline');
    expect(sent).toEqual([]);
    expect(alerts).toEqual([]);
    expect((await repos.snapshots.readIndex(ID)).size).toBe(4);
    expect((await repos.batches.list(ID)).map((b) => b.status)).toEqual(['baseline']);
    expect(await repos.sources.get(ID)).toMatchObject({ version: 1, lastRecords: 4 });
  });

  it('given a baseline, when a changed publication is polled, then one batch is emitted and the snapshot follows it', async () => {
    const { repos, deps, sent } = given();
    await pollSource(deps, ID, { url: fixture('ofac-old/sdn.csv') });
    const before = await repos.snapshots.readIndex(ID);

    const outcome = await pollSource(deps, ID, { url: fixture('ofac-new/sdn.csv') });

    expect(outcome.kind).toBe('changed');
    expect(sent).toHaveLength(1);
    const batch = sent[0]!;
    expect(batch.source).toBe(ID);
    expect(batch.changes.length).toBeGreaterThan(0);
    const after = await repos.snapshots.readIndex(ID);
    for (const c of batch.changes) {
      if (c.kind === 'removed') expect(after.has(c.id)).toBe(false);
      else expect(after.get(c.id)).not.toBe(before.get(c.id));
    }
    const headers = await repos.batches.list(ID);
    expect(headers.map((h) => h.status)).toEqual(['baseline', 'emitted']);
    expect((await repos.sources.get(ID)).pendingBatchKey).toBeUndefined();
  });

  it('given a change already emitted, when the same publication is polled again, then nothing more is sent', async () => {
    const { deps, sent } = given();
    await pollSource(deps, ID, { url: fixture('ofac-old/sdn.csv') });
    await pollSource(deps, ID, { url: fixture('ofac-new/sdn.csv') });

    const again = await pollSource(deps, ID, { url: fixture('ofac-new/sdn.csv') });

    expect(again.kind).toBe('unchanged');
    expect(sent).toHaveLength(1);
  });

  it('given a baseline, when an empty file is polled, then it is quarantined: snapshot kept, operator told once, no batch', async () => {
    const { repos, deps, sent, alerts } = given();
    await pollSource(deps, ID, { url: fixture('ofac-old/sdn.csv') });
    const before = await repos.snapshots.readIndex(ID);

    const outcome = await pollSource(deps, ID, { url: fixture('empty.csv') });

    expect(outcome).toMatchObject({
      kind: 'quarantined',
      quarantine: { reason: 'parse-error', status: 'held' },
    });
    expect(sent).toEqual([]);
    expect(await repos.snapshots.readIndex(ID)).toEqual(before);
    expect(alerts.map((a) => a.kind)).toEqual(['quarantined']);
    expect(alerts[0]?.message).toMatch(/empty \(0 bytes\)/);
    expect((await repos.quarantine.list({ status: 'held' })).map((q) => q.source)).toEqual([ID]);
  });
});
