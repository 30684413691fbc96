/**
 * Envelope use: for each funding source and year, the envelope, the money carried in, what the
 * plan spends, what it carries out and the share used. Shares are live formulas too, so a reader
 * who edits an envelope sees the share move.
 */
import type ExcelJS from 'exceljs';
import { formatFinancialYear } from '../../dataset/financial-year.js';
import {
  RAND_MILLION_FORMAT,
  SHARE_FORMAT,
  addDataBars,
  applyPrintSetup,
  cellAddress,
  fitColumnWidths,
  liveFormula,
  plainText,
  styleTotalRow,
  sumFormula,
  writeTableHeader,
  type ColumnSpec,
} from '../format.js';
import { SHEET_NAMES, type ReportContext } from './report-context.js';
import type { EnvelopeUse } from '../../plan/types.js';
import { moneyTotal, mtefLabel, mtefYears, objectiveWords, roundRand } from '../summary-figures.js';

/** Rows the Envelope use sheet prints on one page (row height 15 points at a print scale of about 0.8). */
const ENVELOPE_ROWS_PER_PAGE = 40;

/** Where the envelope sheet put its totals, for the Summary sheet. */
export interface EnvelopeSheetTotals {
  /** Address of the total envelope cell. */
  readonly envelopeTotalAddress: string;
  /** Total envelope over the horizon, rand. */
  readonly envelopeTotalRand: number;
  /** The operating block's total envelope cell and its value, rand; absent when the model has no operating source. */
  readonly operatingEnvelopeTotal?: { readonly address: string; readonly rand: number };
}

/** Share of the money available (envelope + carried in) that was spent; 0 when nothing was available. */
export function shareUsed(envelopeRand: number, carriedInRand: number, spentRand: number): number {
  const available = envelopeRand + carriedInRand;
  return available > 0 ? spentRand / available : 0;
}

/** Add the Envelope use sheet. */
export function addEnvelopeUseSheet(workbook: ExcelJS.Workbook, context: ReportContext): EnvelopeSheetTotals {
  const { plan, dataset } = context;
  const sourceOrder = new Map(dataset.fundingSources.map((source, index) => [source.id, index]));
  const uses = [...plan.envelopeUse].sort(
    (left, right) => (sourceOrder.get(left.sourceId) ?? 0) - (sourceOrder.get(right.sourceId) ?? 0) || left.financialYear - right.financialYear,
  );
  const sheet = workbook.addWorksheet(SHEET_NAMES.envelopeUse);
  const columns: ColumnSpec[] = [
    { header: 'Funding source', width: 12 },
    { header: 'Financial year', width: 10 },
    { header: 'Envelope (R million)', width: 14, numberFormat: RAND_MILLION_FORMAT },
    { header: 'Carried in (R million)', width: 14, numberFormat: RAND_MILLION_FORMAT },
    { header: 'Spent (R million)', width: 14, numberFormat: RAND_MILLION_FORMAT },
    { header: 'Carried out (R million)', width: 14, numberFormat: RAND_MILLION_FORMAT },
    { header: 'Share used', width: 10, numberFormat: SHARE_FORMAT },
    {
      header: plan.kind === 'portfolio' ? objectiveWords(dataset).marginalHeader : 'Weighted need met by one more R1 million',
      width: 16,
      numberFormat: '#,##0.00',
    },
  ];
  // Marginal values come from an LP re-solve (docs/formulations.md); a plan without them leaves
  // the column empty rather than showing zeros that would read as "money is worth nothing here".
  const marginalByKey = new Map(plan.marginalValues.map((value) => [`${value.sourceId}|${value.financialYear}`, value.objectivePerRand]));
  const headerRow = writeTableHeader(
    sheet,
    'Use of the funding envelopes',
    'Share used = spent / (envelope + carried in). Money is carried over only where the source allows it. ' +
      (plan.kind === 'portfolio'
        ? 'The last column is the marginal value of money: what one more R1 million in that source and year would add with the funded projects kept and a deferred project counted in part (0 where money of that year is already left unspent). '
        : 'The last column is the marginal value of money: what one more R1 million in that source and year would add. ') +
      'The sources are named below the tables.',
    columns,
  );
  const purposeOf = new Map(dataset.fundingSources.map((source) => [source.id, source.purpose]));
  const capitalUses = uses.filter((use) => purposeOf.get(use.sourceId) !== 'operating');
  const operatingUses = uses.filter((use) => purposeOf.get(use.sourceId) === 'operating');
  // Capital and operating money never mix, so each has its own block and total; the Summary reads the capital total.
  let rowNumber = headerRow + 1;
  const capital = writeEnvelopeBlock(sheet, capitalUses, rowNumber, operatingUses.length > 0 ? 'Total capital over the horizon' : 'Total over the horizon', marginalByKey, columns.length, plan.financialYears);
  rowNumber = capital.nextRow;
  const operating = operatingUses.length > 0 ? writeEnvelopeBlock(sheet, operatingUses, rowNumber + 1, 'Total operating over the horizon', marginalByKey, columns.length, plan.financialYears) : null;
  // The names are listed once under the tables, not on every row: a 70-character grant name on
  // 100 rows pushed the numbers off the printed page, or was cut where the column was narrower.
  let legendRow = sheet.rowCount + 2;
  sheet.getCell(cellAddress(legendRow, 1)).value = 'Funding sources';
  sheet.getCell(cellAddress(legendRow, 1)).font = { name: 'Calibri', bold: true };
  for (const source of dataset.fundingSources) {
    legendRow += 1;
    sheet.getCell(cellAddress(legendRow, 1)).value = plainText(source.id);
    sheet.getCell(cellAddress(legendRow, 2)).value = plainText(`${source.name}${source.purpose === 'operating' ? ' (operating: running costs only)' : ''}`);
  }
  if (uses.length > 0) sheet.autoFilter = { from: cellAddress(headerRow, 1), to: cellAddress(capital.totalRow - 1, columns.length) };
  // Wide enough for the total rows' labels, which run into the empty columns beside them.
  fitColumnWidths(sheet, headerRow, 10, 20);
  applyPrintSetup(sheet);
  // A hundred rows at full size take four pages (the repeated header is tall); printed a little
  // smaller (about 0.8, still above 8 points) they take three, so ask for one page per 40 rows.
  sheet.pageSetup.fitToHeight = Math.max(1, Math.ceil(sheet.rowCount / ENVELOPE_ROWS_PER_PAGE));
  return {
    envelopeTotalAddress: cellAddress(capital.totalRow, 3),
    envelopeTotalRand: capital.envelopeTotalRand,
    // The Summary's operating envelope total points here, as its capital total points at the capital block.
    ...(operating !== null ? { operatingEnvelopeTotal: { address: cellAddress(operating.totalRow, 3), rand: operating.envelopeTotalRand } } : {}),
  };
}

/** Rows of envelope use and their total row from `firstRow`; returns the total row, the next free row and the envelope total. */
function writeEnvelopeBlock(
  sheet: ExcelJS.Worksheet,
  uses: readonly EnvelopeUse[],
  firstRow: number,
  totalLabel: string,
  marginalByKey: ReadonlyMap<string, number>,
  columnCount: number,
  financialYears: readonly number[],
): { totalRow: number; nextRow: number; envelopeTotalRand: number } {
  let rowNumber = firstRow;
  for (const use of uses) {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = plainText(use.sourceId);
    row.getCell(2).value = formatFinancialYear(use.financialYear);
    row.getCell(3).value = roundRand(use.envelopeRand);
    row.getCell(4).value = roundRand(use.carriedInRand);
    row.getCell(5).value = roundRand(use.spentRand);
    row.getCell(6).value = roundRand(use.carriedOutRand);
    const envelope = cellAddress(rowNumber, 3);
    const carriedIn = cellAddress(rowNumber, 4);
    const spent = cellAddress(rowNumber, 5);
    row.getCell(7).value = liveFormula(`IF(${envelope}+${carriedIn}>0,${spent}/(${envelope}+${carriedIn}),0)`, shareUsed(use.envelopeRand, use.carriedInRand, use.spentRand));
    const marginalPerRand = marginalByKey.get(`${use.sourceId}|${use.financialYear}`);
    if (marginalPerRand !== undefined) row.getCell(8).value = Math.round(marginalPerRand * 1_000_000 * 100) / 100;
    rowNumber += 1;
  }
  const lastDataRow = rowNumber - 1;
  const totalRow = sheet.getRow(rowNumber);
  totalRow.getCell(1).value = totalLabel;
  const envelopeTotalRand = moneyTotal(uses.map((use) => use.envelopeRand));
  const spentTotalRand = moneyTotal(uses.map((use) => use.spentRand));
  if (uses.length > 0) {
    totalRow.getCell(3).value = sumFormula(cellAddress(firstRow, 3), cellAddress(lastDataRow, 3), envelopeTotalRand);
    totalRow.getCell(5).value = sumFormula(cellAddress(firstRow, 5), cellAddress(lastDataRow, 5), spentTotalRand);
    const envelopeTotal = cellAddress(rowNumber, 3);
    totalRow.getCell(7).value = liveFormula(`IF(${envelopeTotal}>0,${cellAddress(rowNumber, 5)}/${envelopeTotal},0)`, envelopeTotalRand > 0 ? spentTotalRand / envelopeTotalRand : 0);
    addDataBars(sheet, `${cellAddress(firstRow, 7)}:${cellAddress(lastDataRow, 7)}`);
  } else {
    totalRow.getCell(3).value = 0;
    totalRow.getCell(5).value = 0;
  }
  // Carried amounts are not added up: the same rand appears as carried out and again as carried in.
  totalRow.getCell(4).value = '';
  totalRow.getCell(6).value = '';
  styleTotalRow(totalRow, columnCount);
  // The MTEF subtotal beside the horizon total: the first three years, added by year label.
  const mtef = mtefYears(financialYears);
  if (uses.length > 0 && mtef.length > 0) {
    const mtefRow = sheet.getRow(rowNumber + 1);
    mtefRow.getCell(1).value = `${mtefLabel(financialYears)} total`;
    const yearRange = `${cellAddress(firstRow, 2)}:${cellAddress(lastDataRow, 2)}`;
    const mtefUses = uses.filter((use) => mtef.includes(use.financialYear));
    for (const column of [3, 5]) {
      const valueRange = `${cellAddress(firstRow, column)}:${cellAddress(lastDataRow, column)}`;
      const formula = mtef.map((year) => `SUMIF(${yearRange},"${formatFinancialYear(year)}",${valueRange})`).join('+');
      const result = moneyTotal(mtefUses.map((use) => (column === 3 ? use.envelopeRand : use.spentRand)));
      mtefRow.getCell(column).value = liveFormula(formula, result);
    }
    const mtefEnvelope = cellAddress(rowNumber + 1, 3);
    const mtefEnvelopeRand = moneyTotal(mtefUses.map((use) => use.envelopeRand));
    const mtefSpentRand = moneyTotal(mtefUses.map((use) => use.spentRand));
    mtefRow.getCell(7).value = liveFormula(`IF(${mtefEnvelope}>0,${cellAddress(rowNumber + 1, 5)}/${mtefEnvelope},0)`, mtefEnvelopeRand > 0 ? mtefSpentRand / mtefEnvelopeRand : 0);
    styleTotalRow(mtefRow, columnCount);
    return { totalRow: rowNumber, nextRow: rowNumber + 2, envelopeTotalRand };
  }
  return { totalRow: rowNumber, nextRow: rowNumber + 1, envelopeTotalRand };
}
