import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPARISON_SHEETS } from '../../src/analysis/reports/comparison-workbook.js';
import { COMPARISON_WORKBOOK, runCompare, type CompareResult } from '../../src/analysis/run-compare.js';
import { UserFacingError } from '../../src/errors/exit-codes.js';
import { ILLUSTRATIVE_INPUTS_LINE } from '../../src/report/format.js';
import { toJsonText } from '../../src/report/json-output.js';
import { canRender, flattened, printedPages, sheetOfPage } from './print-helpers.js';
import { temporaryFolder, TINY_MODEL, writeScenarios } from './helpers.js';
import { ARITHMETIC, expectClose, RAND } from '../tolerance.js';

/** Read a cell's formula and cached result, failing clearly when the cell holds no formula. */
function formulaOf(sheet: ExcelJS.Worksheet, address: string): { formula: string; result: number } {
  const value = sheet.getCell(address).value as ExcelJS.CellFormulaValue;
  expect(value, `${sheet.name}!${address} should hold a formula`).toHaveProperty('formula');
  return { formula: value.formula, result: value.result as number };
}

/** A fixed start time, so two runs name the same folder. */
const STARTED_AT = new Date(Date.UTC(2026, 10, 23, 9, 30, 0));

describe('compare on a constructed pair of scenarios', () => {
  let result: CompareResult;
  let folder: string;
  let parentFolder: string;

  beforeAll(async () => {
    const scenarios = await writeScenarios({
      keep: 'name: keep\n',
      drop: 'name: drop\nexcluded: [WC022-S-01]\n',
    });
    parentFolder = await temporaryFolder();
    result = await runCompare({ modelPath: TINY_MODEL, scenarioPaths: [scenarios.keep, scenarios.drop] }, { workers: 1, outDir: parentFolder, now: () => STARTED_AT });
    folder = result.folder!;
  });

  it('finds the project funded in one scenario and not the other, with the reason from each plan', () => {
    const difference = result.comparison.differences.find((row) => row.projectId === 'WC022-S-01');
    expect(difference).toBeDefined();
    expect(difference?.outcomes[0]).toMatchObject({ funded: true, deferralReason: null });
    expect(difference?.outcomes[0].startYear).not.toBeNull();
    expect(difference?.outcomes[1]).toMatchObject({ funded: false, deferralReason: 'excluded' });
    expect(difference?.outcomes[1].deferralDetail).toEqual(expect.any(String));
    // Projects with the same fate and start year in both plans are not listed.
    for (const row of result.comparison.differences) {
      const fates = new Set(row.outcomes.map((outcome) => outcome.funded)).size;
      const starts = new Set(row.outcomes.map((outcome) => outcome.startYear)).size;
      expect(fates === 2 || starts > 1, row.projectId).toBe(true);
    }
    // Dropping the 2 000-household project loses those households.
    const [keep, drop] = result.comparison.scenarios;
    expect(keep.householdsServedByService.sanitation - drop.householdsServedByService.sanitation).toBeGreaterThan(0);
    expect(keep.benefitTotal).toBeGreaterThan(drop.benefitTotal);
  });

  it('tabulates spending by year (with the MTEF), source and district, and the shares, against the first scenario', async () => {
    const { comparison } = result;
    comparison.scenarios.forEach((figures, index) => {
      for (const table of [comparison.byYear, comparison.bySource, comparison.byDistrict, comparison.byService]) {
        const total = table.keys.reduce((sum, key) => sum + table.randByKey[key][index], 0);
        expect(Math.abs(total - figures.spendingRand), `${table.rowHeader} ${figures.scenarioName}`).toBeLessThan(0.05);
      }
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(folder, COMPARISON_WORKBOOK));
    const byYear = workbook.getWorksheet(COMPARISON_SHEETS.byYear)!;
    const rows = byYear.getSheetValues().filter(Array.isArray) as unknown[][];
    const totalRow = rows.find((row) => row[1] === 'Total')!;
    const mtefRow = rows.find((row) => String(row[1]).startsWith('MTEF'))!;
    const cached = (value: unknown): number => Number((value as { result: number }).result);
    const [keep, drop] = comparison.scenarios;
    expect(Math.abs(cached(totalRow[2]) - keep.spendingRand)).toBeLessThan(0.05);
    // The difference column holds drop − keep as a live formula.
    expect((totalRow[4] as { formula: string }).formula).toMatch(/^C\d+-B\d+$/);
    expect(Math.abs(cached(totalRow[4]) - (drop.spendingRand - keep.spendingRand))).toBeLessThan(0.05);
    const mtefKeep = comparison.mtefYears.reduce((sum, year) => sum + comparison.byYear.randByKey[String(year)][0], 0);
    expect(Math.abs(cached(mtefRow[2]) - mtefKeep)).toBeLessThan(0.05);
    // Service shares add up to the whole of each plan's spending.
    const shares = workbook.getWorksheet(COMPARISON_SHEETS.shares)!;
    const serviceRows = (shares.getSheetValues().filter(Array.isArray) as unknown[][]).filter((row) => String(row[1]).startsWith('Service: '));
    expect(serviceRows.length).toBe(comparison.services.length);
    expect(Math.abs(serviceRows.reduce((sum, row) => sum + Number(row[2]), 0) - 1)).toBeLessThan(1e-5);
    // Districts by name as the run workbook gives them, and shares' changes in percentage points (review u1, 13).
    const shareRows = shares.getSheetValues().filter(Array.isArray) as unknown[][];
    expect(shareRows.filter((row) => String(row[1]).startsWith('District: ')).map((row) => String(row[1]))).toEqual(['District: DC1 West Coast', 'District: DC2 Cape Winelands']);
    expect(shareRows.some((row) => row.some((cell) => String(cell) === 'drop − keep (percentage points)' || String(cell).endsWith(' (percentage points)')))).toBe(true);
    expect(shareRows.some((row) => row.some((cell) => / \(points\)$/.test(String(cell))))).toBe(false);
    const districtRows = (workbook.getWorksheet(COMPARISON_SHEETS.byDistrict)!.getSheetValues().filter(Array.isArray) as unknown[][]).map((row) => String(row[1]));
    expect(districtRows).toEqual(expect.arrayContaining(['DC1 West Coast', 'DC2 Cape Winelands']));
    // Households in the key figures, with the difference from the first scenario.
    const figures = workbook.getWorksheet(COMPARISON_SHEETS.keyFigures)!;
    const households = (figures.getSheetValues().filter(Array.isArray) as unknown[][]).find((row) => row[1] === 'Households served: total')!;
    expect(cached(households[5])).toBe(drop.householdsServed - keep.householdsServed);
    expect(cached(households[5])).toBeLessThan(0);
  });

  it('writes a workbook whose totals are live formulas with the computed values cached', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(folder, COMPARISON_WORKBOOK));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([...Object.values(COMPARISON_SHEETS), 'Charts', 'Data sources']);

    const figures = workbook.getWorksheet(COMPARISON_SHEETS.keyFigures)!;
    expect(figures.getCell('C3').value).toBe('keep');
    expect(figures.getCell('D3').value).toBe('drop');
    const labels = figures.getColumn(1).values.map(String);
    const rowOf = (label: string) => labels.indexOf(label);
    result.comparison.scenarios.forEach((scenario, index) => {
      const column = String.fromCharCode(67 + index);
      const households = formulaOf(figures, `${column}${rowOf('Households served: total')}`);
      expect(households.formula).toBe(`SUM(${column}${rowOf('Households served: Water')}:${column}${rowOf('Households served: Sanitation')})`);
      expect(households.result).toBe(scenario.householdsServed);
      expect(households.result).toBe(scenario.householdsServedByService.water + scenario.householdsServedByService.sanitation);
      const benefit = formulaOf(figures, `${column}${rowOf('Benefit: total')}`);
      expectClose(benefit.result, scenario.benefitNeedLed + scenario.benefitGrowthLed, ARITHMETIC);
      // Without operating sources, capital spending is all the envelopes spent.
      expectClose(Number(figures.getCell(`${column}${rowOf('Capital spending (funded projects)')}`).value), scenario.spendingRand, RAND);
    });

    const spending = workbook.getWorksheet(COMPARISON_SHEETS.spending)!;
    const totalRow = 4 + result.comparison.municipalities.length;
    expect(spending.getCell(`A${totalRow}`).value).toBe('Total');
    result.comparison.scenarios.forEach((scenario, index) => {
      const column = String.fromCharCode(67 + index);
      const total = formulaOf(spending, `${column}${totalRow}`);
      expect(total.formula).toBe(`SUM(${column}4:${column}${totalRow - 1})`);
      // The municipal spending adds up to the plan's spending from the envelopes.
      expectClose(total.result, scenario.spendingRand, RAND);
    });
    // The difference column (drop − keep, column E) is a live formula per municipality and for the total.
    expect(spending.getCell('E3').value).toBe('drop − keep (R million)');
    let differencesChecked = 0;
    result.comparison.municipalities.forEach((municipality, index) => {
      const rowNumber = 4 + index;
      const difference = formulaOf(spending, `E${rowNumber}`);
      expect(difference.formula).toBe(`D${rowNumber}-C${rowNumber}`);
      // exceljs reads a cached 0 back as no result.
      expectClose(difference.result ?? 0, municipality.spendingRandByScenario[1] - municipality.spendingRandByScenario[0], RAND, municipality.municipalityCode);
      if ((difference.result ?? 0) !== 0) differencesChecked += 1;
    });
    // Dropping WC022-S-01 moves money between municipalities: at least one difference is not zero.
    expect(differencesChecked).toBeGreaterThan(0);
    const totalDifference = formulaOf(spending, `E${totalRow}`);
    expectClose(totalDifference.result ?? 0, result.comparison.scenarios[1].spendingRand - result.comparison.scenarios[0].spendingRand, RAND);

    const differences = workbook.getWorksheet(COMPARISON_SHEETS.differences)!;
    const rows = differences.getSheetValues().filter((row) => Array.isArray(row) && row[1] === 'WC022-S-01') as unknown[][];
    expect(rows).toHaveLength(1);
    expect(rows[0][5]).toMatch(/^funded, start 20\d\d\/\d\d$/);
    expect(rows[0][7]).toBe('not funded: excluded');
    // The service as the model declares it, not its id.
    expect(rows[0][3]).toBe('Sanitation');
  });

  it('writes the charts and the JSON beside the workbook', async () => {
    for (const chart of ['charts/benefit-by-scenario.png', 'charts/spending-by-municipality.png']) {
      const bytes = await readFile(path.join(folder, chart));
      expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
    }
    expect(JSON.parse(await readFile(path.join(folder, 'comparison.json'), 'utf8'))).toEqual(JSON.parse(toJsonText(result.comparison)));
  });

  it('names the folder after the model, the scenarios and the UTC time', () => {
    expect(path.basename(folder)).toBe('tiny-keep-vs-drop-compare-20261123-093000');
    expect(path.dirname(folder)).toBe(path.resolve(parentFolder));
  });

  it('never replaces an existing folder without force', async () => {
    const scenarios = await writeScenarios({ keep: 'name: keep\n', drop: 'name: drop\n' });
    const input = { modelPath: TINY_MODEL, scenarioPaths: [scenarios.keep, scenarios.drop] };
    await expect(runCompare(input, { workers: 1, outDir: parentFolder, now: () => STARTED_AT })).rejects.toBeInstanceOf(UserFacingError);
    const replaced = await runCompare(input, { workers: 1, outDir: parentFolder, now: () => STARTED_AT, force: true });
    expect(replaced.folder).toBe(folder);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(folder, COMPARISON_WORKBOOK));
    // The replacement's "drop" scenario changes nothing, so no project differs any more.
    expect(replaced.comparison.differences).toEqual([]);
    // Under the title: the illustrative-inputs line (the tiny model's figures are illustrative), then the sheet's own note.
    const note = workbook.getWorksheet(COMPARISON_SHEETS.differences)!.getCell('A2').value as ExcelJS.CellRichTextValue;
    expect(note.richText.map((run) => run.text).join('')).toBe(`${ILLUSTRATIVE_INPUTS_LINE}. Every scenario funds the same projects in the same years.`);
  });
});

describe('compare with a scenario that has no plan', () => {
  let result: CompareResult;

  beforeAll(async () => {
    // No money at all, and the tiny model has a committed project: no plan can exist.
    const scenarios = await writeScenarios({ keep: 'name: keep\n', broke: 'name: broke\nbudget_scale: 0\n', drop: 'name: drop\nexcluded: [WC022-S-01]\n' });
    result = await runCompare(
      { modelPath: TINY_MODEL, scenarioPaths: [scenarios.keep, scenarios.broke, scenarios.drop] },
      { workers: 1, outDir: await temporaryFolder(), now: () => STARTED_AT },
    );
  });

  it('lists only differences between plans that exist', () => {
    expect(result.comparison.scenarios.map((figures) => figures.status)).toEqual(['optimal', 'infeasible', 'optimal']);
    // Every listed project differs between the two plans that exist; none is listed only because
    // the broke scenario funds nothing.
    expect(result.comparison.differences.map((row) => row.projectId)).toContain('WC022-S-01');
    for (const row of result.comparison.differences) {
      expect(row.outcomes[0].funded).not.toBe(row.outcomes[2].funded);
      expect(row.outcomes[1].deferralDetail).toBe('no plan (infeasible)');
    }
  });

  it('shows n/a rather than zeros for the scenario without a plan, in the workbook and on the terminal', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(result.folder!, COMPARISON_WORKBOOK));
    const figures = workbook.getWorksheet(COMPARISON_SHEETS.keyFigures)!;
    const labels = figures.getColumn(1).values.map(String);
    expect(figures.getRow(labels.indexOf('Projects funded')).getCell(4).value).toBe('n/a (infeasible)');
    expect(figures.getRow(labels.indexOf('Status')).getCell(4).value).toBe('no plan: no plan meets every rule');
    const { formatComparison } = await import('../../src/cli/compare.js');
    const brokeLine = formatComparison(result).split('\n').find((line) => line.startsWith('broke'))!;
    expect(brokeLine).toMatch(/^broke\s+no plan: no plan meets every rule\s+n\/a\s+n\/a\s+n\/a\s+n\/a\s+n\/a\s*$/);
  });
});

describe.runIf(canRender)('the printed comparison workbook (LibreOffice, A4 landscape)', () => {
  let result: CompareResult;
  let pages: string[];

  beforeAll(async () => {
    // Overrides long enough to wrap: a list of excluded projects, the policy weights, a budget scale.
    const scenarios = await writeScenarios({
      keep: 'name: keep\n',
      'growth-led-with-a-cut-and-exclusions': 'name: growth-led-with-a-cut-and-exclusions\nbudget_scale: 0.9\nexcluded: [WC022-S-01, WC022-W-01, WC022-W-02, WC011-W-02, WC012-W-01]\npolicy:\n  growth_weight: 0.8\n  need_weight: 0.2\n',
    });
    result = await runCompare({ modelPath: TINY_MODEL, scenarioPaths: [scenarios.keep, scenarios['growth-led-with-a-cut-and-exclusions']] }, { workers: 1, outDir: await temporaryFolder(), now: () => STARTED_AT });
    pages = printedPages(path.join(result.folder!, COMPARISON_WORKBOOK));
  }, 240_000);

  it('prints the scenario overrides on one page, every override whole, with the title and header', () => {
    const overridePages = pages.filter((text) => sheetOfPage(text) === COMPARISON_SHEETS.overrides);
    expect(overridePages).toHaveLength(1);
    const [page] = overridePages;
    for (const words of ['Scenario overrides applied', 'Scenario', 'Override (key = value, from source)', 'Precedence: command line']) expect(page).toContain(words);
    const printed = new Set(flattened(page).split(' '));
    const lines = result.comparison.overridesByScenario.flat();
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const line of lines) for (const word of line.split(/\s+/)) expect(printed, `${line}: ${word}`).toContain(word);
  });

  it('prints each project difference with every scenario\'s outcome on its line, one page wide', () => {
    const differencePages = pages.filter((text) => sheetOfPage(text) === COMPARISON_SHEETS.differences);
    expect(differencePages).toHaveLength(1);
    const [page] = differencePages;
    for (const figures of result.comparison.scenarios) expect(flattened(page)).toContain(`${figures.scenarioName}: why`);
    expect(result.comparison.differences.length).toBeGreaterThan(2);
    for (const difference of result.comparison.differences) {
      const line = page.split('\n').find((text) => new RegExp(`^\\s*${difference.projectId}\\s`).test(text));
      expect(line, difference.projectId).toBeDefined();
      // Both scenarios' outcomes (funded, ... / not funded: ...) print beside the project.
      expect(line!.match(/funded/g)?.length ?? 0, line).toBeGreaterThanOrEqual(2);
    }
  });

  it('marks every table sheet with the illustrative-inputs line on its pages', () => {
    for (const name of Object.values(COMPARISON_SHEETS)) {
      const sheetPages = pages.filter((text) => sheetOfPage(text) === name);
      expect(sheetPages.length, name).toBeGreaterThan(0);
      for (const text of sheetPages) expect(flattened(text), name).toContain('Illustrative inputs:');
    }
  });
});

describe('compare on a terminal', () => {
  it('prints which scenario is solving and the time elapsed, and clears the line at the end', async () => {
    const scenarios = await writeScenarios({ keep: 'name: keep\n', drop: 'name: drop\nexcluded: [WC022-S-01]\n' });
    const written: string[] = [];
    const terminal = { isTTY: true, write: (text: string) => written.push(text) > 0 };
    const { compareFromArguments } = await import('../../src/cli/compare.js');
    const result = await compareFromArguments({ model: TINY_MODEL, scenarios: [scenarios.keep, scenarios.drop], workers: 1, out: await temporaryFolder() } as Parameters<typeof compareFromArguments>[0], terminal);
    expect(result.comparison.scenarios.map((figures) => figures.scenarioName)).toEqual(['keep', 'drop']);
    expect(written.some((text) => /^\r\u001b\[2Ksolving 1\/2 keep \.\.\. \(\d+ s elapsed\)$/.test(text))).toBe(true);
    expect(written.some((text) => /^\r\u001b\[2Ksolving 2\/2 drop \.\.\. \(\d+ s elapsed\)$/.test(text))).toBe(true);
    expect(written.at(-1)).toBe('\r\u001b[2K');
  });
});
