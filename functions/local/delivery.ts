/**
 * Local delivery: the same worker and fan-out as on AWS, behind an in-process queue, with the
 * retry schedule persisted in the store (waiting jobs carry their due time; `processDue` runs the
 * ones whose time has come — `run`, `poll` and `deliveries retry` call it).
 *
 * Email goes through `SMTP_URL` when set, else into `<data-dir>/outbox/` as `.eml` + `.html`.
 * Webhooks and Slack go over HTTP; every webhook/Slack body is also kept in the outbox as `.json`.
 */
import { join } from 'node:path';
import { type ChangeBatch, splitBatchId } from '../core/changes';
import type { DeliveryRepo } from '../dispatch/deliveries';
import { type DigestRunResult, runDigests } from '../dispatch/digest';
import { type FanoutResult, fanOutBatch } from '../dispatch/fanout';
import type { DeliveryQueue } from '../dispatch/jobs';
import type { OperatorAlert } from '../pipeline/ports';
import type { BatchRepo } from '../pipeline/repos';
import { outboxChannel, writeOutboxJson } from '../send/channels/email-outbox';
import { smtpChannel } from '../send/channels/email-smtp';
import { slackChannel } from '../send/channels/slack-http';
import type { EmailChannel } from '../send/channels/types';
import { webhookChannel } from '../send/channels/webhook-http';
import { type DeliverySettings, deliverySettings, localKeys } from '../send/config';
import type { RetryPolicy } from '../send/retry';
import type { HostLookup } from '../send/ssrf';
import { DeliveryWorker, type JobOutcome, processDueDeliveries, type WorkerDeps } from '../send/worker';
import { sourceTitle } from '../sources/index';
import type { SubscriptionRepo } from '../subscriptions/repo';
import { localOperatorAlerts } from './alerts';
import type { LocalRuntime } from './runtime';

/** In-process queue: jobs wait here until `drain()`; the store keeps them if the process stops. */
export class InProcessQueue implements DeliveryQueue {
  private readonly pending: string[] = [];

  async enqueue(ids: string[], delaySeconds = 0): Promise<void> {
    // A delayed job stays in the store with its due time; `processDue` picks it up then.
    if (delaySeconds > 0) return;
    for (const id of ids) if (!this.pending.includes(id)) this.pending.push(id);
  }

  take(): string | undefined {
    return this.pending.shift();
  }

  get size(): number {
    return this.pending.length;
  }
}

export interface LocalDeliveryOptions {
  /** The subscription and delivery repositories (the store, or the in-memory ones in tests). */
  repos: { subscriptions: SubscriptionRepo; deliveries: DeliveryRepo };
  dataDir: string;
  /** Environment to read SMTP_URL, PUBLIC_BASE_URL, SENDER_EMAIL, ALLOW_PRIVATE_WEBHOOK_TARGETS from. */
  env?: NodeJS.ProcessEnv;
  /** Settings override (tests); default from `env`. */
  settings?: Partial<DeliverySettings>;
  /** Change batches by id; default: the pipeline's batch store when given. */
  loadBatch?: (batchId: string) => Promise<ChangeBatch | undefined>;
  batches?: BatchRepo;
  sourceTitle?: (sourceId: string) => string;
  now?: () => number;
  random?: () => number;
  policy?: RetryPolicy;
  lookup?: HostLookup;
  /** Where operator alerts go besides `<data-dir>/operator-alerts.jsonl` (default: nothing else). */
  onOperatorAlert?: (alert: OperatorAlert) => void;
  /** An email channel to use instead of SMTP/outbox (tests). */
  email?: EmailChannel;
  httpTimeoutMs?: number;
}

export interface LocalDelivery {
  subscriptions: SubscriptionRepo;
  deliveries: DeliveryRepo;
  worker: DeliveryWorker;
  queue: InProcessQueue;
  settings: DeliverySettings;
  /** The email channel in use (SMTP or outbox), e.g. for the API's confirmation emails. */
  email: EmailChannel;
  tokenKey: string;
  adminToken: string;
  outboxDir: string;
  /** Fan-out of one batch, then runs the queued jobs now. */
  deliverBatch(
    batch: ChangeBatch,
  ): Promise<{ fanout: FanoutResult; outcomes: { id: string; outcome: JobOutcome }[] }>;
  /** Runs every job in the in-process queue. */
  drain(): Promise<{ id: string; outcome: JobOutcome }[]>;
  /** Runs the jobs whose (retry) time has come. */
  processDue(): Promise<{ id: string; outcome: JobOutcome }[]>;
  /**
   * Daily digests of every day ended as of `asOf` (default now), delivered now
   * (`functions/dispatch/digest.ts`); `outcomes` are the digest jobs run.
   */
  runDigests(options?: {
    asOf?: number;
  }): Promise<{ result: DigestRunResult; outcomes: { id: string; outcome: JobOutcome }[] }>;
}

export async function createLocalDelivery(options: LocalDeliveryOptions): Promise<LocalDelivery> {
  const env = options.env ?? process.env;
  const settings: DeliverySettings = { ...deliverySettings(env, { aws: false }), ...options.settings };
  const keys = await localKeys(options.dataDir);
  const outboxDir = join(options.dataDir, 'outbox');
  const now = options.now ?? Date.now;
  const { subscriptions, deliveries } = options.repos;
  const http = {
    allowPrivate: settings.allowPrivateTargets,
    now,
    ...(options.lookup ? { lookup: options.lookup } : {}),
    ...(options.httpTimeoutMs ? { timeoutMs: options.httpTimeoutMs } : {}),
  };
  const batches = options.batches;
  const loadBatch =
    options.loadBatch ??
    (batches
      ? (id: string) => {
          const { source, sha256 } = splitBatchId(id);
          return batches.get(source, sha256);
        }
      : undefined);
  if (!loadBatch) throw new Error('createLocalDelivery needs loadBatch or the batch store');
  const deps: WorkerDeps = {
    deliveries,
    subscriptions,
    loadBatch,
    sourceTitle: options.sourceTitle ?? ((id) => id),
    email: options.email ?? (settings.smtpUrl ? smtpChannel(settings.smtpUrl) : outboxChannel(outboxDir)),
    webhook: webhookChannel(http),
    slack: slackChannel(http),
    sender: settings.sender,
    publicBaseUrl: settings.publicBaseUrl,
    tokenKey: keys.tokenKey,
    now,
    random: options.random ?? Math.random,
    ...(options.policy ? { policy: options.policy } : {}),
    alerts: localOperatorAlerts(options.dataDir, options.onOperatorAlert),
    onPayload: (name, body) => writeOutboxJson(outboxDir, name, body),
  };
  const worker = new DeliveryWorker(deps);
  const queue = new InProcessQueue();
  const drain = async () => {
    const out: { id: string; outcome: JobOutcome }[] = [];
    for (let id = queue.take(); id !== undefined; id = queue.take())
      out.push({ id, outcome: await worker.run(id) });
    return out;
  };
  return {
    subscriptions,
    deliveries,
    worker,
    queue,
    settings,
    email: deps.email,
    tokenKey: keys.tokenKey,
    adminToken: keys.adminToken,
    outboxDir,
    async deliverBatch(batch) {
      const fanout = await fanOutBatch(batch, { subscriptions, deliveries, queue, now });
      return { fanout, outcomes: await drain() };
    },
    drain,
    processDue: () => processDueDeliveries(worker, deliveries, now()),
    async runDigests(runOptions = {}) {
      const outcomes: { id: string; outcome: JobOutcome }[] = [];
      // Queued digest jobs run at once, before their parts are marked.
      const runNow: DeliveryQueue = {
        async enqueue(ids, delaySeconds) {
          await queue.enqueue(ids, delaySeconds);
          outcomes.push(...(await drain()));
        },
      };
      const result = await runDigests({ deliveries, queue: runNow, now }, runOptions);
      return { result, outcomes };
    },
  };
}

/** Local delivery over an open local runtime (the store, batches and data dir it holds). */
export function localDeliveryFor(
  runtime: Pick<LocalRuntime, 'store' | 'dataDir'>,
  options: Partial<Omit<LocalDeliveryOptions, 'repos' | 'dataDir' | 'batches'>> = {},
): Promise<LocalDelivery> {
  return createLocalDelivery({
    repos: runtime.store,
    dataDir: runtime.dataDir,
    batches: runtime.store.batches,
    sourceTitle,
    onOperatorAlert: (alert) => process.stderr.write(`operator alert: ${alert.message}\n`),
    ...options,
  });
}

/**
 * The batch consumer registered in `functions/local/consumers.ts`: fans each emitted batch out,
 * delivers it now, then runs any retries that have come due. Idempotent by batch id.
 */
export async function localDeliveryConsumer(
  runtime: LocalRuntime,
): Promise<(batch: ChangeBatch) => Promise<void>> {
  // The batch in hand is used as is (it was persisted write-ahead by the pipeline); older ones
  // (due retries) are read back from the store.
  const handed = new Map<string, ChangeBatch>();
  const delivery = await localDeliveryFor(runtime, {
    loadBatch: async (id) => {
      const known = handed.get(id);
      if (known) return known;
      const { source, sha256 } = splitBatchId(id);
      return runtime.store.batches.get(source, sha256);
    },
  });
  return async (batch) => {
    handed.set(batch.id, batch);
    await delivery.deliverBatch(batch);
    await delivery.processDue();
  };
}
