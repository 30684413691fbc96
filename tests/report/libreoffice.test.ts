/**
 * An independent spreadsheet engine recalculates the workbook: LibreOffice opens it headless with
 * recalculation on load forced (user-profile setting OOXMLRecalcMode = 0, "always"), saves it
 * again, and the recalculated totals must equal the Plan. The cached results are overwritten with
 * -1 first, so only a real recalculation can bring the right numbers back.
 * Skipped, with a note, where LibreOffice is not installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { SHEET_NAMES } from '../../src/report/sheets/report-context.js';
import { SUMMARY_CELLS } from '../../src/report/sheets/summary-sheet.js';
import { RUN_FILES } from '../../src/report/write-run.js';
import { EXPECTED } from './fixtures.js';
import { LIBREOFFICE_HANG_GUARD_MS, PRINTING_TEST_TIMEOUT_MS } from '../analysis/print-helpers.js';
import { columnStartingWith, formulaCell, rowStartingWith, sheetNamed, temporaryFolder, writeFixtureRun } from './helpers.js';
import { expectClose, RAND, SOLVER } from '../tolerance.js';

/** The LibreOffice executable on PATH, or null. */
function findLibreOffice(): string | null {
  for (const name of ['soffice', 'libreoffice']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim() !== '') return found.stdout.trim();
  }
  return null;
}

const libreOffice = findLibreOffice();
const hasLibreOffice = libreOffice !== null;
if (!hasLibreOffice) {
  console.warn('LibreOffice (soffice) is not on PATH: skipping the recalculation check. Install libreoffice-calc-nogui to run it.');
}

/** A LibreOffice user profile that recalculates every formula when an xlsx or ods file is loaded. */
function recalculatingProfile(folder: string): string {
  mkdirSync(path.join(folder, 'user'), { recursive: true });
  writeFileSync(
    path.join(folder, 'user', 'registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`,
  );
  return pathToFileURL(folder).href;
}

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('LibreOffice recalculation', () => {
  it.runIf(hasLibreOffice)('recalculates every total to the Plan figures', async () => {
    const workFolder = temporaryFolder('infraplan-libreoffice-');
    folders.push(workFolder);
    const runFolder = await writeFixtureRun(path.join(workFolder, 'reports'));

    // Poison every cached result so that matching numbers can only come from recalculation.
    const poisoned = new ExcelJS.Workbook();
    await poisoned.xlsx.readFile(path.join(runFolder, RUN_FILES.workbook));
    let formulaCount = 0;
    poisoned.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          const value = cell.value;
          if (value !== null && typeof value === 'object' && 'formula' in value) {
            cell.value = { formula: String(value.formula), result: -1 };
            formulaCount += 1;
          }
        }),
      ),
    );
    expect(formulaCount).toBeGreaterThan(40);
    const poisonedPath = path.join(workFolder, 'poisoned.xlsx');
    await poisoned.xlsx.writeFile(poisonedPath);

    const outFolder = path.join(workFolder, 'recalculated');
    execFileSync(
      libreOffice!,
      [`-env:UserInstallation=${recalculatingProfile(path.join(workFolder, 'profile'))}`, '--headless', '--norestore', '--convert-to', 'xlsx', '--outdir', outFolder, poisonedPath],
      { stdio: 'pipe', timeout: LIBREOFFICE_HANG_GUARD_MS },
    );
    const recalculated = new ExcelJS.Workbook();
    await recalculated.xlsx.readFile(path.join(outFolder, 'poisoned.xlsx'));

    const summary = sheetNamed(recalculated, SHEET_NAMES.summary);
    expectClose(formulaCell(summary.getCell(SUMMARY_CELLS.envelopeTotal)).result, EXPECTED.envelopeTotalRand, RAND);
    expectClose(formulaCell(summary.getCell(SUMMARY_CELLS.plannedSpending)).result, EXPECTED.plannedSpendingRand, RAND);
    expectClose(formulaCell(summary.getCell(SUMMARY_CELLS.shareUsed)).result, 0.5, SOLVER);

    const funded = sheetNamed(recalculated, SHEET_NAMES.fundedProjects);
    const fundedTotal = rowStartingWith(funded, 'Total');
    expectClose(formulaCell(fundedTotal.getCell(columnStartingWith(funded, 3, 'Capex'))).result, EXPECTED.fundedCapexRand, RAND);
    const byYear = sheetNamed(recalculated, SHEET_NAMES.fundedByYear);
    expectClose(formulaCell(rowStartingWith(byYear, 'Total').getCell(columnStartingWith(byYear, 3, '2027/28'))).result, EXPECTED.spendingByYearRand[2027], RAND);

    const byMunicipality = sheetNamed(recalculated, SHEET_NAMES.spendingByMunicipality);
    const totalColumn = columnStartingWith(byMunicipality, 3, 'Total');
    for (const [code, rand] of Object.entries(EXPECTED.spendingByMunicipalityRand)) {
      expectClose(formulaCell(rowStartingWith(byMunicipality, code).getCell(totalColumn)).result, rand, RAND, code);
    }
    expectClose(formulaCell(rowStartingWith(byMunicipality, 'Total').getCell(totalColumn)).result, EXPECTED.plannedSpendingRand, RAND);

    // No formula anywhere may still hold the poisoned -1 (every share, total and cross-reference recalculated).
    const stale: string[] = [];
    recalculated.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          const value = cell.value;
          if (value !== null && typeof value === 'object' && 'formula' in value && Number(value.result) === -1) stale.push(`${sheet.name}!${cell.address}`);
        }),
      ),
    );
    expect(stale).toEqual([]);
  }, PRINTING_TEST_TIMEOUT_MS);
});
