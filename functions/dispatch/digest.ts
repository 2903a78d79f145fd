/**
 * Daily digests. Fan-out stores a daily subscriber's matching alert of each batch as a pending
 * digest part (`DeliveryRepo.createDigestPart`, one per (batch, subscription), on the day of
 * fan-out, UTC). Once that day has ended, a digest run turns each subscriber's pending parts of the
 * day into ONE delivery job keyed by (subscription, day) — `digestDeliveryId` — holding the batch ids
 * it merges, frozen at creation, and hands it to the delivery queue. The worker runs it like any
 * other job (the same send claims, retries, dead-letter and operator retry; a crash between send
 * and record is resent with the same de-duplication keys once the claim is stale): it matches
 * each batch again with the subscription's current filters, renders the email with
 * `renderDigestEmail` (one section per batch) and webhook/Slack with their usual renderers on the merged alert (`digest()`).
 *
 * Reruns are no-ops: parts are marked `digested` once their job exists and was queued, and a job
 * that exists is never created twice. A part that turns up after its day's digest was made (fan-out
 * racing midnight, or an eventually consistent index read) is moved to the next day's digest.
 *
 * Pure decisions (`groupDueParts`, `decideDigest`, `buildDigestContent`) and thin I/O
 * (`runDigests`, `loadDigestContent`).
 */
import { createHash } from 'node:crypto';
import type { ChangeBatch } from '../core/changes';
import { countAlert } from '../render/common';
import type { Subscription } from '../subscriptions/subscription';
import { type DeliveryJob, type DeliveryRepo, type DigestPart, digestDeliveryId } from './deliveries';
import { type DeliveryQueue, queuedJob, utcDay } from './jobs';
import { type Alert, digest, matchBatch } from './match';

const DAY_MS = 86_400_000;

/** The day after `day` (`YYYY-MM-DD`). */
export function nextDay(day: string): string {
  const ms = Date.parse(`${day}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(ms)) throw new Error(`not a day: ${day}`);
  return utcDay(ms + DAY_MS);
}

/** When the next digest run is due after `nowMs`: the next UTC midnight. */
export function nextDigestRun(nowMs: number): number {
  return (Math.floor(nowMs / DAY_MS) + 1) * DAY_MS;
}

/** One subscriber's pending parts of one ended day. */
export interface DigestGroup {
  subscriptionId: string;
  day: string;
  channel: string;
  /** In fan-out order. */
  parts: DigestPart[];
}

/**
 * Pending parts whose day has ended as of `asOfMs`, grouped by (day, subscription), oldest day
 * first; parts in fan-out order (then batch id).
 */
export function groupDueParts(parts: readonly DigestPart[], asOfMs: number): DigestGroup[] {
  const today = utcDay(asOfMs);
  const groups = new Map<string, DigestGroup>();
  for (const part of parts) {
    if (part.state !== 'pending' || part.day >= today) continue;
    const key = `${part.day}\n${part.subscriptionId}`;
    let group = groups.get(key);
    if (!group) {
      group = { subscriptionId: part.subscriptionId, day: part.day, channel: part.channel, parts: [] };
      groups.set(key, group);
    }
    group.parts.push(part);
  }
  const byOrder = (a: DigestPart, b: DigestPart) =>
    a.createdAt === b.createdAt ? (a.batchId < b.batchId ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1;
  for (const g of groups.values()) g.parts.sort(byOrder);
  return [...groups.values()].sort((a, b) =>
    a.day === b.day ? (a.subscriptionId < b.subscriptionId ? -1 : 1) : a.day < b.day ? -1 : 1,
  );
}

/** What to do with one group, given the (subscription, day) job if it exists. */
export interface DigestDecision {
  deliveryId: string;
  /** A new job to create (conditionally). */
  create?: DeliveryJob;
  /** Hand the job to the queue (new, or created earlier but maybe never queued). */
  enqueue: boolean;
  /** Parts the job holds: mark them digested. */
  mark: DigestPart[];
  /** Parts the existing job was made without: they go to the next day's digest. */
  moveToNextDay: DigestPart[];
}

export function decideDigest(
  group: DigestGroup,
  existing: DeliveryJob | undefined,
  nowIso: string,
): DigestDecision {
  const id = digestDeliveryId(group.subscriptionId, group.day);
  if (!existing) {
    return {
      deliveryId: id,
      create: queuedJob(
        {
          id,
          batchId: `digest:${group.day}`,
          subscriptionId: group.subscriptionId,
          channel: group.channel,
          digest: { day: group.day, batchIds: group.parts.map((p) => p.batchId) },
        },
        nowIso,
      ),
      enqueue: true,
      mark: group.parts,
      moveToNextDay: [],
    };
  }
  const held = new Set(existing.digest?.batchIds ?? []);
  const mark = group.parts.filter((p) => held.has(p.batchId));
  return {
    deliveryId: id,
    // A job still `queued` may have been created by a run that stopped before queueing it.
    enqueue: existing.state === 'queued' && mark.length > 0,
    mark,
    moveToNextDay: group.parts.filter((p) => !held.has(p.batchId)),
  };
}

export interface DigestRunDeps {
  deliveries: DeliveryRepo;
  /** The delivery queue (SQS on AWS; locally the in-process queue, run at once). */
  queue: DeliveryQueue;
  now: () => number;
}

export interface DigestRunResult {
  /** Pending parts of ended days found. */
  parts: number;
  /** (subscription, day) digests considered. */
  digests: number;
  /** Digest jobs created by this run. */
  created: number;
  queued: number;
  marked: number;
  movedToNextDay: number;
}

/**
 * Makes the digests of every day that has ended as of `asOf` (default now): one job per
 * (subscription, day), queued, then its parts marked. Idempotent: a rerun finds no pending parts,
 * or finds the jobs and only finishes what a stopped run left.
 */
export async function runDigests(
  deps: DigestRunDeps,
  options: { asOf?: number } = {},
): Promise<DigestRunResult> {
  const asOf = options.asOf ?? deps.now();
  const parts = await deps.deliveries.pendingDigestParts(utcDay(asOf));
  const groups = groupDueParts(parts, asOf);
  const result: DigestRunResult = {
    parts: parts.length,
    digests: groups.length,
    created: 0,
    queued: 0,
    marked: 0,
    movedToNextDay: 0,
  };
  const plans: DigestDecision[] = [];
  for (const group of groups) {
    const nowIso = new Date(deps.now()).toISOString();
    const id = digestDeliveryId(group.subscriptionId, group.day);
    let decision = decideDigest(group, await deps.deliveries.getJob(id), nowIso);
    if (decision.create) {
      if (await deps.deliveries.createJob(decision.create)) result.created++;
      // Another run created it meanwhile: go by the job that exists.
      else decision = decideDigest(group, await deps.deliveries.getJob(id), nowIso);
    }
    for (const part of decision.moveToNextDay) {
      if (await deps.deliveries.moveDigestPart(part, nextDay(part.day))) result.movedToNextDay++;
    }
    plans.push(decision);
  }
  const toQueue = plans.filter((p) => p.enqueue).map((p) => p.deliveryId);
  if (toQueue.length) await deps.queue.enqueue(toQueue);
  result.queued = toQueue.length;
  const at = new Date(deps.now()).toISOString();
  for (const plan of plans) {
    for (const part of plan.mark) {
      if (await deps.deliveries.markDigestPart(part, plan.deliveryId, at)) result.marked++;
    }
  }
  return result;
}

/** One batch's section of a digest: what `renderDigestEmail` takes. */
export interface DigestSection {
  alert: Alert;
  batch: ChangeBatch;
  sourceTitle: string;
  publicationUrl?: string;
}

/** What the worker renders for a digest job. */
export interface DigestContent {
  day: string;
  /** `Sanctions digest <day> (<n> lists)`: the Slack header's title (the email builds the same). */
  title: string;
  /** Per-batch alerts, in order: the digest email's sections. */
  sections: DigestSection[];
  /** The merged alert (`digest()`) … */
  alert: Alert;
  /** … and the batch the webhook and Slack renderers read it with (`digestBatch`). */
  batch: ChangeBatch;
}

/**
 * The batch a merged alert is rendered with. From one list: that list's latest publication and
 * URL. From several: source `digest`, no URL or publication date, and a sha256 of the merged
 * batch ids (the webhook schema's publication shape).
 */
export function digestBatch(day: string, alert: Alert, batches: readonly ChangeBatch[]): ChangeBatch {
  const last = batches[batches.length - 1];
  if (!last) throw new Error('a digest needs at least one batch');
  const sources = [...new Set(batches.map((b) => b.source))];
  const single = sources.length === 1;
  const batchIds = alert.batchIds ?? batches.map((b) => b.id);
  const counts = countAlert(alert);
  const detectedAt =
    batches
      .map((b) => b.detectedAt)
      .sort()
      .at(-1) ?? last.detectedAt;
  return {
    id: alert.batchId,
    source: single ? last.source : 'digest',
    sourceKind: batches.every((b) => b.sourceKind === 'feed') ? 'feed' : 'list',
    url: single ? last.url : '',
    detectedAt,
    publication: single
      ? last.publication
      : {
          records: 0,
          sha256: createHash('sha256')
            .update(JSON.stringify([day, ...batchIds]))
            .digest('hex'),
        },
    summary: {
      added: counts.added,
      removed: counts.removed,
      amended: counts.amended,
      notices: counts.notices,
    },
    changes: alert.changes,
    notices: alert.notices,
  };
}

/**
 * A subscription's digest of `batches` (in order), matched with its current filters; undefined
 * when nothing in them matches any more.
 */
export function buildDigestContent(
  sub: Subscription,
  day: string,
  batches: readonly ChangeBatch[],
  sourceTitle: (sourceId: string) => string,
): DigestContent | undefined {
  const sections: DigestSection[] = [];
  const matched: ChangeBatch[] = [];
  for (const batch of batches) {
    const alert = matchBatch([sub], batch)[0];
    if (!alert) continue;
    sections.push({ alert, batch, sourceTitle: sourceTitle(batch.source), publicationUrl: batch.url });
    matched.push(batch);
  }
  if (!sections.length) return undefined;
  const alert = digest(sections.map((s) => s.alert));
  const lists = new Set(matched.map((b) => b.source)).size;
  return {
    day,
    title: `Sanctions digest ${day} (${lists} list${lists === 1 ? '' : 's'})`,
    sections,
    alert,
    batch: digestBatch(day, alert, matched),
  };
}

/** Loads a digest job's batches and builds its content (the worker's step for digest jobs). */
export async function loadDigestContent(
  job: { day: string; batchIds: string[] },
  sub: Subscription,
  deps: {
    loadBatch(batchId: string): Promise<ChangeBatch | undefined>;
    sourceTitle(sourceId: string): string;
  },
): Promise<{ missing: string } | { content: DigestContent | undefined }> {
  const batches: ChangeBatch[] = [];
  for (const id of job.batchIds) {
    const batch = await deps.loadBatch(id);
    if (!batch) return { missing: id };
    batches.push(batch);
  }
  return { content: buildDigestContent(sub, job.day, batches, deps.sourceTitle) };
}
