/**
 * The Funded projects sheet says why each project is funded, and the Deferred projects sheet shows
 * what each deferred project would buy (capacity in Ml/day, the benefit it would add) with the best
 * first (new-user review). Read back from the workbook of real solves: the tiny model with a
 * minimum sanitation share that holds a zero-benefit project in (tests/plan/funding-reasons.test.ts
 * proves the reason), and the Thusong fixture, whose WC013-T-01 waits for operating money.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { planModel } from '../../src/plan/plan-model.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { SHEET_NAMES } from '../../src/report/sheets/report-context.js';
import { writeRunFolder } from '../../src/report/write-run.js';
import { MILLION, tinyDataset, tinyProject, tinySource } from '../plan/tiny-models.js';
import { columnStartingWith, FIXED_START, readRunWorkbook, rowStartingWith, sheetNamed, temporaryFolder } from './helpers.js';

async function workbookOf(plan: PortfolioPlan, dataset: Dataset, modelPath: string): Promise<ExcelJS.Workbook> {
  const runFolder = await writeRunFolder({ plan, dataset, modelPath, scenarioPath: null, startedAt: FIXED_START }, { outDir: temporaryFolder() });
  return readRunWorkbook(runFolder);
}

/** The data rows of a project table: from below the header to the row before the total, first cell = project id. */
function projectRows(sheet: ExcelJS.Worksheet, headerRow: number): ExcelJS.Row[] {
  const rows: ExcelJS.Row[] = [];
  for (let number = headerRow + 1; number <= sheet.rowCount; number += 1) {
    const row = sheet.getRow(number);
    if (String(row.getCell(1).value ?? '').startsWith('Total')) break;
    rows.push(row);
  }
  return rows;
}

/** The lines under a table's totals row, in its first column. */
function notesUnderTable(sheet: ExcelJS.Worksheet): string[] {
  const total = rowStartingWith(sheet, 'Total').number;
  const lines: string[] = [];
  for (let number = total + 1; number <= sheet.rowCount; number += 1) {
    const value = sheet.getRow(number).getCell(1).value;
    if (typeof value === 'string') lines.push(value);
  }
  return lines;
}

describe('Why funded on the Funded projects sheet', () => {
  let plan: PortfolioPlan;
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    // W1 is the best project; S0 (no households) is held in by the 30% sanitation share; W2 waits.
    const dataset = tinyDataset({
      horizonYears: 1,
      policy: { minServiceShare: { sanitation: 0.3 } },
      sources: [tinySource('GRANT', [10 * MILLION], false)],
      projects: [
        tinyProject({ id: 'W1', cashFlowRandByBuildYear: [7 * MILLION], householdsServed: 700 }),
        tinyProject({ id: 'S0', municipalityCode: 'BB002', service: 'sanitation', cashFlowRandByBuildYear: [3 * MILLION], householdsServed: 0 }),
        tinyProject({ id: 'W2', cashFlowRandByBuildYear: [3 * MILLION], householdsServed: 100 }),
      ],
    });
    plan = (await planModel(dataset, { marginalValues: false })).plan as PortfolioPlan;
    workbook = await workbookOf(plan, dataset, 'tests/fixtures/tiny');
  });

  it('gives each funded project the plan’s reason in words', () => {
    const sheet = sheetNamed(workbook, SHEET_NAMES.fundedProjects);
    const headerRow = rowStartingWith(sheet, 'Project id').number;
    const why = columnStartingWith(sheet, headerRow, 'Why funded');
    expect(rowStartingWith(sheet, 'S0').getCell(why).value).toBe('Needed for the minimum sanitation share: sanitation gets at least 30% of spending');
    expect(String(rowStartingWith(sheet, 'W1').getCell(why).value)).toMatch(/^Benefit per rand \(\d+\.\d per R1 million\)$/);
    const funded = plan.projects.filter((project) => project.funded);
    expect(projectRows(sheet, headerRow).map((row) => row.getCell(why).value)).toEqual(funded.map((project) => project.fundingDetail));
    // What each reason means, once, under the totals row (the title rows repeat on every page).
    expect(notesUnderTable(sheet).join(' ')).toContain('Why funded: committed (already under way); needed first by another funded project; needed for a policy rule');
  });
});

describe('the Deferred projects sheet on the Thusong fixture', () => {
  let plan: PortfolioPlan;
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    const dataset = await loadModel('tests/fixtures/thusong');
    plan = (await planModel(dataset, { marginalValues: false })).plan as PortfolioPlan;
    workbook = await workbookOf(plan, dataset, 'tests/fixtures/thusong');
  });

  it('lists capacity and the benefit each would add, best per rand first, and says operating money runs out where it does', () => {
    const sheet = sheetNamed(workbook, SHEET_NAMES.deferredProjects);
    const headerRow = rowStartingWith(sheet, 'Project id').number;
    const capacity = columnStartingWith(sheet, headerRow, 'Capacity added (Ml/day)');
    const benefit = columnStartingWith(sheet, headerRow, 'Benefit (points) if funded');
    const reason = columnStartingWith(sheet, headerRow, 'Reason');
    const rows = projectRows(sheet, headerRow);
    const deferred = plan.projects.filter((project) => !project.funded);
    expect(rows).toHaveLength(deferred.length);
    expect(deferred.length).toBeGreaterThan(1);
    const byId = new Map(deferred.map((project) => [project.id, project]));
    const perRand: number[] = [];
    for (const row of rows) {
      const project = byId.get(String(row.getCell(1).value))!;
      expect(row.getCell(capacity).value).toBe(project.capacityAddedMlPerDay);
      expect(row.getCell(benefit).value ?? null).toBe(project.benefitIfFunded ?? null);
      perRand.push((project.benefitIfFunded ?? 0) / project.capexRand);
    }
    // Sorted by benefit per rand, highest first.
    expect(perRand).toEqual([...perRand].sort((left, right) => right - left));
    // The heading note says how the rows are sorted.
    const notes: string[] = [];
    for (let number = 1; number < headerRow; number += 1) {
      // The note under the title may be rich text (with the illustrative mark).
      const value = sheet.getRow(number).getCell(1).value as unknown;
      if (value !== null && typeof value === 'object' && 'richText' in value) notes.push((value as ExcelJS.CellRichTextValue).richText.map((run) => run.text).join(''));
      else notes.push(String(value ?? ''));
    }
    expect(notes.join(' ')).toContain('sorted by the benefit each would add per rand of capex, highest first');
    expect(notesUnderTable(sheet).join(' ')).toContain('Benefit (points) if funded: what the project would add to this plan started at its earliest possible start');
    // One page wide at about 8 points: the text columns share what the figures leave.
    let width = 0;
    for (let column = 1; column <= sheet.getRow(headerRow).cellCount; column += 1) width += sheet.getColumn(column).width ?? 9;
    expect(width).toBeLessThanOrEqual(199.5);
    // WC013-T-01 waits for the OPS operating envelope: the sheet says operating money runs out.
    const centre = rowStartingWith(sheet, 'WC013-T-01');
    expect(byId.get('WC013-T-01')!.deferralReason).toBe('operating_budget');
    expect(centre.getCell(reason).value).toBe('Operating money (running costs) runs out');
    expect(String(centre.getCell(reason + 1).value)).toMatch(/^Operating money runs out in 20\d\d\/\d\d: .*operating envelope OPS/);
  });
});
