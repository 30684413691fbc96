/**
 * Summary: the first sheet an official opens. It states the question answered, the model and
 * scenario, the key figures (totals are live formulas pointing at the detail sheets), a prominent
 * statement of which inputs are illustrative, and the main charts. A Charts sheet holds all charts
 * at full size.
 */
import type ExcelJS from 'exceljs';
import { formatFinancialYear } from '../../dataset/financial-year.js';
import {
  BENEFIT_FORMAT,
  COUNT_FORMAT,
  RAND_MILLION_FORMAT,
  SHARE_FORMAT,
  applyPrintSetup,
  liveFormula,
  plainText,
} from '../format.js';
import { keyFigures } from '../plan-figures.js';
import { rollOutSummarySentences } from '../../plan/facility-roll-out.js';
import type { EnvelopeSheetTotals } from './envelope-use-sheet.js';
import { SHEET_NAMES, sheetReference, type ReportContext } from './report-context.js';
import type { SpendingSheetTotals } from './spending-sheets.js';
import { needUnitWords, servedLabel, serviceIdsInWords } from '../../dataset/services.js';

/** Width in pixels at which charts are shown on the Summary sheet. */
const SUMMARY_CHART_WIDTH_PIXELS = 720;

/** Addresses of the Summary's key-figure cells, for tests and cross-references. */
export const SUMMARY_CELLS = {
  envelopeTotal: 'B8',
  plannedSpending: 'B9',
  shareUsed: 'B10',
} as const;

/** Fill the Summary sheet (created first so it is the first tab). */
export function fillSummarySheet(
  workbook: ExcelJS.Workbook,
  sheet: ExcelJS.Worksheet,
  context: ReportContext,
  spendingTotals: SpendingSheetTotals,
  envelopeTotals: EnvelopeSheetTotals,
): void {
  const { plan, dataset } = context;
  const figures = keyFigures(plan, dataset);
  sheet.getColumn(1).width = 44;
  sheet.getColumn(2).width = 22;
  sheet.getColumn(3).width = 60;
  const firstYear = plan.financialYears[0];
  const lastYear = plan.financialYears[plan.financialYears.length - 1];
  const horizon = firstYear === undefined ? '' : `${formatFinancialYear(firstYear)} to ${formatFinancialYear(lastYear)}`;
  sheet.getCell('A1').value = plainText(`${dataset.config.title}: investment plan`);
  sheet.getCell('A1').font = { name: 'Calibri', bold: true, size: 16 };
  sheet.getCell('A2').value =
    plan.kind === 'portfolio'
      ? `Which bulk ${serviceIdsInWords(plan.services)} projects should be funded, and when, from ${horizon}, to serve the most need and growth within the funding envelopes?`
      : `How should each year's funding from ${horizon} be divided between municipalities and services to reduce weighted unmet need the most?`;
  sheet.getCell('A2').font = { name: 'Calibri', italic: true, size: 12 };
  sheet.mergeCells('A2:C2');
  sheet.getRow(2).height = 32;
  sheet.getCell('A2').alignment = { wrapText: true, vertical: 'top' };

  // The illustrative statement sits high and boxed in amber: nobody should quote these numbers as real.
  sheet.mergeCells('A3:C4');
  const note = sheet.getCell('A3');
  note.value = plainText(plan.illustrativeNote.trim() === '' ? 'All inputs are published figures; none is marked illustrative.' : `ILLUSTRATIVE INPUTS: ${plan.illustrativeNote.trim()}`);
  note.font = { name: 'Calibri', bold: true, color: { argb: 'FF7F3F00' } };
  note.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
  note.alignment = { wrapText: true, vertical: 'middle' };
  note.border = { top: { style: 'medium' }, bottom: { style: 'medium' }, left: { style: 'medium' }, right: { style: 'medium' } };
  // Merged cells do not grow with wrapped text, so size the two rows for the note's length: about
  // 110 characters fit on a line across A:C at this font, 14 points a line, plus a margin.
  const noteLines = Math.ceil(String(note.value).length / 110) + 1;
  sheet.getRow(3).height = Math.max(30, (noteLines * 14) / 2 + 4);
  sheet.getRow(4).height = Math.max(30, (noteLines * 14) / 2 + 4);

  const labelRow = (row: number, label: string, value: ExcelJS.CellValue, format?: string, comment?: string): void => {
    sheet.getCell(`A${row}`).value = label;
    sheet.getCell(`B${row}`).value = value;
    if (format) sheet.getCell(`B${row}`).numFmt = format;
    sheet.getCell(`B${row}`).alignment = { horizontal: 'right' };
    if (comment) {
      sheet.getCell(`C${row}`).value = comment;
      sheet.getCell(`C${row}`).font = { name: 'Calibri', color: { argb: 'FF595959' } };
    }
  };
  sheet.getCell('A6').value = 'Key figures';
  sheet.getCell('A6').font = { name: 'Calibri', bold: true, size: 13 };
  labelRow(7, 'Model and scenario', plainText(`${plan.modelName} / ${plan.scenarioName}`));
  labelRow(8, 'Total envelope over the horizon (R million)', liveFormula(sheetReference(SHEET_NAMES.envelopeUse, envelopeTotals.envelopeTotalAddress), envelopeTotals.envelopeTotalRand), RAND_MILLION_FORMAT, `All ${dataset.fundingSources.some((source) => source.purpose === 'operating') ? 'capital ' : ''}funding sources, ${horizon}`);
  labelRow(9, 'Planned spending (R million)', liveFormula(sheetReference(spendingTotals.sheetName, spendingTotals.grandTotalAddress), spendingTotals.grandTotalRand), RAND_MILLION_FORMAT);
  labelRow(10, 'Share of the envelope used', liveFormula(`IF(${SUMMARY_CELLS.envelopeTotal}>0,${SUMMARY_CELLS.plannedSpending}/${SUMMARY_CELLS.envelopeTotal},0)`, figures.shareOfEnvelopeUsed), SHARE_FORMAT);
  let row = 11;
  if (plan.kind === 'portfolio') {
    labelRow(row++, 'Projects funded', figures.fundedProjectCount, COUNT_FORMAT, `See the ${SHEET_NAMES.fundedProjects} sheet`);
    labelRow(row++, 'Projects deferred', figures.deferredProjectCount, COUNT_FORMAT, `See the ${SHEET_NAMES.deferredProjects} sheet for reasons`);
  }
  for (const service of plan.services) {
    labelRow(row++, servedLabel(service), figures.householdsServedByService[service.id] ?? 0, COUNT_FORMAT, `Backlog ${needUnitWords(service.needUnit)} brought to the basic level`);
  }
  labelRow(row++, 'Total benefit (points)', plan.benefit.total, BENEFIT_FORMAT);
  labelRow(row++, 'Need-led benefit (points)', plan.benefit.needLed, BENEFIT_FORMAT, shareText(plan.benefit.needLed, plan.benefit.total));
  labelRow(row++, 'Growth-led benefit (points)', plan.benefit.growthLed, BENEFIT_FORMAT, shareText(plan.benefit.growthLed, plan.benefit.total));
  labelRow(row++, 'Solve status', plan.status, undefined, plan.status === 'optimal' ? 'Proven optimal within the gap' : 'Not proven optimal: read the gap');
  labelRow(row++, 'Relative gap', plan.gap ?? 'not reported', plan.gap === null ? undefined : '0.00%');
  labelRow(row++, 'Solver', plan.solver);
  labelRow(row++, 'Solver time (seconds)', plan.seconds, '0.00');
  // How rules were applied (a floor lowered to what the register can deliver, say) changes how the
  // figures read, so the notes sit with the key figures rather than in a log nobody opens.
  const warnings = plan.warnings ?? [];
  if (warnings.length > 0) {
    row += 1;
    sheet.getCell(`A${row}`).value = 'Notes on how the rules were applied';
    sheet.getCell(`A${row}`).font = { name: 'Calibri', bold: true, size: 13 };
    row += 1;
    for (const warning of warnings) {
      sheet.mergeCells(`A${row}:C${row}`);
      const cell = sheet.getCell(`A${row}`);
      cell.value = plainText(warning);
      cell.alignment = { wrapText: true, vertical: 'top' };
      sheet.getRow(row).height = Math.max(15, Math.ceil(warning.length / 110) * 15);
      row += 1;
    }
  }
  row = writeRollOutSentences(sheet, row, rollOutSummarySentences(plan, dataset));
  sheet.views = [{ state: 'normal', showGridLines: false }];

  row += 1;
  // The charts start on a new printed page, after the key figures.
  sheet.getRow(row - 1).addPageBreak();
  sheet.getCell(`A${row}`).value = 'Charts (full size on the Charts sheet)';
  sheet.getCell(`A${row}`).font = { name: 'Calibri', bold: true, size: 13 };
  row += 1;
  // Rows are about 20 pixels high in Excel's default; place the charts one under another.
  for (const [index, chart] of context.charts.slice(0, 2).entries()) {
    // Each chart starts a printed page: two charts rarely fit one page, and a chart cut across a
    // page break is unreadable on both halves.
    if (index > 0) sheet.getRow(row - 1).addPageBreak();
    const imageId = workbook.addImage({ buffer: chart.png as unknown as ExcelJS.Buffer, extension: 'png' });
    const heightPixels = Math.round((chart.heightPixels / chart.widthPixels) * SUMMARY_CHART_WIDTH_PIXELS);
    sheet.addImage(imageId, { tl: { col: 0, row: row - 1 }, ext: { width: SUMMARY_CHART_WIDTH_PIXELS, height: heightPixels } });
    row += Math.ceil(heightPixels / 20) + 1;
  }
  applyPrintSetup(sheet);
  sheet.pageSetup.fitToHeight = 0;
}

/** The roll-out of a facility service (Thusong) in sentences under a heading, from `row`; returns the next free row. None without one. */
function writeRollOutSentences(sheet: ExcelJS.Worksheet, row: number, sentences: readonly string[]): number {
  if (sentences.length === 0) return row;
  let next = row + 1;
  sheet.getCell(`A${next}`).value = 'Service centre roll-out';
  sheet.getCell(`A${next}`).font = { name: 'Calibri', bold: true, size: 13 };
  next += 1;
  for (const sentence of sentences) {
    sheet.mergeCells(`A${next}:C${next}`);
    sheet.getCell(`A${next}`).value = plainText(sentence);
    sheet.getCell(`A${next}`).alignment = { wrapText: true, vertical: 'top' };
    sheet.getRow(next).height = Math.max(15, Math.ceil(sentence.length / 110) * 15);
    next += 1;
  }
  return next;
}

function shareText(part: number, total: number): string {
  return total > 0 ? `${((100 * part) / total).toFixed(1)}% of the total benefit` : '';
}

/** Add the Charts sheet with every chart at full width. */
export function addChartsSheet(workbook: ExcelJS.Workbook, context: ReportContext): void {
  const sheet = workbook.addWorksheet(SHEET_NAMES.charts);
  sheet.getCell('A1').value = 'Charts';
  sheet.getCell('A1').font = { name: 'Calibri', bold: true, size: 14 };
  sheet.views = [{ state: 'normal', showGridLines: false }];
  let row = 3;
  for (const chart of context.charts) {
    sheet.getCell(`A${row - 1}`).value = chart.caption;
    sheet.getCell(`A${row - 1}`).font = { name: 'Calibri', bold: true };
    const imageId = workbook.addImage({ buffer: chart.png as unknown as ExcelJS.Buffer, extension: 'png' });
    const widthPixels = 960;
    const heightPixels = Math.round((chart.heightPixels / chart.widthPixels) * widthPixels);
    sheet.addImage(imageId, { tl: { col: 0, row: row - 1 }, ext: { width: widthPixels, height: heightPixels } });
    row += Math.ceil(heightPixels / 20) + 3;
    // One chart per printed page: a chart split across two pages is unreadable.
    sheet.getRow(row - 2).addPageBreak();
  }
  applyPrintSetup(sheet);
}
