/**
 * The Thusong roll-out in the workbook: the roll-out sheet read back (capital and running costs
 * apart, live totals equal to the plan's lines, the commitment after the horizon, the
 * municipalities without a hub), the roll-out chart in the run folder, the Summary's sentences,
 * and the Envelope use sheet's separate capital and operating totals.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { planModel } from '../../src/plan/plan-model.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { writeRunFolder } from '../../src/report/write-run.js';
import { expectClose, RAND } from '../tolerance.js';
import { FIXED_START, readRunWorkbook, rowStartingWith, sheetNamed, temporaryFolder } from './helpers.js';

let dataset: Dataset;
let plan: PortfolioPlan;
let runFolder: string;
let workbook: ExcelJS.Workbook;
beforeAll(async () => {
  dataset = await loadModel('tests/fixtures/thusong');
  ({ plan } = await planModel(dataset, { marginalValues: false }));
  runFolder = await writeRunFolder({ plan, dataset, modelPath: 'tests/fixtures/thusong', scenarioPath: null, startedAt: FIXED_START }, { outDir: temporaryFolder() });
  workbook = await readRunWorkbook(runFolder);
});

/** A cell's number, whether a value or a formula's cached result. */
function numberIn(cell: ExcelJS.Cell): number {
  const value = cell.value as unknown;
  if (typeof value === 'number') return value;
  if (value !== null && typeof value === 'object' && 'result' in value) return Number((value as { result: unknown }).result);
  throw new Error(`cell ${cell.address} holds no number: ${JSON.stringify(value)}`);
}

describe('the Thusong roll-out sheet', () => {
  it('totals capital and running costs of the new centres apart, as the plan spends them', () => {
    const sheet = sheetNamed(workbook, 'Thusong roll-out');
    const total = rowStartingWith(sheet, 'Total over the horizon');
    const centres = plan.projects.filter((line) => line.funded && line.service === 'thusong');
    expect(centres.length).toBeGreaterThan(0);
    const capitalRand = centres.reduce((sum, line) => sum + line.spending.reduce((inner, spending) => inner + spending.amountRand, 0), 0);
    const operatingRand = centres.reduce((sum, line) => sum + line.operatingSpending.reduce((inner, spending) => inner + spending.amountRand, 0), 0);
    expect(total.getCell(6).formula).toMatch(/^SUM\(F\d+:F\d+\)$/);
    expectClose(numberIn(total.getCell(6)), capitalRand, RAND);
    expectClose(numberIn(total.getCell(7)), operatingRand, RAND);
    expect(numberIn(total.getCell(3))).toBe(centres.length);
    // Running costs a year after the horizon: every funded centre keeps costing its yearly amount.
    const committed = dataset.projects.filter((project) => centres.some((line) => line.id === project.id)).reduce((sum, project) => sum + project.operatingCostRandPerYear, 0);
    expectClose(numberIn(rowStartingWith(sheet, 'Running costs committed a year after 2028/29').getCell(7)), committed, RAND);
    // The exempted municipality without a hub is listed with its reason.
    expect(String(rowStartingWith(sheet, 'WC013 Bergrivier').getCell(2).value)).toMatch(/^exempted from the roll-out/);
  });

  it('is charted in the run folder and summarised on the Summary sheet', () => {
    expect(existsSync(path.join(runFolder, 'charts', 'thusong-roll-out.png'))).toBe(true);
    const summary = sheetNamed(workbook, 'Summary');
    const texts: string[] = [];
    summary.eachRow((row) => texts.push(String(row.getCell(1).value ?? '')));
    expect(texts).toContain('Service centre roll-out');
    expect(texts).toContainEqual(expect.stringMatching(/^WC013 Bergrivier still lacks a hub in 2028\/29: exempted/));
    expect(texts).toContainEqual(expect.stringMatching(/^The new centres commit running costs of R\d+\.\d million a year beyond 2028\/29/));
  });

  it('keeps capital and operating envelopes apart on the Envelope use sheet', () => {
    const sheet = sheetNamed(workbook, 'Envelope use');
    const capital = rowStartingWith(sheet, 'Total capital over the horizon');
    const operating = rowStartingWith(sheet, 'Total operating');
    const envelopeOf = (ids: readonly string[]): number =>
      dataset.fundingSources.filter((source) => ids.includes(source.id)).reduce((sum, source) => sum + Object.values(source.envelopeRandByYear).reduce((inner, amount) => inner + amount, 0), 0);
    expectClose(numberIn(capital.getCell(3)), envelopeOf(['RBIG', 'MIG']), RAND);
    expectClose(numberIn(operating.getCell(3)), envelopeOf(['OPS']), RAND);
  });
});
