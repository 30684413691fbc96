/**
 * `infraplan masterplan` writes the warnings it prints on the console (a generated register row a
 * planner edited, docs/masterplan.md "Rows the master plan wrote") into masterplan.json (a
 * `warnings` array) and into the workbook (a block under the provincial summary), read back.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { writeModel } from '../../src/dataset/write-model.js';
import { applyMasterPlan, buildDatasetMasterPlan } from '../../src/masterplan/apply-master-plan.js';
import { formatMasterPlanSummary } from '../../src/cli/masterplan.js';
import { MASTERPLAN_FILES, writeMasterPlanFolder } from '../../src/report/write-masterplan.js';

const FIXTURE = 'tests/fixtures/masterplan';

/** The fixture with its merged register written back as projects.csv, then one generated row's description edited. */
async function editedRegisterModel(editedId: string): Promise<string> {
  const { capacityBalances: _balances, ...planned } = applyMasterPlan(await loadModel(FIXTURE)).dataset;
  const folder = await writeModel(planned, path.join(await mkdtemp(path.join(os.tmpdir(), 'infraplan-mp-warnings-')), 'model'), { format: 'csv' });
  const file = path.join(folder, 'projects.csv');
  const rows = parse(await readFile(file, 'utf8'), { columns: true }) as Record<string, string>[];
  expect(rows.some((row) => row.project_id === editedId && row.origin === 'masterplan')).toBe(true);
  const edited = rows.map((row) => (row.project_id === editedId ? { ...row, description: `${row.description} (phase agreed with the district)` } : row));
  await writeFile(file, stringify(edited, { header: true, columns: Object.keys(edited[0]), record_delimiter: 'unix' }), 'utf8');
  return folder;
}

describe('the master plan warnings in its outputs', () => {
  it('are listed in masterplan.json and in a block of the workbook, as the console prints them', async () => {
    const model = await editedRegisterModel('WC012-W-BL-1');
    const dataset = await loadModel(model);
    const result = buildDatasetMasterPlan(dataset);
    expect(result.warnings).toHaveLength(1);
    const consoleWarnings = formatMasterPlanSummary(result).filter((line) => line.startsWith('warning: ')).map((line) => line.slice('warning: '.length));
    expect(consoleWarnings).toHaveLength(1);
    expect(consoleWarnings[0]).toContain('WC012-W-BL-1 was edited after the master plan wrote it');

    const folder = await writeMasterPlanFolder(result, dataset, 'baseline', [], { outDir: await mkdtemp(path.join(os.tmpdir(), 'infraplan-mp-out-')), startedAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) });
    const json = JSON.parse(await readFile(path.join(folder, MASTERPLAN_FILES.json), 'utf8')) as { warnings: { file: string; row: number | null; column: string | null; message: string; text: string }[] };
    expect(json.warnings).toHaveLength(1);
    expect(json.warnings[0].file).toBe(path.join(model, 'projects.csv'));
    expect(json.warnings[0].row).toBeGreaterThan(1);
    expect(json.warnings[0].message).toContain('WC012-W-BL-1 was edited after the master plan wrote it');
    expect(json.warnings[0].text).toBe(consoleWarnings[0]);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(folder, MASTERPLAN_FILES.workbook));
    const summary = workbook.getWorksheet('Master plan summary')!;
    const texts: string[] = [];
    summary.eachRow((row) => texts.push(String(row.getCell(1).value ?? '')));
    const headingIndex = texts.findIndex((text) => text.startsWith('Warnings on the register (1)'));
    expect(headingIndex).toBeGreaterThan(0);
    expect(texts[headingIndex + 1]).toBe(consoleWarnings[0]);
    // The block prints with the sheet.
    const lastPrinted = Number(/^A1:[A-Z]+(\d+)$/.exec(summary.pageSetup.printArea ?? '')?.[1]);
    expect(lastPrinted).toBeGreaterThanOrEqual(summary.rowCount);
  });

  it('are an empty array, and no block, when the register is as the master plan wrote it', async () => {
    const dataset = await loadModel(FIXTURE);
    const result = buildDatasetMasterPlan(dataset);
    expect(result.warnings).toEqual([]);
    const folder = await writeMasterPlanFolder(result, dataset, 'baseline', [], { outDir: await mkdtemp(path.join(os.tmpdir(), 'infraplan-mp-out-')), startedAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) });
    const json = JSON.parse(await readFile(path.join(folder, MASTERPLAN_FILES.json), 'utf8')) as { warnings: unknown[] };
    expect(json.warnings).toEqual([]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(folder, MASTERPLAN_FILES.workbook));
    const texts: string[] = [];
    workbook.getWorksheet('Master plan summary')!.eachRow((row) => texts.push(String(row.getCell(1).value ?? '')));
    expect(texts.some((text) => text.startsWith('Warnings on the register'))).toBe(false);
  });
});
