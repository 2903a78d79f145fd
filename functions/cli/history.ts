/**
 * `history [--source <id>] [--since <date>] [--entity <id>] [--json] [--data-dir <dir>]`: change
 * batches (oldest first) with their changes (a notice feed's batches: their notices), or with
 * `--entity` the history of one entry.
 */

import type { Notice } from '../core/changes';
import type { BatchChange, BatchHeader } from '../pipeline/repos';
import { allSourceDefinitions, sourceDefinition } from '../pipeline/schedule';
import { materialFieldLines } from '../render/common';
import { DATA_DIR_OPTION, withRuntime } from './common';
import { type CommandRun, parseCommandArgs, UsageError } from './io';

const SHOWN_PER_BATCH = 20;

function changeLine(c: BatchChange): string {
  const cosmetic = c.material ? '' : ' (cosmetic only)';
  const regimes = c.regimes.length ? `  regimes: ${c.regimes.join(', ')}` : '';
  const sectors = c.sectors.length ? `  sectors: ${c.sectors.map((s) => s.sector).join(', ')}` : '';
  return `    ${c.kind.padEnd(8)} ${c.id}  ${c.name}  [${c.entityType}]${regimes}${sectors}${cosmetic}`;
}

/** Material field changes, readably (`alias added: EXAMPLEV, Petr`), as in the alert emails. */
function fieldLines(c: BatchChange): string[] {
  return materialFieldLines(c).map((l) => `        ${l}`);
}

/** A notice of a feed batch: time, title, regimes and names it lists, link. */
function noticeLine(n: Notice): string {
  const regimes = n.regimes.length ? `  regimes: ${n.regimes.join(', ')}` : '';
  const names = n.names.length ? `  names: ${n.names.join('; ')}` : '';
  return `    notice   ${n.published}  ${n.title}${regimes}${names}  ${n.link}`;
}

export const run: CommandRun = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      ...DATA_DIR_OPTION,
      source: { type: 'string' },
      since: { type: 'string' },
      entity: { type: 'string' },
      json: { type: 'boolean' },
    },
    false,
  );
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  if (values.since !== undefined && Number.isNaN(Date.parse(values.since))) {
    throw new UsageError(`--since '${values.since}' is not a date (use YYYY-MM-DD or an ISO timestamp)`);
  }
  // Lists and notice feeds (a feed's notices are batches of kind `notice`); unknown ids are refused.
  const ids = values.source ? [sourceDefinition(values.source).id] : allSourceDefinitions().map((d) => d.id);
  return withRuntime(values['data-dir'], io, async (runtime) => {
    const { batches } = runtime.store;
    const out: { batch: BatchHeader; changes: BatchChange[] }[] = [];
    for (const id of ids) {
      for (const header of await batches.list(id, values.since ? { since: values.since } : {})) {
        let changes = await batches.loadChanges(header);
        if (values.entity !== undefined) {
          changes = changes.filter((c) => c.id === values.entity);
          if (!changes.length) continue;
        }
        out.push({ batch: header, changes });
      }
    }
    out.sort((a, b) => (a.batch.detectedAt < b.batch.detectedAt ? -1 : 1));
    if (values.json) {
      io.out(
        JSON.stringify(
          out.map(({ batch, changes }) => ({ ...batch, changes })),
          null,
          2,
        ),
      );
      return 0;
    }
    if (!out.length) {
      io.out(values.entity ? `no change recorded for entry ${values.entity}` : 'no batches recorded');
      return 0;
    }
    for (const { batch, changes } of out) {
      const s = batch.summary;
      const feed = batch.sourceKind === 'feed';
      const what =
        batch.status === 'baseline'
          ? `baseline of ${batch.publication.records} ${feed ? 'notices' : 'records'} (not alerted)`
          : feed
            ? `${s.notices ?? batch.notices?.length ?? 0} new notice(s)`
            : `${s.added} added, ${s.removed} removed, ${s.amended} amended (${batch.materialChanges} material)`;
      io.out(
        `${batch.detectedAt}  ${batch.source}  ${what}  batch ${batch.id.slice(0, batch.source.length + 13)}` +
          `${batch.publication.published ? `  published ${batch.publication.published}` : ''}  [${batch.status}]` +
          `  from ${batch.fetch.fetchedFrom}`,
      );
      for (const n of batch.notices ?? []) io.out(noticeLine(n));
      const shown = values.entity ? changes : changes.slice(0, SHOWN_PER_BATCH);
      for (const c of shown) {
        io.out(changeLine(c));
        if (values.entity || c.kind === 'amended') for (const l of fieldLines(c)) io.out(l);
      }
      if (shown.length < changes.length)
        io.out(`    … and ${changes.length - shown.length} more (use --json or --entity)`);
    }
    return 0;
  });
};
