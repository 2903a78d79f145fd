/**
 * `run [--source <id> ...] [--data-dir <dir>]`: the local scheduler. Polls each list source once at
 * start, then whenever its definition's `schedule` (rate or cron, UTC) comes due, one poll at a
 * time, until SIGINT or SIGTERM; a poll in progress is finished before it stops. On every tick it
 * also runs the delivery retries that are due, and once a day (at start, then after 00:00 UTC) the
 * daily digests of the days that have ended.
 */
import { nextDigestRun } from '../delivery/digest';
import { localDeliveryFor } from '../delivery/local';
import { feedDefinitions, feedSource, isFeedSource } from '../feeds/index';
import { describeFeedOutcome, pollFeed, publishLocalFeeds } from '../pipeline/feed-poll';
import { pollSource } from '../pipeline/poll';
import { nextRun } from '../pipeline/schedule';
import { listDefinitions, listSource } from '../sources/index';
import { DATA_DIR_OPTION, describeOutcome, withRuntime } from './common';
import { type CommandRun, parseCommandArgs, UsageError } from './io';

export const run: CommandRun = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    { ...DATA_DIR_OPTION, source: { type: 'string', multiple: true } },
    false,
  );
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const defs = (values.source ?? [...feedDefinitions(), ...listDefinitions()].map((d) => d.id)).map((id) =>
    isFeedSource(id) ? feedSource(id).definition : listSource(id).definition,
  );
  for (const d of defs) nextRun(d.schedule, new Date()); // refuse unsupported schedules up front

  return withRuntime(values['data-dir'], io, async (runtime) => {
    let stopping = false;
    let wake: (() => void) | undefined;
    const stop = (signal: string) => {
      if (!stopping) io.err(`${signal}: stopping after the current poll`);
      stopping = true;
      wake?.();
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    try {
      const delivery = await localDeliveryFor(runtime);
      let digestDue = Date.now();
      const deliveryTick = async () => {
        try {
          if (Date.now() >= digestDue) {
            const { result, outcomes } = await delivery.runDigests();
            digestDue = nextDigestRun(Date.now());
            if (result.digests)
              io.out(`${new Date().toISOString()} digests: ${result.digests}, ${result.created} created`);
            for (const o of outcomes)
              io.out(`${new Date().toISOString()} digest ${o.id}: ${o.outcome.status}`);
          }
          for (const r of await delivery.processDue())
            io.out(`${new Date().toISOString()} delivery ${r.id}: ${r.outcome.status}`);
        } catch (error) {
          io.err(`${new Date().toISOString()} delivery stopped: ${(error as Error).message}`);
        }
      };
      const due = new Map(defs.map((d) => [d.id, new Date()]));
      io.out(
        `scheduler: ${defs.map((d) => `${d.id} ${d.schedule}`).join(', ')}; data dir ${runtime.dataDir}`,
      );
      while (!stopping) {
        const now = new Date();
        for (const d of defs) {
          if (stopping) break;
          if (due.get(d.id)! > now) continue;
          try {
            const lines = isFeedSource(d.id)
              ? describeFeedOutcome(await pollFeed(runtime.pollDeps(), d.id))
              : describeOutcome(await pollSource(runtime.pollDeps(), d.id));
            for (const line of lines) io.out(`${new Date().toISOString()} ${line}`);
            await publishLocalFeeds(
              runtime,
              defs.map((x) => x.id),
            );
          } catch (error) {
            io.err(`${new Date().toISOString()} ${d.id}: poll stopped: ${(error as Error).message}`);
          }
          due.set(d.id, nextRun(d.schedule, new Date()));
        }
        if (stopping) break;
        await deliveryTick();
        const next = Math.min(...[...due.values()].map((t) => t.getTime()));
        const wait = Math.max(0, Math.min(next - Date.now(), 60_000));
        await new Promise<void>((r) => {
          const timer = setTimeout(r, wait);
          wake = () => {
            clearTimeout(timer);
            r();
          };
        });
      }
      return 0;
    } finally {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    }
  });
};
