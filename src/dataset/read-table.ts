/**
 * RawTables: header names and data rows of trimmed text cells, each row with the number a
 * spreadsheet would show for it. This module reads CSV files and holds buildTable, the one place
 * where rows of either kind meet their header (read-workbook.ts brings workbook sheets to it).
 * Everything after this module works on RawTables, so CSV and XLSX models are validated by the
 * same code.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { readInputText } from './input-file.js';
import { MAX_ID_CHARACTERS, MAX_TABLE_COLUMNS, MAX_TABLE_ROWS, MAX_TEXT_CHARACTERS } from './limits.js';
import { quoteValue, shortenText, type DataProblem } from '../errors/problems.js';

export { decodeUtf8 } from './input-file.js';

/** One data row: its spreadsheet row number and its cells by header name (empty cells are ''). */
export interface RawRow {
  /** 1-based row number as a spreadsheet shows it (the header is row 1). */
  readonly row: number;
  /** Cell text by column name, trimmed; every header column is present. */
  readonly cells: Readonly<Record<string, string>>;
  /**
   * True when the reader already reported the row (stray cells, an over-long text, a formula
   * without its value): it is not validated again, but its ids still count as present, so one
   * problem does not become a cascade of "unknown municipality" elsewhere.
   */
  readonly rejected?: true;
}

/** A table as read from disk, before any validation of its contents. */
export interface RawTable {
  /** File label for messages: `models/x/projects.csv` or `models/x/model.xlsx [projects]`. */
  readonly file: string;
  /** Header row number (1 for CSV; the sheet row for XLSX). */
  readonly headerRow: number;
  /** Column names in file order, trimmed. */
  readonly headers: readonly string[];
  /** Data rows in file order, completely empty rows left out, rejected rows included (see RawRow.rejected). */
  readonly rows: readonly RawRow[];
}

/** A table, or the problems that stopped it from being read. */
export type TableReadResult = { readonly table: RawTable; readonly problems: readonly DataProblem[] } | { readonly table: null; readonly problems: readonly DataProblem[] };

/**
 * The first filled cell of a totals row as spreadsheets label it (English and Afrikaans): `Total`,
 * `Totals`, `Grand total`, `Subtotal`, `Sum`, `Totaal`, `Som`, `Groottotaal`, with an optional colon.
 * No id in a model is one of these words, so the row is reported as what it is rather than as
 * "unknown municipality Total" and a cascade of empty required cells.
 */
const TOTALS_LABEL = /^(grand\s*total|sub-?\s*total|totals?|sum|totaal|som|groot\s*totaal|subtotaal)\s*:?$/i;

/** Check the header for empty and repeated names; both make cells impossible to attribute. A run of empty cells is one problem. */
function headerProblems(headers: readonly string[], label: string, headerRow: number): DataProblem[] {
  const problems: DataProblem[] = [];
  const seen = new Set<string>();
  for (let index = 0; index < headers.length; index += 1) {
    const header = headers[index];
    if (header === '') {
      let last = index;
      while (last + 1 < headers.length && headers[last + 1] === '') last += 1;
      problems.push(
        last === index
          ? { file: label, row: headerRow, column: `#${index + 1}`, message: `header cell ${index + 1} is empty; every column needs a name` }
          : { file: label, row: headerRow, column: `#${index + 1}-#${last + 1}`, message: `header cells ${index + 1} to ${last + 1} are empty; every column needs a name` },
      );
      index = last;
      continue;
    }
    if (seen.has(header)) problems.push({ file: label, row: headerRow, column: shortenText(header), message: 'column appears twice in the header' });
    seen.add(header);
  }
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

/** The problem for a table with more data rows than MAX_TABLE_ROWS. */
export function tooManyRowsProblem(label: string): DataProblem {
  return {
    file: label,
    row: null,
    column: null,
    message: `more than ${MAX_TABLE_ROWS.toLocaleString('en-GB')} data rows; a table may have at most ${MAX_TABLE_ROWS.toLocaleString('en-GB')} (see docs/validation.md)`,
  };
}

/** One row as read, before the header is applied: its spreadsheet row number and its cell texts by position. */
export interface TextRow {
  /** 1-based row number as a spreadsheet shows it. */
  readonly row: number;
  /** Cell texts, trimmed, by 0-based column position. */
  readonly cells: readonly string[];
}

/** How one reader names things in the problems buildTable reports. */
interface TableWording {
  /** Where column `index` (0-based) of `row` is, for messages: `cell XFD1` or `column 16384`. */
  readonly cellName: (index: number, row: number) => string;
  /** The message for a row with cells right of the last header column. */
  readonly extraCells: (entry: TextRow, headerWidth: number) => string;
  /**
   * The message for a row with fewer cells than the header has columns, or null when that row's
   * width is not a problem; absent where a short row is normal (a workbook stores no cell right of
   * a row's last value). A CSV row has a cell per column, empty ones included, so a row shorter
   * than the others has lost a cell or a comma and its cells may sit under the wrong columns.
   */
  readonly missingCells?: (entry: TextRow, headers: readonly string[]) => string | null;
  /** Rows already reported by the reader (e.g. a formula without a value): kept for their ids, not validated. */
  readonly rejectedRows?: ReadonlySet<number>;
}

/**
 * Apply the header to the rows: the one place where CSV and workbook tables become RawTables.
 * The root problem is reported and what would follow from it is not: a table whose header is
 * broken (too wide, an empty or repeated name) is not read further, so its rows cannot be
 * misattributed into a cascade of "unknown municipality"; a row with stray cells or an over-long
 * text is reported once and kept only so its ids still count as present.
 */
export function buildTable(label: string, header: TextRow, dataRows: Iterable<TextRow>, wording: TableWording): TableReadResult {
  // Excel writes empty columns right of a table (`,,,` after the last cell, a header with empty
  // names) when cells there were once touched: they are left out silently, and only a value under
  // one of them is a problem. An empty name between named columns is still one (headerProblems).
  const allHeaders = header.cells;
  let namedWidth = allHeaders.length;
  while (namedWidth > 0 && allHeaders[namedWidth - 1] === '') namedWidth -= 1;
  const headers = namedWidth === 0 ? allHeaders : allHeaders.slice(0, namedWidth);
  if (headers.length > MAX_TABLE_COLUMNS) {
    const lastIndex = headers.length - 1;
    return {
      table: null,
      problems: [
        {
          file: label,
          row: header.row,
          column: null,
          message: `the header row has ${headers.length.toLocaleString('en-GB')} columns, more than the ${MAX_TABLE_COLUMNS} a table may have; the last is ${wording.cellName(lastIndex, header.row)} (${quoteValue(headers[lastIndex])}): delete stray cells right of the table`,
        },
      ],
    };
  }
  const problems = headerProblems(headers, label, header.row);
  for (let index = 0; index < headers.length; index += 1) {
    if (headers[index].length > MAX_ID_CHARACTERS) {
      problems.push({ file: label, row: header.row, column: `#${index + 1}`, message: `header cell ${index + 1} is ${quoteValue(headers[index])}, too long for a column name` });
    }
  }
  if (problems.length > 0) return { table: null, problems };
  const rows: RawRow[] = [];
  let validRows = 0;
  for (const entry of dataRows) {
    let rejected = wording.rejectedRows?.has(entry.row) ?? false;
    let extra = false;
    for (let index = allHeaders.length; index < entry.cells.length; index += 1) {
      if (entry.cells[index] !== '') extra = true;
    }
    const unnamed = entry.cells.slice(headers.length, allHeaders.length).findIndex((text) => text !== '');
    const labelIndex = entry.cells.findIndex((text) => text !== '');
    if (labelIndex >= 0 && labelIndex < headers.length && TOTALS_LABEL.test(entry.cells[labelIndex])) {
      problems.push({
        file: label,
        row: entry.row,
        column: headers[labelIndex],
        message: `this looks like a totals row (its first filled cell is ${quoteValue(entry.cells[labelIndex])}): remove it; every row of a table is one entry, and infraplan adds the rows up itself`,
      });
      rejected = true;
    } else if (unnamed >= 0) {
      const index = headers.length + unnamed;
      problems.push({
        file: label,
        row: entry.row,
        column: `#${index + 1}`,
        message: `${wording.cellName(index, entry.row)} holds ${quoteValue(entry.cells[index])}, but its column has no name in the header (row ${header.row}); give the column a name, or delete the value`,
      });
      rejected = true;
    } else if (extra) {
      problems.push({ file: label, row: entry.row, column: null, message: wording.extraCells(entry, allHeaders.length) });
      rejected = true;
    } else if (wording.missingCells !== undefined && entry.cells.length < headers.length) {
      const message = wording.missingCells(entry, headers);
      if (message !== null) {
        problems.push({ file: label, row: entry.row, column: null, message });
        rejected = true;
      }
    }
    const cells: Record<string, string> = Object.create(null) as Record<string, string>;
    headers.forEach((name, index) => {
      const text = entry.cells[index] ?? '';
      if (text.length > MAX_TEXT_CHARACTERS) {
        problems.push({
          file: label,
          row: entry.row,
          column: name,
          message: `the cell holds ${text.length.toLocaleString('en-GB')} characters, more than the ${MAX_TEXT_CHARACTERS.toLocaleString('en-GB')} an Excel cell can hold (${quoteValue(text)})`,
        });
        rejected = true;
        cells[name] = '';
      } else {
        cells[name] = text;
      }
    });
    if (rejected) rows.push({ row: entry.row, cells, rejected: true });
    else {
      rows.push({ row: entry.row, cells });
      validRows += 1;
    }
  }
  if (validRows === 0 && rows.length === 0 && problems.length === 0) problems.push(emptyTableProblem(label, true));
  return { table: { file: label, headerRow: header.row, headers, rows }, problems };
}

/**
 * Why a `;` separated file is refused, and how to save it with commas. It is not read as it is:
 * `;` also separates the items of a cell (`MIG;WSIG`, `30;50;20`), so a cell whose list was not
 * quoted would silently become several columns, and the numbers of such a file carry decimal
 * commas (`0,35`) that a comma-separated reader would take for two cells elsewhere.
 */
const SEMICOLON_MESSAGE =
  `the fields are separated by ';', not ',' (Excel writes this where the decimal mark is a comma); in Excel use File > Options > Advanced, untick "Use system separators", set the decimal separator to "." and save again as "CSV UTF-8 (Comma delimited)", or save it from LibreOffice Calc as "Text CSV" with field delimiter ","; ';' files are not read, since ';' also separates the items of a cell (MIG;WSIG)`;

/** Why a tab separated file is refused (Excel's "Unicode Text" and "Text (Tab delimited)"). */
const TAB_MESSAGE = 'the fields are separated by tabs, not commas (Excel\'s "Text (Tab delimited)" or "Unicode Text"); save the file from Excel as "CSV UTF-8 (Comma delimited)"';

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
  return { file: label, row: index + 1, column: null, message: separator === ';' ? SEMICOLON_MESSAGE : TAB_MESSAGE };
}

/**
 * The first quote that makes CSV text unreadable, with the line it is on: a quote inside a cell
 * that does not start with one, a closing quote followed by more text, or a quote that opens a cell
 * and is never closed (the parser reports the line where it gave up, often far below). Null when
 * the quotes are in order.
 */
export function quoteProblem(text: string): { row: number; message: string } | null {
  let line = 1;
  let inQuotes = false;
  let openedOn = 0;
  let fieldStart = true;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (inQuotes) {
      if (character === '"') {
        if (text[index + 1] === '"') {
          index += 1;
          continue;
        }
        inQuotes = false;
        const next = text[index + 1];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          // Opened on an earlier row: that opening quote is the stray one (the cell runs on into the next rows).
          if (openedOn !== line) return { row: openedOn, message: `a quote (") opens a cell on this row and is not closed on it; the cell runs on to a quote on row ${line}. Close the quote on this row, or remove it` };
          return { row: line, message: 'a quoted cell is closed by a quote followed by more text; put the whole cell in quotes and write a quote inside it twice ("")' };
        }
      } else if (character === '\n') {
        line += 1;
      }
      continue;
    }
    if (character === '"') {
      if (!fieldStart) return { row: line, message: 'a quote (") inside a cell that does not start with one; put the whole cell in quotes and write the quote twice (""), or remove it' };
      inQuotes = true;
      openedOn = line;
    } else if (character === ',' || character === '\n') {
      fieldStart = true;
      if (character === '\n') line += 1;
    } else if (character !== '\r') {
      fieldStart = false;
    }
  }
  if (inQuotes) return { row: openedOn, message: 'a quote (") opens a cell on this row and is never closed, so the rest of the file would be one cell; close it, or remove it' };
  return null;
}

/** Parse CSV text (comma separated, quoted fields, CRLF or LF) into a RawTable; at most MAX_TABLE_ROWS data rows are read. */
export function parseCsvTable(text: string, label: string): TableReadResult {
  const separatorProblem = otherSeparatorProblem(text, label);
  if (separatorProblem) return { table: null, problems: [separatorProblem] };
  let records: { record: string[]; info: { records: number; empty_lines: number } }[];
  try {
    // One record more than the limit allows (plus the header) says there are too many, without parsing them all.
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: false, to: MAX_TABLE_ROWS + 2 }) as unknown as {
      record: string[];
      info: { records: number; empty_lines: number };
    }[];
  } catch (error) {
    // A stray or unclosed quote is by far the usual cause: name the row where it is, in words.
    const quote = quoteProblem(text);
    if (quote !== null) return { table: null, problems: [{ file: label, row: quote.row, column: null, message: `not readable as CSV: ${quote.message}` }] };
    const csvError = error as { lines?: number; message: string };
    const reason = csvError.message.replace(/^[^:]*:\s*/, '').replace(/\s*at line \d+\.?$/, '');
    return { table: null, problems: [{ file: label, row: csvError.lines ?? null, column: null, message: `not readable as CSV: ${shortenText(reason, 200)}` }] };
  }
  if (records.length > MAX_TABLE_ROWS + 1) return { table: null, problems: [tooManyRowsProblem(label)] };
  const nonEmpty = records.filter(({ record }) => record.some((cell) => cell.trim() !== ''));
  if (nonEmpty.length === 0) return { table: null, problems: [emptyTableProblem(label, false)] };
  // A spreadsheet shows each record as one row, even when a quoted cell holds line breaks, and each
  // blank line as an empty row; so the row is the records so far plus the blank lines skipped.
  const startLine = (entry: { info: { records: number; empty_lines: number } }): number => entry.info.records + entry.info.empty_lines;
  const [headerEntry, ...dataEntries] = nonEmpty;
  const header: TextRow = { row: startLine(headerEntry), cells: headerEntry.record.map((cell) => cell.trim()) };
  const dataRows = dataEntries.map((entry): TextRow => ({ row: startLine(entry), cells: entry.record.map((cell) => cell.trim()) }));
  // A row is short when it has fewer cells than the header and the widest row. When every row is
  // short alike, the header has names right of the data (unknown columns are reported as such; a
  // known optional one reads empty), and no row has lost a cell.
  const widestRowCells = dataRows.reduce((widest, entry) => Math.max(widest, entry.cells.length), 0);
  return buildTable(label, header, dataRows, {
    cellName: (index) => `column ${index + 1}`,
    extraCells: (entry, headerWidth) => `${cellCountWords(entry.cells.length, headerWidth)}: delete the cells right of the table, or put a cell that holds a comma in quotes`,
    missingCells: (entry, headers) =>
      entry.cells.length >= widestRowCells
        ? null
        : `${cellCountWords(entry.cells.length, headers.length)} (${missingColumnWords(headers.slice(entry.cells.length))}): a cell or a comma is missing; give every column a cell, an empty one where there is no value`,
  });
}

/** `row has 11 cells, the header has 12`: the start of both cell-count messages (the location names the row). */
function cellCountWords(cellCount: number, headerWidth: number): string {
  return `row has ${cellCount.toLocaleString('en-GB')} cell${cellCount === 1 ? '' : 's'}, the header has ${headerWidth.toLocaleString('en-GB')}`;
}

/** The header columns a short row has no cell under, at most three by name. */
function missingColumnWords(columns: readonly string[]): string {
  const named = columns.slice(0, 3).map((column) => shortenText(column)).join(', ');
  return `no cell under ${named}${columns.length > 3 ? ` and ${columns.length - 3} more` : ''}`;
}

/** How to save a table as CSV from the program that wrote a file of each extension. */
const SAVE_AS_CSV: Readonly<Record<string, string>> = {
  '.xlsx': 'open it in Excel and use File > Save As, "CSV UTF-8 (Comma delimited) (*.csv)"',
  '.xlsm': 'open it in Excel and use File > Save As, "CSV UTF-8 (Comma delimited) (*.csv)"',
  '.xls': 'open it in Excel and use File > Save As, "CSV UTF-8 (Comma delimited) (*.csv)"',
  '.ods': 'open it in LibreOffice Calc and use File > Save As, "Text CSV (.csv)", character set UTF-8, field delimiter ","',
  '.txt': 'rename it to end in .csv if it holds comma-separated text (Windows may hide the extension), or save it as CSV',
  '.csv': 'rename it: file names are matched exactly, in lower case',
};

/**
 * The file a user saved where the table `fileName` (`needs.csv`) was expected: the same name in
 * another case or with another extension (`needs.xlsx`, `Needs.csv`, `needs.csv.txt`), or null.
 */
export function tableSavedUnderAnotherName(folder: string, fileName: string): { readonly found: string; readonly advice: string } | null {
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return null;
  }
  const stem = path.basename(fileName, path.extname(fileName)).toLowerCase();
  for (const entry of entries) {
    if (entry === fileName) continue;
    const lower = entry.toLowerCase();
    const extension = path.extname(lower);
    const entryStem = path.basename(lower, extension);
    if (entryStem !== stem && entryStem !== `${stem}.csv`) continue;
    const advice = SAVE_AS_CSV[extension];
    if (advice !== undefined) return { found: entry, advice: advice.replace('rename it', `rename it to ${fileName}`) };
  }
  return null;
}

/** Read a CSV file into a RawTable through the input gate; the bytes come back too, for hashing. */
export async function readCsvTable(filePath: string, label: string): Promise<TableReadResult & { readonly bytes: Buffer | null }> {
  const fileName = path.basename(filePath);
  const other = existsSync(filePath) ? null : tableSavedUnderAnotherName(path.dirname(filePath), fileName);
  const missingMessage =
    other === null
      ? 'file not found; every model needs this file'
      : `file not found, but ${other.found} is there: the tables of a model are read from CSV files (or from one model.xlsx with a sheet per table); ${other.advice}`;
  const read = await readInputText(filePath, label, 'csv', { missingMessage });
  if (read.bytes === null) return { table: null, problems: read.problems, bytes: null };
  if (read.bytes.length === 0) return { table: null, problems: [emptyTableProblem(label, false)], bytes: read.bytes };
  if (read.text === null) return { table: null, problems: read.problems, bytes: read.bytes };
  return { ...parseCsvTable(read.text, label), bytes: read.bytes };
}
