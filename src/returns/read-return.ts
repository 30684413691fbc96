/**
 * Reading a returned form: its stamp, its input rows as the text the loader reads, and every sign
 * that the form was altered where it must not be (a locked cell changed, something written outside
 * the input rows, a sheet missing, a file named for another municipality). The meaning of the rows
 * is judged later by the model's own rules (validate-return.ts).
 */
import { readInputFile } from '../dataset/input-file.js';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../dataset/excel-module.js';
import { describeTable, type CellRow } from '../dataset/model-tables.js';
import { cellValueToText } from './cell-text.js';
import { HEADER_ROW, cellAddress, columnLetter, type FormSheetLayout, type FormStamp } from './form-layout.js';
import type { ReturnProblem } from './return-problem.js';
import { StampError, readStamp } from './stamp.js';

/** Most problems reported per sheet for cells written outside the form; a shifted sheet would otherwise list hundreds. */
const MOST_OUTSIDE_PROBLEMS = 5;

/** An input row that holds something. */
export interface ReturnedRow {
  /** Sheet row. */
  readonly sheetRow: number;
  /** Text per column, trimmed, every column present. */
  readonly cells: CellRow;
}

/** The rows of one data sheet. */
export interface ReturnedSheet {
  /** The sheet's layout from the stamp. */
  readonly layout: FormSheetLayout;
  /** Rows with anything in their input cells, in sheet order. */
  readonly rows: readonly ReturnedRow[];
}

/** A return as read. */
export interface ReadReturn {
  /** Path as given. */
  readonly filePath: string;
  /** File name without folders. */
  readonly fileName: string;
  /** SHA-256 of the bytes, hex ('' when unreadable). */
  readonly fileSha256: string;
  /** The stamp, or null when there is none or it is damaged. */
  readonly stamp: FormStamp | null;
  /** The data sheets, as the stamp lays them out. */
  readonly sheets: readonly ReturnedSheet[];
  /** Why the return cannot be taken in as it is; empty when nothing was altered. */
  readonly problems: readonly ReturnProblem[];
  /**
   * True when every sheet is there with its header and nothing was written outside its rows, so
   * the rows can still be judged (with any changed locked cell read as the form wrote it) and the
   * problems in them reported together with the alterations.
   */
  readonly rowsReadable: boolean;
}

/** The text of a cell, and whether it is a formula Excel never calculated. */
function cellText(cell: ExcelJS.Cell): { text: string; uncalculated: boolean } {
  const value = cell.value;
  const uncalculated = value !== null && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value) && (!('result' in value) || value.result === undefined);
  return { text: cellValueToText(value ?? null), uncalculated };
}

/** Read one data sheet by its layout. */
function readSheet(workbook: ExcelJS.Workbook, layout: FormSheetLayout, stamp: FormStamp, fileName: string, problems: ReturnProblem[]): ReturnedSheet & { readonly intact: boolean } {
  const sheet = workbook.getWorksheet(layout.sheetName);
  const problemsBefore = problems.length;
  const at = (cell: string | null, message: string, row: number | null = null): void => {
    problems.push({ file: fileName, sheet: layout.sheetName, cell, row, message });
  };
  if (sheet === undefined) {
    problems.push({ file: fileName, sheet: null, cell: null, row: null, message: `the sheet ${layout.sheetName} is missing; send the form back with all its sheets` });
    return { layout, rows: [], intact: false };
  }
  layout.columns.forEach((column, index) => {
    const { text } = cellText(sheet.getCell(HEADER_ROW, index + 1));
    if (text !== column) at(`${columnLetter(index + 1)}${HEADER_ROW}`, `a locked header cell was changed: it held ${JSON.stringify(column)}, now ${JSON.stringify(text)}`);
  });
  let outside = 0;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
      const inHeader = rowNumber === HEADER_ROW && columnNumber <= layout.columns.length;
      const inInput = rowNumber >= layout.firstRow && rowNumber <= layout.lastRow && columnNumber <= layout.columns.length;
      if (inHeader || inInput || cellText(cell).text === '') return;
      outside += 1;
      if (outside <= MOST_OUTSIDE_PROBLEMS) at(cell.address, `a locked cell outside the form's rows holds ${JSON.stringify(cellText(cell).text)}; the form has nothing there (were rows or columns inserted or moved?)`);
    });
  });
  if (outside > MOST_OUTSIDE_PROBLEMS) at(null, `${outside - MOST_OUTSIDE_PROBLEMS} more locked cells outside the form's rows hold something`);
  const intact = problems.length === problemsBefore;
  const lockedByRow = new Map<number, Map<string, string>>();
  for (const locked of layout.lockedCells) {
    const values = lockedByRow.get(locked.row) ?? new Map<string, string>();
    values.set(locked.column, locked.value);
    lockedByRow.set(locked.row, values);
    const address = cellAddress(layout, locked.column, locked.row);
    const { text } = cellText(sheet.getCell(address));
    if (text === locked.value) continue;
    if (locked.column === describeTable(layout.table).municipalityColumn && stamp.covers.includes(locked.value)) {
      at(address, `this form was made for ${locked.value} (its stamp), but the cell now says ${JSON.stringify(text)}; a municipality returns only its own form`);
    } else {
      at(address, `a locked cell was changed: it held ${JSON.stringify(locked.value)}, now ${JSON.stringify(text)}`);
    }
  }
  const rows: ReturnedRow[] = [];
  for (let rowNumber = layout.firstRow; rowNumber <= layout.lastRow; rowNumber += 1) {
    const locked = lockedByRow.get(rowNumber) ?? new Map<string, string>();
    const cells: Record<string, string> = {};
    let hasInput = false;
    layout.columns.forEach((column, index) => {
      const cell = sheet.getCell(rowNumber, index + 1);
      const { text, uncalculated } = cellText(cell);
      if (uncalculated) at(cell.address, `holds the formula =${cell.formula ?? ''} but no calculated value; open the file in Excel or LibreOffice and save it, so the value is stored`);
      // A changed locked cell is reported above; the row is judged with the value the form wrote.
      const lockedValue = locked.get(column);
      cells[column] = lockedValue ?? text;
      if (lockedValue === undefined && text !== '') hasInput = true;
    });
    // A row whose white cells are all empty is an unused row, or a pre-filled one taken out.
    if (hasInput) rows.push({ sheetRow: rowNumber, cells });
  }
  return { layout, rows, intact };
}

/** The municipality code a file name is for (`WC044-return.xlsx` -> `WC044`), or null. */
function codeInFileName(fileName: string): string | null {
  const match = /^([A-Za-z]{2,4}\d{2,4})[-_ ]/.exec(fileName);
  return match === null ? null : match[1].toUpperCase();
}

/** Read a return file. Never throws for a bad file: what is wrong comes back as problems. */
export async function readReturn(filePath: string): Promise<ReadReturn> {
  const fileName = path.basename(filePath);
  const refused = (message: string, sha256 = '', stamp: FormStamp | null = null): ReadReturn => ({
    filePath,
    fileName,
    fileSha256: sha256,
    stamp,
    sheets: [],
    problems: [{ file: fileName, sheet: null, cell: null, row: null, message }],
    rowsReadable: false,
  });
  // Through the one input gate: a regular file within the size limit (a pipe or /dev/zero is refused, not read).
  const gate = await readInputFile(filePath, fileName, 'xlsx', { missingMessage: 'file not found' });
  if (gate.bytes === null) {
    const message = gate.problems[0]?.message ?? 'cannot read the file';
    return refused(message === 'is a folder, expected a file' ? 'is a folder, expected a return form (.xlsx)' : message);
  }
  const bytes = gate.bytes;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const workbook = new (loadExcelJs().Workbook)();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return refused('not a readable .xlsx workbook (corrupt, or saved in another format such as .xls or .ods)', sha256);
  }
  let stamp: FormStamp;
  try {
    stamp = readStamp(workbook);
  } catch (error) {
    if (error instanceof StampError) return refused(error.message, sha256);
    throw error;
  }
  const problems: ReturnProblem[] = [];
  const named = codeInFileName(fileName);
  if (stamp.submitterKind === 'municipality' && named !== null && named !== stamp.submitterId.toUpperCase()) {
    problems.push({ file: fileName, sheet: null, cell: null, row: null, message: `the file is named for ${named}, but the form inside was made for ${stamp.submitterId} (its stamp); each municipality returns its own form` });
  }
  const read = stamp.sheets.map((layout) => readSheet(workbook, layout, stamp, fileName, problems));
  const sheets = read.map(({ layout, rows }) => ({ layout, rows }));
  for (const sheet of sheets) {
    const column = describeTable(sheet.layout.table).municipalityColumn;
    if (column === null || !sheet.layout.columns.includes(column)) continue;
    for (const row of sheet.rows) {
      const code = row.cells[column] ?? '';
      // A locked code that was changed is already reported, with the cell.
      if (code === '' || stamp.covers.includes(code) || stamp.submitterKind === 'municipality') continue;
      problems.push({
        file: fileName,
        sheet: sheet.layout.sheetName,
        cell: cellAddress(sheet.layout, column, row.sheetRow),
        row: null,
        message: `this form covers ${stamp.covers.join(', ')} (its stamp), not ${code}`,
      });
    }
  }
  return { filePath, fileName, fileSha256: sha256, stamp, sheets, problems, rowsReadable: read.every((sheet) => sheet.intact) };
}
