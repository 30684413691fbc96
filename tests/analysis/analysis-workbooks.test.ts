import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FRONTIER_SHEET } from '../../src/analysis/reports/sweep-workbook.js';
import { lapsingRandOf } from '../../src/analysis/frontier.js';
import { FUNDED_SHARE_CHART_LIMIT, fundedShareChart, fundedShareChartHeight, fundedShareSelection } from '../../src/analysis/reports/stress-charts.js';
import { buildStressWorkbook, STRESS_SHEETS } from '../../src/analysis/reports/stress-workbook.js';
import { projectsAtRisk, type ProjectRobustness, type StressSummary } from '../../src/analysis/stress-summary.js';
import { ILLUSTRATIVE_INPUTS_LINE } from '../../src/report/format.js';
import { STATS_SA_CREDIT } from '../../src/report/sheets/assumptions-sheet.js';
import { DATA_SOURCES_SHEET } from '../../src/analysis/reports/workbook-parts.js';
import { runStress, STRESS_WORKBOOK } from '../../src/analysis/run-stress.js';
import { runSweep, SWEEP_WORKBOOK } from '../../src/analysis/run-sweep.js';
import { statusInWords } from '../../src/analysis/comparison-summary.js';
import { formatSweep, gapWords } from '../../src/cli/sweep.js';
import { handMadePlan, temporaryFolder, TINY_MODEL } from './helpers.js';
import { ARITHMETIC, expectClose } from '../tolerance.js';

async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

describe('sweep workbook', () => {
  it('holds one row per budget level and the marginal benefit as a live formula with the computed value', async () => {
    const outcome = await runSweep({ modelPath: TINY_MODEL, budgetFactors: [0.5, 1, 1.5] }, { workers: 1, outDir: await temporaryFolder() });
    expect(path.basename(outcome.folder!)).toMatch(/^tiny-baseline-sweep-0.5-1.5-3-\d{8}-\d{6}$/);
    const workbook = await readWorkbook(path.join(outcome.folder!, SWEEP_WORKBOOK));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([FRONTIER_SHEET, 'Charts', 'Data sources']);
    const sheet = workbook.getWorksheet(FRONTIER_SHEET)!;
    // Title, the illustrative-inputs line with the note (the tiny model's figures are illustrative), header, then the points from row 4.
    expect((sheet.getCell('A2').value as ExcelJS.CellRichTextValue).richText.map((run) => run.text).join('').startsWith(`${ILLUSTRATIVE_INPUTS_LINE}. Every envelope`)).toBe(true);
    expect(sheet.getCell('A4').value).toBe(0.5);
    expect(sheet.getCell('B5').value).toBe(230_000_000);
    expectClose(sheet.getCell('E5').value, outcome.frontier.points[1].benefit, ARITHMETIC);
    expect(sheet.getCell('K4').value).toBe('first point');
    const marginal = sheet.getCell('K6').value as ExcelJS.CellFormulaValue;
    expect(marginal.formula).toBe('(E6-E5)*100000000/(B6-B5)');
    expectClose(marginal.result, outcome.frontier.points[2].marginalBenefitPer100MillionRand!, ARITHMETIC);
    // The cached value is what the formula computes from the cells.
    const recomputed = (((sheet.getCell('E6').value as number) - (sheet.getCell('E5').value as number)) * 1e8) / ((sheet.getCell('B6').value as number) - (sheet.getCell('B5').value as number));
    expectClose(marginal.result, recomputed, ARITHMETIC);
    // Rand beside the households: planned spending, what is left unspent (live) and what of it lapses.
    expect(sheet.getCell('F3').value).toBe('Households served');
    expect(sheet.getCell('G3').value).toBe('Planned spending (R million)');
    // How each point was solved, in the last column: the x1 level solved, the others from its plan.
    expect(sheet.getCell('J3').value).toBe('Projects funded');
    expect(sheet.getCell('L3').value).toBe('How solved');
    outcome.frontier.points.forEach((point, index) => expect(sheet.getCell(`L${4 + index}`).value ?? null).toBe(point.howSolved ?? null));
    expect(outcome.frontier.points.some((point) => typeof point.howSolved === 'string' && point.howSolved !== '')).toBe(true);
    outcome.frontier.points.forEach((point, index) => {
      const rowNumber = 4 + index;
      expect(sheet.getCell(`G${rowNumber}`).value).toBe(point.spendingRand);
      const unspent = sheet.getCell(`H${rowNumber}`).value as ExcelJS.CellFormulaValue;
      expect(unspent.formula).toBe(`B${rowNumber}-G${rowNumber}`);
      expectClose(unspent.result ?? 0, point.totalBudgetRand - point.spendingRand, ARITHMETIC);
      // RBIG lapses, MIG carries over: what lapses is part of what is left unspent.
      expect(sheet.getCell(`I${rowNumber}`).value).toBe(point.lapsingRand);
      expect(point.lapsingRand).toBeGreaterThanOrEqual(0);
      expect(point.lapsingRand).toBeLessThanOrEqual(point.totalBudgetRand - point.spendingRand + 1);
    });
    // The notes under the table wrap within the printed width, each as tall as its lines.
    let noteRow = 0;
    sheet.eachRow((row, number) => { if (String(row.getCell(1).value ?? '').startsWith('Left unspent = total budget')) noteRow = number; });
    expect(noteRow).toBeGreaterThan(0);
    expect(sheet.getCell(noteRow, 1).alignment?.wrapText).toBe(true);
    expect(sheet.getCell(noteRow, 2).isMerged).toBe(true);
    expect(sheet.getRow(noteRow).height).toBeGreaterThanOrEqual(15);
    // The console gives each point's proven gap beside its status, as the workbook's Relative MIP gap column does.
    const consoleLines = formatSweep(outcome).split('\n');
    outcome.frontier.points.forEach((point, index) => {
      expect(sheet.getCell(`D${4 + index}`).value).toBe(point.gap ?? 'unknown');
      const line = consoleLines.find((text) => text.startsWith(`${point.budgetFactor} `));
      // The status in the words compare and run use ("proven within 0.74% of the best possible"), then the gap.
      const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\%]/g, '\\$&');
      expect(line, String(point.budgetFactor)).toMatch(new RegExp(`\\s${escape(statusInWords(point.status, point.gap))}\\s+${escape(gapWords(point.gap))}\\s`));
    });
    expect(consoleLines.find((text) => text.startsWith('factor'))).toMatch(/status\s+proven gap\s+benefit/);
    // With one and a half times the budget the register cannot spend all of RBIG, which does not carry over: some of it lapses.
    expect(outcome.frontier.points[2].lapsingRand).toBeGreaterThan(0);
  });

  it('counts as lapsing only money neither spent nor carried on, by hand', () => {
    const use = (sourceId: string, financialYear: number, envelopeRand: number, carriedInRand: number, spentRand: number, carriedOutRand: number) => ({ sourceId, financialYear, envelopeRand, carriedInRand, spentRand, carriedOutRand });
    const plan = {
      ...handMadePlan({}),
      envelopeUse: [
        use('RBIG', 2026, 30e6, 0, 20e6, 0), // 10 million lapses
        use('RBIG', 2027, 30e6, 0, 30e6 - 2.98e-8, 0), // solver noise, not a lapse
        use('MIG', 2026, 25e6, 0, 5e6, 20e6), // carried on
        use('MIG', 2027, 25e6, 20e6, 30e6, 15e6), // carried past the horizon: unspent, not lapsed
      ],
    };
    expect(lapsingRandOf(plan)).toBe(10_000_000);
  });
});

describe('stress workbook', () => {
  it('holds the benefit spread as live percentile formulas over the draws and the funded shares', async () => {
    const outcome = await runStress({ modelPath: TINY_MODEL, draws: 5, seed: 3 }, { workers: 1, outDir: await temporaryFolder() });
    const workbook = await readWorkbook(path.join(outcome.folder!, STRESS_WORKBOOK));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([...Object.values(STRESS_SHEETS), 'Charts', 'Data sources']);
    const summarySheet = workbook.getWorksheet(STRESS_SHEETS.summary)!;
    const rows = new Map<string, ExcelJS.CellValue>();
    summarySheet.eachRow((row) => rows.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(rows.get('Draws')).toBe(5);
    expect(rows.get('Seed')).toBe(3);
    const spread = outcome.summary.benefitSpread!;
    const median = rows.get('Benefit: median (points)') as ExcelJS.CellFormulaValue;
    expect(median.formula).toBe("MEDIAN('Draws'!C4:C8)");
    expectClose(median.result, spread.median, ARITHMETIC);
    const p90 = rows.get('Benefit: 90th percentile (points)') as ExcelJS.CellFormulaValue;
    expect(p90.formula).toBe("PERCENTILE.INC('Draws'!C4:C8,0.9)");
    expectClose(p90.result, spread.p90, ARITHMETIC);

    const draws = workbook.getWorksheet(STRESS_SHEETS.draws)!;
    // runStress hands the model's illustrative note on: the tiny model's figures are illustrative.
    for (const sheet of workbook.worksheets.filter((each) => each.name !== 'Charts')) {
      const note = sheet.getCell('A2').value as ExcelJS.CellRichTextValue;
      expect(note.richText.map((run) => run.text).join('').startsWith(ILLUSTRATIVE_INPUTS_LINE), sheet.name).toBe(true);
    }
    const benefits = [4, 5, 6, 7, 8].map((row) => draws.getCell(`C${row}`).value);
    // Printed as the other sheets are: A4 landscape, one page wide, the sentence wrapped beside its draw.
    expect(draws.pageSetup.orientation).toBe('landscape');
    expect(draws.pageSetup.fitToWidth).toBe(1);
    expect(draws.getCell('G4').alignment?.wrapText).toBe(true);
    expect(benefits).toEqual(outcome.summary.benefitByDraw);
    // Households and rand per draw beside the points, and their spread as live formulas.
    expect([4, 5, 6, 7, 8].map((row) => draws.getCell(`D${row}`).value)).toEqual(outcome.summary.householdsByDraw);
    expect([4, 5, 6, 7, 8].map((row) => draws.getCell(`E${row}`).value)).toEqual(outcome.summary.spendingRandByDraw);
    // Every draw carries its status, proven gap and how it was solved (issue 14).
    expect(draws.getCell('F3').value).toBe('Proven gap');
    expect(draws.getCell('G3').value).toBe('How solved');
    expect([4, 5, 6, 7, 8].map((row) => draws.getCell(`B${row}`).value)).toEqual(outcome.solving?.draws.map((draw) => draw.status));
    expect([4, 5, 6, 7, 8].map((row) => draws.getCell(`F${row}`).value)).toEqual(outcome.solving?.draws.map((draw, index) => (outcome.summary.benefitByDraw[index] === null ? null : draw.gap)));
    expect([4, 5, 6, 7, 8].map((row) => draws.getCell(`G${row}`).value)).toEqual(outcome.solving?.draws.map((draw) => draw.words));
    const notes: string[] = [];
    summarySheet.eachRow((row) => notes.push(String(row.getCell(1).value)));
    expect(notes.some((note) => /^Solving: every plan solved to a 1% gap, the stress default/.test(note))).toBe(true);
    const householdValues = outcome.summary.householdsByDraw.filter((value): value is number => value !== null);
    expect(householdValues.length).toBeGreaterThan(0);
    const minimumHouseholds = rows.get('Households served: minimum over draws') as ExcelJS.CellFormulaValue;
    expect(minimumHouseholds.formula).toBe("MIN('Draws'!D4:D8)");
    expect(minimumHouseholds.result).toBe(Math.min(...householdValues));

    // The share formulas divide by the "draws with a plan" cell of the summary.
    let drawsWithPlanRow = 0;
    summarySheet.eachRow((row, rowNumber) => {
      if (row.getCell(1).value === 'Draws with a plan') drawsWithPlanRow = rowNumber;
    });
    expect(summarySheet.getCell(`B${drawsWithPlanRow}`).value).toBe(outcome.summary.drawsWithPlan);
    const projects = workbook.getWorksheet(STRESS_SHEETS.projects)!;
    // The projects at risk first (least often funded first), then the others in register order, as the console lists them.
    const atRisk = projectsAtRisk(outcome.summary);
    const sheetOrder = [...atRisk, ...outcome.summary.projects.filter((project) => !atRisk.includes(project))];
    sheetOrder.forEach((project, index) => {
      const row = 4 + index;
      expect(projects.getCell(`A${row}`).value).toBe(project.projectId);
      expect(projects.getCell(`G${row}`).value).toBe(project.drawsFunded);
      const share = projects.getCell(`H${row}`).value as ExcelJS.CellFormulaValue;
      expect(share.formula).toBe(`IF('Stress summary'!$B$${drawsWithPlanRow}=0,0,G${row}/'Stress summary'!$B$${drawsWithPlanRow})`);
      // exceljs writes a cached 0 as <v>0</v> but reads it back as no result, so 0 arrives undefined.
      expectClose(share.result ?? 0, project.fundedShare, ARITHMETIC);
    });
    // With the model's illustrative note every sheet carries the illustrative-inputs line, and the share formulas still divide by the draws with a plan.
    const marked = buildStressWorkbook(outcome.summary, outcome.distribution, 'Stress', [], outcome.solving, 'All figures are illustrative.');
    for (const sheet of marked.worksheets.filter((each) => each.name !== 'Charts')) {
      const note = sheet.getCell('A2').value as ExcelJS.CellRichTextValue;
      expect(note.richText.map((run) => run.text).join('').startsWith(ILLUSTRATIVE_INPUTS_LINE), sheet.name).toBe(true);
    }
    // The workbook travels alone: it carries the Stats SA credit and the illustrative note the line points to.
    const sources = marked.getWorksheet(DATA_SOURCES_SHEET)!;
    const sourceTexts = [4, 5].map((row) => String(sources.getCell(`B${row}`).value));
    expect(sourceTexts).toEqual([STATS_SA_CREDIT, 'All figures are illustrative.']);
    // Without an illustrative note only the credit is there.
    const plain = buildStressWorkbook(outcome.summary, outcome.distribution, 'Stress', [], outcome.solving, null).getWorksheet(DATA_SOURCES_SHEET)!;
    expect(String(plain.getCell('B3').value)).toBe(STATS_SA_CREDIT);
    expect(plain.getCell('B4').value ?? null).toBeNull();
    const markedSummary = marked.getWorksheet(STRESS_SHEETS.summary)!;
    let markedDrawsRow = 0;
    markedSummary.eachRow((row, rowNumber) => {
      if (row.getCell(1).value === 'Draws with a plan') markedDrawsRow = rowNumber;
    });
    expect((marked.getWorksheet(STRESS_SHEETS.projects)!.getCell('H4').value as ExcelJS.CellFormulaValue).formula).toContain(`'Stress summary'!$B$${markedDrawsRow}`);
    // The chart is sized for the at-risk projects it shows, not for the whole register.
    const png = readFileSync(path.join(outcome.folder!, 'charts', 'funded-share.png'));
    expect(png.readUInt32BE(20)).toBe(fundedShareChartHeight(outcome.summary));
  });
});

/** A stress summary over 10 draws with a plan from projects' draws funded. */
function stressSummary(drawsFundedById: Record<string, number>, drawsWithPlan = 10): StressSummary {
  const projects: ProjectRobustness[] = Object.entries(drawsFundedById).map(([projectId, drawsFunded]) => ({
    projectId,
    municipalityCode: projectId.slice(0, 5),
    municipalityName: projectId.slice(0, 5),
    service: 'water',
    serviceLabel: 'water',
    capexRand: 1_000_000,
    registerStatus: 'proposed',
    fundedWithoutOverrun: drawsFunded >= 5,
    householdsServed: 100,
    drawsFunded,
    fundedShare: drawsWithPlan === 0 ? 0 : drawsFunded / drawsWithPlan,
  }));
  return { draws: 10, seed: 1, drawsWithPlan, infeasibleDraws: 10 - drawsWithPlan, otherFailedDraws: 0, notProvenOptimalDraws: 0, benefitWithoutOverrun: 1, gapWithoutOverrun: 0, benefitAboveWithoutOverrun: null, benefitSpread: null, benefitByDraw: [], householdsByDraw: [], spendingRandByDraw: [], householdsWithoutOverrun: 0, spendingRandWithoutOverrun: 0, projects, atRiskByDraw: [], atRisk: null };
}

describe('stress funded-share chart', () => {
  it('shows only projects funded in some draws but not all, least robust first, ties by id, at most the limit', () => {
    const draws: Record<string, number> = {};
    for (let index = 0; index < 150; index += 1) draws[`WC044-A-${String(index).padStart(3, '0')}`] = 10; // always funded
    for (let index = 0; index < 7; index += 1) draws[`WC011-N-${index}`] = 0; // never funded
    // 45 at risk: shares 0.9 down to 0.1 in a scrambled id order.
    for (let index = 0; index < 45; index += 1) draws[`WC012-R-${String((index * 17) % 45).padStart(2, '0')}`] = 1 + (index % 9);
    const summary = stressSummary(draws);
    const selection = fundedShareSelection(summary);
    expect(selection).toMatchObject({ atRiskCount: 45, alwaysFunded: 150, neverFunded: 7 });
    expect(selection.shown).toHaveLength(FUNDED_SHARE_CHART_LIMIT);
    for (const project of selection.shown) expect(project.fundedShare > 0 && project.fundedShare < 1).toBe(true);
    for (let index = 1; index < selection.shown.length; index += 1) {
      const [before, after] = [selection.shown[index - 1], selection.shown[index]];
      expect(before.fundedShare < after.fundedShare || (before.fundedShare === after.fundedShare && before.projectId < after.projectId)).toBe(true);
    }
    // The five left out are the most robust of the at-risk projects.
    const leftOut = summary.projects.filter((project) => project.fundedShare > 0 && project.fundedShare < 1 && !selection.shown.includes(project));
    expect(leftOut).toHaveLength(5);
    for (const project of leftOut) expect(project.fundedShare).toBeGreaterThanOrEqual(selection.shown.at(-1)!.fundedShare);

    const configuration = fundedShareChart(summary, 'Projects are illustrative.');
    expect(configuration.data.labels).toEqual(selection.shown.map((project) => project.projectId));
    const title = (configuration.options?.plugins?.title?.text as string[]).join(' ');
    expect(title).toContain('150 projects funded in every draw');
    expect(title).toContain('7 in none');
    expect(title).toContain(`the ${FUNDED_SHARE_CHART_LIMIT} least robust of the 45`);
    expect(configuration.options?.plugins?.subtitle).toMatchObject({ display: true, text: ILLUSTRATIVE_INPUTS_LINE });
    expect(fundedShareChart(summary).options?.plugins?.subtitle).toMatchObject({ display: false });
    // One bar per row: each project's share is in exactly one of the two series.
    const [fundedSeries, notFundedSeries] = configuration.data.datasets.map((dataset) => dataset.data as (number | null)[]);
    selection.shown.forEach((project, index) => {
      expect([fundedSeries[index], notFundedSeries[index]].filter((value) => value !== null)).toEqual([project.fundedShare * 100]);
    });
    expect(fundedShareChartHeight(summary)).toBeLessThanOrEqual(1400);
  });

  it('says so when no project is at risk or no draw has a plan', () => {
    const stable = fundedShareChart(stressSummary({ 'WC011-W-01': 10, 'WC011-W-02': 0 }));
    expect(stable.data.labels).toEqual([]);
    expect((stable.options?.plugins?.title?.text as string[]).join(' ')).toContain('1 projects funded in every draw and 1 in none');
    const noPlan = fundedShareChart(stressSummary({ 'WC011-W-01': 0 }, 0));
    expect((noPlan.options?.plugins?.title?.text as string[]).join(' ')).toContain('No draw has a plan');
    expect(fundedShareChartHeight(stressSummary({ 'WC011-W-01': 0 }, 0))).toBe(700);
  });
});
