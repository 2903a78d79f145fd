/**
 * Fetching a publication: conditional GET (ETag / If-Modified-Since), a timeout for the response
 * headers and an idle timeout while reading, a size cap, bounded retries with exponential backoff
 * on network errors, 5xx and 429, an identifying User-Agent, `file://` URLs, zip and gzip, and the
 * companion files of multi-file sources.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, unzipSync } from 'fflate';
import { sha256Hex } from '../core/source';

export const USER_AGENT =
  'sanctions-notifier/0.1 (+https://github.com/sanctions-notifier; sanctions list monitor)';

export interface CompanionRequest {
  /** Base name, lower case (`add.csv`). */
  name: string;
  /** Where to fetch it over HTTP (ignored for `file://`, where it is looked up beside the main file). */
  url: string;
  /** Required companions fail the fetch when missing; optional ones are skipped. */
  required: boolean;
}

export interface FetchRequest {
  url: string;
  /** Extension of the publication inside a zip (`xml`, `csv`). */
  format: string;
  maxBytes: number;
  etag?: string;
  lastModified?: string;
  companions?: CompanionRequest[];
  userAgent?: string;
  /** Time allowed until the response headers arrive (connect + server think time). Default 30 s. */
  headersTimeoutMs?: number;
  /** Longest pause allowed between two chunks of the body. Default 60 s. */
  idleTimeoutMs?: number;
  /** Attempts in all, including the first. Default 4. */
  attempts?: number;
  /** First backoff delay; doubles per retry (with jitter). Default 2 s. */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Download {
  bytes: Uint8Array;
  sha256: string;
  size: number;
  encoding?: string;
}

export type FetchResult =
  | { kind: 'not-modified'; url: string; httpStatus: 304; attempts: number }
  | {
      kind: 'fetched';
      url: string;
      httpStatus?: number;
      attempts: number;
      /** The publication (unpacked). */
      bytes: Uint8Array;
      /** What was downloaded, when it was packed (zip/gzip). */
      packed?: Download;
      etag?: string;
      lastModified?: string;
      contentType?: string;
      companions: Record<string, Uint8Array>;
    };

export class FetchError extends Error {
  /** Server-requested delay before retrying (Retry-After), when given. */
  retryAfterMs?: number;

  constructor(
    message: string,
    readonly url: string,
    readonly httpStatus?: number,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Fetches the publication and its companions. A 304 means nothing changed since `etag`/`lastModified`. */
export async function fetchPublication(req: FetchRequest): Promise<FetchResult> {
  const url = new URL(req.url);
  if (url.protocol === 'file:') return fetchFile(req, fileURLToPath(url));
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new FetchError(`unsupported URL scheme ${url.protocol}`, req.url);
  }
  const main = await httpGet(req, req.url, true);
  if (main.status === 304)
    return { kind: 'not-modified', url: req.url, httpStatus: 304, attempts: main.attempts };
  const unpacked = unpack(req, req.url, main.body!);
  const companions = { ...unpacked.companions };
  for (const c of req.companions ?? []) {
    if (companions[c.name]) continue;
    const got = await httpGet(req, c.url, false, !c.required);
    if (got.status === 404) continue;
    companions[c.name] = unpack(req, c.url, got.body!).bytes;
  }
  return {
    kind: 'fetched',
    url: req.url,
    httpStatus: main.status,
    attempts: main.attempts,
    bytes: unpacked.bytes,
    ...(unpacked.packed ? { packed: unpacked.packed } : {}),
    ...(main.etag ? { etag: main.etag } : {}),
    ...(main.lastModified ? { lastModified: main.lastModified } : {}),
    ...(main.contentType ? { contentType: main.contentType } : {}),
    companions,
  };
}

async function fetchFile(req: FetchRequest, path: string): Promise<FetchResult> {
  const read = async (p: string) => {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(p);
    } catch {
      throw new FetchError(`no such file: ${p}`, `file://${p}`);
    }
    if (!info.isFile()) throw new FetchError(`not a file: ${p}`, `file://${p}`);
    if (info.size > req.maxBytes) {
      throw new FetchError(`${p} is ${info.size} bytes, above the cap of ${req.maxBytes}`, `file://${p}`);
    }
    return new Uint8Array(await readFile(p));
  };
  const url = `file://${path}`;
  const unpacked = unpack(req, url, await read(path));
  const companions = { ...unpacked.companions };
  const wanted = (req.companions ?? []).map((c) => c.name).filter((n) => !companions[n]);
  if (wanted.length) {
    const self = basename(path).toLowerCase();
    for (const file of await readdir(dirname(path))) {
      const lower = file.toLowerCase();
      if (lower !== self && wanted.includes(lower))
        companions[lower] = unpack(req, url, await read(join(dirname(path), file))).bytes;
    }
  }
  return {
    kind: 'fetched',
    url,
    attempts: 1,
    bytes: unpacked.bytes,
    ...(unpacked.packed ? { packed: unpacked.packed } : {}),
    companions,
  };
}

const isZip = (b: Uint8Array) =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Unpacks zip/gzip downloads, refusing anything that unpacks beyond the size cap. */
function unpack(
  req: FetchRequest,
  url: string,
  raw: Uint8Array,
): { bytes: Uint8Array; packed?: Download; companions: Record<string, Uint8Array> } {
  const packed = (encoding: string): Download => ({
    bytes: raw,
    sha256: sha256Hex(raw),
    size: raw.byteLength,
    encoding,
  });
  if (isGzip(raw)) {
    let bytes: Uint8Array;
    try {
      bytes = gunzipSync(raw);
    } catch (error) {
      throw new FetchError(`cannot decompress the gzip download: ${(error as Error).message}`, url);
    }
    if (bytes.byteLength > req.maxBytes)
      throw new FetchError(`unpacks to more than the cap of ${req.maxBytes} bytes`, url);
    return { bytes, packed: packed('gzip'), companions: {} };
  }
  if (!isZip(raw)) return { bytes: raw, companions: {} };
  const wanted = new Set((req.companions ?? []).map((c) => c.name));
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(raw, {
      filter: (f) => {
        total += f.originalSize;
        if (total > req.maxBytes) throw new Error(`unpacks to more than the cap of ${req.maxBytes} bytes`);
        return !f.name.endsWith('/');
      },
    });
  } catch (error) {
    throw new FetchError(`cannot unpack the zip download: ${(error as Error).message}`, url);
  }
  const companions: Record<string, Uint8Array> = {};
  const candidates: [string, Uint8Array][] = [];
  const entries = Object.entries(files);
  for (const [name, data] of entries) {
    const base = basename(name).toLowerCase();
    if (wanted.has(base)) companions[base] = data;
    else if (entries.length === 1 || extname(base) === `.${req.format}`) candidates.push([name, data]);
  }
  if (candidates.length !== 1) {
    throw new FetchError(
      `cannot tell which file of the zip is the publication (it holds ${entries.map(([n]) => n).join(', ') || 'nothing'})`,
      url,
    );
  }
  const [name, bytes] = candidates[0]!;
  return { bytes, packed: packed(`zip:${name}`), companions };
}

interface HttpOutcome {
  status: number;
  attempts: number;
  body?: Uint8Array;
  etag?: string;
  lastModified?: string;
  contentType?: string;
}

/** One GET with retries. `conditional` sends the validators; `allow404` returns a 404 instead of failing. */
async function httpGet(
  req: FetchRequest,
  url: string,
  conditional: boolean,
  allow404 = false,
): Promise<HttpOutcome> {
  const attempts = Math.max(1, req.attempts ?? 4);
  const sleep = req.sleep ?? defaultSleep;
  let last: FetchError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) {
      const base = (req.backoffMs ?? 2000) * 2 ** (attempt - 2);
      await sleep(last?.retryAfterMs ?? base + Math.floor(Math.random() * base * 0.25));
    }
    try {
      const outcome = await httpGetOnce(req, url, conditional);
      if (outcome.status === 404 && !allow404) throw new FetchError(`HTTP 404 from ${url}`, url, 404, false);
      return { ...outcome, attempts: attempt };
    } catch (error) {
      last =
        error instanceof FetchError
          ? error
          : new FetchError(`network error: ${describe(error)}`, url, undefined, true);
      if (!last.retryable) throw last;
    }
  }
  throw new FetchError(`${last!.message} (after ${attempts} attempts)`, url, last!.httpStatus);
}

function describe(error: unknown): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.cause?.message ?? e.message;
}

async function httpGetOnce(
  req: FetchRequest,
  url: string,
  conditional: boolean,
): Promise<Omit<HttpOutcome, 'attempts'>> {
  const controller = new AbortController();
  const headersTimer = setTimeout(
    () => controller.abort(new Error('timed out waiting for the response')),
    req.headersTimeoutMs ?? 30_000,
  );
  const headers: Record<string, string> = {
    'user-agent': req.userAgent ?? USER_AGENT,
    accept: '*/*',
    'accept-encoding': 'gzip',
  };
  if (conditional && req.etag) headers['if-none-match'] = req.etag;
  if (conditional && req.lastModified) headers['if-modified-since'] = req.lastModified;
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: controller.signal, redirect: 'follow' });
  } catch (error) {
    clearTimeout(headersTimer);
    const reason = controller.signal.aborted
      ? String((controller.signal.reason as Error).message)
      : describe(error);
    throw new FetchError(`network error: ${reason}`, url, undefined, true);
  }
  clearTimeout(headersTimer);
  const status = response.status;
  if (status === 304) {
    await response.body?.cancel();
    return { status };
  }
  if (status === 404) {
    await response.body?.cancel();
    return { status };
  }
  if (status >= 500 || status === 429) {
    await response.body?.cancel();
    const error = new FetchError(`HTTP ${status} from ${url}`, url, status, true);
    const retryAfter = Number(response.headers.get('retry-after'));
    if (Number.isFinite(retryAfter) && retryAfter > 0) error.retryAfterMs = Math.min(retryAfter, 300) * 1000;
    throw error;
  }
  if (status !== 200) {
    await response.body?.cancel();
    throw new FetchError(`HTTP ${status} from ${url}`, url, status, false);
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > req.maxBytes) {
    await response.body?.cancel();
    throw new FetchError(`the response is ${declared} bytes, above the cap of ${req.maxBytes}`, url, status);
  }
  const body = await readCapped(response, req, url, controller);
  const out: Omit<HttpOutcome, 'attempts'> = { status, body };
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  const contentType = response.headers.get('content-type');
  if (etag) out.etag = etag;
  if (lastModified) out.lastModified = lastModified;
  if (contentType) out.contentType = contentType;
  return out;
}

async function readCapped(
  response: Response,
  req: FetchRequest,
  url: string,
  controller: AbortController,
): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  const parts: Uint8Array[] = [];
  let size = 0;
  const idle = req.idleTimeoutMs ?? 60_000;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    let idleExpired = false;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        idleExpired = true;
        controller.abort();
        reject(
          new FetchError(
            `network error: no data for ${idle} ms while reading the body`,
            url,
            response.status,
            true,
          ),
        );
      }, idle);
    });
    let chunk: Awaited<ReturnType<typeof reader.read>>;
    try {
      chunk = await Promise.race([reader.read(), timeout]);
    } catch (error) {
      if (error instanceof FetchError) throw error;
      if (idleExpired) {
        throw new FetchError(
          `network error: no data for ${idle} ms while reading the body`,
          url,
          response.status,
          true,
        );
      }
      throw new FetchError(
        `network error while reading the body: ${describe(error)}`,
        url,
        response.status,
        true,
      );
    } finally {
      clearTimeout(timer);
    }
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > req.maxBytes) {
      controller.abort();
      throw new FetchError(`the response exceeds the cap of ${req.maxBytes} bytes`, url, response.status);
    }
    parts.push(chunk.value);
  }
  return new Uint8Array(Buffer.concat(parts));
}
