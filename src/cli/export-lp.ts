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
import { scenarioOptions, type ScenarioArguments } from '../scenario/cli-options.js';
import { runRequestFromArgv } from './run-request.js';
import { OutputExistsError, writeLpFile } from '../solve/lp-format.js';
import { UserFacingError } from '../errors/exit-codes.js';
import { printNote } from './exit.js';

/** Arguments of `export-lp`. */
export interface ExportLpArguments extends ScenarioArguments {
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
  if (argv.output.trim() === '') {
    throw new InvalidInputError([{ file: COMMAND_LINE, row: null, column: '--output', message: 'the file name is empty; name an LP file, e.g. --output plan.lp' }]);
  }
  // A bad folder is reported before the model is built; leftovers of interrupted writes there are cleaned up.
  // A run that fails leaves no folder it created for the file.
  return withOutputFolder(path.dirname(path.resolve(argv.output)), { option: '--output', onNote: printNote }, async () => {
    const run = await resolveRun(runRequestFromArgv(argv));
    const built = buildRunProgram(run, argv.formulation ?? 'portfolio');
    try {
      const written = await writeLpFile(built.program, argv.output, { force: argv.force ?? false });
      return { path: written, variables: built.program.variables.length, constraints: built.program.constraints.length };
    } catch (error) {
      if (error instanceof OutputExistsError) throw new UserFacingError(error.message);
      throw error;
    }
  });
}

/** The scenario options that change the program; solver settings do not, so export-lp does not offer them. */
const { solver: _solverOption, 'time-limit': _timeLimitOption, gap: _gapOption, ...programOptions } = scenarioOptions;

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
      .example('$0 export-lp -o plan.lp', 'Write the default model\'s portfolio MILP')
      .example('$0 export-lp models/western-cape --scenario scenarios/growth-led.yaml --formulation allocation -o allocation.lp --force', 'Write the allocation LP of a scenario, replacing the file') as unknown as Argv<ExportLpArguments>,
  handler: async (argv) => {
    const written = await exportLp(argv);
    process.stdout.write(`wrote ${written.path} (${written.variables} variables, ${written.constraints} constraints)\n`);
  },
};
