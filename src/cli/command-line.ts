/**
 * The infraplan command line: parses arguments with yargs, dispatches to the command modules in
 * commands.ts, and turns errors into short messages and exit codes (see exit.ts). main.ts is the
 * process entry that calls it; the tests call it in-process too, where the process boundary is not
 * what they test (tests/cli/in-process.ts), so this module does nothing when imported.
 */
import yargs from 'yargs';
import { commands } from './commands.js';
import { EXIT_INVALID, UserFacingError } from '../errors/exit-codes.js';
import { reportError } from './exit.js';
import { enableInterruptCleanup } from './interrupts.js';
import { checkPathOptions } from './path-options.js';
import { usageMessage } from './usage-message.js';

/** Run `infraplan <argv>` and return the exit code; output goes to process.stdout and process.stderr. */
export async function main(argv: readonly string[]): Promise<number> {
  const debug = argv.includes('--debug');
  enableInterruptCleanup();
  const parser = yargs(argv as string[])
    .scriptName('infraplan')
    .usage('$0 <command> [options]\n\nProvincial infrastructure investment planning: needs, growth potential, budget-constrained plans, Excel reports.')
    .option('debug', { type: 'boolean', default: false, describe: 'Print stack traces for errors' })
    // Every path option of every command, checked once here before any handler runs (path-options.ts).
    .middleware((parsed) => checkPathOptions(parsed, argv))
    .strict()
    .demandCommand(1, 'Name a command; see the list above.')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    // Throwing (rather than printing and returning) stops yargs before any command handler runs,
    // so a bad option never reaches a half-started command.
    .fail((message, error, instance) => {
      if (error) throw error;
      // A bare `infraplan` gets the command list, which is what a new user needs to see first.
      if (argv.length === 0) instance.showHelp((text: string) => process.stderr.write(`${text}\n\n`));
      throw new UserFacingError(usageMessage(message, argv), EXIT_INVALID);
    });
  for (const command of commands) parser.command(command);
  try {
    await parser.parseAsync();
  } catch (error) {
    return reportError(error, debug);
  }
  return (process.exitCode as number | undefined) ?? 0;
}
