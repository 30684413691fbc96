/**
 * `--baseline` and `--lock-years` for every planning command: read the baseline plan through the
 * input gate, check it belongs to this model, and put the lock of its first years on the dataset
 * (a rule of the registry, src/rules/baseline-lock.ts). planRun then takes the baseline's decisions
 * as `baseline` and keeps the plan close to them.
 */
import { InvalidInputError } from '../errors/problems.js';
import { baselineLockOf, checkBaselineFits, readBaseline } from '../dataset/read-baseline.js';
import type { BaselineDecisions } from '../dataset/types.js';
import { COMMAND_LINE } from '../scenario/command-line-layer.js';
import type { PlanningRun } from './plan-run.js';

/** What a command asks about a baseline. */
export interface BaselineRequest {
  /** `--baseline`: a run folder or a plan.json; undefined for none. */
  readonly baselinePath?: string;
  /** `--lock-years`: the first N years of the baseline held; needs a baseline. */
  readonly lockYears?: number;
}

/** A run with its baseline: the dataset carries the lock, and the decisions go to planRun as `baseline`. */
export interface RunWithBaseline<Run extends PlanningRun> {
  /** The run, its dataset with the lock of `--lock-years` when one was asked for. */
  readonly run: Run;
  /** The baseline's decisions, or null without --baseline. */
  readonly baseline: BaselineDecisions | null;
}

/**
 * Read and check the baseline of a request and apply its lock to the run. Throws InvalidInputError
 * naming the file and key for a bad or foreign baseline, and the option for --lock-years without
 * --baseline.
 */
export async function applyBaseline<Run extends PlanningRun>(run: Run, request: BaselineRequest): Promise<RunWithBaseline<Run>> {
  if (request.baselinePath === undefined) {
    if (request.lockYears !== undefined) throw new InvalidInputError([{ file: COMMAND_LINE, row: null, column: '--lock-years', message: 'needs --baseline RUN_FOLDER|plan.json: the years are locked to that plan\'s decisions' }]);
    return { run, baseline: null };
  }
  const baseline = await readBaseline(request.baselinePath);
  checkBaselineFits(baseline, run.dataset);
  if (request.lockYears === undefined) return { run, baseline };
  const baselineLock = baselineLockOf(baseline, run.dataset, request.lockYears);
  return { run: { ...run, dataset: { ...run.dataset, baselineLock } }, baseline };
}
