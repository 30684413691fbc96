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
import { runningCostsBySource, sourceLegend, spendingByDistrict, spendingByMunicipality, spendingBySource, spendingByService, tableRand, type SpendingTable } from '../plan-figures.js';
import { SHEET_NAMES, type ReportContext } from './report-context.js';
import { moneyTotal, mtefLabel, mtefYears, roundRand } from '../summary-figures.js';

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
  /** The second block's grand total cell (running costs on Spending by source) and its value, rand; absent without a second block. */
  readonly secondBlockTotal?: { readonly address: string; readonly rand: number };
}

/** Width of a financial-year money column, in characters: `12,345.6` with room to spare. */
export const YEAR_COLUMN_WIDTH = 10;

/** A second block of rows under the main table, with its own total: running costs under capital spending. */
export interface SpendingBlock {
  /** A heading row above the block, e.g. `Operating sources: running costs of the funded centres`. */
  readonly heading: string;
  /** The rows. */
  readonly table: SpendingTable;
  /** Label of the block's total row. */
  readonly totalLabel: string;
}

/** Options of addSpendingTableSheet. */
export interface SpendingTableOptions {
  /** Note under the title; default the one on rand shown in R million. */
  readonly note?: string;
  /** The model's illustrative note: marks the sheet when non-empty. */
  readonly illustrativeNote?: string | null;
  /** Label of the main table's total row; default `Total`. */
  readonly totalLabel?: string;
  /** A block under the main table with a total of its own, never added to the main total. */
  readonly secondBlock?: SpendingBlock;
  /** Id and name pairs listed once under the tables, so rows can carry the short id. */
  readonly legend?: { readonly heading: string; readonly entries: readonly (readonly [string, string])[] };
}

/** Rows and a total row of one spending table from `firstDataRow`; returns the totals and the total row. */
function writeSpendingBlock(
  sheet: ExcelJS.Worksheet,
  table: SpendingTable,
  financialYears: readonly number[],
  firstDataRow: number,
  totalLabel: string,
): { totalRow: number; grandTotalRand: number; mtefTotalRand: number } {
  const mtefCount = mtefYears(financialYears).length;
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
    row.getCell(mtefColumn).value = mtefCount > 0 ? sumFormula(cellAddress(rowNumber, 2), cellAddress(rowNumber, mtefCount + 1), roundRand(rowMtef)) : 0;
    row.getCell(totalColumn).value = sumFormula(cellAddress(rowNumber, 2), cellAddress(rowNumber, lastYearColumn), roundRand(rowTotal));
    rowNumber += 1;
  }
  const lastDataRow = rowNumber - 1;
  const totalRow = sheet.getRow(rowNumber);
  totalRow.getCell(1).value = totalLabel;
  let grandTotalRand = 0;
  let mtefTotalRand = 0;
  financialYears.forEach((year, index) => {
    const yearTotal = moneyTotal(table.rowKeys.map((key) => tableRand(table, key, year)));
    grandTotalRand += yearTotal;
    if (index < mtefCount) mtefTotalRand += yearTotal;
    totalRow.getCell(index + 2).value = sumFormula(cellAddress(firstDataRow, index + 2), cellAddress(Math.max(firstDataRow, lastDataRow), index + 2), yearTotal);
  });
  totalRow.getCell(mtefColumn).value = sumFormula(cellAddress(firstDataRow, mtefColumn), cellAddress(Math.max(firstDataRow, lastDataRow), mtefColumn), roundRand(mtefTotalRand));
  totalRow.getCell(totalColumn).value = sumFormula(cellAddress(firstDataRow, totalColumn), cellAddress(Math.max(firstDataRow, lastDataRow), totalColumn), roundRand(grandTotalRand));
  styleTotalRow(totalRow, totalColumn);
  return { totalRow: rowNumber, grandTotalRand: roundRand(grandTotalRand), mtefTotalRand: roundRand(mtefTotalRand) };
}

/**
 * Write one spending cross-table sheet: a row per key, a column per financial year, the MTEF
 * subtotal (first three years) and the total over the horizon beside each other, a totals row.
 * The horizon total adds the year columns only, never the MTEF subtotal. A second block (running
 * costs under capital spending) has its own total and is never added to the first.
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
  const main = writeSpendingBlock(sheet, table, financialYears, firstDataRow, options.totalLabel ?? 'Total');
  if (table.rowKeys.length > 0) {
    sheet.autoFilter = { from: cellAddress(headerRow, 1), to: cellAddress(main.totalRow - 1, totalColumn) };
  }
  // Headings run into the empty cells beside them: written after the widths are fitted, so they do not widen column A.
  const headings: [number, string][] = [];
  let nextRow = main.totalRow + 2;
  let secondBlockTotal: { address: string; rand: number } | undefined;
  if (options.secondBlock !== undefined) {
    headings.push([nextRow, options.secondBlock.heading]);
    const second = writeSpendingBlock(sheet, options.secondBlock.table, financialYears, nextRow + 1, options.secondBlock.totalLabel);
    secondBlockTotal = { address: cellAddress(second.totalRow, totalColumn), rand: second.grandTotalRand };
    nextRow = second.totalRow + 2;
  }
  if (options.legend !== undefined && options.legend.entries.length > 0) {
    headings.push([nextRow, options.legend.heading]);
    for (const [id, name] of options.legend.entries) {
      nextRow += 1;
      sheet.getCell(cellAddress(nextRow, 1)).value = plainText(id);
      sheet.getCell(cellAddress(nextRow, 2)).value = plainText(name);
    }
  }
  fitColumnWidths(sheet, headerRow, 10, 40);
  // Year columns stay narrow so the table, its MTEF subtotal and its total print on one page;
  // a legend's names run across them (the cells to their right are empty).
  for (let column = 2; column <= lastYearColumn; column += 1) sheet.getColumn(column).width = YEAR_COLUMN_WIDTH;
  sheet.getColumn(mtefColumn).width = 12;
  sheet.getColumn(totalColumn).width = 12;
  for (const [headingRow, text] of headings) {
    sheet.getCell(cellAddress(headingRow, 1)).value = plainText(text);
    sheet.getCell(cellAddress(headingRow, 1)).font = { name: 'Calibri', bold: true };
  }
  applyPrintSetup(sheet);
  return {
    sheetName,
    grandTotalAddress: cellAddress(main.totalRow, totalColumn),
    grandTotalRand: main.grandTotalRand,
    mtefTotalAddress: cellAddress(main.totalRow, mtefColumn),
    mtefTotalRand: main.mtefTotalRand,
    ...(secondBlockTotal !== undefined ? { secondBlockTotal } : {}),
  };
}

/** Add the four spending sheets; returns the by-source totals (the Summary sheet refers to them). */
export function addSpendingSheets(workbook: ExcelJS.Workbook, context: ReportContext): SpendingSheetTotals {
  const { plan, dataset } = context;
  const years = plan.financialYears;
  addSpendingTableSheet(workbook, SHEET_NAMES.spendingByMunicipality, 'Planned spending by municipality and financial year', 'Municipality', spendingByMunicipality(plan, dataset), years);
  addSpendingTableSheet(workbook, SHEET_NAMES.spendingByDistrict, 'Planned spending by district and financial year', 'District', spendingByDistrict(plan, dataset), years);
  addSpendingTableSheet(workbook, SHEET_NAMES.spendingByService, 'Planned spending by service and financial year', 'Service', spendingByService(plan, dataset), years);
  // Capital spending and running costs are different money: each has its block and total, and the
  // Summary's planned spending reads the capital total only.
  const runningCosts = runningCostsBySource(plan, dataset);
  const hasOperating = runningCosts.rowKeys.length > 0;
  return addSpendingTableSheet(workbook, SHEET_NAMES.spendingBySource, 'Planned spending by funding source and financial year', 'Funding source', spendingBySource(plan, dataset), years, {
    note:
      'Amounts in rand, shown in R million; totals are live formulas. The MTEF column adds the first three years, the Medium-Term Expenditure Framework.' +
      (hasOperating ? ' Capital sources pay to build the projects; operating sources pay the running costs of funded centres from their completion, in a block and total of their own.' : ''),
    totalLabel: hasOperating ? 'Total capital' : 'Total',
    ...(hasOperating
      ? { secondBlock: { heading: 'Operating sources: running costs of the funded centres', table: runningCosts, totalLabel: 'Total operating (running costs)' } }
      : {}),
    legend: { heading: 'Funding sources', entries: sourceLegend(dataset) },
  });
}
