/**
 * What the two UK publications (OFSI's Consolidated List CSV, `gb-ofsi-conlist`, and the FCDO's UK
 * Sanctions List XML, `gb-fcdo-sanctions`) write the same way: `DD/MM/YYYY` dates with unknown
 * parts spelled `00` or `dd`/`mm`, enumerations written `(1) a (2) b`, and the names of the
 * sanctions measures.
 */
import { SourceError } from '../core/errors';
import type { Alias, PartialDate } from '../core/model';

/** Whitespace runs (line breaks included) → one space, trimmed. */
export function collapse(text: string | undefined): string {
  if (!text) return '';
  const trimmed = text.trim();
  return /[^\S ]| {2}/.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
}

const DAY_MONTH_YEAR = /^(\d{1,2}|00|dd)\/(\d{1,2}|00|mm)\/(\d{4})$/i;
const MONTH_YEAR = /^(\d{1,2})\/(\d{4})$/;
const YEAR = /^\d{4}$/;

function pad(n: string): string {
  return n.padStart(2, '0');
}

/**
 * A UK date at the precision the publisher gave, or `undefined` when the text is not a date:
 * `12/08/1970` → `1970-08-12`, `00/08/1970` and `dd/08/1970` → `1970-08`, `00/00/1994` and
 * `dd/mm/1994` → `1994`, `08/1970` → `1970-08`, `1994` → `1994`.
 */
export function ukPartialDate(text: string): PartialDate | undefined {
  const value = collapse(text);
  if (YEAR.test(value)) return value;
  const my = MONTH_YEAR.exec(value);
  if (my) {
    const [, month = '', year = ''] = my;
    return Number(month) >= 1 && Number(month) <= 12 ? `${year}-${pad(month)}` : undefined;
  }
  const dmy = DAY_MONTH_YEAR.exec(value);
  if (!dmy) return undefined;
  const [, day = '', month = '', year = ''] = dmy;
  const knownMonth = /^\d+$/.test(month) && Number(month) !== 0;
  const knownDay = /^\d+$/.test(day) && Number(day) !== 0;
  if (knownMonth && Number(month) > 12) return undefined;
  if (knownDay && Number(day) > 31) return undefined;
  if (!knownMonth) return knownDay ? undefined : year;
  if (!knownDay) return `${year}-${pad(month)}`;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/**
 * A date of birth. A value that is not a date (a publisher typo such as `15/08/19yy`) is kept
 * verbatim rather than dropped: the model allows qualified forms, and the analyst sees what the
 * publisher wrote.
 */
export function ukBirthDate(text: string): PartialDate | undefined {
  const value = collapse(text);
  if (!value) return undefined;
  return ukPartialDate(value) ?? value;
}

/** An administrative date (listed on, last updated): malformed → `SourceError`. */
export function ukAdminDate(
  source: string,
  text: string,
  field: string,
  record: string,
): PartialDate | undefined {
  const value = collapse(text);
  if (!value) return undefined;
  const date = ukPartialDate(value);
  if (!date) throw new SourceError(source, `${field} "${value}" is not a DD/MM/YYYY date`, record);
  return date;
}

/**
 * Splits an enumeration `(1) Russia (2) Ukraine` into its items (trailing `.`/`;`/`,` and the
 * publisher's `-` placeholder for an unknown item dropped); text without `(1)` is one item.
 */
export function enumerated(text: string | undefined): string[] {
  const value = collapse(text);
  if (!value) return [];
  const parts = /^\(1\)/.test(value) ? value.split(/\(\d{1,2}\)/) : [value];
  return parts.map((p) => p.trim().replace(/[\s.;,]+$/, '')).filter((p) => p !== '' && p !== '-');
}

/**
 * The publishers' wording of a measure → the model's lower-case phrase. Wording not listed here is
 * kept verbatim, lower-cased, never dropped.
 */
const MEASURE_WORDING: Readonly<Record<string, string>> = {
  'asset freeze': 'asset freeze',
  'travel ban': 'travel ban',
  'trust services': 'trust services sanctions',
  'trust services sanction': 'trust services sanctions',
  'trust services sanctions': 'trust services sanctions',
  'director disqualification': 'director disqualification sanction',
  'director disqualification sanction': 'director disqualification sanction',
  'director disqualification sanctions': 'director disqualification sanction',
  'arms embargo': 'arms embargo',
  'targeted arms embargo': 'targeted arms embargo',
  'transport sanction': 'transport sanctions',
  'transport sanctions': 'transport sanctions',
  'internet services sanctions': 'internet services sanctions',
  'correspondent banking relationships etc': 'correspondent banking relationships',
  'correspondent banking relationships': 'correspondent banking relationships',
  'loans and credit arrangements': 'loans and credit arrangements',
  'dealing with transferable securities or money-market instruments':
    'dealing with transferable securities or money-market instruments',
  'prohibition of port entry': 'prohibition of port entry',
  'port entry ban': 'prohibition of port entry',
  deflag: 'deflag',
  'chartering of ships': 'chartering of ships',
  'prevention of chartering of ships': 'prevention of chartering of ships',
  'prevention of chartering of ships and aircraft': 'prevention of chartering of ships and aircraft',
  'crew servicing of ships and aircraft': 'crew servicing of ships and aircraft',
  'closure of representative offices': 'closure of representative offices',
  'prevention of business arrangements': 'prevention of business arrangements',
  'technical assistance related to aircraft': 'technical assistance related to aircraft',
};

/** One measure as the publisher words it → the model's phrase (unknown wording kept, lower-cased). */
export function ukMeasure(text: string): string | undefined {
  const phrase = collapse(text)
    .toLowerCase()
    .replace(/[.;,\s]+$/, '');
  if (!phrase) return undefined;
  return MEASURE_WORDING[phrase] ?? phrase;
}

/**
 * The entry's name among its published names: the alphabetically first of those marked primary
 * (a few entries carry several, and row or element order must never change the choice), else the
 * first variation of the primary name (a few OFSI groups publish only variations).
 */
export function primaryName(names: readonly Alias[]): Alias | undefined {
  const sorted = [...names].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return sorted.find((a) => a.type === 'primary') ?? sorted.find((a) => a.type === 'other');
}
