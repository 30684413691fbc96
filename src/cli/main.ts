/**
 * infraplan command-line entry. Parses arguments with yargs, dispatches to the command modules in
 * commands.ts, and turns errors into short messages and exit codes (see exit.ts).
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { commands } from './commands.js';
import { EXIT_INVALID, reportError } from './exit.js';

export async function main(argv: readonly string[]): Promise<number> {
  const debug = argv.includes('--debug');
  let exitCode = 0;
  const parser = yargs(argv as string[])
    .scriptName('infraplan')
    .usage('$0 <command> [options]\n\nProvincial infrastructure investment planning: needs, growth potential, budget-constrained plans, Excel reports.')
    .option('debug', { type: 'boolean', default: false, describe: 'Print stack traces for errors' })
    .strict()
    .demandCommand(1, 'Name a command; see the list above.')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((message, error) => {
      if (error) throw error;
      process.stderr.write(`error: ${message}\nRun infraplan --help for usage.\n`);
      exitCode = EXIT_INVALID;
    });
  for (const command of commands) parser.command(command);
  try {
    await parser.parseAsync();
  } catch (error) {
    return reportError(error, debug);
  }
  return exitCode || (process.exitCode as number | undefined) || 0;
}

main(hideBin(process.argv)).then((code) => {
  process.exitCode = code;
});
