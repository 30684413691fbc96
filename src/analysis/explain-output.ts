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
import { accuracyWords, answerInWords, ruleWords, type AnswerWords } from './explain-words.js';
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
  /** Which plan is explained: the --baseline it comes from, or none (solved now); absent in reports made before it existed (then: solved now). */
  readonly planExplained?: PlanExplained;
  /** Proven relative gap of the plan explained (0.001 = within 0.1% of the best possible), or null when unknown. */
  readonly planGap?: number | null;
  /**
   * Each answer in plain words (verdict first), by project id, made where the model is at hand
   * (the CLI); an answer without an entry is put in words from its own fields.
   */
  readonly answerWords?: Readonly<Record<string, AnswerWords>>;
}

/** Which plan explain explains, for the first lines of every output. */
export interface PlanExplained {
  /** The --baseline run folder or plan.json, or null when the plan was solved now without one. */
  readonly baselinePath: string | null;
  /** Why the run's plan could not be reused as proven (other inputs, no manifest), in words, or null. */
  readonly runNotReusedBecause: string | null;
}

/** The plain-words answer of an explanation: the report's, else made from its own fields. */
export function wordsOf(report: ExplainReport, explanation: Explanation): AnswerWords {
  return report.answerWords?.[explanation.projectId] ?? answerInWords(explanation, null);
}

/** The first line of every output: which plan is explained, and how to explain another. */
export function planExplainedWords(report: ExplainReport): string {
  const scenario = `scenario ${report.scenarioName}`;
  const accuracy = report.planGap === null || report.planGap === undefined ? '' : `, ${accuracyWords(report.planGap)}`;
  const baseline = report.planExplained?.baselinePath ?? null;
  if (baseline === null) {
    return `Explaining a plan solved now from ${report.modelName} (${scenario}${accuracy}); to explain the plan you reviewed, pass --baseline <run folder>.`;
  }
  switch (report.planHowSolved?.method) {
    case 'taken_from_run':
      return `Explaining the plan of ${baseline} (${scenario}) as it was: the run was made from the same inputs.`;
    case 'accepted_shortcut':
      return `Explaining the plan of ${baseline} (${scenario}) as it was: it still fits these inputs and is ${report.planGap === null || report.planGap === undefined ? "as good as the best plan possible, within the plan's accuracy" : accuracyWords(report.planGap, 'the best plan possible')}.`;
    default: {
      const why = report.planExplained?.runNotReusedBecause ?? null;
      return `Explaining a plan solved now from ${report.modelName} (${scenario}${accuracy}), kept as close as the rules allow to the plan of ${baseline}, which could not be taken as it was${why === null ? '' : ` (${why})`}.`;
    }
  }
}

/** The exclusive group and its other alternatives, `CED-RES (also WC012-W-02)`, or '' without a group. */
export function groupWords(explanation: Pick<Explanation, 'exclusiveGroup' | 'alternativeIds'>): string {
  if (explanation.exclusiveGroup === null || explanation.exclusiveGroup === undefined) return '';
  const others = explanation.alternativeIds ?? [];
  return others.length === 0 ? explanation.exclusiveGroup : `${explanation.exclusiveGroup} (also ${others.join(', ')})`;
}

/** The labelled lines of one answer after its verdict, for the console and the markdown file. */
function answerLines(report: ExplainReport, explanation: Explanation): { label: string; text: string }[] {
  const words = wordsOf(report, explanation);
  const lines: { label: string; text: string }[] = [
    { label: 'project', text: `${explanation.municipalityName} (${explanation.municipalityCode}) · ${lowerFirst(deferralReasonInWords(explanation.reason))} · benefit if funded ${formatNumber(explanation.derivedBenefit, 1)} points` },
  ];
  if (explanation.detail) lines.push({ label: 'why', text: explanation.reason === 'policy' && explanation.changes.length === 0 && explanation.verification?.verified === true ? `In the plan explained: ${lowerFirst(explanation.detail)} (another plan as good funds it in place of other projects)` : explanation.detail });
  if (explanation.exclusiveGroup !== null && explanation.exclusiveGroup !== undefined) {
    const others = explanation.alternativeIds ?? [];
    lines.push({ label: 'group', text: `exclusive group ${explanation.exclusiveGroup}${others.length === 0 ? '' : `, other alternatives ${others.join(', ')} (at most one of the group is funded)`}` });
  }
  if (words.change !== null) lines.push({ label: 'change', text: words.change });
  if (words.checked !== null) lines.push({ label: 'checked', text: words.checked });
  for (const note of words.notes) lines.push({ label: 'note', text: note });
  if (explanation.policyBlockers.length > 1) lines.push({ label: 'also', text: `switching off any one of ${explanation.policyBlockers.map((rule) => ruleWords(rule, null)).join(', ')} would fund it` });
  return lines;
}

/** A sentence's first letter in lower case. */
function lowerFirst(text: string): string {
  return `${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}

/** The closing warnings of the console and the markdown file. */
function warningLines(report: ExplainReport): string[] {
  const lines: string[] = [];
  const unverified = report.explanations.filter((explanation) => explanation.verification !== null && !explanation.verification.verified).length;
  if (unverified > 0) lines.push(`warning: ${unverified === 1 ? '1 suggested change did not verify; it is' : `${unverified} suggested changes did not verify; they are`} shown as NOT VERIFIED or NOT ENOUGH and are not facts.`);
  const failed = failedCount(report);
  if (failed > 0) lines.push(`warning: for ${failed === 1 ? '1 project' : `${failed} projects`} a planning run the answer needed did not finish; each says which, why and what to try (nothing about the project follows from it).`);
  return lines;
}

/** The report's heading lines: which plan, and how many answers. */
function headingLines(report: ExplainReport): string[] {
  return [
    planExplainedWords(report),
    `Deferred projects of ${report.modelName}, scenario ${report.scenarioName}: ${report.explanations.length} of ${report.deferredCount} explained, highest benefit first ` +
      `(plan benefit ${report.objective === null ? 'n/a' : formatNumber(report.objective, 1)} points)`,
  ];
}

/**
 * The terminal text: which plan is explained first, then one block per deferred project that
 * starts with the verdict sentence, in plain words (no solver terms: those are in --json).
 */
export function formatExplanations(report: ExplainReport): string {
  const lines = headingLines(report);
  for (const explanation of report.explanations) {
    lines.push('');
    lines.push(wordsOf(report, explanation).verdict);
    for (const { label, text } of answerLines(report, explanation)) lines.push(`  ${`${label}:`.padEnd(9)}${text}`);
  }
  const warnings = warningLines(report);
  if (warnings.length > 0) lines.push('', ...warnings);
  return `${lines.join('\n')}\n`;
}

/** Markdown special characters escaped in free text (ids and sentences), so they print as written. */
function markdownText(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

/** The report as a markdown document (`--out explain.md`): the console's words, a section per project, verdict first. */
export function explanationsToMarkdown(report: ExplainReport): string {
  const [planLine, countLine] = headingLines(report);
  const lines = [`# Deferred projects explained: ${markdownText(report.modelName)}, scenario ${markdownText(report.scenarioName)}`, '', markdownText(planLine), '', `${markdownText(countLine)}.`];
  if (report.illustrativeNote) lines.push('', `*Illustrative inputs: ${markdownText(report.illustrativeNote)}*`);
  for (const explanation of report.explanations) {
    lines.push('', `## ${markdownText(explanation.projectId)}`, '', `**${markdownText(wordsOf(report, explanation).verdict)}**`, '');
    for (const { label, text } of answerLines(report, explanation)) lines.push(`- ${label.charAt(0).toUpperCase()}${label.slice(1)}: ${markdownText(text)}`);
  }
  const warnings = warningLines(report);
  if (warnings.length > 0) lines.push('', ...warnings.map((warning) => `> ${markdownText(warning.replace(/^warning: /, 'Warning: '))}`));
  return `${lines.join('\n')}\n`;
}

/**
 * The report as JSON text (years as numbers; labels added for readers): every technical field of
 * the explanations, plus each answer's plain words (`words`: verdict, change, checked, notes) and
 * the sentence saying which plan is explained (`planExplainedWords`).
 */
export function explanationsToJson(report: ExplainReport): string {
  const { answerWords: _answerWords, ...fields } = report;
  void _answerWords;
  return JSON.stringify(
    {
      ...fields,
      planExplainedWords: planExplainedWords(report),
      explanations: report.explanations.map((explanation) => ({
        ...explanation,
        // Every top-up says which kind of money it is; one without a purpose is capital (SuggestedChange).
        changes: explanation.changes.map((change) => (change.kind === 'top_up' ? { ...change, purpose: change.purpose ?? 'capital', financialYearLabel: formatFinancialYear(change.financialYear) } : change)),
        words: wordsOf(report, explanation),
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
  { header: 'Answer (checked by planning again with the change)', width: 44 },
  { header: 'Verified', width: 9 },
  { header: 'Benefit after change (points)', width: 10, numberFormat: BENEFIT_FORMAT },
  { header: 'Exclusive group (other alternatives)', width: 16 },
];

/** Columns whose text wraps in its cell (and sets the row's height). */
const WRAPPED_COLUMNS = [2, 3, 4, 6, 8, 9, 11] as const;
/** The Answer column, which gives up width when a long project id needs it. */
const SUMMARY_COLUMN = 8;

/** What the Verified column says for an explanation. */
function verifiedWords(explanation: Explanation): string {
  // Answers written before the outcome existed have none.
  if (explanation.outcome === 'solve_failed') return 'NO: a run did not finish';
  return explanation.verification === null ? 'no change found' : explanation.verification.verified ? 'yes' : 'NO';
}

/** The Answer column: the verdict, then how it was checked and the caveats (the change is in the verdict; the JSON has the settings). */
function answerCellText(words: AnswerWords): string {
  return [words.verdict, ...(words.change === null ? [] : [`Change: ${words.change}`]), ...(words.checked === null ? [] : [words.checked]), ...words.notes].join(' ');
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
    `${planExplainedWords(report)} ${report.explanations.length} of the plan's ${report.deferredCount} deferred projects, highest benefit first (plan benefit ${benefit}). Each suggested change was checked by planning again with the change; money in R million.`,
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
    row.getCell(8).value = plainText(answerCellText(wordsOf(report, explanation)));
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
    ...(unverified > 0 ? [`Warning: ${unverified === 1 ? '1 suggested change did not verify; it is' : `${unverified} suggested changes did not verify; they are`} marked NO and are not facts.`] : []),
    ...(failedCount(report) > 0 ? [`Warning: for ${failedCount(report) === 1 ? '1 project' : `${failedCount(report)} projects`} a planning run the answer needed did not finish (marked "NO: a run did not finish"); the answer column says which, why and what to try.`] : []),
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

/** Check an --out path before any solving: .json, .xlsx or .md, and not an existing file unless `force`. Throws InvalidInputError. */
export function checkOutPath(outPath: string, force = false): void {
  if (outPath.trim() === '') {
    throw new InvalidInputError([{ file: COMMAND_LINE, row: null, column: '--out', message: 'the file name is empty; name a .json, .xlsx or .md file, e.g. --out explain.xlsx' }]);
  }
  const extension = path.extname(outPath).toLowerCase();
  if (extension !== '.json' && extension !== '.xlsx' && extension !== '.md') {
    throw new InvalidInputError([{ file: COMMAND_LINE, row: null, column: '--out', message: `expected a file name ending in .json, .xlsx or .md, got ${outPath}` }]);
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
 * Write the report to `outPath` (.json, .xlsx or .md) atomically: a temporary file in the same folder
 * is renamed into place, so a full disk or an interrupt never leaves a truncated or empty file,
 * and with `force` the old file stays whole until the new one is complete. Refuses to overwrite
 * unless `force`. Returns the path written.
 */
export async function writeExplanations(report: ExplainReport, outPath: string, force = false, operations?: FileOperations): Promise<string> {
  checkOutPath(outPath, force);
  const extension = path.extname(outPath).toLowerCase();
  const content = extension === '.json' ? `${explanationsToJson(report)}\n` : extension === '.md' ? explanationsToMarkdown(report) : await workbookBytes(explanationsWorkbook(report));
  await writeFileAtomic(outPath, content, { overwrite: force, createFolder: true, ...(operations ? { operations } : {}) });
  return outPath;
}
