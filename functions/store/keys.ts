/**
 * Key design of the single table (see docs/store.md). Every item family is told apart by its
 * partition-key prefix; nothing else in the code builds keys.
 */

/** Snapshot: one item per entry of a source's current publication. */
export const snapshotKey = (source: string, id: string) => ({ pk: `SNAP#${source}`, sk: id });
export const snapshotPk = (source: string) => `SNAP#${source}`;

/** Change batch: header `sk=<sha256>`, change chunks `<sha256>#C#nnnnn`, after-image chunks `<sha256>#A#nnnnn`. */
export const batchPk = (source: string) => `BATCH#${source}`;
export const batchHeaderKey = (source: string, sha256: string) => ({ pk: batchPk(source), sk: sha256 });
export const batchChunkKey = (source: string, sha256: string, part: 'C' | 'A', index: number) => ({
  pk: batchPk(source),
  sk: `${sha256}#${part}#${String(index).padStart(5, '0')}`,
});
/** GSI1 of batch headers: every batch of a source in detection order. */
export const batchesGsiPk = (source: string) => `BATCHES#${source}`;

/** Source state: one item per source. */
export const sourceStateKey = (source: string) => ({ pk: `SOURCE#${source}`, sk: 'STATE' });
export const SOURCE_STATE_GSI_PK = 'SOURCES';

/** Quarantined publications: one partition (few items), `sk=<source>#<sha256>`. */
export const QUARANTINE_PK = 'QUARANTINE';
export const quarantineKey = (source: string, sha256: string) => ({
  pk: QUARANTINE_PK,
  sk: `${source}#${sha256}`,
});

/** Entity index: one compact record per entry of a list, `pk=ENT#<source>`, `sk=<publisher id>`. */
export const entityPk = (source: string) => `ENT#${source}`;
export const entityKey = (source: string, id: string) => ({ pk: entityPk(source), sk: id });
