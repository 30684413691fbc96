/**
 * Money in the run workbook is written to the cent, never with the solver's noise
 * (22,599,999.999999996), and every money total is a live SUM whose cached value equals the sum of
 * the cells it adds. The plan of the Thusong fixture is given noise of a few millionths of a rand
 * on every amount, as a solver leaves it, and the whole workbook is read back: every cell in the
 * R million format on every sheet, and every SUM formula over such cells.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { planModel } from '../../src/plan/plan-model.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { RAND_MILLION_FORMAT } from '../../src/report/format.js';
import { writeRunFolder } from '../../src/report/write-run.js';
import { FIXED_START, readRunWorkbook, temporaryFolder } from './helpers.js';
import { atTheCent, noisy, NOISE, numberIn } from './money-cell-helpers.js';

let dataset: Dataset;
let workbook: ExcelJS.Workbook;
beforeAll(async () => {
  dataset = await loadModel('tests/fixtures/thusong');
  const { plan } = await planModel(dataset, { marginalValues: false });
  const noisyPlan: PortfolioPlan = {
    ...plan,
    projects: plan.projects.map((project) => ({ ...project, spending: noisy(project.spending), operatingSpending: noisy(project.operatingSpending) })),
    municipalities: plan.municipalities.map((summary) => ({ ...summary, spendingRand: summary.spendingRand === 0 ? 0 : summary.spendingRand + NOISE })),
  };
  const runFolder = await writeRunFolder({ plan: noisyPlan, dataset, modelPath: 'tests/fixtures/thusong', scenarioPath: null, startedAt: FIXED_START }, { outDir: temporaryFolder() });
  workbook = await readRunWorkbook(runFolder);
});

function isMoney(cell: ExcelJS.Cell): boolean {
  return cell.numFmt === RAND_MILLION_FORMAT;
}


describe('money cells of the run workbook', () => {
  it('are written to the cent on every sheet', () => {
    const noisyCells: string[] = [];
    let moneyCells = 0;
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          const amount = numberIn(cell);
          if (amount === null || !isMoney(cell)) return;
          moneyCells += 1;
          if (!atTheCent(amount)) noisyCells.push(`${sheet.name}!${cell.address} ${amount}`);
        }),
      ),
    );
    expect(moneyCells).toBeGreaterThan(50);
    expect(noisyCells).toEqual([]);
  });

  it('add up: every SUM over money cells caches the sum of the cells as written, to the cent', () => {
    const wrong: string[] = [];
    let sums = 0;
    const sheetsWithSums = new Set<string>();
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          const match = /^SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)$/.exec(cell.formula ?? '');
          if (match === null || !isMoney(cell)) return;
          const [, fromColumn, fromRow, toColumn, toRow] = match;
          const from = sheet.getCell(`${fromColumn}${fromRow}`);
          const to = sheet.getCell(`${toColumn}${toRow}`);
          let added = 0;
          for (let rowNumber = Number(fromRow); rowNumber <= Number(toRow); rowNumber += 1)
            for (let column = Number(from.col); column <= Number(to.col); column += 1) added += numberIn(sheet.getCell(rowNumber, column)) ?? 0;
          // exceljs reads a cached 0 back as no result.
          const cached = numberIn(cell) ?? ((cell.value as { result?: unknown }).result == null ? 0 : Number.NaN);
          sums += 1;
          sheetsWithSums.add(sheet.name);
          if (!atTheCent(cached) || Math.abs(cached - added) > 1e-6) wrong.push(`${sheet.name}!${cell.address} ${cell.formula} = ${cached}, cells add to ${added}`);
        }),
      ),
    );
    expect(sums).toBeGreaterThan(20);
    for (const name of ['One Plan', 'Thusong roll-out', 'Funded projects by year', 'Municipal indices']) expect(sheetsWithSums).toContain(name);
    expect(wrong).toEqual([]);
  });
});
