/**
 * The frontier workbook of `sweep`: one row per budget level with its benefit, households served
 * and, beside them, the rand (money planned, money left unspent as a live formula, and what of it
 * lapses), the projects funded, and the marginal benefit per extra R100 million as a live formula.
 */
import type ExcelJS from 'exceljs';
import {
  applyPrintSetup,
  BENEFIT_FORMAT,
  cellAddress,
  COUNT_FORMAT,
  fitWrappedRowHeights,
  liveFormula,
  RAND_MILLION_FORMAT,
  roundRand,
  writeTableHeader,
  type ColumnSpec,
} from '../../report/format.js';
import { MARGINAL_STEP_RAND, type Frontier } from '../frontier.js';
import { addChartSheet, addDataSourcesSheet, newWorkbook, writeNotes, type ChartImage } from './workbook-parts.js';
import { hasSolution } from '../../solve/engine.js';

/** Name of the frontier sheet. */
export const FRONTIER_SHEET = 'Frontier';

/** Columns of the frontier sheet, in order (1-based positions follow from this list). */
const FRONTIER_COLUMNS: readonly ColumnSpec[] = [
  { header: 'Budget factor', width: 10, numberFormat: '0.00' },
  { header: 'Total budget (R million)', width: 16, numberFormat: RAND_MILLION_FORMAT },
  { header: 'Status', width: 12 },
  { header: 'Relative MIP gap', width: 12, numberFormat: '0.000%' },
  { header: 'Benefit (points)', width: 16, numberFormat: BENEFIT_FORMAT },
  { header: 'Households served', width: 14, numberFormat: COUNT_FORMAT },
  // The rand beside the households, as the stress workbook has them.
  { header: 'Planned spending (R million)', width: 16, numberFormat: RAND_MILLION_FORMAT },
  { header: 'Left unspent (R million)', width: 14, numberFormat: RAND_MILLION_FORMAT },
  { header: 'Of which lapses (R million)', width: 14, numberFormat: RAND_MILLION_FORMAT },
  { header: 'Projects funded', width: 10, numberFormat: COUNT_FORMAT },
  { header: 'Marginal benefit per extra R100 million (points)', width: 22, numberFormat: '#,##0.0' },
  { header: 'How solved', width: 34 },
];

/**
 * Build the sweep workbook: the frontier sheet with its notes, then the chart. With the model's
 * non-empty illustrative note the sheet carries the illustrative-inputs line under its title.
 */
export function buildSweepWorkbook(frontier: Frontier, title: string, charts: readonly ChartImage[], solvingNotes: readonly string[] = [], illustrativeNote: string | null = null): ExcelJS.Workbook {
  const workbook = newWorkbook(title);
  const sheet = workbook.addWorksheet(FRONTIER_SHEET);
  const headerRow = writeTableHeader(sheet, title, 'Every envelope of every source scaled by the budget factor; money in R million.', FRONTIER_COLUMNS, illustrativeNote);
  frontier.points.forEach((point, index) => {
    const rowNumber = headerRow + 1 + index;
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = point.budgetFactor;
    // Money to the cent, as the run workbook writes it: a scaled envelope or a solver's split is never 12,000,000.000000002.
    const budgetRand = roundRand(point.totalBudgetRand);
    const spendingRand = roundRand(point.spendingRand);
    row.getCell(2).value = budgetRand;
    row.getCell(3).value = point.status;
    row.getCell(4).value = point.gap ?? 'unknown';
    row.getCell(12).value = point.howSolved ?? null;
    // A point without a plan has no figures: zeros would read as a plan that funds nothing.
    const hasPlan = hasSolution(point);
    row.getCell(5).value = hasPlan ? point.benefit : 'no plan';
    row.getCell(6).value = hasPlan ? point.householdsServed : 'no plan';
    row.getCell(7).value = hasPlan ? spendingRand : 'no plan';
    // The cached difference is that of the two cells as written, so a reader that does not recalculate shows what Excel would.
    row.getCell(8).value = hasPlan ? liveFormula(`${cellAddress(rowNumber, 2)}-${cellAddress(rowNumber, 7)}`, roundRand(budgetRand - spendingRand)) : 'no plan';
    row.getCell(9).value = hasPlan ? roundRand(point.lapsingRand) : 'no plan';
    row.getCell(10).value = hasPlan ? point.projectsFunded : 'no plan';
    const previous = frontier.points[index - 1];
    const previousBudgetRand = previous === undefined ? null : roundRand(previous.totalBudgetRand);
    if (point.marginalBenefitPer100MillionRand !== null && previous !== undefined && previousBudgetRand !== null && previousBudgetRand !== budgetRand) {
      // (benefit - previous benefit) × R100 million / (budget - previous budget), live; cached from the cells as written.
      const benefit = cellAddress(rowNumber, 5);
      const previousBenefit = cellAddress(rowNumber - 1, 5);
      const budget = cellAddress(rowNumber, 2);
      const previousBudget = cellAddress(rowNumber - 1, 2);
      row.getCell(11).value = liveFormula(
        `(${benefit}-${previousBenefit})*${MARGINAL_STEP_RAND}/(${budget}-${previousBudget})`,
        ((point.benefit - previous.benefit) * MARGINAL_STEP_RAND) / (budgetRand - previousBudgetRand),
      );
    } else {
      row.getCell(11).value = index === 0 ? 'first point' : 'not available';
    }
  });
  // How each point was solved is a sentence: it wraps in its column so the table prints one page wide.
  if (frontier.points.length > 0) fitWrappedRowHeights(sheet, headerRow + 1, headerRow + frontier.points.length, [12]);
  const notes = [
    'The marginal benefit is the benefit gained per extra R100 million of total budget between this point and the one above.',
    'A proven-optimal frontier never falls as the budget grows; a falling step means a point is not proven optimal.',
    'Left unspent = total budget minus planned spending; of it, the money that lapses is what sources without carry-over lose at the end of a year (the rest is carried past the last year).',
    ...solvingNotes,
    ...frontier.warnings.map((warning) => `Warning: ${warning}`),
  ];
  writeNotes(sheet, headerRow + frontier.points.length + 2, notes);
  applyPrintSetup(sheet);
  addChartSheet(workbook, charts, title, illustrativeNote);
  addDataSourcesSheet(workbook, title, illustrativeNote);
  return workbook;
}
