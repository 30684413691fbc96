/**
 * Capital and operating money in the run workbook and in compare, read back on the Thusong
 * fixture (an operating source, OPS, pays the running costs of funded centres): Spending by source
 * and the OPS sheet show the running costs the plan pays, every total says whether it is capital,
 * operating or both, the lapse figure is split, and the Thusong service counts people within reach.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { planModel } from '../../src/plan/plan-model.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { writeRunFolder } from '../../src/report/write-run.js';
import { householdsServedByService } from '../../src/report/plan-figures.js';
import { lapsingMoney } from '../../src/report/summary-figures.js';
import { centreCounts } from '../../src/dataset/facilities.js';
import { compareScenarios } from '../../src/analysis/comparison.js';
import { buildComparisonWorkbook, COMPARISON_SHEETS } from '../../src/analysis/reports/comparison-workbook.js';
import { expectClose, RAND } from '../tolerance.js';
import { FIXED_START, readRunWorkbook, rowStartingWith, sheetNamed, temporaryFolder } from './helpers.js';

let dataset: Dataset;
let plan: PortfolioPlan;
let workbook: ExcelJS.Workbook;
beforeAll(async () => {
  dataset = await loadModel('tests/fixtures/thusong');
  ({ plan } = await planModel(dataset, { marginalValues: false }));
  const runFolder = await writeRunFolder({ plan, dataset, modelPath: 'tests/fixtures/thusong', scenarioPath: null, startedAt: FIXED_START }, { outDir: temporaryFolder() });
  workbook = await readRunWorkbook(runFolder);
});

/** A cell's number, whether a value or a formula's cached result. */
function numberIn(cell: ExcelJS.Cell): number {
  const value = cell.value as unknown;
  if (typeof value === 'number') return value;
  if (value !== null && typeof value === 'object' && 'result' in value) return Number((value as { result: unknown }).result);
  throw new Error(`cell ${cell.address} holds no number: ${JSON.stringify(value)}`);
}

/** The column of the header `Total (R million)` in the row whose first cell is `rowHeader`. */
function totalColumnOf(sheet: ExcelJS.Worksheet, rowHeader: string): number {
  const header = rowStartingWith(sheet, rowHeader);
  for (let column = 1; column <= header.cellCount; column += 1) if (String(header.getCell(column).value).startsWith('Total')) return column;
  throw new Error(`no Total column on ${sheet.name}`);
}

const funded = (): PortfolioPlan['projects'] => plan.projects.filter((project) => project.funded);
const capitalRand = (): number => funded().reduce((sum, project) => sum + project.spending.reduce((inner, line) => inner + line.amountRand, 0), 0);
const runningRand = (sourceId: string): number =>
  funded().reduce((sum, project) => sum + project.operatingSpending.filter((line) => line.sourceId === sourceId).reduce((inner, line) => inner + line.amountRand, 0), 0);

describe('running costs in the run workbook', () => {
  it('the plan pays running costs from OPS (the fixture is not trivial)', () => {
    expect(runningRand('OPS')).toBeGreaterThan(0);
    // The same money Envelope use reports as OPS spent.
    expectClose(plan.envelopeUse.filter((use) => use.sourceId === 'OPS').reduce((sum, use) => sum + use.spentRand, 0), runningRand('OPS'), RAND);
  });

  it('Spending by source shows capital and running costs in blocks with totals of their own', () => {
    const sheet = sheetNamed(workbook, 'Spending by source');
    const total = totalColumnOf(sheet, 'Funding source');
    expectClose(numberIn(rowStartingWith(sheet, 'Total capital').getCell(total)), capitalRand(), RAND);
    expectClose(numberIn(rowStartingWith(sheet, 'OPS').getCell(total)), runningRand('OPS'), RAND);
    expectClose(numberIn(rowStartingWith(sheet, 'Total operating (running costs)').getCell(total)), runningRand('OPS'), RAND);
    // A year's cell is the centres' running costs of that year.
    const year = funded().flatMap((project) => project.operatingSpending)[0].financialYear;
    const yearRand = funded().flatMap((project) => project.operatingSpending).filter((line) => line.financialYear === year).reduce((sum, line) => sum + line.amountRand, 0);
    expectClose(numberIn(rowStartingWith(sheet, 'OPS').getCell(2 + plan.financialYears.indexOf(year))), yearRand, RAND);
    // Rows carry the id; the name is in the legend once.
    expect(String(rowStartingWith(sheet, 'OPS').getCell(1).value)).toBe('OPS');
    expect(String(rowStartingWith(sheet, 'Funding sources').getCell(1).value)).toBe('Funding sources');
  });

  it('the OPS sheet lists the running costs by funded centre and says it is an operating source', () => {
    const sheet = sheetNamed(workbook, 'Source OPS');
    const total = totalColumnOf(sheet, 'Centre');
    expectClose(numberIn(rowStartingWith(sheet, 'Total running costs').getCell(total)), runningRand('OPS'), RAND);
    const centre = funded().find((project) => project.operatingSpending.length > 0);
    expect(centre).toBeDefined();
    const centreRand = centre!.operatingSpending.reduce((sum, line) => sum + line.amountRand, 0);
    expectClose(numberIn(rowStartingWith(sheet, `${centre!.id} `).getCell(total)), centreRand, RAND);
    // The note under the title may be rich text (with the illustrative mark).
    const texts: string[] = [];
    sheet.eachRow((row) => {
      const value = row.getCell(1).value as unknown;
      if (value !== null && typeof value === 'object' && 'richText' in value) texts.push((value as ExcelJS.CellRichTextValue).richText.map((run) => run.text).join(''));
      else texts.push(String(value ?? ''));
    });
    expect(texts.join(' ')).toMatch(/is an operating source: it pays running costs, never capital/);
  });

  it('the Summary labels its totals capital or operating, and splits the money that lapses', () => {
    const summary = sheetNamed(workbook, 'Summary');
    expect(String(summary.getCell('A13').value)).toBe('Total capital envelope over the horizon (R million)');
    expect(String(summary.getCell('A14').value)).toBe('Planned capital spending (R million)');
    expectClose(numberIn(summary.getCell('B14')), capitalRand(), RAND);
    const capitalEnvelopes = plan.envelopeUse.filter((use) => use.sourceId !== 'OPS').reduce((sum, use) => sum + use.envelopeRand, 0);
    expectClose(numberIn(summary.getCell('B13')), capitalEnvelopes, RAND);
    expectClose(numberIn(rowStartingWith(summary, 'Running costs paid (R million)').getCell(2)), runningRand('OPS'), RAND);
    const operatingEnvelopes = plan.envelopeUse.filter((use) => use.sourceId === 'OPS').reduce((sum, use) => sum + use.envelopeRand, 0);
    expectClose(numberIn(rowStartingWith(summary, 'Total operating envelope').getCell(2)), operatingEnvelopes, RAND);
    const words = String(summary.getCell('A7').value);
    expect(words).toContain('capital available');
    expect(words).toContain('operating money on the running costs of funded centres');
    // Thusong is counted in people, water in households.
    expect(words).toMatch(/[\d,]+ of [\d,]+ people in the backlog for Thusong service centres/);
    expect(words).not.toMatch(/households for Thusong/i);
    const lapses = lapsingMoney(plan, dataset);
    const operatingLapse = lapses.filter((lapse) => lapse.sourceId === 'OPS').reduce((sum, lapse) => sum + lapse.lapsingRand, 0);
    if (operatingLapse > 0) expect(words).toContain('of operating money (running costs)');
  });

  it('Input envelopes says its total adds capital and operating envelopes', () => {
    const sheet = sheetNamed(workbook, 'Input envelopes');
    const total = totalColumnOf(sheet, 'Source');
    const all = dataset.fundingSources.reduce((sum, source) => sum + plan.financialYears.reduce((inner, year) => inner + (source.envelopeRandByYear[year] ?? 0), 0), 0);
    expectClose(numberIn(rowStartingWith(sheet, 'Total, capital and operating').getCell(total)), all, RAND);
    expect(String(rowStartingWith(sheet, 'OPS').getCell(2).value)).toMatch(/\(operating: running costs only\)$/);
  });
});

describe('capital, operating and people within reach in compare', () => {
  it('counts the people within reach of funded counting centres, as the run does', () => {
    const comparison = compareScenarios([plan], [dataset]);
    // By hand: people within reach of every funded centre that counts (the fixture's thusong backlog is people).
    const registerById = new Map(dataset.projects.map((project) => [project.id, project]));
    const reach = funded()
      .filter((project) => project.service === 'thusong')
      .map((project) => registerById.get(project.id)!)
      .filter((project) => project.facilityType !== null && centreCounts(project.anchorDepartments, dataset.config.policy))
      .reduce((sum, project) => sum + project.populationWithinReach, 0);
    expect(reach).toBeGreaterThan(0);
    expect(comparison.scenarios[0].householdsServedByService.thusong).toBe(householdsServedByService(plan, dataset).thusong);
    expect(comparison.scenarios[0].householdsServedByService.thusong).toBe(reach + funded().filter((project) => project.service === 'thusong').reduce((sum, project) => sum + project.householdsServed, 0));
  });

  it('writes capital envelopes, capital spending and running costs in rows of their own, read back', async () => {
    const comparison = compareScenarios([plan, plan], [dataset, dataset]);
    const bytes = await buildComparisonWorkbook(comparison, []).xlsx.writeBuffer();
    const read = new ExcelJS.Workbook();
    await read.xlsx.load(bytes);
    const keyFigures = sheetNamed(read, COMPARISON_SHEETS.keyFigures);
    const capitalEnvelopes = plan.envelopeUse.filter((use) => use.sourceId !== 'OPS').reduce((sum, use) => sum + use.envelopeRand, 0);
    expectClose(numberIn(rowStartingWith(keyFigures, 'Capital envelopes over the horizon').getCell(3)), capitalEnvelopes, RAND);
    expectClose(numberIn(rowStartingWith(keyFigures, 'Capital spending (funded projects)').getCell(3)), capitalRand(), RAND);
    expectClose(numberIn(rowStartingWith(keyFigures, 'Running costs paid (operating)').getCell(3)), runningRand('OPS'), RAND);
    expect(numberIn(rowStartingWith(keyFigures, 'People served: Thusong service centres').getCell(3))).toBe(householdsServedByService(plan, dataset).thusong);
    const bySource = sheetNamed(read, COMPARISON_SHEETS.bySource);
    expectClose(numberIn(rowStartingWith(bySource, 'OPS (operating)').getCell(2)), runningRand('OPS'), RAND);
    expectClose(numberIn(rowStartingWith(bySource, 'of which capital').getCell(2)), capitalRand(), RAND);
    expectClose(numberIn(rowStartingWith(bySource, 'of which operating (running costs)').getCell(2)), runningRand('OPS'), RAND);
    expectClose(numberIn(rowStartingWith(bySource, 'Total, capital and operating').getCell(2)), capitalRand() + runningRand('OPS'), RAND);
    // Spending by year is capital only and says so; its label column fits the MTEF label.
    const byYear = sheetNamed(read, COMPARISON_SHEETS.byYear);
    expect(String(byYear.getCell('A1').value)).toBe('Planned capital spending by financial year across scenarios');
    expectClose(numberIn(rowStartingWith(byYear, 'Total').getCell(2)), capitalRand(), RAND);
    expect(byYear.getColumn(1).width ?? 0).toBeGreaterThanOrEqual(String(rowStartingWith(byYear, 'MTEF').getCell(1).value).length);
  });
});

describe("run's console lines with capital and operating money", () => {
  it('say capital or operating on every money line, the totals split as the workbook splits them', async () => {
    const { formatRunSummary } = await import('../../src/cli/run.js');
    const { keyFigures } = await import('../../src/report/plan-figures.js');
    const { formatRandMillion } = await import('../../src/dataset/money-text.js');
    const lapses = lapsingMoney(plan, dataset);
    const text = formatRunSummary({ runFolder: '/tmp/runs/thusong', plan, figures: keyFigures(plan, dataset), lapses, pricedNeedNote: null });
    const operatingEnvelopes = plan.envelopeUse.filter((use) => use.sourceId === 'OPS').reduce((sum, use) => sum + use.envelopeRand, 0);
    expect(text).toMatch(/\n {2}planned spending R[\d,.]+ million of R[\d,.]+ million capital \([\d.]+% of the capital envelopes\)\n/);
    expect(text).toContain(`  running costs paid from operating money ${formatRandMillion(runningRand('OPS'))} of ${formatRandMillion(operatingEnvelopes)} (`);
    for (const line of text.split('\n').filter((each) => /^ {4}\S+ \d{4}\/\d{2} /.test(each))) expect(line).toMatch(/ \((capital|operating)\): /);
    if (lapses.length > 0) expect(text).toMatch(/money that lapses \(no carry-over\): R[\d,.]+ million \((all capital|all operating \(running costs\)|R[\d,.]+ million capital and R[\d,.]+ million operating)\)\n/);
  });

  it('spendingRecords gives the running costs for the operating purpose, and capital by default', async () => {
    const { spendingRecords } = await import('../../src/report/plan-figures.js');
    expectClose(spendingRecords(plan, dataset, 'operating').reduce((sum, record) => sum + record.amountRand, 0), runningRand('OPS'), RAND);
    expectClose(spendingRecords(plan, dataset).reduce((sum, record) => sum + record.amountRand, 0), capitalRand(), RAND);
    expect(spendingRecords(plan, dataset, 'operating').every((record) => record.projectId !== null && record.sourceId === 'OPS')).toBe(true);
  });
});

describe('centres count people, not households, on the project sheets', () => {
  /** A total cell's cached value (exceljs writes no cached result for a total of 0, and reads none back). */
  const cachedTotal = (cell: ExcelJS.Cell): number =>
    cell.value !== null && typeof cell.value === 'object' && 'formula' in cell.value && !('result' in cell.value) ? 0 : numberIn(cell);

  it('Funded projects holds households and the people within reach of centres in two columns, each with its own total', () => {
    const registerById = new Map(dataset.projects.map((project) => [project.id, project]));
    const sheet = sheetNamed(workbook, 'Funded projects');
    const header = rowStartingWith(sheet, 'Project id');
    const headers = Array.from({ length: header.cellCount }, (_, index) => String(header.getCell(index + 1).value));
    const householdsColumn = headers.indexOf('Households served') + 1;
    const peopleColumn = headers.indexOf('People within reach (centres)') + 1;
    expect(householdsColumn).toBeGreaterThan(0);
    expect(peopleColumn).toBe(householdsColumn + 1);
    let households = 0;
    let people = 0;
    let centreRows = 0;
    for (const project of plan.projects.filter((each) => each.funded)) {
      const register = registerById.get(project.id)!;
      const row = rowStartingWith(sheet, project.id);
      if (register.facilityType !== null) {
        centreRows += 1;
        const reach = centreCounts(register.anchorDepartments, dataset.config.policy) ? register.populationWithinReach : 0;
        expect(row.getCell(peopleColumn).value).toBe(reach);
        expect(row.getCell(householdsColumn).value).toBeNull();
        people += reach;
      } else {
        expect(row.getCell(householdsColumn).value).toBe(project.householdsServed);
        expect(row.getCell(peopleColumn).value).toBeNull();
        households += project.householdsServed;
      }
    }
    const total = rowStartingWith(sheet, 'Total');
    expect(cachedTotal(total.getCell(householdsColumn))).toBe(households);
    expect(cachedTotal(total.getCell(peopleColumn))).toBe(people);
    expect(centreRows).toBeGreaterThan(0);
  });

  it('Deferred projects holds households and the people within reach of centres in two columns, each with its own total', () => {
    const registerById = new Map(dataset.projects.map((project) => [project.id, project]));
    const sheet = sheetNamed(workbook, 'Deferred projects');
    const header = rowStartingWith(sheet, 'Project id');
    const headers = Array.from({ length: header.cellCount }, (_, index) => String(header.getCell(index + 1).value));
    const householdsColumn = headers.indexOf('Households it would serve') + 1;
    const peopleColumn = headers.indexOf('People within reach (centres)') + 1;
    expect(householdsColumn).toBeGreaterThan(0);
    expect(peopleColumn).toBe(householdsColumn + 1);
    let households = 0;
    let people = 0;
    let centreRows = 0;
    for (const project of plan.projects.filter((each) => !each.funded)) {
      const register = registerById.get(project.id)!;
      const row = rowStartingWith(sheet, project.id);
      if (register.facilityType !== null) {
        centreRows += 1;
        const reach = centreCounts(register.anchorDepartments, dataset.config.policy) ? register.populationWithinReach : 0;
        expect(row.getCell(peopleColumn).value).toBe(reach);
        expect(row.getCell(householdsColumn).value).toBeNull();
        people += reach;
      } else {
        expect(row.getCell(householdsColumn).value).toBe(project.householdsServed);
        expect(row.getCell(peopleColumn).value).toBeNull();
        households += project.householdsServed;
      }
    }
    const total = rowStartingWith(sheet, 'Total');
    expect(cachedTotal(total.getCell(householdsColumn))).toBe(households);
    expect(cachedTotal(total.getCell(peopleColumn))).toBe(people);
    expect(centreRows).toBeGreaterThan(0);
  });
});
