/**
 * The workbook of `frontier`: one row per households level with the most capacity added for growth
 * at it, and the plan of the model as given as a marked row below, so the need-led / growth-led
 * choice reads as a table. Differences are live formulas whose cached values are the computed ones.
 */
import type ExcelJS from 'exceljs';
import { applyPrintSetup, BENEFIT_FORMAT, cellAddress, COUNT_FORMAT, fitIdentifierColumn, liveFormula, RAND_MILLION_FORMAT, roundRand, writeTableHeader, type ColumnSpec } from '../../report/format.js';
import type { HouseholdsGrowthFrontier, TradeOffFigures } from '../households-growth-frontier.js';
import { addChartSheet, addDataSourcesSheet, newWorkbook, writeNotes, type ChartImage } from './workbook-parts.js';

/** Name of the frontier sheet. */
export const HOUSEHOLDS_GROWTH_SHEET = 'Frontier';

/** What a cell of a point without a plan says (never a zero, which would read as a plan that funds nothing). */
export const NO_PLAN_TEXT = 'no plan';

/** The label of the current plan's row. */
export const CURRENT_PLAN_LABEL = 'Current plan (benefit points)';

/** Columns of the frontier sheet, in order (1-based positions follow from this list). */
const COLUMNS: readonly ColumnSpec[] = [
  { header: 'Point', width: 18 },
  { header: 'Households held at least', width: 12, numberFormat: COUNT_FORMAT },
  { header: 'Status', width: 10 },
  { header: 'Relative MIP gap', width: 9, numberFormat: '0.000%' },
  { header: 'Households served', width: 12, numberFormat: COUNT_FORMAT },
  { header: 'Households above the level', width: 11, numberFormat: COUNT_FORMAT },
  { header: 'Capacity added for growth (Ml/day)', width: 13, numberFormat: '#,##0.00' },
  { header: 'Capacity given up against the growth-only end (Ml/day)', width: 14, numberFormat: '#,##0.00' },
  { header: 'Benefit (points, model weights)', width: 12, numberFormat: BENEFIT_FORMAT },
  { header: 'Planned spending (R million)', width: 12, numberFormat: RAND_MILLION_FORMAT },
  { header: 'Projects funded', width: 9, numberFormat: COUNT_FORMAT },
];

/** Column numbers the formulas refer to. */
const COLUMN = { level: 2, households: 5, capacity: 7 } as const;

/** The label of point `index` of `count`. */
function pointLabel(index: number, count: number): string {
  if (index === 0) return '1 (growth-only end)';
  if (index === count - 1) return `${count} (households-only end)`;
  return String(index + 1);
}

/** Write one row's figures from column 3 on; `firstCapacityRow` is the growth-only end's row, null when it has no plan. */
function writeFigures(row: ExcelJS.Row, rowNumber: number, figures: TradeOffFigures, level: number | null, firstCapacityRow: number | null, firstCapacity: number | null): void {
  row.getCell(3).value = figures.status;
  row.getCell(4).value = figures.gap ?? 'unknown';
  if (figures.householdsServed === null || figures.capacityAddedMlPerDay === null) {
    for (const column of [5, 6, 7, 8, 9, 10, 11]) row.getCell(column).value = NO_PLAN_TEXT;
    return;
  }
  row.getCell(5).value = figures.householdsServed;
  row.getCell(6).value = level === null ? 'no level held' : liveFormula(`${cellAddress(rowNumber, COLUMN.households)}-${cellAddress(rowNumber, COLUMN.level)}`, figures.householdsServed - level);
  row.getCell(7).value = figures.capacityAddedMlPerDay;
  row.getCell(8).value =
    firstCapacityRow === null || firstCapacity === null
      ? 'not available'
      : liveFormula(`${cellAddress(firstCapacityRow, COLUMN.capacity)}-${cellAddress(rowNumber, COLUMN.capacity)}`, firstCapacity - figures.capacityAddedMlPerDay);
  row.getCell(9).value = figures.benefit;
  // Money to the cent, as the run workbook writes it (a solver's split leaves sub-cent noise).
  row.getCell(10).value = figures.spendingRand === null ? NO_PLAN_TEXT : roundRand(figures.spendingRand);
  row.getCell(11).value = figures.projectsFunded;
}

/** Build the frontier workbook: the Frontier sheet with its notes, then the chart. */
export function buildFrontierWorkbook(frontier: HouseholdsGrowthFrontier, title: string, charts: readonly ChartImage[], illustrativeNote = '', extraNotes: readonly string[] = []): ExcelJS.Workbook {
  const workbook = newWorkbook(title);
  const sheet = workbook.addWorksheet(HOUSEHOLDS_GROWTH_SHEET);
  const headerRow = writeTableHeader(
    sheet,
    title,
    'Each point maximises capacity added for growth with backlog households held at least at its level; money in R million, capacity in Ml/day.',
    COLUMNS,
    illustrativeNote,
  );
  const firstRow = headerRow + 1;
  const first = frontier.points[0];
  const firstCapacityRow = first?.capacityAddedMlPerDay != null ? firstRow : null;
  const firstCapacity = first?.capacityAddedMlPerDay ?? null;
  frontier.points.forEach((point, index) => {
    const rowNumber = firstRow + index;
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = pointLabel(index, frontier.points.length);
    row.getCell(2).value = point.householdsLevel;
    writeFigures(row, rowNumber, point, point.householdsLevel, firstCapacityRow, firstCapacity);
  });
  // The plan of the model as given, marked: bold on a pale fill, as the chart marks it.
  const currentRowNumber = firstRow + frontier.points.length;
  const currentRow = sheet.getRow(currentRowNumber);
  currentRow.getCell(1).value = CURRENT_PLAN_LABEL;
  currentRow.getCell(2).value = 'none';
  writeFigures(currentRow, currentRowNumber, frontier.currentPlan, null, firstCapacityRow, firstCapacity);
  for (let column = 1; column <= COLUMNS.length; column += 1) {
    const cell = currentRow.getCell(column);
    cell.font = { name: 'Calibri', bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4D6' } };
  }
  const notes = [
    'Point 1 is the plan that maximises capacity added alone; the last point serves the most households the budget allows, with the most capacity that leaves.',
    'Between them, each point holds households served at least at its level (policy.min_households_served) and maximises capacity added (policy.objective_measure = 1), unweighted and undiscounted.',
    'A proven-optimal frontier never gains capacity as the households level rises: each step to the right shows the capacity for growth that serving more backlog households costs at this budget.',
    'The current plan (marked) maximises benefit points, which count both households and capacity, weighted by need and growth; it lies on or below the frontier.',
    'Benefit is counted with the model\'s own weights and discount for every point, so points compare with the current plan; the frontier\'s objective ignores timing, so a point\'s benefit can be below the current plan\'s with the same projects.',
    ...extraNotes,
    ...frontier.warnings.map((warning) => `Warning: ${warning}`),
  ];
  // The point labels are never cut ('5 (households-only end)', the bold current-plan label): a
  // label cut at 18 units printed as '5 (households-only en', and the current plan's ran into its 'none'.
  fitIdentifierColumn(sheet, 1, firstRow, currentRowNumber, COLUMNS[0].width, 30);
  writeNotes(sheet, currentRowNumber + 2, notes);
  applyPrintSetup(sheet);
  addChartSheet(workbook, charts, title, illustrativeNote);
  addDataSourcesSheet(workbook, title, illustrativeNote);
  return workbook;
}
