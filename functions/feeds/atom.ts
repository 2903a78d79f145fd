/**
 * Our own Atom 1.0 feeds of detected changes — all, per source, per sector. Pure: batches in,
 * XML out. Every entry is one change (or one notice) of one batch, with a stable id
 * `tag:sanctions-notifier,2026:<batchId>/<changeId>` (notices: `<batchId>/notice/<noticeId>`), so a
 * feed reader never sees an entry twice however often the feed is rebuilt. Every piece of list data
 * is XML-escaped; control characters that XML 1.0 forbids are dropped.
 */
import type { ChangeBatch, Notice } from '../core/changes';
import { materialFieldLines } from '../render/common';

export const TAG_PREFIX = 'tag:sanctions-notifier,2026:';
/** Newest entries kept in one feed. */
export const MAX_ENTRIES = 500;
/**
 * The version of this rendering: part of the digest `publishLocalFeeds` records, so feeds written by
 * an older rendering are written again. Increase it when the output of `changesAtom` changes: test/feeds/reconcile-atom.test.ts pins the output per version and fails until it is.
 */
export const ATOM_FORMAT = 1;

export type FeedScope = { kind: 'all' } | { kind: 'source'; id: string } | { kind: 'sector'; id: string };

export interface AtomOptions {
  scope: FeedScope;
  /** Absolute URL of this feed (rel=self); also the feed's id base. */
  selfUrl: string;
  /** Title of a source by id, for entry titles (default: the id). */
  sourceTitle?: (id: string) => string;
  maxEntries?: number;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing the characters XML 1.0 forbids
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function xmlEscape(value: string): string {
  return value
    .replace(FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A tag-URI path segment: anything outside unreserved characters percent-encoded. */
function segment(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function entryId(batchId: string, changeId: string, notice = false): string {
  return `${TAG_PREFIX}${segment(batchId)}/${notice ? 'notice/' : ''}${segment(changeId)}`;
}

export function feedId(scope: FeedScope): string {
  return scope.kind === 'all'
    ? `${TAG_PREFIX}feeds/all`
    : `${TAG_PREFIX}feeds/${scope.kind}/${segment(scope.id)}`;
}

interface Entry {
  id: string;
  title: string;
  updated: string;
  published?: string;
  link: string;
  categories: string[];
  content: string;
}

function inScope(scope: FeedScope, batch: ChangeBatch, sectors: { sector: string }[]): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'source') return batch.source === scope.id;
  return sectors.some((s) => s.sector === scope.id);
}

function noticeEntry(batch: ChangeBatch, n: Notice, title: string): Entry {
  const lines = [
    `Notice from ${title}, published ${n.published}.`,
    ...(n.regimes.length ? [`Regimes: ${n.regimes.join(', ')}`] : []),
    ...(n.names.length ? [`Names: ${n.names.join('; ')}`] : []),
    ...(n.sectors.length ? [`Sectors: ${n.sectors.map((s) => s.sector).join(', ')}`] : []),
    ...(n.summary ? ['', n.summary] : []),
  ];
  return {
    id: entryId(batch.id, n.id, true),
    title: `Notice: ${n.title}`,
    updated: batch.detectedAt,
    published: n.published,
    link: n.link,
    categories: n.sectors.map((s) => s.sector),
    content: lines.join('\n'),
  };
}

function changeEntry(batch: ChangeBatch, c: ChangeBatch['changes'][number], title: string): Entry {
  const verb = c.kind === 'added' ? 'Added' : c.kind === 'removed' ? 'Removed' : 'Amended';
  const lines = [
    `${verb} in ${title} (${c.entityType}, id ${c.id}).`,
    ...(c.regimes.length ? [`Regimes: ${c.regimes.join(', ')}`] : []),
    ...(c.sectors.length ? [`Sectors: ${c.sectors.map((s) => s.sector).join(', ')}`] : []),
    ...materialFieldLines(c),
    ...(c.announcedIn ?? []).map((a) => `Announced in notice “${a.title}” (${a.link}) at ${a.published}`),
    `Detected ${batch.detectedAt} in publication ${batch.publication.sha256}.`,
  ];
  return {
    id: entryId(batch.id, c.id),
    title: `${verb}: ${c.name} (${title})`,
    updated: batch.detectedAt,
    link: batch.url,
    categories: c.sectors.map((s) => s.sector),
    content: lines.join('\n'),
  };
}

/** Feed title for a scope. */
export function scopeTitle(scope: FeedScope, sourceTitle: (id: string) => string = (id) => id): string {
  if (scope.kind === 'all') return 'sanctions-notifier: all detected changes';
  if (scope.kind === 'source') return `sanctions-notifier: changes in ${sourceTitle(scope.id)}`;
  return `sanctions-notifier: changes in the ${scope.id} sector`;
}

/**
 * The Atom document for `scope` over `batches` (any order): newest first by detection time, then
 * batch order; at most `maxEntries`. `updated` of the feed is the newest entry's (a fixed epoch
 * when empty), so the same batches always give the same bytes.
 */
export function changesAtom(batches: readonly ChangeBatch[], options: AtomOptions): string {
  const title = options.sourceTitle ?? ((id: string) => id);
  const entries: Entry[] = [];
  const sorted = [...batches].sort((a, b) =>
    a.detectedAt < b.detectedAt ? 1 : a.detectedAt > b.detectedAt ? -1 : a.id < b.id ? -1 : 1,
  );
  for (const batch of sorted) {
    const t = title(batch.source);
    for (const c of batch.changes)
      if (inScope(options.scope, batch, c.sectors)) entries.push(changeEntry(batch, c, t));
    for (const n of batch.notices ?? [])
      if (inScope(options.scope, batch, n.sectors)) entries.push(noticeEntry(batch, n, t));
  }
  const kept = entries.slice(0, options.maxEntries ?? MAX_ENTRIES);
  const updated = kept[0]?.updated ?? '1970-01-01T00:00:00.000Z';
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xmlEscape(feedId(options.scope))}</id>`,
    `  <title>${xmlEscape(scopeTitle(options.scope, title))}</title>`,
    `  <updated>${xmlEscape(updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlEscape(options.selfUrl)}"/>`,
    '  <author><name>sanctions-notifier</name></author>',
    '  <generator>sanctions-notifier</generator>',
  ];
  for (const e of kept) {
    out.push(
      '  <entry>',
      `    <id>${xmlEscape(e.id)}</id>`,
      `    <title type="text">${xmlEscape(e.title)}</title>`,
      `    <updated>${xmlEscape(e.updated)}</updated>`,
      ...(e.published ? [`    <published>${xmlEscape(e.published)}</published>`] : []),
      `    <link rel="alternate" href="${xmlEscape(e.link)}"/>`,
      ...e.categories.map((c) => `    <category term="${xmlEscape(c)}"/>`),
      `    <content type="text">${xmlEscape(e.content)}</content>`,
      '  </entry>',
    );
  }
  out.push('</feed>', '');
  return out.join('\n');
}

/** Parses an API/file path `all`, `source/<id>`, `sector/<id>` (with or without `.xml`). */
export function parseScope(path: string): FeedScope | undefined {
  const p = path
    .replace(/^\/+/, '')
    .replace(/^feeds\//, '')
    .replace(/\.xml$/, '');
  if (p === 'all') return { kind: 'all' };
  const m = /^(source|sector)\/([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(p);
  return m ? { kind: m[1] as 'source' | 'sector', id: m[2]! } : undefined;
}

/** The relative path of a scope's file (`all.xml`, `source/<id>.xml`, `sector/<id>.xml`). */
export function scopePath(scope: FeedScope): string {
  return scope.kind === 'all' ? 'all.xml' : `${scope.kind}/${scope.id}.xml`;
}
