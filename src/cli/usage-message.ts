/**
 * Usage errors (unknown command, unknown option) in the user's terms rather than yargs's.
 */
import { commands } from './commands.js';

const COMMAND_NAMES = commands.map((command) => String(command.command).split(' ')[0]);

/** Commands that build no plan, so offer no solver settings (run-request.ts scenarioOptionsWithoutSolver). */
const COMMANDS_WITHOUT_SOLVE: Readonly<Record<string, string>> = { masterplan: 'the master plan solves nothing', 'export-lp': 'export-lp writes the program without solving it' };
const SOLVER_OPTION_NAMES: ReadonlySet<string> = new Set(['solver', 'time-limit', 'timeLimit', 'gap']);

/**
 * yargs's usage message in the user's terms: an unknown first word is an unknown command (yargs
 * calls it an argument), an unknown option is named once (yargs adds its camelCase twin), and the
 * help pointed to is the command's own.
 */
export function usageMessage(message: string, argv: readonly string[]): string {
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
    const why = command === undefined ? undefined : COMMANDS_WITHOUT_SOLVE[command];
    if (why !== undefined && options.some((name) => SOLVER_OPTION_NAMES.has(name))) text += ` (${why}, so it takes no solver settings)`;
    else if (command === 'masterplan' && options.some((name) => name === 'budget-scale' || name === 'budgetScale')) text += ' (the master plan spends no budget; run and solve take --budget-scale)';
  }
  return `${text}\nRun infraplan ${command ? `${command} ` : ''}--help for usage.`;
}
