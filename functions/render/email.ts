/**
 * Alert and confirmation emails: subject, a complete inline-styled HTML document, plain text, and
 * the List-Unsubscribe headers of RFC 2369 / RFC 8058. All list data is escaped (HTML) and reduced
 * to one line (subject, text). Pure.
 */
import type { ChangeBatch, Notice } from '../core/changes';
import type { Alert } from '../dispatch/match';
import { DEFAULT_KINDS } from '../subscriptions/subscription';
import {
  type AlertChange,
  alertTitle,
  countAlert,
  countsPhrase,
  ENTITY_LABEL,
  entityLines,
  entryFacts,
  escapeHtml,
  groupBySectorAndKind,
  KIND_LABEL,
  MAX_SUBJECT,
  materialFieldLines,
  oneLine,
  safeUrl,
  sectorLabel,
  shortSourceTitle,
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

function announcedText(change: AlertChange): string[] {
  return (change.announcedIn ?? []).map(
    (a) => `Announced in notice "${truncate(oneLine(a.title), 200)}" at ${oneLine(a.published)}`,
  );
}

function changeHtml(change: AlertChange, publicationUrl: string): string {
  const name = truncate(oneLine(change.name), 300) || '(no name)';
  const lines = [
    `<strong>${link(publicationUrl, name)}</strong>`,
    `<span style="${STYLE.small}">${escapeHtml(entryFacts(change))} · id ${escapeHtml(truncate(oneLine(change.id), 100))}</span>`,
  ];
  const fields = materialFieldLines(change);
  const sub: string[] = fields.slice(0, 20).map((f) => `<li style="${STYLE.li}">${escapeHtml(f)}</li>`);
  if (fields.length > 20)
    sub.push(`<li style="${STYLE.li}">…and ${fields.length - 20} more field changes</li>`);
  if (change.kind === 'amended' && fields.length === 0)
    sub.push(`<li style="${STYLE.li}">Cosmetic changes only</li>`);
  for (const a of change.announcedIn ?? []) {
    sub.push(
      `<li style="${STYLE.li}">Announced in notice ${link(a.link, `“${truncate(oneLine(a.title), 200)}”`)} at ${escapeHtml(oneLine(a.published))}</li>`,
    );
  }
  for (const l of entityLines(change)) sub.push(`<li style="${STYLE.li}">${escapeHtml(l)}</li>`);
  const nested = sub.length ? `<ul style="${STYLE.ul}">${sub.join('')}</ul>` : '';
  return `<li style="${STYLE.li}">${lines.join('<br>')}${nested}</li>`;
}

function changeText(change: AlertChange): string[] {
  const name = truncate(oneLine(change.name), 300) || '(no name)';
  const out = [`  - ${name} (${entryFacts(change)}; id ${truncate(oneLine(change.id), 100)})`];
  const fields = materialFieldLines(change);
  for (const f of fields.slice(0, 20)) out.push(`      ${f}`);
  if (fields.length > 20) out.push(`      …and ${fields.length - 20} more field changes`);
  if (change.kind === 'amended' && fields.length === 0) out.push('      Cosmetic changes only');
  for (const a of announcedText(change)) out.push(`      ${a}`);
  for (const l of entityLines(change)) out.push(`      ${l}`);
  return out;
}

function noticeHtml(n: Notice): string {
  const facts = [oneLine(n.published), n.regimes.length ? oneLine(n.regimes.join(', ')) : ''].filter(Boolean);
  const names = n.names.length ? `<br>Names: ${escapeHtml(truncate(oneLine(n.names.join('; ')), 600))}` : '';
  const summary = n.summary ? `<br>${escapeHtml(truncate(oneLine(n.summary), 600))}` : '';
  return `<li style="${STYLE.li}"><strong>${link(n.link, truncate(oneLine(n.title), 300))}</strong><br><span style="${STYLE.small}">${escapeHtml(facts.join(' · '))}</span>${names}${summary}</li>`;
}

function noticeText(n: Notice): string[] {
  const out = [`  - ${truncate(oneLine(n.title), 300)} (${oneLine(n.published)})`];
  if (n.regimes.length) out.push(`      Regimes: ${truncate(oneLine(n.regimes.join(', ')), 300)}`);
  if (n.names.length) out.push(`      Names: ${truncate(oneLine(n.names.join('; ')), 600)}`);
  if (n.summary) out.push(`      ${truncate(oneLine(n.summary), 600)}`);
  const url = safeUrl(n.link);
  if (url) out.push(`      ${url}`);
  return out;
}

/** Changes to render (at most `max`, keeping the grouping order) and how many were left out. */
function limitChanges(changes: AlertChange[], max: number): { shown: AlertChange[]; omitted: number } {
  if (changes.length <= max) return { shown: changes, omitted: 0 };
  const ordered = groupBySectorAndKind(changes).flatMap((g) => g.kinds.flatMap((k) => k.changes));
  return { shown: ordered.slice(0, max), omitted: changes.length - max };
}

/** One alert's body: summary, sector → kind groups, the "…and N more" tail, notices. */
function alertSection(
  part: { alert: Alert; batch: ChangeBatch; sourceTitle: string; publicationUrl?: string },
  maxEntries: number,
  nested: boolean,
): { html: string[]; text: string[] } {
  const { alert, batch } = part;
  const sourceTitle = truncate(oneLine(part.sourceTitle), 80);
  const { shown, omitted } = limitChanges(alert.changes, maxEntries);
  const groups = groupBySectorAndKind(shown);
  const published = batch.publication.published ? oneLine(batch.publication.published) : undefined;
  const publicationUrl = safeUrl(part.publicationUrl) ?? safeUrl(batch.url);
  const [h2, h3] = nested ? ['h3', 'h4'] : ['h2', 'h3'];
  const [s2, s3] = nested ? [STYLE.h3, STYLE.h4] : [STYLE.h2, STYLE.h3];
  const summary = `${sourceTitle}${published ? ` (published ${published})` : ''}: ${countsPhrase(countAlert(alert))} matching your subscription.`;

  const html: string[] = [];
  if (nested) html.push(`<h2 style="${STYLE.h2}">${escapeHtml(sourceTitle)}</h2>`);
  html.push(
    `<p style="${STYLE.p}">${escapeHtml(summary)} ${link(publicationUrl, 'Official publication')}</p>`,
  );
  const text: string[] = nested ? ['', `##### ${sourceTitle} #####`, '', summary] : [summary];
  if (publicationUrl) text.push(`Official publication: ${publicationUrl}`);

  for (const g of groups) {
    html.push(`<${h2} style="${s2}">${escapeHtml(sectorLabel(g.sector))} (${g.total})</${h2}>`);
    text.push('', `== ${sectorLabel(g.sector)} (${g.total}) ==`);
    for (const k of g.kinds) {
      html.push(`<${h3} style="${s3}">${KIND_LABEL[k.kind]} (${k.changes.length})</${h3}>`);
      html.push(
        `<ul style="${STYLE.ul}">${k.changes.map((c) => changeHtml(c, publicationUrl ?? '')).join('\n')}</ul>`,
      );
      text.push('', `${KIND_LABEL[k.kind]} (${k.changes.length}):`);
      for (const c of k.changes) text.push(...changeText(c));
    }
  }
  if (omitted > 0) {
    html.push(
      `<p style="${STYLE.p}">…and ${omitted} more changes: see ${link(publicationUrl, 'the official publication')}.</p>`,
    );
    text.push('', `…and ${omitted} more changes: see the official publication.`);
  }
  if (alert.notices.length) {
    html.push(`<${h2} style="${s2}">Notices (${alert.notices.length})</${h2}>`);
    html.push(`<ul style="${STYLE.ul}">${alert.notices.map(noticeHtml).join('\n')}</ul>`);
    text.push('', `== Notices (${alert.notices.length}) ==`);
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

export function renderEmail(input: {
  alert: Alert;
  batch: ChangeBatch;
  sourceTitle: string;
  links: EmailLinks;
  maxEntries?: number;
}): RenderedEmail {
  const { alert, batch, links } = input;
  const subject = alertTitle(shortSourceTitle(batch.source, input.sourceTitle), alert, MAX_SUBJECT);
  const section = alertSection(
    { alert, batch, sourceTitle: input.sourceTitle, publicationUrl: links.publicationUrl },
    input.maxEntries ?? MAX_EMAIL_ENTRIES,
    false,
  );
  return assemble(subject, [section], links);
}

/**
 * The daily digest email of one subscriber: one section per batch (its source, publication link,
 * sector → kind groups and notices), in the given order. `parts` are the day's per-batch alerts
 * of this subscriber, as `matchBatch` made them; `day` is the digest's date (`2024-05-03`).
 */
export function renderDigestEmail(input: {
  day: string;
  parts: { alert: Alert; batch: ChangeBatch; sourceTitle: string; publicationUrl?: string }[];
  links: Omit<EmailLinks, 'publicationUrl'>;
  maxEntries?: number;
}): RenderedEmail {
  if (input.parts.length === 0) throw new Error('a digest needs at least one alert');
  const all = {
    changes: input.parts.flatMap((p) => p.alert.changes),
    notices: input.parts.flatMap((p) => p.alert.notices),
  };
  const lists = new Set(input.parts.map((p) => p.batch.source)).size;
  const title = `Sanctions digest ${oneLine(input.day)} (${lists} list${lists === 1 ? '' : 's'})`;
  const subject = alertTitle(title, all, MAX_SUBJECT);
  const perPart = Math.max(1, Math.floor((input.maxEntries ?? MAX_EMAIL_ENTRIES) / input.parts.length));
  const sections = input.parts.map((p) => alertSection(p, perPart, true));
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
