/**
 * A date where a financial year belongs (review finding: a date typed into earliest_start_year of
 * model.xlsx was reported as `found "46478"`, Excel's day number, not what the user sees). The
 * message names the date and the financial year containing it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateInsteadOfFinancialYear } from '../../src/dataset/financial-year.js';
import { loadModel } from '../../src/dataset/load-model.js';
import { writeModel } from '../../src/dataset/write-model.js';
import { InvalidInputError } from '../../src/errors/problems.js';

let temporaryRoot: string;
beforeAll(async () => {
  temporaryRoot = await mkdtemp(path.join(tmpdir(), 'infraplan-date-year-'));
});
afterAll(async () => {
  await rm(temporaryRoot, { recursive: true, force: true });
});

describe('dateInsteadOfFinancialYear', () => {
  it('gives the financial year containing a date (April to March)', () => {
    expect(dateInsteadOfFinancialYear('2027-04-01')).toEqual({ dateText: '2027-04-01', financialYear: 2027 });
    expect(dateInsteadOfFinancialYear('2027/03/31')).toEqual({ dateText: '2027-03-31', financialYear: 2026 });
    expect(dateInsteadOfFinancialYear('46478')).toEqual({ dateText: '2027-04-01', financialYear: 2027 });
  });

  it('is null for text that is no date', () => {
    for (const text of ['2026/27', '2027-02-30', '12345', '2027', 'soon']) expect(dateInsteadOfFinancialYear(text), text).toBeNull();
  });
});

describe('a date in a financial-year cell of a model made by model convert', () => {
  it('is named as the date the user sees, with the financial year to type instead', async () => {
    const folder = path.join(temporaryRoot, 'dated');
    await writeModel(await loadModel('tests/fixtures/tiny'), folder, { format: 'xlsx' });
    const file = path.join(folder, 'model.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('projects')!;
    const header = sheet.getRow(1).values as unknown[];
    // Row 2: a date typed into a cell the converted workbook formats as text; row 3: a date cell shown as a date.
    sheet.getRow(2).getCell(header.indexOf('earliest_start_year')).value = new Date(Date.UTC(2027, 3, 1));
    const dated = sheet.getRow(3).getCell(header.indexOf('latest_start_year'));
    dated.value = new Date(Date.UTC(2030, 2, 31));
    // A style of its own: exceljs shares style objects between cells, so setting numFmt would change row 2's too.
    dated.style = { ...dated.style, numFmt: 'yyyy-mm-dd' };
    await workbook.xlsx.writeFile(file);
    const error = await loadModel(file).then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems.map(({ row, column, message }) => ({ row, column, message }))).toEqual([
      {
        row: 2,
        column: 'earliest_start_year',
        message: 'expected a financial year like 2026/27; found the date 2027-04-01 (stored as "46478"); type the financial year as text, e.g. 2027/28 (the one containing that date)',
      },
      {
        row: 3,
        column: 'latest_start_year',
        message: 'expected a financial year like 2026/27; found the date 2030-03-31; type the financial year as text, e.g. 2029/30 (the one containing that date)',
      },
    ]);
  });
});
