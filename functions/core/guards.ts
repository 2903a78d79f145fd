/**
 * The poll guards as pure decisions: what the source state remembers of the last accepted
 * publication + facts of the publication in hand (+ its diff) + limits → accept, or hold with a
 * reason, a one-line message and a sample for the operator. No I/O; the pipeline persists.
 *
 * - `checkPublication` (before the diff): stale copies (a publication accepted earlier, or one
 *   dated before the snapshot's), record bounds, shrink of the main file, shrink of a companion.
 * - `checkChanges` (after the diff): mass removals and mass key drift (removed entries whose content
 *   reappears under new ids). Additions and amendments are never held for their number.
 */
import { checkBounds, type SourceDefinition } from './source';

export type HoldReason = 'bounds' | 'shrink' | 'stale' | 'companion-shrink' | 'removals' | 'key-drift';

/** One entry shown to the operator: removed (`id`, `name`) or drifted (`id` → `newId`). */
export interface SampleEntry {
  id: string;
  name: string;
  newId?: string;
}

export interface Hold {
  reason: HoldReason;
  message: string;
  sample?: SampleEntry[];
}

/** What the source state remembers of the accepted publications. */
export interface AcceptedFacts {
  lastSha256?: string;
  lastPublished?: string;
  lastRecords?: number;
  /** sha256 of recently accepted publications, newest first. */
  recentSha256?: readonly string[];
  /** Rows per companion file of the last accepted publication. */
  companionRecords?: Readonly<Record<string, number>>;
}

export interface PublicationFacts {
  sha256: string;
  published?: string;
  records: number;
  companionRecords?: Readonly<Record<string, number>>;
}

export interface GuardLimits {
  /** Hold a publication (or companion) with fewer rows than (1 − shrink) × before. */
  shrinkThreshold: number;
  /** Hold removals above max(fraction × records before, count). */
  removalFraction: number;
  removalCount: number;
}

export const DEFAULT_SHRINK_THRESHOLD = 0.2;
export const DEFAULT_REMOVAL_LIMITS = { removalFraction: 0.01, removalCount: 50 } as const;
/** Entries shown to the operator with a held publication. */
export const SAMPLE_SIZE = 10;

/** Removals allowed without an operator's look: more than 1 % of the records or 50, whichever is larger (by default). */
export function removalLimit(previousRecords: number, limits: GuardLimits): number {
  return Math.max(Math.floor(previousRecords * limits.removalFraction), limits.removalCount);
}

const pct = (part: number, whole: number) => Math.round((part / whole) * 100);

/** Checks that need no diff. `def` gives the id and record bounds. */
export function checkPublication(
  def: Pick<SourceDefinition, 'id' | 'recordBounds'>,
  before: AcceptedFacts,
  pub: PublicationFacts,
  limits: GuardLimits,
): Hold | undefined {
  const id = def.id;
  const newer =
    pub.published !== undefined &&
    before.lastPublished !== undefined &&
    Date.parse(pub.published) > Date.parse(before.lastPublished);
  // A copy of a file accepted earlier is stale unless it is dated after the current list (after an
  // operator approved an older file, the publisher's current file is news again).
  if (!newer && pub.sha256 !== before.lastSha256 && before.recentSha256?.includes(pub.sha256)) {
    return {
      reason: 'stale',
      message: `${id}: this publication (${pub.sha256.slice(0, 12)}) is byte-identical to one accepted earlier and since replaced: held back as a stale copy (a cache or mirror serving an old file)`,
    };
  }
  if (pub.published && before.lastPublished) {
    const now = Date.parse(pub.published);
    const then = Date.parse(before.lastPublished);
    if (!Number.isNaN(now) && !Number.isNaN(then) && now < then) {
      return {
        reason: 'stale',
        message: `${id}: the publication is dated ${pub.published}, older than the current list's ${before.lastPublished}: held back as a stale copy (a cache or mirror serving an old file)`,
      };
    }
  }
  try {
    checkBounds(def as SourceDefinition, pub.records);
  } catch (error) {
    return { reason: 'bounds', message: (error as Error).message.split('\n')[0]! };
  }
  const t = limits.shrinkThreshold;
  const previous = before.lastRecords;
  if (previous !== undefined && pub.records < previous * (1 - t)) {
    return {
      reason: 'shrink',
      message: `${id}: the publication has ${pub.records} records where the current list has ${previous} (−${pct(previous - pub.records, previous)} %, more than the ${Math.round(t * 100)} % allowed): held back as a probable partial or failed publication`,
    };
  }
  // A companion absent from this publication is not judged: only a poll from an overriding URL
  // (`--url`) may lack one, and the official URLs require every companion.
  for (const [name, was] of Object.entries(before.companionRecords ?? {}).sort()) {
    const now = pub.companionRecords?.[name];
    if (now !== undefined && was > 0 && (now === 0 || now < was * (1 - t))) {
      return {
        reason: 'companion-shrink',
        message: `${id}: the companion file ${name} has ${now} rows where the current list's had ${was} (−${pct(was - now, was)} %, more than the ${Math.round(t * 100)} % allowed): held back as a probable partial or failed download`,
      };
    }
  }
  return undefined;
}

export interface ChangeFacts {
  /** Records of the current list (the snapshot). */
  previousRecords: number;
  removed: readonly SampleEntry[];
  /** Removed entries whose content reappears under a new id (`newId`). */
  drifted: readonly SampleEntry[];
}

/** Checks on the diff: mass removals and mass key drift. */
export function checkChanges(id: string, facts: ChangeFacts, limits: GuardLimits): Hold | undefined {
  const limit = removalLimit(facts.previousRecords, limits);
  const of = `of ${facts.previousRecords} records (more than the ${limit} allowed without a look)`;
  if (facts.drifted.length > limit) {
    return {
      reason: 'key-drift',
      message: `${id}: ${facts.drifted.length} entries ${of} reappear unchanged under new ids: held back as probable key drift (renumbered ids), not real listings and delistings`,
      sample: facts.drifted.slice(0, SAMPLE_SIZE),
    };
  }
  if (facts.removed.length > limit) {
    return {
      reason: 'removals',
      message: `${id}: ${facts.removed.length} entries removed ${of}: held back for the operator as a possible partial publication; approve if the delistings are real`,
      sample: facts.removed.slice(0, SAMPLE_SIZE),
    };
  }
  return undefined;
}
