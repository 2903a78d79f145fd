/**
 * The entity index in the table (both engines): records round-trip; a poll's update writes one
 * item per snapshot put or delete and reads every list once; the annotation comes from the stored
 * index with the polled list's new state applied; a rebuild from snapshots deletes stale records.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { emptyDesignation } from '../../functions/core/model';
import { entityGraph, rebuildEntityIndex } from '../../functions/pipeline/entities';
import { countRequests } from '../../functions/store/dynamo';
import { createStore, type Store } from '../../functions/store/index';
import { dynamoClients, ensureTable } from '../../functions/store/table';

const uk = (id: string, name: string, reg?: string) => {
  const d = emptyDesignation('gb-fcdo-sanctions', id, 'entity', name);
  if (reg) d.identifiers.push({ type: 'registration', value: reg, label: 'Business Registration Number' });
  return d;
};
const us = (id: string, name: string, more: { reg?: string; linked?: string } = {}) => {
  const d = emptyDesignation('us-ofac-sdn', id, 'entity', name);
  if (more.reg) d.identifiers.push({ type: 'registration', value: more.reg, label: 'Registration Number' });
  if (more.linked) d.links.push({ name: more.linked, relation: 'Linked To' });
  return d;
};
const change = (id: string, name: string) => ({
  kind: 'added' as const,
  id,
  name,
  entityType: 'entity' as const,
  regimes: [],
  sectors: [],
  fields: [],
  material: true,
});
const SOURCES = ['gb-fcdo-sanctions', 'us-ofac-sdn'];

describe.each(inject('dynamoEngines'))('entity index on $name', ({ name, endpoint }) => {
  let store: Store;
  let counter: ReturnType<typeof countRequests>;

  beforeAll(async () => {
    const tableName = `entities-${name}`;
    const { client, doc } = dynamoClients({ tableName, endpoint });
    await ensureTable(client, tableName);
    counter = countRequests(doc);
    store = createStore(doc, tableName);
  });

  it('keeps the index current with writes proportional to the changes, and annotates from it', async () => {
    const graph = entityGraph(store.entities, SOURCES);
    const ukEntries = Array.from({ length: 60 }, (_, i) =>
      uk(`RUS${i}`, `UK ENTITY NUMBER ${i}`, `10777460033${String(i).padStart(2, '0')}`),
    );
    expect(
      await graph.update('gb-fcdo-sanctions', { puts: ukEntries.map((entry) => ({ entry })), deletes: [] }),
    ).toBe(60);

    const parent = us('100', 'STATE HOLDING ALPHA');
    const child = us('200', 'ALPHA PLANT', { reg: '1077746003307', linked: 'STATE HOLDING ALPHA' });
    counter.reset();
    const annotated = await graph.annotate(
      'us-ofac-sdn',
      [change('100', parent.name), change('200', child.name)],
      new Map([
        ['100', parent],
        ['200', child],
      ]),
      { puts: [{ entry: parent }, { entry: child }], deletes: [] },
    );
    // Reads: one query per list; writes: one batch for the two records.
    expect(counter.counts.Query).toBe(SOURCES.length);
    expect(counter.counts.BatchWriteItem).toBe(1);
    const [p, c] = annotated;
    expect(p!.alsoListed).toEqual([]);
    expect(p!.notListedBy).toEqual(['gb-fcdo-sanctions']);
    expect(c!.alsoListed).toEqual([
      expect.objectContaining({
        source: 'gb-fcdo-sanctions',
        id: 'RUS7',
        match: { by: 'identifier', field: 'registration number', value: '1077746003307' },
      }),
    ]);
    expect(c!.related!.map((r) => r.path)).toEqual(['ALPHA PLANT → linked to STATE HOLDING ALPHA']);

    counter.reset();
    await graph.update('us-ofac-sdn', { puts: [], deletes: ['200'] });
    expect(counter.counts.BatchWriteItem).toBe(1);
    expect((await store.entities.ids('us-ofac-sdn')).sort()).toEqual(['100']);
  });

  it('rebuilds a list from its snapshot, deleting records it no longer holds', async () => {
    await store.entities.apply('eu-fsf', [], []);
    const graph = entityGraph(store.entities, ['eu-fsf']);
    const stale = emptyDesignation('eu-fsf', '9', 'entity', 'GONE');
    await graph.update('eu-fsf', { puts: [{ entry: stale }], deletes: [] });
    const kept = emptyDesignation('eu-fsf', '1', 'entity', 'KEPT');
    const result = await rebuildEntityIndex(store.entities, ['eu-fsf'], async () => [kept]);
    expect(result).toEqual([{ source: 'eu-fsf', records: 1, deleted: 1 }]);
    expect((await store.entities.load(['eu-fsf'])).map((r) => r.name)).toEqual(['KEPT']);
  });
});
