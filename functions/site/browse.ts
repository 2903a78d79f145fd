/**
 * The public pages' read use cases: what the service watches and how each source is doing, recent
 * changes, weekly change counts for the charts, browsing batches with filters, one batch, one
 * entity. Data comes through the `SiteRepository` port (implemented in functions/store/site.ts);
 * rendering is pure (functions/render/pages/). No clock of its own: `now` is a parameter.
 */
import type { ChangeBatch, ChangeKind, Notice, PublicationSummary, Sector } from '../core/changes';
import type { Designation } from '../core/model';

export type BatchChange = ChangeBatch['changes'][number];

/** A batch without its changes (a header). */
export interface BatchInfo {
  /** `<source>:<key>`. */
  id: string;
  source: string;
  key: string;
  sourceKind: 'list' | 'feed';
  url: string;
  detectedAt: string;
  status: string;
  publication: PublicationSummary;
  summary: ChangeBatch['summary'];
  materialChanges: number;
  notices?: Notice[];
}

/** A source's check bookkeeping, as the site shows it. */
export interface SourceStatus {
  source: string;
  lastCheckAt?: string;
  lastOutcome?: string;
  lastSuccessAt?: string;
  lastChangeAt?: string;
  lastError?: string;
  lastErrorAt?: string;
  consecutiveFailures?: number;
  lastRecords?: number;
  lastPublished?: string;
}

/** The port: reads the pages need. */
export interface SiteRepository {
  sourceStatuses(): Promise<SourceStatus[]>;
  /** A source's batches, oldest first, optionally detected at or after `since` (ISO). */
  batches(source: string, since?: string): Promise<BatchInfo[]>;
  batch(source: string, key: string): Promise<BatchInfo | undefined>;
  changes(batch: BatchInfo): Promise<BatchChange[]>;
  /** The entry as the source's current snapshot holds it (absent once delisted). */
  entry(source: string, id: string): Promise<Designation | undefined>;
}

export interface SiteSource {
  id: string;
  title: string;
  publisher: string;
  kind: 'list' | 'feed';
  homepage: string;
  schedule: string;
  /** False for archive formats polled only on request: shown once they have been checked. */
  polledByDefault: boolean;
}

export type Health = 'ok' | 'failing' | 'stale' | 'never checked';

/** `ok`, `failing` (the last check failed), `stale` (no success within 3 intervals), `never checked`. */
export function sourceHealth(status: SourceStatus | undefined, intervalMinutes: number, now: number): Health {
  if (!status?.lastCheckAt) return 'never checked';
  if ((status.consecutiveFailures ?? 0) > 0 || status.lastOutcome === 'failed') return 'failing';
  const ref = status.lastSuccessAt ?? status.lastCheckAt;
  return now - Date.parse(ref) > intervalMinutes * 3 * 60_000 ? 'stale' : 'ok';
}

/** Monday 00:00 UTC of the week holding `iso`, as `YYYY-MM-DD`. */
export function weekOf(iso: string): string {
  const d = new Date(iso);
  const day = (d.getUTCDay() + 6) % 7;
  const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day);
  return new Date(monday).toISOString().slice(0, 10);
}

/** The `n` week starts ending with the week of `now`, oldest first. */
export function lastWeeks(now: number, n: number): string[] {
  const end = Date.parse(weekOf(new Date(now).toISOString()));
  return Array.from({ length: n }, (_, i) =>
    new Date(end - (n - 1 - i) * 7 * 86_400_000).toISOString().slice(0, 10),
  );
}

export interface WeeklySeries {
  label: string;
  /** Counts per week, aligned with `weeks`. */
  counts: number[];
}

export interface HomeView {
  sources: (SiteSource & { status?: SourceStatus; health: Health })[];
  latest: { batch: BatchInfo; changes: BatchChange[] }[];
  weeks: string[];
  perList: WeeklySeries[];
  perSector: WeeklySeries[];
}

const isShown = (b: BatchInfo) => b.status !== 'baseline';

/** The home page: sources with health, the latest batches, weekly counts per list and per sector. */
export async function homeView(
  repo: SiteRepository,
  sources: readonly SiteSource[],
  options: { now: number; intervalMinutes: (schedule: string) => number; weeks?: number; latest?: number },
): Promise<HomeView> {
  const weeks = lastWeeks(options.now, options.weeks ?? 12);
  const statuses = new Map((await repo.sourceStatuses()).map((s) => [s.source, s]));
  const all: { batch: BatchInfo; changes: BatchChange[] }[] = [];
  const perList: WeeklySeries[] = [];
  const sectorCounts = new Map<Sector, number[]>();
  for (const source of sources) {
    const batches = (await repo.batches(source.id, weeks[0])).filter(isShown);
    const counts = weeks.map(() => 0);
    for (const batch of batches) {
      const changes = await repo.changes(batch);
      all.push({ batch, changes });
      const w = weeks.indexOf(weekOf(batch.detectedAt));
      if (w < 0) continue;
      counts[w]! +=
        source.kind === 'feed' ? (batch.notices?.length ?? 0) : changes.filter((c) => c.material).length;
      for (const c of changes.filter((x) => x.material)) {
        for (const s of new Set(c.sectors.map((t) => t.sector))) {
          const row = sectorCounts.get(s) ?? weeks.map(() => 0);
          row[w]! += 1;
          sectorCounts.set(s, row);
        }
      }
    }
    if (source.kind === 'list') perList.push({ label: source.title, counts });
  }
  all.sort((a, b) => (a.batch.detectedAt < b.batch.detectedAt ? 1 : -1));
  return {
    sources: sources
      .filter((s) => s.polledByDefault || statuses.has(s.id))
      .map((s) => {
        const status = statuses.get(s.id);
        return {
          ...s,
          ...(status ? { status } : {}),
          health: sourceHealth(status, options.intervalMinutes(s.schedule), options.now),
        };
      }),
    latest: all.slice(0, options.latest ?? 8),
    weeks,
    perList,
    perSector: [...sectorCounts.entries()]
      .sort((a, b) => sum(b[1]) - sum(a[1]))
      .map(([label, counts]) => ({ label, counts })),
  };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export interface ChangeFilter {
  sources?: string[];
  sector?: Sector;
  kind?: ChangeKind | 'notice';
  regime?: string;
  /** `YYYY-MM-DD`, inclusive. */
  from?: string;
  to?: string;
  page?: number;
}

/** Whether a change passes the filter's sector, kind and regime (material changes only). */
export function changeMatches(c: BatchChange, f: ChangeFilter): boolean {
  if (!c.material) return false;
  if (f.kind && f.kind !== c.kind) return false;
  if (f.sector && !c.sectors.some((s) => s.sector === f.sector)) return false;
  if (f.regime) {
    const r = f.regime.toLowerCase();
    if (!c.regimes.some((x) => x.toLowerCase() === r)) return false;
  }
  return true;
}

export function noticeMatches(n: Notice, f: ChangeFilter): boolean {
  if (f.kind && f.kind !== 'notice') return false;
  if (f.sector && !n.sectors.some((s) => s.sector === f.sector)) return false;
  if (f.regime) {
    const r = f.regime.toLowerCase();
    if (!n.regimes.some((x) => x.toLowerCase() === r)) return false;
  }
  return true;
}

export interface ChangesView {
  filter: ChangeFilter;
  rows: { batch: BatchInfo; changes: BatchChange[]; notices: Notice[] }[];
  page: number;
  hasMore: boolean;
}

export const BATCHES_PER_PAGE = 10;

/** Batches newest first, each with its changes (or notices) that pass the filter; empty ones left out. */
export async function changesView(
  repo: SiteRepository,
  sources: readonly SiteSource[],
  filter: ChangeFilter,
): Promise<ChangesView> {
  const ids = filter.sources?.length ? sources.filter((s) => filter.sources!.includes(s.id)) : sources;
  const headers: BatchInfo[] = [];
  for (const s of ids) headers.push(...(await repo.batches(s.id, filter.from)).filter(isShown));
  const to = filter.to ? `${filter.to}\uffff` : undefined;
  const inRange = headers
    .filter((h) => !to || h.detectedAt <= to)
    .sort((a, b) => (a.detectedAt < b.detectedAt ? 1 : -1));
  const page = Math.max(1, filter.page ?? 1);
  const skip = (page - 1) * BATCHES_PER_PAGE;
  const rows: ChangesView['rows'] = [];
  let matched = 0;
  for (const batch of inRange) {
    const changes = (await repo.changes(batch)).filter((c) => changeMatches(c, filter));
    const notices = (batch.notices ?? []).filter((n) => noticeMatches(n, filter));
    if (!changes.length && !notices.length) continue;
    matched += 1;
    if (matched <= skip) continue;
    if (rows.length === BATCHES_PER_PAGE) return { filter, rows, page, hasMore: true };
    rows.push({ batch, changes, notices });
  }
  return { filter, rows, page, hasMore: false };
}

export interface BatchView {
  batch: BatchInfo;
  changes: BatchChange[];
  /** Changes before filtering. */
  total: number;
  notices: Notice[];
}

/** One batch with its changes (optionally only one entry's, or those passing a filter). */
export async function batchView(
  repo: SiteRepository,
  source: string,
  key: string,
  filter: ChangeFilter & { entry?: string },
): Promise<BatchView | undefined> {
  const batch = await repo.batch(source, key);
  if (!batch) return undefined;
  const all = await repo.changes(batch);
  const changes = all.filter((c) =>
    filter.entry !== undefined ? c.id === filter.entry : changeMatches({ ...c, material: true }, filter),
  );
  return { batch, changes, total: all.length, notices: batch.notices ?? [] };
}

export interface EntityView {
  source: string;
  id: string;
  entry?: Designation;
  history: { batch: BatchInfo; change: BatchChange }[];
}

/** One entity: its current entry and every recorded change of it, oldest first. */
export async function entityView(repo: SiteRepository, source: string, id: string): Promise<EntityView> {
  const entry = await repo.entry(source, id);
  const history: EntityView['history'] = [];
  for (const batch of (await repo.batches(source)).filter(isShown)) {
    for (const change of await repo.changes(batch)) if (change.id === id) history.push({ batch, change });
  }
  return { source, id, ...(entry ? { entry } : {}), history };
}
