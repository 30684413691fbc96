/**
 * The change report as an official prints it (review u5, finding 4): the About sheet on one A4
 * page wide with rows tall enough for their wrapped words, and headers in Calibri, wide enough not
 * to wrap inside a word (`submissi/on`).
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { modelTablesFromDataset } from '../../src/dataset/write-model.js';
import { buildChangeReport } from '../../src/returns/change-report.js';

let workbook: ExcelJS.Workbook;
beforeAll(async () => {
  const model = modelTablesFromDataset(await loadModel('tests/fixtures/tiny'));
  const bytes = await buildChangeReport({ returns: [], model, databaseFile: '/data/returns.sqlite', collectedAt: new Date('2026-01-10T08:00:00Z') });
  workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
});

describe('the change report printed', () => {
  it('sets the About sheet up for A4, one page wide, each row as tall as its wrapped text', () => {
    const about = workbook.getWorksheet('About')!;
    expect(about.pageSetup.paperSize).toBe(9);
    expect(about.pageSetup.fitToPage).toBe(true);
    expect(about.pageSetup.fitToWidth).toBe(1);
    const width = about.getColumn(2).width ?? 0;
    about.eachRow((row) => {
      const text = row.getCell(2).text;
      expect(row.getCell(2).alignment?.wrapText, text).toBe(true);
      expect(row.height ?? 15, text).toBeGreaterThanOrEqual(15 * Math.ceil(text.length / (width * 1.1)));
    });
  });

  it('names Calibri on every header and makes each column wide enough for its bold header', () => {
    for (const sheet of workbook.worksheets.filter((candidate) => candidate.name !== 'About')) {
      sheet.getRow(1).eachCell((cell, columnNumber) => {
        expect(cell.font?.name, `${sheet.name}!${cell.address}`).toBe('Calibri');
        expect(String(cell.value).length * 1.1, `${sheet.name}!${cell.address}`).toBeLessThanOrEqual((sheet.getColumn(columnNumber).width ?? 0) - 1);
      });
    }
  });
});
