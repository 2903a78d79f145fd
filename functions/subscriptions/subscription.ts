/**
 * Subscriptions: who gets which changes, through which channel. The one schema and validation of
 * subscription filters and targets, used by the CLI (`subscribers add`) and the HTTP API alike;
 * storage lives in `functions/store/`. What a filter may name (sources, regimes) comes from a
 * `FilterVocabulary` (see filter-vocabulary.ts, derived from the real registries).
 */
import { z } from 'zod';
import { SECTORS, STRENGTHS } from '../core/changes';
import { ENTITY_TYPES } from '../core/model';
import { classifyIp, type HostLookup, systemLookup } from '../send/ssrf';
import {
  CHANNELS,
  type Channel,
  effectiveKinds,
  FILTER_KINDS,
  type SubscriptionFilters,
  splitList,
} from './model';

export * from './model';

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

/** An enum whose error names the value given and lists the valid ones, on one line. */
const oneOf = <const T extends readonly [string, ...string[]]>(what: string, values: T) =>
  z.enum(values, {
    error: (issue) =>
      `unknown ${what} ${JSON.stringify(String(issue.input).slice(0, 60))}; valid: ${values.join(', ')}`,
  });

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
    sectors: list(oneOf('sector', SECTORS), SECTORS.length),
    minStrength: oneOf('strength', STRENGTHS).optional(),
    kinds: list(oneOf('kind', FILTER_KINDS), FILTER_KINDS.length),
    includeCosmetic: z.boolean().optional(),
    entityTypes: list(oneOf('entity type', ENTITY_TYPES), ENTITY_TYPES.length),
    countries: list(filterText(100), 250),
    watch: list(
      filterText(200).refine((s) => /[\p{L}\p{N}]/u.test(s), 'must contain a letter or a digit'),
      500,
    ),
    related: z.boolean().optional(),
    hops: z
      .number({ error: 'must be a number of hops, 1 to 3' })
      .int('must be a whole number of hops')
      .min(1, 'must be 1 to 3')
      .max(3, 'must be 1 to 3')
      .optional(),
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

/** A webhook URL: http(s), no credentials, no fragment. Reachability (SSRF): `checkTarget`, and again at delivery. */
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

// ---------------------------------------------------------------------------------------------
// Filter values: both list forms, known values, filters that can never match.

/** What a filter may name: the registries' source ids and the regimes the sources are known to use. */
export interface FilterVocabulary {
  listSources: readonly string[];
  /** Notice feeds: they publish only changes of kind `notice`. */
  feedSources: readonly string[];
  regimes: readonly string[];
}

/** The list-valued filters. */
export const LIST_FILTERS = [
  'sources',
  'regimes',
  'sectors',
  'kinds',
  'entityTypes',
  'countries',
  'watch',
] as const satisfies readonly (keyof SubscriptionFilters)[];

/**
 * Filters as a caller gave them, with every list-valued filter in one form (see `splitList`).
 * Anything that is not a string or a list of strings is left for the schema to refuse.
 */
export function normaliseFilterInput(input: unknown): unknown {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
  const out: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const key of LIST_FILTERS) {
    const v = out[key];
    if (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')))
      out[key] = splitList(v as string | string[]);
  }
  return out;
}

/** Levenshtein distance (small strings: regime names). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** The known regimes closest to `value` (at most `n`): containing it, or nearest by edit distance. */
export function closestRegimes(value: string, known: readonly string[], n = 3): string[] {
  const v = value.trim().toLowerCase();
  return [...known]
    .map((k) => {
      const l = k.toLowerCase();
      const longest = Math.max(v.length, l.length);
      // Containing or contained (`russia` in `RUSSIA-EO14024`) ranks first, the closer in length the better.
      const score =
        l.includes(v) || v.includes(l)
          ? (0.5 * Math.abs(l.length - v.length)) / longest
          : 0.5 + distance(v, l) / longest;
      return { k, score };
    })
    .sort((a, b) => a.score - b.score || a.k.localeCompare(b.k))
    .slice(0, n)
    .map((x) => x.k);
}

export interface FilterCheck {
  /** Refusals, one line each (`sources: unknown source "x"; valid: …`). */
  errors: string[];
  /** Accepted, but the operator should look (an unknown regime). */
  warnings: string[];
}

/**
 * Checks parsed filters against the vocabulary: unknown sources are refused with the valid ids;
 * unknown regimes are accepted with a warning naming the closest known ones; filters that can
 * never match anything (only notice feeds without the `notice` kind, only lists with only
 * `notice`) are refused.
 */
export function checkFilters(filters: SubscriptionFilters, vocabulary: FilterVocabulary): FilterCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  const known = [...vocabulary.listSources, ...vocabulary.feedSources];
  if (filters.minStrength && !filters.sectors?.length) {
    errors.push(
      `minStrength: a minimum strength applies to the sectors filter; give sectors too (e.g. sectors oil,gas with minStrength ${filters.minStrength})`,
    );
  }
  for (const s of filters.sources ?? []) {
    if (!known.includes(s))
      errors.push(`sources: unknown source ${JSON.stringify(s)}; valid: ${known.join(', ')}`);
  }
  const regimes = new Set(vocabulary.regimes.map((r) => r.toLowerCase()));
  for (const r of filters.regimes ?? []) {
    if (regimes.size && !regimes.has(r.toLowerCase()))
      warnings.push(
        `regimes: ${JSON.stringify(r)} is not a regime any source is known to use (accepted; regimes match as the publisher writes them); closest known: ${closestRegimes(r, vocabulary.regimes).join(', ')}`,
      );
  }
  if (filters.related && !filters.watch?.length)
    errors.push('related: a relationship watch needs watch terms (the entries whose relations to follow)');
  if (filters.hops !== undefined && !filters.related)
    errors.push('hops: only with related (a relationship watch)');
  if (!errors.length && filters.sources?.length) {
    const kinds = effectiveKinds(filters);
    const feeds = filters.sources.filter((s) => vocabulary.feedSources.includes(s));
    const lists = filters.sources.filter((s) => !vocabulary.feedSources.includes(s));
    const feedsCan = feeds.length > 0 && kinds.includes('notice');
    const listsCan = lists.length > 0 && kinds.some((k) => k !== 'notice');
    if (!feedsCan && !listsCan) {
      errors.push(
        feeds.length
          ? `these filters can never match: ${feeds.join(', ')} publish${feeds.length === 1 ? 'es' : ''} only notices and kinds (${kinds.join(', ')}) do not include notice; add notice to kinds or leave kinds out`
          : `these filters can never match: ${lists.join(', ')} publish${lists.length === 1 ? 'es' : ''} list changes only (added, removed, amended), not notices; name a notice feed (${vocabulary.feedSources.join(', ')}) or other kinds`,
      );
    }
  }
  return { errors, warnings };
}

export type ValidatedSubscription =
  | { ok: true; value: NewSubscription; warnings: string[] }
  | { ok: false; issues: string[] };

/**
 * Validates a new subscription (CLI and API): the schema, list values in either form, the
 * vocabulary checks of `checkFilters`. Slack URLs must be https://hooks.slack.com/… unless private
 * targets are allowed (then any http(s) URL, for a local receiver). Reachability of a URL target is
 * checked separately (`checkTarget`, it may resolve a host name).
 */
export function validateNewSubscription(
  input: unknown,
  options: { allowPrivateTargets: boolean; vocabulary: FilterVocabulary },
): ValidatedSubscription {
  let candidate = input;
  if (candidate && typeof candidate === 'object' && 'filters' in candidate)
    candidate = { ...candidate, filters: normaliseFilterInput((candidate as { filters: unknown }).filters) };
  const local = options.allowPrivateTargets && (input as { channel?: unknown })?.channel === 'slack';
  if (local) candidate = { ...(candidate as object), channel: 'webhook' };
  const parsed = newSubscriptionSchema.safeParse(candidate);
  if (!parsed.success) return { ok: false, issues: describeIssues(parsed.error) };
  const value = local ? { ...parsed.data, channel: 'slack' as Channel } : parsed.data;
  const check = checkFilters(value.filters, options.vocabulary);
  if (check.errors.length) return { ok: false, issues: check.errors.map((e) => `filters.${e}`) };
  return { ok: true, value, warnings: check.warnings.map((w) => `filters.${w}`) };
}

/**
 * Checks a webhook or Slack target as the delivery SSRF guard would (functions/send/ssrf.ts),
 * when it is added: a literal address or a host name that resolves to a loopback, private,
 * link-local, CGNAT or reserved address is refused unless private targets are allowed; a cloud
 * metadata address is refused always. A host that does not resolve now is accepted with a warning
 * (it is checked again before each delivery).
 */
export async function checkTarget(
  channel: Channel,
  target: string,
  options: { allowPrivate: boolean; lookup?: HostLookup; timeoutMs?: number },
): Promise<{ ok: true; warning?: string } | { ok: false; reason: string }> {
  if (channel === 'email') return { ok: true };
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return { ok: false, reason: 'the target is not a valid URL' };
  }
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  const refuse = (address: string, cls: string) => {
    const where = address === host ? `${host} is` : `${host} resolves to ${address},`;
    return {
      ok: false as const,
      reason:
        cls === 'metadata'
          ? `${where} a cloud metadata address: refused always`
          : `${where} a ${cls} address: refused (only public addresses are reachable; ALLOW_PRIVATE_WEBHOOK_TARGETS=true allows private ones for local testing)`,
    };
  };
  let addresses: string[];
  let classes: string[];
  try {
    classes = [classifyIp(host)];
    addresses = [host];
  } catch {
    if (host === 'localhost' || host.endsWith('.localhost')) {
      return options.allowPrivate ? { ok: true } : refuse(host, 'loopback');
    }
    const lookup = options.lookup ?? systemLookup;
    let timer: NodeJS.Timeout | undefined;
    try {
      addresses = await Promise.race([
        lookup(host),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timed out')), options.timeoutMs ?? 3000);
        }),
      ]);
    } catch (error) {
      return {
        ok: true,
        warning: `${host} does not resolve now (${(error as Error).message.split('\n')[0]}); it is checked again before each delivery`,
      };
    } finally {
      clearTimeout(timer);
    }
    classes = addresses.map((a) => {
      try {
        return classifyIp(a);
      } catch {
        return 'reserved';
      }
    });
  }
  for (const [i, cls] of classes.entries()) {
    if (cls === 'metadata' || (cls !== 'public' && !options.allowPrivate)) return refuse(addresses[i]!, cls);
  }
  return { ok: true };
}
