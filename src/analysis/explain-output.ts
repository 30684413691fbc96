/**
 * Explanations for the terminal, as JSON, and as a one-sheet workbook. The sheet is built from the
 * Explanation objects only, so it says exactly what was computed and verified.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../dataset/excel-module.js';
import { formatFinancialYear } from '../dataset/financial-year.js';
import { InvalidInputError } from '../errors/problems.js';
import { writeFileAtomic, type FileOperations } from '../files/atomic-file.js';
import { prepareOutputFolder } from '../files/output-folder.js';
import { workbookBytes } from '../report/workbook.js';
import { COMMAND_LINE } from '../scenario/command-line-layer.js';
import { formatNumber } from './analysis-options.js';
import type { Explanation } from './explain-deferral.js';
import type { HowSolved } from './plan-shortcut.js';

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
  /** How the plan explained was obtained with --baseline (taken from the run, accepted by the LP bound, or solved); absent when it was solved. */
  readonly planHowSolved?: HowSolved;
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
    lines.push(`  change: ${explanation.summary}`);
    if (explanation.policyBlockers.length > 1) lines.push(`  also:   switching off any one of ${explanation.policyBlockers.join(', ')} funds it`);
  }
  const unverified = report.explanations.filter((explanation) => explanation.verification !== null && !explanation.verification.verified).length;
  if (unverified > 0) lines.push('', `warning: ${unverified} suggested change(s) did not verify; they are shown as NOT VERIFIED and are not facts.`);
  return `${lines.join('\n')}\n`;
}

/** The report as JSON text (years as numbers; labels added for readers). */
export function explanationsToJson(report: ExplainReport): string {
  return JSON.stringify(
    {
      ...report,
      explanations: report.explanations.map((explanation) => ({
        ...explanation,
        changes: explanation.changes.map((change) => (change.kind === 'top_up' ? { ...change, financialYearLabel: formatFinancialYear(change.financialYear) } : change)),
      })),
    },
    null,
    2,
  );
}

/** A workbook with one sheet `Explanations`, one row per deferred project. */
export function explanationsWorkbook(report: ExplainReport): ExcelJS.Workbook {
  const workbook = new (loadExcelJs().Workbook)();
  const sheet = workbook.addWorksheet('Explanations');
  sheet.columns = [
    { header: 'Project', key: 'projectId', width: 14 },
    { header: 'Municipality', key: 'municipality', width: 22 },
    { header: 'Reason', key: 'reason', width: 20 },
    { header: 'Benefit if funded', key: 'derivedBenefit', width: 16, style: { numFmt: '#,##0.0' } },
    { header: 'Blocking projects', key: 'blocking', width: 18 },
    { header: 'Extra money (R)', key: 'extraMoneyRand', width: 16, style: { numFmt: '#,##0' } },
    { header: 'Suggested change', key: 'summary', width: 90 },
    { header: 'Verified', key: 'verified', width: 10 },
    { header: 'Benefit after change', key: 'objectiveAfter', width: 18, style: { numFmt: '#,##0.0' } },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const explanation of report.explanations) {
    sheet.addRow({
      projectId: explanation.projectId,
      municipality: `${explanation.municipalityName} (${explanation.municipalityCode})`,
      reason: explanation.reason,
      derivedBenefit: explanation.derivedBenefit,
      blocking: explanation.blockingProjectIds.join(', '),
      extraMoneyRand: explanation.extraMoneyRand,
      // Free text goes in as a plain string: ExcelJS never turns a string into a formula.
      summary: explanation.summary,
      verified: explanation.verification === null ? 'no change found' : explanation.verification.verified ? 'yes' : 'NO',
      objectiveAfter: explanation.verification?.objectiveAfter ?? null,
    });
  }
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
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
