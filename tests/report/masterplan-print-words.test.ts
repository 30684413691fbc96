/**
 * The master plan workbook as printed (review u5, findings 17 and 18): a shortfall row never shows
 * 0.0 in a year with a shortfall (two decimals, and `< 0.01` below them), and a year written beside
 * a number to its left is indented, so print does not run them together (`89,273none to 2049/50`).
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { buildDatasetMasterPlan } from '../../src/masterplan/apply-master-plan.js';
import { SHORTFALL_FORMAT, addMasterPlanSheets, supportPlanSheetName } from '../../src/report/sheets/masterplan-sheets.js';

let workbook: ExcelJS.Workbook;
let firstCode = '';
let firstName = '';
beforeAll(async () => {
  const dataset = await loadModel('tests/fixtures/masterplan');
  workbook = new ExcelJS.Workbook();
  addMasterPlanSheets(workbook, buildDatasetMasterPlan(dataset), dataset);
  firstCode = dataset.municipalities[0].code;
  firstName = dataset.municipalities[0].name;
});

describe('the master plan workbook in print', () => {
  it('writes every shortfall row with two decimals and names a shortfall below them', () => {
    expect(SHORTFALL_FORMAT).toBe('[=0]0.00;[<0.01]"< 0.01";#,##0.00');
    const sheet = workbook.getWorksheet(supportPlanSheetName(firstCode, firstName))!;
    let shortfallRows = 0;
    sheet.eachRow((row) => {
      if (!String(row.getCell(1).value ?? '').includes('shortfall without new projects')) return;
      shortfallRows += 1;
      for (let column = 2; column <= row.cellCount; column += 1) expect(row.getCell(column).numFmt, `${row.number}:${column}`).toBe(SHORTFALL_FORMAT);
    });
    expect(shortfallRows).toBeGreaterThan(0);
  });

  it('indents the first shortfall years of the summary and the years of the upgrades table', () => {
    const summary = workbook.worksheets[0];
    const yearCells: ExcelJS.Cell[] = [];
    summary.eachRow((row) => row.eachCell((cell) => {
      if (/^(\d{4}\/\d{2}|none to \d{4}\/\d{2})$/.test(cell.text)) yearCells.push(cell);
    }));
    expect(yearCells.length).toBeGreaterThan(0);
    for (const cell of yearCells) expect(cell.alignment?.indent, cell.address).toBe(1);
    const plan = workbook.getWorksheet(supportPlanSheetName(firstCode, firstName))!;
    const header = [...Array(plan.rowCount).keys()].map((index) => plan.getRow(index + 1)).find((row) => row.getCell(5).text === 'Needed from');
    expect(header).toBeDefined();
    const firstUpgrade = plan.getRow(header!.number + 1);
    if (firstUpgrade.getCell(6).text !== '') expect(firstUpgrade.getCell(6).alignment?.indent).toBe(1);
  });
});
