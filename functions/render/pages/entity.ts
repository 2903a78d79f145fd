/** `/entity/<source>:<id>`: one entry's listing, identifiers, relationships and history. Pure. */
import type { LinkMatch, Related } from '../../core/entities/index';
import type { EntityView } from '../../site/browse';
import { ENTITY_LABEL, escapeHtml, humanDate } from '../common';
import { pageDocument } from './layout';
import { batchPath, changeBlock, entityPath, esc, extLink, relatedList } from './parts';

/** The entity graph's view of this entry (functions/pipeline/entity-lookup.ts): the shape the page reads. */
export interface CrossList {
  /** The entry itself first, then its listings on other lists with how each was matched. */
  listings: {
    source: string;
    id: string;
    name: string;
    listedOn: string | null;
    match?: LinkMatch;
  }[];
  /** The lists checked that do not hold it. */
  notListedBy: string[];
  related: Related[];
}

/** How a listing was matched, for a reader: an identifier is certain, a name match never is. */
function matchHtml(m: LinkMatch): string {
  if (m.by === 'identifier')
    return `matched on identifier: ${esc(m.field, 100)} <code>${esc(m.value, 200)}</code>`;
  const why = m.corroboration.length
    ? `name match corroborated by ${esc(m.corroboration.join(', '), 300)}`
    : 'name match only';
  return `${why} <strong class="uncertain">not certain</strong>`;
}

function crossListHtml(cross: CrossList | undefined, titleOf: (source: string) => string): string {
  if (!cross)
    return '<p class="muted">This entry is not in the entity index yet (it is built as the lists are polled).</p>';
  const others = cross.listings.slice(1);
  const listed = others.length
    ? `<table><caption class="small muted">Listings of this entity on other lists</caption><thead><tr><th scope="col">List</th><th scope="col">Id</th><th scope="col">Name</th><th scope="col">Listed on</th><th scope="col">How matched</th></tr></thead><tbody>${others
        .map(
          (l) =>
            `<tr><td>${esc(titleOf(l.source), 200)}</td><td><code>${esc(l.id, 100)}</code></td><td><a href="${escapeHtml(entityPath(l.source, l.id))}">${esc(l.name, 300)}</a></td><td>${l.listedOn ? esc(humanDate(l.listedOn), 100) : '<span class="muted">not stated</span>'}</td><td>${l.match ? matchHtml(l.match) : ''}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>No other list checked holds this entity.</p>';
  const notListed = cross.notListedBy.length
    ? `<p>Not listed by: ${cross.notListedBy.map((s) => esc(titleOf(s), 200)).join(', ')}.</p>`
    : '';
  const related = cross.related.length
    ? `<h3>Related entries (across lists)</h3>${relatedList(cross.related)}`
    : '';
  return listed + notListed + related;
}

function row(label: string, values: readonly string[] | undefined): string {
  if (!values?.length) return '';
  return `<tr><th scope="row">${escapeHtml(label)}</th><td>${values.map((v) => esc(v, 1000)).join('<br>')}</td></tr>`;
}

export function renderEntity(
  view: EntityView,
  options: {
    sourceTitle: string;
    sourceUrl: string;
    /** The entity graph's view; absent when the index does not hold the entry. */
    crossList?: CrossList;
    /** A source id's title (listings on other lists). */
    titleOf?: (source: string) => string;
  },
): string {
  const e = view.entry;
  const last = view.history.at(-1);
  const name = e?.name ?? last?.change.name ?? view.id;
  const listing = e
    ? `<table><tbody>${[
        row('List', [options.sourceTitle]),
        row('Entity type', [ENTITY_LABEL[e.entityType] ?? e.entityType]),
        row('Regimes', e.regimes),
        row('Listed on', e.listedOn ? [humanDate(String(e.listedOn))] : undefined),
        row('Last updated', e.lastUpdated ? [humanDate(String(e.lastUpdated))] : undefined),
        row('Measures', e.measures),
        row(
          'Aliases',
          e.aliases.map(
            (a) => `${a.name}${a.type !== 'aka' ? ` (${a.type})` : ''}${a.quality ? ` [${a.quality}]` : ''}`,
          ),
        ),
        row(
          'Non-Latin names',
          e.nonLatinNames.map((n) => n.name),
        ),
        row('Dates of birth', e.birthDates.map(String)),
        row('Places of birth', e.birthPlaces),
        row('Nationalities', e.nationalities),
        row('Countries', e.countries),
        row('Positions', e.positions),
        row(
          'Addresses',
          e.addresses.map((a) =>
            [...a.lines, a.city, a.region, a.postalCode, a.country].filter(Boolean).join(', '),
          ),
        ),
        ...Object.entries(e.attributes).map(([k, v]) => {
          const label = k.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
          return row(label.charAt(0).toUpperCase() + label.slice(1), v);
        }),
      ].join(
        '',
      )}</tbody></table>${e.reasons ? `<h3>Statement of reasons</h3><p>${esc(e.reasons, 8000)}</p>` : ''}${e.remarks ? `<h3>Remarks</h3><p>${esc(e.remarks, 8000)}</p>` : ''}`
    : `<p>This entry is not on the current ${esc(options.sourceTitle, 200)} (delisted, or never seen). Its recorded history follows.</p>`;
  const identifiers = e?.identifiers.length
    ? `<table><thead><tr><th scope="col">Type</th><th scope="col">Value</th><th scope="col">Country</th><th scope="col">Note</th></tr></thead><tbody>${e.identifiers
        .map(
          (i) =>
            `<tr><td>${esc(i.label ?? i.type, 100)}</td><td><code>${esc(i.value, 300)}</code></td><td>${esc(i.country ?? '', 100)}</td><td>${esc(i.note ?? '', 300)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="muted">None published.</p>';
  const links = e?.links.length
    ? `<ul>${e.links
        .map(
          (l) =>
            `<li>${esc(l.relation, 100)}: ${l.id ? `<a href="${escapeHtml(entityPath(view.source, l.id))}">${esc(l.name, 300)}</a>` : esc(l.name, 300)}</li>`,
        )
        .join('')}</ul>`
    : '<p class="muted">None published.</p>';
  const cross = crossListHtml(options.crossList, options.titleOf ?? ((x) => x));
  const history = view.history.length
    ? view.history
        .map(
          ({ batch, change }) =>
            `<section><p class="small muted"><a href="${escapeHtml(batchPath(batch))}">Batch detected ${esc(humanDate(batch.detectedAt))}</a></p>${changeBlock(change, batch, { headingLevel: 3 })}</section>`,
        )
        .join('')
    : '<p class="muted">No change of this entry has been recorded since the list was first read.</p>';
  const body = [
    `<p class="small muted">${esc(options.sourceTitle, 200)} · id <code>${esc(view.id, 100)}</code> · ${extLink(options.sourceUrl, 'official list')}</p>`,
    '<h2>Listing</h2>',
    listing,
    '<h2>Identifiers</h2>',
    identifiers,
    '<h2>Relationships</h2>',
    links,
    '<section class="slot" id="cross-list" aria-labelledby="cross-list-h"><h2 id="cross-list-h">On other lists</h2>',
    cross,
    '</section>',
    '<h2>History</h2>',
    history,
  ].join('\n');
  return pageDocument({
    title: name,
    body,
    atom: [
      {
        title: `Changes of ${options.sourceTitle} (Atom)`,
        href: `/feeds/source/${encodeURIComponent(view.source)}.xml`,
      },
    ],
  });
}
