import { expect } from 'vitest';
import { SourceError } from '../../functions/core/errors';

/** The `SourceError` that `fn` throws; fails the test when it throws nothing or something else. */
export function sourceError(fn: () => unknown): SourceError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SourceError);
    return err as SourceError;
  }
  throw new Error('expected a SourceError, nothing was thrown');
}
