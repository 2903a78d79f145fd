/**
 * `diff --source <source-id> <old-file> <new-file> [--json] [--strict-bounds]`: what was added,
 * removed and amended between two publications of a list, field by field, with sector tags.
 * The `--json` document is described by `schemas/changes.schema.json`.
 */

import type { Change, DiffResult, FieldChange, PublicationSummary, SectorTag } from '../core/changes';
import { compactCollector, PublicationDiffer } from '../core/diff';
import { annotateChange } from '../core/entities/annotate';
import { EntityIndex } from '../core/entities/index';
import type { Designation, PublicationMeta } from '../core/model';
import { lazySectorRecordOf, sectorRecordOf } from '../core/sector-graph';
import { checkBounds, type ListSource } from '../core/source';
import { entityLines } from '../render/common';
import { listSource } from '../sources/index';
import { type CliIO, type CommandRun, parseCommandArgs, UsageError } from './io';
import {
  checkPublicationBytes,
  type PublicationFiles,
  parsePublicationFilesEach,
  readPublicationFiles,
} from './read-publication';

const USAGE =
  'usage: diff --source <source-id> <old-file> <new-file> [--with <source-id>=<file>]... [--json] [--strict-bounds]';

/** The `--json` document: a `DiffResult` with `published: null` where the publication states no date. */
export interface DiffDocument extends Omit<DiffResult, 'old' | 'new'> {
  old: Omit<PublicationSummary, 'published'> & { published: string | null };
  new: Omit<PublicationSummary, 'published'> & { published: string | null };
}

export function diffDocument(result: DiffResult): DiffDocument {
  const pub = (p: PublicationSummary) => ({
    published: p.published ?? null,
    records: p.records,
    sha256: p.sha256,
  });
  return {
    source: result.source,
    old: pub(result.old),
    new: pub(result.new),
    summary: result.summary,
    changes: result.changes,
  };
}

/** Both publications read and parsed, ready to diff (`differ.finish(after)`). */
export interface ParsedPair {
  before: PublicationMeta;
  after: PublicationMeta;
  /** Warnings about companion files used on one side only, to print once both files have parsed. */
  warnings: string[];
  /** The old publication held compactly, the new one's entries already compared against it. */
  differ: PublicationDiffer;
}

/**
 * Reads and parses both publications. Companion files (OFAC `add.csv`, …) are used only where both
 * sides have them, so that a side read without them does not show every alias and address as
 * removed; the warnings saying so are returned, to be printed once both files have parsed.
 *
 * Memory: the old publication is kept as one canonical JSON text per entry and its files are let
 * go before the new one is parsed; the new publication's entries are compared as they are read,
 * and only those that differ are kept as objects (see `PublicationDiffer`).
 */
export function readAndParseBoth(
  source: ListSource,
  oldPath: string,
  newPath: string,
  onNewEntry?: (d: Designation) => void,
): ParsedPair {
  let oldFiles: PublicationFiles | undefined = readPublicationFiles(source, oldPath);
  const newFiles = readPublicationFiles(source, newPath);
  const common = Object.keys(oldFiles.companions).filter((n) => n in newFiles.companions);
  const warnings: string[] = [];
  for (const [files, other] of [
    [oldFiles, newFiles],
    [newFiles, oldFiles],
  ] as [PublicationFiles, PublicationFiles][]) {
    const dropped = Object.keys(files.companions).filter((n) => !common.includes(n));
    if (dropped.length) {
      warnings.push(
        `warning: ${source.definition.id}: ${dropped.join(', ')} found for ${files.path} but not for ${other.path}; ` +
          `both compared without ${dropped.length > 1 ? 'them' : 'it'}`,
      );
    }
  }
  // The cheap checks (empty file, HTML page) on both files first, so a failed download is reported
  // at once rather than after the other file has been parsed.
  checkPublicationBytes(source, oldFiles);
  checkPublicationBytes(source, newFiles);
  const options = { enforceBounds: false, companions: common };
  const old = compactCollector();
  const before = parsePublicationFilesEach(source, oldFiles, old.add, options);
  oldFiles = undefined; // the old file's bytes are not needed any more
  const differ = new PublicationDiffer({ meta: before, entries: old.entries });
  const after = parsePublicationFilesEach(
    source,
    newFiles,
    (d) => {
      differ.add(d);
      onNewEntry?.(d);
    },
    options,
  );
  return { before, after, warnings, differ };
}

function checkRecordBounds(
  source: ListSource,
  path: string,
  publication: PublicationMeta,
  strict: boolean,
  io: CliIO,
) {
  try {
    checkBounds(source.definition, publication.records);
  } catch (error) {
    const message = `${path}: ${(error as Error).message}`;
    if (strict) throw new Error(message, { cause: error });
    io.err(`warning: ${message}`);
  }
}

export const run: CommandRun = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(argv, {
    source: { type: 'string' },
    json: { type: 'boolean', default: false },
    'strict-bounds': { type: 'boolean', default: false },
    with: { type: 'string', multiple: true },
  });
  if (!values.source) throw new UsageError(`--source is required; ${USAGE}`);
  if (positionals.length !== 2) throw new UsageError(`expected an old and a new file; ${USAGE}`);
  const [oldPath, newPath] = positionals as [string, string];
  const source = listSource(values.source);

  const context = values.with?.length ? contextIndex(values.with, source.definition.id) : undefined;
  const { before, after, warnings, differ } = readAndParseBoth(
    source,
    oldPath,
    newPath,
    context && ((d) => context.put(lazySectorRecordOf(d))),
  );
  for (const warning of warnings) io.err(warning);
  checkRecordBounds(source, oldPath, before, values['strict-bounds'], io);
  checkRecordBounds(source, newPath, after, values['strict-bounds'], io);
  const result = differ.finish(after);
  if (context) {
    // The entry after the change (the index holds the new publication), before it for a removal.
    result.changes = result.changes.map((c) => {
      const entry =
        c.kind === 'removed'
          ? sectorRecordOf(JSON.parse(differ.before.entries.get(c.id)!) as Designation)
          : context.get(source.definition.id, c.id)!;
      return annotateChange(context, c, entry);
    });
  }

  if (values.json) io.out(JSON.stringify(diffDocument(result)));
  else for (const line of humanReport(result, oldPath, newPath)) io.out(line);
  return 0;
};

/**
 * The entity index of the `--with <source-id>=<file>` publications: other lists read as context
 * (cross-list matches, relationships) when no store is used. Each is read and parsed strictly.
 */
function contextIndex(specs: readonly string[], diffed: string): EntityIndex {
  const index = new EntityIndex();
  for (const spec of specs) {
    const at = spec.indexOf('=');
    if (at <= 0 || at === spec.length - 1)
      throw new UsageError(`--with needs <source-id>=<file>, got ${JSON.stringify(spec)}; ${USAGE}`);
    const id = spec.slice(0, at);
    if (id === diffed) throw new UsageError(`--with ${id}: that is the list being diffed; name other lists`);
    const source = listSource(id);
    const files = readPublicationFiles(source, spec.slice(at + 1));
    checkPublicationBytes(source, files);
    parsePublicationFilesEach(source, files, (d) => index.put(lazySectorRecordOf(d)), {
      enforceBounds: false,
    });
  }
  return index;
}

// ---------------------------------------------------------------------------------------------
// Human output

const MAX_TEXT = 160;

function clip(text: string, max = MAX_TEXT): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** One value of a field change as a short line: text quoted, objects as `key: value; …`. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  if (typeof value === 'string') return JSON.stringify(clip(value));
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
      .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(' / ') : String(v)}`)
      .join('; ');
  }
  return String(value);
}

/** Two long texts: only the part that differs, with a little context either side. */
export function textDelta(before: string, after: string, context = 40): [string, string] {
  if (before.length <= MAX_TEXT && after.length <= MAX_TEXT) return [before, after];
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (
    end < before.length - start &&
    end < after.length - start &&
    before[before.length - 1 - end] === after[after.length - 1 - end]
  ) {
    end++;
  }
  const from = Math.max(0, start - context);
  const cut = (s: string) => {
    const to = Math.min(s.length, s.length - end + context);
    return `${from > 0 ? '…' : ''}${s.slice(from, to)}${to < s.length ? '…' : ''}`;
  };
  return [cut(before), cut(after)];
}

function formatField(f: FieldChange): string {
  if (typeof f.before === 'string' && typeof f.after === 'string') {
    const [b, a] = textDelta(f.before, f.after);
    return `${f.field}: ${formatValue(b)} → ${formatValue(a)}`;
  }
  if (f.before === null) return `${f.field}: + ${formatValue(f.after)}`;
  if (f.after === null) return `${f.field}: - ${formatValue(f.before)}`;
  return `${f.field}: ${formatValue(f.before)} → ${formatValue(f.after)}`;
}

export function formatSectors(sectors: readonly SectorTag[]): string {
  if (sectors.length === 0) return 'none';
  return sectors
    .map((tag) => {
      const evidence = tag.evidence
        .map((e) => {
          const inherited = e.inheritedFrom ? `, inherited from ${e.inheritedFrom}` : '';
          return `${e.field} ${JSON.stringify(clip(e.text, 80))} [${e.rule}${inherited}]`;
        })
        .join('; ');
      return `${tag.sector} ${tag.strength} (${evidence})`;
    })
    .join(', ');
}

function publicationLine(label: string, path: string, p: PublicationSummary): string {
  return `${label}: ${path} — published ${p.published ?? 'date not stated'}, ${p.records} records, sha256 ${p.sha256.slice(0, 12)}`;
}

function changeHeader(c: Change): string {
  const regimes = c.regimes.length ? c.regimes.join(', ') : 'none';
  return `${c.kind.padEnd(7)} ${c.id}  ${c.name}  [${c.entityType}]  regimes: ${regimes}`;
}

export function humanReport(result: DiffResult, oldPath: string, newPath: string): string[] {
  const lines = [
    `source ${result.source}`,
    publicationLine('old', oldPath, result.old),
    publicationLine('new', newPath, result.new),
  ];
  const cosmeticOnly = result.changes.filter((c) => c.kind === 'amended' && !c.material);
  const { added, removed, amended } = result.summary;
  lines.push(
    `summary: ${added} added, ${removed} removed, ${amended} amended ` +
      `(${amended - cosmeticOnly.length} material, ${cosmeticOnly.length} cosmetic only)`,
  );
  for (const c of result.changes) {
    if (c.kind === 'amended' && !c.material) continue;
    lines.push('', changeHeader(c), `        sectors: ${formatSectors(c.sectors)}`);
    for (const f of c.fields) if (f.material) lines.push(`        ${formatField(f)}`);
    for (const l of entityLines(c)) lines.push(`        ${l}`);
    for (const r of (c.related ?? []).slice(0, 5)) lines.push(`        related: ${r.path}`);
    const cosmetic = c.fields.filter((f) => !f.material).map((f) => f.field);
    if (cosmetic.length) lines.push(`        cosmetic: ${[...new Set(cosmetic)].join(', ')}`);
  }
  if (cosmeticOnly.length) {
    lines.push('', `cosmetic only (${cosmeticOnly.length}):`);
    for (const c of cosmeticOnly) {
      const fields = [...new Set(c.fields.map((f) => f.field))].join(', ');
      lines.push(`amended ${c.id}  ${c.name}  [${c.entityType}]  cosmetic: ${fields}`);
    }
  }
  return lines;
}
