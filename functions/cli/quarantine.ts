/**
 * `quarantine list [--all] [--json] | show <id> [--json] | approve <id> | reject <id>` (`--data-dir
 * <dir>`): publications the guards held back, with the reason and a sample (the first removed
 * entries, or drifted ids). Approving takes the archived publication through the rest of the
 * pipeline, diffed against the current snapshot (its changes are then alerted); rejecting keeps it
 * out for good. An id may be shortened to any unique prefix.
 */
import { describeQuarantine, quarantineAdmin } from '../pipeline/quarantine-admin';
import { DATA_DIR_OPTION, describeOutcome, withRuntime } from './common';
import { type CommandRun, parseCommandArgs, UsageError } from './io';

const USAGE = 'usage: quarantine list [--all] [--json] | show <id> [--json] | approve <id> | reject <id>';

export const run: CommandRun = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(argv, {
    ...DATA_DIR_OPTION,
    all: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const [action, id, ...rest] = positionals;
  if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`);
  if (action !== 'list' && action !== 'show' && action !== 'approve' && action !== 'reject') {
    throw new UsageError(USAGE);
  }
  if (action !== 'list' && !id)
    throw new UsageError(`quarantine ${action} needs the id shown by 'quarantine list'`);
  return withRuntime(values['data-dir'], io, async (runtime) => {
    const admin = quarantineAdmin(runtime.pollDeps());
    if (action === 'list') {
      const records = await runtime.store.quarantine.list(values.all ? {} : { status: 'held' });
      if (values.json) {
        io.out(JSON.stringify(await admin.list({ all: values.all === true }), null, 2));
        return 0;
      }
      if (!records.length)
        io.out(values.all ? 'nothing was ever quarantined' : 'no publication awaits a decision');
      for (const q of records) {
        io.out(`${q.id}  [${q.status}]  ${q.reason}  detected ${q.detectedAt}  from ${q.fetchedFrom}`);
        io.out(`  ${q.message}`);
        for (const e of q.sample?.slice(0, 3) ?? [])
          io.out(`    ${e.id}${e.newId ? ` → ${e.newId}` : ''}  ${e.name}`);
        if ((q.sample?.length ?? 0) > 3)
          io.out(`    … (quarantine show ${q.id.slice(0, q.source.length + 13)})`);
      }
      return 0;
    }
    if (action === 'show') {
      const q = await runtime.store.quarantine.find(id!);
      if (values.json) io.out(JSON.stringify(await admin.show(q.id), null, 2));
      else for (const line of describeQuarantine(q)) io.out(line);
      return 0;
    }
    if (action === 'reject') {
      const q = await admin.reject(id!);
      io.out(`${q.id}: rejected; the snapshot keeps the previous publication`);
      return 0;
    }
    const outcome = await admin.approve(id!);
    io.out(`approved; the publication went through the pipeline:`);
    for (const line of describeOutcome(outcome)) io.out(line);
    return 0;
  });
};
