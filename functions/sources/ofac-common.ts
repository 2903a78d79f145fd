/**
 * What OFAC's three list formats (sdn.xml, consolidated.xml, sdn.csv) share: the vocabulary of
 * "id" facts (`idType` in the XML, `Label value (Country)` facts in the CSV remarks), OFAC dates,
 * names and the `;`-separated remarks. Both the XML and the CSV parsers go through these functions,
 * so the same uid gives the same `Designation` from either format as far as the formats allow.
 */
import type { Designation, Identifier, IdentifierType } from '../core/model';

export const OFAC_PUBLISHER = 'US Treasury OFAC';

const MONTHS: Record<string, string> = {
  Jan: '01',
  Feb: '02',
  Mar: '03',
  Apr: '04',
  May: '05',
  Jun: '06',
  Jul: '07',
  Aug: '08',
  Sep: '09',
  Oct: '10',
  Nov: '11',
  Dec: '12',
};

/** `12 Aug 1970`, `Aug 1970`, `1970`: the whole text, nothing around it. */
const EXACT_DATE = /^(?:(?:(\d{1,2}) )?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) )?(\d{4})$/;

/**
 * OFAC dates to ISO partial dates at the publisher's precision: `12 Aug 1970` → `1970-08-12`,
 * `Aug 1970` → `1970-08`, `1970` stays; qualified forms keep their words (`circa 1958`,
 * `1960 to 1962`, `01 Jan 1960 to 31 Dec 1962` → `1960-01-01 to 1962-12-31`).
 */
export function ofacDate(text: string): string {
  // Most dates are exactly `12 Aug 1970`, `Aug 1970` or `1970`: read those without the replaces.
  const exact = EXACT_DATE.exec(text);
  if (exact) {
    const [, day, month, year] = exact;
    if (month === undefined) return year!;
    const mm = MONTHS[month]!;
    return day === undefined ? `${year}-${mm}` : `${year}-${mm}-${day.length === 1 ? `0${day}` : day}`;
  }
  return text
    .trim()
    .replace(/\.$/, '')
    .replace(
      /\b(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})\b/g,
      (_, d: string, m: string, y) => {
        return `${y}-${MONTHS[m]}-${d.padStart(2, '0')}`;
      },
    )
    .replace(
      /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})\b/g,
      (_, m: string, y) => `${y}-${MONTHS[m]}`,
    );
}

/** Publish_Date `MM/DD/YYYY` → `YYYY-MM-DD`; undefined when it is not in that form. */
export function ofacPublishDate(text: string | undefined): string | undefined {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec((text ?? '').trim());
  if (!m) return undefined;
  return `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
}

/** `lastName, firstName` as OFAC's CSV writes individuals; entities have only a last name. */
export function ofacName(lastName: string | undefined, firstName: string | undefined): string {
  return [lastName?.trim(), firstName?.trim()].filter((p) => p).join(', ');
}

/** Whether `text` is a non-empty run of ASCII digits (`/^\d+$/` without the regular expression): ids. */
export function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Programs joined by `] [` in the CSV (`SDGT] [IRGC`). */
export function splitPrograms(text: string): string[] {
  return text
    .split('] [')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** How one OFAC id label is mapped onto the designation. */
type IdRule =
  | { kind: 'identifier'; type: IdentifierType; attribute?: string }
  | { kind: 'attribute'; key: string; date?: boolean; withLabel?: boolean }
  | { kind: 'gender' }
  | { kind: 'country' };

const id = (type: IdentifierType, attribute?: string): IdRule =>
  attribute ? { kind: 'identifier', type, attribute } : { kind: 'identifier', type };
const attr = (key: string, date = false): IdRule => ({ kind: 'attribute', key, date });
/** Sanctions-regime facts are kept with their label: the label is half the meaning. */
const risk: IdRule = { kind: 'attribute', key: 'sanctionsRisk', withLabel: true };

/**
 * Every OFAC id label seen in the real files (the XML `idType` values and the labels of the CSV
 * remark facts), mapped explicitly. A label not in this table is kept as an identifier of type
 * `other` with its label (XML) or stays in the remarks (CSV, where it cannot be told from free text).
 */
export const OFAC_ID_TYPES: Readonly<Record<string, IdRule>> = {
  // Travel documents.
  Passport: id('passport'),
  'Passport No.:': id('passport'),
  'Passport Booklet': id('passport'),
  'Passport Booklet:': id('passport'),
  'Diplomatic Passport': id('passport'),
  'British National Overseas Passport': id('passport'),
  'Stateless Person Passport': id('passport'),
  'Travel Document Number': id('passport'),
  // Personal identity numbers.
  'National ID No.': id('national-id'),
  'National ID No.:': id('national-id'),
  'Identification Number': id('national-id'),
  'Cedula No.': id('national-id'),
  'C.U.R.P.': id('national-id'),
  'C.U.R.P. #': id('national-id'),
  'D.N.I.': id('national-id'),
  'Personal ID Card': id('national-id'),
  'National Foreign ID Number': id('national-id'),
  'Numero de Identidad': id('national-id'),
  "Citizen's Card Number": id('national-id'),
  'Turkish Identification Number': id('national-id'),
  'Kenyan ID No.': id('national-id'),
  'Tazkira National ID Card': id('national-id'),
  'Residency Number': id('national-id'),
  'Birth Certificate Number': id('national-id'),
  'Electoral Registry No.': id('national-id'),
  'Credencial electoral': id('national-id'),
  'Cartilla de Servicio Militar Nacional': id('national-id'),
  'I.F.E.': id('national-id'),
  SSN: id('national-id'),
  'Refugee ID Card': id('national-id'),
  'Stateless Person ID Card': id('national-id'),
  'CNP (Personal Numerical Code)': id('national-id'),
  'Bosnian Personal ID No.': id('national-id'),
  'Moroccan Personal ID No.': id('national-id'),
  'UAE Identification': id('national-id'),
  'Immigration No.': id('national-id'),
  'Public Security and Immigration No.': id('national-id'),
  "Driver's License No.": id('national-id'),
  'Pilot License Number': id('national-id'),
  "Seafarer's Identification Document": id('national-id'),
  VisaNumberID: id('national-id'),
  'Romanian Permanent Resident': id('national-id'),
  'N.I.E.': id('national-id'),
  'Temporary suspension of deportation No.': id('national-id'),
  // Tax numbers.
  'Tax ID No.': id('tax'),
  'R.F.C.': id('tax'),
  'R.F.C. #': id('tax'),
  RFC: id('tax'),
  'NIT #': id('tax'),
  'RUC #': id('tax'),
  'RIF #': id('tax'),
  'V.A.T. Number': id('tax'),
  'Italian Fiscal Code': id('tax'),
  'Italian Fiscal Code:': id('tax'),
  'Fiscal Code': id('tax'),
  'US FEIN': id('tax'),
  'C.U.I.T.': id('tax'),
  'C.U.I.': id('tax'),
  'C.U.I.P.': id('tax'),
  RTN: id('tax'),
  'C.I.F.': id('tax'),
  'Romanian Tax Registration': id('tax'),
  'Paraguayan tax identification number': id('tax'),
  'Numero Unico de Identificacao Tributaria (NUIT)': id('tax'),
  // Company and registry numbers.
  'Registration Number': id('registration'),
  'Registration ID': id('registration'),
  'Business Registration Number': id('registration'),
  'Business Registration Document #': id('registration'),
  'Company Number': id('registration'),
  'Company ID: No.': id('registration'),
  'UK Company Number': id('registration'),
  'Commercial Registry Number': id('registration'),
  'C.R. No.': id('registration'),
  'Romanian C.R.': id('registration'),
  'Folio Mercantil No.': id('registration'),
  'Matricula Mercantil No': id('registration'),
  'Government Gazette Number': id('registration'),
  'Trade License No.': id('registration'),
  'Tourism License No.': id('registration'),
  License: id('registration'),
  'Permit Number': id('registration'),
  'SRE Permit No.': id('registration'),
  'MSB Registration Number': id('registration'),
  'Afghan Money Service Provider License Number': id('registration'),
  'Legal Entity Number': id('registration'),
  'LE Number': id('registration'),
  'Unified Social Credit Code (USCC)': id('registration'),
  'United Social Credit Code Certificate (USCCC)': id('registration'),
  'Chamber of Commerce Number': id('registration'),
  'Dubai Chamber of Commerce Membership No.': id('registration'),
  'Istanbul Chamber of Comm. No.': id('registration'),
  'Economic Register Number (CBLS)': id('registration'),
  'D-U-N-S Number': id('registration'),
  'Public Registration Number': id('registration'),
  'Certificate of Incorporation Number': id('registration'),
  'Enterprise Number': id('registration'),
  'Business Number': id('registration'),
  'Central Registration System Number': id('registration'),
  'Registered Charity No.': id('registration'),
  'Branch Unit Number': id('registration'),
  'Organization Code': id('registration'),
  'File Number': id('registration'),
  // Financial identifiers.
  'SWIFT/BIC': id('swift-bic'),
  // The Russian bank identification code: a bank's routing code, the Russian counterpart of a BIC.
  'BIK (RU)': id('swift-bic'),
  ISIN: id('other'),
  'Equity Ticker': id('other'),
  'Issuer Name': id('other'),
  // Telegraph code of a Chinese name: an identifier of the name, not of a document.
  'Chinese Commercial Code': id('other'),
  // Contacts.
  Website: id('website'),
  'Email Address': id('email'),
  Email: id('email'),
  'Phone Number': id('phone'),
  'Phone No.': id('phone'),
  PHONE: id('phone'),
  Telephone: id('phone'),
  'Telephone No.': id('phone'),
  'Telephone:': id('phone'),
  'Telephone Number:': id('phone'),
  'Alt. Telephone:': id('phone'),
  Fax: id('phone'),
  'Fax No.': id('phone'),
  'Fax:': id('phone'),
  FAX: id('phone'),
  'Alt. Fax:': id('phone'),
  TELEX: id('phone'),
  // Vessels.
  'Vessel Registration Identification': id('imo'),
  'International Maritime Organization No.': id('imo'),
  MMSI: id('other'),
  'Vessel Year of Build': attr('vesselYearBuilt'),
  'Other Vessel Call Sign': attr('callSign'),
  'Other Vessel Type': attr('vesselType'),
  'Other Vessel Flag': attr('vesselFlag'),
  'Former Vessel Flag': attr('formerVesselFlag'),
  'Nationality of Registration': { kind: 'country' },
  // Aircraft.
  'Aircraft Tail Number': id('aircraft'),
  'Previous Aircraft Tail Number': id('aircraft'),
  "Aircraft Manufacturer's Serial Number (MSN)": id('aircraft', 'aircraftSerial'),
  'Aircraft Serial Identification': id('aircraft', 'aircraftSerial'),
  'Aircraft Mode S Transponder Code': id('aircraft'),
  'Aircraft Construction Number (also called L/N or S/N or F/N)': attr('aircraftConstructionNumber'),
  'Aircraft Model': attr('aircraftModel'),
  'Aircraft Operator': attr('aircraftOperator'),
  'Aircraft Manufacture Date': attr('aircraftManufactureDate', true),
  // Organisation facts.
  'Organization Type:': attr('organizationType'),
  'Target Type': attr('targetType'),
  'Organization Established Date': attr('establishedDate', true),
  Gender: { kind: 'gender' },
  'For more information, please see:': attr('moreInformation'),
  // Sanctions-regime facts.
  'Additional Sanctions Information -': risk,
  'Secondary sanctions risk:': risk,
  'Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions:': risk,
  'Executive Order 13662 Directive Determination -': risk,
  'Executive Order 13846 information:': risk,
  'Executive Order 14024 Directive Information -': risk,
  'Executive Order 14024 Directive Information': risk,
  'CAATSA Section 235 Information:': risk,
  'IFCA Determination -': risk,
  'Effective Date (CMIC)': risk,
  'Listing Date (CMIC)': risk,
  'Purchase/Sales For Divestment Date (CMIC)': risk,
};

/** Labels that follow a pattern rather than a fixed spelling. */
function patternRule(label: string): IdRule | undefined {
  if (/^Digital Currency Address - \S+$/.test(label)) return id('digital-currency');
  if (/^(Effective|Listing) Date \(EO 14024 Directive [^)]+\):$/.test(label)) return risk;
  return undefined;
}

export function idRule(label: string): IdRule | undefined {
  return OFAC_ID_TYPES[label] ?? patternRule(label);
}

function push(d: Designation, key: string, value: string): void {
  const list = d.attributes[key] ?? [];
  list.push(value);
  d.attributes[key] = list;
}

export interface IdFact {
  label: string;
  value: string;
  country?: string | undefined;
  issued?: string | undefined;
  expires?: string | undefined;
}

/**
 * Applies one id fact to the designation. Unknown labels become `other` identifiers with the label
 * kept, never dropped.
 */
export function applyIdFact(d: Designation, fact: IdFact): void {
  const rule = idRule(fact.label) ?? id('other');
  const { label, country } = fact;
  switch (rule.kind) {
    case 'gender':
      d.gender = fact.value;
      return;
    case 'country':
      d.countries.push(fact.value);
      return;
    case 'attribute': {
      let value = rule.date ? ofacDate(fact.value) : fact.value;
      if (country) value = `${value} (${country})`;
      push(d, rule.key, rule.withLabel ? `${label} ${value}` : value);
      return;
    }
    case 'identifier': {
      let type = rule.type;
      let value = fact.value.trim();
      // `Vessel Registration Identification IMO 9486910`, `Identification Number IMO 9339301`,
      // `Company Number IMO 1234567` (a ship owner's IMO company number): IMO numbers.
      const imo = value.startsWith('IMO ') ? /^IMO (\d+)$/.exec(value) : null;
      if (imo) {
        type = 'imo';
        value = imo[1]!;
      }
      let note = fact.issued ? `issued ${ofacDate(fact.issued)}` : '';
      if (fact.expires) note = `${note ? `${note}; ` : ''}expires ${ofacDate(fact.expires)}`;
      const identifier: Identifier = { type, value, label };
      if (country) identifier.country = country;
      if (note) identifier.note = note;
      d.identifiers.push(identifier);
      if (rule.attribute) push(d, rule.attribute, value);
      return;
    }
  }
}

/** Labels by first word, each list longest first so that `Passport Booklet` wins over `Passport`. */
const LABELS_BY_WORD = new Map<string, string[]>();
for (const label of Object.keys(OFAC_ID_TYPES).sort((a, b) => b.length - a.length)) {
  const word = label.split(' ')[0]!;
  LABELS_BY_WORD.set(word, [...(LABELS_BY_WORD.get(word) ?? []), label]);
}

/**
 * Reads a CSV remark fact as an id fact: `Passport X123 (Russia) issued 01 Jan 2010 expires
 * 01 Jan 2020` → label, value, country, dates. Undefined when no known label starts it.
 */
export function readIdFact(fact: string): IdFact | undefined {
  // Cheap prefix tests first: most facts start with none of the patterns' fixed text.
  const dca = fact.startsWith('Digital Currency Address - ') ? DCA.exec(fact) : null;
  let label: string | undefined;
  let rest: string;
  if (dca) {
    label = dca[1]!;
    rest = dca[2]!;
  } else {
    const space = fact.indexOf(' ');
    const candidates = LABELS_BY_WORD.get(space < 0 ? fact : fact.slice(0, space)) ?? [];
    // `${l} ` or the whole fact, without building a string per candidate.
    label = candidates.find(
      (l) => fact.startsWith(l) && (fact.length === l.length || fact.charCodeAt(l.length) === 32),
    );
    if (!label) {
      const eo =
        fact.startsWith('Effective Date (') || fact.startsWith('Listing Date (') ? EO.exec(fact) : null;
      if (!eo) return undefined;
      label = eo[1]!;
      rest = eo[2]!;
    } else {
      rest = fact.slice(label.length).trim();
    }
  }
  const rule = idRule(label);
  let issued: string | undefined;
  let expires: string | undefined;
  let country: string | undefined;
  if (rule?.kind === 'identifier') {
    // Each pattern is tried only when its fixed text is there.
    const exp = rest.includes(' expires ') ? EXPIRES.exec(rest) : null;
    if (exp) {
      expires = exp[1];
      rest = rest.slice(0, exp.index);
    }
    const iss = rest.includes(' issued ') ? ISSUED.exec(rest) : null;
    if (iss) {
      issued = iss[1];
      rest = rest.slice(0, iss.index);
    }
    const c = rest.endsWith(')') ? COUNTRY.exec(rest) : null;
    if (c) {
      country = c[1];
      rest = rest.slice(0, c.index);
    }
  }
  return { label, value: rest.trim(), country, issued, expires };
}

const EXPIRES = / expires ([^()]+)$/;
const ISSUED = / issued ([^()]+)$/;
const COUNTRY = / \(([^()]+)\)$/;
const DCA = /^(Digital Currency Address - \S+) (.+)$/;
const EO = /^((?:Effective|Listing) Date \(EO 14024 Directive [^)]+\):) ?(.*)$/;
const ALIAS = /^([afn])\.k\.a\. '(.*)'$/;
const LINKED = /^Linked To: (.+)$|^\(Linked To: (.+)\)$/;

/** Splits remarks into `; `-separated facts. */
export function remarkFacts(remarks: string): string[] {
  // One pass, as `remarks.trim().split(/;\s+/)` with each piece trimmed and empty ones dropped.
  const text = remarks.trim();
  const facts: string[] = [];
  let start = 0;
  let at = text.indexOf(';');
  while (at >= 0) {
    let end = at + 1;
    while (end < text.length && isSpace(text.charCodeAt(end))) end++;
    if (end > at + 1) {
      const fact = text.slice(start, at).trim();
      if (fact !== '') facts.push(fact);
      start = end;
    }
    at = text.indexOf(';', end);
  }
  const fact = text.slice(start).trim();
  if (fact !== '') facts.push(fact);
  return facts;
}

/** What `\s` matches in a regular expression (WhiteSpace and LineTerminator). */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * The remarks end with a full stop, which OFAC does not double when the last fact already ends
 * with one (`Linked To: KPD S.A.`). A final `Linked To` keeps its dot when a listed name has it.
 */
function dropClosingStop(fact: string, listedNames: ReadonlySet<string>): string {
  if (!fact.endsWith('.')) return fact;
  const linked = /^(?:alt\. )?Linked To: (.+)$/.exec(fact);
  return linked && listedNames.has(linked[1]!) ? fact : fact.slice(0, -1);
}

/**
 * Applies `;`-separated OFAC remarks to the designation: DOB, POB, nationality, citizen, weak
 * aliases (`a.k.a. 'X'`), `Linked To: X` (CSV) or `(Linked To: X)` (XML), every known id label;
 * what is left is free text and becomes `remarks`. `title` facts repeat the title column and are
 * dropped as such. `listedNames` (the publication's primary names) settle the closing full stop.
 */
export function applyRemarks(
  d: Designation,
  remarks: string | undefined,
  titles: readonly string[],
  listedNames: ReadonlySet<string> = new Set(),
): void {
  if (!remarks) return;
  const rest: string[] = [];
  const facts = remarkFacts(remarks);
  const last = facts.length - 1;
  if (last >= 0) facts[last] = dropClosingStop(facts[last]!, listedNames);
  for (const raw of facts) {
    const fact = raw.startsWith('alt. ') ? raw.slice(5) : raw;
    if (titles.includes(raw)) continue; // the Title column, repeated in the remarks
    if (fact.startsWith('DOB ')) {
      d.birthDates.push(ofacDate(fact.slice(4)));
      continue;
    }
    if (fact.startsWith('POB ')) {
      d.birthPlaces.push(fact.slice(4));
      continue;
    }
    if (fact.startsWith('nationality ')) {
      d.nationalities.push(fact.slice(12));
      continue;
    }
    if (fact.startsWith('citizen ')) {
      d.nationalities.push(fact.slice(8));
      continue;
    }
    // The patterns are tried only once the cheap prefixes have not matched.
    // (`x.k.a. '…'` has a full stop second; a link starts `Linked To: ` or `(Linked To: `.)
    const alias = fact.charCodeAt(1) === 46 ? ALIAS.exec(fact) : null;
    const linked =
      alias || !(fact.startsWith('Linked To: ') || fact.startsWith('(Linked To: '))
        ? null
        : LINKED.exec(fact);
    if (alias) d.aliases.push({ name: alias[2]!, type: `${alias[1]}ka` as 'aka', quality: 'weak' });
    else if (linked) d.links.push({ name: (linked[1] ?? linked[2])!, relation: 'Linked To' });
    else {
      const idFact = readIdFact(fact);
      if (idFact) applyIdFact(d, idFact);
      else rest.push(raw);
    }
  }
  if (rest.length) d.remarks = rest.join('; ');
}
