/**
 * `crosslist --from <source> --to <source> [--json]`: entries one list holds and another does not
 * ("the UK listed X; OFAC has not"), with their listing dates, newest first. A name match counts as
 * listed (it is reported as possible, never certain, by `entity`).
 */
import { listOf } from '../core/entities/index';
import type { EntityRecord } from '../core/entities/record';
import { listSource } from '../sources/index';
import { DATA_DIR_OPTION, withRuntime } from './common';
import { loadEntityIndex } from './entity';
import { type CommandRun, parseCommandArgs, UsageError } from './io';

const USAGE = 'usage: crosslist --from <source> --to <source> [--json]';

export const run: CommandRun = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(argv, {
    ...DATA_DIR_OPTION,
    from: { type: 'string' },
    to: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length || !values.from || !values.to) throw new UsageError(USAGE);
  const from = listSource(values.from).definition.id;
  const to = listSource(values.to).definition.id;
  if (listOf(from) === listOf(to)) throw new UsageError(`--from and --to name the same list (${from})`);
  return withRuntime(values['data-dir'], io, async (runtime) => {
    const index = await loadEntityIndex(runtime);
    for (const s of [from, to]) {
      if (!index.sources().includes(s)) {
        io.err(`${s}: no entries in the entity index; poll it first, or run \`entities rebuild\``);
        return 1;
      }
    }
    const records = [...index.all()].filter((r) => r.source === from);
    const missing: EntityRecord[] = records.filter((r) => index.matchesOf(r, to).length === 0);
    missing.sort((a, b) => (b.listedOn ?? '').localeCompare(a.listedOn ?? '') || a.id.localeCompare(b.id));
    const notListed = missing.map((r) => ({
      id: r.id,
      name: r.name,
      entityType: r.type,
      listedOn: r.listedOn ?? null,
    }));
    if (values.json) {
      io.out(JSON.stringify({ from, to, checked: records.length, notListed }, null, 2));
      return 0;
    }
    io.out(`${from}: ${records.length} entries; ${missing.length} not listed by ${to}`);
    for (const r of notListed)
      io.out(
        `${(r.listedOn ?? 'no date').padEnd(10)}  ${r.id}  ${r.name}  [${r.entityType}]  — listed by ${from}, not by ${to}`,
      );
    return 0;
  });
};
