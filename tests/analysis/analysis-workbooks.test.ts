import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FRONTIER_SHEET } from '../../src/analysis/reports/sweep-workbook.js';
import { STRESS_SHEETS } from '../../src/analysis/reports/stress-workbook.js';
import { runStress, STRESS_WORKBOOK } from '../../src/analysis/run-stress.js';
import { runSweep, SWEEP_WORKBOOK } from '../../src/analysis/run-sweep.js';
import { temporaryFolder, TINY_MODEL } from './helpers.js';

async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

describe('sweep workbook', () => {
  it('holds one row per budget level and the marginal benefit as a live formula with the computed value', async () => {
    const outcome = await runSweep({ modelPath: TINY_MODEL, budgetFactors: [0.5, 1, 1.5] }, { workers: 1, outDir: await temporaryFolder() });
    expect(path.basename(outcome.folder!)).toMatch(/^tiny-baseline-sweep-0.5-1.5-3-\d{8}-\d{6}$/);
    const workbook = await readWorkbook(path.join(outcome.folder!, SWEEP_WORKBOOK));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([FRONTIER_SHEET, 'Charts']);
    const sheet = workbook.getWorksheet(FRONTIER_SHEET)!;
    // Title, note, header, then the points from row 4.
    expect(sheet.getCell('A4').value).toBe(0.5);
    expect(sheet.getCell('B5').value).toBe(230_000_000);
    expect(sheet.getCell('E5').value).toBeCloseTo(outcome.frontier.points[1].benefit, 9);
    expect(sheet.getCell('I4').value).toBe('first point');
    const marginal = sheet.getCell('I6').value as ExcelJS.CellFormulaValue;
    expect(marginal.formula).toBe('(E6-E5)*100000000/(B6-B5)');
    expect(marginal.result).toBeCloseTo(outcome.frontier.points[2].marginalBenefitPer100MillionRand!, 9);
    // The cached value is what the formula computes from the cells.
    const recomputed = (((sheet.getCell('E6').value as number) - (sheet.getCell('E5').value as number)) * 1e8) / ((sheet.getCell('B6').value as number) - (sheet.getCell('B5').value as number));
    expect(marginal.result).toBeCloseTo(recomputed, 9);
  });
});

describe('stress workbook', () => {
  it('holds the benefit spread as live percentile formulas over the draws and the funded shares', async () => {
    const outcome = await runStress({ modelPath: TINY_MODEL, draws: 5, seed: 3 }, { workers: 1, outDir: await temporaryFolder() });
    const workbook = await readWorkbook(path.join(outcome.folder!, STRESS_WORKBOOK));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([...Object.values(STRESS_SHEETS), 'Charts']);
    const summarySheet = workbook.getWorksheet(STRESS_SHEETS.summary)!;
    const rows = new Map<string, ExcelJS.CellValue>();
    summarySheet.eachRow((row) => rows.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(rows.get('Draws')).toBe(5);
    expect(rows.get('Seed')).toBe(3);
    const spread = outcome.summary.benefitSpread!;
    const median = rows.get('Benefit: median (points)') as ExcelJS.CellFormulaValue;
    expect(median.formula).toBe("MEDIAN('Draws'!C4:C8)");
    expect(median.result).toBeCloseTo(spread.median, 9);
    const p90 = rows.get('Benefit: 90th percentile (points)') as ExcelJS.CellFormulaValue;
    expect(p90.formula).toBe("PERCENTILE.INC('Draws'!C4:C8,0.9)");
    expect(p90.result).toBeCloseTo(spread.p90, 9);

    const draws = workbook.getWorksheet(STRESS_SHEETS.draws)!;
    const benefits = [4, 5, 6, 7, 8].map((row) => draws.getCell(`C${row}`).value);
    expect(benefits).toEqual(outcome.summary.benefitByDraw);

    // The share formulas divide by the "draws with a plan" cell of the summary.
    let drawsWithPlanRow = 0;
    summarySheet.eachRow((row, rowNumber) => {
      if (row.getCell(1).value === 'Draws with a plan') drawsWithPlanRow = rowNumber;
    });
    expect(summarySheet.getCell(`B${drawsWithPlanRow}`).value).toBe(outcome.summary.drawsWithPlan);
    const projects = workbook.getWorksheet(STRESS_SHEETS.projects)!;
    outcome.summary.projects.forEach((project, index) => {
      const row = 4 + index;
      expect(projects.getCell(`A${row}`).value).toBe(project.projectId);
      expect(projects.getCell(`G${row}`).value).toBe(project.drawsFunded);
      const share = projects.getCell(`H${row}`).value as ExcelJS.CellFormulaValue;
      expect(share.formula).toBe(`IF('Stress summary'!$B$${drawsWithPlanRow}=0,0,G${row}/'Stress summary'!$B$${drawsWithPlanRow})`);
      // exceljs writes a cached 0 as <v>0</v> but reads it back as no result, so 0 arrives undefined.
      expect(share.result ?? 0).toBeCloseTo(project.fundedShare, 12);
    });
  });
});
