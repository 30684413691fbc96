/**
 * Pieces shared by the analysis workbooks: a new workbook with its metadata, a chart sheet, and
 * a notes block. Cell formats and table headers are the run report's (src/report/format.ts).
 */
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../../dataset/excel-module.js';

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

/** Write note lines (italic, grey) starting at `firstRow` in column A; returns the next free row. */
export function writeNotes(sheet: ExcelJS.Worksheet, firstRow: number, notes: readonly string[]): number {
  notes.forEach((note, index) => {
    const cell = sheet.getCell(firstRow + index, 1);
    cell.value = note;
    cell.font = { italic: true, color: { argb: 'FF595959' } };
  });
  return firstRow + notes.length;
}
