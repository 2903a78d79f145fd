import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { canonicalize, hashOfStableJson, stableStringify } from './canonical';
import { SourceError } from './errors';
import type { Designation, Publication, PublicationMeta, UnmappedSummary } from './model';

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
   * Hosts outside the publisher's own domain that its downloads are known to redirect to (an entry
   * matches the host and its subdomains), e.g. a storage service serving the file. Redirects
   * anywhere else are refused unless `FETCH_REDIRECT_ALLOW_HOSTS` names them.
   */
  redirectHosts?: readonly string[];
  /**
   * Size caps per entry, in characters of the canonical entry: any one string value (`field`) and
   * all of an entry's strings together (`record`). Above either, the publication is refused naming
   * the record and the field: a 1 MB "name" is a broken or hostile file, not a designation.
   */
  limits?: { field: number; record: number };
  /**
   * False for publications kept for archives and `diff` only (OFAC's sdn.csv duplicates sdn.xml;
   * OFSI's ConList was replaced by the FCDO list): not scheduled unless enabled by name.
   */
  polledByDefault?: boolean;
  /** The file ends with one DOS end-of-file byte (0x1A), as OFAC's CSV files do: allowed there only. */
  finalSub?: boolean;
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
  /** sha256 (hex) of `bytes` when the caller has it already (hashed while reading): not hashed again. */
  sha256?: string;
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

/** How a publication's text is encoded: a WHATWG encoding name and the length of its BOM. */
export interface TextLayout {
  encoding: string;
  bom: number;
}

const XML_DECLARATION = /^<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;

/**
 * The encoding the publisher declared: a byte-order mark (UTF-8, UTF-16LE/BE), else for XML the
 * declaration's `encoding="…"` (e.g. `ISO-8859-1`), else UTF-8. A declared encoding this runtime
 * cannot decode is refused.
 */
export function textLayout(source: string, format: SourceFormat, bytes: Uint8Array): TextLayout {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  if (format !== 'csv') {
    const head = Buffer.from(bytes.subarray(0, 256)).toString('latin1');
    const label = XML_DECLARATION.exec(head)?.[1];
    if (label) {
      let encoding: string;
      try {
        encoding = new TextDecoder(label).encoding;
      } catch {
        throw new SourceError(source, `the XML declares encoding="${label}", which cannot be decoded`);
      }
      // A UTF-16 declaration with no BOM cannot be the truth: the declaration itself is one byte per character.
      if (encoding.startsWith('utf-16'))
        throw new SourceError(
          source,
          `the XML declares encoding="${label}" but is written one byte per character`,
        );
      return { encoding, bom: 0 };
    }
  }
  return { encoding: 'utf-8', bom: 0 };
}

/** The whole text of `bytes` in `layout` (BOM dropped); throws on bytes the encoding does not allow. */
export function decodeText(bytes: Uint8Array, layout: TextLayout): string {
  return new TextDecoder(layout.encoding, { fatal: true }).decode(bytes.subarray(layout.bom));
}

/** Offset of the first byte that breaks UTF-8 (`isUtf8` said there is one). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const n =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return i;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 10) line++;
  return line;
}

/** A control character (C0 but tab/LF/CR, DEL, C1) in decoded text, for the multi-byte encodings. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * Checks every publication's bytes must pass before a parser looks at them: not empty, not above
 * the size cap, not an HTML page served in place of the file, decodable in the encoding the
 * publisher declared (`textLayout`; UTF-8 when none: invalid UTF-8 is refused, never guessed at),
 * and free of control characters other than tab, LF and CR (NUL bytes, DEL, C1 controls; a final
 * 0x1A where `def.finalSub` allows it). Returns the text layout for the parser's decoder.
 */
export function checkBytes(def: SourceDefinition, bytes: Uint8Array): TextLayout {
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
  const layout = textLayout(def.id, def.format, bytes);
  const end = def.finalSub && bytes[bytes.byteLength - 1] === 0x1a ? bytes.byteLength - 1 : bytes.byteLength;
  if (layout.encoding.startsWith('utf-16')) {
    let text: string;
    try {
      text = decodeText(bytes.subarray(0, end), layout);
    } catch {
      throw new SourceError(
        def.id,
        `the bytes are not valid ${layout.encoding.toUpperCase()} (declared by the byte-order mark)`,
      );
    }
    const bad = CONTROL.exec(text);
    if (bad) {
      const line = text.slice(0, bad.index).split('\n').length;
      throw new SourceError(
        def.id,
        `control character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()} at line ${line}: the file is corrupted`,
      );
    }
    return layout;
  }
  const utf8 = layout.encoding === 'utf-8';
  if (utf8 && !isUtf8(bytes)) {
    const at = firstInvalidUtf8(bytes);
    throw new SourceError(
      def.id,
      `the bytes are not valid UTF-8 at line ${lineAt(bytes, at)} (byte ${at}): the file is in an undeclared encoding or corrupted; refusing to guess`,
    );
  }
  const i = firstControl(bytes, layout.bom, end, utf8);
  if (i >= 0) {
    const b = bytes[i]!;
    const code = b === 0xc2 ? bytes[i + 1]! : b;
    const what =
      b === 0x1a
        ? 'an end-of-file byte (0x1A) before the end'
        : `control byte 0x${code.toString(16).padStart(2, '0').toUpperCase()}`;
    throw new SourceError(def.id, `${what} at line ${lineAt(bytes, i)} (byte ${i}): the file is corrupted`);
  }
  return layout;
}

/** Whether byte `i` starts a control character: C0 but tab/LF/CR, DEL, or (UTF-8) a C1 `C2 80`–`C2 9F`. */
function isControlAt(bytes: Uint8Array, i: number, utf8: boolean): boolean {
  const b = bytes[i]!;
  if (b < 0x20) return b !== 9 && b !== 10 && b !== 13;
  if (b === 0x7f) return true;
  if (b !== 0xc2 || !utf8) return false;
  const next = bytes[i + 1] ?? 0;
  return next >= 0x80 && next <= 0x9f;
}

/**
 * Offset of the first control character in `bytes[start, end)` (see `isControlAt`), or -1. Reads
 * four bytes at a time: a word with no byte below 0x20, no 0x7F and no 0xC2 (bit tests that may
 * flag a word falsely, never miss one) needs no look at its bytes; a flagged word is checked byte
 * by byte.
 */
function firstControl(bytes: Uint8Array, start: number, end: number, utf8: boolean): number {
  let i = start;
  while (i < end && ((bytes.byteOffset + i) & 3) !== 0) {
    if (isControlAt(bytes, i, utf8)) return i;
    i++;
  }
  if (i >= end) return -1;
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, (end - i) >>> 2);
  for (let w = 0; w < words.length; w++) {
    const x = words[w]!;
    const below20 = (x - 0x20202020) & ~x;
    const y = x ^ 0x7f7f7f7f;
    const z = x ^ 0xc2c2c2c2;
    if (((below20 | ((y - 0x01010101) & ~y) | ((z - 0x01010101) & ~z)) & 0x80808080) !== 0) {
      const at = i + w * 4;
      for (let k = at; k < at + 4; k++) if (isControlAt(bytes, k, utf8)) return k;
    }
  }
  for (i += words.length * 4; i < end; i++) if (isControlAt(bytes, i, utf8)) return i;
  return -1;
}

/**
 * The last steps of every parser, entry by entry: canonicalises each entry and hands it to
 * `onEntry` at once, refusing duplicate ids; `finish` checks the stated record count and the
 * definition's bounds and returns the publication's meta. Streaming parsers add each entry as soon
 * as it is read, so the raw entry dies young.
 */
export class PublicationBuilder {
  private readonly seen = new Set<string>();
  private readonly unmapped: Record<string, UnmappedSummary> = {};
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
    const canonical = canonicalize(entry);
    checkLimits(this.def, canonical);
    for (const key in canonical.attributes) {
      if (!key.startsWith(UNMAPPED_PREFIX)) continue;
      const path = key.slice(UNMAPPED_PREFIX.length);
      const seen = this.unmapped[path];
      if (seen) seen.count++;
      else
        this.unmapped[path] = {
          count: 1,
          example: canonical.attributes[key]?.[0] ?? '',
          record: canonical.id,
        };
    }
    this.onEntry(canonical);
  }

  finish(bytes: Uint8Array, facts: PublicationFacts, options: ParseOptions = {}): PublicationMeta {
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
      sha256: options.sha256 ?? sha256Hex(bytes),
      ...(facts.companionRecords ? { companionRecords: facts.companionRecords } : {}),
      ...(Object.keys(this.unmapped).length ? { unmapped: this.unmapped } : {}),
    };
  }
}

/** What a parser knows about a publication besides its entries. */
export interface PublicationFacts {
  published?: string;
  statedRecordCount?: number;
  /** Rows read from each companion file, by lower-case file name. */
  companionRecords?: Record<string, number>;
}

/**
 * Values a parser does not map (an element or attribute a publisher added inside a known record)
 * are kept verbatim in `attributes["unmapped.<path>"]` (path relative to the record, e.g.
 * `INDIVIDUAL/NEW_ELEMENT` or `INDIVIDUAL_ALIAS/@script`; CSV: the column name).
 */
export const UNMAPPED_PREFIX = 'unmapped.';

/** Caps for a definition that states none: far above any real entry (see each source's `limits`). */
export const DEFAULT_LIMITS = { field: 64 * 1024, record: 512 * 1024 } as const;

/**
 * Characters in all the strings of `value` (nested arrays and objects included), or -1 as soon as
 * one string is longer than `field`. No names are built: `checkLimits` names the field only when
 * it refuses.
 */
function stringLength(value: unknown, field: number): number {
  if (typeof value === 'string') return value.length > field ? -1 : value.length;
  if (value === null || typeof value !== 'object') return 0;
  let total = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const n = stringLength(value[i], field);
      if (n < 0) return -1;
      total += n;
    }
  } else {
    const record = value as Record<string, unknown>;
    for (const k in record) {
      const n = stringLength(record[k], field);
      if (n < 0) return -1;
      total += n;
    }
  }
  return total;
}

/** Refuses an entry with a string above `limits.field` or strings above `limits.record` in all. */
export function checkLimits(def: SourceDefinition, entry: Designation): void {
  const limits = def.limits ?? DEFAULT_LIMITS;
  const length = stringLength(entry, limits.field);
  if (length >= 0 && length <= limits.record) return;
  // Refused: the walk again, naming the first field over the cap, or the whole entry.
  let total = 0;
  const visit = (value: unknown, field: string): void => {
    if (typeof value === 'string') {
      if (value.length > limits.field) {
        throw new SourceError(
          def.id,
          `${field} is ${value.length} characters, above the cap of ${limits.field} per field`,
          `record ${entry.id}`,
        );
      }
      total += value.length;
    } else if (Array.isArray(value)) {
      for (const v of value) visit(v, field);
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, Array.isArray(value) ? field : `${field}.${k}`);
    }
  };
  for (const [k, v] of Object.entries(entry)) visit(v, k);
  if (total > limits.record) {
    throw new SourceError(
      def.id,
      `the entry holds ${total} characters, above the cap of ${limits.record} per record`,
      `record ${entry.id}`,
    );
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
  facts: PublicationFacts,
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
  facts: PublicationFacts,
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
 * A publication held compactly: per id, the canonical entry as its `stableStringify` text and the
 * `contentHash` of that text (one serialisation per entry), in
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
    (d) => {
      // One serialisation per entry: the text kept (keys sorted; parsed back only for entries that
      // differ) is the one the snapshot's content hash is defined on.
      const json = stableStringify(d);
      entries.set(d.id, { json, hash: hashOfStableJson(json) });
    },
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
