/**
 * `<command> --help` for every command of the top-level usage: exit 0, a usage line, every flag the
 * command's parser accepts documented with a one-line description, and an example. The accepted
 * flags are the ones the command really passes to its parser (captured by `parseCommandArgs`), so
 * a flag added to a parser without a help line fails here.
 */
import { describe, expect, it } from 'vitest';
import { COMMANDS, main } from '../../bin/sanctions-notifier';
import { HELP, undocumentedFlags } from '../../functions/cli/help';
import { type CommandRun, HelpRequested } from '../../functions/cli/io';

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => void out.push(l), err: (l) => void err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The options the command hands to its parser when asked for help. */
async function acceptedFlags(command: string): Promise<string[]> {
  const mod = (await import(`../../functions/cli/${command}.ts`)) as { run: CommandRun };
  try {
    await mod.run(['--help'], { out: () => {}, err: () => {} });
  } catch (error) {
    if (error instanceof HelpRequested) return Object.keys(error.options);
    throw error;
  }
  throw new Error(`${command} --help did not reach its parser`);
}

describe('top-level usage', () => {
  it('given --help, when run, then every command is listed (deliveries digest included) and the exit is 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const c of Object.keys(COMMANDS)) expect(r.out).toMatch(new RegExp(`^  ${c} `, 'm'));
    expect(r.out).toContain('digest');
    expect((await run([])).code).toBe(2);
  });
});

describe.each(Object.keys(COMMANDS))('%s --help', (command) => {
  it('exits 0 and documents every flag its parser accepts, with an example', async () => {
    const accepted = await acceptedFlags(command);
    expect(undocumentedFlags(command, accepted)).toEqual([]);
    const help = HELP[command];
    expect(help, `no help table for ${command} in functions/cli/help.ts`).toBeDefined();
    expect(help?.examples.length).toBeGreaterThan(0);
    for (const [flag, [, text]] of Object.entries(help?.flags ?? {})) {
      expect(text.trim(), flag).not.toBe('');
      expect(text, flag).not.toContain('\n');
    }
    for (const argv of [
      [command, '--help'],
      [command, 'list', '-h'],
      ['help', command],
    ]) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(0);
      expect(r.out).toMatch(new RegExp(`^usage: sanctions-notifier ${command}`));
      for (const flag of accepted) expect(r.out).toMatch(new RegExp(`^  --${flag}\\b.*\\S`, 'm'));
      expect(r.out).not.toContain('(not documented)');
      expect(r.out).toMatch(/^examples:/m);
    }
  }, 60_000);
});
