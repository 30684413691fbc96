/**
 * Municipal indices and quadrants: the need and growth-potential indices behind the plan, the
 * quadrant in words, and what the plan spends and achieves in each municipality.
 */
import type ExcelJS from 'exceljs';
import {
  BENEFIT_FORMAT,
  COUNT_FORMAT,
  RAND_MILLION_FORMAT,
  SCORE_FORMAT,
  addDataBars,
  applyPrintSetup,
  cellAddress,
  fitColumnWidths,
  plainText,
  styleTotalRow,
  sumFormula,
  writeTableHeader,
  type ColumnSpec,
} from '../format.js';
import { quadrantInWords } from '../plan-figures.js';
import { SHEET_NAMES, type ReportContext } from './report-context.js';

/** Add the Municipal indices sheet. */
export function addMunicipalIndicesSheet(workbook: ExcelJS.Workbook, context: ReportContext): void {
  const { plan, dataset } = context;
  const sheet = workbook.addWorksheet(SHEET_NAMES.municipalIndices);
  const columns: ColumnSpec[] = [
    { header: 'Code', width: 10 },
    { header: 'Municipality', width: 22 },
    { header: 'District', width: 10 },
    { header: 'Need index (0–1)', width: 10, numberFormat: SCORE_FORMAT },
    { header: 'Growth-potential index (0–1)', width: 12, numberFormat: SCORE_FORMAT },
    { header: 'Quadrant', width: 32 },
    { header: 'Planned spending (R million)', width: 14, numberFormat: RAND_MILLION_FORMAT },
    { header: 'Households served', width: 12, numberFormat: COUNT_FORMAT },
    { header: 'Need-led benefit (points)', width: 12, numberFormat: BENEFIT_FORMAT },
    { header: 'Growth-led benefit (points)', width: 12, numberFormat: BENEFIT_FORMAT },
  ];
  const { needThreshold, growthThreshold } = dataset.config.index;
  const headerRow = writeTableHeader(
    sheet,
    'Municipal need and growth-potential indices',
    `High need: need index at or above ${needThreshold}; high growth potential: growth index at or above ${growthThreshold} (${dataset.config.index.normalisation} normalisation).`,
    columns,
  );
  let rowNumber = headerRow + 1;
  for (const summary of plan.municipalities) {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = plainText(summary.municipalityCode);
    row.getCell(2).value = plainText(summary.municipalityName);
    row.getCell(3).value = plainText(summary.districtCode);
    row.getCell(4).value = summary.needIndex;
    row.getCell(5).value = summary.growthIndex;
    row.getCell(6).value = quadrantInWords(summary.quadrant);
    row.getCell(7).value = summary.spendingRand;
    row.getCell(8).value = summary.householdsServed;
    row.getCell(9).value = summary.needBenefit;
    row.getCell(10).value = summary.growthBenefit;
    rowNumber += 1;
  }
  const lastDataRow = rowNumber - 1;
  const totalRow = sheet.getRow(rowNumber);
  totalRow.getCell(1).value = 'Total';
  const totals: [number, number][] = [
    [7, plan.municipalities.reduce((sum, summary) => sum + summary.spendingRand, 0)],
    [8, plan.municipalities.reduce((sum, summary) => sum + summary.householdsServed, 0)],
    [9, plan.municipalities.reduce((sum, summary) => sum + summary.needBenefit, 0)],
    [10, plan.municipalities.reduce((sum, summary) => sum + summary.growthBenefit, 0)],
  ];
  for (const [column, total] of totals) {
    totalRow.getCell(column).value = plan.municipalities.length > 0 ? sumFormula(cellAddress(headerRow + 1, column), cellAddress(lastDataRow, column), total) : 0;
  }
  styleTotalRow(totalRow, columns.length);
  if (plan.municipalities.length > 0) {
    sheet.autoFilter = { from: cellAddress(headerRow, 1), to: cellAddress(lastDataRow, columns.length) };
    addDataBars(sheet, `${cellAddress(headerRow + 1, 7)}:${cellAddress(lastDataRow, 7)}`);
  }
  fitColumnWidths(sheet, headerRow, 10, 40);
  applyPrintSetup(sheet);
}
