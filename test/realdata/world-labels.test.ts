import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePublicationFilesEach, readPublicationFiles } from '../../functions/cli/read-publication';
import { SECTORS, type SectorTag } from '../../functions/core/changes';
import { listSource } from '../../functions/sources/index';
import {
  joinLabels,
  renderLaterDraw,
  reviewedIds,
  scoreHoldout,
  scoreSecond,
} from '../../scripts/eval-sectors';
import { halves, holdoutOrder } from '../../scripts/sample-sector-labels';
import { precision, recall, ruleFamily, scoreHalf } from '../../scripts/sector-eval-score';
import {
  cliDiff,
  draw,
  HOLDOUT_LABELS_FILE,
  HOLDOUT_PAIRS,
  HOLDOUT_SAMPLE_FILE,
  type HoldoutLabelFile,
  isPopulationAddition,
  LABELS_FILE,
  LATER_DRAWS,
  type LabelFile,
  type LabelRow,
  laterDrawIds,
  PAIRS,
  pairOf,
  SAMPLE_FILE,
  SECOND_DRAW,
  SECOND_LABELS_FILE,
  SECOND_SAMPLE_FILE,
  SECOND_SEED,
  SEED,
} from '../../scripts/sector-labels-lib';
import { HAVE_REALDATA, REALDATA_SKIP_MESSAGE, realPath } from '../support/realdata';

/**
 * The ruler of issue 12: the world-knowledge sector labels must stay a well-formed, seeded sample
 * of the real additions they claim to be, or every figure measured with them means nothing.
 */
const labels = JSON.parse(readFileSync(LABELS_FILE, 'utf8')) as LabelFile;
const sample = JSON.parse(readFileSync(SAMPLE_FILE, 'utf8')) as { seed: number; rows: LabelRow[] };
const holdout = JSON.parse(readFileSync(HOLDOUT_LABELS_FILE, 'utf8')) as HoldoutLabelFile;
const holdoutSample = JSON.parse(readFileSync(HOLDOUT_SAMPLE_FILE, 'utf8')) as { rows: LabelRow[] };
const second = JSON.parse(readFileSync(SECOND_LABELS_FILE, 'utf8')) as HoldoutLabelFile;
const secondSample = JSON.parse(readFileSync(SECOND_SAMPLE_FILE, 'utf8')) as {
  seed: number;
  rows: LabelRow[];
};

/** What is wrong with label rows: non-taxonomy ids, repeats, bad confidence or type, no "why". */
function labelProblems(rows: readonly LabelRow[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const key = `${r.source} ${r.id}`;
    if (seen.has(key)) problems.push(`${key}: labelled twice`);
    seen.add(key);
    for (const s of r.sectors) if (!(SECTORS as readonly string[]).includes(s)) problems.push(`${key}: ${s}`);
    if (new Set(r.sectors).size !== r.sectors.length) problems.push(`${key}: a sector repeated`);
    if (!['high', 'medium', 'low'].includes(r.confidence))
      problems.push(`${key}: confidence ${r.confidence}`);
    if (r.unknown && (r.sectors.length || r.confidence !== 'low')) {
      problems.push(`${key}: unknown rows have no sectors and low confidence`);
    }
    if (!['entity', 'vessel', 'aircraft'].includes(r.entityType)) problems.push(`${key}: ${r.entityType}`);
    if (!r.why || r.why.length < 10) problems.push(`${key}: no "why"`);
  }
  return problems;
}

/**
 * A label file with every row in one half (default the report half): its header filled in, the
 * conventions given (default the tuning sample's), and exactly the rows of its sample (which holds
 * no sectors), in order.
 */
function expectLabelsOf(
  file: HoldoutLabelFile,
  sampleFile: { rows: LabelRow[] },
  half: LabelRow['half'] = 'report',
  conventions: readonly string[] = labels.conventions,
): void {
  for (const key of ['description', 'population', 'method', 'frozen', 'labelledBy'] as const) {
    expect(file[key].length).toBeGreaterThan(10);
  }
  expect(file.conventions).toEqual(conventions);
  expect(file.rows.every((r) => r.half === half)).toBe(true);
  const key = (r: LabelRow) => `${r.source} ${r.id} ${r.name} ${r.entityType}`;
  expect(file.rows.map(key)).toEqual(sampleFile.rows.map(key));
  expect(sampleFile.rows.some((r) => 'sectors' in r)).toBe(false);
}

/** The non-individual additions of a pair, read with the project's parser (id → name, type). */
function parsedAdditions(pair: { source: string; old: string; new: string }) {
  const source = listSource(pair.source);
  const read = (path: string) => {
    const entries = new Map<string, { name: string; entityType: string }>();
    parsePublicationFilesEach(
      source,
      readPublicationFiles(source, realPath(path)),
      (d) => entries.set(d.id, { name: d.name, entityType: d.entityType }),
      { enforceBounds: false },
    );
    return entries;
  };
  const before = read(pair.old);
  return new Map(
    [...read(pair.new)].filter(
      ([id, d]) =>
        !before.has(id) && isPopulationAddition({ kind: 'added', entityType: d.entityType as 'entity' }),
    ),
  );
}

describe('world-labels.json is well-formed', () => {
  it('has the header, the seed, and at least 300 rows, as many per pair as the draw', () => {
    expect(labels.seed).toBe(SEED);
    for (const key of ['description', 'population', 'method', 'frozen'] as const) {
      expect(labels[key].length).toBeGreaterThan(20);
    }
    expect(labels.rows.length).toBeGreaterThanOrEqual(300);
    for (const pair of PAIRS) {
      expect(labels.rows.filter((r) => r.source === pair.source)).toHaveLength(pair.draw);
    }
  });

  it('uses only taxonomy ids, once each, and says what every entity is', () => {
    expect(labelProblems(labels.rows)).toEqual([]);
  });

  it('splits each pair into balanced tune and report halves', () => {
    for (const pair of PAIRS) {
      const rows = labels.rows.filter((r) => r.source === pair.source);
      const tune = rows.filter((r) => r.half === 'tune').length;
      expect(rows.every((r) => r.half === 'tune' || r.half === 'report')).toBe(true);
      expect(Math.abs(tune - (rows.length - tune))).toBeLessThanOrEqual(1);
    }
  });

  it('labels exactly the drawn sample, in order', () => {
    expect(sample.seed).toBe(SEED);
    const key = (r: LabelRow) => `${r.source} ${r.id} ${r.half} ${r.name} ${r.entityType}`;
    expect(labels.rows.map(key)).toEqual(sample.rows.map(key));
  });
});

describe.skipIf(!HAVE_REALDATA)('world-labels.json against the real publications', () => {
  if (!HAVE_REALDATA) console.warn(REALDATA_SKIP_MESSAGE);

  for (const pair of PAIRS) {
    it(`${pair.source}: every labelled id is a non-individual addition, and the seeded draw reproduces the sample`, () => {
      const additions = parsedAdditions(pair);
      const rows = labels.rows.filter((r) => r.source === pair.source);
      const notAdded = rows
        .filter((r) => {
          const d = additions.get(r.id);
          return !d || d.name !== r.name || d.entityType !== r.entityType;
        })
        .map((r) => `${r.id} ${r.name}`);
      expect(notAdded).toEqual([]);

      const drawn = draw(pair.source, [...additions.keys()], pair.draw);
      expect(rows.map((r) => r.id)).toEqual(drawn);
      const half = halves(pair.source, drawn);
      expect(rows.map((r) => r.half)).toEqual(drawn.map((id) => half.get(id)));
    }, 240_000);
  }
});

describe('holdout-labels.json (the fresh holdout) is well-formed', () => {
  it('has the header, no seed, only report rows, and labels exactly the holdout sample, in order', () => {
    expectLabelsOf(holdout, holdoutSample);
    for (const pair of HOLDOUT_PAIRS) {
      const ids = holdout.rows.filter((r) => r.source === pair.source).map((r) => r.id);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids).toEqual(holdoutOrder(ids));
    }
  });

  it('uses only taxonomy ids, once each, and says what every entity is', () => {
    expect(labelProblems(holdout.rows)).toEqual([]);
  });

  it('shares no entity with the tuning sample', () => {
    const tuning = new Set(labels.rows.map((r) => `${r.source} ${r.id}`));
    expect(holdout.rows.filter((r) => tuning.has(`${r.source} ${r.id}`))).toEqual([]);
  });
});

describe.skipIf(!HAVE_REALDATA)('holdout-labels.json against the real publications', () => {
  for (const pair of HOLDOUT_PAIRS) {
    it(`${pair.source}: labels ALL the non-individual additions, by id, name and type`, () => {
      const additions = parsedAdditions(pair);
      const rows = holdout.rows.filter((r) => r.source === pair.source);
      expect(rows.map((r) => r.id)).toEqual(holdoutOrder([...additions.keys()]));
      const changed = rows
        .filter((r) => {
          const d = additions.get(r.id);
          return d?.name !== r.name || d?.entityType !== r.entityType;
        })
        .map((r) => `${r.id} ${r.name}`);
      expect(changed).toEqual([]);
    }, 240_000);
  }

  it('joins every holdout label with an addition the CLI reports for its pair', () => {
    const tags = new Map<string, readonly SectorTag[]>();
    for (const pair of HOLDOUT_PAIRS) {
      for (const c of cliDiff(pair).changes) {
        if (isPopulationAddition(c)) tags.set(`${pair.source}|${c.id}`, c.sectors);
      }
    }
    expect(tags.size).toBe(holdout.rows.length);
    const tagsOf = joinLabels(holdout.rows, tags, 'holdout-labels.json');
    const scores = scoreHoldout(holdout, tagsOf);
    expect(scores.perPair.map((p) => p.source)).toEqual(HOLDOUT_PAIRS.map((p) => p.source));
    expect(scores.all.scored + scores.all.unknown).toBe(holdout.rows.length);
  }, 240_000);
});

describe('second-labels.json (the second draw) is well-formed', () => {
  it('has the header, only report rows, and labels exactly the second sample, in order', () => {
    expectLabelsOf(second, secondSample);
    expect(secondSample.seed).toBe(SECOND_SEED);
    expect(second.rows).toHaveLength(SECOND_DRAW);
  });

  it('uses only taxonomy ids, once each, says what every entity is, and shares no entity with the first draw', () => {
    expect(labelProblems(second.rows)).toEqual([]);
    const first = new Set(labels.rows.map((r) => `${r.source} ${r.id}`));
    expect(second.rows.filter((r) => first.has(`${r.source} ${r.id}`))).toEqual([]);
  });

  it('scores every row, and apart the rows whose tags were reviewed while rules were tuned', () => {
    const reviewed = reviewedIds();
    expect(reviewed.size).toBeGreaterThan(400);
    const none = () => [] as readonly SectorTag[];
    const s = scoreSecond(second, none, reviewed);
    const inReview = second.rows.filter((r) => reviewed.has(`${r.source}|${r.id}`)).length;
    expect(s.reviewed).toBe(inReview);
    expect(s.all.scored + s.all.unknown).toBe(SECOND_DRAW);
    expect(s.unreviewed.scored + s.unreviewed.unknown).toBe(SECOND_DRAW - inReview);
  });
});

describe.skipIf(!HAVE_REALDATA)('second-labels.json against the real publications', () => {
  it('the seeded second draw, from the additions the first draw did not take, reproduces the sample', () => {
    const pair = PAIRS[0]!;
    const additions = parsedAdditions(pair);
    const first = new Set(draw(pair.source, [...additions.keys()], pair.draw));
    const rest = [...additions.keys()].filter((id) => !first.has(id));
    expect(second.rows.map((r) => r.id)).toEqual(draw(pair.source, rest, SECOND_DRAW, SECOND_SEED));
    const changed = second.rows
      .filter((r) => additions.get(r.id)?.name !== r.name || additions.get(r.id)?.entityType !== r.entityType)
      .map((r) => `${r.id} ${r.name}`);
    expect(changed).toEqual([]);
  }, 240_000);
});

/** The draws after the second (`LATER_DRAWS` 1…), with their label files and samples. */
const laterDraws = LATER_DRAWS.slice(1).map((d, i) => ({
  ...d,
  report: d.half === 'report',
  kind: d.half === 'report' ? 'a report set' : 'a tuning set',
  file: basename(d.labelsFile),
  k: i + 1,
  labels: JSON.parse(readFileSync(d.labelsFile, 'utf8')) as HoldoutLabelFile,
  sample: JSON.parse(readFileSync(d.sampleFile, 'utf8')) as { seed: number; rows: LabelRow[] },
}));

describe.each(laterDraws)('$file (the $name draw, $kind) is well-formed', (d) => {
  it('has the header, only rows of its half, and labels exactly its sample, in order', () => {
    expectLabelsOf(d.labels, d.sample, d.half, second.conventions);
    expect(d.sample.seed).toBe(d.seed);
    expect(d.labels.rows).toHaveLength(d.n);
  });

  it('uses only taxonomy ids, once each, says what every entity is, and shares no entity with the earlier draws', () => {
    expect(labelProblems(d.labels.rows)).toEqual([]);
    const earlierRows = [
      labels.rows,
      second.rows,
      ...laterDraws.slice(0, d.k - 1).map((t) => t.labels.rows),
    ].flat();
    const earlier = new Set(earlierRows.map((r) => `${r.source} ${r.id}`));
    expect(d.labels.rows.filter((r) => earlier.has(`${r.source} ${r.id}`))).toEqual([]);
  });

  it('is reported with its misses listed when it is a tuning set, and without them when it is a report set', () => {
    const s = scoreHalf(d.labels.rows, () => [], 'all');
    const text = renderLaterDraw(d, d.labels, s);
    expect(text).toContain(`draw — ${d.report ? 'a report set, never tuned on' : 'a tuning set'}`);
    const labelled = d.labels.rows.filter((r) => !r.unknown && r.sectors.length > 0);
    expect(s.misses).toHaveLength(labelled.length);
    const listed = text.includes(`| ${labelled[0]!.source} ${labelled[0]!.id} |`);
    expect(text.includes(`### Misses and wrong tags — ${d.name} draw`)).toBe(!d.report);
    expect(listed).toBe(!d.report);
  });
});

describe.skipIf(!HAVE_REALDATA)('the later draws against the real publications', () => {
  it('each seeded draw, from the additions no earlier draw took, reproduces its sample', () => {
    const additions = new Map(PAIRS.map((p) => [p, parsedAdditions(p)] as const));
    for (const d of laterDraws) {
      const ids = [...additions.get(pairOf(d))!.keys()];
      expect(d.labels.rows.map((r) => r.id)).toEqual(laterDrawIds(ids, d.k).ids);
      expect(d.labels.rows.every((r) => r.source === pairOf(d).source)).toBe(true);
    }
  }, 240_000);
});

describe('joining labels with the tags', () => {
  it('throws, naming the label file and the entity, when a labelled entity is not an addition', () => {
    const rows = holdout.rows.slice(0, 2);
    const tag: SectorTag = { sector: 'other', strength: 'name', evidence: [] };
    const tags = new Map([[`${rows[0]?.source}|${rows[0]?.id}`, [tag]]]);
    expect(() => joinLabels(rows, tags, 'holdout-labels.json')).toThrow(
      `1 labelled entities of holdout-labels.json are not additions of their pair: ${rows[1]?.source} ${rows[1]?.id}`,
    );
    tags.set(`${rows[1]?.source}|${rows[1]?.id}`, []);
    const tagsOf = joinLabels(rows, tags, 'holdout-labels.json');
    expect(tagsOf(rows[0] as LabelRow)).toEqual([tag]);
    expect(tagsOf(rows[1] as LabelRow)).toEqual([]);
  });
});

describe('scoring against the labels', () => {
  const row = (id: string, sectors: LabelRow['sectors'], extra: Partial<LabelRow> = {}): LabelRow => ({
    source: 's',
    id,
    name: id,
    entityType: 'entity',
    half: 'tune',
    sectors,
    confidence: 'high',
    why: 'test entity',
    ...extra,
  });
  const tag = (sector: SectorTag['sector'], ...rules: string[]): SectorTag => ({
    sector,
    strength: 'name',
    evidence: rules.map((rule) => ({ field: 'name', text: 'x', rule, strength: 'name' as const })),
  });

  it('counts true and false positives and misses per sector, per half, per rule family', () => {
    const rows = [
      row('a', ['defence', 'aviation']),
      row('b', ['financial-services'], { confidence: 'low' }),
      row('c', [], { unknown: true, confidence: 'low' }),
      row('d', ['oil'], { half: 'report' }),
    ];
    const tags: Record<string, SectorTag[]> = {
      a: [tag('defence', 'name:defence', 'uk-sector:defence'), tag('manufacturing', 'name:plant')],
      b: [tag('financial-services', 'identifier:bic')],
      c: [tag('oil', 'name:oil')],
      d: [],
    };
    const s = scoreHalf(rows, (r) => tags[r.id] ?? [], 'tune');
    expect([s.scored, s.unknown, s.lowConfidence]).toEqual([2, 1, 1]);
    expect(s.micro).toEqual({ tp: 2, fp: 1, fn: 1 });
    expect(s.microConfident).toEqual({ tp: 1, fp: 1, fn: 1 });
    expect(s.perSector.get('aviation')).toEqual({ tp: 0, fp: 0, fn: 1 });
    expect(s.perSector.get('manufacturing')).toEqual({ tp: 0, fp: 1, fn: 0 });
    expect(Object.fromEntries(s.families)).toEqual({
      name: { tp: 1, fp: 1 },
      'uk-sector': { tp: 1, fp: 0 },
      identifier: { tp: 1, fp: 0 },
    });
    expect(precision(s.micro)).toBeCloseTo(2 / 3);
    expect(recall(s.micro)).toBeCloseTo(2 / 3);
    const report = scoreHalf(rows, (r) => tags[r.id] ?? [], 'report');
    expect(report.micro).toEqual({ tp: 0, fp: 0, fn: 1 });
    expect(report.misses.map((m) => m.missed)).toEqual([['oil']]);
    expect(ruleFamily('related')).toBe('related');
    expect(ruleFamily('cross-list')).toBe('cross-list');
  });
});
