/**
 * The comparison workbook of `compare`: key figures side by side, spending by municipality across
 * scenarios, projects whose funding differs (with each plan's reason), and the overrides applied.
 * Totals are live formulas whose cached results are the numbers the tool computed.
 */
import type ExcelJS from 'exceljs';
import { formatFinancialYear } from '../../dataset/financial-year.js';
import {
  applyPrintSetup,
  BENEFIT_FORMAT,
  cellAddress,
  columnLetter,
  COUNT_FORMAT,
  liveFormula,
  plainText,
  RAND_MILLION_FORMAT,
  SHARE_FORMAT,
  styleTotalRow,
  sumFormula,
  writeTableHeader,
  type ColumnSpec,
} from '../../report/format.js';
import type { ProjectOutcome, ScenarioComparison } from '../comparison.js';
import type { PlanFigures } from '../plan-figures.js';
import { addChartSheet, newWorkbook, writeNotes, type ChartImage } from './workbook-parts.js';
import { hasSolution } from '../../solve/engine.js';
import { needUnitWords, servedLabel } from '../../dataset/services.js';
import type { PlanService } from '../../plan/types.js';

/** Sheet names, exported so tests and readers agree on them. */
export const COMPARISON_SHEETS = {
  keyFigures: 'Key figures',
  spending: 'Spending by municipality',
  differences: 'Project differences',
  overrides: 'Overrides',
} as const;

/** One row of the key-figures sheet: a label, a unit and how to fill a scenario's cell. */
interface FigureRow {
  readonly label: string;
  readonly unit: string;
  readonly numberFormat?: string;
  readonly value: (figures: PlanFigures, column: string, rowOf: (label: string) => number) => ExcelJS.CellValue;
}

/** The rows of the key-figures sheet for a model's services (one "served" row per service). */
function figureRows(services: readonly PlanService[]): readonly FigureRow[] {
  const householdServices = services.filter((service) => service.needUnit === 'households');
  return [
  { label: 'Funding envelope over the horizon', unit: 'R million', numberFormat: RAND_MILLION_FORMAT, value: (figures) => figures.envelopeRand },
  { label: 'Planned spending', unit: 'R million', numberFormat: RAND_MILLION_FORMAT, value: (figures) => figures.spendingRand },
  {
    label: 'Spending as a share of the envelope',
    unit: '%',
    numberFormat: SHARE_FORMAT,
    value: (figures, column, rowOf) =>
      liveFormula(
        `IF(${column}${rowOf('Funding envelope over the horizon')}=0,0,${column}${rowOf('Planned spending')}/${column}${rowOf('Funding envelope over the horizon')})`,
        figures.envelopeRand === 0 ? 0 : figures.spendingRand / figures.envelopeRand,
      ),
  },
  { label: 'Projects funded', unit: 'projects', numberFormat: COUNT_FORMAT, value: (figures) => figures.projectsFunded },
  // Services counted in households first, so their total is one SUM over adjacent rows.
  ...[...householdServices, ...services.filter((service) => service.needUnit !== 'households')].map(
    (service): FigureRow => ({ label: servedLabel(service), unit: needUnitWords(service.needUnit), numberFormat: COUNT_FORMAT, value: (figures) => figures.householdsServedByService[service.id] ?? 0 }),
  ),
  ...(householdServices.length === 0
    ? []
    : [
        {
          label: 'Households served: total',
          unit: 'households',
          numberFormat: COUNT_FORMAT,
          value: (figures: PlanFigures, column: string, rowOf: (label: string) => number) =>
            sumFormula(`${column}${rowOf(servedLabel(householdServices[0]))}`, `${column}${rowOf(servedLabel(householdServices[householdServices.length - 1]))}`, figures.householdsServed),
        },
      ]),
  { label: 'Benefit: need-led', unit: 'points', numberFormat: BENEFIT_FORMAT, value: (figures) => figures.benefitNeedLed },
  { label: 'Benefit: growth-led', unit: 'points', numberFormat: BENEFIT_FORMAT, value: (figures) => figures.benefitGrowthLed },
  {
    label: 'Benefit: total',
    unit: 'points',
    numberFormat: BENEFIT_FORMAT,
    value: (figures, column, rowOf) => sumFormula(`${column}${rowOf('Benefit: need-led')}`, `${column}${rowOf('Benefit: growth-led')}`, figures.benefitTotal),
  },
  { label: 'Solve status', unit: '', value: (figures) => figures.status },
  { label: 'Relative MIP gap', unit: '%', numberFormat: '0.000%', value: (figures) => figures.gap ?? 'unknown' },
  ];
}

/**
 * Benefit points weigh households and capacity by each scenario's own index weights, so points
 * from scenarios with different weights are different currencies.
 */
export const BENEFIT_POINTS_NOTE =
  'Benefit points weigh households and capacity by each scenario\'s own need and growth weights: where the weights differ, compare households served and spending, not points.';

/** Build the comparison workbook (sheets in reading order, charts last). */
export function buildComparisonWorkbook(comparison: ScenarioComparison, charts: readonly ChartImage[]): ExcelJS.Workbook {
  const workbook = newWorkbook(`Scenario comparison: ${comparison.scenarios.map((figures) => figures.scenarioName).join(', ')}`);
  addKeyFiguresSheet(workbook, comparison);
  addSpendingSheet(workbook, comparison);
  addDifferencesSheet(workbook, comparison);
  addOverridesSheet(workbook, comparison);
  addChartSheet(workbook, charts);
  return workbook;
}

function addKeyFiguresSheet(workbook: ExcelJS.Workbook, comparison: ScenarioComparison): void {
  const sheet = workbook.addWorksheet(COMPARISON_SHEETS.keyFigures);
  const columns: ColumnSpec[] = [
    { header: 'Figure', width: 38 },
    { header: 'Unit', width: 12 },
    ...comparison.scenarios.map((figures) => ({ header: figures.scenarioName, width: 18 })),
  ];
  const headerRow = writeTableHeader(sheet, 'Key figures by scenario', 'Money is held in rand and shown in R million; totals are live formulas.', columns);
  const rows = figureRows(comparison.services);
  const rowOf = (label: string): number => headerRow + 1 + rows.findIndex((row) => row.label === label);
  rows.forEach((figureRow, rowIndex) => {
    const row = sheet.getRow(headerRow + 1 + rowIndex);
    row.getCell(1).value = figureRow.label;
    row.getCell(2).value = figureRow.unit;
    comparison.scenarios.forEach((figures, scenarioIndex) => {
      const cell = row.getCell(3 + scenarioIndex);
      // A scenario without a plan has no figures: zeros would read as "funds nothing".
      const solved = hasSolution(figures);
      if (!solved && figureRow.label !== 'Solve status') {
        cell.value = `n/a (${figures.status})`;
        cell.alignment = { horizontal: 'right' };
        return;
      }
      cell.value = figureRow.value(figures, columnLetter(3 + scenarioIndex), rowOf);
      if (figureRow.numberFormat) cell.numFmt = figureRow.numberFormat;
    });
  });
  writeNotes(sheet, headerRow + rows.length + 2, [BENEFIT_POINTS_NOTE]);
  applyPrintSetup(sheet);
}

function addSpendingSheet(workbook: ExcelJS.Workbook, comparison: ScenarioComparison): void {
  const sheet = workbook.addWorksheet(COMPARISON_SHEETS.spending);
  const columns: ColumnSpec[] = [
    { header: 'Code', width: 10 },
    { header: 'Municipality', width: 26 },
    ...comparison.scenarios.map((figures) => ({ header: `${figures.scenarioName} (R million)`, width: 18, numberFormat: RAND_MILLION_FORMAT })),
  ];
  const headerRow = writeTableHeader(sheet, 'Planned spending by municipality across scenarios', 'Spending over the whole horizon, all services and sources.', columns);
  comparison.municipalities.forEach((municipality, index) => {
    const row = sheet.getRow(headerRow + 1 + index);
    row.getCell(1).value = municipality.municipalityCode;
    row.getCell(2).value = plainText(municipality.municipalityName);
    municipality.spendingRandByScenario.forEach((amountRand, scenarioIndex) => {
      row.getCell(3 + scenarioIndex).value = amountRand;
    });
  });
  const firstDataRow = headerRow + 1;
  const lastDataRow = headerRow + comparison.municipalities.length;
  const totalRow = sheet.getRow(lastDataRow + 1);
  totalRow.getCell(1).value = 'Total';
  comparison.scenarios.forEach((_, scenarioIndex) => {
    const column = 3 + scenarioIndex;
    const totalRand = comparison.municipalities.reduce((sum, municipality) => sum + municipality.spendingRandByScenario[scenarioIndex], 0);
    totalRow.getCell(column).value = sumFormula(cellAddress(firstDataRow, column), cellAddress(lastDataRow, column), totalRand);
  });
  styleTotalRow(totalRow, columns.length);
  applyPrintSetup(sheet);
}

/** `funded, start 2027/28` or `not funded: budget`. */
export function describeOutcome(outcome: ProjectOutcome): string {
  if (outcome.funded) return outcome.startYear === null ? 'funded' : `funded, start ${formatFinancialYear(outcome.startYear)}`;
  return outcome.deferralReason === null ? 'not funded' : `not funded: ${outcome.deferralReason.replaceAll('_', ' ')}`;
}

function addDifferencesSheet(workbook: ExcelJS.Workbook, comparison: ScenarioComparison): void {
  const sheet = workbook.addWorksheet(COMPARISON_SHEETS.differences);
  const columns: ColumnSpec[] = [
    { header: 'Project', width: 16 },
    { header: 'Municipality', width: 12 },
    { header: 'Service', width: 12 },
    { header: 'Capex (R million)', width: 14, numberFormat: RAND_MILLION_FORMAT },
    ...comparison.scenarios.flatMap((figures) => [
      { header: `${figures.scenarioName}: outcome`, width: 26 },
      { header: `${figures.scenarioName}: why`, width: 48 },
    ]),
  ];
  const headerRow = writeTableHeader(
    sheet,
    'Projects funded in one scenario and not in another',
    // Only plans that exist are compared: with fewer than two there is no sentence to state.
    comparison.scenarios.filter((figures) => hasSolution(figures)).length < 2
      ? 'Fewer than two scenarios have a plan, so no funded projects are compared.'
      : comparison.differences.length === 0
        ? comparison.scenarios.every((figures) => hasSolution(figures))
          ? 'Every scenario funds the same projects.'
          : 'Every scenario with a plan funds the same projects.'
        : 'Each plan gives its own reason for leaving a project out.',
    columns,
  );
  comparison.differences.forEach((difference, index) => {
    const row = sheet.getRow(headerRow + 1 + index);
    row.getCell(1).value = difference.projectId;
    row.getCell(2).value = difference.municipalityCode;
    row.getCell(3).value = difference.service;
    row.getCell(4).value = difference.capexRand;
    difference.outcomes.forEach((outcome, scenarioIndex) => {
      row.getCell(5 + 2 * scenarioIndex).value = describeOutcome(outcome);
      row.getCell(6 + 2 * scenarioIndex).value = plainText(outcome.funded ? '' : outcome.deferralDetail);
      row.getCell(6 + 2 * scenarioIndex).alignment = { wrapText: true, vertical: 'top' };
    });
  });
  applyPrintSetup(sheet);
}

function addOverridesSheet(workbook: ExcelJS.Workbook, comparison: ScenarioComparison): void {
  const sheet = workbook.addWorksheet(COMPARISON_SHEETS.overrides);
  const headerRow = writeTableHeader(sheet, 'Scenario overrides applied', null, [
    { header: 'Scenario', width: 22 },
    { header: 'Override (key = value, from source)', width: 90 },
  ]);
  let rowNumber = headerRow + 1;
  comparison.scenarios.forEach((figures, scenarioIndex) => {
    const overrides = comparison.overridesByScenario[scenarioIndex];
    for (const line of overrides.length === 0 ? ['(none: the model as it is)'] : overrides) {
      sheet.getCell(rowNumber, 1).value = figures.scenarioName;
      sheet.getCell(rowNumber, 2).value = plainText(line);
      rowNumber += 1;
    }
  });
  writeNotes(sheet, rowNumber + 1, ['Precedence: command line > scenario file > its extends chain > model (see docs/scenarios.md).']);
}
