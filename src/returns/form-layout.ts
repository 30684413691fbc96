/**
 * The layout of a return form, decided once and written into the form's hidden stamp, so collect
 * reads a return by what its own stamp says rather than by what this version of infraplan would
 * write today. A form covers one municipality (or, for a department, several) and has one sheet per
 * table that returns ask for (model-tables.ts `returnForm`); each sheet holds the covered
 * municipalities' rows, then empty rows for new ones.
 *
 * Locked cells: the header, the key of every pre-filled row (its id, or municipality and service),
 * and on a municipality's own form the municipality code of every row. Everything else in the input
 * rows is for the municipality to fill.
 */
import { createHash } from 'node:crypto';
import { isTableWritten, returnTables, rowInScope, rowKey, submitterScope, type CellRow, type ModelTables, type ReturnFormTable, type RowScope, type TableDescription } from '../dataset/model-tables.js';
import type { TableName } from '../dataset/schemas.js';
import type { SubmitterKind } from '../store/store.js';

/** Version of the form layout. Collect refuses forms of another version: their cells may mean other things. */
export const TEMPLATE_VERSION = 1;
/** What the stamp's `format` says, so a stray workbook is told apart from a form. */
export const STAMP_FORMAT = 'infraplan-return';
/** The hidden sheet holding the stamp. */
export const STAMP_SHEET = 'stamp';
/** The hidden sheet holding the drop-down lists. */
export const LISTS_SHEET = 'Lists';
/** The first sheet, in plain words. */
export const INSTRUCTIONS_SHEET = 'Instructions';
/** Header row of every data sheet. */
export const HEADER_ROW = 1;
/** Most empty rows a form offers on one sheet, whatever it covers. */
const MOST_BLANK_ROWS = 300;

/** A cell the form locks, with the value it must still hold when the return comes back. */
export interface LockedCell {
  /** Sheet row. */
  readonly row: number;
  /** Column name. */
  readonly column: string;
  /** The text the cell holds. */
  readonly value: string;
}

/** One data sheet of a form. */
export interface FormSheetLayout {
  /** Sheet name, e.g. `Projects`. */
  readonly sheetName: string;
  /** The table its rows belong to. */
  readonly table: TableName;
  /** Column names in sheet order (column A first). */
  readonly columns: readonly string[];
  /** First input row (just under the header). */
  readonly firstRow: number;
  /** Last input row; the sheet holds nothing below it. */
  readonly lastRow: number;
  /** Sheet rows that were pre-filled, with the key of the model row each held. */
  readonly prefilled: readonly { readonly row: number; readonly key: string }[];
  /** Cells of the input rows that are locked, with their values. */
  readonly lockedCells: readonly LockedCell[];
}

/** What a form is for and what it was made from; written into its hidden stamp sheet. */
export interface FormStamp {
  /** Always STAMP_FORMAT. */
  readonly format: string;
  /** Layout version (TEMPLATE_VERSION when made). */
  readonly templateVersion: number;
  /** model.yaml `name` of the model it was made from. */
  readonly modelName: string;
  /** modelTablesSha256 of the model it was made from. */
  readonly modelSha256: string;
  /** coveredRowsSha256 of the covered municipalities' rows it was pre-filled with. */
  readonly coveredRowsSha256: string;
  /** When it was made, UTC ISO 8601. */
  readonly madeAt: string;
  /** Who is to fill it. */
  readonly submitterKind: SubmitterKind;
  /** Municipality code, or department name. */
  readonly submitterId: string;
  /** Municipality codes whose rows it holds and may change. */
  readonly covers: readonly string[];
  /** The data sheets. */
  readonly sheets: readonly FormSheetLayout[];
}

/** Who a form is for. */
export interface FormRequest {
  /** A municipality's own form, or a department's form over several municipalities. */
  readonly submitterKind: SubmitterKind;
  /** Municipality code, or department name. */
  readonly submitterId: string;
  /** Municipality codes the form covers (one for a municipality's form). */
  readonly covers: readonly string[];
}

/** A data sheet with the rows to write. */
export interface PlannedSheet {
  /** Its layout (as stamped). */
  readonly layout: FormSheetLayout;
  /** The table's description. */
  readonly description: TableDescription;
  /** Text per input row, in order from firstRow; empty rows hold only their locked cells. */
  readonly rows: readonly CellRow[];
  /** Locked column names per input row, in the same order. */
  readonly lockedColumns: readonly ReadonlySet<string>[];
}

/** Column letters of a 1-based column number: 1 -> A, 27 -> AA. */
export function columnLetter(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/** The A1 address of a column name on a sheet row. */
export function cellAddress(layout: FormSheetLayout, column: string, row: number): string {
  return `${columnLetter(layout.columns.indexOf(column) + 1)}${row}`;
}

/** The rows of a scope (the covered municipalities', of the scope's owner) in one table, in model order. */
export function coveredRows(model: ModelTables, description: TableDescription, scope: RowScope): CellRow[] {
  // A model held before an optional table existed has none: no rows of it are covered.
  return (model.tables[description.name]?.rows ?? []).filter((row) => rowInScope(description, row, scope));
}

/**
 * The tables a form of this model asks for: every return table the model holds. An optional table
 * the model has no rows of (no assets.csv, no facilities.csv) gets no sheet, so a model without
 * assets keeps the form it had and nothing is asked that the model would not use.
 */
export function formTables(model: ModelTables): (TableDescription & { readonly returnForm: ReturnFormTable })[] {
  return returnTables().filter((description) => isTableWritten(description.name, model.tables[description.name]));
}

/** The scope of a form: whose rows it holds and its return replaces. */
export function formScope(request: Pick<FormRequest, 'submitterKind' | 'submitterId' | 'covers'>): RowScope {
  return submitterScope(request.submitterKind, request.submitterId, request.covers);
}

/**
 * SHA-256 of the covered municipalities' rows in the tables a form asks for, each table's rows
 * sorted by key, so it changes exactly when something a form would show for them changed. The
 * tables are the form's own (its stamp's sheets) when given, else every table a form of this model
 * asks for; so a form made before a table had a sheet is compared on the tables it holds.
 */
export function coveredRowsSha256(model: ModelTables, scope: RowScope, tables?: readonly TableName[]): string {
  const described = tables === undefined ? formTables(model) : returnTables().filter((description) => tables.includes(description.name));
  const content = described.map((description) => [
    description.name,
    coveredRows(model, description, scope)
      .map((row) => [rowKey(description, row), (model.tables[description.name]?.columns ?? []).map((column) => row[column] ?? '')] as const)
      .sort(([first], [second]) => (first < second ? -1 : first > second ? 1 : 0)),
  ]);
  // The owner is part of what the hash is of only when there is one, so a form without owners hashes as before.
  const covered = [...scope.covers].sort();
  return createHash('sha256').update(JSON.stringify(scope.owner === null ? [covered, content] : [covered, scope.owner, content])).digest('hex');
}

/** Plan every data sheet of a form. */
export function planFormSheets(model: ModelTables, request: FormRequest): PlannedSheet[] {
  const singleMunicipality = request.covers.length === 1 ? request.covers[0] : null;
  const scope = formScope(request);
  const municipalityName = new Map(model.tables.municipalities.rows.map((row) => [row.municipality_code ?? '', row.municipality_name ?? '']));
  return formTables(model).map((description) => {
    const table = model.tables[description.name];
    const municipalityColumn = description.municipalityColumn!;
    const prefilledRows = coveredRows(model, description, scope);
    // Owner cells: a municipality's form holds its own (municipal) rows, a department's its own rows,
    // so the owner is fixed (locked), except a department's choice of sphere on a new row.
    const ownerColumns = description.ownerColumns ?? null;
    const lockedOwner = ownerColumns === null ? [] : request.submitterKind === 'municipality' ? [ownerColumns.sphere, ownerColumns.name] : [ownerColumns.name];
    const newRowOwner = (code: string | null): Record<string, string> => {
      if (ownerColumns === null) return {};
      // A department's sphere is left for it to choose: a pre-filled white cell would make every empty row look used.
      if (request.submitterKind === 'department') return { [ownerColumns.name]: request.submitterId };
      return { [ownerColumns.sphere]: 'municipal', [ownerColumns.name]: code === null ? '' : (municipalityName.get(code) ?? code) };
    };
    const blankCount = Math.min(MOST_BLANK_ROWS, description.returnForm.blankRowsPerMunicipality * request.covers.length);
    const firstRow = HEADER_ROW + 1;
    const rows: CellRow[] = [];
    const lockedColumns: Set<string>[] = [];
    // A generated row's fingerprint is the master plan's, not the official's: it stays as written, so a correction to the row is seen as one (docs/masterplan.md).
    const lockedFingerprint = table.columns.includes('generated_fingerprint') ? ['generated_fingerprint'] : [];
    const lockedInPrefilled = new Set([...description.keyColumns, municipalityColumn, ...lockedOwner, ...lockedFingerprint]);
    for (const row of prefilledRows) {
      rows.push(row);
      lockedColumns.push(lockedInPrefilled);
    }
    for (let index = 0; index < blankCount; index += 1) {
      const owner = newRowOwner(singleMunicipality);
      rows.push(Object.fromEntries(table.columns.map((column) => [column, column === municipalityColumn && singleMunicipality !== null ? singleMunicipality : (owner[column] ?? '')])));
      // A municipality's own name is fixed only on its own form; a department's name on every row of its form.
      const lockedOwnerHere = lockedOwner.filter((column) => table.columns.includes(column) && (request.submitterKind === 'department' || singleMunicipality !== null));
      lockedColumns.push(new Set([...(singleMunicipality !== null ? [municipalityColumn] : []), ...lockedOwnerHere]));
    }
    const lockedCells: LockedCell[] = [];
    rows.forEach((row, index) => {
      for (const column of table.columns) if (lockedColumns[index].has(column)) lockedCells.push({ row: firstRow + index, column, value: row[column] ?? '' });
    });
    const layout: FormSheetLayout = {
      sheetName: description.returnForm.sheetName,
      table: description.name,
      columns: table.columns,
      firstRow,
      lastRow: firstRow + rows.length - 1,
      prefilled: prefilledRows.map((row, index) => ({ row: firstRow + index, key: rowKey(description, row) })),
      lockedCells,
    };
    return { layout, description, rows, lockedColumns };
  });
}
