/**
 * The model writer: the inverse of loadModel. A Dataset (or a model held as text, ModelTables)
 * becomes a model folder of model.yaml and the tables, as CSV files or one model.xlsx, written
 * exactly as the loader reads them: the same columns (table-descriptions in model-tables.ts),
 * financial years as `2026/27`, flags as `yes`/`no`, lists joined with `;`. Loading what was
 * written gives back the same Dataset (tests/dataset/write-model.test.ts).
 *
 * The folder is built under a temporary name beside its destination and renamed into place
 * (src/files/atomic-folder.ts, as every output folder), so an interrupted write leaves the old
 * folder (or nothing) rather than half a model.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { writeFolderAtomic } from '../files/atomic-folder.js';
import { loadExcelJs } from './excel-module.js';
import { MODEL_CONFIG_FILE, MODEL_WORKBOOK_FILE } from './load-model.js';
import { parseModelConfig } from './model-config.js';
import { TABLE_DESCRIPTIONS, describeTable, tableRowsOf, writtenTableNames, type ColumnDescription, type ModelTables, type TableRows } from './model-tables.js';
import { modelConfigToYaml } from './model-yaml.js';
import { TABLE_NAMES, type TableName } from './schemas.js';
import type { Dataset, ModelConfig } from './types.js';

/** How the tables are written: one CSV file per table, or one model.xlsx with a sheet per table. */
export type ModelFormat = 'csv' | 'xlsx';

/** Options of writeModel and writeModelTables. */
export interface WriteModelOptions {
  /** Table format. */
  readonly format: ModelFormat;
  /** Replace the folder when it exists and holds files. Default false: an existing, non-empty folder is an error. */
  readonly replace?: boolean;
}

/** Thrown when the destination folder exists and holds files, and replacing was not asked for. Nothing is written. */
export class ModelFolderExistsError extends Error {
  /** The folder that exists. */
  readonly folder: string;
  constructor(folder: string) {
    super(`${folder} already exists and holds files; choose another folder or pass --force to replace it`);
    this.name = 'ModelFolderExistsError';
    this.folder = folder;
  }
}

/**
 * Thrown when --force would replace a folder that holds more than a model: notes, a README, a
 * `.git` folder. Replacing swaps the whole folder, so those files would be gone (review u5,
 * finding 1); nothing is written and the files are named.
 */
export class ModelFolderHoldsOtherFilesError extends Error {
  /** The folder that exists. */
  readonly folder: string;
  /** Names in it that no model writes. */
  readonly others: readonly string[];
  constructor(folder: string, others: readonly string[]) {
    const listed = others.length <= 5 ? others.join(', ') : `${others.slice(0, 5).join(', ')} and ${others.length - 5} more`;
    super(
      `${folder} holds files that are not part of a model (${listed}); --force replaces only a model folder (model.yaml, ${MODEL_WORKBOOK_FILE} and the table CSV files), ` +
        'so nothing was written: choose another folder, or move those files out first',
    );
    this.name = 'ModelFolderHoldsOtherFilesError';
    this.folder = folder;
    this.others = others;
  }
}

/** A model as text: the generated model.yaml and every table's rows. */
export function modelTablesFromDataset(dataset: Dataset): ModelTables {
  const tables = Object.fromEntries(TABLE_DESCRIPTIONS.map((description) => [description.name, tableRowsOf(description, dataset)])) as Record<TableName, TableRows>;
  return { configYaml: modelConfigToYaml(dataset.config), tables };
}

/** The ModelConfig of a model held as text; its model.yaml was written by this module, so it is valid. */
export function configOf(model: ModelTables): ModelConfig {
  const { config, problems } = parseModelConfig(model.configYaml, MODEL_CONFIG_FILE);
  if (config === null) throw new Error(`model.yaml held as text is invalid: ${problems.map((problem) => problem.message).join('; ')}`);
  return config;
}

/** CSV text of a table: header and rows, `\n` line ends, quotes only where needed. */
export function tableToCsv(table: TableRows): string {
  return stringifyCsv(
    table.rows.map((row) => table.columns.map((column) => row[column] ?? '')),
    { header: true, columns: [...table.columns], record_delimiter: 'unix' },
  );
}

/** True when a number cell reads back as exactly this text (so writing it as a number loses nothing). */
export function isExactNumberText(text: string): boolean {
  return text !== '' && Number.isFinite(Number(text)) && String(Number(text)) === text;
}

/** model.xlsx bytes: one sheet per table, numbers as numeric cells, everything else as text. */
export async function tablesToWorkbook(model: ModelTables, config: ModelConfig): Promise<Buffer> {
  const workbook = new (loadExcelJs().Workbook)();
  workbook.creator = 'infraplan';
  for (const name of writtenTableNames(model)) {
    const table = model.tables[name];
    const kinds = new Map<string, ColumnDescription>(describeTable(name).columns(config).map((column) => [column.name, column]));
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow([...table.columns]).font = { bold: true };
    for (const row of table.rows) {
      sheet.addRow(
        table.columns.map((column) => {
          const text = row[column] ?? '';
          if (text === '') return null;
          return kinds.get(column)?.cell.type === 'number' && isExactNumberText(text) ? Number(text) : text;
        }),
      );
    }
    table.columns.forEach((column, index) => {
      const longest = Math.max(column.length, ...table.rows.slice(0, 200).map((row) => (row[column] ?? '').length));
      sheet.getColumn(index + 1).width = Math.min(60, Math.max(8, longest + 2));
      // Text columns stay text when edited in Excel, so 2026/27 is never turned into a date.
      if (kinds.get(column)?.cell.type !== 'number') sheet.getColumn(index + 1).numFmt = '@';
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The files of a model folder by file name. */
export async function modelFiles(model: ModelTables, format: ModelFormat): Promise<Map<string, string | Buffer>> {
  const files = new Map<string, string | Buffer>([[MODEL_CONFIG_FILE, model.configYaml]]);
  if (format === 'xlsx') {
    files.set(MODEL_WORKBOOK_FILE, await tablesToWorkbook(model, configOf(model)));
  } else {
    for (const name of writtenTableNames(model)) files.set(`${name}.csv`, tableToCsv(model.tables[name]));
  }
  return files;
}

/**
 * Write the files of a model folder (modelFiles, and any file a caller adds beside them, such as a
 * benchmark's known optimum) into a folder that appears whole or not at all (writeFolderAtomic: a
 * temporary sibling, renamed into place). An existing folder is replaced only when `replace` is
 * true or it is empty; returns the folder's absolute path.
 */
export async function writeModelFiles(files: ReadonlyMap<string, string | Buffer>, folder: string, options: Pick<WriteModelOptions, 'replace'> = {}): Promise<string> {
  const destination = path.resolve(folder);
  const existing = await stat(destination).catch(() => null);
  if (existing !== null && !existing.isDirectory()) throw new ModelFolderExistsError(folder);
  // A folder made beforehand and still empty is filled as if it were new.
  const names = existing === null ? [] : await readdir(destination);
  const empty = existing !== null && names.length === 0;
  if (!empty && existing !== null && options.replace === true) {
    // What a model folder may hold: everything written here, and the other format's files.
    const modelNames = new Set<string>([MODEL_CONFIG_FILE, MODEL_WORKBOOK_FILE, ...TABLE_NAMES.map((name) => `${name}.csv`), ...files.keys()]);
    const others = names.filter((name) => !modelNames.has(name)).sort();
    if (others.length > 0) throw new ModelFolderHoldsOtherFilesError(folder, others);
  }
  return writeFolderAtomic(
    path.dirname(destination),
    path.basename(destination),
    async (contents) => {
      for (const [name, content] of files) await contents.writeFile(name, content);
    },
    { force: (options.replace ?? false) || empty, existsError: () => new ModelFolderExistsError(folder) },
  );
}

/** Write a model held as text into a folder (see writeModelFiles); returns the folder's absolute path. */
export async function writeModelTables(model: ModelTables, folder: string, options: WriteModelOptions): Promise<string> {
  return writeModelFiles(await modelFiles(model, options.format), folder, options);
}

/** Write a Dataset as a model folder that loadModel reads back into the same Dataset; returns the folder's absolute path. */
export async function writeModel(dataset: Dataset, folder: string, options: WriteModelOptions): Promise<string> {
  return writeModelTables(modelTablesFromDataset(dataset), folder, options);
}
