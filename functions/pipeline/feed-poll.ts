/**
 * Polling a notice feed through the same ports as `pollSource`: fetch (conditional GET, `file://`)
 * → archive → unchanged short-circuit → parse → dedupe items by id against the seen notices →
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

import { join } from 'node:path';
import type { Notice } from '../core/changes';
import { SourceError } from '../core/errors';
import { sha256Hex } from '../core/source';
import { feedSource } from '../feeds/index';
import { recentBatches, writeAtomFeeds } from '../feeds/publish';
import {
  DEFAULT_PENDING_AFTER_DAYS,
  dueFollowUps,
  feedsConfirmedBy,
  followUpNotice,
  pendingFor,
  reconcileChanges,
} from '../feeds/reconcile';
import type { FeedNotice, FeedPublication, FeedSource } from '../feeds/types';
import { type BatchChange, type BatchHeader, toChangeBatch } from '../store/batches';
import { NoticeStore, type SeenNotice } from '../store/notices';
import type { SourceState } from '../store/sources';
import { type FetchRequest, fetchPublication } from './fetch';
import { DEFAULT_FAILURE_ALERT_AFTER } from './poll';
import type { PollDeps } from './ports';

export interface FeedPollOptions {
  url?: string;
  /** Days after which a notice whose names are not all in the lists gets a "still pending" follow-up. Default 7. */
  pendingAfterDays?: number;
  failureAlertAfter?: number;
  fetch?: Partial<Omit<FetchRequest, 'url' | 'format' | 'maxBytes' | 'etag' | 'lastModified' | 'companions'>>;
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
  const notices = new NoticeStore(deps.store.table);
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

function oneLine(error: unknown): string {
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
  const { store, archive } = deps;
  const notices = new NoticeStore(store.table);
  const nowIso = () => deps.now().toISOString();
  const log = (level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}) =>
    deps.log?.({ level, message, source: def.id, ...fields });
  let state: SourceState = await store.sources.get(def.id);
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
  const done = (o: FeedPollResult): FeedPollOutcome => ({
    source: def.id,
    followUps,
    ...(resumed ? { resumed } : {}),
    ...o,
  });

  const outcome = await (async (): Promise<FeedPollResult> => {
    let fetched: Awaited<ReturnType<typeof fetchPublication>>;
    try {
      fetched = await fetchPublication({
        ...options.fetch,
        url: options.url ?? def.url,
        format: def.format,
        maxBytes: def.maxBytes,
        ...(def.redirectHosts ? { publisherRedirectHosts: def.redirectHosts } : {}),
        ...(options.url === undefined && state.etag ? { etag: state.etag } : {}),
        ...(options.url === undefined && state.lastModified ? { lastModified: state.lastModified } : {}),
      });
    } catch (error) {
      return failed(error);
    }
    const at = nowIso();
    if (fetched.kind === 'not-modified') {
      await store.sources.record(def.id, {
        lastCheckAt: at,
        lastSuccessAt: at,
        lastOutcome: 'not-modified',
        consecutiveFailures: 0,
      });
      return { kind: 'not-modified' };
    }
    const archived = await archive.put(fetched.bytes, {
      source: def.id,
      role: 'main',
      fetchedFrom: fetched.url,
      fetchedAt: at,
      ...(fetched.httpStatus ? { httpStatus: fetched.httpStatus } : {}),
      ...(fetched.etag ? { etag: fetched.etag } : {}),
      ...(fetched.lastModified ? { lastModified: fetched.lastModified } : {}),
      ...(fetched.contentType ? { contentType: fetched.contentType } : {}),
    });
    const sha256 = archived.sha256;
    const validators =
      options.url === undefined ? { etag: fetched.etag, lastModified: fetched.lastModified } : {};
    if (sha256 === state.lastSha256) {
      await store.sources.record(def.id, {
        lastCheckAt: at,
        lastSuccessAt: at,
        lastOutcome: 'unchanged',
        consecutiveFailures: 0,
        ...validators,
      });
      return { kind: 'unchanged', sha256 };
    }
    let publication: FeedPublication;
    try {
      publication = await feed.parse(fetched.bytes, deps.now());
    } catch (error) {
      return failed(error);
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
    const baseline = state.lastSha256 === undefined;
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
      fetch: { fetchedFrom: fetched.url, files: { main: sha256 }, ...pickValidators(fetched) },
    };
    if (baseline || fresh.length === 0) {
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
      log('info', baseline ? 'feed baseline stored' : 'no new notices', { sha256, updated: updates.length });
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
  })();

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
  return done(outcome);

  async function failed(error: unknown): Promise<FeedPollResult> {
    const message = oneLine(error);
    const httpStatus = (error as { httpStatus?: number }).httpStatus;
    const at = nowIso();
    await store.sources.record(
      def.id,
      { lastCheckAt: at, lastOutcome: 'failed', lastErrorAt: at, lastError: message },
      { incrementFailures: true },
    );
    const failures = (await store.sources.get(def.id)).consecutiveFailures ?? 1;
    log('error', error instanceof SourceError ? 'feed refused' : 'feed fetch failed', {
      httpStatus,
      error: message,
      consecutiveFailures: failures,
    });
    if (failures === (options.failureAlertAfter ?? DEFAULT_FAILURE_ALERT_AFTER)) {
      await deps.alerts.alert({
        kind: 'fetch-failing',
        source: def.id,
        message: `${def.id}: ${failures} checks in a row failed; last: ${message}`,
        at,
      });
    }
    return { kind: 'failed', error: message, ...(httpStatus ? { httpStatus } : {}) };
  }
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

/** Writes our Atom feeds (all, per source, per sector) into `<data dir>/feeds/` from the store. */
export async function publishLocalFeeds(
  runtime: { dataDir: string; store: PollDeps['store'] },
  sourceIds: readonly string[],
): Promise<string[]> {
  const batches = await recentBatches(runtime.store.batches, sourceIds);
  return writeAtomFeeds(join(runtime.dataDir, 'feeds'), batches, { sourceIds });
}
