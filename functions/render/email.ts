/**
 * Alert and confirmation emails: subject (≤ 80 characters), a complete inline-styled HTML document
 * (facts, a kind × sector summary table, what each kind means, then each change once — most
 * relevant to the subscriber first — with sector chips, identifiers, material field changes, sector
 * evidence and links to our page and the official publication), the same facts in plain text, and
 * the List-Unsubscribe headers of RFC 2369 / RFC 8058. All list data is escaped (HTML) and reduced
 * to one line (subject, text). Pure.
 */
import type { ChangeBatch, Notice } from '../core/changes';
import type { Alert } from '../dispatch/match';
import { DEFAULT_KINDS } from '../subscriptions/model';
import {
  type AlertChange,
  alertTitle,
  batchPageUrl,
  countAlert,
  countsPhrase,
  ENTITY_LABEL,
  type ExtraLines,
  entityLines,
  entryFacts,
  escapeHtml,
  evidenceLine,
  humanDate,
  identifierFacts,
  KIND_LABEL,
  KIND_MEANING,
  KINDS,
  MAX_SUBJECT,
  materialFieldLines,
  oneLine,
  orderByRelevance,
  type RelevanceFilters,
  type SummaryMatrix,
  safeUrl,
  sectorLabel,
  sectorWithStrength,
  shortSourceTitle,
  summaryMatrix,
  truncate,
} from './common';

export interface EmailLinks {
  /** Official publication page (or file) for this batch. */
  publicationUrl: string;
  /** Page where a subscriber confirms unsubscribing (GET, shown in the body). */
  unsubscribeUrl: string;
  /** RFC 8058 one-click endpoint (POST `List-Unsubscribe=One-Click`), put in `List-Unsubscribe`. */
  oneClickUnsubscribeUrl: string;
  /** Manage-preferences page (signed link). */
  manageUrl: string;
  /** Optional `mailto:` unsubscribe address, added to `List-Unsubscribe` after the https URL. */
  unsubscribeMailto?: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

/** Entries rendered in one email; the rest are counted and left to the official publication. */
export const MAX_EMAIL_ENTRIES = 500;

const STYLE = {
  body: 'margin:0;padding:0;background:#f5f5f5;font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;',
  wrap: 'max-width:680px;margin:0 auto;padding:24px;background:#ffffff;',
  h1: 'font-size:20px;margin:0 0 12px 0;',
  h2: 'font-size:17px;margin:24px 0 8px 0;padding-bottom:4px;border-bottom:1px solid #dddddd;',
  h3: 'font-size:15px;margin:16px 0 6px 0;color:#444444;',
  h4: 'font-size:14px;margin:12px 0 4px 0;color:#555555;',
  p: 'font-size:14px;line-height:1.5;margin:0 0 10px 0;',
  ul: 'margin:0 0 10px 0;padding-left:20px;',
  li: 'font-size:14px;line-height:1.5;margin:0 0 8px 0;',
  small: 'font-size:12px;color:#555555;',
  a: 'color:#0b57d0;',
  footer: 'font-size:12px;color:#555555;margin-top:28px;padding-top:12px;border-top:1px solid #dddddd;',
};

function link(url: string | undefined, label: string): string {
  const href = safeUrl(url);
  const text = escapeHtml(label);
  return href ? `<a href="${escapeHtml(href)}" style="${STYLE.a}">${text}</a>` : text;
}

/** A URL for a header: http(s) or mailto, no characters that could break out of `<…>` or the line. */
function headerUrl(url: string, schemes: string[]): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`not a URL: ${JSON.stringify(truncate(oneLine(url), 80))}`);
  }
  if (!schemes.includes(u.protocol)) throw new Error(`URL scheme ${u.protocol} not allowed here`);
  const href = u.href;
  if (/[\s<>,"]/.test(href) || /[^\x21-\x7e]/.test(href)) throw new Error('URL not allowed in a header');
  return href;
}

function htmlDocument(title: string, content: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '</head>',
    `<body style="${STYLE.body}">`,
    `<div style="${STYLE.wrap}">`,
    content,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

const CHIP =
  'display:inline-block;border:1px solid #777777;border-radius:10px;padding:0 7px;margin:0 4px 2px 0;font-size:12px;color:#1a1a1a;';
const TH =
  'font-size:13px;text-align:left;padding:4px 8px;border-bottom:1px solid #bbbbbb;background:#f3f5f8;';
const TD = 'font-size:13px;padding:4px 8px;border-bottom:1px solid #dddddd;text-align:right;';
const KIND_COLOUR: Record<string, string> = { added: '#a4000f', removed: '#0a6b2d', amended: '#8a5300' };

/** What `alertSection` needs beyond the alert: whom it is for and where our pages are. */
export interface AlertContext {
  /** The subscriber's filters: the changes most relevant to them come first and survive the cap. */
  filters?: RelevanceFilters;
  /** Base URL of our pages (links to `/changes/…`); without it only the official link is given. */
  siteUrl?: string;
  /** Lines other features add under each change (e.g. cross-list listings, sector strength). */
  extraLines?: ExtraLines;
}

function changeHtml(
  change: AlertChange,
  batch: ChangeBatch,
  publicationUrl: string | undefined,
  ctx: AlertContext,
): string {
  const name = truncate(oneLine(change.name), 300) || '(no name)';
  const ours = batchPageUrl(ctx.siteUrl, batch.id, change.id);
  const kind = change.kind === 'amended' && !change.material ? 'Amended (cosmetic)' : KIND_LABEL[change.kind];
  const chips = change.sectors
    .map((t) => `<span style="${CHIP}">${escapeHtml(sectorWithStrength(t))}</span>`)
    .join('');
  const parts = [
    `<p style="${STYLE.p}margin-bottom:2px;"><strong style="color:${KIND_COLOUR[change.kind]};">${kind}</strong> · <strong>${link(ours ?? publicationUrl, name)}</strong> ${chips}</p>`,
    `<p style="${STYLE.small}margin:0 0 4px 0;">${escapeHtml(entryFacts(change))} · id ${escapeHtml(truncate(oneLine(change.id), 100))}</p>`,
  ];
  const ids = identifierFacts(change);
  if (ids.length) parts.push(`<p style="${STYLE.small}margin:0 0 4px 0;">${escapeHtml(ids.join(' · '))}</p>`);
  const fields = materialFieldLines(change);
  const sub: string[] = fields
    .slice(0, 20)
    .map((f) => `<li style="${STYLE.li}margin:0;">${escapeHtml(f)}</li>`);
  if (fields.length > 20)
    sub.push(`<li style="${STYLE.li}margin:0;">…and ${fields.length - 20} more field changes</li>`);
  if (change.kind === 'amended' && fields.length === 0)
    sub.push(`<li style="${STYLE.li}margin:0;">Cosmetic changes only</li>`);
  for (const a of change.announcedIn ?? []) {
    sub.push(
      `<li style="${STYLE.li}margin:0;">Announced in notice ${link(a.link, `“${truncate(oneLine(a.title), 200)}”`)} on ${escapeHtml(humanDate(a.published))}</li>`,
    );
  }
  for (const l of entityLines(change)) sub.push(`<li style="${STYLE.li}margin:0;">${escapeHtml(l)}</li>`);
  for (const extra of ctx.extraLines?.(change) ?? [])
    sub.push(`<li style="${STYLE.li}margin:0;">${escapeHtml(truncate(oneLine(extra), 400))}</li>`);
  if (sub.length) parts.push(`<ul style="${STYLE.ul}">${sub.join('')}</ul>`);
  if (change.sectors.length)
    parts.push(
      `<details style="${STYLE.small}margin:0 0 4px 0;"><summary>Why these sectors</summary>${escapeHtml(evidenceLine(change.sectors))}</details>`,
    );
  const links = [
    ours ? link(ours, 'Details on our site') : '',
    publicationUrl ? link(publicationUrl, 'Official publication') : '',
  ]
    .filter(Boolean)
    .join(' · ');
  if (links) parts.push(`<p style="${STYLE.small}margin:0;">${links}</p>`);
  return `<div style="padding:10px 0;border-top:1px solid #dddddd;">${parts.join('')}</div>`;
}

function changeText(
  change: AlertChange,
  batch: ChangeBatch,
  publicationUrl: string | undefined,
  ctx: AlertContext,
): string[] {
  const name = truncate(oneLine(change.name), 300) || '(no name)';
  const kind = change.kind === 'amended' && !change.material ? 'Amended (cosmetic)' : KIND_LABEL[change.kind];
  const out = [`[${kind}] ${name}`, `    ${entryFacts(change)} · id ${truncate(oneLine(change.id), 100)}`];
  if (change.sectors.length) out.push(`    Sectors: ${change.sectors.map(sectorWithStrength).join(', ')}`);
  const ids = identifierFacts(change);
  if (ids.length) out.push(`    ${ids.join(' · ')}`);
  const fields = materialFieldLines(change);
  for (const f of fields.slice(0, 20)) out.push(`    ${f}`);
  if (fields.length > 20) out.push(`    …and ${fields.length - 20} more field changes`);
  if (change.kind === 'amended' && fields.length === 0) out.push('    Cosmetic changes only');
  for (const a of change.announcedIn ?? [])
    out.push(`    Announced in notice "${truncate(oneLine(a.title), 200)}" on ${humanDate(a.published)}`);
  for (const l of entityLines(change)) out.push(`    ${l}`);
  for (const extra of ctx.extraLines?.(change) ?? []) out.push(`    ${truncate(oneLine(extra), 400)}`);
  if (change.sectors.length) out.push(`    Why: ${evidenceLine(change.sectors)}`);
  const ours = batchPageUrl(ctx.siteUrl, batch.id, change.id);
  if (ours) out.push(`    Details: ${ours}`);
  if (publicationUrl) out.push(`    Official publication: ${publicationUrl}`);
  return out;
}

function noticeHtml(n: Notice): string {
  const facts = [humanDate(n.published), n.regimes.length ? oneLine(n.regimes.join(', ')) : ''].filter(
    Boolean,
  );
  const names = n.names.length ? `<br>Names: ${escapeHtml(truncate(oneLine(n.names.join('; ')), 600))}` : '';
  const summary = n.summary ? `<br>${escapeHtml(truncate(oneLine(n.summary), 600))}` : '';
  return `<li style="${STYLE.li}"><strong>${link(n.link, truncate(oneLine(n.title), 300))}</strong><br><span style="${STYLE.small}">${escapeHtml(facts.join(' · '))}</span>${names}${summary}</li>`;
}

function noticeText(n: Notice): string[] {
  const out = [`  - ${truncate(oneLine(n.title), 300)} (${humanDate(n.published)})`];
  if (n.regimes.length) out.push(`      Regimes: ${truncate(oneLine(n.regimes.join(', ')), 300)}`);
  if (n.names.length) out.push(`      Names: ${truncate(oneLine(n.names.join('; ')), 600)}`);
  if (n.summary) out.push(`      ${truncate(oneLine(n.summary), 600)}`);
  const url = safeUrl(n.link);
  if (url) out.push(`      ${url}`);
  return out;
}

function summaryHtml(m: SummaryMatrix): string {
  const head = m.sectors
    .map((s) => `<th scope="col" style="${TH}text-align:right;">${escapeHtml(sectorLabel(s))}</th>`)
    .join('');
  const rows = m.rows
    .map(
      (r) =>
        `<tr><th scope="row" style="${TH}">${KIND_LABEL[r.kind]}</th>${r.counts.map((c) => `<td style="${TD}">${c || '–'}</td>`).join('')}<td style="${TD}font-weight:bold;">${r.total}</td></tr>`,
    )
    .join('');
  return `<table style="border-collapse:collapse;margin:0 0 12px 0;"><caption style="${STYLE.small}text-align:left;">Changes by kind and sector (a change counts in each of its sectors)</caption><thead><tr><th scope="col" style="${TH}">Kind</th>${head}<th scope="col" style="${TH}text-align:right;">Total</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function summaryText(m: SummaryMatrix): string[] {
  const cols = [...m.sectors.map((s) => sectorLabel(s)), 'Total'];
  const width = Math.max(8, ...m.rows.map((r) => KIND_LABEL[r.kind].length));
  const line = (first: string, cells: string[]) =>
    `${first.padEnd(width)}  ${cells.map((c, i) => c.padStart(Math.max(cols[i]!.length, 5))).join('  ')}`;
  return [
    line('Kind', cols),
    ...m.rows.map((r) =>
      line(KIND_LABEL[r.kind], [...r.counts.map((c) => (c ? String(c) : '–')), String(r.total)]),
    ),
  ];
}

/** One alert's body: facts, the summary table, what each kind means, each change once by relevance, the tail, notices. */
function alertSection(
  part: { alert: Alert; batch: ChangeBatch; sourceTitle: string; publicationUrl?: string },
  maxEntries: number,
  nested: boolean,
  ctx: AlertContext,
): { html: string[]; text: string[] } {
  const { alert, batch } = part;
  const sourceTitle = truncate(oneLine(part.sourceTitle), 80);
  const ordered = orderByRelevance(alert.changes, ctx.filters);
  const shown = ordered.slice(0, maxEntries);
  const omitted = ordered.length - shown.length;
  const publicationUrl = safeUrl(part.publicationUrl) ?? safeUrl(batch.url);
  const batchUrl = batchPageUrl(ctx.siteUrl, batch.id);
  const [h2, s2] = nested ? ['h3', STYLE.h3] : ['h2', STYLE.h2];
  const published = batch.publication.published
    ? `published ${humanDate(batch.publication.published)}, `
    : '';
  const facts = `${sourceTitle}: ${published}detected ${humanDate(batch.detectedAt)}. ${countsPhrase(countAlert(alert))} matching your subscription.`;

  const html: string[] = [];
  if (nested) html.push(`<h2 style="${STYLE.h2}">${escapeHtml(sourceTitle)}</h2>`);
  const topLinks = [
    batchUrl ? link(batchUrl, 'This batch on our site') : '',
    publicationUrl ? link(publicationUrl, 'Official publication') : '',
  ]
    .filter(Boolean)
    .join(' · ');
  html.push(`<p style="${STYLE.p}">${escapeHtml(facts)}${topLinks ? `<br>${topLinks}` : ''}</p>`);
  const text: string[] = nested ? ['', `##### ${sourceTitle} #####`, '', facts] : [facts];
  if (batchUrl) text.push(`This batch on our site: ${batchUrl}`);
  if (publicationUrl) text.push(`Official publication: ${publicationUrl}`);

  if (alert.changes.length) {
    const matrix = summaryMatrix(alert.changes);
    html.push(summaryHtml(matrix));
    text.push('', ...summaryText(matrix));
    const kinds = KINDS.filter((k) => alert.changes.some((c) => c.kind === k));
    html.push(
      `<ul style="${STYLE.ul}">${kinds.map((k) => `<li style="${STYLE.small}margin:0 0 2px 0;">${escapeHtml(KIND_MEANING[k])}</li>`).join('')}</ul>`,
    );
    text.push('', ...kinds.map((k) => `* ${KIND_MEANING[k]}`));
    const order =
      ctx.filters && Object.values(ctx.filters).some((v) => v?.length)
        ? 'most relevant to your filters first'
        : 'additions first';
    html.push(`<${h2} style="${s2}">Changes (${alert.changes.length}; ${order})</${h2}>`);
    text.push('', `== Changes (${alert.changes.length}; ${order}) ==`);
    for (const c of shown) {
      html.push(changeHtml(c, batch, publicationUrl, ctx));
      text.push('', ...changeText(c, batch, publicationUrl, ctx));
    }
  }
  if (omitted > 0) {
    const where = batchUrl ?? publicationUrl;
    html.push(
      `<p style="${STYLE.p}"><strong>…and ${omitted} more changes</strong>: ${link(where, batchUrl ? 'see the whole batch on our site' : 'see the official publication')}.</p>`,
    );
    text.push('', `…and ${omitted} more changes: ${where ?? 'see the official publication'}`);
  }
  if (alert.notices.length) {
    html.push(`<${h2} style="${s2}">Notices (${alert.notices.length})</${h2}>`);
    html.push(`<p style="${STYLE.small}">${escapeHtml(KIND_MEANING.notice)}</p>`);
    html.push(`<ul style="${STYLE.ul}">${alert.notices.map(noticeHtml).join('\n')}</ul>`);
    text.push('', `== Notices (${alert.notices.length}) ==`, KIND_MEANING.notice);
    for (const n of alert.notices) text.push(...noticeText(n));
  }
  return { html, text };
}

function assemble(
  subject: string,
  sections: { html: string[]; text: string[] }[],
  links: EmailLinks,
): RenderedEmail {
  const html = [`<h1 style="${STYLE.h1}">${escapeHtml(subject)}</h1>`, ...sections.flatMap((s) => s.html)];
  html.push(
    `<div style="${STYLE.footer}">You receive this because you subscribed to sanctions alerts. ` +
      `${link(links.manageUrl, 'Manage your preferences')} · ${link(links.unsubscribeUrl, 'Unsubscribe')}</div>`,
  );
  const text = [subject, '', ...sections.flatMap((s) => s.text)];
  text.push(
    '',
    '--',
    'You receive this because you subscribed to sanctions alerts.',
    `Manage your preferences: ${safeUrl(links.manageUrl) ?? ''}`,
    `Unsubscribe: ${safeUrl(links.unsubscribeUrl) ?? ''}`,
    '',
  );
  return {
    subject,
    html: htmlDocument(subject, html.join('\n')),
    text: text.join('\n'),
    headers: unsubscribeHeaders(links),
  };
}

export function renderEmail(
  input: {
    alert: Alert;
    batch: ChangeBatch;
    sourceTitle: string;
    links: EmailLinks;
    maxEntries?: number;
  } & AlertContext,
): RenderedEmail {
  const { alert, batch, links } = input;
  const subject = alertTitle(shortSourceTitle(batch.source, input.sourceTitle), alert, MAX_SUBJECT);
  const section = alertSection(
    { alert, batch, sourceTitle: input.sourceTitle, publicationUrl: links.publicationUrl },
    input.maxEntries ?? MAX_EMAIL_ENTRIES,
    false,
    input,
  );
  return assemble(subject, [section], links);
}

/**
 * The daily digest email of one subscriber: one section per batch (its source, publication link,
 * sector → kind groups and notices), in the given order. `parts` are the day's per-batch alerts
 * of this subscriber, as `matchBatch` made them; `day` is the digest's date (`2024-05-03`).
 */
export function renderDigestEmail(
  input: {
    day: string;
    parts: { alert: Alert; batch: ChangeBatch; sourceTitle: string; publicationUrl?: string }[];
    links: Omit<EmailLinks, 'publicationUrl'>;
    maxEntries?: number;
  } & AlertContext,
): RenderedEmail {
  if (input.parts.length === 0) throw new Error('a digest needs at least one alert');
  const all = {
    changes: input.parts.flatMap((p) => p.alert.changes),
    notices: input.parts.flatMap((p) => p.alert.notices),
  };
  const lists = new Set(input.parts.map((p) => p.batch.source)).size;
  const title = `Sanctions digest ${oneLine(input.day)} (${lists} list${lists === 1 ? '' : 's'})`;
  const subject = alertTitle(title, all, MAX_SUBJECT);
  const perPart = Math.max(1, Math.floor((input.maxEntries ?? MAX_EMAIL_ENTRIES) / input.parts.length));
  const sections = input.parts.map((p) => alertSection(p, perPart, true, input));
  return assemble(subject, sections, { ...input.links, publicationUrl: '' });
}

/** `List-Unsubscribe: <https://…>[, <mailto:…>]` and `List-Unsubscribe-Post` (RFC 8058). */
export function unsubscribeHeaders(
  links: Pick<EmailLinks, 'oneClickUnsubscribeUrl' | 'unsubscribeMailto'>,
): Record<string, string> {
  const targets = [`<${headerUrl(links.oneClickUnsubscribeUrl, ['https:', 'http:'])}>`];
  if (links.unsubscribeMailto) targets.push(`<${headerUrl(links.unsubscribeMailto, ['mailto:'])}>`);
  return {
    'List-Unsubscribe': targets.join(', '),
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

/** What each minimum strength keeps, in words. */
const STRENGTH_WORDS: Record<string, string> = {
  stated: 'only sectors the publisher states',
  record: 'sectors stated or given by a record field',
  name: 'sectors stated, from a record field, or from a reviewed word in the name',
  related: 'any evidence but another list’s',
  'cross-list': 'any evidence',
};

/** Describes filters in one line each, for the confirmation email and the manage page. */
export function describeFilters(filters: {
  sources?: string[];
  regimes?: string[];
  sectors?: string[];
  kinds?: string[];
  includeCosmetic?: boolean;
  entityTypes?: string[];
  countries?: string[];
  watch?: string[];
  minStrength?: string;
  related?: boolean;
  hops?: number;
}): string[] {
  const line = (label: string, values: string[] | undefined) =>
    values?.length ? [`${label}: ${truncate(oneLine(values.join(', ')), 400)}`] : [];
  const out = [
    ...line('Lists', filters.sources),
    ...line('Regimes', filters.regimes),
    ...line('Sectors', filters.sectors),
    ...line('Changes', filters.kinds?.length ? filters.kinds : [...DEFAULT_KINDS]),
    ...line(
      'Entity types',
      filters.entityTypes?.map((t) => ENTITY_LABEL[t] ?? t),
    ),
    ...line('Countries', filters.countries),
    ...line('Watched names and identifiers', filters.watch),
  ];
  if (filters.minStrength)
    out.push(
      `Minimum evidence for a sector: ${filters.minStrength} (${STRENGTH_WORDS[filters.minStrength] ?? 'see the sectors documentation'})`,
    );
  if (filters.related) {
    const hops = filters.hops ?? 1;
    out.push(
      `Relationship watch: also entries within ${hops} hop${hops === 1 ? '' : 's'} of a watched entry (Linked To, parent or subsidiary, owner, director, trustee)`,
    );
  }
  if (filters.includeCosmetic) out.push('Including cosmetic-only amendments');
  if (!filters.sources?.length) out.unshift('Lists: all');
  return out;
}

/** Double opt-in: asks the address's owner to confirm a self-service subscription. */
export function renderConfirmationEmail(input: {
  confirmUrl: string;
  filters: Parameters<typeof describeFilters>[0];
  mode: 'immediate' | 'daily';
  /** Lifetime of the confirmation link, for the text (e.g. `7 days`). */
  expiresIn?: string;
}): Omit<RenderedEmail, 'headers'> & { headers: Record<string, string> } {
  const subject = 'Confirm your subscription to sanctions list alerts';
  const filters = describeFilters(input.filters);
  const when = input.mode === 'daily' ? 'in one daily digest' : 'as soon as a list changes';
  const expiry = input.expiresIn ? ` The link expires in ${oneLine(input.expiresIn)}.` : '';
  const confirmUrl = safeUrl(input.confirmUrl);
  if (!confirmUrl) throw new Error('confirmation URL must be http(s)');
  const html = htmlDocument(
    subject,
    [
      `<h1 style="${STYLE.h1}">${escapeHtml(subject)}</h1>`,
      `<p style="${STYLE.p}">Someone (we hope you) asked to receive sanctions list alerts at this address, ${escapeHtml(when)}, for:</p>`,
      `<ul style="${STYLE.ul}">${filters.map((f) => `<li style="${STYLE.li}">${escapeHtml(f)}</li>`).join('')}</ul>`,
      `<p style="${STYLE.p}"><a href="${escapeHtml(confirmUrl)}" style="${STYLE.a}font-weight:bold;">Confirm the subscription</a>${escapeHtml(expiry)}</p>`,
      `<p style="${STYLE.small}">If you did not ask for this, ignore this email: nothing will be sent without your confirmation.</p>`,
    ].join('\n'),
  );
  const text = [
    subject,
    '',
    `Someone (we hope you) asked to receive sanctions list alerts at this address, ${when}, for:`,
    ...filters.map((f) => `  - ${f}`),
    '',
    `Confirm the subscription: ${confirmUrl}${expiry}`,
    '',
    'If you did not ask for this, ignore this email: nothing will be sent without your confirmation.',
    '',
  ].join('\n');
  return { subject, html, text, headers: {} };
}
