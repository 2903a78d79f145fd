/** `/`: what the service watches, each source's health, the latest changes, weekly charts. Pure. */
import type { HomeView } from '../../site/browse';
import { escapeHtml, humanDate, sectorLabel } from '../common';
import { chartGrid } from './charts';
import { pageDocument } from './layout';
import { batchCounts, batchPath, esc, extLink } from './parts';

const HEALTH_TEXT: Record<string, string> = {
  ok: 'OK',
  failing: 'Failing',
  stale: 'Stale (no successful check lately)',
  'never checked': 'Never checked',
};

export function renderHome(view: HomeView): string {
  const titles = new Map(view.sources.map((s) => [s.id, s.title]));
  const rows = view.sources
    .map((s) => {
      const st = s.status;
      const error =
        s.health === 'failing' && st?.lastError
          ? `<br><span class="small">${esc(st.lastError, 300)}</span>`
          : '';
      return `<tr><th scope="row">${extLink(s.homepage, s.title)}<br><span class="small muted">${esc(s.publisher, 200)} · ${s.kind === 'feed' ? 'notice feed' : 'list'} · <code>${esc(s.id, 80)}</code></span></th><td>${esc(humanDate(st?.lastCheckAt))}</td><td>${esc(humanDate(st?.lastChangeAt))}</td><td class="num">${st?.lastRecords ?? '—'}</td><td class="health-${s.health.replace(' ', '-')}">${HEALTH_TEXT[s.health] ?? s.health}${error}</td><td><a href="/feeds/source/${encodeURIComponent(s.id)}.xml">Atom</a></td></tr>`;
    })
    .join('');
  const latest = view.latest.length
    ? `<ul>${view.latest
        .map(
          ({ batch }) =>
            `<li><a href="${escapeHtml(batchPath(batch))}">${esc(titles.get(batch.source) ?? batch.source, 200)}: ${escapeHtml(batchCounts(batch))}</a> <span class="muted small">detected ${esc(humanDate(batch.detectedAt))}</span></li>`,
        )
        .join('')}</ul><p><a href="/changes">Browse every change</a></p>`
    : '<p class="muted">No changes recorded yet.</p>';
  const active = view.perList.filter((s) => s.counts.some((c) => c > 0));
  const quiet = view.perList.filter((s) => !s.counts.some((c) => c > 0));
  const body = [
    '<p>This service polls the official sanctions lists and notice feeds, tells subscribers what changed, field by field, and which economic sectors each change touches, with the evidence. <a href="/subscribe">Subscribe to alerts</a>.</p>',
    '<h2>Lists and feeds watched</h2>',
    `<table><thead><tr><th scope="col">Source</th><th scope="col">Last check</th><th scope="col">Last change</th><th scope="col" class="num">Entries</th><th scope="col">Health</th><th scope="col">Feed</th></tr></thead><tbody>${rows}</tbody></table>`,
    '<h2>Latest changes</h2>',
    latest,
    '<h2>Changes per week, per list</h2>',
    chartGrid(active, view.weeks, 'list', 'Changes per week per list'),
    quiet.length
      ? `<p class="small muted">No change in these ${view.weeks.length} weeks: ${quiet.map((s) => esc(s.label, 200)).join('; ')}.</p>`
      : '',
    '<h2>Changes per week, per sector</h2>',
    chartGrid(
      view.perSector.map((s) => ({ ...s, label: sectorLabel(s.label as never) })),
      view.weeks,
      'sector',
      'Changes per week per sector',
    ),
  ].join('\n');
  return pageDocument({ title: 'Sanctions lists watched', body, current: '/' });
}
