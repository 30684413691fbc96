/**
 * Usage errors (unknown command, unknown or missing option) in the user's terms rather than yargs's.
 */
import { suggestId } from '../dataset/suggest.js';
import { commands } from './commands.js';

const COMMAND_NAMES = commands.map((command) => String(command.command).split(' ')[0]);

/** Subcommands, whose own help is the one to point to (`infraplan model convert --help`). */
const SUBCOMMAND_NAMES: Readonly<Record<string, readonly string[]>> = { model: ['convert', 'export', 'import'] };

/** Commands that build no plan, so offer no solver settings (run-request.ts scenarioOptionsWithoutSolver). */
const COMMANDS_WITHOUT_SOLVE: Readonly<Record<string, string>> = { masterplan: 'the master plan solves nothing', 'export-lp': 'export-lp writes the program without solving it' };
const SOLVER_OPTION_NAMES: ReadonlySet<string> = new Set(['solver', 'time-limit', 'timeLimit', 'gap']);

/**
 * yargs's usage message in the user's terms: an unknown first word is an unknown command (yargs
 * calls it an argument), an unknown option is named once (yargs adds its camelCase twin) with the
 * declared option it is a typo of, a missing option with its dashes and its help text, and the help
 * pointed to is the command's own. `declaredOptions` are the command's options and their help
 * (collected by command-line.ts as the command's builder declares them).
 */
export function usageMessage(message: string, argv: readonly string[], declaredOptions: ReadonlyMap<string, string> = new Map()): string {
  const first = argv.find((word) => !word.startsWith('-'));
  const command = first !== undefined && COMMAND_NAMES.includes(first) ? first : undefined;
  const suggestion = /^Did you mean (.+)\?$/.exec(message);
  if (first !== undefined && command === undefined && suggestion) {
    return `unknown command ${first}; did you mean ${suggestion[1]}?\nRun infraplan --help for usage.`;
  }
  if (first !== undefined && command === undefined && message === `Unknown argument: ${first}`) {
    return `unknown command ${first}; the commands are ${COMMAND_NAMES.join(', ')}\nRun infraplan --help for usage.`;
  }
  const unknown = /^Unknown arguments?: (.*)$/.exec(message);
  let text = message;
  if (unknown) {
    const names = unknown[1].split(', ');
    const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
    const distinct = names.filter((name) => !(name !== kebab(name) && names.includes(kebab(name))));
    // A name the user typed without dashes is a surplus argument (a second model path, say), not an option.
    const positional = distinct.filter((name) => argv.includes(name));
    const options = distinct.filter((name) => !argv.includes(name));
    const parts = [
      ...(options.length > 0 ? [`unknown option${options.length === 1 ? '' : 's'} ${options.map((name) => (name.length === 1 ? `-${name}` : `--${name}`)).join(', ')}`] : []),
      ...(positional.length > 0 ? [`unexpected argument${positional.length === 1 ? '' : 's'} ${positional.join(', ')}`] : []),
    ];
    text = parts.join('; ');
    // One mistyped option (--lock-year): name the declared one meant, as a --set key typo does.
    const declared = [...declaredOptions.keys()].filter((name) => name.length > 1 && !/[A-Z]/.test(name));
    const meant = options.length === 1 ? /did you mean (.+)\?\)$/.exec(suggestId(options[0]!, declared))?.[1] : undefined;
    if (meant !== undefined) text += `; did you mean --${meant}?`;
    const why = command === undefined ? undefined : COMMANDS_WITHOUT_SOLVE[command];
    if (why !== undefined && options.some((name) => SOLVER_OPTION_NAMES.has(name))) text += ` (${why}, so it takes no solver settings)`;
    else if (command === 'masterplan' && options.some((name) => name === 'budget-scale' || name === 'budgetScale')) text += ' (the master plan spends no budget; run and solve take --budget-scale)';
  }
  // yargs's `Missing required argument: budget-scale`: the option with its dashes, and for one option what it takes.
  const missing = /^Missing required arguments?: (.*)$/.exec(message);
  if (missing) {
    const names = missing[1]!.split(', ');
    // Only options come here: a missing required positional (`convert <model>`) is yargs's `Not enough non-option arguments`.
    const shown = names.map((name) => `--${name}`);
    const describe = names.length === 1 ? declaredOptions.get(names[0]!) : undefined;
    text = `missing option${names.length === 1 ? '' : 's'} ${shown.join(', ')}${describe ? ` (${describe})` : ''}`;
  }
  const words = argv.filter((word) => !word.startsWith('-'));
  const subcommand = command === undefined ? undefined : SUBCOMMAND_NAMES[command]?.find((name) => words[1] === name);
  const helpOf = command === undefined ? '' : subcommand === undefined ? `${command} ` : `${command} ${subcommand} `;
  return `${text}\nRun infraplan ${helpOf}--help for usage.`;
}
