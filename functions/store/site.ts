/**
 * The pages' repository (the `SiteRepository` port of functions/site/browse.ts) over the existing
 * item families: source states, batch headers and chunks, the snapshot. Read only.
 */

import { type BatchHeader, batchKeyOf } from '../pipeline/repos';
import type { BatchInfo, SiteRepository, SourceStatus } from '../site/browse';
import type { Store } from './index';

function info(h: BatchHeader): BatchInfo & { header: BatchHeader } {
  return {
    id: h.id,
    source: h.source,
    key: batchKeyOf(h),
    sourceKind: h.sourceKind,
    url: h.url,
    detectedAt: h.detectedAt,
    status: h.status,
    publication: h.publication,
    summary: h.summary,
    materialChanges: h.materialChanges,
    ...(h.notices ? { notices: h.notices } : {}),
    header: h,
  };
}

export function storeSiteRepository(store: Pick<Store, 'batches' | 'sources' | 'snapshots'>): SiteRepository {
  return {
    async sourceStatuses() {
      return (await store.sources.list()).map(
        (s): SourceStatus => ({
          source: s.source,
          ...pick(s, [
            'lastCheckAt',
            'lastOutcome',
            'lastSuccessAt',
            'lastChangeAt',
            'lastError',
            'lastErrorAt',
            'consecutiveFailures',
            'lastRecords',
            'lastPublished',
          ]),
        }),
      );
    },
    async batches(source, since) {
      return (await store.batches.list(source, since ? { since } : {})).map(info);
    },
    async batch(source, key) {
      const h = await store.batches.getHeader(source, key);
      return h ? info(h) : undefined;
    },
    async changes(batch) {
      const h =
        (batch as BatchInfo & { header?: BatchHeader }).header ??
        (await store.batches.getHeader(batch.source, batch.key));
      return h ? store.batches.loadChanges(h) : [];
    },
    async entry(source, id) {
      return (await store.snapshots.getEntries(source, [id])).get(id);
    },
  };
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
