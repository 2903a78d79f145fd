/**
 * Unpacking a downloaded or local publication (gzip or zip), with the size cap enforced while
 * inflating: a small archive that would inflate past the cap stops there and never expands in
 * memory beyond it. Used by the publication fetcher and by the CLI's file reader. Errors are plain
 * one-line `Error`s; callers add the URL or path.
 */
import { basename, extname } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Unzip, UnzipInflate, unzipSync } from 'fflate';

export const isZip = (b: Uint8Array) =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
export const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Inflates a gzip file, refusing one that unpacks to more than `cap` bytes. */
export function gunzipCapped(raw: Uint8Array, cap: number): Uint8Array {
  try {
    return gunzipSync(raw, { maxOutputLength: cap });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new Error(`the gzip file unpacks to more than the cap of ${cap} bytes`);
    throw new Error(`cannot decompress the gzip file: ${(error as Error).message}`);
  }
}

/**
 * The files of a zip, inflated as a stream with the cap enforced while inflating. The central
 * directory is read first (a truncated zip has none) for the declared sizes; an entry that inflates
 * to another size than declared is refused (a lying header is never silently cut or let grow).
 */
export function inflateZip(raw: Uint8Array, cap: number): Record<string, Uint8Array> {
  const declared = new Map<string, number>();
  let declaredTotal = 0;
  unzipSync(raw, {
    filter: (f) => {
      declaredTotal += f.originalSize;
      if (declaredTotal > cap) throw new Error(`it unpacks to more than the cap of ${cap} bytes`);
      if (!f.name.endsWith('/')) declared.set(f.name, f.originalSize);
      return false; // nothing inflated here
    },
  });
  const parts = new Map<string, Uint8Array[]>();
  let total = 0;
  const unzip = new Unzip((file) => {
    if (!declared.has(file.name)) return;
    const chunks: Uint8Array[] = [];
    parts.set(file.name, chunks);
    file.ondata = (error, chunk) => {
      if (error) throw error;
      total += chunk.byteLength;
      if (total > cap) throw new Error(`it unpacks to more than the cap of ${cap} bytes`);
      chunks.push(chunk);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  unzip.push(raw, true);
  const files: Record<string, Uint8Array> = {};
  for (const [name, size] of declared) {
    const data = new Uint8Array(Buffer.concat(parts.get(name) ?? []));
    if (data.byteLength !== size)
      throw new Error(`${name} inflates to ${data.byteLength} bytes, its header says ${size}`);
    files[name] = data;
  }
  return files;
}

/**
 * Picks the publication and its companions among a zip's files: companions by base name (lower
 * case), the main file as the one file or the one with the format's extension.
 */
export function pickPublication(
  files: Record<string, Uint8Array>,
  format: string,
  companionNames: readonly string[],
): { name: string; bytes: Uint8Array; companions: Record<string, Uint8Array> } {
  const wanted = new Set(companionNames);
  const entries = Object.entries(files).filter(([name]) => !name.endsWith('/'));
  const companions: Record<string, Uint8Array> = {};
  const candidates: [string, Uint8Array][] = [];
  for (const [name, data] of entries) {
    const base = basename(name).toLowerCase();
    if (wanted.has(base)) companions[base] = data;
    else if (entries.length === 1 || extname(base) === `.${format}`) candidates.push([name, data]);
  }
  if (candidates.length !== 1) {
    throw new Error(
      `cannot tell which file of the zip is the publication (it holds ${entries.map(([n]) => n).join(', ') || 'nothing'})`,
    );
  }
  const [name, bytes] = candidates[0]!;
  return { name, bytes, companions };
}
