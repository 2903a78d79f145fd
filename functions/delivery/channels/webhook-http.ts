import type { LookupAddress } from 'node:dns';
import type { AttemptResult } from '../retry';
import { resolveWebhookTarget } from '../ssrf';
import { DEFAULT_HTTP_TIMEOUT_MS, DEFAULT_MAX_RESPONSE_BYTES, pinnedPost } from './http';
import type { OutgoingPost, PostChannel } from './types';

export interface HttpChannelOptions {
  /** `ALLOW_PRIVATE_WEBHOOK_TARGETS=true`: loopback/private targets allowed (local testing only). */
  allowPrivate: boolean;
  /** DNS lookup (all addresses) for the SSRF guard; defaults to the system resolver. */
  lookup?: (host: string) => Promise<LookupAddress[]>;
  timeoutMs?: number;
  maxResponseBytes?: number;
  now: () => number;
}

/** DNS failures that may pass: retried. Every other refusal of the guard is permanent. */
const TRANSIENT_DNS = new Set(['EAI_AGAIN', 'ETIMEOUT', 'ESERVFAIL', 'ECONNREFUSED']);

/**
 * POSTs to a URL after the SSRF guard has resolved and checked it, connecting to the checked
 * address (no second DNS lookup, so no rebinding).
 */
export async function guardedPost(post: OutgoingPost, options: HttpChannelOptions): Promise<AttemptResult> {
  let target: { url: URL | string; address: string };
  try {
    target = await resolveWebhookTarget(post.url, {
      allowPrivate: options.allowPrivate,
      ...(options.lookup ? { lookup: options.lookup } : {}),
    });
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code && TRANSIENT_DNS.has(err.code)) {
      return { ok: false, retryable: true, reason: `DNS lookup failed (${err.code})` };
    }
    return { ok: false, retryable: false, reason: `target refused: ${err.message}` };
  }
  return pinnedPost(new URL(String(target.url)), post.body, post.headers, {
    address: target.address,
    timeoutMs: options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    now: options.now,
  });
}

/** Webhook subscriptions: signed JSON pages POSTed to the subscriber's URL. */
export function webhookChannel(options: HttpChannelOptions): PostChannel {
  return { send: (post) => guardedPost(post, options) };
}
