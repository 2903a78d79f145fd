/**
 * Shared by every renderer: escaping, one-line sanitising of list data, labels, counts and the
 * grouping of changes by sector and kind. Everything that comes from a publication or a feed is
 * list data and goes through these helpers before it reaches HTML, Slack or a header.
 */
import {
  type ChangeKind,
  type Evidence,
  type FieldChange,
  SECTORS,
  type Sector,
  type SectorTag,
} from '../core/changes';
import type { Alert } from '../dispatch/match';

export type AlertChange = Alert['changes'][number];

/** HTML text and attribute escaping (`&`, `<`, `>`, `"`, `'`). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Slack mrkdwn escaping: `&`, `<`, `>` (so `<!channel>` or `<@U123>` in list data stays inert). */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// C0, DEL, C1 controls, line/paragraph separators, bidi overrides and isolates, BOM.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]+/g;

/** One line of list data: control characters and line breaks become spaces, runs of spaces one. */
export function oneLine(text: string): string {
  return text.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
}

/** Cuts `text` to at most `max` characters (code points, never splitting a surrogate pair) with `…`. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars
    .slice(0, Math.max(0, max - 1))
    .join('')
    .trimEnd()}…`;
}

/** A URL safe to put in an `href` or a Slack link: http(s) only, else undefined. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url.trim());
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    if (u.username || u.password) return undefined;
    return u.href;
  } catch {
    return undefined;
  }
}

export const KIND_LABEL: Record<ChangeKind, string> = {
  added: 'Added',
  removed: 'Removed',
  amended: 'Amended',
};
export const KINDS: readonly ChangeKind[] = ['added', 'removed', 'amended'];
export const UNCLASSIFIED = 'unclassified';
export type SectorGroupKey = Sector | typeof UNCLASSIFIED;

const SECTOR_TITLE: Partial<Record<SectorGroupKey, string>> = {
  'financial-services': 'Financial services',
  defence: 'Defence',
  unclassified: 'No sector identified',
};

/** `financial-services` → `Financial services`. */
export function sectorLabel(sector: SectorGroupKey): string {
  return SECTOR_TITLE[sector] ?? sector.charAt(0).toUpperCase() + sector.slice(1).replace(/-/g, ' ');
}

export const ENTITY_LABEL: Record<string, string> = {
  individual: 'Individual',
  entity: 'Entity',
  vessel: 'Vessel',
  aircraft: 'Aircraft',
};

export interface Counts {
  added: number;
  removed: number;
  amended: number;
  notices: number;
}

export function countAlert(alert: Pick<Alert, 'changes' | 'notices'>): Counts {
  const c: Counts = { added: 0, removed: 0, amended: 0, notices: alert.notices.length };
  for (const change of alert.changes) c[change.kind] += 1;
  return c;
}

/** `52 added, 2 amended` / `1 notice`; `no changes` when empty. */
export function countsPhrase(c: Counts): string {
  const parts: string[] = [];
  if (c.added) parts.push(`${c.added} added`);
  if (c.removed) parts.push(`${c.removed} removed`);
  if (c.amended) parts.push(`${c.amended} amended`);
  if (c.notices) parts.push(`${c.notices} notice${c.notices === 1 ? '' : 's'}`);
  return parts.length ? parts.join(', ') : 'no changes';
}

/** Sectors of the alert, most frequent first (ties in taxonomy order). */
export function topSectors(alert: Pick<Alert, 'changes' | 'notices'>, max: number): Sector[] {
  const count = new Map<Sector, number>();
  for (const item of [...alert.changes, ...alert.notices]) {
    for (const s of new Set(item.sectors.map((t) => t.sector))) count.set(s, (count.get(s) ?? 0) + 1);
  }
  return [...count.entries()]
    .sort((a, b) => b[1] - a[1] || SECTORS.indexOf(a[0]) - SECTORS.indexOf(b[0]))
    .slice(0, max)
    .map(([s]) => s);
}

export interface KindGroup {
  kind: ChangeKind;
  changes: AlertChange[];
}
export interface SectorGroup {
  sector: SectorGroupKey;
  kinds: KindGroup[];
  total: number;
}

/**
 * Changes grouped by their first (strongest) sector, in taxonomy order, unclassified last; within a
 * sector by kind (added, removed, amended), then by name. Each change appears once.
 */
export function groupBySectorAndKind(changes: readonly AlertChange[]): SectorGroup[] {
  const bySector = new Map<SectorGroupKey, AlertChange[]>();
  for (const c of changes) {
    const key: SectorGroupKey = c.sectors[0]?.sector ?? UNCLASSIFIED;
    const list = bySector.get(key) ?? [];
    list.push(c);
    bySector.set(key, list);
  }
  const order: SectorGroupKey[] = [...SECTORS, UNCLASSIFIED];
  return order
    .filter((s) => bySector.has(s))
    .map((sector) => {
      const list = bySector.get(sector) ?? [];
      const kinds = KINDS.map((kind) => ({
        kind,
        changes: list
          .filter((c) => c.kind === kind)
          .sort((a, b) => a.name.localeCompare(b.name, 'en') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      })).filter((g) => g.changes.length > 0);
      return { sector, kinds, total: list.length };
    });
}

/** A field change's before/after value as short text (lists joined by `; `, objects as `key: value`). */
export function valueText(value: unknown, max = 300): string {
  const text = (v: unknown): string => {
    if (v === null || v === undefined) return '—';
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (Array.isArray(v)) return v.map(text).join('; ');
    if (typeof v === 'object') {
      return Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined && x !== null && !(Array.isArray(x) && x.length === 0))
        .map(([k, x]) => `${k}: ${text(x)}`)
        .join(', ');
    }
    return String(v);
  };
  return truncate(oneLine(text(value)), max);
}

/** Singular, readable names of the model's fields (`aliases` → `alias`); others are de-camel-cased. */
const FIELD_LABEL: Record<string, string> = {
  name: 'name',
  entityType: 'entity type',
  aliases: 'alias',
  nonLatinNames: 'non-Latin name',
  regimes: 'regime',
  listedOn: 'listed on',
  lastUpdated: 'last updated',
  birthDates: 'date of birth',
  birthPlaces: 'place of birth',
  nationalities: 'nationality',
  countries: 'country',
  addresses: 'address',
  identifiers: 'identifier',
  positions: 'position',
  titles: 'title',
  measures: 'measure',
  remarks: 'remarks',
  reasons: 'statement of reasons',
  links: 'link',
  gender: 'gender',
};

/** `aliases` → `alias`, `attributes.vesselFlag` → `vessel flag`, `unmapped.X/Y` kept as is. */
export function fieldLabel(field: string): string {
  const known = FIELD_LABEL[field];
  if (known) return known;
  const attr = /^attributes\.(.+)$/.exec(field)?.[1];
  if (attr) return attr.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return field;
}

/**
 * One item of a list-valued field as a reader writes it: an alias by its name (with its type when it
 * is not a plain a.k.a.), an address by its lines, city, region, postcode and country, an
 * identifier as `type value (country)`, a link as `relation name (id)`.
 */
function itemText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'object' || Array.isArray(value)) return valueText(value, 100_000);
  const v = value as Record<string, unknown>;
  const str = (x: unknown) => (typeof x === 'string' && x !== '' ? x : undefined);
  if (Array.isArray(v.lines) || 'city' in v || 'postalCode' in v) {
    const parts = [
      ...(Array.isArray(v.lines) ? v.lines.map(String) : []),
      str(v.city),
      str(v.region),
      str(v.postalCode),
      str(v.country),
    ].filter((x): x is string => x !== undefined && x !== '');
    return parts.length ? parts.join(', ') : valueText(v, 100_000);
  }
  if (str(v.value) !== undefined) {
    const kind = str(v.label) ?? str(v.type);
    const country = str(v.country);
    return `${kind ? `${kind} ` : ''}${v.value as string}${country ? ` (${country})` : ''}`;
  }
  if (str(v.relation) !== undefined && str(v.name) !== undefined) {
    return `${v.relation as string} ${v.name as string}${str(v.id) ? ` (${v.id as string})` : ''}`;
  }
  if (str(v.name) !== undefined) {
    const type = str(v.type);
    const extra = [type && type !== 'aka' && type !== 'primary' ? type : undefined, str(v.script)].filter(
      Boolean,
    );
    return `${v.name as string}${extra.length ? ` (${extra.join(', ')})` : ''}`;
  }
  return valueText(v, 100_000);
}

/** Canonical key of an item, to tell which items of a list were added and which removed. */
function itemKey(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(itemKey).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${itemKey(x)}`).join(',')}}`;
}

const isEmpty = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * A field change as readable lines (plain text, one line each, not escaped — each renderer escapes
 * for its medium): `alias added: EXAMPLEV, Petr`, `address removed: 1 Main St, Moscow, Russia`,
 * `date of birth changed: 1970 → 1970-08-01`, `remarks changed: … → …`. List fields give one line
 * per item added or removed; a list where one plain value replaced another reads as `changed`.
 * Shared by the emails, Slack, our Atom feed and `history`.
 */
export function fieldChangeLines(f: FieldChange, max = 300): string[] {
  const label = fieldLabel(oneLine(f.field));
  const line = (text: string) => truncate(oneLine(text), max);
  const show = (v: unknown) => truncate(oneLine(itemText(v)), Math.max(20, Math.floor(max / 2)));
  if (Array.isArray(f.before) || Array.isArray(f.after)) {
    const before = Array.isArray(f.before) ? f.before : isEmpty(f.before) ? [] : [f.before];
    const after = Array.isArray(f.after) ? f.after : isEmpty(f.after) ? [] : [f.after];
    const had = new Set(before.map(itemKey));
    const has = new Set(after.map(itemKey));
    const removed = before.filter((v) => !has.has(itemKey(v)));
    const added = after.filter((v) => !had.has(itemKey(v)));
    if (removed.length === 0 && added.length === 0) return [line(`${label} reordered`)];
    const plain = (v: unknown) => v === null || typeof v !== 'object';
    if (removed.length === 1 && added.length === 1 && plain(removed[0]) && plain(added[0])) {
      return [line(`${label} changed: ${show(removed[0])} → ${show(added[0])}`)];
    }
    return [
      ...added.map((v) => line(`${label} added: ${show(v)}`)),
      ...removed.map((v) => line(`${label} removed: ${show(v)}`)),
    ];
  }
  if (isEmpty(f.before)) return [line(`${label} added: ${show(f.after)}`)];
  if (isEmpty(f.after)) return [line(`${label} removed: ${show(f.before)}`)];
  return [line(`${label} changed: ${show(f.before)} → ${show(f.after)}`)];
}

/** The readable lines of a change's material field changes (see `fieldChangeLines`). */
export function materialFieldLines(change: Pick<AlertChange, 'fields'>, max = 300): string[] {
  return change.fields.filter((f) => f.material).flatMap((f) => fieldChangeLines(f, max));
}

/** `Individual · RUSSIA-EO14024, UKRAINE-EO13660` — plain text, not escaped. */
export function entryFacts(change: AlertChange): string {
  const parts = [ENTITY_LABEL[change.entityType] ?? change.entityType];
  if (change.regimes.length) parts.push(truncate(oneLine(change.regimes.join(', ')), 200));
  return parts.join(' · ');
}

/** A sector with the strength of its evidence, as chips and lists show it: `Oil (stated)`. */
export function sectorWithStrength(tag: Pick<SectorTag, 'sector' | 'strength'>): string {
  return `${sectorLabel(tag.sector)} (${tag.strength})`;
}

/**
 * The short title of each source, as subjects and Slack headers use it (the README's
 * `OFAC SDN: 52 added, 2 amended — financial-services, shipping`). Kept here, keyed by source id,
 * so that the source definitions stay untouched; a source missing here falls back to its title.
 */
export const SHORT_SOURCE_TITLE: Readonly<Record<string, string>> = {
  'us-ofac-sdn': 'OFAC SDN',
  'us-ofac-sdn-csv': 'OFAC SDN',
  'us-ofac-consolidated': 'OFAC non-SDN',
  'gb-fcdo-sanctions': 'UK sanctions list',
  'gb-ofsi-conlist': 'OFSI ConList',
  'eu-fsf': 'EU FSF',
  'un-sc-consolidated': 'UN SC',
  'us-ofac-recent-actions': 'OFAC recent actions',
  'gb-ofsi-notices': 'OFSI notices',
  'eu-council-sanctions': 'EU Council',
  'un-sc-press': 'UN SC press',
};

export function shortSourceTitle(sourceId: string, fallback: string): string {
  return SHORT_SOURCE_TITLE[sourceId] ?? fallback;
}

/** Longest email subject (characters): short enough to read whole in a mail client's list. */
export const MAX_SUBJECT = 80;

/**
 * The subject line of an alert: `OFAC SDN: 52 added, 2 amended — financial-services, shipping`, at
 * most `max` characters. The top three sectors follow the counts; when they do not fit, sectors are
 * dropped from the end and `…` marks the cut (`… — financial-services, …`); the source title and
 * counts are cut only when they alone are too long.
 */
export function alertTitle(
  sourceTitle: string,
  alert: Pick<Alert, 'changes' | 'notices'>,
  max = MAX_SUBJECT,
): string {
  const sectors = topSectors(alert, 3);
  const head = truncate(`${oneLine(sourceTitle)}: ${countsPhrase(countAlert(alert))}`, max);
  for (let n = sectors.length; n > 0; n--) {
    const list =
      sectors
        .slice(0, n)
        .map((x) => sectorLabel(x).toLowerCase())
        .join(', ') + (n < sectors.length ? ', …' : '');
    const title = `${head} — ${list}`;
    if (Array.from(title).length <= max) return title;
  }
  return sectors.length && Array.from(`${head} — …`).length <= max ? `${head} — …` : head;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A date or timestamp as a reader writes it, with the time zone: `3 May 2024, 10:15 UTC` for an
 * ISO timestamp, `3 May 2024` for a date; anything else (partial dates, `circa 1958`) unchanged.
 */
export function humanDate(value: string | undefined): string {
  if (!value) return '—';
  const text = oneLine(value);
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (date) return `${Number(date[3])} ${MONTHS[Number(date[2]) - 1] ?? date[2]} ${date[1]}`;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return text;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return text;
  const d = new Date(ms);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${hh}:${mm} UTC`;
}

/** What each kind means for the reader, as pages and alerts say it. */
export const KIND_MEANING: Record<ChangeKind | 'notice', string> = {
  added:
    'Added: the measures (usually an asset freeze) apply from publication; check your customers and counterparties.',
  removed:
    'Removed: the designation ended; the measures under this list no longer apply to this entry (other lists may still name it).',
  amended:
    'Amended: details of an existing designation changed (names, identifiers, addresses…); re-screen against the new details.',
  notice: 'Notice: an official announcement; the list itself may change later.',
};

const IDENTIFIER_LABEL: Record<string, string> = {
  imo: 'IMO',
  'swift-bic': 'SWIFT/BIC',
  registration: 'Registration no.',
  tax: 'Tax no.',
  passport: 'Passport',
  'national-id': 'National id',
  aircraft: 'Aircraft',
  'digital-currency': 'Digital currency',
};

/**
 * The facts a screener matches on, plain text: identifiers (IMO, SWIFT/BIC, registration and tax
 * numbers, passports…; websites, emails and phones left out), dates of birth, nationalities. From
 * the change's subject (the entry as published); empty when the batch predates it.
 */
export function identifierFacts(change: AlertChange, max = 8): string[] {
  const s = change.subject;
  if (!s) return [];
  const ids = (s.typedIdentifiers ?? [])
    .filter((i) => !['website', 'email', 'phone'].includes(i.type))
    .map((i) => `${IDENTIFIER_LABEL[i.type] ?? i.label ?? i.type} ${i.value}`);
  const out = ids.slice(0, max).map((x) => truncate(oneLine(x), 120));
  if (ids.length > max) out.push(`+${ids.length - max} more identifiers`);
  if (s.birthDates?.length) out.push(`DOB ${truncate(oneLine(s.birthDates.join(', ')), 120)}`);
  if (s.nationalities?.length) out.push(`Nationality ${truncate(oneLine(s.nationalities.join(', ')), 120)}`);
  return out;
}

/**
 * Where one piece of evidence was found, as text (not escaped): the field and the quoted text, or,
 * for `cross-list` evidence, the other list's entry and how it matched.
 */
export function evidenceSource(e: Evidence, max: number): string {
  const quoted = `“${truncate(oneLine(e.text), max)}”`;
  if (e.strength !== 'cross-list') return `${fieldLabel(e.field)} ${quoted}`;
  return `the same entity on another list ${quoted}${e.matched ? `, matched on ${truncate(oneLine(e.matched), max)}` : ''}`;
}

/** The evidence of each sector in one line: `Shipping: vessel type “Crude Oil Tanker”; Oil: …`. */
export function evidenceLine(tags: readonly AlertChange['sectors'][number][], max = 600): string {
  return truncate(
    oneLine(
      tags
        .map(
          (t) =>
            `${sectorLabel(t.sector)}: ${t.evidence
              .slice(0, 2)
              .map(
                (e) =>
                  `${evidenceSource(e, 120)}${e.inheritedFrom && e.strength !== 'cross-list' ? ` (from ${oneLine(e.inheritedFrom)})` : ''}`,
              )
              .join(', ')}`,
        )
        .join('; '),
    ),
    max,
  );
}

/** What a subscriber asked for, for ordering changes by relevance (all optional). */
export interface RelevanceFilters {
  sectors?: readonly string[];
  regimes?: readonly string[];
  countries?: readonly string[];
  watch?: readonly string[];
  entityTypes?: readonly string[];
}

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * How closely a change fits the subscriber's filters: a watched name or identifier counts most, then
 * a chosen sector, regime, country or entity type; a material change before a cosmetic one.
 */
export function relevance(change: AlertChange, f: RelevanceFilters | undefined): number {
  let score = change.material ? 1 : 0;
  if (!f) return score;
  const hay = fold(
    [change.name, ...(change.subject?.aliases ?? []), ...(change.subject?.identifiers ?? [])].join(' | '),
  );
  if (f.watch?.some((w) => hay.includes(fold(w)))) score += 16;
  if (f.sectors?.some((s) => change.sectors.some((t) => t.sector === s))) score += 8;
  if (f.regimes?.some((r) => change.regimes.some((x) => x.toLowerCase() === r.toLowerCase()))) score += 4;
  if (f.countries?.some((c) => (change.subject?.countries ?? []).some((x) => fold(x) === fold(c))))
    score += 2;
  if (f.entityTypes?.includes(change.entityType)) score += 2;
  return score;
}

const KIND_ORDER: Record<ChangeKind, number> = { added: 0, amended: 1, removed: 2 };

/** Changes most relevant first; then added, amended, removed; then by name and id. Each once. */
export function orderByRelevance(changes: readonly AlertChange[], f?: RelevanceFilters): AlertChange[] {
  return changes
    .map((c) => ({ c, r: relevance(c, f) }))
    .sort(
      (a, b) =>
        b.r - a.r ||
        KIND_ORDER[a.c.kind] - KIND_ORDER[b.c.kind] ||
        a.c.name.localeCompare(b.c.name, 'en') ||
        (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0),
    )
    .map((x) => x.c);
}

/** Counts per kind × sector (a change counts once in each of its sectors; `total` counts it once). */
export interface SummaryMatrix {
  sectors: SectorGroupKey[];
  rows: { kind: ChangeKind; counts: number[]; total: number }[];
}

export function summaryMatrix(changes: readonly AlertChange[], maxSectors = 6): SummaryMatrix {
  const bySector = new Map<SectorGroupKey, number>();
  for (const c of changes) {
    const keys: SectorGroupKey[] = c.sectors.length
      ? [...new Set(c.sectors.map((t) => t.sector))]
      : [UNCLASSIFIED];
    for (const k of keys) bySector.set(k, (bySector.get(k) ?? 0) + 1);
  }
  const order: SectorGroupKey[] = [...SECTORS, UNCLASSIFIED];
  const sectors = [...bySector.entries()]
    .filter(([k]) => k !== UNCLASSIFIED)
    .sort((a, b) => b[1] - a[1] || order.indexOf(a[0]) - order.indexOf(b[0]))
    .slice(0, maxSectors)
    .map(([k]) => k);
  if (bySector.has(UNCLASSIFIED)) sectors.push(UNCLASSIFIED);
  const rows = KINDS.map((kind) => {
    const of = changes.filter((c) => c.kind === kind);
    return {
      kind,
      total: of.length,
      counts: sectors.map(
        (s) =>
          of.filter((c) =>
            s === UNCLASSIFIED ? c.sectors.length === 0 : c.sectors.some((t) => t.sector === s),
          ).length,
      ),
    };
  }).filter((r) => r.total > 0);
  return { sectors, rows };
}

/** Our page of a batch (`<base>/changes/<source>/<key>`), optionally of one entry. */
export function batchPageUrl(
  siteUrl: string | undefined,
  batchId: string,
  entry?: string,
): string | undefined {
  if (!siteUrl) return undefined;
  const i = batchId.indexOf(':');
  // A digest's merged alert (`digest:<hash>`) has no page of its own.
  if (i <= 0 || batchId.startsWith('digest:')) return undefined;
  const url = `${siteUrl.replace(/\/+$/, '')}/changes/${encodeURIComponent(batchId.slice(0, i))}/${encodeURIComponent(batchId.slice(i + 1))}`;
  return entry === undefined ? url : `${url}?entry=${encodeURIComponent(entry)}`;
}

/** Lines other features add under a change (plain text, escaped by each renderer). */
export type ExtraLines = (change: AlertChange) => string[];

/** `name match corroborated by date of birth 1970-08-12; not certain` / `matched on registration number 1077…`. */
function matchPhrase(m: NonNullable<AlertChange['alsoListed']>[number]['match']): string {
  if (m.by === 'identifier') return `matched on ${m.field} ${m.value}`;
  return m.corroboration.length
    ? `name match corroborated by ${m.corroboration.join(', ')}; not certain`
    : 'name match only; not certain';
}

/**
 * The entity graph's lines for one change (plain text; callers escape for HTML or Slack): where
 * else it is listed and which lists checked do not hold it, in one line — "Also listed by OFAC
 * SDN since 2022-02-24 (id 18820, matched on registration number 1077746003334). Not listed by
 * EU FSF, UN SC." — and, for a relationship watch, the path to the watched entry.
 */
export function entityLines(change: AlertChange): string[] {
  const out: string[] = [];
  const title = (s: string) => shortSourceTitle(s, s);
  const also = change.alsoListed ?? [];
  const parts: string[] = [];
  if (also.length) {
    const listed = also.slice(0, 3).map((a) => {
      const since = a.listedOn ? ` since ${oneLine(a.listedOn)}` : '';
      return `${title(a.source)}${since} (id ${truncate(oneLine(a.id), 40)}, ${truncate(oneLine(matchPhrase(a.match)), 160)})`;
    });
    const more = also.length > 3 ? `; and ${also.length - 3} more` : '';
    const certain = also.some((a) => a.match.by === 'identifier');
    parts.push(`${certain ? 'Also listed by' : 'Possibly also listed by'} ${listed.join('; ')}${more}.`);
  }
  if (change.notListedBy?.length) parts.push(`Not listed by ${change.notListedBy.map(title).join(', ')}.`);
  if (parts.length) out.push(parts.join(' '));
  if (change.watchPath) out.push(`Related to your watch: ${truncate(oneLine(change.watchPath), 400)}`);
  return out;
}
