/**
 * What the local commands share: the `--data-dir` option, opening the local runtime (and always
 * closing it), and one-line descriptions of poll outcomes.
 */

import { describeOwner, isAlive } from '../local/data-dir-lock';
import type { FeedPollOutcome } from '../pipeline/feed-poll';
import type { PollOutcome } from '../pipeline/poll';
import { type LocalRuntime, type LocalRuntimeOptions, openLocalApp } from '../runtime/local';
import type { CliIO } from './io';

/** `--data-dir <dir>`: default `SANCTIONS_NOTIFIER_DATA_DIR`, else `./.sanctions-notifier`. */
export const DATA_DIR_OPTION = { 'data-dir': { type: 'string' } } as const;

/** The command this process runs, as other processes waiting for the data dir are told. */
function commandName(): string {
  const [, script, command] = process.argv;
  return script?.endsWith('sanctions-notifier.ts') && command ? command : 'sanctions-notifier';
}

/**
 * Opens the local runtime on the data dir (or attaches to the store of a `run`/`serve` using it:
 * functions/local/data-dir-lock.ts), runs `fn`, and closes it whatever happens.
 */
export async function withRuntime<T>(
  dataDir: string | undefined,
  io: CliIO,
  fn: (runtime: LocalRuntime) => Promise<T>,
  options: Omit<LocalRuntimeOptions, 'dataDir'> = {},
): Promise<T> {
  const runtime = await openLocalApp({
    ...(dataDir !== undefined ? { dataDir } : {}),
    onOperatorAlert: (alert) => io.err(`operator alert: ${alert.message}`),
    command: commandName(),
    ...options,
  });
  try {
    return await fn(runtime);
  } catch (error) {
    const owner = runtime.attachedTo;
    if (owner && !isAlive(owner.pid))
      throw new Error(
        `${describeOwner(owner)}, whose store this command used, stopped meanwhile; run the command again (${(error as Error).message})`,
      );
    throw error;
  } finally {
    await runtime.close();
  }
}

const short = (sha: string) => sha.slice(0, 12);

/** What a poll did, in one line per source (plus one for a finished interrupted batch). */
export function describeOutcome(o: PollOutcome): string[] {
  const lines: string[] = [];
  if (o.resumed)
    lines.push(
      `${o.source}: finished batch ${o.resumed.source}:${short(o.resumed.sha256)} left pending by an interrupted run`,
    );
  switch (o.kind) {
    case 'not-modified':
      lines.push(`${o.source}: not modified (HTTP 304)`);
      break;
    case 'unchanged':
      lines.push(`${o.source}: unchanged (same publication ${short(o.sha256)})`);
      break;
    case 'no-changes':
      lines.push(
        `${o.source}: new publication ${short(o.sha256)} with ${o.records} records, no entry changed`,
      );
      break;
    case 'baseline':
      lines.push(
        `${o.source}: baseline stored, ${o.records} records (publication ${short(o.sha256)}); first publication, nothing alerted`,
      );
      break;
    case 'changed': {
      const { summary, materialChanges, sha256, publication } = o.batch;
      const total = summary.added + summary.removed + summary.amended;
      lines.push(
        `${o.source}: changed: ${summary.added} added, ${summary.removed} removed, ${summary.amended} amended` +
          ` (${materialChanges} material, ${total - materialChanges} cosmetic only); ${publication.records} records;` +
          ` batch ${o.source}:${short(sha256)} ${o.batch.status}`,
      );
      break;
    }
    case 'quarantined': {
      const q = o.quarantine;
      lines.push(
        `${o.source}: QUARANTINED (${q.reason}, ${q.status}) ${q.id.slice(0, o.source.length + 13)}: ${q.message}`,
      );
      break;
    }
    case 'failed':
      lines.push(`${o.source}: FAILED${o.httpStatus ? ` (HTTP ${o.httpStatus})` : ''}: ${o.error}`);
      break;
  }
  return lines;
}

/**
 * The one id among `ids` that is `given` or starts with it (ids are accepted by unique prefix).
 * Throws one line when none matches, or when several do (listing them, at most ten).
 */
export function resolveIdPrefix(what: string, given: string, ids: readonly string[]): string {
  if (ids.includes(given)) return given;
  const candidates = given === '' ? [] : ids.filter((id) => id.startsWith(given));
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) throw new Error(`no ${what} ${given}`);
  const shown = candidates.slice(0, 10).join(', ');
  throw new Error(
    `${given} is ambiguous: ${candidates.length} ${what} ids start with it (${shown}${candidates.length > 10 ? ', …' : ''}); give more characters`,
  );
}

/** What a feed poll did: one line, plus one per finished interrupted batch and per follow-up. */
export function describeFeedOutcome(o: FeedPollOutcome): string[] {
  const lines: string[] = [];
  if (o.resumed) lines.push(`${o.source}: finished the interrupted batch ${o.resumed}`);
  switch (o.kind) {
    case 'not-modified':
      lines.push(`${o.source}: not modified since the last check`);
      break;
    case 'unchanged':
      lines.push(`${o.source}: unchanged feed (sha256 ${o.sha256.slice(0, 12)})`);
      break;
    case 'baseline':
      lines.push(`${o.source}: baseline of ${o.notices} notice(s) recorded, not alerted`);
      break;
    case 'no-new-notices':
      lines.push(
        `${o.source}: no new notices${o.updated ? ` (${o.updated} updated item(s) recorded, not alerted again)` : ''}`,
      );
      break;
    case 'changed':
      lines.push(
        `${o.source}: ${o.notices} new notice(s) → batch ${o.batchId}${o.updated ? `; ${o.updated} updated item(s)` : ''}`,
      );
      break;
    case 'failed':
      lines.push(`${o.source}: FAILED: ${o.error}`);
      break;
  }
  for (const id of o.followUps) lines.push(`${o.source}: "still pending" follow-up → batch ${id}`);
  return lines;
}
