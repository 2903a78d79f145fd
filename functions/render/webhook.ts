/**
 * Webhook payloads (`schemas/webhook.schema.json`): one event per alert, split into numbered pages
 * when large. Each change has exactly the shape of a change in `diff --json`; where a change was
 * announced in a notice first, that is listed in `announcements`. Pure.
 */
import type { Announcement, Change, ChangeBatch, Notice } from '../core/changes';
import type { Alert } from '../dispatch/match';
import { countAlert } from './common';

export type WebhookEventType = 'sanctions.changes' | 'sanctions.notices';

/** A notice as delivered: the feed notice itself (`$defs/notice`). */
export type WebhookNotice = Notice;

export interface WebhookPayload {
  type: WebhookEventType;
  /** Page id: `<eventId>-p<number>`; also the `webhook-id` header, stable across retries. */
  id: string;
  /** The event (alert delivery) this page belongs to. */
  eventId: string;
  source: string;
  batchId: string;
  detectedAt: string;
  publication: { published: string | null; records: number; sha256: string; url: string };
  page: { number: number; of: number };
  /** Counts of the whole event (every page), for this subscriber's matching changes. */
  summary: { added: number; removed: number; amended: number; notices: number };
  changes: Change[];
  /** For changes on this page that a notice announced first. */
  announcements?: (Announcement & { changeId: string })[];
  notices?: WebhookNotice[];
}

export const DEFAULT_MAX_CHANGES_PER_PAGE = 100;
/** Page body budget: a page is closed before its JSON would exceed this (a single large item still fits alone). */
export const DEFAULT_MAX_PAGE_BYTES = 256 * 1024;

/** A change as `diff --json` prints it: nothing delivery adds (subject, announcements). */
export function diffShape(change: Alert['changes'][number]): Change {
  return {
    kind: change.kind,
    id: change.id,
    name: change.name,
    entityType: change.entityType,
    regimes: change.regimes,
    sectors: change.sectors,
    fields: change.fields,
    material: change.material,
    ...(change.alsoListed ? { alsoListed: change.alsoListed } : {}),
    ...(change.notListedBy ? { notListedBy: change.notListedBy } : {}),
    ...(change.related ? { related: change.related } : {}),
  };
}

function noticeShape(n: Notice): WebhookNotice {
  const out: WebhookNotice = {
    id: n.id,
    title: n.title,
    link: n.link,
    published: n.published,
    regimes: n.regimes,
    names: n.names,
    sectors: n.sectors,
  };
  if (n.summary !== undefined) out.summary = n.summary;
  return out;
}

type Item = { change: Alert['changes'][number]; size: number } | { notice: Notice; size: number };

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

export function renderWebhookPages(
  alert: Alert,
  batch: ChangeBatch,
  options: { eventId: string; maxChangesPerPage?: number; maxPageBytes?: number },
): WebhookPayload[] {
  const maxItems = Math.max(1, Math.floor(options.maxChangesPerPage ?? DEFAULT_MAX_CHANGES_PER_PAGE));
  const maxBytes = options.maxPageBytes ?? DEFAULT_MAX_PAGE_BYTES;
  if (!/^[\x21-\x7e]{1,200}$/.test(options.eventId))
    throw new Error('eventId must be 1–200 printable ASCII characters');
  const type: WebhookEventType =
    batch.sourceKind === 'feed' || (alert.changes.length === 0 && alert.notices.length > 0)
      ? 'sanctions.notices'
      : 'sanctions.changes';
  const counts = countAlert(alert);
  const items: Item[] = [
    ...alert.changes.map((change) => ({
      change,
      size: bytes(diffShape(change)) + bytes(change.announcedIn ?? []),
    })),
    ...alert.notices.map((notice) => ({ notice, size: bytes(noticeShape(notice)) })),
  ];
  const pages: Item[][] = [];
  let current: Item[] = [];
  let size = 0;
  for (const item of items) {
    if (current.length > 0 && (current.length >= maxItems || size + item.size > maxBytes)) {
      pages.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += item.size + 1;
  }
  if (current.length > 0 || pages.length === 0) pages.push(current);

  return pages.map((page, i) => {
    const changes = page.flatMap((it) => ('change' in it ? [it.change] : []));
    const notices = page.flatMap((it) => ('notice' in it ? [noticeShape(it.notice)] : []));
    const announcements = changes.flatMap((c) =>
      (c.announcedIn ?? []).map((a) => ({ changeId: c.id, ...a })),
    );
    const payload: WebhookPayload = {
      type,
      id: `${options.eventId}-p${i + 1}`,
      eventId: options.eventId,
      source: batch.source,
      batchId: alert.batchId,
      detectedAt: batch.detectedAt,
      publication: {
        published: batch.publication.published ?? null,
        records: batch.publication.records,
        sha256: batch.publication.sha256,
        url: batch.url,
      },
      page: { number: i + 1, of: pages.length },
      summary: {
        added: counts.added,
        removed: counts.removed,
        amended: counts.amended,
        notices: counts.notices,
      },
      changes: changes.map(diffShape),
    };
    if (announcements.length) payload.announcements = announcements;
    if (type === 'sanctions.notices' || notices.length) payload.notices = notices;
    return payload;
  });
}
