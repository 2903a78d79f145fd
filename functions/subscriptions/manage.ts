/**
 * The subscription use cases, shared by the HTTP API (functions/http/api.ts) and the CLI
 * (`subscribers`): self-service sign-up with double opt-in, confirmation, unsubscribe and filter
 * changes through signed links, and the operator's own subscriptions. Each answers with an outcome;
 * the callers turn it into an HTTP response or a line of output.
 *
 * Sign-up abuse: one pending confirmation per address (a repeat within the confirmation link's
 * lifetime sends nothing and gets the same neutral answer) and at most `signupsPerHour`
 * confirmation emails per client IP per UTC hour, counted with conditional writes.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { renderConfirmationEmail } from '../render/email';
import type { EmailChannel } from '../send/channels/types';
import { buildMime } from '../send/mime';
import { generateWebhookSecret } from '../send/signing';
import type { HostLookup } from '../send/ssrf';
import { filterVocabulary } from './filter-vocabulary';
import { CONFIRM_LINK_SECONDS, confirmUrl } from './links';
import type { SubscriptionRepo } from './repo';
import {
  checkFilters,
  checkTarget,
  describeIssues,
  type FilterVocabulary,
  type NewSubscription,
  normaliseFilterInput,
  type Subscription,
  subscriptionFiltersSchema,
  validateNewSubscription,
} from './subscription';
import { type TokenAction, verifyToken } from './tokens';

/** The public view of a subscription: never the secret. */
export function publicView(sub: Subscription, options: { withTarget: boolean }) {
  return {
    id: sub.id,
    channel: sub.channel,
    ...(options.withTarget ? { target: sub.target } : {}),
    filters: sub.filters,
    mode: sub.mode,
    status: sub.status,
    createdAt: sub.createdAt,
    ...(sub.confirmedAt ? { confirmedAt: sub.confirmedAt } : {}),
  };
}

export function newSubscriptionId(): string {
  return `sub_${randomBytes(12).toString('hex')}`;
}

/** The vocabulary of `deps`: the given one (or the registries'), restricted to `knownSources`. */
export function vocabularyOf(deps: { vocabulary?: FilterVocabulary; knownSources?: readonly string[] }) {
  const v = deps.vocabulary ?? filterVocabulary();
  const known = deps.knownSources;
  if (!known) return v;
  return {
    listSources: known.filter((s) => !v.feedSources.includes(s)),
    feedSources: v.feedSources.filter((s) => known.includes(s)),
    regimes: v.regimes,
  };
}

export type OperatorSubscriptionResult =
  | { ok: true; sub: Subscription; warnings: string[] }
  | { ok: false; status: 400 | 409; issues: string[] };

/**
 * An operator's new subscription (admin API and `subscribers add`), active at once: validated
 * (`validateNewSubscription`), its URL target checked as the delivery SSRF guard would
 * (`checkTarget`), refused when the same target already has the same filters, then stored.
 */
export async function addOperatorSubscription(
  store: SubscriptionRepo,
  input: unknown,
  options: {
    allowPrivateTargets: boolean;
    vocabulary: FilterVocabulary;
    now: () => number;
    newId?: () => string;
    lookup?: HostLookup;
  },
): Promise<OperatorSubscriptionResult> {
  const parsed = validateNewSubscription(input, options);
  if (!parsed.ok) return { ok: false, status: 400, issues: parsed.issues };
  const value: NewSubscription = parsed.value;
  const reach = await checkTarget(value.channel, value.target, {
    allowPrivate: options.allowPrivateTargets,
    ...(options.lookup ? { lookup: options.lookup } : {}),
  });
  if (!reach.ok) return { ok: false, status: 400, issues: [`target: ${reach.reason}`] };
  const same = await store.findDuplicate(value.channel, value.target, value.filters);
  if (same)
    return {
      ok: false,
      status: 409,
      issues: [`${value.channel} target already subscribed with the same filters (${same.id})`],
    };
  const at = new Date(options.now()).toISOString();
  const sub: Subscription = {
    ...value,
    id: (options.newId ?? newSubscriptionId)(),
    status: 'active',
    createdAt: at,
    confirmedAt: at,
    ...(value.channel === 'webhook' ? { secret: generateWebhookSecret() } : {}),
  };
  await store.create(sub);
  return {
    ok: true,
    sub,
    warnings: [...parsed.warnings, ...(reach.warning ? [`target: ${reach.warning}`] : [])],
  };
}

/** What the self-service use cases need. */
export interface SelfServiceDeps {
  subscriptions: SubscriptionRepo;
  /** Sends the confirmation email of a self-service sign-up. */
  email: EmailChannel;
  sender: string;
  publicBaseUrl: string;
  tokenKey: string;
  vocabulary: FilterVocabulary;
  /** Confirmation emails per client IP per UTC hour. */
  signupsPerHour: number;
  now: () => number;
  newId: () => string;
}

/** The subscription a signed link names, or why the link is refused. */
export function linkSubject(
  tokenKey: string,
  token: string | undefined,
  action: TokenAction,
  nowMs: number,
): { ok: true; sub: string } | { ok: false; reason: string } {
  if (!token) return { ok: false, reason: 'the link has no token' };
  const verdict = verifyToken(tokenKey, token, Math.floor(nowMs / 1000));
  if (!verdict.ok)
    return {
      ok: false,
      reason: verdict.reason === 'expired' ? 'the link has expired' : 'the link is not valid',
    };
  if (verdict.payload.action !== action) return { ok: false, reason: 'the link is not valid for this page' };
  return { ok: true, sub: verdict.payload.sub };
}

export type SignUpOutcome =
  | { kind: 'invalid'; issues: string[] }
  /** The neutral answer: a confirmation was sent, or nothing needed sending. */
  | { kind: 'accepted' }
  | { kind: 'too-many'; retryAfterSeconds: number }
  | { kind: 'not-sent' };

/**
 * A self-service email sign-up: validated, then (unless the address is suppressed, already
 * subscribed with these filters or already waiting for a confirmation) stored as pending and sent
 * a confirmation link. The outcome says nothing about the address.
 */
export async function signUp(
  deps: SelfServiceDeps,
  input: { email: string; filters?: unknown; mode?: unknown },
  clientIp: string | undefined,
): Promise<SignUpOutcome> {
  const parsed = validateNewSubscription(
    { channel: 'email', target: input.email, filters: input.filters ?? {}, mode: input.mode ?? 'immediate' },
    { allowPrivateTargets: false, vocabulary: deps.vocabulary },
  );
  if (!parsed.ok) return { kind: 'invalid', issues: parsed.issues.map((i) => i.replace(/^target/, 'email')) };
  const accepted = { kind: 'accepted' } as const;
  const now = deps.now();
  const client = clientIp ?? 'unknown';
  const tooMany = () =>
    ({ kind: 'too-many', retryAfterSeconds: 3600 - (Math.floor(now / 1000) % 3600) }) as const;
  // A client over its hourly quota is told so whatever the address: the answer says nothing about it.
  if ((await deps.subscriptions.clientSignups(client, now)) >= deps.signupsPerHour) return tooMany();
  // Same answer whether the address is suppressed, already subscribed or already has a
  // confirmation pending: no enumeration, and nothing new is sent.
  const target = parsed.value.target;
  if (await deps.subscriptions.suppression(target)) return accepted;
  const same = await deps.subscriptions.findDuplicate('email', target, parsed.value.filters);
  if (same?.status === 'active') return accepted;
  if (!(await deps.subscriptions.claimConfirmation(target, now, now + CONFIRM_LINK_SECONDS * 1000)))
    return accepted;
  if (!(await deps.subscriptions.takeClientSignup(client, now, deps.signupsPerHour))) {
    await deps.subscriptions.releaseConfirmation(target);
    return tooMany();
  }
  const at = new Date(deps.now()).toISOString();
  const sub: Subscription = same ?? { ...parsed.value, id: deps.newId(), status: 'pending', createdAt: at };
  if (!same) await deps.subscriptions.create(sub);
  const link = confirmUrl(deps.publicBaseUrl, deps.tokenKey, sub.id, Math.floor(deps.now() / 1000));
  const mail = renderConfirmationEmail({
    confirmUrl: link,
    filters: sub.filters,
    mode: sub.mode,
    expiresIn: `${CONFIRM_LINK_SECONDS / 86400} days`,
  });
  const raw = buildMime({
    from: deps.sender,
    to: sub.target,
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    headers: mail.headers,
    messageId: `<confirm-${sub.id}@sanctions-notifier>`,
    date: new Date(deps.now()),
  });
  const sent = await deps.email.send({
    from: deps.sender,
    to: sub.target,
    raw,
    html: mail.html,
    name: `confirm-${sub.id}`,
  });
  if (!sent.ok) {
    await deps.subscriptions.releaseConfirmation(sub.target);
    return { kind: 'not-sent' };
  }
  return accepted;
}

export type ConfirmOutcome =
  | { kind: 'not-found' }
  | { kind: 'already-active' }
  | { kind: 'suppressed' }
  /** The subscription is in a state that cannot be confirmed. */
  | { kind: 'refused'; status: string }
  | { kind: 'confirmed' };

/** Double opt-in: a pending subscription becomes active (never a suppressed address). */
export async function confirmSubscription(
  deps: Pick<SelfServiceDeps, 'subscriptions' | 'now'>,
  id: string,
): Promise<ConfirmOutcome> {
  const sub = await deps.subscriptions.get(id);
  if (!sub) return { kind: 'not-found' };
  if (sub.status === 'active') return { kind: 'already-active' };
  if (await deps.subscriptions.suppression(sub.target)) return { kind: 'suppressed' };
  const at = new Date(deps.now()).toISOString();
  const ok = await deps.subscriptions.setStatus(sub.id, 'active', at, { from: ['pending'], confirmedAt: at });
  if (!ok) return { kind: 'refused', status: sub.status };
  // Confirmed: the address may ask for another subscription (other filters) without waiting.
  await deps.subscriptions.releaseConfirmation(sub.target);
  return { kind: 'confirmed' };
}

/** Unsubscribes; unknown or already-gone subscriptions are no-ops (one-click must be idempotent). */
export async function unsubscribe(
  deps: Pick<SelfServiceDeps, 'subscriptions' | 'now'>,
  id: string,
): Promise<void> {
  const at = new Date(deps.now()).toISOString();
  const sub = await deps.subscriptions.get(id);
  if (sub && sub.status !== 'unsubscribed') await deps.subscriptions.setStatus(sub.id, 'unsubscribed', at);
}

/** The subscription a manage link may show or change (not an unsubscribed one). */
export async function managedSubscription(
  deps: Pick<SelfServiceDeps, 'subscriptions'>,
  id: string,
): Promise<Subscription | undefined> {
  const sub = await deps.subscriptions.get(id);
  return !sub || sub.status === 'unsubscribed' ? undefined : sub;
}

const manageSchema = z
  .object({ filters: subscriptionFiltersSchema, mode: z.enum(['immediate', 'daily']).optional() })
  .strict();

/** Replaces a subscription's filters (and mode) from a manage request's body. */
export async function updateFilters(
  deps: Pick<SelfServiceDeps, 'subscriptions' | 'vocabulary' | 'now'>,
  sub: Subscription,
  body: unknown,
): Promise<{ ok: true; sub: Subscription } | { ok: false; issues: string[] }> {
  const input = body as { filters?: unknown } | null;
  const parsed = manageSchema.safeParse(
    input && typeof input === 'object' && 'filters' in input
      ? { ...input, filters: normaliseFilterInput(input.filters) }
      : input,
  );
  if (!parsed.success) return { ok: false, issues: describeIssues(parsed.error) };
  const check = checkFilters(parsed.data.filters, deps.vocabulary);
  if (check.errors.length) return { ok: false, issues: check.errors.map((e) => `filters.${e}`) };
  await deps.subscriptions.setFilters(
    sub.id,
    parsed.data.filters,
    parsed.data.mode ?? sub.mode,
    new Date(deps.now()).toISOString(),
  );
  return { ok: true, sub: (await deps.subscriptions.get(sub.id))! };
}
