/**
 * OFSI's `Other Information` cell: labelled facts `(Label):value` in one run of text, mixed with
 * free text. Every parenthesised label seen in the real ConList CSVs (2023-06-05 and 2025-04-14) is
 * listed in `LABELS` and mapped below. Three other `(…):` strings occur in them but are prose, not
 * labels, and stay in the free text: `Employer Identification Number (United States of America):`,
 * `resolution 2662 (2022):` and `Name (non-Latin script):`. `(УНН/ИНН):` occurs only inside a
 * `(Business Reg No)` value and stays part of it.
 *
 * Free text is also searched for the facts OFSI writes without brackets: `Sanctions imposed: …` and
 * `Financial sanctions imposed in addition to an asset freeze: …` (measures), `Linked To: …` and
 * `Listed as asset of X (OFSI ID: n, …)` (links) and `SWIFT/BIC: …`. What is left is `remarks`,
 * whitespace collapsed, so that OFSI's 2023 reformat (a `.` after the list reference, line
 * breaks) does not change it.
 */
import type { Identifier, Link } from '../core/model';
import { collapse, enumerated, ukMeasure } from './gb-common';

const LABELS = [
  'UK Sanctions List Ref',
  'UK Statement of Reasons',
  'UN Ref',
  'Consolidated List Group ID',
  'Gender',
  'Phone number',
  'Tel',
  'Fax',
  'Email address',
  'Website',
  'Type of entity',
  'Business Reg No',
  'Parent company',
  'Subsidiaries',
  'IMO number',
  'Flag of ship',
  'Previous flags',
  'Type of ship',
  'Tonnage of ship',
  'Length of ship',
  'Year built',
  'Current owners',
] as const;
type Label = (typeof LABELS)[number];

const LABEL_PATTERN = new RegExp(
  `\\((${LABELS.map((l) => l.replace(/[()]/g, '\\$&')).join('|')})\\)\\s*:`,
  'g',
);

/** Labels whose value is one token; the text after it is free text. */
const TOKEN_LABELS: ReadonlySet<Label> = new Set([
  'UK Sanctions List Ref',
  'UN Ref',
  'Consolidated List Group ID',
]);

/** Labels whose values are identifiers of this type (the label is kept on each). */
const IDENTIFIER_LABELS: Partial<Record<Label, Identifier['type']>> = {
  'Phone number': 'phone',
  Tel: 'phone',
  Fax: 'phone',
  'Email address': 'email',
  Website: 'website',
  'Business Reg No': 'registration',
  'IMO number': 'imo',
};

/** Labels whose values go to `attributes` under this key. */
const ATTRIBUTE_LABELS: Partial<Record<Label, string>> = {
  'Type of entity': 'entityKind',
  'Parent company': 'parentCompany',
  Subsidiaries: 'subsidiaries',
  'Flag of ship': 'vesselFlag',
  'Previous flags': 'vesselPreviousFlags',
  'Type of ship': 'vesselType',
  'Tonnage of ship': 'tonnage',
  'Length of ship': 'vesselLength',
  'Year built': 'vesselYearBuilt',
  'Current owners': 'vesselOwner',
};

export interface OtherInformation {
  attributes: Record<string, string[]>;
  identifiers: Identifier[];
  links: Link[];
  measures: string[];
  reasons?: string;
  gender?: string;
  remarks?: string;
}

function add(attributes: Record<string, string[]>, key: string, values: string[]): void {
  if (values.length === 0) return;
  const list = attributes[key] ?? [];
  list.push(...values);
  attributes[key] = list;
}

function withoutFinalStop(text: string): string {
  return collapse(text).replace(/[.\s]+$/, '');
}

/** Splits `a@b.c, d@e.f` / `(1) www.x (2) www.y` into single values. */
function contactValues(text: string): string[] {
  return enumerated(text)
    .flatMap((v) => v.split(/[\s,;]+/))
    .map((v) => v.replace(/[.,;]+$/, ''))
    .filter((v) => v !== '');
}

const IN_ADDITION = 'Financial sanctions imposed in addition to an asset freeze:';

/** Pulls the measures, links and SWIFT/BIC codes out of a piece of free text; returns the rest. */
function factsFromFreeText(text: string, out: OtherInformation): string {
  let rest = text;
  // `Financial sanctions imposed in addition to an asset freeze: Trust services. Loans and credit
  // arrangements. Date trust services sanctions imposed: 21/03/2023.`: the measures are the
  // sentences up to the first that starts with `Date` or is itself labelled (`…: …`).
  for (let at = rest.indexOf(IN_ADDITION); at >= 0; at = rest.indexOf(IN_ADDITION)) {
    out.measures.push('asset freeze');
    let tail = rest.slice(at + IN_ADDITION.length);
    for (;;) {
      const sentence = /^\s*([^.]+)(?:\.|$)/.exec(tail);
      const words = sentence?.[1];
      if (!sentence || !words || /^\s*Date\b/.test(words) || words.includes(':')) break;
      const measure = ukMeasure(words);
      if (measure) out.measures.push(measure);
      tail = tail.slice(sentence[0].length);
    }
    rest = `${rest.slice(0, at)} ${tail}`;
  }
  // `Sanctions imposed: Asset freeze, prohibition on correspondent banking and sterling clearing.`
  rest = rest.replace(/Sanctions imposed:([^.]*)\.?/g, (_w, list: string) => {
    for (const item of list.split(',')) {
      const m = ukMeasure(item);
      if (m) out.measures.push(m);
    }
    return ' ';
  });
  rest = rest.replace(
    /Listed as asset of ([^(]+?),?\s*\(?\s*-?\s*OFSI ID:\s*(\d+)[^)]*\)?/g,
    (_w, name: string, id: string) => {
      out.links.push({ id, name: collapse(name), relation: 'Listed as asset of' });
      return ' ';
    },
  );
  rest = rest.replace(/Linked To:\s*([^\n]+?)\s*(?=\n|$)/g, (_w, names: string) => {
    for (const name of names.split(/;|, (?=[A-Z])/)) {
      const n = withoutFinalStop(name);
      if (n) out.links.push({ name: n, relation: 'Linked To' });
    }
    return ' ';
  });
  rest = rest.replace(/SWIFT\/BIC:\s*([A-Z0-9]{8,11})\.?/g, (_w, code: string) => {
    out.identifiers.push({ type: 'swift-bic', value: code, label: 'SWIFT/BIC' });
    return ' ';
  });
  return rest;
}

/** Parses one `Other Information` cell. Pure; the caller caches by text. */
export function parseOtherInformation(text: string): OtherInformation {
  const out: OtherInformation = { attributes: {}, identifiers: [], links: [], measures: [] };
  const free: string[] = [];
  const matches = [...text.matchAll(LABEL_PATTERN)];
  free.push(text.slice(0, matches[0]?.index ?? text.length));
  matches.forEach((m, i) => {
    const label = m[1] as Label;
    const start = (m.index ?? 0) + m[0].length;
    let value = text.slice(start, matches[i + 1]?.index ?? text.length);
    if (TOKEN_LABELS.has(label)) {
      const token = /^\s*(\S*)/.exec(value)?.[1] ?? '';
      free.push(value.slice(value.indexOf(token) + token.length));
      value = token.replace(/[.,;:]+$/, '');
    }
    const one = withoutFinalStop(value);
    const ident = (type: Identifier['type'], values: string[]): void => {
      for (const v of values) out.identifiers.push({ type, value: v, label });
    };
    switch (label) {
      case 'UK Sanctions List Ref':
        add(out.attributes, 'listReference', one ? [one] : []);
        break;
      case 'UN Ref':
      case 'Consolidated List Group ID':
        ident('other', one ? [one] : []);
        break;
      case 'UK Statement of Reasons':
        out.reasons = collapse(value) || undefined;
        break;
      case 'Gender':
        out.gender = one || undefined;
        break;
      default: {
        const identifier = IDENTIFIER_LABELS[label];
        const attribute = ATTRIBUTE_LABELS[label];
        const values =
          identifier === 'email' || identifier === 'website' ? contactValues(value) : enumerated(value);
        if (identifier) ident(identifier, values);
        else if (attribute) add(out.attributes, attribute, values);
      }
    }
  });
  const remarks = free
    .map((piece) => factsFromFreeText(piece, out))
    .map(collapse)
    .filter((p) => p.replace(/[\s.,;:]/g, '') !== '')
    .map((p) => p.replace(/^[\s.,;:]+/, ''))
    .join(' ');
  out.remarks = collapse(remarks) || undefined;
  return out;
}
