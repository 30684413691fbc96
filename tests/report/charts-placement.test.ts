/**
 * Charts placed so they print whole (new-user review, item 5): on the Charts sheet two charts share
 * a landscape page side by side; at 700 pixels each in a 624-pixel half, the first covered the
 * second's left axis and the second ran past the printed columns, cut at the page edge. Read back
 * from the fixture run: every chart inside its half of the grid, none over another or over a cell
 * with content; printed with LibreOffice where it is installed: two charts a page, side by side
 * within the printable width.
 */
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHART_GRID_COLUMNS, CHART_GRID_COLUMN_PIXELS, CHART_WIDTH_ON_SHEET_PIXELS } from '../../src/report/sheets/summary-sheet.js';
import { SHEET_NAMES } from '../../src/report/sheets/report-context.js';
import { PRINT_MARGINS_INCHES } from '../../src/report/format.js';
import { RUN_FILES } from '../../src/report/write-run.js';
import { canListImages, canRender, printWorkbooks, PRINTING_TEST_TIMEOUT_MS } from '../analysis/print-helpers.js';
import { readRunWorkbook, sheetNamed, temporaryFolder, writeFixtureRun } from './helpers.js';

const EMU_PER_PIXEL = 9525;
const ROW_PIXELS = 20; // default-height rows (15 points)

let runFolder: string;
let sheet: ExcelJS.Worksheet;

beforeAll(async () => {
  runFolder = await writeFixtureRun(temporaryFolder());
  sheet = sheetNamed(await readRunWorkbook(runFolder), SHEET_NAMES.charts);
});

interface Placed {
  readonly left: number;
  readonly right: number;
  readonly firstRow: number; // 1-based
  readonly lastRow: number;
}

function placements(): Placed[] {
  return sheet.getImages().map((image) => {
    const { tl, ext } = image.range as unknown as { tl: { nativeCol: number; nativeColOff: number; nativeRow: number; nativeRowOff: number }; ext: { width: number; height: number } };
    const left = tl.nativeCol * CHART_GRID_COLUMN_PIXELS + tl.nativeColOff / EMU_PER_PIXEL;
    const top = tl.nativeRow * ROW_PIXELS + tl.nativeRowOff / EMU_PER_PIXEL;
    return { left, right: left + ext.width, firstRow: tl.nativeRow + 1, lastRow: tl.nativeRow + Math.ceil((top - tl.nativeRow * ROW_PIXELS + ext.height) / ROW_PIXELS) };
  });
}

describe('chart placement on the Charts sheet', () => {
  it('keeps every chart inside its half of the page grid, clear of the other charts and of every cell with content', () => {
    const placed = placements();
    expect(placed.length).toBeGreaterThanOrEqual(3);
    const half = (CHART_GRID_COLUMNS / 2) * CHART_GRID_COLUMN_PIXELS; // 8 columns of 78 pixels
    expect(CHART_WIDTH_ON_SHEET_PIXELS).toBeLessThan(half);
    for (const chart of placed) {
      const start = chart.left < half ? 0 : half;
      expect(chart.left).toBeGreaterThanOrEqual(start);
      expect(chart.right, `chart at ${chart.left}`).toBeLessThanOrEqual(start + half);
    }
    for (const [index, one] of placed.entries()) {
      for (const other of placed.slice(index + 1)) {
        const rowsMeet = one.firstRow <= other.lastRow && other.firstRow <= one.lastRow;
        const columnsMeet = one.left < other.right && other.left < one.right;
        expect(rowsMeet && columnsMeet, `charts at ${one.left},${one.firstRow} and ${other.left},${other.firstRow}`).toBe(false);
      }
      for (let rowNumber = one.firstRow; rowNumber <= one.lastRow; rowNumber += 1) {
        sheet.getRow(rowNumber).eachCell((cell, column) => {
          const cellLeft = (column - 1) * CHART_GRID_COLUMN_PIXELS;
          if (cellLeft < one.right && cellLeft + CHART_GRID_COLUMN_PIXELS > one.left) expect(cell.value ?? '', `cell ${cell.address} under a chart`).toBe('');
        });
      }
    }
  });

  it.skipIf(!canRender || !canListImages)('prints two charts a page, side by side within the printable width', () => {
    const [pages] = printWorkbooks([path.join(runFolder, RUN_FILES.workbook)]);
    const chartPages = pages.filter((page) => /^\s*Charts\s{2,}Page \d+ of \d+\s*$/m.test(page.text));
    expect(chartPages.length).toBeGreaterThanOrEqual(2);
    const printableWidth = (page: (typeof chartPages)[number]): number => page.widthPoints - 72 * (PRINT_MARGINS_INCHES.left + PRINT_MARGINS_INCHES.right);
    for (const page of chartPages) {
      const charts = page.images; // the charts (print-helpers leaves out their soft masks)
      expect(charts.length).toBeGreaterThanOrEqual(1);
      expect(charts.length).toBeLessThanOrEqual(2);
      const width = charts.reduce((sum, image) => sum + image.widthPoints, 0);
      expect(width).toBeLessThanOrEqual(printableWidth(page));
    }
  }, PRINTING_TEST_TIMEOUT_MS);
});
