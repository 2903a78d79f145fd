/**
 * `serve [--port N]`: the subscription HTTP API on 127.0.0.1 (default port 8787), over the local
 * store, which other commands share while it runs. `run` serves the same API itself: `serve` while
 * `run` (or another `serve`) uses the data dir says so in one line and exits 1.
 */
import { apiPort, startLocalApi } from '../local/api';
import { DATA_DIR_OPTION, withRuntime } from './common';
import { type CommandRun, parseCommandArgs, UsageError } from './io';

const OPTIONS = { ...DATA_DIR_OPTION, port: { type: 'string' } } as const;

export const run: CommandRun = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS);
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const port = apiPort(values.port);
  if (port === undefined) throw new UsageError('--port must be a port number');
  return withRuntime(
    values['data-dir'],
    io,
    async (runtime) => {
      const api = await startLocalApi(runtime, port);
      io.out(
        `subscription API on ${api.url} (admin token in ${runtime.dataDir}/delivery-keys.json); Ctrl-C to stop`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await api.close();
      return 0;
    },
    { command: 'serve', shareStore: true },
  );
};
