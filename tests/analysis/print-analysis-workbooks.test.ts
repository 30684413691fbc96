/**
 * The stress, sweep and frontier workbooks as an official prints them: each produced from the tiny
 * fixture as its command writes it (30 overrun draws, so the Draws table runs onto a second page;
 * three budget levels; five households levels), all three rendered to PDF by one LibreOffice call,
 * and every sheet read back page by page with the place of each printed word. The workbooks
 * themselves are read back with exceljs for what each sheet should show: its title rows, table
 * header, rows (each cell as its number format shows it) and notes. Skipped, with a note, where
 * LibreOffice or poppler-utils is missing.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRONTIER_WORKBOOK, runFrontier } from '../../src/analysis/run-frontier.js';
import { runStress, STRESS_WORKBOOK } from '../../src/analysis/run-stress.js';
import { runSweep, SWEEP_WORKBOOK } from '../../src/analysis/run-sweep.js';
import { CHART_SHEET, DATA_SOURCES_SHEET } from '../../src/analysis/reports/workbook-parts.js';
import { STRESS_SHEETS } from '../../src/analysis/reports/stress-workbook.js';
import { ILLUSTRATIVE_INPUTS_LINE, LANDSCAPE_PRINTABLE_HEIGHT_POINTS, LANDSCAPE_PRINTABLE_WIDTH_POINTS, PRINT_MARGINS_INCHES } from '../../src/report/format.js';
import { temporaryFolder, TINY_MODEL } from './helpers.js';
import { canListImages, canRender, overprintedWords, printWorkbooks, SHARED_LINE_POINTS, sheetOfPage, verticalOverlapPoints, type PrintedLine, type PrintedPage, PRINTING_TEST_TIMEOUT_MS } from './print-helpers.js';

/** Smallest type a table may print at, points (as tests/report/print.test.ts asks of the plan's tables). */
const MIN_PRINTED_POINTS = 7.9;

/** Overrun draws: enough that the Draws table (a wrapped sentence per draw) needs a second page. */
const DRAWS = 30;

/**
 * Printed pages each sheet takes (on LibreOffice with Carlito, Calibri's metric twin): every table
 * one page but the thirty draws, each chart a page of its own.
 */
const EXPECTED_PAGES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  [STRESS_WORKBOOK]: { [STRESS_SHEETS.summary]: 1, [STRESS_SHEETS.projects]: 1, [STRESS_SHEETS.draws]: 2, [CHART_SHEET]: 1, [DATA_SOURCES_SHEET]: 1 },
  [SWEEP_WORKBOOK]: { Frontier: 1, [CHART_SHEET]: 1, [DATA_SOURCES_SHEET]: 1 },
  [FRONTIER_WORKBOOK]: { Frontier: 1, [CHART_SHEET]: 1, [DATA_SOURCES_SHEET]: 1 },
};

/** What one sheet should print, read back from the workbook file. */
interface SheetExpectation {
  readonly name: string;
  /** Texts of the repeated title rows: the title, then the illustrative-inputs line with the sheet's note. */
  readonly titleRows: readonly string[];
  /** Table headers, left to right (none on the chart sheet). */
  readonly headers: readonly string[];
  /** Per table row, the text its first printed line starts with: every cell as shown, left to right, and the first word of a wrapped one. */
  readonly rows: readonly string[];
  /** Note lines under the table. */
  readonly notes: readonly string[];
  /** Texts of the table's wrapped cells (a sentence on how a draw or a level was solved). */
  readonly wrapped: readonly string[];
  /** Captions of the charts (chart sheet only). */
  readonly captions: readonly string[];
}

/** A text without its white space: pdftotext joins or splits words where cells meet and lines wrap. */
const compact = (text: string): string => text.replace(/\s+/g, '');

/** Words of a text, a hyphenated word split after its hyphens as LibreOffice may wrap it. */
function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '').flatMap((word) => word.split(/(?<=-)(?=.)/));
}

/** A number as the workbook's number formats show it. */
function shown(value: number, numberFormat: string | undefined): string {
  const grouped = (amount: number, decimals: number): string => amount.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  const decimalsOf = (format: string): number => /\.(0+)/.exec(format)?.[1].length ?? 0;
  if (numberFormat === undefined || numberFormat === 'General') return String(value);
  const positive = numberFormat.split(';')[0];
  if (positive.endsWith('%')) return `${(value * 100).toFixed(decimalsOf(positive))}%`;
  if (positive.endsWith(',,')) return grouped(value / 1e6, decimalsOf(positive));
  if (positive.startsWith('#,##')) return grouped(value, decimalsOf(positive));
  if (/^0(\.0+)?$/.test(positive)) return value.toFixed(decimalsOf(positive));
  throw new Error(`no rule for number format ${numberFormat}`);
}

/** A cell's text as printed: strings as they are, numbers and formula results through the cell's format. */
function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return shown(value, cell.numFmt);
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((run) => run.text).join('');
  // exceljs reads a formula's cached 0 (<v>0</v>) back as no result.
  if (typeof value === 'object' && 'formula' in value && (value.result === undefined || typeof value.result === 'number')) return shown(value.result ?? 0, cell.numFmt);
  throw new Error(`no rule for the value of ${cell.address}`);
}

/** What `sheet` should print: its title rows, header, rows and notes. */
function expectationOf(sheet: ExcelJS.Worksheet): SheetExpectation {
  const titleRowCount = Number(/^1:(\d+)$/.exec(sheet.pageSetup.printTitlesRow ?? '')?.[1] ?? 0);
  expect(titleRowCount, `${sheet.name} repeats its title rows`).toBeGreaterThan(0);
  const isChartSheet = sheet.name === CHART_SHEET;
  // A table sheet's last title row is its header; a chart sheet repeats only the title and the illustrative line.
  const headerRow = isChartSheet ? null : titleRowCount;
  const titleRows: string[] = [];
  for (let rowNumber = 1; rowNumber <= (headerRow ?? titleRowCount + 1) - 1; rowNumber += 1) titleRows.push(cellText(sheet.getCell(rowNumber, 1)));
  const headers: string[] = [];
  if (headerRow !== null) sheet.getRow(headerRow).eachCell((cell) => headers.push(cellText(cell)));
  const rows: string[] = [];
  const notes: string[] = [];
  const captions: string[] = [];
  const wrapped: string[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber <= titleRowCount) return;
    const first = row.getCell(1);
    if (isChartSheet) {
      if (typeof first.value === 'string') captions.push(first.value);
      return;
    }
    if (first.font?.italic === true) {
      notes.push(cellText(first));
      return;
    }
    const parts: string[] = [];
    for (let column = 1; column <= headers.length; column += 1) {
      const cell = row.getCell(column);
      const text = cellText(cell);
      if (text === '') continue;
      // A wrapped sentence starts on the row's first line; where it wraps is LibreOffice's to say.
      if (cell.alignment?.wrapText === true) wrapped.push(text);
      parts.push(cell.alignment?.wrapText === true ? words(text)[0] : text);
    }
    if (parts.length > 0) rows.push(parts.join(' '));
  });
  return { name: sheet.name, titleRows, headers, rows, notes, wrapped, captions };
}

/** The pages of `sheetName` among a workbook's printed pages. */
const pagesOfSheet = (pages: readonly PrintedPage[], sheetName: string): PrintedPage[] => pages.filter((page) => sheetOfPage(page.text) === sheetName);

/** Words of `lines` as a sorted list, to compare as a multiset. */
const wordBag = (texts: readonly string[]): string[] => texts.flatMap(words).sort();

/**
 * Split a page of a sheet into its repeated title lines, its header band and the rest: the title
 * lines are the first lines whose words make up the title rows' words (all of them, or the test
 * fails: a title or note cut across pages), the band every line from there to the first line of a
 * table row.
 */
function partsOfPage(page: PrintedPage, expectation: SheetExpectation): { title: PrintedLine[]; band: PrintedLine[]; body: PrintedLine[] } {
  const remaining = wordBag(expectation.titleRows);
  let index = 0;
  while (remaining.length > 0 && index < page.lines.length) {
    for (const word of page.lines[index].words.flatMap((printed) => words(printed.text))) {
      const at = remaining.indexOf(word);
      expect(at, `${expectation.name}: '${word}' of line '${page.lines[index].text}' is not in the title rows, which are not yet whole`).toBeGreaterThanOrEqual(0);
      remaining.splice(at, 1);
    }
    index += 1;
  }
  expect(remaining, `${expectation.name}: words of the title rows not printed at the top of the page`).toEqual([]);
  // The band ends at a table row or, on a page the notes under the table run onto, at a note.
  const startsBody = (line: PrintedLine): boolean => [...expectation.rows, ...expectation.notes.map((note) => words(note).slice(0, 3).join(' '))].some((start) => compact(line.text).startsWith(compact(start)));
  let end = index;
  while (end < page.lines.length && !startsBody(page.lines[end])) end += 1;
  return { title: page.lines.slice(0, index), band: page.lines.slice(index, end), body: page.lines.slice(end) };
}

describe.runIf(canRender)('the printed stress, sweep and frontier workbooks (LibreOffice, A4 landscape)', () => {
  /** Per workbook file name: its sheets' expectations, in sheet order, and its printed pages. */
  const printed = new Map<string, { sheets: SheetExpectation[]; pages: PrintedPage[] }>();
  let outDir = '';

  beforeAll(async () => {
    outDir = await temporaryFolder('infraplan-print-analysis-');
    const options = { workers: 1, outDir };
    const stress = await runStress({ modelPath: TINY_MODEL, draws: DRAWS, seed: 1 }, options);
    const sweep = await runSweep({ modelPath: TINY_MODEL, budgetFactors: [0.5, 1, 1.5] }, options);
    const frontier = await runFrontier({ modelPath: TINY_MODEL, points: 5 }, options);
    const files = [path.join(stress.folder!, STRESS_WORKBOOK), path.join(sweep.folder!, SWEEP_WORKBOOK), path.join(frontier.folder!, FRONTIER_WORKBOOK)];
    const rendered = printWorkbooks(files);
    for (const [index, file] of files.entries()) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(file);
      printed.set(path.basename(file), { sheets: workbook.worksheets.map(expectationOf), pages: rendered[index] });
    }
  }, PRINTING_TEST_TIMEOUT_MS);
  afterAll(() => {
    if (outDir !== '') rmSync(outDir, { recursive: true, force: true });
  });

  const each = (check: (workbook: string, sheet: SheetExpectation, pages: PrintedPage[]) => void): void => {
    expect(printed.size).toBe(3);
    for (const [workbook, { sheets, pages }] of printed) for (const sheet of sheets) check(workbook, sheet, pagesOfSheet(pages, sheet.name));
  };

  it('prints every sheet on A4 landscape in the pages it needs, in sheet order, every page footed with its sheet', () => {
    for (const [workbook, { sheets, pages }] of printed) {
      expect(sheets.map((sheet) => sheet.name), workbook).toEqual(Object.keys(EXPECTED_PAGES[workbook]));
      for (const sheet of sheets) expect(pagesOfSheet(pages, sheet.name).length, `${workbook} ${sheet.name}`).toBe(EXPECTED_PAGES[workbook][sheet.name]);
      // Every page is some sheet's, and the sheets follow one another.
      const order = pages.map((page) => sheets.findIndex((sheet) => sheet.name === sheetOfPage(page.text)));
      expect(order.every((position, index) => position >= 0 && (index === 0 || position >= order[index - 1])), `${workbook}: ${order.join(',')}`).toBe(true);
    }
  });

  it('starts every page of every sheet with its title and the illustrative-inputs line, whole', () => {
    each((workbook, sheet, pages) => {
      expect(sheet.titleRows[0], `${workbook} ${sheet.name}`).not.toBe('');
      expect(sheet.titleRows.some((text) => text.startsWith(ILLUSTRATIVE_INPUTS_LINE)), `${workbook} ${sheet.name}`).toBe(true);
      for (const page of pages) {
        expect([page.widthPoints, page.heightPoints].map(Math.round), `${workbook} ${sheet.name}: A4 landscape`).toEqual([842, 595]);
        expect(compact(sheet.titleRows[0]).startsWith(compact(page.lines[0].text)), `${workbook} ${sheet.name}: the page starts with the title`).toBe(true);
        partsOfPage(page, sheet);
      }
    });
  });

  it('prints every header of every table whole between the title rows and the first row, on every page of the table', () => {
    let tables = 0;
    each((workbook, sheet, pages) => {
      if (sheet.headers.length === 0) return;
      tables += 1;
      for (const page of pages) {
        const { title, band, body } = partsOfPage(page, sheet);
        // Exactly the headers' words: a header cut short, or the note or a row run into the band, fails.
        expect(wordBag(band.map((line) => line.text)), `${workbook} ${sheet.name}`).toEqual(wordBag(sheet.headers));
        // Within the header row: a header taller than its row is clipped on paper (LibreOffice still
        // places the hidden lines in the PDF, over the note above and the first row below).
        const bandWords = band.flatMap((line) => line.words);
        for (const [neighbour, where] of [[title.at(-1), 'the title rows'], [body[0], 'the first row']] as const) {
          if (neighbour === undefined) continue;
          const overlap = Math.max(...bandWords.flatMap((word) => neighbour.words.map((other) => verticalOverlapPoints(word, other))));
          expect(overlap, `${workbook} ${sheet.name}: the header reaches into ${where}`).toBeLessThanOrEqual(SHARED_LINE_POINTS);
        }
      }
    });
    // Stress summary, projects and draws, the two frontiers, and each workbook's Data sources.
    expect(tables).toBe(8);
  });

  it('prints each row\'s identifier and its results on one line, every row once, a page breaking only between rows', () => {
    each((workbook, sheet, pages) => {
      if (sheet.headers.length === 0) return;
      // Data sources has two rows (the Stats SA credit and the illustrative note); every other table more.
      expect(sheet.rows.length, `${workbook} ${sheet.name}`).toBeGreaterThan(sheet.name === DATA_SOURCES_SHEET ? 1 : 2);
      const bodies = pages.map((page) => partsOfPage(page, sheet).body);
      for (const row of sheet.rows) {
        const starts = bodies.flat().filter((line) => compact(line.text).startsWith(compact(row)));
        expect(starts.length, `${workbook} ${sheet.name}: ${row}`).toBe(1);
      }
      // A table continued on the next page goes on from the row after the last one printed (under its repeated header, checked above).
      const rowsOn = bodies.map((lines) => sheet.rows.map((row, index) => (lines.some((line) => compact(line.text).startsWith(compact(row))) ? index : -1)).filter((index) => index >= 0));
      const printedOrder = rowsOn.flat();
      expect(printedOrder, `${workbook} ${sheet.name}: rows in order`).toEqual(sheet.rows.map((_, index) => index));
    });
  });

  it('prints every note under a table and every wrapped sentence in it whole on one page', () => {
    let notes = 0;
    let sentences = 0;
    each((workbook, sheet, pages) => {
      // A wrapped cell's lines below its row's first line hold only its text, so the page's text runs through it.
      // Draws solved alike share a sentence: each is printed as often as the table holds it.
      const pageTexts = pages.map((page) => compact(page.lines.map((line) => line.text).join(' ')));
      for (const sentence of new Set(sheet.wrapped)) {
        sentences += 1;
        const printedTimes = pageTexts.reduce((count, text) => count + text.split(compact(sentence)).length - 1, 0);
        expect(printedTimes, `${workbook} ${sheet.name}: ${sentence}`).toBe(sheet.wrapped.filter((text) => text === sentence).length);
      }
      for (const note of sheet.notes) {
        notes += 1;
        const holding = pages.filter((page) => compact(page.lines.map((line) => line.text).join(' ')).includes(compact(note)));
        expect(holding.length, `${workbook} ${sheet.name}: ${note}`).toBe(1);
      }
    });
    expect(notes).toBeGreaterThanOrEqual(10);
    expect(sentences).toBeGreaterThanOrEqual(3);
  });

  it('prints every word at a readable size, none over another or past the printable width', () => {
    each((workbook, sheet, pages) => {
      for (const page of pages) {
        // A word's box is the font's full height, 1.3 times its size in Carlito: no sheet shrinks below about 8 points to fit the page.
        const smallest = Math.min(...page.lines.flatMap((line) => line.words).map((word) => (word.yMax - word.yMin) / 1.3));
        expect(smallest, `${workbook} ${sheet.name}: smallest type, points`).toBeGreaterThanOrEqual(MIN_PRINTED_POINTS);
        expect(overprintedWords(page).map(([one, other]) => `${one.text} / ${other.text}`), `${workbook} ${sheet.name}`).toEqual([]);
        const right = page.widthPoints - 72 * PRINT_MARGINS_INCHES.right + 1;
        expect(page.lines.flatMap((line) => line.words).filter((word) => word.xMax > right).map((word) => word.text), `${workbook} ${sheet.name}`).toEqual([]);
      }
    });
  });

  it.runIf(canListImages)('prints each chart whole on a page of its own, under its caption, within the printable area', () => {
    each((workbook, sheet, pages) => {
      if (sheet.name !== CHART_SHEET) {
        for (const page of pages) expect(page.images, `${workbook} ${sheet.name}`).toEqual([]);
        return;
      }
      expect(pages.length, workbook).toBe(sheet.captions.length);
      pages.forEach((page, index) => {
        const { band, body } = partsOfPage(page, sheet);
        expect(compact([...band, ...body].map((line) => line.text).join(' ')), workbook).toContain(compact(sheet.captions[index]));
        expect(page.images, workbook).toHaveLength(1);
        const [image] = page.images;
        expect(image.widthPoints, workbook).toBeLessThanOrEqual(LANDSCAPE_PRINTABLE_WIDTH_POINTS);
        expect(image.heightPoints, workbook).toBeLessThanOrEqual(LANDSCAPE_PRINTABLE_HEIGHT_POINTS);
        // Printed at a readable size: more than half the page's width or height.
        expect(Math.max(image.widthPoints / LANDSCAPE_PRINTABLE_WIDTH_POINTS, image.heightPoints / LANDSCAPE_PRINTABLE_HEIGHT_POINTS), workbook).toBeGreaterThan(0.5);
      });
    });
  });
});
