/**
 * The subscription HTTP API over a local runtime, on 127.0.0.1: served by `serve`, and by `run`
 * unless `--no-serve`. Confirmation emails go through SMTP_URL or into the outbox; the admin bearer
 * token is in `<data-dir>/delivery-keys.json` (never printed).
 */

import type { Server } from 'node:http';
import { atomResponse } from '../feeds/publish';
import { createApiRouter, startApiServer } from '../http/api';
import { quarantineAdmin } from '../pipeline/quarantine-admin';
import { allSourceDefinitions } from '../pipeline/schedule';
import { storeSiteRepository } from '../store/site';
import { localDeliveryFor } from './delivery';
import type { LocalRuntime } from './runtime';

export const DEFAULT_API_PORT = 8787;

export interface LocalApi {
  url: string;
  close(): Promise<void>;
}

/** Parses `--port` (default 8787; 0 picks a free port). */
export function apiPort(value: string | undefined): number | undefined {
  const port = value === undefined ? DEFAULT_API_PORT : Number(value);
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : undefined;
}

/** Starts the API and tells other commands where it is (`runtime.json`). */
export async function startLocalApi(runtime: LocalRuntime, port: number): Promise<LocalApi> {
  const delivery = await localDeliveryFor(runtime);
  const sourceIds = allSourceDefinitions().map((d) => d.id);
  const router = createApiRouter({
    subscriptions: delivery.subscriptions,
    email: delivery.email,
    sender: delivery.settings.sender,
    publicBaseUrl: delivery.settings.publicBaseUrl,
    tokenKey: delivery.tokenKey,
    adminToken: delivery.adminToken,
    allowPrivateTargets: delivery.settings.allowPrivateTargets,
    knownSources: sourceIds,
    now: Date.now,
    site: storeSiteRepository(runtime.store),
    entities: runtime.store.entities,
    quarantine: quarantineAdmin(runtime.pollDeps()),
    feeds: (path) =>
      atomResponse(runtime.store.batches, path, {
        sourceIds,
        baseUrl: `${delivery.settings.publicBaseUrl}/feeds/`,
      }),
  });
  let started: { server: Server; url: string };
  try {
    started = await startApiServer(router, port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'the port is in use' : (error as Error).message;
    throw new Error(
      `cannot serve the subscription API on 127.0.0.1:${port}: ${why} (choose another with --port N)`,
    );
  }
  const { server, url } = started;
  await runtime.announceApi(url);
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
