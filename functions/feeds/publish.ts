/**
 * Publishing our Atom feeds (I/O around the pure `atom.ts`): the recent emitted batches read from
 * the store, rendered per scope, written under `<data dir>/feeds/` locally or served by the HTTP API.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type ChangeBatch, type Notice, SECTORS } from '../core/changes';
import type { BatchHeader, BatchRepo } from '../pipeline/repos';
import { toChangeBatch } from '../pipeline/repos';
import { changesAtom, type FeedScope, parseScope, scopePath } from './atom';

/** Batches per source read for the feeds (each feed keeps at most 500 entries anyway). */
export const BATCHES_PER_SOURCE = 50;

export interface PublishOptions {
  /** Every source id (lists and feeds). */
  sourceIds: readonly string[];
  sourceTitle?: (id: string) => string;
  /** Base URL the feeds are served under, e.g. `https://api.example/feeds/` (default `file:` URLs locally). */
  baseUrl?: string;
  perSource?: number;
}

/** The emitted batches (never baselines) of these sources, newest `perSource` each, with their changes and notices. */
export async function recentBatches(
  batches: BatchRepo,
  sourceIds: readonly string[],
  perSource = BATCHES_PER_SOURCE,
): Promise<ChangeBatch[]> {
  return loadBatches(batches, await recentHeaders(batches, sourceIds, perSource));
}

/** The headers of the batches `recentBatches` reads (newest `perSource` emitted per source). */
export async function recentHeaders(
  batches: BatchRepo,
  sourceIds: readonly string[],
  perSource = BATCHES_PER_SOURCE,
): Promise<BatchHeader[]> {
  const out: BatchHeader[] = [];
  for (const id of sourceIds)
    out.push(...(await batches.list(id)).filter((h) => h.status === 'emitted').slice(-perSource));
  return out;
}

/** These headers' batches, with their changes and notices. */
export async function loadBatches(
  batches: BatchRepo,
  headers: readonly BatchHeader[],
): Promise<ChangeBatch[]> {
  const out: ChangeBatch[] = [];
  for (const h of headers) {
    const notices = (h as BatchHeader & { notices?: Notice[] }).notices;
    out.push({ ...toChangeBatch(h, await batches.loadChanges(h)), ...(notices ? { notices } : {}) });
  }
  return out;
}

/** Every scope worth a file: all, each source, each sector. */
export function allScopes(sourceIds: readonly string[]): FeedScope[] {
  return [
    { kind: 'all' },
    ...sourceIds.map((id) => ({ kind: 'source' as const, id })),
    ...SECTORS.map((id) => ({ kind: 'sector' as const, id })),
  ];
}

/** Writes `all.xml`, `source/<id>.xml`, `sector/<id>.xml` under `dir` (atomically, file by file). */
export async function writeAtomFeeds(
  dir: string,
  batches: readonly ChangeBatch[],
  options: PublishOptions,
): Promise<string[]> {
  const written: string[] = [];
  for (const scope of allScopes(options.sourceIds)) {
    const rel = scopePath(scope);
    const path = join(dir, rel);
    const selfUrl = options.baseUrl ? new URL(rel, options.baseUrl).toString() : `file://${path}`;
    const xml = changesAtom(batches, {
      scope,
      selfUrl,
      ...(options.sourceTitle ? { sourceTitle: options.sourceTitle } : {}),
    });
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`; // several processes may publish at once
    await writeFile(tmp, xml);
    await rename(tmp, path);
    written.push(path);
  }
  return written;
}

/**
 * The response for `GET /feeds/<path>` (`all.xml`, `source/<id>.xml`, `sector/<id>.xml`): 200 with
 * the Atom document, or 404 for an unknown scope.
 */
export async function atomResponse(
  batches: BatchRepo,
  path: string,
  options: PublishOptions & { baseUrl: string },
): Promise<{ status: number; contentType: string; body: string }> {
  const scope = parseScope(path);
  const known =
    scope &&
    (scope.kind === 'all' ||
      (scope.kind === 'source' && options.sourceIds.includes(scope.id)) ||
      (scope.kind === 'sector' && (SECTORS as readonly string[]).includes(scope.id)));
  if (!scope || !known) {
    return {
      status: 404,
      contentType: 'text/plain; charset=utf-8',
      body: 'no such feed: use /feeds/all.xml, /feeds/source/<source-id>.xml or /feeds/sector/<sector>.xml\n',
    };
  }
  const ids = scope.kind === 'source' ? [scope.id] : options.sourceIds;
  const xml = changesAtom(await recentBatches(batches, ids, options.perSource), {
    scope,
    selfUrl: new URL(scopePath(scope), options.baseUrl).toString(),
    ...(options.sourceTitle ? { sourceTitle: options.sourceTitle } : {}),
  });
  return { status: 200, contentType: 'application/atom+xml; charset=utf-8', body: xml };
}
