/**
 * Reading the model's sheets from an .xlsx workbook, streamed. An .xlsx file is a zip of XML
 * parts; only the parts the model uses are unpacked (the workbook's sheet list, the named sheets,
 * the shared strings they refer to, the cell styles that mark dates), and each sheet is parsed as
 * it is unpacked and stopped at MAX_TABLE_ROWS. A million-row sheet the model does not use costs
 * nothing, and one it does use is refused after 200 000 rows instead of filling memory.
 *
 * Cell values follow what Excel shows: formulas give the value Excel last calculated, rich text
 * its plain text, booleans yes/no, dates their ISO day.
 */
import JSZip from 'jszip';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { readInputFile } from './input-file.js';
import { MAX_TABLE_COLUMNS, MAX_TABLE_ROWS, MAX_WORKBOOK_PART_BYTES } from './limits.js';
import { quoteValue, type DataProblem } from '../errors/problems.js';
import { buildTable, tooManyRowsProblem, type RawTable, type TextRow } from './read-table.js';

/** A column number (1-based) as Excel letters: 1 → A, 16384 → XFD. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/** An A1 reference as column and row numbers (1-based), or null when it is not one. */
function parseCellReference(reference: string): { column: number; row: number } | null {
  const match = /^\$?([A-Z]{1,3})\$?(\d+)$/i.exec(reference);
  if (!match) return null;
  let column = 0;
  for (const letter of match[1].toUpperCase()) column = column * 26 + (letter.charCodeAt(0) - 64);
  return { column, row: Number(match[2]) };
}

/** Thrown inside a part's parser to stop reading it early; not an error of the file. */
class StopReading extends Error {}

/** Local name of an XML tag, without a namespace prefix (`x:row` → `row`). */
function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/**
 * Unpack one part of the zip and feed its text to a SAX parser as it arrives. `onParser` wires
 * the handlers; a handler may throw StopReading to end early. Resolves to false when the part
 * unpacks past MAX_WORKBOOK_PART_BYTES.
 */
async function streamPart(zip: JSZip, partPath: string, onParser: (parser: SaxesParser) => void): Promise<boolean> {
  const file = zip.file(partPath);
  if (file === null) return true;
  const parser = new SaxesParser();
  onParser(parser);
  const decoder = new TextDecoder('utf-8');
  const stream = file.nodeStream('nodebuffer');
  return new Promise<boolean>((resolve, reject) => {
    let unpacked = 0;
    let finished = false;
    const finish = (result: boolean | Error): void => {
      if (finished) return;
      finished = true;
      stream.removeAllListeners('data');
      stream.pause();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    stream.on('data', (chunk: Buffer) => {
      if (finished) return;
      unpacked += chunk.length;
      if (unpacked > MAX_WORKBOOK_PART_BYTES) return finish(false);
      try {
        parser.write(decoder.decode(chunk, { stream: true }));
      } catch (error) {
        finish(error instanceof StopReading ? true : (error as Error));
      }
    });
    stream.on('end', () => {
      if (finished) return;
      try {
        parser.write(decoder.decode());
        parser.close();
        finish(true);
      } catch (error) {
        finish(error instanceof StopReading ? true : (error as Error));
      }
    });
    stream.on('error', (error: Error) => finish(error));
  });
}

/** Where a part points, resolved against the `xl/` folder as relationships are. */
function resolveTarget(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts: string[] = ['xl'];
  for (const segment of target.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/');
}

/** The workbook's sheets (name → part path), its shared strings and styles parts, and its date system. */
interface WorkbookParts {
  readonly sheets: ReadonlyMap<string, string>;
  readonly sheetNames: readonly string[];
  readonly sharedStringsPath: string | null;
  readonly stylesPath: string | null;
  readonly date1904: boolean;
}

/** Read xl/workbook.xml and its relationships. */
async function readWorkbookParts(zip: JSZip): Promise<WorkbookParts | null> {
  if (zip.file('xl/workbook.xml') === null) return null;
  const declared: { name: string; relationship: string }[] = [];
  let date1904 = false;
  await streamPart(zip, 'xl/workbook.xml', (parser) => {
    parser.on('opentag', (tag) => {
      const name = localName(tag.name);
      if (name === 'sheet') {
        const attributes = tag.attributes as Record<string, string>;
        const relationship = Object.entries(attributes).find(([key]) => localName(key) === 'id' && key.includes(':'))?.[1] ?? '';
        declared.push({ name: attributes.name ?? '', relationship });
      } else if (name === 'workbookPr') {
        const value = (tag.attributes as Record<string, string>).date1904;
        date1904 = value === '1' || value === 'true';
      }
    });
  });
  const targets = new Map<string, { type: string; target: string }>();
  await streamPart(zip, 'xl/_rels/workbook.xml.rels', (parser) => {
    parser.on('opentag', (tag) => {
      if (localName(tag.name) !== 'Relationship') return;
      const attributes = tag.attributes as Record<string, string>;
      targets.set(attributes.Id ?? '', { type: attributes.Type ?? '', target: attributes.Target ?? '' });
    });
  });
  const sheets = new Map<string, string>();
  for (const sheet of declared) {
    const target = targets.get(sheet.relationship);
    if (target) sheets.set(sheet.name, resolveTarget(target.target));
  }
  const ofType = (suffix: string): string | null => {
    const found = [...targets.values()].find((entry) => entry.type.endsWith(`/${suffix}`));
    return found ? resolveTarget(found.target) : zip.file(`xl/${suffix}.xml`) ? `xl/${suffix}.xml` : null;
  };
  return { sheets, sheetNames: declared.map((sheet) => sheet.name), sharedStringsPath: ofType('sharedStrings'), stylesPath: ofType('styles'), date1904 };
}

/** Built-in number formats that show dates (ECMA-376 18.8.30). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** True when a custom number format shows a date or time (its codes outside quotes and brackets include y, m, d, h or s). */
function isDateFormatCode(code: string): boolean {
  return /[ymdhs]/i.test(code.replace(/\[[^\]]*\]/g, '').replace(/"[^"]*"/g, '').replace(/\\./g, ''));
}

/** Which cell style indices (the `s` of a cell) show dates. */
async function readDateStyles(zip: JSZip, stylesPath: string | null): Promise<ReadonlySet<number>> {
  const dateStyles = new Set<number>();
  if (stylesPath === null) return dateStyles;
  const customDateFormats = new Set<number>();
  let inCellFormats = false;
  let styleIndex = 0;
  await streamPart(zip, stylesPath, (parser) => {
    parser.on('opentag', (tag) => {
      const name = localName(tag.name);
      const attributes = tag.attributes as Record<string, string>;
      if (name === 'numFmt' && isDateFormatCode(attributes.formatCode ?? '')) customDateFormats.add(Number(attributes.numFmtId));
      else if (name === 'cellXfs') inCellFormats = true;
      else if (name === 'xf' && inCellFormats) {
        const formatId = Number(attributes.numFmtId ?? 0);
        if (BUILT_IN_DATE_FORMATS.has(formatId) || customDateFormats.has(formatId)) dateStyles.add(styleIndex);
        styleIndex += 1;
      }
    });
    parser.on('closetag', (tag) => {
      if (localName(tag.name) === 'cellXfs') inCellFormats = false;
    });
  });
  return dateStyles;
}

/** A cell as stored: its type, value text, formula and style, before shared strings are looked up. */
interface StoredCell {
  readonly column: number;
  readonly type: string;
  readonly value: string | null;
  readonly formula: string | null;
  readonly sharedFormulaIndex: string | null;
  readonly style: number;
}

/** A sheet as read: its rows of stored cells, its merged ranges, and whether it had too many rows. */
interface StoredSheet {
  readonly rows: { readonly row: number; readonly cells: readonly StoredCell[] }[];
  readonly merges: readonly string[];
  readonly tooManyRows: boolean;
  readonly tooLarge: boolean;
}

/** Parse one sheet's XML, keeping non-empty rows, stopping after the header and MAX_TABLE_ROWS data rows. */
async function readSheet(zip: JSZip, partPath: string): Promise<StoredSheet> {
  const rows: { row: number; cells: StoredCell[] }[] = [];
  const merges: string[] = [];
  let tooManyRows = false;
  let rowNumber = 0;
  let columnNumber = 0;
  let cells: StoredCell[] | null = null;
  let cell: { column: number; type: string; style: number; value: string | null; formula: string | null; sharedFormulaIndex: string | null } | null = null;
  let text: 'value' | 'formula' | 'inline' | null = null;
  let inPhonetic = false;
  const ok = await streamPart(zip, partPath, (parser) => {
    parser.on('opentag', (tag: SaxesTagPlain) => {
      const attributes = tag.attributes as Record<string, string>;
      switch (localName(tag.name)) {
        case 'row':
          rowNumber = attributes.r !== undefined ? Number(attributes.r) : rowNumber + 1;
          columnNumber = 0;
          cells = [];
          break;
        case 'c': {
          const reference = attributes.r === undefined ? null : parseCellReference(attributes.r);
          columnNumber = reference?.column ?? columnNumber + 1;
          cell = { column: columnNumber, type: attributes.t ?? 'n', style: Number(attributes.s ?? 0), value: null, formula: null, sharedFormulaIndex: null };
          break;
        }
        case 'v':
          if (cell) {
            text = 'value';
            cell.value ??= '';
          }
          break;
        case 'f':
          if (cell) {
            text = 'formula';
            cell.formula ??= '';
            if (attributes.t === 'shared') cell.sharedFormulaIndex = attributes.si ?? '';
          }
          break;
        case 't':
          if (cell && !inPhonetic) {
            text = 'inline';
            cell.value ??= '';
          }
          break;
        case 'rPh':
          inPhonetic = true;
          break;
        case 'mergeCell':
          if (attributes.ref !== undefined) merges.push(attributes.ref);
          break;
        default:
          break;
      }
    });
    parser.on('text', (chunk: string) => {
      if (cell === null || text === null) return;
      if (text === 'formula') cell.formula += chunk;
      else cell.value += chunk;
    });
    parser.on('closetag', (tag) => {
      switch (localName(tag.name)) {
        case 'v':
        case 'f':
        case 't':
          text = null;
          break;
        case 'rPh':
          inPhonetic = false;
          break;
        case 'c':
          if (cell && cells && (cell.value !== null || cell.formula !== null)) cells.push(cell);
          cell = null;
          break;
        case 'row':
          if (cells && cells.length > 0) {
            rows.push({ row: rowNumber, cells });
            // The header plus one row past the limit is enough to know the sheet is too long.
            if (rows.length > MAX_TABLE_ROWS + 1) {
              tooManyRows = true;
              throw new StopReading();
            }
          }
          cells = null;
          break;
        default:
          break;
      }
    });
  });
  return { rows, merges, tooManyRows, tooLarge: !ok };
}

/** Look up the shared strings the sheets use (and only those), as plain text. */
async function readSharedStrings(zip: JSZip, partPath: string | null, wanted: ReadonlySet<number>): Promise<{ strings: Map<number, string>; tooLarge: boolean }> {
  const strings = new Map<number, string>();
  if (partPath === null || wanted.size === 0) return { strings, tooLarge: false };
  let highest = -1;
  for (const wantedIndex of wanted) if (wantedIndex > highest) highest = wantedIndex;
  let index = -1;
  let current: string[] | null = null;
  let inText = false;
  let inPhonetic = false;
  const ok = await streamPart(zip, partPath, (parser) => {
    parser.on('opentag', (tag) => {
      const name = localName(tag.name);
      if (name === 'si') {
        index += 1;
        current = wanted.has(index) ? [] : null;
      } else if (name === 'rPh') inPhonetic = true;
      else if (name === 't' && !inPhonetic) inText = true;
    });
    parser.on('text', (chunk: string) => {
      if (inText && current) current.push(chunk);
    });
    parser.on('closetag', (tag) => {
      const name = localName(tag.name);
      if (name === 't') inText = false;
      else if (name === 'rPh') inPhonetic = false;
      else if (name === 'si') {
        if (current) strings.set(index, current.join(''));
        current = null;
        if (index >= highest) throw new StopReading();
      }
    });
  });
  return { strings, tooLarge: !ok };
}

/** The text of a stored cell, as cellValueToText gives an exceljs value. */
function cellText(cell: StoredCell, strings: ReadonlyMap<number, string>, dateStyles: ReadonlySet<number>, date1904: boolean): string {
  const value = cell.value;
  if (value === null) return '';
  switch (cell.type) {
    case 's':
      return (strings.get(Number(value)) ?? '').trim();
    case 'inlineStr':
    case 'str':
      return value.trim();
    case 'b':
      return value.trim() === '1' || value.trim() === 'true' ? 'yes' : 'no';
    case 'e':
      return value.trim();
    case 'd':
      return value.trim().slice(0, 10);
    default: {
      const number = Number(value);
      if (value.trim() === '' || !Number.isFinite(number)) return value.trim();
      if (dateStyles.has(cell.style)) {
        // Excel's day 0 is 1899-12-30 in the 1900 date system (it keeps Lotus's leap-year bug) and 1904-01-01 in the other.
        const epochMs = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
        const date = new Date(epochMs + Math.round(number * 86_400_000));
        if (!Number.isNaN(date.getTime())) return date.toISOString().slice(0, 10);
      }
      return String(number);
    }
  }
}

/** A merged range that covers more than one cell of the header row, as `A1:B1`, or null. */
function mergedHeaderRange(merges: readonly string[], headerRow: number): string | null {
  for (const merge of merges) {
    const [first, last] = merge.split(':').map((reference) => parseCellReference(reference));
    if (!first || !last) continue;
    if (first.row <= headerRow && headerRow <= last.row && last.column > first.column) return merge;
  }
  return null;
}

/** Turn a stored sheet into a RawTable (or its problems). */
function sheetToTable(
  sheet: StoredSheet,
  label: string,
  strings: ReadonlyMap<number, string>,
  dateStyles: ReadonlySet<number>,
  date1904: boolean,
): { table: RawTable | null; problems: DataProblem[] } {
  const problems: DataProblem[] = [];
  const textRows: TextRow[] = [];
  // The last non-empty cell of each row, by its true column: cells past the column limit are not
  // kept (a stray cell at XFD would make every row 16 384 cells long), but they are named.
  const lastCell = new Map<number, { column: number; text: string }>();
  // A formula saved without its value (written by a program, never opened in Excel) reads as an
  // empty cell; say so, or the user hunts for a value that is plainly there on screen.
  const uncalculatedRows = new Set<number>();
  const sharedFormulaMaster = new Map<string, { address: string; formula: string }>();
  const uncalculated: { row: number; column: number; formula: string; sharedIndex: string | null }[] = [];
  for (const stored of sheet.rows) {
    const texts: string[] = [];
    let last: { column: number; text: string } | null = null;
    for (const cell of stored.cells) {
      if (cell.formula !== null && cell.sharedFormulaIndex !== null && cell.formula !== '') {
        sharedFormulaMaster.set(cell.sharedFormulaIndex, { address: `${columnLetters(cell.column)}${stored.row}`, formula: cell.formula });
      }
      if (cell.formula !== null && cell.value === null) {
        uncalculated.push({ row: stored.row, column: cell.column, formula: cell.formula, sharedIndex: cell.sharedFormulaIndex });
        uncalculatedRows.add(stored.row);
        continue;
      }
      const text = cellText(cell, strings, dateStyles, date1904);
      if (text === '') continue;
      if (last === null || cell.column > last.column) last = { column: cell.column, text };
      const index = Math.min(cell.column, MAX_TABLE_COLUMNS + 1) - 1;
      while (texts.length <= index) texts.push('');
      texts[index] = text;
    }
    if (last !== null) lastCell.set(stored.row, last);
    if (last !== null || uncalculatedRows.has(stored.row)) textRows.push({ row: stored.row, cells: texts });
  }
  const headerIndex = textRows.findIndex((row) => lastCell.has(row.row));
  if (headerIndex < 0) {
    return { table: null, problems: [{ file: label, row: null, column: null, message: 'file is empty; expected a header row and data rows' }] };
  }
  const headerEntry = textRows[headerIndex];
  const headerLast = lastCell.get(headerEntry.row)!;
  if (headerLast.column > MAX_TABLE_COLUMNS) {
    return {
      table: null,
      problems: [
        {
          file: label,
          row: headerEntry.row,
          column: null,
          message: `the header row reaches column ${columnLetters(headerLast.column)} (${headerLast.column.toLocaleString('en-GB')} columns), more than the ${MAX_TABLE_COLUMNS} a table may have: delete the stray cell ${columnLetters(headerLast.column)}${headerEntry.row} (${quoteValue(headerLast.text)}) and any others right of the table`,
        },
      ],
    };
  }
  let headerCells = [...headerEntry.cells];
  while (headerCells.length > 0 && headerCells[headerCells.length - 1] === '') headerCells = headerCells.slice(0, -1);
  const merged = mergedHeaderRange(sheet.merges, headerEntry.row);
  if (merged !== null) {
    return {
      table: null,
      problems: [{ file: label, row: headerEntry.row, column: null, message: `header cells ${merged} are merged; unmerge them and give every column its own header cell` }],
    };
  }
  for (const cell of uncalculated) {
    if (cell.row === headerEntry.row) continue;
    const address = `${columnLetters(cell.column)}${cell.row}`;
    const master = cell.sharedIndex === null ? undefined : sharedFormulaMaster.get(cell.sharedIndex);
    const what = cell.formula !== '' ? `the formula =${cell.formula}` : master !== undefined ? `a formula shared from ${master.address} (=${master.formula})` : 'a formula';
    problems.push({
      file: label,
      row: cell.row,
      column: headerCells[cell.column - 1] || null,
      message: `cell ${address} holds ${what} but no calculated value; open the workbook in Excel or LibreOffice and save it, so the values are stored`,
    });
  }
  const result = buildTable(label, { row: headerEntry.row, cells: headerCells }, textRows.slice(headerIndex + 1), {
    cellName: (index, row) => `cell ${columnLetters(index + 1)}${row}`,
    extraCells: (entry, headerWidth) => {
      const last = lastCell.get(entry.row)!;
      // Worded without the row's own values, so many such rows fold into one line.
      return `row has values right of the last header column ${columnLetters(headerWidth)} (as far as column ${columnLetters(last.column)})`;
    },
    rejectedRows: uncalculatedRows,
  });
  return { table: result.table, problems: [...problems, ...result.problems] };
}

/**
 * Read the named sheets of a workbook through the input gate; a missing sheet, a corrupt file or
 * a sheet past the limits becomes a problem. Sheet names match ignoring case.
 */
export async function readWorkbookTables(
  filePath: string,
  label: string,
  sheetNames: readonly string[],
  optionalSheetNames: readonly string[] = [],
): Promise<{ tables: Map<string, RawTable>; problems: DataProblem[]; bytes: Buffer | null }> {
  const tables = new Map<string, RawTable>();
  const read = await readInputFile(filePath, label, 'xlsx', { missingMessage: 'file not found' });
  if (read.bytes === null) return { tables, problems: read.problems, bytes: null };
  const bytes = read.bytes;
  const corrupt: DataProblem = { file: label, row: null, column: null, message: 'not a readable .xlsx workbook (corrupt, or another format)' };
  const problems: DataProblem[] = [];
  try {
    const zip = await JSZip.loadAsync(bytes);
    const parts = await readWorkbookParts(zip);
    if (parts === null) return { tables, problems: [corrupt], bytes };
    const sheets: { name: string; label: string; stored: StoredSheet }[] = [];
    for (const sheetName of sheetNames) {
      const present = parts.sheetNames.find((name) => name === sheetName) ?? parts.sheetNames.find((name) => name.trim().toLowerCase() === sheetName.toLowerCase());
      const partPath = present === undefined ? undefined : parts.sheets.get(present);
      if (partPath === undefined || zip.file(partPath) === null) {
        if (present === undefined && optionalSheetNames.includes(sheetName)) continue;
        problems.push({ file: label, row: null, column: null, message: `no sheet named "${sheetName}" (sheets found: ${parts.sheetNames.join(', ') || 'none'})` });
        continue;
      }
      const sheetLabel = `${label} [${sheetName}]`;
      const stored = await readSheet(zip, partPath);
      if (stored.tooLarge) {
        problems.push({ file: sheetLabel, row: null, column: null, message: `the sheet unpacks to more than ${MAX_WORKBOOK_PART_BYTES / 1024 ** 3} GB of XML; a model sheet is far smaller` });
        continue;
      }
      if (stored.tooManyRows) {
        problems.push(tooManyRowsProblem(sheetLabel));
        continue;
      }
      sheets.push({ name: sheetName, label: sheetLabel, stored });
    }
    const wanted = new Set<number>();
    for (const { stored } of sheets) for (const row of stored.rows) for (const cell of row.cells) if (cell.type === 's' && cell.value !== null) wanted.add(Number(cell.value));
    const shared = await readSharedStrings(zip, parts.sharedStringsPath, wanted);
    if (shared.tooLarge) return { tables, problems: [...problems, { file: label, row: null, column: null, message: `the shared strings unpack to more than ${MAX_WORKBOOK_PART_BYTES / 1024 ** 3} GB of XML` }], bytes };
    const dateStyles = await readDateStyles(zip, parts.stylesPath);
    for (const sheet of sheets) {
      const result = sheetToTable(sheet.stored, sheet.label, shared.strings, dateStyles, parts.date1904);
      for (const problem of result.problems) problems.push(problem);
      if (result.table) tables.set(sheet.name, result.table);
    }
  } catch {
    return { tables, problems: [corrupt], bytes };
  }
  return { tables, problems, bytes };
}
