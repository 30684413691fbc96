/**
 * Words and numbers an official can read (new-user review u1, findings 13 to 15), read back from
 * the workbook written for the Thusong fixture: the roll-out sheet names the anchor departments
 * and the municipalities as the other sheets do; Input policy says a service by its declared label
 * in the meanings; Funded projects keeps one unit per column (a centre's people in a column of
 * their own, beside the households); the Run manifest keeps its figures exact under readable
 * number formats, and the solver's time says it is time on the clock, with the processor time beside it. The expected values are worked out
 * by hand from tests/fixtures/thusong/*.csv.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { anchorDepartmentName } from '../../src/dataset/facilities.js';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { planModel } from '../../src/plan/plan-model.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import type { RunManifest } from '../../src/report/manifest.js';
import { SHEET_NAMES } from '../../src/report/sheets/report-context.js';
import { RUN_FILES, writeRunFolder } from '../../src/report/write-run.js';
import { columnStartingWith, FIXED_START, readRunWorkbook, rowStartingWith, sheetNamed, temporaryFolder } from './helpers.js';

let dataset: Dataset;
let plan: PortfolioPlan;
let workbook: ExcelJS.Workbook;
let manifest: RunManifest;

beforeAll(async () => {
  dataset = await loadModel('tests/fixtures/thusong');
  plan = (await planModel(dataset, { marginalValues: false })).plan as PortfolioPlan;
  const runFolder = await writeRunFolder({ plan, dataset, modelPath: 'tests/fixtures/thusong', scenarioPath: null, startedAt: FIXED_START }, { outDir: temporaryFolder() });
  workbook = await readRunWorkbook(runFolder);
  manifest = JSON.parse(readFileSync(path.join(runFolder, RUN_FILES.manifest), 'utf8')) as RunManifest;
}, 120_000);

/** The rows of a table below the row whose first cell starts with `firstHeader`, down to its total row or the first empty first cell. */
function tableRows(sheet: ExcelJS.Worksheet, firstHeader: string): { header: ExcelJS.Row; rows: ExcelJS.Row[]; total: ExcelJS.Row | null } {
  const header = rowStartingWith(sheet, firstHeader);
  const rows: ExcelJS.Row[] = [];
  for (let rowNumber = header.number + 1; rowNumber <= sheet.rowCount; rowNumber += 1) {
    const row = sheet.getRow(rowNumber);
    const first = row.getCell(1).value;
    if (typeof first !== 'string' || first === '') return { header, rows, total: null };
    if (first.startsWith('Total')) return { header, rows, total: row };
    rows.push(row);
  }
  return { header, rows, total: null };
}

/** A cell's number, whether a value or a formula's cached result. */
function numberIn(cell: ExcelJS.Cell): number {
  const value = cell.value as unknown;
  if (typeof value === 'number') return value;
  if (value !== null && typeof value === 'object' && 'result' in value) return Number((value as { result: unknown }).result);
  throw new Error(`cell ${cell.address} holds no number: ${JSON.stringify(value)}`);
}

describe('the Thusong roll-out sheet names what it lists', () => {
  it('prints the anchor departments by name and each candidate centre with its municipality code and name', () => {
    const sheet = sheetNamed(workbook, 'Thusong roll-out');
    const { header, rows } = tableRows(sheet, 'Project');
    const municipalityColumn = columnStartingWith(sheet, header.number, 'Municipality');
    const anchorColumn = columnStartingWith(sheet, header.number, 'Anchor departments');
    const byId = new Map(rows.map((row) => [String(row.getCell(1).value), row]));
    // projects.csv: WC012-T-01 home_affairs;sassa, WC011-T-02 sassa, WC011-T-01 none, WC013-T-01 home_affairs;sassa.
    expect([...byId.keys()].sort()).toEqual(['WC011-T-01', 'WC011-T-02', 'WC012-T-01', 'WC013-T-01']);
    expect(byId.get('WC012-T-01')!.getCell(anchorColumn).value).toBe('Home Affairs; SASSA');
    expect(byId.get('WC011-T-02')!.getCell(anchorColumn).value).toBe('SASSA');
    expect(byId.get('WC011-T-01')!.getCell(anchorColumn).value).toBe('none committed');
    // municipalities.csv: as the Funded and Deferred projects sheets print them.
    expect(byId.get('WC011-T-01')!.getCell(municipalityColumn).value).toBe('WC011 Matzikama');
    expect(byId.get('WC012-T-01')!.getCell(municipalityColumn).value).toBe('WC012 Cederberg');
    for (const row of rows) {
      const project = dataset.projects.find((candidate) => candidate.id === row.getCell(1).value)!;
      const name = dataset.municipalities.find((municipality) => municipality.code === project.municipalityCode)!.name;
      expect(row.getCell(municipalityColumn).value).toBe(`${project.municipalityCode} ${name}`);
      expect(String(row.getCell(anchorColumn).value)).not.toMatch(/_|\bsassa\b/);
    }
  });

  it('names the departments of a model that declares none by the default names, another code in words with capitals', () => {
    // The Thusong fixture declares no anchor_departments: the defaults of src/dataset/facilities.ts apply.
    const thusong = dataset.config.services.find((service) => service.id === 'thusong');
    expect(thusong?.anchorDepartments).toBeUndefined();
    expect(anchorDepartmentName(thusong, 'home_affairs')).toBe('Home Affairs');
    expect(anchorDepartmentName(thusong, 'sassa')).toBe('SASSA');
    expect(anchorDepartmentName(thusong, 'social_development')).toBe('Social Development');
    expect(anchorDepartmentName(undefined, 'sassa')).toBe('SASSA');
  });
});

describe('Input policy says a service by its label', () => {
  it('uses the declared label, never the id, in the meaning of every per-service setting', () => {
    const sheet = sheetNamed(workbook, SHEET_NAMES.inputPolicy);
    const meanings = new Map<string, string>();
    sheet.eachRow((row) => meanings.set(String(row.getCell(1).value ?? ''), String(row.getCell(3).value ?? '')));
    expect(meanings.get('policy.min_service_share.thusong')).toBe('Minimum share of total spending on Thusong service centres (0 = off)');
    expect(meanings.get('policy.min_service_share.water')).toBe('Minimum share of total spending on Water (0 = off)');
    expect(meanings.get('policy.allocation_cost_per_household_rand.thusong')).toBe('Allocation only, Thusong service centres: rand to bring one backlog person to the basic level (planning assumption)');
    expect(meanings.get('policy.allocation_cost_per_household_rand.water')).toBe('Allocation only, Water: rand to bring one backlog household to the basic level (planning assumption)');
    expect(meanings.get('policy.rollout_target_year.thusong')).toBe('Thusong service centres: every municipality has a hub open by this financial year (2030 = 2030/31; 0 = off)');
    expect(meanings.get('policy.max_facilities_opened_per_year.thusong')).toBe('Thusong service centres: at most this many new centres open in any one financial year (0 = off)');
    // No meaning of any setting holds a service id (the key in column A keeps it, as model.yaml does).
    let perServiceRows = 0;
    for (const [key, meaning] of meanings) {
      if (!key.startsWith('policy.')) continue;
      expect(meaning, key).not.toMatch(/\bthusong\b|\bwater\b/);
      const service = dataset.config.services.find((declared) => key.endsWith(`.${declared.id}`));
      if (service === undefined) continue;
      perServiceRows += 1;
      expect(meaning, key).toContain(service.label);
    }
    expect(perServiceRows).toBeGreaterThan(5);
  });
});

describe('Funded projects: one unit per column', () => {
  it('puts a centre’s people within reach in a column of their own, each column with its own live total', () => {
    const sheet = sheetNamed(workbook, SHEET_NAMES.fundedProjects);
    const { header, rows, total } = tableRows(sheet, 'Project id');
    const householdsColumn = columnStartingWith(sheet, header.number, 'Households served');
    const peopleColumn = columnStartingWith(sheet, header.number, 'People within reach (centres)');
    expect(header.getCell(householdsColumn).value).toBe('Households served');
    const byId = new Map(rows.map((row) => [String(row.getCell(1).value), row]));
    // The fixture's plan funds WC011-W-01 (800 households) and the anchored centres WC012-T-01 (20,000 within reach) and WC011-T-02 (9,000).
    expect([...byId.keys()].sort()).toEqual(['WC011-T-02', 'WC011-W-01', 'WC012-T-01']);
    expect(byId.get('WC011-W-01')!.getCell(householdsColumn).value).toBe(800);
    expect(byId.get('WC011-W-01')!.getCell(peopleColumn).value).toBeNull();
    expect(byId.get('WC012-T-01')!.getCell(peopleColumn).value).toBe(20_000);
    expect(byId.get('WC011-T-02')!.getCell(peopleColumn).value).toBe(9_000);
    for (const id of ['WC012-T-01', 'WC011-T-02']) expect(byId.get(id)!.getCell(householdsColumn).value, id).toBeNull();
    // Every filled cell of either column is a number: no "9,000 people" text under a households header.
    for (const row of rows) for (const column of [householdsColumn, peopleColumn]) {
      const value = row.getCell(column).value;
      if (value !== null) expect(typeof value, `${String(row.getCell(1).value)} column ${column}`).toBe('number');
    }
    expect(total).not.toBeNull();
    const households = total!.getCell(householdsColumn);
    const people = total!.getCell(peopleColumn);
    expect(households.formula).toMatch(/^SUM\([A-Z]+\d+:[A-Z]+\d+\)$/);
    expect(people.formula).toMatch(/^SUM\([A-Z]+\d+:[A-Z]+\d+\)$/);
    expect(numberIn(households)).toBe(800);
    expect(numberIn(people)).toBe(29_000);
    expect(people.numFmt).toBe('#,##0');
    // The same people the Summary counts as brought within reach.
    expect(rowStartingWith(sheetNamed(workbook, SHEET_NAMES.summary), 'People brought within reach: Thusong service centres').getCell(2).value).toBe(29_000);
    // The benefit, MTEF and Why funded columns still follow, under their own headers.
    expect(String(header.getCell(peopleColumn + 2).value)).toMatch(/^MTEF/);
    expect(header.getCell(peopleColumn + 3).value).toBe('Why funded');
    expect(numberIn(total!.getCell(peopleColumn + 1))).toBeCloseTo(plan.projects.filter((project) => project.funded).reduce((sum, project) => sum + project.benefit, 0), 6);
  });
});

describe('Funded projects: a centre that serves households as well', () => {
  it('shows its households under Households served and its people under People within reach, both in the totals', async () => {
    // projects.csv gives WC012-T-01 no households; here it serves 500 as well, which the plan counts.
    const withHouseholds: Dataset = { ...dataset, projects: dataset.projects.map((project) => (project.id === 'WC012-T-01' ? { ...project, householdsServed: 500 } : project)) };
    const planWithHouseholds = (await planModel(withHouseholds, { marginalValues: false })).plan as PortfolioPlan;
    const centre = planWithHouseholds.projects.find((project) => project.id === 'WC012-T-01')!;
    expect(centre.funded).toBe(true);
    const read = await readRunWorkbook(
      await writeRunFolder({ plan: planWithHouseholds, dataset: withHouseholds, modelPath: 'tests/fixtures/thusong', scenarioPath: null, startedAt: FIXED_START }, { outDir: temporaryFolder() }),
    );
    const sheet = sheetNamed(read, SHEET_NAMES.fundedProjects);
    const { header, total } = tableRows(sheet, 'Project id');
    const householdsColumn = columnStartingWith(sheet, header.number, 'Households served');
    const peopleColumn = columnStartingWith(sheet, header.number, 'People within reach (centres)');
    const row = rowStartingWith(sheet, 'WC012-T-01');
    expect(row.getCell(householdsColumn).value).toBe(centre.householdsServed);
    expect(centre.householdsServed).toBe(500);
    expect(row.getCell(peopleColumn).value).toBe(20_000);
    const funded = planWithHouseholds.projects.filter((project) => project.funded);
    expect(numberIn(total!.getCell(householdsColumn))).toBe(funded.reduce((sum, project) => sum + project.householdsServed, 0));
    expect(numberIn(total!.getCell(peopleColumn))).toBe(29_000);
  });
});

describe('the Run manifest and the solver time', () => {
  it('keeps the objective, bound, gap and seconds exact, shown with thousands separators, as a percentage and with one decimal', () => {
    const sheet = sheetNamed(workbook, SHEET_NAMES.manifest);
    const objective = rowStartingWith(sheet, 'Objective').getCell(2);
    const bound = rowStartingWith(sheet, 'Best bound').getCell(2);
    const gap = rowStartingWith(sheet, 'Relative gap').getCell(2);
    const seconds = rowStartingWith(sheet, 'Solver seconds (wall-clock)').getCell(2);
    expect(manifest.objective).not.toBeNull();
    expect(objective.value).toBe(manifest.objective);
    expect(objective.numFmt).toBe('#,##0.0');
    expect(bound.value).toBe(manifest.bound);
    expect(bound.numFmt).toBe('#,##0.0');
    expect(gap.value).toBe(manifest.gap);
    expect(gap.numFmt).toBe('0.000%');
    expect(seconds.value).toBe(manifest.seconds);
    expect(seconds.numFmt).toBe('#,##0.0');
  });

  it('says on the Summary the solver time on the clock, and beside it the processor time', () => {
    const row = rowStartingWith(sheetNamed(workbook, SHEET_NAMES.summary), 'Solver time');
    expect(row.getCell(1).value).toBe('Solver time (seconds on the clock)');
    expect(row.getCell(2).value).toBe(plan.seconds);
    expect(row.getCell(2).numFmt).toBe('#,##0.0');
    expect(plan.cpuSeconds).toBeDefined();
    expect(String(row.getCell(3).value)).toContain(`and ${plan.cpuSeconds!.toFixed(1)} s of processor time`);
  });
});
