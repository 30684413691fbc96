/**
 * The workbook in the words an official reads (new-user review, items 3, 4 and 7): a service is
 * named by its declared label (`Thusong service centres`, not `thusong`), a facility type in words
 * (`mobile route`), households and people are whole numbers, and every count of what is left says
 * its unit (households for water, people for Thusong), in the cells' labels and in the sentences.
 * Read back from workbooks written for the Thusong and master plan fixtures; the expected figures
 * are worked out by hand from the fixtures' CSV files.
 */
import type ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { plannedDataset } from '../../src/pipeline/plan-run.js';
import { planModel } from '../../src/plan/plan-model.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { SHEET_NAMES } from '../../src/report/sheets/report-context.js';
import { ONE_PLAN_SHEET } from '../../src/report/sheets/one-plan-sheet.js';
import { writeRunFolder } from '../../src/report/write-run.js';
import { columnStartingWith, FIXED_START, readRunWorkbook, rowStartingWith, sheetNamed, temporaryFolder } from './helpers.js';

let thusong: ExcelJS.Workbook;
let thusongPlan: PortfolioPlan;
let masterPlanWorkbook: ExcelJS.Workbook;

const LABELS = ['Water', 'Thusong service centres']; // tests/fixtures/thusong/model.yaml

beforeAll(async () => {
  const dataset = await loadModel('tests/fixtures/thusong');
  thusongPlan = (await planModel(dataset, { marginalValues: false })).plan as PortfolioPlan;
  thusong = await readRunWorkbook(await writeRunFolder({ plan: thusongPlan, dataset, modelPath: 'tests/fixtures/thusong', scenarioPath: null, startedAt: FIXED_START }, { outDir: temporaryFolder() }));

  const staged = plannedDataset(await loadModel('tests/fixtures/masterplan'));
  const { plan } = await planModel(staged.dataset, { marginalValues: false });
  masterPlanWorkbook = await readRunWorkbook(
    await writeRunFolder(
      { plan, dataset: staged.dataset, modelPath: 'tests/fixtures/masterplan', scenarioPath: null, startedAt: FIXED_START, ...(staged.masterPlan !== null ? { masterPlan: staged.masterPlan } : {}) },
      { outDir: temporaryFolder() },
    ),
  );
}, 120_000);

/** The values of one column below its header, down to the first empty first cell or a total row. */
function columnValues(sheet: ExcelJS.Worksheet, header: string, firstHeader: string): unknown[] {
  const headerRow = rowStartingWith(sheet, firstHeader).number;
  const column = columnStartingWith(sheet, headerRow, header);
  const values: unknown[] = [];
  for (let rowNumber = headerRow + 1; rowNumber <= sheet.rowCount; rowNumber += 1) {
    const first = sheet.getRow(rowNumber).getCell(1).value;
    const value = sheet.getRow(rowNumber).getCell(column).value;
    if (typeof first === 'string' && first.startsWith('Total')) continue;
    if (value !== null && value !== undefined && value !== '') values.push(value);
  }
  return values;
}

describe('service labels, not ids', () => {
  it('names each service by its label in the Service columns of Funded projects, Deferred projects and the One Plan', () => {
    // The fixture's plan funds WC011-W-01 (water) and two Thusong centres, and defers two centres.
    expect(thusongPlan.projects.filter((project) => project.funded).map((project) => project.service).sort()).toEqual(['thusong', 'thusong', 'water']);
    for (const [sheetName, firstHeader] of [
      [SHEET_NAMES.fundedProjects, 'Project id'],
      [SHEET_NAMES.deferredProjects, 'Project id'],
      [ONE_PLAN_SHEET, 'Sphere'],
    ] as const) {
      const services = columnValues(sheetNamed(thusong, sheetName), 'Service', firstHeader);
      expect(services.length, sheetName).toBeGreaterThan(0);
      for (const service of services) expect(LABELS, `${sheetName}: ${String(service)}`).toContain(service);
    }
    expect(columnValues(sheetNamed(thusong, SHEET_NAMES.fundedProjects), 'Service', 'Project id')).toContain('Thusong service centres');
  });

  it('asks its question and counts its figures on the Summary by label', () => {
    const summary = sheetNamed(thusong, SHEET_NAMES.summary);
    expect(String(summary.getCell('A2').value)).toContain('Which projects for Water and Thusong service centres should be funded');
    expect(rowStartingWith(summary, 'People brought within reach: Thusong service centres').getCell(2).value).toBe(29_000); // WC012-T-01 20,000 + WC011-T-02 9,000 in reach
    expect(rowStartingWith(summary, 'Households served: Water').getCell(2).value).toBe(800); // WC011-W-01
    const words = summary
      .getColumn(1)
      .values.filter((value): value is string => typeof value === 'string')
      .join(' ');
    expect(words).not.toMatch(/\bthusong\b/);
  });

  it('writes a facility type in words on the roll-out sheet', () => {
    const sheet = sheetNamed(thusong, 'Thusong roll-out');
    const types = columnValues(sheet, 'Type', 'Project');
    expect(types).toEqual(expect.arrayContaining(['hub', 'satellite']));
    for (const type of types) expect(String(type)).not.toContain('_');
  });
});

describe('what is left says its unit', () => {
  it('labels each left-unserved figure with its unit and says it in the sentence', () => {
    const summary = sheetNamed(thusong, SHEET_NAMES.summary);
    // Backlogs from needs.csv: water 1,500 + 700 + 900 = 3,100 households; Thusong 34,000 + 56,000 + 70,000 = 160,000 people.
    expect(rowStartingWith(summary, 'Households left unserved at the end: Water').getCell(2).value).toBe(3_100 - 800);
    expect(rowStartingWith(summary, 'People left unserved at the end: Thusong service centres').getCell(2).value).toBe(160_000 - 29_000);
    const sentence = String(summary.getColumn(1).values.find((value) => typeof value === 'string' && value.includes('remain unserved')));
    expect(sentence).toContain('2,300 households for Water');
    expect(sentence).toContain('131,000 people for Thusong service centres');
  });
});

describe('households are whole numbers', () => {
  it('shows a backlog programme of a support plan in whole households, not "648.0 households"', () => {
    const supportPlans = masterPlanWorkbook.worksheets.filter((sheet) => String(sheet.getCell('A1').value).includes('support plan'));
    expect(supportPlans.length).toBeGreaterThan(0);
    let programmes = 0;
    for (const sheet of supportPlans) {
      sheet.eachRow((row) => {
        if (row.getCell(3).value !== 'households') return;
        programmes += 1;
        expect(Number.isInteger(row.getCell(2).value), `${sheet.name} row ${row.number}`).toBe(true);
        expect(row.getCell(2).numFmt, `${sheet.name} row ${row.number}`).toBe('#,##0');
      });
    }
    expect(programmes).toBeGreaterThan(0);
  });
});
