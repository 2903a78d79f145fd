/**
 * What the entity graph adds to delivery: relationship watches (filters validated once for CLI and
 * API; matched from a change's `related` within the subscription's hops; the alert carries the
 * path) and the one rendered line (identifier vs name matches, not listed by, escaped in HTML/Slack).
 */
import { describe, expect, it } from 'vitest';
import type { Related } from '../../functions/core/entities/index';
import { matchBatch } from '../../functions/dispatch/match';
import { entityLines } from '../../functions/render/common';
import { renderEmail } from '../../functions/render/email';
import { renderSlack } from '../../functions/render/slack';
import { filterVocabulary } from '../../functions/subscriptions/filter-vocabulary';
import { filtersKey, validateNewSubscription } from '../../functions/subscriptions/subscription';
import { change, listBatch, subscription } from './builders';

const validate = (filters: unknown) =>
  validateNewSubscription(
    { channel: 'email', target: 'a@example.com', filters },
    { allowPrivateTargets: false, vocabulary: filterVocabulary() },
  );

const rel = (hops: number, name: string, path: string): Related => ({
  kind: 'linked-to',
  direction: 'up',
  hops,
  other: { source: 'us-ofac-sdn', id: String(hops), name },
  path,
  text: 'Linked To',
  source: 'us-ofac-sdn',
});

const PLANT = change({
  id: '35862',
  name: 'JSC ULAN-UDE AVIATION PLANT',
  related: [
    rel(1, 'VERTOLETY ROSSII AO', 'JSC ULAN-UDE AVIATION PLANT → linked to VERTOLETY ROSSII AO'),
    rel(
      2,
      'STATE CORPORATION ROSTEC',
      'JSC ULAN-UDE AVIATION PLANT → linked to VERTOLETY ROSSII AO → linked to STATE CORPORATION ROSTEC',
    ),
  ],
});
const OTHER = change({ id: '1', name: 'UNRELATED LLC' });

describe('relationship watch filters', () => {
  it('accepts related with watch terms and 1 to 3 hops; refuses the rest with the reason', () => {
    expect(validate({ watch: ['ROSTEC'], related: true, hops: 2 }).ok).toBe(true);
    const issues = (f: unknown) => {
      const r = validate(f);
      return r.ok ? [] : r.issues;
    };
    expect(issues({ watch: ['ROSTEC'], related: true, hops: 4 }).join()).toMatch(/hops: must be 1 to 3/);
    expect(issues({ watch: ['ROSTEC'], related: true, hops: 1.5 }).join()).toMatch(/hops/);
    expect(issues({ related: true }).join()).toMatch(/related: a relationship watch needs watch terms/);
    expect(issues({ watch: ['ROSTEC'], hops: 2 }).join()).toMatch(/hops: only with related/);
  });

  it('tells a relationship watch from a plain one with the same terms', () => {
    expect(filtersKey({ watch: ['ROSTEC'] })).not.toBe(filtersKey({ watch: ['ROSTEC'], related: true }));
    expect(filtersKey({ watch: ['ROSTEC'], related: true })).toBe(
      filtersKey({ watch: ['rostec'], related: true, hops: 1 }),
    );
  });
});

describe('relationship watch matching', () => {
  const batch = listBatch([PLANT, OTHER]);
  const got = (filters: object) => matchBatch([subscription('s', filters)], batch)[0]?.changes ?? [];

  it('matches within the hops asked for, and the alert carries the path', () => {
    const [c] = got({ watch: ['ROSTEC'], related: true, hops: 2 });
    expect(c?.id).toBe('35862');
    expect(c?.watchPath).toBe(PLANT.related![1]!.path);
    expect(got({ watch: ['Vertolety Rossii'], related: true }).map((x) => x.watchPath)).toEqual([
      PLANT.related![0]!.path,
    ]);
  });

  it('does not match beyond the hops, nor without related', () => {
    expect(got({ watch: ['ROSTEC'], related: true })).toEqual([]);
    expect(got({ watch: ['ROSTEC'] })).toEqual([]);
  });
});

describe('the entity line', () => {
  const also = (match: object) => ({
    source: 'us-ofac-sdn',
    id: '18820',
    name: 'X',
    listedOn: '2022-02-24',
    match,
  });

  it('says where else it is listed, how, and where not', () => {
    const c = change({
      id: '1',
      alsoListed: [also({ by: 'identifier', field: 'registration number', value: '1077746003334' })] as never,
      notListedBy: ['eu-fsf', 'un-sc-consolidated'],
    });
    expect(entityLines(c)).toEqual([
      'Also listed by OFAC SDN since 2022-02-24 (id 18820, matched on registration number 1077746003334). Not listed by EU FSF, UN SC.',
    ]);
  });

  it('never presents a name match as certain', () => {
    const c = change({
      id: '1',
      alsoListed: [also({ by: 'name', score: 1, corroboration: [], label: 'name-only' })] as never,
      notListedBy: [],
    });
    expect(entityLines(c)).toEqual([
      'Possibly also listed by OFAC SDN since 2022-02-24 (id 18820, name match only; not certain).',
    ]);
  });

  it('escapes list data in HTML and Slack', () => {
    const c = change({
      id: '1',
      watchPath: 'A <b>&</b> → linked to <!channel>',
      notListedBy: ['eu-fsf'],
    });
    const batch = listBatch([c]);
    const [alert] = matchBatch([subscription('s', {})], batch);
    const email = renderEmail({
      alert: alert!,
      batch,
      sourceTitle: 'OFAC SDN',
      links: {
        publicationUrl: 'https://x.example/list',
        unsubscribeUrl: 'https://x.example/u',
        oneClickUnsubscribeUrl: 'https://x.example/1',
        manageUrl: 'https://x.example/m',
      },
    });
    expect(email.html).toContain(
      'Related to your watch: A &#60;b&#62;&#38;&#60;/b&#62; → linked to &#60;!channel&#62;',
    );
    expect(email.html).not.toContain('<!channel>');
    expect(email.text).toContain('Not listed by EU FSF.');
    const slack = JSON.stringify(
      renderSlack(alert!, batch, { publicationUrl: 'https://x.example/list', sourceTitle: 'OFAC SDN' }),
    );
    expect(slack).not.toContain('<!channel>');
    expect(slack).toContain('&lt;!channel&gt;');
  });
});
