import { type ParseArgsConfig, parseArgs } from 'node:util';

/** Where a command writes; tests pass their own to capture output. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

export const processIO: CliIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** A command's entry point: argv after the command name; resolves to the exit code. */
export type CommandRun = (argv: string[], io: CliIO) => Promise<number>;

/** A mistake in how the command was called: reported as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * `<command> --help` (or `-h`): thrown by `parseCommandArgs` before anything else happens, with
 * the options the command's parser accepts, so that `main` prints the command's help table and can
 * tell which accepted flags it does not document (see functions/cli/help.ts).
 */
export class HelpRequested extends Error {
  constructor(readonly options: NonNullable<ParseArgsConfig['options']>) {
    super('help requested');
    this.name = 'HelpRequested';
  }
}

/** True when `argv` asks for help (`--help` or `-h` before any `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const args = end < 0 ? argv : argv.slice(0, end);
  return args.includes('--help') || args.includes('-h');
}

/** node:util parseArgs, strict, with usage errors turned into `UsageError` and `--help` into `HelpRequested`. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
  allowPositionals = true,
) {
  if (wantsHelp(argv)) throw new HelpRequested(options);
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
