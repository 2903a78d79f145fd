/**
 * The repositories the poll pipeline needs, as ports, with the domain types they hold. DynamoDB
 * implements them in `functions/store/` (snapshots.ts, batches.ts, sources.ts, quarantine.ts),
 * plain maps in `functions/store/memory.ts`; `test/store/contract.ts` holds both to one contract.
 */
import type { ChangeBatch, Notice, PublicationSummary } from '../core/changes';
import type { HoldReason, SampleEntry } from '../core/guards';
import type { Designation } from '../core/model';

// ---------------------------------------------------------------------------------------------
// Snapshots: a source's current publication, one entry per publisher id.

export interface SnapshotPut {
  entry: Designation;
  hash: string;
  /**
   * `JSON.stringify(entry)` when the caller holds it already (a parsed publication keeps each
   * entry's text), so that the store does not serialise the entry again. Never persisted in a batch.
   */
  json?: string;
}

export interface SnapshotRepo {
  /** Every entry id of the source with its content hash. */
  readIndex(source: string): Promise<Map<string, string>>;
  /** Full entries for the given ids (missing ids are simply absent from the map). */
  getEntries(source: string, ids: readonly string[]): Promise<Map<string, Designation>>;
  /** Every entry of the source (CLI and tests; the pipeline never needs it). */
  readAll(source: string): Promise<Designation[]>;
  /**
   * Puts and deletes entries. Idempotent: applying the same puts and deletes again leaves the same
   * snapshot, so an interrupted apply is completed by running it again. `afterRequest` runs after
   * each part written (crash tests throw from it to stop an apply half way).
   */
  apply(
    source: string,
    publicationSha256: string,
    puts: readonly SnapshotPut[],
    deletes: readonly string[],
    options?: { afterRequest?: () => void | Promise<void> },
  ): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Change batches, persisted write-ahead before the snapshot is touched (see store/batches.ts).

/**
 * `written`: persisted, snapshot not yet updated; `applied`: snapshot updated, not yet emitted;
 * `emitted`: handed to the batch queue; `baseline`: first publication of a source, stored, never emitted.
 */
export type BatchStatus = 'written' | 'applied' | 'emitted' | 'baseline';

export interface PublicationFiles {
  main: string;
  companions?: Record<string, string>;
}

/** What the pipeline needs to finish a batch after a crash (fetch facts advance the source state). */
export interface BatchFetchFacts {
  etag?: string;
  lastModified?: string;
  /** URL the publication was fetched from. */
  fetchedFrom: string;
  /** sha256 of each archived file: the publication itself and its companions by base name. */
  files?: PublicationFiles;
}

export interface BatchHeader {
  /** `<source>:<key>`. */
  id: string;
  source: string;
  /** The batch's key (`<sha256>.<n>`); absent on batches written before keys (their key is `sha256`). */
  key?: string;
  /** sha256 of the publication. */
  sha256: string;
  sourceKind: 'list' | 'feed';
  url: string;
  detectedAt: string;
  status: BatchStatus;
  publication: PublicationSummary;
  previous?: PublicationSummary;
  summary: ChangeBatch['summary'];
  /** Changes with at least one material field (added/removed always count). */
  materialChanges: number;
  changeChunks: number;
  applyChunks: number;
  fetch: BatchFetchFacts;
  /** Rows per companion file of the publication (remembered by the source state once accepted). */
  companionRecords?: Record<string, number>;
  /** Set when the batch was produced by an operator approving a quarantined publication. */
  approvedFrom?: string;
  appliedAt?: string;
  emittedAt?: string;
  /** Feed batches: the new notices, kept on the header (a feed's new items fit well under 400 KB). */
  notices?: Notice[];
}

export type BatchChange = ChangeBatch['changes'][number];

export interface ApplyPlan {
  puts: SnapshotPut[];
  deletes: string[];
}

/** A header to write; without `key` the batch is keyed by the publication sha256 (feeds do so). */
export type NewBatchHeader = Omit<BatchHeader, 'changeChunks' | 'applyChunks' | 'id' | 'status'>;

/** The key a batch is stored under: `key`, or the publication sha256 for batches written before keys. */
export function batchKeyOf(header: Pick<BatchHeader, 'key' | 'sha256'>): string {
  return header.key ?? header.sha256;
}

/** The key of the batch taking a source from state version `version` to the publication `sha256`. */
export function newBatchKey(sha256: string, version: number): string {
  return `${sha256}.${version}`;
}

export function toChangeBatch(header: BatchHeader, changes: BatchChange[]): ChangeBatch {
  return {
    id: header.id,
    source: header.source,
    sourceKind: header.sourceKind,
    url: header.url,
    detectedAt: header.detectedAt,
    publication: header.publication,
    ...(header.previous ? { previous: header.previous } : {}),
    summary: header.summary,
    changes,
    ...(header.notices ? { notices: header.notices } : {}),
  };
}

export interface BatchRepo {
  /** The header stored under `key` (`<sha256>.<n>`, or a bare sha256 for batches written before keys). */
  getHeader(source: string, key: string): Promise<BatchHeader | undefined>;
  /**
   * Writes a batch write-ahead: changes and apply plan first, then the header, conditionally. When
   * the header already exists (a rerun after a crash) nothing is written and the stored header is returned.
   */
  write(
    header: NewBatchHeader,
    changes: BatchChange[],
    plan: ApplyPlan,
  ): Promise<{ header: BatchHeader; created: boolean }>;
  /** Records a baseline (first publication of a source): a header only, no changes kept, never emitted. */
  recordBaseline(header: NewBatchHeader): Promise<{ header: BatchHeader; created: boolean }>;
  loadChanges(header: BatchHeader): Promise<BatchChange[]>;
  loadApplyPlan(header: BatchHeader): Promise<ApplyPlan>;
  /** The full batch as delivery sees it, by the key after `<source>:` in its id. */
  get(source: string, key: string): Promise<ChangeBatch | undefined>;
  /** Moves a batch forward (`written` → `applied` → `emitted`); never backwards. Returns false when it already was there. */
  advance(header: BatchHeader, status: 'applied' | 'emitted', at: string): Promise<boolean>;
  /** Batch headers of a source, oldest first, optionally from `since` (ISO date or timestamp). */
  list(source: string, options?: { since?: string }): Promise<BatchHeader[]>;
}

/** The statuses a batch may be advanced from to `status`. */
export function advancesFrom(status: 'applied' | 'emitted'): BatchStatus[] {
  return status === 'applied' ? ['written'] : ['written', 'applied'];
}

/** The header as `advance` leaves it. */
export function markAdvanced(header: BatchHeader, status: 'applied' | 'emitted', at: string): void {
  header.status = status;
  if (status === 'applied') header.appliedAt = at;
  else header.emittedAt = at;
}

// ---------------------------------------------------------------------------------------------
// Per-source state.

export interface SourceState {
  source: string;
  version: number;
  /** ETag and Last-Modified of the last accepted publication, for conditional GET. */
  etag?: string;
  lastModified?: string;
  /** sha256 of the publication the snapshot holds. */
  lastSha256?: string;
  /** Publication date the publisher stated in it. */
  lastPublished?: string;
  /** Records of the publication the snapshot holds. */
  lastRecords?: number;
  /** A batch written but not yet fully applied/emitted: its key (`<sha256>.<n>`, see store/batches.ts). */
  pendingBatchKey?: string;
  /**
   * Written by earlier versions (and still by feeds): the pending batch's publication sha256, which
   * was then its key. Read as `pendingBatchKey` when that is absent.
   */
  pendingSha256?: string;
  /** sha256 of recently accepted publications, newest first (a byte-identical older file is stale). */
  recentSha256?: string[];
  /** Rows per companion file of the publication the snapshot holds (companion shrink guard). */
  lastCompanionRecords?: Record<string, number>;
  lastCheckAt?: string;
  /** What the last check found: `not-modified`, `unchanged`, `baseline`, `changed`, `quarantined`, `failed`, … */
  lastOutcome?: string;
  lastSuccessAt?: string;
  lastChangeAt?: string;
  lastBatchId?: string;
  lastErrorAt?: string;
  lastError?: string;
  consecutiveFailures?: number;
  /** Unmapped element paths the operator was already told about (functions/pipeline/unmapped.ts). */
  knownUnmapped?: string[];
}

export class ConcurrentPollError extends Error {
  constructor(source: string) {
    super(
      `${source}: another poll of this source changed its state meanwhile; this poll stopped without effect`,
    );
    this.name = 'ConcurrentPollError';
  }
}

export type SourceStateFields = Partial<Omit<SourceState, 'source' | 'version'>>;

/**
 * `version` guards the pipeline's own transitions (optimistic concurrency: two polls of one source
 * running at once cannot both advance it); check bookkeeping (last check, failures) is written
 * without that guard because it never decides what the snapshot holds.
 */
export interface SourceStateRepo {
  /** The state, or `{ source, version: 0 }` for a source never seen. */
  get(source: string): Promise<SourceState>;
  list(): Promise<SourceState[]>;
  /**
   * Applies a pipeline transition when the stored version is still `state.version`; bumps the
   * version. `undefined` values remove the attribute. Throws `ConcurrentPollError` otherwise.
   */
  transition(state: SourceState, fields: SourceStateFields): Promise<SourceState>;
  /** Bookkeeping of a check (time, outcome, errors): unconditional, leaves the version alone. */
  record(source: string, fields: SourceStateFields, options?: { incrementFailures?: boolean }): Promise<void>;
}

/** The state `transition` returns: the fields applied (`undefined` removes one), the version bumped. */
export function transitioned(state: SourceState, fields: SourceStateFields): SourceState {
  const out: SourceState = { ...state, ...fields, version: state.version + 1 };
  for (const [k, v] of Object.entries(fields))
    if (v === undefined) delete (out as unknown as Record<string, unknown>)[k];
  return out;
}

// ---------------------------------------------------------------------------------------------
// Publications held back by the guards.

export type QuarantineReason = 'parse-error' | HoldReason;
export type QuarantineStatus = 'held' | 'approved' | 'rejected';

export interface QuarantineRecord {
  /** `<source>:<sha256>` (the same form as a batch id). */
  id: string;
  source: string;
  sha256: string;
  reason: QuarantineReason;
  /** The operator-facing explanation (one line). */
  message: string;
  detectedAt: string;
  status: QuarantineStatus;
  /** Records parsed (absent on a parse error) and records the snapshot holds. */
  records?: number;
  previousRecords?: number;
  published?: string;
  /** What the diff against the snapshot gave, when the hold came after it (removals, key drift). */
  counts?: { added: number; removed: number; amended: number };
  /** A few entries for the operator to judge by: removed (id, name) or drifted (id → newId). */
  sample?: SampleEntry[];
  fetchedFrom: string;
  etag?: string;
  lastModified?: string;
  decidedAt?: string;
  /** When the operator was alerted (set after the alert went out, so a crash before it re-alerts). */
  alertedAt?: string;
  /** The archived files (sha256), from which an approval re-reads the publication. */
  files: PublicationFiles;
}

/** A lookup or decision the operator asked for that cannot be done (unknown or ambiguous id, already decided). */
export class QuarantineError extends Error {
  constructor(
    message: string,
    readonly code: 'not-found' | 'ambiguous' | 'decided',
  ) {
    super(message);
    this.name = 'QuarantineError';
  }
}

export interface QuarantineRepo {
  /**
   * Puts the record unless one exists for this publication; returns the stored one and whether it
   * is new (the operator is alerted once per publication). A publication approved earlier that a
   * guard holds again replaces its approved record, so the operator decides again.
   */
  hold(record: QuarantineRecord): Promise<{ record: QuarantineRecord; created: boolean }>;
  get(source: string, sha256: string): Promise<QuarantineRecord | undefined>;
  list(options?: { status?: QuarantineStatus }): Promise<QuarantineRecord[]>;
  /** Finds a record by full id or by an unambiguous prefix of it (`source:abcd12`); see `findQuarantined`. */
  find(idOrPrefix: string): Promise<QuarantineRecord>;
  markAlerted(record: QuarantineRecord, at: string): Promise<void>;
  /** Records the operator's decision; only a held publication can be decided (`QuarantineError` 'decided'). */
  decide(record: QuarantineRecord, status: 'approved' | 'rejected', at: string): Promise<void>;
}

/** The record with this id, or the one whose id starts with it; `QuarantineError` otherwise. */
export function findQuarantined(all: readonly QuarantineRecord[], idOrPrefix: string): QuarantineRecord {
  const exact = all.find((r) => r.id === idOrPrefix);
  if (exact) return exact;
  const matches = all.filter((r) => r.id.startsWith(idOrPrefix));
  if (matches.length === 1) return matches[0]!;
  throw matches.length
    ? new QuarantineError(
        `'${idOrPrefix}' matches ${matches.length} quarantined publications; give more of the id`,
        'ambiguous',
      )
    : new QuarantineError(`no quarantined publication has the id '${idOrPrefix}'`, 'not-found');
}

export function decidedError(record: QuarantineRecord): QuarantineError {
  return new QuarantineError(`quarantined publication ${record.id} was already decided`, 'decided');
}
