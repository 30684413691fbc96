/**
 * A re-solve of explain that failed (issue 14), said in words: which solve, why, and what to try.
 * An answer whose question could not be answered because a solve failed says so (outcome
 * `solve_failed`), never "no change funds it", a blank or a raw status code: a failed solve
 * proves nothing about the project.
 */
import type { SolveStatus } from '../solve/engine.js';

/** One failed solve of explain's search or verification. */
export interface SolveFailure {
  /** Discriminant, so an answer MILP's result can be a failure. */
  readonly kind: 'solve_failed';
  /** Which solve, in words: `the least-extra-money MILP`, `the verifying re-solve`. */
  readonly solve: string;
  /** The engine's status (never optimal or feasible with a plan). */
  readonly status: SolveStatus;
  /** The engine's own status text, when it said more than the status. */
  readonly rawStatus: string | null;
  /** The time box of the solve, seconds, or null for none. */
  readonly timeLimitSeconds: number | null;
  /** True when the box counts CPU seconds of the solver's thread (explain's limits since task x1), false or absent for wall-clock seconds. */
  readonly timeLimitInCpuSeconds?: boolean;
  /** The sentence: which solve failed, why, and what to try. */
  readonly sentence: string;
}

/** A longer time box to suggest: four times the one that ran out, at least a minute. */
function longerSeconds(timeLimitSeconds: number | null): number {
  return Math.max(60, Math.ceil(4 * (timeLimitSeconds ?? 15)));
}

/**
 * The failure of `solve` (words, e.g. `the least-extra-money MILP`) with the engine's `status`:
 * a time limit that left no plan, a solver error, or a model the solver calls infeasible or
 * unbounded where a plan was expected.
 */
export function solveFailure(solve: string, status: SolveStatus, rawStatus: string | null, timeLimitSeconds: number | null, timeLimitInCpuSeconds = false): SolveFailure {
  const raw = rawStatus !== null && rawStatus.trim() !== '' && rawStatus.trim().toLowerCase() !== status ? rawStatus.trim() : null;
  const box = timeLimitSeconds === null ? '' : ` of ${formatSeconds(timeLimitSeconds, timeLimitInCpuSeconds)}`;
  const longer = `a longer --time-limit (e.g. --time-limit ${longerSeconds(timeLimitSeconds)}) or a looser --gap (e.g. --gap 0.01)`;
  let why: string;
  let advice: string;
  if (status === 'time_limit' || status === 'feasible' || status === 'optimal') {
    why = `it reached its time limit${box} before finding any plan`;
    advice = longer;
  } else if (status === 'infeasible') {
    why = 'the solver found no plan that meets every row, where a plan was expected (the change only adds plans)';
    advice = `${longer}; if it persists, check the model with \`infraplan validate\` and report it`;
  } else if (status === 'unbounded') {
    why = 'the solver reported the program unbounded';
    advice = 'checking the model with `infraplan validate` and reporting it: a plan of a bounded budget cannot be unbounded';
  } else {
    why = `the solver reported an error${raw === null ? '' : ` (${raw})`}`;
    advice = `${longer}, or --debug to see the solver's message`;
  }
  const sentence = `${solve.charAt(0).toUpperCase()}${solve.slice(1)} failed: ${why}; try ${advice}.`;
  return { kind: 'solve_failed', solve, status, rawStatus: raw, timeLimitSeconds, ...(timeLimitInCpuSeconds ? { timeLimitInCpuSeconds } : {}), sentence };
}

/** Seconds as `15 s` or `0.5 s` (`15 CPU s` for a CPU-seconds box). */
function formatSeconds(seconds: number, cpu = false): string {
  return `${Number.isInteger(seconds) ? seconds : Number(seconds.toPrecision(2))} ${cpu ? 'CPU s' : 's'}`;
}
