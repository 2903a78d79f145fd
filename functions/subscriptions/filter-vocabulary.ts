/**
 * What a subscription filter may name, derived from the real registries: list sources
 * (functions/sources), notice feeds (functions/feeds) and the regimes the sources are known to use
 * (the feeds' reviewed regime tables, plus the program codes the OFAC and EU lists write). Kept out
 * of subscription.ts so that matching does not load every parser.
 */
import { EU_REGIMES } from '../feeds/eu-council-sanctions';
import { UK_REGIMES } from '../feeds/gb-ofsi-notices';
import { FEED_SOURCES } from '../feeds/index';
import type { RegimeRow } from '../feeds/regimes';
import { UN_REGIMES } from '../feeds/un-sc-press';
import { LIST_SOURCES } from '../sources/index';
import type { FilterVocabulary } from './subscription';

/**
 * OFAC program tags as the SDN and non-SDN lists write them (read from the real 2024 and 2025 lists;
 * regimes are open-ended, so an unknown one is only warned about).
 */
const OFAC_PROGRAMS = [
  'BALKANS',
  'BALKANS-EO14033',
  'BELARUS',
  'BELARUS-EO14038',
  'BPI-RUSSIA-EO14024',
  'BURMA-EO14014',
  'CAATSA - IRAN',
  'CAATSA - RUSSIA',
  'CAR',
  'CUBA',
  'CYBER2',
  'DARFUR',
  'DPRK',
  'DPRK-NKSPEA',
  'DPRK2',
  'DPRK3',
  'DPRK4',
  'DRCONGO',
  'ELECTION-EO13848',
  'ETHIOPIA-EO14046',
  'FTO',
  'GLOMAG',
  'HIFPAA',
  'HK-EO13936',
  'HOSTAGES-EO14078',
  'HRIT-IR',
  'HRIT-SY',
  'IFCA',
  'IFSR',
  'ILLICIT-DRUGS-EO14059',
  'IRAN',
  'IRAN-CON-ARMS-EO',
  'IRAN-EO13846',
  'IRAN-EO13871',
  'IRAN-EO13876',
  'IRAN-EO13902',
  'IRAN-HR',
  'IRAN-TRA',
  'IRAQ2',
  'IRAQ3',
  'IRGC',
  'ISA',
  'LEBANON',
  'LIBYA2',
  'LIBYA3',
  'MAGNIT',
  'MALI-EO13882',
  'NICARAGUA',
  'NICARAGUA-NHRAA',
  'NPWMD',
  'NS-PLC',
  'PEESA-EO14039',
  'RUSSIA-EO14024',
  'RUSSIA-EO14065',
  'SDGT',
  'SDNT',
  'SDNTK',
  'SOMALIA',
  'SOUTH SUDAN',
  'SSIDES',
  'SUDAN-EO14098',
  'SYRIA',
  'SYRIA-CAESAR',
  'SYRIA-EO13894',
  'TCO',
  'UHRPA',
  'UKRAINE-EO13660',
  'UKRAINE-EO13661',
  'UKRAINE-EO13662',
  'UKRAINE-EO13685',
  'VENEZUELA',
  'VENEZUELA-EO13850',
  'VENEZUELA-EO13884',
  'WEST-BANK-EO14115',
  'YEMEN',
];

/** EU FSF programme codes seen in real files (beyond those the Council feed table maps to). */
const EU_PROGRAMMES = ['AFG', 'COD', 'GIN', 'IRQ', 'SDN', 'SOM', 'TAQA', 'TERR', 'TUN'];

const regimesOf = (table: readonly RegimeRow[]) => table.map(([, regime]) => regime);

/** The vocabulary of the real registries. */
export function filterVocabulary(): FilterVocabulary {
  const regimes = new Set<string>([
    ...regimesOf(UK_REGIMES),
    ...regimesOf(EU_REGIMES),
    ...regimesOf(UN_REGIMES),
    ...OFAC_PROGRAMS,
    ...EU_PROGRAMMES,
  ]);
  return {
    listSources: Object.keys(LIST_SOURCES),
    feedSources: Object.keys(FEED_SOURCES),
    regimes: [...regimes],
  };
}
