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
  CHARACTERS_PER_LANDSCAPE_PAGE,
  cellAddress,
  columnLetter,
  COUNT_FORMAT,
  fitIdentifierColumn,
  fitWrappedRowHeights,
  liveFormula,
  moneyTotal,
  plainText,
  proseLineCount,
  RAND_MILLION_FORMAT,
  roundRand,
  serviceLabelOf,
  SHARE_FORMAT,
  styleTotalRow,
  sumFormula,
  textWidthUnits,
  writeTableHeader,
  type ColumnSpec,
} from '../../report/format.js';
import { benefitNotComparableWords, type ComparedFigures, type ProjectOutcome, type ScenarioComparison, type ScenarioTable } from '../comparison.js';
import { addChartSheet, addDataSourcesSheet, newWorkbook, writeNotes, type ChartImage } from './workbook-parts.js';
import { hasSolution } from '../../solve/engine.js';
import { needUnitWords, servedLabel } from '../../dataset/services.js';
import type { PlanService } from '../../plan/types.js';
import { gapInWords, projectsWord, scenarioInSentence, type ChangeGroup, type DifferenceSummary, type ReasonGroup } from '../comparison-summary.js';
import { formatNumber } from '../analysis-options.js';

/** Sheet names, exported so tests and readers agree on them. */
export const COMPARISON_SHEETS = {
  summary: 'Summary',
  keyFigures: 'Key figures',
  byYear: 'Spending by year',
  bySource: 'Spending by source',
  byDistrict: 'Spending by district',
  shares: 'Policy shares',
  spending: 'Spending by municipality',
  differences: 'Project differences',
  overrides: 'Overrides',
} as const;

/** One row of the key-figures sheet: a label, a unit and how to fill a scenario's cell. */
interface FigureRow {
  readonly label: string;
  readonly unit: string;
  readonly numberFormat?: string;
  readonly value: (figures: ComparedFigures, column: string, rowOf: (label: string) => number) => ExcelJS.CellValue;
}

/** Key-figure labels the share formula refers to. */
const CAPITAL_ENVELOPES = 'Capital envelopes over the horizon';
const CAPITAL_SPENDING = 'Capital spending (funded projects)';
/** The status row: the status with its proven gap in words. */
const STATUS_LABEL = 'Status';
/** The proven gap: the plan's benefit is at most this share below the best possible under its scenario. */
const GAP_LABEL = 'Proven gap (at most this far below the best possible)';

/**
 * The rows of the key-figures sheet for a model's services (one "served" row per service). Capital
 * and operating money have rows of their own: a total that mixed them would match neither the
 * capital envelopes nor Spending by year (capital only).
 */
function figureRows(services: readonly PlanService[], hasOperating: boolean): readonly FigureRow[] {
  const householdServices = services.filter((service) => service.needUnit === 'households');
  return [
  { label: CAPITAL_ENVELOPES, unit: 'R million', numberFormat: RAND_MILLION_FORMAT, value: (figures) => figures.capitalEnvelopeRand },
  { label: CAPITAL_SPENDING, unit: 'R million', numberFormat: RAND_MILLION_FORMAT, value: (figures) => figures.capitalSpendingRand },
  {
    label: 'Share of the capital envelopes spent',
    unit: '%',
    numberFormat: SHARE_FORMAT,
    value: (figures, column, rowOf) =>
      liveFormula(
        `IF(${column}${rowOf(CAPITAL_ENVELOPES)}=0,0,${column}${rowOf(CAPITAL_SPENDING)}/${column}${rowOf(CAPITAL_ENVELOPES)})`,
        figures.capitalEnvelopeRand === 0 ? 0 : figures.capitalSpendingRand / figures.capitalEnvelopeRand,
      ),
  },
  ...(hasOperating
    ? [
        { label: 'Operating envelopes over the horizon', unit: 'R million', numberFormat: RAND_MILLION_FORMAT, value: (figures: ComparedFigures) => figures.operatingEnvelopeRand },
        { label: 'Running costs paid (operating)', unit: 'R million', numberFormat: RAND_MILLION_FORMAT, value: (figures: ComparedFigures) => figures.runningCostsRand },
      ]
    : []),
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
          value: (figures: ComparedFigures, column: string, rowOf: (label: string) => number) =>
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
  { label: STATUS_LABEL, unit: '', value: (figures) => figures.statusWords },
  { label: GAP_LABEL, unit: '%', numberFormat: '0.00%', value: (figures) => figures.gap ?? 'unknown' },
  ];
}

/** Writes a sheet's title, note and header row (writeTableHeader with the workbook's illustrative note); returns the header row. */
type WriteHeader = (sheet: ExcelJS.Worksheet, title: string, note: string | null, columns: readonly ColumnSpec[]) => number;

/**
 * Build the comparison workbook (sheets in reading order, charts last). With the model's
 * non-empty illustrative note every table sheet carries the illustrative-inputs line under its
 * title, as the plan's sheets do.
 */
export function buildComparisonWorkbook(comparison: ScenarioComparison, charts: readonly ChartImage[], illustrativeNote: string | null = null): ExcelJS.Workbook {
  const workbook = newWorkbook(`Scenario comparison: ${comparison.scenarios.map((figures) => figures.scenarioName).join(', ')}`);
  // Every sheet's header, with the illustrative line when the model has a note.
  const header = (sheet: ExcelJS.Worksheet, title: string, note: string | null, columns: readonly ColumnSpec[]): number => writeTableHeader(sheet, title, note, columns, illustrativeNote);
  addSummarySheet(workbook, comparison, header);
  addKeyFiguresSheet(workbook, comparison, header);
  const mtefKeys = comparison.mtefYears.map(String);
  const operating = comparison.operatingSourceIds.length > 0;
  const capitalWord = operating ? ' capital' : '';
  addScenarioTableSheet(workbook, COMPARISON_SHEETS.byYear, `Planned${capitalWord} spending by financial year across scenarios`, comparison, comparison.byYear, mtefKeys, header);
  addScenarioTableSheet(
    workbook,
    COMPARISON_SHEETS.bySource,
    operating ? 'Capital spending and running costs by funding source across scenarios' : 'Planned spending by funding source (grant) across scenarios',
    comparison,
    comparison.bySource,
    null,
    header,
    comparison.operatingSourceIds,
  );
  addScenarioTableSheet(workbook, COMPARISON_SHEETS.byDistrict, `Planned${capitalWord} spending by district across scenarios`, comparison, comparison.byDistrict, null, header);
  addSharesSheet(workbook, comparison, header);
  addSpendingSheet(workbook, comparison, header);
  addDifferencesSheet(workbook, comparison, header);
  addOverridesSheet(workbook, comparison, header);
  // The chart pages carry the workbook's title and the illustrative line, as the table sheets do.
  addChartSheet(workbook, charts, workbook.title, illustrativeNote);
  addDataSourcesSheet(workbook, workbook.title, illustrativeNote);
  return workbook;
}

/** The fill of a table's header row, as writeTableHeader paints it. */
const TABLE_HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
/** Width of the Summary's label column (scenario names, what changed, the reasons). */
const SUMMARY_LABEL_WIDTH = 56;
/** Width of each service's column on the Summary (at least three columns: the status words share them). */
const SUMMARY_SERVICE_WIDTH = 14;

/**
 * The first sheet: each plan's status with its proven gap, the warnings an analyst must read
 * before the figures (the baseline added beside one scenario, benefit differences within the
 * plans' margins), then per later scenario against the first: the sentence, the projects it
 * defers that the first funds and funds that the first defers (in rand and by service), the
 * start years moved, and why (a policy reason by its rule). Counts and capex are of the Project
 * differences rows; every total is a live SUM.
 */
function addSummarySheet(workbook: ExcelJS.Workbook, comparison: ScenarioComparison, header: WriteHeader): void {
  const sheet = workbook.addWorksheet(COMPARISON_SHEETS.summary);
  const services = comparison.services;
  const serviceColumns = Math.max(3, services.length);
  const lastColumn = 3 + serviceColumns;
  const columns: ColumnSpec[] = [
    { header: 'Scenario', width: SUMMARY_LABEL_WIDTH },
    { header: 'Proven gap', width: 12 },
    { header: 'Benefit (points)', width: 16, numberFormat: BENEFIT_FORMAT },
    ...Array.from({ length: serviceColumns }, (_, index) => ({ header: index === 0 ? 'Status' : '', width: SUMMARY_SERVICE_WIDTH })),
  ];
  const first = comparison.scenarios[0]?.scenarioName ?? 'the first scenario';
  const headerRow = header(
    sheet,
    'What changes between the scenarios',
    comparison.baselineAdded
      ? `${comparison.scenarios[1]?.scenarioName ?? 'The scenario'} compared with the baseline (the model as given), as only one scenario was given; project by project in the sheet Project differences.`
      : `Each scenario compared with ${first} (the first scenario); project by project in the sheet Project differences.`,
    columns,
  );
  const statusWidth = SUMMARY_SERVICE_WIDTH * serviceColumns;
  let rowNumber = headerRow + 1;
  sheet.mergeCells(headerRow, 4, headerRow, lastColumn);
  for (const figures of comparison.scenarios) {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = plainText(figures.scenarioName);
    const solved = hasSolution(figures);
    row.getCell(2).value = gapInWords(figures.status, figures.gap);
    row.getCell(2).alignment = { horizontal: 'right' };
    row.getCell(3).value = solved ? figures.benefitTotal : 'n/a';
    if (!solved) row.getCell(3).alignment = { horizontal: 'right' };
    sheet.mergeCells(rowNumber, 4, rowNumber, lastColumn);
    row.getCell(4).value = figures.statusWords;
    row.getCell(4).alignment = { wrapText: true, vertical: 'top' };
    row.height = proseLineCount(figures.statusWords, statusWidth) * 15;
    rowNumber += 1;
  }
  // Warnings before the figures they qualify.
  const notComparable = benefitNotComparableWords(comparison);
  const warnings = [
    ...comparison.noiseWarnings.map((warning) => `Warning: ${warning.sentence}`),
    ...(notComparable !== null ? [notComparable] : []),
    ...comparison.scenarios.filter((figures) => !hasSolution(figures)).map((figures) => `${figures.scenarioName} has no plan (${figures.statusWords}), so it is not compared.`),
  ];
  if (warnings.length > 0) rowNumber = writeNotes(sheet, rowNumber + 1, warnings);
  const writeSentence = (text: string): void => {
    sheet.mergeCells(rowNumber, 1, rowNumber, lastColumn);
    const cell = sheet.getCell(rowNumber, 1);
    cell.value = text;
    cell.font = { name: 'Calibri', bold: true };
    cell.alignment = { wrapText: true, vertical: 'top' };
    sheet.getRow(rowNumber).height = proseLineCount(text, SUMMARY_LABEL_WIDTH + 28 + statusWidth) * 15;
    rowNumber += 1;
  };
  const writeHeaderRow = (labels: readonly string[]): void => {
    const row = sheet.getRow(rowNumber);
    labels.forEach((label, index) => {
      const cell = row.getCell(index + 1);
      cell.value = label;
      cell.font = { name: 'Calibri', bold: true };
      cell.fill = TABLE_HEADER_FILL;
      cell.alignment = { wrapText: true, vertical: 'middle' };
      cell.border = { bottom: { style: 'thin' } };
    });
    row.height = 32;
    rowNumber += 1;
  };
  // A reason table: one row per reason, then live totals of projects and capex.
  const writeReasons = (title: string, groups: readonly ReasonGroup[]): void => {
    if (groups.length === 0) return;
    writeHeaderRow([title, 'Projects', 'Capex (R million)']);
    const from = rowNumber;
    for (const group of groups) {
      const row = sheet.getRow(rowNumber);
      row.getCell(1).value = plainText(group.words);
      row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
      row.height = proseLineCount(group.words, SUMMARY_LABEL_WIDTH) * 15;
      row.getCell(2).value = group.projectIds.length;
      row.getCell(2).numFmt = COUNT_FORMAT;
      row.getCell(3).value = roundRand(group.capexRand);
      row.getCell(3).numFmt = RAND_MILLION_FORMAT;
      rowNumber += 1;
    }
    const total = sheet.getRow(rowNumber);
    total.getCell(1).value = 'Total';
    total.getCell(2).value = sumFormula(cellAddress(from, 2), cellAddress(rowNumber - 1, 2), groups.reduce((sum, group) => sum + group.projectIds.length, 0));
    total.getCell(2).numFmt = COUNT_FORMAT;
    total.getCell(3).value = sumFormula(cellAddress(from, 3), cellAddress(rowNumber - 1, 3), moneyTotal(groups.map((group) => group.capexRand)));
    total.getCell(3).numFmt = RAND_MILLION_FORMAT;
    styleTotalRow(total, 3);
    rowNumber += 2;
  };
  for (const summary of comparison.summaries) {
    rowNumber += 1;
    writeSentence(summary.sentence);
    const name = summary.scenarioName;
    const reference = scenarioInSentence(summary.referenceName);
    writeHeaderRow([`${name} against ${reference}`, 'Projects', 'Capex (R million)', ...services.map((service) => service.label)]);
    const groups: readonly [string, ChangeGroup][] = [
      [`Deferred in ${name}, funded in ${reference}`, summary.newlyDeferred],
      [`Funded in ${name}, deferred in ${reference}`, summary.newlyFunded],
      [`Funded in both, start year moved (${formatNumber(summary.startMoved.later)} later, ${formatNumber(summary.startMoved.earlier)} earlier)`, startMovedGroup(summary, comparison)],
    ];
    for (const [label, group] of groups) {
      const row = sheet.getRow(rowNumber);
      row.getCell(1).value = plainText(label);
      // The projects are the sum of the service counts beside them.
      row.getCell(2).value = services.length > 0 ? sumFormula(cellAddress(rowNumber, 4), cellAddress(rowNumber, 3 + services.length), group.projectIds.length) : group.projectIds.length;
      row.getCell(2).numFmt = COUNT_FORMAT;
      row.getCell(3).value = roundRand(group.capexRand);
      row.getCell(3).numFmt = RAND_MILLION_FORMAT;
      services.forEach((service, index) => {
        row.getCell(4 + index).value = group.projectsByService[service.id] ?? 0;
        row.getCell(4 + index).numFmt = COUNT_FORMAT;
      });
      rowNumber += 1;
    }
    rowNumber += 1;
    writeReasons(`Why ${name} defers the ${projectsWord(summary.newlyDeferred.projectIds.length)} ${reference} funds`, summary.newlyDeferred.byReason);
    writeReasons(`Why ${reference} defers the ${projectsWord(summary.newlyFunded.projectIds.length)} ${name} funds`, summary.newlyFunded.byReason);
  }
  if (comparison.summaries.length === 0) writeNotes(sheet, rowNumber + 1, ['Fewer than two scenarios have a plan, so no funded projects are compared.']);
  applyPrintSetup(sheet);
}

/** The projects funded in both with a moved start, as a change group (capex and service counts of their difference rows). */
function startMovedGroup(summary: DifferenceSummary, comparison: ScenarioComparison): ChangeGroup {
  const moved = new Set(summary.startMoved.projectIds);
  const rows = comparison.differences.filter((difference) => moved.has(difference.projectId));
  const projectsByService: Record<string, number> = Object.fromEntries(comparison.services.map((service) => [service.id, 0]));
  for (const row of rows) projectsByService[row.service] = (projectsByService[row.service] ?? 0) + 1;
  return { projectIds: [...moved], capexRand: moneyTotal(rows.map((row) => row.capexRand)), projectsByService };
}

function addKeyFiguresSheet(workbook: ExcelJS.Workbook, comparison: ScenarioComparison, header: WriteHeader): void {
  const sheet = workbook.addWorksheet(COMPARISON_SHEETS.keyFigures);
  const columns: ColumnSpec[] = [
    { header: 'Figure', width: 38 },
    { header: 'Unit', width: 12 },
    ...comparison.scenarios.map((figures) => ({ header: figures.scenarioName, width: 18 })),
    ...differenceHeaders(comparison).map((header) => ({ header, width: 18 })),
  ];
  const headerRow = header(
    sheet,
    'Key figures by scenario',
    `Money is held in rand and shown in R million; totals are live formulas. The last columns are each scenario minus ${comparison.scenarios[0]?.scenarioName ?? 'the first'} (the first scenario).`,
    columns,
  );
  const rows = figureRows(comparison.services, comparison.operatingSourceIds.length > 0);
  const rowOf = (label: string): number => headerRow + 1 + rows.findIndex((row) => row.label === label);
  rows.forEach((figureRow, rowIndex) => {
    const row = sheet.getRow(headerRow + 1 + rowIndex);
    row.getCell(1).value = figureRow.label;
    row.getCell(2).value = figureRow.unit;
    comparison.scenarios.forEach((figures, scenarioIndex) => {
      const cell = row.getCell(3 + scenarioIndex);
      // A scenario without a plan has no figures: zeros would read as "funds nothing".
      const solved = hasSolution(figures);
      if (!solved && figureRow.label !== STATUS_LABEL) {
        cell.value = `n/a (${figures.status})`;
        cell.alignment = { horizontal: 'right' };
        return;
      }
      const value = figureRow.value(figures, columnLetter(3 + scenarioIndex), rowOf);
      // Money to the cent, as the run workbook writes it: never the solver's noise.
      cell.value = figureRow.numberFormat === RAND_MILLION_FORMAT && typeof value === 'number' ? roundRand(value) : value;
      if (figureRow.numberFormat) cell.numFmt = figureRow.numberFormat;
    });
    // Differences against the first scenario, as live formulas, for the figures that are numbers.
    const first = comparison.scenarios[0];
    if (first === undefined || !hasSolution(first) || figureRow.numberFormat === undefined || figureRow.label === GAP_LABEL) return;
    comparison.scenarios.slice(1).forEach((figures, offset) => {
      if (!hasSolution(figures)) return;
      const column = 3 + comparison.scenarios.length + offset;
      const rowNumber = headerRow + 1 + rowIndex;
      const resultOf = (cell: ExcelJS.CellValue): number => (typeof cell === 'number' ? cell : typeof cell === 'object' && cell !== null && 'result' in cell ? Number(cell.result) : 0);
      const difference = resultOf(row.getCell(4 + offset).value) - resultOf(row.getCell(3).value);
      const cell = row.getCell(column);
      cell.value = liveFormula(`${cellAddress(rowNumber, 4 + offset)}-${cellAddress(rowNumber, 3)}`, figureRow.numberFormat === RAND_MILLION_FORMAT ? roundRand(difference) : difference);
      cell.numFmt = figureRow.numberFormat === SHARE_FORMAT ? '+0.0%;-0.0%;0.0%' : figureRow.numberFormat === RAND_MILLION_FORMAT ? '+#,##0.0,,;[Red]-#,##0.0,,;0.0' : '+#,##0;[Red]-#,##0;0';
    });
  });
  // Only when the scenarios weigh benefit differently: then their points measure different things.
  const notComparable = benefitNotComparableWords(comparison);
  const keyNotes = [...(notComparable !== null ? [notComparable] : []), ...(comparison.baselineLine !== undefined ? [`Baseline: ${comparison.baselineLine}.`] : [])];
  if (keyNotes.length > 0) writeNotes(sheet, headerRow + rows.length + 2, keyNotes);
  // Wide enough for every label: a label cut in print reads as a different figure.
  sheet.getColumn(1).width = Math.max(38, ...rows.map((figureRow) => textWidthUnits(figureRow.label) + 2));
  applyPrintSetup(sheet);
  // The status in words wraps in its scenario's column, its row as tall as the longest.
  const statusRow = rowOf(STATUS_LABEL);
  fitWrappedRowHeights(sheet, statusRow, statusRow, comparison.scenarios.map((_, index) => 3 + index));
}

/** `growth-led − baseline` for every scenario after the first. */
function differenceHeaders(comparison: ScenarioComparison): string[] {
  const first = comparison.scenarios[0]?.scenarioName ?? '';
  return comparison.scenarios.slice(1).map((figures) => `${figures.scenarioName} − ${first}`);
}

/** Signed R million: `+12.3`, red `-4.5`. */
const RAND_DIFFERENCE_FORMAT = '+#,##0.0,,;[Red]-#,##0.0,,;0.0';

/**
 * One spending table across scenarios: a row per key, a column per scenario, then a column per
 * later scenario with its difference from the first; a total row and, for the year table, the
 * MTEF subtotal row. Every total and difference is a live formula.
 */
function addScenarioTableSheet(
  workbook: ExcelJS.Workbook,
  sheetName: string,
  title: string,
  comparison: ScenarioComparison,
  table: ScenarioTable,
  mtefKeys: readonly string[] | null,
  header: WriteHeader,
  operatingKeys: readonly string[] = [],
): void {
  const sheet = workbook.addWorksheet(sheetName);
  const scenarioCount = comparison.scenarios.length;
  const mtefRowLabel = mtefKeys !== null && mtefKeys.length > 0 ? `MTEF ${table.labels[mtefKeys[0]]} to ${table.labels[mtefKeys[mtefKeys.length - 1]]}` : '';
  const operatingRows = table.keys.filter((key) => operatingKeys.includes(key));
  const capitalRows = table.keys.filter((key) => !operatingKeys.includes(key));
  // Operating rows are written last, so capital and operating are two adjacent ranges.
  const splitLabels = operatingRows.length > 0 ? ['Total, capital and operating', 'of which capital', 'of which operating (running costs)'] : ['Total'];
  // Wide enough for the longest row label (the MTEF label was cut at 20).
  const labelWidth = Math.max(20, ...[table.rowHeader, mtefRowLabel, ...splitLabels, ...table.keys.map((key) => table.labels[key])].map((text) => textWidthUnits(text) + 2));
  const columns: ColumnSpec[] = [
    { header: table.rowHeader, width: labelWidth },
    ...comparison.scenarios.map((figures) => ({ header: `${figures.scenarioName} (R million)`, width: 16, numberFormat: RAND_MILLION_FORMAT })),
    ...differenceHeaders(comparison).map((header) => ({ header: `${header} (R million)`, width: 16, numberFormat: RAND_DIFFERENCE_FORMAT })),
  ];
  const headerRow = header(sheet, title, `Spending over the whole horizon in rand, shown in R million; the last columns are each scenario minus the first; totals are live formulas.`, columns);
  const firstDataRow = headerRow + 1;
  const writeDifferences = (rowNumber: number, values: readonly number[]): void => {
    for (let index = 1; index < scenarioCount; index += 1) {
      // The difference of the cells as written (each to the cent), to the cent.
      sheet.getRow(rowNumber).getCell(2 + scenarioCount + index - 1).value = liveFormula(`${cellAddress(rowNumber, 2 + index)}-${cellAddress(rowNumber, 2)}`, roundRand(roundRand(values[index]) - roundRand(values[0])));
    }
  };
  [...capitalRows, ...operatingRows].forEach((key, index) => {
    const rowNumber = firstDataRow + index;
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = plainText(table.labels[key]);
    const values = table.randByKey[key];
    values.forEach((rand, scenarioIndex) => (row.getCell(2 + scenarioIndex).value = roundRand(rand)));
    writeDifferences(rowNumber, values);
  });
  const lastDataRow = firstDataRow + table.keys.length - 1;
  const totals = comparison.scenarios.map((_, scenarioIndex) => moneyTotal(table.keys.map((key) => table.randByKey[key][scenarioIndex])));
  let rowNumber = lastDataRow + 1;
  if (table.keys.length > 0) {
    const totalRow = sheet.getRow(rowNumber);
    totalRow.getCell(1).value = splitLabels[0];
    totals.forEach((total, scenarioIndex) => (totalRow.getCell(2 + scenarioIndex).value = sumFormula(cellAddress(firstDataRow, 2 + scenarioIndex), cellAddress(lastDataRow, 2 + scenarioIndex), total)));
    writeDifferences(rowNumber, totals);
    styleTotalRow(totalRow, columns.length);
    rowNumber += 1;
    if (operatingRows.length > 0) {
      const blocks = [
        { label: splitLabels[1], keys: capitalRows, from: firstDataRow },
        { label: splitLabels[2], keys: operatingRows, from: firstDataRow + capitalRows.length },
      ];
      for (const block of blocks) {
        if (block.keys.length === 0) continue;
        const blockRow = sheet.getRow(rowNumber);
        blockRow.getCell(1).value = block.label;
        const blockTotals = comparison.scenarios.map((_, scenarioIndex) => moneyTotal(block.keys.map((key) => table.randByKey[key][scenarioIndex])));
        blockTotals.forEach((total, scenarioIndex) => (blockRow.getCell(2 + scenarioIndex).value = sumFormula(cellAddress(block.from, 2 + scenarioIndex), cellAddress(block.from + block.keys.length - 1, 2 + scenarioIndex), total)));
        writeDifferences(rowNumber, blockTotals);
        rowNumber += 1;
      }
    }
    if (mtefKeys !== null && mtefKeys.length > 0) {
      const mtefRow = sheet.getRow(rowNumber);
      const lastMtef = firstDataRow + mtefKeys.length - 1;
      mtefRow.getCell(1).value = mtefRowLabel;
      const mtefTotals = comparison.scenarios.map((_, scenarioIndex) => moneyTotal(mtefKeys.map((key) => table.randByKey[key]?.[scenarioIndex] ?? 0)));
      mtefTotals.forEach((total, scenarioIndex) => (mtefRow.getCell(2 + scenarioIndex).value = sumFormula(cellAddress(firstDataRow, 2 + scenarioIndex), cellAddress(lastMtef, 2 + scenarioIndex), total)));
      writeDifferences(rowNumber, mtefTotals);
      styleTotalRow(mtefRow, columns.length);
    }
  }
  applyPrintSetup(sheet);
}

/**
 * The policy shares the scenarios change: each service's and each district's share of planned
 * spending per scenario, and the change from the first scenario in percentage points.
 */
function addSharesSheet(workbook: ExcelJS.Workbook, comparison: ScenarioComparison, header: WriteHeader): void {
  const sheet = workbook.addWorksheet(COMPARISON_SHEETS.shares);
  const scenarioCount = comparison.scenarios.length;
  const columns: ColumnSpec[] = [
    { header: 'Share of planned spending', width: 30 },
    ...comparison.scenarios.map((figures) => ({ header: figures.scenarioName, width: 16, numberFormat: SHARE_FORMAT })),
    // Percentage points, in full: "points" alone is the tool's word for benefit points.
    ...differenceHeaders(comparison).map((header) => ({ header: `${header} (percentage points)`, width: 18, numberFormat: '+0.0%;[Red]-0.0%;0.0%' })),
  ];
  const headerRow = header(
    sheet,
    'Service and district shares across scenarios',
    'What the policy shares do: each service\'s and district\'s share of the planned spending over the horizon; the last columns are the change from the first scenario, in percentage points.',
    columns,
  );
  let rowNumber = headerRow + 1;
  for (const [prefix, table] of [['Service', comparison.byService], ['District', comparison.byDistrict]] as const) {
    const totals = comparison.scenarios.map((_, scenarioIndex) => moneyTotal(table.keys.map((key) => table.randByKey[key][scenarioIndex])));
    for (const key of table.keys) {
      const row = sheet.getRow(rowNumber);
      row.getCell(1).value = plainText(`${prefix}: ${table.labels[key]}`);
      const shares = table.randByKey[key].map((rand, scenarioIndex) => (totals[scenarioIndex] > 0 ? rand / totals[scenarioIndex] : 0));
      shares.forEach((share, scenarioIndex) => (row.getCell(2 + scenarioIndex).value = Math.round(share * 1e6) / 1e6));
      for (let index = 1; index < scenarioCount; index += 1) {
        row.getCell(1 + scenarioCount + index).value = liveFormula(`${cellAddress(rowNumber, 2 + index)}-${cellAddress(rowNumber, 2)}`, Math.round(shares[index] * 1e6) / 1e6 - Math.round(shares[0] * 1e6) / 1e6);
      }
      rowNumber += 1;
    }
  }
  applyPrintSetup(sheet);
}

/**
 * Spending by municipality across scenarios, then a column per later scenario with its difference
 * from the first (live formulas), as the other spending tables have; a total row of live SUMs.
 */
function addSpendingSheet(workbook: ExcelJS.Workbook, comparison: ScenarioComparison, header: WriteHeader): void {
  const sheet = workbook.addWorksheet(COMPARISON_SHEETS.spending);
  const scenarioCount = comparison.scenarios.length;
  const columns: ColumnSpec[] = [
    { header: 'Code', width: 10 },
    { header: 'Municipality', width: 26 },
    ...comparison.scenarios.map((figures) => ({ header: `${figures.scenarioName} (R million)`, width: 18, numberFormat: RAND_MILLION_FORMAT })),
    ...differenceHeaders(comparison).map((header) => ({ header: `${header} (R million)`, width: 18, numberFormat: RAND_DIFFERENCE_FORMAT })),
  ];
  const headerRow = header(
    sheet,
    'Planned spending by municipality across scenarios',
    'Spending over the whole horizon, all services and sources, in rand shown in R million; the last columns are each scenario minus the first; totals are live formulas.',
    columns,
  );
  const writeDifferences = (rowNumber: number, values: readonly number[]): void => {
    for (let index = 1; index < scenarioCount; index += 1) {
      sheet.getRow(rowNumber).getCell(3 + scenarioCount + index - 1).value = liveFormula(`${cellAddress(rowNumber, 3 + index)}-${cellAddress(rowNumber, 3)}`, roundRand(roundRand(values[index]) - roundRand(values[0])));
    }
  };
  comparison.municipalities.forEach((municipality, index) => {
    const rowNumber = headerRow + 1 + index;
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = municipality.municipalityCode;
    row.getCell(2).value = plainText(municipality.municipalityName);
    municipality.spendingRandByScenario.forEach((amountRand, scenarioIndex) => {
      row.getCell(3 + scenarioIndex).value = roundRand(amountRand);
    });
    writeDifferences(rowNumber, municipality.spendingRandByScenario);
  });
  const firstDataRow = headerRow + 1;
  const lastDataRow = headerRow + comparison.municipalities.length;
  const totalRow = sheet.getRow(lastDataRow + 1);
  totalRow.getCell(1).value = 'Total';
  const totals = comparison.scenarios.map((_, scenarioIndex) => moneyTotal(comparison.municipalities.map((municipality) => municipality.spendingRandByScenario[scenarioIndex])));
  totals.forEach((totalRand, scenarioIndex) => {
    const column = 3 + scenarioIndex;
    totalRow.getCell(column).value = sumFormula(cellAddress(firstDataRow, column), cellAddress(lastDataRow, column), totalRand);
  });
  writeDifferences(lastDataRow + 1, totals);
  styleTotalRow(totalRow, columns.length);
  applyPrintSetup(sheet);
}

/** `funded, start 2027/28`, `not funded: budget`, or for a policy reason its rule: `not funded: the minimum sanitation share of 30%`. */
export function describeOutcome(outcome: ProjectOutcome): string {
  if (outcome.funded) return outcome.startYear === null ? 'funded' : `funded, start ${formatFinancialYear(outcome.startYear)}`;
  if (outcome.deferralReason === 'policy' && outcome.policyRule !== null) return `not funded: ${outcome.policyRule.words}`;
  return outcome.deferralReason === null ? 'not funded' : `not funded: ${outcome.deferralReason.replaceAll('_', ' ')}`;
}

function addDifferencesSheet(workbook: ExcelJS.Workbook, comparison: ScenarioComparison, header: WriteHeader): void {
  const sheet = workbook.addWorksheet(COMPARISON_SHEETS.differences);
  const scenarioCount = Math.max(1, comparison.scenarios.length);
  // The project's columns, then each scenario's outcome and why sharing what is left of one
  // landscape page: at 26 and 48 characters two scenarios were wider than a page, and the why
  // column of the second printed on a page of its own, away from its project.
  const identifyingWidth = DIFFERENCE_ID_WIDTH + 13 + 11 + 11;
  const whyWidth = Math.max(MINIMUM_WHY_WIDTH, Math.floor((CHARACTERS_PER_LANDSCAPE_PAGE - identifyingWidth) / scenarioCount) - OUTCOME_WIDTH);
  const columns: ColumnSpec[] = [
    { header: 'Project', width: DIFFERENCE_ID_WIDTH },
    // Wide enough for its header word unbroken.
    { header: 'Municipality', width: 13 },
    { header: 'Service', width: 11 },
    { header: 'Capex (R million)', width: 11, numberFormat: RAND_MILLION_FORMAT },
    ...comparison.scenarios.flatMap((figures) => [
      { header: `${figures.scenarioName}: outcome`, width: OUTCOME_WIDTH },
      { header: `${figures.scenarioName}: why`, width: whyWidth },
    ]),
  ];
  const headerRow = header(
    sheet,
    'Projects funded in one scenario and not in another, or whose start year moved',
    // Only plans that exist are compared: with fewer than two there is no sentence to state.
    comparison.scenarios.filter((figures) => hasSolution(figures)).length < 2
      ? 'Fewer than two scenarios have a plan, so no funded projects are compared.'
      : comparison.differences.length === 0
        ? comparison.scenarios.every((figures) => hasSolution(figures))
          ? 'Every scenario funds the same projects in the same years.'
          : 'Every scenario with a plan funds the same projects in the same years.'
        : 'Each plan gives its own reason for leaving a project out; a project funded in every scenario is listed when its start year moves.',
    columns,
  );
  comparison.differences.forEach((difference, index) => {
    const row = sheet.getRow(headerRow + 1 + index);
    row.getCell(1).value = difference.projectId;
    row.getCell(2).value = difference.municipalityCode;
    // The service's declared label, as the run workbook prints it (`Thusong service centres`, not `thusong`).
    row.getCell(3).value = serviceLabelOf(comparison.services, difference.service);
    row.getCell(3).alignment = { wrapText: true, vertical: 'top' };
    row.getCell(4).value = roundRand(difference.capexRand);
    difference.outcomes.forEach((outcome, scenarioIndex) => {
      row.getCell(5 + 2 * scenarioIndex).value = describeOutcome(outcome);
      // Set off from the capex figure (right-aligned) or the previous scenario's why beside it.
      row.getCell(5 + 2 * scenarioIndex).alignment = { horizontal: 'left', indent: 1 };
      row.getCell(6 + 2 * scenarioIndex).value = plainText(outcome.funded ? '' : outcome.deferralDetail);
    });
  });
  const lastRow = headerRow + comparison.differences.length;
  if (lastRow > headerRow) {
    // A long project id widens its column; the why columns give up as much between them, so the table stays one page wide.
    const extraWidth = fitIdentifierColumn(sheet, 1, headerRow + 1, lastRow, DIFFERENCE_ID_WIDTH) - DIFFERENCE_ID_WIDTH;
    comparison.scenarios.forEach((_, scenarioIndex) => (sheet.getColumn(6 + 2 * scenarioIndex).width = Math.max(MINIMUM_WHY_WIDTH, whyWidth - Math.ceil(extraWidth / scenarioCount))));
  }
  applyPrintSetup(sheet);
  // Outcomes and reasons wrap in their columns, each row as tall as its longest (set once the widths are final).
  if (lastRow > headerRow) fitWrappedRowHeights(sheet, headerRow + 1, lastRow, [3, ...comparison.scenarios.flatMap((_, scenarioIndex) => [5 + 2 * scenarioIndex, 6 + 2 * scenarioIndex])]);
}

/** Narrowest the Project column of Project differences gets; a longer id (`WC011-W-SRC-1-desalination`) widens it. */
const DIFFERENCE_ID_WIDTH = 16;
/** Width of a scenario's outcome column (`funded, start 2027/28`, `not funded: exclusive alternative` wraps). */
const OUTCOME_WIDTH = 18;
/** Narrowest a scenario's why column gets: with many scenarios the sheet is wider than a page rather than one word a line. */
const MINIMUM_WHY_WIDTH = 24;

/**
 * The overrides each scenario applied, one line each. Printed as the other sheets are (A4
 * landscape, one page wide, title and header repeated): without a page setup of its own the sheet
 * printed portrait and its long override lines spread over a second page across.
 */
function addOverridesSheet(workbook: ExcelJS.Workbook, comparison: ScenarioComparison, header: WriteHeader): void {
  const sheet = workbook.addWorksheet(COMPARISON_SHEETS.overrides);
  const headerRow = header(sheet, 'Scenario overrides applied', 'Each scenario\'s settings that differ from the model, with where each came from.', [
    { header: 'Scenario', width: 22 },
    { header: 'Override (key = value, from source)', width: OVERRIDE_TEXT_WIDTH },
  ]);
  let rowNumber = headerRow + 1;
  comparison.scenarios.forEach((figures, scenarioIndex) => {
    const overrides = comparison.overridesByScenario[scenarioIndex];
    for (const line of overrides.length === 0 ? ['(none: the model as it is)'] : overrides) {
      sheet.getCell(rowNumber, 1).value = plainText(figures.scenarioName);
      sheet.getCell(rowNumber, 2).value = plainText(line);
      rowNumber += 1;
    }
  });
  const lastRow = rowNumber - 1;
  // A long scenario name widens its column; the override text gives up as much, so the table stays one page wide.
  const nameWidth = fitIdentifierColumn(sheet, 1, headerRow + 1, lastRow, 22, 40);
  sheet.getColumn(2).width = OVERRIDE_TEXT_WIDTH - (nameWidth - 22);
  writeNotes(sheet, rowNumber + 1, ['Precedence: command line > scenario file > its extends chain > model (see docs/scenarios.md).']);
  applyPrintSetup(sheet);
  // A long override (a list of municipalities, a scenario file's path) wraps in its cell, its row as tall as its lines.
  if (lastRow > headerRow) fitWrappedRowHeights(sheet, headerRow + 1, lastRow, [1, 2]);
}

/** Width of the override text column, in characters: with the scenario column, well inside one landscape page. */
const OVERRIDE_TEXT_WIDTH = 120;
