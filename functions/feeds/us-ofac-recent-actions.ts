/**
 * OFAC Recent Actions (RSS 2.0): one item per action — designations, removals, updates, general
 * licences, FAQs — linking to `https://ofac.treasury.gov/recent-actions/<yyyymmdd>`. Where the
 * item's description reproduces the action's listing lines, they follow the SDN List's own format:
 * `NAME (a.k.a. …); details … (individual) [PROGRAM-TAG] [PROGRAM-TAG].`, under headings such as
 * "The following individuals have been added to OFAC's SDN List:".
 *
 * Most items carry no listing lines: the title names the regimes (`Russia-related Designations;
 * Belarus Designations`) and the description names the targets in capitals, in prose (`OFAC
 * designated NORD STREAM 2 AG and …`). So:
 * - programs are the bracketed tags where the description gives them, exactly as the SDN List
 *   writes them (`RUSSIA-EO14024`, `SDGT`), plus the tags of each regime the title names that no
 *   stated tag already covers (`OFAC_PROGRAMS`: `Belarus` → `BELARUS-EO14038`, `BELARUS`);
 * - names are the listing lines' names, and names written in capitals in the other lines
 *   (`capitalisedNames`, acronyms such as `OFAC`, `U.S.`, `SDN`, `EO` and program acronyms dropped);
 *   the action is the verb before the name, else what the title says (`… Removals` → removed).
 *
 * Feed URL: see docs/feeds.md, "OFAC Recent Actions: which URL" (what was and was not verified).
 */
import type { SourceDefinition } from '../core/source';
import { parseFeed } from './feed';
import { capitalisedNames, sectionAction } from './notices';
import { type ProgramRow, programTags } from './regimes';
import type { FeedItem, FeedProfile, FeedPublication, ListedName } from './types';

export const definition: SourceDefinition = {
  id: 'us-ofac-recent-actions',
  title: 'OFAC Recent Actions (RSS)',
  publisher: 'U.S. Department of the Treasury, Office of Foreign Assets Control (OFAC)',
  url: 'https://ofac.treasury.gov/system/files/126/ofac.xml',
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

/**
 * Regimes as OFAC's recent-action titles name them, with the SDN List's program tags for each
 * (tags checked against real SDN files in ../shared/realdata; longest phrase wins, so
 * `Ukraine-/Russia-related` is not also `Russia`, nor `South Sudan` also `Sudan`).
 */
export const OFAC_PROGRAMS: readonly ProgramRow[] = [
  [
    'Ukraine-/Russia-related|Ukraine-related',
    'Ukraine',
    ['UKRAINE-EO13660', 'UKRAINE-EO13661', 'UKRAINE-EO13662', 'UKRAINE-EO13685'],
  ],
  ['Russia(?:-related)?|Russian Harmful Foreign Activities', 'Russia', ['RUSSIA-EO14024']],
  ['Belarus(?:-related)?', 'Belarus', ['BELARUS-EO14038', 'BELARUS']],
  [
    'Iran(?:-related)?',
    'Iran',
    [
      'IRAN',
      'IRAN-EO13846',
      'IRAN-EO13871',
      'IRAN-EO13876',
      'IRAN-EO13902',
      'IRGC',
      'IFSR',
      'IRAN-HR',
      'IRAN-TRA',
      'IRAN-CON-ARMS-EO',
    ],
  ],
  ['North Korea(?:-related)?|DPRK', 'North Korea', ['DPRK', 'DPRK2', 'DPRK3', 'DPRK4', 'DPRK-NKSPEA']],
  ['Syria(?:-related)?', 'Syria', ['SYRIA', 'SYRIA-EO13894', 'SYRIA-CAESAR']],
  ['Venezuela(?:-related)?', 'Venezuela', ['VENEZUELA', 'VENEZUELA-EO13850', 'VENEZUELA-EO13884']],
  ['Counter[- ]Terrorism|Terrorism(?:-related)?', 'Counter Terrorism', ['SDGT', 'FTO']],
  [
    'Counter[- ]Narcotics|Narcotics(?:-related)?|Illicit Drugs?',
    'Counter Narcotics',
    ['SDNTK', 'SDNT', 'ILLICIT-DRUGS-EO14059'],
  ],
  ['Cyber(?:-related)?', 'Cyber', ['CYBER2']],
  ['Global Magnitsky', 'Global Magnitsky', ['GLOMAG']],
  ['Magnitsky', 'Magnitsky', ['MAGNIT']],
  ['Burma(?:-related)?', 'Burma', ['BURMA-EO14014']],
  ['Nicaragua(?:-related)?', 'Nicaragua', ['NICARAGUA', 'NICARAGUA-NHRAA']],
  ['Hong Kong(?:-related)?', 'Hong Kong', ['HK-EO13936']],
  ['(?:Western )?Balkans(?:-related)?', 'Western Balkans', ['BALKANS']],
  ['Non-?Proliferation', 'Non-Proliferation', ['NPWMD']],
  ['Transnational Criminal Organizations?', 'Transnational Criminal Organizations', ['TCO']],
  ['Election Interference|Election-related', 'Election Interference', ['ELECTION-EO13848']],
  ['Mali(?:-related)?', 'Mali', ['MALI-EO13882']],
  ['Somalia(?:-related)?', 'Somalia', ['SOMALIA']],
  ['South Sudan(?:-related)?', 'South Sudan', ['SOUTH SUDAN']],
  ['Sudan(?:-related)?|Darfur', 'Sudan', ['SUDAN-EO14098', 'DARFUR']],
  ['Central African Republic(?:-related)?', 'Central African Republic', ['CAR']],
  [
    'Democratic Republic of the Congo(?:-related)?|DRC(?:-related)?',
    'Democratic Republic of the Congo',
    ['DRCONGO'],
  ],
  ['Yemen(?:-related)?', 'Yemen', ['YEMEN']],
  ['Libya(?:-related)?', 'Libya', ['LIBYA2', 'LIBYA3']],
  ['Lebanon(?:-related)?', 'Lebanon', ['LEBANON']],
  ['Iraq(?:-related)?', 'Iraq', ['IRAQ2', 'IRAQ3']],
  ['Zimbabwe(?:-related)?', 'Zimbabwe', ['ZIMBABWE']],
  ['Burundi(?:-related)?', 'Burundi', ['BURUNDI']],
  ['Cuba(?:-related)?', 'Cuba', ['CUBA']],
];

const REGIME_WORD = new RegExp(
  `^(?:${OFAC_PROGRAMS.map(([p]) => `(?:${p})`).join('|')}|[\\p{L}-]+-RELATED)$`,
  'iu',
);

/** A title word in capitals (`RUSSIA-RELATED`, `BELARUS`): no name by itself. */
const regimeWord = (token: string) => REGIME_WORD.test(token);

/** What a title says happens, for names whose sentence has no verb: `… Removals` → removed. */
function titleAction(title: string): ListedName['action'] {
  if (/\b(removal|remov|delist|de-list|revocation)/i.test(title)) return 'removed';
  if (/\b(update|amend)/i.test(title) && !/\bdesignation/i.test(title)) return 'amended';
  return 'added';
}

export const profile: FeedProfile = {
  regimes: (item: FeedItem) =>
    programTags(
      OFAC_PROGRAMS,
      item.title,
      [...item.summary.matchAll(PROGRAM_TAG)].map((m) => m[1]!),
    ),
  names(item: FeedItem): ListedName[] {
    const out: ListedName[] = [];
    let action: ListedName['action'] = 'added';
    const fallback = titleAction(item.title);
    for (const line of item.summary.split('\n')) {
      const heading = /:\s*$/.test(line) ? sectionAction(line) : undefined;
      if (heading) {
        action = heading;
        continue;
      }
      if (!PROGRAM_TAG.test(line)) {
        PROGRAM_TAG.lastIndex = 0;
        // Prose: names in capitals (`OFAC designated NORD STREAM 2 AG …`).
        out.push(...capitalisedNames(line, fallback, regimeWord));
        continue;
      }
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
