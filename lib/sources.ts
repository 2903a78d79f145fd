import type { SourceDefinition } from '../functions/core/source';
import { allSourceDefinitions as definitions } from '../functions/pipeline/schedule';

/**
 * Every source the deployment can poll: the official lists and the notice feeds. Which of them are
 * scheduled by default is decided by `isPolledByDefault` (functions/sources/index.ts), the rule the
 * local `poll` and `run` use too.
 */
export function allSourceDefinitions(): SourceDefinition[] {
  return definitions();
}
