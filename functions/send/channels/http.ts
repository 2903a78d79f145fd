import type { LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { dispatcherFor, proxyLabel } from '../../pipeline/proxy';
import { type AttemptResult, classifyHttpStatus } from '../retry';

export interface PinnedPostOptions {
  /** The address the connection must go to (already checked by the SSRF guard). */
  address: string;
  timeoutMs: number;
  /** Bytes of response body read at most; the rest is discarded and the connection closed. */
  maxResponseBytes: number;
  now: () => number;
}

export const DEFAULT_HTTP_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs `body` to `url`, connecting to `options.address` whatever DNS says now (the name was
 * resolved and checked once; resolving again would let a rebinding DNS server swap in a private
 * address). TLS still verifies the certificate for the URL's host name. Redirects are never
 * followed (node:http does not follow them; a 3xx is reported as a permanent failure). Network
 * errors and timeouts are retryable.
 */
export function pinnedPost(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: PinnedPostOptions,
): Promise<AttemptResult> {
  const family = isIP(options.address) === 6 ? 6 : 4;
  const lookup = (
    _host: string,
    opts: { all?: boolean },
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    if (opts?.all) callback(null, [{ address: options.address, family }]);
    else callback(null, options.address, family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = send(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          ...headers,
        },
        lookup: lookup as never,
        agent: false,
      },
      (res: IncomingMessage) => {
        let received = 0;
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > options.maxResponseBytes) {
            // Enough: the status decides; a huge or endless body is not read.
            res.destroy();
            finish(classify(res));
          }
        });
        res.on('end', () => finish(classify(res)));
        res.on('error', () => finish(classify(res)));
        res.on('close', () => finish(classify(res)));
      },
    );
    const classify = (res: IncomingMessage): AttemptResult => {
      const retryAfter = res.headers['retry-after'];
      return classifyHttpStatus(
        res.statusCode ?? 0,
        Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
        options.now(),
      );
    };
    const timer = setTimeout(() => {
      req.destroy(new Error(`no complete response within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      finish({ ok: false, retryable: true, reason: `network error: ${error.code ?? error.message}` });
    });
    req.end(body);
  });
}

export interface ProxiedPostOptions {
  /** The proxy URL (`proxyFor(url)`): the proxy opens the connection to the target. */
  proxy: string;
  timeoutMs: number;
  maxResponseBytes: number;
  now: () => number;
}

/**
 * POSTs `body` to `url` through an HTTP proxy (a CONNECT tunnel for https, an absolute-URI request
 * for http; undici). The proxy resolves the host itself, so the connection cannot be pinned to the
 * address the SSRF guard checked: the guard has checked what our side can (literal addresses,
 * loopback names, and every address our resolver gives), and the proxy, the network's egress
 * control, is trusted with the rest. TLS still verifies the target's certificate end to end.
 * Redirects are never followed. Network errors and timeouts are retryable.
 */
export async function proxiedPost(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: ProxiedPostOptions,
): Promise<AttemptResult> {
  const { dispatcher } = await dispatcherFor(url, { connectTimeoutMs: options.timeoutMs });
  const { request: undiciRequest } = await import('undici');
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const res = await undiciRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      dispatcher,
      signal,
    });
    let received = 0;
    try {
      for await (const chunk of res.body) {
        received += (chunk as Buffer).length;
        if (received > options.maxResponseBytes) break; // enough: the status decides
      }
    } catch {
      // A body cut short does not change the status the receiver answered with.
    }
    const retryAfter = res.headers['retry-after'];
    return classifyHttpStatus(
      res.statusCode,
      Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
      options.now(),
    );
  } catch (error) {
    const reason = signal.aborted
      ? `no complete response within ${options.timeoutMs} ms`
      : describeCause(error);
    return {
      ok: false,
      retryable: true,
      reason: `network error via proxy ${proxyLabel(options.proxy)}: ${reason}`,
    };
  } finally {
    dispatcher.destroy().catch(() => {});
  }
}

function describeCause(error: unknown): string {
  let e = error as (Error & { code?: string; cause?: unknown }) | undefined;
  let out = String((e as Error)?.message ?? error);
  for (let i = 0; e && i < 5; i++, e = e.cause as typeof e) out = e.code ?? e.message ?? out;
  return out;
}
