/**
 * Changes from baseline (`--baseline` only): how the plan was chosen against the baseline plan,
 * the counts of changed decisions and benefit, and one row per changed decision with its reason.
 * A sheet of its own, added after Deferred projects, so the other sheets stay as they are.
 */
import type ExcelJS from 'exceljs';
import { formatFinancialYear } from '../../dataset/financial-year.js';
import type { BaselineChange, BaselineChanges } from '../../plan/types.js';
import { BENEFIT_FORMAT, RAND_MILLION_FORMAT, applyPrintSetup, cellAddress, fitColumnWidths, fitWrappedRowHeights, plainText, styleTotalRow, sumFormula, writeTableHeader, type ColumnSpec } from '../format.js';
import type { ReportContext } from './report-context.js';

/** The sheet's name. */
export const CHANGES_FROM_BASELINE_SHEET = 'Changes from baseline';

/** How the plan was chosen, in words (the console says the same). */
export const METHOD_WORDS: Readonly<Record<BaselineChanges['method'], string>> = {
  kept_baseline: 'baseline kept (acceptance shortcut)',
  closest_plan: 'closest plan within the gap (second solve, proven)',
  closest_plan_time_limit: 'closest plan found in the second solve\'s time box',
  first_solve: 'first solve\'s plan',
};

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
    `Against ${changes.source}${changes.lockYears === null ? '' : `, first ${changes.lockYears} year(s) locked`}: ${changes.fundingChanges} funding change(s), ${changes.startYearChanges} start-year change(s). ` +
    `Chosen: ${METHOD_WORDS[changes.method]}; ${changes.why}. Benefit ${changes.benefitPoints.toFixed(1)} points (baseline's decisions here: ${changes.baselineBenefitPoints === null ? 'no longer fit' : changes.baselineBenefitPoints.toFixed(1)}; first solve ${changes.firstSolveBenefitPoints.toFixed(1)}).`;
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
    row.getCell(7).value = plainText(change.reason);
    rowNumber += 1;
  }
  const totalRow = sheet.getRow(rowNumber);
  totalRow.getCell(1).value = changes.changes.length === 0 ? 'No decision changed' : `Total (${changes.changes.length} changes)`;
  const benefitTotal = changes.changes.reduce((sum, change) => sum + change.benefitChangePoints, 0);
  totalRow.getCell(6).value = changes.changes.length > 0 ? sumFormula(cellAddress(headerRow + 1, 6), cellAddress(rowNumber - 1, 6), benefitTotal) : 0;
  styleTotalRow(totalRow, columns.length);
  fitColumnWidths(sheet, headerRow, 10, 70);
  fitWrappedRowHeights(sheet, headerRow + 1, rowNumber - 1, [7]);
  applyPrintSetup(sheet);
}
