/**
 * Reading a publication from local files for a CLI command: the file itself (plain, .zip or .gz),
 * and for sources published as several files (OFAC `sdn.csv` with `add.csv`, `alt.csv`,
 * `sdn_comments.csv`) the companion files found beside it or inside the same archive.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Publication, PublicationMeta } from '../core/model';
import { checkBytes, type EntrySink, type ListSource, type ParseOptions, parseEach } from '../core/source';
import { gunzipCapped, inflateZip, isGzip, isZip, pickPublication } from '../pipeline/unpack';

/** Companion files read for sources that do not name their own in `definition.companions`. */
const DEFAULT_COMPANIONS: Record<string, readonly string[]> = {
  'us-ofac-sdn-csv': ['add.csv', 'alt.csv', 'sdn_comments.csv'],
};

/** The bytes of one publication as read from disk, before parsing. */
export interface PublicationFiles {
  path: string;
  /** The main file's bytes (decompressed). */
  bytes: Uint8Array;
  /** Companion files by base name (lower case), when the source has them and they were found. */
  companions: Record<string, Uint8Array>;
}

/** A file that could not be read or unpacked; the message is one line naming the file. */
export class ReadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReadError';
  }
}

export function companionNames(source: ListSource): readonly string[] {
  const own = source.definition.companions;
  if (own && Object.keys(own).length) return Object.keys(own).map((n) => n.toLowerCase());
  return DEFAULT_COMPANIONS[source.definition.id] ?? [];
}

/**
 * Reads a file (no copy: the Buffer is the bytes). With `maxBytes`, a file larger than the cap is
 * refused from its `stat` size, before anything is read or allocated.
 */
function readBytes(path: string, maxBytes?: number): Uint8Array {
  try {
    if (maxBytes !== undefined) {
      const size = statSync(path).size;
      if (size > maxBytes)
        throw new ReadError(`${path}: the file is ${size} bytes, above the cap of ${maxBytes}`);
    }
    return readFileSync(path);
  } catch (error) {
    if (error instanceof ReadError) throw error;
    const e = error as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a directory' : e.message;
    throw new ReadError(`cannot read ${path}: ${why}`);
  }
}

/** The main file of an archive and its companions, unpacked within the source's size cap. */
function unpackZip(path: string, bytes: Uint8Array, source: ListSource, companions: readonly string[]) {
  try {
    return pickPublication(
      inflateZip(bytes, source.definition.maxBytes),
      source.definition.format,
      companions,
    );
  } catch (error) {
    const why = (error as Error).message.replace('the zip', path);
    throw new ReadError(
      why.startsWith('cannot tell')
        ? why.replace(' is the publication', ` is the ${source.definition.id} publication`)
        : `cannot unpack ${path}: ${why}`,
    );
  }
}

function decompress(path: string, bytes: Uint8Array, cap: number): Uint8Array {
  try {
    return gunzipCapped(bytes, cap);
  } catch (error) {
    throw new ReadError(`${path}: ${(error as Error).message}`);
  }
}

/** Companion files beside `path`, matched by name without regard to case; the main file excluded. */
function companionsBeside(
  path: string,
  names: readonly string[],
  maxBytes: number,
): Record<string, Uint8Array> {
  const found: Record<string, Uint8Array> = {};
  if (names.length === 0) return found;
  const dir = dirname(path);
  const self = basename(path).toLowerCase();
  let listing: string[];
  try {
    listing = readdirSync(dir);
  } catch {
    return found;
  }
  for (const file of listing) {
    const lower = file.toLowerCase();
    if (lower !== self && names.includes(lower)) found[lower] = readBytes(join(dir, file), maxBytes);
  }
  return found;
}

/** Reads a publication's files for `source`: plain, gzip or zip, with companions where it has them. */
export function readPublicationFiles(source: ListSource, path: string): PublicationFiles {
  const names = companionNames(source);
  // The cap also bounds a packed file (as a download is bounded before it is unpacked).
  const raw = readBytes(path, source.definition.maxBytes);
  if (isZip(raw)) {
    const { bytes, companions } = unpackZip(path, raw, source, names);
    return { path, bytes, companions };
  }
  const bytes = isGzip(raw) ? decompress(path, raw, source.definition.maxBytes) : raw;
  return { path, bytes, companions: companionsBeside(path, names, source.definition.maxBytes) };
}

/** `checkBytes` (not empty, not an HTML page, not above the size cap) with the file's path in front. */
export function checkPublicationBytes(source: ListSource, files: PublicationFiles): void {
  try {
    checkBytes(source.definition, files.bytes);
  } catch (error) {
    throw new ReadError(`${files.path}: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
}

type FilesParseOptions = Omit<ParseOptions, 'companions'> & { companions?: readonly string[] };

function parseOptionsFor(files: PublicationFiles, options: FilesParseOptions): ParseOptions {
  const use = options.companions ?? Object.keys(files.companions);
  const companions: Record<string, Uint8Array> = {};
  for (const name of use) {
    const data = files.companions[name];
    if (data) companions[name] = data;
  }
  return {
    ...(options.enforceBounds !== undefined ? { enforceBounds: options.enforceBounds } : {}),
    ...(Object.keys(companions).length ? { companions } : {}),
  };
}

function withPath<T>(files: PublicationFiles, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    throw new ReadError(`${files.path}: ${message}`, { cause: error });
  }
}

/**
 * Parses the files read by `readPublicationFiles`. A parse failure is re-raised with the file's
 * path in front of the parser's one-line reason.
 */
export function parsePublicationFiles(
  source: ListSource,
  files: PublicationFiles,
  options: FilesParseOptions = {},
): Publication {
  return withPath(files, () => source.parse(files.bytes, parseOptionsFor(files, options)));
}

/**
 * `parsePublicationFiles`, streaming: each canonical entry goes to `onEntry` as soon as the parser
 * has it (see `ListSource.parseEach`); returns the publication's meta.
 */
export function parsePublicationFilesEach(
  source: ListSource,
  files: PublicationFiles,
  onEntry: EntrySink,
  options: FilesParseOptions = {},
): PublicationMeta {
  return withPath(files, () => parseEach(source, files.bytes, onEntry, parseOptionsFor(files, options)));
}
