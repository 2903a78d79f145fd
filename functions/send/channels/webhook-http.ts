import { proxyFor } from '../../pipeline/proxy';
import type { AttemptResult } from '../retry';
import { type HostLookup, resolveWebhookTarget, systemLookup } from '../ssrf';
import { DEFAULT_HTTP_TIMEOUT_MS, DEFAULT_MAX_RESPONSE_BYTES, pinnedPost, proxiedPost } from './http';
import type { OutgoingPost, PostChannel } from './types';

export interface HttpChannelOptions {
  /** `ALLOW_PRIVATE_WEBHOOK_TARGETS=true`: loopback/private targets allowed (local testing only). */
  allowPrivate: boolean;
  /** DNS lookup (all addresses) for the SSRF guard; defaults to the system resolver. */
  lookup?: HostLookup;
  timeoutMs?: number;
  maxResponseBytes?: number;
  now: () => number;
}

/**
 * POSTs to a URL after the SSRF guard has resolved and checked it, connecting to the checked
 * address (no second DNS lookup, so no rebinding). When `HTTPS_PROXY`/`HTTP_PROXY` applies to the
 * URL (see pipeline/proxy.ts), the request goes through the proxy: the guard still refuses literal
 * private addresses, loopback names and names our resolver maps to a private address, but a name
 * our side cannot resolve (common where only the proxy reaches the internet) is left to the proxy.
 */
export async function guardedPost(post: OutgoingPost, options: HttpChannelOptions): Promise<AttemptResult> {
  // A host that does not resolve now may resolve later (DNS outage): retried. Every refusal of the
  // guard itself (private address, bad scheme, credentials) is permanent.
  let lookupFailed: string | undefined;
  const base = options.lookup ?? systemLookup;
  const lookup: HostLookup = async (host) => {
    try {
      return await base(host);
    } catch (error) {
      lookupFailed = (error as NodeJS.ErrnoException).code ?? 'lookup error';
      throw error;
    }
  };
  let target: { url: URL; address?: string };
  let proxy: string | undefined;
  try {
    proxy = proxyFor(new URL(post.url));
    target = await resolveWebhookTarget(post.url, { allowPrivate: options.allowPrivate, lookup });
  } catch (error) {
    if (lookupFailed && proxy) target = { url: new URL(post.url) };
    else if (lookupFailed)
      return { ok: false, retryable: true, reason: `DNS lookup failed (${lookupFailed})` };
    else return { ok: false, retryable: false, reason: `target refused: ${(error as Error).message}` };
  }
  const limits = {
    timeoutMs: options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    now: options.now,
  };
  if (proxy) return proxiedPost(target.url, post.body, post.headers, { ...limits, proxy });
  if (!target.address) return { ok: false, retryable: true, reason: `DNS lookup failed (${lookupFailed})` };
  return pinnedPost(target.url, post.body, post.headers, {
    ...limits,
    address: target.address,
  });
}

/** Webhook subscriptions: signed JSON pages POSTed to the subscriber's URL. */
export function webhookChannel(options: HttpChannelOptions): PostChannel {
  return { send: (post) => guardedPost(post, options) };
}
