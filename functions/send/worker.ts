/**
 * The delivery worker: runs one delivery job (one change batch × one subscription) — the same code
 * behind the deliver Lambda and the local in-process queue.
 *
 * Once per page in normal operation. Before anything is sent, the worker claims the page with a
 * conditional write (`DELIVERY#<id>` / `SEND#<page>`). A job that is redelivered finds the claim and
 * sends nothing. A claim ends `sent` (delivered) or `failed` (the attempt is known not to have
 * delivered: HTTP error status, SMTP/SES refusal, connection refused); a `failed` claim may be
 * claimed again by a later attempt, and so may a stale `sending` one (below).
 *
 * At-least-once after a crash. If the process dies while a page is `sending` — before the bytes
 * left, or after the endpoint accepted them but before the claim says `sent` — nobody knows whether
 * it arrived. A lost alert is the worse failure for a compliance control, so the page is sent again:
 * a claim still `sending` after `staleClaimMs` (far longer than any Lambda run or local send) is
 * taken over by the next attempt with one conditional write, and the page goes out again with the
 * same de-duplication key — webhook `webhook-id` (`evt_<delivery>-p<page>`), email `Message-ID`
 * (`<d_…@sanctions-notifier>`) — so a receiver that de-duplicates on it sees it once (as Standard
 * Webhooks intends). Slack incoming webhooks have no such key: a duplicate message is possible
 * there, and preferred to a loss. See docs/delivery.md, "Delivery guarantees".
 */
import { type ChangeBatch, splitBatchId } from '../core/changes';
import type { DeliveryJob, DeliveryRepo } from '../dispatch/deliveries';
import { type DigestContent, loadDigestContent } from '../dispatch/digest';
import type { DeliveryQueue } from '../dispatch/jobs';
import { type Alert, matchBatch } from '../dispatch/match';
import type { OperatorAlerts } from '../pipeline/ports';
import { renderDigestEmail, renderEmail } from '../render/email';
import { renderSlack } from '../render/slack';
import { renderWebhookPages } from '../render/webhook';
import { type SubscriberLinks, subscriberLinks } from '../subscriptions/links';
import type { SubscriptionRepo } from '../subscriptions/repo';
import type { Subscription } from '../subscriptions/subscription';
import type { EmailChannel, PostChannel } from './channels/types';
import { buildMime } from './mime';
import { type AttemptResult, DEFAULT_RETRY_POLICY, nextAttempt, type RetryPolicy } from './retry';
import { signWebhook } from './signing';

export interface WorkerDeps {
  deliveries: DeliveryRepo;
  subscriptions: SubscriptionRepo;
  /** The change batch by id (`<source>:<sha256>`). */
  loadBatch(batchId: string): Promise<ChangeBatch | undefined>;
  sourceTitle(sourceId: string): string;
  email: EmailChannel;
  webhook: PostChannel;
  slack: PostChannel;
  sender: string;
  publicBaseUrl: string;
  tokenKey: string;
  /** The operator alerts port (SNS on AWS, a file locally), kind `delivery-dead`. */
  alerts: OperatorAlerts;
  now: () => number;
  random: () => number;
  policy?: RetryPolicy;
  /** A `sending` claim older than this is taken over and its page sent again (default 30 min). */
  staleClaimMs?: number;
  maxChangesPerPage?: number;
  /**
   * Fault injection (crash tests only): called after a page is claimed and after it is sent, before
   * the outcome is recorded. A throw stops the run right there, as a kill or a Lambda timeout would
   * (it is not caught as a send failure), leaving the claim `sending`.
   */
  fault?(point: DeliveryFaultPoint, page: number): void | Promise<void>;
  /** Called with each webhook/Slack body as sent (the local runtime keeps a copy in the outbox). */
  onPayload?(name: string, body: string): Promise<void>;
}

export type JobOutcome =
  | { status: 'sent'; pages: number }
  | { status: 'already-done'; state: DeliveryJob['state'] }
  | { status: 'skipped'; reason: string }
  | { status: 'retry'; at: string; reason: string }
  | { status: 'dead'; reason: string }
  | { status: 'not-due'; at: string }
  /** A page is being sent by another attempt; `at`: when its claim turns stale and may be taken over. */
  | { status: 'in-flight'; at: string };

/** Where a crash test may stop a run: page claimed (nothing sent yet), page sent (not yet recorded). */
export type DeliveryFaultPoint = 'page-claimed' | 'page-sent';

export const DEFAULT_STALE_CLAIM_MS = 30 * 60_000;

interface Page {
  send(): Promise<AttemptResult>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Webhook event id of a delivery; its pages are `<eventId>-p<n>` (the `webhook-id`, stable across attempts). */
export function webhookEventId(deliveryId: string): string {
  return `evt_${deliveryId.replace(/^d_/, '')}`;
}

export class DeliveryWorker {
  constructor(private readonly deps: WorkerDeps) {}

  /** Runs the job once now; records the outcome in the store and returns it. */
  async run(deliveryId: string): Promise<JobOutcome> {
    const { deps } = this;
    const job = await deps.deliveries.getJob(deliveryId);
    if (!job) throw new Error(`delivery ${deliveryId} not found`);
    if (job.state === 'sent' || job.state === 'skipped' || job.state === 'dead') {
      return { status: 'already-done', state: job.state };
    }
    const nowMs = deps.now();
    if (job.nextAttemptAt && Date.parse(job.nextAttemptAt) > nowMs)
      return { status: 'not-due', at: job.nextAttemptAt };

    const sub = await deps.subscriptions.get(job.subscriptionId);
    if (sub?.status !== 'active') {
      return this.finish(job, {
        state: 'skipped',
        reason: sub ? `subscription is ${sub.status}` : 'subscription removed',
      });
    }
    if (sub.channel === 'email' && (await deps.subscriptions.suppression(sub.target))) {
      return this.finish(job, { state: 'skipped', reason: 'address suppressed' });
    }
    let pages: Page[];
    if (job.digest) {
      // A daily digest (functions/dispatch/digest.ts): the batches it merges were frozen at creation.
      const loaded = await loadDigestContent(job.digest, sub, deps);
      if ('missing' in loaded)
        return this.finish(job, { state: 'dead', reason: `change batch ${loaded.missing} not found` });
      if (!loaded.content)
        return this.finish(job, { state: 'skipped', reason: 'no change matches the current filters' });
      pages = this.render(job, sub, loaded.content.alert, loaded.content.batch, nowMs, loaded.content);
    } else {
      const batch = await deps.loadBatch(job.batchId);
      if (!batch) return this.finish(job, { state: 'dead', reason: `change batch ${job.batchId} not found` });
      const alert = matchBatch([sub], batch)[0];
      if (!alert)
        return this.finish(job, { state: 'skipped', reason: 'no change matches the current filters' });
      pages = this.render(job, sub, alert, batch, nowMs);
    }
    const attempt = job.attempts + 1;
    const started: DeliveryJob = {
      ...job,
      state: 'sending',
      attempts: attempt,
      firstAttemptAt: job.firstAttemptAt ?? iso(nowMs),
      updatedAt: iso(nowMs),
      pagesTotal: pages.length,
    };
    delete started.nextAttemptAt;
    await deps.deliveries.saveJob(started);

    let sent = 0;
    const staleMs = deps.staleClaimMs ?? DEFAULT_STALE_CLAIM_MS;
    for (let page = 0; page < pages.length; page++) {
      const claim = await deps.deliveries.claimSend(
        job.id,
        page,
        attempt,
        iso(deps.now()),
        iso(deps.now() - staleMs),
      );
      if (!claim.claimed) {
        const existing = claim.existing;
        if (existing.state === 'sent') {
          sent++;
          continue;
        }
        // `sending` and not stale: another worker holds it. Come back when the claim turns stale.
        // The job keeps its last update time, so that the local sweep still finds it stuck in time.
        const updatedAt = job.state === 'sending' ? job.updatedAt : started.updatedAt;
        await deps.deliveries.saveJob({ ...started, attempts: job.attempts, pagesSent: sent, updatedAt });
        return { status: 'in-flight', at: iso(Date.parse(existing.claimedAt) + staleMs) };
      }
      const resumed = claim.resumed
        ? `resent after an unknown outcome (attempt ${claim.resumed.attempt} stopped while sending)`
        : undefined;
      await deps.fault?.('page-claimed', page);
      let result: AttemptResult;
      try {
        result = await pages[page]!.send();
      } catch (error) {
        // A bug or an unexpected SDK error: nothing is known to have been delivered.
        result = { ok: false, retryable: true, reason: `unexpected error: ${(error as Error).message}` };
      }
      await deps.fault?.('page-sent', page);
      const at = iso(deps.now());
      if (result.ok) {
        const detail = [result.detail, resumed].filter(Boolean).join('; ');
        await deps.deliveries.finishSend(job.id, page, attempt, {
          state: 'sent',
          at,
          ...(detail ? { detail } : {}),
        });
        sent++;
        continue;
      }
      await deps.deliveries.finishSend(job.id, page, attempt, { state: 'failed', at, detail: result.reason });
      const decision = nextAttempt(deps.policy ?? DEFAULT_RETRY_POLICY, {
        attempt,
        firstAttemptAt: Date.parse(started.firstAttemptAt!),
        now: deps.now(),
        result,
        random: deps.random,
      });
      const failed = { ...started, pagesSent: sent, lastError: `page ${page}: ${result.reason}` };
      if (decision.retry) {
        const nextAt = iso(decision.at);
        await deps.deliveries.saveJob({ ...failed, state: 'retrying', nextAttemptAt: nextAt, updatedAt: at });
        return { status: 'retry', at: nextAt, reason: result.reason };
      }
      return this.finish(failed, { state: 'dead', reason: `page ${page}: ${decision.reason}` });
    }
    return this.finish(
      { ...started, pagesSent: sent },
      { state: 'sent', reason: `${sent} page(s) delivered` },
    );
  }

  private async finish(
    job: DeliveryJob,
    end: { state: 'sent' | 'skipped' | 'dead'; reason: string },
  ): Promise<JobOutcome> {
    const at = iso(this.deps.now());
    const record: DeliveryJob = { ...job, state: end.state, updatedAt: at, detail: end.reason };
    delete record.nextAttemptAt;
    if (end.state === 'dead') record.lastError = end.reason;
    await this.deps.deliveries.saveJob(record);
    if (end.state === 'dead') {
      // No target, address or list data in the alert: ids and the reason only.
      await this.deps.alerts.alert({
        kind: 'delivery-dead',
        source: splitBatchId(job.batchId).source,
        at,
        message: `Delivery ${job.id} (batch ${job.batchId}, subscription ${job.subscriptionId}, ${job.channel}) stopped after ${job.attempts} attempt(s): ${end.reason}. List with 'deliveries list --failed'; resend with 'deliveries retry ${job.id}'.`,
      });
      return { status: 'dead', reason: end.reason };
    }
    if (end.state === 'skipped') return { status: 'skipped', reason: end.reason };
    return { status: 'sent', pages: record.pagesTotal ?? 0 };
  }

  private render(
    job: DeliveryJob,
    sub: Subscription,
    alert: Alert,
    batch: ChangeBatch,
    nowMs: number,
    digest?: DigestContent,
  ): Page[] {
    const { deps } = this;
    const sourceTitle = digest?.title ?? deps.sourceTitle(batch.source);
    if (sub.channel === 'email') {
      const links: SubscriberLinks = subscriberLinks(
        deps.publicBaseUrl,
        deps.tokenKey,
        sub.id,
        Math.floor(nowMs / 1000),
      );
      const email = digest
        ? renderDigestEmail({
            day: digest.day,
            parts: digest.sections,
            links,
            filters: sub.filters,
            siteUrl: deps.publicBaseUrl,
          })
        : renderEmail({
            alert,
            batch,
            sourceTitle,
            links: { publicationUrl: batch.url, ...links },
            filters: sub.filters,
            siteUrl: deps.publicBaseUrl,
          });
      const raw = buildMime({
        from: deps.sender,
        to: sub.target,
        subject: email.subject,
        html: email.html,
        text: email.text,
        headers: email.headers,
        messageId: `<${job.id}@sanctions-notifier>`,
        date: new Date(nowMs),
      });
      return [
        {
          send: () =>
            deps.email.send({ from: deps.sender, to: sub.target, raw, html: email.html, name: job.id }),
        },
      ];
    }
    if (sub.channel === 'slack') {
      const message = renderSlack(alert, batch, {
        publicationUrl: batch.url,
        sourceTitle,
        filters: sub.filters,
        siteUrl: deps.publicBaseUrl,
        ...(digest ? { shortTitle: digest.title } : {}),
      });
      const body = JSON.stringify(message);
      return [
        {
          send: async () => {
            await deps.onPayload?.(`${job.id}-slack`, body);
            return deps.slack.send({ url: sub.target, body, headers: {} });
          },
        },
      ];
    }
    const secret = sub.secret;
    if (!secret) throw new Error(`webhook subscription ${sub.id} has no signing secret`);
    const payloads = renderWebhookPages(alert, batch, {
      eventId: webhookEventId(job.id),
      ...(deps.maxChangesPerPage ? { maxChangesPerPage: deps.maxChangesPerPage } : {}),
    });
    return payloads.map((payload, page) => {
      const body = JSON.stringify(payload);
      return {
        send: async () => {
          const id = payload.id;
          // Signed at send time: the timestamp is the attempt's, the id stays the same across attempts.
          const headers = signWebhook({ secret, id, timestamp: Math.floor(deps.now() / 1000), body });
          await deps.onPayload?.(`${job.id}-webhook-${page}`, body);
          return deps.webhook.send({ url: sub.target, body, headers: { ...headers } });
        },
      };
    });
  }
}

/**
 * Operator retry of a dead (or stuck) delivery: a fresh retry budget from now; claims whose
 * outcome is unknown are released (the operator has decided to resend); pages already `sent` are
 * never resent. Returns the job as queued, or undefined when there is no such delivery.
 */
export async function operatorRetry(
  deliveries: DeliveryRepo,
  id: string,
  nowMs: number,
): Promise<DeliveryJob | undefined> {
  const job = await deliveries.getJob(id);
  if (!job) return undefined;
  if (job.state === 'sent') throw new Error(`delivery ${id} was already delivered; nothing to retry`);
  for (const send of await deliveries.getSends(id)) {
    if (send.state === 'sending')
      await deliveries.releaseUnknownSend(id, send.page, 'released by operator retry');
  }
  const at = iso(nowMs);
  const queued: DeliveryJob = {
    ...job,
    state: 'queued',
    nextAttemptAt: at,
    updatedAt: at,
    detail: 'retry requested by operator',
  };
  delete queued.firstAttemptAt;
  await deliveries.saveJob(queued);
  return queued;
}

/**
 * The local retry schedule: runs every waiting job whose due time has come (queued or retrying),
 * and jobs left `sending` by a process that stopped (their stale claims are taken over and the
 * pages sent again with the same de-duplication keys). `run`, `poll` and `deliveries retry` call it.
 */
export async function processDueDeliveries(
  worker: DeliveryWorker,
  deliveries: DeliveryRepo,
  nowMs: number,
  options: { staleMs?: number; limit?: number } = {},
): Promise<{ id: string; outcome: JobOutcome }[]> {
  const due = await deliveries.dueJobs(iso(nowMs), options.limit ?? 100);
  const staleBefore = nowMs - (options.staleMs ?? DEFAULT_STALE_CLAIM_MS);
  const stuck = (await deliveries.listJobs(['sending'])).filter((j) => Date.parse(j.updatedAt) < staleBefore);
  const out: { id: string; outcome: JobOutcome }[] = [];
  for (const job of [...due, ...stuck]) out.push({ id: job.id, outcome: await worker.run(job.id) });
  return out;
}

/**
 * The deliver Lambda's loop over SQS records, with partial batch responses: a job to retry later
 * (or one in flight elsewhere, until its claim turns stale) is re-enqueued with its delay and
 * acknowledged; a job that threw is reported as a failure so that SQS redelivers it after the
 * visibility timeout.
 */
export async function handleDeliveryMessages(
  records: { messageId: string; body: string }[],
  input: {
    worker: DeliveryWorker;
    /** Re-enqueues with a delay (SQS: ≤ 900 s per hop; a longer wait arrives early and is re-enqueued). */
    queue: DeliveryQueue;
    now: () => number;
    parse(body: string): string;
    /** Told every job's outcome (for metrics: the handler logs ids and statuses only). */
    onOutcome?: (jobId: string, outcome: JobOutcome) => void;
  },
): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  const failures: { itemIdentifier: string }[] = [];
  for (const record of records) {
    try {
      const id = input.parse(record.body);
      const outcome = await input.worker.run(id);
      input.onOutcome?.(id, outcome);
      // A job in flight elsewhere comes back when its claim turns stale (never left to SQS's
      // redelivery count, which would dead-letter it before the claim can be taken over).
      if (outcome.status === 'retry' || outcome.status === 'not-due' || outcome.status === 'in-flight') {
        const seconds = Math.max(1, Math.ceil((Date.parse(outcome.at) - input.now()) / 1000));
        await input.queue.enqueue([id], seconds);
      }
    } catch {
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}
