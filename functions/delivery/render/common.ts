/**
 * Shared by every renderer: escaping, one-line sanitising of list data, labels, counts and the
 * grouping of changes by sector and kind. Everything that comes from a publication or a feed is
 * list data and goes through these helpers before it reaches HTML, Slack or a header.
 */
import { type ChangeKind, type FieldChange, SECTORS, type Sector } from '../../core/changes';
import type { Alert } from '../match';

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

/** `aliases: — → IVANOV, Ivan` — one line per material field change (plain text, not escaped). */
export function fieldChangeText(f: FieldChange): string {
  return `${oneLine(f.field)}: ${valueText(f.before)} → ${valueText(f.after)}`;
}

export function materialFields(change: AlertChange): FieldChange[] {
  return change.fields.filter((f) => f.material);
}

/** `Individual · RUSSIA-EO14024, UKRAINE-EO13660` — plain text, not escaped. */
export function entryFacts(change: AlertChange): string {
  const parts = [ENTITY_LABEL[change.entityType] ?? change.entityType];
  if (change.regimes.length) parts.push(truncate(oneLine(change.regimes.join(', ')), 200));
  return parts.join(' · ');
}

/** The subject line of an alert: `OFAC SDN: 52 added, 2 amended — financial-services, shipping`. */
export function alertTitle(
  sourceTitle: string,
  alert: Pick<Alert, 'changes' | 'notices'>,
  max = 150,
): string {
  const sectors = topSectors(alert, 3);
  const head = `${oneLine(sourceTitle)}: ${countsPhrase(countAlert(alert))}`;
  return truncate(sectors.length ? `${head} — ${sectors.join(', ')}` : head, max);
}
