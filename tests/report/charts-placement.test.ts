/**
 * Charts placed so they print whole and readable (new-user review, item 5; u2, 13): two charts side
 * by side printed each at half the page width with the lower half empty; now one chart a landscape
 * page at the printable width. Read back from the fixture run: every chart at the grid's left edge,
 * wider than half the grid, none over another or over a cell with content; printed with
 * LibreOffice where it is installed: one chart a page, wider than half and within the printable width.
 */
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHART_GRID_COLUMNS, CHART_GRID_COLUMN_PIXELS, CHART_MAX_WIDTH_ON_SHEET_PIXELS } from '../../src/report/sheets/summary-sheet.js';
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
  it('places each chart at the page width, inside the grid, clear of the other charts and of every cell with content', () => {
    const placed = placements();
    expect(placed.length).toBeGreaterThanOrEqual(3);
    const gridWidth = CHART_GRID_COLUMNS * CHART_GRID_COLUMN_PIXELS; // 13 columns of 78 pixels
    for (const chart of placed) {
      expect(chart.left).toBe(0);
      expect(chart.right, `chart at row ${chart.firstRow}`).toBeLessThanOrEqual(Math.min(gridWidth, CHART_MAX_WIDTH_ON_SHEET_PIXELS));
      // At most one chart beside another before (624 pixels); now the wide ones fill the page width, the tall one its height.
      expect(chart.right, `chart at row ${chart.firstRow}`).toBeGreaterThan(gridWidth / 2 + 200);
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

  it.skipIf(!canRender || !canListImages)('prints one chart a page, wider than half and within the printable width', () => {
    const [pages] = printWorkbooks([path.join(runFolder, RUN_FILES.workbook)]);
    const chartPages = pages.filter((page) => /^\s*Charts\s{2,}Page \d+ of \d+\s*$/m.test(page.text));
    expect(chartPages.length).toBeGreaterThanOrEqual(2);
    const printableWidth = (page: (typeof chartPages)[number]): number => page.widthPoints - 72 * (PRINT_MARGINS_INCHES.left + PRINT_MARGINS_INCHES.right);
    for (const page of chartPages) {
      const charts = page.images; // the charts (print-helpers leaves out their soft masks)
      expect(charts.length).toBe(1);
      expect(charts[0].widthPoints).toBeLessThanOrEqual(printableWidth(page));
      expect(charts[0].widthPoints).toBeGreaterThan(printableWidth(page) / 2);
    }
  }, PRINTING_TEST_TIMEOUT_MS);
});
