/**
 * `/subscribe` and `/manage`: one form for a subscription's filters (lists, sectors, kinds,
 * regimes, countries, watch terms, immediate or daily), each error shown next to its field and in a
 * summary at the top; and the short message pages (confirmation sent, confirmed, unsubscribed,
 * errors). Every form carries the CSRF token. Pure.
 */
import { SECTORS } from '../../core/changes';
import type { SiteSource } from '../../site/browse';
import { escapeHtml, sectorLabel } from '../common';
import { pageDocument } from './layout';
import { esc, KIND_MEANING, kindLabel } from './parts';

export const FORM_FIELDS = [
  'email',
  'sources',
  'sectors',
  'kinds',
  'regimes',
  'countries',
  'watch',
  'related',
  'hops',
  'minStrength',
  'mode',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type FieldErrors = Partial<Record<FormField | 'form', string[]>>;

export interface FormValues {
  email?: string;
  sources: string[];
  sectors: string[];
  kinds: string[];
  regimes: string;
  countries: string;
  watch: string;
  /** `''` (any evidence), `name`, `record` or `stated`. */
  minStrength: string;
  related: boolean;
  /** `1` to `3` (as posted). */
  hops: string;
  mode: 'immediate' | 'daily';
}

export const EMPTY_FORM: FormValues = {
  sources: [],
  sectors: [],
  kinds: [],
  regimes: '',
  countries: '',
  watch: '',
  minStrength: '',
  related: false,
  hops: '1',
  mode: 'immediate',
};

/** The strengths a subscriber may require (the weaker `related` and `cross-list` are what "any" adds). */
export const FORM_STRENGTHS: [string, string][] = [
  ['', 'Any evidence (default)'],
  [
    'name',
    'Name or stronger: a reviewed sector word in the name, a record field, or the publisher’s statement',
  ],
  [
    'record',
    'Record or stronger: a structured record field (organisation type, vessel type, IMO, SWIFT) or the publisher’s statement',
  ],
  ['stated', 'Stated only: the publisher says it (statement of reasons, OFAC directive or program)'],
];

const LABEL: Record<FormField, string> = {
  email: 'Email address',
  sources: 'Lists and feeds',
  sectors: 'Sectors',
  kinds: 'Kinds of change',
  regimes: 'Regimes',
  countries: 'Countries',
  watch: 'Watched names and identifiers',
  related: 'Relationship watch',
  hops: 'How many hops',
  minStrength: 'Minimum evidence for a sector',
  mode: 'When',
};

function errorsOf(errors: FieldErrors, field: FormField): string {
  const list = errors[field];
  return list?.length
    ? `<div id="${field}-error">${list.map((e) => `<p class="error">Error: ${esc(e, 500)}</p>`).join('')}</div>`
    : '';
}

function described(errors: FieldErrors, field: FormField, hint: boolean): string {
  const ids = [hint ? `${field}-hint` : '', errors[field]?.length ? `${field}-error` : ''].filter(Boolean);
  return `${ids.length ? ` aria-describedby="${ids.join(' ')}"` : ''}${errors[field]?.length ? ' aria-invalid="true"' : ''}`;
}

/** A group of boxes (several values) or, with `type` radio, of one choice. */
function checkboxes(
  field: FormField,
  options: [string, string][],
  checked: readonly string[],
  errors: FieldErrors,
  hint: string,
  type: 'checkbox' | 'radio' = 'checkbox',
): string {
  const boxes = options
    .map(
      ([value, label], i) =>
        `<label><input type="${type}" name="${field}" id="${field}-${i}" value="${escapeHtml(value)}"${checked.includes(value) ? ' checked' : ''}> ${escapeHtml(label)}</label>`,
    )
    .join('');
  return `<fieldset${described(errors, field, true)}><legend>${LABEL[field]}</legend><p class="small muted" id="${field}-hint">${escapeHtml(hint)}</p>${errorsOf(errors, field)}<div class="checks">${boxes}</div></fieldset>`;
}

function textField(
  field: FormField,
  value: string,
  errors: FieldErrors,
  hint: string,
  type = 'text',
): string {
  return `<div class="field"><label for="${field}">${LABEL[field]}</label><p class="small muted" id="${field}-hint">${escapeHtml(hint)}</p>${errorsOf(errors, field)}<input type="${type}" id="${field}" name="${field}" value="${esc(value, 4000)}"${type === 'email' ? ' autocomplete="email" required' : ''}${described(errors, field, true)}></div>`;
}

export interface FormPage {
  kind: 'subscribe' | 'manage';
  action: string;
  values: FormValues;
  errors: FieldErrors;
  csrf: string;
  sources: readonly SiteSource[];
  /** Manage: the subscription's address, shown (not editable). */
  address?: string;
  /** A line shown above the form (e.g. "Your filters were saved"). */
  status?: string;
  /** Manage: the saved filters in words (as the confirmation email says them). */
  current?: string[];
}

/** The field an error summary links to: the input itself, or the first box of a group. */
function anchorOf(field: FormField): string {
  return ['email', 'regimes', 'countries', 'watch', 'hops'].includes(field) ? field : `${field}-0`;
}

/** The relationship watch: a box and the number of hops (1 to 3). */
function relatedFields(values: FormValues, errors: FieldErrors): string {
  const hops = ['1', '2', '3']
    .map((h) => `<option value="${h}"${values.hops === h ? ' selected' : ''}>${h}</option>`)
    .join('');
  return `<fieldset${described(errors, 'related', true)}><legend>${LABEL.related}</legend><p class="small muted" id="related-hint">Also alert on changes of entries the lists link to a watched entry (Linked To, parent or subsidiary, owner, director, trustee); the alert shows the path. Needs watched names above.</p>${errorsOf(errors, 'related')}<div class="checks"><label><input type="checkbox" name="related" id="related-0" value="yes"${values.related ? ' checked' : ''}> Follow relationships of watched entries</label></div><div class="field"><label for="hops">${LABEL.hops}</label><p class="small muted" id="hops-hint">1: direct links only; up to 3.</p>${errorsOf(errors, 'hops')}<select id="hops" name="hops"${described(errors, 'hops', true)}>${hops}</select></div></fieldset>`;
}

export function renderSubscriptionForm(p: FormPage): string {
  const all = Object.entries(p.errors).flatMap(([field, list]) =>
    (list ?? []).map((e) =>
      field === 'form'
        ? `<li>${esc(e, 500)}</li>`
        : `<li><a href="#${anchorOf(field as FormField)}">${escapeHtml(LABEL[field as FormField] ?? field)}: ${esc(e, 500)}</a></li>`,
    ),
  );
  const summary = all.length
    ? `<div class="notice-box" role="alert" aria-labelledby="error-summary"><h2 id="error-summary">There is a problem</h2><ul>${all.join('')}</ul></div>`
    : '';
  const status = p.status ? `<div class="notice-box" role="status"><p>${esc(p.status, 300)}</p></div>` : '';
  const current = p.current?.length
    ? `<h2>Your current filters</h2><ul>${p.current.map((l) => `<li>${esc(l, 600)}</li>`).join('')}</ul><h2>Change them</h2>`
    : '';
  const lists = p.sources.map((s): [string, string] => [
    s.id,
    `${s.title}${s.kind === 'feed' ? ' (notices)' : ''}`,
  ]);
  const kinds = (['added', 'removed', 'amended', 'notice'] as const).map((k): [string, string] => [
    k,
    kindLabel(k),
  ]);
  const modes = (['immediate', 'daily'] as const)
    .map(
      (m, i) =>
        `<label><input type="radio" name="mode" id="mode-${i}" value="${m}"${p.values.mode === m ? ' checked' : ''}> ${m === 'immediate' ? 'Immediately, one email per list change' : 'One daily digest (sent after midnight UTC)'}</label>`,
    )
    .join('');
  const fields = [
    p.kind === 'subscribe'
      ? textField(
          'email',
          p.values.email ?? '',
          p.errors,
          'We send a confirmation link first; nothing else is sent until you confirm.',
          'email',
        )
      : `<p>Alerts go to <strong>${esc(p.address ?? '', 254)}</strong>.</p>`,
    checkboxes('sources', lists, p.values.sources, p.errors, 'Leave all unticked for every list and feed.'),
    checkboxes(
      'sectors',
      SECTORS.map((s): [string, string] => [s, sectorLabel(s)]),
      p.values.sectors,
      p.errors,
      'Only changes tagged with one of these sectors; leave all unticked for every change.',
    ),
    checkboxes(
      'minStrength',
      FORM_STRENGTHS,
      [p.values.minStrength],
      p.errors,
      'With sectors ticked: a change matches only through a sector whose evidence is at least this strong.',
      'radio',
    ),
    checkboxes(
      'kinds',
      kinds,
      p.values.kinds,
      p.errors,
      `Leave all unticked for every kind. ${KIND_MEANING.added}`,
    ),
    textField(
      'regimes',
      p.values.regimes,
      p.errors,
      'Comma-separated, as the publisher writes them, e.g. RUSSIA-EO14024, Russia.',
    ),
    textField('countries', p.values.countries, p.errors, 'Comma-separated country names, e.g. Iran, Russia.'),
    textField(
      'watch',
      p.values.watch,
      p.errors,
      'Comma-separated names or identifiers (IMO, SWIFT…), matched ignoring case and accents.',
    ),
    relatedFields(p.values, p.errors),
    `<fieldset${described(p.errors, 'mode', false)}><legend>${LABEL.mode}</legend>${errorsOf(p.errors, 'mode')}<div class="checks">${modes}</div></fieldset>`,
  ].join('\n');
  const submit =
    p.kind === 'subscribe'
      ? '<button type="submit">Subscribe</button>'
      : '<button type="submit" name="action" value="save">Save my filters</button>';
  const unsubscribe =
    p.kind === 'manage'
      ? `<h2>Stop these alerts</h2><form method="post" action="${escapeHtml(p.action)}"><input type="hidden" name="csrf" value="${escapeHtml(p.csrf)}"><button type="submit" class="secondary" name="action" value="unsubscribe">Unsubscribe</button></form>`
      : '';
  const body = `${summary}${status}${current}<form method="post" action="${escapeHtml(p.action)}" novalidate><input type="hidden" name="csrf" value="${escapeHtml(p.csrf)}">${fields}${submit}</form>${unsubscribe}`;
  return pageDocument({
    title: p.kind === 'subscribe' ? 'Subscribe to alerts' : 'Manage your alerts',
    body,
    ...(p.kind === 'subscribe' ? { current: '/subscribe' as const } : {}),
  });
}

/** A short page: a heading and a paragraph or two (already escaped HTML). */
export function renderMessage(title: string, html: string): string {
  return pageDocument({ title, body: html });
}
