/**
 * The Service label never makes a project table's row taller (new-user review u2, 13): at the old
 * 9-unit width "Thusong service centres" broke into three lines and made every Thusong row three
 * lines tall on Funded projects. Funded projects holds every label on at most two lines (task p2);
 * Deferred projects, whose rows carry a reason and a detail, holds it on two lines wherever the
 * label would otherwise set a row's height, and leaves the column narrow where the row is taller
 * anyway. Checked on the Thusong fixture planned, written and read back with exceljs.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { datasetRun, planRun } from '../../src/pipeline/plan-run.js';
import { proseLineCount } from '../../src/report/format.js';
import { SHEET_NAMES } from '../../src/report/sheets/report-context.js';
import { labelSetsRowHeight } from '../../src/report/sheets/deferred-projects-sheet.js';
import { writeRunFolder } from '../../src/report/write-run.js';
import { FIXED_START, readRunWorkbook, sheetNamed, temporaryFolder } from './helpers.js';

let folder: string;
let workbook: ExcelJS.Workbook;
beforeAll(async () => {
  folder = temporaryFolder('infraplan-service-column-');
  const model = await loadModel(path.resolve('tests/fixtures/thusong'));
  const outcome = await planRun(datasetRun(model));
  const runFolder = await writeRunFolder({ plan: outcome.plan, dataset: outcome.dataset ?? model, indices: outcome.indices, modelPath: 'tests/fixtures/thusong', scenarioPath: null, startedAt: FIXED_START }, { outDir: folder });
  workbook = await readRunWorkbook(runFolder);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Lines of the tallest wrapped cell of a row other than the Service cell (columns 2 and 4 onwards, text only). */
function tallestOtherCell(sheet: ExcelJS.Worksheet, rowNumber: number): number {
  let tallest = 1;
  sheet.getRow(rowNumber).eachCell((cell, column) => {
    if (column === 1 || column === 3 || typeof cell.value !== 'string') return;
    tallest = Math.max(tallest, proseLineCount(cell.value, sheet.getColumn(column).width ?? 9));
  });
  return tallest;
}

/** The Service cells of a project table (column 3 under the header row that says "Service"), with the column's width. */
function serviceColumn(sheet: ExcelJS.Worksheet): { readonly labels: string[]; readonly width: number; readonly rows: number[] } {
  let header = 0;
  sheet.eachRow((row, rowNumber) => {
    if (header === 0 && row.getCell(3).value === 'Service') header = rowNumber;
  });
  expect(header, sheet.name).toBeGreaterThan(0);
  const labels: string[] = [];
  const rows: number[] = [];
  for (let rowNumber = header + 1; rowNumber <= sheet.rowCount; rowNumber += 1) {
    const value = sheet.getRow(rowNumber).getCell(3).value;
    if (typeof value === 'string' && value !== '') {
      labels.push(value);
      rows.push(rowNumber);
    }
  }
  // exceljs writes no <col> for a column of its default width (9), and reads it back without one.
  return { labels, width: sheet.getColumn(3).width ?? 9, rows };
}

describe('the Service column of the project tables', () => {
  it('holds "Thusong service centres" on at most two lines on Funded projects', () => {
    const { labels, width } = serviceColumn(sheetNamed(workbook, SHEET_NAMES.fundedProjects));
    expect(labels).toContain('Thusong service centres');
    for (const label of new Set(labels)) expect(proseLineCount(label, width), `${label} at width ${width}`).toBeLessThanOrEqual(2);
    // At the old 9 units it took three.
    expect(proseLineCount('Thusong service centres', 9)).toBe(3);
  });

  it('never makes a Deferred projects row taller than its other cells need (or two lines)', () => {
    const sheet = sheetNamed(workbook, SHEET_NAMES.deferredProjects);
    const { labels, width, rows } = serviceColumn(sheet);
    expect(labels).toContain('Thusong service centres');
    rows.forEach((rowNumber, index) => {
      expect(proseLineCount(labels[index]!, width), `row ${rowNumber}: ${labels[index]} at width ${width}`).toBeLessThanOrEqual(Math.max(2, tallestOtherCell(sheet, rowNumber)));
    });
  });
});

describe('labelSetsRowHeight', () => {
  it('is true only when a label takes more than two lines and more than every other cell of its row', () => {
    const label = { texts: ['Thusong service centres', 'water'], width: 9 };
    // Three lines of label beside a one-line detail: the label sets the row's height.
    expect(labelSetsRowHeight(label, [{ texts: ['short', 'short'], width: 30 }])).toBe(true);
    // Beside a detail of four lines or more, as on the default model's deferred rows, it does not.
    const long = 'No anchor department is committed to serve at this centre, and the anchor-department rule funds none without one';
    expect(proseLineCount(long, 30)).toBeGreaterThanOrEqual(3);
    expect(labelSetsRowHeight(label, [{ texts: [long, 'short'], width: 30 }])).toBe(false);
    // A label on two lines never does.
    expect(labelSetsRowHeight({ ...label, width: 16 }, [{ texts: ['short', 'short'], width: 30 }])).toBe(false);
  });
});
