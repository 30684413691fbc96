/**
 * Judging returned rows by the model's own rules, with the loader itself as the judge: the model as
 * it stands, with the covered municipalities' rows replaced by the returned ones, is written to a
 * temporary folder and loaded. Every problem the loader finds there (a shape problem in one cell,
 * or a cross-table rule such as an unknown funding source or a duplicate id) is then located back
 * on the return's sheet and cell. The rules are therefore exactly those of `infraplan validate`.
 *
 * The returned rows are written after every other row, so a clash between a returned row and an
 * existing one is always reported on the returned row.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadModel } from '../dataset/load-model.js';
import { describeTable, ownedInScope, type CellRow, type ModelTables, type RowScope, type TableDescription, type TableRows } from '../dataset/model-tables.js';
import { InvalidInputError, quoteValue, type DataProblem } from '../errors/problems.js';
import type { TableName } from '../dataset/schemas.js';
import { modelTablesFromDataset, writeModelTables } from '../dataset/write-model.js';
import { applySubmissionRows } from '../store/model-state.js';
import { cellAddress, coveredRows, type FormSheetLayout } from './form-layout.js';
import type { ReturnProblem } from './return-problem.js';

/** Rows a return brings for one table, with where each came from. */
export interface ReturnedTable {
  /** The table. */
  readonly table: TableName;
  /** The sheet layout the rows were read with, or null for rows already held (a decision on a stored submission). */
  readonly layout: FormSheetLayout | null;
  /** The rows, each with its sheet row (null when not from a sheet). */
  readonly rows: readonly { readonly cells: CellRow; readonly sheetRow: number | null }[];
}

/** The verdict on returned rows. */
export interface RowsVerdict {
  /** Every problem, located on the return; empty when the rows are valid. */
  readonly problems: readonly ReturnProblem[];
  /** The returned rows as the model will hold them (the loader's reading, written back), or null when invalid. */
  readonly rows: Readonly<Partial<Record<TableName, readonly CellRow[]>>> | null;
  /** The model with the rows in place, or null when invalid. */
  readonly model: ModelTables | null;
  /** Warnings on the returned rows that do not stop the return (likely duplicates across owners), located on the return; empty when invalid. */
  readonly warnings: readonly ReturnProblem[];
}

/** Where a row of the temporary folder's table came from. */
type RowOrigin = { readonly kind: 'model'; readonly position: number } | { readonly kind: 'return'; readonly sheetRow: number | null; readonly index: number };

/**
 * Check the rows a return brings for the municipalities it covers against the model as it stands.
 * `fileName` names the return in every problem.
 */
export async function judgeReturnedRows(state: ModelTables, scope: RowScope, returned: readonly ReturnedTable[], fileName: string): Promise<RowsVerdict> {
  const problems: ReturnProblem[] = [];
  const origins = new Map<TableName, RowOrigin[]>();
  const layouts = new Map<TableName, FormSheetLayout | null>(returned.map((table) => [table.table, table.layout]));
  const tables = { ...state.tables } as Record<TableName, TableRows>;
  for (const table of returned) {
    const current = state.tables[table.table];
    if (current === undefined) {
      // A model held before the table existed: the rows have nowhere to go.
      problems.push({ file: fileName, sheet: table.layout?.sheetName ?? null, cell: null, row: null, message: `the model holds no ${table.table} table, so these rows cannot be taken in; make a new form from the model` });
      continue;
    }
    if (table.layout !== null) {
      const missing = current.columns.filter((column) => !table.layout!.columns.includes(column));
      const extra = table.layout.columns.filter((column) => !current.columns.includes(column));
      if (missing.length > 0 || extra.length > 0) {
        problems.push({
          file: fileName,
          sheet: table.layout.sheetName,
          cell: null,
          row: null,
          message: `the form's columns are not the model's (${[...missing.map((column) => `missing ${column}`), ...extra.map((column) => `unknown ${column}`)].join(', ')}); it was made for another model layout, so make a new form`,
        });
        continue;
      }
    }
    const description = describeTable(table.table);
    const covered = new Set(coveredRows(state, description, scope));
    problems.push(...outOfScopeProblems(description, table, scope, fileName));
    const others = current.rows.filter((row) => !covered.has(row));
    const positions = current.rows.map((row, position) => ({ row, position })).filter(({ row }) => !covered.has(row));
    tables[table.table] = { columns: current.columns, rows: [...others, ...table.rows.map((row) => row.cells)] };
    origins.set(table.table, [
      ...positions.map(({ position }): RowOrigin => ({ kind: 'model', position })),
      ...table.rows.map((row, index): RowOrigin => ({ kind: 'return', sheetRow: row.sheetRow, index })),
    ]);
  }
  // A row outside the scope would be dropped without a word when the rows are put in place, so it is refused instead.
  if (problems.length > 0) return { problems, rows: null, model: null, warnings: [] };

  const folder = await mkdtemp(path.join(tmpdir(), 'infraplan-return-'));
  try {
    const modelFolder = path.join(folder, 'model');
    await writeModelTables({ configYaml: state.configYaml, tables }, modelFolder, { format: 'csv' });
    let loaded;
    try {
      loaded = await loadModel(modelFolder);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      return { problems: error.problems.map((problem) => locate(problem, origins, layouts, fileName)), rows: null, model: null, warnings: [] };
    }
    const canonical = modelTablesFromDataset(loaded);
    const rows: Partial<Record<TableName, CellRow[]>> = {};
    for (const table of returned) rows[table.table] = coveredRows(canonical, describeTable(table.table), scope);
    // Warnings the loader put on a returned row (a pair of model rows was there before the return, so it is not the return's to answer).
    const warnings = (loaded.loadWarnings ?? [])
      .filter((warning) => warning.row !== null && origins.get(path.basename(warning.file, '.csv') as TableName)?.[warning.row - 2]?.kind === 'return')
      .map((warning) => locate(warning, origins, layouts, fileName));
    return { problems: [], rows, model: applySubmissionRows(state, scope, rows), warnings };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * Returned rows of another owner than the form's: a department's row in the municipal sphere (or
 * with no sphere), or a municipality's row in another sphere. Located on the owner_sphere cell.
 */
function outOfScopeProblems(description: TableDescription, table: ReturnedTable, scope: RowScope, fileName: string): ReturnProblem[] {
  const columns = description.ownerColumns ?? null;
  if (columns === null || scope.owner === null) return [];
  const owner = scope.owner;
  return table.rows
    .filter((row) => !ownedInScope(description, row.cells, scope))
    .map((row, index): ReturnProblem => {
      const message =
        owner.kind === 'department'
          ? `a row of ${owner.name}'s form is ${owner.name}'s own project: choose provincial or national in ${columns.sphere} (found ${quoteValue(row.cells[columns.sphere] ?? '')}) and keep ${columns.name} ${JSON.stringify(owner.name)}; a municipality's own projects come in its own return`
          : `a municipality's form holds its own projects (${columns.sphere} municipal); found ${quoteValue(row.cells[columns.sphere] ?? '')}. A department's projects come in the department's return`;
      if (row.sheetRow === null || table.layout === null || !table.layout.columns.includes(columns.sphere)) return { file: fileName, sheet: table.layout?.sheetName ?? null, cell: null, row: null, message: `returned ${table.table} row ${index + 1}: ${message}` };
      return { file: fileName, sheet: table.layout.sheetName, cell: cellAddress(table.layout, columns.sphere, row.sheetRow), row: null, message };
    });
}

/** Words for a row of the temporary table, as the return's reader knows it. */
function rowWords(origin: RowOrigin | undefined, table: TableName, layout: FormSheetLayout | null): string | null {
  if (origin === undefined) return null;
  if (origin.kind === 'model') return `row ${origin.position + 2} of the model's ${table}.csv`;
  if (origin.sheetRow !== null && layout !== null) return `row ${origin.sheetRow} of sheet ${layout.sheetName}`;
  return `returned ${table} row ${origin.index + 1}`;
}

/** Put a problem the loader found in the temporary folder back on the return's sheet and cell. */
function locate(problem: DataProblem, origins: ReadonlyMap<TableName, RowOrigin[]>, layouts: ReadonlyMap<TableName, FormSheetLayout | null>, fileName: string): ReturnProblem {
  const table = path.basename(problem.file, '.csv') as TableName;
  const tableOrigins = origins.get(table);
  const layout = layouts.get(table) ?? null;
  // Rows in messages ("already appears in row 12") are rows of the temporary file; say which row they are.
  // A table named with its path in the temporary folder (`funding.csv (/tmp/…/funding.csv)`) is the model's table.
  const folder = `${path.dirname(problem.file)}${path.sep}`;
  const message = problem.message
    .replace(/\b([a-z_]+)\.csv \(([^()]*)\)/g, (text, name: string, filePath: string) => (filePath === `${folder}${name}.csv` ? `the model's ${name}.csv` : text))
    .replace(/\brow (\d+)\b/g, (text, row: string) => rowWords(tableOrigins?.[Number(row) - 2], table, layout) ?? text);
  const sheet = layout?.sheetName ?? null;
  if (tableOrigins === undefined || problem.row === null) {
    return { file: fileName, sheet, cell: null, row: null, message: tableOrigins === undefined ? `with the model's ${table}: ${message}` : message };
  }
  const origin = tableOrigins[problem.row - 2];
  if (origin === undefined || origin.kind === 'model') {
    return { file: fileName, sheet: null, cell: null, row: null, message: `${rowWords(origin, table, layout) ?? `the model's ${table}`}${problem.column === null ? '' : `, column ${problem.column}`}: ${message}` };
  }
  if (origin.sheetRow === null || layout === null) {
    return { file: fileName, sheet: null, cell: null, row: null, message: `returned ${table} row ${origin.index + 1}${problem.column === null ? '' : `, column ${problem.column}`}: ${message}` };
  }
  const column = problem.column !== null && layout.columns.includes(problem.column) ? problem.column : null;
  return { file: fileName, sheet, cell: column === null ? null : cellAddress(layout, column, origin.sheetRow), row: column === null ? origin.sheetRow : null, message };
}
