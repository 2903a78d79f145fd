/**
 * `deliveries list [--failed] [--json]`, `deliveries retry <id or unique id prefix>` and `deliveries digest [--now <iso>]`.
 * `retry` re-queues a dead delivery with a fresh retry budget and runs every delivery that is due
 * now (the local retry schedule). `digest` sends the daily digests of every UTC day that has ended
 * (as of `--now`, e.g. tomorrow's date to send today's now), then the due retries.
 */

import { DELIVERY_STATES, type DeliveryJob } from '../dispatch/deliveries';
import { localDeliveryFor } from '../local/delivery';
import { operatorRetry } from '../send/worker';
import { DATA_DIR_OPTION, resolveIdPrefix, withRuntime } from './common';
import { type CommandRun, parseCommandArgs, UsageError } from './io';

export const OPTIONS = {
  ...DATA_DIR_OPTION,
  failed: { type: 'boolean' },
  json: { type: 'boolean' },
  now: { type: 'string' },
} as const;

/** Enough to find any local delivery by prefix. */
const ALL_JOBS = 100_000;

export function describeJob(j: DeliveryJob): string {
  const when = j.state === 'retrying' && j.nextAttemptAt ? ` next ${j.nextAttemptAt}` : '';
  const why =
    j.state === 'dead' || j.state === 'retrying' ? `  ${j.lastError ?? ''}` : j.detail ? `  ${j.detail}` : '';
  return `${j.id}  ${j.state.padEnd(8)} ${j.channel.padEnd(7)} attempts=${j.attempts} ${j.updatedAt} batch=${j.batchId.slice(0, 40)} sub=${j.subscriptionId}${when}${why}`;
}

export const run: CommandRun = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS);
  const [action, ...rest] = positionals;
  const dataDir = values['data-dir'];
  if (action === 'list') {
    if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`);
    const states = values.failed ? (['dead', 'retrying'] as const) : DELIVERY_STATES;
    const jobs = await withRuntime(dataDir, io, (runtime) => runtime.store.deliveries.listJobs(states));
    if (values.json) {
      io.out(JSON.stringify({ deliveries: jobs }));
      return 0;
    }
    if (!jobs.length) io.out(values.failed ? 'no failed deliveries' : 'no deliveries');
    for (const j of jobs) io.out(describeJob(j));
    return 0;
  }
  if (action === 'retry') {
    if (rest.length !== 1) throw new UsageError('usage: deliveries retry <id or unique id prefix>');
    return withRuntime(dataDir, io, async (runtime) => {
      const delivery = await localDeliveryFor(runtime);
      const all = await delivery.deliveries.listJobs(DELIVERY_STATES, ALL_JOBS);
      const id = resolveIdPrefix(
        'delivery',
        rest[0]!,
        all.map((j) => j.id),
      );
      const job = await operatorRetry(delivery.deliveries, id, Date.now());
      if (!job) {
        io.err(`error: no delivery ${id}`);
        return 1;
      }
      const results = await delivery.processDue();
      const mine = results.find((r) => r.id === id)?.outcome;
      io.out(`${id}: ${mine ? mine.status : 'queued'}${mine && 'reason' in mine ? ` (${mine.reason})` : ''}`);
      for (const r of results) if (r.id !== id) io.out(`${r.id}: ${r.outcome.status}`);
      return mine?.status === 'sent' ? 0 : 1;
    });
  }
  if (action === 'digest') {
    if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`);
    const asOf = values.now === undefined ? undefined : Date.parse(values.now);
    if (asOf !== undefined && Number.isNaN(asOf))
      throw new UsageError('--now must be an ISO date or timestamp, e.g. 2025-03-02T00:00:00Z');
    return withRuntime(dataDir, io, async (runtime) => {
      const delivery = await localDeliveryFor(runtime);
      const { result, outcomes } = await delivery.runDigests(asOf === undefined ? {} : { asOf });
      const due = await delivery.processDue();
      io.out(
        `digests: ${result.digests} (${result.parts} pending part(s) of ended days), ${result.created} created, ${result.queued} sent now, ${result.movedToNextDay} part(s) moved to the next day`,
      );
      for (const r of [...outcomes, ...due])
        io.out(`${r.id}: ${r.outcome.status}${'reason' in r.outcome ? ` (${r.outcome.reason})` : ''}`);
      return [...outcomes, ...due].some((r) => r.outcome.status === 'dead') ? 1 : 0;
    });
  }
  throw new UsageError('usage: deliveries list [--failed] | retry <id> | digest [--now <iso>]');
};
