/**
 * `subscribers add|list|remove`: operator-managed subscriptions (active at once, no opt-in).
 *   add (--email <addr> | --webhook <url> | --slack <url>) [--sources a,b] [--sectors a,b] [--regimes a,b]
 *       [--kinds added,removed,amended] [--entity-types …] [--countries …] [--watch "term"]… [--digest daily]
 *   list
 *   remove <id>
 */
import { newSubscriptionId, parseNewSubscription } from '../delivery/api';
import { deliverySettings } from '../delivery/config';
import { generateWebhookSecret } from '../delivery/signing';
import type { Subscription } from '../delivery/subscription';
import { FEED_SOURCES } from '../feeds/index';
import { LIST_SOURCES } from '../sources/index';
import { SubscriptionStore } from '../store/subscriptions';
import { DATA_DIR_OPTION, withRuntime } from './common';
import { type CommandRun, parseCommandArgs, UsageError } from './io';

const OPTIONS = {
  ...DATA_DIR_OPTION,
  email: { type: 'string' },
  webhook: { type: 'string' },
  slack: { type: 'string' },
  sources: { type: 'string' },
  sectors: { type: 'string' },
  regimes: { type: 'string' },
  kinds: { type: 'string' },
  'entity-types': { type: 'string' },
  countries: { type: 'string' },
  watch: { type: 'string', multiple: true },
  digest: { type: 'string' },
  'include-cosmetic': { type: 'boolean' },
} as const;

const csv = (value: string | undefined) =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

/** Filters from the command line; only the ones given. */
function filtersFrom(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const map: [string, string][] = [
    ['sources', 'sources'],
    ['sectors', 'sectors'],
    ['regimes', 'regimes'],
    ['kinds', 'kinds'],
    ['entity-types', 'entityTypes'],
    ['countries', 'countries'],
  ];
  for (const [flag, key] of map) {
    const list = csv(values[flag] as string | undefined);
    if (list) out[key] = list;
  }
  const watch = values.watch as string[] | undefined;
  if (watch?.length) out.watch = watch;
  if (values['include-cosmetic']) out.includeCosmetic = true;
  return out;
}

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
    const parsed = parseNewSubscription(
      {
        channel,
        target: values[channel],
        filters: filtersFrom(values),
        mode: values.digest === 'daily' ? 'daily' : 'immediate',
      },
      {
        allowPrivateTargets: settings.allowPrivateTargets,
        knownSources: [...Object.keys(LIST_SOURCES), ...Object.keys(FEED_SOURCES)],
      },
    );
    if (!parsed.ok) throw new UsageError(parsed.issues.join('; '));
    const at = new Date().toISOString();
    const sub: Subscription = {
      ...parsed.value,
      id: newSubscriptionId(),
      status: 'active',
      createdAt: at,
      confirmedAt: at,
      ...(channel === 'webhook' ? { secret: generateWebhookSecret() } : {}),
    };
    await withRuntime(dataDir, io, async (runtime) => {
      await new SubscriptionStore(runtime.store.table).create(sub);
    });
    io.out(`added ${sub.id} (${sub.channel}, active)`);
    if (sub.secret) {
      io.err('webhook signing secret (shown once; verify the webhook-signature header with it):');
      io.out(sub.secret);
    }
    return 0;
  }
  if (action === 'list') {
    if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`);
    const subs = await withRuntime(dataDir, io, (runtime) =>
      new SubscriptionStore(runtime.store.table).list(),
    );
    if (!subs.length) io.out('no subscriptions');
    for (const s of subs) io.out(describeSubscription(s));
    return 0;
  }
  if (action === 'remove') {
    if (rest.length !== 1) throw new UsageError('usage: subscribers remove <id>');
    const removed = await withRuntime(dataDir, io, (runtime) =>
      new SubscriptionStore(runtime.store.table).remove(rest[0]!),
    );
    if (!removed) {
      io.err(`error: no subscription ${rest[0]}`);
      return 1;
    }
    io.out(`removed ${rest[0]}`);
    return 0;
  }
  throw new UsageError('usage: subscribers add|list|remove …');
};
