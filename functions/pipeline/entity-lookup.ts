/**
 * Looking up one entity across lists (the `entity` command and the `/entity/…` page): each listing
 * (source, id, name, listed on, how it was linked), its strong identifiers, its history (added,
 * amended, removed, from the stored batches), the lists checked that do not hold it, and its
 * relationships with paths. Reads the stored entity index and batches through their ports.
 */
import { type AlsoListed, EntityIndex, type Related } from '../core/entities/index';
import { nameTokens } from '../core/entities/names';
import type { EntityRecord } from '../core/entities/record';
import type { EntityIndexRepository } from './entities';
import type { BatchRepo } from './repos';

export interface EntityLookupDeps {
  entities: EntityIndexRepository;
  /** The stored batches (history); without it listings carry no history. */
  batches?: Pick<BatchRepo, 'list' | 'loadChanges'>;
  /** Every list source the index covers. */
  listSources: readonly string[];
}

export interface HistoryItem {
  detectedAt: string;
  batchId: string;
  kind: string;
  material: boolean;
}

export interface Listing {
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

/** One entity: its listings (the entry asked for first), the lists checked that do not hold it, its relationships. */
export interface EntityLookup {
  listings: Listing[];
  notListedBy: string[];
  related: Related[];
}

/** The stored entity index of every list source. */
export async function loadEntityIndex(deps: EntityLookupDeps): Promise<EntityIndex> {
  return new EntityIndex(await deps.entities.load(deps.listSources));
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

async function historyOf(deps: EntityLookupDeps, source: string, id: string): Promise<HistoryItem[]> {
  if (!deps.batches) return [];
  const out: HistoryItem[] = [];
  for (const header of await deps.batches.list(source)) {
    for (const c of await deps.batches.loadChanges(header)) {
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

/** One entry with its listings on other lists, the lists that do not hold it and its relationships. */
export async function describeEntity(
  deps: EntityLookupDeps,
  index: EntityIndex,
  r: EntityRecord,
): Promise<EntityLookup> {
  const a = index.annotate(r);
  const listings = [listingOf(r, await historyOf(deps, r.source, r.id))];
  for (const m of a.alsoListed) {
    const other = index.get(m.source, m.id);
    if (other) listings.push(listingOf(other, await historyOf(deps, m.source, m.id), m.match));
  }
  return { listings, notListedBy: a.notListedBy, related: a.related };
}

/** The entities a query names (at most `max`); an entry shown as another's listing is not repeated. */
export async function lookupEntities(
  deps: EntityLookupDeps,
  index: EntityIndex,
  query: string,
  options: { source?: string; max?: number } = {},
): Promise<EntityLookup[]> {
  const shown = new Set<string>();
  const out: EntityLookup[] = [];
  for (const r of findEntries(index, query, options.source)) {
    if (shown.has(`${r.source}:${r.id}`) || out.length >= (options.max ?? 10)) continue;
    const e = await describeEntity(deps, index, r);
    for (const l of e.listings) shown.add(`${l.source}:${l.id}`);
    out.push(e);
  }
  return out;
}

/** One entry by source and id (the entity page), or `undefined` when the index does not hold it. */
export async function entityById(
  deps: EntityLookupDeps,
  source: string,
  id: string,
): Promise<EntityLookup | undefined> {
  const index = await loadEntityIndex(deps);
  const r = index.get(source, id);
  return r ? describeEntity({ entities: deps.entities, listSources: deps.listSources }, index, r) : undefined;
}

/** How a listing was linked, in words: an identifier is certain, a name match never is. */
export function matchText(m: AlsoListed['match']): string {
  if (m.by === 'identifier') return `same ${m.field} ${m.value}`;
  return m.corroboration.length
    ? `name match (score ${m.score}) corroborated by ${m.corroboration.join(', ')}; not certain`
    : `name match only (score ${m.score}); not certain`;
}
