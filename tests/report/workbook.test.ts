/**
 * The investment-plan workbook read back with exceljs: sheets, live totals whose cached results
 * equal the hand-computed figures of the fixture plan, labels, frozen panes, print setup, document
 * properties, and free text that looks like a formula arriving as text.
 */
import { rmSync } from 'node:fs';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHEET_NAMES } from '../../src/report/sheets/report-context.js';
import { SUMMARY_CELLS } from '../../src/report/sheets/summary-sheet.js';
import { ONE_PLAN_SHEET } from '../../src/report/sheets/one-plan-sheet.js';
import { CHARACTERS_PER_LANDSCAPE_PAGE, ILLUSTRATIVE_INPUTS_LINE, columnLetter as columnLetterOf, proseLineCount, textWidthUnits, wrappedLineCount } from '../../src/report/format.js';
import { EXPECTED, FLOOR_WARNING, FORMULA_LIKE_DESCRIPTION, fixtureDataset, fixturePlan } from './fixtures.js';
import { writeRunFolder } from '../../src/report/write-run.js';
import { columnStartingWith, formulaCell, readRunWorkbook, rowStartingWith, sheetNamed, temporaryFolder, writeFixtureRun } from './helpers.js';
import { expectClose, RAND, SOLVER } from '../tolerance.js';

const HEADER_ROW = 3;
let outDir: string;
let workbook: ExcelJS.Workbook;

beforeAll(async () => {
  outDir = temporaryFolder();
  workbook = await readRunWorkbook(await writeFixtureRun(outDir));
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Assert a cell is a live SUM whose cached result equals the expected rand. */
function expectSumOfRand(cell: ExcelJS.Cell, expectedRand: number): void {
  const { formula, result } = formulaCell(cell);
  expect(formula).toMatch(/^SUM\([A-Z]+\d+:[A-Z]+\d+\)$/);
  expectClose(result, expectedRand, RAND, `${cell.worksheet.name}!${cell.address} cached ${result}, expected ${expectedRand}`);
}

describe('investment-plan workbook', () => {
  it('has the sheets an official reviews, Summary first', () => {
    const names = workbook.worksheets.map((sheet) => sheet.name);
    expect(names[0]).toBe(SHEET_NAMES.summary);
    for (const name of Object.values(SHEET_NAMES).filter((name) => name !== SHEET_NAMES.allocations)) expect(names).toContain(name);
  });

  it('totals the funded projects with live SUMs equal to the plan', () => {
    const sheet = sheetNamed(workbook, SHEET_NAMES.fundedProjects);
    const total = rowStartingWith(sheet, 'Total');
    expect(total.getCell(1).value).toBe('Total (4 projects)');
    expectSumOfRand(total.getCell(columnStartingWith(sheet, HEADER_ROW, 'Capex')), EXPECTED.fundedCapexRand);
    // The MTEF (the first three years, 2026/27 to 2028/29) beside what the projects cost.
    const mtefRand = EXPECTED.spendingByYearRand[2026] + EXPECTED.spendingByYearRand[2027] + EXPECTED.spendingByYearRand[2028];
    expectSumOfRand(total.getCell(columnStartingWith(sheet, HEADER_ROW, 'MTEF 2026/27 to 2028/29')), mtefRand);
    const byYear = sheetNamed(workbook, SHEET_NAMES.fundedByYear);
    const byYearTotal = rowStartingWith(byYear, 'Total');
    for (const [year, label] of [[2026, '2026/27'], [2027, '2027/28'], [2028, '2028/29'], [2029, '2029/30']] as const) {
      expectSumOfRand(byYearTotal.getCell(columnStartingWith(byYear, HEADER_ROW, label)), EXPECTED.spendingByYearRand[year]);
    }
    expectSumOfRand(byYearTotal.getCell(columnStartingWith(byYear, HEADER_ROW, 'MTEF')), mtefRand);
    expectSumOfRand(byYearTotal.getCell(columnStartingWith(byYear, HEADER_ROW, 'Total')), EXPECTED.plannedSpendingRand);
    expectSumOfRand(byYearTotal.getCell(columnStartingWith(byYear, HEADER_ROW, 'From MIG')), EXPECTED.spendingBySourceRand.MIG);
    expectSumOfRand(byYearTotal.getCell(columnStartingWith(byYear, HEADER_ROW, 'From RBIG')), EXPECTED.spendingBySourceRand.RBIG);
    const households = formulaCell(total.getCell(columnStartingWith(sheet, HEADER_ROW, 'Households')));
    expect(households.result).toBe(EXPECTED.householdsServed.water + EXPECTED.householdsServed.sanitation);
  });

  it('labels financial years 2026/27 and start and completion years on each project', () => {
    const sheet = sheetNamed(workbook, SHEET_NAMES.fundedProjects);
    const row = rowStartingWith(sheet, 'WC011-S-01');
    expect(row.getCell(columnStartingWith(sheet, HEADER_ROW, 'Start year')).value).toBe('2027/28');
    expect(row.getCell(columnStartingWith(sheet, HEADER_ROW, 'Completion year')).value).toBe('2028/29');
    const byYear = sheetNamed(workbook, SHEET_NAMES.fundedByYear);
    expect(byYear.getRow(HEADER_ROW).getCell(columnStartingWith(byYear, HEADER_ROW, '2026/27')).value).toBe('2026/27 (R million)');
  });

  it('keeps rand in the cells and shows R million through the number format', () => {
    const sheet = sheetNamed(workbook, SHEET_NAMES.fundedProjects);
    const cell = rowStartingWith(sheet, 'WC011-W-01').getCell(columnStartingWith(sheet, HEADER_ROW, 'Capex'));
    expect(cell.value).toBe(30_000_000);
    expect(cell.numFmt).toContain('#,##0.0,,');
  });

  it('cross-tabulates spending by municipality, district, service and source with row, column and grand totals', () => {
    const cases: [string, Record<string, number>][] = [
      [SHEET_NAMES.spendingByMunicipality, EXPECTED.spendingByMunicipalityRand],
      [SHEET_NAMES.spendingByDistrict, EXPECTED.spendingByDistrictRand],
      [SHEET_NAMES.spendingByService, { Water: EXPECTED.spendingByServiceRand.water, Sanitation: EXPECTED.spendingByServiceRand.sanitation }],
      [SHEET_NAMES.spendingBySource, EXPECTED.spendingBySourceRand],
    ];
    for (const [sheetName, expectedByRow] of cases) {
      const sheet = sheetNamed(workbook, sheetName);
      const totalColumn = columnStartingWith(sheet, HEADER_ROW, 'Total');
      for (const [rowLabel, expectedRand] of Object.entries(expectedByRow)) expectSumOfRand(rowStartingWith(sheet, rowLabel).getCell(totalColumn), expectedRand);
      const totalRow = rowStartingWith(sheet, 'Total');
      expectSumOfRand(totalRow.getCell(totalColumn), EXPECTED.plannedSpendingRand);
      expectSumOfRand(totalRow.getCell(columnStartingWith(sheet, HEADER_ROW, '2027/28')), EXPECTED.spendingByYearRand[2027]);
      // The MTEF subtotal sits beside the horizon total, which adds the year columns only.
      const mtefColumn = columnStartingWith(sheet, HEADER_ROW, 'MTEF 2026/27 to 2028/29');
      expect(mtefColumn).toBe(totalColumn - 1);
      expectSumOfRand(totalRow.getCell(mtefColumn), EXPECTED.spendingByYearRand[2026] + EXPECTED.spendingByYearRand[2027] + EXPECTED.spendingByYearRand[2028]);
      expect(formulaCell(rowStartingWith(sheet, Object.keys(expectedByRow)[0]).getCell(totalColumn)).formula).not.toContain(columnLetterOf(mtefColumn));
    }
  });

  it('reports envelope use with live totals and share-used formulas', () => {
    const sheet = sheetNamed(workbook, SHEET_NAMES.envelopeUse);
    const total = rowStartingWith(sheet, 'Total');
    expectSumOfRand(total.getCell(3), EXPECTED.envelopeTotalRand);
    expectSumOfRand(total.getCell(5), EXPECTED.plannedSpendingRand);
    // MIG 2027/28: 26m spent of 20m envelope + 10m carried in.
    const mig2027 = sheet.getRows(HEADER_ROW + 1, 8)!.find((row) => String(row.getCell(1).value).startsWith('MIG') && row.getCell(2).value === '2027/28')!;
    const share = formulaCell(mig2027.getCell(7));
    expect(share.formula).toMatch(/^IF\(/);
    expectClose(share.result, 26 / 30, SOLVER);
    // Marginal value of money per R1 million where the plan has one, blank where it has none.
    const marginalColumn = columnStartingWith(sheet, HEADER_ROW, 'Benefit of one more R1 million');
    const yearRow = (source: string, year: string) =>
      sheet.getRows(HEADER_ROW + 1, 8)!.find((row) => String(row.getCell(1).value).startsWith(source) && row.getCell(2).value === year)!;
    expectClose(Number(yearRow('RBIG', '2028/29').getCell(marginalColumn).value), 40, SOLVER);
    expect(yearRow('MIG', '2028/29').getCell(marginalColumn).value).toBe(0);
    expect(yearRow('RBIG', '2026/27').getCell(marginalColumn).value).toBeNull();
  });

  it('lists the plan notes on the Summary', () => {
    const sheet = sheetNamed(workbook, SHEET_NAMES.summary);
    const heading = rowStartingWith(sheet, 'Notes on how the rules were applied');
    expect(sheet.getRow(heading.number + 1).getCell(1).value).toBe(FLOOR_WARNING);
  });

  it('shows key figures on the Summary as formulas pointing at the detail sheets, and the illustrative note', () => {
    const sheet = sheetNamed(workbook, SHEET_NAMES.summary);
    const envelope = formulaCell(sheet.getCell(SUMMARY_CELLS.envelopeTotal));
    expect(envelope.formula).toContain(`'${SHEET_NAMES.envelopeUse}'!`);
    expectClose(envelope.result, EXPECTED.envelopeTotalRand, RAND);
    const planned = formulaCell(sheet.getCell(SUMMARY_CELLS.plannedSpending));
    expect(planned.formula).toContain(`'${SHEET_NAMES.spendingBySource}'!`);
    expectClose(planned.result, EXPECTED.plannedSpendingRand, RAND);
    expectClose(formulaCell(sheet.getCell(SUMMARY_CELLS.shareUsed)).result, 0.5, SOLVER);
    expect(String(sheet.getCell('A3').value)).toContain('Project register and funding envelopes are illustrative');
    expect(rowStartingWith(sheet, 'Households served: Sanitation').getCell(2).value).toBe(EXPECTED.householdsServed.sanitation);
    expect(rowStartingWith(sheet, 'Need-led benefit').getCell(2).value).toBe(EXPECTED.benefit.needLed);
  });

  it('writes a description that looks like a formula as plain text', () => {
    const sheet = sheetNamed(workbook, SHEET_NAMES.fundedProjects);
    const cell = rowStartingWith(sheet, 'WC022-S-01').getCell(columnStartingWith(sheet, HEADER_ROW, 'Description'));
    expect(cell.value).toBe(FORMULA_LIKE_DESCRIPTION);
    expect(cell.formula).toBeUndefined();
    const deferred = sheetNamed(workbook, SHEET_NAMES.deferredProjects);
    const fundedOrDeferred = (id: string): ExcelJS.Cell => {
      for (const each of [sheet, deferred]) {
        try {
          return rowStartingWith(each, id).getCell(columnStartingWith(each, HEADER_ROW, 'Description'));
        } catch {
          // not on this sheet
        }
      }
      throw new Error(`${id} is on neither project sheet`);
    };
    expect(fundedOrDeferred('WC012-S-01').value).toBe('+27 21 000 0000 call centre upgrade');
  });

  it('lists deferred projects with the reason in words and the detail', () => {
    const sheet = sheetNamed(workbook, SHEET_NAMES.deferredProjects);
    const row = rowStartingWith(sheet, 'WC022-W-01');
    expect(row.getCell(columnStartingWith(sheet, HEADER_ROW, 'Reason')).value).toBe('The envelopes were better spent elsewhere');
    expect(String(row.getCell(columnStartingWith(sheet, HEADER_ROW, 'Detail')).value)).toContain('displace');
    expectSumOfRand(rowStartingWith(sheet, 'Total').getCell(columnStartingWith(sheet, HEADER_ROW, 'Capex')), 55_000_000);
  });

  it('freezes header rows, filters tables and prints landscape fitted to a readable number of pages wide', () => {
    for (const name of [SHEET_NAMES.fundedProjects, SHEET_NAMES.spendingByMunicipality, SHEET_NAMES.envelopeUse, SHEET_NAMES.municipalIndices]) {
      const sheet = sheetNamed(workbook, name);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: HEADER_ROW });
      expect(sheet.autoFilter).toBeTruthy();
      expect(sheet.pageSetup.orientation).toBe('landscape');
      let width = 0;
      for (let index = 1; index <= sheet.columnCount; index += 1) width += sheet.getColumn(index).width ?? 9;
      // Up to a twentieth over a page still prints one page wide, a little smaller.
      const pages = Math.max(1, Math.ceil(width / (CHARACTERS_PER_LANDSCAPE_PAGE * 1.05)));
      expect(sheet.pageSetup.fitToWidth, name).toBe(pages);
      // A table spread over several pages repeats its first column on each.
      if (pages > 1) expect(sheet.pageSetup.printTitlesColumn, name).toBe('A:A');
    }
    // Every table of the plan and its inputs is one page wide: a wide one is split into two narrower
    // tables instead. Only the One Plan annex, a year and a source column per project, prints
    // across pages, its sphere, owner and project id repeated on each.
    for (const sheet of workbook.worksheets) {
      if (sheet.name === ONE_PLAN_SHEET) expect(sheet.pageSetup.printTitlesColumn).toBe('A:C');
      else expect(sheet.pageSetup.fitToWidth, sheet.name).toBe(1);
    }
  });

  it('names the quadrant in words and carries the Stats SA credit', () => {
    const indices = sheetNamed(workbook, SHEET_NAMES.municipalIndices);
    expect(rowStartingWith(indices, 'WC022').getCell(6).value).toBe('High growth potential, high need');
    const assumptions = sheetNamed(workbook, SHEET_NAMES.assumptions);
    const texts: string[] = [];
    assumptions.eachRow((row) => texts.push(String(row.getCell(2).value ?? '')));
    expect(texts.join('\n')).toContain('Source: Statistics South Africa, Census 2022');
    expect(texts.join('\n')).toContain("the analysis is the result of the user’s independent processing");
  });

  it('marks the Funded and Deferred projects sheets as illustrative in their note row, which prints on every page', () => {
    for (const name of [SHEET_NAMES.fundedProjects, SHEET_NAMES.deferredProjects]) {
      const sheet = sheetNamed(workbook, name);
      const note = sheet.getCell('A2').value as ExcelJS.CellRichTextValue;
      const text = note.richText.map((run) => run.text).join('');
      expect(text.startsWith(ILLUSTRATIVE_INPUTS_LINE), name).toBe(true);
      expect(note.richText[0].font?.bold).toBe(true);
      expect(sheet.getCell(`A${HEADER_ROW}`).value).toBe('Project id');
      expect(sheet.pageSetup.printTitlesRow).toBe(`1:${HEADER_ROW}`);
    }
  });

  it('names the municipality in words on the project sheets and the district on the One Plan, keeping the codes', () => {
    const funded = sheetNamed(workbook, SHEET_NAMES.fundedProjects);
    const row = rowStartingWith(funded, 'WC012-W-01');
    expect(row.getCell(columnStartingWith(funded, HEADER_ROW, 'Municipality')).value).toBe('WC012 Cederberg');
    // The district is the One Plan's block title, above its projects.
    const onePlan = sheetNamed(workbook, ONE_PLAN_SHEET);
    const districtRow = rowStartingWith(onePlan, 'DC1 ');
    expect(districtRow.getCell(1).value).toBe('DC1 West Coast');
    expect(onePlan.getRow(districtRow.number + 1).getCell(3).value).toMatch(/^WC01/);
    const deferred = sheetNamed(workbook, SHEET_NAMES.deferredProjects);
    const deferredRow = rowStartingWith(deferred, 'WC022-W-01');
    expect(deferredRow.getCell(columnStartingWith(deferred, HEADER_ROW, 'Municipality')).value).toBe('WC022 Witzenberg');
  });

  it('raises the rows of wrapped descriptions and details to fit their lines, so printed text never runs into the next row', () => {
    for (const [name, headers] of [
      [SHEET_NAMES.fundedProjects, ['Description']],
      [SHEET_NAMES.deferredProjects, ['Description', 'Detail']],
    ] as const) {
      const sheet = sheetNamed(workbook, name);
      let checked = 0;
      // The table's rows: below the header and above the totals row (the notes under it span the table).
      const totalRow = rowStartingWith(sheet, 'Total').number;
      sheet.eachRow((row, rowNumber) => {
        if (rowNumber <= HEADER_ROW || rowNumber >= totalRow) return;
        for (const header of headers) {
          const column = columnStartingWith(sheet, HEADER_ROW, header);
          const cell = row.getCell(column);
          expect(cell.alignment?.wrapText).toBe(true);
          const lines = proseLineCount(String(cell.value ?? ''), sheet.getColumn(column).width!);
          expect(row.height, `${name} row ${rowNumber}`).toBeGreaterThanOrEqual(15 * lines);
        }
        checked += 1;
      });
      expect(checked).toBeGreaterThan(0);
    }
  });

  it('counts wrapped lines by words, generously', () => {
    expect(wrappedLineCount('short', 50)).toBe(1);
    expect(wrappedLineCount('', 50)).toBe(1);
    // 9 characters per line in a 10-wide column: "aaaa bbbb" fits, "cccc" goes to the next line.
    expect(wrappedLineCount('aaaa bbbb cccc', 10)).toBe(2);
    expect(wrappedLineCount('x'.repeat(20), 10)).toBe(3);
    expect(wrappedLineCount('one\ntwo', 50)).toBe(2);
  });

  it('measures prose by the font\'s character widths: figures and capitals wrap sooner than lower-case letters', () => {
    // A digit is one unit; "i" and "l" under half of one (Calibri's advance widths).
    expect(textWidthUnits('0123456789')).toBeCloseTo(10, 6);
    expect(textWidthUnits('il')).toBeCloseTo((0.229 + 0.229) / 0.507, 6);
    // Twenty digits and a space (20.45 units) do not fit a 20-unit column (19 usable); twenty narrow letters do.
    expect(proseLineCount('1111111111 2222222222', 20)).toBe(2);
    expect(proseLineCount('iiiiiiiiii llllllllll', 20)).toBe(1);
    expect(proseLineCount('WWWWWWWWWW', 10)).toBe(2);
    expect(proseLineCount('', 10)).toBe(1);
    expect(proseLineCount('one\ntwo', 50)).toBe(2);
  });

  it('sets document properties with a UTC created date', () => {
    expect(workbook.creator).toBe('infraplan');
    expect(workbook.title).toContain('Tiny Cape');
    // The services by their labels, as an official reads them in File > Info (new-user review u4, finding 6).
    expect(workbook.subject).toBe('Budget-constrained investment plan: Water and Sanitation');
    expect(workbook.created.toISOString()).toBe('2026-04-01T08:30:00.000Z');
  });

  it('embeds the chart images on the Charts sheet, not on the Summary', () => {
    expect(sheetNamed(workbook, SHEET_NAMES.charts).getImages()).toHaveLength(4);
    expect(sheetNamed(workbook, SHEET_NAMES.summary).getImages()).toHaveLength(0);
  });
});

describe('a plan that maximises one quantity (objective_measure)', () => {
  it('labels the objective by what it measures on the Summary, the Funded projects and the Envelope use sheets', async () => {
    const folder = temporaryFolder();
    try {
      const base = fixtureDataset();
      for (const [measure, total, project, marginal] of [
        [2, 'Objective: households served', 'Objective: households served', 'Households one more R1 million serves'],
        [1, 'Objective: capacity added (Ml/day)', 'Capacity added (Ml/day)', 'Capacity one more R1 million adds (Ml/day)'],
      ] as const) {
        const dataset = { ...base, config: { ...base.config, policy: { ...base.config.policy, objectiveMeasure: measure } } };
        const plan = fixturePlan();
        const runFolder = await writeRunFolder({ plan, dataset, modelPath: null, scenarioPath: null, startedAt: new Date(Date.UTC(2026, 3, 1, 8, measure)) }, { outDir: folder });
        const read = await readRunWorkbook(runFolder);
        const summary = sheetNamed(read, SHEET_NAMES.summary);
        const labels: string[] = [];
        summary.eachRow((row) => labels.push(String(row.getCell(1).value ?? '')));
        expect(labels, String(measure)).toContain(total);
        expect(rowStartingWith(summary, total).getCell(2).value).toBe(plan.benefit.total);
        // No points and no need-led / growth-led split for a single quantity.
        expect(labels.some((label) => label.includes('(points)')), labels.join(' | ')).toBe(false);
        const question = String(summary.getCell('A2').value);
        expect(question).toContain(measure === 2 ? 'to serve the most backlog households' : 'to add the most bulk capacity');
        const marginalSentences = labels.filter((label) => label.startsWith('One more R1 million'));
        expect(marginalSentences.length).toBeGreaterThan(0);
        for (const sentence of marginalSentences) expect(sentence).toContain(measure === 2 ? 'backlog households served' : 'Ml/day of capacity added');
        const funded = sheetNamed(read, SHEET_NAMES.fundedProjects);
        expect(columnStartingWith(funded, HEADER_ROW, project)).toBeGreaterThan(0);
        const envelope = sheetNamed(read, SHEET_NAMES.envelopeUse);
        expect(columnStartingWith(envelope, HEADER_ROW, marginal)).toBeGreaterThan(0);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
