import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** `../shared/realdata` from the project root: real official publications, not committed here. */
export const REALDATA_DIR = resolve(import.meta.dirname, '../../../shared/realdata');
export const HAVE_REALDATA = existsSync(REALDATA_DIR);
export const REALDATA_SKIP_MESSAGE = `real publications not found at ${REALDATA_DIR}: real-data tests skipped`;

if (!HAVE_REALDATA) {
  console.warn(REALDATA_SKIP_MESSAGE);
}

export function realPath(...parts: string[]): string {
  return join(REALDATA_DIR, ...parts);
}

export function readReal(...parts: string[]): Buffer {
  return readFileSync(realPath(...parts));
}
