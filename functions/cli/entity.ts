/**
 * `entity <name or id> [--source <id>] [--json]`: one entity across every list the local store
 * holds — each listing (source, id, name, listed on, how it was linked), its strong identifiers,
 * its history (added, amended, removed, from the stored batches) and its relationships with paths.
 * The lookup is the use case of functions/pipeline/entity-lookup.ts (the entity page uses it too).
 */
import type { EntityIndex } from '../core/entities/index';
import type { LocalRuntime } from '../local/runtime';
import {
  type EntityLookupDeps,
  loadEntityIndex as loadIndex,
  lookupEntities,
  matchText,
} from '../pipeline/entity-lookup';
import { LIST_SOURCES } from '../sources/index';
import { DATA_DIR_OPTION, withRuntime } from './common';
import { type CommandRun, parseCommandArgs, UsageError } from './io';

const MAX_ENTITIES = 10;

function lookupDeps(runtime: LocalRuntime): EntityLookupDeps {
  return {
    entities: runtime.store.entities,
    batches: runtime.store.batches,
    listSources: Object.keys(LIST_SOURCES),
  };
}

/** The stored entity index of every list source. */
export function loadEntityIndex(runtime: LocalRuntime): Promise<EntityIndex> {
  return loadIndex(lookupDeps(runtime));
}

export const run: CommandRun = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(argv, {
    ...DATA_DIR_OPTION,
    source: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError('usage: entity <name or id> [--source <id>] [--json]');
  const query = positionals[0]!;
  return withRuntime(values['data-dir'], io, async (runtime) => {
    const deps = lookupDeps(runtime);
    const index = await loadIndex(deps);
    if (index.size === 0) {
      io.err('the entity index is empty: poll the lists first, or run `entities rebuild`');
      return 1;
    }
    const found = await lookupEntities(deps, index, query, {
      ...(values.source ? { source: values.source } : {}),
      max: MAX_ENTITIES,
    });
    const entities = found.map(({ listings, related }) => ({ listings, related }));
    if (values.json) {
      io.out(JSON.stringify({ query, entities }, null, 2));
      return entities.length ? 0 : 1;
    }
    if (!entities.length) {
      io.out(`no entry named or numbered ${JSON.stringify(query)} in the entity index`);
      return 1;
    }
    for (const e of entities) {
      io.out('');
      for (const l of e.listings) {
        const how = l.match ? `  — ${matchText(l.match)}` : '';
        io.out(
          `${l.source} ${l.id}  ${l.name}  [${l.entityType}]  listed ${l.listedOn ?? 'date not stated'}${how}`,
        );
        if (l.identifiers.length)
          io.out(
            `    identifiers: ${l.identifiers.map((i) => `${i.field} ${i.value}${i.country ? ` (${i.country})` : ''}`).join('; ')}`,
          );
        for (const h of l.history)
          io.out(`    ${h.detectedAt}  ${h.kind}${h.material ? '' : ' (cosmetic)'}  batch ${h.batchId}`);
      }
      for (const r of e.related) io.out(`    related: ${r.path}  [${r.kind}, ${r.source}]`);
    }
    return 0;
  });
};
