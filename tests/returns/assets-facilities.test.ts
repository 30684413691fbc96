/**
 * Return forms carry the model's bulk assets and existing facilities (issue 13: "pre-filled with
 * what the model holds: needs, assets and capacities, projects, facilities"): the Assets sheet of
 * the masterplan fixture and the Facilities sheet of the thusong fixture, made, filled with
 * exceljs as an official would, collected into a real SQLite file, reported and exported.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import type { ModelTables } from '../../src/dataset/model-tables.js';
import { modelTablesFromDataset, tableToCsv } from '../../src/dataset/write-model.js';
import { buildChangeReport } from '../../src/returns/change-report.js';
import { collectReturns, ensureStoreModel } from '../../src/returns/collect-returns.js';
import { buildReturnForm } from '../../src/returns/write-template.js';
import { exportModel } from '../../src/store/export-model.js';
import { ReturnStore } from '../../src/store/store.js';
import { fillForm, makeForm } from './return-helpers.js';

let root: string;
let masterplan: ModelTables;
let thusong: ModelTables;
let tiny: ModelTables;
const stores: ReturnStore[] = [];
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'infraplan-assets-form-'));
  masterplan = modelTablesFromDataset(await loadModel('tests/fixtures/masterplan'));
  thusong = modelTablesFromDataset(await loadModel('tests/fixtures/thusong'));
  tiny = modelTablesFromDataset(await loadModel('tests/fixtures/tiny'));
});
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

let caseCount = 0;
/** A folder and a new store holding a model as version 1. */
async function newCase(model: ModelTables, source: string): Promise<{ folder: string; store: ReturnStore; now: () => Date }> {
  caseCount += 1;
  const folder = path.join(root, `case-${caseCount}`);
  await mkdir(folder);
  const store = ReturnStore.open(path.join(folder, 'returns.sqlite'), { create: true });
  stores.push(store);
  ensureStoreModel(store, { model, source }, { now: () => new Date('2026-01-01T00:00:00Z') });
  let moment = Date.parse('2026-02-01T00:00:00Z');
  return {
    folder,
    store,
    now: () => {
      moment += 3_600_000;
      return new Date(moment);
    },
  };
}

/** A form as a workbook. */
async function formBook(model: ModelTables, code: string): Promise<{ book: ExcelJS.Workbook; stamp: Awaited<ReturnType<typeof buildReturnForm>>['stamp'] }> {
  const form = await buildReturnForm(model, { submitterKind: 'municipality', submitterId: code, covers: [code] }, new Date('2026-01-10T08:00:00Z'));
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(form.bytes as unknown as ArrayBuffer);
  return { book, stamp: form.stamp };
}

/** The values a list validation offers, read from the hidden Lists sheet its formula points at. */
function listValues(book: ExcelJS.Workbook, validation: ExcelJS.DataValidation | undefined): string[] {
  expect(validation?.type).toBe('list');
  const match = /^(\w+)!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$/.exec(String(validation!.formulae[0]));
  expect(match).not.toBeNull();
  const [, sheetName, column, first, , last] = match!;
  const values: string[] = [];
  for (let row = Number(first); row <= Number(last); row += 1) values.push(book.getWorksheet(sheetName)!.getCell(`${column}${row}`).text);
  return values.filter((value) => value !== '');
}

/** The column letter of a header on a sheet. */
function letterOf(sheet: ExcelJS.Worksheet, header: string): string {
  const values = sheet.getRow(1).values as unknown[];
  const index = values.indexOf(header);
  expect(index, header).toBeGreaterThan(0);
  return sheet.getColumn(index).letter;
}

describe('the Assets sheet of a return form', () => {
  it("holds the municipality's assets, locks their ids and code, and offers the asset types, services and number ranges", async () => {
    const { book, stamp } = await formBook(masterplan, 'WC011');
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['Instructions', 'Lists', 'Needs', 'Projects', 'Assets', 'stamp']);
    const assets = book.getWorksheet('Assets')!;
    expect(assets.getRow(1).values).toEqual([undefined, ...masterplan.tables.assets.columns]);
    const own = masterplan.tables.assets.rows.filter((row) => row.municipality_code === 'WC011');
    expect(own.length).toBeGreaterThan(1);
    expect(own.map((_, index) => assets.getCell(`A${index + 2}`).value)).toEqual(own.map((row) => row.asset_id));
    // Numbers as numbers: the works' capacity as the model holds it.
    const capacity = letterOf(assets, 'capacity_ml_per_day');
    expect(assets.getCell(`${capacity}2`).value).toBe(Number(own[0].capacity_ml_per_day));
    const layout = stamp.sheets.find((sheet) => sheet.sheetName === 'Assets')!;
    expect([layout.table, layout.firstRow, layout.lastRow]).toEqual(['assets', 2, 1 + own.length + 10]);
    const locked = (address: string): boolean => assets.getCell(address).protection?.locked !== false;
    const firstEmpty = 2 + own.length;
    expect(['A1', 'A2', 'B2', `A${firstEmpty}`, `B${firstEmpty}`].map((address) => [address, locked(address)])).toEqual(
      ['A1', 'A2', 'B2', `A${firstEmpty}`, `B${firstEmpty}`].map((address) => [address, address !== `A${firstEmpty}`]),
    );
    expect(locked(`${capacity}2`)).toBe(false);
    expect(listValues(book, assets.getCell(`${letterOf(assets, 'asset_type')}${firstEmpty}`).dataValidation)).toEqual([
      'raw_water_source',
      'water_treatment_works',
      'bulk_water_pipeline',
      'reservoir_storage',
      'wastewater_treatment_works',
      'bulk_sewer',
    ]);
    expect(listValues(book, assets.getCell(`C${firstEmpty}`).dataValidation)).toEqual(['water', 'sanitation']);
    expect(assets.getCell(`${capacity}${firstEmpty}`).dataValidation).toMatchObject({ type: 'decimal', operator: 'greaterThanOrEqual', formulae: [0], errorStyle: 'stop' });
    expect(assets.getCell(`${letterOf(assets, 'length_km')}${firstEmpty}`).dataValidation).toMatchObject({ type: 'decimal', operator: 'greaterThan', formulae: [0] });
    expect(assets.getCell(`${letterOf(assets, 'year_built')}${firstEmpty}`).dataValidation).toMatchObject({ type: 'whole' });
    const protection = (assets as unknown as { sheetProtection: Record<string, unknown> }).sheetProtection;
    expect(protection).toMatchObject({ sheet: true });
  });

  it('is left out for a model without assets.csv, and the form has no Facilities sheet without facilities.csv', async () => {
    const { book, stamp } = await formBook(tiny, 'WC011');
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['Instructions', 'Lists', 'Needs', 'Projects', 'stamp']);
    expect(stamp.sheets.map((sheet) => sheet.table)).toEqual(['needs', 'projects']);
  });

  it('a changed asset capacity is collected, stored, reported as a change and in the exported model', async () => {
    const { folder, store, now } = await newCase(masterplan, 'tests/fixtures/masterplan');
    const form = await makeForm(masterplan, folder, 'WC011');
    const filled = await fillForm(form, path.join(folder, 'WC011-return.xlsx'), ({ assets }) => {
      const row = assets!.rowOf('asset_id', 'WC011-WTW-01');
      assets!.set('capacity_ml_per_day', row, 30);
      assets!.set('illustrative', row, 'no');
    });
    const outcome = await collectReturns([filled], store, { now });
    const [collected] = outcome.returns;
    expect(collected.problems).toEqual([]);
    expect(collected.submission.status).toBe('accepted');
    // The database holds the asset rows the return brought, with the new capacity.
    const stored = store.submissionRows(collected.submission.id).assets ?? [];
    expect(stored.map((row) => row.asset_id)).toEqual(masterplan.tables.assets.rows.filter((row) => row.municipality_code === 'WC011').map((row) => row.asset_id));
    expect(stored.find((row) => row.asset_id === 'WC011-WTW-01')).toMatchObject({ capacity_ml_per_day: '30', illustrative: 'no' });
    expect(collected.changes[0].changes.map((change) => [change.table, change.key, change.kind, change.cells.map((cell) => `${cell.column}: ${cell.before} -> ${cell.after}`)])).toEqual([
      ['assets', 'WC011-WTW-01', 'changed', ['capacity_ml_per_day: 26.4 -> 30', 'illustrative: yes -> no']],
    ]);
    // The change report workbook lists it.
    const report = new ExcelJS.Workbook();
    await report.xlsx.load((await buildChangeReport({ returns: outcome.returns, model: outcome.before.model, databaseFile: store.file, collectedAt: new Date('2026-02-01T00:00:00Z') })) as unknown as ArrayBuffer);
    const changeRows = report
      .getWorksheet('Changes')!
      .getSheetValues()
      .slice(2)
      .filter((row) => Array.isArray(row))
      .map((row) => (row as unknown[]).slice(4, 11));
    expect(changeRows).toContainEqual(['assets', 'WC011-WTW-01', null, 'changed', 'capacity_ml_per_day', '26.4', '30'].map((value) => (value === null ? expect.anything() : value)));
    // The exported model, read back by the loader, holds the new capacity; a later export as of before the return does not.
    const out = path.join(folder, 'export');
    await exportModel(store, { outDir: out });
    const exported = await loadModel(out);
    expect(exported.assets?.find((asset) => asset.id === 'WC011-WTW-01')).toMatchObject({ capacity: 30, capacityUnit: 'Ml/day', illustrative: false });
    const earlier = path.join(folder, 'export-earlier');
    await exportModel(store, { outDir: earlier, asOf: '2026-01-15' });
    expect(await readFile(path.join(earlier, 'assets.csv'), 'utf8')).toBe(tableToCsv(masterplan.tables.assets));
    expect((await loadModel(earlier)).assets?.find((asset) => asset.id === 'WC011-WTW-01')?.capacity).toBe(26.4);
    expect(await readFile(path.join(out, 'assets.csv'), 'utf8')).toContain('WC011-WTW-01,WC011,water,water_treatment_works,Vredendal WTW,30,');
  });

  it('a capacity written as text is refused with its sheet and cell, and the database keeps no rows of it', async () => {
    const { folder, store, now } = await newCase(masterplan, 'tests/fixtures/masterplan');
    const form = await makeForm(masterplan, folder, 'WC011');
    let address = '';
    const filled = await fillForm(form, path.join(folder, 'WC011-return.xlsx'), ({ assets }) => {
      const row = assets!.rowOf('asset_id', 'WC011-WTW-01');
      assets!.set('capacity_ml_per_day', row, 'about 30 Ml');
      address = `${letterOf(assets!.sheet, 'capacity_ml_per_day')}${row}`;
    });
    const [collected] = (await collectReturns([filled], store, { now })).returns;
    expect(collected.submission.status).toBe('refused');
    expect(collected.problems.map((problem) => [problem.file, problem.sheet, problem.cell])).toEqual([['WC011-return.xlsx', 'Assets', address]]);
    expect(collected.problems[0].message).toMatch(/^expected a number >= 0, found "about 30 Ml"/);
    expect(store.submissionRows(collected.submission.id)).toEqual({});
    const out = path.join(folder, 'export');
    await exportModel(store, { outDir: out });
    expect((await loadModel(out)).assets?.find((asset) => asset.id === 'WC011-WTW-01')?.capacity).toBe(26.4);
  });
});

describe('a form without an Assets sheet', () => {
  it('(made before the model held assets) is still collected into a model with assets, and leaves the assets as they are', async () => {
    const { folder, store, now } = await newCase(masterplan, 'tests/fixtures/masterplan');
    const withoutAssets: ModelTables = { ...masterplan, tables: { ...masterplan.tables, assets: { columns: masterplan.tables.assets.columns, rows: [] } } };
    const form = await makeForm(withoutAssets, folder, 'WC011');
    const filled = await fillForm(form, path.join(folder, 'WC011-return.xlsx'), ({ needs, assets }) => {
      expect(assets).toBeNull();
      needs.set('backlog_households', needs.rowOf('service', 'water'), 1234);
    });
    const [collected] = (await collectReturns([filled], store, { now })).returns;
    expect(collected.problems).toEqual([]);
    // Compared on the tables the form holds: the municipality's needs and projects did not change since, so no decision is needed.
    expect(collected.submission.status).toBe('accepted');
    expect(collected.changes[0].changes.map((change) => [change.table, change.key, change.kind])).toEqual([['needs', 'WC011|water', 'changed']]);
    const out = path.join(folder, 'export');
    await exportModel(store, { outDir: out });
    expect(await readFile(path.join(out, 'assets.csv'), 'utf8')).toBe(tableToCsv(masterplan.tables.assets));
  });
});

describe('the Facilities sheet of a return form', () => {
  it('holds the centres with drop-downs for facility types, services and past years; a new centre is collected and exported', async () => {
    const { book } = await formBook(thusong, 'WC011');
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['Instructions', 'Lists', 'Needs', 'Projects', 'Facilities', 'stamp']);
    const facilities = book.getWorksheet('Facilities')!;
    expect(facilities.getCell('A2').value).toBe('WC011-T-E1');
    expect(facilities.getCell(`${letterOf(facilities, 'population_within_reach')}2`).value).toBe(40_000);
    expect(listValues(book, facilities.getCell(`${letterOf(facilities, 'facility_type')}3`).dataValidation)).toEqual(['hub', 'satellite', 'mobile_route']);
    expect(listValues(book, facilities.getCell('C3').dataValidation)).toEqual(['thusong']);
    // A centre already open: the years offered end at the plan's first year and reach back far enough for 2008/09.
    const years = listValues(book, facilities.getCell(`${letterOf(facilities, 'year_opened')}3`).dataValidation);
    expect(years[0]).toBe('2026/27');
    expect(years).toContain('2008/09');
    expect(years).not.toContain('2027/28');

    const { folder, store, now } = await newCase(thusong, 'tests/fixtures/thusong');
    const form = await makeForm(thusong, folder, 'WC011');
    const filled = await fillForm(form, path.join(folder, 'WC011-return.xlsx'), ({ facilities: sheet }) => {
      const row = sheet!.firstEmptyRow();
      const values: Record<string, ExcelJS.CellValue> = {
        facility_id: 'WC011-T-E2', service: 'thusong', facility_name: 'Klawer satellite', facility_type: 'satellite', year_opened: '2015/16',
        anchor_departments: 'sassa', population_within_reach: 9000, illustrative: 'no',
      };
      for (const [column, value] of Object.entries(values)) sheet!.set(column, row, value);
    });
    const [collected] = (await collectReturns([filled], store, { now })).returns;
    expect(collected.problems).toEqual([]);
    expect(collected.submission.status).toBe('accepted');
    expect(collected.changes[0].changes.map((change) => [change.table, change.key, change.kind])).toEqual([['facilities', 'WC011-T-E2', 'added']]);
    const out = path.join(folder, 'export');
    await exportModel(store, { outDir: out });
    expect((await loadModel(out)).facilities.find((facility) => facility.id === 'WC011-T-E2')).toMatchObject({ municipalityCode: 'WC011', facilityType: 'satellite', yearOpened: 2015, populationWithinReach: 9000 });
  });
});
