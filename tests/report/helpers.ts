/**
 * Shared helpers for the report tests: a temporary folder per test, writing the fixture run
 * folder, reading a workbook back, and finding a row by its first cell.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { writeRunFolder, RUN_FILES } from '../../src/report/write-run.js';
import { fixtureDataset, fixturePlan } from './fixtures.js';

/** A fixed start time, so folder names are known: 2026-04-01 08:30:00 UTC. */
export const FIXED_START = new Date(Date.UTC(2026, 3, 1, 8, 30, 0));
/** The run folder name the fixture gets at FIXED_START. */
export const FIXTURE_RUN_NAME = 'tiny-cape-baseline-20260401-083000';

/** A new empty temporary folder. */
export function temporaryFolder(prefix = 'infraplan-report-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Write the fixture run folder under `outDir` and return its path. */
export async function writeFixtureRun(outDir: string, force = false): Promise<string> {
  return writeRunFolder(
    { plan: fixturePlan(), dataset: fixtureDataset(), modelPath: 'models/tiny-cape', scenarioPath: 'scenarios/test.yaml', startedAt: FIXED_START },
    { outDir, force, now: () => new Date(Date.UTC(2026, 3, 1, 8, 30, 5)) },
  );
}

/** Read a run folder's workbook back with exceljs. */
export async function readRunWorkbook(runFolder: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path.join(runFolder, RUN_FILES.workbook));
  return workbook;
}

/** The worksheet of that name, or a failing assertion naming it. */
export function sheetNamed(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`workbook has no sheet "${name}"; it has ${workbook.worksheets.map((each) => each.name).join(', ')}`);
  return sheet;
}

/** The row whose first cell's text starts with `label`. */
export function rowStartingWith(sheet: ExcelJS.Worksheet, label: string): ExcelJS.Row {
  for (let rowNumber = 1; rowNumber <= sheet.rowCount; rowNumber += 1) {
    const value = sheet.getRow(rowNumber).getCell(1).value;
    if (typeof value === 'string' && value.startsWith(label)) return sheet.getRow(rowNumber);
  }
  throw new Error(`sheet "${sheet.name}" has no row starting with "${label}"`);
}

/** The 1-based column whose header (in `headerRow`) starts with `header`. */
export function columnStartingWith(sheet: ExcelJS.Worksheet, headerRow: number, header: string): number {
  const row = sheet.getRow(headerRow);
  for (let column = 1; column <= row.cellCount; column += 1) {
    const value = row.getCell(column).value;
    if (typeof value === 'string' && value.startsWith(header)) return column;
  }
  throw new Error(`sheet "${sheet.name}" row ${headerRow} has no header starting with "${header}"`);
}

/** A formula cell's formula and cached result, or a failing assertion when the cell is not a formula. */
export function formulaCell(cell: ExcelJS.Cell): { formula: string; result: number } {
  const value = cell.value;
  if (value === null || typeof value !== 'object' || !('formula' in value)) {
    throw new Error(`cell ${cell.address} of "${cell.worksheet.name}" is not a formula: ${JSON.stringify(value)}`);
  }
  return { formula: String(value.formula), result: Number(value.result) };
}
