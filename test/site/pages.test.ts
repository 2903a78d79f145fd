/**
 * Every page rendered with the hostile list data of the injection corpus (and hostile form input):
 * nothing from the data becomes markup, an attribute, a style or a link of another scheme, and each
 * page's only stylesheet is the one the Content-Security-Policy allows by hash.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Related } from '../../functions/core/entities/index';
import type { Designation } from '../../functions/core/model';
import { renderBatch, renderChanges } from '../../functions/render/pages/changes';
import { type CrossList, renderEntity } from '../../functions/render/pages/entity';
import { EMPTY_FORM, renderMessage, renderSubscriptionForm } from '../../functions/render/pages/forms';
import { renderHome } from '../../functions/render/pages/home';
import { CONTENT_SECURITY_POLICY } from '../../functions/render/pages/layout';
import { evidenceList } from '../../functions/render/pages/parts';
import type { BatchInfo, SiteSource } from '../../functions/site/browse';
import { CORPUS, change, notice, sectors } from '../delivery/builders';

const EVIL = Object.values(CORPUS);
const SOURCES: SiteSource[] = [
  {
    id: 'us-ofac-sdn',
    title: `OFAC SDN ${CORPUS.script}`,
    publisher: CORPUS.img,
    kind: 'list',
    homepage: 'javascript:alert(1)',
    schedule: 'rate(15 minutes)',
    polledByDefault: true,
  },
  {
    id: 'us-ofac-recent-actions',
    title: 'OFAC recent actions',
    publisher: 'OFAC',
    kind: 'feed',
    homepage: 'https://ofac.treasury.gov/recent-actions',
    schedule: 'rate(15 minutes)',
    polledByDefault: true,
  },
];

/** The entity graph's view with hostile data in every value (names, ids, identifiers, paths). */
const HOSTILE_RELATED: Related[] = EVIL.map((name, i) => ({
  kind: 'linked-to' as const,
  direction: 'up' as const,
  hops: 1 + (i % 3),
  other: { source: 'eu-fsf', id: `${i}"><img src=x>`, name },
  path: `${CORPUS.script} → linked to ${name}`,
  text: CORPUS.img,
  source: 'us-ofac-sdn',
}));
const CROSS: CrossList = {
  listings: [
    { source: 'us-ofac-sdn', id: '0<i>', name: CORPUS.script, listedOn: null },
    {
      source: 'eu-fsf',
      id: CORPUS.img,
      name: CORPUS.script,
      listedOn: '2022-02-24',
      match: { by: 'identifier', field: CORPUS.amp, value: CORPUS.img },
    },
    {
      source: `gb-hmt-ofsi${CORPUS.img}`,
      id: CORPUS.crlf,
      name: 'Smith Name Only',
      listedOn: CORPUS.crlf,
      match: { by: 'name', score: 0.93, corroboration: [], label: 'name-only' },
    },
    {
      source: 'un-sc',
      id: '7',
      name: 'Corroborated Co',
      listedOn: null,
      match: {
        by: 'name',
        score: 1,
        corroboration: [`country ${CORPUS.img}`],
        label: 'name-corroborated',
      },
    },
  ],
  notListedBy: [CORPUS.script, 'gb-fcdo'],
  related: HOSTILE_RELATED,
};

const changes = [
  ...EVIL.map((name, i) =>
    change({
      id: `${i}<i>`,
      name,
      alsoListed: CROSS.listings.slice(1).map((l) => ({ ...l, match: l.match! })),
      notListedBy: CROSS.notListedBy,
      related: HOSTILE_RELATED,
      regimes: [`REGIME ${name}`],
      sectors: [
        {
          sector: 'shipping',
          strength: 'stated',
          evidence: [{ field: `reasons${CORPUS.img}`, text: name, rule: CORPUS.script, strength: 'stated' }],
        },
      ],
    }),
  ),
  change({
    id: 'amended"><b>',
    kind: 'amended',
    name: 'Field Co',
    sectors: sectors('oil'),
    fields: [
      {
        field: 'remarks<img src=x>',
        before: CORPUS.img,
        after: [CORPUS.crlf, CORPUS.script],
        material: true,
      },
    ],
    announcedIn: [
      {
        source: 'x',
        noticeId: 'n',
        title: CORPUS.script,
        link: 'javascript:alert(1)',
        published: '2024\r\nX: y',
      },
    ],
  }),
];

const batch: BatchInfo = {
  id: `us-ofac-sdn:${'a'.repeat(64)}.1`,
  source: 'us-ofac-sdn',
  key: `${'a'.repeat(64)}.1`,
  sourceKind: 'list',
  url: 'javascript:alert(2)',
  detectedAt: '2024-05-03T10:15:00.000Z',
  status: 'emitted',
  publication: { published: CORPUS.crlf, records: 12000, sha256: 'a'.repeat(64) },
  summary: { added: changes.length - 1, removed: 0, amended: 1 },
  materialChanges: changes.length,
};
const feed: BatchInfo = {
  ...batch,
  id: 'us-ofac-recent-actions:c',
  source: 'us-ofac-recent-actions',
  key: 'c',
  sourceKind: 'feed',
  notices: [
    notice({ id: 'n1', title: CORPUS.script, link: 'javascript:alert(3)', names: EVIL, regimes: EVIL }),
  ],
};

const entry: Designation = {
  source: 'us-ofac-sdn',
  id: '0<i>',
  entityType: 'vessel',
  name: CORPUS.script,
  aliases: EVIL.map((name) => ({ name, type: 'aka' as const })),
  nonLatinNames: [{ name: CORPUS.img }],
  regimes: EVIL,
  birthDates: [CORPUS.crlf],
  birthPlaces: EVIL,
  nationalities: EVIL,
  countries: EVIL,
  addresses: [{ lines: EVIL, country: CORPUS.img }],
  identifiers: [
    { type: 'imo', value: CORPUS.img, label: CORPUS.script, country: CORPUS.amp, note: CORPUS.link },
  ],
  positions: EVIL,
  titles: [],
  measures: EVIL,
  remarks: CORPUS.crlf,
  reasons: CORPUS.script,
  links: [{ id: CORPUS.img, name: CORPUS.script, relation: CORPUS.amp }],
  attributes: { [`vesselFlag${CORPUS.img}`]: EVIL },
} as Designation;

const PAGES: Record<string, string> = {
  home: renderHome({
    sources: SOURCES.map((s) => ({
      ...s,
      health: 'failing' as const,
      status: { source: s.id, lastCheckAt: CORPUS.crlf, lastError: CORPUS.script, consecutiveFailures: 1 },
    })),
    latest: [{ batch, changes }],
    weeks: ['2024-04-29'],
    perList: [{ label: CORPUS.script, counts: [3] }],
    perSector: [{ label: CORPUS.img, counts: [2] }],
  }),
  changes: renderChanges(
    {
      filter: { regime: CORPUS.img, from: '2024-01-01', page: 2 },
      rows: [
        { batch, changes, notices: [] },
        { batch: feed, changes: [], notices: feed.notices! },
      ],
      page: 2,
      hasMore: true,
    },
    SOURCES,
  ),
  batch: renderBatch({ batch, changes, total: changes.length, notices: [] }, CORPUS.script),
  batchEntry: renderBatch(
    { batch, changes: changes.slice(0, 1), total: changes.length, notices: [] },
    'OFAC',
    CORPUS.img,
  ),
  entity: renderEntity(
    { source: 'us-ofac-sdn', id: CORPUS.img, entry, history: changes.map((c) => ({ batch, change: c })) },
    {
      sourceTitle: CORPUS.script,
      sourceUrl: 'javascript:alert(1)',
      crossList: CROSS,
      titleOf: (id) => `${id} ${CORPUS.script}`,
    },
  ),
  entityGone: renderEntity(
    { source: 'us-ofac-sdn', id: 'x', history: [] },
    { sourceTitle: 'OFAC', sourceUrl: 'https://x.example' },
  ),
  subscribe: renderSubscriptionForm({
    kind: 'subscribe',
    action: '/subscribe',
    values: {
      ...EMPTY_FORM,
      email: CORPUS.img,
      regimes: CORPUS.script,
      watch: CORPUS.crlf,
      sources: [CORPUS.img],
      minStrength: CORPUS.img,
      related: true,
      hops: CORPUS.script,
    },
    errors: {
      email: [CORPUS.script],
      regimes: [CORPUS.img],
      form: [CORPUS.amp],
      minStrength: [CORPUS.script],
      hops: [CORPUS.img],
      related: [CORPUS.amp],
    },
    csrf: '"><script>',
    sources: SOURCES,
  }),
  manage: renderSubscriptionForm({
    kind: 'manage',
    action: '/manage?token="><script>',
    values: { ...EMPTY_FORM, countries: CORPUS.img },
    errors: {},
    csrf: 't',
    sources: SOURCES,
    address: CORPUS.img,
    status: CORPUS.script,
    current: [CORPUS.script, `Watched names and identifiers: ${CORPUS.img}`],
  }),
  message: renderMessage(CORPUS.script, '<p>ok</p>'),
};

const OWN_TAGS = new Set(
  '!doctype a article body br caption code details div fieldset figcaption figure footer form h1 h2 h3 head header html input label legend li line link main meta nav option p rect section select span strong style summary svg table tbody td text th thead title tr ul button'.split(
    ' ',
  ),
);

describe.each(Object.entries(PAGES))('page %s with hostile list data', (_name, html) => {
  it('keeps every value as text: no foreign tag, handler, script or javascript: link', () => {
    expect(html).not.toMatch(/<script|<img|<b>|<i>|onerror=alert\(1\)>|javascript:/i);
    const tags = new Set([...html.matchAll(/<\/?([a-zA-Z0-9!]+)/g)].map((m) => m[1]!.toLowerCase()));
    expect([...tags].filter((t) => !OWN_TAGS.has(t))).toEqual([]);
    // No style attribute (the CSP allows only the hashed stylesheet) and no line break from the data in a tag.
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/<[^>]*[\r\u202e][^>]*>/);
  });

  it('has exactly one stylesheet, the one the Content-Security-Policy allows by hash', () => {
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(styles).toHaveLength(1);
    const hash = createHash('sha256').update(styles[0]!).digest('base64');
    expect(CONTENT_SECURITY_POLICY).toContain(`style-src 'sha256-${hash}'`);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|script-src/);
    expect(html).toContain('href="/feeds/all.xml"');
  });
});

describe('escaped text is still readable', () => {
  it('shows hostile names as text', () => {
    expect(PAGES.batch).toContain('&#60;script&#62;alert(1)&#60;/script&#62; Trading');
    expect(PAGES.entity).toContain('Smith &#38; Sons &#60;Ltd&#62;');
    expect(PAGES.subscribe).toContain('value="&#34;&#62;&#60;img src=x onerror=alert(1)&#62; Holdings"');
  });

  it('puts each form error next to its field and in the summary', () => {
    expect(PAGES.subscribe).toMatch(/id="email-error"><p class="error">Error: &#60;script&#62;/);
    expect(PAGES.subscribe).toMatch(
      /<input type="email" id="email"[^>]*aria-describedby="email-hint email-error"[^>]*aria-invalid="true"/,
    );
    expect(PAGES.subscribe).toContain('<a href="#regimes">Regimes: ');
    expect(PAGES.subscribe).toMatch(/id="minStrength-error"><p class="error">Error: &#60;script&#62;/);
    expect(PAGES.subscribe).toContain('<a href="#minStrength-0">Minimum evidence for a sector: ');
    expect(PAGES.subscribe).toContain('<a href="#hops">How many hops: ');
    expect(PAGES.subscribe).toMatch(/id="related-error"><p class="error">Error: Smith &#38; Sons/);
    expect(PAGES.subscribe).toMatch(/name="related" id="related-0" value="yes" checked/);
    expect(PAGES.manage).toContain('<h2>Your current filters</h2>');
  });

  it('fills the cross-list slot: listings with how each was matched, lists without it, related entries', () => {
    const slot =
      /<section class="slot" id="cross-list"[\s\S]*?<\/section>/.exec(PAGES.entity ?? '')?.[0] ?? '';
    expect(slot).toContain('matched on identifier: Smith &#38; Sons &#60;Ltd&#62; <code>&#34;&#62;&#60;img');
    // A name-only or corroborated name match is never presented as certain.
    expect(slot.match(/not certain/g)).toHaveLength(2);
    expect(slot).toContain('name match only');
    expect(slot).toContain('name match corroborated by country');
    expect(slot).toContain('24 Feb 2022');
    expect(slot).toContain('Not listed by: &#60;script&#62;');
    // Related entries link to their own pages, the id encoded in the path.
    expect(slot).toContain(`href="/entity/eu-fsf:0%22%3E%3Cimg%20src%3Dx%3E"`);
    expect(slot).toContain('&#60;script&#62;alert(1)&#60;/script&#62; Trading → linked to');
    expect(PAGES.entityGone).toContain('not in the entity index yet');
  });

  it('shows each change’s cross-list lines, relationships and sector strengths on the batch page', () => {
    expect(PAGES.batch).toContain('Also listed by');
    expect(PAGES.batch).toContain('Not listed by');
    expect(PAGES.batch).toMatch(/<summary>Relationships \(\d+\)<\/summary>/);
    expect(PAGES.batch).toContain('<span class="chip">Shipping (stated)</span>');
  });
});

describe('the "why these sectors" list of a page', () => {
  it('given cross-list evidence with hostile text, when listed, then it names the other list’s entry and how it matched, escaped', () => {
    // given
    const html = evidenceList([
      {
        sector: 'defence',
        strength: 'cross-list',
        evidence: [
          {
            field: 'names',
            text: 'gb-ofsi-conlist 16047 JSC <b>PELENG</b>',
            matched: 'name JSC PELENG, country belarus',
            rule: 'cross-list:name',
            strength: 'cross-list',
            inheritedFrom: '16047',
          },
        ],
      },
    ]);
    // then
    expect(html).toContain(
      'Defence</strong>: the same entity on another list “gb-ofsi-conlist 16047 JSC &#60;b&#62;PELENG&#60;/b&#62;”, matched on name JSC PELENG, country belarus (cross-list) <span',
    );
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('inherited from');
  });
});
