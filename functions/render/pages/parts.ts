/**
 * Pieces several pages share: links to our own pages, sector chips with their evidence, one change
 * with its field-level before/after, kind labels and what each kind means. Pure; every value from a
 * publication goes through `escapeHtml` (after `oneLine`).
 */
import type { ChangeKind, SectorTag } from '../../core/changes';
import type { Related } from '../../core/entities/index';
import type { BatchChange, BatchInfo } from '../../site/browse';
import {
  ENTITY_LABEL,
  entityLines,
  escapeHtml,
  evidenceSource,
  fieldLabel,
  humanDate,
  KIND_LABEL,
  KIND_MEANING,
  oneLine,
  safeUrl,
  sectorLabel,
  sectorWithStrength,
  shortSourceTitle,
  truncate,
  valueText,
} from '../common';

export { KIND_MEANING };

export const esc = (value: unknown, max = 2000) => escapeHtml(truncate(oneLine(String(value ?? '')), max));

export function batchPath(batch: Pick<BatchInfo, 'source' | 'key'>): string {
  return `/changes/${encodeURIComponent(batch.source)}/${encodeURIComponent(batch.key)}`;
}

export function entityPath(source: string, id: string): string {
  return `/entity/${encodeURIComponent(source)}:${encodeURIComponent(id)}`;
}

/** An external link (http(s) only; otherwise the text alone). */
export function extLink(url: string | undefined, label: string): string {
  const href = safeUrl(url);
  return href ? `<a href="${escapeHtml(href)}" rel="noreferrer">${escapeHtml(label)}</a>` : escapeHtml(label);
}

export function sectorChips(tags: readonly SectorTag[]): string {
  if (!tags.length) return '<span class="muted small">no sector identified</span>';
  return tags.map((t) => `<span class="chip">${escapeHtml(sectorWithStrength(t))}</span>`).join('');
}

export function evidenceList(tags: readonly SectorTag[]): string {
  if (!tags.length) return '';
  const items = tags
    .flatMap((t) =>
      t.evidence.map(
        (e) =>
          `<li><strong>${escapeHtml(sectorLabel(t.sector))}</strong>: ${escapeHtml(evidenceSource(e, 300))} (${esc(e.strength, 20)})${e.inheritedFrom && e.strength !== 'cross-list' ? ` (inherited from ${esc(e.inheritedFrom, 100)})` : ''} <span class="muted small">rule ${esc(e.rule, 100)}</span></li>`,
      ),
    )
    .join('');
  return `<details><summary>Why these sectors</summary><ul>${items}</ul></details>`;
}

const MAX_RELATED_SHOWN = 20;

/** Relationships as links to the related entries' pages, each with its path as the lists state it. */
export function relatedList(related: readonly Related[]): string {
  if (!related.length) return '';
  const items = related
    .slice(0, MAX_RELATED_SHOWN)
    .map(
      (r) =>
        `<li><a href="${escapeHtml(entityPath(r.other.source, r.other.id))}">${esc(r.other.name, 300)}</a> <span class="muted small">${esc(shortSourceTitle(r.other.source, r.other.source), 80)} · ${r.hops} hop${r.hops === 1 ? '' : 's'}</span><br><span class="small">${esc(r.path, 1000)}</span> <span class="muted small">(stated by ${esc(shortSourceTitle(r.source, r.source), 80)} as “${esc(r.text, 200)}”)</span></li>`,
    )
    .join('');
  const more =
    related.length > MAX_RELATED_SHOWN
      ? `<li class="muted small">…and ${related.length - MAX_RELATED_SHOWN} more</li>`
      : '';
  return `<ul class="related">${items}${more}</ul>`;
}

/** A change's cross-list lines (also listed by, not listed by, watch path) and relationships. */
export function crossListLines(change: BatchChange): string {
  const lines = entityLines(change)
    .map((l) => `<p class="small cross-list">${escapeHtml(l)}</p>`)
    .join('');
  const related = change.related?.length
    ? `<details><summary>Relationships (${change.related.length})</summary>${relatedList(change.related)}</details>`
    : '';
  return lines + related;
}

export function kindLabel(kind: ChangeKind | 'notice'): string {
  return kind === 'notice' ? 'Notice' : KIND_LABEL[kind];
}

/** One change: heading line, facts, sector chips and evidence, material field changes before/after. */
export function changeBlock(
  change: BatchChange,
  batch: BatchInfo,
  options: { headingLevel?: number } = {},
): string {
  const h = `h${options.headingLevel ?? 3}`;
  const name = truncate(oneLine(change.name), 300) || '(no name)';
  const facts = [
    ENTITY_LABEL[change.entityType] ?? change.entityType,
    `id ${truncate(oneLine(change.id), 100)}`,
  ];
  if (change.regimes.length) facts.push(`regimes: ${truncate(oneLine(change.regimes.join(', ')), 400)}`);
  const fields = change.fields.filter((f) => f.material || !change.material);
  const table = fields.length
    ? `<table><caption class="small muted">${change.material ? 'Material field changes' : 'Cosmetic changes only'}</caption><thead><tr><th scope="col">Field</th><th scope="col">Before</th><th scope="col">After</th></tr></thead><tbody>${fields
        .map(
          (f) =>
            `<tr><th scope="row">${esc(fieldLabel(f.field), 100)}</th><td class="before">${escapeHtml(valueText(f.before, 1000))}</td><td class="after">${escapeHtml(valueText(f.after, 1000))}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  const announced = (change.announcedIn ?? [])
    .map(
      (a) =>
        `<p class="small">Announced in notice ${extLink(a.link, `“${truncate(oneLine(a.title), 200)}”`)} on ${esc(humanDate(a.published))}</p>`,
    )
    .join('');
  return [
    `<article class="change" id="c-${encodeURIComponent(change.id)}">`,
    `<${h}><span class="kind">${kindLabel(change.kind)}</span> · <a href="${escapeHtml(entityPath(batch.source, change.id))}">${escapeHtml(name)}</a></${h}>`,
    `<p class="small muted">${escapeHtml(facts.join(' · '))}</p>`,
    `<p>${sectorChips(change.sectors)}</p>`,
    evidenceList(change.sectors),
    crossListLines(change),
    table,
    announced,
    `<p class="small">${extLink(batch.url, 'Official publication')} · <a href="${escapeHtml(batchPath(batch))}?entry=${encodeURIComponent(change.id)}">Permanent link</a></p>`,
    '</article>',
  ].join('');
}

/** `3 added, 1 removed` for a batch header. */
export function batchCounts(b: BatchInfo): string {
  if (b.sourceKind === 'feed') {
    const n = b.notices?.length ?? b.summary.notices ?? 0;
    return `${n} notice${n === 1 ? '' : 's'}`;
  }
  const s = b.summary;
  return `${s.added} added, ${s.removed} removed, ${s.amended} amended`;
}
