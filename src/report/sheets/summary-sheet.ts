/**
 * Summary: the first sheet an official opens. It states the question answered, the model and
 * scenario, the key figures (totals are live formulas pointing at the detail sheets), a prominent
 * statement of which inputs are illustrative, and the main charts. A Charts sheet holds all charts
 * at full size.
 */
import type ExcelJS from 'exceljs';
import { formatFinancialYear } from '../../dataset/financial-year.js';
import { formatRandMillion } from '../../dataset/money-text.js';
import {
  BENEFIT_FORMAT,
  COUNT_FORMAT,
  RAND_MILLION_FORMAT,
  SCORE_FORMAT,
  SHARE_FORMAT,
  applyPrintSetup,
  liveFormula,
  plainText,
  sumFormula,
  proseLineCount,
  fitToWidthScale,
  LANDSCAPE_PRINTABLE_HEIGHT_POINTS,
  serviceLabelsInWords,
  wholeNumberText,
} from '../format.js';
import { keyFigures, statusInWords } from '../plan-figures.js';
import { rollOutSummarySentences } from '../../plan/facility-roll-out.js';
import {
  backlogLeft,
  lapsedMoneyByPurpose,
  lapseUseWords,
  lapsingMoney,
  marginalValueBySourceWords,
  marginalValueMeaning,
  moneyBalance,
  moneyBalanceWords,
  moneyCarriedPastHorizon,
  mtefLabel,
  objectiveWords,
  planInPlainWords,
  planQualityWords,
  benefitPointWords,
  policyDeferralGroups,
  pricedNeed,
  pricedNeedWords,
  pricesAndYearsNote,
  roundCount,
  moneyTotal,
  roundRand,
} from '../summary-figures.js';
import type { EnvelopeSheetTotals } from './envelope-use-sheet.js';
import { SHEET_NAMES, sheetReference, type ReportContext } from './report-context.js';
import type { SpendingSheetTotals } from './spending-sheets.js';
import { needUnitWords, servedLabel } from '../../dataset/services.js';

/** Addresses of the Summary's key-figure cells, for tests and cross-references. */
export const SUMMARY_CELLS = {
  envelopeTotal: 'B13',
  plannedSpending: 'B14',
  shareUsed: 'B15',
  mtefSpending: 'B16',
} as const;

/**
 * Widths of the Summary's columns A, B and C (label, figure, comment), units: 180 print at about
 * 9-point Calibri on a landscape page, so the plan in words, the money that lapses and the
 * technical box take three pages.
 */
const SUMMARY_COLUMN_WIDTHS = [48, 16, 116] as const;
/** Width of a paragraph merged across A:C, units. */
const SUMMARY_PARAGRAPH_WIDTH = SUMMARY_COLUMN_WIDTHS[0] + SUMMARY_COLUMN_WIDTHS[1] + SUMMARY_COLUMN_WIDTHS[2];
/**
 * Height of sheet rows that fit on one printed Summary page, points: the page's printable height
 * at the scale Excel fits the Summary's width to, less 3% for the renderer's rounding (a
 * renderer with a wider fallback font than Calibri shrinks the sheet more, and its pages only get
 * more room).
 */
const SUMMARY_PAGE_POINTS = (LANDSCAPE_PRINTABLE_HEIGHT_POINTS / fitToWidthScale(SUMMARY_COLUMN_WIDTHS)) * 0.97;
/** Points of one line of 11-point text in a row. */
const LINE_POINTS = 15;

/** Fill the Summary sheet (created first so it is the first tab). */
export function fillSummarySheet(
  workbook: ExcelJS.Workbook,
  sheet: ExcelJS.Worksheet,
  context: ReportContext,
  spendingTotals: SpendingSheetTotals,
  envelopeTotals: EnvelopeSheetTotals,
  annexes: readonly { readonly letter: string; readonly description: string; readonly sheetNames: readonly string[] }[] = [],
): void {
  void workbook;
  const { plan, dataset } = context;
  const figures = keyFigures(plan, dataset);
  // What the plan maximises, named by what it measures (objective_measure): benefit points by default.
  const objective = objectiveWords(dataset);
  SUMMARY_COLUMN_WIDTHS.forEach((width, index) => (sheet.getColumn(index + 1).width = width));
  /** Rows that start a section (a heading): a section is kept on one page when it fits on one. */
  const sectionStarts: number[] = [];
  const firstYear = plan.financialYears[0];
  const lastYear = plan.financialYears[plan.financialYears.length - 1];
  const horizon = firstYear === undefined ? '' : `${formatFinancialYear(firstYear)} to ${formatFinancialYear(lastYear)}`;
  sheet.getCell('A1').value = plainText(`${dataset.config.title}: investment plan`);
  sheet.getCell('A1').font = { name: 'Calibri', bold: true, size: 16 };
  sheet.getRow(1).height = 21;
  sheet.getCell('A2').value =
    plan.kind === 'portfolio'
      ? `Which projects for ${serviceLabelsInWords(plan.services)} should be funded, and when, from ${horizon}, ${objective.aim} within the funding envelopes?`
      : `How should each year's funding from ${horizon} be divided between municipalities and services to reduce weighted unmet need the most?`;
  sheet.getCell('A2').font = { name: 'Calibri', italic: true, size: 12 };
  sheet.mergeCells('A2:C2');
  sheet.getRow(2).height = 32;
  sheet.getCell('A2').alignment = { wrapText: true, vertical: 'top' };

  // The illustrative statement sits high and boxed in amber: nobody should quote these numbers as real.
  sheet.mergeCells('A3:C4');
  const note = sheet.getCell('A3');
  // The model's statement, then the list of the tables it concerns (every one, with the scripts the model names).
  // For the official who prints it: the model's statement in words, its file names and scripts left to the Assumptions sheet, which lists them.
  note.value = plainText(
    plan.illustrativeNote.trim() === ''
      ? 'All inputs are published figures; none is marked illustrative.'
      : `ILLUSTRATIVE INPUTS: ${illustrativeNoteInWords(plan.illustrativeNote)} The ${SHEET_NAMES.assumptions} sheet lists the model's tables with illustrative rows and how they were made.`,
  );
  note.font = { name: 'Calibri', bold: true, color: { argb: 'FF7F3F00' } };
  note.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
  note.alignment = { wrapText: true, vertical: 'middle' };
  note.border = { top: { style: 'medium' }, bottom: { style: 'medium' }, left: { style: 'medium' }, right: { style: 'medium' } };
  // Merged cells do not grow with wrapped text, so size the two rows for the note's length.
  // The box's medium border and padding take about half a line more than its text.
  const noteLines = proseLineCount(String(note.value), SUMMARY_PARAGRAPH_WIDTH / BOLD_WIDTH_FACTOR) + 0.5;
  sheet.getRow(3).height = Math.max(24, (noteLines * 15) / 2 + 2);
  sheet.getRow(4).height = Math.max(24, (noteLines * 15) / 2 + 2);
  sheet.getRow(5).height = SECTION_GAP_POINTS;

  /** A paragraph across A:C in one merged row, tall enough for its wrapped lines. */
  const paragraph = (row: number, text: string, font?: Partial<ExcelJS.Font>): void => {
    sheet.mergeCells(`A${row}:C${row}`);
    const cell = sheet.getCell(`A${row}`);
    cell.value = plainText(text);
    cell.alignment = { wrapText: true, vertical: 'top' };
    if (font) cell.font = font;
    // Text in a larger or bold font is wider: measure it against a proportionally narrower column.
    const scale = ((font?.size ?? 11) / 11) * (font?.bold ? BOLD_WIDTH_FACTOR : 1);
    sheet.getRow(row).height = proseLineCount(text, SUMMARY_PARAGRAPH_WIDTH / scale) * LINE_POINTS * ((font?.size ?? 11) / 11) + 3;
  };
  const heading = (row: number, text: string): void => {
    sectionStarts.push(row);
    sheet.getCell(`A${row}`).value = text;
    sheet.getCell(`A${row}`).font = { name: 'Calibri', bold: true, size: 13 };
    sheet.getRow(row).height = HEADING_POINTS;
  };
  /** A thin empty row between two sections: the headings set the sections apart, and every full blank line of the Summary costs a line of its three pages. */
  const gap = (row: number): number => {
    sheet.getRow(row).height = SECTION_GAP_POINTS;
    return row + 1;
  };
  const labelRow = (row: number, label: string, value: ExcelJS.CellValue, format?: string, comment?: string): void => {
    sheet.getCell(`A${row}`).value = label;
    sheet.getCell(`B${row}`).value = value;
    if (format) sheet.getCell(`B${row}`).numFmt = format;
    // Text reads from the left (a right-aligned long name spills out of the cell and is cut);
    // numbers line up on the right, level with the first line of a wrapped comment.
    sheet.getCell(`B${row}`).alignment = { horizontal: typeof value === 'string' ? 'left' : 'right', vertical: 'top' };
    sheet.getCell(`A${row}`).alignment = { vertical: 'top' };
    if (comment) {
      sheet.getCell(`C${row}`).value = comment;
      sheet.getCell(`C${row}`).font = { name: 'Calibri', color: { argb: 'FF595959' } };
      sheet.getCell(`C${row}`).alignment = { wrapText: true, vertical: 'top' };
    }
    // A wrapped label or comment raises its row, so it never prints over the next (rows with
    // sizes of their own set them after this).
    const lines = Math.max(proseLineCount(label, SUMMARY_COLUMN_WIDTHS[0]), comment ? proseLineCount(comment, SUMMARY_COLUMN_WIDTHS[2]) : 1);
    if (lines > 1) {
      sheet.getCell(`A${row}`).alignment = { wrapText: true, vertical: 'top' };
      sheet.getRow(row).height = lines * LINE_POINTS + 2;
    }
  };

  // What the plan decides, in plain words: the paragraph an official reads first.
  heading(6, 'What the plan decides');
  paragraph(7, planInPlainWords(plan, dataset), { name: 'Calibri', size: 12 });
  // How far the plan can be from the best, in words, on page 1 (the gap itself is in the technical
  // box); and what a benefit point is, here where the points first appear.
  paragraph(8, [planQualityWords(plan, dataset), plan.kind === 'portfolio' ? benefitPointWords(dataset) : null].filter((words): words is string => words !== null).join(' '));
  const pricedWords = pricedNeedWords(pricedNeed(plan, dataset));
  if (pricedWords !== null) paragraph(9, pricedWords, { name: 'Calibri', bold: true, color: { argb: 'FF9C2B16' } });
  // The key figures keep their cells (SUMMARY_CELLS) whether or not the priced-need line is there; without it its row is a thin gap.
  else sheet.getRow(9).height = 4;
  sheet.getRow(10).height = SECTION_GAP_POINTS;

  heading(11, 'Key figures');
  labelRow(12, 'Model and scenario', '', undefined, plainText(`${plan.modelName} / ${plan.scenarioName}`));
  const hasOperating = dataset.fundingSources.some((source) => source.purpose === 'operating');
  // Capital only in these four rows (their cells are SUMMARY_CELLS); running costs follow apart when the model has operating sources.
  const capital = hasOperating ? 'capital ' : '';
  labelRow(13, `Total ${capital}envelope over the horizon (R million)`, liveFormula(sheetReference(SHEET_NAMES.envelopeUse, envelopeTotals.envelopeTotalAddress), envelopeTotals.envelopeTotalRand), RAND_MILLION_FORMAT, `All ${capital}funding sources, ${horizon}`);
  labelRow(14, `Planned ${capital}spending (R million)`, liveFormula(sheetReference(spendingTotals.sheetName, spendingTotals.grandTotalAddress), spendingTotals.grandTotalRand), RAND_MILLION_FORMAT, hasOperating ? 'What the funded projects cost to build; running costs are below' : undefined);
  labelRow(15, `Share of the ${capital}envelope used`, liveFormula(`IF(${SUMMARY_CELLS.envelopeTotal}>0,${SUMMARY_CELLS.plannedSpending}/${SUMMARY_CELLS.envelopeTotal},0)`, figures.shareOfEnvelopeUsed), SHARE_FORMAT);
  labelRow(16, `MTEF planned ${capital}spending (R million)`, liveFormula(sheetReference(spendingTotals.sheetName, spendingTotals.mtefTotalAddress), spendingTotals.mtefTotalRand), RAND_MILLION_FORMAT, `The Medium-Term Expenditure Framework: ${mtefLabel(plan.financialYears).replace(/^MTEF /, '')}`);
  let row = 17;
  if (hasOperating) {
    // Formulas over the detail sheets, as the capital totals above are, with the detail's cached values.
    const operatingEnvelope = envelopeTotals.operatingEnvelopeTotal;
    const runningCosts = spendingTotals.secondBlockTotal;
    labelRow(
      row++,
      'Total operating envelope over the horizon (R million)',
      operatingEnvelope === undefined ? roundRand(figures.operatingEnvelopeRand) : liveFormula(sheetReference(SHEET_NAMES.envelopeUse, operatingEnvelope.address), operatingEnvelope.rand),
      RAND_MILLION_FORMAT,
      'Operating sources: they pay running costs only, never capital',
    );
    labelRow(
      row++,
      'Running costs paid (R million)',
      runningCosts === undefined ? roundRand(figures.runningCostsRand) : liveFormula(sheetReference(spendingTotals.sheetName, runningCosts.address), runningCosts.rand),
      RAND_MILLION_FORMAT,
      `Of funded centres, from their completion; by source on the ${SHEET_NAMES.spendingBySource} sheet, by centre on each operating source's sheet`,
    );
  }
  if (plan.kind === 'portfolio') {
    labelRow(row++, 'Projects funded', figures.fundedProjectCount, COUNT_FORMAT, `See the ${SHEET_NAMES.fundedProjects} sheet`);
    labelRow(row++, 'Projects deferred', figures.deferredProjectCount, COUNT_FORMAT, `See the ${SHEET_NAMES.deferredProjects} sheet for reasons`);
    // Which policy choice keeps most projects out: one row per rule, with its parameter, most first.
    for (const group of policyDeferralGroups(plan, dataset)) {
      const label = plainText(`Kept out by ${group.words}`);
      // One printed line: the money the rule keeps out and the setting that changes it.
      const comment = `${formatRandMillion(group.capexRand)} of deferred projects${group.keyPath === null ? '' : `; the setting policy.${group.keyPath} (${SHEET_NAMES.inputPolicy} sheet)`}`;
      labelRow(row, label, group.projectIds.length, COUNT_FORMAT, comment);
      // Indented under Projects deferred, which it breaks down.
      sheet.getCell(`A${row}`).alignment = { wrapText: true, vertical: 'top', indent: 1 };
      sheet.getRow(row).height = Math.max(proseLineCount(label, SUMMARY_COLUMN_WIDTHS[0] - 2), proseLineCount(comment, SUMMARY_COLUMN_WIDTHS[2])) * LINE_POINTS + 2;
      row += 1;
    }
  }
  const backlog = backlogLeft(plan, dataset);
  const facilityServiceIds = new Set(dataset.config.services.filter((service) => service.blocks.length > 0).map((service) => service.id));
  for (const service of plan.services) {
    const served = roundCount(figures.householdsServedByService[service.id] ?? 0);
    if (facilityServiceIds.has(service.id) && plan.kind === 'portfolio') {
      // A centre serves the people within its reach: label the count as that, so it reads beside the
      // roll-out's people within reach of every open centre (existing ones included) below.
      labelRow(row++, `People brought within reach: ${service.label}`, served, COUNT_FORMAT, `Backlog people (no centre within reach at the start) within reach of a new centre by the end (see Service centre roll-out)`);
      continue;
    }
    labelRow(row++, servedLabel(service), served, COUNT_FORMAT, `Backlog ${needUnitWords(service.needUnit)} brought to the basic level`);
  }
  for (const entry of backlog) {
    const service = plan.services.find((candidate) => candidate.id === entry.serviceId);
    // The unit in the label as well as in the comment: households for water, people for Thusong.
    labelRow(row++, `${service ? needUnitWords(service.needUnit).replace(/^./, (first) => first.toUpperCase()) : 'Backlog'} left unserved at the end: ${entry.serviceLabel}`, roundCount(entry.leftAtEnd), COUNT_FORMAT, `Of a backlog of ${wholeNumberText(entry.backlogAtStart)} ${service ? needUnitWords(service.needUnit) : ''}`.trim());
  }

  // What every rand and year above means: base-year prices, and provincial years against municipal
  // ones, so an official mapping a municipal IDP budget reads the years right. Under the figures it qualifies.
  paragraph(row++, pricesAndYearsNote(dataset.config.baseFinancialYear), { name: 'Calibri', italic: true, color: { argb: 'FF595959' } });

  // Scenario changes against the model, so the Summary says what differs from the model as given.
  row = gap(row);
  // Without overrides the heading says so itself: one line rather than a section.
  if (plan.overridesApplied.length === 0) heading(row++, 'What this scenario changes against the model: nothing, the model is used as it is.');
  else {
    heading(row++, 'What this scenario changes against the model');
    for (const override of plan.overridesApplied) paragraph(row++, `• ${override}`);
  }

  row = gap(row);
  heading(row++, 'Money that lapses');
  const lapses = lapsingMoney(plan, dataset);
  if (lapses.length === 0) {
    paragraph(row++, 'None: every grant without carry-over is spent in full each year (or carries over where the source allows it).');
  } else {
    paragraph(row++, 'Unspent money of sources without carry-over is lost at the end of its year. Per source and year, and what would use it:');
    const headerCells = ['Source and year', 'Lapses (R million)', 'What would use it'];
    headerCells.forEach((text, index) => {
      const cell = sheet.getRow(row).getCell(index + 1);
      cell.value = text;
      cell.font = { name: 'Calibri', bold: true };
      cell.border = { bottom: { style: 'thin' } };
    });
    row += 1;
    const first = row;
    for (const lapse of lapses) {
      const words = lapseUseWords(lapse, plan.kind);
      labelRow(row, `${lapse.sourceId} ${lapse.sourceName}, ${formatFinancialYear(lapse.financialYear)}`, lapse.lapsingRand, RAND_MILLION_FORMAT, words);
      sheet.getCell(`A${row}`).alignment = { wrapText: true, vertical: 'top' };
      sheet.getRow(row).height = Math.max(proseLineCount(words, SUMMARY_COLUMN_WIDTHS[2]), proseLineCount(String(sheet.getCell(`A${row}`).value), SUMMARY_COLUMN_WIDTHS[0])) * LINE_POINTS + 2;
      row += 1;
    }
    const totalRand = moneyTotal(lapses.map((lapse) => lapse.lapsingRand));
    const byPurpose = lapsedMoneyByPurpose(plan, dataset);
    const lapseComment = byPurpose.operatingRand > 0 ? `Capital and operating: ${formatRandMillion(byPurpose.capitalRand)} of capital grants and ${formatRandMillion(byPurpose.operatingRand)} of operating money (running costs)` : undefined;
    labelRow(row, 'Total that lapses', sumFormula(`B${first}`, `B${row - 1}`, totalRand), RAND_MILLION_FORMAT, lapseComment);
    sheet.getCell(`A${row}`).font = { name: 'Calibri', bold: true };
    row += 1;
  }
  // Carry-over money unspent at the end neither lapses nor is spent: shown beside the lapses so
  // envelopes = spent + lapses + carried past the horizon, as the sentence under it says.
  for (const entry of moneyCarriedPastHorizon(plan, dataset)) {
    labelRow(row, `Carried past the horizon: ${entry.sourceId} ${entry.sourceName}, out of ${formatFinancialYear(entry.financialYear)}`, entry.carriedRand, RAND_MILLION_FORMAT, 'Carry-over money unspent at the end of the horizon: it does not lapse, but this plan does not spend it');
    sheet.getCell(`A${row}`).alignment = { wrapText: true, vertical: 'top' };
    sheet.getRow(row).height = proseLineCount(String(sheet.getCell(`A${row}`).value), SUMMARY_COLUMN_WIDTHS[0]) * LINE_POINTS + 2;
    row += 1;
  }
  const balance = moneyBalance(plan, dataset, 'capital');
  if (balance.lapsingRand > 0 || balance.carriedPastHorizonRand > 0) paragraph(row++, `${moneyBalanceWords(balance, 'Capital envelopes over the horizon')}.`);

  row = gap(row);
  heading(row++, 'What one more R1 million buys');
  // Every source's value, year by year (equal consecutive years together), with a reason for a zero
  // or for equal years only where the numbers give one.
  const sourceSentences = marginalValueBySourceWords(plan, dataset);
  if (sourceSentences.length === 0) {
    paragraph(row++, 'No marginal values were computed for this plan.');
  } else {
    for (const words of sourceSentences) paragraph(row++, words);
    paragraph(row++, `${marginalValueMeaning(plan)} Every value is on the ${SHEET_NAMES.envelopeUse} sheet.`);
  }

  row = gap(row);
  // Solver terms belong to the analyst: a boxed technical section, after the plain words.
  heading(row++, 'Technical details (for analysts)');
  const technicalFirst = row;
  labelRow(row++, objective.totalLabel, plan.benefit.total, objective.hasSplit ? BENEFIT_FORMAT : SCORE_FORMAT, objective.meaning);
  if (objective.hasSplit) {
    labelRow(row++, 'Need-led benefit (points)', plan.benefit.needLed, BENEFIT_FORMAT, shareText(plan.benefit.needLed, plan.benefit.total));
    labelRow(row++, 'Growth-led benefit (points)', plan.benefit.growthLed, BENEFIT_FORMAT, shareText(plan.benefit.growthLed, plan.benefit.total));
  }
  // The solver's code, then what it means in the words the console uses ("optimal" beside a 0.74% gap told an official two things, review u2 14).
  labelRow(row++, 'Solve status', plan.status, undefined, `The plan is ${statusInWords(plan.status, plan.gap)}${plan.status === 'optimal' ? ' (the solver calls a plan proven within the gap asked "optimal")' : ''}`);
  labelRow(row++, 'Relative gap', plan.gap ?? 'not reported', plan.gap === null ? undefined : '0.00%', 'How far the plan may lie from the best possible one');
  labelRow(row++, 'Solver', plan.solver);
  // The solver's time by the clock and, where the plan records it, by the processors' count: on a
  // busy machine the two differ by the load (a review run at load 10: 137 s in the solver, 63 CPU s
  // for the whole run), so a reader comparing runs needs to know which is which.
  labelRow(row++, 'Solver time (seconds on the clock)', plan.seconds, '#,##0.0', processorTimeWords(plan.cpuSeconds));
  for (let boxRow = technicalFirst; boxRow < row; boxRow += 1) {
    for (let column = 1; column <= 3; column += 1) {
      const cell = sheet.getRow(boxRow).getCell(column);
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
      cell.border = {
        ...(boxRow === technicalFirst ? { top: { style: 'thin' } } : {}),
        ...(boxRow === row - 1 ? { bottom: { style: 'thin' } } : {}),
        ...(column === 1 ? { left: { style: 'thin' } } : {}),
        ...(column === 3 ? { right: { style: 'thin' } } : {}),
      };
    }
  }
  // How rules were applied (a floor lowered to what the register can deliver, say) changes how the
  // figures read, so the notes sit with the key figures rather than in a log nobody opens.
  const warnings = plan.warnings ?? [];
  if (warnings.length > 0) {
    row = gap(row);
    heading(row++, 'Notes on how the rules were applied');
    for (const warning of warnings) paragraph(row++, warning);
  }
  // A facility service's roll-out (Thusong): coverage at the end and who still lacks a hub, and why.
  const rollOutSentences = rollOutSummarySentences(plan, dataset);
  if (rollOutSentences.length > 0) {
    row = gap(row);
    heading(row++, 'Service centre roll-out');
    for (const sentence of rollOutSentences) paragraph(row++, sentence);
  }
  // The annexes print after the inputs; the Summary says what each holds and where it is.
  if (annexes.length > 0) {
    row = gap(row);
    heading(row++, 'Annexes (printed after the input sheets)');
    for (const annex of annexes) {
      const sheets = annex.sheetNames.length === 1 ? `sheet ${annex.sheetNames[0]}` : `sheets ${annex.sheetNames.join(', ')}`;
      paragraph(row++, `Annex ${annex.letter}: ${annex.description} (${sheets}).`);
    }
  } else {
    row = gap(row);
  }
  // Under the annexes, as one more thing printed elsewhere.
  paragraph(row, `Charts: see the ${SHEET_NAMES.charts} sheet.`);
  sheet.views = [{ state: 'normal', showGridLines: false }];
  applyPrintSetup(sheet);
  breakBetweenSections(sheet, sectionStarts, row);
}

/** Height of a section heading's row (13-point bold), points. */
const HEADING_POINTS = 18;
/** Height of the thin row between two sections, points. */
const SECTION_GAP_POINTS = 6;

/** Bold Calibri is about this much wider than regular. */
const BOLD_WIDTH_FACTOR = 1.07;

/** Rows after a heading kept on its page: the heading never ends a page alone (two, not three: a third paragraph kept back left a fifth of page 2 empty). */
const ROWS_KEPT_WITH_HEADING = 2;

/**
 * Every page break of the Summary, set by hand: pages are filled row by row, and a heading starts
 * a new page unless it and the next ROWS_KEPT_WITH_HEADING rows of its section fit on the current
 * one, so no heading is left at the foot of a page and no row is cut. The breaks are all manual
 * so that a renderer that fits more on a page (one with a narrower fallback font than Calibri
 * shrinks the sheet more) breaks at the same rows. Row heights are the ones the sheet set (every
 * Summary row is sized for its wrapped text), 15 points where none was set.
 */
function breakBetweenSections(sheet: ExcelJS.Worksheet, sectionStarts: readonly number[], lastRow: number): void {
  const heightOf = (rowNumber: number): number => sheet.getRow(rowNumber).height ?? LINE_POINTS;
  const starts = new Set(sectionStarts);
  const sectionEnd = (start: number): number => [...sectionStarts, lastRow + 1].filter((row) => row > start).reduce((first, row) => Math.min(first, row), lastRow + 1);
  let usedPoints = 0;
  for (let rowNumber = 1; rowNumber <= lastRow; rowNumber += 1) {
    let neededPoints = heightOf(rowNumber);
    if (starts.has(rowNumber)) {
      const keepTo = Math.min(sectionEnd(rowNumber) - 1, rowNumber + ROWS_KEPT_WITH_HEADING);
      for (let kept = rowNumber + 1; kept <= keepTo; kept += 1) neededPoints += heightOf(kept);
    }
    if (usedPoints > 0 && usedPoints + neededPoints > SUMMARY_PAGE_POINTS) {
      sheet.getRow(rowNumber - 1).addPageBreak();
      usedPoints = 0;
    }
    usedPoints += heightOf(rowNumber);
  }
}

/** A file name or path of the model or repository: `assets.csv`, `scripts/generate-models.ts`, `docs/masterplan.md`. */
const FILE_NAME = String.raw`[\w./-]*\w\.(?:csv|ts|js|md|yaml|yml|xlsx)\b`;

/**
 * The model's illustrative note as an official reads it on the Summary (new-user review u2, 13):
 * the same statement of which figures are real and which are illustrative, without the file names
 * and scripts it cites for the model's author (`(assets.csv)`, `in needs.csv`, `generated by
 * scripts/generate-models.ts`, `documented in docs/masterplan.md`). The note is the model's data
 * and is printed whole on the Assumptions and data sources sheet; only its presentation here changes.
 */
export function illustrativeNoteInWords(note: string): string {
  const fileList = `${FILE_NAME}(?:\\s*(?:,|,?\\s+and)\\s+${FILE_NAME})*`;
  return note
    .trim()
    // A parenthesis that cites files: `(assets.csv)`, `(facilities.csv, the thusong rows of needs.csv and projects.csv, ...)`.
    .replace(new RegExp(`\\s*\\([^()]*?${FILE_NAME}[^()]*\\)`, 'g'), '')
    // A clause that points at files: `documented in docs/a.md and docs/b.md`, `by scripts/x.ts`, `of scripts/y.ts`, `in needs.csv`.
    .replace(new RegExp(`\\s+(?:documented\\s+)?(?:in|by|of)\\s+${fileList}`, 'g'), '')
    .replace(/\s+([,.;:])/g, '$1')
    .replace(/\s{2,}/g, ' ');
}

function shareText(part: number, total: number): string {
  return total > 0 ? `${((100 * part) / total).toFixed(1)}% of the total benefit` : '';
}

/**
 * Columns of the Charts sheet's grid: 13 columns of CHART_GRID_COLUMN_WIDTH (78 pixels each in
 * Calibri 11, 1,014 in all), a little wider than the widest chart and within one landscape A4 page
 * (LANDSCAPE_PRINTABLE_WIDTH_POINTS, 1,045 pixels), so fitting the sheet to the page width never
 * shrinks a chart and a caption wraps within the chart's width.
 */
export const CHART_GRID_COLUMNS = 13;
/** Width of a grid column, in column-width units. */
const CHART_GRID_COLUMN_WIDTH = 10.43;
/** Pixels of a grid column: a spreadsheet draws a column of width w (Calibri 11) as trunc(7w + 5) pixels. */
export const CHART_GRID_COLUMN_PIXELS = Math.trunc(7 * CHART_GRID_COLUMN_WIDTH + 5);
/** Widest a chart is placed on the Charts sheet, pixels (96 to the inch): the grid's width less a margin. */
export const CHART_MAX_WIDTH_ON_SHEET_PIXELS = 1_000;
/** Pixels of a default-height row (15 points). */
const ROW_PIXELS = 20;
/** Points of the sheet's title row (14-point Calibri). */
const CHART_TITLE_ROW_POINTS = 20;
/** Points of a caption row (two lines of 12-point text). */
const CHART_CAPTION_ROW_POINTS = 32;
/** Points kept free at a page's foot, so rounding in LibreOffice or Excel never pushes a chart's last row over. */
const CHART_PAGE_SPARE_POINTS = 15;

/**
 * The size a chart is placed at on the Charts sheet, pixels: as large as fits one printed
 * landscape A4 page under the title and its caption, at most CHART_MAX_WIDTH_ON_SHEET_PIXELS wide,
 * never enlarged, so the tall chart of municipalities is scaled to its page rather than cut.
 */
export function chartSizeOnSheetPixels(chart: { readonly widthPixels: number; readonly heightPixels: number }): { readonly width: number; readonly height: number } {
  const maxHeightPixels = ((LANDSCAPE_PRINTABLE_HEIGHT_POINTS - CHART_TITLE_ROW_POINTS - CHART_CAPTION_ROW_POINTS - CHART_PAGE_SPARE_POINTS) * 4) / 3;
  const scale = Math.min(1, CHART_MAX_WIDTH_ON_SHEET_PIXELS / chart.widthPixels, maxHeightPixels / chart.heightPixels);
  return { width: Math.floor(chart.widthPixels * scale), height: Math.floor(chart.heightPixels * scale) };
}

/**
 * Add the Charts sheet: one chart to a printed landscape page at the page's full printable width,
 * its caption above it. Two side by side (as before) printed each at half the page width with the
 * lower half of the page empty, the quadrant chart's labels at about 5 points (new-user review u2,
 * 13). Each chart image carries its own "Illustrative inputs" line, so a page printed alone says so.
 */
export function addChartsSheet(workbook: ExcelJS.Workbook, context: ReportContext): void {
  const sheet = workbook.addWorksheet(SHEET_NAMES.charts);
  sheet.getCell('A1').value = 'Charts';
  sheet.getCell('A1').font = { name: 'Calibri', bold: true, size: 14 };
  sheet.getRow(1).height = CHART_TITLE_ROW_POINTS;
  sheet.views = [{ state: 'normal', showGridLines: false }];
  for (let column = 1; column <= CHART_GRID_COLUMNS; column += 1) sheet.getColumn(column).width = CHART_GRID_COLUMN_WIDTH;
  let captionRow = 2;
  context.charts.forEach((chart, index) => {
    const cell = sheet.getRow(captionRow).getCell(1);
    cell.value = chart.caption;
    cell.font = { name: 'Calibri', bold: true, size: 12 };
    cell.alignment = { wrapText: true, vertical: 'bottom' };
    sheet.mergeCells(captionRow, 1, captionRow, CHART_GRID_COLUMNS);
    sheet.getRow(captionRow).height = CHART_CAPTION_ROW_POINTS;
    const imageId = workbook.addImage({ buffer: chart.png as unknown as ExcelJS.Buffer, extension: 'png' });
    const placed = chartSizeOnSheetPixels(chart);
    sheet.addImage(imageId, { tl: { col: 0, row: captionRow }, ext: placed });
    const nextCaptionRow = captionRow + 1 + Math.ceil(placed.height / ROW_PIXELS) + 1;
    // Each chart on a page of its own: a chart split across two pages is unreadable.
    if (index < context.charts.length - 1) sheet.getRow(nextCaptionRow - 1).addPageBreak();
    captionRow = nextCaptionRow;
  });
  applyPrintSetup(sheet);
}

/**
 * The comment beside the solver's time on the clock: the processor time of the same solve in
 * words an official reads (`and 38.2 s of processor time. ...`), or, for a plan that records none
 * (an older plan.json), that the figure is clock time.
 */
export function processorTimeWords(cpuSeconds: number | undefined): string {
  if (cpuSeconds === undefined) return "Time on the clock, not processor time: it grows with the machine's load";
  const seconds = cpuSeconds.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return `and ${seconds} s of processor time. The time on the clock grows with the machine's load; processor time hardly does`;
}
