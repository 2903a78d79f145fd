/**
 * `sources [--json] [--data-dir <dir>]`: each list source and notice feed with its schedule, whether
 * it is polled by default, last check, last change and last error.
 */
import { allSourceDefinitions } from '../pipeline/schedule';
import { isPolledByDefault } from '../sources/index';
import { DATA_DIR_OPTION, withRuntime } from './common';
import { type CommandRun, parseCommandArgs } from './io';

export const run: CommandRun = async (argv, io) => {
  const { values } = parseCommandArgs(argv, { ...DATA_DIR_OPTION, json: { type: 'boolean' } }, false);
  return withRuntime(values['data-dir'], io, async (runtime) => {
    const states = new Map((await runtime.store.sources.list()).map((s) => [s.source, s]));
    const held = await runtime.store.quarantine.list({ status: 'held' });
    const rows = allSourceDefinitions().map((d) => {
      const s = states.get(d.id);
      return {
        id: d.id,
        kind: d.kind,
        title: d.title,
        schedule: d.schedule,
        polledByDefault: isPolledByDefault(d),
        url: d.url,
        records: s?.lastRecords ?? null,
        published: s?.lastPublished ?? null,
        lastCheck: s?.lastCheckAt ?? null,
        lastOutcome: s?.lastOutcome ?? null,
        lastChange: s?.lastChangeAt ?? null,
        lastError: s?.lastError ?? null,
        lastErrorAt: s?.lastErrorAt ?? null,
        consecutiveFailures: s?.consecutiveFailures ?? 0,
        quarantined: held.filter((q) => q.source === d.id).map((q) => q.id),
      };
    });
    if (values.json) {
      io.out(JSON.stringify(rows, null, 2));
      return 0;
    }
    for (const r of rows) {
      const polled = r.polledByDefault ? '' : '; archive format, polled only when named';
      io.out(`${r.id}  (${r.kind}, ${r.schedule}${polled})  ${r.title}`);
      io.out(
        `  last check: ${r.lastCheck ?? 'never'}${r.lastOutcome ? ` (${r.lastOutcome})` : ''}; last change: ${r.lastChange ?? 'none'}` +
          `; records: ${r.records ?? '-'}${r.published ? ` (published ${r.published})` : ''}`,
      );
      if (r.lastError) {
        io.out(
          `  last error: ${r.lastErrorAt} ${r.lastError}${r.consecutiveFailures ? ` (${r.consecutiveFailures} failures in a row)` : ''}`,
        );
      }
      if (r.quarantined.length) io.out(`  quarantined, awaiting a decision: ${r.quarantined.join(', ')}`);
    }
    return 0;
  });
};
