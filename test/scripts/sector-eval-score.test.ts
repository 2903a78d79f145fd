import { describe, expect, it } from 'vitest';
import type { SectorTag } from '../../functions/core/changes';
import { bootstrapInterval, precision, recall, rowCounts, total } from '../../scripts/sector-eval-score';
import { mulberry32 } from '../../scripts/sector-labels-lib';
import { labelRow } from '../support/label-row';

const row = labelRow;
const tag = (sector: SectorTag['sector']): SectorTag => ({ sector, strength: 'name', evidence: [] });

describe('pooled scoring of the clean report sets', () => {
  it('counts each scored row, and defence and financial services alone; unknown rows are left out', () => {
    // given three labelled rows, one unknown, and the tags given to each
    const rows = [
      row('a', ['defence', 'technology']),
      row('b', ['financial-services']),
      row('c', ['oil']),
      row('d', [], true),
    ];
    const tags: Record<string, SectorTag[]> = {
      a: [tag('defence')],
      b: [tag('financial-services'), tag('defence')],
      c: [],
      d: [tag('oil')],
    };
    // when
    const counts = rowCounts(rows, (r) => tags[r.id] ?? []);
    // then
    expect(counts).toHaveLength(3);
    expect(total(counts, 'all')).toEqual({ tp: 2, fp: 1, fn: 2 });
    expect(total(counts, 'defence')).toEqual({ tp: 1, fp: 1, fn: 0 });
    expect(total(counts, 'finance')).toEqual({ tp: 1, fp: 0, fn: 0 });
  });

  it('gives a reproducible bootstrap interval that holds the point estimate and narrows with more rows', () => {
    // given 40 rows right and 10 wrong, and the same ten times over
    const right = {
      all: { tp: 1, fp: 0, fn: 0 },
      defence: { tp: 0, fp: 0, fn: 0 },
      finance: { tp: 0, fp: 0, fn: 0 },
    };
    const wrong = {
      all: { tp: 0, fp: 1, fn: 1 },
      defence: { tp: 0, fp: 0, fn: 0 },
      finance: { tp: 0, fp: 0, fn: 0 },
    };
    const few = [...Array(40).fill(right), ...Array(10).fill(wrong)];
    const many = Array.from({ length: 10 }, () => few).flat();
    // when
    const a = bootstrapInterval(few, precision, 'all', mulberry32(7));
    const b = bootstrapInterval(few, precision, 'all', mulberry32(7));
    const wide = bootstrapInterval(few, recall, 'all', mulberry32(7));
    const narrow = bootstrapInterval(many, recall, 'all', mulberry32(7));
    // then
    expect(a).toEqual(b);
    expect(a[0]).toBeLessThan(0.8);
    expect(a[1]).toBeGreaterThan(0.8);
    expect(narrow[1] - narrow[0]).toBeLessThan(wide[1] - wide[0]);
    // no defence labels at all: no interval
    expect(bootstrapInterval(few, recall, 'defence', mulberry32(7)).every(Number.isNaN)).toBe(true);
  });
});
