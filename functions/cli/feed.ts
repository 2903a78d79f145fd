/**
 * `feed --source <id> [--url <url>] [--json]`: fetches (or reads) a notice feed and prints the
 * notices parsed from it. `--url` takes http(s), `file://` or a plain path, so it works offline.
 * `--json`: `{"source", "notices": [{"id","title","link","published","regimes","names","sectors"}]}`.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { feedSource } from '../feeds/index';
import { fetchPublication } from '../pipeline/fetch';
import { type CommandRun, parseCommandArgs, UsageError } from './io';

const USAGE = 'usage: feed --source <id> [--url <url>] [--json]';

/** http(s) and file URLs as given; anything else is a local path. */
export function feedUrl(value: string): string {
  return /^(https?|file):/i.test(value) ? value : pathToFileURL(resolve(value)).toString();
}

export const run: CommandRun = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(argv, {
    source: { type: 'string' },
    url: { type: 'string' },
    json: { type: 'boolean' },
    'data-dir': { type: 'string' },
  });
  if (!values.source || positionals.length) throw new UsageError(USAGE);
  const feed = feedSource(values.source);
  const def = feed.definition;
  const fetched = await fetchPublication({
    url: feedUrl(values.url ?? def.url),
    format: def.format,
    maxBytes: def.maxBytes,
  });
  if (fetched.kind !== 'fetched')
    throw new Error(`${def.id}: the server answered 304 to an unconditional request`);
  const pub = await feed.parse(fetched.bytes, new Date());
  if (values.json) {
    const doc = {
      source: def.id,
      notices: pub.notices.map(({ notice: n }) => ({
        id: n.id,
        title: n.title,
        link: n.link,
        published: n.published,
        regimes: n.regimes,
        names: n.names,
        sectors: n.sectors.map((s) => s.sector),
      })),
    };
    io.out(JSON.stringify(doc, null, 2));
    return 0;
  }
  io.out(`${def.title} — ${pub.notices.length} notice${pub.notices.length === 1 ? '' : 's'}`);
  for (const { notice: n } of pub.notices) {
    io.out('');
    io.out(`${n.published}  ${n.title}`);
    io.out(`  ${n.link}`);
    if (n.regimes.length) io.out(`  regimes: ${n.regimes.join(', ')}`);
    if (n.names.length) io.out(`  names:   ${n.names.join('; ')}`);
    if (n.sectors.length) io.out(`  sectors: ${n.sectors.map((s) => s.sector).join(', ')}`);
  }
  if (pub.ignored.length) {
    io.out('');
    io.out(`ignored ${pub.ignored.length} item${pub.ignored.length === 1 ? '' : 's'}:`);
    for (const i of pub.ignored) io.out(`  ${i.title} — ${i.reason}`);
  }
  if (pub.duplicates) io.out(`${pub.duplicates} identical duplicate item(s) collapsed`);
  return 0;
};
