/**
 * Delivery records as a port: one job per (change batch, subscription), one send claim per page
 * under it, and the daily subscribers' digest parts. Fan-out, digests and the send worker use it;
 * DynamoDB implements it in `functions/store/deliveries.ts` (docs/store.md, "Deliveries"), plain
 * maps in `functions/store/memory.ts`. The claim is taken before anything is sent, so a job that
 * is redelivered can never send the same page twice.
 */
import { createHash } from 'node:crypto';

export const DELIVERY_STATES = ['queued', 'retrying', 'sending', 'sent', 'dead', 'skipped'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface DeliveryJob {
  /** `d_` + 24 hex of sha256(batchId, subscriptionId): the same pair always gives the same id. */
  id: string;
  batchId: string;
  subscriptionId: string;
  channel: string;
  state: DeliveryState;
  /** Attempts made so far. */
  attempts: number;
  createdAt: string;
  updatedAt: string;
  firstAttemptAt?: string;
  /** When the job is due (queued: at once; retrying: after its backoff). */
  nextAttemptAt?: string;
  lastError?: string;
  pagesTotal?: number;
  pagesSent?: number;
  /** Operator-readable note on how it ended (message ids, HTTP status). */
  detail?: string;
  /**
   * Daily digests only: the UTC day and the change batches merged, frozen when the job is created
   * (`batchId` is then `digest:<day>`). See `functions/dispatch/digest.ts`.
   */
  digest?: { day: string; batchIds: string[] };
}

export type SendState = 'sending' | 'sent' | 'failed';

export interface SendRecord {
  deliveryId: string;
  page: number;
  state: SendState;
  /** The attempt that holds (or last held) the claim. */
  attempt: number;
  claimedAt: string;
  sentAt?: string;
  detail?: string;
}

export function deliveryId(batchId: string, subscriptionId: string): string {
  return `d_${createHash('sha256').update(`${batchId}\n${subscriptionId}`).digest('hex').slice(0, 24)}`;
}

/** The daily digest job of one subscription for one UTC day (`YYYY-MM-DD`): one per (subscription, day). */
export function digestDeliveryId(subscriptionId: string, day: string): string {
  return deliveryId(`digest:${day}`, subscriptionId);
}

/**
 * A daily subscriber's matching alert of one change batch, waiting for the day's digest
 * (docs/store.md, "Digest parts"). One per (batch, subscription); the changes are matched again
 * from the batch when the digest is built, as the worker does for an immediate alert.
 */
export interface DigestPart {
  subscriptionId: string;
  batchId: string;
  channel: string;
  /** UTC day whose digest takes it: the day of fan-out (a part seen after its day's digest moves on a day). */
  day: string;
  /** Fan-out time: the order of parts within a digest. */
  createdAt: string;
  /** Matching changes and notices at fan-out (for listing; the digest matches again). */
  counts: { added: number; removed: number; amended: number; notices: number };
  state: 'pending' | 'digested';
  /** The digest job that took it. */
  deliveryId?: string;
  digestedAt?: string;
}

export type ClaimResult = { claimed: true; resumed?: SendRecord } | { claimed: false; existing: SendRecord };

export interface DeliveryRepo {
  /** Creates the job unless it exists. Returns false (and writes nothing) for a job already known. */
  createJob(job: DeliveryJob): Promise<boolean>;
  getJob(id: string): Promise<DeliveryJob | undefined>;
  /** Writes the job's new state (whole record; the caller holds the latest copy). */
  saveJob(job: DeliveryJob): Promise<void>;
  /** The send claims of a job, by page. */
  getSends(id: string): Promise<SendRecord[]>;
  /**
   * Claims a page for sending: succeeds when nobody has claimed it, when the last claim is known to
   * have failed (nothing was delivered), or — with `staleBefore` — when the last claim is still
   * `sending` but was taken at or before `staleBefore` (its process stopped: the outcome is unknown, and
   * the page is sent again with the same de-duplication key; at-least-once). The take-over is atomic,
   * so two workers can never both take the same stale claim. Otherwise returns the existing claim:
   * `sent` (already delivered — do nothing) or `sending` (in flight elsewhere). `resumed` is the
   * stale claim that was taken over, when there was one.
   */
  claimSend(
    id: string,
    page: number,
    attempt: number,
    now: string,
    staleBefore?: string,
  ): Promise<ClaimResult>;
  /** Records the outcome of a claimed send. Only the attempt that holds the claim may do so (throws otherwise). */
  finishSend(
    id: string,
    page: number,
    attempt: number,
    outcome: { state: 'sent' | 'failed'; at: string; detail?: string },
  ): Promise<void>;
  /**
   * Operator override for a claim whose outcome is unknown (the process stopped between sending
   * and recording): marks it failed so that a retry may send it again. Throws unless it is `sending`.
   */
  releaseUnknownSend(id: string, page: number, reason: string): Promise<void>;
  /** Jobs in the given states, most recent first within each state. */
  listJobs(states: readonly DeliveryState[], limit?: number): Promise<DeliveryJob[]>;
  /** Waiting jobs (queued or retrying) whose due time is at or before `now`, oldest first. */
  dueJobs(now: string, limit?: number): Promise<DeliveryJob[]>;
  /** Removes a job and its sends (tests and operator clean-up only). */
  deleteJob(id: string): Promise<void>;
  /** Stores a pending digest part unless one exists for (batch, subscription). Returns false when it did. */
  createDigestPart(part: DigestPart): Promise<boolean>;
  getDigestPart(subscriptionId: string, batchId: string): Promise<DigestPart | undefined>;
  /** Pending digest parts of days before `day` (`YYYY-MM-DD`), by day, subscription and fan-out time. */
  pendingDigestParts(beforeDay: string): Promise<DigestPart[]>;
  /** Marks a pending part as taken by a digest job. False if it was not pending. */
  markDigestPart(part: DigestPart, deliveryId: string, at: string): Promise<boolean>;
  /** Moves a pending part from `part.day` to `day` (its day's digest was made without it). False otherwise. */
  moveDigestPart(part: DigestPart, day: string): Promise<boolean>;
}

/** When a job is due or was last touched: waiting jobs by due time, others by last update. */
export function jobOrderTime(job: DeliveryJob): string {
  return (job.state === 'queued' || job.state === 'retrying') && job.nextAttemptAt
    ? job.nextAttemptAt
    : job.updatedAt;
}

/** The order of pending digest parts: day, subscription, fan-out time, batch. */
export const digestPartOrder = (p: Pick<DigestPart, 'day' | 'subscriptionId' | 'createdAt' | 'batchId'>) =>
  `${p.day}#${p.subscriptionId}#${p.createdAt}#${p.batchId}`;
