/**
 * Readers that turn a CSV file or a workbook sheet into a RawTable: header names and data rows of
 * trimmed text cells, each row with the number a spreadsheet would show for it. Everything after
 * this module works on RawTables, so CSV and XLSX models are validated by the same code.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { loadExcelJs } from './excel-module.js';
import type { DataProblem } from './problems.js';

/** One data row: its spreadsheet row number and its cells by header name (empty cells are ''). */
export interface RawRow {
  /** 1-based row number as a spreadsheet shows it (the header is row 1). */
  readonly row: number;
  /** Cell text by column name, trimmed; every header column is present. */
  readonly cells: Readonly<Record<string, string>>;
}

/** A table as read from disk, before any validation of its contents. */
export interface RawTable {
  /** File label for messages: `models/x/projects.csv` or `models/x/model.xlsx [projects]`. */
  readonly file: string;
  /** Header row number (1 for CSV; the sheet row for XLSX). */
  readonly headerRow: number;
  /** Column names in file order, trimmed. */
  readonly headers: readonly string[];
  /** Data rows in file order, completely empty rows left out. */
  readonly rows: readonly RawRow[];
}

/** A table, or the problems that stopped it from being read. */
export type TableReadResult = { readonly table: RawTable; readonly problems: readonly DataProblem[] } | { readonly table: null; readonly problems: readonly DataProblem[] };

/** Read a whole file, turning a missing or unreadable file into a problem rather than a crash. */
export async function readFileBytes(filePath: string, label: string): Promise<{ bytes: Buffer | null; problems: DataProblem[] }> {
  try {
    return { bytes: await readFile(filePath), problems: [] };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'file not found; every model needs this file'
        : code === 'EISDIR'
          ? 'is a folder, expected a file'
          : `cannot read the file (${code ?? (error as Error).message})`;
    return { bytes: null, problems: [{ file: label, row: null, column: null, message }] };
  }
}

/** Decode bytes as UTF-8, refusing anything else so that mis-encoded names are not silently garbled. */
export function decodeUtf8(bytes: Buffer, label: string): { text: string | null; problems: DataProblem[] } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { text: null, problems: [{ file: label, row: null, column: null, message: 'file is UTF-16 text; save it as "CSV UTF-8 (comma delimited)"' }] };
  }
  try {
    // TextDecoder drops a leading byte-order mark, which Excel writes in "CSV UTF-8" files.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), problems: [] };
  } catch {
    // Point at the line of the first undecodable byte so the user can find the offending name.
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const badIndex = lenient.indexOf('\uFFFD');
    const row = badIndex < 0 ? null : lenient.slice(0, badIndex).split('\n').length;
    return { text: null, problems: [{ file: label, row, column: null, message: 'file is not UTF-8 text (first bad character on this row); save it as "CSV UTF-8 (comma delimited)"' }] };
  }
}

/** Check the header for empty and repeated names; both make cells impossible to attribute. */
function headerProblems(headers: readonly string[], label: string, headerRow: number): DataProblem[] {
  const problems: DataProblem[] = [];
  const seen = new Set<string>();
  headers.forEach((header, index) => {
    if (header === '') {
      problems.push({ file: label, row: headerRow, column: `#${index + 1}`, message: `header cell ${index + 1} is empty; every column needs a name` });
    } else if (seen.has(header)) {
      problems.push({ file: label, row: headerRow, column: header, message: 'column appears twice in the header' });
    }
    seen.add(header);
  });
  return problems;
}

/** Problems for a table that has a header but nothing under it, or nothing at all. */
function emptyTableProblem(label: string, hasHeader: boolean): DataProblem {
  return {
    file: label,
    row: null,
    column: null,
    message: hasHeader ? 'no data rows under the header' : 'file is empty; expected a header row and data rows',
  };
}

/**
 * Excel in many locales (South Africa's own when the decimal mark is a comma) saves "CSV" with
 * semicolons or tabs. Looked for in the header line before parsing: the data rows of such a file
 * often quote `;` lists in a way the comma parser rejects, which would hide the real cause. A
 * header line with no comma outside quotes and at least two semicolons (or tabs) is that.
 */
function otherSeparatorProblem(text: string, label: string): DataProblem | null {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const index = lines.findIndex((line) => line.trim() !== '');
  if (index < 0) return null;
  const outsideQuotes = lines[index].replace(/"[^"]*"/g, '');
  if (outsideQuotes.includes(',')) return null;
  const separator = [';', '\t'].find((candidate) => outsideQuotes.split(candidate).length > 2);
  if (separator === undefined) return null;
  const name = separator === ';' ? 'semicolons (;)' : 'tabs';
  return { file: label, row: index + 1, column: null, message: `the columns are separated by ${name}, not commas; save the file from Excel as "CSV UTF-8 (Comma delimited)"` };
}

/** Parse CSV text (comma separated, quoted fields, CRLF or LF) into a RawTable. */
export function parseCsvTable(text: string, label: string): TableReadResult {
  const separatorProblem = otherSeparatorProblem(text, label);
  if (separatorProblem) return { table: null, problems: [separatorProblem] };
  let records: { record: string[]; info: { records: number; empty_lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: false }) as unknown as {
      record: string[];
      info: { records: number; empty_lines: number };
    }[];
  } catch (error) {
    const csvError = error as { lines?: number; message: string };
    const reason = csvError.message.replace(/^[^:]*:\s*/, '').replace(/\s*at line \d+\.?$/, '');
    return { table: null, problems: [{ file: label, row: csvError.lines ?? null, column: null, message: `not readable as CSV: ${reason}` }] };
  }
  const nonEmpty = records.filter(({ record }) => record.some((cell) => cell.trim() !== ''));
  if (nonEmpty.length === 0) return { table: null, problems: [emptyTableProblem(label, false)] };
  // A spreadsheet shows each record as one row, even when a quoted cell holds line breaks, and each
  // blank line as an empty row; so the row is the records so far plus the blank lines skipped.
  const startLine = (entry: { info: { records: number; empty_lines: number } }): number => entry.info.records + entry.info.empty_lines;
  const [headerEntry, ...dataEntries] = nonEmpty;
  const headerRow = startLine(headerEntry);
  const headers = headerEntry.record.map((cell) => cell.trim());
  const problems = headerProblems(headers, label, headerRow);
  const rows: RawRow[] = [];
  for (const entry of dataEntries) {
    const row = startLine(entry);
    if (entry.record.length > headers.length && entry.record.slice(headers.length).some((cell) => cell.trim() !== '')) {
      problems.push({ file: label, row, column: null, message: `row has ${entry.record.length} cells but the header has ${headers.length} columns` });
      continue;
    }
    const cells: Record<string, string> = {};
    headers.forEach((header, index) => {
      if (header !== '') cells[header] = (entry.record[index] ?? '').trim();
    });
    rows.push({ row, cells });
  }
  if (rows.length === 0 && problems.length === 0) problems.push(emptyTableProblem(label, true));
  return { table: { file: label, headerRow, headers, rows }, problems };
}

/** Read a CSV file into a RawTable; the bytes come back too, for hashing. */
export async function readCsvTable(filePath: string, label: string): Promise<TableReadResult & { readonly bytes: Buffer | null }> {
  const { bytes, problems } = await readFileBytes(filePath, label);
  if (bytes === null) return { table: null, problems, bytes };
  if (bytes.length === 0) return { table: null, problems: [emptyTableProblem(label, false)], bytes };
  const decoded = decodeUtf8(bytes, label);
  if (decoded.text === null) return { table: null, problems: decoded.problems, bytes };
  return { ...parseCsvTable(decoded.text, label), bytes };
}

/** Text of a workbook cell value: formulas give their cached result, rich text its plain text. */
export function cellValueToText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((part) => part.text).join('').trim();
    if ('result' in value) return cellValueToText((value.result ?? null) as ExcelJS.CellValue);
    if ('formula' in value || 'sharedFormula' in value) return '';
    if ('text' in value && typeof value.text === 'string') return value.text.trim();
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

/** Read one worksheet into a RawTable; row numbers are the sheet's own. */
export function worksheetToTable(sheet: ExcelJS.Worksheet, label: string): TableReadResult {
  const textRows: { row: number; cells: string[] }[] = [];
  // A formula saved without its value (written by a program, never opened in Excel) reads as an
  // empty cell; say so, or the user hunts for a value that is plainly there on screen.
  const uncalculated: { row: number; column: number; formula: string }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    // row.values is 1-based with a hole at index 0.
    const values = row.values as ExcelJS.CellValue[];
    for (let index = 1; index < values.length; index += 1) {
      const value = values[index];
      if (value !== null && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value) && (!('result' in value) || value.result === undefined)) {
        // A shared formula's value names its master cell; the cell itself knows its own formula.
        const formula = sheet.getCell(rowNumber, index).formula ?? ('formula' in value ? String(value.formula) : '');
        uncalculated.push({ row: rowNumber, column: index, formula });
      }
      cells.push(cellValueToText(value));
    }
    if (cells.some((cell) => cell !== '')) textRows.push({ row: rowNumber, cells });
  });
  if (textRows.length === 0) return { table: null, problems: [emptyTableProblem(label, false)] };
  const [headerEntry, ...dataEntries] = textRows;
  let headers = headerEntry.cells;
  while (headers.length > 0 && headers[headers.length - 1] === '') headers = headers.slice(0, -1);
  const problems = headerProblems(headers, label, headerEntry.row);
  for (const cell of uncalculated) {
    problems.push({
      file: label,
      row: cell.row,
      column: headers[cell.column - 1] || null,
      message: `cell ${sheet.getCell(cell.row, cell.column).address} holds the formula =${cell.formula} but no calculated value; open the workbook in Excel or LibreOffice and save it, so the values are stored`,
    });
  }
  const uncalculatedRows = new Set(uncalculated.map((cell) => cell.row));
  const rows: RawRow[] = [];
  for (const entry of dataEntries) {
    // The row's other problems would only repeat that a value is missing.
    if (uncalculatedRows.has(entry.row)) continue;
    if (entry.cells.slice(headers.length).some((cell) => cell !== '')) {
      problems.push({ file: label, row: entry.row, column: null, message: `row has cells beyond the last header column (${headers.length})` });
      continue;
    }
    const cells: Record<string, string> = {};
    headers.forEach((header, index) => {
      if (header !== '') cells[header] = entry.cells[index] ?? '';
    });
    rows.push({ row: entry.row, cells });
  }
  if (rows.length === 0 && problems.length === 0) problems.push(emptyTableProblem(label, true));
  return { table: { file: label, headerRow: headerEntry.row, headers, rows }, problems };
}

/** Read the named sheets of a workbook; a missing sheet or a corrupt file becomes a problem. */
export async function readWorkbookTables(
  filePath: string,
  label: string,
  sheetNames: readonly string[],
): Promise<{ tables: Map<string, RawTable>; problems: DataProblem[]; bytes: Buffer | null }> {
  const tables = new Map<string, RawTable>();
  const { bytes, problems } = await readFileBytes(filePath, label);
  if (bytes === null) return { tables, problems, bytes };
  const workbook = new (loadExcelJs().Workbook)();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { tables, problems: [{ file: label, row: null, column: null, message: 'not a readable .xlsx workbook (corrupt, or another format)' }], bytes };
  }
  const present = workbook.worksheets.map((sheet) => sheet.name);
  for (const sheetName of sheetNames) {
    const sheet = workbook.getWorksheet(sheetName);
    const sheetLabel = `${label} [${sheetName}]`;
    if (!sheet) {
      problems.push({ file: label, row: null, column: null, message: `no sheet named "${sheetName}" (sheets found: ${present.join(', ') || 'none'})` });
      continue;
    }
    const result = worksheetToTable(sheet, sheetLabel);
    problems.push(...result.problems);
    if (result.table) tables.set(sheetName, result.table);
  }
  return { tables, problems, bytes };
}
