/** `/changes` (batches with filters and paging) and `/changes/<source>/<key>` (one batch). Pure. */
import type { Notice } from '../../core/changes';
import { SECTORS } from '../../core/changes';
import type { BatchView, ChangeFilter, ChangesView, SiteSource } from '../../site/browse';
import { escapeHtml, humanDate, KIND_LABEL, KINDS, oneLine, sectorLabel, truncate } from '../common';
import { type AtomLink, pageDocument } from './layout';
import {
  batchCounts,
  batchPath,
  changeBlock,
  esc,
  extLink,
  KIND_MEANING,
  kindLabel,
  sectorChips,
} from './parts';

function option(value: string, label: string, selected: boolean): string {
  return `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;
}

export function filterQuery(f: ChangeFilter, page?: number): string {
  const q = new URLSearchParams();
  for (const s of f.sources ?? []) q.append('list', s);
  if (f.sector) q.set('sector', f.sector);
  if (f.kind) q.set('kind', f.kind);
  if (f.regime) q.set('regime', f.regime);
  if (f.from) q.set('from', f.from);
  if (f.to) q.set('to', f.to);
  if (page && page > 1) q.set('page', String(page));
  const s = q.toString();
  return s ? `?${s}` : '';
}

function filterForm(f: ChangeFilter, sources: readonly SiteSource[]): string {
  const list = f.sources?.[0];
  return `<form class="filters" method="get" action="/changes" aria-label="Filter changes">
<label>List or feed<select name="list">${option('', 'All', !list)}${sources.map((s) => option(s.id, s.title, s.id === list)).join('')}</select></label>
<label>Sector<select name="sector">${option('', 'All', !f.sector)}${SECTORS.map((s) => option(s, sectorLabel(s), s === f.sector)).join('')}</select></label>
<label>Kind<select name="kind">${option('', 'All', !f.kind)}${[...KINDS, 'notice' as const].map((k) => option(k, kindLabel(k), k === f.kind)).join('')}</select></label>
<label>Regime<input type="text" name="regime" value="${esc(f.regime ?? '', 100)}" size="18"></label>
<label>From<input type="date" name="from" value="${esc(f.from ?? '', 10)}"></label>
<label>To<input type="date" name="to" value="${esc(f.to ?? '', 10)}"></label>
<button type="submit">Filter</button>
</form>`;
}

function noticeItem(n: Notice): string {
  const facts = [humanDate(n.published), n.regimes.length ? `regimes: ${n.regimes.join(', ')}` : ''].filter(
    Boolean,
  );
  const names = n.names.length ? `<p class="small">Names: ${esc(n.names.join('; '), 600)}</p>` : '';
  return `<article class="change"><h3><span class="kind">Notice</span> · ${extLink(n.link, truncate(oneLine(n.title), 300))}</h3><p class="small muted">${esc(facts.join(' · '), 500)}</p><p>${sectorChips(n.sectors)}</p>${names}</article>`;
}

export function atomFor(f: Pick<ChangeFilter, 'sources' | 'sector'>): AtomLink[] {
  const out: AtomLink[] = [];
  for (const s of f.sources ?? [])
    out.push({ title: `Changes of ${s} (Atom)`, href: `/feeds/source/${encodeURIComponent(s)}.xml` });
  if (f.sector)
    out.push({
      title: `Changes in ${sectorLabel(f.sector)} (Atom)`,
      href: `/feeds/sector/${encodeURIComponent(f.sector)}.xml`,
    });
  return out;
}

export function renderChanges(view: ChangesView, sources: readonly SiteSource[]): string {
  const titles = new Map(sources.map((s) => [s.id, s.title]));
  const rows = view.rows
    .map(({ batch, changes, notices }) => {
      const shown = changes.slice(0, 5);
      const more = changes.length - shown.length;
      const items = shown
        .map(
          (c) =>
            `<li><span class="kind">${KIND_LABEL[c.kind]}</span> <a href="${escapeHtml(batchPath(batch))}?entry=${encodeURIComponent(c.id)}">${esc(c.name, 300)}</a> ${sectorChips(c.sectors)}</li>`,
        )
        .join('');
      const moreLink =
        more > 0
          ? `<li><a href="${escapeHtml(batchPath(batch) + filterQuery({ ...view.filter, sources: [] }))}">…and ${more} more</a></li>`
          : '';
      return `<section class="change" aria-labelledby="b-${escapeHtml(batch.key)}"><h2 id="b-${escapeHtml(batch.key)}"><a href="${escapeHtml(batchPath(batch))}">${esc(titles.get(batch.source) ?? batch.source, 200)}: ${escapeHtml(batchCounts(batch))}</a></h2><p class="small muted">Detected ${esc(humanDate(batch.detectedAt))}${batch.publication.published ? ` · published ${esc(humanDate(batch.publication.published))}` : ''} · ${extLink(batch.url, 'official publication')}</p><ul>${items}${moreLink}</ul>${notices.map(noticeItem).join('')}</section>`;
    })
    .join('');
  const pager = [
    view.page > 1
      ? `<a href="/changes${escapeHtml(filterQuery(view.filter, view.page - 1))}" rel="prev">Newer</a>`
      : '',
    view.hasMore
      ? `<a href="/changes${escapeHtml(filterQuery(view.filter, view.page + 1))}" rel="next">Older</a>`
      : '',
  ].join('');
  const body = [
    filterForm(view.filter, sources),
    `<p class="small muted" role="status">Page ${view.page}${view.rows.length ? '' : ': no change matches these filters'}.</p>`,
    rows,
    pager ? `<nav class="pager" aria-label="Pages">${pager}</nav>` : '',
  ].join('\n');
  return pageDocument({ title: 'Changes', body, current: '/changes', atom: atomFor(view.filter) });
}

export function renderBatch(view: BatchView, sourceTitle: string, entry?: string): string {
  const { batch } = view;
  const kinds = [...new Set(view.changes.map((c) => c.kind))];
  const meaning = kinds.map((k) => `<li>${escapeHtml(KIND_MEANING[k])}</li>`).join('');
  const body = [
    `<p>Detected ${esc(humanDate(batch.detectedAt))}${batch.publication.published ? ` · published ${esc(humanDate(batch.publication.published))}` : ''} · ${batch.publication.records} entries · ${extLink(batch.url, 'Official publication')}</p>`,
    meaning ? `<div class="notice-box"><ul>${meaning}</ul></div>` : '',
    entry !== undefined
      ? `<p>Showing entry ${esc(entry, 100)} only. <a href="${escapeHtml(batchPath(batch))}">Show the whole batch (${view.total} changes)</a></p>`
      : `<p class="small muted">${view.changes.length} of ${view.total} changes shown.</p>`,
    view.changes.map((c) => changeBlock(c, batch, { headingLevel: 2 })).join(''),
    view.notices.map(noticeItem).join(''),
  ].join('\n');
  return pageDocument({
    title: `${sourceTitle}: ${batchCounts(batch)}`,
    body,
    current: '/changes',
    atom: atomFor({ sources: [batch.source] }),
  });
}
