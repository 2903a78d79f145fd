/** Test helpers shared by the two UK source tests (gb-ofsi-conlist, gb-fcdo-sanctions). */
import { SourceError } from '../../functions/core/errors';
import type { Designation, Publication } from '../../functions/core/model';
import type { ParseOptions } from '../../functions/core/source';

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The entry with this id; throws when absent. */
export function entryById(entries: Designation[], id: string): Designation {
  const found = entries.find((e) => e.id === id);
  if (!found) throw new Error(`no entry ${id}`);
  return found;
}

/** The `SourceError` that `parse` raises for this input (bounds not enforced); fails when accepted. */
export function refusalOf(
  parse: (bytes: Uint8Array, options?: ParseOptions) => Publication,
  input: string | Uint8Array,
): SourceError {
  try {
    parse(typeof input === 'string' ? utf8(input) : input, { enforceBounds: false });
  } catch (err) {
    if (err instanceof SourceError) return err;
    throw err;
  }
  throw new Error('the publication was accepted');
}
