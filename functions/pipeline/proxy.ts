/**
 * Outbound proxy selection shared by every outbound HTTP request (publication and feed fetches,
 * webhooks, Slack): `HTTPS_PROXY` for https URLs, `HTTP_PROXY` for http URLs (lower-case forms
 * first, as curl and undici read them; `HTTPS_PROXY` falls back to `HTTP_PROXY`), and `NO_PROXY`
 * listing hosts reached directly. Read from the environment at each request.
 *
 * `NO_PROXY`: comma- or space-separated entries; `*` alone means no proxy at all; an entry `host`,
 * `.host` or `*.host` matches that host and its subdomains; `host:port` only that port. IP
 * addresses match exactly (no CIDR ranges).
 */

import type { Dispatcher } from 'undici';

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

function env(name: string): string | undefined {
  const value = process.env[name.toLowerCase()] ?? process.env[name.toUpperCase()];
  return value?.trim() ? value.trim() : undefined;
}

/** Whether `NO_PROXY` says `url` is reached directly. */
export function bypassesProxy(url: URL): boolean {
  const noProxy = env('no_proxy');
  if (!noProxy) return false;
  if (noProxy === '*') return true;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = Number(url.port) || DEFAULT_PORTS[url.protocol] || 0;
  return noProxy.split(/[,\s]+/).some((raw) => {
    if (!raw) return false;
    const entry = parseEntry(raw.toLowerCase());
    if (entry.port && entry.port !== port) return false;
    return host === entry.host || host.endsWith(`.${entry.host}`);
  });
}

/** `host`, `.host`, `*.host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address. */
function parseEntry(raw: string): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(raw);
  if (bracketed) return { host: bracketed[1]!, port: Number(bracketed[2] ?? 0) };
  if (raw.split(':').length > 2) return { host: raw, port: 0 };
  const m = /^(.+):(\d+)$/.exec(raw);
  return { host: (m ? m[1]! : raw).replace(/^\*?\./, ''), port: m ? Number(m[2]) : 0 };
}

/** The proxy URL `url` goes through, or undefined for a direct connection. */
export function proxyFor(url: URL): string | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const proxy = url.protocol === 'https:' ? (env('https_proxy') ?? env('http_proxy')) : env('http_proxy');
  if (!proxy || bypassesProxy(url)) return undefined;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

/** The proxy's host and port, without credentials, for messages. */
export function proxyLabel(proxy: string): string {
  try {
    return new URL(proxy).host;
  } catch {
    return 'the configured proxy';
  }
}

export interface DispatcherOptions {
  /** Time allowed to open the connection (TCP and TLS; to the proxy when there is one). */
  connectTimeoutMs: number;
  /** Time allowed from sending the request to the response headers (undici's own limit). */
  headersTimeoutMs?: number;
  /** Longest pause between two chunks of the response body. */
  bodyTimeoutMs?: number;
  /** Extra trusted CA certificates (PEM) for the target's TLS, e.g. a test's self-signed one. */
  ca?: string;
}

/**
 * A fresh undici dispatcher for requests to `url`: through the proxy `proxyFor(url)` names (a
 * CONNECT tunnel for https, an absolute-URI request for http), else direct. The caller closes it.
 * undici is loaded on first use, so commands that make no HTTP request never load it.
 */
export async function dispatcherFor(
  url: URL,
  options: DispatcherOptions,
): Promise<{ dispatcher: Dispatcher; proxy?: string }> {
  const { Agent, ProxyAgent } = await import('undici');
  const timeouts = {
    ...(options.headersTimeoutMs !== undefined ? { headersTimeout: options.headersTimeoutMs } : {}),
    ...(options.bodyTimeoutMs !== undefined ? { bodyTimeout: options.bodyTimeoutMs } : {}),
  };
  const tls = { timeout: options.connectTimeoutMs, ...(options.ca ? { ca: options.ca } : {}) };
  const proxy = proxyFor(url);
  if (!proxy) return { dispatcher: new Agent({ ...timeouts, connect: tls }) };
  return {
    dispatcher: new ProxyAgent({
      uri: proxy,
      ...timeouts,
      proxyTunnel: url.protocol === 'https:',
      proxyTls: { timeout: options.connectTimeoutMs },
      requestTls: tls,
    }),
    proxy,
  };
}
