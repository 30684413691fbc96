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
  thresholdSafeFormat,
  proseLineCount,
  applyPrintSetup,
  cellAddress,
  fitColumnWidths,
  moneyTotal,
  roundRand,
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
  // An index two decimals would show on the other side of its threshold (0.496 as 0.50 beside "low
  // growth") is shown with more digits; the cell keeps the exact value the quadrant is classified on.
  const closeCalls: string[] = [];
  const showIndex = (cell: ExcelJS.Cell, code: string, name: string, value: number, threshold: number): void => {
    cell.value = value;
    const { numberFormat, digits } = thresholdSafeFormat(value, threshold);
    cell.numFmt = numberFormat;
    if (digits > 2) closeCalls.push(`${code} ${name} ${value.toFixed(digits)} is ${value >= threshold ? 'at or above' : 'below'} ${threshold}`);
  };
  for (const summary of plan.municipalities) {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = plainText(summary.municipalityCode);
    row.getCell(2).value = plainText(summary.municipalityName);
    row.getCell(3).value = plainText(summary.districtCode);
    showIndex(row.getCell(4), summary.municipalityCode, 'need index', summary.needIndex, needThreshold);
    showIndex(row.getCell(5), summary.municipalityCode, 'growth-potential index', summary.growthIndex, growthThreshold);
    row.getCell(6).value = quadrantInWords(summary.quadrant);
    row.getCell(7).value = roundRand(summary.spendingRand);
    row.getCell(8).value = summary.householdsServed;
    row.getCell(9).value = summary.needBenefit;
    row.getCell(10).value = summary.growthBenefit;
    rowNumber += 1;
  }
  const lastDataRow = rowNumber - 1;
  const totalRow = sheet.getRow(rowNumber);
  totalRow.getCell(1).value = 'Total';
  const totals: [number, number][] = [
    [7, moneyTotal(plan.municipalities.map((summary) => summary.spendingRand))],
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
  // After the widths are fitted: a note merged across the table must not widen its columns.
  if (closeCalls.length > 0) {
    const note = sheet.getRow(rowNumber + 2).getCell(1);
    note.value = plainText(
      `Shown with more than two decimals where two would round across the threshold: ${closeCalls.join('; ')}. The quadrant is classified on the exact value.`,
    );
    note.font = { name: 'Calibri', italic: true };
    // Wrapped across the table's width, so it prints inside the page rather than running off it.
    sheet.mergeCells(rowNumber + 2, 1, rowNumber + 2, columns.length);
    note.alignment = { wrapText: true, vertical: 'top' };
    const widthUnits = columns.reduce((sum, _column, index) => sum + (sheet.getColumn(index + 1).width ?? 10), 0);
    sheet.getRow(rowNumber + 2).height = proseLineCount(String(note.value), widthUnits) * 15 + 2;
  }
  applyPrintSetup(sheet);
}
