/**
 * Slack incoming-webhook messages in Block Kit, in the email's order: a header, the counts with
 * links to our batch page and the official publication, counts per kind × sector with what each kind
 * means, each change once (most relevant to the subscriber first, sector chips, identifiers, field
 * changes, evidence), notices, and an
 * "…and N more" tail, within Slack's limits (50 blocks, 3,000 characters per section text,
 * 150 per header). List data is escaped (`&`, `<`, `>`), so `<!channel>` in a name stays inert. Pure.
 */
import type { ChangeBatch, Notice } from '../core/changes';
import type { Alert } from '../dispatch/match';
import {
  type AlertChange,
  alertTitle,
  batchPageUrl,
  countAlert,
  countsPhrase,
  type ExtraLines,
  entityLines,
  entryFacts,
  escapeSlack,
  evidenceLine,
  humanDate,
  identifierFacts,
  KIND_LABEL,
  KIND_MEANING,
  materialFieldLines,
  oneLine,
  orderByRelevance,
  type RelevanceFilters,
  safeUrl,
  sectorLabel,
  sectorWithStrength,
  shortSourceTitle,
  summaryMatrix,
  truncate,
} from './common';

export const SLACK_MAX_BLOCKS = 50;
export const SLACK_MAX_TEXT = 3000;
export const SLACK_MAX_HEADER = 150;

export interface SlackMessage {
  /** Notification / fallback text. */
  text: string;
  blocks: unknown[];
}

/** `<url|label>` with the label escaped; the label alone when the URL is not http(s). */
function slackLink(url: string | undefined, label: string): string {
  const safe = safeUrl(url);
  const text = escapeSlack(label);
  return safe ? `<${safe.replace(/\|/g, '%7C')}|${text}>` : text;
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

function changeLine(change: AlertChange, url: string | undefined, extraLines?: ExtraLines): string {
  const name = truncate(oneLine(change.name), 150) || '(no name)';
  const kind = change.kind === 'amended' && !change.material ? 'Amended (cosmetic)' : KIND_LABEL[change.kind];
  const sectors = change.sectors.length ? ` [${change.sectors.map(sectorWithStrength).join(', ')}]` : '';
  let line = `• *${kind}* ${slackLink(url, name)}${escapeSlack(sectors)} — ${escapeSlack(truncate(entryFacts(change), 300))}`;
  const ids = identifierFacts(change, 3);
  if (ids.length) line += `\n    ${escapeSlack(truncate(ids.join(' · '), 300))}`;
  const fields = materialFieldLines(change, 200);
  if (fields.length) {
    const more = fields.length > 3 ? ` (+${fields.length - 3} more)` : '';
    line += `\n    ${escapeSlack(fields.slice(0, 3).join('; '))}${more}`;
  }
  for (const extra of extraLines?.(change) ?? [])
    line += `\n    ${escapeSlack(truncate(oneLine(extra), 300))}`;
  if (change.sectors.length) line += `\n    _Why: ${escapeSlack(evidenceLine(change.sectors, 300))}_`;
  if (change.announcedIn?.length) line += ' · announced in a notice';
  for (const l of entityLines(change)) line += `\n    ${escapeSlack(l)}`;
  return line;
}

function noticeLine(n: Notice): string {
  const regimes = n.regimes.length ? ` — ${escapeSlack(truncate(oneLine(n.regimes.join(', ')), 200))}` : '';
  return `• ${slackLink(n.link, truncate(oneLine(n.title), 200))}${regimes} _(${escapeSlack(humanDate(n.published))})_`;
}

/**
 * Packs lines into section texts of at most `SLACK_MAX_TEXT` characters, headed by `title` (repeated
 * as `title (cont.)`); returns the sections and how many lines fitted in `maxSections`.
 */
function packSections(
  title: string,
  lines: string[],
  maxSections: number,
): { blocks: unknown[]; used: number } {
  const blocks: unknown[] = [];
  let used = 0;
  let text = title;
  for (const line of lines) {
    const candidate = `${text}\n${line}`;
    if (candidate.length <= SLACK_MAX_TEXT) {
      text = candidate;
      used += 1;
      continue;
    }
    if (blocks.length + 1 >= maxSections) break;
    blocks.push(section(text));
    text = `${title} (cont.)\n${truncate(line, SLACK_MAX_TEXT - title.length - 10)}`;
    used += 1;
  }
  if (used > 0 || lines.length === 0) blocks.push(section(text));
  return { blocks, used };
}

export function renderSlack(
  alert: Alert,
  batch: ChangeBatch,
  /** `shortTitle`: the header's title (default: the source's short title, e.g. `OFAC SDN`). */
  options: {
    publicationUrl: string;
    sourceTitle: string;
    shortTitle?: string;
    /** The subscriber's filters (most relevant changes first), our pages' base URL, extra lines per change. */
    filters?: RelevanceFilters;
    siteUrl?: string;
    extraLines?: ExtraLines;
  },
): SlackMessage {
  const sourceTitle = truncate(oneLine(options.sourceTitle), 80);
  const publicationUrl = safeUrl(options.publicationUrl) ?? safeUrl(batch.url);
  const batchUrl = batchPageUrl(options.siteUrl, batch.id);
  const title = alertTitle(
    options.shortTitle ?? shortSourceTitle(batch.source, sourceTitle),
    alert,
    SLACK_MAX_HEADER,
  );
  const counts = countAlert(alert);
  const published = batch.publication.published
    ? `published ${humanDate(batch.publication.published)}, `
    : '';
  const links = [
    batchUrl ? slackLink(batchUrl, 'This batch on our site') : '',
    slackLink(publicationUrl, 'Official publication'),
  ]
    .filter(Boolean)
    .join(' · ');

  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, SLACK_MAX_HEADER), emoji: false } },
    section(
      truncate(
        `*${escapeSlack(countsPhrase(counts))}* matching your subscription in ${escapeSlack(sourceTitle)} (${escapeSlack(`${published}detected ${humanDate(batch.detectedAt)}`)}). ${links}`,
        SLACK_MAX_TEXT,
      ),
    ),
  ];
  if (alert.changes.length) {
    const m = summaryMatrix(alert.changes);
    const rows = m.rows.map((r) => {
      const parts = m.sectors
        .map((s, i) => (r.counts[i] ? `${sectorLabel(s)} ${r.counts[i]}` : ''))
        .filter(Boolean)
        .join(', ');
      return `*${KIND_LABEL[r.kind]} ${r.total}*${parts ? ` — ${escapeSlack(parts)}` : ''}\n_${escapeSlack(KIND_MEANING[r.kind])}_`;
    });
    blocks.push(section(truncate(rows.join('\n'), SLACK_MAX_TEXT)));
  }
  // Room for the tail block.
  const budget = SLACK_MAX_BLOCKS - 1;
  let omitted = 0;

  const ordered = orderByRelevance(alert.changes, options.filters);
  if (ordered.length) {
    const lines = ordered.map((c) =>
      changeLine(c, batchPageUrl(options.siteUrl, batch.id, c.id) ?? publicationUrl, options.extraLines),
    );
    const room = budget - blocks.length - 1;
    const { blocks: sections, used } = packSections(`*Changes* (${ordered.length})`, lines, room);
    if (used > 0) blocks.push({ type: 'divider' }, ...sections);
    omitted += lines.length - used;
  }
  if (alert.notices.length) {
    const lines = alert.notices.map(noticeLine);
    const room = budget - blocks.length - 1;
    if (room >= 1) {
      const { blocks: sections, used } = packSections(`*Notices* (${alert.notices.length})`, lines, room);
      if (used > 0) blocks.push({ type: 'divider' }, ...sections);
      omitted += lines.length - used;
    } else {
      omitted += lines.length;
    }
  }
  if (omitted > 0) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `…and ${omitted} more — see ${batchUrl ? slackLink(batchUrl, 'the whole batch on our site') : slackLink(publicationUrl, 'the official publication')}`,
        },
      ],
    });
  }
  return { text: escapeSlack(title), blocks };
}
