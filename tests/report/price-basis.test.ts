/**
 * Every report states what its money is in (base-year prices, no year-by-year escalation) and how
 * its financial years (April to March) align with municipal ones (July to June): the Summary's
 * notes, the Assumptions sheet, plan.json and `run`'s console summary, the base year taken from
 * the model's configuration.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRunSummary } from '../../src/cli/run.js';
import { keyFigures } from '../../src/report/plan-figures.js';
import { SHEET_NAMES } from '../../src/report/sheets/report-context.js';
import { financialYearWords, lapsingMoney, priceBasis, priceBasisWords, pricesAndYearsNote } from '../../src/report/summary-figures.js';
import { RUN_FILES } from '../../src/report/write-run.js';
import { fixtureDataset, fixturePlan } from './fixtures.js';
import { readRunWorkbook, rowStartingWith, sheetNamed, temporaryFolder, writeFixtureRun } from './helpers.js';

/** Every distinct text of a sheet's cells (a merged paragraph reads the same in each of its cells). */
function textsOf(sheet: ExcelJS.Worksheet): string[] {
  const texts = new Set<string>();
  sheet.eachRow((row) => row.eachCell((cell) => {
    if (typeof cell.value === 'string') texts.add(cell.value);
  }));
  return [...texts];
}

let outDir: string;
let runFolder: string;
let workbook: ExcelJS.Workbook;

beforeAll(async () => {
  outDir = temporaryFolder();
  runFolder = await writeFixtureRun(outDir);
  workbook = await readRunWorkbook(runFolder);
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the price basis and the financial years', () => {
  const baseYear = fixtureDataset().config.baseFinancialYear;

  it('words follow the base year they are given, never a fixed year', () => {
    expect(priceBasisWords(2031)).toContain('Every amount is in 2031/32 prices');
    expect(priceBasisWords(2031)).not.toContain('2026');
    expect(financialYearWords(2031)).toContain('2031/32 runs from 1 April 2031 to 31 March 2032');
    expect(financialYearWords(2031)).toContain("a municipality's 2031/32 (1 July 2031 to 30 June 2032) overlaps this plan's 2031/32 by nine months (July to March) and its 2032/33 by three (April to June)");
    expect(priceBasis(2031)).toEqual({ baseFinancialYear: '2031/32', yearByYearEscalation: false, words: priceBasisWords(2031) });
  });

  it('the Summary states both once, in a note under the key figures', () => {
    const sheet = sheetNamed(workbook, SHEET_NAMES.summary);
    const texts = textsOf(sheet);
    const note = pricesAndYearsNote(baseYear);
    expect(texts.filter((text) => text.startsWith('Prices and years:'))).toEqual([note]);
    expect(note).toContain('every amount is in 2026/27 prices (the model\'s base year), with no year-by-year escalation or inflation');
    expect(note).toContain("municipal budgets run July to June, so a municipality's 2026/27 overlaps this plan's 2026/27 by nine months and its 2027/28 by three");
    // Under the key figures, before the scenario's changes.
    const noteRow = rowStartingWith(sheet, 'Prices and years:').number;
    expect(noteRow).toBeGreaterThan(rowStartingWith(sheet, 'Households left unserved at the end').number);
    expect(noteRow).toBeLessThan(rowStartingWith(sheet, 'What this scenario changes').number);
    expect(pricesAndYearsNote(2031)).toContain('every amount is in 2031/32 prices');
    expect(pricesAndYearsNote(2031)).not.toContain('2026');
  });

  it('the Assumptions sheet says base-year prices, not nominal rand, and how municipal years align', () => {
    const sheet = sheetNamed(workbook, SHEET_NAMES.assumptions);
    const money = String(rowStartingWith(sheet, 'Money').getCell(2).value);
    expect(money).toContain(priceBasisWords(baseYear));
    expect(money).not.toContain('nominal');
    expect(rowStartingWith(sheet, 'Financial years').getCell(2).value).toBe(financialYearWords(baseYear));
  });

  it('plan.json records the price basis beside the plan', () => {
    const saved = JSON.parse(readFileSync(path.join(runFolder, RUN_FILES.plan), 'utf8')) as { priceBasis?: unknown };
    expect(saved.priceBasis).toEqual({ baseFinancialYear: '2026/27', yearByYearEscalation: false, words: priceBasisWords(baseYear) });
  });

  it("run's console summary says it once, with the plan's first year", () => {
    const plan = fixturePlan();
    const dataset = fixtureDataset();
    const text = formatRunSummary({ runFolder: '/tmp/runs/tiny', plan, figures: keyFigures(plan, dataset), lapses: lapsingMoney(plan, dataset), pricedNeedNote: null });
    expect(text.split('\n').filter((line) => line.includes('prices:'))).toEqual(['  prices: 2026/27 rand (the base year), no year-by-year escalation']);
    const later = formatRunSummary({ runFolder: '/tmp/runs/tiny', plan: { ...plan, financialYears: [2030, 2031] }, figures: keyFigures(plan, dataset), lapses: [], pricedNeedNote: null });
    expect(later).toContain('  prices: 2030/31 rand (the base year), no year-by-year escalation\n');
  });
});
