/**
 * Subscriptions: who gets which changes, through which channel. Validation only; storage lives in
 * `functions/store/`. Known source ids are checked by the caller (it knows the source registry).
 */
import { z } from 'zod';
import { SECTORS, type Sector } from '../core/changes';
import { ENTITY_TYPES, type EntityType } from '../core/model';

export type Channel = 'email' | 'webhook' | 'slack';
export const CHANNELS = ['email', 'webhook', 'slack'] as const satisfies readonly Channel[];

export type FilterKind = 'added' | 'removed' | 'amended' | 'notice';
export const FILTER_KINDS = [
  'added',
  'removed',
  'amended',
  'notice',
] as const satisfies readonly FilterKind[];

export type DeliveryMode = 'immediate' | 'daily';
export type SubscriptionStatus = 'pending' | 'active' | 'suppressed' | 'unsubscribed';

export interface SubscriptionFilters {
  /** Source ids, e.g. `us-ofac-sdn`. Empty or absent: every source. */
  sources?: string[];
  /** Regimes/programs as the publisher names them (case-insensitive), e.g. `RUSSIA-EO14024`. */
  regimes?: string[];
  sectors?: Sector[];
  /** Default: added, removed, amended. `notice` adds feed notices. */
  kinds?: FilterKind[];
  /** Also deliver amendments whose field changes are all cosmetic (default false). */
  includeCosmetic?: boolean;
  entityTypes?: EntityType[];
  /** Country names as the publishers write them (case- and diacritic-insensitive). */
  countries?: string[];
  /** Names or identifiers, matched as whole words ignoring case and diacritics. */
  watch?: string[];
}

export interface Subscription {
  id: string;
  channel: Channel;
  /** Email address (email) or URL (webhook, Slack incoming webhook). */
  target: string;
  filters: SubscriptionFilters;
  mode: DeliveryMode;
  status: SubscriptionStatus;
  /** Webhook signing secret, `whsec_<base64>`. Shown once at creation; never logged. */
  secret?: string;
  /** ISO timestamp. */
  createdAt: string;
  /** ISO timestamp of the double opt-in confirmation (or of activation by an operator). */
  confirmedAt?: string;
}

// Control characters (C0, DEL, C1) and the Unicode line/paragraph separators: never in a filter value.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const filterText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), 'must not contain control characters or line breaks');

const list = <T extends z.ZodType>(item: T, max: number) =>
  z.array(item).max(max, `at most ${max} values`).optional();

export const subscriptionFiltersSchema = z
  .object({
    sources: list(
      z
        .string()
        .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a source id such as us-ofac-sdn')
        .max(64),
      50,
    ),
    regimes: list(filterText(100), 200),
    sectors: list(z.enum(SECTORS), SECTORS.length),
    kinds: list(z.enum(FILTER_KINDS), FILTER_KINDS.length),
    includeCosmetic: z.boolean().optional(),
    entityTypes: list(z.enum(ENTITY_TYPES), ENTITY_TYPES.length),
    countries: list(filterText(100), 250),
    watch: list(
      filterText(200).refine((s) => /[\p{L}\p{N}]/u.test(s), 'must contain a letter or a digit'),
      500,
    ),
  })
  .strict();

/** An email address: one mailbox, no display name, no line breaks, at most 254 characters. */
export const emailAddressSchema = z
  .string()
  .trim()
  .max(254, 'an email address has at most 254 characters')
  .pipe(z.email('must be an email address such as name@example.com'));

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** A webhook URL: http(s), no credentials, no fragment. Reachability (SSRF) is checked at delivery. */
export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2048, 'a URL has at most 2048 characters')
  .superRefine((value, ctx) => {
    const url = parseUrl(value);
    if (!url) return void ctx.addIssue({ code: 'custom', message: 'must be an absolute http(s) URL' });
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      ctx.addIssue({ code: 'custom', message: 'must use http or https' });
    }
    if (url.username || url.password)
      ctx.addIssue({ code: 'custom', message: 'must not contain credentials' });
    if (url.hash) ctx.addIssue({ code: 'custom', message: 'must not contain a fragment' });
  });

/** A Slack incoming-webhook URL: `https://hooks.slack.com/…`, nothing else. */
export const slackUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .superRefine((value, ctx) => {
    const url = parseUrl(value);
    const ok =
      url !== undefined &&
      url.protocol === 'https:' &&
      url.hostname === 'hooks.slack.com' &&
      url.port === '' &&
      !url.username &&
      !url.password &&
      url.pathname.startsWith('/services/') &&
      !url.hash;
    if (!ok)
      ctx.addIssue({
        code: 'custom',
        message: 'must be a Slack incoming-webhook URL https://hooks.slack.com/services/…',
      });
  });

/** What a caller (API, CLI) gives to create a subscription. Status, id, secret and dates are set by the caller. */
export const newSubscriptionSchema = z
  .object({
    channel: z.enum(CHANNELS),
    target: z.string(),
    filters: subscriptionFiltersSchema.default({}),
    mode: z.enum(['immediate', 'daily']).default('immediate'),
  })
  .strict()
  .superRefine((value, ctx) => {
    const schema =
      value.channel === 'email'
        ? emailAddressSchema
        : value.channel === 'slack'
          ? slackUrlSchema
          : webhookUrlSchema;
    const result = schema.safeParse(value.target);
    if (!result.success) {
      for (const issue of result.error.issues)
        ctx.addIssue({ code: 'custom', message: issue.message, path: ['target'] });
    }
  })
  .transform((value) => ({ ...value, target: value.target.trim() }));

export type NewSubscription = z.infer<typeof newSubscriptionSchema>;

/** Lists of one line per issue, e.g. `target: must use http or https`, for clear 4xx messages. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
}
