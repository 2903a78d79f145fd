/**
 * Reconciliation of notices with list publications (pure).
 *
 * A notice that lists names becomes a pending reconciliation: each listed name with what the
 * notice says happens to it (added, removed, amended). When a later list batch of a related list
 * source holds a change of the matching kind whose regimes include one the notice names and whose
 * name (or an alias) matches a listed name, the change is annotated `announcedIn` that notice, and
 * the name is confirmed. A notice whose names have not all appeared after a configurable number of
 * days produces one "still pending" follow-up notice.
 *
 * Names match ignoring case, diacritics, punctuation and word order ("PETROV, Ivan" = "Ivan
 * Petrov"), or when all words of the shorter name (at least two) occur in the longer one.
 */
import type { Announcement, ChangeBatch, Notice } from '../core/changes';
import type { ListedName } from './types';

export const DEFAULT_PENDING_AFTER_DAYS = 7;

/** Which list sources confirm each feed's notices. */
export const FEED_LISTS: Readonly<Record<string, readonly string[]>> = {
  'us-ofac-recent-actions': ['us-ofac-sdn', 'us-ofac-sdn-csv', 'us-ofac-consolidated'],
  'gb-ofsi-notices': ['gb-ofsi-conlist', 'gb-fcdo-sanctions'],
  'eu-council-sanctions': ['eu-fsf'],
  'un-sc-press': ['un-sc-consolidated'],
};

export function feedsConfirmedBy(listSource: string): string[] {
  return Object.entries(FEED_LISTS)
    .filter(([, lists]) => lists.includes(listSource))
    .map(([feed]) => feed);
}

export interface Confirmation {
  /** The list source whose batch confirmed names. */
  listSource: string;
  batchId: string;
  /** The notice's names this batch confirmed. */
  names: string[];
  /** The list changes (publisher ids) linked to the notice. */
  changeIds: string[];
  at: string;
}

/** A notice awaiting confirmation by the lists. */
export interface PendingNotice {
  /** The feed source. */
  source: string;
  notice: Notice;
  /** Names with the change expected for each. */
  expected: ListedName[];
  /** Names of `expected` not yet seen in a change of any related list. */
  remaining: string[];
  confirmations: Confirmation[];
  status: 'pending' | 'confirmed';
  /** When we first saw the notice (a notice found late is not overdue the moment it is found). */
  openedAt?: string;
  /** When the "still pending" follow-up was produced. */
  followUpAt?: string;
}

type BatchChange = ChangeBatch['changes'][number];

/** Lower case, diacritics and punctuation removed, words sorted: the comparable form of a name. */
export function nameWords(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
}

export function namesMatch(a: string, b: string): boolean {
  const wa = nameWords(a);
  const wb = nameWords(b);
  if (wa.length === 0 || wb.length === 0) return false;
  const [short, long] = wa.length <= wb.length ? [wa, new Set(wb)] : [wb, new Set(wa)];
  if (short.length === long.size && short.every((w) => long.has(w))) return true;
  return short.length >= 2 && short.every((w) => long.has(w));
}

function changeNames(change: BatchChange): string[] {
  return [change.name, ...(change.subject?.aliases ?? [])];
}

function kindFits(expected: ListedName['action'], change: BatchChange): boolean {
  if (expected === 'removed') return change.kind === 'removed';
  if (expected === 'amended') return change.kind === 'amended';
  // An addition shows as a new entry, or as an existing entry put under the notice's regime.
  return change.kind === 'added' || change.kind === 'amended';
}

function regimesFit(notice: Notice, change: BatchChange): boolean {
  if (notice.regimes.length === 0) return true;
  const have = new Set(change.regimes.map((r) => r.trim().toLowerCase()));
  // A removal drops the regime from the entry: its regimes are those it had.
  return notice.regimes.some((r) => have.has(r.trim().toLowerCase()));
}

export function announcementOf(p: PendingNotice): Announcement {
  return {
    source: p.source,
    noticeId: p.notice.id,
    title: p.notice.title,
    link: p.notice.link,
    published: p.notice.published,
  };
}

/** A pending reconciliation for a new notice, or undefined when it lists no names to wait for. */
export function pendingFor(
  source: string,
  notice: Notice,
  listed: ListedName[],
  openedAt?: string,
): PendingNotice | undefined {
  if (listed.length === 0) return undefined;
  return {
    source,
    notice,
    ...(openedAt ? { openedAt } : {}),
    expected: listed,
    remaining: [...new Set(listed.map((l) => l.name))],
    confirmations: [],
    status: 'pending',
  };
}

/**
 * Links a list batch's changes to the pending notices they confirm. Each related list (OFAC's XML
 * and CSV, OFSI's and FCDO's lists) links a notice on its own: a name confirmed by one list is still
 * linked when another list shows it. Idempotent by `batchId`: a notice already confirmed by this
 * batch (a rerun) is linked again from its recorded confirmation and not changed. Returns the
 * annotated changes and the pending notices that changed.
 */
export function reconcileChanges(
  listSource: string,
  batchId: string,
  changes: readonly BatchChange[],
  pending: readonly PendingNotice[],
  at: string,
): { changes: BatchChange[]; updated: PendingNotice[] } {
  const links = new Map<number, PendingNotice[]>();
  const updated: PendingNotice[] = [];
  const link = (i: number, p: PendingNotice) => {
    const list = links.get(i) ?? [];
    if (!list.includes(p)) list.push(p);
    links.set(i, list);
  };
  for (const p of pending) {
    const earlier = p.confirmations.find((c) => c.batchId === batchId);
    if (earlier) {
      changes.forEach((c, i) => {
        if (earlier.changeIds.includes(c.id)) link(i, p);
      });
      continue;
    }
    const seenHere = new Set(
      p.confirmations.filter((c) => c.listSource === listSource).flatMap((c) => c.names),
    );
    const open = p.expected.filter((e) => !seenHere.has(e.name));
    if (open.length === 0) continue;
    const confirmed = new Set<string>();
    const changeIds: string[] = [];
    changes.forEach((change, i) => {
      if (!regimesFit(p.notice, change)) return;
      for (const e of open) {
        if (!kindFits(e.action, change)) continue;
        if (!changeNames(change).some((n) => namesMatch(e.name, n))) continue;
        confirmed.add(e.name);
        if (!changeIds.includes(change.id)) changeIds.push(change.id);
        link(i, p);
      }
    });
    if (changeIds.length === 0) continue;
    const remaining = p.remaining.filter((n) => !confirmed.has(n));
    updated.push({
      ...p,
      remaining,
      status: remaining.length === 0 ? 'confirmed' : 'pending',
      confirmations: [...p.confirmations, { listSource, batchId, names: [...confirmed], changeIds, at }],
    });
  }
  const out = changes.map((change, i) => {
    const ps = links.get(i);
    if (!ps) return change;
    const announced = [...(change.announcedIn ?? [])];
    for (const p of ps) {
      const a = announcementOf(p);
      if (!announced.some((x) => x.source === a.source && x.noticeId === a.noticeId)) announced.push(a);
    }
    return { ...change, announcedIn: announced };
  });
  return { changes: out, updated };
}

/**
 * Pending notices whose remaining names are overdue: published (and first seen) `days` or more
 * before `now`, no follow-up yet.
 */
export function dueFollowUps(pending: readonly PendingNotice[], now: Date, days: number): PendingNotice[] {
  const limit = now.getTime() - days * 24 * 3600 * 1000;
  return pending.filter(
    (p) =>
      p.status === 'pending' &&
      p.remaining.length > 0 &&
      p.followUpAt === undefined &&
      Math.max(Date.parse(p.notice.published), Date.parse(p.openedAt ?? p.notice.published)) <= limit,
  );
}

/** The "still pending" follow-up: a notice naming what has not appeared in the lists yet. */
export function followUpNotice(p: PendingNotice, days: number): Notice {
  const confirmed = p.confirmations.flatMap((c) => c.names);
  const lines = [
    `Still pending after ${days} day${days === 1 ? '' : 's'}: the lists do not yet show ${p.remaining.length} of the ${new Set(p.expected.map((e) => e.name)).size} names this notice listed.`,
    `Not yet in the lists: ${p.remaining.join('; ')}.`,
    ...(confirmed.length ? [`Already confirmed: ${confirmed.join('; ')}.`] : []),
    `Notice published ${p.notice.published}.`,
  ];
  return {
    id: `${p.notice.id}#still-pending`,
    title: `Still pending: ${p.notice.title}`,
    link: p.notice.link,
    published: p.notice.published,
    regimes: p.notice.regimes,
    names: p.remaining,
    sectors: p.notice.sectors,
    summary: lines.join('\n'),
  };
}
