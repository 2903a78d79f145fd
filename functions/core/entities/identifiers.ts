/**
 * Strong identifiers of a designation (pure): the values that name one entity and no other, keyed
 * so that the same number published by two lists in different words gives the same key.
 * - registration and tax numbers (OGRN, INN, `Business Reg No`, `Registration Number`,
 *   `Tax ID No.`, …): one key space `regtax`, because OFSI writes INN and OGRN in one
 *   `Business Reg No` cell while OFAC lists them as `Tax ID No.` and `Registration Number`; every
 *   number with at least 5 digits in the value is a key, KPP codes (shared by many companies) are not;
 * - IMO numbers (vessels, and OFAC's ship-owner `Company Number IMO …`);
 * - SWIFT/BIC (the 8-character institution code); Russian BIK numbers;
 * - passports and national ids (at least 6 characters with 4 digits), with their country;
 * - digital-currency addresses (0x addresses case-insensitive);
 * - UN reference numbers (`UN Ref` on UK lists, the UN list's own reference, the EU's UN id).
 */
import type { Designation, Identifier } from '../model';
import { normalizeCountry } from './names';

export type StrongIdKind =
  | 'regtax'
  | 'imo'
  | 'swift-bic'
  | 'bik'
  | 'passport'
  | 'national-id'
  | 'crypto'
  | 'un-ref';

export interface StrongId {
  kind: StrongIdKind;
  /** The value in its compared form (upper case, separators removed). */
  value: string;
  /** What the value is, in words, for the `match` of a link: `registration number`, `tax number (INN)`. */
  field: string;
  /** Normalised country when the publisher gives one for this identifier. */
  country?: string;
}

/** `kind:value`: the key two entries must share to be linked by identifier. */
export function strongIdKey(id: Pick<StrongId, 'kind' | 'value'>): string {
  return `${id.kind}:${id.value}`;
}

/** Digit groups written with spaces or commas (`1 149 102 007 933`, `454,419,759`) joined. */
function joinDigitGroups(text: string): string {
  return text.replace(/(\d)[ ,](?=\d{3}(?!\d))/g, '$1');
}

const TAX_WORDS = /\b(INN|TIN|TAX|TAXPAYER|VAT|V\.A\.T|R\.F\.C|RFC|NIT|RUC|RIF|FEIN|FISCAL|C\.U\.I)/;

function regtaxField(ident: Identifier, before: string): string {
  const words = before.toUpperCase();
  if (/OGRN/.test(words)) return 'registration number (OGRN)';
  if (/\bINN\b/.test(words)) return 'tax number (INN)';
  if (ident.type === 'tax' || TAX_WORDS.test(words)) return 'tax number';
  return 'registration number';
}

/** Registration and tax numbers in one identifier's value: each token with 5+ digits, KPP codes left out. */
function regtaxIds(ident: Identifier, country: string | undefined): StrongId[] {
  const text = joinDigitGroups(ident.value.toUpperCase());
  const out: StrongId[] = [];
  const tokens = [...text.matchAll(/[A-Z0-9]+(?:[-.][A-Z0-9]+)*/g)];
  const hasInn = tokens.some((t) => /^\d{10}$/.test(t[0]));
  for (const t of tokens) {
    const value = t[0].replace(/[-.]/g, '');
    const digits = value.replace(/\D/g, '').length;
    if (digits < 5 || value.length < 6) continue;
    const before = text.slice(Math.max(0, t.index - 40), t.index);
    const lastWords = before.split(/[,;]/).pop() ?? '';
    // KPP (Russian tax registration reason code): shared by many companies, never an identity.
    if (/KPP/.test(lastWords) || (hasInn && /^\d{4}0[01]\d{3}$/.test(value) && /\//.test(before.slice(-1))))
      continue;
    out.push({
      kind: 'regtax',
      value,
      field: regtaxField(ident, `${ident.label ?? ''} ${lastWords}`),
      ...(country ? { country } : {}),
    });
  }
  return out;
}

function compact(value: string): string {
  return value.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

function personalId(
  ident: Identifier,
  kind: 'passport' | 'national-id',
  country: string | undefined,
): StrongId[] {
  const value = compact(ident.value);
  if (value.length < 6 || value.replace(/\D/g, '').length < 4) return [];
  const field = kind === 'passport' ? 'passport' : 'national id';
  return [{ kind, value, field, ...(country ? { country } : {}) }];
}

/** The strong identifiers of one identifier as published. */
export function strongIdsOf(ident: Identifier): StrongId[] {
  const country = ident.country ? normalizeCountry(ident.country) : undefined;
  switch (ident.type) {
    case 'registration':
    case 'tax':
      return regtaxIds(ident, country);
    case 'imo': {
      const value = compact(ident.value).replace(/^IMO/, '');
      return /^\d{7}$/.test(value) ? [{ kind: 'imo', value, field: 'IMO number' }] : [];
    }
    case 'swift-bic': {
      const value = compact(ident.value);
      if (/^\d{9}$/.test(value)) return [{ kind: 'bik', value, field: 'BIK' }];
      return /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(value)
        ? [{ kind: 'swift-bic', value: value.slice(0, 8), field: 'SWIFT/BIC' }]
        : [];
    }
    case 'passport':
      return personalId(ident, 'passport', country);
    case 'national-id':
      return personalId(ident, 'national-id', country);
    case 'digital-currency': {
      const raw = ident.value.trim();
      const value = /^0x[0-9a-f]+$/i.test(raw) ? raw.toLowerCase() : raw;
      return value.length >= 20 ? [{ kind: 'crypto', value, field: 'digital currency address' }] : [];
    }
    case 'other':
      if (/^UN Ref/i.test(ident.label ?? '')) {
        const value = compact(ident.value);
        return value ? [{ kind: 'un-ref', value, field: 'UN reference' }] : [];
      }
      return [];
    default:
      return [];
  }
}

/** Every strong identifier of a designation, de-duplicated by key (the first field named wins). */
export function strongIdentifiers(d: Designation): StrongId[] {
  const all = d.identifiers.flatMap(strongIdsOf);
  // The UN list's own reference number, and the EU's record of it.
  const unRefs = d.source.startsWith('un-')
    ? (d.attributes.listReference ?? [])
    : (d.attributes.unReference ?? []);
  for (const r of unRefs) {
    const value = compact(r);
    if (value) all.push({ kind: 'un-ref', value, field: 'UN reference' });
  }
  const seen = new Map<string, StrongId>();
  for (const id of all) if (!seen.has(strongIdKey(id))) seen.set(strongIdKey(id), id);
  return [...seen.values()];
}
