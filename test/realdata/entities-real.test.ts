/**
 * The entity graph on real publications (issue 11 §4): OFAC's sdn.csv 2021-08-18 → 2024-05-03 with
 * OFSI's ConList of 2025-04-14 as context.
 * - Every addition that shares a registration or tax number with a UK group (found here by a
 *   deliberately simpler reading: runs of 10+ digits in the UK's `Business Reg No` text, against the
 *   OFAC values labelled `Registration …`/`Tax ID No.`) names that group by identifier.
 * - An identifier match always shares a strong identifier.
 * - Relationships: every real `Linked To` of an addition whose target OFAC lists is a 1-hop `up`
 *   edge with the path `A → linked to B`, and 2-hop chains continue it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { strongIdKey } from '../../functions/core/entities/identifiers';
import { type Annotation, EntityIndex } from '../../functions/core/entities/index';
import { recordOf } from '../../functions/core/entities/record';
import type { Designation } from '../../functions/core/model';
import { listSource } from '../../functions/sources/index';
import { HAVE_REALDATA, REALDATA_SKIP_MESSAGE, readReal } from '../support/realdata';

function parse(source: string, ...path: string[]): Designation[] {
  return listSource(source).parse(readReal(...path), { enforceBounds: false }).entries;
}

describe.skipIf(!HAVE_REALDATA)('entity graph on real lists', () => {
  if (!HAVE_REALDATA) console.warn(REALDATA_SKIP_MESSAGE);
  let uk: Designation[];
  let additions: Designation[];
  let after: Designation[];
  let index: EntityIndex;
  const annotations = new Map<string, Annotation>();

  beforeAll(() => {
    uk = parse('gb-ofsi-conlist', 'uk-ofsi-conlist', 'ConList_2025-04-14.FROM_XLSX.csv');
    const before = new Set(
      parse('us-ofac-sdn-csv', 'ofac-sdn-csv', 'daily', 'sdn_2021-08-18_09-39-01Z.csv').map((d) => d.id),
    );
    after = parse('us-ofac-sdn-csv', 'ofac-sdn-csv', 'daily', 'sdn_2024-05-03_18-43-23Z.csv');
    additions = after.filter((d) => !before.has(d.id));
    index = new EntityIndex([...uk, ...after].map(recordOf));
    for (const d of additions) annotations.set(d.id, index.annotate(recordOf(d)));
  }, 120_000);

  it('names the UK group of every addition that shares a registration or tax number with it', () => {
    const ukByNumber = new Map<string, Set<string>>();
    for (const d of uk) {
      for (const i of d.identifiers) {
        if (i.label !== 'Business Reg No') continue;
        for (const m of i.value.matchAll(/\d{10,}/g)) {
          ukByNumber.set(m[0], new Set([...(ukByNumber.get(m[0]) ?? []), d.id]));
        }
      }
    }
    let shared = 0;
    for (const d of additions) {
      if (d.entityType !== 'entity') continue;
      const numbers = d.identifiers
        .filter((i) => /^(Registration|Tax ID No)/.test(i.label ?? ''))
        .map((i) => i.value.replace(/\D/g, ''));
      const groups = new Set(numbers.flatMap((n) => [...(ukByNumber.get(n) ?? [])]));
      if (!groups.size) continue;
      shared++;
      const byId = annotations
        .get(d.id)!
        .alsoListed.filter((a) => a.source === 'gb-ofsi-conlist' && a.match.by === 'identifier')
        .map((a) => a.id);
      for (const g of groups) expect(byId, `${d.id} ${d.name} → UK group ${g}`).toContain(g);
    }
    expect(shared).toBeGreaterThan(50);
  });

  it('an identifier match always shares a strong identifier; a name match is never an identifier match', () => {
    let checked = 0;
    for (const d of additions) {
      const mine = new Set(recordOf(d).ids.map(strongIdKey));
      for (const a of annotations.get(d.id)!.alsoListed) {
        const theirs = index.get(a.source, a.id)!.ids.map(strongIdKey);
        if (a.match.by === 'identifier') {
          checked++;
          expect(
            theirs.some((k) => mine.has(k)),
            `${d.id} ⇔ ${a.source} ${a.id}`,
          ).toBe(true);
          expect(mine.has(`${theirs.find((k) => mine.has(k))}`)).toBe(true);
        } else {
          expect(a.match.label).toMatch(/^name-(only|corroborated)$/);
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('follows the real "Linked To" chains of the additions', () => {
    const ofacByName = new Map(after.map((d) => [d.name, d]));
    let edges = 0;
    let chains = 0;
    for (const d of additions) {
      const related = annotations.get(d.id)!.related;
      for (const link of d.links.filter((l) => l.relation === 'Linked To')) {
        const target = ofacByName.get(link.name);
        if (!target) continue;
        edges++;
        expect(related, `${d.id} → ${link.name}`).toContainEqual(
          expect.objectContaining({ hops: 1, direction: 'up', path: `${d.name} → linked to ${target.name}` }),
        );
        for (const next of target.links.filter((l) => l.relation === 'Linked To')) {
          const far = ofacByName.get(next.name);
          if (!far || far.id === d.id || related.length >= 50) continue;
          const two = related.find((r) => r.other.id === far.id);
          if (!two) continue;
          chains++;
          expect(two.path.startsWith(`${d.name} → linked to `)).toBe(true);
          expect(two.path.endsWith(`→ linked to ${far.name}`)).toBe(true);
        }
      }
    }
    expect(edges).toBeGreaterThan(1000);
    expect(chains).toBeGreaterThan(100);
  });
});
