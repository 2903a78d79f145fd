/**
 * `quarantine list | approve <id> | reject <id>` (`--data-dir <dir>`): publications the guards held
 * back. Approving takes the archived publication through the rest of the pipeline (its changes are
 * then alerted); rejecting keeps it out for good. An id may be shortened to any unique prefix.
 */
import { approveQuarantined, rejectQuarantined } from '../pipeline/poll';
import { DATA_DIR_OPTION, describeOutcome, withRuntime } from './common';
import { type CommandRun, parseCommandArgs, UsageError } from './io';

export const run: CommandRun = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(argv, { ...DATA_DIR_OPTION, all: { type: 'boolean' } });
  const [action, id, ...rest] = positionals;
  if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`);
  if (action !== 'list' && action !== 'approve' && action !== 'reject') {
    throw new UsageError('usage: quarantine list [--all] | approve <id> | reject <id>');
  }
  if (action !== 'list' && !id)
    throw new UsageError(`quarantine ${action} needs the id shown by 'quarantine list'`);
  return withRuntime(values['data-dir'], io, async (runtime) => {
    if (action === 'list') {
      const records = await runtime.store.quarantine.list(values.all ? {} : { status: 'held' });
      if (!records.length)
        io.out(values.all ? 'nothing was ever quarantined' : 'no publication awaits a decision');
      for (const q of records) {
        io.out(`${q.id}  [${q.status}]  ${q.reason}  detected ${q.detectedAt}  from ${q.fetchedFrom}`);
        io.out(`  ${q.message}`);
      }
      return 0;
    }
    if (action === 'reject') {
      const q = await rejectQuarantined(runtime.pollDeps(), id!);
      io.out(`${q.id}: rejected; the snapshot keeps the previous publication`);
      return 0;
    }
    const outcome = await approveQuarantined(runtime.pollDeps(), id!);
    io.out(`approved; the publication went through the pipeline:`);
    for (const line of describeOutcome(outcome)) io.out(line);
    return 0;
  });
};
