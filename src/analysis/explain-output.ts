/**
 * Explanations for the terminal, as JSON, and as a one-sheet workbook. The sheet is built from the
 * Explanation objects only, so it says exactly what was computed and verified.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { formatFinancialYear } from '../dataset/financial-year.js';
import { roundRandToCent } from '../dataset/money-text.js';
import { InvalidInputError } from '../errors/problems.js';
import { writeFileAtomic, type FileOperations } from '../files/atomic-file.js';
import { prepareOutputFolder, withOutputFolder } from '../files/output-folder.js';
import { applyPrintSetup, BENEFIT_FORMAT, fitIdentifierColumn, fitWrappedRowHeights, plainText, RAND_MILLION_FORMAT, writeTableHeader, type ColumnSpec } from '../report/format.js';
import { deferralReasonInWords } from '../report/plan-figures.js';
import { workbookBytes } from '../report/workbook.js';
import { COMMAND_LINE } from '../scenario/command-line-layer.js';
import { formatNumber } from './analysis-options.js';
import type { Explanation } from './explain-deferral.js';
import type { HowSolved } from './plan-shortcut.js';
import { addDataSourcesSheet, newWorkbook, writeNotes } from './reports/workbook-parts.js';

/** What the explain command computed, for printing and files. */
export interface ExplainReport {
  /** Model name. */
  readonly modelName: string;
  /** Scenario name. */
  readonly scenarioName: string;
  /** Objective (benefit) of the plan explained. */
  readonly objective: number | null;
  /** Number of deferred projects in the plan. */
  readonly deferredCount: number;
  /** The explanations, highest derived benefit first. */
  readonly explanations: readonly Explanation[];
  /** The model's illustrative note (empty or absent when its figures are official): the workbook then carries the illustrative-inputs line. */
  readonly illustrativeNote?: string | null;
  /** How the plan explained was obtained with --baseline (taken from the run, accepted by the LP bound, or solved); absent when it was solved. */
  readonly planHowSolved?: HowSolved;
}

/** The exclusive group and its other alternatives, `CED-RES (also WC012-W-02)`, or '' without a group. */
export function groupWords(explanation: Pick<Explanation, 'exclusiveGroup' | 'alternativeIds'>): string {
  if (explanation.exclusiveGroup === null || explanation.exclusiveGroup === undefined) return '';
  const others = explanation.alternativeIds ?? [];
  return others.length === 0 ? explanation.exclusiveGroup : `${explanation.exclusiveGroup} (also ${others.join(', ')})`;
}

/** The terminal text: one block per deferred project. */
export function formatExplanations(report: ExplainReport): string {
  const lines = [
    `Deferred projects of ${report.modelName}, scenario ${report.scenarioName}: ${report.explanations.length} of ${report.deferredCount} explained ` +
      `(plan benefit ${report.objective === null ? 'n/a' : formatNumber(report.objective, 1)})`,
    ...(report.planHowSolved ? [`plan: ${report.planHowSolved.words}`] : []),
  ];
  for (const explanation of report.explanations) {
    lines.push('');
    lines.push(`${explanation.projectId} · ${explanation.municipalityName} (${explanation.municipalityCode}) · ${explanation.reason} · benefit if funded ${formatNumber(explanation.derivedBenefit, 1)}`);
    if (explanation.detail) lines.push(`  why:    ${explanation.detail}`);
    if (explanation.exclusiveGroup !== null && explanation.exclusiveGroup !== undefined) {
      const others = explanation.alternativeIds ?? [];
      lines.push(`  group:  exclusive group ${explanation.exclusiveGroup}${others.length === 0 ? '' : `, other alternatives ${others.join(', ')} (at most one of the group is funded)`}`);
    }
    lines.push(`  change: ${explanation.summary}`);
    if (explanation.policyBlockers.length > 1) lines.push(`  also:   switching off any one of ${explanation.policyBlockers.join(', ')} funds it`);
  }
  const unverified = report.explanations.filter((explanation) => explanation.verification !== null && !explanation.verification.verified).length;
  if (unverified > 0) lines.push('', `warning: ${unverified} suggested change(s) did not verify; they are shown as NOT VERIFIED and are not facts.`);
  const failed = failedCount(report);
  if (failed > 0) lines.push('', `warning: for ${failed} project(s) a solve the answer needed failed; each says which solve, why and what to try (nothing about the project follows from it).`);
  return `${lines.join('\n')}\n`;
}

/** The report as JSON text (years as numbers; labels added for readers). */
export function explanationsToJson(report: ExplainReport): string {
  return JSON.stringify(
    {
      ...report,
      explanations: report.explanations.map((explanation) => ({
        ...explanation,
        // Every top-up says which kind of money it is; one without a purpose is capital (SuggestedChange).
        changes: explanation.changes.map((change) => (change.kind === 'top_up' ? { ...change, purpose: change.purpose ?? 'capital', financialYearLabel: formatFinancialYear(change.financialYear) } : change)),
      })),
    },
    null,
    2,
  );
}

/** Name of the explain workbook's one sheet. */
export const EXPLANATIONS_SHEET = 'Explanations';

/** Columns of the Explanations sheet, in order (1-based positions follow from this list); the widths add up to one landscape page. */
const EXPLANATION_COLUMNS: readonly ColumnSpec[] = [
  { header: 'Project', width: 14 },
  { header: 'Municipality', width: 18 },
  { header: 'Reason deferred', width: 18 },
  { header: 'Why (the plan\'s words)', width: 27 },
  { header: 'Benefit if funded (points)', width: 10, numberFormat: BENEFIT_FORMAT },
  { header: 'Blocking projects', width: 13 },
  { header: 'Extra money (R million)', width: 11, numberFormat: RAND_MILLION_FORMAT },
  { header: 'Suggested change', width: 44 },
  { header: 'Verified', width: 9 },
  { header: 'Benefit after change (points)', width: 10, numberFormat: BENEFIT_FORMAT },
  { header: 'Exclusive group (other alternatives)', width: 16 },
];

/** Columns whose text wraps in its cell (and sets the row's height). */
const WRAPPED_COLUMNS = [2, 3, 4, 6, 8, 9, 11] as const;
/** The Suggested change column, which gives up width when a long project id needs it. */
const SUMMARY_COLUMN = 8;

/** What the Verified column says for an explanation. */
function verifiedWords(explanation: Explanation): string {
  // Answers written before the outcome existed have none.
  if (explanation.outcome === 'solve_failed') return 'NO: a solve failed';
  return explanation.verification === null ? 'no change found' : explanation.verification.verified ? 'yes' : 'NO';
}

/** Answers whose question a failed solve left open (outcome solve_failed). */
function failedCount(report: ExplainReport): number {
  return report.explanations.filter((explanation) => explanation.outcome === 'solve_failed').length;
}

/**
 * A workbook with one sheet `Explanations`, one row per deferred project, printed as the plan's
 * sheets print (src/report/format.ts): a title, the illustrative-inputs line when the model has an
 * illustrative note, the header repeated on every page, A4 landscape one page wide, the sentences
 * wrapped in their columns with each row as tall as its text, and money held in rand and shown in
 * R million with the plan's number format.
 */
export function explanationsWorkbook(report: ExplainReport): ExcelJS.Workbook {
  const workbook = newWorkbook(`Deferred projects explained: ${report.modelName}, scenario ${report.scenarioName}`);
  const sheet = workbook.addWorksheet(EXPLANATIONS_SHEET);
  const benefit = report.objective === null ? 'n/a' : `${formatNumber(report.objective, 0)} points`;
  const headerRow = writeTableHeader(
    sheet,
    `Deferred projects explained: ${report.modelName}, scenario ${report.scenarioName}`,
    `${report.explanations.length} of the plan's ${report.deferredCount} deferred projects, highest benefit first (plan benefit ${benefit}). Each suggested change was applied and the model solved again to verify it; money in R million.`,
    EXPLANATION_COLUMNS,
    report.illustrativeNote ?? null,
  );
  report.explanations.forEach((explanation, index) => {
    const row = sheet.getRow(headerRow + 1 + index);
    // Free text goes in as plain strings: exceljs never turns a string into a formula.
    row.getCell(1).value = plainText(explanation.projectId);
    row.getCell(2).value = plainText(`${explanation.municipalityName} (${explanation.municipalityCode})`);
    row.getCell(3).value = deferralReasonInWords(explanation.reason);
    row.getCell(4).value = plainText(explanation.detail);
    row.getCell(5).value = explanation.derivedBenefit;
    row.getCell(6).value = explanation.blockingProjectIds.join(', ');
    // Rounded to the cent where the cell is made, as the plan's money cells are.
    row.getCell(7).value = roundRandToCent(explanation.extraMoneyRand);
    row.getCell(8).value = plainText(explanation.summary);
    // Set off from the amount (right-aligned) beside it, as are the blocking projects from the benefit.
    row.getCell(8).alignment = { horizontal: 'left', indent: 1 };
    row.getCell(6).alignment = { horizontal: 'left', indent: 1 };
    row.getCell(9).value = verifiedWords(explanation);
    row.getCell(10).value = explanation.verification?.objectiveAfter ?? null;
    row.getCell(11).value = groupWords(explanation);
    row.getCell(11).alignment = { horizontal: 'left', indent: 1 };
  });
  const lastRow = headerRow + report.explanations.length;
  if (report.explanations.length > 0) {
    // A long project id widens its column; the suggested change gives up as much, so the table stays one page wide.
    const idWidth = fitIdentifierColumn(sheet, 1, headerRow + 1, lastRow, EXPLANATION_COLUMNS[0].width);
    sheet.getColumn(SUMMARY_COLUMN).width = EXPLANATION_COLUMNS[SUMMARY_COLUMN - 1].width - (idWidth - EXPLANATION_COLUMNS[0].width);
  }
  const unverified = report.explanations.filter((explanation) => explanation.verification !== null && !explanation.verification.verified).length;
  const notes = [
    ...(report.planHowSolved ? [`The plan explained: ${report.planHowSolved.words}.`] : []),
    ...(unverified > 0 ? [`Warning: ${unverified} suggested change(s) did not verify; they are marked NO and are not facts.`] : []),
    ...(failedCount(report) > 0 ? [`Warning: for ${failedCount(report)} project(s) a solve the answer needed failed (marked "NO: a solve failed"); the suggested change column says which solve, why and what to try.`] : []),
    'Extra money is the least extra envelope found that funds the project, in the years and sources the suggested change names.',
    ...(report.explanations.some((explanation) => explanation.changes.some((change) => change.kind === 'top_up' && change.purpose === 'operating'))
      ? ['Extra money counts capital and operating (running-cost) envelopes together; the suggested change names operating money as such.']
      : []),
  ];
  writeNotes(sheet, lastRow + 2, notes);
  applyPrintSetup(sheet);
  if (report.explanations.length > 0) fitWrappedRowHeights(sheet, headerRow + 1, lastRow, WRAPPED_COLUMNS);
  addDataSourcesSheet(workbook, `Deferred projects explained: ${report.modelName}, scenario ${report.scenarioName}`, report.illustrativeNote ?? null);
  return workbook;
}

/** Check an --out path before any solving: .json or .xlsx, and not an existing file unless `force`. Throws InvalidInputError. */
export function checkOutPath(outPath: string, force = false): void {
  if (outPath.trim() === '') {
    throw new InvalidInputError([{ file: COMMAND_LINE, row: null, column: '--out', message: 'the file name is empty; name a .json or .xlsx file, e.g. --out explain.xlsx' }]);
  }
  const extension = path.extname(outPath).toLowerCase();
  if (extension !== '.json' && extension !== '.xlsx') {
    throw new InvalidInputError([{ file: COMMAND_LINE, row: null, column: '--out', message: `expected a file name ending in .json or .xlsx, got ${outPath}` }]);
  }
  if (!force && existsSync(outPath)) {
    throw new InvalidInputError([{ file: COMMAND_LINE, row: null, column: '--out', message: `${outPath} exists; pass --force to replace it` }]);
  }
}

/**
 * checkOutPath, and get the file's folder ready (created if missing, checked writable, leftovers
 * of interrupted runs removed), so a bad --out is reported before the re-solves, not after them.
 */
export async function prepareOutPath(outPath: string, force = false, onNote?: (note: string) => void): Promise<void> {
  checkOutPath(outPath, force);
  await prepareOutputFolder(path.dirname(path.resolve(outPath)), onNote ? { onNote } : {});
}

/**
 * Run `body` (explain's re-solves) with the --out file's folder ready: checkOutPath first, then the
 * folder created if missing and checked (withOutputFolder), so a bad --out is reported before the
 * re-solves; the folders created for it are removed again, while empty, when `body` fails or the
 * run is interrupted. Without `outPath`, just `body`.
 */
export async function withOutPath<Result>(outPath: string | undefined, force: boolean, onNote: ((note: string) => void) | undefined, body: () => Promise<Result>): Promise<Result> {
  if (outPath === undefined) return body();
  checkOutPath(outPath, force);
  return withOutputFolder(path.dirname(path.resolve(outPath)), onNote ? { onNote } : {}, body);
}

/**
 * Write the report to `outPath` (.json or .xlsx) atomically: a temporary file in the same folder
 * is renamed into place, so a full disk or an interrupt never leaves a truncated or empty file,
 * and with `force` the old file stays whole until the new one is complete. Refuses to overwrite
 * unless `force`. Returns the path written.
 */
export async function writeExplanations(report: ExplainReport, outPath: string, force = false, operations?: FileOperations): Promise<string> {
  checkOutPath(outPath, force);
  const extension = path.extname(outPath).toLowerCase();
  const content = extension === '.json' ? `${explanationsToJson(report)}\n` : await workbookBytes(explanationsWorkbook(report));
  await writeFileAtomic(outPath, content, { overwrite: force, createFolder: true, ...(operations ? { operations } : {}) });
  return outPath;
}
