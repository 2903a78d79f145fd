/**
 * The poll shell, once for lists (poll.ts) and notice feeds (feed-poll.ts): resume a batch left
 * pending → fetch (conditional GET, `file://`, companions; hashed while reading) → unchanged
 * short-circuit on those hashes, before any copy, archive or parse (the pure decision,
 * core/poll-decision.ts) → archive → hand the publication to the kind-specific part, which
 * parses, decides, persists and emits → fail-then-alert (the operator hears of a source failing
 * `failureAlertAfter` checks in a row). Never throws for publication or network problems: they are
 * outcomes.
 */
import { decidePoll } from '../core/poll-decision';
import { type SourceDefinition, sha256Hex } from '../core/source';
import { type FetchRequest, fetchPublication } from './fetch';
import type { PipelineStep, PollDeps } from './ports';
import type { PublicationFiles, SourceState } from './repos';

export const DEFAULT_FAILURE_ALERT_AFTER = 3;

export interface ShellOptions {
  /** Fetch from here instead of the definition's URL (`file://` included). */
  url?: string;
  /** Alert the operator when this many checks in a row failed. Default 3. */
  failureAlertAfter?: number;
  /** Fetch tuning (timeouts, attempts, backoff, sleep). */
  fetch?: Partial<Omit<FetchRequest, 'url' | 'format' | 'maxBytes' | 'etag' | 'lastModified' | 'companions'>>;
}

/** The publication in hand, whether just fetched or read back from the archive. */
export interface PublicationInput {
  sha256: string;
  /** The publication as fetched (archived already); `process` may drop it once parsed. */
  bytes: Uint8Array;
  companions: Record<string, Uint8Array>;
  files: PublicationFiles;
  fetchedFrom: string;
  etag?: string;
  lastModified?: string;
}

export type Failed = { kind: 'failed'; error: string; httpStatus?: number };
export type ShellOutcome<R> = { kind: 'not-modified' } | { kind: 'unchanged'; sha256: string } | Failed | R;

/** The kind-specific part of a poll (a list's, a feed's). */
export interface PollPart<R, Resumed> {
  readonly def: SourceDefinition;
  /** The source state as the part keeps it up to date. */
  state: SourceState;
  /** Finishes a batch an interrupted run left pending (idempotent). */
  resumePending(): Promise<Resumed | undefined>;
  /** A new publication: parse, decide, persist, emit. `fail` turns a refusal into a failed check. */
  process(input: PublicationInput, fail: (error: unknown) => Promise<Failed>): Promise<R>;
  /** The log line of a failed check. */
  failureLog(error: unknown): string;
}

/** sha256 identifying a publication: its file's, or for multi-file publications of all its files. */
export function publicationSha256(files: PublicationFiles): string {
  const names = Object.keys(files.companions ?? {}).sort();
  if (names.length === 0) return files.main;
  return sha256Hex(JSON.stringify([files.main, ...names.map((n) => [n, files.companions![n]])]));
}

export function oneLine(error: unknown): string {
  return ((error as Error).message ?? String(error)).split('\n')[0]!;
}

function companionRequests(def: SourceDefinition, overridden: string | undefined) {
  return Object.entries(def.companions ?? {}).map(([name, url]) => ({
    name: name.toLowerCase(),
    // Beside an overriding URL, companions are looked up next to it and are optional.
    url: overridden ? new URL(name, overridden).toString() : url,
    required: !overridden,
  }));
}

/** One poll of one source through its kind-specific part. */
export async function runPoll<R, Resumed>(
  deps: PollDeps,
  part: PollPart<R, Resumed>,
  options: ShellOptions,
): Promise<{ resumed?: Resumed; outcome: ShellOutcome<R> }> {
  const { store, archive } = deps;
  const { def } = part;
  const id = def.id;
  const nowIso = () => deps.now().toISOString();
  const step = async (s: PipelineStep) => deps.fault?.(s);
  part.state = await store.sources.get(id);
  const resumed = await part.resumePending();
  const done = (outcome: ShellOutcome<R>) => ({ ...(resumed !== undefined ? { resumed } : {}), outcome });

  const fail = async (error: unknown): Promise<Failed> => {
    const message = oneLine(error);
    const httpStatus = (error as { httpStatus?: number }).httpStatus;
    const at = nowIso();
    await store.sources.record(
      id,
      { lastCheckAt: at, lastOutcome: 'failed', lastErrorAt: at, lastError: message },
      { incrementFailures: true },
    );
    const failures = (await store.sources.get(id)).consecutiveFailures ?? 1;
    deps.log?.({
      level: 'error',
      message: part.failureLog(error),
      source: id,
      httpStatus,
      error: message,
      consecutiveFailures: failures,
    });
    if (failures === (options.failureAlertAfter ?? DEFAULT_FAILURE_ALERT_AFTER)) {
      await deps.alerts.alert({
        kind: 'fetch-failing',
        source: id,
        message: `${id}: ${failures} checks in a row failed; last: ${message}`,
        at,
      });
    }
    return { kind: 'failed', error: message, ...(httpStatus ? { httpStatus } : {}) };
  };

  let fetched: Awaited<ReturnType<typeof fetchPublication>>;
  try {
    fetched = await fetchPublication({
      ...options.fetch,
      url: options.url ?? def.url,
      format: def.format,
      maxBytes: def.maxBytes,
      ...(def.redirectHosts ? { publisherRedirectHosts: def.redirectHosts } : {}),
      companions: companionRequests(def, options.url),
      // Validators only belong to the URL they came from.
      ...(options.url === undefined && part.state.etag ? { etag: part.state.etag } : {}),
      ...(options.url === undefined && part.state.lastModified
        ? { lastModified: part.state.lastModified }
        : {}),
    });
  } catch (error) {
    return done(await fail(error));
  }
  await step('fetched');
  const at = nowIso();
  if (fetched.kind === 'not-modified') {
    await store.sources.record(id, {
      lastCheckAt: at,
      lastSuccessAt: at,
      lastOutcome: 'not-modified',
      consecutiveFailures: 0,
    });
    return done({ kind: 'not-modified' });
  }
  const common = {
    source: id,
    fetchedFrom: fetched.url,
    fetchedAt: at,
    ...(fetched.httpStatus ? { httpStatus: fetched.httpStatus } : {}),
    ...(fetched.etag ? { etag: fetched.etag } : {}),
    ...(fetched.lastModified ? { lastModified: fetched.lastModified } : {}),
    ...(fetched.contentType ? { contentType: fetched.contentType } : {}),
  };
  // The publication's identity comes from the hashes taken while reading: an unchanged publication
  // is recognised before anything is archived, parsed or copied.
  const hasCompanions = Object.keys(fetched.companionSha256).length > 0;
  const files: PublicationFiles = {
    main: fetched.sha256,
    ...(hasCompanions ? { companions: fetched.companionSha256 } : {}),
  };
  const input: PublicationInput = {
    sha256: publicationSha256(files),
    bytes: fetched.bytes,
    companions: fetched.companions,
    files,
    fetchedFrom: fetched.url,
    ...(fetched.etag ? { etag: fetched.etag } : {}),
    ...(fetched.lastModified ? { lastModified: fetched.lastModified } : {}),
  };
  if (decidePoll(part.state, input, undefined).kind === 'unchanged') {
    await store.sources.record(id, {
      lastCheckAt: at,
      lastSuccessAt: at,
      lastOutcome: 'unchanged',
      consecutiveFailures: 0,
      ...(options.url === undefined ? { etag: fetched.etag, lastModified: fetched.lastModified } : {}),
    });
    return done({ kind: 'unchanged', sha256: input.sha256 });
  }
  for (const [name, bytes] of Object.entries(fetched.companions)) {
    await archive.put(bytes, { ...common, role: `companion:${name}` });
  }
  await archive.put(fetched.bytes, {
    ...common,
    role: 'main',
    ...(fetched.packed
      ? {
          unpackedFrom: {
            encoding: fetched.packed.encoding!,
            sha256: fetched.packed.sha256,
            bytes: fetched.packed.size,
          },
        }
      : {}),
    ...(hasCompanions ? { companions: fetched.companionSha256 } : {}),
  });
  await step('archived');
  // From here `input` is the only holder of the bytes, so that `process` can let them go once parsed.
  fetched = undefined as never;
  return done(await part.process(input, fail));
}
