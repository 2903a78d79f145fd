import { describe, expect, it } from 'vitest';
import { changeSubject } from '../../functions/core/changes';
import { emptyDesignation } from '../../functions/core/model';
import { digest, matchBatch } from '../../functions/dispatch/match';
import { containsWords, fold } from '../../functions/dispatch/normalize';
import type { SubscriptionFilters } from '../../functions/subscriptions/subscription';
import { change, feedBatch, listBatch, notice, sectors, subscription } from './builders';

/** Ids of the changes each matching subscription receives. */
function received(filters: SubscriptionFilters, batch = defaultBatch()): string[] | undefined {
  const [alert] = matchBatch([subscription('s1', filters)], batch);
  return alert?.changes.map((c) => c.id);
}

function defaultBatch() {
  return listBatch([
    change({
      id: '1',
      kind: 'added',
      name: 'Sovcomflot PJSC',
      regimes: ['RUSSIA-EO14024'],
      sectors: sectors('shipping', 'oil'),
      subject: {
        aliases: ['SCF Group'],
        nonLatinNames: ['Совкомфлот'],
        countries: ['Russia'],
        identifiers: ['IMO 9123456'],
      },
    }),
    change({
      id: '2',
      kind: 'removed',
      name: 'Müller Trading GmbH',
      regimes: ['IRAN'],
      sectors: sectors('financial-services'),
      subject: { aliases: [], nonLatinNames: [], countries: ['Germany'], identifiers: ['HRB 12345'] },
    }),
    change({
      id: '3',
      kind: 'amended',
      name: 'Ivan IVANOV',
      entityType: 'individual',
      regimes: ['RUSSIA-EO14024', 'UKRAINE-EO13660'],
      fields: [{ field: 'birthDates', before: '1970', after: '1970-08-12', material: true }],
    }),
    change({
      id: '4',
      kind: 'amended',
      name: 'Cosmetic Ltd',
      regimes: ['IRAN'],
      sectors: sectors('shipping'),
      fields: [{ field: 'remarks', before: 'a  b', after: 'a b', material: false }],
      material: false,
    }),
    change({
      id: '5',
      kind: 'amended',
      name: 'Vessel ZETA',
      entityType: 'vessel',
      fields: [
        {
          field: 'addresses',
          before: null,
          after: { lines: ['Port'], country: 'Côte d’Ivoire' },
          material: true,
        },
        { field: 'aliases', before: { name: 'OLD ÖMER', type: 'fka' }, after: null, material: true },
      ],
    }),
  ]);
}

describe('matchBatch', () => {
  it('given an empty filter, when matching, then every material change is delivered', () => {
    expect(received({})).toEqual(['1', '2', '3', '5']);
  });

  it('given cosmetic-only amendments, when includeCosmetic is set, then they are delivered too', () => {
    expect(received({ includeCosmetic: true })).toEqual(['1', '2', '3', '4', '5']);
  });

  it('given a sources filter, when the batch comes from another source, then nothing is delivered', () => {
    expect(received({ sources: ['gb-ofsi-conlist'] })).toBeUndefined();
    expect(received({ sources: ['gb-ofsi-conlist', 'us-ofac-sdn'] })).toEqual(['1', '2', '3', '5']);
  });

  it('given a regimes filter, when matching, then regimes compare case-insensitively', () => {
    expect(received({ regimes: ['russia-eo14024'] })).toEqual(['1', '3']);
    expect(received({ regimes: ['IRAN', 'UKRAINE-EO13660'] })).toEqual(['2', '3']);
  });

  it('given a minimum strength, when a change has the sector only by weaker evidence, then it does not match', () => {
    // given: oil stated by the publisher, shipping only by name
    const tag = (sector: 'oil' | 'shipping', strength: 'stated' | 'name') => ({
      sector,
      strength,
      evidence: [{ field: 'reasons', text: sector, rule: `test:${sector}`, strength }],
    });
    const batch = listBatch([
      change({ id: '1', kind: 'added', sectors: [tag('oil', 'stated'), tag('shipping', 'name')] }),
    ]);
    // when / then
    expect(received({ sectors: ['oil'], minStrength: 'stated' }, batch)).toEqual(['1']);
    expect(received({ sectors: ['oil'], minStrength: 'name' }, batch)).toEqual(['1']);
    expect(received({ sectors: ['shipping'], minStrength: 'record' }, batch)).toBeUndefined();
    expect(received({ sectors: ['shipping'], minStrength: 'name' }, batch)).toEqual(['1']);
    expect(received({ sectors: ['shipping'] }, batch)).toEqual(['1']);
  });

  it('given a sectors filter, when a change has the sector among several, then it matches', () => {
    expect(received({ sectors: ['oil'] })).toEqual(['1']);
    expect(received({ sectors: ['shipping', 'financial-services'] })).toEqual(['1', '2']);
  });

  it('given a kinds filter, when matching, then only those kinds are delivered', () => {
    expect(received({ kinds: ['removed'] })).toEqual(['2']);
    expect(received({ kinds: ['added', 'amended'] })).toEqual(['1', '3', '5']);
  });

  it('given an entity-type filter, when matching, then only those types are delivered', () => {
    expect(received({ entityTypes: ['individual', 'vessel'] })).toEqual(['3', '5']);
  });

  it('given a countries filter, when matching, then nationalities/countries and amended address countries match ignoring case and diacritics', () => {
    expect(received({ countries: ['RUSSIA'] })).toEqual(['1']);
    expect(received({ countries: ['cote d’ivoire'] })).toEqual(['5']);
    expect(received({ countries: ['Côte d’Ivoire', 'germany'] })).toEqual(['2', '5']);
    expect(received({ countries: ['France'] })).toBeUndefined();
  });

  it('given watch terms, when matching, then names, aliases, non-Latin names and identifiers match ignoring case and diacritics', () => {
    expect(received({ watch: ['sovcomflot'] })).toEqual(['1']);
    expect(received({ watch: ['scf group'] })).toEqual(['1']);
    expect(received({ watch: ['СОВКОМФЛОТ'] })).toEqual(['1']);
    expect(received({ watch: ['9123456'] })).toEqual(['1']);
    expect(received({ watch: ['imo9123456'] })).toEqual(['1']);
    expect(received({ watch: ['MULLER'] })).toEqual(['2']);
    expect(received({ watch: ['müller trading'] })).toEqual(['2']);
    expect(received({ watch: ['ivanov'] })).toEqual(['3']);
    expect(received({ watch: ['omer'] })).toEqual(['5']);
  });

  it('given a watch term that is only part of a word, when matching, then it does not match', () => {
    expect(received({ watch: ['ivano'] })).toBeUndefined();
    expect(received({ watch: ['trading gmbh ltd'] })).toBeUndefined();
  });

  it('given several filters, when matching, then they combine with AND', () => {
    expect(received({ regimes: ['RUSSIA-EO14024'], entityTypes: ['individual'] })).toEqual(['3']);
    expect(received({ regimes: ['IRAN'], sectors: ['shipping'] })).toBeUndefined();
    expect(received({ regimes: ['IRAN'], sectors: ['shipping'], includeCosmetic: true })).toEqual(['4']);
  });

  it('given subscriptions that are not active, when matching, then they receive nothing', () => {
    const subs = (['pending', 'suppressed', 'unsubscribed', 'active'] as const).map((status) =>
      subscription(status, {}, { status }),
    );
    expect(matchBatch(subs, defaultBatch()).map((a) => a.subscriptionId)).toEqual(['active']);
  });

  it('given many subscriptions with the same filter, when matching, then each gets its own alert in input order', () => {
    const subs = ['a', 'b', 'c'].map((id) => subscription(id, { kinds: ['removed'] }));
    const alerts = matchBatch(subs, defaultBatch());
    expect(alerts.map((a) => [a.subscriptionId, a.batchId, a.source, a.changes.length])).toEqual([
      ['a', defaultBatch().id, 'us-ofac-sdn', 1],
      ['b', defaultBatch().id, 'us-ofac-sdn', 1],
      ['c', defaultBatch().id, 'us-ofac-sdn', 1],
    ]);
  });

  it('given a change with neither subject nor country fields, when filtering by country, then it does not match', () => {
    expect(
      received({ countries: ['russia'] }, listBatch([change({ id: '9', subject: undefined })])),
    ).toBeUndefined();
  });

  it('given a designation, when its subject is taken, then address countries join nationalities and countries', () => {
    const d = emptyDesignation('us-ofac-sdn', '7', 'individual', 'A');
    d.nationalities = ['Iran'];
    d.countries = ['Syria'];
    d.addresses = [{ lines: [], country: 'Lebanon' }];
    d.aliases = [{ name: 'B', type: 'aka' }];
    d.identifiers = [{ type: 'passport', value: 'P123' }];
    expect(changeSubject(d)).toEqual({
      aliases: ['B'],
      nonLatinNames: [],
      countries: ['Iran', 'Syria', 'Lebanon'],
      identifiers: ['P123'],
      typedIdentifiers: [{ type: 'passport', value: 'P123' }],
      birthDates: [],
      nationalities: ['Iran'],
    });
  });
});

describe('matchBatch with notices', () => {
  const feed = feedBatch([
    notice({
      id: 'n1',
      title: 'Russia-related Designations',
      regimes: ['RUSSIA-EO14024'],
      names: ['Sovcomflot'],
      sectors: sectors('shipping'),
    }),
    notice({
      id: 'n2',
      title: 'Iran-related Designations; Counter Terrorism Designations',
      regimes: ['IRAN', 'SDGT'],
    }),
  ]);
  const ids = (filters: SubscriptionFilters) =>
    matchBatch([subscription('s', filters)], feed)[0]?.notices.map((n) => n.id);

  it('given kinds without notice, when a feed batch arrives, then nothing is delivered', () => {
    expect(ids({ kinds: ['added'] })).toBeUndefined();
    expect(ids({ kinds: ['added', 'removed', 'amended'] })).toBeUndefined();
  });

  it('given a subscription stored without kinds (or with none), when a feed batch arrives, then the default kinds include notices', () => {
    expect(ids({})).toEqual(['n1', 'n2']);
    expect(ids({ kinds: [] })).toEqual(['n1', 'n2']);
    expect(ids({ regimes: ['sdgt'] })).toEqual(['n2']);
  });

  it('given kind notice, when a feed batch arrives, then notices matching regimes, sectors, countries and watch terms are delivered', () => {
    expect(ids({ kinds: ['notice'] })).toEqual(['n1', 'n2']);
    expect(ids({ kinds: ['notice'], regimes: ['sdgt'] })).toEqual(['n2']);
    expect(ids({ kinds: ['notice'], sectors: ['shipping'] })).toEqual(['n1']);
    expect(ids({ kinds: ['notice'], countries: ['IRAN'] })).toEqual(['n2']);
    expect(ids({ kinds: ['notice'], watch: ['SOVCOMFLOT'] })).toEqual(['n1']);
    expect(ids({ kinds: ['notice'], watch: ['nobody'] })).toBeUndefined();
  });

  it('given a feed alert, when matched, then it holds no list changes', () => {
    const [alert] = matchBatch([subscription('s', { kinds: ['notice'] })], feed);
    expect(alert?.changes).toEqual([]);
    expect(alert?.batchId).toBe(feed.id);
  });
});

describe('digest', () => {
  it('given alerts of one subscription from two batches, when merged, then changes keep order and the id is stable', () => {
    const b1 = defaultBatch();
    const b2 = listBatch([change({ id: '8' })], { id: 'gb-ofsi-conlist:x', source: 'gb-ofsi-conlist' });
    const a1 = matchBatch([subscription('s')], b1)[0]!;
    const a2 = matchBatch([subscription('s')], b2)[0]!;
    const d = digest([a1, a2, a1]);
    expect(d.changes.map((c) => c.id)).toEqual(['1', '2', '3', '5', '8']);
    expect(d.batchIds).toEqual([b1.id, b2.id]);
    expect(d.source).toBe('us-ofac-sdn,gb-ofsi-conlist');
    expect(d.batchId).toMatch(/^digest:[0-9a-f]{32}$/);
    expect(digest([a1, a2]).batchId).toBe(d.batchId);
    expect(digest([a2, a1]).batchId).not.toBe(d.batchId);
  });

  it('given alerts of different subscriptions or none, when merged, then it refuses', () => {
    const a = matchBatch([subscription('s'), subscription('t')], defaultBatch());
    expect(() => digest(a)).toThrow(/different subscriptions/);
    expect(() => digest([])).toThrow(/no alerts/);
  });
});

describe('normalize', () => {
  it('given names with diacritics, ligatures and punctuation, when folded, then they compare plainly', () => {
    expect(fold('  Ahmed   AL-ḤASAN ')).toBe('ahmed al hasan');
    expect(fold('Straße Øresund Łódź')).toBe('strasse oresund lodz');
    expect(fold('Ёлкин')).toBe('елкин');
  });

  it('given a Han-script watch term, when matched, then it matches inside a name without spaces', () => {
    expect(containsWords('中国远洋海运集团', '远洋海运')).toBe(true);
    expect(containsWords('Ivanova', 'ivanov')).toBe(false);
  });
});

describe('matchBatch against a plain reference implementation', () => {
  /** The rules of `matchBatch`, written as one predicate per change, without indexes. */
  function reference(filters: SubscriptionFilters, c: ReturnType<typeof change>): boolean {
    const kinds = filters.kinds?.length ? filters.kinds : ['added', 'removed', 'amended'];
    if (!kinds.includes(c.kind)) return false;
    if (!c.material && !filters.includeCosmetic) return false;
    if (
      filters.regimes?.length &&
      !filters.regimes.some((r) => c.regimes.some((x) => x.toLowerCase() === r.toLowerCase()))
    )
      return false;
    if (filters.sectors?.length && !filters.sectors.some((s) => c.sectors.some((t) => t.sector === s)))
      return false;
    if (filters.entityTypes?.length && !filters.entityTypes.includes(c.entityType)) return false;
    const countries = c.subject?.countries ?? [];
    if (
      filters.countries?.length &&
      !filters.countries.some((x) => countries.some((y) => fold(y) === fold(x)))
    )
      return false;
    if (filters.watch?.length) {
      const names = [c.name, ...(c.subject?.aliases ?? [])];
      if (!filters.watch.some((t) => names.some((n) => containsWords(n, t)))) return false;
    }
    return true;
  }

  it('given 300 generated changes and 400 generated filters, when matched, then each alert equals the reference', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
    const regimes = ['IRAN', 'SDGT', 'RUSSIA-EO14024', 'Russia'];
    const countries = ['Russia', 'Iran', 'Türkiye', 'Côte d’Ivoire'];
    const words = ['Neft', 'Bank', 'Müller', 'Ivanov', 'Sea', 'Star'];
    const kinds = ['added', 'removed', 'amended'] as const;
    const changes = Array.from({ length: 300 }, (_, i) => {
      const kind = pick(kinds);
      return change({
        id: String(i),
        kind,
        name: `${pick(words)} ${pick(words)}`,
        entityType: pick(['individual', 'entity', 'vessel'] as const),
        regimes: [pick(regimes)],
        sectors: sectors(pick(['oil', 'shipping', 'financial-services'] as const)),
        material: kind !== 'amended' || rand() > 0.4,
        subject: {
          aliases: [`${pick(words)} Group`],
          nonLatinNames: [],
          countries: [pick(countries)],
          identifiers: [],
        },
      });
    });
    const batch = listBatch(changes);
    const subs = Array.from({ length: 400 }, (_, i) => {
      const f: SubscriptionFilters = {};
      if (rand() < 0.3) f.kinds = [pick(kinds), pick(kinds)];
      if (rand() < 0.3) f.includeCosmetic = true;
      if (rand() < 0.3) f.regimes = [pick(regimes).toLowerCase()];
      if (rand() < 0.3) f.sectors = [pick(['oil', 'shipping', 'financial-services'] as const)];
      if (rand() < 0.3) f.entityTypes = [pick(['individual', 'entity', 'vessel'] as const)];
      if (rand() < 0.3) f.countries = [pick(countries).toUpperCase()];
      if (rand() < 0.3) f.watch = [pick(words).toLowerCase(), `${pick(words)} ${pick(words)}`];
      return subscription(`s${i}`, f);
    });
    const alerts = new Map(
      matchBatch(subs, batch).map((a) => [a.subscriptionId, a.changes.map((c) => c.id)]),
    );
    let delivered = 0;
    for (const s of subs) {
      const expected = changes.filter((c) => reference(s.filters, c)).map((c) => c.id);
      expect(alerts.get(s.id) ?? [], s.id).toEqual(expected);
      delivered += expected.length;
    }
    expect(delivered).toBeGreaterThan(1000);
  });
});
