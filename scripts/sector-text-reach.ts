/**
 * How far list text can carry financial-services recall (issue 12, tenth round): of the entities
 * labelled `financial-services` from world knowledge, how many have ANY finance word anywhere in
 * their own record (every field, the names of what they are linked to included) or in a ConList
 * entry of the same name. A generous upper bound on what any rule reading the lists can reach: the
 * words are matched as substrings, in every field, with no guard, so that a bound below the issue's
 * 0.90 says the target needs evidence the lists do not carry (OFAC's press releases), not better
 * rules. Pure: the evaluator (`eval-sectors.ts`) gives it the texts.
 */
import type { Designation } from '../functions/core/model';
import type { LabelRow } from './sector-labels-lib';

/** Finance words, matched case-insensitively anywhere in a text (substrings: deliberately generous). */
export const FINANCE_WORDS: readonly { word: string; note: string }[] = [
  { word: 'bank', note: 'BANK, -BANK (SBERBANK), BANCO, BANQUE by its stem' },
  { word: 'banco', note: 'Spanish and Portuguese bank' },
  { word: 'banque', note: 'French bank' },
  { word: 'financ', note: 'finance, financial, financing' },
  { word: 'finans', note: 'the transliterated Russian and Turkish finans-' },
  { word: 'fintech', note: 'payment technology' },
  { word: 'invest', note: 'investment, investor, INVEST-' },
  { word: 'capital', note: 'capital, capitale' },
  { word: 'kapital', note: 'the transliterated Russian and German kapital' },
  { word: 'fund', note: 'fund, funding' },
  { word: 'fond', note: 'the Russian fond (fund), fonds' },
  { word: 'asset', note: 'asset management' },
  { word: 'holding', note: 'a holding company (most are vehicles of a group)' },
  {
    word: 'trust',
    note: 'a trust or trust company (the ConList\'s "trust services" measure is struck first)',
  },
  { word: 'trast', note: 'the transliterated Russian trast' },
  { word: 'credit', note: 'credit, credito' },
  { word: 'kredit', note: 'the transliterated Russian kredit' },
  { word: 'leas', note: 'leasing, lease' },
  { word: 'lizing', note: 'the transliterated Russian lizing' },
  { word: 'insur', note: 'insurance, insurer' },
  { word: 'assur', note: 'assurance, assurances' },
  { word: 'strakh', note: 'the transliterated Russian strakhovanie (insurance)' },
  { word: 'pay', note: 'payment, pay-, PAYMENTS' },
  { word: 'platezh', note: 'the transliterated Russian platezh (payment)' },
  { word: 'broker', note: 'broker, brokerage' },
  { word: 'wealth', note: 'wealth management' },
  { word: 'securit', note: 'securities (and security: generous)' },
  { word: 'exchange', note: 'an exchange, exchange house' },
  { word: 'birzh', note: 'the transliterated Russian birzha (exchange)' },
  { word: 'crypto', note: 'crypto-assets' },
  { word: 'kripto', note: 'the transliterated kripto' },
  { word: 'currency', note: 'a currency, a digital currency address' },
  { word: 'coin', note: 'a coin, a crypto-coin' },
  { word: 'money', note: 'money services, money transfer' },
  { word: 'remit', note: 'remittance' },
  { word: 'hawala', note: 'hawala' },
  { word: 'sarraf', note: 'Persian and Arabic money exchange (sarrafi)' },
  { word: 'lend', note: 'lending, lender' },
  { word: 'loan', note: 'loan' },
  { word: 'zaim', note: 'the transliterated Russian zaim (loan)' },
  { word: 'mikrofin', note: 'microfinance' },
  { word: 'equity', note: 'private equity' },
  { word: 'venture', note: 'venture capital (and joint venture: generous)' },
  { word: 'portfolio', note: 'portfolio management' },
  { word: 'treasur', note: 'treasury' },
  { word: 'depozit', note: 'the transliterated Russian depozitariy (depository)' },
  { word: 'depositor', note: 'depository' },
  { word: 'family office', note: 'a family office' },
  { word: 'directive 1', note: "OFAC's Directive 1 (financial services)" },
  { word: 'directive 2', note: "OFAC's Directive 2 (EO 14024: financial institutions)" },
];

/** Sanctions boilerplate that names finance without saying what the entity does, struck before matching. */
export const BOILERPLATE: readonly { pattern: RegExp; note: string }[] = [
  {
    pattern: /secondary sanctions risk:[^;]*/gi,
    note: "OFAC's secondary-sanctions warning about foreign financial institutions",
  },
  { pattern: /additional sanctions information[^;]*/gi, note: "OFAC's 'Subject to Secondary Sanctions'" },
  {
    pattern: /date trust services sanctions imposed[^.]*\.?/gi,
    note: "the ConList's trust-services measure",
  },
  { pattern: /trust services/gi, note: 'the UK measure, in any field' },
];

/** Every text of a designation's record, joined: names, remarks, reasons, identifiers, links, publisher facts. */
export function recordText(d: Designation): string {
  return [
    d.name,
    ...d.aliases.map((a) => a.name),
    ...d.nonLatinNames.map((n) => n.name),
    d.remarks ?? '',
    d.reasons ?? '',
    ...d.positions,
    ...d.titles,
    ...d.identifiers.map((i) => `${i.label ?? i.type} ${i.value}`),
    ...d.links.map((l) => `${l.relation} ${l.name}`),
    ...Object.values(d.attributes).flat(),
  ].join('\n');
}

/** The first finance word in `text` after the boilerplate is struck, or undefined. */
export function financeWordIn(text: string): string | undefined {
  let t = text;
  for (const b of BOILERPLATE) t = t.replace(b.pattern, ' ');
  t = t.toLowerCase();
  return FINANCE_WORDS.find((w) => t.includes(w.word))?.word;
}

/** A name as the reach study compares it across lists: lower case, letters and digits, one space. */
export function comparableName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface FinanceReach {
  /** Rows labelled financial-services (scored rows only). */
  labelled: number;
  /** Of them, those with a finance word in their record or a same-name entry of the other list. */
  reachable: number;
  /** Of those, reachable only through the other list. */
  onlyOther: number;
}

/**
 * The reach on `rows`: `own(row)` is the row's record text (undefined when the row is not in the
 * publication: it then counts as unreachable), `other(row)` the texts of the other list's entries of
 * the same name.
 */
export function financeReach(
  rows: readonly LabelRow[],
  own: (row: LabelRow) => string | undefined,
  other: (row: LabelRow) => readonly string[],
): FinanceReach {
  const out: FinanceReach = { labelled: 0, reachable: 0, onlyOther: 0 };
  for (const row of rows) {
    if (row.unknown || !row.sectors.includes('financial-services')) continue;
    out.labelled++;
    const text = own(row);
    if (text !== undefined && financeWordIn(text)) out.reachable++;
    else if (other(row).some((t) => financeWordIn(t))) {
      out.reachable++;
      out.onlyOther++;
    }
  }
  return out;
}
