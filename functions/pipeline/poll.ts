/**
 * The poll pipeline of a list: fetch → unchanged short-circuit → parse → guards → diff against the
 * stored snapshot → persist the change batch (write-ahead) → apply it to the snapshot → advance the
 * source state → emit the batch. Resume, fetch, archive, the unchanged short-circuit and
 * fail-then-alert are the shell's (poll-shell.ts, shared with the notice feeds); what to do with a
 * publication is the pure decision's (core/poll-decision.ts); this file persists and emits it.
 *
 * Crash safety without transactions: every write is idempotent. A batch is keyed by (source,
 * publication sha256, version of the source state it was diffed against), so a rerun after a crash
 * finds the batch it wrote while a publication that comes back later (a reverted file) makes a new
 * one. A batch is written before the snapshot is touched and the source state points at it
 * (`pendingBatchKey`) until it has been applied and emitted; the next run finishes such a batch from
 * its stored after-images before doing anything else. Emission is at-least-once (recorded on the
 * batch after `send`), so consumers de-duplicate by batch id.
 *
 * The guards (`functions/core/guards.ts`, pure, applied by the decision) run after the parse (stale
 * copies, bounds, shrink of the file or of a companion) and after the diff (mass removals, key
 * drift); a held publication is quarantined for the operator, whose approval takes it through the
 * rest of the pipeline.
 */
import { contentHash } from '../core/canonical';
import { batchId, type ChangeBatch, changeSubject, type PublicationSummary } from '../core/changes';
import { compareChanges, diffEntry } from '../core/diff';
import { SourceError } from '../core/errors';
import {
  type ChangeFacts,
  DEFAULT_REMOVAL_LIMITS,
  DEFAULT_SHRINK_THRESHOLD,
  type GuardLimits,
  type SampleEntry,
} from '../core/guards';
import type { Designation } from '../core/model';
import {
  type DecisionOptions,
  decidePoll,
  type FetchedPublication,
  type QuarantineCause,
} from '../core/poll-decision';
import {
  checkBytes,
  type HashedPublication,
  type ListSource,
  parseHashed,
  type SourceDefinition,
} from '../core/source';
import { listSource } from '../sources/index';
import {
  DEFAULT_FAILURE_ALERT_AFTER,
  oneLine,
  type PublicationInput,
  publicationSha256,
  runPoll,
  type ShellOptions,
} from './poll-shell';
import type { PipelineStep, PollDeps } from './ports';
import {
  type ApplyPlan,
  type BatchChange,
  type BatchHeader,
  batchKeyOf,
  newBatchKey,
  QuarantineError,
  type QuarantineRecord,
  type SnapshotPut,
  type SourceState,
  toChangeBatch,
} from './repos';
import { notifyUnmapped } from './unmapped';

export { DEFAULT_FAILURE_ALERT_AFTER, DEFAULT_SHRINK_THRESHOLD, type PublicationInput, publicationSha256 };

/** Accepted publications remembered per source (a byte-identical copy of one of them is stale). */
const RECENT_SHA256 = 50;

export interface PollOptions extends ShellOptions {
  /** Refuse a publication with fewer records than (1 - threshold) × the snapshot's. Default 0.2. */
  shrinkThreshold?: number;
  /**
   * Hold for the operator a publication removing more than max(`removalFraction` × records,
   * `removalCount`) entries (or moving that many to new ids). Default: the source definition's
   * `guards`, else 0.01 and 50.
   */
  removalFraction?: number;
  removalCount?: number;
}

interface BaseOutcome {
  source: string;
  /** A batch left pending by an interrupted earlier run, finished before this poll. */
  resumed?: BatchHeader;
}

export type PollOutcome = BaseOutcome &
  (
    | { kind: 'not-modified' }
    | { kind: 'unchanged'; sha256: string }
    | { kind: 'no-changes'; sha256: string; records: number }
    | { kind: 'baseline'; sha256: string; records: number }
    | { kind: 'changed'; batch: BatchHeader }
    | { kind: 'quarantined'; quarantine: QuarantineRecord; alerted: boolean }
    | { kind: 'failed'; error: string; httpStatus?: number }
  );

class Run {
  readonly def: SourceDefinition;
  state!: SourceState;

  constructor(
    readonly deps: PollDeps,
    readonly source: ListSource,
    readonly options: PollOptions,
  ) {
    this.def = source.definition;
  }

  get id() {
    return this.def.id;
  }

  nowIso() {
    return this.deps.now().toISOString();
  }

  async step(step: PipelineStep) {
    await this.deps.fault?.(step);
  }

  log(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}) {
    this.deps.log?.({ level, message, source: this.id, ...fields });
  }

  limits(): GuardLimits {
    const g = this.def.guards ?? {};
    const o = this.options;
    return {
      shrinkThreshold: o.shrinkThreshold ?? g.shrinkThreshold ?? DEFAULT_SHRINK_THRESHOLD,
      removalFraction: o.removalFraction ?? g.removalFraction ?? DEFAULT_REMOVAL_LIMITS.removalFraction,
      removalCount: o.removalCount ?? g.removalCount ?? DEFAULT_REMOVAL_LIMITS.removalCount,
    };
  }

  /** Finishes a batch whose header exists: apply, advance state, emit, clear the pending marker. */
  async finish(header: BatchHeader): Promise<BatchHeader> {
    const { store } = this.deps;
    if (header.status === 'written') {
      await this.applyPlan(header.sha256, await store.batches.loadApplyPlan(header));
      await store.batches.advance(header, 'applied', this.nowIso());
      await this.step('batch-applied');
    }
    if (this.state.lastBatchId !== header.id) {
      this.state = await store.sources.transition(this.state, {
        ...this.acceptedFields(header.publication, header.fetch, header.companionRecords),
        lastChangeAt: header.detectedAt,
        lastBatchId: header.id,
        lastOutcome: 'changed',
      });
      await this.step('state-advanced');
    }
    if (header.status !== 'emitted') {
      const batch: ChangeBatch = toChangeBatch(header, await store.batches.loadChanges(header));
      await this.deps.queue.send(batch);
      await this.step('batch-sent');
      await store.batches.advance(header, 'emitted', this.nowIso());
      await this.step('batch-emitted');
    }
    if (this.state.pendingBatchKey !== undefined || this.state.pendingSha256 !== undefined) {
      this.state = await store.sources.transition(this.state, {
        pendingBatchKey: undefined,
        pendingSha256: undefined,
      });
    }
    this.log('info', 'batch emitted', { batchId: header.id, summary: header.summary });
    return header;
  }

  /** Puts and deletes snapshot entries (idempotent), with the fault hook after the first request. */
  async applyPlan(sha256: string, plan: ApplyPlan) {
    let first = true;
    await this.deps.store.snapshots.apply(this.id, sha256, plan.puts, plan.deletes, {
      afterRequest: async () => {
        if (first) {
          first = false;
          await this.step('snapshot-partly-applied');
        }
      },
    });
    await this.step('snapshot-applied');
  }

  acceptedFields(
    publication: PublicationSummary,
    fetch: { etag?: string; lastModified?: string },
    companionRecords: Record<string, number> | undefined,
  ) {
    const at = this.nowIso();
    const recent = this.state.recentSha256 ?? [];
    return {
      lastSha256: publication.sha256,
      recentSha256: [publication.sha256, ...recent.filter((s) => s !== publication.sha256)].slice(
        0,
        RECENT_SHA256,
      ),
      lastCompanionRecords: companionRecords,
      lastRecords: publication.records,
      lastPublished: publication.published,
      etag: fetch.etag,
      lastModified: fetch.lastModified,
      lastCheckAt: at,
      lastSuccessAt: at,
      consecutiveFailures: 0,
    };
  }

  async resumePending(): Promise<BatchHeader | undefined> {
    // Stores written before batch keys point at the pending batch by its publication sha256.
    const key = this.state.pendingBatchKey ?? this.state.pendingSha256;
    if (!key) return undefined;
    const header = await this.deps.store.batches.getHeader(this.id, key);
    if (!header) {
      // The marker is only set after the header exists; without it there is nothing to finish.
      this.state = await this.deps.store.sources.transition(this.state, {
        pendingBatchKey: undefined,
        pendingSha256: undefined,
      });
      return undefined;
    }
    this.log('warn', 'finishing a batch left pending by an interrupted run', { batchId: header.id });
    return this.finish(header);
  }

  /** A new publication, as the shell hands it over. */
  process(input: PublicationInput): Promise<PollOutcome> {
    return this.accept(input, false);
  }

  failureLog(): string {
    return 'fetch failed';
  }

  /**
   * parse → decide (guards) → diff → decide (guards) → persist → apply → advance → emit.
   * `force` (operator approval) skips the guards.
   */
  async accept(input: PublicationInput, force: boolean): Promise<PollOutcome> {
    const { store } = this.deps;
    const before = { ...this.state, companionRecords: this.state.lastCompanionRecords };
    const options: DecisionOptions = { force, guards: { def: this.def, limits: this.limits() } };
    const fetched: FetchedPublication = { sha256: input.sha256 };
    // Approved earlier and back now (the list moved on meanwhile): the guards judge it again.
    const held = force ? undefined : await store.quarantine.get(this.id, input.sha256);
    if (held) fetched.held = held.status;
    let decision = decidePoll(before, fetched, undefined, options);
    if (decision.kind === 'quarantine' && held) {
      await store.sources.record(this.id, {
        lastCheckAt: this.nowIso(),
        lastOutcome: `quarantined (${held.status})`,
      });
      return { source: this.id, kind: 'quarantined', quarantine: held, alerted: false };
    }
    // Held compactly (canonical JSON and hash per id; objects only for entries that differ).
    let publication: HashedPublication | undefined;
    try {
      checkBytes(this.def, input.bytes);
      publication = parseHashed(this.source, input.bytes, {
        enforceBounds: false,
        sha256: input.files.main,
        ...(Object.keys(input.companions).length ? { companions: input.companions } : {}),
      });
    } catch (error) {
      if (force)
        throw new SourceError(
          this.id,
          `cannot approve: the publication does not parse: ${(error as Error).message}`,
        );
      decision = decidePoll(before, fetched, { ok: false, error: oneLine(error) }, options);
      return this.quarantine(input, (decision as { hold: QuarantineCause }).hold);
    }
    await this.step('parsed');
    const { meta } = publication;
    await notifyUnmapped(this.deps, this.id, meta);
    const records = publication.entries.size;
    const { published, companionRecords } = meta;
    const parsed = {
      ok: true as const,
      records,
      ...(published ? { published } : {}),
      ...(companionRecords ? { companionRecords } : {}),
    };
    decision = decidePoll(before, fetched, parsed, options);
    if (decision.kind === 'quarantine') return this.quarantine(input, decision.hold!, { records, published });

    const summary: PublicationSummary = {
      ...(meta.published ? { published: meta.published } : {}),
      records,
      sha256: input.sha256,
    };
    const { plan, changes, entries, removed, drifted } = await this.diff(
      publication,
      decision.kind === 'baseline',
    );
    // Neither the compact publication nor the bytes are read again (the archive holds the file):
    // let them go before the entity index is loaded, which is the poll's high-water mark.
    publication = undefined;
    input.bytes = new Uint8Array(0);
    await this.step('diffed');
    const counts = { added: 0, removed: 0, amended: 0 };
    for (const c of changes) counts[c.kind]++;
    decision = decidePoll(
      before,
      fetched,
      { ...parsed, diff: { changes: changes.length, removed, drifted } },
      options,
    );
    if (decision.kind === 'quarantine')
      return this.quarantine(input, decision.hold!, { records, published, counts });
    const baseline = decision.kind === 'baseline';
    const fetchFacts = {
      fetchedFrom: input.fetchedFrom,
      files: input.files,
      ...(input.etag ? { etag: input.etag } : {}),
      ...(input.lastModified ? { lastModified: input.lastModified } : {}),
    };
    const detectedAt = this.nowIso();
    const key = newBatchKey(input.sha256, this.state.version);
    const headerBase = {
      source: this.id,
      key,
      sha256: input.sha256,
      sourceKind: 'list' as const,
      url: this.def.url,
      detectedAt,
      publication: summary,
      fetch: fetchFacts,
      ...(companionRecords ? { companionRecords } : {}),
      ...(force ? { approvedFrom: `${this.id}:${input.sha256}` } : {}),
    };

    if (decision.kind === 'baseline' || decision.kind === 'no-changes') {
      // Nothing to alert: apply directly (idempotent puts/deletes; a rerun diffs again and finds the rest).
      await this.applyPlan(input.sha256, plan);
      await this.deps.entities?.update(this.id, plan);
      if (baseline) {
        await store.batches.recordBaseline({
          ...headerBase,
          summary: { added: records, removed: 0, amended: 0 },
          materialChanges: 0,
        });
      }
      this.state = await store.sources.transition(this.state, {
        ...this.acceptedFields(summary, fetchFacts, companionRecords),
        lastOutcome: baseline ? 'baseline' : 'no-changes',
      });
      await this.step('state-advanced');
      this.log('info', baseline ? 'baseline stored' : 'new publication without changes', {
        sha256: input.sha256,
        records,
      });
      return baseline
        ? { source: this.id, kind: 'baseline', sha256: input.sha256, records }
        : { source: this.id, kind: 'no-changes', sha256: input.sha256, records };
    }

    const previous: PublicationSummary | undefined = this.state.lastSha256
      ? {
          ...(this.state.lastPublished ? { published: this.state.lastPublished } : {}),
          records: this.state.lastRecords ?? 0,
          sha256: this.state.lastSha256,
        }
      : undefined;
    const annotated = this.deps.entities
      ? await this.deps.entities.annotate(this.id, changes, entries, plan)
      : changes;
    const { header } = await store.batches.write(
      {
        ...headerBase,
        ...(previous ? { previous } : {}),
        summary: counts,
        materialChanges: changes.filter((c) => c.material).length,
      },
      this.deps.reconcile
        ? await this.deps.reconcile(this.id, batchId(this.id, key), annotated, detectedAt)
        : annotated,
      // The write-ahead copy of the plan keeps entries and hashes only (the texts are for the store).
      { puts: plan.puts.map(({ entry, hash }) => ({ entry, hash })), deletes: plan.deletes },
    );
    await this.step('batch-written');
    this.state = await store.sources.transition(this.state, { pendingBatchKey: batchKeyOf(header) });
    await this.step('pending-recorded');
    return { source: this.id, kind: 'changed', batch: await this.finish(header) };
  }

  /**
   * Compares the publication with the snapshot: ids and hashes first, full old entries only for ids
   * that differ. Also gives the removed entries and those of them whose content (all but the id)
   * reappears under a new id, for the guards.
   */
  async diff(
    publication: HashedPublication,
    baseline: boolean,
  ): Promise<
    { plan: ApplyPlan; changes: BatchChange[]; entries: Map<string, Designation> } & Pick<
      ChangeFacts,
      'removed' | 'drifted'
    >
  > {
    const { snapshots } = this.deps.store;
    const index = await snapshots.readIndex(this.id);
    const puts: SnapshotPut[] = [];
    const amended: string[] = [];
    for (const [id, { hash, json }] of publication.entries) {
      const old = index.get(id);
      if (old === hash) continue;
      // The kept text is the entry's JSON as stored (keys sorted, parsed back to this very object).
      puts.push({ entry: publication.get(id)!, hash, json });
      if (old !== undefined) amended.push(id);
    }
    const deletes = [...index.keys()].filter((id) => !publication.entries.has(id));
    const plan = { puts, deletes };
    const entries = new Map<string, Designation>();
    if (baseline) return { plan, changes: [], entries, removed: [], drifted: [] };
    const old = await snapshots.getEntries(this.id, [...amended, ...deletes]);
    const linkedAfter = (id: string) => publication.get(id);
    // Linked entries of the old list: those read for this diff, else the unchanged ones (same in both).
    const linkedBefore = (id: string) => old.get(id) ?? publication.get(id);
    const changes: BatchChange[] = [];
    const push = (before: Designation | undefined, after: Designation | undefined) => {
      const change = diffEntry(before, after, { linkedBefore, linkedAfter });
      if (!change) return;
      changes.push({ ...change, subject: changeSubject((after ?? before)!) });
      entries.set(change.id, (after ?? before)!);
    };
    for (const p of puts) push(old.get(p.entry.id), p.entry);
    for (const id of deletes) {
      const before = old.get(id);
      if (!before) throw new Error(`${this.id}: snapshot entry ${id} vanished while diffing`);
      push(before, undefined);
    }
    changes.sort(compareChanges);
    const removed: SampleEntry[] = deletes.map((id) => ({ id, name: old.get(id)!.name }));
    return { plan, changes, entries, removed, drifted: drift(removed, old, puts, index) };
  }

  async quarantine(
    input: PublicationInput,
    hold: QuarantineCause,
    facts: { records?: number; published?: string | undefined; counts?: QuarantineRecord['counts'] } = {},
  ): Promise<PollOutcome> {
    const { store } = this.deps;
    const { reason, message } = hold;
    const { records } = facts;
    const at = this.nowIso();
    const { record } = await store.quarantine.hold({
      id: `${this.id}:${input.sha256}`,
      source: this.id,
      sha256: input.sha256,
      reason,
      message,
      detectedAt: at,
      status: 'held',
      ...(records !== undefined ? { records } : {}),
      ...(facts.published ? { published: facts.published } : {}),
      ...(facts.counts ? { counts: facts.counts } : {}),
      ...('sample' in hold && hold.sample ? { sample: hold.sample } : {}),
      ...(this.state.lastRecords !== undefined ? { previousRecords: this.state.lastRecords } : {}),
      fetchedFrom: input.fetchedFrom,
      ...(input.etag ? { etag: input.etag } : {}),
      ...(input.lastModified ? { lastModified: input.lastModified } : {}),
      files: input.files,
    });
    let alerted = false;
    if (!record.alertedAt) {
      await this.deps.alerts.alert({
        kind: 'quarantined',
        source: this.id,
        message: `${message} — quarantined as ${record.id}; the snapshot is unchanged and no subscriber was alerted. See it with: quarantine show ${record.id}; approve or reject with: quarantine approve|reject ${record.id}`,
        at,
        quarantineId: record.id,
      });
      await store.quarantine.markAlerted(record, at);
      alerted = true;
    }
    await store.sources.record(this.id, {
      lastCheckAt: at,
      lastOutcome: 'quarantined',
      lastErrorAt: at,
      lastError: message,
    });
    this.log('warn', 'publication quarantined', { reason, sha256: input.sha256, records });
    return { source: this.id, kind: 'quarantined', quarantine: record, alerted };
  }
}

/**
 * Removed entries whose content, id aside, is that of an added entry: the publisher renumbered them.
 * `index` is the snapshot's id → hash before the diff (an id absent from it was added).
 */
function drift(
  removed: SampleEntry[],
  old: ReadonlyMap<string, Designation>,
  puts: readonly SnapshotPut[],
  index: ReadonlyMap<string, string>,
): SampleEntry[] {
  if (removed.length === 0) return [];
  const idless = (d: Designation) => contentHash({ ...d, id: '' });
  const addedByContent = new Map<string, string>();
  for (const p of puts) if (!index.has(p.entry.id)) addedByContent.set(idless(p.entry), p.entry.id);
  const out: SampleEntry[] = [];
  for (const r of removed) {
    const newId = addedByContent.get(idless(old.get(r.id)!));
    if (newId !== undefined) out.push({ ...r, newId });
  }
  return out;
}

/** One poll of one source. Never throws for publication or network problems: they are outcomes. */
export async function pollSource(
  deps: PollDeps,
  sourceId: string,
  options: PollOptions = {},
): Promise<PollOutcome> {
  const run = new Run(deps, (deps.source ?? listSource)(sourceId), options);
  const { resumed, outcome } = await runPoll(deps, run, options);
  return { source: run.id, ...outcome, ...(resumed ? { resumed } : {}) };
}

/** Polls each source in turn; `onOutcome` hears each source's outcome as soon as it is known. */
export async function pollSources(
  deps: PollDeps,
  ids: readonly string[],
  options: PollOptions = {},
  onOutcome?: (outcome: PollOutcome) => void | Promise<void>,
): Promise<PollOutcome[]> {
  const out: PollOutcome[] = [];
  for (const id of ids) {
    const outcome = await pollSource(deps, id, options);
    out.push(outcome);
    await onOutcome?.(outcome);
  }
  return out;
}

/**
 * Operator approval of a quarantined publication: read back from the archive, parsed again, and
 * taken through the rest of the pipeline without the count guards. The decision is recorded last,
 * so an interrupted approval can simply be run again.
 */
export async function approveQuarantined(deps: PollDeps, idOrPrefix: string): Promise<PollOutcome> {
  const { store, archive } = deps;
  const record = await store.quarantine.find(idOrPrefix);
  if (record.status !== 'held')
    throw new QuarantineError(`quarantined publication ${record.id} was already ${record.status}`, 'decided');
  const run = new Run(deps, (deps.source ?? listSource)(record.source), {});
  run.state = await store.sources.get(run.id);
  await run.resumePending();
  const read = async (sha: string) => {
    const got = await archive.get(sha);
    if (!got) throw new Error(`archived file ${sha} of ${record.id} is missing from the raw archive`);
    return got.bytes;
  };
  const companions: Record<string, Uint8Array> = {};
  for (const [name, sha] of Object.entries(record.files.companions ?? {})) companions[name] = await read(sha);
  const input: PublicationInput = {
    sha256: record.sha256,
    bytes: await read(record.files.main),
    companions,
    files: record.files,
    fetchedFrom: record.fetchedFrom,
    ...(record.etag ? { etag: record.etag } : {}),
    ...(record.lastModified ? { lastModified: record.lastModified } : {}),
  };
  const outcome =
    run.state.lastSha256 === record.sha256
      ? ({ source: run.id, kind: 'unchanged', sha256: record.sha256 } as const)
      : await run.accept(input, true);
  await store.quarantine.decide(record, 'approved', run.nowIso());
  return outcome;
}

export async function rejectQuarantined(
  deps: Pick<PollDeps, 'store' | 'now'>,
  idOrPrefix: string,
): Promise<QuarantineRecord> {
  const record = await deps.store.quarantine.find(idOrPrefix);
  await deps.store.quarantine.decide(record, 'rejected', deps.now().toISOString());
  return { ...record, status: 'rejected' };
}
