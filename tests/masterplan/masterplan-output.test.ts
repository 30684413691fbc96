/**
 * `infraplan masterplan`'s folder: the workbook (a provincial summary and one support plan per
 * municipality, each printing on one A4 landscape page, checked by rendering with LibreOffice where
 * it is installed), the JSON and the charts; and the master plan sheets in the run workbook.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { buildDatasetMasterPlan } from '../../src/masterplan/apply-master-plan.js';
import { supportPlanSheetName } from '../../src/report/sheets/masterplan-sheets.js';
import { MASTERPLAN_FILES, writeMasterPlanFolder } from '../../src/report/write-masterplan.js';
import { runModel } from '../../src/pipeline/run-model.js';
import { RUN_FILES } from '../../src/report/write-run.js';
import { LIBREOFFICE_HANG_GUARD_MS, PRINTING_TEST_TIMEOUT_MS } from '../analysis/print-helpers.js';

const FIXTURE = 'tests/fixtures/masterplan';
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
function temporary(): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'infraplan-masterplan-'));
  folders.push(folder);
  return folder;
}

/** LibreOffice on PATH, or null (the page check is skipped with a note). */
const libreOffice = ['soffice', 'libreoffice'].map((name) => spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' })).find((found) => found.status === 0)?.stdout.trim() ?? null;
if (libreOffice === null) console.warn('LibreOffice (soffice) is not on PATH: skipping the one-page print check of the support plans.');

describe('the master plan folder', () => {
  it('holds a summary and one support plan per municipality, totals as live formulas with their cached values, set to print on one page', async () => {
    const dataset = await loadModel(FIXTURE);
    const result = buildDatasetMasterPlan(dataset);
    const folder = await writeMasterPlanFolder(result, dataset, 'baseline', [], { outDir: temporary(), startedAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) });
    expect(path.basename(folder)).toBe('tiny-masterplan-baseline-masterplan-20260102-030405');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(folder, MASTERPLAN_FILES.workbook));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Master plan summary', ...dataset.municipalities.map((municipality) => supportPlanSheetName(municipality.code, municipality.name))]);
    for (const municipality of dataset.municipalities) {
      const sheet = workbook.getWorksheet(supportPlanSheetName(municipality.code, municipality.name))!;
      expect(sheet.pageSetup.orientation).toBe('landscape');
      expect(sheet.pageSetup.fitToWidth).toBe(1);
      expect(sheet.pageSetup.fitToHeight).toBe(1);
      expect(sheet.pageSetup.printArea).toMatch(/^A1:[A-Z]+\d+$/);
      // The upgrades' total is SUM over its rows, cached as the generated capex of the municipality.
      let total: { formula?: string; result?: unknown } | null = null;
      sheet.eachRow((row) => {
        const value = row.getCell(4).value;
        if (String(row.getCell(1).value).startsWith('Total') && value !== null && typeof value === 'object' && 'formula' in value) total = value as { formula?: string; result?: unknown };
      });
      const expectedRand = result.masterPlan.merge.rows.filter((row) => row.origin === 'masterplan' && row.project.municipalityCode === municipality.code).reduce((sum, row) => sum + row.project.capexRand, 0);
      if (expectedRand > 0) {
        const found = total as { formula?: string; result?: unknown } | null;
        expect(found?.formula).toMatch(/^SUM\(D\d+:D\d+\)$/);
        expect(found?.result).toBe(expectedRand);
      }
    }
    const document = JSON.parse(readFileSync(path.join(folder, MASTERPLAN_FILES.json), 'utf8')) as { illustrative: boolean; masterPlan: { balances: unknown[] } };
    expect(document.illustrative).toBe(true);
    expect(document.masterPlan.balances).toHaveLength(result.masterPlan.balances.length);
    for (const chart of ['masterplan-demand-capacity.png', 'masterplan-shortfall-timeline.png']) expect(readFileSync(path.join(folder, chart)).subarray(1, 4).toString()).toBe('PNG');

    if (libreOffice === null) return;
    // Rendered by LibreOffice: the summary and each support plan take exactly one page.
    const pdfFolder = temporary();
    // A profile of its own, as the other print checks have: with the default one a LibreOffice already
    // running (the developer's, or another test file's in the other vitest worker) takes the conversion.
    spawnSync(libreOffice, [`-env:UserInstallation=file://${path.join(pdfFolder, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', pdfFolder, path.join(folder, MASTERPLAN_FILES.workbook)], { encoding: 'utf8', timeout: LIBREOFFICE_HANG_GUARD_MS });
    const pdf = readFileSync(path.join(pdfFolder, 'masterplan.pdf'), 'latin1');
    const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBe(1 + dataset.municipalities.length);
  }, PRINTING_TEST_TIMEOUT_MS);

  it('joins the run workbook when the run used the master plan', async () => {
    const outDir = temporary();
    const { runFolder } = await runModel({ model: FIXTURE, outDir, now: () => new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(runFolder!, RUN_FILES.workbook));
    const names = workbook.worksheets.map((sheet) => sheet.name);
    expect(names).toContain('Master plan summary');
    expect(names).toContain('WC011 Matzikama');
    // The funded projects list the register the run planned, generated rows included.
    const { plan } = JSON.parse(readFileSync(path.join(runFolder!, RUN_FILES.plan), 'utf8')) as { plan: { projects: { id: string }[]; capacityBalances: { municipalityCode: string; unmetMlPerDay: number[] }[] } };
    expect(plan.projects.map((project) => project.id)).toContain('WC011-W-BL-1');
    // plan.json reports the unmet design demand per balance and year.
    expect(plan.capacityBalances.find((balance) => balance.municipalityCode === 'WC022')!.unmetMlPerDay.length).toBe(4);
  });
});
