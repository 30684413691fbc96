/**
 * `infraplan model convert | export | import`: a model between CSV files and one workbook; a model
 * folder rebuilt from the central database as it stood at any moment; a new base model recorded in
 * the database. The work is done by src/dataset/write-model.ts and src/store/.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { resolveRun } from '../pipeline/resolve-run.js';
import { InvalidInputError } from '../errors/problems.js';
import { ModelFolderExistsError, ModelFolderHoldsOtherFilesError, modelTablesFromDataset, writeModelTables, type ModelFormat } from '../dataset/write-model.js';
import { MODEL_CONFIG_FILE } from '../dataset/load-model.js';
import { readInputText } from '../dataset/input-file.js';
import type { ModelTables } from '../dataset/model-tables.js';
import type { Dataset } from '../dataset/types.js';
import { StoreUseError, importModelVersion } from '../returns/collect-returns.js';
import { AsOfError, NothingToExportError, asOfMoment, exportModel } from '../store/export-model.js';
import { EXIT_OK, UserFacingError } from '../errors/exit-codes.js';
import { DEFAULT_DATABASE_FILE, openStoreForCommand } from './collect.js';

/** Arguments of `model convert`. */
interface ConvertArguments {
  readonly model: string;
  readonly to: ModelFormat;
  readonly out: string;
  readonly force: boolean;
}

/** Arguments of `model export`. */
interface ExportArguments {
  readonly db: string;
  readonly asOf?: string;
  readonly out: string;
  readonly format: ModelFormat;
  readonly force: boolean;
}

/** Arguments of `model import`. */
interface ImportArguments {
  readonly model: string;
  readonly db: string;
  readonly note?: string;
  readonly force: boolean;
}

/** Run a write, turning an existing destination or store misuse into a user-facing error. */
async function userFacing<Result>(action: () => Promise<Result>): Promise<Result> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof ModelFolderExistsError || error instanceof ModelFolderHoldsOtherFilesError || error instanceof StoreUseError || error instanceof NothingToExportError) throw new UserFacingError(error.message);
    throw error;
  }
}

/** --out names a folder: a model is model.yaml beside its tables. */
function checkOutFolder(out: string): void {
  if (/\.(xlsx|csv|ya?ml)$/i.test(out)) {
    throw new InvalidInputError([{ file: 'command line', row: null, column: '--out', message: `${out} looks like a file; --out names the model folder to write (it will hold model.yaml and the tables)` }]);
  }
}

/** The real path of `target`, or its resolved path when it does not exist. */
function realPathOf(target: string): string {
  try {
    return realpathSync(path.resolve(target));
  } catch {
    return path.resolve(target);
  }
}

/**
 * Refuse to write a model over the folder it is read from: with --force the folder would be
 * replaced by the tool's own rendering of it, and the comments and layout of the model.yaml a
 * person wrote (and, from CSV to xlsx, the CSV files themselves) would be gone.
 */
function refuseOwnFolder(modelPath: string, out: string): void {
  const modelFolder = realPathOf(/\.(xlsx|ya?ml)$/i.test(modelPath) ? path.dirname(modelPath) : modelPath);
  if (realPathOf(out) === modelFolder) {
    throw new InvalidInputError([{ file: 'command line', row: null, column: '--out', message: `${out} is the folder the model is read from; write the converted model to another folder (it would replace the model.yaml and tables you wrote)` }]);
  }
}

/**
 * The model as text for convert, with the model.yaml it was loaded from copied as it is: only the
 * tables change format, and the comments and layout a person wrote in model.yaml stay (review u5,
 * finding 16: converting back and forth rewrote it with every default and no comment). The text
 * was validated by the load, so it loads into the same configuration.
 */
async function withOwnModelYaml(dataset: Dataset): Promise<ModelTables> {
  const tables = modelTablesFromDataset(dataset);
  const configPath = dataset.sourceFiles.find((file) => path.basename(file.path) === MODEL_CONFIG_FILE)?.path;
  if (configPath === undefined) return tables;
  const read = await readInputText(configPath, configPath, 'yaml');
  if (read.text === null) throw new InvalidInputError(read.problems);
  return { ...tables, configYaml: read.text };
}

const convertCommand: CommandModule<object, ConvertArguments> = {
  command: 'convert <model>',
  describe: 'Write a model as one workbook (model.xlsx) or as CSV files, with identical data',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('model', { type: 'string', demandOption: true, describe: 'Model folder, model.xlsx or model name' })
      .option('to', { type: 'string', choices: ['xlsx', 'csv'] as const, demandOption: true, describe: 'xlsx: model.yaml + model.xlsx; csv: model.yaml + one CSV per table' })
      .option('out', { type: 'string', demandOption: true, requiresArg: true, describe: 'The model folder to write' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace the folder if it exists' })
      .example('$0 model convert models/western-cape --to xlsx --out my-model', 'my-model/model.yaml and my-model/model.xlsx') as unknown as Argv<ConvertArguments>,
  handler: async (argv) => {
    checkOutFolder(argv.out);
    const { model: dataset, modelPath } = await resolveRun({ model: argv.model });
    refuseOwnFolder(modelPath, argv.out);
    const folder = await userFacing(async () => writeModelTables(await withOwnModelYaml(dataset), argv.out, { format: argv.to, replace: argv.force }));
    process.stdout.write(`${dataset.config.name} written as ${argv.to === 'xlsx' ? 'model.yaml and model.xlsx' : 'model.yaml and CSV files'} in ${folder}\n`);
    process.exitCode = EXIT_OK;
  },
};

const exportCommand: CommandModule<object, ExportArguments> = {
  command: 'export',
  describe: 'Rebuild a model folder from the central database, as it stood at a date',
  builder: (yargs: Argv<object>) =>
    yargs
      .option('db', { type: 'string', default: DEFAULT_DATABASE_FILE, requiresArg: true, describe: 'The central database file' })
      .option('as-of', { type: 'string', requiresArg: true, describe: 'A date (2026-03-31: the end of that day, UTC) or a moment (2026-03-31T14:00:00Z); default now' })
      .option('out', { type: 'string', demandOption: true, requiresArg: true, describe: 'The model folder to write' })
      .option('format', { type: 'string', choices: ['csv', 'xlsx'] as const, default: 'csv' as ModelFormat, describe: 'Table format' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace the folder if it exists' })
      .example('$0 model export --db returns.sqlite --out plan-now', 'The model with every accepted return')
      .example('$0 model export --db returns.sqlite --as-of 2026-03-31 --out plan-march', 'The model as it stood at the end of 31 March 2026') as unknown as Argv<ExportArguments>,
  handler: async (argv) => {
    checkOutFolder(argv.out);
    let asOf: string | undefined;
    try {
      asOf = argv.asOf === undefined ? undefined : asOfMoment(argv.asOf);
    } catch (error) {
      if (error instanceof AsOfError) throw new InvalidInputError([{ file: 'command line', row: null, column: '--as-of', message: error.message }]);
      throw error;
    }
    const store = openStoreForCommand(argv.db, { readOnly: true });
    try {
      const { folder, state } = await userFacing(() => exportModel(store, { ...(asOf !== undefined ? { asOf } : {}), outDir: argv.out, format: argv.format, replace: argv.force }));
      const applied = state.applied.length;
      process.stdout.write(
        `${state.version.modelName} as of ${asOf ?? 'now'}: model version ${state.version.id} with ${applied} accepted submission${applied === 1 ? '' : 's'}` +
          `${applied > 0 ? ` (${state.applied.map(({ submission }) => submission.id).join(', ')})` : ''}, written in ${folder}\n`,
      );
    } finally {
      store.close();
    }
    process.exitCode = EXIT_OK;
  },
};

const importCommand: CommandModule<object, ImportArguments> = {
  command: 'import <model>',
  describe: 'Record a model as the central database’s new base version',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('model', { type: 'string', demandOption: true, describe: 'Model folder, model.xlsx or model name' })
      .option('db', { type: 'string', default: DEFAULT_DATABASE_FILE, requiresArg: true, describe: 'The central database file (created if missing)' })
      .option('note', { type: 'string', requiresArg: true, describe: 'Why the new version (kept with it)' })
      .option('force', { type: 'boolean', default: false, describe: 'Record it even where it would undo accepted returns' })
      .example('$0 model import edited-model --db returns.sqlite --note "2027/28 envelopes"', 'The edited model becomes the base returns are judged against') as unknown as Argv<ImportArguments>,
  handler: async (argv) => {
    const { model: dataset, modelPath } = await resolveRun({ model: argv.model });
    const model = modelTablesFromDataset(dataset);
    const store = openStoreForCommand(argv.db, { create: true });
    try {
      const outcome = await userFacing(async () => importModelVersion(store, model, { source: path.resolve(modelPath), note: argv.note ?? '', force: argv.force }));
      process.stdout.write(
        outcome.recorded
          ? `${argv.db}: recorded ${outcome.version.modelName} from ${modelPath} as model version ${outcome.version.id}\n`
          : `${argv.db}: unchanged; it already holds this model (version ${outcome.version.id} with its accepted returns)\n`,
      );
    } finally {
      store.close();
    }
    process.exitCode = EXIT_OK;
  },
};

/** yargs module for `model` and its subcommands. */
export const modelCommand: CommandModule<object, object> = {
  command: 'model',
  describe: 'Convert a model between CSV and xlsx; export or import a model of the central database',
  builder: (yargs: Argv<object>) =>
    yargs
      .command(convertCommand)
      .command(exportCommand)
      .command(importCommand)
      .demandCommand(1, 'Name an action: convert, export or import.'),
  handler: () => undefined,
};
