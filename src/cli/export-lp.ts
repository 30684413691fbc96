/**
 * `infraplan export-lp`: write the exact program `solve` would hand to the engine, in CPLEX LP
 * format, for checking in another solver. Never overwrites a file without --force.
 */
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { InvalidInputError } from '../errors/problems.js';
import { withOutputFolder } from '../files/output-folder.js';
import { COMMAND_LINE } from '../scenario/command-line-layer.js';
import { buildRunProgram } from '../pipeline/plan-run.js';
import { resolveRun } from '../pipeline/resolve-run.js';
import type { PlanKind } from '../plan/types.js';
import type { ScenarioArguments } from '../scenario/cli-options.js';
import { runRequestFromArgv, scenarioOptionsWithoutSolver } from './run-request.js';
import { OutputExistsError, writeLpText } from '../solve/lp-format.js';
import { writeFileAtomic } from '../files/atomic-file.js';
import { UserFacingError } from '../errors/exit-codes.js';
import { printNote } from './exit.js';
import { applyBaseline } from '../pipeline/baseline-run.js';
import type { LinearProgram } from '../program/linear-program.js';
import { BASELINE_LOCK_KEY } from '../rules/baseline-lock.js';
import { baselineOptions, baselineRequestFromArgv, refuseBaselineWithAllocation, type BaselineArguments } from './baseline-options.js';

/** Arguments of `export-lp`. */
export interface ExportLpArguments extends ScenarioArguments, BaselineArguments {
  /** Model folder, workbook or name. */
  readonly model?: string;
  /** Output LP file. */
  readonly output: string;
  /** Formulation; default portfolio. */
  readonly formulation?: PlanKind;
  /** Overwrite an existing file. */
  readonly force?: boolean;
}

/** Build the program for a model and scenario and write it; returns the path and program size. */
export async function exportLp(argv: ExportLpArguments): Promise<{ path: string; variables: number; constraints: number }> {
  refuseBaselineWithAllocation(argv.formulation, argv);
  if (argv.baseline !== undefined && argv.lockYears === undefined) {
    throw new InvalidInputError([{ file: COMMAND_LINE, row: null, column: '--baseline', message: 'export-lp writes the program, which a baseline changes only through --lock-years: give --lock-years N with it (staying close to the baseline is a second solve, not part of the program)' }]);
  }
  if (argv.output.trim() === '') {
    throw new InvalidInputError([{ file: COMMAND_LINE, row: null, column: '--output', message: 'the file name is empty; name an LP file, e.g. --output plan.lp' }]);
  }
  // A bad folder is reported before the model is built; leftovers of interrupted writes there are cleaned up.
  // A run that fails leaves no folder it created for the file.
  return withOutputFolder(path.dirname(path.resolve(argv.output)), { option: '--output', onNote: printNote }, async () => {
    const resolved = await resolveRun(runRequestFromArgv(argv));
    // --lock-years puts the baseline's first years on the dataset as the lock rule; written as bounds below.
    const { run } = await applyBaseline(resolved, baselineRequestFromArgv(argv));
    const built = buildRunProgram(run, argv.formulation ?? 'portfolio');
    try {
      const program = lockRowsAsBounds(built.program);
      const written = await writeFileAtomic(argv.output, `${unitLines(argv.formulation ?? 'portfolio').join('\n')}\n${writeLpText(program)}`, { overwrite: argv.force ?? false, createFolder: true }).then(() => argv.output);
      return { path: written, variables: program.variables.length, constraints: program.constraints.length };
    } catch (error) {
      if (error instanceof OutputExistsError) throw new UserFacingError(error.message);
      throw error;
    }
  });
}

/**
 * The lock of --lock-years as variable bounds rather than rows, so the LP file says it where a
 * reader looks for fixed decisions: a locked start (`baseline_lock[...]`, one start variable = 1)
 * becomes that variable fixed at 1, and a closed year (`baseline_lock_closed[...]`, a sum of
 * non-negative start variables ≤ 0) becomes each of them fixed at 0. The program is the same set
 * of plans; a lock row of any other shape stays a row.
 */
export function lockRowsAsBounds(program: LinearProgram): LinearProgram {
  const lower = program.variables.map((variable) => variable.lower);
  const upper = program.variables.map((variable) => variable.upper);
  const kept = program.constraints.filter((row) => {
    if (row.group !== BASELINE_LOCK_KEY) return true;
    const [only] = row.terms;
    if (row.terms.length === 1 && only.coefficient > 0 && row.lower === row.upper) {
      const value = row.lower / only.coefficient;
      lower[only.variable] = Math.max(lower[only.variable], value);
      upper[only.variable] = Math.min(upper[only.variable], value);
      return false;
    }
    if (row.upper === 0 && !Number.isFinite(row.lower) && row.terms.every((term) => term.coefficient > 0 && program.variables[term.variable].lower >= 0)) {
      for (const term of row.terms) upper[term.variable] = Math.min(upper[term.variable], 0);
      return false;
    }
    return true;
  });
  if (kept.length === program.constraints.length) return program;
  return { ...program, constraints: kept, variables: program.variables.map((variable, index) => ({ ...variable, lower: lower[index], upper: upper[index] })) };
}

/**
 * Comment lines that open the LP file with its units: the names were listed, but a reader of
 * `c_389: 1 x_1416 + 1 x_1462 <= 189.3` had to guess that money is in R million (review u5,
 * finding 13). Money inside every program is in R million (src/program/money-unit.ts).
 */
export function unitLines(formulation: PlanKind): string[] {
  return [
    '\\ units: money (spending, carry-over, envelopes and budget rows) in R million',
    formulation === 'portfolio'
      ? '\\ objective: discounted benefit points of the funded projects, maximised'
      : '\\ objective: weighted unmet need, weighted R million, minimised',
  ];
}

/** The scenario options that change the program; solver settings do not, so export-lp does not offer them. */
const programOptions = scenarioOptionsWithoutSolver;

/** yargs module for `export-lp`. */
export const exportLpCommand: CommandModule<object, ExportLpArguments> = {
  command: 'export-lp [model]',
  describe: 'Write the planning program in CPLEX LP format',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('model', { type: 'string', describe: 'Model folder, model.xlsx or model name (default: the embedded western-cape model)' })
      .option('output', { alias: 'o', type: 'string', demandOption: true, requiresArg: true, describe: 'LP file to write' })
      .options(programOptions)
      .option('formulation', { type: 'string', choices: ['portfolio', 'allocation'] as const, default: 'portfolio' as PlanKind, describe: 'Which program to write' })
      .option('force', { type: 'boolean', default: false, describe: 'Overwrite the output file if it exists' })
      .options({
        baseline: { ...baselineOptions.baseline, describe: 'With --lock-years: the earlier plan (a run folder or its plan.json) whose first years are locked' },
        'lock-years': { ...baselineOptions['lock-years'], describe: 'With --baseline: write the baseline\'s decisions of the first N years as fixed bounds of the start variables' },
      })
      .example('$0 export-lp -o plan.lp', 'Write the default model\'s portfolio MILP')
      .example('$0 export-lp -o locked.lp --baseline reports/western-cape-baseline-20261124-080000 --lock-years 2', 'Write the MILP with last week\'s first two years fixed (as bounds)')
      .example('$0 export-lp --scenario scenarios/growth-led.yaml --formulation allocation -o allocation.lp --force', 'Write the allocation LP of a scenario, replacing the file') as unknown as Argv<ExportLpArguments>,
  handler: async (argv) => {
    const written = await exportLp(argv);
    process.stdout.write(`wrote ${written.path} (${written.variables} variables, ${written.constraints} constraints)\n`);
  },
};
