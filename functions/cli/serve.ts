/**
 * `serve [--port N]`: the subscription HTTP API on 127.0.0.1 (default port 8787), over the local
 * store. Confirmation emails go through SMTP_URL or into the outbox. The admin bearer token is in
 * `<data-dir>/delivery-keys.json` (never printed).
 */
import { createApiRouter, startApiServer } from '../delivery/api';
import { localDeliveryFor } from '../delivery/local';
import { FEED_SOURCES } from '../feeds/index';
import { atomResponse } from '../feeds/publish';
import { quarantineAdmin } from '../pipeline/quarantine-admin';
import { LIST_SOURCES } from '../sources/index';
import { DATA_DIR_OPTION, withRuntime } from './common';
import { type CommandRun, parseCommandArgs, UsageError } from './io';

const OPTIONS = { ...DATA_DIR_OPTION, port: { type: 'string' } } as const;

export const run: CommandRun = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS);
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const port = values.port === undefined ? 8787 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError('--port must be a port number');
  return withRuntime(values['data-dir'], io, async (runtime) => {
    const delivery = await localDeliveryFor(runtime);
    const router = createApiRouter({
      subscriptions: delivery.subscriptions,
      email: delivery.email,
      sender: delivery.settings.sender,
      publicBaseUrl: delivery.settings.publicBaseUrl,
      tokenKey: delivery.tokenKey,
      adminToken: delivery.adminToken,
      allowPrivateTargets: delivery.settings.allowPrivateTargets,
      knownSources: [...Object.keys(LIST_SOURCES), ...Object.keys(FEED_SOURCES)],
      now: Date.now,
      quarantine: quarantineAdmin(runtime.pollDeps()),
      feeds: (path) =>
        atomResponse(runtime.store.batches, path, {
          sourceIds: [...Object.keys(LIST_SOURCES), ...Object.keys(FEED_SOURCES)],
          baseUrl: `${delivery.settings.publicBaseUrl}/feeds/`,
        }),
    });
    const { server, url } = await startApiServer(router, port);
    io.out(
      `subscription API on ${url} (admin token in ${runtime.dataDir}/delivery-keys.json); Ctrl-C to stop`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => server.close(() => resolve());
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  });
};
