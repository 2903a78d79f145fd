/**
 * `npm run eval:sectors`: measures the sector tags the CLI gives against what the labelled
 * entities really are (`test/fixtures/sectors/world-labels.json`, world-knowledge labels frozen
 * before tuning; see docs/sectors.md, "Measured against what entities really are").
 *
 * For each population pair it runs the real CLI `diff --source … <old> <new> --json` as a child
 * process, joins every labelled row with its added entry's `sectors`, and prints per-sector
 * precision/recall/support on the `report` and `tune` halves separately, the micro figures,
 * defence and financial-services recall, each rule family's TP/FP contribution and the count of
 * unknown and low-confidence rows. Only the tune half's misses are listed: rules are tuned on the
 * tune half; the report half is the honest estimate.
 *
 * The fresh holdout (`test/fixtures/sectors/holdout-labels.json`: every addition of
 * `HOLDOUT_PAIRS`, other sources and years, labelled and frozen before any tagger output was looked
 * at, never tuned on) is scored the same way in a section of its own, with the tags of the plain
 * `diff --json` (no `--with` context); its misses are not listed either.
 *
 * The second draw (`test/fixtures/sectors/second-labels.json`: 160 more additions of the OFAC pair,
 * drawn after the first and labelled before any tagger output for them was read) is scored with
 * the tuning sample's tags, also without the rows whose tags were reviewed while rules were tuned.
 *
 * The third and fourth draws (`test/fixtures/sectors/third-labels.json`, `fourth-labels.json`: 240
 * and 300 more additions of the OFAC pair, drawn after the second and labelled the same way) are
 * TUNING sets: scored with the same tags, and their misses are listed. The fifth draw
 * (`fifth-labels.json`, 300 more, drawn and labelled after the fourth round's rules were final) is a
 * report set for those rules: scored the same way, its misses not listed.
 *
 * The report is printed and written to `docs/sector-eval.md` (with the date and the commit it
 * measured); `--no-write` only prints. Exits non-zero when a labelled entity (of either label file)
 * is not an addition of its pair (the labels no longer match the population) or when the CLI fails.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parsePublicationFilesEach, readPublicationFiles } from '../functions/cli/read-publication';
import { SECTORS, type SectorTag } from '../functions/core/changes';
import type { Designation } from '../functions/core/model';
import { listSource } from '../functions/sources/index';
import {
  bootstrapInterval,
  type Counts,
  type HalfScore,
  precision,
  type RowCounts,
  recall,
  rowCounts,
  scoreHalf,
  total,
} from './sector-eval-score';
import {
  cliDiff,
  HOLDOUT_LABELS_FILE,
  HOLDOUT_PAIRS,
  type HoldoutLabelFile,
  isPopulationAddition,
  LABELS_FILE,
  LATER_DRAWS,
  type LabelFile,
  type LabelRow,
  type LaterDraw,
  mulberry32,
  PAIRS,
  type PublicationPair,
  pairOf,
  REALDATA,
  REVIEW_DIR,
  ROOT,
  SECOND_LABELS_FILE,
} from './sector-labels-lib';
import { comparableName, FINANCE_WORDS, financeReach, recordText } from './sector-text-reach';

const REPORT_FILE = resolve(ROOT, 'docs/sector-eval.md');

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

/** The commit measured, with a mark when the work tree has other uncommitted changes. */
function measuredCommit(): string {
  const sha = git('rev-parse', '--short', 'HEAD') || 'unknown';
  const dirty = git('status', '--porcelain')
    .split('\n')
    .filter((l) => l && !l.endsWith('docs/sector-eval.md'));
  return dirty.length ? `${sha} + uncommitted changes` : sha;
}

const fmt = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(3));
const frac = (c: Counts) => `${c.tp}/${c.tp + c.fn}`;

function summaryRow(s: HalfScore, label: string = s.half): string {
  const defence = s.perSector.get('defence') as Counts;
  const fin = s.perSector.get('financial-services') as Counts;
  return `| ${label} | ${s.scored} | ${s.unknown} | ${s.lowConfidence} | ${s.micro.tp} | ${s.micro.fp} | ${s.micro.fn} | **${fmt(precision(s.micro))}** | **${fmt(recall(s.micro))}** | ${fmt(precision(s.microConfident))} / ${fmt(recall(s.microConfident))} | ${frac(defence)} = ${fmt(recall(defence))} | ${frac(fin)} = ${fmt(recall(fin))} |`;
}

function sectorTable(s: HalfScore): string[] {
  const lines = [
    `| sector | support | TP | FP | FN | precision | recall |`,
    `|---|---:|---:|---:|---:|---:|---:|`,
  ];
  for (const sector of SECTORS) {
    const c = s.perSector.get(sector) as Counts;
    lines.push(
      `| \`${sector}\` | ${c.tp + c.fn} | ${c.tp} | ${c.fp} | ${c.fn} | ${fmt(precision(c))} | ${fmt(recall(c))} |`,
    );
  }
  return lines;
}

function familyTable(halves: HalfScore[], labels: string[] = halves.map((h) => h.half)): string[] {
  const families = [...new Set(halves.flatMap((h) => [...h.families.keys()]))].sort();
  const head = labels.map((l) => `${l} TP | ${l} FP`).join(' | ');
  const lines = [
    `| family | ${head} | precision (all) |`,
    `|---|${halves.map(() => '---:|---:').join('|')}|---:|`,
  ];
  for (const family of families) {
    const cells = halves.map((h) => {
      const f = h.families.get(family) ?? { tp: 0, fp: 0 };
      return `${f.tp} | ${f.fp}`;
    });
    const all = halves.reduce(
      (a, h) => {
        const f = h.families.get(family) ?? { tp: 0, fp: 0 };
        return { tp: a.tp + f.tp, fp: a.fp + f.fp, fn: 0 };
      },
      { tp: 0, fp: 0, fn: 0 },
    );
    lines.push(`| \`${family}\` | ${cells.join(' | ')} | ${fmt(precision(all))} |`);
  }
  return lines;
}

/** A scored set's misses and wrong tags, one row per entity (for sets rules are tuned on only). */
function missesTable(s: HalfScore): string[] {
  return [
    '| id | name | labelled | missed | wrong |',
    '|---|---|---|---|---|',
    ...s.misses.map(
      (m) =>
        `| ${m.row.source} ${m.row.id} | ${m.row.name.replace(/\|/g, '/')} | ${m.row.sectors.join(', ') || '(none)'} | ${m.missed.join(', ')} | ${m.extra.join(', ')} |`,
    ),
  ];
}

export function renderReport(labels: LabelFile, scores: HalfScore[], date: string, commit: string): string {
  const [report, tune, all] = scores as [HalfScore, HalfScore, HalfScore];
  const lines = [
    '# Sector tagging measured against what entities really are',
    '',
    `Generated by \`npm run eval:sectors\` (scripts/eval-sectors.ts) on ${date}, measuring commit ${commit}. Do not edit by hand.`,
    '',
    `Labels: \`test/fixtures/sectors/world-labels.json\` — ${labels.rows.length} real non-individual additions drawn with seed ${labels.seed}, labelled from world knowledge (what each entity really is) and frozen before any tuning. ${labels.population}`,
    '',
    'Tags: the real CLI `diff --source <id> <old> <new> --json --with <other list>=<file>` on each pair, run as a child process (context: the OFAC pair with the ConList of 2025-04-14, the ConList pair with the OFAC sdn.csv of 2024-05-03, for `related` and `cross-list` evidence); each labelled entity is joined with its added entry by publisher id. Rows marked `unknown` are not scored; low-confidence rows are scored (the "high+medium" column leaves them out).',
    '',
    '**Tune rules on the `tune` half only. The `report` half is the honest figure; its misses are deliberately not listed here.**',
    '',
    '## Summary',
    '',
    '| half | scored | unknown | low confidence | TP | FP | FN | micro precision | micro recall | P / R (high+medium) | defence recall | financial-services recall |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    summaryRow(report),
    summaryRow(tune),
    summaryRow(all),
    '',
    '## Per sector — report half',
    '',
    ...sectorTable(report),
    '',
    '## Per sector — tune half',
    '',
    ...sectorTable(tune),
    '',
    '## Rule families',
    '',
    'Each tag counts once for every family among its evidence (family = the rule id before `:`).',
    '',
    ...familyTable([report, tune]),
    '',
    '## Misses and wrong tags — tune half only',
    '',
    ...missesTable(tune),
    '',
    `Overall (both halves): micro precision ${fmt(precision(all.micro))}, recall ${fmt(recall(all.micro))} on ${all.scored} scored rows.`,
    '',
  ];
  return lines.join('\n');
}

/** The holdout's scores: each pair's rows, then all rows (every row is in the `report` half). */
export interface HoldoutScores {
  perPair: { source: string; score: HalfScore }[];
  all: HalfScore;
}

export function scoreHoldout(
  labels: HoldoutLabelFile,
  tagsOf: (row: LabelRow) => readonly SectorTag[],
): HoldoutScores {
  const sources = [...new Set(labels.rows.map((r) => r.source))];
  return {
    perPair: sources.map((source) => ({
      source,
      score: scoreHalf(
        labels.rows.filter((r) => r.source === source),
        tagsOf,
        'all',
      ),
    })),
    all: scoreHalf(labels.rows, tagsOf, 'all'),
  };
}

/** The holdout's section of the report (appended after the tuning sample's, which it leaves as is). */
export function renderHoldout(labels: HoldoutLabelFile, scores: HoldoutScores): string {
  const { all } = scores;
  const lines = [
    '## Fresh holdout — never tuned on',
    '',
    `Labels: \`test/fixtures/sectors/holdout-labels.json\` — all ${labels.rows.length} non-individual additions of two pairs never used for tuning (no draw), labelled from world knowledge and frozen (committed) before any tagger output for them was looked at. ${labels.population}`,
    '',
    'Tags: the real CLI `diff --source <id> <old> <new> --json` on each pair, run as a child process, without `--with` context; each labelled entity is joined with its added entry by publisher id. Unknown rows are not scored; low-confidence rows are.',
    '',
    '**Never tune rules on the holdout: it stays an honest figure only while nothing is fitted to it. Its misses are deliberately not listed here.**',
    '',
    '| pair | scored | unknown | low confidence | TP | FP | FN | micro precision | micro recall | P / R (high+medium) | defence recall | financial-services recall |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...scores.perPair.map((p) => summaryRow(p.score, p.source)),
    summaryRow(all, 'holdout (all)'),
    '',
    '### Per sector — holdout',
    '',
    ...sectorTable(all),
    '',
    '### Rule families — holdout',
    '',
    'Each tag counts once for every family among its evidence (family = the rule id before `:`).',
    '',
    ...familyTable([all], ['holdout']),
    '',
    `Holdout: micro precision ${fmt(precision(all.micro))}, recall ${fmt(recall(all.micro))} on ${all.scored} scored rows (${all.unknown} unknown, ${all.lowConfidence} low-confidence).`,
    '',
  ];
  return lines.join('\n');
}

/** `source|id` of every entity whose tags were reviewed while rules were tuned (`REVIEW_DIR`). */
export function reviewedIds(dir: string = REVIEW_DIR): Set<string> {
  const ids = new Set<string>();
  if (!existsSync(dir)) return ids;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.tsv'))) {
    const [head, ...lines] = readFileSync(resolve(dir, file), 'utf8').trim().split('\n');
    const cols = (head ?? '').split('\t');
    const src = cols.indexOf('src');
    const id = cols.indexOf('id');
    for (const line of lines) {
      const cells = line.split('\t');
      ids.add(`${cells[src]}|${cells[id]}`);
    }
  }
  return ids;
}

/** The second draw's scores: every row, and the rows whose tags were never reviewed in tuning. */
export interface SecondScores {
  all: HalfScore;
  unreviewed: HalfScore;
  reviewed: number;
}

export function scoreSecond(
  labels: HoldoutLabelFile,
  tagsOf: (row: LabelRow) => readonly SectorTag[],
  reviewed: ReadonlySet<string>,
): SecondScores {
  const fresh = labels.rows.filter((r) => !reviewed.has(`${r.source}|${r.id}`));
  return {
    all: scoreHalf(labels.rows, tagsOf, 'all'),
    unreviewed: scoreHalf(fresh, tagsOf, 'all'),
    reviewed: labels.rows.length - fresh.length,
  };
}

/** The second draw's section of the report. */
export function renderSecond(labels: HoldoutLabelFile, scores: SecondScores): string {
  const { all, unreviewed } = scores;
  const lines = [
    '## Second draw — labelled before it was scored',
    '',
    `Labels: \`test/fixtures/sectors/second-labels.json\` — ${labels.rows.length} more real non-individual additions of the OFAC pair, drawn at random (seed 20261130) from those the first draw did not take, labelled from world knowledge and frozen (committed) before any tagger output for them was looked at. ${labels.population}`,
    '',
    "Tags: as for the tuning sample — the real CLI `diff --json --with gb-ofsi-conlist=<ConList 2025-04-14>` on the OFAC pair (issue 12's measuring method). Unknown rows are not scored; low-confidence rows are.",
    '',
    `${scores.reviewed} of the drawn entities had tags among the 789 reviewed by world knowledge while the third round of rules was written (\`test/fixtures/sectors/review-2026-11-30/\`); the "not reviewed" row leaves them out. **Never tune rules on this draw. Its misses are deliberately not listed here.**`,
    '',
    '| rows | scored | unknown | low confidence | TP | FP | FN | micro precision | micro recall | P / R (high+medium) | defence recall | financial-services recall |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    summaryRow(all, 'second draw (all)'),
    summaryRow(unreviewed, 'not reviewed'),
    '',
    '### Per sector — second draw',
    '',
    ...sectorTable(all),
    '',
    '### Rule families — second draw',
    '',
    'Each tag counts once for every family among its evidence (family = the rule id before `:`).',
    '',
    ...familyTable([all], ['second draw']),
    '',
    `Second draw: micro precision ${fmt(precision(all.micro))}, recall ${fmt(recall(all.micro))} on ${all.scored} scored rows (${all.unknown} unknown, ${all.lowConfidence} low-confidence).`,
    '',
  ];
  return lines.join('\n');
}

/**
 * The section of a draw after the second: a tuning set's lists its misses, a report set's does not.
 */
export function renderLaterDraw(draw: LaterDraw, labels: HoldoutLabelFile, score: HalfScore): string {
  const title = `${draw.name[0]!.toUpperCase()}${draw.name.slice(1)} draw`;
  const report = draw.half === 'report';
  const label = `${draw.name} draw`;
  const conlist = pairOf(draw) !== PAIRS[0];
  const lines = [
    `## ${title} — ${report ? 'a report set, never tuned on' : 'a tuning set'}`,
    '',
    `Labels: \`test/fixtures/sectors/${basename(draw.labelsFile)}\` — ${labels.rows.length} more real non-individual additions of the ${conlist ? 'ConList' : 'OFAC'} pair, drawn at random (seed ${draw.seed}) from those ${draw.from}, labelled from world knowledge and frozen (committed) before any tagger output for them was looked at. ${labels.population}`,
    '',
    conlist
      ? "Tags: `diff --json --with` the OFAC file of the OFAC pair, as for the first draw's ConList rows. A population of its own (the UK list): not pooled with the OFAC draws below. **Never tune rules on this draw. Its misses are deliberately not listed here.**"
      : report
        ? "Tags: as for the second draw (`diff --json --with` the ConList). Drawn and labelled after the fourth round's rules were final, to measure them: **never tune rules on this draw. Its misses are deliberately not listed here.**"
        : 'Tags: as for the second draw (`diff --json --with` the ConList). Rules of the fourth round were tuned on this draw, so its figures are not an honest estimate: the second and fifth draws are.',
    '',
    '| rows | scored | unknown | low confidence | TP | FP | FN | micro precision | micro recall | P / R (high+medium) | defence recall | financial-services recall |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    summaryRow(score, label),
    '',
    `### Per sector — ${label}`,
    '',
    ...sectorTable(score),
    '',
    `### Rule families — ${label}`,
    '',
    'Each tag counts once for every family among its evidence (family = the rule id before `:`).',
    '',
    ...familyTable([score], [label]),
    '',
    ...(report ? [] : [`### Misses and wrong tags — ${label}`, '', ...missesTable(score), '']),
  ];
  return lines.join('\n');
}

/** The sector tags of each non-individual addition of `pairs`, keyed `source|id`. */
function additionTags(
  pairs: readonly PublicationPair[],
  withContext: boolean,
): Map<string, readonly SectorTag[]> {
  const tags = new Map<string, readonly SectorTag[]>();
  for (const pair of pairs) {
    for (const c of cliDiff(pair, withContext).changes) {
      if (isPopulationAddition(c)) tags.set(`${pair.source}|${c.id}`, c.sectors);
    }
  }
  return tags;
}

/**
 * Joins labelled rows with their additions' tags; throws, naming up to five, when a labelled entity
 * is not an addition of its pair (`file` names the label file).
 */
export function joinLabels(
  rows: readonly LabelRow[],
  tags: ReadonlyMap<string, readonly SectorTag[]>,
  file: string,
): (row: LabelRow) => readonly SectorTag[] {
  const missing = rows.filter((r) => !tags.has(`${r.source}|${r.id}`));
  if (missing.length) {
    throw new Error(
      `${missing.length} labelled entities of ${file} are not additions of their pair: ${missing
        .slice(0, 5)
        .map((r) => `${r.source} ${r.id}`)
        .join(', ')}`,
    );
  }
  return (r) => tags.get(`${r.source}|${r.id}`) ?? [];
}

/** The issue's targets (issue 12): micro precision and recall, defence and financial-services recall. */
const TARGETS = { precision: 0.85, recall: 0.65, defence: 0.7, finance: 0.9 } as const;
/** Seed of the bootstrap intervals (any fixed number: the report is reproducible). */
const BOOTSTRAP_SEED = 20261130;

/**
 * The report sets that were never tuned on, scored together: each set's and the pooled figures with
 * 95 % intervals (percentile bootstrap over the labelled rows), against the issue's targets.
 */
export function renderPooled(sets: readonly { name: string; rows: readonly RowCounts[] }[]): string {
  const random = mulberry32(BOOTSTRAP_SEED);
  const cell = (rows: readonly RowCounts[], kind: keyof RowCounts, stat: (c: Counts) => number) => {
    const c = total(rows, kind);
    const [lo, hi] = bootstrapInterval(rows, stat, kind, random);
    const head = kind === 'all' ? `**${fmt(stat(c))}**` : `${frac(c)} = ${fmt(stat(c))}`;
    return `${head} (${fmt(lo)}–${fmt(hi)})`;
  };
  const pooled = sets.flatMap((x) => x.rows);
  const all = [...sets, { name: '**pooled**', rows: pooled }];
  const lines = [
    '## The clean report sets pooled',
    '',
    `The draws that were never tuned on and whose misses were never read (${sets.map((x) => x.name).join(', ')}), each and together, with 95 % intervals: a percentile bootstrap (2,000 resamples, seed ${BOOTSTRAP_SEED}) that draws labelled rows, not sector labels, since one entity's labels are not independent. These draws are one population (the OFAC pair's additions); the fresh holdout (other lists and years) is reported above on its own. Their summaries were read while rules were chosen (docs/sectors.md), so the figures lean a little optimistic.`,
    '',
    '| set | scored rows | TP | FP | FN | precision (95 %) | recall (95 %) | defence recall (95 %) | financial-services recall (95 %) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const x of all) {
    const c = total(x.rows, 'all');
    lines.push(
      `| ${x.name} | ${x.rows.length} | ${c.tp} | ${c.fp} | ${c.fn} | ${cell(x.rows, 'all', precision)} | ${cell(x.rows, 'all', recall)} | ${cell(x.rows, 'defence', recall)} | ${cell(x.rows, 'finance', recall)} |`,
    );
  }
  const verdict = (name: string, value: number, target: number) =>
    `${name} ${fmt(value)} against ${target.toFixed(2)}: ${value >= target ? 'met' : 'not met'}`;
  const c = total(pooled, 'all');
  lines.push(
    '',
    `Pooled, against the issue's targets: ${[
      verdict('precision', precision(c), TARGETS.precision),
      verdict('recall', recall(c), TARGETS.recall),
      verdict('defence recall', recall(total(pooled, 'defence')), TARGETS.defence),
      verdict('financial-services recall', recall(total(pooled, 'finance')), TARGETS.finance),
    ].join('; ')}.`,
    '',
  );
  return lines.join('\n');
}

/** The OFAC pair's new publication's record texts by id, and the ConList's by comparable name. */
function reachTexts(): ReachTexts {
  const read = (pair: PublicationPair, each: (d: Designation) => void) => {
    const source = listSource(pair.source);
    parsePublicationFilesEach(source, readPublicationFiles(source, resolve(REALDATA, pair.new)), each);
  };
  const own = new Map<string, { text: string; names: string[] }>();
  read(PAIRS[0]!, (d) =>
    own.set(d.id, {
      text: recordText(d),
      names: [d.name, ...d.aliases.map((a) => a.name)].map(comparableName),
    }),
  );
  const other = new Map<string, string[]>();
  read(PAIRS[1]!, (d) => {
    if (d.entityType === 'individual') return;
    const text = recordText(d);
    for (const name of new Set([d.name, ...d.aliases.map((a) => a.name)].map(comparableName))) {
      const texts = other.get(name);
      if (texts) texts.push(text);
      else other.set(name, [text]);
    }
  });
  return { own, other };
}

interface ReachTexts {
  /** Per OFAC id: its record text and its names, comparable. */
  own: ReadonlyMap<string, { text: string; names: readonly string[] }>;
  /** Per comparable name: the record texts of the ConList's non-individual entries that bear it. */
  other: ReadonlyMap<string, readonly string[]>;
}

type ReachSets = Record<'report' | 'tune', { labels: LabelRow[]; counts: RowCounts[] }>;

/** What the lists' text can reach for financial services, beside what the tagger reaches (see sector-text-reach.ts). */
export function renderFinanceReach(sets: ReachSets, texts: ReachTexts): string {
  const lines = [
    "## What the lists' text can reach: financial services",
    '',
    `Of the OFAC pair's additions labelled \`financial-services\` from world knowledge, those with any of ${FINANCE_WORDS.length} finance words (\`scripts/sector-text-reach.ts\`: BANK, FINANC-, INVEST-, CAPITAL, FUND, HOLDING, TRUST, LEASING, INSUR-, PAY-, BROKER, EXCHANGE, CRYPTO, LOAN, VENTURE, … and their transliterations) anywhere in their own record — every field, the names of what they are linked to included — or in a ConList entry of the same name, after OFAC's secondary-sanctions warning and the UK's trust-services measure are struck. The words are read as substrings with no guard (VENTURE in a joint venture, SECURIT- in security, HOLDING in any holding), so this is an upper bound on what any rule reading the lists can reach, not a rule: a bound under the issue's 0.90 says the rest needs evidence the list files do not carry (OFAC's press releases say what a holding or a shell does; the lists do not).`,
    '',
    '| set | labelled financial-services | tagged (recall) | reachable at most (bound) | of them only through the ConList |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const [name, set] of [
    ['clean report sets pooled', sets.report],
    [
      "tuning sets pooled (first draw's tune half, third, fourth, seventh, twelfth, fourteenth, fifteenth)",
      sets.tune,
    ],
  ] as const) {
    const r = financeReach(
      set.labels,
      (row) => texts.own.get(row.id)?.text,
      (row) => (texts.own.get(row.id)?.names ?? []).flatMap((n) => texts.other.get(n) ?? []),
    );
    const c = total(set.counts, 'finance');
    lines.push(
      `| ${name} | ${r.labelled} | ${frac(c)} = ${fmt(recall(c))} | ${r.reachable} = ${fmt(r.reachable / r.labelled)} | ${r.onlyOther} |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

function main() {
  const write = !process.argv.includes('--no-write');
  const labels = JSON.parse(readFileSync(LABELS_FILE, 'utf8')) as LabelFile;
  const tagsOf = joinLabels(labels.rows, additionTags(PAIRS, true), 'world-labels.json');
  const scores = (['report', 'tune', 'all'] as const).map((h) => scoreHalf(labels.rows, tagsOf, h));
  const holdout = JSON.parse(readFileSync(HOLDOUT_LABELS_FILE, 'utf8')) as HoldoutLabelFile;
  const holdoutTagsOf = joinLabels(holdout.rows, additionTags(HOLDOUT_PAIRS, false), 'holdout-labels.json');
  const sections = [
    renderReport(labels, scores, new Date().toISOString().slice(0, 10), measuredCommit()),
    renderHoldout(holdout, scoreHoldout(holdout, holdoutTagsOf)),
  ];
  const ofacTags = additionTags([PAIRS[0]!], true);
  const clean: { name: string; rows: RowCounts[] }[] = [];
  // the OFAC pair's labelled rows by half, for the finance reach study
  const firstTune = labels.rows.filter((r) => r.source === PAIRS[0]!.source && r.half === 'tune');
  const reach = {
    report: { labels: [] as LabelRow[], counts: [] as RowCounts[] },
    tune: { labels: firstTune, counts: rowCounts(firstTune, tagsOf) },
  };
  if (existsSync(SECOND_LABELS_FILE)) {
    const second = JSON.parse(readFileSync(SECOND_LABELS_FILE, 'utf8')) as HoldoutLabelFile;
    const secondTagsOf = joinLabels(second.rows, ofacTags, 'second-labels.json');
    sections.push(renderSecond(second, scoreSecond(second, secondTagsOf, reviewedIds())));
    clean.push({ name: 'second draw', rows: rowCounts(second.rows, secondTagsOf) });
    reach.report.labels.push(...second.rows);
    reach.report.counts.push(...rowCounts(second.rows, secondTagsOf));
  }
  // the ConList pair's tags (with the OFAC file as context), made when a draw of it is labelled
  let conlistTags: ReturnType<typeof additionTags> | undefined;
  for (const d of LATER_DRAWS.slice(1)) {
    if (!existsSync(d.labelsFile)) continue;
    const labelled = JSON.parse(readFileSync(d.labelsFile, 'utf8')) as HoldoutLabelFile;
    const ofac = pairOf(d) === PAIRS[0];
    if (!ofac) conlistTags ??= additionTags([pairOf(d)], true);
    const pairTags = ofac ? ofacTags : conlistTags!;
    const tagsOf = joinLabels(labelled.rows, pairTags, basename(d.labelsFile));
    sections.push(renderLaterDraw(d, labelled, scoreHalf(labelled.rows, tagsOf, 'all')));
    // the pool is the OFAC pair's population (the issue's measure); the ConList draw stands alone
    if (!ofac) continue;
    const counts = rowCounts(labelled.rows, tagsOf);
    if (d.half === 'report') clean.push({ name: `${d.name} draw`, rows: counts });
    reach[d.half].labels.push(...labelled.rows);
    reach[d.half].counts.push(...counts);
  }
  if (clean.length) sections.push(renderPooled(clean));
  sections.push(renderFinanceReach(reach, reachTexts()));
  const text = sections.join('\n');
  console.log(text);
  if (write) writeFileSync(REPORT_FILE, text);
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  try {
    main();
  } catch (error) {
    console.error(`eval:sectors: ${(error as Error).message}`);
    process.exit(1);
  }
}
