/**
 * Small-multiple bar charts as server-rendered SVG: one chart per series (a list or a sector), one
 * bar per week, every non-zero bar labelled with its number, so nothing depends on colour; each
 * chart has a text title and the numbers are also in a table for screen readers. Pure.
 */
import { escapeHtml, humanDate } from '../common';

export interface Series {
  label: string;
  counts: number[];
}

const W = 300;
const H = 120;
const PAD = { top: 16, bottom: 22, left: 6, right: 6 };

export function barChart(series: Series, weeks: readonly string[], id: string): string {
  const max = Math.max(1, ...series.counts);
  const n = weeks.length;
  const slot = (W - PAD.left - PAD.right) / Math.max(1, n);
  const bars = series.counts
    .map((c, i) => {
      const h = Math.round(((H - PAD.top - PAD.bottom) * c) / max);
      const x = PAD.left + i * slot + 2;
      const y = H - PAD.bottom - h;
      const label =
        c > 0
          ? `<text x="${(x + (slot - 4) / 2).toFixed(1)}" y="${y - 3}" text-anchor="middle">${c}</text>`
          : '';
      return `<rect x="${x.toFixed(1)}" y="${y}" width="${(slot - 4).toFixed(1)}" height="${Math.max(h, c > 0 ? 1 : 0)}" fill="#0b4fb3"><title>Week of ${escapeHtml(humanDate(weeks[i]))}: ${c}</title></rect>${label}`;
    })
    .join('');
  const axis = `<line x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}" stroke="#4d4d4d"/>`;
  const first = weeks[0] ? humanDate(weeks[0]) : '';
  const last = weeks[n - 1] ? humanDate(weeks[n - 1]) : '';
  const ticks = `<text x="${PAD.left}" y="${H - 6}">${escapeHtml(first)}</text><text x="${W - PAD.right}" y="${H - 6}" text-anchor="end">${escapeHtml(last)}</text>`;
  const total = series.counts.reduce((a, b) => a + b, 0);
  const title = `${series.label}: ${total} change${total === 1 ? '' : 's'} in ${n} weeks`;
  return `<figure><figcaption id="${id}">${escapeHtml(title)}</figcaption><svg role="img" aria-labelledby="${id}" viewBox="0 0 ${W} ${H}" width="100%" height="${H}">${axis}${bars}${ticks}</svg></figure>`;
}

/** Charts for every series, and the same numbers as a table (collapsed). */
export function chartGrid(
  all: readonly Series[],
  weeks: readonly string[],
  prefix: string,
  caption: string,
): string {
  if (!all.length) return '<p class="muted">No changes recorded in this period.</p>';
  const charts = all.map((s, i) => barChart(s, weeks, `${prefix}-${i}`)).join('');
  const head = weeks.map((w) => `<th scope="col" class="num">${escapeHtml(humanDate(w))}</th>`).join('');
  const rows = all
    .map(
      (s) =>
        `<tr><th scope="row">${escapeHtml(s.label)}</th>${s.counts.map((c) => `<td class="num">${c}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<div class="charts">${charts}</div><details><summary>${escapeHtml(caption)} as a table</summary><table><caption class="small muted">Material changes per week (weeks start on Monday, UTC)</caption><thead><tr><th scope="col">Series</th>${head}</tr></thead><tbody>${rows}</tbody></table></details>`;
}
