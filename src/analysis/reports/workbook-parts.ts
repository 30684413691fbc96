/**
 * Pieces shared by the analysis workbooks: a new workbook with its metadata, a chart sheet, and
 * a notes block. Cell formats and table headers are the run report's (src/report/format.ts).
 */
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../../dataset/excel-module.js';
import { applyPrintSetup, CHARACTERS_PER_LANDSCAPE_PAGE, hasIllustrativeNote, ILLUSTRATIVE_INPUTS_LINE, LANDSCAPE_PRINTABLE_HEIGHT_POINTS, plainText, proseLineCount, writeTableHeader, type ColumnSpec } from '../../report/format.js';
import { STATS_SA_CREDIT } from '../../report/sheets/assumptions-sheet.js';

/** A rendered chart to place in a workbook and write beside it. */
export interface ChartImage {
  /** File name in the output folder, e.g. `frontier.png`. */
  readonly fileName: string;
  /** Caption written above the image. */
  readonly caption: string;
  /** PNG bytes. */
  readonly png: Buffer;
  /** Width in pixels. */
  readonly widthPixels: number;
  /** Height in pixels. */
  readonly heightPixels: number;
}

/** A workbook with creator and title set. */
export function newWorkbook(title: string): ExcelJS.Workbook {
  const workbook = new (loadExcelJs().Workbook)();
  workbook.creator = 'infraplan';
  workbook.title = title;
  // A fixed date keeps workbooks of the same inputs byte-comparable in content.
  workbook.created = new Date(0);
  workbook.modified = new Date(0);
  return workbook;
}

/** Name of the chart sheet of every analysis workbook. */
export const CHART_SHEET = 'Charts';

/**
 * The chart grid: CHART_GRID_COLUMNS columns of CHART_GRID_COLUMN_WIDTH units (78 pixels each in
 * Calibri 11, 1,014 in all), a little wider than the widest chart, and within one landscape A4 page
 * (LANDSCAPE_PRINTABLE_WIDTH_POINTS, 1,045 pixels), so fitting the sheet to the page width never
 * shrinks a chart and the caption wraps within the chart's width.
 */
const CHART_GRID_COLUMNS = 13;
const CHART_GRID_COLUMN_WIDTH = 10.43;
/** Widest a chart is placed, pixels (96 to the inch): the grid's width less a margin. */
const CHART_MAX_WIDTH_PIXELS = 1_000;
/** Pixels of a default row (15 points). */
const ROW_PIXELS = 20;
/** Points of a caption row (two lines of 12-point text). */
const CHART_CAPTION_ROW_POINTS = 32;
/** Points kept free at a page's foot, so rounding in LibreOffice or Excel never pushes a chart's last row over. */
const CHART_PAGE_SPARE_POINTS = 15;

/**
 * The size a chart is placed at, pixels (96 to the inch): as large as fits one printed landscape
 * A4 page under `titleRowsPoints` of repeated title rows and its caption, never enlarged, so a
 * tall chart (the stress test's forty bars) is scaled to fit its page rather than cut at its foot.
 */
export function chartPlacementPixels(chart: Pick<ChartImage, 'widthPixels' | 'heightPixels'>, titleRowsPoints: number): { readonly width: number; readonly height: number } {
  const maxHeightPixels = ((LANDSCAPE_PRINTABLE_HEIGHT_POINTS - titleRowsPoints - CHART_CAPTION_ROW_POINTS - CHART_PAGE_SPARE_POINTS) * 4) / 3;
  const scale = Math.min(1, CHART_MAX_WIDTH_PIXELS / chart.widthPixels, maxHeightPixels / chart.heightPixels);
  return { width: Math.floor(chart.widthPixels * scale), height: Math.floor(chart.heightPixels * scale) };
}

/**
 * Add a `Charts` sheet with each chart under its caption, one chart to a printed A4 landscape page:
 * the workbook's title and, for a model with illustrative inputs, the illustrative-inputs line
 * repeat at the top of every page, so a chart printed alone still says what it is and that its
 * figures are illustrative; the page footer names the sheet as on every other sheet. Before, the
 * sheet printed portrait with no footer and a long caption ran onto a second page of its own.
 */
export function addChartSheet(workbook: ExcelJS.Workbook, charts: readonly ChartImage[], title = 'Charts', illustrativeNote: string | null = null): void {
  if (charts.length === 0) return;
  const sheet = workbook.addWorksheet(CHART_SHEET);
  sheet.views = [{ state: 'normal', showGridLines: false }];
  for (let column = 1; column <= CHART_GRID_COLUMNS; column += 1) sheet.getColumn(column).width = CHART_GRID_COLUMN_WIDTH;
  // The title and the illustrative line wrap within the grid, each row as tall as its lines.
  const titleLines: [string, Partial<ExcelJS.Font>][] = [[title, { name: 'Calibri', bold: true, size: 14 }]];
  if (hasIllustrativeNote(illustrativeNote)) titleLines.push([ILLUSTRATIVE_INPUTS_LINE, { name: 'Calibri', bold: true, color: { argb: 'FF9C2B16' } }]);
  titleLines.forEach(([text, font], index) => {
    const rowNumber = index + 1;
    sheet.mergeCells(rowNumber, 1, rowNumber, CHART_GRID_COLUMNS);
    const cell = sheet.getCell(rowNumber, 1);
    cell.value = text;
    cell.font = font;
    cell.alignment = { wrapText: true, vertical: 'top' };
    // A 14-point line is as wide as 14/11 of the 11-point text the widths are measured in.
    const pointSize = font.size ?? 11;
    sheet.getRow(rowNumber).height = (pointSize + 5) * proseLineCount(text, (CHART_GRID_COLUMNS * CHART_GRID_COLUMN_WIDTH * 11) / pointSize);
  });
  const titleRows = titleLines.length;
  let titleRowsPoints = 0;
  for (let rowNumber = 1; rowNumber <= titleRows; rowNumber += 1) titleRowsPoints += sheet.getRow(rowNumber).height ?? 15;
  let captionRow = titleRows + 1;
  charts.forEach((chart, index) => {
    // The caption wraps within the chart's width instead of running past the page's edge.
    sheet.mergeCells(captionRow, 1, captionRow, CHART_GRID_COLUMNS);
    const caption = sheet.getCell(captionRow, 1);
    caption.value = chart.caption;
    caption.font = { name: 'Calibri', bold: true, size: 12 };
    caption.alignment = { wrapText: true, vertical: 'bottom' };
    sheet.getRow(captionRow).height = CHART_CAPTION_ROW_POINTS;
    const imageId = workbook.addImage({ buffer: chart.png as unknown as ExcelJS.Buffer, extension: 'png' });
    const placed = chartPlacementPixels(chart, titleRowsPoints);
    sheet.addImage(imageId, { tl: { col: 0, row: captionRow }, ext: placed });
    const nextCaptionRow = captionRow + 1 + Math.ceil(placed.height / ROW_PIXELS) + 1;
    // Each chart on a page of its own: a chart split across two pages is unreadable.
    if (index < charts.length - 1) sheet.getRow(nextCaptionRow - 1).addPageBreak();
    captionRow = nextCaptionRow;
  });
  applyPrintSetup(sheet);
  // Set after the page setup, which would otherwise size the last title row as a table header of wrapped column titles.
  sheet.pageSetup.printTitlesRow = `1:${titleRows}`;
}

/**
 * Write note lines (italic, grey) starting at `firstRow`; returns the next free row. Each note is
 * merged across the table's columns, no wider than one landscape page, and wraps there with its
 * row as tall as its lines: a long note left in column A ran off the printed page or over the
 * text of the next. Under a narrow table (a two-column list of figures) the notes may reach across
 * the empty columns beside it to `minimumWidthUnits`, so a paragraph is not a column of short
 * lines that pushes the sheet onto a second page. The font is named: a font without a name printed
 * in LibreOffice's serif fallback, wider than Calibri, so the notes wrapped sooner than their rows
 * allowed and printed over one another.
 */
export function writeNotes(sheet: ExcelJS.Worksheet, firstRow: number, notes: readonly string[], minimumWidthUnits = 0): number {
  let lastColumn = 1;
  let widthUnits = 0;
  const tableColumns = Math.max(1, sheet.columnCount);
  for (let column = 1; column <= tableColumns || widthUnits < Math.min(minimumWidthUnits, CHARACTERS_PER_LANDSCAPE_PAGE); column += 1) {
    const width = sheet.getColumn(column).width ?? DEFAULT_COLUMN_WIDTH;
    if (column > 1 && widthUnits + width > CHARACTERS_PER_LANDSCAPE_PAGE) break;
    widthUnits += width;
    lastColumn = column;
  }
  notes.forEach((note, index) => {
    const rowNumber = firstRow + index;
    if (lastColumn > 1) sheet.mergeCells(rowNumber, 1, rowNumber, lastColumn);
    const cell = sheet.getCell(rowNumber, 1);
    cell.value = note;
    cell.font = { name: 'Calibri', italic: true, color: { argb: 'FF595959' } };
    cell.alignment = { wrapText: true, vertical: 'top' };
    sheet.getRow(rowNumber).height = 15 * proseLineCount(note, widthUnits);
  });
  return firstRow + notes.length;
}

/** Excel's width of a column never set, in characters. */
const DEFAULT_COLUMN_WIDTH = 9;

/** Name of the sheet that says where the figures come from, last in every analysis workbook. */
export const DATA_SOURCES_SHEET = 'Data sources';

/** Its two columns: what, and where it comes from (a wrapped paragraph), within one landscape page. */
const DATA_SOURCES_COLUMNS: readonly ColumnSpec[] = [
  { header: 'Data', width: 20 },
  { header: 'Source', width: 130 },
];

/**
 * Add the `Data sources` sheet: the Stats SA credit the Census licence asks for (the run workbook's
 * Assumptions sheet carries the same words) and, for a model with illustrative inputs, the model's
 * illustrative note itself, which the illustrative-inputs line of every other sheet points to. An
 * analysis workbook travels without the run workbook, so it must carry both (a reviewer found
 * neither in comparison.xlsx or stress.xlsx).
 */
export function addDataSourcesSheet(workbook: ExcelJS.Workbook, title: string, illustrativeNote: string | null = null): void {
  const sheet = workbook.addWorksheet(DATA_SOURCES_SHEET);
  const headerRow = writeTableHeader(sheet, title, null, DATA_SOURCES_COLUMNS, illustrativeNote);
  const rows: [string, string][] = [['Census data', STATS_SA_CREDIT]];
  if (hasIllustrativeNote(illustrativeNote)) rows.push(['Illustrative inputs', illustrativeNote!]);
  rows.forEach(([label, text], index) => {
    const row = sheet.getRow(headerRow + 1 + index);
    row.getCell(1).value = label;
    row.getCell(1).font = { name: 'Calibri', bold: true };
    row.getCell(1).alignment = { vertical: 'top' };
    row.getCell(2).value = plainText(text);
    row.getCell(2).font = { name: 'Calibri' };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    // As tall as the paragraph's lines in its column, so no line is cut off in print.
    row.height = 15 * proseLineCount(text, DATA_SOURCES_COLUMNS[1].width) + 4;
  });
  applyPrintSetup(sheet);
}
