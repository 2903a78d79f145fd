/**
 * The notice-feed steps of `npm run demo` (scripts/demo.ts calls them): an OFAC Recent Actions
 * feed (demo/feeds/, hand-made) polled before the OFAC list publication that confirms it, then the
 * list batch's links back to the notice, then a "still pending" follow-up for the name the list
 * never showed, and our own Atom feeds written into the data dir.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeFeedOutcome } from '../cli/common';
import type { LocalRuntime } from '../local/runtime';
import { type FeedPollOutcome, pollFeed, publishLocalFeeds } from '../pipeline/feed-poll';
import type { PollDeps } from '../pipeline/ports';

const FEED = 'us-ofac-recent-actions';

export function feedDemo(runtime: LocalRuntime, deps: PollDeps, root: string, say: (line?: string) => void) {
  const file = (name: string) => pathToFileURL(join(root, 'demo', 'feeds', name)).toString();
  const outcomes: FeedPollOutcome['kind'][] = [];
  const poll = async (title: string, name: string, pendingAfterDays?: number) => {
    say();
    say(`   ${title}`);
    say(`   poll --source ${FEED} --url ./demo/feeds/${name}`);
    const o = await pollFeed(deps, FEED, {
      url: file(name),
      ...(pendingAfterDays !== undefined ? { pendingAfterDays } : {}),
    });
    outcomes.push(o.kind);
    for (const line of describeFeedOutcome(o)) say(`   → ${line}`);
    if (o.kind === 'changed') {
      const sha = o.batchId.slice(FEED.length + 1);
      for (const n of (await runtime.store.batches.get(FEED, sha))?.notices ?? []) {
        say(
          `      notice "${n.title}" [${n.regimes.join(', ')}] names: ${n.names.join('; ')} — sectors: ${n.sectors.map((s) => s.sector).join(', ') || 'none'}`,
        );
      }
    }
    return o;
  };
  return {
    outcomes,
    /** Before the OFAC list update: the feed's baseline, then the notice that announces it. */
    async announce() {
      await poll(
        'Notice feed (OFAC Recent Actions RSS), first poll: a baseline, not alerted',
        '1-baseline.xml',
      );
      await poll('OFAC announces designations in a notice, before the list file changes', '2-notice.xml');
    },
    /** After the OFAC list update: which changes the notice announced, the follow-up, our Atom feeds. */
    async confirm() {
      say();
      say(
        '   The OFAC list publication confirmed the notice (announcedIn, shown in every alert of that batch):',
      );
      for (const h of await runtime.store.batches.list('us-ofac-sdn-csv')) {
        for (const c of await runtime.store.batches.loadChanges(h)) {
          for (const a of c.announcedIn ?? [])
            say(`      ${c.kind} ${c.name} — announced in notice "${a.title}" at ${a.published}`);
        }
      }
      await poll(
        'A week later (demo: follow-up after 0 days): POLAR STAR is still not on the list',
        '2-notice.xml',
        0,
      );
      const written = await publishLocalFeeds(runtime, ['us-ofac-sdn-csv', 'un-sc-consolidated', FEED]);
      say(
        `   Atom feeds of every change written: ${written.length} files under ${join(runtime.dataDir, 'feeds')} (all.xml, source/*.xml, sector/*.xml)`,
      );
    },
  };
}
