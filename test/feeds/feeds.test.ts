import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../functions/core/errors';
import { FEED_SOURCES, feedDefinitions, feedSource } from '../../functions/feeds/index';
import { tagText } from '../../functions/feeds/notices';
import { ofacLineName } from '../../functions/feeds/us-ofac-recent-actions';

const FIXTURES = join(import.meta.dirname, '../fixtures/feeds');
const bytes = (path: string) => new Uint8Array(readFileSync(join(FIXTURES, path)));
const NOW = new Date('2024-07-01T00:00:00Z');
const parse = (id: string, path: string, now: Date | undefined = NOW) =>
  feedSource(id).parse(bytes(path), now);

async function refusal(id: string, path: string, now?: Date): Promise<SourceError> {
  try {
    await parse(id, path, now);
  } catch (error) {
    expect(error).toBeInstanceOf(SourceError);
    return error as SourceError;
  }
  throw new Error('expected a SourceError, nothing was thrown');
}

describe('feed registry', () => {
  it('registers the four feeds as kind feed with rss/atom formats and schedules', () => {
    expect(Object.keys(FEED_SOURCES).sort()).toEqual([
      'eu-council-sanctions',
      'gb-ofsi-notices',
      'un-sc-press',
      'us-ofac-recent-actions',
    ]);
    for (const def of feedDefinitions()) {
      expect(def.kind).toBe('feed');
      expect(['rss', 'atom']).toContain(def.format);
      expect(def.schedule).toMatch(/^rate\(\d+ minutes\)$/);
      expect(new URL(def.url).protocol).toBe('https:');
    }
    expect(feedSource('gb-ofsi-notices').definition.format).toBe('atom');
  });

  it('names the known feeds when asked for an unknown one', () => {
    expect(() => feedSource('nope')).toThrow(/known feeds: .*us-ofac-recent-actions/);
  });
});

describe('gb-ofsi-notices (GOV.UK Atom)', () => {
  it('reads entries with id, updated, link, title and summary; regimes as OFSI names them; names listed', async () => {
    const pub = await parse('gb-ofsi-notices', 'gb-ofsi-notices/feed-1.atom');
    expect(pub.source).toBe('gb-ofsi-notices');
    expect(pub.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(pub.notices.map((n) => n.notice.regimes)).toEqual([['Russia'], ['Global Human Rights']]);
    const [russia] = pub.notices;
    expect(russia!.notice).toMatchObject({
      id: 'tag:www.gov.uk,2005:/government/publications/financial-sanctions-notice-russia-09-05-2024',
      title: 'Financial sanctions notice: Russia (09/05/2024)',
      link: 'https://www.gov.uk/government/publications/financial-sanctions-notice-russia-09-05-2024',
      published: '2024-05-09T10:02:14.000Z',
      names: ['Ivan Sergeyevich EXAMPLOV', 'NORTHERN SHIPPING MANAGEMENT LLC'],
    });
    expect(russia!.updated).toBe('2024-05-09T10:02:14.000Z');
    expect(russia!.notice.summary).not.toMatch(/<p>|&lt;/);
    expect(russia!.notice.sectors.map((s) => s.sector)).toEqual(['shipping']);
    expect(russia!.notice.sectors[0]!.evidence[0]).toMatchObject({
      field: 'names',
      text: 'NORTHERN SHIPPING MANAGEMENT LLC',
    });
  });

  it('ignores entries that are not sanctions notices, saying why', async () => {
    const pub = await parse('gb-ofsi-notices', 'gb-ofsi-notices/feed-1.atom');
    expect(pub.ignored).toEqual([
      expect.objectContaining({
        title: 'OFSI annual review 2023 to 2024',
        reason: expect.stringMatching(/not a financial sanctions notice/),
      }),
    ]);
  });

  it('keeps "Iran (Nuclear)" as one regime, not also "Iran"', async () => {
    const pub = await parse('gb-ofsi-notices', 'gb-ofsi-notices/feed-2.atom');
    expect(pub.notices[0]!.notice.regimes).toEqual(['Iran (Nuclear)']);
    expect(pub.notices[0]!.notice.names).toEqual(['PERSIAN GULF OIL & GAS EXPLORATION COMPANY']);
  });

  it('gives an updated entry the same id and another content hash', async () => {
    const one = await parse('gb-ofsi-notices', 'gb-ofsi-notices/feed-1.atom');
    const two = await parse('gb-ofsi-notices', 'gb-ofsi-notices/feed-2.atom');
    const id = one.notices[0]!.notice.id;
    const later = two.notices.find((n) => n.notice.id === id)!;
    expect(later.hash).not.toBe(one.notices[0]!.hash);
    expect(later.updated).toBe('2024-05-10T07:15:00.000Z');
    const same = one.notices[1]!;
    expect(two.notices.find((n) => n.notice.id === same.notice.id)!.hash).toBe(same.hash);
  });
});

describe('us-ofac-recent-actions (RSS)', () => {
  it('reads guid, pubDate, link, title, description; programs from the SDN tags; names by section', async () => {
    const pub = await parse('us-ofac-recent-actions', 'us-ofac-recent-actions/feed-1.xml');
    expect(pub.notices).toHaveLength(3);
    const [designations, removals, faq] = pub.notices;
    expect(designations!.notice).toMatchObject({
      id: 'https://ofac.treasury.gov/recent-actions/20240612',
      published: '2024-06-12T18:05:00.000Z',
      regimes: ['RUSSIA-EO14024'],
      names: ['PETROV, Ivan', 'NEW OIL EXTRACTION LLC', 'ARCTIC SEA TANKERS LLC'],
    });
    expect(designations!.listed.every((l) => l.action === 'added')).toBe(true);
    expect(removals!.listed).toEqual([{ name: 'OLD TRADING LLC', action: 'removed' }]);
    expect(removals!.notice.regimes).toEqual(['SDGT']);
    expect(faq!.notice).toMatchObject({ regimes: [], names: [] });
  });

  it('tags sectors with the list rules and evidence quoted from the notice', async () => {
    const pub = await parse('us-ofac-recent-actions', 'us-ofac-recent-actions/feed-1.xml');
    const tags = pub.notices[0]!.notice.sectors;
    expect(tags.map((t) => t.sector)).toEqual(['oil', 'gas', 'shipping']);
    const oil = tags.find((t) => t.sector === 'oil')!;
    expect(oil.evidence).toContainEqual(
      expect.objectContaining({
        field: 'summary',
        rule: 'ofac-org-type:B06',
        text: expect.stringContaining('Extraction of crude petroleum'),
      }),
    );
  });

  it('cuts the listed name at the details', () => {
    expect(ofacLineName('PETROV, Ivan (Cyrillic: ПЕТРОВ); DOB 1971 (individual) [RUSSIA-EO14024].')).toBe(
      'PETROV, Ivan',
    );
    expect(ofacLineName('OLD TRADING LLC, Dubai, United Arab Emirates [SDGT].')).toBe('OLD TRADING LLC');
    expect(ofacLineName('SEA FALCON (UBCD2) Crude Oil Tanker (vessel) [IRAN].')).toBe('SEA FALCON');
  });
});

describe('eu-council-sanctions and un-sc-press (RSS)', () => {
  it('EU: programme codes from the Council phrases, names listed, other press releases ignored', async () => {
    const pub = await parse('eu-council-sanctions', 'eu-council-sanctions/feed-1.xml');
    expect(pub.notices.map((n) => n.notice.regimes)).toEqual([['UKR'], ['IRN']]);
    expect(pub.notices[0]!.notice.names).toEqual(['Sergei EXAMPLEVICH', 'VOLGA DEFENCE SYSTEMS JSC']);
    expect(pub.ignored.map((i) => i.title)).toEqual(['Agriculture and Fisheries Council, 24 June 2024']);
  });

  it('UN: UN_LIST_TYPE regimes, numbered name parts joined, removals as removals', async () => {
    const pub = await parse('un-sc-press', 'un-sc-press/feed-1.xml');
    expect(pub.notices.map((n) => [n.notice.id, n.notice.regimes, n.listed])).toEqual([
      ['SC/15700', ['Al-Qaida'], [{ name: 'ABU EXAMPLE AL-HYPOTHETI', action: 'added' }]],
      ['SC/15650', ['DPRK'], [{ name: 'EXAMPLE OCEAN MARITIME COMPANY', action: 'removed' }]],
    ]);
    expect(pub.ignored.map((i) => i.id)).toEqual(['SG/SM/22200']);
  });
});

describe('bad feeds', () => {
  it.each([
    ['bad/empty.xml', /empty \(0 bytes\)/],
    ['bad/html.xml', /HTML page/],
    ['bad/no-items.xml', /no items/],
    ['bad/malformed.xml', /not well-formed/],
  ])('%s is refused with a clear reason', async (path, reason) => {
    const error = await refusal('us-ofac-recent-actions', path);
    expect(error.source).toBe('us-ofac-recent-actions');
    expect(error.reason).toMatch(reason);
  });

  it('refuses an RSS feed where Atom is expected, and an Atom feed where RSS is', async () => {
    expect((await refusal('gb-ofsi-notices', 'us-ofac-recent-actions/feed-1.xml')).reason).toMatch(
      /expected an Atom feed.*found <rss>/,
    );
    expect((await refusal('us-ofac-recent-actions', 'gb-ofsi-notices/feed-1.atom')).reason).toMatch(
      /expected an RSS 2.0 feed.*found <feed>/,
    );
  });

  it('names the item at fault: bad date, relative link, Atom entry without updated', async () => {
    const date = await refusal('us-ofac-recent-actions', 'bad/bad-date.xml');
    expect(date.record).toBe('item https://ofac.treasury.gov/recent-actions/20240612');
    expect(date.reason).toMatch(/<pubDate> '12\/06\/2024 soon' is not a valid date/);
    const link = await refusal('us-ofac-recent-actions', 'bad/relative-link.xml');
    expect([link.record, link.reason]).toEqual([
      'item 20240612',
      "the link '/recent-actions/20240612' is not an absolute URL",
    ]);
    const atom = await refusal('gb-ofsi-notices', 'bad/atom-entry-without-updated.atom');
    expect(atom.reason).toMatch(/no <updated>/);
  });

  it('refuses items dated in the future when the clock is given', async () => {
    const error = await refusal(
      'us-ofac-recent-actions',
      'us-ofac-recent-actions/feed-1.xml',
      new Date('2024-06-01T00:00:00Z'),
    );
    expect(error.reason).toMatch(/in the future/);
  });

  it('collapses identical duplicates, refuses conflicting ones', async () => {
    const pub = await parse('us-ofac-recent-actions', 'bad/identical-duplicate.xml');
    expect([pub.notices.length, pub.duplicates]).toEqual([1, 1]);
    const error = await refusal('us-ofac-recent-actions', 'bad/conflicting-duplicate.xml');
    expect(error.reason).toMatch(/appears twice .* different content/);
  });
});

describe('tagText', () => {
  it('uses the list rules on notice text and never reads a title as a company name', () => {
    expect(tagText({ title: 'Financial sanctions notice: Russia', text: '' })).toEqual([]);
    const tags = tagText({
      title: 'x',
      text: '',
      names: [{ name: 'SEA EXAMPLE', line: 'SEA EXAMPLE IMO 9123456 (vessel)', entityType: 'vessel' }],
    });
    expect(tags.map((t) => t.sector)).toContain('shipping');
    expect(tags.find((t) => t.sector === 'shipping')!.evidence).toContainEqual(
      expect.objectContaining({ field: 'entityType', rule: 'entity-type:vessel' }),
    );
  });
});
