/**
 * The infraplan command line: parses arguments with yargs, dispatches to the command modules in
 * commands.ts, and turns errors into short messages and exit codes (see exit.ts). main.ts is the
 * process entry that calls it; the tests call it in-process too, where the process boundary is not
 * what they test (tests/cli/in-process.ts), so this module does nothing when imported.
 */
import yargs, { type Argv, type CommandModule } from 'yargs';
import { commands } from './commands.js';
import { EXIT_INVALID, UserFacingError } from '../errors/exit-codes.js';
import { reportError } from './exit.js';
import { enableInterruptCleanup, holdInterruptsForCommand } from './interrupts.js';
import { checkPathOptions } from './path-options.js';
import { usageMessage } from './usage-message.js';

/**
 * A command whose help examples are printed one under the other: each description as a shell
 * comment, then its command line on a line of its own. yargs sets an example's command beside its
 * description in a column at most half the width wide, so a long command line (a run folder,
 * --lock-years 2) broke over three lines that could not be copied (new-user review u1, 12); as
 * comments, the lines can be pasted into a shell as they are. Each command's builder calls
 * `.example(command, description)` as yargs documents; they are collected and handed to yargs as
 * full-width lines without a description column. The builder's `.option` and `.options` calls are
 * recorded in `declaredOptions` on the way through.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the command modules have their own argument types
function withStackedExamples(command: CommandModule<any, any>, declaredOptions: Map<string, string>): CommandModule<any, any> {
  const builder = command.builder;
  if (typeof builder !== 'function') return command;
  const stacked = (instance: Argv<object>): Argv<object> => {
    const examples: (readonly [string, string])[] = [];
    const addExample = instance.example.bind(instance) as (line: string, description: string) => Argv<object>;
    type OptionCall = (key: string | Record<string, { describe?: unknown }>, settings?: { describe?: unknown }) => Argv<object>;
    const addOption = instance.option.bind(instance) as unknown as OptionCall;
    const addOptions = instance.options.bind(instance) as unknown as OptionCall;
    const collecting = instance as unknown as { example: (line: string, description?: string) => Argv<object>; option: OptionCall; options: OptionCall };
    collecting.example = (line: string, description?: string) => {
      examples.push([line, description ?? '']);
      return instance;
    };
    // The options the command declares, so a usage error can name the one the user meant.
    const declare = (add: OptionCall): OptionCall => (key, settings) => {
      if (typeof key === 'string') declaredOptions.set(key, typeof settings?.describe === 'string' ? settings.describe : '');
      else for (const [name, each] of Object.entries(key)) declaredOptions.set(name, typeof each?.describe === 'string' ? each.describe : '');
      return add(key, settings);
    };
    collecting.option = declare(addOption);
    collecting.options = declare(addOptions);
    // A subcommand (`model convert`) is wrapped the same way, so its options are declared too.
    const addCommand = instance.command.bind(instance) as unknown as (...args: unknown[]) => Argv<object>;
    (collecting as unknown as { command: (...args: unknown[]) => Argv<object> }).command = (...args: unknown[]) =>
      args.length === 1 && typeof args[0] === 'object' && args[0] !== null ? addCommand(withStackedExamples(args[0] as CommandModule<any, any>, declaredOptions)) : addCommand(...args);
    let built: Argv<object> | void;
    try {
      built = (builder as (argv: Argv<object>) => Argv<object> | void)(instance);
    } finally {
      delete (collecting as { example?: unknown }).example;
      delete (collecting as { option?: unknown }).option;
      delete (collecting as { options?: unknown }).options;
      delete (collecting as { command?: unknown }).command;
    }
    for (const [line, description] of examples) {
      for (const commentLine of commentLines(description)) addExample(`# ${commentLine}`, '');
      addExample(line, '');
    }
    return built ?? instance;
  };
  return { ...command, builder: stacked };
}

/** The global options, with their help text (see declaredOptions in main). */
const GLOBAL_OPTIONS: readonly (readonly [string, string])[] = [
  ['debug', 'Print stack traces for errors'],
  ['help', 'Show help'],
  ['version', 'Show version number'],
];

/** Characters of an example's description per comment line: the help is at most 120 wide (a Windows console's default), less the indent and `# `; kept to 100 so it reads on narrower terminals too. */
const EXAMPLE_COMMENT_WIDTH = 100;

/** A description broken at spaces into lines of at most EXAMPLE_COMMENT_WIDTH characters, each to be printed as a comment. */
function commentLines(description: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of description.split(/\s+/).filter((part) => part !== '')) {
    if (line !== '' && line.length + 1 + word.length > EXAMPLE_COMMENT_WIDTH) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Run `infraplan <argv>` and return the exit code; output goes to process.stdout and process.stderr. */
export async function main(argv: readonly string[]): Promise<number> {
  const debug = argv.includes('--debug');
  enableInterruptCleanup();
  // The options of the command being parsed, with their help text: only the chosen command's
  // builder runs, so these are its own and the global ones. A usage error uses them to suggest the
  // option meant (`--lock-year`: did you mean --lock-years?) and to say what a missing one is for.
  const declaredOptions = new Map<string, string>(GLOBAL_OPTIONS);
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
    // 120 columns: the Windows console's default width, and wide enough that every example command line fits on one line.
    .wrap(Math.min(120, process.stdout.columns ?? 120))
    // Throwing (rather than printing and returning) stops yargs before any command handler runs,
    // so a bad option never reaches a half-started command.
    .fail((message, error, instance) => {
      if (error) throw error;
      // A bare `infraplan` gets the command list, which is what a new user needs to see first.
      if (argv.length === 0) instance.showHelp((text: string) => process.stderr.write(`${text}\n\n`));
      throw new UserFacingError(usageMessage(message, argv, declaredOptions), EXIT_INVALID);
    });
  for (const command of commands) parser.command(withStackedExamples(command, declaredOptions));
  const releaseInterrupts = holdInterruptsForCommand();
  try {
    await parser.parseAsync();
  } catch (error) {
    return reportError(error, debug);
  } finally {
    releaseInterrupts();
  }
  return (process.exitCode as number | undefined) ?? 0;
}
