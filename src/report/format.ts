/**
 * Conventions every sheet of the investment-plan workbook shares: money stays in rand in the cell
 * and is shown in R million by the number format, so formulas add real rand and a reader sees
 * millions; headers are bold on a tinted band and frozen; free text from input files is always a
 * plain string cell.
 */
import type ExcelJS from 'exceljs';
import type { ServiceDeclaration } from '../dataset/types.js';

/** Number format that shows a rand value in R million with one decimal (the two commas scale by 1e6). */
export const RAND_MILLION_FORMAT = '#,##0.0,,;[Red]-#,##0.0,,';
/** Number format for whole counts (households, projects). */
export const COUNT_FORMAT = '#,##0';
/** Number format for shares shown as percentages. */
export const SHARE_FORMAT = '0.0%';
/** Number format for scores and indices. */
export const SCORE_FORMAT = '#,##0.00';

/** Most decimals an index is shown with where two would put it on the wrong side of a threshold. */
const MAX_INDEX_DECIMALS = 6;

/**
 * The number format that shows an index against a threshold truthfully: two decimals (SCORE_FORMAT),
 * or as many more (up to six) as it takes for the shown figure to fall on the same side of the
 * threshold as the exact value. 0.4962 against 0.5 shows as 0.496, not 0.50; the cell keeps the
 * exact value and anything classified on it uses the exact value. `digits` is the decimals shown.
 */
export function thresholdSafeFormat(value: number, threshold: number): { readonly numberFormat: string; readonly digits: number } {
  for (let digits = 2; digits <= MAX_INDEX_DECIMALS; digits += 1) {
    const shownValue = Number(value.toFixed(digits));
    if (shownValue >= threshold === value >= threshold) return { numberFormat: digits === 2 ? SCORE_FORMAT : `#,##0.${'0'.repeat(digits)}`, digits };
  }
  return { numberFormat: `#,##0.${'0'.repeat(MAX_INDEX_DECIMALS)}`, digits: MAX_INDEX_DECIMALS };
}
/** Number format for benefit points. */
export const BENEFIT_FORMAT = '#,##0';

/**
 * The one short line that marks a chart or a table sheet of a model with illustrative inputs, so the
 * warning travels with a chart pasted into a memo or a single printed sheet. The model's full note
 * is too long for that; the Summary and Assumptions sheets hold it.
 */
export const ILLUSTRATIVE_INPUTS_LINE = "Illustrative inputs: some of the model's figures are not official figures (see the model's illustrative note)";

/** Whether a model's illustrative note asks for the marking (it is non-empty). */
export function hasIllustrativeNote(illustrativeNote: string | null | undefined): boolean {
  return (illustrativeNote ?? '').trim() !== '';
}

/** A snake_case code in words: `water_treatment_upgrade` -> `water treatment upgrade`. */
export function codeInWords(code: string): string {
  return code.replace(/[_\s]+/g, ' ').trim();
}

/**
 * A service as an official reads it: its declared label (model.yaml `services:`), `Thusong service
 * centres` rather than `thusong`; the id in words for an id the model does not declare.
 */
export function serviceLabelOf(services: readonly Pick<ServiceDeclaration, 'id' | 'label'>[], serviceId: string): string {
  return services.find((service) => service.id === serviceId)?.label ?? codeInWords(serviceId);
}

/** The services' labels in a sentence: `Water, Sanitation and Thusong service centres`. */
export function serviceLabelsInWords(services: readonly Pick<ServiceDeclaration, 'label'>[]): string {
  const labels = services.map((service) => service.label);
  return labels.length <= 1 ? labels.join('') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

/** A whole number in words, `1,302,388`: households and people are never fractions in text (`648.0 households`). */
export function wholeNumberText(value: number): string {
  return Math.round(value).toLocaleString('en-GB');
}

/** Fill colour of header rows (a pale blue that prints well in greyscale). */
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
/** Fill colour of totals rows. */
const TOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };

/** One column of a table sheet: header text, width in characters and number format. */
export interface ColumnSpec {
  /** Header text; money columns say "R million" so the scaled format is never a surprise. */
  readonly header: string;
  /** Width in characters. */
  readonly width: number;
  /** Number format, or undefined for text. */
  readonly numberFormat?: string;
}

/** Letter(s) of a 1-based column number: 1 -> A, 27 -> AA. */
export function columnLetter(columnNumber: number): string {
  let remaining = columnNumber;
  let letters = '';
  while (remaining > 0) {
    const offset = (remaining - 1) % 26;
    letters = String.fromCharCode(65 + offset) + letters;
    remaining = Math.floor((remaining - 1) / 26);
  }
  return letters;
}

/** A1 address of a 1-based row and column. */
export function cellAddress(rowNumber: number, columnNumber: number): string {
  return `${columnLetter(columnNumber)}${rowNumber}`;
}

/**
 * Free text from an input file, as a cell value that can never become a formula. exceljs writes a
 * JavaScript string as a shared-string cell whatever its first character, so `=HYPERLINK(...)`
 * arrives as the literal text; the explicit String() keeps numbers-as-text from the register as text.
 */
export function plainText(text: string | null | undefined): string {
  return text === null || text === undefined ? '' : String(text);
}

/** A live total: a formula with the value the tool computed as its cached result. */
export function liveFormula(formula: string, result: number): ExcelJS.CellFormulaValue {
  return { formula, result, date1904: false };
}

/** Amounts below this many rand are rounding noise of the solver, not money (half a cent). */
export const NOISE_RAND = 0.005;

/**
 * Money rounded to the cent where a report writes it, so a cell never shows the solver's noise
 * (22,599,999.999999996 rand, or 3,877,421.844847549 from a year's share of a project's cost).
 */
export function roundRand(amountRand: number): number {
  const rounded = Math.round(amountRand * 100) / 100;
  return Math.abs(rounded) < NOISE_RAND ? 0 : rounded;
}

/**
 * The total of money cells as they are written: each amount rounded to the cent, and the sum
 * rounded to the cent again, since adding cents in floating point leaves its own noise
 * (4,396,560,000.030002). The cached value of a money `SUM` is this, so it equals the cells it adds.
 */
export function moneyTotal(amountsRand: readonly number[]): number {
  return roundRand(amountsRand.reduce((sum, amountRand) => sum + roundRand(amountRand), 0));
}

/** `SUM(range)` of a block, written as a live formula with the computed result. */
export function sumFormula(fromAddress: string, toAddress: string, result: number): ExcelJS.CellFormulaValue {
  return liveFormula(`SUM(${fromAddress}:${toAddress})`, result);
}

/**
 * Write a title line, an optional note line and a header row, set column widths and formats, and
 * freeze everything above the first data row. Returns the row number of the header. With a
 * non-empty `illustrativeNote` the note line starts with ILLUSTRATIVE_INPUTS_LINE in bold dark red
 * (and exists even when `note` is null); the line is part of the printed title rows.
 */
export function writeTableHeader(
  sheet: ExcelJS.Worksheet,
  title: string,
  note: string | null,
  columns: readonly ColumnSpec[],
  illustrativeNote?: string | null,
): number {
  sheet.getCell('A1').value = title;
  sheet.getCell('A1').font = { name: 'Calibri', bold: true, size: 14 };
  let headerRow = 2;
  const noteFont: Partial<ExcelJS.Font> = { name: 'Calibri', italic: true, color: { argb: 'FF595959' } };
  if (hasIllustrativeNote(illustrativeNote)) {
    const warningFont: Partial<ExcelJS.Font> = { name: 'Calibri', bold: true, color: { argb: 'FF9C2B16' } };
    sheet.getCell('A2').value = {
      richText: [{ text: note === null ? ILLUSTRATIVE_INPUTS_LINE : `${ILLUSTRATIVE_INPUTS_LINE}. `, font: warningFont }, ...(note === null ? [] : [{ text: note, font: noteFont }])],
    };
    sheet.getCell('A2').font = warningFont;
    headerRow = 3;
  } else if (note !== null) {
    sheet.getCell('A2').value = note;
    sheet.getCell('A2').font = noteFont;
    headerRow = 3;
  }
  const row = sheet.getRow(headerRow);
  columns.forEach((column, index) => {
    const cell = row.getCell(index + 1);
    cell.value = column.header;
    cell.font = { name: 'Calibri', bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { wrapText: true, vertical: 'middle' };
    cell.border = { bottom: { style: 'thin' } };
    const sheetColumn = sheet.getColumn(index + 1);
    sheetColumn.width = column.width;
    if (column.numberFormat) sheetColumn.numFmt = column.numberFormat;
  });
  row.height = 32;
  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: cellAddress(headerRow + 1, 1), activeCell: cellAddress(headerRow + 1, 1) }];
  sheet.pageSetup.printTitlesRow = `1:${headerRow}`;
  return headerRow;
}

/** Mark a row as a totals row: bold, tinted and ruled above. */
export function styleTotalRow(row: ExcelJS.Row, columnCount: number): void {
  for (let column = 1; column <= columnCount; column += 1) {
    const cell = row.getCell(column);
    cell.font = { name: 'Calibri', bold: true };
    cell.fill = TOTAL_FILL;
    cell.border = { top: { style: 'thin' } };
  }
}

/** Page margins of every table sheet, inches: narrow, since no sheet prints a page header and the footer needs only a line. */
export const PRINT_MARGINS_INCHES = { left: 0.4, right: 0.4, top: 0.4, bottom: 0.5, header: 0.2, footer: 0.25 } as const;

/** Points across a landscape A4 page inside PRINT_MARGINS_INCHES. */
export const LANDSCAPE_PRINTABLE_WIDTH_POINTS = 842 - 72 * (PRINT_MARGINS_INCHES.left + PRINT_MARGINS_INCHES.right);
/** Points down a landscape A4 page inside PRINT_MARGINS_INCHES. */
export const LANDSCAPE_PRINTABLE_HEIGHT_POINTS = 595 - 72 * (PRINT_MARGINS_INCHES.top + PRINT_MARGINS_INCHES.bottom);

/**
 * The scale Excel prints columns of these widths at when it fits them to one landscape page wide
 * in Calibri 11: a width unit is 7 pixels (5.25 points) and each column has 5 pixels of padding.
 * At most 1: fitting never enlarges.
 */
export function fitToWidthScale(columnWidths: readonly number[]): number {
  const points = columnWidths.reduce((sum, width) => sum + width * 5.25 + 3.75, 0);
  return Math.min(1, LANDSCAPE_PRINTABLE_WIDTH_POINTS / points);
}

/** Landscape, fit to one page wide, for the officials who print the workbook. */
export function applyPrintSetup(sheet: ExcelJS.Worksheet): void {
  sheet.pageSetup.orientation = 'landscape';
  sheet.pageSetup.paperSize = 9; // A4, the paper South African offices print on
  sheet.pageSetup.fitToPage = true;
  // A table much wider than a page (Funded projects has a column per year and per source) shrunk
  // to one page width prints too small to read; spread it over as many pages as it needs at a
  // readable size, with the first column (the project or municipality) repeated on each.
  const pagesWide = pageWidthsNeeded(sheet);
  sheet.pageSetup.fitToWidth = pagesWide;
  if (pagesWide > 1) sheet.pageSetup.printTitlesColumn = 'A:A';
  sheet.pageSetup.fitToHeight = 0;
  // Narrow margins (inches): the sheets print no page header, and the footer needs a quarter inch.
  sheet.pageSetup.margins = PRINT_MARGINS_INCHES;
  sheet.headerFooter.oddFooter = '&L&A&RPage &P of &N';
  fitHeaderRowHeight(sheet);
}

/**
 * The note under the title (cell A2) merged across the first `lastColumn` columns and wrapped there,
 * its row as tall as its lines, rather than running off the page: LibreOffice prints the text that
 * runs past the last column on a page of its own (Changes from baseline printed a second page
 * holding the rest of its one-line note, new-user review u4, finding 1). Called once the column
 * widths are final; a sheet whose header row is not row 3 (its blocks write their own headers)
 * calls it itself.
 */
export function wrapNoteAcross(sheet: ExcelJS.Worksheet, lastColumn: number): void {
  const note = sheet.getCell('A2');
  const text = typeof note.value === 'string' ? note.value : (note.value as ExcelJS.CellRichTextValue | null)?.richText?.map((run) => run.text).join('') ?? '';
  if (text === '' || lastColumn < 2) return;
  let widthCharacters = 0;
  for (let column = 1; column <= lastColumn; column += 1) widthCharacters += sheet.getColumn(column).width ?? 9;
  if (!note.isMerged) sheet.mergeCells(2, 1, 2, lastColumn);
  note.alignment = { wrapText: true, vertical: 'top' };
  sheet.getRow(2).height = wrappedLineCount(text, widthCharacters) * POINTS_PER_TEXT_LINE + 2;
}

/**
 * Raise the header row (the last of the repeated title rows) to fit its longest wrapped header, so
 * no header is clipped on screen or on paper. Called once the column widths are final.
 */
export function fitHeaderRowHeight(sheet: ExcelJS.Worksheet): void {
  const match = /^1:(\d+)$/.exec(sheet.pageSetup.printTitlesRow ?? '');
  if (match === null) return;
  const headerRowNumber = Number(match[1]);
  const row = sheet.getRow(headerRowNumber);
  const lastColumn = row.cellCount;
  if (headerRowNumber >= 3 && lastColumn > 1) wrapNoteAcross(sheet, lastColumn);
  let lines = 1;
  row.eachCell((cell, columnNumber) => {
    if (typeof cell.value === 'string') lines = Math.max(lines, wrappedLineCount(cell.value, sheet.getColumn(columnNumber).width ?? 9));
  });
  row.height = Math.max(row.height ?? 0, lines * POINTS_PER_TEXT_LINE + 2);
}

/**
 * Column-width units that fit across one landscape A4 page at a readable size: 8.3-point Calibri
 * once Excel shrinks the sheet to the page width (a unit is 7 pixels, 5.25 points, at 100%).
 * LibreOffice without Calibri or its metric twin Carlito sizes a unit by its fallback font's
 * wider digit (DejaVu Sans: 7 points), so there the same sheet prints at about 6.2 points of the
 * wider DejaVu Sans and fits more rows on a page.
 */
export const CHARACTERS_PER_LANDSCAPE_PAGE = 190;

/** Landscape A4 pages needed side by side for the sheet's columns at a readable size. */
export function pageWidthsNeeded(sheet: ExcelJS.Worksheet): number {
  let totalWidth = 0;
  for (let index = 1; index <= sheet.columnCount; index += 1) totalWidth += sheet.getColumn(index).width ?? 9;
  // A table up to a twentieth wider than a page still prints one page wide, a little smaller (about
  // 8-point Calibri): splitting it would put two or three columns on a page of their own and double
  // its pages (Funded projects by year with seven funding sources).
  return Math.max(1, Math.ceil(totalWidth / (CHARACTERS_PER_LANDSCAPE_PAGE * 1.05)));
}

/**
 * Pale blue data bars over a range, so the largest amounts stand out when reading down a column.
 * The bar is light and shaded so the number over it stays readable on screen and in greyscale print.
 */
export function addDataBars(sheet: ExcelJS.Worksheet, range: string): void {
  sheet.addConditionalFormatting({
    ref: range,
    rules: [
      {
        type: 'dataBar',
        priority: 1,
        minLength: 0,
        maxLength: 100,
        cfvo: [{ type: 'min' }, { type: 'max' }],
        color: { argb: 'FFC5D9F1' },
        gradient: true,
      } as unknown as ExcelJS.ConditionalFormattingRule,
    ],
  });
}

/**
 * Widen an identifying column (a project id) to its longest text in rows `fromRow`..`toRow` as it
 * prints (textWidthUnits, plus a unit of cell padding), within [minimum, maximum] units, so no id
 * is cut off or runs into the next column; returns the width, for the caller to take from a
 * wrapped text column and keep the table one page wide.
 */
export function fitIdentifierColumn(sheet: ExcelJS.Worksheet, columnNumber: number, fromRow: number, toRow: number, minimum = 12, maximum = 27): number {
  let longest = 0;
  for (let rowNumber = fromRow; rowNumber <= toRow; rowNumber += 1) longest = Math.max(longest, textWidthUnits(String(sheet.getRow(rowNumber).getCell(columnNumber).value ?? '')));
  const width = Math.min(maximum, Math.max(minimum, Math.ceil(longest + 1.5)));
  sheet.getColumn(columnNumber).width = width;
  return width;
}

/** Characters a number in R million or a count occupies at most in practice (e.g. `12,345.6`). */
const NUMBER_WIDTH_CHARACTERS = 12;

/**
 * Set each column's width to fit its longest cell below `fromRow`, within [minimum, maximum]
 * characters. Headers wrap, so only their longest word counts; long free text is capped and wraps.
 */
export function fitColumnWidths(sheet: ExcelJS.Worksheet, headerRow: number, minimum = 8, maximum = 60): void {
  const widths = new Map<number, number>();
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber < headerRow) return;
    row.eachCell((cell, columnNumber) => {
      let length: number;
      const value = cell.value;
      if (typeof value === 'string') length = rowNumber === headerRow ? Math.max(...value.split(/\s+/).map((word) => word.length)) : value.length;
      else if (typeof value === 'number' || (value !== null && typeof value === 'object' && 'formula' in value)) length = NUMBER_WIDTH_CHARACTERS;
      else length = String(value ?? '').length;
      widths.set(columnNumber, Math.max(widths.get(columnNumber) ?? 0, length + 2));
    });
  });
  for (const [columnNumber, width] of widths) sheet.getColumn(columnNumber).width = Math.min(maximum, Math.max(minimum, width));
}

/**
 * Characters of ordinary mixed-case prose (descriptions, reasons) per unit of column width. A
 * width unit is the digit 0 of Calibri 11; lower-case letters and spaces are narrower, so about
 * 1.3 prose characters fit per unit in Excel and LibreOffice (measured on rendered pages); 1.25
 * keeps a margin for capitals and digits while sparing a one-line description a blank second line.
 * The report's rows are now sized by proseLineCount, which measures the text's character widths;
 * this factor remains for callers of wrappedLineCount.
 */
export const PROSE_CHARACTERS_PER_WIDTH = 1.25;

/** Points per line of 11 pt Calibri text, as Excel and LibreOffice lay rows out. */
const POINTS_PER_TEXT_LINE = 15;

/** Lines `text` takes when wrapped into a column `width` characters wide (greedy, by words; generous). */
export function wrappedLineCount(text: string, width: number): number {
  // A column's width counts the digit 0 of the default font; ordinary text is a little narrower,
  // but capital letters and 'm' or 'w' are wider, so one character less is the safe measure.
  const capacity = Math.max(1, Math.floor(width) - 1);
  let lines = 0;
  for (const paragraph of text.split(/\r?\n/)) {
    let used = 0;
    lines += 1;
    for (const word of paragraph.split(/\s+/).filter((part) => part !== '')) {
      if (used === 0) {
        lines += Math.floor(Math.max(0, word.length - 1) / capacity);
        used = word.length % capacity || capacity;
      } else if (used + 1 + word.length <= capacity) {
        used += 1 + word.length;
      } else {
        lines += 1 + Math.floor(Math.max(0, word.length - 1) / capacity);
        used = word.length % capacity || capacity;
      }
    }
  }
  return Math.max(1, lines);
}

/**
 * Advance widths of Calibri (and of Carlito, its metric twin that LibreOffice prints with) in
 * units of the digit 0, the unit of a column width: a space is under half a digit, `m` and `W`
 * well over one. Characters not listed count as one digit.
 */
const CALIBRI_WIDTH_IN_DIGITS: ReadonlyMap<string, number> = (() => {
  const emWidths: Record<string, number> = {
    ' ': 0.226, a: 0.479, b: 0.525, c: 0.423, d: 0.525, e: 0.498, f: 0.305, g: 0.471, h: 0.525, i: 0.229, j: 0.239, k: 0.455, l: 0.229, m: 0.799,
    n: 0.525, o: 0.527, p: 0.525, q: 0.525, r: 0.349, s: 0.391, t: 0.335, u: 0.525, v: 0.452, w: 0.715, x: 0.433, y: 0.453, z: 0.395,
    A: 0.579, B: 0.544, C: 0.533, D: 0.615, E: 0.488, F: 0.459, G: 0.631, H: 0.623, I: 0.252, J: 0.319, K: 0.52, L: 0.42, M: 0.855,
    N: 0.646, O: 0.662, P: 0.517, Q: 0.673, R: 0.543, S: 0.459, T: 0.487, U: 0.642, V: 0.567, W: 0.89, X: 0.519, Y: 0.487, Z: 0.468,
    '(': 0.303, ')': 0.303, ',': 0.25, '.': 0.252, '/': 0.386, ':': 0.268, ';': 0.268, '-': 0.306, '+': 0.498, "'": 0.221, '%': 0.715, '&': 0.682, '=': 0.498, _: 0.498,
  };
  const digitEm = 0.507;
  return new Map(Object.entries(emWidths).map(([character, em]) => [character, em / digitEm]));
})();

/** Width of a text in column-width units (digits 0 of Calibri 11), as it prints. */
export function textWidthUnits(text: string): number {
  let units = 0;
  for (const character of text) units += CALIBRI_WIDTH_IN_DIGITS.get(character) ?? 1;
  return units;
}

/**
 * Lines `text` takes when wrapped by words into a column `width` units wide, measured with the
 * font's character widths rather than a character count: a description full of figures and
 * capitals wraps sooner than one of lower-case words. Measured against LibreOffice's rendering of
 * 11-point Calibri, a column holds about its width in units; one unit is kept as a margin.
 */
export function proseLineCount(text: string, width: number): number {
  const capacity = Math.max(1, width - 1);
  const spaceUnits = textWidthUnits(' ');
  let lines = 0;
  for (const paragraph of text.split(/\r?\n/)) {
    let used = 0;
    lines += 1;
    for (const word of paragraph.split(/\s+/).filter((part) => part !== '')) {
      const wordUnits = textWidthUnits(word);
      if (used === 0) {
        lines += Math.floor(Math.max(0, wordUnits - 0.001) / capacity);
        used = wordUnits % capacity;
      } else if (used + spaceUnits + wordUnits <= capacity) {
        used += spaceUnits + wordUnits;
      } else {
        lines += 1 + Math.floor(Math.max(0, wordUnits - 0.001) / capacity);
        used = wordUnits % capacity;
      }
    }
  }
  return Math.max(1, lines);
}

/**
 * Wrap the text of `columnNumbers` in rows `fromRow`..`toRow` and raise each row's height to fit
 * its longest wrapped cell (proseLineCount). A row keeps its default height otherwise, and Excel and LibreOffice
 * do not grow a row for wrapped text on opening a file, so without this the text of a wrapped cell
 * is cut off on screen and printed over the next row. Call after the column widths are final.
 */
export function fitWrappedRowHeights(sheet: ExcelJS.Worksheet, fromRow: number, toRow: number, columnNumbers: readonly number[]): void {
  for (let rowNumber = fromRow; rowNumber <= toRow; rowNumber += 1) {
    const row = sheet.getRow(rowNumber);
    let lines = 1;
    for (const columnNumber of columnNumbers) {
      const cell = row.getCell(columnNumber);
      cell.alignment = { ...cell.alignment, wrapText: true, vertical: 'top' };
      if (typeof cell.value === 'string') lines = Math.max(lines, proseLineCount(cell.value, sheet.getColumn(columnNumber).width ?? 10));
    }
    row.height = lines * POINTS_PER_TEXT_LINE;
    // Ids and amounts at the top of a tall row, level with the first line of the text.
    if (lines > 1) row.eachCell((cell) => (cell.alignment = { ...cell.alignment, vertical: 'top' }));
  }
}
