/**
 * `--baseline` and `--lock-years` for every planning command: read the baseline plan through the
 * input gate, check it belongs to this model, and put the lock of its first years on the dataset
 * (a rule of the registry, src/rules/baseline-lock.ts). planRun then takes the baseline's decisions
 * as `baseline` and keeps the plan close to them.
 */
import path from 'node:path';
import { InvalidInputError } from '../errors/problems.js';
import { readInputText } from '../dataset/input-file.js';
import { baselineLockOf, checkBaselineFits, readBaseline } from '../dataset/read-baseline.js';
import type { BaselineDecisions, SourceFile } from '../dataset/types.js';
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
  const decisions = await readBaseline(request.baselinePath);
  const inputFiles = await baselineInputFiles(decisions.source);
  const baseline: BaselineDecisions = inputFiles === null ? decisions : { ...decisions, inputFiles };
  checkBaselineFits(baseline, run.dataset);
  if (request.lockYears === undefined) return { run, baseline };
  const baselineLock = baselineLockOf(baseline, run.dataset, request.lockYears);
  return { run: { ...run, dataset: { ...run.dataset, baselineLock } }, baseline };
}

/**
 * The input files and hashes of the baseline run, from manifest.json beside its plan.json, so the
 * Changes from baseline sheet can say which inputs differ; null when there is no readable
 * manifest (a plan.json on its own, `solve --json` output): the comparison then leaves files out.
 */
export async function baselineInputFiles(planFile: string): Promise<SourceFile[] | null> {
  const manifestPath = path.join(path.dirname(planFile), 'manifest.json');
  const read = await readInputText(manifestPath, manifestPath, 'json');
  if (read.text === null) return null;
  let manifest: unknown;
  try {
    manifest = JSON.parse(read.text);
  } catch {
    return null;
  }
  const inputs = typeof manifest === 'object' && manifest !== null && Array.isArray((manifest as { inputs?: unknown }).inputs) ? ((manifest as { inputs: unknown[] }).inputs) : null;
  if (inputs === null) return null;
  const files = inputs.filter((input): input is SourceFile => typeof input === 'object' && input !== null && typeof (input as SourceFile).path === 'string' && typeof (input as SourceFile).sha256 === 'string');
  return files.map((file) => ({ path: file.path, sha256: file.sha256 }));
}
