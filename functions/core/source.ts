import { createHash } from 'node:crypto';
import { canonicalize, contentHash } from './canonical';
import { SourceError } from './errors';
import type { Designation, Publication, PublicationMeta } from './model';

export type SourceFormat = 'xml' | 'csv' | 'rss' | 'atom';

export interface SourceDefinition {
  /** Stable id, e.g. `us-ofac-sdn`. */
  id: string;
  title: string;
  publisher: string;
  /** Official download URL. */
  url: string;
  /** Official page describing the publication, for links in alerts. */
  homepage: string;
  format: SourceFormat;
  kind: 'list' | 'feed';
  /** EventBridge Scheduler expression: `rate(15 minutes)` or `cron(...)`. */
  schedule: string;
  /** Plausible number of records in a full publication; outside these the publication is refused. */
  recordBounds: { min: number; max: number };
  /** Largest download accepted, in bytes. */
  maxBytes: number;
  /**
   * False for publications kept for archives and `diff` only (OFAC's sdn.csv duplicates sdn.xml;
   * OFSI's ConList was replaced by the FCDO list): not scheduled unless enabled by name.
   */
  polledByDefault?: boolean;
  /** Files fetched beside the main one (OFAC CSV: `add.csv`, `alt.csv`, `sdn_comments.csv`), by name → URL. */
  companions?: Record<string, string>;
  /**
   * Poll guard limits for this source, overriding the defaults (see `functions/core/guards.ts`):
   * hold removals above max(`removalFraction` × records, `removalCount`), shrinks above `shrinkThreshold`.
   */
  guards?: { removalFraction?: number; removalCount?: number; shrinkThreshold?: number };
}

export interface ParseOptions {
  /** Check the record count against `definition.recordBounds` (default true). */
  enforceBounds?: boolean;
  /** Companion files by base name (e.g. `add.csv`), for sources that publish several files. */
  companions?: Record<string, Uint8Array>;
}

/** Receives each canonical entry of a publication as soon as it has been read. */
export type EntrySink = (entry: Designation) => void;

export interface ListSource {
  definition: SourceDefinition;
  /** Pure: bytes in, normalised publication out, or a `SourceError`. */
  parse(bytes: Uint8Array, options?: ParseOptions): Publication;
  /**
   * Optional streaming form of `parse`: the same canonical entries, in the same order, handed to
   * `onEntry` one at a time instead of being collected, and the same checks (a `SourceError` may
   * come after some entries were handed over: a consumer must discard them then). Returns the
   * publication's meta. Lets a reader keep each entry in whatever form it needs (e.g. compact)
   * without the whole publication ever living as objects.
   */
  parseEach?(bytes: Uint8Array, onEntry: EntrySink, options?: ParseOptions): PublicationMeta;
}

/** `source.parseEach` where the source has it, else `source.parse` with its entries handed over in order. */
export function parseEach(
  source: ListSource,
  bytes: Uint8Array,
  onEntry: EntrySink,
  options?: ParseOptions,
): PublicationMeta {
  if (source.parseEach) return source.parseEach(bytes, onEntry, options);
  const publication = source.parse(bytes, options);
  for (const entry of publication.entries) onEntry(entry);
  return publication.meta;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Checks every publication's bytes must pass before a parser looks at them: not empty, not an
 * HTML page served in place of the file. Returns the text decoded as UTF-8 without a BOM.
 */
export function checkBytes(def: SourceDefinition, bytes: Uint8Array): void {
  if (bytes.byteLength === 0) {
    throw new SourceError(
      def.id,
      'the file is empty (0 bytes): refusing to read it as a list with no entries',
    );
  }
  if (bytes.byteLength > def.maxBytes) {
    throw new SourceError(def.id, `the file is ${bytes.byteLength} bytes, above the cap of ${def.maxBytes}`);
  }
  const head = Buffer.from(bytes.subarray(0, 512))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || /^<\?xml[^>]*>\s*<html/.test(head)) {
    throw new SourceError(def.id, 'received an HTML page instead of the publication');
  }
}

/**
 * The last steps of every parser, entry by entry: canonicalises each entry and hands it to
 * `onEntry` at once, refusing duplicate ids; `finish` checks the stated record count and the
 * definition's bounds and returns the publication's meta. Streaming parsers add each entry as soon
 * as it is read, so the raw entry dies young.
 */
export class PublicationBuilder {
  private readonly seen = new Set<string>();
  records = 0;

  constructor(
    readonly def: SourceDefinition,
    private readonly onEntry: EntrySink,
  ) {}

  add(entry: Designation): void {
    if (this.seen.has(entry.id))
      throw new SourceError(this.def.id, 'the id appears twice in the publication', `record ${entry.id}`);
    this.seen.add(entry.id);
    this.records++;
    this.onEntry(canonicalize(entry));
  }

  finish(
    bytes: Uint8Array,
    facts: { published?: string; statedRecordCount?: number },
    options: ParseOptions = {},
  ): PublicationMeta {
    const def = this.def;
    if (facts.statedRecordCount !== undefined && facts.statedRecordCount !== this.records) {
      throw new SourceError(
        def.id,
        `the publication states ${facts.statedRecordCount} records but ${this.records} were read: the file is incomplete or malformed`,
      );
    }
    if (options.enforceBounds !== false) checkBounds(def, this.records);
    return {
      source: def.id,
      ...(facts.published ? { published: facts.published } : {}),
      ...(facts.statedRecordCount !== undefined ? { statedRecordCount: facts.statedRecordCount } : {}),
      records: this.records,
      sha256: sha256Hex(bytes),
    };
  }
}

/**
 * The last step of every parser: canonicalises each entry, refuses duplicate ids, checks the
 * stated record count and the definition's bounds, and builds the publication.
 */
export function finishPublication(
  def: SourceDefinition,
  bytes: Uint8Array,
  entries: Designation[],
  facts: { published?: string; statedRecordCount?: number },
  options: ParseOptions = {},
): Publication {
  const out: Designation[] = [];
  const builder = new PublicationBuilder(def, (entry) => out.push(entry));
  for (const entry of entries) builder.add(entry);
  return { meta: builder.finish(bytes, facts, options), entries: out };
}

/** `finishPublication` for a streaming parser: each entry to `onEntry`, the meta returned. */
export function finishEach(
  def: SourceDefinition,
  bytes: Uint8Array,
  entries: Iterable<Designation>,
  facts: { published?: string; statedRecordCount?: number },
  onEntry: EntrySink,
  options: ParseOptions = {},
): PublicationMeta {
  const builder = new PublicationBuilder(def, onEntry);
  for (const entry of entries) builder.add(entry);
  return builder.finish(bytes, facts, options);
}

export function checkBounds(def: SourceDefinition, count: number): void {
  const { min, max } = def.recordBounds;
  if (count < min || count > max) {
    throw new SourceError(
      def.id,
      `${count} records is outside the expected bounds ${min}..${max} for this publication`,
    );
  }
}

/**
 * A publication held compactly: per id, the canonical entry as JSON text and its `contentHash`, in
 * publication order; `get` parses an entry back (once) when it is needed as an object. About a
 * quarter of the memory of the entries as objects.
 */
export interface HashedPublication {
  meta: PublicationMeta;
  entries: ReadonlyMap<string, { json: string; hash: string }>;
  /** The canonical entry with this id, parsed back from its JSON (the same object on every call). */
  get(id: string): Designation | undefined;
}

/** Parses `bytes` entry by entry (`parseEach`) into a `HashedPublication`. */
export function parseHashed(
  source: ListSource,
  bytes: Uint8Array,
  options?: ParseOptions,
): HashedPublication {
  const entries = new Map<string, { json: string; hash: string }>();
  const meta = parseEach(
    source,
    bytes,
    (d) => entries.set(d.id, { json: JSON.stringify(d), hash: contentHash(d) }),
    options,
  );
  const parsed = new Map<string, Designation>();
  return {
    meta,
    entries,
    get(id) {
      let d = parsed.get(id);
      if (d === undefined) {
        const e = entries.get(id);
        if (e === undefined) return undefined;
        d = JSON.parse(e.json) as Designation;
        parsed.set(id, d);
      }
      return d;
    },
  };
}
