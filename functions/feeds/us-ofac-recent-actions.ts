/**
 * OFAC Recent Actions (RSS 2.0): one item per action — designations, removals, updates, general
 * licences, FAQs — linking to `https://ofac.treasury.gov/recent-actions/<yyyymmdd>`. Where the
 * item's description reproduces the action's listing lines, they follow the SDN List's own format:
 * `NAME (a.k.a. …); details … (individual) [PROGRAM-TAG] [PROGRAM-TAG].`, under headings such as
 * "The following individuals have been added to OFAC's SDN List:".
 *
 * Programs are the bracketed tags, exactly as the SDN List writes them (`RUSSIA-EO14024`, `SDGT`).
 */
import type { SourceDefinition } from '../core/source';
import { parseFeed } from './feed';
import { sectionAction } from './notices';
import type { FeedItem, FeedProfile, FeedPublication, ListedName } from './types';

export const definition: SourceDefinition = {
  id: 'us-ofac-recent-actions',
  title: 'OFAC Recent Actions (RSS)',
  publisher: 'U.S. Department of the Treasury, Office of Foreign Assets Control (OFAC)',
  url: 'https://ofac.treasury.gov/recent-actions/rss.xml',
  homepage: 'https://ofac.treasury.gov/recent-actions',
  format: 'rss',
  kind: 'feed',
  schedule: 'rate(10 minutes)',
  // A feed holds the latest few dozen actions; bounds apply to items, not list entries.
  recordBounds: { min: 1, max: 500 },
  maxBytes: 5 * 1024 * 1024,
};

/** `[RUSSIA-EO14024]`, `[SDGT]`, `[IRAN-EO13846]`: OFAC program tags. */
const PROGRAM_TAG = /\[([A-Z0-9][A-Z0-9-]{1,30})\]/g;

/**
 * The listed name at the start of a listing line: up to ` (`, `;` or ` [`; for an individual
 * (`SURNAME, Given names`) also up to a comma before an address number, for others up to the first
 * comma (the address follows the name).
 */
export function ofacLineName(line: string): string {
  const cut = line.search(/\(individual\)/i.test(line) ? /\s\(|;|,\s+(?=\d)|\s\[/ : /\s\(|;|,|\s\[/);
  return (cut < 0 ? line : line.slice(0, cut)).replace(/[.,\s]+$/, '').trim();
}

export const profile: FeedProfile = {
  regimes: (item: FeedItem) => [...item.summary.matchAll(PROGRAM_TAG)].map((m) => m[1]!),
  names(item: FeedItem): ListedName[] {
    const out: ListedName[] = [];
    let action: ListedName['action'] = 'added';
    for (const line of item.summary.split('\n')) {
      const heading = /:\s*$/.test(line) ? sectionAction(line) : undefined;
      if (heading) {
        action = heading;
        continue;
      }
      if (!PROGRAM_TAG.test(line)) continue;
      PROGRAM_TAG.lastIndex = 0;
      const name = ofacLineName(line);
      if (name && /\p{L}/u.test(name)) out.push({ name, action });
    }
    return out;
  },
};

export function parse(bytes: Uint8Array, now?: Date): Promise<FeedPublication> {
  return parseFeed(definition, profile, bytes, now);
}
