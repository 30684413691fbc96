/**
 * The roll-out sheet of each facility service (Thusong centres): year by year the centres open,
 * the municipalities with a counting hub, the people within reach, and the capital and running
 * costs of the new centres kept apart; the running costs committed past the horizon; the
 * municipalities still without a hub and why; and every candidate centre with its fate. Totals
 * are live formulas. Only models with a facility service get the sheet.
 */
import type ExcelJS from 'exceljs';
import { anchorDepartmentName } from '../../dataset/facilities.js';
import { formatFinancialYear } from '../../dataset/financial-year.js';
import { facilityRollOuts, type FacilityRollOut } from '../../plan/facility-roll-out.js';
import {
  COUNT_FORMAT,
  RAND_MILLION_FORMAT,
  applyPrintSetup,
  cellAddress,
  moneyTotal,
  roundRand,
  fitWrappedRowHeights,
  plainText,
  styleTotalRow,
  sumFormula,
  writeTableHeader,
  codeInWords,
  type ColumnSpec,
} from '../format.js';
import type { ReportContext } from './report-context.js';

/** At most this many rows and the roll-out sheet is fitted to one page (the default model's has about 45). */
const ROLL_OUT_ONE_PAGE_ROWS = 60;

/**
 * Widths of the roll-out sheet's columns, units: the year table's seven, then the candidate
 * table's anchor departments and people within reach (150 in all). The second is the candidates'
 * Municipality as every other sheet names it (`WC053 Beaufort West`, 19 characters; a longer
 * name wraps at its space); the anchor departments give up the width (`Home Affairs; SASSA`).
 */
const ROLL_OUT_COLUMN_WIDTHS = [24, 20, 12, 14, 14, 16, 16, 22, 12] as const;

/** The sheet name of a facility service's roll-out, e.g. `Thusong roll-out` (at most Excel's 31 characters). */
export function rollOutSheetName(serviceId: string): string {
  const words = serviceId.replace(/_/g, ' ');
  return `${words.charAt(0).toUpperCase()}${words.slice(1)} roll-out`.slice(0, 31);
}

/** Add one roll-out sheet per facility service of a portfolio plan; returns the sheet names added. */
export function addFacilityRollOutSheets(workbook: ExcelJS.Workbook, context: ReportContext): string[] {
  return facilityRollOuts(context.plan, context.dataset).map((rollOut) => addRollOutSheet(workbook, context, rollOut));
}

function addRollOutSheet(workbook: ExcelJS.Workbook, context: ReportContext, rollOut: FacilityRollOut): string {
  const { plan, dataset } = context;
  const name = rollOutSheetName(rollOut.service.id);
  const sheet = workbook.addWorksheet(name);
  const columns: ColumnSpec[] = [
    { header: 'Financial year', width: 10 },
    { header: 'Centres open (counting)', width: 12, numberFormat: COUNT_FORMAT },
    { header: 'New centres opened', width: 12, numberFormat: COUNT_FORMAT },
    { header: 'Municipalities with a hub', width: 14, numberFormat: COUNT_FORMAT },
    { header: 'People within reach', width: 14, numberFormat: COUNT_FORMAT },
    { header: 'Capital on new centres (R million)', width: 16, numberFormat: RAND_MILLION_FORMAT },
    { header: 'Running costs of new centres (R million)', width: 16, numberFormat: RAND_MILLION_FORMAT },
  ];
  const headerRow = writeTableHeader(
    sheet,
    `${rollOut.service.label}: roll-out`,
    'A centre counts only with an anchor department. Capital is paid from capital sources, running costs from operating envelopes; the two never mix. ' +
      'People within reach are summed over centres (overlaps not removed).',
    columns,
    plan.illustrativeNote,
  );
  let rowNumber = headerRow + 1;
  for (const year of rollOut.years) {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = formatFinancialYear(year.financialYear);
    row.getCell(2).value = year.centresOpen;
    row.getCell(3).value = year.centresOpened;
    row.getCell(4).value = year.municipalitiesCovered;
    row.getCell(5).value = year.populationWithinReach;
    row.getCell(6).value = roundRand(year.capitalRand);
    row.getCell(7).value = roundRand(year.operatingRand);
    rowNumber += 1;
  }
  const firstDataRow = headerRow + 1;
  const lastDataRow = rowNumber - 1;
  const totalRow = sheet.getRow(rowNumber);
  totalRow.getCell(1).value = 'Total over the horizon';
  const total = (pick: (year: FacilityRollOut['years'][number]) => number): number => rollOut.years.reduce((sum, year) => sum + pick(year), 0);
  if (rollOut.years.length > 0) {
    totalRow.getCell(3).value = sumFormula(cellAddress(firstDataRow, 3), cellAddress(lastDataRow, 3), total((year) => year.centresOpened));
    totalRow.getCell(6).value = sumFormula(cellAddress(firstDataRow, 6), cellAddress(lastDataRow, 6), moneyTotal(rollOut.years.map((year) => year.capitalRand)));
    totalRow.getCell(7).value = sumFormula(cellAddress(firstDataRow, 7), cellAddress(lastDataRow, 7), moneyTotal(rollOut.years.map((year) => year.operatingRand)));
  }
  styleTotalRow(totalRow, columns.length);
  rowNumber += 2;
  const commitment = sheet.getRow(rowNumber);
  commitment.getCell(1).value = `Running costs committed a year after ${formatFinancialYear(plan.financialYears[plan.financialYears.length - 1] ?? dataset.config.baseFinancialYear)} (R million)`;
  commitment.getCell(1).font = { name: 'Calibri', bold: true };
  commitment.getCell(7).value = roundRand(rollOut.operatingCommitmentRandPerYear);
  commitment.getCell(7).numFmt = RAND_MILLION_FORMAT;
  rowNumber += 2;

  sheet.getCell(cellAddress(rowNumber, 1)).value = 'Municipalities without a hub at the end of the horizon';
  sheet.getCell(cellAddress(rowNumber, 1)).font = { name: 'Calibri', bold: true, size: 13 };
  rowNumber += 1;
  if (rollOut.withoutHub.length === 0) {
    sheet.getCell(cellAddress(rowNumber, 1)).value = 'None: every municipality has a hub with an anchor department.';
    rowNumber += 1;
  }
  for (const municipality of rollOut.withoutHub) {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = plainText(`${municipality.municipalityCode} ${municipality.municipalityName}`);
    sheet.mergeCells(rowNumber, 2, rowNumber, columns.length);
    row.getCell(2).value = plainText(municipality.reason);
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    row.height = Math.max(15, Math.ceil(municipality.reason.length / 100) * 15);
    rowNumber += 1;
  }
  rowNumber += 1;

  const candidateHeadingRow = rowNumber;
  sheet.getCell(cellAddress(rowNumber, 1)).value = 'Candidate centres';
  sheet.getCell(cellAddress(rowNumber, 1)).font = { name: 'Calibri', bold: true, size: 13 };
  rowNumber += 1;
  const candidateHeaders = ['Project', 'Municipality', 'Type', 'Funded', 'Opens', 'Capex (R million)', 'Running cost a year (R million)', 'Anchor departments', 'People within reach'];
  const header = sheet.getRow(rowNumber);
  candidateHeaders.forEach((text, index) => {
    header.getCell(index + 1).value = text;
    header.getCell(index + 1).font = { name: 'Calibri', bold: true };
    header.getCell(index + 1).alignment = { wrapText: true, vertical: 'bottom' };
  });
  header.height = 32;
  rowNumber += 1;
  const firstCandidateRow = rowNumber;
  const lines = new Map((plan.kind === 'portfolio' ? plan.projects : []).map((line) => [line.id, line]));
  const municipalityNames = new Map(dataset.municipalities.map((municipality) => [municipality.code, municipality.name]));
  for (const project of dataset.projects.filter((candidate) => candidate.service === rollOut.service.id && candidate.facilityType !== null)) {
    const line = lines.get(project.id);
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = plainText(project.id);
    row.getCell(2).value = plainText(`${project.municipalityCode} ${municipalityNames.get(project.municipalityCode) ?? ''}`.trim());
    row.getCell(3).value = project.facilityType === null ? '' : codeInWords(project.facilityType);
    row.getCell(4).value = line?.funded === true ? 'yes' : 'no';
    row.getCell(5).value = line?.completionYear == null ? '' : formatFinancialYear(line.completionYear);
    row.getCell(6).value = roundRand(project.capexRand);
    row.getCell(6).numFmt = RAND_MILLION_FORMAT;
    row.getCell(7).value = roundRand(project.operatingCostRandPerYear);
    row.getCell(7).numFmt = RAND_MILLION_FORMAT;
    row.getCell(8).value = plainText(project.anchorDepartments.map((code) => anchorDepartmentName(rollOut.service, code)).join('; ') || 'none committed');
    row.getCell(9).value = project.populationWithinReach;
    row.getCell(9).numFmt = COUNT_FORMAT;
    rowNumber += 1;
  }
  // Widths set, not fitted (a merged reason would widen every column it spans): narrow enough to
  // print one page wide at a readable size; long labels spill into the empty cells beside them,
  // and the municipality and anchor departments wrap.
  ROLL_OUT_COLUMN_WIDTHS.forEach((width, index) => (sheet.getColumn(index + 1).width = width));
  fitWrappedRowHeights(sheet, firstCandidateRow, rowNumber - 1, [2, 8]);
  applyPrintSetup(sheet);
  // The sheet holds three tables, so the year table's header repeated on a second page would sit
  // over the candidate centres under the wrong column names. A sheet of about a page prints on
  // one (shrunk a little); a longer one starts the candidates on a page of their own, under their
  // own header, and repeats no header.
  if (rowNumber - 1 <= ROLL_OUT_ONE_PAGE_ROWS) {
    sheet.pageSetup.fitToHeight = 1;
  } else {
    sheet.pageSetup.printTitlesRow = undefined as unknown as string;
    sheet.getRow(candidateHeadingRow - 1).addPageBreak();
  }
  return name;
}
