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
  codeInWords,
  fitColumnWidths,
  fitWrappedRowHeights,
  plainText,
  styleTotalRow,
  sumFormula,
  writeTableHeader,
  type ColumnSpec,
} from '../format.js';
import { deferralReasonInWords } from '../plan-figures.js';
import { SHEET_NAMES, type ReportContext } from './report-context.js';

/** Add the Deferred projects sheet (portfolio formulation only). */
export function addDeferredProjectsSheet(workbook: ExcelJS.Workbook, context: ReportContext): void {
  if (context.plan.kind !== 'portfolio') return;
  const { plan, dataset } = context;
  const municipalityNames = new Map(dataset.municipalities.map((municipality) => [municipality.code, municipality.name]));
  const districtNames = new Map(dataset.municipalities.map((municipality) => [municipality.districtCode, municipality.districtName]));
  const deferred = plan.projects.filter((project) => !project.funded);
  const sheet = workbook.addWorksheet(SHEET_NAMES.deferredProjects);
  const columns: ColumnSpec[] = [
    { header: 'Project id', width: 14 },
    { header: 'Municipality', width: 22 },
    { header: 'District', width: 18 },
    { header: 'Service', width: 12 },
    { header: 'Project type', width: 24 },
    { header: 'Description', width: 50 },
    { header: 'Capex (R million)', width: 14, numberFormat: RAND_MILLION_FORMAT },
    { header: 'Households it would serve', width: 12, numberFormat: COUNT_FORMAT },
    { header: 'Reason', width: 36 },
    { header: 'Detail', width: 60 },
  ];
  const headerRow = writeTableHeader(sheet, 'Deferred projects', 'Projects of the register that this plan does not fund, and why.', columns, plan.illustrativeNote);
  let rowNumber = headerRow + 1;
  for (const project of deferred) {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = plainText(project.id);
    row.getCell(2).value = plainText(`${project.municipalityCode} ${municipalityNames.get(project.municipalityCode) ?? ''}`.trim());
    row.getCell(3).value = plainText(`${project.districtCode} ${districtNames.get(project.districtCode) ?? ''}`.trim());
    row.getCell(4).value = project.service;
    row.getCell(5).value = plainText(codeInWords(project.type));
    row.getCell(6).value = plainText(project.description);
    row.getCell(7).value = project.capexRand;
    row.getCell(8).value = project.householdsServed;
    row.getCell(9).value = deferralReasonInWords(project.deferralReason);
    row.getCell(9).alignment = { indent: 1 }; // clear of the right-aligned households figure before it
    row.getCell(10).value = plainText(project.deferralDetail);
    rowNumber += 1;
  }
  const totalRow = sheet.getRow(rowNumber);
  totalRow.getCell(1).value = `Total (${deferred.length} projects)`;
  const capexTotal = deferred.reduce((sum, project) => sum + project.capexRand, 0);
  const householdsTotal = deferred.reduce((sum, project) => sum + project.householdsServed, 0);
  totalRow.getCell(7).value = deferred.length > 0 ? sumFormula(cellAddress(headerRow + 1, 7), cellAddress(rowNumber - 1, 7), capexTotal) : 0;
  totalRow.getCell(8).value = deferred.length > 0 ? sumFormula(cellAddress(headerRow + 1, 8), cellAddress(rowNumber - 1, 8), householdsTotal) : 0;
  styleTotalRow(totalRow, columns.length);
  if (deferred.length > 0) sheet.autoFilter = { from: cellAddress(headerRow, 1), to: cellAddress(rowNumber - 1, columns.length) };
  fitColumnWidths(sheet, headerRow, 10, 60);
  fitWrappedRowHeights(sheet, headerRow + 1, rowNumber - 1, [6, 10]);
  applyPrintSetup(sheet);
}
