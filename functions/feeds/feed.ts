/**
 * Reading an RSS 2.0 or Atom 1.0 feed strictly, with rss-parser: the bytes must be a feed of the
 * format the source declares, and every item must carry an id (guid/id), a title, an absolute
 * http(s) link and a valid date. Anything else is a `SourceError` naming the source, the item and
 * the reason. Only the documented fields are read (RSS `guid`, `pubDate`, `link`, `title`,
 * `description`; Atom `id`, `updated`, `published`, `link`, `title`, `summary`/`content`); every
 * other element (categories, authors, enclosures, extensions) is deliberately ignored.
 */
import type Parser from 'rss-parser';
import { SourceError } from '../core/errors';
import { checkBytes, type SourceDefinition, sha256Hex } from '../core/source';
import { buildNotice } from './notices';
import type { FeedItem, FeedNotice, FeedProfile, FeedPublication, IgnoredItem } from './types';

const ATOM_NS = 'http://www.w3.org/2005/Atom';
/** Items dated further ahead of `now` than this are refused (a broken clock or a wrong date format). */
const FUTURE_TOLERANCE_MS = 2 * 24 * 3600 * 1000;

type RawItem = Record<string, unknown>;

type FeedParser = Parser<Record<string, unknown>, RawItem>;
/** rss-parser, loaded on the first feed parsed (commands that read no feed never load it). */
let parser: FeedParser | undefined;
async function feedParser(): Promise<FeedParser> {
  const { default: RssParser } = await import('rss-parser');
  parser ??= new RssParser<Record<string, unknown>, RawItem>({
    customFields: { item: ['updated', 'published'] },
  });
  return parser;
}

/** HTML (from a description or an html/xhtml summary) as plain text: tags dropped, entities decoded, blocks on new lines. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6]|ul|ol|table|section)\s*>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '');
  return decodeEntities(text)
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '–',
  mdash: '—',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  hellip: '…',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === '#') {
      const code =
        e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[e.toLowerCase()] ?? whole;
  });
}

function decode(def: SourceDefinition, bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new SourceError(def.id, 'the feed is not valid UTF-8');
  }
}

/** The root element's name and its start tag, skipping the XML declaration, comments, PIs and a doctype. */
function rootElement(xml: string): { name: string; tag: string } | undefined {
  const m =
    /^\s*(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<([A-Za-z_][\w.:-]*)([^>]*)>/.exec(xml);
  return m ? { name: m[1]!, tag: m[0] } : undefined;
}

function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return str(v[0]);
  if (v && typeof v === 'object' && typeof (v as { _?: unknown })._ === 'string')
    return (v as { _: string })._;
  return '';
}

function isoDate(def: SourceDefinition, record: string, field: string, value: string): string {
  const trimmed = value.trim();
  const t = Date.parse(trimmed);
  if (!trimmed || Number.isNaN(t)) {
    throw new SourceError(def.id, `the ${field} '${trimmed}' is not a valid date`, record);
  }
  return new Date(t).toISOString();
}

function absoluteLink(def: SourceDefinition, record: string, value: string): string {
  const v = value.trim();
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new SourceError(def.id, `the link '${v}' is not an absolute URL`, record);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SourceError(def.id, `the link '${v}' is not an http(s) URL`, record);
  }
  return url.toString();
}

/** Reads and validates every item of the feed (pure, apart from rss-parser's promise). */
export async function readFeedItems(
  def: SourceDefinition,
  bytes: Uint8Array,
  now?: Date,
): Promise<{ title?: string; items: FeedItem[] }> {
  checkBytes(def, bytes);
  const xml = decode(def, bytes);
  const root = rootElement(xml);
  if (!root) throw new SourceError(def.id, 'the file is not XML (no root element found)');
  const expected = def.format === 'atom' ? 'feed' : 'rss';
  const local = root.name.replace(/^.*:/, '');
  if (local.toLowerCase() === 'html')
    throw new SourceError(def.id, 'received an HTML page instead of the feed');
  if (local !== expected) {
    throw new SourceError(
      def.id,
      `expected ${def.format === 'atom' ? 'an Atom feed (<feed>)' : 'an RSS 2.0 feed (<rss>)'}, found <${root.name}>`,
    );
  }
  if (def.format === 'atom' && !root.tag.includes(ATOM_NS)) {
    throw new SourceError(def.id, `the <feed> element is not in the Atom namespace ${ATOM_NS}`);
  }
  let feed: Awaited<ReturnType<FeedParser['parseString']>>;
  try {
    feed = await (await feedParser()).parseString(xml);
  } catch (error) {
    const message = ((error as Error).message ?? String(error)).split('\n').join(' ');
    throw new SourceError(def.id, `the feed is not well-formed: ${message}`);
  }
  const raws = feed.items ?? [];
  if (raws.length === 0) {
    throw new SourceError(def.id, 'the feed has no items: refusing to read it as "no notices"');
  }
  const items = raws.map((raw, i) => readItem(def, raw as RawItem, i, now));
  const title = str(feed.title).trim();
  return { ...(title ? { title } : {}), items };
}

function readItem(def: SourceDefinition, raw: RawItem, index: number, now: Date | undefined): FeedItem {
  const atom = def.format === 'atom';
  const guid = str(atom ? raw.id : raw.guid).trim();
  const rawLink = str(raw.link).trim();
  const id = guid || (atom ? '' : rawLink);
  const record = id ? `item ${id}` : `item #${index + 1}`;
  if (!id)
    throw new SourceError(
      def.id,
      atom ? 'the entry has no <id>' : 'the item has no <guid> and no <link>',
      record,
    );
  const title = htmlToText(str(raw.title)).replace(/\s+/g, ' ').trim();
  if (!title) throw new SourceError(def.id, 'the item has no title', record);
  if (!rawLink) throw new SourceError(def.id, 'the item has no link', record);
  const link = absoluteLink(def, record, rawLink);
  let published: string;
  let updated: string | undefined;
  if (atom) {
    const u = str(raw.updated);
    if (!u.trim()) throw new SourceError(def.id, 'the entry has no <updated> (required by Atom)', record);
    updated = isoDate(def, record, '<updated>', u);
    const p = str(raw.published);
    published = p.trim() ? isoDate(def, record, '<published>', p) : updated;
  } else {
    const p = str(raw.pubDate);
    if (!p.trim()) throw new SourceError(def.id, 'the item has no <pubDate>', record);
    published = isoDate(def, record, '<pubDate>', p);
  }
  if (now) {
    for (const [field, at] of [
      ['published', published],
      ['updated', updated],
    ] as const) {
      if (at && Date.parse(at) - now.getTime() > FUTURE_TOLERANCE_MS) {
        throw new SourceError(def.id, `the ${field} date ${at} is in the future`, record);
      }
    }
  }
  const body = atom ? str(raw.summary) || str(raw.content) : str(raw.content);
  const summary = htmlToText(body);
  const hash = sha256Hex(JSON.stringify([title, link, published, updated ?? null, summary]));
  return { id, title, link, published, ...(updated ? { updated } : {}), summary, hash };
}

/**
 * A feed source's parse: reads the items, leaves out those the profile ignores (recorded with the
 * reason), collapses identical duplicates, refuses conflicting ones, and builds each notice.
 */
export async function parseFeed(
  def: SourceDefinition,
  profile: FeedProfile,
  bytes: Uint8Array,
  now?: Date,
): Promise<FeedPublication> {
  const { title, items } = await readFeedItems(def, bytes, now);
  const byId = new Map<string, FeedItem>();
  const ignored: IgnoredItem[] = [];
  const notices: FeedNotice[] = [];
  let duplicates = 0;
  for (const item of items) {
    const seen = byId.get(item.id);
    if (seen) {
      if (seen.hash !== item.hash) {
        throw new SourceError(
          def.id,
          'the id appears twice in the feed with different content',
          `item ${item.id}`,
        );
      }
      duplicates++;
      continue;
    }
    byId.set(item.id, item);
    const reason = profile.ignore?.(item);
    if (reason) {
      ignored.push({ id: item.id, title: item.title, reason });
      continue;
    }
    notices.push(buildNotice(item, profile));
  }
  return {
    source: def.id,
    sha256: sha256Hex(bytes),
    ...(title ? { title } : {}),
    notices,
    ignored,
    duplicates,
  };
}
