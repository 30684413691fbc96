/**
 * `infraplan template`: write return forms, one Excel workbook per municipality (or one per
 * department over several municipalities), pre-filled from a model folder or from the central
 * database as it stands. The forms are built by src/returns/write-template.ts.
 */
import type { Argv, CommandModule } from 'yargs';
import { resolveRun } from '../pipeline/resolve-run.js';
import type { ModelTables } from '../dataset/model-tables.js';
import { InvalidInputError, quoteValue } from '../errors/problems.js';
import { suggestId } from '../dataset/suggest.js';
import { modelTablesFromDataset } from '../dataset/write-model.js';
import { StoreUseError, currentState } from '../returns/collect-returns.js';
import type { FormRequest } from '../returns/form-layout.js';
import { FormExistsError, buildReturnForm, writeReturnForms } from '../returns/write-template.js';
import { openStoreForCommand } from './collect.js';
import { EXIT_OK, UserFacingError } from '../errors/exit-codes.js';

/** Arguments of `template`. */
interface TemplateArguments {
  /** Model folder, workbook or bare model name. */
  readonly model?: string;
  /** Municipality codes, each given as --municipality CODE. */
  readonly municipality?: string[];
  /** One form per municipality of the model. */
  readonly all: boolean;
  /** A department's form over the chosen municipalities, instead of one form each. */
  readonly department?: string;
  /** Take the model from the central database instead of a folder. */
  readonly db?: string;
  /** Folder for the forms. */
  readonly out: string;
  /** Replace forms of the same name. */
  readonly force: boolean;
}

/** A problem with a command-line option, printed like every other input problem. */
function optionProblem(option: string, message: string): InvalidInputError {
  return new InvalidInputError([{ file: 'command line', row: null, column: option, message }]);
}

/** The forms asked for by the options. */
export function formRequests(model: ModelTables, argv: Pick<TemplateArguments, 'municipality' | 'all' | 'department'>): FormRequest[] {
  const known = model.tables.municipalities.rows.map((row) => row.municipality_code ?? '');
  const asked = argv.municipality ?? [];
  if (argv.all && asked.length > 0) throw optionProblem('--all', 'give either --all or --municipality, not both');
  if (!argv.all && asked.length === 0) throw optionProblem('--municipality', 'name a municipality (--municipality WC044, repeat for more) or give --all');
  const problems = asked
    .filter((code) => !known.includes(code))
    .map((code) => ({ file: 'command line', row: null, column: '--municipality', message: `unknown municipality ${quoteValue(code)}${suggestId(code, known) || `; the model has ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', ...' : ''}`}` }));
  if (problems.length > 0) throw new InvalidInputError(problems);
  const covers = argv.all ? known : [...new Set(asked)];
  if (argv.department !== undefined) {
    if (argv.department.trim() === '') throw optionProblem('--department', 'give the department a name');
    return [{ submitterKind: 'department', submitterId: argv.department.trim(), covers }];
  }
  return covers.map((code) => ({ submitterKind: 'municipality', submitterId: code, covers: [code] }));
}

/** yargs module for `template`. */
export const templateCommand: CommandModule<object, TemplateArguments> = {
  command: 'template [model]',
  describe: 'Write Excel return forms pre-filled with what the model holds for each municipality',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('model', { type: 'string', describe: 'Model folder, model.xlsx or model name (default: western-cape); not with --db' })
      .option('municipality', { type: 'string', array: true, requiresArg: true, describe: 'Municipality code; repeat for several forms' })
      .option('all', { type: 'boolean', default: false, describe: 'One form per municipality of the model' })
      .option('department', { type: 'string', requiresArg: true, describe: "One form for this department over the chosen municipalities (its return replaces their rows)" })
      .option('db', { type: 'string', requiresArg: true, describe: 'Pre-fill from the central database as it stands, instead of a model folder' })
      .option('out', { type: 'string', demandOption: true, requiresArg: true, describe: 'Folder for the forms (created if missing)' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace forms of the same name' })
      .example('$0 template --municipality WC044 --out forms', 'forms/WC044-return.xlsx from the embedded Western Cape model')
      .example('$0 template --all --db returns.sqlite --out forms', 'One form per municipality from the central database')
      .example('$0 template --all --department "Human Settlements" --out forms', 'One department form over every municipality') as unknown as Argv<TemplateArguments>,
  handler: async (argv) => {
    let model: ModelTables;
    let source: string;
    if (argv.db !== undefined) {
      if (argv.model !== undefined) throw optionProblem('--db', 'give either a model or --db, not both: with --db the forms are pre-filled from the database');
      // Pre-filling only reads the database: it may be a read-only file or on a read-only drive.
      const store = openStoreForCommand(argv.db, { readOnly: true });
      try {
        model = currentState(store).model;
      } catch (error) {
        if (error instanceof StoreUseError) throw new UserFacingError(error.message);
        throw error;
      } finally {
        store.close();
      }
      source = argv.db;
    } else {
      const run = await resolveRun({ model: argv.model });
      source = run.modelPath;
      model = modelTablesFromDataset(run.model);
    }
    const requests = formRequests(model, argv);
    const madeAt = new Date();
    const forms = [];
    for (const request of requests) forms.push(await buildReturnForm(model, request, madeAt));
    let written: string[];
    try {
      written = await writeReturnForms(forms, argv.out, { replace: argv.force });
    } catch (error) {
      if (error instanceof FormExistsError) throw new UserFacingError(error.message);
      throw error;
    }
    process.stdout.write(`${written.length} return form${written.length === 1 ? '' : 's'} from ${source}:\n${written.map((file) => `  ${file}`).join('\n')}\n`);
    process.exitCode = EXIT_OK;
  },
};
