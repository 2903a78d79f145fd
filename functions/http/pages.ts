/**
 * The public pages' routes (HTML, no JavaScript): `/`, `/subscribe`, `/manage`, `/changes`,
 * `/changes/<source>/<key>`, `/entity/<source>:<id>`. Routing only: the reads are the site use cases
 * (functions/site/browse.ts), the sign-up and manage actions the subscription use cases
 * (functions/subscriptions/manage.ts); rendering is pure (functions/render/pages/). Every form POST
 * passes the CSRF check (csrf.ts); every page carries the strict Content-Security-Policy.
 */
import { type ChangeKind, SECTORS, type Sector } from '../core/changes';
import type { EntityIndexRepository } from '../pipeline/entities';
import { entityById } from '../pipeline/entity-lookup';
import { humanDate, oneLine, truncate } from '../render/common';
import { describeFilters } from '../render/email';
import { renderBatch, renderChanges } from '../render/pages/changes';
import { renderEntity } from '../render/pages/entity';
import {
  EMPTY_FORM,
  type FieldErrors,
  FORM_FIELDS,
  type FormField,
  type FormValues,
  renderMessage,
  renderSubscriptionForm,
} from '../render/pages/forms';
import { renderHome } from '../render/pages/home';
import { CONTENT_SECURITY_POLICY } from '../render/pages/layout';
import {
  batchView,
  type ChangeFilter,
  changesView,
  entityView,
  homeView,
  type SiteRepository,
  type SiteSource,
} from '../site/browse';
import {
  linkSubject,
  managedSubscription,
  type SelfServiceDeps,
  signUp,
  unsubscribe,
  updateFilters,
} from '../subscriptions/manage';
import type { Subscription } from '../subscriptions/subscription';
import { checkCsrf, issueCsrf } from './csrf';
import type { ApiRequest, ApiResponse } from './types';

export interface PageDeps {
  selfService: SelfServiceDeps;
  /** Reads for the overview, changes and entity pages; without it those pages answer 404. */
  site?: SiteRepository;
  /** The stored entity index: fills the entity page's "On other lists" from it. */
  entities?: EntityIndexRepository;
  /** Every list and feed the site shows. */
  sources: readonly SiteSource[];
  intervalMinutes: (schedule: string) => number;
}

/** Security headers of every HTML page. */
export function htmlHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    // Not `no-referrer`: with it browsers send `Origin: null` on our own form posts, which the CSRF
    // check refuses. `same-origin` still keeps the signed links' tokens from other sites.
    'referrer-policy': 'same-origin',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    ...extra,
  };
}

export function htmlPage(status: number, body: string, extra: Record<string, string> = {}): ApiResponse {
  return { status, headers: htmlHeaders(extra), body };
}

/** A short message page (title and escaped HTML). */
export function messagePage(status: number, title: string, html: string): ApiResponse {
  return htmlPage(status, renderMessage(title, html));
}

/** Browsers ask for HTML; API clients (JSON) keep the JSON answers. */
export function wantsHtml(req: ApiRequest): boolean {
  return /\btext\/html\b/.test(req.headers.accept ?? '');
}

function formBody(req: ApiRequest): URLSearchParams {
  return new URLSearchParams(Buffer.byteLength(req.body ?? '') > 64 * 1024 ? '' : (req.body ?? ''));
}

function valuesFrom(form: URLSearchParams): FormValues {
  const text = (k: string) => truncate(form.get(k) ?? '', 20_000);
  return {
    email: truncate(form.get('email') ?? '', 300),
    sources: form.getAll('sources').slice(0, 60),
    sectors: form.getAll('sectors').slice(0, 30),
    kinds: form.getAll('kinds').slice(0, 10),
    regimes: text('regimes'),
    countries: text('countries'),
    watch: text('watch'),
    minStrength: truncate(form.get('minStrength') ?? '', 40),
    related: form.get('related') === 'yes',
    hops: truncate(form.get('hops') ?? '1', 10),
    mode: form.get('mode') === 'daily' ? 'daily' : 'immediate',
  };
}

function filtersFrom(v: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['sources', 'sectors', 'kinds'] as const) if (v[k].length) out[k] = v[k];
  for (const k of ['regimes', 'countries', 'watch'] as const) if (v[k].trim()) out[k] = v[k];
  if (v.minStrength) out.minStrength = v.minStrength;
  if (v.related) out.related = true;
  // Hops other than the default are passed on even without `related`, so that the mistake is shown.
  if (v.related || (v.hops && v.hops !== '1')) out.hops = /^\d{1,2}$/.test(v.hops) ? Number(v.hops) : v.hops;
  return out;
}

function valuesOf(sub: Subscription): FormValues {
  const f = sub.filters;
  return {
    sources: f.sources ?? [],
    sectors: f.sectors ?? [],
    kinds: f.kinds ?? [],
    regimes: (f.regimes ?? []).join(', '),
    countries: (f.countries ?? []).join(', '),
    watch: (f.watch ?? []).join(', '),
    minStrength: f.minStrength ?? '',
    related: f.related ?? false,
    hops: String(f.hops ?? 1),
    mode: sub.mode,
  };
}

/** `filters.sources.0: unknown source …` → the sources field; issues that name no field → the form. */
export function fieldErrors(issues: readonly string[]): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const m = /^(?:filters\.)?([a-zA-Z]+)(?:\.\d+)?: (.*)$/.exec(issue);
    const field = m && (FORM_FIELDS as readonly string[]).includes(m[1]!) ? (m[1] as FormField) : 'form';
    const text = field === 'form' ? issue.replace(/^filters\.?:?\s*/, '') : m![2]!;
    out[field] = [...(out[field] ?? []), text];
  }
  return out;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function changeFilter(q: ApiRequest['query'], known: readonly SiteSource[]): ChangeFilter {
  const f: ChangeFilter = {};
  if (q.list && known.some((s) => s.id === q.list)) f.sources = [q.list];
  if (q.sector && (SECTORS as readonly string[]).includes(q.sector)) f.sector = q.sector as Sector;
  if (q.kind && ['added', 'removed', 'amended', 'notice'].includes(q.kind)) f.kind = q.kind as ChangeKind;
  const regime = truncate(oneLine(q.regime ?? ''), 100);
  if (regime) f.regime = regime;
  if (q.from && DATE.test(q.from)) f.from = q.from;
  if (q.to && DATE.test(q.to)) f.to = q.to;
  const page = Number(q.page);
  if (Number.isInteger(page) && page > 1 && page <= 10_000) f.page = page;
  return f;
}

export function createPageRoutes(deps: PageDeps): (req: ApiRequest) => Promise<ApiResponse | undefined> {
  const ss = deps.selfService;
  const secure = ss.publicBaseUrl.startsWith('https:');
  const titleOf = (id: string) => deps.sources.find((s) => s.id === id)?.title ?? id;
  const formSources = deps.sources.filter((s) =>
    [...ss.vocabulary.listSources, ...ss.vocabulary.feedSources].includes(s.id),
  );
  const notFound = () =>
    messagePage(404, 'Page not found', '<p>There is no page here. <a href="/">Go to the overview</a>.</p>');

  function form(
    status: number,
    p: {
      kind: 'subscribe' | 'manage';
      action: string;
      values: FormValues;
      errors?: FieldErrors;
      address?: string;
      status?: string;
      current?: string[];
    },
  ): ApiResponse {
    const csrf = issueCsrf(ss.tokenKey, ss.now(), secure);
    const body = renderSubscriptionForm({
      ...p,
      errors: p.errors ?? {},
      csrf: csrf.token,
      sources: formSources,
    });
    return htmlPage(status, body, { 'set-cookie': csrf.cookie });
  }

  async function subscribePost(req: ApiRequest): Promise<ApiResponse> {
    const body = formBody(req);
    const values = valuesFrom(body);
    const csrf = checkCsrf(ss.tokenKey, req, body.get('csrf') ?? undefined, ss.now(), ss.publicBaseUrl);
    if (!csrf.ok)
      return form(403, { kind: 'subscribe', action: '/subscribe', values, errors: { form: [csrf.reason] } });
    const outcome = await signUp(
      ss,
      { email: values.email ?? '', filters: filtersFrom(values), mode: values.mode },
      req.clientIp,
    );
    switch (outcome.kind) {
      case 'invalid':
        return form(400, {
          kind: 'subscribe',
          action: '/subscribe',
          values,
          errors: fieldErrors(outcome.issues),
        });
      case 'too-many':
        return {
          ...messagePage(
            429,
            'Too many sign-ups',
            '<p>Too many sign-up requests came from your network this hour. Please try again later.</p>',
          ),
          headers: htmlHeaders({ 'retry-after': String(outcome.retryAfterSeconds) }),
        };
      case 'not-sent':
        return messagePage(
          503,
          'Email not sent',
          '<p>The confirmation email could not be sent. Please try again later.</p>',
        );
      case 'accepted':
        return messagePage(
          200,
          'Check your inbox',
          '<p>If the address can receive email, a confirmation link has been sent to it. Open it to start receiving alerts; the link expires in 7 days.</p>',
        );
    }
  }

  async function managePage(req: ApiRequest): Promise<ApiResponse> {
    const t = linkSubject(ss.tokenKey, req.query.token, 'manage', ss.now());
    if (!t.ok)
      return messagePage(
        400,
        'Link not valid',
        `<p>This manage link cannot be used: ${oneLine(t.reason)}. Use the link in your latest alert email.</p>`,
      );
    const sub = await managedSubscription(ss, t.sub);
    if (!sub)
      return messagePage(
        404,
        'Subscription not found',
        '<p>This subscription no longer exists or was unsubscribed. <a href="/subscribe">Subscribe again</a>.</p>',
      );
    const action = `/manage?token=${encodeURIComponent(req.query.token ?? '')}`;
    if (req.method === 'GET')
      return form(200, {
        kind: 'manage',
        action,
        values: valuesOf(sub),
        address: sub.target,
        current: describeFilters(sub.filters),
      });
    const body = formBody(req);
    const values = valuesFrom(body);
    const again = (status: number, errors: FieldErrors) =>
      form(status, { kind: 'manage', action, values, address: sub.target, errors });
    const csrf = checkCsrf(ss.tokenKey, req, body.get('csrf') ?? undefined, ss.now(), ss.publicBaseUrl);
    if (!csrf.ok) return again(403, { form: [csrf.reason] });
    if (body.get('action') === 'unsubscribe') {
      await unsubscribe(ss, sub.id);
      return messagePage(
        200,
        'Unsubscribed',
        '<p>You will receive no more alerts from this subscription. <a href="/subscribe">Subscribe again</a> at any time.</p>',
      );
    }
    const updated = await updateFilters(ss, sub, { filters: filtersFrom(values), mode: values.mode });
    if (!updated.ok) return again(400, fieldErrors(updated.issues));
    return form(200, {
      kind: 'manage',
      action,
      values: valuesOf(updated.sub),
      address: sub.target,
      current: describeFilters(updated.sub.filters),
      status: `Your filters were saved (${humanDate(new Date(ss.now()).toISOString())}).`,
    });
  }

  async function browse(req: ApiRequest, site: SiteRepository): Promise<ApiResponse | undefined> {
    if (req.path === '/') {
      const view = await homeView(site, deps.sources, {
        now: ss.now(),
        intervalMinutes: deps.intervalMinutes,
      });
      return htmlPage(200, renderHome(view));
    }
    if (req.path === '/changes') {
      const view = await changesView(site, deps.sources, changeFilter(req.query, deps.sources));
      return htmlPage(200, renderChanges(view, deps.sources));
    }
    const batch = /^\/changes\/([a-z0-9-]{1,64})\/([A-Za-z0-9._-]{1,160})$/.exec(req.path);
    if (batch) {
      const [, source, key] = batch;
      if (!deps.sources.some((s) => s.id === source)) return notFound();
      const entry = req.query.entry !== undefined ? truncate(req.query.entry, 200) : undefined;
      const view = await batchView(site, source!, key!, {
        ...changeFilter(req.query, deps.sources),
        ...(entry !== undefined ? { entry } : {}),
      });
      if (!view) return notFound();
      return htmlPage(200, renderBatch(view, titleOf(source!), entry));
    }
    const entity = /^\/entity\/([a-z0-9-]{1,64})(?::|%3A)(.{1,300})$/.exec(req.path);
    if (entity) {
      const source = deps.sources.find((s) => s.id === entity[1]);
      if (!source) return notFound();
      let id: string;
      try {
        id = decodeURIComponent(entity[2]!);
      } catch {
        return notFound();
      }
      const view = await entityView(site, source.id, id);
      if (!view.entry && !view.history.length) return notFound();
      const crossList = deps.entities
        ? await entityById(
            {
              entities: deps.entities,
              listSources: deps.sources.filter((s) => s.kind === 'list').map((s) => s.id),
            },
            source.id,
            id,
          )
        : undefined;
      return htmlPage(
        200,
        renderEntity(view, {
          sourceTitle: source.title,
          sourceUrl: source.homepage,
          titleOf,
          ...(crossList ? { crossList } : {}),
        }),
      );
    }
    return undefined;
  }

  return async (req) => {
    if (req.path === '/subscribe') {
      if (req.method === 'GET')
        return form(200, { kind: 'subscribe', action: '/subscribe', values: EMPTY_FORM });
      if (req.method === 'POST') return subscribePost(req);
    }
    if (
      req.path === '/manage' &&
      ((req.method === 'GET' && wantsHtml(req)) ||
        (req.method === 'POST' && !req.headers['content-type']?.includes('json')))
    )
      return managePage(req);
    if (req.method === 'GET' && deps.site) return browse(req, deps.site);
    return undefined;
  };
}
