/**
 * `entity <name or id> [--source <id>] [--json]`: one entity across every list the local store
 * holds — each listing (source, id, name, listed on, how it was linked), its strong identifiers,
 * its history (added, amended, removed, from the stored batches) and its relationships with paths.
 */
import { type AlsoListed, EntityIndex, type Related } from '../core/entities/index';
import { nameTokens } from '../core/entities/names';
import type { EntityRecord } from '../core/entities/record';
import type { LocalRuntime } from '../local/runtime';
import { LIST_SOURCES } from '../sources/index';
import { DATA_DIR_OPTION, withRuntime } from './common';
import { type CommandRun, parseCommandArgs, UsageError } from './io';

const MAX_ENTITIES = 10;

/** The stored entity index of every list source. */
export async function loadEntityIndex(runtime: LocalRuntime): Promise<EntityIndex> {
  return new EntityIndex(await runtime.store.entities.load(Object.keys(LIST_SOURCES)));
}

/** Entries the query names: an id (of `source`, or of any list), else a name (normalised, then words). */
export function findEntries(index: EntityIndex, query: string, source?: string): EntityRecord[] {
  const all = [...index.all()].filter((r) => !source || r.source === source);
  const byId = all.filter((r) => r.id === query.trim());
  if (byId.length) return byId;
  const byName = index.findByName(query).filter((r) => !source || r.source === source);
  if (byName.length) return byName;
  const words = nameTokens(query);
  if (!words.length) return [];
  return all.filter((r) =>
    r.names.some((n) => {
      const t = ` ${nameTokens(n).join(' ')} `;
      return words.every((w) => t.includes(` ${w} `));
    }),
  );
}

interface HistoryItem {
  detectedAt: string;
  batchId: string;
  kind: string;
  material: boolean;
}

interface Listing {
  source: string;
  id: string;
  name: string;
  entityType: string;
  listedOn: string | null;
  /** How this listing was linked to the first one (absent on the first). */
  match?: AlsoListed['match'];
  identifiers: { field: string; value: string; country?: string }[];
  history: HistoryItem[];
}

async function historyOf(runtime: LocalRuntime, source: string, id: string): Promise<HistoryItem[]> {
  const out: HistoryItem[] = [];
  for (const header of await runtime.store.batches.list(source)) {
    for (const c of await runtime.store.batches.loadChanges(header)) {
      if (c.id === id)
        out.push({ detectedAt: header.detectedAt, batchId: header.id, kind: c.kind, material: c.material });
    }
  }
  return out.sort((a, b) => a.detectedAt.localeCompare(b.detectedAt));
}

function listingOf(r: EntityRecord, history: HistoryItem[], match?: AlsoListed['match']): Listing {
  return {
    source: r.source,
    id: r.id,
    name: r.name,
    entityType: r.type,
    listedOn: r.listedOn ?? null,
    ...(match ? { match } : {}),
    identifiers: r.ids.map((i) => ({
      field: i.field,
      value: i.value,
      ...(i.country ? { country: i.country } : {}),
    })),
    history,
  };
}

function matchText(m: AlsoListed['match']): string {
  if (m.by === 'identifier') return `same ${m.field} ${m.value}`;
  return m.corroboration.length
    ? `name match (score ${m.score}) corroborated by ${m.corroboration.join(', ')}; not certain`
    : `name match only (score ${m.score}); not certain`;
}

export const run: CommandRun = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(argv, {
    ...DATA_DIR_OPTION,
    source: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError('usage: entity <name or id> [--source <id>] [--json]');
  const query = positionals[0]!;
  return withRuntime(values['data-dir'], io, async (runtime) => {
    const index = await loadEntityIndex(runtime);
    if (index.size === 0) {
      io.err('the entity index is empty: poll the lists first, or run `entities rebuild`');
      return 1;
    }
    const found = findEntries(index, query, values.source);
    // One entity per group of listings: an entry already shown as another's listing is not repeated.
    const shown = new Set<string>();
    const entities: { listings: Listing[]; related: Related[] }[] = [];
    for (const r of found) {
      if (shown.has(`${r.source}:${r.id}`) || entities.length >= MAX_ENTITIES) continue;
      const listings = [listingOf(r, await historyOf(runtime, r.source, r.id))];
      shown.add(`${r.source}:${r.id}`);
      for (const m of index.matchesOf(r)) {
        const other = index.get(m.source, m.id)!;
        shown.add(`${m.source}:${m.id}`);
        listings.push(listingOf(other, await historyOf(runtime, m.source, m.id), m.match));
      }
      entities.push({ listings, related: index.related(r) });
    }
    if (values.json) {
      io.out(JSON.stringify({ query, entities }, null, 2));
      return entities.length ? 0 : 1;
    }
    if (!entities.length) {
      io.out(`no entry named or numbered ${JSON.stringify(query)} in the entity index`);
      return 1;
    }
    for (const e of entities) {
      io.out('');
      for (const l of e.listings) {
        const how = l.match ? `  — ${matchText(l.match)}` : '';
        io.out(
          `${l.source} ${l.id}  ${l.name}  [${l.entityType}]  listed ${l.listedOn ?? 'date not stated'}${how}`,
        );
        if (l.identifiers.length)
          io.out(
            `    identifiers: ${l.identifiers.map((i) => `${i.field} ${i.value}${i.country ? ` (${i.country})` : ''}`).join('; ')}`,
          );
        for (const h of l.history)
          io.out(`    ${h.detectedAt}  ${h.kind}${h.material ? '' : ' (cosmetic)'}  batch ${h.batchId}`);
      }
      for (const r of e.related) io.out(`    related: ${r.path}  [${r.kind}, ${r.source}]`);
    }
    return 0;
  });
};
