/**
 * The stress workbook of `stress`: a summary with the benefit spread as live percentile formulas
 * over the draws, each project's share of draws funded, and every draw's benefit.
 */
import { labelInTable } from '../../dataset/services.js';
import type ExcelJS from 'exceljs';
import {
  applyPrintSetup,
  BENEFIT_FORMAT,
  cellAddress,
  COUNT_FORMAT,
  fitIdentifierColumn,
  fitWrappedRowHeights,
  liveFormula,
  RAND_MILLION_FORMAT,
  roundRand,
  SHARE_FORMAT,
  writeTableHeader,
} from '../../report/format.js';
import type { OverrunDistribution } from '../cost-overruns.js';
import type { StressSolving } from '../run-stress.js';
import { benefitSpread, projectsAtRisk, type StressSummary } from '../stress-summary.js';
import { addChartSheet, addDataSourcesSheet, newWorkbook, writeNotes, type ChartImage } from './workbook-parts.js';

/** Width the summary's notes wrap in, column-width units: the list of figures is 66 units wide. */
const SUMMARY_NOTE_WIDTH_UNITS = 150;

/** Sheet names, exported so tests and readers agree on them. */
export const STRESS_SHEETS = { summary: 'Stress summary', projects: 'Project robustness', draws: 'Draws' } as const;

/**
 * Build the stress workbook. With the model's non-empty `illustrativeNote` every sheet carries the
 * illustrative-inputs line under its title, as the plan's sheets do.
 */
export function buildStressWorkbook(summary: StressSummary, distribution: OverrunDistribution, title: string, charts: readonly ChartImage[], solving?: StressSolving, illustrativeNote: string | null = null): ExcelJS.Workbook {
  const workbook = newWorkbook(title);
  const summarySheet = workbook.addWorksheet(STRESS_SHEETS.summary);
  const projectSheet = workbook.addWorksheet(STRESS_SHEETS.projects);
  const drawSheet = workbook.addWorksheet(STRESS_SHEETS.draws);

  // Draws first: the summary's percentile formulas point at this sheet's benefit column.
  const drawHeader = writeTableHeader(drawSheet, 'Benefit, households and spending of each overrun draw', 'Blank figures: the draw has no plan (see status).', [
    { header: 'Draw', width: 8, numberFormat: COUNT_FORMAT },
    { header: 'Status', width: 14 },
    { header: 'Benefit (points)', width: 16, numberFormat: BENEFIT_FORMAT },
    { header: 'Households served', width: 14, numberFormat: COUNT_FORMAT },
    { header: 'Planned spending (R million)', width: 16, numberFormat: RAND_MILLION_FORMAT },
    // Every row carries its proven gap and how it was solved (issue 14): a draw stopped by its time box says so here.
    { header: 'Proven gap', width: 10, numberFormat: '0.00%' },
    { header: 'How solved', width: 70 },
  ], illustrativeNote);
  summary.benefitByDraw.forEach((benefit, index) => {
    const row = drawSheet.getRow(drawHeader + 1 + index);
    const drawSolving = solving?.draws[index];
    row.getCell(1).value = index + 1;
    row.getCell(2).value = drawSolving?.status ?? (benefit === null ? 'no plan' : 'plan');
    row.getCell(6).value = benefit === null ? null : (drawSolving?.gap ?? null);
    row.getCell(7).value = drawSolving?.words ?? null;
    row.getCell(3).value = benefit;
    row.getCell(4).value = summary.householdsByDraw?.[index] ?? null;
    // Money to the cent, as the run workbook writes it: the summary's median is taken over these cells.
    const spendingRand = summary.spendingRandByDraw?.[index] ?? null;
    row.getCell(5).value = spendingRand === null ? null : roundRand(spendingRand);
  });
  // How each draw was solved is a sentence: wrapped in its column, the sheet prints one A4 page wide
  // with the draw number beside its words (it printed portrait, the words pages away from the number).
  if (summary.draws > 0) fitWrappedRowHeights(drawSheet, drawHeader + 1, drawHeader + summary.benefitByDraw.length, [7]);
  applyPrintSetup(drawSheet);
  const drawRange = (column: number): string => `'${STRESS_SHEETS.draws}'!${cellAddress(drawHeader + 1, column)}:${cellAddress(drawHeader + Math.max(1, summary.draws), column)}`;
  const benefitRange = `'${STRESS_SHEETS.draws}'!${cellAddress(drawHeader + 1, 3)}:${cellAddress(drawHeader + Math.max(1, summary.draws), 3)}`;

  const summaryHeader = writeTableHeader(summarySheet, title, null, [
    { header: 'Figure', width: 48 },
    { header: 'Value', width: 18 },
  ], illustrativeNote);
  const spread = summary.benefitSpread;
  const figureRows: [string, ExcelJS.CellValue, string | undefined][] = [
    ['Draws', summary.draws, COUNT_FORMAT],
    ['Seed', summary.seed, undefined],
    ['Overrun factor: lognormal median', distribution.medianFactor, '0.00'],
    ['Overrun factor: sigma of ln(factor)', distribution.sigma, '0.00'],
    ['Draws with a plan', summary.drawsWithPlan, COUNT_FORMAT],
    ['Draws infeasible (committed projects no longer fit)', summary.infeasibleDraws, COUNT_FORMAT],
    ['Draws failed otherwise (time limit, solver error)', summary.otherFailedDraws, COUNT_FORMAT],
    // In the console's words: "optimal" is the solver's term for a plan within the gap asked.
    ['Draws stopped before proving the gap', summary.notProvenOptimalDraws, COUNT_FORMAT],
    ['Benefit without overruns (points)', summary.benefitWithoutOverrun ?? 'no plan', BENEFIT_FORMAT],
    ['Households served without overruns', summary.householdsWithoutOverrun ?? 'no plan', COUNT_FORMAT],
    ['Planned spending without overruns (R million)', summary.spendingRandWithoutOverrun === null ? 'no plan' : roundRand(summary.spendingRandWithoutOverrun), RAND_MILLION_FORMAT],
  ];
  // Households and rand, not only points: the spread of households served and of spending over the draws.
  const households = (summary.householdsByDraw ?? []).filter((value): value is number => value !== null);
  // As the Draws sheet holds them (to the cent), so the cached MEDIAN is what the formula computes from the cells.
  const spending = (summary.spendingRandByDraw ?? []).filter((value): value is number => value !== null).map(roundRand);
  if (households.length > 0) {
    figureRows.push(
      ['Households served: minimum over draws', liveFormula(`MIN(${drawRange(4)})`, Math.min(...households)), COUNT_FORMAT],
      ['Households served: median over draws', liveFormula(`MEDIAN(${drawRange(4)})`, benefitSpread(households).median), COUNT_FORMAT],
      ['Households served: maximum over draws', liveFormula(`MAX(${drawRange(4)})`, Math.max(...households)), COUNT_FORMAT],
      ['Planned spending: median over draws (R million)', liveFormula(`MEDIAN(${drawRange(5)})`, benefitSpread(spending).median), RAND_MILLION_FORMAT],
    );
  }
  if (spread) {
    figureRows.push(
      ['Benefit: minimum (points)', liveFormula(`MIN(${benefitRange})`, spread.min), BENEFIT_FORMAT],
      ['Benefit: 10th percentile (points)', liveFormula(`PERCENTILE.INC(${benefitRange},0.1)`, spread.p10), BENEFIT_FORMAT],
      ['Benefit: median (points)', liveFormula(`MEDIAN(${benefitRange})`, spread.median), BENEFIT_FORMAT],
      ['Benefit: 90th percentile (points)', liveFormula(`PERCENTILE.INC(${benefitRange},0.9)`, spread.p90), BENEFIT_FORMAT],
      ['Benefit: maximum (points)', liveFormula(`MAX(${benefitRange})`, spread.max), BENEFIT_FORMAT],
    );
  }
  // What the draws put at risk (C2 may restyle): projects funded without overruns that a draw drops.
  if (summary.atRisk) {
    figureRows.push(
      ['Households at risk per draw: median', summary.atRisk.households.median, COUNT_FORMAT],
      ['Households at risk per draw: 90th percentile', summary.atRisk.households.p90, COUNT_FORMAT],
      ['Capex at risk per draw: median (R million)', roundRand(summary.atRisk.rand.median), RAND_MILLION_FORMAT],
      ['Capex at risk per draw: 90th percentile (R million)', roundRand(summary.atRisk.rand.p90), RAND_MILLION_FORMAT],
      ['Benefit at risk per draw: 90th percentile (points)', summary.atRisk.benefitPoints.p90, BENEFIT_FORMAT],
    );
  }
  figureRows.forEach(([label, value, numberFormat], index) => {
    const row = summarySheet.getRow(summaryHeader + 1 + index);
    row.getCell(1).value = label;
    row.getCell(2).value = value;
    if (numberFormat) row.getCell(2).numFmt = numberFormat;
  });
  // The notes reach across the page beside the two-column list, not down a second page.
  writeNotes(summarySheet, summaryHeader + figureRows.length + 2, [
    'Each draw multiplies every project\'s capex and cash flow by its own lognormal factor; see docs/analysis.md for the distribution.',
    'Percentiles interpolate linearly between draws (Excel PERCENTILE.INC), over draws with a plan only.',
    ...(solving
      ? [
          `Solving: ${solving.gapWords}; each draw at most ${solving.drawTimeLimitWords ?? `${solving.drawTimeLimitSeconds} s`}${solving.drawTimeLimitNote === undefined ? '' : `, ${solving.drawTimeLimitNote}`} (a draw stopped by that time box is "feasible" and its proven gap is on the Draws sheet).`,
          `A draw the plan without overruns still fits starts from that plan; any other draw is solved without a start (repairing it costs more than it saves); ${solving.lpBoundWords}.`,
          ...(solving.baselineLine !== undefined ? [`Baseline: ${solving.baselineLine}.`] : []),
        ]
      : []),
  ], SUMMARY_NOTE_WIDTH_UNITS);
  applyPrintSetup(summarySheet);

  const drawsWithPlanCell = `'${STRESS_SHEETS.summary}'!$B$${summaryHeader + 5}`;
  // The projects at risk first, in the console's order (least often funded first, review u2 12), then the others in register order.
  const atRisk = projectsAtRisk(summary);
  const atRiskIds = new Set(atRisk.map((project) => project.projectId));
  const projectRows = [...atRisk, ...summary.projects.filter((project) => !atRiskIds.has(project.projectId))];
  const projectHeader = writeTableHeader(projectSheet, 'How often each project stays funded under cost overruns', `Share = draws funding the project / draws with a plan. First the ${atRisk.length === 1 ? 'project' : `${atRisk.length} projects`} funded without overruns that some draws drop, least often funded first; then the others in register order.`, [
    { header: 'Project', width: 16 },
    { header: 'Municipality', width: 16 },
    { header: 'Service', width: 14 },
    { header: 'Capex before overrun (R million)', width: 16, numberFormat: RAND_MILLION_FORMAT },
    { header: 'Register status', width: 12 },
    { header: 'Funded without overrun', width: 12 },
    { header: 'Draws funded', width: 10, numberFormat: COUNT_FORMAT },
    { header: 'Share of draws funded', width: 12, numberFormat: SHARE_FORMAT },
  ], illustrativeNote);
  projectRows.forEach((project, index) => {
    const rowNumber = projectHeader + 1 + index;
    const row = projectSheet.getRow(rowNumber);
    row.getCell(1).value = project.projectId;
    row.getCell(2).value = project.municipalityName ?? project.municipalityCode;
    // A table cell: `Water`, as the other sheets write a service (review u4, finding 12).
    row.getCell(3).value = labelInTable(project.serviceLabel ?? project.service);
    row.getCell(4).value = roundRand(project.capexRand);
    row.getCell(5).value = project.registerStatus;
    row.getCell(6).value = project.fundedWithoutOverrun ? 'yes' : 'no';
    row.getCell(7).value = project.drawsFunded;
    row.getCell(8).value = liveFormula(`IF(${drawsWithPlanCell}=0,0,${cellAddress(rowNumber, 7)}/${drawsWithPlanCell})`, project.fundedShare);
  });
  // Ids are never cut: the dam and desalination options of one scheme differ only at their end.
  if (summary.projects.length > 0) fitIdentifierColumn(projectSheet, 1, projectHeader + 1, projectHeader + summary.projects.length);
  applyPrintSetup(projectSheet);
  addChartSheet(workbook, charts, title, illustrativeNote);
  addDataSourcesSheet(workbook, title, illustrativeNote);
  return workbook;
}
