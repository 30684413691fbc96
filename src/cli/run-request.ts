/**
 * The run a planning command's arguments ask for: the model argument, `--scenario` and the
 * command-line overrides, as resolveRun takes them.
 */
import type { RunRequest } from '../pipeline/resolve-run.js';
import { commandLineOverridesFromArgv, scenarioOptions, type ScenarioArguments } from '../scenario/cli-options.js';

/**
 * The scenario options of a command that solves nothing (export-lp writes the program, masterplan
 * balances demand against capacity): the solver settings would be accepted and recorded as
 * overrides applied while changing nothing, so such commands do not offer them.
 */
const { solver: _solverOption, 'time-limit': _timeLimitOption, gap: _gapOption, ...optionsWithoutSolver } = scenarioOptions;
export const scenarioOptionsWithoutSolver = optionsWithoutSolver;

/**
 * The scenario options of masterplan: also without `--budget-scale`, since the master plan balances
 * demand against capacity and never reads an envelope's amount (only which funding sources exist),
 * so a scale would be recorded as applied while changing nothing (review u2, 7).
 */
const { 'budget-scale': _budgetScaleOption, ...optionsWithoutSolverOrBudget } = optionsWithoutSolver;
export const scenarioOptionsWithoutSolverOrBudget = optionsWithoutSolverOrBudget;

/** The RunRequest of a command's arguments; throws InvalidInputError for a bad number or solver. */
export function runRequestFromArgv(argv: ScenarioArguments & { readonly model?: string }): RunRequest {
  return {
    ...(argv.model !== undefined ? { model: argv.model } : {}),
    ...(argv.scenario !== undefined ? { scenarioPath: argv.scenario } : {}),
    commandLine: commandLineOverridesFromArgv(argv),
  };
}
