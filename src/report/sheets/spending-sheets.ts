/**
 * The spending cross-tables: rows (municipalities, districts, services or funding sources) by
 * financial year, with a total column, a totals row and a grand total, every total a live SUM.
 */
import type ExcelJS from 'exceljs';
import { formatFinancialYear } from '../../dataset/financial-year.js';
import {
  RAND_MILLION_FORMAT,
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
import { spendingByDistrict, spendingByMunicipality, spendingBySource, spendingByService, tableRand, type SpendingTable } from '../plan-figures.js';
import { SHEET_NAMES, type ReportContext } from './report-context.js';

/** Where a spending sheet put its grand total, for formulas on the Summary sheet. */
export interface SpendingSheetTotals {
  /** Sheet name. */
  readonly sheetName: string;
  /** Address of the grand total cell. */
  readonly grandTotalAddress: string;
  /** The grand total, rand. */
  readonly grandTotalRand: number;
}

/** Write one spending cross-table sheet. */
export function addSpendingTableSheet(
  workbook: ExcelJS.Workbook,
  sheetName: string,
  title: string,
  rowHeader: string,
  table: SpendingTable,
  financialYears: readonly number[],
): SpendingSheetTotals {
  const sheet = workbook.addWorksheet(sheetName);
  const columns: ColumnSpec[] = [
    { header: rowHeader, width: 28 },
    ...financialYears.map((year) => ({ header: `${formatFinancialYear(year)} (R million)`, width: 14, numberFormat: RAND_MILLION_FORMAT })),
    { header: 'Total (R million)', width: 16, numberFormat: RAND_MILLION_FORMAT },
  ];
  const headerRow = writeTableHeader(sheet, title, 'Amounts in rand, shown in R million; totals are live formulas.', columns);
  const firstDataRow = headerRow + 1;
  const totalColumn = financialYears.length + 2;
  let rowNumber = firstDataRow;
  for (const key of table.rowKeys) {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = plainText(table.rowLabels[key]);
    let rowTotal = 0;
    financialYears.forEach((year, index) => {
      const rand = tableRand(table, key, year);
      rowTotal += rand;
      row.getCell(index + 2).value = rand;
    });
    row.getCell(totalColumn).value = sumFormula(cellAddress(rowNumber, 2), cellAddress(rowNumber, totalColumn - 1), rowTotal);
    rowNumber += 1;
  }
  const lastDataRow = rowNumber - 1;
  const totalRow = sheet.getRow(rowNumber);
  totalRow.getCell(1).value = 'Total';
  let grandTotalRand = 0;
  financialYears.forEach((year, index) => {
    const yearTotal = table.rowKeys.reduce((sum, key) => sum + tableRand(table, key, year), 0);
    grandTotalRand += yearTotal;
    totalRow.getCell(index + 2).value = sumFormula(cellAddress(firstDataRow, index + 2), cellAddress(Math.max(firstDataRow, lastDataRow), index + 2), yearTotal);
  });
  totalRow.getCell(totalColumn).value = sumFormula(cellAddress(firstDataRow, totalColumn), cellAddress(Math.max(firstDataRow, lastDataRow), totalColumn), grandTotalRand);
  styleTotalRow(totalRow, totalColumn);
  if (lastDataRow >= firstDataRow) {
    sheet.autoFilter = { from: cellAddress(headerRow, 1), to: cellAddress(lastDataRow, totalColumn) };
    addDataBars(sheet, `${cellAddress(firstDataRow, totalColumn)}:${cellAddress(lastDataRow, totalColumn)}`);
  }
  fitColumnWidths(sheet, headerRow, 12, 40);
  applyPrintSetup(sheet);
  return { sheetName, grandTotalAddress: cellAddress(rowNumber, totalColumn), grandTotalRand };
}

/** Add the four spending sheets; returns the by-source totals (the Summary sheet refers to them). */
export function addSpendingSheets(workbook: ExcelJS.Workbook, context: ReportContext): SpendingSheetTotals {
  const { plan, dataset } = context;
  const years = plan.financialYears;
  addSpendingTableSheet(workbook, SHEET_NAMES.spendingByMunicipality, 'Planned spending by municipality and financial year', 'Municipality', spendingByMunicipality(plan, dataset), years);
  addSpendingTableSheet(workbook, SHEET_NAMES.spendingByDistrict, 'Planned spending by district and financial year', 'District', spendingByDistrict(plan, dataset), years);
  addSpendingTableSheet(workbook, SHEET_NAMES.spendingByService, 'Planned spending by service and financial year', 'Service', spendingByService(plan, dataset), years);
  return addSpendingTableSheet(workbook, SHEET_NAMES.spendingBySource, 'Planned spending by funding source and financial year', 'Funding source', spendingBySource(plan, dataset), years);
}
