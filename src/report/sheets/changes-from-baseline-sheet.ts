/**
 * Changes from baseline (`--baseline` only), in the order a planner checks them: first what
 * changed in the inputs since the baseline (projects added to, removed from or edited in the
 * register, with the old and new value of each field the baseline records, and the input files
 * whose contents differ), each project with what the plan did with it; then what the plan did
 * against the baseline plan in plain words (baselineHeadline, which the console prints too), one
 * row per changed decision with its reason; then one row per project funded as in the baseline
 * whose money now comes from other grants or years, the rand moved summed (plan.json keeps every
 * amount). A sheet of its own, added after Deferred projects, so the other sheets stay as they are.
 * No solver terms: plan.json keeps those (`why`, `method`).
 */
import type ExcelJS from 'exceljs';
import { formatFinancialYear } from '../../dataset/financial-year.js';
import { formatRandMillion } from '../../dataset/money-text.js';
import { fileChangeInWords, SPLIT_SUMMARY_MIN_RAND, SPLIT_SUMMARY_MIN_WORDS, splitChangesByProject } from '../../plan/baseline-input-changes.js';
import type { BaselineChange, BaselineChanges, BaselineFieldChange, BaselineFileChange, BaselineInputChanges, BaselineProjectInputChange, BaselineSplitProjectSummary } from '../../plan/types.js';
import { BENEFIT_FORMAT, COUNT_FORMAT, RAND_MILLION_FORMAT, applyPrintSetup, cellAddress, fitColumnWidths, fitWrappedRowHeights, plainText, styleTotalRow, sumFormula, wrapNoteAcross, writeTableHeader, type ColumnSpec } from '../format.js';
import { deferralReasonInWords } from '../plan-figures.js';
import type { ReportContext } from './report-context.js';

/** The sheet's name. */
export const CHANGES_FROM_BASELINE_SHEET = 'Changes from baseline';

/** How the plan was chosen, in plain words, for a plan written before BaselineChanges.whyWords (the console says the same). */
export const METHOD_WORDS: Readonly<Record<BaselineChanges['method'], string>> = {
  kept_baseline: 'it still fits and is as good as the best possible plan within the gap allowed',
  closest_plan: 'no plan as good has fewer changes',
  closest_plan_time_limit: 'these are the fewest changes found in the time allowed for looking (a plan with fewer may exist)',
  first_solve: 'no plan closer to the baseline was found',
};

/** Benefit points in the sheet's note as the console writes them (1,234.5; src/cli/baseline-options.ts). */
function benefitPointsText(value: number): string {
  return value.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** `1 funding decision`, `3 start years`. */
function counted(count: number, singular: string, plural: string): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? singular : plural}`;
}

/** `first 2 years locked`, or nothing. */
export function lockWords(changes: Pick<BaselineChanges, 'lockYears'>): string {
  return changes.lockYears === null ? '' : `first ${counted(changes.lockYears, 'year', 'years')} locked`;
}

/**
 * What the plan did against the baseline, in one plain sentence for officials (console and this
 * sheet): `kept the baseline plan: it still fits and no plan is more than 0.07% better`, or
 * `changed 5 funding decisions and 3 start years against the baseline (see …): why`, then the
 * projects whose grants or years changed. `where` says where the full list is.
 */
export function baselineHeadline(changes: BaselineChanges, where: string): string {
  const why = changes.whyWords ?? METHOD_WORDS[changes.method];
  const decisionCount = changes.fundingChanges + changes.startYearChanges;
  let headline: string;
  if (changes.method === 'kept_baseline') headline = `kept the baseline plan: ${why}`;
  else if (decisionCount === 0) headline = `made the same decisions as the baseline: ${why}`;
  else {
    const parts = [
      ...(changes.fundingChanges > 0 ? [counted(changes.fundingChanges, 'funding decision', 'funding decisions')] : []),
      ...(changes.startYearChanges > 0 ? [counted(changes.startYearChanges, 'start year', 'start years')] : []),
    ];
    headline = `changed ${parts.join(' and ')} against the baseline (${where}): ${why}`;
  }
  const split = splitSummaries(changes);
  if (split.listed.length > 0) {
    const movedRand = split.listed.reduce((sum, entry) => sum + entry.movedRand, 0);
    headline += `; the grants or years paying ${counted(split.listed.length, 'project', 'projects')} with the same decision changed (${formatRandMillion(movedRand)} moved, ${where})`;
    if (split.small.length > 0) headline += `, and ${counted(split.small.length, 'more project', 'more projects')} by less than ${SPLIT_SUMMARY_MIN_WORDS} each`;
  } else if (split.small.length > 0) {
    headline += `; every project with the same decision is paid from the same grants in the same years, to within ${SPLIT_SUMMARY_MIN_WORDS} (${counted(split.small.length, 'project', 'projects')} by less)`;
  } else if (changes.splitChanges !== undefined) headline += '; every project with the same decision is paid from the same grants in the same years';
  return headline;
}

/**
 * The split changes summed per project (splitChangesByProject): `listed`, those that moved
 * SPLIT_SUMMARY_MIN_RAND or more (the sheet's rows, largest first), and `small`, the others
 * (counted only: a change under R0.05 million shows as R0.0 million).
 */
export function splitSummaries(changes: Pick<BaselineChanges, 'splitChanges'>): { readonly listed: readonly BaselineSplitProjectSummary[]; readonly small: readonly BaselineSplitProjectSummary[] } {
  const summaries = splitChangesByProject(changes.splitChanges ?? []);
  const listed = summaries.filter((entry) => entry.movedRand >= SPLIT_SUMMARY_MIN_RAND).sort((a, b) => b.movedRand - a.movedRand || a.projectId.localeCompare(b.projectId));
  return { listed, small: summaries.filter((entry) => entry.movedRand < SPLIT_SUMMARY_MIN_RAND) };
}

/** One line per project whose money moved between grants or years (at most `limit`), for the console: `WC011-W-01: R1.6 million moved from MIG 2026/27 to RBIG 2026/27 (2 amounts)`. */
export function splitSummaryLines(changes: Pick<BaselineChanges, 'splitChanges'>, limit: number, where: string): string[] {
  const { listed } = splitSummaries(changes);
  const lines = listed.slice(0, limit).map((entry) => `${entry.projectId}: ${splitMoveWords(entry)}`);
  if (listed.length > limit) lines.push(`… and ${listed.length - limit} more projects paid from other grants or years (${where})`);
  return lines;
}

/** `R1.6 million moved from MIG 2026/27 to RBIG 2026/27 (2 amounts)`. */
function splitMoveWords(entry: BaselineSplitProjectSummary): string {
  const from = entry.paidLessBy.length === 0 ? '' : ` from ${entry.paidLessBy.join(', ')}`;
  const to = entry.paidMoreBy.length === 0 ? '' : ` to ${entry.paidMoreBy.join(', ')}`;
  return `${formatRandMillion(entry.movedRand)} moved${from}${to} (${counted(entry.amounts, 'amount', 'amounts')})`;
}

/**
 * The one-line count of what changed in the inputs since the baseline, for the console (`run`
 * and `solve` print it under the headline) and the sheet; null for a plan written before it.
 */
export function inputChangesLine(changes: Pick<BaselineChanges, 'inputChanges'>): string | null {
  return changes.inputChanges?.summaryWords ?? null;
}

/** A change's kind in words. */
const KIND_WORDS: Readonly<Record<BaselineChange['kind'], string>> = {
  gained_funding: 'Funded now',
  lost_funding: 'No longer funded',
  moved: 'Start year moved',
  new_project: 'New project, funded',
  not_in_register: 'No longer in the register',
};

/** Title of the first block: what the planner changed. */
export const INPUT_CHANGES_TITLE = 'What changed in the inputs since the baseline';

/** Headers of that block (the columns of the decisions below, where they mean the same). */
export const INPUT_CHANGES_HEADERS = ['Project, need, envelope or file', 'Change', 'Baseline start', 'Start now', 'Capex (R million)', 'Row of', 'What changed and what the plan did'] as const;

/** Title of the decisions block. */
export const DECISION_CHANGES_TITLE = 'Decisions that differ from the baseline plan';

/** Headers of that block. */
export const DECISION_CHANGES_HEADERS = ['Project id', 'Change', 'Baseline start', 'Start now', 'Capex (R million)', 'Benefit change (points)', 'Reason'] as const;

/** Title of the table of spending split changes, under the decisions. */
export const SPLIT_CHANGES_TITLE = `Same decision, other grants or years: money moved per project (${SPLIT_SUMMARY_MIN_WORDS} or more; plan.json lists every amount)`;

/** Headers of that table. */
export const SPLIT_CHANGES_HEADERS = ['Project id', 'Paid less by', 'Paid more by', 'Amounts that differ', 'Money moved (R million)'] as const;

/** A project input change's kind in words. */
const INPUT_KIND_WORDS: Readonly<Record<BaselineProjectInputChange['kind'], string>> = {
  added: 'Added to the register',
  removed: 'Removed from the register',
  edited: 'Edited',
};

/** A planning field in words, with its value formatted. */
const FIELD_WORDS: Readonly<Record<string, { readonly label: string; readonly format: (value: string | number) => string }>> = {
  municipalityCode: { label: 'municipality', format: String },
  service: { label: 'service', format: String },
  type: { label: 'project type', format: String },
  capexRand: { label: 'capital cost', format: (value) => (typeof value === 'number' ? formatRandMillion(value) : String(value)) },
  householdsServed: { label: 'households served', format: (value) => (typeof value === 'number' ? value.toLocaleString('en-GB') : String(value)) },
  capacityAddedMlPerDay: { label: 'capacity added', format: (value) => (typeof value === 'number' ? `${value.toLocaleString('en-GB', { maximumFractionDigits: 3 })} Ml/day` : String(value)) },
};

/** `capital cost R40.0 million → R45.0 million`. */
export function fieldChangeWords(change: BaselineFieldChange): string {
  const words = FIELD_WORDS[change.field] ?? { label: change.field, format: String };
  return `${words.label} ${words.format(change.baselineValue)} → ${words.format(change.value)}`;
}

/** `from 2027/28` or `not funded`. */
function startWords(startYear: number | null): string {
  return startYear === null ? 'not funded' : `from ${formatFinancialYear(startYear)}`;
}

/** What the plan did with a project the planner added, removed or edited, in words. */
export function inputChangeWords(change: BaselineProjectInputChange): string {
  if (change.kind === 'removed') {
    return change.baselineStartYear === null
      ? 'No longer in the register; the baseline did not fund it.'
      : `No longer in the register; the baseline funded it ${startWords(change.baselineStartYear)}, so it cannot be planned now.`;
  }
  const fields = change.fields.length === 0 ? '' : `${change.fields.map(fieldChangeWords).join('; ')}. `;
  const compared = change.kind === 'edited' ? (change.baselineStartYear === change.startYear ? ' (as in the baseline)' : ` (baseline: ${startWords(change.baselineStartYear)})`) : '';
  if (change.startYear !== null) return `${fields}Funded ${startWords(change.startYear)}${compared}.`;
  const reason = change.deferralReason === null ? '' : `: ${deferralReasonInWords(change.deferralReason).replace(/^./, (letter) => letter.toLowerCase())}`;
  const detail = change.deferralDetail === null ? '' : ` (${change.deferralDetail.replace(/\.$/, '')})`;
  return `${fields}Not funded${compared}${reason}${detail}.`;
}

/** A section title on the sheet. */
function writeTitle(sheet: ExcelJS.Worksheet, rowNumber: number, text: string): void {
  const cell = sheet.getRow(rowNumber).getCell(1);
  cell.value = text;
  cell.font = { name: 'Calibri', bold: true, size: 12 };
}

/** A table's header row. */
function writeHeaders(sheet: ExcelJS.Worksheet, rowNumber: number, headers: readonly string[]): void {
  const row = sheet.getRow(rowNumber);
  headers.forEach((text, index) => {
    const cell = row.getCell(index + 1);
    cell.value = text;
    cell.font = { name: 'Calibri', bold: true };
    cell.alignment = { wrapText: true, vertical: 'middle' };
    cell.border = { bottom: { style: 'thin' } };
  });
  row.height = 32;
}

/** Why an input file differs, in words: what in it changed as far as the rows above say, else what it holds (never only "by hash"). */
function fileChangeWords(file: BaselineFileChange, inputs: BaselineInputChanges): string {
  if (file.kind === 'added') return `${file.fileName} is read now but was not read by the baseline run.`;
  if (file.kind === 'removed') return `${file.fileName} was read by the baseline run but is not read now.`;
  const base = `${file.fileName} differs from the baseline run's`;
  const words = fileChangeInWords(file, inputs);
  if (words === null) {
    const what = file.fileName === 'projects.csv' ? 'the projects added, removed or edited' : file.fileName === 'needs.csv' ? 'the needs that changed' : 'the envelopes that changed';
    return `${base}: ${what} are listed above.`;
  }
  const inner = /\((.*)\)$/.exec(words)?.[1];
  return `${base}${inner === undefined ? '' : `: ${inner}`}.`;
}

/**
 * The block of input changes from `firstRow`: one row per project added, removed or edited, then
 * one row per input file that differs; returns the next free row.
 */
function addInputChanges(sheet: ExcelJS.Worksheet, firstRow: number, inputs: BaselineInputChanges | undefined, capexOf: ReadonlyMap<string, number>): { readonly nextRow: number; readonly textRows: readonly number[] } {
  writeTitle(sheet, firstRow, INPUT_CHANGES_TITLE);
  const textRows: number[] = [];
  if (inputs === undefined) {
    sheet.getRow(firstRow + 1).getCell(1).value = 'Not recorded: this plan was written before the input changes were compared.';
    return { nextRow: firstRow + 3, textRows };
  }
  const summary = sheet.getRow(firstRow + 1).getCell(1);
  summary.value = `${inputs.summaryWords.charAt(0).toUpperCase()}${inputs.summaryWords.slice(1)}.`;
  summary.font = { name: 'Calibri', italic: true, color: { argb: 'FF595959' } };
  const files = inputs.files ?? [];
  const needs = inputs.needs ?? [];
  const envelopes = inputs.envelopes ?? [];
  if (inputs.projects.length === 0 && files.length === 0 && needs.length === 0 && envelopes.length === 0) return { nextRow: firstRow + 3, textRows };
  writeHeaders(sheet, firstRow + 2, INPUT_CHANGES_HEADERS);
  let rowNumber = firstRow + 3;
  for (const change of inputs.projects) {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = plainText(change.projectId);
    row.getCell(2).value = INPUT_KIND_WORDS[change.kind];
    row.getCell(3).value = change.kind === 'added' ? 'not listed' : change.baselineStartYear === null ? 'not funded' : formatFinancialYear(change.baselineStartYear);
    row.getCell(4).value = change.kind === 'removed' ? 'not in the register' : change.startYear === null ? 'not funded' : formatFinancialYear(change.startYear);
    row.getCell(5).value = capexOf.get(change.projectId) ?? null;
    row.getCell(5).numFmt = RAND_MILLION_FORMAT;
    row.getCell(6).value = change.origin === null ? '' : change.origin === 'masterplan' ? 'the master plan' : 'the planner';
    row.getCell(7).value = plainText(inputChangeWords(change));
    textRows.push(rowNumber);
    rowNumber += 1;
  }
  // The needs and envelopes the planner changed, each with its old and new figure (review c1: by hash only before).
  for (const change of needs) {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = plainText(`${change.municipalityCode} ${change.service}`);
    row.getCell(2).value = change.kind === 'changed' ? 'Need changed' : change.kind === 'added' ? 'Need added' : 'Need removed';
    row.getCell(6).value = 'needs.csv';
    row.getCell(7).value = plainText(`${change.words}.`);
    textRows.push(rowNumber);
    rowNumber += 1;
  }
  for (const change of envelopes) {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = plainText(change.financialYear === null ? change.sourceId : `${change.sourceId} ${formatFinancialYear(change.financialYear)}`);
    row.getCell(2).value = change.financialYear === null ? 'Source settings changed' : 'Envelope changed';
    row.getCell(6).value = 'funding.csv';
    row.getCell(7).value = plainText(`${change.words}.`);
    textRows.push(rowNumber);
    rowNumber += 1;
  }
  for (const file of files) {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = plainText(file.fileName);
    row.getCell(2).value = file.kind === 'changed' ? 'File differs' : file.kind === 'added' ? 'New input file' : 'File no longer read';
    row.getCell(7).value = plainText(fileChangeWords(file, inputs));
    textRows.push(rowNumber);
    rowNumber += 1;
  }
  return { nextRow: rowNumber + 1, textRows };
}

/** Add the sheet when the plan was made against a baseline. */
export function addChangesFromBaselineSheet(workbook: ExcelJS.Workbook, context: ReportContext): void {
  if (context.plan.kind !== 'portfolio' || context.plan.baselineChanges === undefined) return;
  const changes = context.plan.baselineChanges;
  const capexOf = new Map(context.plan.projects.map((project) => [project.id, project.capexRand]));
  const sheet = workbook.addWorksheet(CHANGES_FROM_BASELINE_SHEET);
  const columns: ColumnSpec[] = [
    { header: 'Project id', width: 14 },
    { header: 'Change', width: 22 },
    { header: 'Baseline start', width: 12 },
    { header: 'Start now', width: 12 },
    { header: 'Capex (R million)', width: 14 },
    { header: 'Benefit change (points)', width: 14 },
    { header: 'Reason', width: 70 },
  ];
  const note =
    `Against ${changes.source}${changes.lockYears === null ? '' : ` (${lockWords(changes)})`}: ${baselineHeadline(changes, 'listed below')}. ` +
    `Benefit ${benefitPointsText(changes.benefitPoints)} points (the baseline plan in this model: ${changes.baselineBenefitPoints === null ? 'no longer fits' : `${benefitPointsText(changes.baselineBenefitPoints)} points`}; the best plan found: ${benefitPointsText(changes.firstSolveBenefitPoints)} points).`;
  // Three blocks share the columns and each writes its own header, so only the title and the note stay in view.
  const tableRow = writeTableHeader(sheet, 'Changes from baseline', note, [], context.plan.illustrativeNote);
  sheet.getRow(tableRow).height = 15;
  columns.forEach((column, index) => (sheet.getColumn(index + 1).width = column.width));
  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: tableRow - 1, topLeftCell: cellAddress(tableRow, 1), activeCell: cellAddress(tableRow, 1) }];
  sheet.pageSetup.printTitlesRow = `1:${tableRow - 1}`;
  const inputBlock = addInputChanges(sheet, tableRow + 1, changes.inputChanges, capexOf);

  writeTitle(sheet, inputBlock.nextRow, DECISION_CHANGES_TITLE);
  const headerRow = inputBlock.nextRow + 1;
  writeHeaders(sheet, headerRow, DECISION_CHANGES_HEADERS);
  let rowNumber = headerRow + 1;
  for (const change of changes.changes) {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = plainText(change.projectId);
    row.getCell(2).value = KIND_WORDS[change.kind];
    row.getCell(3).value = change.baselineStartYear === null ? 'not funded' : formatFinancialYear(change.baselineStartYear);
    row.getCell(4).value = change.startYear === null ? 'not funded' : formatFinancialYear(change.startYear);
    row.getCell(5).value = capexOf.get(change.projectId) ?? null;
    row.getCell(5).numFmt = RAND_MILLION_FORMAT;
    row.getCell(6).value = change.benefitChangePoints;
    row.getCell(6).numFmt = BENEFIT_FORMAT;
    row.getCell(7).value = plainText(change.words ?? change.reason);
    rowNumber += 1;
  }
  const totalRow = sheet.getRow(rowNumber);
  totalRow.getCell(1).value = changes.changes.length === 0 ? 'No decision changed' : `Total (${changes.changes.length} changes)`;
  const benefitTotal = changes.changes.reduce((sum, change) => sum + change.benefitChangePoints, 0);
  totalRow.getCell(6).value = changes.changes.length > 0 ? sumFormula(cellAddress(headerRow + 1, 6), cellAddress(rowNumber - 1, 6), benefitTotal) : 0;
  totalRow.getCell(6).numFmt = BENEFIT_FORMAT;
  styleTotalRow(totalRow, columns.length);
  const lastChangeRow = rowNumber - 1;
  if (changes.splitChanges !== undefined) addSplitChanges(sheet, rowNumber + 2, changes);
  fitColumnWidths(sheet, tableRow, 10, 70);
  fitWrappedRowHeights(sheet, headerRow + 1, lastChangeRow, [7]);
  for (const textRow of inputBlock.textRows) fitWrappedRowHeights(sheet, textRow, textRow, [7]);
  applyPrintSetup(sheet);
  // The blocks write their own headers, so the print setup does not see a table header under the
  // note: wrap the note across the table here, or it runs off the page onto a second one.
  wrapNoteAcross(sheet, columns.length);
}

/**
 * The table of spending split changes from `firstRow`: one row per project funded as in the
 * baseline whose money moved between grants or years by SPLIT_SUMMARY_MIN_RAND or more, largest
 * first, with a live total; a line for the projects that moved less; one line saying so when
 * there is none. plan.json keeps each amount (BaselineChanges.splitChanges).
 */
function addSplitChanges(sheet: ExcelJS.Worksheet, firstRow: number, changes: BaselineChanges): void {
  writeTitle(sheet, firstRow, SPLIT_CHANGES_TITLE);
  const { listed, small } = splitSummaries(changes);
  const smallWords = small.length === 0 ? '' : `${counted(small.length, 'more project', 'more projects')} moved less than ${SPLIT_SUMMARY_MIN_WORDS} each (${formatRandMillion(small.reduce((sum, entry) => sum + entry.movedRand, 0))} in all), not listed.`;
  if (listed.length === 0) {
    sheet.getRow(firstRow + 1).getCell(1).value = small.length === 0 ? 'None: every project funded as in the baseline is paid from the same grants in the same years.' : `None of ${SPLIT_SUMMARY_MIN_WORDS} or more: ${smallWords}`;
    return;
  }
  writeHeaders(sheet, firstRow + 1, SPLIT_CHANGES_HEADERS);
  let rowNumber = firstRow + 2;
  for (const entry of listed) {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = plainText(entry.projectId);
    row.getCell(2).value = plainText(entry.paidLessBy.join(', '));
    row.getCell(3).value = plainText(entry.paidMoreBy.join(', '));
    row.getCell(4).value = entry.amounts;
    row.getCell(4).numFmt = COUNT_FORMAT;
    row.getCell(5).value = entry.movedRand;
    row.getCell(5).numFmt = RAND_MILLION_FORMAT;
    rowNumber += 1;
  }
  const totalRow = sheet.getRow(rowNumber);
  totalRow.getCell(1).value = `Total (${counted(listed.length, 'project', 'projects')})`;
  totalRow.getCell(5).value = sumFormula(cellAddress(firstRow + 2, 5), cellAddress(rowNumber - 1, 5), listed.reduce((sum, entry) => sum + entry.movedRand, 0));
  totalRow.getCell(5).numFmt = RAND_MILLION_FORMAT;
  styleTotalRow(totalRow, SPLIT_CHANGES_HEADERS.length);
  if (small.length > 0) sheet.getRow(rowNumber + 1).getCell(1).value = smallWords;
}
