/**
 * `poll [--source <id> ...] [--url <url>] [--shrink-threshold <0..1>] [--data-dir <dir>]`: one poll
 * cycle now. Without `--source`, every source polled by default (`sourcesToPoll`: notice feeds and
 * lists; archive formats only when named). `--url` (with exactly one `--source`) fetches
 * from that URL instead of the official one, `file://` included. Exit 1 when a source failed or
 * was quarantined.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { feedDefinitions, isFeedSource } from '../feeds/index';
import { pollFeed, publishLocalFeeds } from '../pipeline/feed-poll';
import { type PollOptions, pollSources } from '../pipeline/poll';
import { sourcesToPoll } from '../pipeline/schedule';
import { listDefinitions } from '../sources/index';
import { DATA_DIR_OPTION, describeFeedOutcome, describeOutcome, withRuntime } from './common';
import { type CommandRun, parseCommandArgs, UsageError } from './io';

export function pollOptionsFrom(values: { url?: string; 'shrink-threshold'?: string }): PollOptions {
  const options: PollOptions = {};
  if (values.url !== undefined)
    options.url = /^[a-z]+:\/\//i.test(values.url) ? values.url : pathToFileURL(resolve(values.url)).href;
  if (values['shrink-threshold'] !== undefined) {
    const t = Number(values['shrink-threshold']);
    if (!(t > 0 && t < 1))
      throw new UsageError('--shrink-threshold must be a fraction between 0 and 1, e.g. 0.2');
    options.shrinkThreshold = t;
  }
  return options;
}

export const run: CommandRun = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      ...DATA_DIR_OPTION,
      source: { type: 'string', multiple: true },
      url: { type: 'string' },
      'shrink-threshold': { type: 'string' },
    },
    false,
  );
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const ids = sourcesToPoll(values.source).map((d) => d.id); // unknown ids fail before anything is opened
  if (values.url !== undefined && ids.length !== 1) throw new UsageError('--url needs exactly one --source');
  const options = pollOptionsFrom(values);
  return withRuntime(values['data-dir'], io, async (runtime) => {
    // Notice feeds first (they announce what the lists publish later), then the lists.
    const feedOutcomes = [];
    for (const id of ids.filter(isFeedSource)) {
      const o = await pollFeed(runtime.pollDeps(), id, options.url ? { url: options.url } : {});
      feedOutcomes.push(o);
      for (const line of describeFeedOutcome(o)) io.out(line);
    }
    // Each source's line is printed as soon as that source is done (a long poll shows progress).
    const outcomes = await pollSources(
      runtime.pollDeps(),
      ids.filter((id) => !isFeedSource(id)),
      options,
      (o) => {
        for (const line of describeOutcome(o)) io.out(line);
      },
    );
    await publishLocalFeeds(
      runtime,
      [...feedDefinitions(), ...listDefinitions()].map((d) => d.id),
    );
    return outcomes.some((o) => o.kind === 'failed' || o.kind === 'quarantined') ||
      feedOutcomes.some((o) => o.kind === 'failed')
      ? 1
      : 0;
  });
};
