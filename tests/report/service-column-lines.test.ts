/**
 * The Service column of Funded projects and Deferred projects holds every service's label on at
 * most two lines (new-user review u2, 13): at the old 9-unit width "Thusong service centres" broke
 * into three and made every Thusong row three lines tall. Task p2 widened Funded projects; this
 * checks both, on the Thusong fixture planned, written and read back with exceljs.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { datasetRun, planRun } from '../../src/pipeline/plan-run.js';
import { proseLineCount } from '../../src/report/format.js';
import { SHEET_NAMES } from '../../src/report/sheets/report-context.js';
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

/** The Service cells of a project table (column 3 under the header row that says "Service"), with the column's width. */
function serviceColumn(sheet: ExcelJS.Worksheet): { readonly labels: string[]; readonly width: number } {
  let header = 0;
  sheet.eachRow((row, rowNumber) => {
    if (header === 0 && row.getCell(3).value === 'Service') header = rowNumber;
  });
  expect(header, sheet.name).toBeGreaterThan(0);
  const labels: string[] = [];
  for (let rowNumber = header + 1; rowNumber <= sheet.rowCount; rowNumber += 1) {
    const value = sheet.getRow(rowNumber).getCell(3).value;
    if (typeof value === 'string' && value !== '') labels.push(value);
  }
  return { labels, width: sheet.getColumn(3).width ?? 0 };
}

describe('the Service column of the project tables', () => {
  for (const name of [SHEET_NAMES.fundedProjects, SHEET_NAMES.deferredProjects]) {
    it(`holds "Thusong service centres" on at most two lines on ${name}`, () => {
      const { labels, width } = serviceColumn(sheetNamed(workbook, name));
      expect(labels, name).toContain('Thusong service centres');
      for (const label of new Set(labels)) expect(proseLineCount(label, width), `${name}: ${label} at width ${width}`).toBeLessThanOrEqual(2);
      // At the old 9 units it took three.
      expect(proseLineCount('Thusong service centres', 9)).toBe(3);
    });
  }
});
