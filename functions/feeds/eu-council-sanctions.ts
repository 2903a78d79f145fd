/**
 * Council of the EU press releases (RSS 2.0): the Council announces each listing decision the day
 * it adopts it, while the EU consolidated file (eu-fsf) follows once the acts are in the Official
 * Journal — days or weeks later. Items are press releases on every subject; only those about
 * restrictive measures (sanctions) are notices, the others are deliberately ignored.
 *
 * Regimes are given as the EU Financial Sanctions File's `programme` codes, mapped from the phrases
 * the Council uses (reviewed table below), so that a filter on `UKR` matches the notice and the
 * later list change.
 */
import type { SourceDefinition } from '../core/source';
import { parseFeed } from './feed';
import { colonListedNames } from './notices';
import { detectRegimes, type RegimeRow } from './regimes';
import type { FeedItem, FeedProfile, FeedPublication } from './types';

export const definition: SourceDefinition = {
  id: 'eu-council-sanctions',
  title: 'Council of the EU press releases on restrictive measures (RSS)',
  publisher: 'Council of the European Union',
  url: 'https://www.consilium.europa.eu/en/rss/pressreleases.ashx',
  homepage: 'https://www.consilium.europa.eu/en/press/press-releases/',
  format: 'rss',
  kind: 'feed',
  schedule: 'rate(15 minutes)',
  recordBounds: { min: 1, max: 500 },
  maxBytes: 5 * 1024 * 1024,
};

/** Council phrases → EU FSF programme codes. */
export const EU_REGIMES: readonly RegimeRow[] = [
  [
    "Russia[’']s war of aggression against Ukraine|territorial integrity,? sovereignty and independence of Ukraine|territorial integrity of Ukraine",
    'UKR',
  ],
  ["Russia[’']s actions destabilising the situation in Ukraine|Russia[’']s destabilising actions", 'RUS'],
  ['Belarus', 'BLR'],
  ['Iran', 'IRN'],
  ['Syria', 'SYR'],
  ["Democratic People[’']s Republic of Korea|DPRK|North Korea", 'PRK'],
  ['Libya', 'LBY'],
  ['Venezuela', 'VEN'],
];

const ABOUT_SANCTIONS = /\b(restrictive measures|sanctions?|asset freeze|travel ban)\b/i;

export const profile: FeedProfile = {
  ignore: (item: FeedItem) =>
    ABOUT_SANCTIONS.test(`${item.title}\n${item.summary}`)
      ? undefined
      : 'not about restrictive measures (no sanctions, asset freeze or travel ban in its title or summary)',
  regimes: (item: FeedItem) => detectRegimes(EU_REGIMES, `${item.title}\n${item.summary}`),
  names: (item: FeedItem) => colonListedNames(item.summary),
};

export function parse(bytes: Uint8Array, now?: Date): Promise<FeedPublication> {
  return parseFeed(definition, profile, bytes, now);
}
