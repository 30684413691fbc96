/**
 * Test helpers for return forms: make a form, fill it the way a municipal official would (with
 * exceljs, finding columns by their header), and a store in a fresh database file.
 */
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { ModelTables } from '../../src/dataset/model-tables.js';
import type { FormRequest } from '../../src/returns/form-layout.js';
import { buildReturnForm, writeReturnForms } from '../../src/returns/write-template.js';

/** Write the form for one municipality (or a request) into a folder; returns its path. */
export async function makeForm(model: ModelTables, folder: string, request: FormRequest | string, madeAt = new Date('2026-01-10T08:00:00Z')): Promise<string> {
  const asked: FormRequest = typeof request === 'string' ? { submitterKind: 'municipality', submitterId: request, covers: [request] } : request;
  const form = await buildReturnForm(model, asked, madeAt);
  const [file] = await writeReturnForms([form], folder, { replace: true });
  return file;
}

/** A sheet of a form being filled: cells by header name and sheet row. */
export interface FormSheet {
  /** Set a cell by column name and sheet row. */
  set(column: string, row: number, value: ExcelJS.CellValue): void;
  /** The text now in a cell. */
  get(column: string, row: number): string;
  /** The sheet row holding a key value in a column, e.g. rowOf('project_id', 'WC011-W-01'). */
  rowOf(column: string, value: string): number;
  /** Clear every white cell of a row, as an official selecting them and pressing Delete. */
  clearRow(row: number): void;
  /** The first row whose white cells are all empty (an unused row). */
  firstEmptyRow(): number;
  /** The exceljs sheet. */
  readonly sheet: ExcelJS.Worksheet;
}

function formSheet(sheet: ExcelJS.Worksheet): FormSheet {
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).map((value) => (value === undefined || value === null ? '' : String(value)));
  const column = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 1) throw new Error(`no column ${name} on sheet ${sheet.name}`);
    return index;
  };
  return {
    sheet,
    set: (name, row, value) => {
      sheet.getCell(row, column(name)).value = value;
    },
    get: (name, row) => sheet.getCell(row, column(name)).text,
    rowOf: (name, value) => {
      for (let row = 2; row <= sheet.rowCount; row += 1) if (sheet.getCell(row, column(name)).text === value) return row;
      throw new Error(`no row with ${name} = ${value}`);
    },
    clearRow: (row) => {
      header.slice(1).forEach((_, index) => {
        const cell = sheet.getCell(row, index + 1);
        if (cell.protection?.locked === false) cell.value = null;
      });
    },
    firstEmptyRow: () => {
      for (let row = 2; row <= sheet.rowCount; row += 1) {
        // White cells are the unlocked ones (a locked cell is Excel's default and reads back without protection).
        // A pre-filled row taken out keeps its grey id, so it is not an unused row.
        const cells = header.slice(1).map((name, index) => ({ name, cell: sheet.getCell(row, index + 1) }));
        const inputs = cells.filter(({ cell }) => cell.protection?.locked === false);
        const lockedIds = cells.filter(({ name, cell }) => cell.protection?.locked !== false && !['municipality_code', 'owner_sphere', 'owner_name'].includes(name) && cell.text !== '');
        if (inputs.length > 0 && lockedIds.length === 0 && inputs.every(({ cell }) => cell.text === '')) return row;
      }
      throw new Error(`no empty row on sheet ${sheet.name}`);
    },
  };
}

/** Open a form, let `fill` change it, and save it as `outPath` (a copy when fill does nothing). */
export async function fillForm(
  formPath: string,
  outPath: string,
  fill: (sheets: { needs: FormSheet; projects: FormSheet; assets: FormSheet | null; facilities: FormSheet | null; workbook: ExcelJS.Workbook }) => void,
): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(formPath);
  // Assets and Facilities are there only when the model holds the table.
  const optional = (name: string): FormSheet | null => {
    const sheet = workbook.getWorksheet(name);
    return sheet === undefined ? null : formSheet(sheet);
  };
  fill({ needs: formSheet(workbook.getWorksheet('Needs')!), projects: formSheet(workbook.getWorksheet('Projects')!), assets: optional('Assets'), facilities: optional('Facilities'), workbook });
  await workbook.xlsx.writeFile(outPath);
  return outPath;
}

/** Copy a file under another name (a return renamed or forwarded). */
export async function copyAs(file: string, folder: string, name: string): Promise<string> {
  const target = path.join(folder, name);
  await copyFile(file, target);
  return target;
}
