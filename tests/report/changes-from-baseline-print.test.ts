/**
 * Changes from baseline prints on one page wide (new-user review u4, finding 1): its note (row 2)
 * was neither merged nor wrapped, because the sheet's blocks write their own headers below it, so
 * LibreOffice printed the rest of the one-line note on a second page of its own. The tiny model is
 * planned, then planned again against that run; the sheet, read back with exceljs, has the note
 * merged across the table's seven columns, wrapped, on a row tall enough for its lines, and its
 * figures written as the console writes them (finding 5).
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExcelJs } from '../../src/dataset/excel-module.js';
import { runModel } from '../../src/pipeline/run-model.js';
import { wrappedLineCount } from '../../src/report/format.js';
import { CHANGES_FROM_BASELINE_SHEET } from '../../src/report/sheets/changes-from-baseline-sheet.js';

const TINY_MODEL = 'tests/fixtures/tiny';

describe('Changes from baseline on paper', () => {
  it('wraps its note across the table instead of running it off the page', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'infraplan-changes-print-'));
    const first = await runModel({ model: TINY_MODEL, outDir: path.join(root, 'first'), now: () => new Date('2026-12-03T10:00:00Z') });
    const second = await runModel({ model: TINY_MODEL, outDir: path.join(root, 'second'), now: () => new Date('2026-12-03T10:05:00Z'), baselinePath: first.runFolder! });
    const ExcelJS = loadExcelJs();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(second.runFolder!, 'investment-plan.xlsx'));
    const sheet = workbook.getWorksheet(CHANGES_FROM_BASELINE_SHEET);
    expect(sheet).toBeDefined();
    const note = sheet!.getCell('A2');
    const text = note.text;
    expect(text).toMatch(/Against .*plan\.json: /);
    // Merged over A:G, the seven columns of the sheet's tables, and wrapped there.
    expect(sheet!.getCell('G2').isMerged).toBe(true);
    expect(sheet!.getCell('G2').master.address).toBe('A2');
    expect(sheet!.getCell('H2').isMerged).toBe(false);
    expect(note.alignment?.wrapText).toBe(true);
    let widthCharacters = 0;
    for (let column = 1; column <= 7; column += 1) widthCharacters += sheet!.getColumn(column).width ?? 9;
    expect(sheet!.getRow(2).height).toBeGreaterThanOrEqual(wrappedLineCount(text, widthCharacters) * 15);
    // Still one page wide: the columns fit a landscape page.
    expect(sheet!.pageSetup.fitToWidth).toBe(1);
    // Benefit points as the console writes them: no run of four digits without a separator.
    expect(text).toMatch(/Benefit [\d,]+\.\d points/);
    expect(text).not.toMatch(/\d{4}\.\d points/);
  });
});
