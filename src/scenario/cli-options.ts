/**
 * The scenario options every planning command offers, defined once so `run`, `solve` and the rest
 * spell and explain them the same way. Use with yargs: `yargs.options(scenarioOptions)`, then
 * `commandLineOverridesFromArgv(argv)` and `resolveScenario(dataset, argv.scenario, overrides)`.
 */
import type { Options } from 'yargs';
import { NUMBER_KINDS, formatLimit, rangeViolation, type NumberKindName } from '../dataset/limits.js';
import { InvalidInputError, type DataProblem } from '../errors/problems.js';
import { DEFAULT_ENGINE, ENGINE_NAMES, engineNamesInWords, isEngineName, type EngineName } from '../dataset/engine-catalogue.js';
import { COMMAND_LINE, type CommandLineOverrides } from './command-line-layer.js';

/** yargs option definitions for --scenario, --set, --solver, --time-limit, --gap and --budget-scale. */
export const scenarioOptions = {
  scenario: {
    type: 'string',
    requiresArg: true,
    describe: 'Scenario file (YAML) applied to the model, e.g. scenarios/budget-cut-20.yaml',
  },
  set: {
    type: 'string',
    array: true,
    requiresArg: true,
    describe: 'Override one scenario key, repeatable: --set policy.min_service_share.sanitation=0.4 (beats the scenario file)',
  },
  solver: {
    type: 'string',
    choices: ENGINE_NAMES,
    requiresArg: true,
    describe: `Solver engine (default ${DEFAULT_ENGINE})`,
  },
  'time-limit': {
    type: 'number',
    requiresArg: true,
    describe:
      'Time limit in seconds (default: the model\'s engine.time_limit_seconds, else none). run and solve: seconds on the clock for the whole planning run (build, solve, marginal values); ' +
      'sweep: each point, on the clock; stress: each draw, in CPU seconds of the solver (15 by default); explain: each re-solve, in CPU seconds of the solver (the clock stops either at 4 times that; with jslp, on the clock). ' +
      'CPU seconds hardly grow when the machine is busy, so which answers are proven does not depend on the load. The best plan found by then is used and its gap is reported',
  },
  gap: {
    type: 'number',
    requiresArg: true,
    describe: 'Relative MIP gap at which the solver may stop, e.g. 0.005 for 0.5% (default: the model\'s engine.relative_gap, 0.1% in models/western-cape; sweep and stress default to 1%)',
  },
  'budget-scale': {
    type: 'number',
    requiresArg: true,
    describe: 'Multiply every funding envelope, e.g. 0.8 for a 20% cut (replaces the scenario budget_scale)',
  },
} as const satisfies Record<string, Options>;

/** The parsed values of `scenarioOptions`, as yargs hands them over (camelCase aliases included). */
export interface ScenarioArguments {
  readonly scenario?: string;
  readonly set?: readonly (string | number)[];
  readonly solver?: string;
  readonly timeLimit?: number;
  readonly gap?: number;
  readonly budgetScale?: number;
}

/**
 * Turn parsed arguments into CommandLineOverrides. Throws InvalidInputError naming the option when
 * a number is not a number or out of range (yargs turns `--gap abc` into NaN rather than failing).
 */
export function commandLineOverridesFromArgv(argv: ScenarioArguments): CommandLineOverrides {
  const problems: DataProblem[] = [];
  const checkNumber = (option: string, value: number | undefined, rule: (value: number) => boolean, expected: string): number | undefined => {
    if (value === undefined) return undefined;
    if (!Number.isFinite(value) || !rule(value)) {
      // yargs turns a word into NaN; echoing "NaN" back would puzzle the user who typed the word.
      const given = Number.isNaN(value) ? 'something that is not a number' : String(value);
      problems.push({ file: COMMAND_LINE, row: null, column: `--${option}`, message: `expected ${expected}, got ${given}` });
      return undefined;
    }
    return value;
  };
  // The ranges of limits.ts, as for the same keys in a scenario file.
  const inRange = (kind: NumberKindName) => (value: number) => rangeViolation(value, NUMBER_KINDS[kind]) === null;
  const timeLimitSeconds = checkNumber('time-limit', argv.timeLimit, inRange('timeLimitSeconds'), `a number of seconds above 0 and at most ${formatLimit(NUMBER_KINDS.timeLimitSeconds.maximum)} (a week)`);
  const relativeGap = checkNumber('gap', argv.gap, inRange('relativeGap'), 'a relative gap from 0 up to (not including) 1, e.g. 0.005 for 0.5%');
  const budgetScale = checkNumber('budget-scale', argv.budgetScale, inRange('budgetScale'), `a multiplier from 0 to ${formatLimit(NUMBER_KINDS.budgetScale.maximum)}, e.g. 0.8`);
  let engine: EngineName | undefined;
  if (argv.solver !== undefined) {
    if (isEngineName(argv.solver)) engine = argv.solver;
    else problems.push({ file: COMMAND_LINE, row: null, column: '--solver', message: `expected ${engineNamesInWords()}, got ${argv.solver}` });
  }
  if (problems.length > 0) throw new InvalidInputError(problems);
  return {
    ...(engine !== undefined ? { engine } : {}),
    ...(timeLimitSeconds !== undefined ? { timeLimitSeconds } : {}),
    ...(relativeGap !== undefined ? { relativeGap } : {}),
    ...(budgetScale !== undefined ? { budgetScale } : {}),
    ...(argv.set !== undefined && argv.set.length > 0 ? { set: argv.set.map(String) } : {}),
  };
}
