/**
 * Reading a publication from local files for a CLI command: the file itself (plain, .zip or .gz),
 * and for sources published as several files (OFAC `sdn.csv` with `add.csv`, `alt.csv`,
 * `sdn_comments.csv`) the companion files found beside it or inside the same archive.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { gunzipSync, unzipSync } from 'fflate';
import type { Publication, PublicationMeta } from '../core/model';
import { checkBytes, type EntrySink, type ListSource, type ParseOptions, parseEach } from '../core/source';

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

function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
  );
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a directory' : e.message;
    throw new ReadError(`cannot read ${path}: ${why}`);
  }
}

/** The main file of an archive: the one file, or the one with the source's format as extension. */
function unpackZip(path: string, bytes: Uint8Array, source: ListSource, companions: readonly string[]) {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (error) {
    throw new ReadError(`cannot unpack ${path}: ${(error as Error).message}`);
  }
  const entries = Object.entries(files).filter(([name]) => !name.endsWith('/'));
  const found: Record<string, Uint8Array> = {};
  const candidates: [string, Uint8Array][] = [];
  for (const [name, data] of entries) {
    const base = basename(name).toLowerCase();
    if (companions.includes(base)) found[base] = data;
    else if (entries.length === 1 || extname(base) === `.${source.definition.format}`)
      candidates.push([name, data]);
  }
  if (candidates.length !== 1) {
    const names = entries.map(([n]) => n).join(', ') || 'nothing';
    throw new ReadError(
      `cannot tell which file in ${path} is the ${source.definition.id} publication (it holds ${names})`,
    );
  }
  return { bytes: candidates[0]![1], companions: found };
}

function decompress(path: string, bytes: Uint8Array): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new ReadError(`cannot decompress ${path}: ${(error as Error).message}`);
  }
}

/** Companion files beside `path`, matched by name without regard to case; the main file excluded. */
function companionsBeside(path: string, names: readonly string[]): Record<string, Uint8Array> {
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
    if (lower !== self && names.includes(lower)) found[lower] = readBytes(join(dir, file));
  }
  return found;
}

/** Reads a publication's files for `source`: plain, gzip or zip, with companions where it has them. */
export function readPublicationFiles(source: ListSource, path: string): PublicationFiles {
  const names = companionNames(source);
  const raw = readBytes(path);
  if (isZip(raw)) {
    const { bytes, companions } = unpackZip(path, raw, source, names);
    return { path, bytes, companions };
  }
  const bytes = isGzip(raw) ? decompress(path, raw) : raw;
  return { path, bytes, companions: companionsBeside(path, names) };
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
