/**
 * The run a planning command's arguments ask for: the model argument, `--scenario` and the
 * command-line overrides, as resolveRun takes them.
 */
import type { RunRequest } from '../pipeline/resolve-run.js';
import { commandLineOverridesFromArgv, type ScenarioArguments } from '../scenario/cli-options.js';

/** The RunRequest of a command's arguments; throws InvalidInputError for a bad number or solver. */
export function runRequestFromArgv(argv: ScenarioArguments & { readonly model?: string }): RunRequest {
  return {
    ...(argv.model !== undefined ? { model: argv.model } : {}),
    ...(argv.scenario !== undefined ? { scenarioPath: argv.scenario } : {}),
    commandLine: commandLineOverridesFromArgv(argv),
  };
}
