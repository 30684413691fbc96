/**
 * Money in the comparison workbook is written to the cent, as in the run workbook: a plan with a
 * few millionths of a rand of solver noise on every amount is compared with the same plan without
 * it, and every cell in a money format is read back at the cent; every SUM caches the sum of the
 * cells it adds, and every difference (`D5-C5`) the difference of its two cells.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { loadModel } from '../../src/dataset/load-model.js';
import { planModel } from '../../src/plan/plan-model.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { atTheCent, noisy, NOISE, numberIn } from '../report/money-cell-helpers.js';
import { compareScenarios } from '../../src/analysis/comparison.js';
import { buildComparisonWorkbook } from '../../src/analysis/reports/comparison-workbook.js';


let workbook: ExcelJS.Workbook;
beforeAll(async () => {
  const dataset = await loadModel('tests/fixtures/thusong');
  const { plan } = await planModel(dataset, { marginalValues: false });
  const noisyPlan: PortfolioPlan = {
    ...plan,
    scenarioName: 'noisy',
    projects: plan.projects.map((project) => ({ ...project, capexRand: project.capexRand + NOISE, spending: noisy(project.spending), operatingSpending: noisy(project.operatingSpending) })),
    municipalities: plan.municipalities.map((summary) => ({ ...summary, spendingRand: summary.spendingRand === 0 ? 0 : summary.spendingRand + NOISE })),
    envelopeUse: plan.envelopeUse.map((use) => ({ ...use, envelopeRand: use.envelopeRand + NOISE, spentRand: use.spentRand === 0 ? 0 : use.spentRand + NOISE })),
  };
  const comparison = compareScenarios([plan, noisyPlan], [dataset, dataset]);
  workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await buildComparisonWorkbook(comparison, []).xlsx.writeBuffer());
});

const isMoney = (cell: ExcelJS.Cell): boolean => typeof cell.numFmt === 'string' && cell.numFmt.includes('0.0,,');

describe('money cells of the comparison workbook', () => {
  it('are at the cent, and their SUMs and differences cache what the cells give', () => {
    const wrong: string[] = [];
    let moneyCells = 0;
    let formulas = 0;
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          const amount = numberIn(cell);
          if (amount === null || !isMoney(cell)) return;
          moneyCells += 1;
          if (!atTheCent(amount)) wrong.push(`${sheet.name}!${cell.address} ${amount}`);
          const sum = /^SUM\(([A-Z]+\d+):([A-Z]+\d+)\)$/.exec(cell.formula ?? '');
          const difference = /^([A-Z]+\d+)-([A-Z]+\d+)$/.exec(cell.formula ?? '');
          let expected: number | null = null;
          if (sum !== null) {
            const from = sheet.getCell(sum[1]);
            const to = sheet.getCell(sum[2]);
            expected = 0;
            for (let rowNumber = Number(from.row); rowNumber <= Number(to.row); rowNumber += 1)
              for (let column = Number(from.col); column <= Number(to.col); column += 1) expected += numberIn(sheet.getCell(rowNumber, column)) ?? 0;
          } else if (difference !== null) {
            expected = (numberIn(sheet.getCell(difference[1])) ?? 0) - (numberIn(sheet.getCell(difference[2])) ?? 0);
          }
          if (expected === null) return;
          formulas += 1;
          if (Math.abs(amount - expected) > 1e-6) wrong.push(`${sheet.name}!${cell.address} ${cell.formula} = ${amount}, cells give ${expected}`);
        }),
      ),
    );
    expect(moneyCells).toBeGreaterThan(20);
    expect(formulas).toBeGreaterThan(10);
    expect(wrong).toEqual([]);
  });
});
