/**
 * Test wiring for the poll pipeline on a real DynamoDB API engine: a fresh table per call, a
 * folder archive in a temp dir, a recording queue and operator alerts, and a clock that advances
 * one minute per reading (tests never depend on wall-clock time).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChangeBatch } from '../../functions/core/changes';
import type { ListSource } from '../../functions/core/source';
import type { OperatorAlert, PipelineStep, PollDeps } from '../../functions/pipeline/ports';
import { listSource } from '../../functions/sources/index';
import { FolderArchive } from '../../functions/store/archive';
import { countRequests, type RequestCounter } from '../../functions/store/dynamo';
import { createStore, type Store } from '../../functions/store/index';
import { dynamoClients, ensureTable } from '../../functions/store/table';

let tableCounter = 0;

export interface Harness {
  deps: PollDeps;
  store: Store;
  sent: ChangeBatch[];
  /** Distinct batch ids, in the order first received (what an idempotent consumer acts on). */
  received: () => string[];
  alerts: OperatorAlert[];
  requests: RequestCounter;
  tmp: string;
}

export async function harness(
  endpoint: string,
  options: { source?: (id: string) => ListSource; fault?: (step: PipelineStep) => void | Promise<void> } = {},
): Promise<Harness> {
  const tableName = `pipeline-${process.pid}-${Date.now().toString(36)}-${tableCounter++}`;
  const { client, doc } = dynamoClients({ tableName, endpoint });
  await ensureTable(client, tableName);
  const requests = countRequests(doc);
  const store = createStore(doc, tableName);
  const tmp = mkdtempSync(join(tmpdir(), 'pipeline-'));
  const sent: ChangeBatch[] = [];
  const alerts: OperatorAlert[] = [];
  let minutes = 0;
  const deps: PollDeps = {
    store,
    archive: new FolderArchive(join(tmp, 'archive')),
    queue: { send: async (batch) => void sent.push(batch) },
    alerts: { alert: async (a) => void alerts.push(a) },
    now: () => new Date(Date.UTC(2099, 0, 1, 0, minutes++)),
    source: options.source ?? listSource,
    ...(options.fault ? { fault: options.fault } : {}),
  };
  return { deps, store, sent, alerts, requests, tmp, received: () => [...new Set(sent.map((b) => b.id))] };
}

/** A source whose definition is changed (e.g. bounds), parsing with the real parser. */
export function withDefinition(
  id: string,
  change: Partial<ListSource['definition']>,
): (id: string) => ListSource {
  const real = listSource(id);
  const wrapped: ListSource = { definition: { ...real.definition, ...change }, parse: real.parse };
  return (wanted) => (wanted === id ? wrapped : listSource(wanted));
}
