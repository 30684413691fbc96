/**
 * Deferred projects: every project of the register the plan does not fund, with the reason in
 * words and the one-sentence detail naming the blocking project, year or rule.
 */
import type ExcelJS from 'exceljs';
import {
  COUNT_FORMAT,
  RAND_MILLION_FORMAT,
  applyPrintSetup,
  cellAddress,
  fitIdentifierColumn,
  fitWrappedRowHeights,
  plainText,
  styleTotalRow,
  sumFormula,
  writeTableHeader,
  type ColumnSpec,
} from '../format.js';
import { deferralReasonInWords, servedCellValue } from '../plan-figures.js';
import { SHEET_NAMES, type ReportContext } from './report-context.js';
import { roundRand } from '../summary-figures.js';

/**
 * Width of the Deferred projects table, in column-width units: one landscape page at about 8-point
 * type. The description, reason and detail share it so that most rows take two lines (measured on
 * the default register: 48, 24 and 50 beside a 26-unit id give about 320 lines for 134 projects,
 * where 32, 26 and 59 gave about 400).
 */
const DEFERRED_TABLE_WIDTH = 198;

/** Add the Deferred projects sheet (portfolio formulation only). */
export function addDeferredProjectsSheet(workbook: ExcelJS.Workbook, context: ReportContext): void {
  if (context.plan.kind !== 'portfolio') return;
  const { plan, dataset } = context;
  const municipalityNames = new Map(dataset.municipalities.map((municipality) => [municipality.code, municipality.name]));
  const deferred = plan.projects.filter((project) => !project.funded);
  const sheet = workbook.addWorksheet(SHEET_NAMES.deferredProjects);
  // One page wide, so the project and the reason it waits are always read together.
  const columns: ColumnSpec[] = [
    { header: 'Project id', width: 12 },
    { header: 'Municipality', width: 20 },
    { header: 'Service', width: 9 },
    { header: 'Description', width: DEFERRED_TABLE_WIDTH - 136 },
    { header: 'Capex (R million)', width: 10, numberFormat: RAND_MILLION_FORMAT },
    { header: 'Households it would serve', width: 11, numberFormat: COUNT_FORMAT },
    { header: 'Reason', width: 24 },
    { header: 'Detail', width: 50 },
  ];
  const headerRow = writeTableHeader(sheet, 'Deferred projects', 'Projects of the register that this plan does not fund, and why.', columns, plan.illustrativeNote);
  let rowNumber = headerRow + 1;
  const registerById = new Map(dataset.projects.map((project) => [project.id, project]));
  for (const project of deferred) {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = plainText(project.id);
    row.getCell(2).value = plainText(`${project.municipalityCode} ${municipalityNames.get(project.municipalityCode) ?? ''}`.trim());
    row.getCell(3).value = project.service;
    row.getCell(4).value = plainText(project.description);
    row.getCell(5).value = roundRand(project.capexRand);
    // A centre reaches people, not households: its people as text, outside the households total.
    row.getCell(6).value = servedCellValue(project.id, project.householdsServed, dataset, registerById);
    row.getCell(6).alignment = { horizontal: 'right' };
    row.getCell(7).value = deferralReasonInWords(project.deferralReason);
    row.getCell(7).alignment = { indent: 1 }; // clear of the right-aligned households figure before it
    row.getCell(8).value = plainText(project.deferralDetail);
    rowNumber += 1;
  }
  const totalRow = sheet.getRow(rowNumber);
  totalRow.getCell(1).value = `Total (${deferred.length} projects)`;
  const capexTotal = deferred.reduce((sum, project) => sum + roundRand(project.capexRand), 0);
  const householdsTotal = deferred.reduce((sum, project) => sum + project.householdsServed, 0);
  totalRow.getCell(5).value = deferred.length > 0 ? sumFormula(cellAddress(headerRow + 1, 5), cellAddress(rowNumber - 1, 5), capexTotal) : 0;
  totalRow.getCell(6).value = deferred.length > 0 ? sumFormula(cellAddress(headerRow + 1, 6), cellAddress(rowNumber - 1, 6), householdsTotal) : 0;
  styleTotalRow(totalRow, columns.length);
  if (deferred.length > 0) sheet.autoFilter = { from: cellAddress(headerRow, 1), to: cellAddress(rowNumber - 1, columns.length) };
  // A long project id widens its column; the description gives the room back, so the table stays one page wide.
  sheet.getColumn(4).width = DEFERRED_TABLE_WIDTH - 124 - fitIdentifierColumn(sheet, 1, headerRow + 1, rowNumber - 1);
  fitWrappedRowHeights(sheet, headerRow + 1, rowNumber - 1, [4, 6, 7, 8]);
  applyPrintSetup(sheet);
}
