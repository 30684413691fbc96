import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import type { ModelTables } from '../../src/dataset/model-tables.js';
import { modelTablesFromDataset } from '../../src/dataset/write-model.js';
import { readReturn } from '../../src/returns/read-return.js';
import { readStamp } from '../../src/returns/stamp.js';
import { FormExistsError, buildReturnForm, writeReturnForms, type ReturnForm } from '../../src/returns/write-template.js';

let root: string;
let tiny: ModelTables;
let form: ReturnForm;
let workbook: ExcelJS.Workbook;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'infraplan-template-'));
  tiny = modelTablesFromDataset(await loadModel('tests/fixtures/tiny'));
  form = await buildReturnForm(tiny, { submitterKind: 'municipality', submitterId: 'WC011', covers: ['WC011'] }, new Date('2026-01-10T08:00:00Z'));
  workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(form.bytes as unknown as ArrayBuffer);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The values a list validation offers, read from the sheet its formula points at. */
function listValues(validation: ExcelJS.DataValidation | undefined): string[] {
  expect(validation?.type).toBe('list');
  const match = /^(\w+)!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$/.exec(String(validation!.formulae[0]));
  expect(match).not.toBeNull();
  const [, sheetName, column, first, , last] = match!;
  const sheet = workbook.getWorksheet(sheetName)!;
  const values: string[] = [];
  for (let row = Number(first); row <= Number(last); row += 1) values.push(sheet.getCell(`${column}${row}`).text);
  return values.filter((value) => value !== '');
}

describe('a return form', () => {
  it('opens on plain-words instructions and hides its lists and stamp where Excel cannot show them', () => {
    expect(workbook.worksheets.map((sheet) => [sheet.name, sheet.state])).toEqual([
      ['Instructions', 'visible'],
      ['Lists', 'veryHidden'],
      ['Needs', 'visible'],
      ['Projects', 'visible'],
      ['stamp', 'veryHidden'],
    ]);
    const instructions = workbook.getWorksheet('Instructions')!;
    const text = instructions.getSheetValues().flat().filter((value) => typeof value === 'string').join('\n');
    expect(text).toContain('Return form: Matzikama (WC011)');
    expect(text).toContain('Type only in the white cells.');
    expect(text).toContain('capex_rand');
  });

  it('is pre-filled with what the model holds for the municipality, numbers as numbers', () => {
    const projects = workbook.getWorksheet('Projects')!;
    expect(projects.getRow(1).values).toEqual([undefined, ...tiny.tables.projects.columns]);
    expect([2, 3, 4].map((row) => projects.getCell(`A${row}`).value)).toEqual(['WC011-W-01', 'WC011-W-02', 'WC011-S-01']);
    expect(projects.getCell('F2').value).toBe(40_000_000);
    expect(projects.getCell('G2').value).toBe('40;60');
    expect(projects.getCell('K2').value).toBe('2026/27');
    const needs = workbook.getWorksheet('Needs')!;
    expect([needs.getCell('B2').value, needs.getCell('C2').value, needs.getCell('B3').value]).toEqual(['water', 1500, 'sanitation']);
    // Thirty empty rows for new projects, each already carrying the municipality's code.
    expect(form.stamp.sheets.map((sheet) => [sheet.sheetName, sheet.firstRow, sheet.lastRow])).toEqual([
      ['Needs', 2, 3],
      ['Projects', 2, 34],
    ]);
    expect(projects.getCell('B34').value).toBe('WC011');
    expect(projects.getCell('A34').value).toBeNull();
  });

  it('protects every sheet, leaving only the input cells unlocked', () => {
    for (const name of ['Instructions', 'Needs', 'Projects']) {
      const protection = (workbook.getWorksheet(name) as unknown as { sheetProtection: Record<string, unknown> }).sheetProtection;
      // exceljs reads a permission as true and a refusal as absent: cells may be selected and columns widened, rows not inserted or deleted.
      expect(protection, name).toMatchObject({ sheet: true, formatColumns: true, formatRows: true });
      expect([protection.selectLockedCells, protection.selectUnlockedCells, protection.insertRows, protection.deleteRows, protection.hashValue], name).toEqual([undefined, undefined, undefined, undefined, undefined]);
    }
    const projects = workbook.getWorksheet('Projects')!;
    const locked = (address: string): boolean => projects.getCell(address).protection?.locked !== false;
    // Header, the ids of pre-filled rows, the municipality code and the owner (R, S: the municipality's own) are locked; the rest is input.
    expect(['A1', 'F1', 'A2', 'B2', 'A4', 'B5', 'B34', 'R2', 'S2', 'R34', 'S34'].filter(locked)).toEqual(['A1', 'F1', 'A2', 'B2', 'A4', 'B5', 'B34', 'R2', 'S2', 'R34', 'S34']);
    expect(['C2', 'E2', 'F2', 'T2', 'Y2', 'A5', 'F5', 'Y34'].filter(locked)).toEqual([]);
    expect([projects.getCell('R34').value, projects.getCell('S34').value]).toEqual(['municipal', 'Matzikama']);
    const needs = workbook.getWorksheet('Needs')!;
    expect(['A2', 'B2', 'B3'].every((address) => needs.getCell(address).protection?.locked !== false)).toBe(true);
    expect(needs.getCell('C2').protection?.locked).toBe(false);
  });

  it('offers drop-downs for services, project types, funding statuses, financial years and flags, and number ranges', () => {
    const projects = workbook.getWorksheet('Projects')!;
    expect(listValues(projects.getCell('C5').dataValidation)).toEqual(['water', 'sanitation']);
    expect(listValues(projects.getCell('P5').dataValidation)).toEqual(['candidate', 'committed', 'excluded']);
    expect(listValues(projects.getCell('K5').dataValidation)).toEqual(['2026/27', '2027/28', '2028/29', '2029/30']);
    // Owner columns (R, S: fixed on a municipality's form), then the centre columns (operating cost to population within reach, T to X), then the illustrative flag.
    expect(listValues(projects.getCell('Y5').dataValidation)).toEqual(['yes', 'no']);
    expect(listValues(projects.getCell('U5').dataValidation)).toEqual(['hub', 'satellite', 'mobile_route']);
    // Project types: the model's own, offered but not imposed (a new kind is allowed with a remark).
    expect(listValues(projects.getCell('D5').dataValidation)).toEqual(['backlog_eradication', 'bulk_pipeline', 'reservoir', 'wastewater_treatment_upgrade', 'water_treatment_upgrade']);
    expect(projects.getCell('D5').dataValidation.errorStyle).toBe('information');
    expect(projects.getCell('F5').dataValidation).toMatchObject({ type: 'decimal', operator: 'greaterThan', formulae: [0], errorStyle: 'stop' });
    expect(projects.getCell('I5').dataValidation).toMatchObject({ type: 'decimal', operator: 'greaterThanOrEqual', formulae: [0] });
    expect(projects.getCell('O5').dataValidation.prompt).toContain('One or more of: RBIG, MIG.');
    // The locked municipality code has no validation: it cannot be typed in.
    expect(projects.getCell('B5').dataValidation).toBeUndefined();
  });

  it('carries a stamp that reads back as written, and reads back with no problems when returned untouched', async () => {
    expect(readStamp(workbook)).toEqual(form.stamp);
    expect(form.stamp).toMatchObject({ format: 'infraplan-return', templateVersion: 1, modelName: 'tiny', submitterKind: 'municipality', submitterId: 'WC011', covers: ['WC011'], madeAt: '2026-01-10T08:00:00.000Z' });
    const [file] = await writeReturnForms([form], path.join(root, 'untouched'));
    const read = await readReturn(file);
    expect(read.problems).toEqual([]);
    expect(read.sheets.map((sheet) => sheet.rows.map((row) => row.cells))).toEqual([
      tiny.tables.needs.rows.filter((row) => row.municipality_code === 'WC011'),
      tiny.tables.projects.rows.filter((row) => row.municipality_code === 'WC011'),
    ]);
  });

  it('files are written whole and not over an existing form unless asked', async () => {
    const folder = path.join(root, 'twice');
    await writeReturnForms([form], folder);
    await expect(writeReturnForms([form], folder)).rejects.toBeInstanceOf(FormExistsError);
    await writeReturnForms([form], folder, { replace: true });
    expect(await readdir(folder)).toEqual(['WC011-return.xlsx']);
  });

  it("for a department covers several municipalities and carries the department's own rows, whose codes are a drop-down in the empty rows", async () => {
    // Two projects of the tiny model handed to a provincial department; the rest stay the municipalities' own.
    const owned = new Set(['WC011-W-02', 'WC022-W-01']);
    const withDepartment: ModelTables = {
      ...tiny,
      tables: {
        ...tiny.tables,
        projects: { ...tiny.tables.projects, rows: tiny.tables.projects.rows.map((row) => (owned.has(row.project_id!) ? { ...row, owner_sphere: 'provincial', owner_name: 'Human Settlements' } : row)) },
      },
    };
    const department = await buildReturnForm(withDepartment, { submitterKind: 'department', submitterId: 'Human Settlements', covers: ['WC011', 'WC022'] }, new Date('2026-01-10T08:00:00Z'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(department.bytes as unknown as ArrayBuffer);
    workbook = book;
    const projects = book.getWorksheet('Projects')!;
    const prefilled = department.stamp.sheets[1].prefilled.map((row) => row.key);
    expect(prefilled).toEqual(['WC011-W-02', 'WC022-W-01']);
    const firstEmpty = 2 + prefilled.length;
    expect(projects.getCell(`B${firstEmpty}`).protection?.locked).toBe(false);
    expect(listValues(projects.getCell(`B${firstEmpty}`).dataValidation)).toEqual(['WC011', 'WC022']);
    // The department's name is fixed on every row; its sphere is a drop-down on a new row.
    expect([projects.getCell(`S${firstEmpty}`).value, projects.getCell(`S${firstEmpty}`).protection?.locked]).toEqual(['Human Settlements', undefined]);
    expect(listValues(projects.getCell(`R${firstEmpty}`).dataValidation)).toEqual(['national', 'provincial', 'municipal']);
    expect(department.stamp.sheets[1].lastRow).toBe(1 + prefilled.length + 60);
    // A municipality's own form no longer shows the department's project.
    const own = await buildReturnForm(withDepartment, { submitterKind: 'municipality', submitterId: 'WC011', covers: ['WC011'] }, new Date('2026-01-10T08:00:00Z'));
    expect(own.stamp.sheets[1].prefilled.map((row) => row.key)).toEqual(['WC011-W-01', 'WC011-S-01']);
  });

});
