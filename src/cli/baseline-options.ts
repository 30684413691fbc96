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
import { METHOD_WORDS } from '../report/sheets/changes-from-baseline-sheet.js';

/** yargs definitions of --baseline and --lock-years. */
export const baselineOptions = {
  baseline: {
    type: 'string',
    requiresArg: true,
    describe: 'Stay close to this earlier plan (a run folder or its plan.json): among plans within the gap, the one with the fewest changed decisions; the report lists what changed and why',
  },
  'lock-years': { type: 'number', requiresArg: true, describe: 'With --baseline: keep the baseline\'s decisions for the first N years of the horizon (the years already budgeted)' },
} as const satisfies Record<string, Options>;

/** Parsed values of baselineOptions. */
export interface BaselineArguments {
  /** --baseline. */
  readonly baseline?: string;
  /** --lock-years. */
  readonly lockYears?: number;
}

/** The BaselineRequest of a command's arguments; throws InvalidInputError for a bad --lock-years. */
export function baselineRequestFromArgv(argv: BaselineArguments): BaselineRequest {
  const { lockYears } = argv;
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

/** Most changed decisions listed on the console; the workbook sheet and plan.json list all. */
const CHANGES_LISTED = 12;

/** A start year or "not funded". */
function startWords(year: number | null): string {
  return year === null ? 'not funded' : `starts ${formatFinancialYear(year)}`;
}

/** The console lines on a plan's changes against its baseline. */
export function formatBaselineChanges(changes: BaselineChanges): string[] {
  const lines = [
    `against baseline ${changes.source}${changes.lockYears === null ? '' : ` (first ${changes.lockYears} year(s) locked)`}: ${changes.fundingChanges} funding change(s), ${changes.startYearChanges} start-year change(s); ${METHOD_WORDS[changes.method]}`,
    `  why: ${changes.why}`,
    `  benefit ${changes.benefitPoints.toFixed(1)} (baseline's decisions here: ${changes.baselineBenefitPoints === null ? 'no longer fit' : changes.baselineBenefitPoints.toFixed(1)}; first solve ${changes.firstSolveBenefitPoints.toFixed(1)}); stability step ${changes.seconds.toFixed(1)} s`,
  ];
  for (const change of changes.changes.slice(0, CHANGES_LISTED)) {
    const sign = change.benefitChangePoints >= 0 ? '+' : '';
    lines.push(`  ${change.projectId}: ${startWords(change.baselineStartYear)} → ${startWords(change.startYear)} (${sign}${change.benefitChangePoints.toFixed(1)} benefit): ${change.reason}`);
  }
  if (changes.changes.length > CHANGES_LISTED) lines.push(`  … and ${changes.changes.length - CHANGES_LISTED} more (see the "Changes from baseline" sheet or plan.json)`);
  return lines;
}
