/**
 * Changes from baseline (`--baseline` only): what the plan did against the baseline plan in plain
 * words (baselineHeadline, which the console prints too), the benefit, one row per changed
 * decision with its reason, and under them every amount of a project funded as in the baseline
 * that now comes from another grant or year. A sheet of its own, added after Deferred projects,
 * so the other sheets stay as they are. No solver terms: plan.json keeps those (`why`, `method`).
 */
import type ExcelJS from 'exceljs';
import { formatFinancialYear } from '../../dataset/financial-year.js';
import type { BaselineChange, BaselineChanges, BaselineSplitChange } from '../../plan/types.js';
import { BENEFIT_FORMAT, RAND_MILLION_FORMAT, applyPrintSetup, cellAddress, liveFormula, fitColumnWidths, fitWrappedRowHeights, plainText, styleTotalRow, sumFormula, writeTableHeader, type ColumnSpec } from '../format.js';
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

/** `1 funding decision`, `3 start years`. */
function counted(count: number, singular: string, plural: string): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? singular : plural}`;
}

/** `first 2 years locked`, or nothing. */
export function lockWords(changes: Pick<BaselineChanges, 'lockYears'>): string {
  return changes.lockYears === null ? '' : `first ${counted(changes.lockYears, 'year', 'years')} locked`;
}

/** Projects whose money comes from other grants or years than in the baseline, with the number of source-and-year amounts that differ. */
export function splitChangeCounts(changes: Pick<BaselineChanges, 'splitChanges'>): { readonly projects: number; readonly amounts: number } {
  const splitChanges = changes.splitChanges ?? [];
  return { projects: new Set(splitChanges.map((change) => change.projectId)).size, amounts: splitChanges.length };
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
  const split = splitChangeCounts(changes);
  if (split.projects > 0) {
    headline += `; the grants or years paying ${counted(split.projects, 'project', 'projects')} with the same decision changed (${counted(split.amounts, 'amount', 'amounts')}, ${where})`;
  } else if (changes.splitChanges !== undefined) headline += '; every project with the same decision is paid from the same grants in the same years';
  return headline;
}

/** A change's kind in words. */
const KIND_WORDS: Readonly<Record<BaselineChange['kind'], string>> = {
  gained_funding: 'Funded now',
  lost_funding: 'No longer funded',
  moved: 'Start year moved',
  new_project: 'New project, funded',
  not_in_register: 'No longer in the register',
};

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
    { header: 'Capex (R million)', width: 14, numberFormat: RAND_MILLION_FORMAT },
    { header: 'Benefit change (points)', width: 14, numberFormat: BENEFIT_FORMAT },
    { header: 'Reason', width: 70 },
  ];
  const note =
    `Against ${changes.source}${changes.lockYears === null ? '' : ` (${lockWords(changes)})`}: ${baselineHeadline(changes, 'listed below')}. ` +
    `Benefit ${changes.benefitPoints.toFixed(1)} points (the baseline plan in this model: ${changes.baselineBenefitPoints === null ? 'no longer fits' : `${changes.baselineBenefitPoints.toFixed(1)} points`}; the best plan found: ${changes.firstSolveBenefitPoints.toFixed(1)} points).`;
  const headerRow = writeTableHeader(sheet, 'Changes from baseline', note, columns, context.plan.illustrativeNote);
  let rowNumber = headerRow + 1;
  for (const change of changes.changes) {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = plainText(change.projectId);
    row.getCell(2).value = KIND_WORDS[change.kind];
    row.getCell(3).value = change.baselineStartYear === null ? 'not funded' : formatFinancialYear(change.baselineStartYear);
    row.getCell(4).value = change.startYear === null ? 'not funded' : formatFinancialYear(change.startYear);
    row.getCell(5).value = capexOf.get(change.projectId) ?? null;
    row.getCell(6).value = change.benefitChangePoints;
    row.getCell(7).value = plainText(change.words ?? change.reason);
    rowNumber += 1;
  }
  const totalRow = sheet.getRow(rowNumber);
  totalRow.getCell(1).value = changes.changes.length === 0 ? 'No decision changed' : `Total (${changes.changes.length} changes)`;
  const benefitTotal = changes.changes.reduce((sum, change) => sum + change.benefitChangePoints, 0);
  totalRow.getCell(6).value = changes.changes.length > 0 ? sumFormula(cellAddress(headerRow + 1, 6), cellAddress(rowNumber - 1, 6), benefitTotal) : 0;
  styleTotalRow(totalRow, columns.length);
  const lastChangeRow = rowNumber - 1;
  if (changes.splitChanges !== undefined) addSplitChanges(sheet, rowNumber + 2, changes.splitChanges);
  fitColumnWidths(sheet, headerRow, 10, 70);
  fitWrappedRowHeights(sheet, headerRow + 1, lastChangeRow, [7]);
  applyPrintSetup(sheet);
}

/** Title of the table of spending split changes, under the decisions. */
export const SPLIT_CHANGES_TITLE = 'Same decision, other grants or years: each amount that differs from the baseline';

/** Headers of that table. */
export const SPLIT_CHANGES_HEADERS = ['Project id', 'Money', 'Source', 'Year', 'Baseline (R million)', 'Now (R million)', 'Difference (R million)'] as const;

/**
 * The table of spending split changes from `firstRow`: for each project funded as in the
 * baseline, each source and year whose rand differs (BaselineChanges.splitChanges), with the
 * difference as a live formula; one line saying so when there is none.
 */
function addSplitChanges(sheet: ExcelJS.Worksheet, firstRow: number, splitChanges: readonly BaselineSplitChange[]): void {
  const title = sheet.getRow(firstRow).getCell(1);
  title.value = SPLIT_CHANGES_TITLE;
  title.font = { name: 'Calibri', bold: true };
  if (splitChanges.length === 0) {
    sheet.getRow(firstRow + 1).getCell(1).value = 'None: every project funded as in the baseline is paid from the same grants in the same years.';
    return;
  }
  const header = sheet.getRow(firstRow + 1);
  SPLIT_CHANGES_HEADERS.forEach((text, index) => {
    const cell = header.getCell(index + 1);
    cell.value = text;
    cell.font = { name: 'Calibri', bold: true };
    cell.alignment = { wrapText: true, vertical: 'middle' };
    cell.border = { bottom: { style: 'thin' } };
  });
  let rowNumber = firstRow + 2;
  for (const change of splitChanges) {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = plainText(change.projectId);
    row.getCell(2).value = change.purpose === 'capital' ? 'Capital' : 'Running costs';
    row.getCell(3).value = plainText(change.sourceId);
    row.getCell(4).value = formatFinancialYear(change.financialYear);
    row.getCell(5).value = change.baselineRand;
    row.getCell(6).value = change.plannedRand;
    row.getCell(7).value = liveFormula(`${cellAddress(rowNumber, 6)}-${cellAddress(rowNumber, 5)}`, change.plannedRand - change.baselineRand);
    for (const column of [5, 6, 7]) row.getCell(column).numFmt = RAND_MILLION_FORMAT;
    row.getCell(7).alignment = { horizontal: 'left' };
    rowNumber += 1;
  }
}
