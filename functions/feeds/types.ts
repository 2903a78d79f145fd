/**
 * Notice feeds (RSS/Atom): the shapes shared by the feed source modules, the notice builder, the
 * feed poller and reconciliation. Pure types.
 */
import type { Notice } from '../core/changes';
import type { SourceDefinition } from '../core/source';

/** One item of a feed, as read from the publisher's XML (strictly validated). */
export interface FeedItem {
  /** RSS `guid` or Atom `id` (for RSS items without a guid: the link). */
  id: string;
  title: string;
  /** Absolute http(s) URL of the notice. */
  link: string;
  /** ISO timestamp: RSS `pubDate`, Atom `published` (else `updated`). */
  published: string;
  /** ISO timestamp: Atom `updated` (absent for RSS). */
  updated?: string;
  /** The description/summary as plain text (HTML tags removed, entities decoded). */
  summary: string;
  /** sha256 of the item's content (title, link, dates, summary): a different hash for a known id is an update. */
  hash: string;
}

/** An item the source deliberately leaves out (e.g. a press release about something else than sanctions). */
export interface IgnoredItem {
  id: string;
  title: string;
  reason: string;
}

/** A name a notice lists, and what the notice says happens to it. */
export interface ListedName {
  name: string;
  action: 'added' | 'removed' | 'amended';
}

/** The notice plus what reconciliation needs beyond it. */
export interface FeedNotice {
  notice: Notice;
  /** The item's content hash (dedupe: same id + other hash = an update). */
  hash: string;
  /** Atom `updated`, when given. */
  updated?: string;
  /** Names with what the notice does to them; `notice.names` lists them all. */
  listed: ListedName[];
}

export interface FeedPublication {
  source: string;
  /** sha256 (hex) of the bytes parsed. */
  sha256: string;
  /** The feed's own title. */
  title?: string;
  /** Notices in feed order, one per distinct item id. */
  notices: FeedNotice[];
  ignored: IgnoredItem[];
  /** Items that appeared more than once with identical content, collapsed into one. */
  duplicates: number;
}

export interface FeedSource {
  definition: SourceDefinition;
  /** Bytes in, notices out, or a `SourceError` naming the source, the item and the reason. `now` enables the future-date check. */
  parse(bytes: Uint8Array, now?: Date): Promise<FeedPublication>;
}

/**
 * What differs between feeds: which items are about sanctions listings, how the publisher names
 * its regimes, and where it lists names.
 */
export interface FeedProfile {
  /** Undefined when the item is relevant; otherwise the reason it is ignored. */
  ignore?(item: FeedItem): string | undefined;
  /** Regimes/programs named in the item, as the publisher (and its list) names them. */
  regimes(item: FeedItem): string[];
  /** Names the item lists, where it lists them. */
  names(item: FeedItem): ListedName[];
}
