/**
 * The Input projects sheet on the Thusong fixture, read back from the written workbook (issue 15):
 * a centre of a facility service counts the people within its reach, not households_served, and
 * the register says so in its row and under its title, with the same people the plan counts (the
 * Summary's Thusong figure is the sum over the funded centres of what their rows say).
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { planModel } from '../../src/plan/plan-model.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { householdsServedByService } from '../../src/report/plan-figures.js';
import { registerServedCell } from '../../src/report/sheets/input-sheets.js';
import { SHEET_NAMES } from '../../src/report/sheets/report-context.js';
import { writeRunFolder } from '../../src/report/write-run.js';
import { FIXED_START, readRunWorkbook, rowStartingWith, sheetNamed, temporaryFolder } from './helpers.js';

let dataset: Dataset;
let plan: PortfolioPlan;
let sheet: ExcelJS.Worksheet;
let servedColumn: number;

beforeAll(async () => {
  dataset = await loadModel('tests/fixtures/thusong');
  ({ plan } = await planModel(dataset, { marginalValues: false }));
  const runFolder = await writeRunFolder({ plan, dataset, modelPath: 'tests/fixtures/thusong', scenarioPath: null, startedAt: FIXED_START }, { outDir: temporaryFolder() });
  sheet = sheetNamed(await readRunWorkbook(runFolder), SHEET_NAMES.inputProjects);
  const header = rowStartingWith(sheet, 'Project id');
  for (let column = 1; column <= header.cellCount; column += 1) if (header.getCell(column).value === 'Households served') servedColumn = column;
});

/** The people a row's text states as counted (`30,309 people in reach` → 30309; `0 people (no anchor; ...)` → 0). */
function peopleCounted(text: string): number {
  const match = /^([\d,]+) people/.exec(text);
  if (match === null) throw new Error(`not a people cell: ${text}`);
  return Number(match[1].replaceAll(',', ''));
}

describe('Input projects: Thusong centre rows', () => {
  it('shows the people within reach a counting centre brings, and none for a centre without an anchor department', () => {
    expect(servedColumn).toBeGreaterThan(0);
    const cellOf = (id: string): unknown => rowStartingWith(sheet, id).getCell(servedColumn).value;
    // From tests/fixtures/thusong/projects.csv: anchored hub (20,000 within reach), unanchored satellite (8,000).
    expect(cellOf('WC012-T-01')).toBe('20,000 people in reach');
    expect(cellOf('WC011-T-01')).toBe('0 people (no anchor; 8,000 in reach)');
    // Other projects keep households_served as a number.
    expect(cellOf('WC011-W-01')).toBe(800);
  });

  it('states on every centre row the people the plan counts: the funded centres add up to the Thusong figure served', () => {
    const served = householdsServedByService(plan, dataset);
    const centres = dataset.projects.filter((project) => project.facilityType !== null);
    expect(centres.length).toBeGreaterThan(2);
    const fundedIds = new Set(plan.projects.filter((project) => project.funded).map((project) => project.id));
    let peopleOfFundedCentres = 0;
    for (const centre of centres) {
      const text = String(rowStartingWith(sheet, centre.id).getCell(servedColumn).value);
      expect(text).toBe(registerServedCell(centre, dataset.config.policy));
      if (fundedIds.has(centre.id)) peopleOfFundedCentres += peopleCounted(text);
    }
    expect(centres.some((centre) => fundedIds.has(centre.id))).toBe(true);
    expect(peopleOfFundedCentres).toBe(served.thusong);
  });

  it('says under the title what a centre row counts', () => {
    const note = sheet.getCell('A2').value;
    const text = typeof note === 'string' ? note : ((note as ExcelJS.CellRichTextValue).richText ?? []).map((run) => run.text).join('');
    expect(text).toContain('A centre (Thusong service centres) serves people, not households');
    expect(text).toContain('the people within its reach (population_within_reach); a centre without an anchor department counts no one.');
  });

  it('adds households given for a centre, which the plan counts as well', () => {
    const centre = dataset.projects.find((project) => project.id === 'WC012-T-01')!;
    expect(registerServedCell({ ...centre, householdsServed: 500 }, dataset.config.policy)).toBe('20,000 people in reach + 500 households');
    // With the anchor rule off every centre counts.
    const centreWithoutAnchor = dataset.projects.find((project) => project.id === 'WC011-T-01')!;
    expect(registerServedCell(centreWithoutAnchor, { ...dataset.config.policy, facilityAnchorRequired: 0 })).toBe('8,000 people in reach');
  });
});
