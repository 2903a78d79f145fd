/**
 * Polling a notice feed through the same ports and shell (poll-shell.ts) as `pollSource`: fetch
 * (conditional GET, `file://`) → archive → unchanged short-circuit → parse → dedupe items by id against the seen notices →
 * write the batch of new notices (write-ahead, id from (source, sha256)) → record the notices as
 * seen and open their reconciliations → advance the source state → emit. Then the "still pending"
 * follow-ups that have come due.
 *
 * - First poll: a baseline — every item recorded as seen, nothing alerted.
 * - An item already seen with other content is an update: recorded, not alerted again.
 * - Duplicate or reordered items, or a feed with only known items: no batch.
 * - Malformed, HTML or empty feeds: a failed check (source state keeps the last good feed), no
 *   subscriber alerted; the operator is alerted after repeated failures, as for the lists.
 *
 * Crash safety as in poll.ts: the batch header is written before anything else changes and the
 * source state points at it (`pendingSha256`) until it has been emitted; a rerun finishes it.
 */

import { access, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Notice } from '../core/changes';
import { SourceError } from '../core/errors';
import { decidePoll } from '../core/poll-decision';
import { sha256Hex } from '../core/source';
import { ATOM_FORMAT, scopePath } from '../feeds/atom';
import { feedSource } from '../feeds/index';
import type { SeenNotice } from '../feeds/notice-repo';
import { allScopes, loadBatches, recentHeaders, writeAtomFeeds } from '../feeds/publish';
import {
  DEFAULT_PENDING_AFTER_DAYS,
  dueFollowUps,
  feedsConfirmedBy,
  followUpNotice,
  pendingFor,
  reconcileChanges,
} from '../feeds/reconcile';
import type { FeedNotice, FeedPublication, FeedSource } from '../feeds/types';
import { type PollPart, runPoll, type ShellOptions } from './poll-shell';
import type { PollDeps } from './ports';
import { type BatchChange, type BatchHeader, type SourceState, toChangeBatch } from './repos';

export interface FeedPollOptions extends ShellOptions {
  /** Days after which a notice whose names are not all in the lists gets a "still pending" follow-up. Default 7. */
  pendingAfterDays?: number;
  /** Feed lookup; default the registry in functions/feeds. */
  feed?: (id: string) => FeedSource;
}

export type FeedPollResult =
  | { kind: 'not-modified' }
  | { kind: 'unchanged'; sha256: string }
  | { kind: 'baseline'; sha256: string; notices: number }
  | { kind: 'no-new-notices'; sha256: string; updated: number }
  | { kind: 'changed'; batchId: string; notices: number; updated: number }
  | { kind: 'failed'; error: string; httpStatus?: number };

export type FeedPollOutcome = {
  source: string;
  /** Follow-up batches emitted in this poll ("still pending"). */
  followUps: string[];
  /** A batch left pending by an interrupted earlier run, finished before this poll. */
  resumed?: string;
} & FeedPollResult;

/** A list batch's changes with `announcedIn` from the pending notices of the feeds that announce for that list. */
export function noticeReconciler(deps: Pick<PollDeps, 'store'>) {
  const { notices } = deps.store;
  return async (
    listSource: string,
    id: string,
    changes: BatchChange[],
    at: string,
  ): Promise<BatchChange[]> => {
    const feeds = feedsConfirmedBy(listSource);
    if (feeds.length === 0 || changes.length === 0) return changes;
    const pending = await notices.listPending(feeds);
    if (pending.length === 0) return changes;
    const result = reconcileChanges(listSource, id, changes, pending, at);
    for (const p of result.updated) await notices.putPending(p, at);
    return result.changes;
  };
}

function _oneLine(error: unknown): string {
  return ((error as Error).message ?? String(error)).split('\n')[0]!;
}

function latest(notices: readonly Notice[]): string | undefined {
  return notices
    .map((n) => n.published)
    .sort()
    .at(-1);
}

export async function pollFeed(
  deps: PollDeps,
  sourceId: string,
  options: FeedPollOptions = {},
): Promise<FeedPollOutcome> {
  const feed = (options.feed ?? feedSource)(sourceId);
  const def = feed.definition;
  const { store } = deps;
  const { notices } = store;
  const nowIso = () => deps.now().toISOString();
  const log = (level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}) =>
    deps.log?.({ level, message, source: def.id, ...fields });
  let state!: SourceState;
  const followUps: string[] = [];

  /** Emits a written batch and clears the pending marker (idempotent). */
  const finish = async (header: BatchHeader) => {
    if (header.status === 'written') await store.batches.advance(header, 'applied', nowIso());
    if (header.status !== 'emitted') {
      const notices = (header as BatchHeader & { notices?: Notice[] }).notices ?? [];
      await deps.queue.send({ ...toChangeBatch(header, []), notices });
      await store.batches.advance(header, 'emitted', nowIso());
    }
  };

  /** Records a batch's notices as seen and opens their reconciliations (puts: idempotent). */
  const recordNew = async (header: BatchHeader, fresh: readonly FeedNotice[], at: string) => {
    await notices.putSeen(fresh.map((n) => seenRecord(def.id, n, at, undefined, header.id)));
    for (const n of fresh) {
      const p = pendingFor(def.id, n.notice, n.listed, at);
      if (p) await notices.addPending(p);
    }
  };

  const part: PollPart<FeedPollResult, string> = {
    def,
    get state() {
      return state;
    },
    set state(s) {
      state = s;
    },
    async resumePending() {
      let resumed: string | undefined;
      if (state.pendingSha256) {
        const header = await store.batches.getHeader(def.id, state.pendingSha256);
        if (header) {
          log('warn', 'finishing a feed batch left pending by an interrupted run', { batchId: header.id });
          const stored = (header as BatchHeader & { feedNotices?: FeedNotice[] }).feedNotices ?? [];
          await recordNew(header, stored, header.detectedAt);
          if (state.lastSha256 !== header.sha256) {
            state = await store.sources.transition(state, {
              lastSha256: header.sha256,
              lastRecords: header.publication.records,
              lastPublished: header.publication.published,
              etag: header.fetch.etag,
              lastModified: header.fetch.lastModified,
              lastChangeAt: header.detectedAt,
              lastBatchId: header.id,
              lastOutcome: 'changed',
            });
          }
          await finish(header);
          resumed = header.id;
        }
        state = await store.sources.transition(state, { pendingSha256: undefined });
      }
      return resumed;
    },
    async process(input, fail) {
      const at = nowIso();
      const sha256 = input.sha256;
      const validators =
        options.url === undefined ? { etag: input.etag, lastModified: input.lastModified } : {};
      let publication: FeedPublication;
      try {
        publication = await feed.parse(input.bytes, deps.now());
      } catch (error) {
        return fail(error);
      }
      const seen = await notices.getSeen(
        def.id,
        publication.notices.map((n) => n.notice.id),
      );
      const fresh = publication.notices.filter((n) => !seen.has(n.notice.id));
      const changed = publication.notices.filter((n) => {
        const s = seen.get(n.notice.id);
        return s !== undefined && s.hash !== n.hash;
      });
      const decision = decidePoll(
        state,
        { sha256 },
        {
          ok: true,
          records: publication.notices.length,
          diff: { changes: fresh.length, removed: [], drifted: [] },
        },
      );
      const baseline = decision.kind === 'baseline';
      const accepted = {
        lastSha256: sha256,
        lastRecords: publication.notices.length,
        lastPublished: latest(publication.notices.map((n) => n.notice)),
        ...validators,
        lastCheckAt: at,
        lastSuccessAt: at,
        consecutiveFailures: 0,
      };
      // Updates of known items: the newest content is kept (reconciliation reads names from pending records).
      const updates = changed.map((n) => {
        const before = seen.get(n.notice.id)!;
        return seenRecord(def.id, n, before.firstSeenAt, before, before.batchId, at, before.updates + 1);
      });
      const headerBase = {
        source: def.id,
        sha256,
        sourceKind: 'feed' as const,
        url: def.url,
        detectedAt: at,
        publication: {
          ...(accepted.lastPublished ? { published: accepted.lastPublished } : {}),
          records: publication.notices.length,
          sha256,
        },
        fetch: { fetchedFrom: input.fetchedFrom, files: { main: sha256 }, ...pickValidators(input) },
      };
      if (decision.kind !== 'changed') {
        await notices.putSeen([...fresh.map((n) => seenRecord(def.id, n, at)), ...updates]);
        if (baseline) {
          await store.batches.recordBaseline({
            ...headerBase,
            summary: { added: 0, removed: 0, amended: 0, notices: publication.notices.length },
            materialChanges: 0,
          });
        }
        state = await store.sources.transition(state, {
          ...accepted,
          lastOutcome: baseline ? 'baseline' : 'no-new-notices',
        });
        log('info', baseline ? 'feed baseline stored' : 'no new notices', {
          sha256,
          updated: updates.length,
        });
        return baseline
          ? { kind: 'baseline', sha256, notices: publication.notices.length }
          : { kind: 'no-new-notices', sha256, updated: updates.length };
      }
      const batchNotices = fresh.map((n) => n.notice);
      const { header } = await store.batches.write(
        {
          ...headerBase,
          ...(state.lastSha256
            ? {
                previous: {
                  records: state.lastRecords ?? 0,
                  sha256: state.lastSha256,
                  ...(state.lastPublished ? { published: state.lastPublished } : {}),
                },
              }
            : {}),
          summary: { added: 0, removed: 0, amended: 0, notices: batchNotices.length },
          materialChanges: batchNotices.length,
          // Delivery reads the notices from the header; a resumed run reads the rest from `feedNotices`.
          notices: batchNotices,
          feedNotices: fresh,
        } as Parameters<typeof store.batches.write>[0],
        [],
        { puts: [], deletes: [] },
      );
      state = await store.sources.transition(state, { pendingSha256: sha256 });
      await recordNew(header, fresh, at);
      await notices.putSeen(updates);
      state = await store.sources.transition(state, {
        ...accepted,
        lastChangeAt: at,
        lastBatchId: header.id,
        lastOutcome: 'changed',
      });
      await finish(header);
      state = await store.sources.transition(state, { pendingSha256: undefined });
      log('info', 'feed batch emitted', { batchId: header.id, notices: batchNotices.length });
      return { kind: 'changed', batchId: header.id, notices: batchNotices.length, updated: updates.length };
    },
    failureLog: (error) => (error instanceof SourceError ? 'feed refused' : 'feed fetch failed'),
  };
  const { resumed, outcome } = await runPoll(deps, part, options);

  // "Still pending" follow-ups that have come due, one batch each (id from the notice, so never twice).
  const days = options.pendingAfterDays ?? DEFAULT_PENDING_AFTER_DAYS;
  for (const p of dueFollowUps(await notices.listPending([def.id]), deps.now(), days)) {
    const notice = followUpNotice(p, days);
    const sha256 = sha256Hex(`still-pending\u0000${def.id}\u0000${p.notice.id}`);
    const at = nowIso();
    const { header } = await store.batches.write(
      {
        source: def.id,
        sha256,
        sourceKind: 'feed',
        url: p.notice.link,
        detectedAt: at,
        publication: { published: p.notice.published, records: 1, sha256 },
        summary: { added: 0, removed: 0, amended: 0, notices: 1 },
        materialChanges: 1,
        fetch: { fetchedFrom: p.notice.link },
        notices: [notice],
      } as Parameters<typeof store.batches.write>[0],
      [],
      { puts: [], deletes: [] },
    );
    await finish(header);
    await notices.putPending({ ...p, followUpAt: at }, at);
    followUps.push(header.id);
    log('info', 'still-pending follow-up emitted', { batchId: header.id });
  }
  return { source: def.id, followUps, ...(resumed ? { resumed } : {}), ...outcome };
}

function pickValidators(f: { etag?: string; lastModified?: string }) {
  return { ...(f.etag ? { etag: f.etag } : {}), ...(f.lastModified ? { lastModified: f.lastModified } : {}) };
}

function seenRecord(
  source: string,
  n: FeedNotice,
  firstSeenAt: string,
  before?: SeenNotice,
  delivered?: string,
  lastSeenAt: string = firstSeenAt,
  updates = 0,
): SeenNotice {
  return {
    source,
    id: n.notice.id,
    hash: n.hash,
    ...(n.updated ? { updated: n.updated } : {}),
    notice: n.notice,
    listed: n.listed,
    firstSeenAt: before?.firstSeenAt ?? firstSeenAt,
    lastSeenAt,
    ...(delivered ? { batchId: delivered } : {}),
    updates,
  };
}

/** Written last by `publishLocalFeeds`: what the feeds in the folder were rendered from. */
const PUBLISHED_FILE = '.published';

/**
 * Writes our Atom feeds (all, per source, per sector) into `<data dir>/feeds/` from the store. The
 * feeds are a function of the recent emitted batch headers (changes are immutable per batch): when
 * the digest of those headers equals the one recorded after the last complete publication and every
 * feed file is there (an unchanged poll), nothing is re-rendered. Returns the feed files.
 */
export async function publishLocalFeeds(
  runtime: { dataDir: string; store: PollDeps['store'] },
  sourceIds: readonly string[],
): Promise<string[]> {
  const dir = join(runtime.dataDir, 'feeds');
  const headers = await recentHeaders(runtime.store.batches, sourceIds);
  const digest = sha256Hex(JSON.stringify([ATOM_FORMAT, sourceIds, headers]));
  const marker = join(dir, PUBLISHED_FILE);
  const paths = allScopes(sourceIds).map((scope) => join(dir, scopePath(scope)));
  const current = await readFile(marker, 'utf8').then(
    (text) => text.trim() === digest,
    () => false,
  );
  if (
    current &&
    (
      await Promise.all(
        paths.map((p) =>
          access(p).then(
            () => true,
            () => false,
          ),
        ),
      )
    ).every(Boolean)
  )
    return paths;
  await rm(marker, { force: true });
  const written = await writeAtomFeeds(dir, await loadBatches(runtime.store.batches, headers), { sourceIds });
  await writeFile(marker, `${digest}\n`);
  return written;
}
