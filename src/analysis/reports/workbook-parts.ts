/**
 * Pieces shared by the analysis workbooks: a new workbook with its metadata, a chart sheet, and
 * a notes block. Cell formats and table headers are the run report's (src/report/format.ts).
 */
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../../dataset/excel-module.js';
import { CHARACTERS_PER_LANDSCAPE_PAGE, proseLineCount } from '../../report/format.js';

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

/** Add a `Charts` sheet with each chart under its caption, scaled to half size so two fit a screen. */
export function addChartSheet(workbook: ExcelJS.Workbook, charts: readonly ChartImage[]): void {
  if (charts.length === 0) return;
  const sheet = workbook.addWorksheet('Charts');
  let row = 0;
  for (const chart of charts) {
    sheet.getCell(row + 1, 1).value = chart.caption;
    sheet.getCell(row + 1, 1).font = { bold: true, size: 12 };
    const imageId = workbook.addImage({ buffer: chart.png as unknown as ExcelJS.Buffer, extension: 'png' });
    const width = chart.widthPixels / 2;
    const height = chart.heightPixels / 2;
    sheet.addImage(imageId, { tl: { col: 0, row: row + 1 }, ext: { width, height } });
    // Default rows are 20 pixels high: leave room for the image and a blank row.
    row += Math.ceil(height / 20) + 3;
  }
}

/**
 * Write note lines (italic, grey) starting at `firstRow`; returns the next free row. Each note is
 * merged across the table's columns, no wider than one landscape page, and wraps there with its
 * row as tall as its lines: a long note left in column A ran off the printed page or over the
 * text of the next.
 */
export function writeNotes(sheet: ExcelJS.Worksheet, firstRow: number, notes: readonly string[]): number {
  let lastColumn = 1;
  let widthUnits = 0;
  for (let column = 1; column <= Math.max(1, sheet.columnCount); column += 1) {
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
    cell.font = { italic: true, color: { argb: 'FF595959' } };
    cell.alignment = { wrapText: true, vertical: 'top' };
    sheet.getRow(rowNumber).height = 15 * proseLineCount(note, widthUnits);
  });
  return firstRow + notes.length;
}

/** Excel's width of a column never set, in characters. */
const DEFAULT_COLUMN_WIDTH = 9;
