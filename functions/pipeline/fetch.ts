/**
 * Fetching a publication: conditional GET (ETag / If-Modified-Since) through the proxy the
 * environment names (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`, see proxy.ts), a connect timeout, a
 * timeout for the response headers and an idle timeout while reading, a size cap (declared length,
 * while streaming, and while inflating), transfers shorter than their Content-Length or cut by a
 * closed connection refused, redirects followed only within the publisher's registrable domain (or
 * `FETCH_REDIRECT_ALLOW_HOSTS`), bounded retries with exponential backoff on network errors, 5xx
 * and 429, an identifying User-Agent, `file://` URLs, zip and gzip, and the companion files of
 * multi-file sources. Every failure is one line: `fetch <url>: <host and reason>`.
 */
import { createHash, type Hash } from 'node:crypto';
import { type FileHandle, open, readdir } from 'node:fs/promises';
import { isIP } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Undici from 'undici';
import type { Dispatcher } from 'undici';
import { sha256Hex } from '../core/source';
import { dispatcherFor, proxyLabel } from './proxy';
import { gunzipCapped, inflateZip, isGzip, isZip, pickPublication } from './unpack';

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
  /** Time allowed to open a connection (to the host, or to the proxy). Default 5 s. */
  connectTimeoutMs?: number;
  /** Time allowed until the response headers arrive (connect + server think time). Default 30 s. */
  headersTimeoutMs?: number;
  /** Longest pause allowed between two chunks of the body. Default 60 s. */
  idleTimeoutMs?: number;
  /** Attempts in all, including the first. Default 4. */
  attempts?: number;
  /** First backoff delay; doubles per retry (with jitter). Default 2 s. */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Hosts a redirect may lead to besides the URL's own registrable domain (an entry matches the
   * host and its subdomains). Default: `FETCH_REDIRECT_ALLOW_HOSTS`, comma-separated.
   */
  redirectAllowHosts?: string[];
  /** Hosts the publisher's definition says its downloads redirect to (allowed in addition). */
  publisherRedirectHosts?: readonly string[];
  /** Extra trusted CA certificates (PEM) for https targets (tests; operators use NODE_EXTRA_CA_CERTS). */
  ca?: string;
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
      /** sha256 of `bytes` (hashed while reading when the download is not packed). */
      sha256: string;
      /** What was downloaded, when it was packed (zip/gzip). */
      packed?: Download;
      etag?: string;
      lastModified?: string;
      contentType?: string;
      companions: Record<string, Uint8Array>;
      /** sha256 of each companion's bytes. */
      companionSha256: Record<string, string>;
    };

/** Bytes as read, with their sha256 computed while they were read. */
interface Hashed {
  bytes: Uint8Array;
  sha256: string;
}

export class FetchError extends Error {
  /** Server-requested delay before retrying (Retry-After), when given. */
  retryAfterMs?: number;
  /** No connection could be opened (DNS, refused, unreachable, connect timeout): retried once only. */
  notConnected?: boolean;

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
    throw new FetchError(`fetch ${req.url}: unsupported URL scheme ${url.protocol}`, req.url);
  }
  const main = await httpGet(req, req.url, true);
  if (main.status === 304)
    return { kind: 'not-modified', url: req.url, httpStatus: 304, attempts: main.attempts };
  const unpacked = unpack(req, req.url, main.body!);
  const companions = new Companions(unpacked.companions);
  for (const c of req.companions ?? []) {
    if (companions.has(c.name)) continue;
    const got = await httpGet(req, c.url, false, !c.required);
    if (got.status === 404) continue;
    companions.add(c.name, unpack(req, c.url, got.body!));
  }
  return {
    kind: 'fetched',
    url: req.url,
    httpStatus: main.status,
    attempts: main.attempts,
    bytes: unpacked.bytes,
    sha256: unpacked.sha256,
    ...(unpacked.packed ? { packed: unpacked.packed } : {}),
    ...(main.etag ? { etag: main.etag } : {}),
    ...(main.lastModified ? { lastModified: main.lastModified } : {}),
    ...(main.contentType ? { contentType: main.contentType } : {}),
    ...companions.result(),
  };
}

/** Companion files collected for a fetch, each with its sha256. */
class Companions {
  readonly bytes: Record<string, Uint8Array> = {};
  readonly sha256: Record<string, string> = {};

  constructor(fromArchive: Record<string, Uint8Array>) {
    for (const [name, bytes] of Object.entries(fromArchive))
      this.add(name, { bytes, sha256: sha256Hex(bytes) });
  }

  has(name: string): boolean {
    return name in this.bytes;
  }

  add(name: string, file: Hashed): void {
    this.bytes[name] = file.bytes;
    this.sha256[name] = file.sha256;
  }

  result() {
    return { companions: this.bytes, companionSha256: this.sha256 };
  }
}

async function fetchFile(req: FetchRequest, path: string): Promise<FetchResult> {
  const url = `file://${path}`;
  const unpacked = unpack(req, url, await readFileHashed(path, req.maxBytes));
  const companions = new Companions(unpacked.companions);
  const wanted = (req.companions ?? []).map((c) => c.name).filter((n) => !companions.has(n));
  if (wanted.length) {
    const self = basename(path).toLowerCase();
    for (const file of await readdir(dirname(path))) {
      const lower = file.toLowerCase();
      if (lower !== self && wanted.includes(lower))
        companions.add(
          lower,
          unpack(req, url, await readFileHashed(join(dirname(path), file), req.maxBytes)),
        );
    }
  }
  return {
    kind: 'fetched',
    url,
    attempts: 1,
    bytes: unpacked.bytes,
    sha256: unpacked.sha256,
    ...(unpacked.packed ? { packed: unpacked.packed } : {}),
    ...companions.result(),
  };
}

const READ_CHUNK = 1 << 20;

/**
 * Reads a file into one buffer of its size (no copy), hashing each chunk as it arrives. The cap is
 * checked on the size `stat` gives before anything is allocated, and again while reading (a file
 * that grows past its size is refused rather than buffered).
 */
async function readFileHashed(p: string, maxBytes: number): Promise<Hashed> {
  const where = `file://${p}`;
  let file: FileHandle;
  try {
    file = await open(p, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FetchError(
      `fetch ${where}: ${code === 'ENOENT' ? 'no such file' : `cannot read it (${code})`}`,
      where,
    );
  }
  try {
    const info = await file.stat();
    if (!info.isFile()) throw new FetchError(`fetch ${where}: not a file`, where);
    if (info.size > maxBytes) {
      throw new FetchError(
        `fetch ${where}: the file is ${info.size} bytes, above the cap of ${maxBytes}`,
        where,
      );
    }
    const buffer = Buffer.allocUnsafe(info.size);
    const hash = createHash('sha256');
    let size = 0;
    while (size < buffer.byteLength) {
      const { bytesRead } = await file.read(
        buffer,
        size,
        Math.min(READ_CHUNK, buffer.byteLength - size),
        size,
      );
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(size, size + bytesRead));
      size += bytesRead;
    }
    const more = await file.read(Buffer.alloc(1), 0, 1, size);
    if (size !== info.size || more.bytesRead !== 0) {
      throw new FetchError(`fetch ${where}: the file changed size while it was read`, where, undefined, true);
    }
    return { bytes: asPlainBytes(buffer), sha256: hash.digest('hex') };
  } finally {
    await file.close();
  }
}

/** A plain `Uint8Array` view of a Buffer's bytes (no copy). */
function asPlainBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Unpacks zip/gzip downloads, refusing anything that unpacks beyond the size cap. */
function unpack(
  req: FetchRequest,
  url: string,
  download: Hashed,
): Hashed & { packed?: Download; companions: Record<string, Uint8Array> } {
  const raw = download.bytes;
  const packed = (encoding: string): Download => ({
    bytes: raw,
    sha256: download.sha256,
    size: raw.byteLength,
    encoding,
  });
  const unpacked = (bytes: Uint8Array) => ({ bytes, sha256: sha256Hex(bytes) });
  if (isGzip(raw)) {
    try {
      return { ...unpacked(gunzipCapped(raw, req.maxBytes)), packed: packed('gzip'), companions: {} };
    } catch (error) {
      throw new FetchError(
        `fetch ${url}: ${(error as Error).message.replace('gzip file', 'gzip download')}`,
        url,
      );
    }
  }
  if (!isZip(raw)) return { ...download, companions: {} };
  let picked: ReturnType<typeof pickPublication>;
  try {
    picked = pickPublication(
      inflateZip(raw, req.maxBytes),
      req.format,
      (req.companions ?? []).map((c) => c.name),
    );
  } catch (error) {
    const why = (error as Error).message;
    throw new FetchError(
      `fetch ${url}: ${why.startsWith('cannot tell') ? why : `cannot unpack the zip download: ${why}`}`,
      url,
    );
  }
  return { ...unpacked(picked.bytes), packed: packed(`zip:${picked.name}`), companions: picked.companions };
}

interface HttpOutcome {
  status: number;
  attempts: number;
  body?: Hashed;
  etag?: string;
  lastModified?: string;
  contentType?: string;
}

/**
 * One GET with retries. `conditional` sends the validators; `allow404` returns a 404 instead of
 * failing. A connection that cannot be opened at all (no network, DNS, refused, connect timeout) is
 * tried twice only, so that a poll without network fails within seconds per source.
 */
async function httpGet(
  req: FetchRequest,
  url: string,
  conditional: boolean,
  allow404 = false,
): Promise<HttpOutcome> {
  const attempts = Math.max(1, req.attempts ?? 4);
  const sleep = req.sleep ?? defaultSleep;
  let last: FetchError | undefined;
  let attempt = 1;
  for (; attempt <= attempts; attempt++) {
    if (attempt > 1) {
      const base = (req.backoffMs ?? 2000) * 2 ** (attempt - 2);
      await sleep(last?.retryAfterMs ?? base + Math.floor(Math.random() * base * 0.25));
    }
    try {
      const outcome = await httpGetOnce(req, url, conditional);
      if (outcome.status === 404 && !allow404)
        throw new FetchError(`fetch ${url}: HTTP 404 from ${new URL(url).hostname}`, url, 404, false);
      return { ...outcome, attempts: attempt };
    } catch (error) {
      last =
        error instanceof FetchError
          ? error
          : new FetchError(`fetch ${url}: ${(error as Error).message}`, url, undefined, true);
      if (!last.retryable) throw last;
      if (last.notConnected && attempt >= 2) break;
    }
  }
  const tried = Math.min(attempt, attempts);
  throw new FetchError(`${last!.message} (after ${tried} attempts)`, url, last!.httpStatus);
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/** Follows redirects itself, each hop checked against the redirect policy. */
async function httpGetOnce(
  req: FetchRequest,
  url: string,
  conditional: boolean,
): Promise<Omit<HttpOutcome, 'attempts'>> {
  const origin = new URL(url);
  let current = origin;
  for (let hop = 0; ; hop++) {
    const got = await requestOnce(req, url, current, conditional);
    if (!('location' in got)) return got;
    const next = checkRedirect(req, url, origin, current, got.location);
    if (hop >= MAX_REDIRECTS) throw new FetchError(`fetch ${url}: more than ${MAX_REDIRECTS} redirects`, url);
    current = next;
  }
}

/**
 * Where a redirect may lead: http(s) only, never from https down to http, and only to the
 * registrable domain of the URL first asked for, or a host of the allow-list.
 */
function checkRedirect(req: FetchRequest, url: string, origin: URL, from: URL, location: string): URL {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new FetchError(`fetch ${url}: ${from.host} redirected to an invalid URL`, url);
  }
  if (next.protocol !== 'https:' && next.protocol !== 'http:')
    throw new FetchError(`fetch ${url}: ${from.host} redirected to a ${next.protocol} URL: refused`, url);
  if (from.protocol === 'https:' && next.protocol === 'http:')
    throw new FetchError(`fetch ${url}: ${from.host} redirected from https to http: refused`, url);
  const allow = [
    ...(req.redirectAllowHosts ?? redirectAllowHostsFromEnv()),
    ...(req.publisherRedirectHosts ?? []),
  ];
  if (!samePublisher(next.hostname, origin.hostname) && !allow.some((h) => hostMatches(next.hostname, h))) {
    throw new FetchError(
      `fetch ${url}: redirected from ${from.hostname} to ${next.hostname}, outside the publisher's domain ` +
        `${registrableDomain(origin.hostname)}: refused (FETCH_REDIRECT_ALLOW_HOSTS can allow it)`,
      url,
    );
  }
  return next;
}

export function redirectAllowHostsFromEnv(): string[] {
  return (process.env.FETCH_REDIRECT_ALLOW_HOSTS ?? '')
    .split(/[,\s]+/)
    .map((h) =>
      h
        .trim()
        .toLowerCase()
        .replace(/^\*?\./, ''),
    )
    .filter(Boolean);
}

const hostMatches = (host: string, entry: string) => {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === entry || h.endsWith(`.${entry}`);
};

/**
 * Registrable domains that belong to one publisher: the US Treasury serves OFAC's files from
 * `treasury.gov` and `treas.gov` alike (`www.treasury.gov/ofac/downloads/…` has redirected to the
 * Sanctions List Service).
 */
const PUBLISHER_DOMAINS: readonly (readonly string[])[] = [['treasury.gov', 'treas.gov']];

/** Whether two hosts are the same publisher: one registrable domain, or one publisher's domains. */
export function samePublisher(a: string, b: string): boolean {
  const [da, db] = [registrableDomain(a), registrableDomain(b)];
  return da === db || PUBLISHER_DOMAINS.some((group) => group.includes(da) && group.includes(db));
}

/** Shared-hosting suffixes under which each customer's name is its own site (from the Public Suffix List). */
const SHARED_SUFFIXES = [
  'blob.core.windows.net',
  'azureedge.net',
  'azurewebsites.net',
  's3.amazonaws.com',
  'amazonaws.com',
  'cloudfront.net',
  'storage.googleapis.com',
  'appspot.com',
  'github.io',
  'herokuapp.com',
  'netlify.app',
  'pages.dev',
];
/** Second-level labels under a two-letter country code that are public suffixes (`gov.uk`, `co.jp`). */
const COUNTRY_SECOND_LEVEL = new Set([
  'ac',
  'co',
  'com',
  'edu',
  'gov',
  'govt',
  'gv',
  'mil',
  'net',
  'nhs',
  'or',
  'org',
]);

/**
 * The registrable domain of a host, from a built-in approximation of the Public Suffix List:
 * `sanctionslistservice.ofac.treas.gov` → `treas.gov`, `sanctionslist.fcdo.gov.uk` → `fcdo.gov.uk`,
 * `x.blob.core.windows.net` → `x.blob.core.windows.net`. IP addresses and `localhost` are their own.
 */
export function registrableDomain(host: string): string {
  const h = host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (isIP(h)) return h;
  const shared = SHARED_SUFFIXES.find((s) => h.endsWith(`.${s}`));
  const labels = h.split('.');
  if (shared) return labels.slice(-(shared.split('.').length + 1)).join('.');
  if (labels.length <= 2) return h;
  const [sld, tld] = labels.slice(-2) as [string, string];
  return labels.slice(tld.length === 2 && COUNTRY_SECOND_LEVEL.has(sld) ? -3 : -2).join('.');
}

/** One request to `target` (no redirect followed); a redirect gives its Location. */
async function requestOnce(
  req: FetchRequest,
  url: string,
  target: URL,
  conditional: boolean,
): Promise<Omit<HttpOutcome, 'attempts'> | { location: string }> {
  const connectTimeoutMs = req.connectTimeoutMs ?? 5_000;
  const { dispatcher, proxy } = await dispatcherFor(target, {
    connectTimeoutMs,
    ...(req.ca ? { ca: req.ca } : {}),
  });
  const where = {
    url,
    host: target.hostname,
    connectTimeoutMs,
    ...(proxy ? { proxy: proxyLabel(proxy) } : {}),
  };
  try {
    return await exchange(req, target, conditional, dispatcher, where);
  } finally {
    dispatcher.destroy().catch(() => {});
  }
}

interface Where {
  url: string;
  host: string;
  connectTimeoutMs: number;
  proxy?: string;
}

async function exchange(
  req: FetchRequest,
  target: URL,
  conditional: boolean,
  dispatcher: Dispatcher,
  where: Where,
): Promise<Omit<HttpOutcome, 'attempts'> | { location: string }> {
  const { url, host } = where;
  const headersTimeout = req.headersTimeoutMs ?? 30_000;
  const controller = new AbortController();
  const headersTimer = setTimeout(() => controller.abort(), headersTimeout);
  const headers: Record<string, string> = {
    'user-agent': req.userAgent ?? USER_AGENT,
    accept: '*/*',
    'accept-encoding': 'gzip',
  };
  if (conditional && req.etag) headers['if-none-match'] = req.etag;
  if (conditional && req.lastModified) headers['if-modified-since'] = req.lastModified;
  let response: Awaited<ReturnType<typeof Undici.fetch>>;
  try {
    const { fetch: undiciFetch } = await import('undici');
    response = await undiciFetch(target, {
      headers,
      signal: controller.signal,
      redirect: 'manual',
      dispatcher,
    });
  } catch (error) {
    if (controller.signal.aborted)
      throw new FetchError(
        `fetch ${url}: ${host} sent no response within ${headersTimeout} ms`,
        url,
        undefined,
        true,
      );
    throw networkError(error, where);
  } finally {
    clearTimeout(headersTimer);
  }
  const status = response.status;
  const fail = (message: string, retryable: boolean) =>
    new FetchError(`fetch ${url}: ${message}`, url, status, retryable);
  if (REDIRECTS.has(status)) {
    await response.body?.cancel();
    const location = response.headers.get('location');
    if (!location) throw fail(`HTTP ${status} from ${host} without a Location`, false);
    return { location };
  }
  if (status === 304 || status === 404) {
    await response.body?.cancel();
    return { status };
  }
  if (status >= 500 || status === 429) {
    await response.body?.cancel();
    const error = fail(`HTTP ${status} from ${host}`, true);
    const retryAfter = Number(response.headers.get('retry-after'));
    if (Number.isFinite(retryAfter) && retryAfter > 0) error.retryAfterMs = Math.min(retryAfter, 300) * 1000;
    throw error;
  }
  if (status !== 200) {
    await response.body?.cancel();
    throw fail(`HTTP ${status} from ${host}`, false);
  }
  const lengthHeader = response.headers.get('content-length');
  const declared = lengthHeader === null ? undefined : Number(lengthHeader);
  if (declared !== undefined && Number.isFinite(declared) && declared > req.maxBytes) {
    await response.body?.cancel();
    throw new FetchError(
      `fetch ${url}: the response is ${declared} bytes, above the cap of ${req.maxBytes}`,
      url,
    );
  }
  const body = await readCapped(response, req, controller, where);
  // undici refuses a body cut short of its length or a chunked body without its last chunk; this
  // check keeps the guarantee whatever the transport (the length is of the encoded body, so it only
  // applies when no content-encoding was decoded).
  if (
    declared !== undefined &&
    Number.isFinite(declared) &&
    !response.headers.get('content-encoding') &&
    body.bytes.byteLength !== declared
  ) {
    throw new FetchError(
      `fetch ${url}: ${host} sent ${body.bytes.byteLength} of the ${declared} bytes it announced: incomplete transfer refused`,
      url,
      undefined,
      true,
    );
  }
  const out: Omit<HttpOutcome, 'attempts'> = { status, body };
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  const contentType = response.headers.get('content-type');
  if (etag) out.etag = etag;
  if (lastModified) out.lastModified = lastModified;
  if (contentType) out.contentType = contentType;
  return out;
}

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);

/** The innermost error code and message of an undici/fetch failure. */
function rootCause(error: unknown): { code?: string; message: string } {
  let e = error as (Error & { code?: string; cause?: unknown }) | undefined;
  let best: { code?: string; message: string } = { message: String((e as Error)?.message ?? error) };
  for (let depth = 0; e && depth < 5; depth++) {
    if (e.code || e.message) best = { ...(e.code ? { code: e.code } : {}), message: e.message };
    e = e.cause as typeof e;
  }
  return best;
}

/** One line naming the host (and the proxy) and the reason a request failed before its response. */
function networkError(error: unknown, where: Where): FetchError {
  const { code, message } = rootCause(error);
  const { url, host, proxy } = where;
  const via = proxy ? ` through proxy ${proxy}` : '';
  const reason = code ?? message;
  let text: string;
  let notConnected = false;
  if (code && DNS_CODES.has(code)) {
    text = proxy ? `cannot resolve proxy ${proxy}: ${code}` : `cannot resolve ${host}: ${code}`;
    notConnected = true;
  } else if (code && CONNECT_CODES.has(code)) {
    const what =
      code === 'UND_ERR_CONNECT_TIMEOUT' ? `no connection within ${where.connectTimeoutMs} ms` : code;
    text = proxy
      ? `cannot connect to proxy ${proxy} (for ${host}): ${what}`
      : `cannot connect to ${host}: ${what}`;
    notConnected = true;
  } else if (/Proxy response \((\d+)\)/.test(message)) {
    // 502/503/504 from the proxy: it could not reach the host now; other statuses (403, 407) last.
    const status = Number(/Proxy response \((\d+)\)/.exec(message)![1]);
    return new FetchError(
      `fetch ${url}: proxy ${proxy ?? ''} refused the tunnel to ${host}: HTTP ${status}`,
      url,
      undefined,
      status >= 500,
    );
  } else if (code && (code.startsWith('ERR_TLS') || /CERT|SELF_SIGNED|UNABLE_TO/.test(code))) {
    text = `TLS with ${host}${via} failed: ${code}`;
  } else if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE') {
    text = `${host}${via} closed the connection: ${message.includes(' ') ? message : reason}`;
  } else {
    text = `${host}${via}: ${reason}`;
  }
  const out = new FetchError(`fetch ${url}: ${text}`, url, undefined, true);
  if (notConnected) out.notConnected = true;
  return out;
}

/**
 * Reads the body within the cap, hashing each chunk as it arrives. With a Content-Length (already
 * checked against the cap) and no content-encoding, the chunks go straight into one buffer of that
 * size; otherwise they are joined once at the end.
 */
async function readCapped(
  response: Awaited<ReturnType<typeof Undici.fetch>>,
  req: FetchRequest,
  controller: AbortController,
  where: Where,
): Promise<Hashed> {
  const hash = createHash('sha256');
  const reader = response.body?.getReader();
  if (!reader) return { bytes: new Uint8Array(), sha256: hash.digest('hex') };
  const { url, host } = where;
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  const sink = new BodySink(
    Number.isSafeInteger(declared) && !response.headers.get('content-encoding') ? declared : undefined,
    hash,
  );
  const idle = req.idleTimeoutMs ?? 60_000;
  const idleError = () =>
    new FetchError(
      `fetch ${url}: ${host} sent no data for ${idle} ms while sending the body (${sink.size} bytes received)`,
      url,
      undefined,
      true,
    );
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    let idleExpired = false;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        idleExpired = true;
        controller.abort();
        reject(idleError());
      }, idle);
    });
    let chunk: Awaited<ReturnType<typeof reader.read>>;
    try {
      chunk = await Promise.race([reader.read(), timeout]);
    } catch (error) {
      if (error instanceof FetchError) throw error;
      if (idleExpired) throw idleError();
      const cut = networkError(error, where);
      throw new FetchError(
        `${cut.message} after ${sink.size} bytes of the body: incomplete transfer refused`,
        url,
        undefined,
        true,
      );
    } finally {
      clearTimeout(timer);
    }
    if (chunk.done) break;
    if (sink.size + chunk.value.byteLength > req.maxBytes) {
      controller.abort();
      throw new FetchError(`fetch ${url}: the response exceeds the cap of ${req.maxBytes} bytes`, url);
    }
    sink.add(chunk.value);
  }
  return sink.finish();
}

/** The body's bytes as they arrive: into one buffer of the announced size, else collected. */
class BodySink {
  size = 0;
  private readonly parts: Uint8Array[] = [];
  private readonly buffer: Buffer | undefined;

  constructor(
    expected: number | undefined,
    private readonly hash: Hash,
  ) {
    this.buffer = expected !== undefined ? Buffer.allocUnsafe(expected) : undefined;
  }

  add(chunk: Uint8Array): void {
    this.hash.update(chunk);
    // More than announced: the length check after reading refuses it; keep the bytes until then.
    if (this.buffer && this.size + chunk.byteLength <= this.buffer.byteLength && this.parts.length === 0)
      this.buffer.set(chunk, this.size);
    else {
      if (this.buffer && this.parts.length === 0) this.parts.push(this.buffer.subarray(0, this.size));
      this.parts.push(chunk);
    }
    this.size += chunk.byteLength;
  }

  finish(): Hashed {
    const sha256 = this.hash.digest('hex');
    if (this.parts.length === 0)
      return { bytes: asPlainBytes((this.buffer ?? Buffer.alloc(0)).subarray(0, this.size)), sha256 };
    if (this.parts.length === 1) return { bytes: this.parts[0]!, sha256 };
    return { bytes: asPlainBytes(Buffer.concat(this.parts, this.size)), sha256 };
  }
}
