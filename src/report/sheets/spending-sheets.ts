/**
 * The spending cross-tables: rows (municipalities, districts, services or funding sources) by
 * financial year, with a total column, a totals row and a grand total, every total a live SUM.
 */
import type ExcelJS from 'exceljs';
import { formatFinancialYear } from '../../dataset/financial-year.js';
import {
  RAND_MILLION_FORMAT,
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
import { mtefLabel, mtefYears, roundRand } from '../summary-figures.js';

/** Where a spending sheet put its grand total, for formulas on the Summary sheet. */
export interface SpendingSheetTotals {
  /** Sheet name. */
  readonly sheetName: string;
  /** Address of the grand total cell. */
  readonly grandTotalAddress: string;
  /** The grand total, rand. */
  readonly grandTotalRand: number;
  /** Address of the MTEF (first three years) total cell. */
  readonly mtefTotalAddress: string;
  /** The MTEF total, rand. */
  readonly mtefTotalRand: number;
}

/** Width of a financial-year money column, in characters: `12,345.6` with room to spare. */
export const YEAR_COLUMN_WIDTH = 10;

/** Options of addSpendingTableSheet. */
export interface SpendingTableOptions {
  /** Note under the title; default the one on rand shown in R million. */
  readonly note?: string;
  /** The model's illustrative note: marks the sheet when non-empty. */
  readonly illustrativeNote?: string | null;
}

/**
 * Write one spending cross-table sheet: a row per key, a column per financial year, the MTEF
 * subtotal (first three years) and the total over the horizon beside each other, a totals row.
 * The horizon total adds the year columns only, never the MTEF subtotal.
 */
export function addSpendingTableSheet(
  workbook: ExcelJS.Workbook,
  sheetName: string,
  title: string,
  rowHeader: string,
  table: SpendingTable,
  financialYears: readonly number[],
  options: SpendingTableOptions = {},
): SpendingSheetTotals {
  const sheet = workbook.addWorksheet(sheetName);
  const mtefCount = mtefYears(financialYears).length;
  const columns: ColumnSpec[] = [
    { header: rowHeader, width: 28 },
    ...financialYears.map((year) => ({ header: `${formatFinancialYear(year)} (R million)`, width: YEAR_COLUMN_WIDTH, numberFormat: RAND_MILLION_FORMAT })),
    { header: `${mtefLabel(financialYears)} (R million)`, width: 12, numberFormat: RAND_MILLION_FORMAT },
    { header: 'Total (R million)', width: 12, numberFormat: RAND_MILLION_FORMAT },
  ];
  const headerRow = writeTableHeader(
    sheet,
    title,
    options.note ?? 'Amounts in rand, shown in R million; totals are live formulas. The MTEF column adds the first three years, the Medium-Term Expenditure Framework.',
    columns,
    options.illustrativeNote,
  );
  const firstDataRow = headerRow + 1;
  const lastYearColumn = financialYears.length + 1;
  const mtefColumn = financialYears.length + 2;
  const totalColumn = financialYears.length + 3;
  let rowNumber = firstDataRow;
  for (const key of table.rowKeys) {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = plainText(table.rowLabels[key]);
    let rowTotal = 0;
    let rowMtef = 0;
    financialYears.forEach((year, index) => {
      const rand = roundRand(tableRand(table, key, year));
      rowTotal += rand;
      if (index < mtefCount) rowMtef += rand;
      row.getCell(index + 2).value = rand;
    });
    row.getCell(mtefColumn).value = mtefCount > 0 ? sumFormula(cellAddress(rowNumber, 2), cellAddress(rowNumber, mtefCount + 1), rowMtef) : 0;
    row.getCell(totalColumn).value = sumFormula(cellAddress(rowNumber, 2), cellAddress(rowNumber, lastYearColumn), rowTotal);
    rowNumber += 1;
  }
  const lastDataRow = rowNumber - 1;
  const totalRow = sheet.getRow(rowNumber);
  totalRow.getCell(1).value = 'Total';
  let grandTotalRand = 0;
  let mtefTotalRand = 0;
  financialYears.forEach((year, index) => {
    const yearTotal = table.rowKeys.reduce((sum, key) => sum + roundRand(tableRand(table, key, year)), 0);
    grandTotalRand += yearTotal;
    if (index < mtefCount) mtefTotalRand += yearTotal;
    totalRow.getCell(index + 2).value = sumFormula(cellAddress(firstDataRow, index + 2), cellAddress(Math.max(firstDataRow, lastDataRow), index + 2), yearTotal);
  });
  totalRow.getCell(mtefColumn).value = sumFormula(cellAddress(firstDataRow, mtefColumn), cellAddress(Math.max(firstDataRow, lastDataRow), mtefColumn), mtefTotalRand);
  totalRow.getCell(totalColumn).value = sumFormula(cellAddress(firstDataRow, totalColumn), cellAddress(Math.max(firstDataRow, lastDataRow), totalColumn), grandTotalRand);
  styleTotalRow(totalRow, totalColumn);
  if (lastDataRow >= firstDataRow) {
    sheet.autoFilter = { from: cellAddress(headerRow, 1), to: cellAddress(lastDataRow, totalColumn) };
  }
  fitColumnWidths(sheet, headerRow, 10, 40);
  // Year columns stay narrow so the table, its MTEF subtotal and its total print on one page.
  for (let column = 2; column <= lastYearColumn; column += 1) sheet.getColumn(column).width = YEAR_COLUMN_WIDTH;
  sheet.getColumn(mtefColumn).width = 12;
  sheet.getColumn(totalColumn).width = 12;
  applyPrintSetup(sheet);
  return {
    sheetName,
    grandTotalAddress: cellAddress(rowNumber, totalColumn),
    grandTotalRand,
    mtefTotalAddress: cellAddress(rowNumber, mtefColumn),
    mtefTotalRand,
  };
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
