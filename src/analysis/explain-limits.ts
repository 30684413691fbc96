/**
 * Explain's time limits in CPU seconds (issue 14, task x1). With wall-clock limits what an answer
 * reached depended on the machine's load: at load 13–23 on 2 cores a 15 s box gave HiGHS about
 * 2.5 CPU s, and 4 of 10 answer MILPs found nothing (docs/benchmarks.md, task e2). So every solve of
 * explain counts its box in CPU seconds of HiGHS's own thread (SolveOptions.cpuTimeLimitSeconds, as
 * stress draws do), and the wall clock stops it only at EXPLAIN_WALL_FACTOR × the box, so a run on a
 * very busy machine still ends. The engines that have no per-thread CPU clock (jslp) keep the wall
 * clock, and the factor is then 1.
 *
 * The search budget of one project (4 boxes) is counted the same way, by a ledger: each solve is
 * charged the smaller of its CPU box and its wall-clock seconds. On a quiet machine that is what it
 * used (a single-threaded solve uses at most its wall time, and at most its box); on a busy one a
 * solve that ends before its box is charged its wall time, more than it used, so the budget errs on
 * the side of ending sooner, never later than its wall-clock guard.
 */
import { DEFAULT_ENGINE } from '../dataset/engine-catalogue.js';
import type { Engine, EngineName } from '../solve/engine.js';
import { getEngine } from '../solve/engines.js';
import { CPU_BOX_WALL_FACTOR, cpuBoxedEngine, engineBoxesInCpuSeconds } from './plan-shortcut.js';

/** Wall-clock limit of an explain solve (and of a project's search budget) as a multiple of its CPU-seconds limit; the same factor as stress draws. */
export const EXPLAIN_WALL_FACTOR = CPU_BOX_WALL_FACTOR;

/** True when explain's limits count CPU seconds with this engine (HiGHS), false when they are wall-clock seconds (jslp). */
export function explainBoxesInCpuSeconds(engineName: EngineName | undefined): boolean {
  return engineBoxesInCpuSeconds(engineName ?? DEFAULT_ENGINE);
}

/**
 * The engine explain's own solves run on (answer MILPs, their starts, the proof): with a CPU clock,
 * each `timeLimitSeconds` it is given is a limit in CPU seconds, with EXPLAIN_WALL_FACTOR × it on
 * the wall clock.
 */
export function explainEngine(engineName: EngineName | undefined): Engine {
  const engine = getEngine(engineName ?? DEFAULT_ENGINE);
  return engineBoxesInCpuSeconds(engine.name) ? cpuBoxedEngine(engine) : engine;
}

/** The unit of explain's limits in words: `CPU s` or `s`. */
export function limitUnitWords(engineName: EngineName | undefined): string {
  return explainBoxesInCpuSeconds(engineName) ? 'CPU s' : 's';
}

/**
 * A budget of seconds spent solve by solve: `limitSeconds` of CPU (or wall, without a CPU clock),
 * and a wall-clock guard at `wallFactor` × it from its creation.
 */
export interface SolveBudget {
  /** The budget, CPU seconds (wall-clock seconds when wallFactor is 1). */
  readonly limitSeconds: number;
  /** performance.now() after which the budget is spent whatever the ledger says. */
  readonly wallDeadline: number;
  /** Seconds charged so far. */
  spentSeconds: number;
}

/** A budget of `limitSeconds`, its wall-clock guard at `wallFactor` × that from now. */
export function createSolveBudget(limitSeconds: number, wallFactor: number, now: () => number = () => performance.now()): SolveBudget {
  return { limitSeconds, wallDeadline: now() + limitSeconds * wallFactor * 1000, spentSeconds: 0 };
}

/**
 * Charge a solve (or a round of solves run at once) to the budget: the smaller of what its limit
 * allowed it (`limitSeconds`: its box, or the boxes of a round one after another on each worker)
 * and its wall-clock seconds.
 */
export function chargeSolve(budget: SolveBudget, limitSeconds: number | undefined, wallSeconds: number): void {
  budget.spentSeconds += limitSeconds === undefined ? wallSeconds : Math.min(limitSeconds, wallSeconds);
}

/** Seconds left in the budget: 0 once its wall-clock guard has passed. */
export function budgetSecondsLeft(budget: SolveBudget, now: () => number = () => performance.now()): number {
  if (now() > budget.wallDeadline) return 0;
  return Math.max(0, budget.limitSeconds - budget.spentSeconds);
}
