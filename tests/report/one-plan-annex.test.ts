/**
 * The One Plan annex as a district forum prints it (new-user review, items 2 and 6): an
 * introduction page first (what the annex is, the three spheres whose plans it joins, how its pages
 * run, and that illustrative figures are not facts, with every illustrative table and the script
 * the model names), then each district on pages of its own, a district's pages across before its
 * next rows, and the title and illustrative line whole at the top of every page. Read back from the
 * fixture run's workbook; printed with LibreOffice where it is installed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import type ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { RUN_FILES } from '../../src/report/write-run.js';
import { ONE_PLAN_INTRODUCTION_SHEET, ONE_PLAN_SHEET } from '../../src/report/sheets/one-plan-sheet.js';
import { SHEET_NAMES } from '../../src/report/sheets/report-context.js';
import { canRender, flattened, printedPages, sheetOfPage, PRINTING_TEST_TIMEOUT_MS } from '../analysis/print-helpers.js';
import { readRunWorkbook, sheetNamed, temporaryFolder, writeFixtureRun } from './helpers.js';

let runFolder: string;
let workbook: ExcelJS.Workbook;

beforeAll(async () => {
  runFolder = await writeFixtureRun(temporaryFolder());
  workbook = await readRunWorkbook(runFolder);
});

/** The text of a one-column sheet, its cells joined. */
function sheetText(sheet: ExcelJS.Worksheet): string {
  const parts: string[] = [];
  sheet.eachRow((row) => row.eachCell((cell) => parts.push(String(cell.value))));
  return parts.join(' ');
}

describe('One Plan annex', () => {
  it('is introduced on a sheet of its own, printed just before the table and titled as the annex', () => {
    const names = workbook.worksheets.map((sheet) => sheet.name);
    expect(names.indexOf(ONE_PLAN_INTRODUCTION_SHEET)).toBe(names.indexOf(ONE_PLAN_SHEET) - 1);
    const introduction = sheetNamed(workbook, ONE_PLAN_INTRODUCTION_SHEET);
    expect(introduction.getCell('A1').value).toBe('Annex C. One Plan by district: introduction');
    expect(introduction.headerFooter.oddFooter).toContain('Annex C: ');
    const text = sheetText(introduction);
    expect(text).toContain('District Development Model');
    expect(text).toContain('The three spheres: the municipalities');
    // The fixture funds four projects, all municipal (tests/report/fixtures.ts).
    expect(text).toContain('In this plan: 4 municipal, 0 provincial, 0 national projects.');
    expect(text).toContain('DC1 West Coast (3 projects); DC2 Cape Winelands (1 project)');
    expect(text).toContain('Project register and funding envelopes are illustrative, generated for testing.');
    expect(text).toContain('is a planning assumption, not a fact');
    // The fixture marks every project and source illustrative: 6 projects, 2 sources (MIG, RBIG).
    expect(text).toContain('projects.csv (6 of 6 projects)');
    expect(text).toContain('funding.csv (2 of 2 sources)');
  });

  it('starts each district on a new page and prints a district across before down', async () => {
    const sheet = sheetNamed(workbook, ONE_PLAN_SHEET);
    expect(sheet.pageSetup.pageOrder).toBe('overThenDown');
    const districtRows: number[] = [];
    sheet.eachRow((row) => {
      if (/^DC\d /.test(String(row.getCell(1).value))) districtRows.push(row.number);
    });
    expect(districtRows).toHaveLength(2);
    // exceljs reads no page breaks back, so the sheet's XML is read: one break, after the row before DC2's title.
    const archive = await JSZip.loadAsync(readFileSync(path.join(runFolder, RUN_FILES.workbook)));
    const sheetXml = await archive.file(`xl/worksheets/sheet${workbook.worksheets.indexOf(sheet) + 1}.xml`)!.async('string');
    const breaks = [...sheetXml.matchAll(/<brk id="(\d+)"/g)].map((match) => Number(match[1]));
    expect(breaks).toEqual([districtRows[1] - 1]);
  });

  it('lists every illustrative table on the Assumptions sheet, to which the Summary points in words (new-user review u2, 13)', () => {
    const summaryBox = String(sheetNamed(workbook, SHEET_NAMES.summary).getCell('A3').value);
    const assumptions = sheetText(sheetNamed(workbook, SHEET_NAMES.assumptions));
    expect(assumptions).toContain('projects.csv (6 of 6 projects)');
    expect(assumptions).toContain('funding.csv (2 of 2 sources)');
    expect(summaryBox).toContain(`The ${SHEET_NAMES.assumptions} sheet lists the model's tables with illustrative rows`);
    expect(summaryBox).not.toContain('.csv');
  });

  it.skipIf(!canRender)('prints the introduction on one page, then each district on pages of its own, the title and illustrative line on each', () => {
    const pages = printedPages(path.join(runFolder, RUN_FILES.workbook));
    const introduction = pages.filter((page) => sheetOfPage(page) === `Annex C: ${ONE_PLAN_INTRODUCTION_SHEET}`);
    expect(introduction).toHaveLength(1);
    expect(flattened(introduction[0])).toContain('is a planning assumption, not a fact');
    const table = pages.filter((page) => sheetOfPage(page) === `Annex C: ${ONE_PLAN_SHEET}`);
    expect(pages.indexOf(table[0])).toBe(pages.indexOf(introduction[0]) + 1);
    expect(table.length).toBeGreaterThanOrEqual(2);
    for (const page of table) {
      expect(page.trimStart().startsWith('Annex C. One Plan by district')).toBe(true);
      expect(flattened(page)).toContain("Illustrative inputs: some of the model's figures are not official figures (see the model's illustrative note).");
      expect(page.includes('DC1 West Coast') && page.includes('DC2 Cape Winelands')).toBe(false);
    }
    // Across before down: DC1's pages (its columns, then its years and sources) all come before DC2's first.
    const firstOfDc2 = table.findIndex((page) => page.includes('DC2 Cape Winelands'));
    expect(firstOfDc2).toBeGreaterThanOrEqual(2);
    expect(table.slice(0, firstOfDc2).some((page) => page.includes('From MIG'))).toBe(true);
  }, PRINTING_TEST_TIMEOUT_MS);
});
