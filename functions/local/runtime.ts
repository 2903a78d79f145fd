/**
 * The embedded local runtime: a data dir (default `./.sanctions-notifier/`) holding an embedded
 * dynalite store persisted in `<data dir>/dynalite/` and served in-process on a loopback port (or
 * `DYNAMODB_ENDPOINT` for any other DynamoDB API engine), the raw archive in `<data dir>/archive/`,
 * operator alerts in `<data dir>/operator-alerts.jsonl`, and an in-process batch queue whose
 * consumers are registered with `runtime.onBatch(handler)`.
 *
 * Several processes may use one data dir at once (functions/local/data-dir-lock.ts): a long-running
 * owner (`run`, `serve`: `shareStore`) serves its store to the others through `<data dir>/runtime.json`;
 * a command that finds one attaches to it; otherwise it opens the store itself, waiting briefly for
 * a short-lived owner. A batch is delivered by the process whose poll emitted it (its in-process
 * queue); delivery claims in the store keep every delivery exactly once whichever process runs it.
 */
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { ChangeBatch } from '../core/changes';
import { entityGraph } from '../pipeline/entities';
import { noticeReconciler } from '../pipeline/feed-poll';
import type { OperatorAlert, PollDeps } from '../pipeline/ports';
import { LIST_SOURCES } from '../sources/index';
import { FolderArchive } from '../store/archive';
import { createStore, type Store } from '../store/index';
import { dynamoClients, ensureTable } from '../store/table';
import { type FileOperatorAlerts, localOperatorAlerts } from './alerts';
import { claimDataDir, type DataDirClaim, type RuntimeInfo } from './data-dir-lock';
import { type BatchHandler, InProcessBatchQueue } from './queue';

/** Makes a consumer of emitted batches for an open runtime; the handler must be idempotent by `batch.id`. */
export type LocalConsumerFactory = (runtime: LocalRuntime) => BatchHandler | Promise<BatchHandler>;

export const DEFAULT_DATA_DIR = '.sanctions-notifier';
export const DEFAULT_LOCAL_TABLE = 'sanctions-notifier';

export interface LocalRuntimeOptions {
  /** Default: `SANCTIONS_NOTIFIER_DATA_DIR`, else `./.sanctions-notifier`. */
  dataDir?: string;
  /** Another DynamoDB API engine; default `DYNAMODB_ENDPOINT`, else the embedded dynalite. */
  endpoint?: string;
  /** Default `TABLE_NAME`, else `sanctions-notifier`. */
  tableName?: string;
  /**
   * Consumers of emitted batches, each made from the runtime once it is open (the CLI and the demo
   * pass `LOCAL_BATCH_CONSUMERS` of `functions/local/consumers.ts`). Default: none.
   */
  consumers?: readonly LocalConsumerFactory[];
  /** Receives each operator alert as well as the alerts file. */
  onOperatorAlert?: (alert: OperatorAlert) => void;
  /** The clock handed to the pipeline. Default: the system clock. */
  now?: () => Date;
  env?: NodeJS.ProcessEnv;
  /** The command opening the runtime, named to other processes waiting for the data dir. */
  command?: string;
  /**
   * Long-running (`run`, `serve`): share the embedded store with other commands on the data dir,
   * and refuse to start while another long-running process uses it.
   */
  shareStore?: boolean;
  /** How long to wait for another command holding the data dir (default 10 s). */
  lockWaitMs?: number;
}

export interface LocalRuntime {
  dataDir: string;
  endpoint: string;
  tableName: string;
  /** The DynamoDB document client under the store (the poll benchmark counts its requests). */
  doc: ReturnType<typeof dynamoClients>['doc'];
  store: Store;
  archive: FolderArchive;
  queue: InProcessBatchQueue;
  alerts: FileOperatorAlerts;
  /** Where local delivery writes rendered alerts (created by delivery). */
  outboxDir: string;
  /** Registers a consumer of emitted change batches; returns an unsubscribe function. */
  onBatch(handler: BatchHandler): () => void;
  /** The long-running process whose store this runtime uses, when it does not own the store. */
  attachedTo?: RuntimeInfo;
  /** Tells other commands where this (store-sharing) runtime serves the subscription API. */
  announceApi(apiUrl: string): Promise<void>;
  /** Ports for the poll pipeline, wired to this runtime. */
  pollDeps(overrides?: Partial<PollDeps>): PollDeps;
  close(): Promise<void>;
}

export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag ?? env.SANCTIONS_NOTIFIER_DATA_DIR ?? DEFAULT_DATA_DIR);
}

async function startDynalite(path: string): Promise<{ server: Server; endpoint: string }> {
  await mkdir(path, { recursive: true });
  // dynalite (and LevelDB under it) is loaded only by commands that open the embedded store.
  const { default: dynalite } = await import('dynalite');
  const server = dynalite({
    path,
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  }) as unknown as Server;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return { server, endpoint: `http://127.0.0.1:${port}` };
}

export async function openLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const env = options.env ?? process.env;
  const dataDir = resolveDataDir(options.dataDir, env);
  await mkdir(dataDir, { recursive: true });
  const tableName = options.tableName ?? env.TABLE_NAME ?? DEFAULT_LOCAL_TABLE;
  let server: Server | undefined;
  let endpoint = options.endpoint ?? env.DYNAMODB_ENDPOINT;
  let claim: DataDirClaim | undefined;
  if (!endpoint) {
    const levelPath = join(dataDir, 'dynalite');
    await mkdir(levelPath, { recursive: true });
    claim = await claimDataDir(dataDir, {
      command: options.command ?? 'sanctions-notifier',
      share: options.shareStore ?? false,
      levelPath,
      ...(options.lockWaitMs !== undefined ? { waitMs: options.lockWaitMs } : {}),
    });
    if (claim.kind === 'attached') endpoint = claim.info.endpoint!;
    else {
      try {
        ({ server, endpoint } = await startDynalite(levelPath));
        await claim.update({ endpoint });
      } catch (error) {
        await claim.release();
        throw new Error(`cannot open the embedded store in ${dataDir}: ${(error as Error).message}`);
      }
    }
  }
  // Our embedded dynalite (served here or by the command we attached to) needs no signatures.
  const { client, doc } = dynamoClients({ tableName, endpoint, unsigned: claim !== undefined });
  const stopStore = async () => {
    client.destroy();
    if (server) {
      const s = server;
      (s as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((ok) => s.close(() => ok()));
    }
    if (claim?.kind === 'owner') await claim.release();
  };
  try {
    await ensureTable(client, tableName);
  } catch (error) {
    await stopStore();
    throw error;
  }
  const queue = new InProcessBatchQueue();
  const alerts = localOperatorAlerts(dataDir, options.onOperatorAlert);
  const now = options.now ?? (() => new Date());
  const runtime: LocalRuntime = {
    dataDir,
    endpoint,
    tableName,
    doc,
    store: createStore(doc, tableName),
    archive: new FolderArchive(join(dataDir, 'archive')),
    queue,
    alerts,
    outboxDir: join(dataDir, 'outbox'),
    onBatch: (handler) => queue.onBatch(handler),
    ...(claim?.kind === 'attached' ? { attachedTo: claim.info } : {}),
    announceApi: async (apiUrl) => {
      if (claim?.kind === 'owner') await claim.update({ apiUrl });
    },
    pollDeps: (overrides = {}) => ({
      store: runtime.store,
      archive: runtime.archive,
      queue,
      alerts,
      now,
      reconcile: noticeReconciler({ store: runtime.store }),
      entities: entityGraph(runtime.store.entities, Object.keys(LIST_SOURCES)),
      ...overrides,
    }),
    close: stopStore,
  };
  try {
    for (const factory of options.consumers ?? []) runtime.onBatch(await factory(runtime));
  } catch (error) {
    // A consumer that cannot start (bad delivery settings) must not leave the store serving and the
    // data dir claimed: the command would print its error and never exit.
    await stopStore();
    throw error;
  }
  return runtime;
}

export type { BatchHandler, ChangeBatch };
