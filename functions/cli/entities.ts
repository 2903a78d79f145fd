/**
 * `entities rebuild [--source <id>]...`: rebuilds the entity index from the stored snapshots (every
 * list source, or the ones named): one record per entry, stale records deleted. The poller keeps
 * the index current on its own; this is for a new data dir, an upgrade, or a repair.
 */
import { rebuildEntityIndex } from '../pipeline/entities';
import { LIST_SOURCES, listSource } from '../sources/index';
import { DATA_DIR_OPTION, withRuntime } from './common';
import { type CommandRun, parseCommandArgs, UsageError } from './io';

export const run: CommandRun = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(argv, {
    ...DATA_DIR_OPTION,
    source: { type: 'string', multiple: true },
  });
  if (positionals[0] !== 'rebuild' || positionals.length !== 1)
    throw new UsageError('usage: entities rebuild [--source <id>]...');
  const sources = values.source?.length
    ? values.source.map((s) => listSource(s).definition.id)
    : Object.keys(LIST_SOURCES);
  return withRuntime(values['data-dir'], io, async (runtime) => {
    const result = await rebuildEntityIndex(runtime.store.entities, sources, (s) =>
      runtime.store.snapshots.readAll(s),
    );
    for (const r of result) {
      if (r.records || r.deleted)
        io.out(`${r.source}: ${r.records} records written, ${r.deleted} stale deleted`);
    }
    const total = result.reduce((n, r) => n + r.records, 0);
    io.out(`entity index rebuilt: ${total} records from ${result.filter((r) => r.records).length} lists`);
    return 0;
  });
};
