/**
 * Checks on SolveOptions shared by every engine, so a bad --time-limit or --gap is reported the
 * same way whichever engine runs.
 */
import { MAX_RANDOM_SEED } from '../dataset/engine-catalogue.js';
import type { SolveOptions } from './engine.js';

export { MAX_RANDOM_SEED } from '../dataset/engine-catalogue.js';

/** Throw a RangeError naming the option when a time limit or gap is not a usable number. */
export function checkSolveOptions(options: SolveOptions): void {
  const { timeLimitSeconds, relativeGap, cpuTimeLimitSeconds, randomSeed, mipHeuristicEffort } = options;
  if (timeLimitSeconds !== undefined && !(Number.isFinite(timeLimitSeconds) && timeLimitSeconds > 0)) {
    throw new RangeError(`time limit must be a positive number of seconds, got ${timeLimitSeconds}`);
  }
  if (cpuTimeLimitSeconds !== undefined && !(Number.isFinite(cpuTimeLimitSeconds) && cpuTimeLimitSeconds > 0)) {
    throw new RangeError(`CPU time limit must be a positive number of CPU seconds, got ${cpuTimeLimitSeconds}`);
  }
  if (relativeGap !== undefined && !(Number.isFinite(relativeGap) && relativeGap >= 0 && relativeGap < 1)) {
    throw new RangeError(`relative gap must be a fraction from 0 up to (not including) 1, e.g. 0.005 for 0.5%, got ${relativeGap}`);
  }
  if (randomSeed !== undefined && !(Number.isInteger(randomSeed) && randomSeed >= 0 && randomSeed <= MAX_RANDOM_SEED)) {
    throw new RangeError(`random seed must be a whole number from 0 to ${MAX_RANDOM_SEED}, got ${randomSeed}`);
  }
  if (mipHeuristicEffort !== undefined && !(Number.isFinite(mipHeuristicEffort) && mipHeuristicEffort >= 0 && mipHeuristicEffort <= 1)) {
    throw new RangeError(`MIP heuristic effort must be a number from 0 to 1, got ${mipHeuristicEffort}`);
  }
}

/**
 * How long past its time limit a solve may run before infraplan stops it from outside, seconds:
 * the engine's own check (HiGHS's callbacks, jslp's timeout between nodes) normally stops it at
 * the limit, and finishing the step it is on is worth a short wait. At most 5 s; 0.5 s plus a
 * tenth of the limit below that (60 s → 5 s, 10 s → 1.5 s, 1 s → 0.6 s).
 */
export function hardStopGraceSeconds(timeLimitSeconds: number): number {
  return Math.min(5, 0.5 + timeLimitSeconds * 0.1);
}

/** Seconds for messages: 0.7, 2.73, 60 (no float noise such as 0.6958002699999999). */
export function formatSeconds(seconds: number): string {
  return String(Number(seconds.toFixed(seconds < 10 ? 2 : 1)));
}
