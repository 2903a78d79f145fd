import { createHash } from 'node:crypto';
import { canonicalize } from './canonical';
import { SourceError } from './errors';
import type { Designation, Publication } from './model';

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
}

export interface ParseOptions {
  /** Check the record count against `definition.recordBounds` (default true). */
  enforceBounds?: boolean;
  /** Companion files by base name (e.g. `add.csv`), for sources that publish several files. */
  companions?: Record<string, Uint8Array>;
}

export interface ListSource {
  definition: SourceDefinition;
  /** Pure: bytes in, normalised publication out, or a `SourceError`. */
  parse(bytes: Uint8Array, options?: ParseOptions): Publication;
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
  const seen = new Set<string>();
  const out: Designation[] = [];
  for (const entry of entries) {
    if (seen.has(entry.id))
      throw new SourceError(def.id, 'the id appears twice in the publication', `record ${entry.id}`);
    seen.add(entry.id);
    out.push(canonicalize(entry));
  }
  if (facts.statedRecordCount !== undefined && facts.statedRecordCount !== out.length) {
    throw new SourceError(
      def.id,
      `the publication states ${facts.statedRecordCount} records but ${out.length} were read: the file is incomplete or malformed`,
    );
  }
  if (options.enforceBounds !== false) checkBounds(def, out.length);
  return {
    meta: {
      source: def.id,
      ...(facts.published ? { published: facts.published } : {}),
      ...(facts.statedRecordCount !== undefined ? { statedRecordCount: facts.statedRecordCount } : {}),
      records: out.length,
      sha256: sha256Hex(bytes),
    },
    entries: out,
  };
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
