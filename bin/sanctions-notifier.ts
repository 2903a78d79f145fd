#!/usr/bin/env -S npx tsx
/**
 * The sanctions-notifier CLI. In a checkout: `npm run -s cli -- <command> ...`.
 * Each command lives in functions/cli/<command>.ts and exports `run(argv, io)`.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderHelp } from '../functions/cli/help';
import {
  type CliIO,
  type CommandRun,
  HelpRequested,
  processIO,
  UsageError,
  wantsHelp,
} from '../functions/cli/io';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const COMMANDS: Record<string, string> = {
  diff: 'diff --source <id> <old-file> <new-file> [--json]   compare two publications of a list',
  poll: 'poll [--source <id> ...] [--url <url>]               poll sources once now',
  run: 'run [--source <id> ...] [--port N | --no-serve]     poll on schedule until stopped; also serves the API',
  sources:
    'sources [--json]                                     each list and feed with its last check, change and error',
  history:
    'history [--source <id>] [--since <date>] [--entity <id>] [--json]   change batches and entry histories',
  quarantine:
    'quarantine list [--json]|show <id>|approve <id>|reject <id>   held publications: reason, sample, decision',
  subscribers: 'subscribers add|list [--json]|remove <id> ...       manage subscriptions',
  deliveries:
    'deliveries list [--failed] [--json] | retry <id> | digest [--now <iso>]   delivery records, retries, daily digests',
  serve: 'serve [--port N]                                     the subscription HTTP API on 127.0.0.1',
  feed: 'feed --source <id> [--url <url>] [--json]            parse an official notice feed',
  conformance:
    'conformance <source> <file> [--json]                 what a file holds that the parser does not map',
  entity:
    'entity <name or id> [--source <id>] [--json]        one entity across every list: listings, history, relations',
  crosslist:
    'crosslist --from <source> --to <source> [--json]     entries one list holds and another does not',
  entities:
    'entities rebuild [--source <id>]...                 rebuild the entity index from the stored snapshots',
};

function usage(write: (line: string) => void): void {
  write('usage: sanctions-notifier <command> [options]   (common options: --data-dir <dir>, --debug)');
  for (const line of Object.values(COMMANDS)) write(`  ${line}`);
  write("'sanctions-notifier <command> --help' describes a command's flags with examples.");
}

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  let [command, ...rest] = argv;
  if (command === 'help' && rest[0] && rest[0] in COMMANDS) [command, rest] = [rest[0], ['--help']];
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    // Asked for: the usage on stdout, exit 0. Not asked for (no command): stderr, exit 2.
    usage(command ? io.out : io.err);
    return command ? 0 : 2;
  }
  if (!(command in COMMANDS)) {
    io.err(`error: unknown command '${command}'`);
    usage(io.err);
    return 2;
  }
  const debug = rest.includes('--debug');
  const args = rest.filter((a) => a !== '--debug');
  try {
    const mod = (await import(/* @vite-ignore */ `../functions/cli/${command}.ts`)) as { run: CommandRun };
    return await mod.run(args, io);
  } catch (error) {
    if (error instanceof HelpRequested) {
      for (const line of renderHelp(command, Object.keys(error.options), COMMANDS[command])) io.out(line);
      return 0;
    }
    if (wantsHelp(args)) {
      // A command that does its work before parsing its flags: still answer --help.
      for (const line of renderHelp(command, [], COMMANDS[command])) io.out(line);
      return 0;
    }
    const err = error as Error;
    if (debug) io.err(err.stack ?? String(err));
    else io.err(`error: ${err.message.split('\n')[0]}`);
    return err instanceof UsageError ? 2 : 1;
  }
}

/** Run as a program (this file under tsx, or the bundle dist/cli.mjs, possibly through the npm bin link). */
function invokedDirectly(): boolean {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
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
