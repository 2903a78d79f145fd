/**
 * What the notice-feed poll remembers, as a port: the notices seen per feed and the pending
 * reconciliations of notices with the lists. DynamoDB implements it in `functions/store/notices.ts`,
 * plain maps in `functions/store/memory.ts`.
 */
import type { Notice } from '../core/changes';
import type { PendingNotice } from './reconcile';
import type { ListedName } from './types';

export interface SeenNotice {
  source: string;
  id: string;
  hash: string;
  updated?: string;
  notice: Notice;
  listed: ListedName[];
  firstSeenAt: string;
  lastSeenAt: string;
  /** Set when the notice was delivered (absent: recorded as part of a baseline). */
  batchId?: string;
  /** How often the publisher updated the item after we first saw it. */
  updates: number;
}

export interface NoticeRepo {
  /** The seen records of these item ids (missing ids are new). */
  getSeen(source: string, ids: readonly string[]): Promise<Map<string, SeenNotice>>;
  /** Puts (replaces) seen records. */
  putSeen(records: readonly SeenNotice[]): Promise<void>;
  /** Creates the pending record unless one exists (a rerun never resets confirmations). */
  addPending(p: PendingNotice): Promise<void>;
  getPending(source: string, id: string): Promise<PendingNotice | undefined>;
  /** Every pending record, optionally of some feed sources only. */
  listPending(sources?: readonly string[]): Promise<PendingNotice[]>;
  /** Replaces a pending record (after reconciliation or a follow-up); closed records may expire. */
  putPending(p: PendingNotice, at: string): Promise<void>;
}

/** A pending record is closed (kept only for a while) once confirmed or followed up. */
export function isClosedNotice(p: PendingNotice): boolean {
  return p.status === 'confirmed' || p.followUpAt !== undefined;
}
