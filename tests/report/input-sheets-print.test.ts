/**
 * The four Input sheets as an official prints them (issue 15): written alone for two small models,
 * rendered to PDF by LibreOffice (A4 landscape, as each sheet's page setup asks) and read back
 * with pdftotext. Every word of every text cell prints whole, never broken by a column narrower
 * than it (`thusong_h ub`, `Illustrativ e`, `sanitatio n`), each sheet one page wide; and a
 * backlog of people (Thusong) is in a column of its own, never under Backlog households nor in
 * the households total. The models: the Thusong fixture with one more project whose long id
 * (as the master plan generates them) widens the id column, and the hand-built report fixture
 * (water and sanitation, so the longest policy key). Skipped, with a note, where LibreOffice or
 * poppler-utils is missing.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import type { Plan } from '../../src/plan/types.js';
import { CHARACTERS_PER_LANDSCAPE_PAGE } from '../../src/report/format.js';
import { addInputSheets } from '../../src/report/sheets/input-sheets.js';
import { SHEET_NAMES, type ReportContext } from '../../src/report/sheets/report-context.js';
import { fixtureDataset, fixturePlan } from './fixtures.js';
import { columnStartingWith, formulaCell, rowStartingWith, sheetNamed, temporaryFolder } from './helpers.js';
import { canRender, libreOffice, pdfToText, LIBREOFFICE_HANG_GUARD_MS, PRINTING_TEST_TIMEOUT_MS } from '../analysis/print-helpers.js';

if (!canRender) console.warn('LibreOffice (soffice) or pdftotext (poppler-utils) is not on PATH: skipping the print check of the input sheets.');

const INPUT_SHEETS = [SHEET_NAMES.inputNeeds, SHEET_NAMES.inputProjects, SHEET_NAMES.inputEnvelopes, SHEET_NAMES.inputPolicy];
/** A project id as long as the master plan's (`WC051-W-SRC-2-groundwater`): it widens the id column. */
const LONG_ID = 'WC011-W-SRC-1-groundwater';

/** One model's input sheets: the workbook as written and read back, and the printed pages' text. */
interface Rendered {
  readonly workbook: ExcelJS.Workbook;
  readonly pages: readonly string[];
}

let workFolder: string;
let thusong: Rendered;
let waterAndSanitation: Rendered;

/** The Thusong fixture with one more water project: a long id, the longest type code, four sources and years, a prerequisite and a group. */
function withLongProject(dataset: Dataset): Dataset {
  const water = dataset.projects.find((project) => project.id === 'WC011-W-01')!;
  const long = {
    ...water,
    id: LONG_ID,
    type: 'wastewater_treatment_upgrade',
    cashFlowRandByBuildYear: [105_000_000, 236_300_000, 183_800_000, 12_300_000],
    fundingSourceIds: [...dataset.fundingSources.map((source) => source.id)],
    prerequisiteIds: ['WC011-W-01'],
    exclusiveGroup: 'WC011-W-SRC-1',
  };
  return { ...dataset, projects: [...dataset.projects, long] };
}

/** The shape of a plan the input sheets read (years, kind, scenario, overrides), for a dataset without solving it. */
function planFor(dataset: Dataset): Plan {
  const years = Array.from({ length: dataset.config.horizonYears }, (_, index) => dataset.config.baseFinancialYear + index);
  return { ...fixturePlan(), financialYears: years, scenarioName: 'baseline', overridesApplied: [] } as Plan;
}

async function writeInputSheets(dataset: Dataset, plan: Plan, file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  addInputSheets(workbook, { plan, dataset } as Pick<ReportContext, 'plan' | 'dataset'> as ReportContext);
  await workbook.xlsx.writeFile(file);
  const read = new ExcelJS.Workbook();
  await read.xlsx.readFile(file);
  return read;
}

function printedPages(pdfFile: string): string[] {
  // pdftotext separates pages with a form feed; -layout keeps a table row on a line.
  const text = execFileSync(pdfToText!, ['-layout', pdfFile, '-'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return text.split('\f').filter((page, index, pages) => index < pages.length - 1 || page.trim() !== '');
}

beforeAll(async () => {
  if (!canRender) return;
  workFolder = temporaryFolder('infraplan-input-print-');
  const thusongDataset = withLongProject(await loadModel('tests/fixtures/thusong'));
  const files = { thusong: path.join(workFolder, 'thusong.xlsx'), waterAndSanitation: path.join(workFolder, 'water-and-sanitation.xlsx') };
  const thusongWorkbook = await writeInputSheets(thusongDataset, planFor(thusongDataset), files.thusong);
  const tinyWorkbook = await writeInputSheets(fixtureDataset(), fixturePlan(), files.waterAndSanitation);
  // One LibreOffice start for both workbooks.
  execFileSync(libreOffice!, ['-env:UserInstallation=file://' + path.join(workFolder, 'profile'), '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', workFolder, files.thusong, files.waterAndSanitation], {
    stdio: 'pipe',
    timeout: LIBREOFFICE_HANG_GUARD_MS,
  });
  thusong = { workbook: thusongWorkbook, pages: printedPages(path.join(workFolder, 'thusong.pdf')) };
  waterAndSanitation = { workbook: tinyWorkbook, pages: printedPages(path.join(workFolder, 'water-and-sanitation.pdf')) };
}, PRINTING_TEST_TIMEOUT_MS);
afterAll(() => {
  if (workFolder) rmSync(workFolder, { recursive: true, force: true });
});

/** The text of a cell as printed: a string, or the runs of rich text joined; null for numbers, formulas and empty cells. */
function cellText(cell: ExcelJS.Cell): string | null {
  const value = cell.value;
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && 'richText' in value) return value.richText.map((run) => run.text).join('');
  return null;
}

/**
 * The pieces of a word a line may rightly end between: after a hyphen or dash (`WC011-W-` then
 * `SRC-1`), which is where a spreadsheet wraps a hyphenated id; anything else is one piece.
 */
const piecesOf = (word: string): string[] => word.split(/(?<=[-–])/).filter((piece) => piece !== '');

function countPieces(words: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of words) for (const piece of piecesOf(word)) counts.set(piece, (counts.get(piece) ?? 0) + 1);
  return counts;
}

/**
 * The pieces of words in the sheets' text cells that the printed pages hold fewer times than the
 * cells do: a word broken across two lines (`thusong_h` / `ub`) or run into the next column prints
 * as other words. Headers and the note repeat on every page, so a word printed more often is fine.
 * A merged cell counts once.
 */
function wordsNotPrintedWhole(rendered: Rendered): string[] {
  const cellWords: string[] = [];
  for (const name of INPUT_SHEETS) {
    sheetNamed(rendered.workbook, name).eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.isMerged && cell.master.address !== cell.address) return;
        cellWords.push(...(cellText(cell) ?? '').split(/\s+/).filter((word) => word !== ''));
      }),
    );
  }
  const printed = countPieces(rendered.pages.join('\n').split(/\s+/).filter((word) => word !== ''));
  return [...countPieces(cellWords)].filter(([piece, count]) => (printed.get(piece) ?? 0) < count).map(([piece, count]) => `${piece} (${count} in the cells, ${printed.get(piece) ?? 0} printed)`);
}

/** The printed pages of one sheet, by the footer (`&A`, the sheet name, then `Page n of N`). */
const pagesOf = (rendered: Rendered, sheetName: string): string[] => rendered.pages.filter((page) => new RegExp(`^\\s*${sheetName}\\s{2,}Page \\d+ of \\d+\\s*$`, 'm').test(page));

describe.runIf(canRender)('the printed input sheets (LibreOffice, A4 landscape)', () => {
  it('prints every word of every text cell whole: no column is narrower than a word it holds', () => {
    expect(wordsNotPrintedWhole(thusong)).toEqual([]);
    expect(wordsNotPrintedWhole(waterAndSanitation)).toEqual([]);
  });

  it('keeps a long id, a centre type and the Illustrative header whole on Input projects, one page wide', () => {
    const pages = pagesOf(thusong, SHEET_NAMES.inputProjects);
    expect(pages.length).toBeGreaterThan(0);
    const text = pages.join('\n');
    expect(text).toContain(LONG_ID);
    // The type in words on one line: `thusong hub`, not `thusong_h` over `ub`.
    expect(text).toMatch(/ thusong hub /);
    // Every page holds the first column and the last: nothing spills onto a page of its own.
    for (const page of pages) {
      expect(page).toMatch(/^\s*Project id\s/m);
      expect(page).toMatch(/\sIllustrative\s*$/m);
    }
    for (const rendered of [thusong, waterAndSanitation]) {
      for (const name of INPUT_SHEETS) {
        const sheet = sheetNamed(rendered.workbook, name);
        let width = 0;
        for (let column = 1; column <= sheet.columnCount; column += 1) width += sheet.getColumn(column).width ?? 9;
        expect(sheet.pageSetup.fitToWidth, name).toBe(1);
        expect(width, name).toBeLessThanOrEqual(CHARACTERS_PER_LANDSCAPE_PAGE * 1.05);
      }
    }
  });

  it('keeps the longest policy key whole and a long value inside its column on Input policy', () => {
    const text = pagesOf(waterAndSanitation, SHEET_NAMES.inputPolicy).join('\n');
    expect(text).toMatch(/^\s*policy\.allocation_cost_per_household_rand\.sanitation\s/m);
    // The value wraps in its column; it does not run into the meaning beside it.
    expect(text).not.toMatch(/onlyAllocation|onAllocation/);
  });
});

describe.runIf(canRender)('Input needs: a backlog of people is not counted as households', () => {
  it('puts a facility service backlog under Backlog people, out of the households column and its total', () => {
    const sheet = sheetNamed(thusong.workbook, SHEET_NAMES.inputNeeds);
    const headerRow = rowStartingWith(sheet, 'Code').number;
    const householdsColumn = columnStartingWith(sheet, headerRow, 'Backlog households');
    const peopleColumn = columnStartingWith(sheet, headerRow, 'Backlog people');
    let householdsOfWater = 0;
    let people = 0;
    let thusongRows = 0;
    for (let rowNumber = headerRow + 1; rowNumber < rowStartingWith(sheet, 'Total').number; rowNumber += 1) {
      const row = sheet.getRow(rowNumber);
      const service = row.getCell(3).value;
      if (service === 'thusong') {
        thusongRows += 1;
        expect(row.getCell(householdsColumn).value ?? '', `row ${rowNumber}`).toBe('');
        people += Number(row.getCell(peopleColumn).value);
      } else {
        expect(row.getCell(peopleColumn).value ?? '', `row ${rowNumber}`).toBe('');
        householdsOfWater += Number(row.getCell(householdsColumn).value);
      }
    }
    // From tests/fixtures/thusong/needs.csv: water 1,500 + 700 + 900 households; Thusong 34,000 + 56,000 + 70,000 people.
    expect(thusongRows).toBe(3);
    expect(householdsOfWater).toBe(3100);
    expect(people).toBe(160_000);
    const total = rowStartingWith(sheet, 'Total');
    expect(formulaCell(total.getCell(householdsColumn)).result).toBe(3100);
    expect(formulaCell(total.getCell(peopleColumn)).result).toBe(160_000);
    // The note says which unit each service counts in.
    expect(cellText(sheet.getCell('A2'))).toContain('households for Water; people for Thusong service centres');
  });

  it('prints the people under Backlog people: the Thusong rows and the households total carry no people', () => {
    const lines = pagesOf(thusong, SHEET_NAMES.inputNeeds).join('\n').split('\n');
    expect(lines.some((line) => /\bBacklog people\b/.test(line))).toBe(true);
    const totalLine = lines.find((line) => /^\s*Total\s/.test(line))!;
    // Households total first, then the people total, each in its own column.
    expect(totalLine.trim().split(/\s+/)).toEqual(['Total', '3,100', '160,000']);
  });

  it('keeps one backlog column, Backlog households, for a model of water and sanitation', () => {
    const sheet = sheetNamed(waterAndSanitation.workbook, SHEET_NAMES.inputNeeds);
    const header = sheet.getRow(rowStartingWith(sheet, 'Code').number);
    const headers = (header.values as unknown[]).filter((value) => typeof value === 'string' && value.startsWith('Backlog'));
    expect(headers).toEqual(['Backlog households']);
  });
});
