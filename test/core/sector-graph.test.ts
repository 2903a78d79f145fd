import { describe, expect, it } from 'vitest';
import type { Change } from '../../functions/core/changes';
import { EntityIndex } from '../../functions/core/entities/index';
import type { Designation, EntityType } from '../../functions/core/model';
import { emptyDesignation } from '../../functions/core/model';
import {
  FLEET_RULE,
  indexGraph,
  lazySectorRecordOf,
  sectorRecordOf,
  withIndexSectors,
} from '../../functions/core/sector-graph';
import {
  CROSS_LIST_NAME_RULE,
  CROSS_LIST_RULE,
  RELATED_RULE,
  tagSectors,
  withGraphEvidence,
} from '../../functions/core/sectors';

function entry(
  entityType: EntityType,
  name: string,
  id: string,
  fill: Partial<Designation> = {},
  source = 'us-ofac-sdn',
): Designation {
  return { ...emptyDesignation(source, id, entityType, name), ...fill };
}
const link = (to: Designation) => ({ links: [{ id: to.id, name: to.name, relation: 'Linked To' }] });

describe('related evidence over "Linked To" in one publication', () => {
  // given an oil company C, a holding B with no evidence linked to C, and A linked to B
  const c = entry('entity', 'NEFTEGAZ TRADING OIL COMPANY', 'c');
  const b = entry('entity', 'HOLDING B', 'b', link(c));
  const a = entry('entity', 'ALPHA', 'a', link(b));
  const all = new Map([a, b, c].map((d) => [d.id, d]));
  const lookup = (id: string) => all.get(id);

  it('inherits over two hops with the path of entries passed through', () => {
    // when
    const tags = tagSectors(a, lookup);
    // then
    const oil = tags.find((t) => t.sector === 'oil');
    expect(oil?.strength).toBe('related');
    expect(oil?.evidence[0]).toMatchObject({
      rule: RELATED_RULE,
      strength: 'related',
      inheritedFrom: 'c',
      path: [
        { id: 'b', name: 'HOLDING B', relation: 'Linked To' },
        { id: 'c', name: 'NEFTEGAZ TRADING OIL COMPANY', relation: 'Linked To' },
      ],
    });
  });

  it('stops at two hops', () => {
    // given Z → A → B → C (C three hops away)
    const z = entry('entity', 'ZETA', 'z', link(a));
    // when / then
    expect(tagSectors(z, (id) => (id === 'z' ? z : lookup(id)))).toEqual([]);
  });

  it('never inherits into vessels or banks, nor walks through a vessel', () => {
    // given a vessel and a bank linked to the oil company, and an entity linked to it through a vessel
    const vessel = entry('vessel', 'SEA STAR', 'v', link(c));
    const bank = entry('entity', 'ALPHA BANK', 'k', link(c));
    const viaVessel = entry('entity', 'BETA', 'w', link(vessel));
    const more = (id: string) => (id === 'v' ? vessel : lookup(id));
    // when / then
    expect(tagSectors(vessel, more).map((t) => t.sector)).toEqual(['shipping']);
    expect(tagSectors(bank, more).map((t) => t.sector)).toEqual(['financial-services']);
    expect(tagSectors(viaVessel, more)).toEqual([]);
  });

  it('gives financial services (and any related sector) only to an entry with no evidence of its own', () => {
    // given a bank, an entity without evidence and a shipping company, both linked to the bank
    const bank = entry('entity', 'ALPHA BANK', 'k');
    const plain = entry('entity', 'GAMMA', 'g', link(bank));
    const shipper = entry('entity', 'DELTA SHIPPING LINES', 's', link(bank));
    const m = new Map([bank, plain, shipper].map((d) => [d.id, d]));
    // when / then
    expect(tagSectors(plain, (id) => m.get(id)).map((t) => [t.sector, t.strength])).toEqual([
      ['financial-services', 'related'],
    ]);
    expect(tagSectors(shipper, (id) => m.get(id)).map((t) => t.sector)).toEqual(['shipping']);
  });
});

describe('related evidence for an entry whose own evidence says only `other`', () => {
  it("inherits its relatives' sectors, but never financial services", () => {
    // given a general trader linked to a petrochemical seller, and a real-estate company linked to a bank
    const seller = entry('entity', 'PERSIAN GULF PETROCHEMICAL INDUSTRY COMMERCIAL CO.', 'p');
    const trader = entry('entity', 'MONCH GENERAL TRADING L.L.C.', 't', link(seller));
    const bank = entry('entity', 'JOINT STOCK COMPANY ALFA-BANK', 'b');
    const estate = entry('entity', 'LIMITED LIABILITY COMPANY ATLAS REAL ESTATE', 'e', link(bank));
    const m = new Map([seller, trader, bank, estate].map((d) => [d.id, d]));
    // when / then
    expect(tagSectors(trader, (id) => m.get(id)).map((t) => [t.sector, t.strength])).toEqual([
      ['chemicals', 'related'],
      ['other', 'name'],
    ]);
    expect(tagSectors(estate, (id) => m.get(id)).map((t) => t.sector)).toEqual(['other']);
  });
});

describe('related and cross-list evidence from the entity index of every list', () => {
  it('inherits from a parent named on another list, with the path naming that list', () => {
    // given an OFAC entity whose parent company is a UK-listed missile maker (named, no id)
    const parent = entry('entity', 'ALMAZ ANTEY MISSILE DESIGN BUREAU', '9', {}, 'gb-ofsi-conlist');
    const child = entry('entity', 'OMEGA LLC', '1', { attributes: { parentCompany: [parent.name] } });
    const index = new EntityIndex([sectorRecordOf(parent), sectorRecordOf(child)]);
    // when
    const tags = withGraphEvidence(tagSectors(child), sectorRecordOf(child), indexGraph(index));
    // then
    const defence = tags.find((t) => t.sector === 'defence');
    expect(defence?.evidence[0]).toMatchObject({
      rule: RELATED_RULE,
      path: [{ id: '9', relation: 'parentCompany', source: 'gb-ofsi-conlist' }],
    });
  });

  it('takes the same entity on another list by identifier, never by name alone', () => {
    // given the same company on the UK list, once with the same registration number, once by name only
    const id = { type: 'registration' as const, value: '1027700000001', label: 'Registration Number' };
    const uk = entry(
      'entity',
      'OMEGA LLC',
      '7',
      { identifiers: [id], reasons: 'It operates in the Russian defence sector.' },
      'gb-ofsi-conlist',
    );
    const sameId = entry('entity', 'OMEGA LIMITED LIABILITY COMPANY', '1', { identifiers: [id] });
    const nameOnly = entry('entity', 'OMEGA LLC', '2');
    const index = new EntityIndex([uk, sameId, nameOnly].map(sectorRecordOf));
    const tag = (d: Designation) => withGraphEvidence(tagSectors(d), sectorRecordOf(d), indexGraph(index));
    // when / then
    expect(tag(sameId)).toMatchObject([
      {
        sector: 'defence',
        strength: 'cross-list',
        evidence: [{ rule: CROSS_LIST_RULE, inheritedFrom: '7', path: [{ source: 'gb-ofsi-conlist' }] }],
      },
    ]);
    expect(tag(nameOnly)).toEqual([]);
  });

  describe('by a company name and its registration country, borne by no other entry of either list', () => {
    // given a UK-listed defence company with a Russian address, and OFAC entries of the same name (a name
    // no rule reads: the real PELENG is a defence enterprise by name, ENTERPRISE_NAMES)
    const ukDefence = (name: string, id: string, fill: Partial<Designation> = {}) =>
      entry(
        'entity',
        name,
        id,
        {
          addresses: [{ lines: [], city: 'Moscow', country: 'Russia' }],
          reasons: 'It operates in the Russian defence sector.',
          ...fill,
        },
        'gb-ofsi-conlist',
      );
    const taxId = (value: string, country = 'Russia') => ({
      identifiers: [{ type: 'tax' as const, value, label: 'Tax ID No.', country }],
    });
    const tag = (d: Designation, index: EntityIndex) =>
      withGraphEvidence(tagSectors(d), sectorRecordOf(d), indexGraph(index));

    it('takes the sectors of the one company of that name and country, saying how it matched', () => {
      const uk = ukDefence('JSC ZORYANA', '16');
      const ofac = entry('entity', 'ZORYANA JSC', '1', taxId('7700000001'));
      const index = new EntityIndex([uk, ofac].map(sectorRecordOf));
      // when / then
      expect(tag(ofac, index)).toMatchObject([
        {
          sector: 'defence',
          strength: 'cross-list',
          evidence: [
            {
              rule: CROSS_LIST_NAME_RULE,
              field: 'names',
              matched: 'name JSC ZORYANA, country russia',
              inheritedFrom: '16',
            },
          ],
        },
      ]);
    });

    it('takes nothing without a country to corroborate the name, from another country, or where a registration number differs', () => {
      const uk = ukDefence('JSC ZORYANA', '16', taxId('7700000001'));
      const noCountry = entry('entity', 'ZORYANA JSC', '1');
      const elsewhere = entry('entity', 'ZORYANA JSC', '2', taxId('190000001', 'Belarus'));
      const otherInn = entry('entity', 'ZORYANA JSC', '3', taxId('7700000009'));
      for (const d of [noCountry, elsewhere, otherInn])
        expect(tag(d, new EntityIndex([uk, d].map(sectorRecordOf)))).toEqual([]);
    });

    it('counts one entry published in two formats of one list (OFAC XML and CSV, same id) once', () => {
      const uk = ukDefence('JSC ZORYANA', '16');
      const csv = entry('entity', 'ZORYANA JSC', '1', taxId('7700000001'), 'us-ofac-sdn-csv');
      const xml = entry('entity', 'ZORYANA JSC', '1', taxId('7700000001'), 'us-ofac-sdn');
      const index = new EntityIndex([uk, csv, xml].map(sectorRecordOf));
      expect(tag(csv, index).map((t) => [t.sector, t.evidence[0]!.rule])).toEqual([
        ['defence', CROSS_LIST_NAME_RULE],
      ]);
    });

    it('takes nothing from a name two entries of a list bear', () => {
      // given two UK-listed companies named ZVEZDA (or two OFAC ones)
      const ofac = entry('entity', 'JSC ZVEZDA', '1', taxId('7700000001'));
      const twoUk = [ukDefence('ZVEZDA JSC', '20'), ukDefence('ZVEZDA PJSC', '21')];
      expect(tag(ofac, new EntityIndex([...twoUk, ofac].map(sectorRecordOf)))).toEqual([]);
      const twoOfac = [ofac, entry('entity', 'ZVEZDA OOO', '2', taxId('7700000002'))];
      const index = new EntityIndex([twoUk[0]!, ...twoOfac].map(sectorRecordOf));
      expect(tag(ofac, index)).toEqual([]);
    });
  });

  it('gives an entry whose own evidence speaks only what the other list states; a bank only its bank', () => {
    // given the UK list stating defence for a company whose UK name also says technology, and a bank
    const id = (value: string) => ({
      identifiers: [{ type: 'registration' as const, value, label: 'Registration Number' }],
    });
    const uk = (name: string, ukId: string, number: string, sector: string) =>
      entry(
        'entity',
        name,
        ukId,
        { ...id(number), reasons: `It operates in the Russian ${sector} sector.` },
        'gb-ofsi-conlist',
      );
    const ukTech = uk('OMEGA TECHNOLOGIES LLC', '7', '1027700000001', 'defence');
    const ofacBuilder = entry('entity', 'OMEGA CONSTRUCTION LLC', '1', id('1027700000001'));
    const ukBank = uk('SIGMA BANK', '8', '1027700000002', 'defence');
    const ofacBank = entry('entity', 'SIGMA BANK PJSC', '2', id('1027700000002'));
    // and the UK stating the transport sector of a company OFAC names a shipping company
    const ukTransport = uk('KAPPA LLC', '9', '1027700000003', 'transport');
    const ofacShipper = entry('entity', 'KAPPA SHIPPING LLC', '3', id('1027700000003'));
    const ofacSilent = entry('entity', 'KAPPA LLC', '4', id('1027700000003'));
    const index = new EntityIndex(
      [ukTech, ofacBuilder, ukBank, ofacBank, ukTransport, ofacShipper, ofacSilent].map(sectorRecordOf),
    );
    const tag = (d: Designation) => withGraphEvidence(tagSectors(d), sectorRecordOf(d), indexGraph(index));
    // when / then: construction of its own, defence stated by the UK, not the UK name's technology
    expect(tag(ofacBuilder).map((t) => [t.sector, t.strength])).toEqual([
      ['defence', 'cross-list'],
      ['construction', 'name'],
    ]);
    expect(tag(ofacBank).map((t) => t.sector)).toEqual(['financial-services']);
    // the UK's transport sector is land transport only for an entry that is not shipping (its rule's
    // `lacks`), as its defence sector is not a ship operator's
    expect(tag(ofacShipper).map((t) => t.sector)).toEqual(['shipping']);
    expect(tag(ofacSilent).map((t) => [t.sector, t.strength])).toEqual([['transport', 'cross-list']]);
  });
});

describe('lazy sector records (an index held in memory)', () => {
  it('given a lazy record, when it is read, then it says what the eager record says', () => {
    const bank = entry('entity', 'ALPHA BANK', 'k');
    const plant = entry('entity', 'OMEGA MISSILE DESIGN BUREAU', 'm', link(bank));
    const vessel = entry('vessel', 'SEA STAR', 'v');
    for (const d of [bank, plant, vessel, entry('entity', 'NOTHING LLC', 'n')]) {
      const lazy = lazySectorRecordOf(d);
      expect(JSON.parse(JSON.stringify(lazy))).toEqual(JSON.parse(JSON.stringify(sectorRecordOf(d))));
      expect(lazy.sectors).toEqual(sectorRecordOf(d).sectors);
      expect(lazy.bank).toBe(sectorRecordOf(d).bank);
    }
  });

  it('given a lazy record, when nothing reads its sectors, then they are not computed: a read later sees the entry as it is then', () => {
    // (the entry object is changed between making the record and reading it, only to observe when
    // the sectors are computed)
    const d = entry('entity', 'OMEGA LLC', 'o');
    const lazy = lazySectorRecordOf(d);
    d.name = 'OMEGA OIL REFINERY';
    expect(lazy.sectors).toEqual(['oil']);
    d.name = 'OMEGA BANK';
    expect(lazy.sectors).toEqual(['oil']);
    expect(lazy.bank).toBeUndefined();
  });

  it('given lazy records in the index, when a change is annotated, then its related evidence is the eager one', () => {
    const parent = entry('entity', 'ALMAZ ANTEY MISSILE DESIGN BUREAU', '9', {}, 'gb-ofsi-conlist');
    const child = entry('entity', 'OMEGA LLC', '1', { attributes: { parentCompany: [parent.name] } });
    const eager = new EntityIndex([sectorRecordOf(parent), sectorRecordOf(child)]);
    const lazy = new EntityIndex([lazySectorRecordOf(parent), lazySectorRecordOf(child)]);
    const change: Change = {
      kind: 'added',
      id: child.id,
      name: child.name,
      entityType: 'entity',
      regimes: [],
      sectors: tagSectors(child),
      fields: [],
      material: true,
    };
    const tagged = withIndexSectors(lazy, change, lazy.get(child.source, child.id)!);
    expect(tagged.sectors).toEqual(
      withIndexSectors(eager, change, eager.get(child.source, child.id)!).sectors,
    );
    expect(tagged.sectors.map((t) => t.sector)).toContain('defence');
  });
});

describe('fleet evidence: the owner or manager of listed vessels', () => {
  const change = (d: Designation): Change => ({
    kind: 'added',
    id: d.id,
    name: d.name,
    entityType: d.entityType,
    regimes: [],
    sectors: tagSectors(d),
    fields: [],
    material: true,
  });
  const fleetOf = (owner: Designation, vessels: Designation[]) => {
    const index = new EntityIndex([owner, ...vessels].map(sectorRecordOf));
    return withIndexSectors(index, change(owner), sectorRecordOf(owner)).sectors;
  };
  const tanker = (id: string, to: Designation, type = 'Crude Oil Tanker') =>
    entry('vessel', `TANKER ${id}`, id, { ...link(to), attributes: { vesselType: [type] } });

  it('gives a ship manager of oil tankers `oil`, with the vessel as the path', () => {
    // given a ship manager (shipping by name) that two crude oil tankers are linked to
    const manager = entry('entity', 'TALASSA SHIPPING DMCC', 'm');
    // when
    const tags = fleetOf(manager, [tanker('t1', manager), tanker('t2', manager)]);
    // then
    expect(tags.map((t) => [t.sector, t.strength])).toEqual([
      ['oil', 'related'],
      ['shipping', 'name'],
    ]);
    expect(tags[0]?.evidence[0]).toMatchObject({
      rule: FLEET_RULE,
      inheritedFrom: 't1',
      path: [{ id: 't1', name: 'TANKER t1', relation: 'vessel Linked To' }],
    });
  });

  it('lets the fleet of an owner outweigh a sector only a fallback gave (a ship owner named … PLANT)', () => {
    // given an owner whose name gives `manufacturing` only as a fallback, with a crude oil tanker
    const owner = entry('entity', 'KERCH MECHANICAL PLANT LLC', 'k');
    // when / then: the fleet says what it is
    expect(fleetOf(owner, [tanker('t9', owner)]).map((t) => t.sector)).toEqual(['oil', 'shipping']);
  });

  it('gives an owner without evidence `shipping` and the cargo; never chemicals, nor to a lessor or a state body', () => {
    // given an owner with no evidence of its own, a leasing company and a ministry, each with a tanker
    const owner = entry('entity', 'HENNESEA HOLDINGS LIMITED', 'o');
    const lessor = entry('entity', 'ALFA-LIZING OOO', 'l');
    const ministry = entry('entity', 'MINISTRY OF DEFENCE OF RUSSIA', 'g');
    // when / then
    expect(
      fleetOf(owner, [tanker('t3', owner, 'Chemical/Oil Products Tanker')]).map((t) => t.sector),
    ).toEqual(['oil', 'shipping']);
    expect(fleetOf(lessor, [tanker('t4', lessor)]).map((t) => t.sector)).toEqual(['financial-services']);
    expect(fleetOf(ministry, [tanker('t5', ministry)]).map((t) => t.sector)).toEqual([
      'defence',
      'government',
    ]);
  });

  it('gives nothing from a vessel the entity is only named near (no edge to it)', () => {
    // given an entity and a tanker linked to someone else
    const other = entry('entity', 'OTHER LLC', 'x');
    const plain = entry('entity', 'PLAIN LLC', 'p');
    // when / then
    expect(fleetOf(plain, [other, tanker('t6', other)])).toEqual([]);
  });
});
