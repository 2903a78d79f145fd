#!/usr/bin/env -S npx tsx
/**
 * The sanctions-notifier CLI. In a checkout: `npm run -s cli -- <command> ...`.
 * Each command lives in functions/cli/<command>.ts and exports `run(argv, io)`.
 */
import { type CliIO, type CommandRun, processIO, UsageError } from '../functions/cli/io';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const COMMANDS: Record<string, string> = {
  diff: 'diff --source <id> <old-file> <new-file> [--json]   compare two publications of a list',
  poll: 'poll [--source <id> ...] [--url <url>]               poll sources once now',
  run: 'run                                                  poll every source on its schedule until stopped',
  sources:
    'sources                                              each source with its last check, change and error',
  history:
    'history [--source <id>] [--since <date>] [--entity <id>] [--json]   change batches and entry histories',
  quarantine: 'quarantine list|approve <id>|reject <id>             publications held back by the guards',
  subscribers: 'subscribers add|list|remove ...                      manage subscriptions',
  deliveries: 'deliveries list [--failed] | retry <id>              delivery records',
  serve: 'serve [--port N]                                     the subscription HTTP API on 127.0.0.1',
  feed: 'feed --source <id> [--url <url>] [--json]            parse an official notice feed',
  conformance: 'conformance <source> <file> [--json]   what a file holds that the parser does not map',
};

function usage(io: CliIO): void {
  io.err('usage: sanctions-notifier <command> [options]   (common options: --data-dir <dir>, --debug)');
  for (const line of Object.values(COMMANDS)) io.err(`  ${line}`);
}

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    usage(io);
    return command ? 0 : 2;
  }
  if (!(command in COMMANDS)) {
    io.err(`error: unknown command '${command}'`);
    usage(io);
    return 2;
  }
  const debug = rest.includes('--debug');
  const args = rest.filter((a) => a !== '--debug');
  try {
    const mod = (await import(/* @vite-ignore */ `../functions/cli/${command}.ts`)) as { run: CommandRun };
    return await mod.run(args, io);
  } catch (error) {
    const err = error as Error;
    if (debug) io.err(err.stack ?? String(err));
    else io.err(`error: ${err.message.split('\n')[0]}`);
    return err instanceof UsageError ? 2 : 1;
  }
}

const invokedDirectly = process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '');
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`error: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
