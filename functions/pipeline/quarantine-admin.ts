/**
 * The operator's view of held publications and their decisions, shared by the CLI (`quarantine`)
 * and the admin API (`/admin/quarantine`): what was held, why, and a sample to judge by.
 */

import { approveQuarantined, type PollOutcome, rejectQuarantined } from './poll';
import type { PollDeps } from './ports';
import type { QuarantineRecord, QuarantineStatus } from './repos';

/** A held publication as the operator sees it (JSON-safe; no raw bytes). */
export interface QuarantineView {
  id: string;
  source: string;
  status: QuarantineStatus;
  reason: QuarantineRecord['reason'];
  message: string;
  detectedAt: string;
  decidedAt?: string;
  published?: string;
  records?: number;
  previousRecords?: number;
  counts?: QuarantineRecord['counts'];
  sample?: QuarantineRecord['sample'];
  fetchedFrom: string;
  sha256: string;
}

export function quarantineView(q: QuarantineRecord): QuarantineView {
  const { etag: _e, lastModified: _l, alertedAt: _a, files: _f, ...view } = q;
  return view;
}

/** The detail lines of one held publication (`quarantine show`). */
export function describeQuarantine(q: QuarantineRecord): string[] {
  const lines = [
    `${q.id}  [${q.status}]  ${q.reason}`,
    `  ${q.message}`,
    `  detected ${q.detectedAt}${q.decidedAt ? `, decided ${q.decidedAt}` : ''}; from ${q.fetchedFrom}`,
  ];
  if (q.published) lines.push(`  published ${q.published}`);
  if (q.records !== undefined)
    lines.push(
      `  records: ${q.records}${q.previousRecords !== undefined ? ` (current list: ${q.previousRecords})` : ''}`,
    );
  if (q.counts)
    lines.push(
      `  against the current list: ${q.counts.added} added, ${q.counts.removed} removed, ${q.counts.amended} amended`,
    );
  if (q.sample?.length) {
    lines.push(
      q.reason === 'key-drift' ? '  sample (old id → new id, same content):' : '  sample of removed entries:',
    );
    for (const e of q.sample) lines.push(`    ${e.id}${e.newId ? ` → ${e.newId}` : ''}  ${e.name}`);
  }
  return lines;
}

export interface QuarantineAdmin {
  list(options?: { all?: boolean }): Promise<QuarantineView[]>;
  show(idOrPrefix: string): Promise<QuarantineView>;
  approve(idOrPrefix: string): Promise<PollOutcome>;
  reject(idOrPrefix: string): Promise<QuarantineView>;
}

export function quarantineAdmin(deps: PollDeps): QuarantineAdmin {
  const { quarantine } = deps.store;
  return {
    list: async (o = {}) => (await quarantine.list(o.all ? {} : { status: 'held' })).map(quarantineView),
    show: async (id) => quarantineView(await quarantine.find(id)),
    approve: (id) => approveQuarantined(deps, id),
    reject: async (id) => quarantineView(await rejectQuarantined(deps, id)),
  };
}
