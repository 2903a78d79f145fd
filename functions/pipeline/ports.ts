/**
 * What the poll pipeline needs from the outside world. AWS and the local runtime plug different
 * adapters into the same ports; tests plug real local engines plus a fault hook.
 */
import type { ChangeBatch } from '../core/changes';
import type { ListSource } from '../core/source';
import type { NoticeRepo } from '../feeds/notice-repo';
import type { BatchRepo, QuarantineRepo, SnapshotRepo, SourceStateRepo } from './repos';

/** The repositories a poll works on (functions/pipeline/repos.ts, functions/feeds/notice-repo.ts). */
export interface PipelineRepos {
  snapshots: SnapshotRepo;
  batches: BatchRepo;
  sources: SourceStateRepo;
  quarantine: QuarantineRepo;
  notices: NoticeRepo;
}

/**
 * Raw publication archive: every distinct publication's bytes, stored once under their sha256 with
 * the facts of the fetch that first brought them (S3 on AWS, a folder locally: store/archive.ts).
 */
export interface ArchiveMeta {
  sha256: string;
  bytes: number;
  source: string;
  /** Role of the file: the publication itself, or a companion file by base name. */
  role: 'main' | `companion:${string}`;
  fetchedFrom: string;
  fetchedAt: string;
  httpStatus?: number;
  etag?: string;
  lastModified?: string;
  contentType?: string;
  /** Set when the bytes were unpacked from a download: `gzip` or `zip:<entry name>`, with the download's sha256. */
  unpackedFrom?: { encoding: string; sha256: string; bytes: number };
  /** For a multi-file publication's main file: the companions' sha256 by base name. */
  companions?: Record<string, string>;
}

export interface RawArchive {
  /** Stores the bytes unless already there (the first fetch's metadata is kept). Returns the storage key. */
  put(
    bytes: Uint8Array,
    meta: Omit<ArchiveMeta, 'sha256' | 'bytes'>,
  ): Promise<{ key: string; sha256: string; created: boolean }>;
  get(sha256: string): Promise<{ bytes: Uint8Array; meta: ArchiveMeta } | undefined>;
  has(sha256: string): Promise<boolean>;
}

import type { EntityGraph } from './entities';

/**
 * Where emitted batches go: SQS on AWS (a reference to the stored batch), in-process locally.
 * At-least-once: a crash between `send` and recording the emission sends again, so consumers must
 * be idempotent by `batch.id` (delivery records are keyed by it).
 */
export interface BatchQueue {
  send(batch: ChangeBatch): Promise<void>;
}

export type OperatorAlertKind = 'quarantined' | 'fetch-failing' | 'unmapped-field' | 'delivery-dead';

/** A message for the people who run the service (never list data beyond counts and ids). */
export interface OperatorAlert {
  kind: OperatorAlertKind;
  source: string;
  /** One line an operator can act on. */
  message: string;
  at: string;
  /** For `quarantined`: the id to pass to `quarantine approve|reject`. */
  quarantineId?: string;
}

export interface OperatorAlerts {
  alert(alert: OperatorAlert): Promise<void>;
}

/** The pipeline's steps, in order; the fault hook runs after each (crash tests throw from it). */
export const PIPELINE_STEPS = [
  'fetched',
  'archived',
  'parsed',
  'diffed',
  'batch-written',
  'pending-recorded',
  'snapshot-partly-applied',
  'snapshot-applied',
  'batch-applied',
  'state-advanced',
  'batch-sent',
  'batch-emitted',
] as const;
export type PipelineStep = (typeof PIPELINE_STEPS)[number];

/** Structured log events (source ids, hashes, counts, statuses: never personal data from the lists). */
export type PollLogger = (
  event: { level: 'info' | 'warn' | 'error'; message: string } & Record<string, unknown>,
) => void;

export interface PollDeps {
  store: PipelineRepos;
  archive: RawArchive;
  queue: BatchQueue;
  alerts: OperatorAlerts;
  /** The clock; the core never reads time itself. */
  now: () => Date;
  /** Source lookup; default the registry in functions/sources. Tests and the demo may override definitions. */
  source?: (id: string) => ListSource;
  log?: PollLogger;
  /** Called after each step; throwing simulates a crash right there. */
  fault?: (step: PipelineStep) => void | Promise<void>;
  /**
   * Links a list batch's changes to the notices that announced them (`announcedIn`) before the
   * batch is written; idempotent by batch id. See functions/pipeline/feed-poll.ts `noticeReconciler`.
   */
  reconcile?: (
    listSource: string,
    batchId: string,
    changes: ChangeBatch['changes'],
    at: string,
  ) => Promise<ChangeBatch['changes']>;
  /**
   * The entity index: annotates a list batch's changes (`alsoListed`, `notListedBy`, `related`)
   * before the batch is written, and is kept current with the snapshot's puts and deletes.
   * See functions/pipeline/entities.ts.
   */
  entities?: EntityGraph;
}
