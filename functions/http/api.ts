/**
 * The subscription HTTP API as a framework-free router `(request) → response`, shared by the
 * Lambda (API Gateway HTTP API v2, `handlers/api.ts`) and the local server (`cli serve`).
 *
 *   POST /subscriptions              self-service email sign-up → pending + confirmation email
 *   GET  /confirm?token=             double opt-in confirmation
 *   GET  /unsubscribe?token=         a page with a button (link scanners must not unsubscribe)
 *   POST /unsubscribe?token=         RFC 8058 one-click unsubscribe (and the button above)
 *   GET  /manage?token=              the subscription's filters (JSON)
 *   PUT  /manage?token=              replace filters / mode
 *   POST /admin/subscriptions        any channel, active at once; a webhook's secret is returned once
 *   GET  /admin/subscriptions        list (secrets never included)
 *   DELETE /admin/subscriptions/<id>
 *   GET  /admin/quarantine           publications held by the poll guards (reason, sample)
 *   POST /admin/quarantine/<id>/approve|reject   the operator's decision (id or unique prefix)
 * Admin routes need `Authorization: Bearer <admin token>`, compared in constant time.
 *
 * Routing only: what each request does is a subscription use case (functions/subscriptions/manage.ts),
 * including the sign-up limits (at most `signupsPerHour`, default 5, confirmation emails per client
 * IP per UTC hour, then 429).
 */

import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { scheduleIntervalMinutes } from '../core/health';
import type { EntityIndexRepository } from '../pipeline/entities';
import type { QuarantineAdmin } from '../pipeline/quarantine-admin';
import { QuarantineError } from '../pipeline/repos';
import { allSourceDefinitions } from '../pipeline/schedule';
import type { EmailChannel } from '../send/channels/types';
import type { HostLookup } from '../send/ssrf';
import type { SiteRepository, SiteSource } from '../site/browse';
import { subscriberLinks } from '../subscriptions/links';
import {
  addOperatorSubscription,
  confirmSubscription,
  linkSubject,
  managedSubscription,
  newSubscriptionId,
  publicView,
  type SelfServiceDeps,
  signUp,
  unsubscribe as unsubscribeSubscription,
  updateFilters,
  vocabularyOf,
} from '../subscriptions/manage';
import type { SubscriptionRepo } from '../subscriptions/repo';
import { describeIssues, type FilterVocabulary } from '../subscriptions/subscription';
import type { TokenAction } from '../subscriptions/tokens';
import { createPageRoutes, messagePage, wantsHtml } from './pages';
import type { ApiRequest, ApiResponse } from './types';

export type { ApiRequest, ApiResponse };

export interface ApiDeps {
  subscriptions: SubscriptionRepo;
  /** Sends the confirmation email of a self-service sign-up. */
  email: EmailChannel;
  sender: string;
  publicBaseUrl: string;
  tokenKey: string;
  adminToken: string;
  /** `ALLOW_PRIVATE_WEBHOOK_TARGETS`: Slack URLs other than hooks.slack.com accepted (local testing). */
  allowPrivateTargets: boolean;
  /** Source ids a filter may name (unknown ones are refused with 400); default: every registered source. */
  knownSources?: readonly string[];
  /** What filters may name; default: the real registries (`filterVocabulary()`). */
  vocabulary?: FilterVocabulary;
  /** Host resolution for the SSRF check of new webhook targets (tests). */
  lookup?: HostLookup;
  /** Confirmation emails per client IP per UTC hour (default 5). */
  signupsPerHour?: number;
  now: () => number;
  newId?: () => string;
  /** Our Atom feeds: `GET /feeds/{all|source/<id>|sector/<id>}.xml` (see functions/feeds/publish.ts `atomResponse`). */
  feeds?: (path: string) => Promise<{ status: number; contentType: string; body: string }>;
  /** Held publications (functions/pipeline/quarantine-admin.ts); the admin quarantine routes are absent without it. */
  quarantine?: QuarantineAdmin;
  /** Reads of the public pages (overview, changes, entity); without it those pages answer 404. */
  site?: SiteRepository;
  /** The stored entity index (the entity page's listings on other lists). */
  entities?: EntityIndexRepository;
}

export type ApiRouter = (request: ApiRequest) => Promise<ApiResponse>;

const MAX_BODY = 64 * 1024;

const json = (status: number, value: unknown): ApiResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(value),
});

const problem = (status: number, error: string, issues?: string[]) =>
  json(status, issues?.length ? { error, issues } : { error });

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** A short HTML page (the pages' layout, strict CSP). */
const page = messagePage;

/** The lists and feeds the pages show: those polled by default and any other `knownSources` names. */
function siteSources(known: readonly string[] | undefined): SiteSource[] {
  return allSourceDefinitions()
    .filter((d) => (known ? known.includes(d.id) : true))
    .map((d) => ({
      id: d.id,
      title: d.title,
      publisher: d.publisher,
      kind: d.kind,
      homepage: d.homepage,
      schedule: d.schedule,
      polledByDefault: d.polledByDefault !== false,
    }));
}

/** Constant-time comparison of a presented bearer token with the admin token (hashes: equal lengths). */
export function adminAuthorised(header: string | undefined, adminToken: string): boolean {
  const match = /^Bearer ([\x21-\x7e]+)$/.exec(header?.trim() ?? '');
  const given = createHash('sha256')
    .update(match?.[1] ?? '')
    .digest();
  const expected = createHash('sha256').update(adminToken).digest();
  // An unset or short admin token authorises nobody (e.g. functions that do not hold it).
  return timingSafeEqual(given, expected) && match !== null && adminToken.length >= 32;
}

function parseJsonBody(
  body: string | undefined,
): { ok: true; value: unknown } | { ok: false; response: ApiResponse } {
  if (!body) return { ok: false, response: problem(400, 'a JSON body is required') };
  if (Buffer.byteLength(body) > MAX_BODY)
    return { ok: false, response: problem(413, 'the body is too large') };
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    return { ok: false, response: problem(400, 'the body is not valid JSON') };
  }
}

const selfServiceSchema = z
  .object({
    email: z.string(),
    filters: z.unknown().optional(),
    mode: z.unknown().optional(),
  })
  .strict();

export function createApiRouter(deps: ApiDeps): ApiRouter {
  const newId = deps.newId ?? newSubscriptionId;
  const vocabulary = vocabularyOf(deps);
  const selfService: SelfServiceDeps = {
    subscriptions: deps.subscriptions,
    email: deps.email,
    sender: deps.sender,
    publicBaseUrl: deps.publicBaseUrl,
    tokenKey: deps.tokenKey,
    vocabulary,
    signupsPerHour: deps.signupsPerHour ?? 5,
    now: deps.now,
    newId,
  };

  const pages = createPageRoutes({
    selfService,
    ...(deps.site ? { site: deps.site } : {}),
    ...(deps.entities ? { entities: deps.entities } : {}),
    sources: siteSources(deps.knownSources),
    intervalMinutes: scheduleIntervalMinutes,
  });

  const tokenSubject = (req: ApiRequest, action: TokenAction) =>
    linkSubject(deps.tokenKey, req.query.token, action, deps.now());

  async function subscribe(req: ApiRequest): Promise<ApiResponse> {
    const body = parseJsonBody(req.body);
    if (!body.ok) return body.response;
    const shape = selfServiceSchema.safeParse(body.value);
    if (!shape.success) return problem(400, 'invalid subscription', describeIssues(shape.error));
    const outcome = await signUp(selfService, shape.data, req.clientIp);
    switch (outcome.kind) {
      case 'invalid':
        return problem(400, 'invalid subscription', outcome.issues);
      case 'too-many': {
        const r = problem(429, 'too many sign-up requests from this client; try again later');
        return { ...r, headers: { ...r.headers, 'retry-after': String(outcome.retryAfterSeconds) } };
      }
      case 'not-sent':
        return problem(503, 'the confirmation email could not be sent; try again later');
      case 'accepted':
        return json(202, {
          status: 'pending',
          message: 'If the address can receive email, a confirmation link has been sent to it.',
        });
    }
  }

  /** A link to the manage page of a subscription just confirmed (also in every alert's footer). */
  const manageLine = (id: string) => {
    const url = subscriberLinks(
      deps.publicBaseUrl,
      deps.tokenKey,
      id,
      Math.floor(deps.now() / 1000),
    ).manageUrl;
    return `<p><a href="${escapeHtml(url)}">Change your filters or unsubscribe</a> (every alert email carries this link too).</p>`;
  };

  async function confirm(req: ApiRequest): Promise<ApiResponse> {
    const t = tokenSubject(req, 'confirm');
    if (!t.ok) return page(400, 'Confirmation failed', `<p>${escapeHtml(t.reason)}.</p>`);
    const outcome = await confirmSubscription(selfService, t.sub);
    switch (outcome.kind) {
      case 'not-found':
        return page(404, 'Subscription not found', '<p>This subscription no longer exists.</p>');
      case 'already-active':
        return page(
          200,
          'Subscription confirmed',
          `<p>Your subscription is already active.</p>${manageLine(t.sub)}`,
        );
      case 'suppressed':
        return page(
          409,
          'Cannot confirm',
          '<p>Email to this address bounced or was reported; it cannot be subscribed.</p>',
        );
      case 'refused':
        return page(409, 'Cannot confirm', `<p>This subscription is ${escapeHtml(outcome.status)}.</p>`);
      case 'confirmed':
        return page(
          200,
          'Subscription confirmed',
          `<p>You will receive sanctions list alerts matching your filters.</p>${manageLine(t.sub)}`,
        );
    }
  }

  async function unsubscribe(req: ApiRequest): Promise<ApiResponse> {
    const t = tokenSubject(req, 'unsubscribe');
    if (req.method === 'GET') {
      if (!t.ok) return page(400, 'Unsubscribe', `<p>${escapeHtml(t.reason)}.</p>`);
      const action = `/unsubscribe?token=${encodeURIComponent(req.query.token ?? '')}`;
      return page(
        200,
        'Unsubscribe',
        `<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe from these alerts</button></form>`,
      );
    }
    if (!t.ok) return problem(400, t.reason);
    // Unknown or already-gone subscriptions answer 200 as well: one-click must be idempotent.
    await unsubscribeSubscription(selfService, t.sub);
    return page(200, 'Unsubscribed', '<p>You will receive no more alerts from this subscription.</p>');
  }

  async function manage(req: ApiRequest): Promise<ApiResponse> {
    const t = tokenSubject(req, 'manage');
    if (!t.ok) return problem(400, t.reason);
    const sub = await managedSubscription(selfService, t.sub);
    if (!sub) return problem(404, 'subscription not found');
    if (req.method === 'GET') return json(200, publicView(sub, { withTarget: false }));
    const body = parseJsonBody(req.body);
    if (!body.ok) return body.response;
    const updated = await updateFilters(selfService, sub, body.value);
    if (!updated.ok) return problem(400, 'invalid filters', updated.issues);
    return json(200, publicView(updated.sub, { withTarget: false }));
  }

  async function admin(req: ApiRequest): Promise<ApiResponse> {
    if (!adminAuthorised(req.headers.authorization, deps.adminToken)) {
      return {
        ...problem(401, 'admin credential required'),
        headers: { ...json(401, {}).headers, 'www-authenticate': 'Bearer' },
      };
    }
    const rest = req.path.slice('/admin/subscriptions'.length);
    if (req.method === 'GET' && rest === '') {
      const subs = await deps.subscriptions.list();
      return json(200, { subscriptions: subs.map((s) => publicView(s, { withTarget: true })) });
    }
    if (req.method === 'POST' && rest === '') {
      const body = parseJsonBody(req.body);
      if (!body.ok) return body.response;
      const added = await addOperatorSubscription(deps.subscriptions, body.value, {
        allowPrivateTargets: deps.allowPrivateTargets,
        vocabulary,
        now: deps.now,
        newId,
        ...(deps.lookup ? { lookup: deps.lookup } : {}),
      });
      if (!added.ok)
        return problem(
          added.status,
          added.status === 409 ? 'duplicate subscription' : 'invalid subscription',
          added.issues,
        );
      const { sub, warnings } = added;
      return json(201, {
        ...publicView(sub, { withTarget: true }),
        ...(sub.secret ? { secret: sub.secret } : {}),
        ...(warnings.length ? { warnings } : {}),
      });
    }
    const id = /^\/([A-Za-z0-9_.:-]{1,128})$/.exec(rest)?.[1];
    if (req.method === 'DELETE' && id) {
      return (await deps.subscriptions.remove(id))
        ? json(200, { removed: id })
        : problem(404, 'subscription not found');
    }
    return problem(405, `${req.method} ${req.path} is not supported`);
  }

  async function adminQuarantine(req: ApiRequest, q: QuarantineAdmin): Promise<ApiResponse> {
    if (!adminAuthorised(req.headers.authorization, deps.adminToken))
      return problem(401, 'admin credential required');
    if (req.method === 'GET' && req.path === '/admin/quarantine')
      return json(200, { quarantined: await q.list({ all: req.query.all === 'true' }) });
    const m = /^\/admin\/quarantine\/([A-Za-z0-9_.:-]{1,160})(?:\/(approve|reject))?$/.exec(req.path);
    if (!m) return problem(404, 'not found');
    try {
      if (req.method === 'GET' && !m[2]) return json(200, await q.show(m[1]!));
      if (req.method === 'POST' && m[2] === 'approve') return json(200, { outcome: await q.approve(m[1]!) });
      if (req.method === 'POST' && m[2] === 'reject') return json(200, await q.reject(m[1]!));
    } catch (error) {
      if (error instanceof QuarantineError)
        return problem(error.code === 'not-found' ? 404 : 409, error.message);
      throw error;
    }
    return problem(405, `${req.method} ${req.path} is not supported`);
  }

  return async (req) => {
    try {
      const route = `${req.method} ${req.path}`;
      const html = await pages(req);
      if (html) return html;
      if (route === 'POST /subscriptions') return await subscribe(req);
      if (req.method === 'GET' && req.path.startsWith('/feeds/') && deps.feeds) {
        const feed = await deps.feeds(req.path.slice('/feeds/'.length));
        return { status: feed.status, headers: { 'content-type': feed.contentType }, body: feed.body };
      }
      if (route === 'GET /confirm') return await confirm(req);
      if (route === 'GET /unsubscribe' || route === 'POST /unsubscribe') return await unsubscribe(req);
      if (route === 'GET /manage' || route === 'PUT /manage') return await manage(req);
      if (req.path === '/admin/subscriptions' || req.path.startsWith('/admin/subscriptions/'))
        return await admin(req);
      if (deps.quarantine && (req.path === '/admin/quarantine' || req.path.startsWith('/admin/quarantine/')))
        return await adminQuarantine(req, deps.quarantine);
      if (['/subscriptions', '/subscribe', '/confirm', '/unsubscribe', '/manage'].includes(req.path)) {
        return problem(405, `${req.method} is not supported on ${req.path}`);
      }
      if (wantsHtml(req))
        return page(
          404,
          'Page not found',
          '<p>There is no page here. <a href="/">Go to the overview</a>.</p>',
        );
      return problem(404, 'not found');
    } catch (error) {
      // Never echo internals (or request data) to the caller.
      console.error(`api: ${req.method} ${req.path} failed: ${(error as Error).name}`);
      return problem(500, 'internal error');
    }
  };
}

/** The local API server (`cli serve`): the same router behind node:http, on 127.0.0.1 only. */
export async function startApiServer(
  router: ApiRouter,
  port: number,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        res.writeHead(413, { 'content-type': 'application/json' }).end('{"error":"the body is too large"}');
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const response = await router({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        body: Buffer.concat(chunks).toString('utf8'),
        ...(req.socket.remoteAddress ? { clientIp: req.socket.remoteAddress } : {}),
      });
      res.writeHead(response.status, response.headers).end(response.body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
