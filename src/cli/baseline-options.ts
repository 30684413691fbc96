/**
 * `--baseline RUN_FOLDER|plan.json` and `--lock-years N`, shared by run, solve, compare, sweep,
 * stress, frontier, export-lp (the lock only) and explain, and the console lines that say what changed against the baseline.
 */
import type { Options } from 'yargs';
import { checkLockYears } from '../dataset/read-baseline.js';
import { InvalidInputError } from '../errors/problems.js';
import { COMMAND_LINE } from '../scenario/command-line-layer.js';
import { formatFinancialYear } from '../dataset/financial-year.js';
import type { BaselineRequest } from '../pipeline/baseline-run.js';
import type { BaselineChanges } from '../plan/types.js';
import { baselineHeadline, inputChangesLine, lockWords, splitSummaryLines } from '../report/sheets/changes-from-baseline-sheet.js';
import { formatRandMillion } from '../dataset/money-text.js';

/**
 * The number of `--lock-years TEXT`; text that is not a number is refused here, naming the option
 * and echoing the text (`got "two"`). Whether the number is a whole count within the horizon is
 * checked later (checkLockYears), when the horizon is known.
 */
export function lockYearsFromText(value: unknown): number {
  const text = String(value).trim();
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return Number(text);
  throw new InvalidInputError([
    { file: COMMAND_LINE, row: null, column: '--lock-years', message: `expected a whole number of years from 1 to the length of the horizon (the first years of the baseline to keep), got ${JSON.stringify(text)}` },
  ]);
}

/** yargs definitions of --baseline and --lock-years. */
export const baselineOptions = {
  baseline: {
    type: 'string',
    requiresArg: true,
    describe: 'Stay close to this earlier plan (a run folder or its plan.json): among plans within the gap, the one with the fewest changed decisions; the report lists what changed and why',
  },
  // Read as text and made a number here, so a word is echoed as typed: yargs's own number type had made `two` NaN already (review u4, finding 16).
  'lock-years': { type: 'string', requiresArg: true, describe: 'With --baseline: keep the baseline\'s decisions for the first N years of the horizon (the years already budgeted)' },
} as const satisfies Record<string, Options>;

/** Parsed values of baselineOptions. */
export interface BaselineArguments {
  /** --baseline. */
  readonly baseline?: string;
  /** --lock-years, as typed (made a number by baselineRequestFromArgv). */
  readonly lockYears?: string | number;
}

/** The BaselineRequest of a command's arguments; throws InvalidInputError for a bad --lock-years. */
export function baselineRequestFromArgv(argv: BaselineArguments): BaselineRequest {
  const lockYears = argv.lockYears === undefined ? undefined : lockYearsFromText(argv.lockYears);
  if (lockYears !== undefined) checkLockYears(lockYears, null);
  return { ...(argv.baseline !== undefined ? { baselinePath: argv.baseline } : {}), ...(lockYears !== undefined ? { lockYears } : {}) };
}

/**
 * Refuse --baseline and --lock-years with the allocation formulation (exit 1, naming the option):
 * the allocation funds no projects, so there are no decisions to stay close to or to lock.
 */
export function refuseBaselineWithAllocation(formulation: string | undefined, argv: BaselineArguments): void {
  if ((formulation ?? 'portfolio') === 'portfolio') return;
  const option = argv.baseline !== undefined ? '--baseline' : argv.lockYears !== undefined ? '--lock-years' : null;
  if (option === null) return;
  throw new InvalidInputError([{ file: COMMAND_LINE, row: null, column: option, message: `works with the portfolio formulation only: the ${formulation} formulation funds no projects, so there are no decisions to ${option === '--baseline' ? 'stay close to' : 'lock'} (drop ${option} or use --formulation portfolio)` }]);
}

/** Most changed decisions (and most split changes) listed on the console; the workbook sheet and plan.json list all. */
const CHANGES_LISTED = 12;

/** A start year or "not funded". */
function startWords(year: number | null): string {
  return year === null ? 'not funded' : `starts ${formatFinancialYear(year)}`;
}

/** Benefit points for the console: 1,234.5. */
function points(value: number): string {
  return value.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/**
 * A decision's benefit change, in points: `+12.3 benefit points`, or `benefit unchanged` when it
 * rounds to nothing ("not funded (+0.0 benefit)" read as if not funding it gained something).
 */
function benefitChangeWords(changePoints: number): string {
  const rounded = points(Math.abs(changePoints));
  if (rounded === points(0)) return 'benefit unchanged';
  return `${changePoints > 0 ? '+' : '−'}${rounded} benefit points`;
}

/**
 * The console lines on a plan's changes against its baseline, in plain words (no solver terms;
 * plan.json and --json keep them). `where` says where the full lists are: the workbook sheet for
 * `run`, plan.json or --json for `solve`.
 */
export function formatBaselineChanges(changes: BaselineChanges, where = 'all listed in solve --json'): string[] {
  const lock = lockWords(changes);
  const lines = [
    `against the baseline ${changes.source}${lock === '' ? '' : ` (${lock})`}: ${baselineHeadline(changes, where)}`,
    `  benefit ${points(changes.benefitPoints)} points (the baseline plan in this model: ${changes.baselineBenefitPoints === null ? 'no longer fits' : `${points(changes.baselineBenefitPoints)} points`}; the best plan found: ${points(changes.firstSolveBenefitPoints)} points); ${changes.seconds.toFixed(1)} s spent staying close to the baseline`,
  ];
  // What the planner changed in the inputs comes first: the plan's changes answer it.
  const inputs = inputChangesLine(changes);
  if (inputs !== null) lines.push(`  ${inputs}`);
  for (const change of changes.changes.slice(0, CHANGES_LISTED)) {
    lines.push(`  ${change.projectId}: ${startWords(change.baselineStartYear)} → ${startWords(change.startYear)} (${benefitChangeWords(change.benefitChangePoints)}): ${change.words ?? change.reason}`);
  }
  if (changes.changes.length > CHANGES_LISTED) lines.push(`  … and ${changes.changes.length - CHANGES_LISTED} more changed decisions (${where})`);
  // Money moved between grants or years of a project whose decision did not change: one line per
  // project (amounts under R0.05 million left out), as the sheet sums them; plan.json keeps every amount.
  for (const line of splitSummaryLines(changes, CHANGES_LISTED, where)) lines.push(`  ${line}`);
  return lines;
}
