/**
 * `subscribers add|list|remove`: operator-managed subscriptions (active at once, no opt-in).
 *   add (--email <addr> | --webhook <url> | --slack <url>) [--sources a,b] [--sectors a,b] [--regimes a,b]
 *       [--kinds added,removed,amended,notice] [--entity-types …] [--countries …] [--watch "term"]…
 *       [--min-strength name|record|stated] [--digest daily] [--include-cosmetic] [--related [--hops 1-3]]
 *   list [--json]
 *   remove <id or unique id prefix>
 * Every list-valued filter takes `--x a,b` and `--x a --x b` alike. Validation is the API's
 * (functions/subscriptions/subscription.ts through `addOperatorSubscription`); see `subscribers --help`.
 */
import { deliverySettings } from '../send/config';
import { addOperatorSubscription, publicView, vocabularyOf } from '../subscriptions/manage';
import { LIST_FILTERS, type Subscription, splitList } from '../subscriptions/subscription';
import { DATA_DIR_OPTION, resolveIdPrefix, withRuntime } from './common';
import { type CommandRun, parseCommandArgs, UsageError } from './io';

const list = { type: 'string', multiple: true } as const;

export const OPTIONS = {
  ...DATA_DIR_OPTION,
  email: { type: 'string' },
  webhook: { type: 'string' },
  slack: { type: 'string' },
  sources: list,
  sectors: list,
  'min-strength': { type: 'string' },
  regimes: list,
  kinds: list,
  'entity-types': list,
  countries: list,
  watch: list,
  digest: { type: 'string' },
  'include-cosmetic': { type: 'boolean' },
  related: { type: 'boolean' },
  hops: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** Filter key → its flag (`entityTypes` → `entity-types`). */
const flagOf = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Filters from the command line; only the ones given, each list in one form. */
function filtersFrom(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of LIST_FILTERS) {
    const given = values[flagOf(key)] as string[] | undefined;
    if (!given) continue;
    // An empty value would mean "no filter", i.e. everything: refuse it rather than widen silently.
    if (!splitList(given).length) throw new UsageError(`--${flagOf(key)} needs at least one value`);
    out[key] = splitList(given);
  }
  if (values['include-cosmetic']) out.includeCosmetic = true;
  if (values['min-strength'] !== undefined) out.minStrength = values['min-strength'];
  if (values.related) out.related = true;
  // The number (or what was typed, when it is none) goes to the shared validation, which says what is wrong.
  if (typeof values.hops === 'string')
    out.hops = /^\s*\d+\s*$/.test(values.hops) ? Number(values.hops) : values.hops;
  return out;
}

/** `filters.entityTypes.0: …` → `--entity-types: …`: messages name the flag the operator typed. */
const inFlagTerms = (issue: string) =>
  issue
    .replace(/^filters\.([A-Za-z]+)(\.\d+)?:/, (_, key: string) => `--${flagOf(key)}:`)
    .replace(/^filters\./, '');

/** One line per subscription; never the secret. Email addresses are shown: this is the operator's own terminal. */
export function describeSubscription(s: Subscription): string {
  const filters = Object.entries(s.filters)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join(' ');
  return `${s.id}  ${s.status.padEnd(12)} ${s.channel.padEnd(7)} ${s.mode.padEnd(9)} ${s.target}${filters ? `  ${filters}` : ''}`;
}

export const run: CommandRun = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS);
  const [action, ...rest] = positionals;
  const dataDir = values['data-dir'];
  if (action === 'add') {
    if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`);
    const given = (['email', 'webhook', 'slack'] as const).filter((c) => values[c] !== undefined);
    if (given.length !== 1) throw new UsageError('give exactly one of --email, --webhook, --slack');
    const channel = given[0]!;
    if (values.digest !== undefined && values.digest !== 'daily')
      throw new UsageError('--digest takes only daily');
    const settings = deliverySettings(process.env, { aws: false });
    const added = await withRuntime(dataDir, io, (runtime) =>
      addOperatorSubscription(
        runtime.store.subscriptions,
        {
          channel,
          target: values[channel],
          filters: filtersFrom(values),
          mode: values.digest === 'daily' ? 'daily' : 'immediate',
        },
        { allowPrivateTargets: settings.allowPrivateTargets, vocabulary: vocabularyOf({}), now: Date.now },
      ),
    );
    if (!added.ok) {
      const message = added.issues.map(inFlagTerms).join('; ');
      if (added.status === 409) {
        io.err(`error: ${message}`);
        return 1;
      }
      throw new UsageError(message);
    }
    for (const w of added.warnings) io.err(`warning: ${inFlagTerms(w)}`);
    const { sub } = added;
    io.out(`added ${sub.id} (${sub.channel}, active)`);
    if (sub.secret) {
      io.err('webhook signing secret (shown once; verify the webhook-signature header with it):');
      io.out(sub.secret);
    }
    return 0;
  }
  if (action === 'list') {
    if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`);
    const subs = await withRuntime(dataDir, io, (runtime) => runtime.store.subscriptions.list());
    if (values.json) {
      io.out(JSON.stringify({ subscriptions: subs.map((s) => publicView(s, { withTarget: true })) }));
      return 0;
    }
    if (!subs.length) io.out('no subscriptions');
    for (const s of subs) io.out(describeSubscription(s));
    return 0;
  }
  if (action === 'remove') {
    if (rest.length !== 1) throw new UsageError('usage: subscribers remove <id or unique id prefix>');
    return withRuntime(dataDir, io, async (runtime) => {
      const store = runtime.store.subscriptions;
      const id = resolveIdPrefix(
        'subscription',
        rest[0]!,
        (await store.list()).map((s) => s.id),
      );
      await store.remove(id);
      io.out(`removed ${id}`);
      return 0;
    });
  }
  throw new UsageError('usage: subscribers add|list|remove …  (subscribers --help)');
};
