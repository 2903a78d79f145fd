import type { SourceDefinition } from '../functions/core/source';
import { feedDefinitions } from '../functions/feeds/index';
import { listDefinitions } from '../functions/sources/index';

/** Every source the deployment can poll: the official lists and (when present) the notice feeds. */
export function allSourceDefinitions(): SourceDefinition[] {
  return [...listDefinitions(), ...feedDefinitions()];
}
