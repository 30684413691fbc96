/**
 * The One Plan sheet read back: one block per district listing every sphere's funded projects
 * (municipal, provincial, national) with spending by year and source, and district totals as live
 * SUMs whose cached values are the hand-added figures of the fixture plan.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/dataset/types.js';
import { addInputSheets } from '../../src/report/sheets/input-sheets.js';
import { ONE_PLAN_SHEET, addOnePlanSheet } from '../../src/report/sheets/one-plan-sheet.js';
import { SHEET_NAMES } from '../../src/report/sheets/report-context.js';
import type { ReportContext } from '../../src/report/sheets/report-context.js';
import { fixtureDataset, fixturePlan } from './fixtures.js';
import { formulaCell, readRunWorkbook, temporaryFolder, writeFixtureRun } from './helpers.js';

const MILLION = 1_000_000;

/** The fixture with two funded projects handed to other spheres. */
function datasetWithOwners(): Dataset {
  const dataset = fixtureDataset();
  const owners: Record<string, Dataset['projects'][number]['owner']> = {
    'WC011-S-01': { sphere: 'provincial', name: 'Infrastructure' },
    'WC012-W-01': { sphere: 'national', name: 'Water and Sanitation' },
  };
  return { ...dataset, projects: dataset.projects.map((project) => (owners[project.id] ? { ...project, owner: owners[project.id] } : project)) };
}

/** The sheet's rows as text of their first columns and numbers of the rest, read back from the written file. */
async function readBack(dataset: Dataset): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  addOnePlanSheet(workbook, { plan: fixturePlan(), dataset } as Pick<ReportContext, 'plan' | 'dataset'> as ReportContext);
  const read = new ExcelJS.Workbook();
  await read.xlsx.load((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  return read.getWorksheet(ONE_PLAN_SHEET)!;
}

/** The value of a cell, or a formula's cached result (exceljs writes no cached value for a result of 0, and reads none back). */
function valueOf(cell: ExcelJS.Cell): unknown {
  const value = cell.value;
  if (value === null || typeof value !== 'object' || !('formula' in value)) return value;
  return 'result' in value && value.result !== undefined ? formulaCell(cell).result : 0;
}

describe('One Plan sheet', () => {
  it("lists each district's funded projects of every sphere by year and source, with live district totals", async () => {
    const sheet = await readBack(datasetWithOwners());
    const header = (sheet.getRow(3).values as unknown[]).slice(1);
    expect(header).toEqual(['Sphere', 'Owner', 'Project id', 'Municipality', 'Service', 'Project type', 'Description', 'Start year', '2026/27 (R million)', '2027/28 (R million)', '2028/29 (R million)', '2029/30 (R million)', 'From MIG (R million)', 'From RBIG (R million)']);
    const rows: unknown[][] = [];
    sheet.eachRow((row, rowNumber) => {
      if (rowNumber > 3) rows.push(Array.from({ length: header.length }, (_, index) => valueOf(row.getCell(index + 1)) ?? null));
    });
    const short = rows.map((row) => [row[0], row[1], row[2], ...row.slice(8).map((value) => (typeof value === 'number' ? value / MILLION : value))]);
    // By hand from the fixture's spending lines: WC011-W-01 MIG 10 + 20; WC011-S-01 MIG 6, RBIG 6; WC012-W-01 RBIG 20 + 20; WC022-S-01 MIG 8.
    expect(short).toEqual([
      ['DC1 West Coast', null, null, null, null, null, null, null, null],
      ['municipal', 'Matzikama', 'WC011-W-01', 10, 20, 0, 0, 30, 0],
      ['provincial', 'Infrastructure', 'WC011-S-01', 0, 6, 6, 0, 6, 6],
      ['national', 'Water and Sanitation', 'WC012-W-01', 20, 20, 0, 0, 0, 40],
      ['Total DC1 (3 projects; municipal, provincial, national)', null, null, 30, 46, 6, 0, 36, 46],
      ['DC2 Cape Winelands', null, null, null, null, null, null, null, null],
      ['municipal', 'Witzenberg', 'WC022-S-01', 0, 0, 0, 8, 8, 0],
      ['Total DC2 (1 project; municipal)', null, null, 0, 0, 0, 8, 8, 0],
    ]);
    const total = sheet.getRow(8);
    expect(formulaCell(total.getCell(9)).formula).toBe('SUM(I5:I7)');
    // 211 units (four years, two sources) are wider than a readable page: two pages across, sphere, owner and id on each.
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 2, fitToHeight: 0, printTitlesRow: '1:3', printTitlesColumn: 'A:C' });
  });

  it("shows each project's owner on the Input projects sheet, municipal by default", async () => {
    const workbook = new ExcelJS.Workbook();
    addInputSheets(workbook, { plan: fixturePlan(), dataset: datasetWithOwners() } as Pick<ReportContext, 'plan' | 'dataset'> as ReportContext);
    const read = new ExcelJS.Workbook();
    await read.xlsx.load((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    const sheet = read.getWorksheet(SHEET_NAMES.inputProjects)!;
    const header = (sheet.getRow(3).values as unknown[]).slice(1);
    const sphereColumn = header.indexOf('Owner sphere') + 1;
    const ownerColumn = header.indexOf('Owner') + 1;
    expect(sphereColumn).toBeGreaterThan(0);
    expect(ownerColumn).toBe(sphereColumn + 1);
    const owners = new Map<string, [unknown, unknown]>();
    sheet.eachRow((row, rowNumber) => {
      if (rowNumber > 3) owners.set(String(row.getCell(1).value), [row.getCell(sphereColumn).value, row.getCell(ownerColumn).value]);
    });
    expect(owners.get('WC011-S-01')).toEqual(['provincial', 'Infrastructure']);
    expect(owners.get('WC012-W-01')).toEqual(['national', 'Water and Sanitation']);
    // Without owner columns a project is its municipality's.
    expect(owners.get('WC011-W-01')).toEqual(['municipal', 'Matzikama']);
    expect(owners.size).toBe(fixtureDataset().projects.length);
  });

  it('is in the plan workbook', async () => {
    const workbook = await readRunWorkbook(await writeFixtureRun(temporaryFolder()));
    expect(workbook.getWorksheet(ONE_PLAN_SHEET)).toBeDefined();
  });
});
