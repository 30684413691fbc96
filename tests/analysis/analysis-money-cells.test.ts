/**
 * Money in the sweep, frontier and stress workbooks is written to the cent, never with the
 * solver's noise (12,000,000.000000002), and every formula's cached value is what the formula
 * computes from the cells as written (LibreOffice shows the cached value without recalculating).
 * Built from figures with that noise, written to a file and read back.
 */
import ExcelJS from 'exceljs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFrontierWorkbook, HOUSEHOLDS_GROWTH_SHEET } from '../../src/analysis/reports/frontier-workbook.js';
import { buildStressWorkbook, STRESS_SHEETS } from '../../src/analysis/reports/stress-workbook.js';
import { buildSweepWorkbook, FRONTIER_SHEET } from '../../src/analysis/reports/sweep-workbook.js';
import type { StressSummary } from '../../src/analysis/stress-summary.js';
import type { Frontier } from '../../src/analysis/frontier.js';
import { temporaryFolder } from './helpers.js';

/** Write the workbook to a file and read it back, as a reader of the file sees it. */
async function readBack(workbook: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const file = path.join(await temporaryFolder(), 'book.xlsx');
  await workbook.xlsx.writeFile(file);
  const read = new ExcelJS.Workbook();
  await read.xlsx.readFile(file);
  return read;
}

/** True when a number has no more than two decimals (to the cent). */
function toTheCent(value: unknown): boolean {
  return typeof value === 'number' && Math.round(value * 100) / 100 === value;
}

/** The value of a cell, or of a formula's cached result. */
function numberIn(cell: ExcelJS.Cell): number {
  const value = cell.value;
  if (typeof value === 'number') return value;
  if (value !== null && typeof value === 'object' && 'result' in value) return (value as ExcelJS.CellFormulaValue).result as number;
  throw new Error(`${cell.address} holds no number: ${JSON.stringify(value)}`);
}

/** A1 minus B1 style formula evaluated on the sheet's cells. */
function difference(sheet: ExcelJS.Worksheet, formula: string): number {
  const [left, right] = formula.split('-');
  return numberIn(sheet.getCell(left)) - numberIn(sheet.getCell(right));
}

const NOISE = 0.000000002;

describe('money in the analysis workbooks', () => {
  it('sweep: budget, spending, left unspent and lapses to the cent; the formulas cache what they compute from the cells', async () => {
    const point = (budgetFactor: number, benefit: number) => ({
      budgetFactor,
      totalBudgetRand: 12_000_000 * budgetFactor + NOISE,
      status: 'optimal' as const,
      gap: 0,
      benefit,
      householdsServed: 100,
      projectsFunded: 2,
      spendingRand: 9_876_543.216 * budgetFactor + NOISE,
      lapsingRand: 1_000.004 + NOISE,
      marginalBenefitPer100MillionRand: null as number | null,
      howSolved: null,
    });
    const first = point(0.5, 10);
    const second = { ...point(1, 15), marginalBenefitPer100MillionRand: ((15 - 10) * 1e8) / (12_000_000 * 0.5) };
    const frontier: Frontier = { points: [first, second], warnings: [] };
    const sheet = (await readBack(buildSweepWorkbook(frontier, 'Sweep', []))).getWorksheet(FRONTIER_SHEET)!;
    for (const rowNumber of [4, 5]) {
      for (const column of ['B', 'G', 'H', 'I']) expect(toTheCent(numberIn(sheet.getCell(`${column}${rowNumber}`))), `${column}${rowNumber}`).toBe(true);
      const unspent = sheet.getCell(`H${rowNumber}`).value as ExcelJS.CellFormulaValue;
      expect(unspent.formula).toBe(`B${rowNumber}-G${rowNumber}`);
      expect(unspent.result).toBeCloseTo(difference(sheet, unspent.formula), 9);
      expect(toTheCent(unspent.result)).toBe(true);
    }
    expect(sheet.getCell('B5').value).toBe(12_000_000);
    expect(sheet.getCell('G5').value).toBe(9_876_543.22);
    const marginal = sheet.getCell('K5').value as ExcelJS.CellFormulaValue;
    expect(marginal.result).toBeCloseTo(((numberIn(sheet.getCell('E5')) - numberIn(sheet.getCell('E4'))) * 1e8) / (numberIn(sheet.getCell('B5')) - numberIn(sheet.getCell('B4'))), 9);
  });

  it('frontier: planned spending to the cent', async () => {
    const figures = { status: 'optimal' as const, gap: 0, householdsServed: 10, capacityAddedMlPerDay: 2, benefit: 5, spendingRand: 826_100_000.0000001, projectsFunded: 1 };
    const sheet = (await readBack(buildFrontierWorkbook({ points: [{ householdsLevel: 10, ...figures }], growthOnly: figures, householdsOnly: figures, currentPlan: figures, warnings: [] }, 'Frontier', []))).getWorksheet(HOUSEHOLDS_GROWTH_SHEET)!;
    // The point's row and the current plan's row below it.
    expect(sheet.getCell('J4').value).toBe(826_100_000);
    expect(sheet.getCell('J5').value).toBe(826_100_000);
  });

  it('stress: each draw\'s spending, the spending without overruns, capex and capex at risk to the cent; the median caches the median of the cells', async () => {
    const spendingRandByDraw = [3_877_421.844847549, 4_100_000.000000001, 3_999_999.996];
    const summary: StressSummary = {
      draws: 3,
      seed: 1,
      drawsWithPlan: 3,
      infeasibleDraws: 0,
      otherFailedDraws: 0,
      notProvenOptimalDraws: 0,
      benefitWithoutOverrun: 10,
      gapWithoutOverrun: 0,
      benefitAboveWithoutOverrun: null,
      benefitSpread: null,
      benefitByDraw: [9, 8, 7],
      householdsByDraw: [100, 90, 80],
      spendingRandByDraw,
      householdsWithoutOverrun: 100,
      spendingRandWithoutOverrun: 4_200_000.0000000005,
      projects: [{ projectId: 'WC011-W-01', municipalityCode: 'WC011', municipalityName: 'Matzikama', service: 'water', serviceLabel: 'water', capexRand: 1_234_567.891, registerStatus: 'candidate', fundedWithoutOverrun: true, householdsServed: 100, drawsFunded: 2, fundedShare: 2 / 3 }],
      atRiskByDraw: [],
      atRisk: { households: { median: 10, p90: 20, max: 30 }, rand: { median: 1_500_000.0000001, p90: 2_345_678.9049, max: 3_000_000 }, benefitPoints: { median: 1, p90: 2, max: 3 } },
    };
    const workbook = await readBack(buildStressWorkbook(summary, { medianFactor: 1.1, sigma: 0.2 }, 'Stress', []));
    const draws = workbook.getWorksheet(STRESS_SHEETS.draws)!;
    const drawSpending = [4, 5, 6].map((rowNumber) => numberIn(draws.getCell(`E${rowNumber}`)));
    expect(drawSpending).toEqual([3_877_421.84, 4_100_000, 4_000_000]);
    const figures = workbook.getWorksheet(STRESS_SHEETS.summary)!;
    const valueOf = (label: string): ExcelJS.CellValue => {
      let found: ExcelJS.CellValue = null;
      figures.eachRow((row) => {
        if (row.getCell(1).value === label) found = row.getCell(2).value;
      });
      return found;
    };
    expect(valueOf('Planned spending without overruns (R million)')).toBe(4_200_000);
    expect(valueOf('Capex at risk per draw: median (R million)')).toBe(1_500_000);
    expect(valueOf('Capex at risk per draw: 90th percentile (R million)')).toBe(2_345_678.9);
    const median = valueOf('Planned spending: median over draws (R million)') as unknown as ExcelJS.CellFormulaValue;
    expect(median.formula).toMatch(/^MEDIAN\('Draws'!E4:E6\)$/);
    expect(median.result).toBe([...drawSpending].sort((left, right) => left - right)[1]);
    expect(workbook.getWorksheet(STRESS_SHEETS.projects)!.getCell('D4').value).toBe(1_234_567.89);
  });
});
