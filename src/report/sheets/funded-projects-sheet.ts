/**
 * Funded projects: one row per project the plan funds, with its spending per financial year and
 * per funding source, and a totals row of live SUM formulas. For the allocation formulation, which
 * funds money lines rather than projects, the same place holds the allocation lines.
 */
import type ExcelJS from 'exceljs';
import { formatFinancialYear } from '../../dataset/financial-year.js';
import type { PlannedProject } from '../../plan/types.js';
import {
  BENEFIT_FORMAT,
  COUNT_FORMAT,
  RAND_MILLION_FORMAT,
  SCORE_FORMAT,
  addDataBars,
  applyPrintSetup,
  cellAddress,
  fitColumnWidths,
  fitIdentifierColumn,
  fitWrappedRowHeights,
  plainText,
  styleTotalRow,
  sumFormula,
  writeTableHeader,
  serviceLabelOf,
  type ColumnSpec,
} from '../format.js';
import { SHEET_NAMES, type ReportContext } from './report-context.js';
import { longestWordWidth, shareWrappedWidths, widthForLines } from './wrapped-column-widths.js';
import { writeNotesUnderTable } from './table-notes.js';
import { descriptionBesideMunicipality, writeServedCells } from './project-table-cells.js';
import { moneyTotal, mtefLabel, mtefYears, objectiveWords, roundRand } from '../summary-figures.js';
import { allocationsOf } from '../../plan/types.js';
import { peopleWithinReachOf } from '../plan-figures.js';

/** Rand a project spends in one year (all sources). */
function projectRandInYear(project: PlannedProject, financialYear: number): number {
  return project.spending.filter((line) => line.financialYear === financialYear).reduce((sum, line) => sum + line.amountRand, 0);
}

/** Rand a project draws from one source (all years). */
function projectRandFromSource(project: PlannedProject, sourceId: string): number {
  return project.spending.filter((line) => line.sourceId === sourceId).reduce((sum, line) => sum + line.amountRand, 0);
}

/**
 * Width of the Funded projects table, in column-width units: one landscape page at 8-point Calibri
 * (fitToWidthScale 0.72, the smallest the print check allows; CHARACTERS_PER_LANDSCAPE_PAGE and a
 * twentieth).
 */
const FUNDED_TABLE_WIDTH = 199;

/** Widths of the columns of figures and years (start, completion, capex, households, benefit, MTEF), units. */
const FUNDED_NUMBER_WIDTHS = [8, 11, 9, 11, 9, 11] as const;
/** Narrowest Service column: "Sanitation" on one line. */
const SERVICE_COLUMN_WIDTH = 9;
/** Width of the people column that funded centres add: "(centres)" on a line of its own; the text columns give it up, so the table stays one page wide. */
const PEOPLE_COLUMN_WIDTH = 9;

/** Add the Funded projects sheet (portfolio) or the Allocations sheet (allocation formulation). */
export function addFundedProjectsSheet(workbook: ExcelJS.Workbook, context: ReportContext): void {
  if (context.plan.kind === 'allocation') {
    addAllocationsSheet(workbook, context);
    return;
  }
  const { plan, dataset } = context;
  const municipalityNames = new Map(dataset.municipalities.map((municipality) => [municipality.code, municipality.name]));
  const funded = plan.projects.filter((project) => project.funded);
  const mtef = mtefYears(plan.financialYears);
  const registerById = new Map(dataset.projects.map((project) => [project.id, project]));
  // A centre (Thusong) reaches people, not households: its people stand in a column of their own,
  // as on Deferred projects, so each column holds one unit and adds up. A plan that funds no
  // centre has no people column.
  const peopleById = new Map(funded.map((project) => [project.id, peopleWithinReachOf(project.id, dataset, registerById)]));
  const withPeople = [...peopleById.values()].some((people) => people !== null);
  const sheet = workbook.addWorksheet(SHEET_NAMES.fundedProjects);
  // One page wide: what the project is and what it buys side by side. The money per year and per
  // source is on the next sheet, so neither table is spread over pages.
  const columns: ColumnSpec[] = [
    { header: 'Project id', width: 12 },
    // No district column: the One Plan annex lists the funded projects district by district.
    { header: 'Municipality', width: 20 },
    { header: 'Service', width: SERVICE_COLUMN_WIDTH },
    // Provisional width: the text columns share what the id and the figures leave once the rows are written.
    { header: 'Description', width: 50 },
    { header: 'Start year', width: FUNDED_NUMBER_WIDTHS[0] },
    { header: 'Completion year', width: FUNDED_NUMBER_WIDTHS[1] },
    { header: 'Capex (R million)', width: FUNDED_NUMBER_WIDTHS[2], numberFormat: RAND_MILLION_FORMAT },
    { header: 'Households served', width: FUNDED_NUMBER_WIDTHS[3], numberFormat: COUNT_FORMAT },
    ...(withPeople ? [{ header: 'People within reach (centres)', width: PEOPLE_COLUMN_WIDTH, numberFormat: COUNT_FORMAT }] : []),
    // What the plan maximises, by what it measures (objective_measure).
    { header: objectiveWords(dataset).projectHeader, width: FUNDED_NUMBER_WIDTHS[4], numberFormat: objectiveWords(dataset).hasSplit ? BENEFIT_FORMAT : SCORE_FORMAT },
    // The years in the header itself, short enough to wrap into four lines (a taller header repeats on every page).
    { header: `${mtefLabel(plan.financialYears)} (R million)`, width: FUNDED_NUMBER_WIDTHS[5], numberFormat: RAND_MILLION_FORMAT },
    // Why it is in the plan (plan.json fundingReason and fundingDetail): committed, a prerequisite, a rule, or its benefit per rand.
    { header: 'Why funded', width: 30 },
  ];
  const headerRow = writeTableHeader(
    sheet,
    'Funded projects',
    // One printed line with the illustrative-inputs line, as it repeats on every page; the columns
    // are explained once, under the table.
    `Amounts in R million; per year and per source: sheet ${SHEET_NAMES.fundedByYear}.`,
    columns,
    plan.illustrativeNote,
  );
  const after = withPeople ? 1 : 0;
  const column = { capex: 7, households: 8, people: withPeople ? 9 : null, benefit: 9 + after, mtef: 10 + after, why: 11 + after } as const;
  let rowNumber = headerRow + 1;
  let householdsTotal = 0;
  let peopleTotal = 0;
  for (const project of funded) {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = plainText(project.id);
    row.getCell(2).value = plainText(`${project.municipalityCode} ${municipalityNames.get(project.municipalityCode) ?? ''}`.trim());
    row.getCell(3).value = serviceLabelOf(plan.services, project.service);
    // The Municipality column beside it names the municipality a master plan description starts with.
    row.getCell(4).value = plainText(descriptionBesideMunicipality(project.description, municipalityNames.get(project.municipalityCode)));
    row.getCell(5).value = project.startYear === null ? '' : formatFinancialYear(project.startYear);
    row.getCell(6).value = project.completionYear === null ? '' : formatFinancialYear(project.completionYear);
    row.getCell(column.capex).value = roundRand(project.capexRand);
    const served = writeServedCells(row, project.householdsServed, peopleById.get(project.id) ?? null, column);
    householdsTotal += served.households;
    peopleTotal += served.people;
    row.getCell(column.benefit).value = project.benefit;
    row.getCell(column.mtef).value = roundRand(mtef.reduce((sum, year) => sum + projectRandInYear(project, year), 0));
    row.getCell(column.why).value = plainText(project.fundingDetail ?? '');
    row.getCell(column.why).alignment = { indent: 1 }; // clear of the right-aligned figure before it
    rowNumber += 1;
  }
  const lastDataRow = rowNumber - 1;
  const totalRow = sheet.getRow(rowNumber);
  totalRow.getCell(1).value = `Total (${funded.length} projects)`;
  const columnTotals: [number, number][] = [
    [column.capex, moneyTotal(funded.map((project) => project.capexRand))],
    [column.households, householdsTotal],
    ...(column.people === null ? [] : [[column.people, peopleTotal] as [number, number]]),
    [column.benefit, funded.reduce((sum, project) => sum + project.benefit, 0)],
    [column.mtef, moneyTotal(funded.map((project) => mtef.reduce((inner, year) => inner + projectRandInYear(project, year), 0)))],
  ];
  for (const [columnNumber, total] of columnTotals) {
    // With no funded project there is no range to add up; a plain 0 avoids a self-referencing SUM.
    totalRow.getCell(columnNumber).value = funded.length > 0 ? sumFormula(cellAddress(headerRow + 1, columnNumber), cellAddress(lastDataRow, columnNumber), total) : 0;
  }
  styleTotalRow(totalRow, columns.length);
  if (funded.length > 0) {
    sheet.autoFilter = { from: cellAddress(headerRow, 1), to: cellAddress(lastDataRow, columns.length) };
    addDataBars(sheet, `${cellAddress(headerRow + 1, column.capex)}:${cellAddress(lastDataRow, column.capex)}`);
  }
  // A long project id widens its column; the text columns (municipality, service, description, Why
  // funded) share what is left so that the rows print on the fewest lines, and the table stays one
  // page wide (two lines a row on the default model).
  const idWidth = fitIdentifierColumn(sheet, 1, headerRow + 1, lastDataRow);
  const textsOf = (columnNumber: number): string[] => funded.map((_, index) => String(sheet.getRow(headerRow + 1 + index).getCell(columnNumber).value ?? ''));
  const municipalities = textsOf(2);
  const descriptions = textsOf(4);
  const reasons = textsOf(column.why);
  const services = textsOf(3);
  const [municipalityWidth, serviceWidth, descriptionWidth, whyWidth] = shareWrappedWidths(
    [
      { texts: municipalities, minimumWidth: Math.max(13, longestWordWidth(municipalities)), preferredWidth: 18 },
      // Every service's label on at most two lines, the height of a row on the default model: at 9 units "Thusong service centres" took three and made every Thusong row three lines tall.
      { texts: services, minimumWidth: widthForLines(services, 2, SERVICE_COLUMN_WIDTH), preferredWidth: widthForLines(services, 2, SERVICE_COLUMN_WIDTH) },
      { texts: descriptions, minimumWidth: Math.max(30, longestWordWidth(descriptions)), preferredWidth: 50 },
      { texts: reasons, minimumWidth: Math.max(16, longestWordWidth(reasons)), preferredWidth: 30 },
    ],
    FUNDED_TABLE_WIDTH - idWidth - FUNDED_NUMBER_WIDTHS.reduce((sum, width) => sum + width, 0) - (withPeople ? PEOPLE_COLUMN_WIDTH : 0),
  );
  sheet.getColumn(2).width = municipalityWidth;
  sheet.getColumn(3).width = serviceWidth;
  sheet.getColumn(4).width = descriptionWidth;
  sheet.getColumn(column.why).width = whyWidth;
  fitWrappedRowHeights(sheet, headerRow + 1, lastDataRow, [2, 3, 4, column.why]);
  writeNotesUnderTable(sheet, rowNumber + 2, columns.length, [
    'One row per funded project; the totals row holds live formulas. ' +
      'Why funded: committed (already under way); needed first by another funded project; needed for a policy rule (the plan without it would break the rule: said only of a project that buys less per rand than any the plan chose freely); ' +
      'or its benefit per rand, the benefit it adds per R1 million of capex.',
  ]);
  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: headerRow, topLeftCell: cellAddress(headerRow + 1, 2), activeCell: cellAddress(headerRow + 1, 2) }];
  applyPrintSetup(sheet);
}

/**
 * Funded projects by year: each funded project's spending per financial year, the MTEF subtotal,
 * the total, and what each source pays, one page wide with the project id and municipality code.
 * Portfolio plans only (the workbook prints it as an annex, after the inputs).
 */
export function addFundedByYearSheet(workbook: ExcelJS.Workbook, context: ReportContext): void {
  if (context.plan.kind !== 'portfolio') return;
  const { plan, dataset } = context;
  const funded = plan.projects.filter((project) => project.funded);
  const sourceIds = dataset.fundingSources.map((source) => source.id);
  const mtef = mtefYears(plan.financialYears);
  const sheet = workbook.addWorksheet(SHEET_NAMES.fundedByYear);
  const columns: ColumnSpec[] = [
    { header: 'Project id', width: 12 },
    // The code only: the Funded projects sheet names the municipality, and ten years and seven sources need the width.
    { header: 'Municipality', width: 8 },
    ...plan.financialYears.map((year) => ({ header: `${formatFinancialYear(year)} (R million)`, width: 8.5, numberFormat: RAND_MILLION_FORMAT })),
    { header: `${mtefLabel(plan.financialYears)} (R million)`, width: 10, numberFormat: RAND_MILLION_FORMAT },
    { header: 'Total (R million)', width: 10, numberFormat: RAND_MILLION_FORMAT },
    ...sourceIds.map((sourceId) => ({ header: `From ${sourceId} (R million)`, width: 8.5, numberFormat: RAND_MILLION_FORMAT })),
  ];
  const headerRow = writeTableHeader(
    sheet,
    'Funded projects: spending by financial year and source',
    'Amounts in rand, shown in R million; totals are live formulas; MTEF = the first three years. ' +
      'Where a project may draw on several sources, the plan fixes what each source pays per year in total; the split of that total between projects is one of several equally good ones.',
    columns,
    plan.illustrativeNote,
  );
  const firstYearColumn = 3;
  const lastYearColumn = firstYearColumn + plan.financialYears.length - 1;
  const mtefColumn = lastYearColumn + 1;
  const totalColumn = mtefColumn + 1;
  const firstSourceColumn = totalColumn + 1;
  let rowNumber = headerRow + 1;
  for (const project of funded) {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = plainText(project.id);
    row.getCell(2).value = plainText(project.municipalityCode);
    const yearRand = plan.financialYears.map((year) => roundRand(projectRandInYear(project, year)));
    yearRand.forEach((rand, index) => (row.getCell(firstYearColumn + index).value = rand));
    const mtefRand = moneyTotal(yearRand.slice(0, mtef.length));
    row.getCell(mtefColumn).value = mtef.length > 0 ? sumFormula(cellAddress(rowNumber, firstYearColumn), cellAddress(rowNumber, firstYearColumn + mtef.length - 1), mtefRand) : 0;
    row.getCell(totalColumn).value = sumFormula(cellAddress(rowNumber, firstYearColumn), cellAddress(rowNumber, lastYearColumn), moneyTotal(yearRand));
    sourceIds.forEach((sourceId, index) => (row.getCell(firstSourceColumn + index).value = roundRand(projectRandFromSource(project, sourceId))));
    rowNumber += 1;
  }
  const lastDataRow = rowNumber - 1;
  const totalRow = sheet.getRow(rowNumber);
  totalRow.getCell(1).value = `Total (${funded.length} projects)`;
  const yearTotals = plan.financialYears.map((year) => moneyTotal(funded.map((project) => projectRandInYear(project, year))));
  const columnTotals: [number, number][] = [
    ...yearTotals.map((total, index): [number, number] => [firstYearColumn + index, total]),
    [mtefColumn, moneyTotal(yearTotals.slice(0, mtef.length))],
    [totalColumn, moneyTotal(yearTotals)],
    ...sourceIds.map((sourceId, index): [number, number] => [firstSourceColumn + index, moneyTotal(funded.map((project) => projectRandFromSource(project, sourceId)))]),
  ];
  for (const [column, total] of columnTotals) {
    totalRow.getCell(column).value = funded.length > 0 ? sumFormula(cellAddress(headerRow + 1, column), cellAddress(lastDataRow, column), total) : 0;
  }
  styleTotalRow(totalRow, columns.length);
  if (funded.length > 0) sheet.autoFilter = { from: cellAddress(headerRow, 1), to: cellAddress(lastDataRow, columns.length) };
  fitIdentifierColumn(sheet, 1, headerRow + 1, lastDataRow);
  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: headerRow, topLeftCell: cellAddress(headerRow + 1, 2), activeCell: cellAddress(headerRow + 1, 2) }];
  applyPrintSetup(sheet);
}

/** Allocation lines (allocation formulation): municipality, service, year, source, rand, with a live total. */
function addAllocationsSheet(workbook: ExcelJS.Workbook, context: ReportContext): void {
  const { plan, dataset } = context;
  const municipalityNames = new Map(dataset.municipalities.map((municipality) => [municipality.code, municipality.name]));
  const sheet = workbook.addWorksheet(SHEET_NAMES.allocations);
  const columns: ColumnSpec[] = [
    { header: 'Municipality', width: 24 },
    { header: 'Service', width: 12 },
    { header: 'Financial year', width: 12 },
    { header: 'Funding source', width: 14 },
    { header: 'Allocated (R million)', width: 16, numberFormat: RAND_MILLION_FORMAT },
  ];
  const headerRow = writeTableHeader(sheet, 'Allocations', 'Money allocated to each municipality and service per year and source (allocation formulation).', columns);
  const lines = allocationsOf(plan).filter((line) => line.amountRand !== 0);
  let rowNumber = headerRow + 1;
  for (const line of lines) {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = plainText(`${line.municipalityCode} ${municipalityNames.get(line.municipalityCode) ?? ''}`.trim());
    row.getCell(2).value = serviceLabelOf(plan.services, line.service);
    row.getCell(3).value = formatFinancialYear(line.financialYear);
    row.getCell(4).value = plainText(line.sourceId);
    row.getCell(5).value = roundRand(line.amountRand);
    rowNumber += 1;
  }
  const totalRow = sheet.getRow(rowNumber);
  totalRow.getCell(1).value = 'Total';
  const total = moneyTotal(lines.map((line) => line.amountRand));
  totalRow.getCell(5).value = lines.length > 0 ? sumFormula(cellAddress(headerRow + 1, 5), cellAddress(rowNumber - 1, 5), total) : 0;
  styleTotalRow(totalRow, columns.length);
  if (lines.length > 0) sheet.autoFilter = { from: cellAddress(headerRow, 1), to: cellAddress(rowNumber - 1, columns.length) };
  fitColumnWidths(sheet, headerRow, 10, 40);
  applyPrintSetup(sheet);
}
