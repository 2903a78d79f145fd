/**
 * The repository ports on plain maps, no engine: what the unit tests of the pipeline and delivery
 * use cases run on. Held to the same contract as the DynamoDB store by `test/store/contract.ts`.
 * Values are copied in and out (as a database would), so a caller mutating what it got back
 * changes nothing stored. Single-threaded JavaScript makes every method atomic, which is what the
 * conditional writes of the DynamoDB implementation provide.
 */
import type { ChangeBatch } from '../core/changes';
import { batchId } from '../core/changes';
import type { Designation } from '../core/model';
import { sha256Hex } from '../core/source';
import {
  type ClaimResult,
  type DeliveryJob,
  type DeliveryRepo,
  type DeliveryState,
  type DigestPart,
  digestPartOrder,
  jobOrderTime,
  type SendRecord,
} from '../dispatch/deliveries';
import type { NoticeRepo, SeenNotice } from '../feeds/notice-repo';
import type { PendingNotice } from '../feeds/reconcile';
import type { ArchiveMeta, PipelineRepos, RawArchive } from '../pipeline/ports';
import {
  type ApplyPlan,
  advancesFrom,
  type BatchChange,
  type BatchHeader,
  type BatchRepo,
  batchKeyOf,
  ConcurrentPollError,
  decidedError,
  findQuarantined,
  markAdvanced,
  type NewBatchHeader,
  type QuarantineRecord,
  type QuarantineRepo,
  type QuarantineStatus,
  type SnapshotPut,
  type SnapshotRepo,
  type SourceState,
  type SourceStateFields,
  type SourceStateRepo,
  toChangeBatch,
  transitioned,
} from '../pipeline/repos';
import {
  liveDuplicate,
  normaliseTarget,
  readSubscription,
  SUBSCRIPTION_STATUSES,
  type SubscriptionRepo,
  type Suppression,
  signupHour,
  suppressSubscriptions,
} from '../subscriptions/repo';
import type {
  Channel,
  Subscription,
  SubscriptionFilters,
  SubscriptionStatus,
} from '../subscriptions/subscription';

/** A stored copy: what a round trip through JSON keeps (undefined values are dropped, as the store does). */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const byKey =
  <T>(key: (v: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
/** The value under `key`, created when missing. */
function entryOf<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  const found = map.get(key);
  if (found !== undefined) return found;
  const made = make();
  map.set(key, made);
  return made;
}
/** Writes of a snapshot apply go in parts of this many, like the store's batched writes. */
const APPLY_PART = 25;

class MemorySnapshots implements SnapshotRepo {
  private readonly bySource = new Map<
    string,
    Map<string, { hash: string; entry: Designation; pub: string }>
  >();

  private of(source: string) {
    return entryOf(this.bySource, source, () => new Map());
  }

  async readIndex(source: string) {
    return new Map([...this.of(source)].sort(byKey(([id]) => id)).map(([id, e]) => [id, e.hash]));
  }

  async getEntries(source: string, ids: readonly string[]) {
    const out = new Map<string, Designation>();
    for (const id of ids) {
      const e = this.of(source).get(id);
      if (e) out.set(id, copy(e.entry));
    }
    return out;
  }

  async readAll(source: string) {
    return [...this.of(source)].sort(byKey(([id]) => id)).map(([, e]) => copy(e.entry));
  }

  async apply(
    source: string,
    publicationSha256: string,
    puts: readonly SnapshotPut[],
    deletes: readonly string[],
    options: { afterRequest?: () => void | Promise<void> } = {},
  ) {
    const ops = [...puts.map((p) => ({ put: p })), ...deletes.map((id) => ({ delete: id }))];
    for (let i = 0; i < ops.length; i += APPLY_PART) {
      for (const op of ops.slice(i, i + APPLY_PART)) {
        if ('put' in op)
          this.of(source).set(op.put.entry.id, {
            hash: op.put.hash,
            entry: copy(op.put.entry),
            pub: publicationSha256,
          });
        else this.of(source).delete(op.delete);
      }
      await options.afterRequest?.();
    }
  }
}

class MemoryBatches implements BatchRepo {
  private readonly stored = new Map<
    string,
    { header: BatchHeader; changes: BatchChange[]; plan: ApplyPlan }
  >();
  private static id = (source: string, key: string) => `${source}\n${key}`;

  async getHeader(source: string, key: string) {
    const b = this.stored.get(MemoryBatches.id(source, key));
    return b ? copy(b.header) : undefined;
  }

  private put(header: BatchHeader, changes: BatchChange[], plan: ApplyPlan) {
    const id = MemoryBatches.id(header.source, batchKeyOf(header));
    const existing = this.stored.get(id);
    if (existing) return { header: copy(existing.header), created: false };
    this.stored.set(id, { header: copy(header), changes: copy(changes), plan: copy(plan) });
    return { header, created: true };
  }

  async write(header: NewBatchHeader, changes: BatchChange[], plan: ApplyPlan) {
    const full: BatchHeader = {
      ...header,
      id: batchId(header.source, batchKeyOf(header)),
      status: 'written',
      changeChunks: 1,
      applyChunks: 1,
    };
    return this.put(full, changes, plan);
  }

  async recordBaseline(header: NewBatchHeader) {
    const full: BatchHeader = {
      ...header,
      id: batchId(header.source, batchKeyOf(header)),
      status: 'baseline',
      changeChunks: 0,
      applyChunks: 0,
    };
    return this.put(full, [], { puts: [], deletes: [] });
  }

  async loadChanges(header: BatchHeader) {
    return copy(this.stored.get(MemoryBatches.id(header.source, batchKeyOf(header)))?.changes ?? []);
  }

  async loadApplyPlan(header: BatchHeader) {
    return copy(
      this.stored.get(MemoryBatches.id(header.source, batchKeyOf(header)))?.plan ?? { puts: [], deletes: [] },
    );
  }

  async get(source: string, key: string): Promise<ChangeBatch | undefined> {
    const header = await this.getHeader(source, key);
    return header ? toChangeBatch(header, await this.loadChanges(header)) : undefined;
  }

  async advance(header: BatchHeader, status: 'applied' | 'emitted', at: string) {
    const stored = this.stored.get(MemoryBatches.id(header.source, batchKeyOf(header)));
    if (!stored || !advancesFrom(status).includes(stored.header.status)) return false;
    markAdvanced(stored.header, status, at);
    markAdvanced(header, status, at);
    return true;
  }

  async list(source: string, options: { since?: string } = {}) {
    const order = (h: BatchHeader) => `${h.detectedAt}#${batchKeyOf(h)}`;
    return [...this.stored.values()]
      .map((b) => b.header)
      .filter((h) => h.source === source && (options.since === undefined || order(h) >= options.since))
      .sort(byKey(order))
      .map(copy);
  }
}

class MemorySourceStates implements SourceStateRepo {
  private readonly states = new Map<string, SourceState>();

  async get(source: string): Promise<SourceState> {
    const s = this.states.get(source);
    if (!s) return { source, version: 0 };
    return copy({ ...s, version: typeof s.version === 'number' ? s.version : 0 });
  }

  async list() {
    return [...this.states.values()].sort(byKey((s) => s.source)).map(copy);
  }

  async transition(state: SourceState, fields: SourceStateFields) {
    const stored = this.states.get(state.source)?.version ?? 0;
    if (stored !== state.version) throw new ConcurrentPollError(state.source);
    this.write(state.source, { ...fields, version: state.version + 1 });
    return transitioned(state, fields);
  }

  async record(source: string, fields: SourceStateFields, options: { incrementFailures?: boolean } = {}) {
    const failures = (this.states.get(source)?.consecutiveFailures ?? 0) + 1;
    this.write(source, options.incrementFailures ? { ...fields, consecutiveFailures: failures } : fields);
  }

  private write(source: string, fields: SourceStateFields & { version?: number }) {
    const next = { ...this.states.get(source), ...copy(fields), source } as SourceState;
    for (const [k, v] of Object.entries(fields))
      if (v === undefined) delete (next as unknown as Record<string, unknown>)[k];
    this.states.set(source, next);
  }
}

class MemoryQuarantine implements QuarantineRepo {
  private readonly records = new Map<string, QuarantineRecord>();
  private static key = (source: string, sha256: string) => `${source}#${sha256}`;

  async hold(record: QuarantineRecord) {
    const key = MemoryQuarantine.key(record.source, record.sha256);
    const existing = this.records.get(key);
    if (existing && existing.status !== 'approved') return { record: copy(existing), created: false };
    this.records.set(key, copy(record));
    return { record, created: true };
  }

  async get(source: string, sha256: string) {
    const r = this.records.get(MemoryQuarantine.key(source, sha256));
    return r ? copy(r) : undefined;
  }

  async list(options: { status?: QuarantineStatus } = {}) {
    return [...this.records.entries()]
      .sort(byKey(([k]) => k))
      .map(([, r]) => copy(r))
      .filter((r) => !options.status || r.status === options.status);
  }

  async find(idOrPrefix: string) {
    return findQuarantined(await this.list(), idOrPrefix);
  }

  async markAlerted(record: QuarantineRecord, at: string) {
    const r = this.records.get(MemoryQuarantine.key(record.source, record.sha256));
    if (r) r.alertedAt = at;
  }

  async decide(record: QuarantineRecord, status: 'approved' | 'rejected', at: string) {
    const r = this.records.get(MemoryQuarantine.key(record.source, record.sha256));
    if (r?.status !== 'held') throw decidedError(record);
    r.status = status;
    r.decidedAt = at;
  }
}

class MemoryNotices implements NoticeRepo {
  private readonly seen = new Map<string, SeenNotice>();
  private readonly pending = new Map<string, PendingNotice>();

  async getSeen(source: string, ids: readonly string[]) {
    const out = new Map<string, SeenNotice>();
    for (const id of new Set(ids)) {
      const s = this.seen.get(`${source}#${id}`);
      if (s) out.set(id, copy(s));
    }
    return out;
  }

  async putSeen(records: readonly SeenNotice[]) {
    for (const r of records) this.seen.set(`${r.source}#${r.id}`, copy(r));
  }

  async addPending(p: PendingNotice) {
    const key = `${p.source}#${p.notice.id}`;
    if (!this.pending.has(key)) this.pending.set(key, copy(p));
  }

  async getPending(source: string, id: string) {
    const p = this.pending.get(`${source}#${id}`);
    return p ? copy(p) : undefined;
  }

  async listPending(sources?: readonly string[]) {
    return [...this.pending.entries()]
      .sort(byKey(([k]) => k))
      .map(([, p]) => copy(p))
      .filter((p) => !sources || sources.includes(p.source));
  }

  async putPending(p: PendingNotice, _at: string) {
    this.pending.set(`${p.source}#${p.notice.id}`, copy(p));
  }
}

class MemorySubscriptions implements SubscriptionRepo {
  private readonly subs = new Map<string, Subscription>();
  private readonly suppressions = new Map<string, Suppression>();
  private readonly confirming = new Map<string, number>();
  private readonly signups = new Map<string, number>();

  async create(sub: Subscription) {
    if (this.subs.has(sub.id)) throw new Error(`subscription ${sub.id} exists already`);
    this.subs.set(sub.id, copy(sub));
  }

  async get(id: string) {
    const s = this.subs.get(id);
    return s ? readSubscription(copy(s)) : undefined;
  }

  async setStatus(
    id: string,
    status: SubscriptionStatus,
    _at: string,
    options: { from?: readonly SubscriptionStatus[]; confirmedAt?: string } = {},
  ) {
    const s = this.subs.get(id);
    if (!s || (options.from?.length && !options.from.includes(s.status))) return false;
    s.status = status;
    if (options.confirmedAt) s.confirmedAt = options.confirmedAt;
    return true;
  }

  async setFilters(id: string, filters: SubscriptionFilters, mode: Subscription['mode'], _at: string) {
    const s = this.subs.get(id);
    if (!s) return false;
    s.filters = copy(filters);
    s.mode = mode;
    return true;
  }

  async remove(id: string) {
    return this.subs.delete(id);
  }

  async list(statuses: readonly SubscriptionStatus[] = SUBSCRIPTION_STATUSES) {
    const order = byKey((s: Subscription) => `${s.createdAt}#${s.id}`);
    return statuses.flatMap((status) =>
      [...this.subs.values()]
        .filter((s) => s.status === status)
        .sort(order)
        .map((s) => readSubscription(copy(s))),
    );
  }

  listActive() {
    return this.list(['active']);
  }

  async findByTarget(channel: Channel, target: string) {
    const wanted = normaliseTarget(channel, target);
    return [...this.subs.values()]
      .filter((s) => s.channel === channel && normaliseTarget(channel, s.target) === wanted)
      .sort(byKey((s) => s.id))
      .map((s) => readSubscription(copy(s)));
  }

  async findDuplicate(channel: Channel, target: string, filters: SubscriptionFilters) {
    return liveDuplicate(await this.findByTarget(channel, target), filters);
  }

  async suppressEmail(email: string, suppression: Suppression) {
    this.suppressions.set(normaliseTarget('email', email), copy(suppression));
    return suppressSubscriptions(this, email, suppression.at);
  }

  async suppression(email: string) {
    const s = this.suppressions.get(normaliseTarget('email', email));
    return s ? copy(s) : undefined;
  }

  async claimConfirmation(email: string, nowMs: number, untilMs: number) {
    const key = normaliseTarget('email', email);
    const until = this.confirming.get(key);
    if (until !== undefined && until > nowMs) return false;
    this.confirming.set(key, untilMs);
    return true;
  }

  async releaseConfirmation(email: string) {
    this.confirming.delete(normaliseTarget('email', email));
  }

  async clientSignups(client: string, nowMs: number) {
    return this.signups.get(`${client}\n${signupHour(nowMs)}`) ?? 0;
  }

  async takeClientSignup(client: string, nowMs: number, limit: number) {
    const key = `${client}\n${signupHour(nowMs)}`;
    const n = this.signups.get(key) ?? 0;
    if (n >= limit) return false;
    this.signups.set(key, n + 1);
    return true;
  }
}

class MemoryDeliveries implements DeliveryRepo {
  private readonly jobs = new Map<string, DeliveryJob>();
  private readonly sends = new Map<string, Map<number, SendRecord>>();
  private readonly parts = new Map<string, DigestPart>();

  async createJob(job: DeliveryJob) {
    if (this.jobs.has(job.id)) return false;
    this.jobs.set(job.id, copy(job));
    return true;
  }

  async getJob(id: string) {
    const j = this.jobs.get(id);
    return j ? copy(j) : undefined;
  }

  async saveJob(job: DeliveryJob) {
    this.jobs.set(job.id, copy(job));
  }

  private sendsOf(id: string) {
    return entryOf(this.sends, id, () => new Map());
  }

  async getSends(id: string) {
    return [...this.sendsOf(id).values()].sort((a, b) => a.page - b.page).map(copy);
  }

  async claimSend(
    id: string,
    page: number,
    attempt: number,
    now: string,
    staleBefore?: string,
  ): Promise<ClaimResult> {
    const old = this.sendsOf(id).get(page);
    const free =
      !old ||
      old.state === 'failed' ||
      (staleBefore !== undefined && old.state === 'sending' && old.claimedAt <= staleBefore);
    if (!free) return { claimed: false, existing: copy(old) };
    this.sendsOf(id).set(page, { deliveryId: id, page, state: 'sending', attempt, claimedAt: now });
    return old?.state === 'sending' ? { claimed: true, resumed: old } : { claimed: true };
  }

  async finishSend(
    id: string,
    page: number,
    attempt: number,
    outcome: { state: 'sent' | 'failed'; at: string; detail?: string },
  ) {
    const s = this.sendsOf(id).get(page);
    if (s?.state !== 'sending' || s.attempt !== attempt)
      throw new Error(`delivery ${id} page ${page}: attempt ${attempt} does not hold the send claim`);
    s.state = outcome.state;
    s.detail = outcome.detail ?? '';
    if (outcome.state === 'sent') s.sentAt = outcome.at;
  }

  async releaseUnknownSend(id: string, page: number, reason: string) {
    const s = this.sendsOf(id).get(page);
    if (s?.state !== 'sending') throw new Error(`delivery ${id} page ${page} is not being sent`);
    s.state = 'failed';
    s.detail = reason;
  }

  private inState(state: DeliveryState) {
    return [...this.jobs.values()]
      .filter((j) => j.state === state)
      .sort(byKey((j) => `${jobOrderTime(j)}#${j.id}`));
  }

  async listJobs(states: readonly DeliveryState[], limit = 200) {
    return states.flatMap((state) => this.inState(state).reverse().slice(0, limit).map(copy));
  }

  async dueJobs(now: string, limit = 100) {
    return (['queued', 'retrying'] as const)
      .flatMap((state) =>
        this.inState(state)
          .filter((j) => `${jobOrderTime(j)}#${j.id}` <= `${now}#~`)
          .slice(0, limit),
      )
      .sort((a, b) => ((a.nextAttemptAt ?? '') < (b.nextAttemptAt ?? '') ? -1 : 1))
      .slice(0, limit)
      .map(copy);
  }

  async deleteJob(id: string) {
    this.sends.delete(id);
    this.jobs.delete(id);
  }

  async createDigestPart(part: DigestPart) {
    const key = `${part.subscriptionId}\n${part.batchId}`;
    if (this.parts.has(key)) return false;
    this.parts.set(key, copy(part));
    return true;
  }

  async getDigestPart(subscriptionId: string, batchId: string) {
    const p = this.parts.get(`${subscriptionId}\n${batchId}`);
    return p ? copy(p) : undefined;
  }

  async pendingDigestParts(beforeDay: string) {
    return [...this.parts.values()]
      .filter((p) => p.state === 'pending' && digestPartOrder(p) < beforeDay)
      .sort(byKey(digestPartOrder))
      .map(copy);
  }

  async markDigestPart(part: DigestPart, deliveryId: string, at: string) {
    const p = this.parts.get(`${part.subscriptionId}\n${part.batchId}`);
    if (p?.state !== 'pending') return false;
    Object.assign(p, { state: 'digested', deliveryId, digestedAt: at });
    return true;
  }

  async moveDigestPart(part: DigestPart, day: string) {
    const p = this.parts.get(`${part.subscriptionId}\n${part.batchId}`);
    if (p?.state !== 'pending' || p.day !== part.day) return false;
    p.day = day;
    return true;
  }
}

/** The raw archive on a map (the folder and S3 archives are in archive.ts). */
export class MemoryArchive implements RawArchive {
  private readonly files = new Map<string, { bytes: Uint8Array; meta: ArchiveMeta }>();

  async put(bytes: Uint8Array, meta: Omit<ArchiveMeta, 'sha256' | 'bytes'>) {
    const sha256 = sha256Hex(bytes);
    if (this.files.has(sha256)) return { key: sha256, sha256, created: false };
    this.files.set(sha256, {
      bytes: bytes.slice(),
      meta: { sha256, bytes: bytes.byteLength, ...copy(meta) },
    });
    return { key: sha256, sha256, created: true };
  }

  async get(sha256: string) {
    const f = this.files.get(sha256);
    return f ? { bytes: f.bytes.slice(), meta: copy(f.meta) } : undefined;
  }

  async has(sha256: string) {
    return this.files.has(sha256);
  }
}

/** Every repository port, as the store offers them. */
export interface Repos extends PipelineRepos {
  subscriptions: SubscriptionRepo;
  deliveries: DeliveryRepo;
}

/** Fresh, empty in-memory repositories. */
export function memoryRepos(): Repos {
  return {
    snapshots: new MemorySnapshots(),
    batches: new MemoryBatches(),
    sources: new MemorySourceStates(),
    quarantine: new MemoryQuarantine(),
    notices: new MemoryNotices(),
    subscriptions: new MemorySubscriptions(),
    deliveries: new MemoryDeliveries(),
  };
}
