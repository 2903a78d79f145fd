/**
 * UN meetings coverage and press releases (RSS 2.0, press.un.org): the Security Council's
 * sanctions committees announce each change to their lists in a press release (SC/nnnnn) titled
 * like "Security Council 1267 Committee Adds One Entry to Its ISIL (Da'esh) and Al-Qaida Sanctions
 * List", listing each entry as `QDi.431 Name: 1: … 2: … 3: … 4: na`. The feed carries every press
 * release; those not from a sanctions committee are deliberately ignored.
 *
 * Regimes are given as the UN Consolidated List's `UN_LIST_TYPE` values (`Al-Qaida`, `DPRK`, …).
 */
import type { SourceDefinition } from '../core/source';
import { parseFeed } from './feed';
import { colonListedNames } from './notices';
import { detectRegimes, type RegimeRow } from './regimes';
import type { FeedItem, FeedProfile, FeedPublication, ListedName } from './types';

export const definition: SourceDefinition = {
  id: 'un-sc-press',
  title: 'UN Security Council sanctions committee press releases (RSS)',
  publisher: 'United Nations, Meetings Coverage and Press Releases',
  url: 'https://press.un.org/en/rss.xml',
  homepage: 'https://press.un.org/en/content/security-council',
  format: 'rss',
  kind: 'feed',
  schedule: 'rate(15 minutes)',
  recordBounds: { min: 1, max: 500 },
  maxBytes: 5 * 1024 * 1024,
};

/** Committee and list names → `UN_LIST_TYPE`. */
export const UN_REGIMES: readonly RegimeRow[] = [
  ["ISIL \\(Da[’']esh\\) and Al-Qaida|1267|Al-Qaida", 'Al-Qaida'],
  ['1988|Taliban', 'Taliban'],
  ["1718|Democratic People[’']s Republic of Korea|DPRK", 'DPRK'],
  ['1970|Libya', 'Libya'],
  ['1518|Iraq', 'Iraq'],
  ['Central African Republic', 'CAR'],
  ['Democratic Republic of the Congo|1533', 'DRC'],
  ['South Sudan|2206', 'SouthSudan'],
  ['Sudan|1591', 'Sudan'],
  ['Somalia|Al-Shabaab|751', 'Somalia'],
  ['Yemen|2140', 'Yemen'],
  ['Haiti|2653', 'Haiti'],
  ['Guinea-Bissau|2048', 'GB'],
];

const SANCTIONS_COMMITTEE = /\bsanctions (?:list|committee|measures)\b|\bSecurity Council Committee\b/i;
/** `QDi.431 Name: 1: ABU 2: BAKR 3: na 4: na` (individuals) or `QDe.180 Name: EXAMPLE FRONT` (entities). */
const UN_ENTRY =
  /\b([A-Z]{2}[ie]\.\d{3})\s+Name:\s*(.+?)(?=\s+(?:Name \(original script\)|Title|Designation|DOB|POB|A\.k\.a|F\.k\.a|Address|Listed on|Other information)\b|\n|$)/g;

function entryName(raw: string): string {
  if (!/^1:/.test(raw.trim())) return raw.replace(/[.;\s]+$/, '').trim();
  return raw
    .split(/\s*\d:\s*/)
    .map((p) => p.trim())
    .filter((p) => p !== '' && p.toLowerCase() !== 'na')
    .join(' ')
    .replace(/[.;\s]+$/, '');
}

function titleAction(title: string): ListedName['action'] {
  if (/\b(removes?|deletes?|delists?)\b/i.test(title)) return 'removed';
  if (/\b(amends?|updates?)\b/i.test(title)) return 'amended';
  return 'added';
}

export const profile: FeedProfile = {
  ignore: (item: FeedItem) =>
    SANCTIONS_COMMITTEE.test(item.title)
      ? undefined
      : 'not a sanctions committee press release (its title names no sanctions list or committee)',
  regimes: (item: FeedItem) => detectRegimes(UN_REGIMES, item.title),
  names(item: FeedItem): ListedName[] {
    const action = titleAction(item.title);
    const entries = [...item.summary.matchAll(UN_ENTRY)].map((m) => ({ name: entryName(m[2]!), action }));
    return entries.length ? entries.filter((e) => e.name) : colonListedNames(item.summary);
  },
};

export function parse(bytes: Uint8Array, now?: Date): Promise<FeedPublication> {
  return parseFeed(definition, profile, bytes, now);
}
