/**
 * Crash safety: the pipeline is interrupted after each step in turn (the fault hook throws, as a
 * Lambda timeout or kill would stop it there), then run again. Every time, the end state must be
 * the same as an uninterrupted run: exactly one batch reaches the consumer, the snapshot is the new
 * publication, the source state points at it and nothing is left pending.
 */
import { pathToFileURL } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { contentHash } from '../../functions/core/canonical';
import { pollSource } from '../../functions/pipeline/poll';
import { PIPELINE_STEPS, type PipelineStep } from '../../functions/pipeline/ports';
import { listSource } from '../../functions/sources/index';
import { HAVE_REALDATA, readReal, realPath } from '../support/realdata';
import { harness } from './harness';

const UN = 'un-sc-consolidated';
const OLD = pathToFileURL(realPath('un-consolidated', '2017-06-30.xml')).toString();
const NEW = pathToFileURL(realPath('un-consolidated', '2017-07-03.xml')).toString();

class Crash extends Error {}

function crashing() {
  let armed: PipelineStep | undefined;
  const fired: PipelineStep[] = [];
  return {
    arm: (step: PipelineStep) => {
      armed = step;
    },
    fired,
    hook: (step: PipelineStep) => {
      fired.push(step);
      if (step === armed) {
        armed = undefined;
        throw new Crash(`crash after ${step}`);
      }
    },
  };
}

const engines = () => inject('dynamoEngines');
// Every step on dynalite; the steps around the write-ahead batch also on DynamoDB Local.
const cases = (): [string, PipelineStep, string][] =>
  engines().flatMap(({ name, endpoint }) =>
    PIPELINE_STEPS.filter(
      (s) => name === 'dynalite' || ['batch-written', 'snapshot-partly-applied', 'batch-sent'].includes(s),
    ).map((s) => [name, s, endpoint] as [string, PipelineStep, string]),
  );

describe.skipIf(!HAVE_REALDATA)('crash after each pipeline step, then rerun', () => {
  const expected = listSource(UN).parse(readReal('un-consolidated', '2017-07-03.xml'));

  it.each(cases())('%s: crash after %s', async (_name, step, endpoint) => {
    const crash = crashing();
    const h = await harness(endpoint, { fault: crash.hook });
    expect(await pollSource(h.deps, UN, { url: OLD })).toMatchObject({ kind: 'baseline' });
    crash.fired.length = 0;
    crash.arm(step);
    await expect(pollSource(h.deps, UN, { url: NEW })).rejects.toThrow(`crash after ${step}`);
    expect(crash.fired.at(-1)).toBe(step);

    const rerun = await pollSource(h.deps, UN, { url: NEW });
    expect(['changed', 'unchanged']).toContain(rerun.kind);
    const state = await h.store.sources.get(UN);
    const id = state.lastBatchId!;
    expect(h.received()).toEqual([id]);
    // Sent twice only when the crash came between sending and recording the emission (at-least-once).
    expect(h.sent.length).toBe(step === 'batch-sent' ? 2 : 1);
    expect(h.sent[0]!.summary).toEqual({ added: 0, removed: 3, amended: 0 });
    expect(state.pendingSha256).toBeUndefined();
    expect(state.lastRecords).toBe(expected.entries.length);
    const index = await h.store.snapshots.readIndex(UN);
    expect(index.size).toBe(expected.entries.length);
    for (const e of expected.entries) expect(index.get(e.id)).toBe(contentHash(e));
    expect((await h.store.batches.list(UN)).map((b) => b.status)).toEqual(['baseline', 'emitted']);

    // And again: nothing more happens.
    expect(await pollSource(h.deps, UN, { url: NEW })).toMatchObject({ kind: 'unchanged' });
    expect(h.received()).toEqual([id]);
  });

  it('a baseline interrupted half-way is completed by the rerun and never emitted', async () => {
    const endpoint = engines().find((e) => e.name === 'dynalite')!.endpoint;
    const crash = crashing();
    const h = await harness(endpoint, { fault: crash.hook });
    crash.arm('snapshot-partly-applied');
    await expect(pollSource(h.deps, UN, { url: OLD })).rejects.toThrow(Crash);
    const partial = (await h.store.snapshots.readIndex(UN)).size;
    expect(partial).toBeGreaterThan(0);
    expect(await pollSource(h.deps, UN, { url: OLD })).toMatchObject({ kind: 'baseline' });
    expect((await h.store.snapshots.readIndex(UN)).size).toBeGreaterThan(partial);
    expect(h.sent).toEqual([]);
  });
});
