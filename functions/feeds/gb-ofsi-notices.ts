/**
 * OFSI on GOV.UK (Atom 1.0): GOV.UK publishes an Atom feed of every organisation page's activity.
 * Each entry has a stable `id` (`tag:www.gov.uk,2005:/government/…`), `updated` (moves when the
 * page is updated — an update of a known notice, not a new one), an alternate `link`, a `title`
 * and a `summary`. Financial sanctions notices are titled like "Financial sanctions notice: Russia"
 * and name the regime as the OFSI Consolidated List does (`Russia`, `Iran (Nuclear)`,
 * `Global Human Rights`); where the summary lists the names ("… added: A; B."), they are read.
 *
 * Entries that are not about financial sanctions (OFSI also publishes blog posts, annual reviews,
 * consultations) are deliberately ignored and reported as such.
 */
import type { SourceDefinition } from '../core/source';
import { parseFeed } from './feed';
import { colonListedNames } from './notices';
import { detectRegimes, type RegimeRow } from './regimes';
import type { FeedItem, FeedProfile, FeedPublication } from './types';

export const definition: SourceDefinition = {
  id: 'gb-ofsi-notices',
  title: 'OFSI financial sanctions notices (GOV.UK Atom)',
  publisher: 'HM Treasury, Office of Financial Sanctions Implementation (OFSI)',
  url: 'https://www.gov.uk/government/organisations/office-of-financial-sanctions-implementation.atom',
  homepage: 'https://www.gov.uk/government/organisations/office-of-financial-sanctions-implementation',
  format: 'atom',
  kind: 'feed',
  schedule: 'rate(10 minutes)',
  recordBounds: { min: 1, max: 500 },
  maxBytes: 5 * 1024 * 1024,
};

/** UK regime names as the OFSI Consolidated List's `Regime` column writes them. */
export const UK_REGIMES: readonly RegimeRow[] = [
  ["ISIL \\(Da'esh\\) and Al-Qaida|ISIL \\(Da’esh\\) and Al-Qaida", "ISIL (Da'esh) and Al-Qaida"],
  ['Russia', 'Russia'],
  ['Syria', 'Syria'],
  ['Afghanistan', 'Afghanistan'],
  ['Iran \\(Nuclear\\)', 'Iran (Nuclear)'],
  ['Iran', 'Iran'],
  ['Central African Republic', 'Central African Republic'],
  [
    "Democratic People's Republic of Korea|Democratic People’s Republic of Korea|DPRK",
    "Democratic People's Republic of Korea",
  ],
  ['Belarus', 'Belarus'],
  ['Global Human Rights', 'Global Human Rights'],
  ['Democratic Republic of the Congo', 'Democratic Republic of the Congo'],
  ['Somalia', 'Somalia'],
  ['Iraq', 'Iraq'],
  ['Libya', 'Libya'],
  [
    'Counter-Terrorism \\(International\\)|International Counter-Terrorism',
    'Counter-Terrorism (International)',
  ],
  ['Counter-Terrorism \\(Domestic\\)|Domestic Counter-Terrorism', 'Counter-Terrorism (Domestic)'],
  ['Cyber', 'Cyber'],
  ['Myanmar', 'Myanmar'],
  ['Global Anti-Corruption', 'Global Anti-Corruption'],
  ['South Sudan', 'South Sudan'],
  ['Sudan', 'Sudan'],
  ['Chemical Weapons', 'Chemical Weapons'],
  ['Venezuela', 'Venezuela'],
  ['Yemen', 'Yemen'],
  ['Nicaragua', 'Nicaragua'],
  ['Guinea-Bissau', 'Guinea-Bissau'],
  ['Guinea', 'Guinea'],
  ['Haiti', 'Haiti'],
  ['Mali', 'Mali'],
  ['Zimbabwe', 'Zimbabwe'],
  ['Bosnia and Herzegovina', 'Bosnia and Herzegovina'],
];

const ABOUT_SANCTIONS =
  /\b(financial sanctions?|sanctions? (?:notice|list)|asset freeze|designat|delist|general licen[cs]e)/i;

export const profile: FeedProfile = {
  ignore: (item: FeedItem) =>
    ABOUT_SANCTIONS.test(`${item.title}\n${item.summary}`)
      ? undefined
      : 'not a financial sanctions notice (no notice, designation or licence in its title or summary)',
  regimes: (item: FeedItem) => detectRegimes(UK_REGIMES, `${item.title}\n${item.summary}`),
  names: (item: FeedItem) => colonListedNames(item.summary),
};

export function parse(bytes: Uint8Array, now?: Date): Promise<FeedPublication> {
  return parseFeed(definition, profile, bytes, now);
}
