/**
 * A return form as an official prints it (review u5, findings 2, 3 and 19): on A4 landscape at a
 * scale text can be read at, the key column repeated when a sheet runs over several pages, headers
 * in the font the columns were sized for, and people counted with thousands separators.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { modelTablesFromDataset } from '../../src/dataset/write-model.js';
import { buildReturnForm, pagesWideFor } from '../../src/returns/write-template.js';

/** Points of A4 landscape inside 0.7-inch margins. */
const PRINTABLE_POINTS = (11.69 - 1.4) * 72;

let workbook: ExcelJS.Workbook;
beforeAll(async () => {
  const model = modelTablesFromDataset(await loadModel('tests/fixtures/thusong'));
  const code = model.tables.municipalities.rows[0].municipality_code ?? '';
  const form = await buildReturnForm(model, { submitterKind: 'municipality', submitterId: code, covers: [code] }, new Date('2026-01-10T08:00:00Z'));
  workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(form.bytes as unknown as ArrayBuffer);
});

/** The scale a sheet prints at when fitted to its pages across. */
function printScale(sheet: ExcelJS.Worksheet): number {
  const widths = (sheet.columns ?? []).map((column) => column.width ?? 9);
  const points = widths.reduce((sum, width) => sum + (width * 7 + 5) * 0.75, 0);
  return Math.min(1, (PRINTABLE_POINTS * (sheet.pageSetup.fitToWidth ?? 1)) / points);
}

describe('a return form printed on A4', () => {
  it('prints every data sheet at half size or larger, the Projects sheet over pages with its id column repeated', () => {
    const dataSheets = workbook.worksheets.filter((sheet) => sheet.state === 'visible' && sheet.name !== 'Instructions');
    expect(dataSheets.map((sheet) => sheet.name)).toContain('Projects');
    for (const sheet of dataSheets) {
      expect(sheet.pageSetup.paperSize, sheet.name).toBe(9);
      expect(sheet.pageSetup.orientation, sheet.name).toBe('landscape');
      expect(printScale(sheet), sheet.name).toBeGreaterThanOrEqual(0.5);
    }
    const projects = workbook.getWorksheet('Projects')!;
    // One page wide printed the 27 columns at about a quarter size.
    expect(projects.pageSetup.fitToWidth).toBeGreaterThan(1);
    expect(projects.pageSetup.printTitlesColumn).toBe('A:A');
    expect(projects.pageSetup.printTitlesRow).toBe('1:1');
  });

  it('names Calibri on every header, and no header is wider than its column', () => {
    for (const sheet of workbook.worksheets.filter((candidate) => candidate.state === 'visible' && candidate.name !== 'Instructions')) {
      sheet.getRow(1).eachCell((cell, columnNumber) => {
        expect(cell.font?.name, `${sheet.name}!${cell.address}`).toBe('Calibri');
        // Bold characters are about 10% wider than the width unit.
        expect(String(cell.value).length * 1.1, `${sheet.name}!${cell.address}`).toBeLessThanOrEqual((sheet.getColumn(columnNumber).width ?? 0) - 1);
      });
    }
  });

  it('writes counts of people with thousands separators, as households', () => {
    const needs = workbook.getWorksheet('Needs')!;
    const header = (needs.getRow(1).values as ExcelJS.CellValue[]).map(String);
    expect(needs.getCell(2, header.indexOf('backlog_people')).numFmt).toBe('#,##0');
    expect(needs.getCell(2, header.indexOf('backlog_households')).numFmt).toBe('#,##0');
  });

  it('needs one page across for a narrow sheet and more for a wide one', () => {
    expect(pagesWideFor([19, 12, 20, 16, 31, 19, 14])).toBe(1);
    expect(pagesWideFor(Array.from({ length: 27 }, () => 19))).toBeGreaterThanOrEqual(3);
  });
});

describe("a department form's file name", () => {
  it('says department once, whether or not the name starts with it (review u5, finding 24)', async () => {
    const { formFileName } = await import('../../src/returns/write-template.js');
    const department = (name: string) => formFileName({ submitterKind: 'department', submitterId: name, covers: ['WC011'] });
    expect(department('Department of Water and Sanitation')).toBe('department-of-water-and-sanitation-return.xlsx');
    expect(department('Human Settlements')).toBe('department-human-settlements-return.xlsx');
    expect(department('Departmental Services')).toBe('department-departmental-services-return.xlsx');
  });
});
