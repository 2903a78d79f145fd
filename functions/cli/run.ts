/**
 * `run [--source <id> ...] [--url <url>] [--port N | --no-serve] [--data-dir <dir>]`: the local
 * scheduler. Polls each source (without `--source`, those polled by default: `sourcesToPoll`) once
 * at start, then whenever its definition's `schedule` (rate or cron, UTC) comes due, one poll at a
 * time, until SIGINT or SIGTERM; a poll in progress is finished before it stops. On every tick it
 * also runs the delivery retries that are due, and once a day (at start, then after 00:00 UTC) the
 * daily digests of the days that have ended. It serves the subscription API (as `serve` does) on
 * `--port` (default 8787) unless `--no-serve`, and shares its store with the other commands run on
 * the data dir meanwhile (functions/local/data-dir-lock.ts). `--url` (with exactly one `--source`)
 * polls that URL instead of the official one, `file://` included.
 */
import { nextDigestRun } from '../dispatch/digest';
import { isFeedSource } from '../feeds/index';
import { apiPort, type LocalApi, startLocalApi } from '../local/api';
import { localDeliveryFor } from '../local/delivery';
import type { LocalRuntime } from '../local/runtime';
import { pollFeed, publishLocalFeeds } from '../pipeline/feed-poll';
import { pollSource } from '../pipeline/poll';
import { nextRun, sourcesToPoll } from '../pipeline/schedule';
import { DATA_DIR_OPTION, describeFeedOutcome, describeOutcome, withRuntime } from './common';
import { type CommandRun, parseCommandArgs, UsageError } from './io';
import { pollOptionsFrom } from './poll';

export const run: CommandRun = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      ...DATA_DIR_OPTION,
      source: { type: 'string', multiple: true },
      url: { type: 'string' },
      port: { type: 'string' },
      'no-serve': { type: 'boolean' },
    },
    false,
  );
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const defs = sourcesToPoll(values.source);
  for (const d of defs) nextRun(d.schedule, new Date()); // refuse unsupported schedules up front
  if (values.url !== undefined && values.source?.length !== 1)
    throw new UsageError('--url needs exactly one --source');
  const { url } = pollOptionsFrom({ ...(values.url !== undefined ? { url: values.url } : {}) });
  const port = apiPort(values.port);
  if (port === undefined) throw new UsageError('--port must be a port number');
  if (values['no-serve'] && values.port !== undefined)
    throw new UsageError('--port and --no-serve cannot be used together');

  return withRuntime(values['data-dir'], io, async (runtime) => runScheduler(runtime), {
    command: 'run',
    shareStore: true,
  });

  async function runScheduler(runtime: LocalRuntime): Promise<number> {
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
    let api: LocalApi | undefined;
    try {
      const delivery = await localDeliveryFor(runtime);
      if (!values['no-serve']) {
        api = await startLocalApi(runtime, port!);
        io.out(`subscription API on ${api.url} (admin token in ${runtime.dataDir}/delivery-keys.json)`);
      }
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
              ? describeFeedOutcome(await pollFeed(runtime.pollDeps(), d.id, url ? { url } : {}))
              : describeOutcome(await pollSource(runtime.pollDeps(), d.id, url ? { url } : {}));
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
      await api?.close();
    }
  }
};
