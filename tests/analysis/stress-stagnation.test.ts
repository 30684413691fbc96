/**
 * Task s1 (issue 14): the stagnation stop of a stress draw's MILP (SolveOptions.stagnationStop,
 * stagnationCheck in src/solve/highs-run.ts). The rule on injected gap series (shaped like the
 * default model's draws: a plateau that a found plan ends, a bound that creeps, a draw already
 * within the gap), then on a real HiGHS run of a knapsack too hard to prove, with a CPU clock the
 * test moves by hand, and through the engine: a stopped run is `feasible` with its gap and says
 * why, never `optimal`, and its plan is verified.
 */
import { describe, expect, it } from 'vitest';
import { STRESS_STAGNATION, STRESS_STAGNATION_STOP } from '../../src/analysis/run-stress.js';
import type { StagnationStop } from '../../src/solve/engine.js';
import { highsEngine, loadHighsRuntime, resultOfRun, toHighsArrays } from '../../src/solve/highs-engine.js';
import { runHighs, stagnationCheck } from '../../src/solve/highs-run.js';
import { threadCpuSeconds } from '../../src/solve/thread-cpu.js';
import { verifySolution } from '../../src/solve/verify-solution.js';
import { randomKnapsack } from '../solve/helpers.js';

/** Where the rule stops a series of (CPU s, gap) samples: the CPU s of the stop, or null. */
function stopOf(rule: StagnationStop, series: readonly (readonly [number, number])[]): number | null {
  const check = stagnationCheck(rule);
  for (const [cpuSeconds, gap] of series) if (check(cpuSeconds, gap) !== null) return cpuSeconds;
  return null;
}

/** Samples every 0.1 CPU s from 0 to `untilSeconds` of a gap given as a function of CPU s. */
function sampled(untilSeconds: number, gapAt: (cpuSeconds: number) => number): [number, number][] {
  return Array.from({ length: Math.round(untilSeconds * 10) + 1 }, (_, index) => [index / 10, gapAt(index / 10)] as [number, number]);
}

const rule: StagnationStop = { afterCpuSeconds: 6, windowCpuSeconds: 3, minGapDrop: 0.001, aboveGap: 0.01 };

describe('the stagnation rule on injected gap series', () => {
  it('stops a gap that stays at 1.9% once the run has used afterCpuSeconds (a hard draw)', () => {
    expect(stopOf(rule, sampled(15, () => 0.019))).toBe(6);
  });

  it('does not stop a plateau that a plan found before afterCpuSeconds ends (8.5% for 4 CPU s, then 0.44%)', () => {
    expect(stopOf(rule, sampled(15, (cpu) => (cpu < 4.5 ? 0.085 : 0.0044)))).toBeNull();
  });

  it('does not stop a gap that keeps falling by more than minGapDrop a window', () => {
    // 2.4% falling 0.05 percentage points per CPU s: 0.15 points per 3 s window, more than 0.1.
    expect(stopOf(rule, sampled(15, (cpu) => 0.024 - 0.0005 * cpu))).toBeNull();
  });

  it('stops a gap that creeps by less than minGapDrop a window, at the first sample a whole window after the start', () => {
    // 0.02 points per CPU s: 0.06 per window.
    expect(stopOf(rule, sampled(15, (cpu) => 0.024 - 0.0002 * cpu))).toBe(6);
    // With a later start the same creep is stopped later, never before it.
    expect(stopOf({ ...rule, afterCpuSeconds: 8 }, sampled(15, (cpu) => 0.024 - 0.0002 * cpu))).toBe(8);
  });

  it('with atMostGap, never stops a run still without a good plan (draw 43: 18.3% for 4 CPU s, then 0.97%)', () => {
    const series = sampled(15, (cpu) => (cpu < 9 ? 0.183 : 0.0097));
    expect(stopOf({ ...rule, atMostGap: 0.05 }, series)).toBeNull();
    expect(stopOf(rule, series)).toBe(6);
  });

  it('never stops a run at or within the gap asked for (it is about to end by itself)', () => {
    expect(stopOf(rule, sampled(15, () => 0.01))).toBeNull();
  });

  it('judges the gap over the last window only: an old fall does not keep a stalled run going', () => {
    // Falls from 5% to 1.5% in the first 2 CPU s, then stays: stopped once a window of the flat part has passed the start.
    expect(stopOf(rule, sampled(15, (cpu) => (cpu < 2 ? 0.05 - 0.0175 * cpu : 0.015)))).toBe(6);
  });
});

describe('the stagnation stop on HiGHS', () => {
  // Far too hard to prove at a zero gap in the moments the test allows (tests/solve/cpu-limit.test.ts).
  const program = randomKnapsack(2024, 150, 10, 0.25);

  it('interrupts a run whose gap stalls on a clock the test moves, keeps its plan, and says why', async () => {
    const highs = await loadHighsRuntime();
    // Every reading of the clock is one CPU second later: a second of work between checks, and the gap barely moves in them.
    let readings = 0;
    const clock = (): number => (readings += 1);
    const stop: StagnationStop = { afterCpuSeconds: 3, windowCpuSeconds: 2, minGapDrop: 0.5, aboveGap: 0 };
    const run = runHighs(highs, { model: toHighsArrays(program), options: { mip_rel_gap: 0 }, interruptAtEpochMilliseconds: null, stagnation: stop }, undefined, undefined, clock);
    expect(run.codeName).toBe('interrupted');
    expect(run.stagnation?.cpuSeconds).toBeGreaterThanOrEqual(3);
    expect(run.stagnation?.gap).toBeGreaterThan(0);
    const result = resultOfRun(program, run, { requestedGap: 0, limitSeconds: undefined, seconds: 1 });
    expect(result.status).toBe('feasible');
    expect(result.stoppedByStagnation).toBe(true);
    expect(result.rawStatus).toMatch(/its gap had stalled/);
    expect(result.gap).toBeGreaterThan(0);
    expect(verifySolution(program, result.values ?? [], result.objective).ok).toBe(true);
  });

  it('without a stop the same run goes on (to the CPU limit here), and a run it does not stop carries no mark', async () => {
    const highs = await loadHighsRuntime();
    let cpuNow = 0;
    const run = runHighs(highs, { model: toHighsArrays(program), options: { mip_rel_gap: 0 }, interruptAtEpochMilliseconds: null, cpuLimitSeconds: 2 }, { incumbent: () => (cpuNow = 5), progress: () => undefined }, undefined, () => cpuNow);
    expect(run.stagnation).toBeUndefined();
    expect(resultOfRun(program, run, { requestedGap: 0, limitSeconds: undefined, cpuLimitSeconds: 2, seconds: 1 }).stoppedByStagnation).toBeUndefined();
  });

  it('through the engine on the thread\'s real clock: feasible with its gap, never optimal', async () => {
    if (threadCpuSeconds() === null) return; // no per-thread clock: the stop is not applied (as the CPU box)
    // A window of 0 and any fall too small: the first check with a plan stops the run.
    const result = await highsEngine.solve(program, { relativeGap: 0, timeLimitSeconds: 120, stagnationStop: { afterCpuSeconds: 0, windowCpuSeconds: 0, minGapDrop: 1, aboveGap: 0 } });
    expect(result.status, result.rawStatus).toBe('feasible');
    expect(result.stoppedByStagnation).toBe(true);
    expect(result.gap).toBeGreaterThan(0);
    expect(verifySolution(program, result.values ?? [], result.objective).ok).toBe(true);
  });
});

describe('the stress default', () => {
  it('is on, and never stops a draw before it has had a real try (the plateaus of draws that proved lasted up to 3 CPU s)', () => {
    expect(STRESS_STAGNATION).toBe(true);
    expect(STRESS_STAGNATION_STOP.afterCpuSeconds).toBeGreaterThanOrEqual(4);
    expect(STRESS_STAGNATION_STOP.windowCpuSeconds).toBeGreaterThanOrEqual(3);
    // Draws that proved sat at 8.5% and 18.3% before their plan came (26 and 43 of seed 1): never judged.
    expect(STRESS_STAGNATION_STOP.atMostGap).toBeLessThan(0.085);
  });

  // Task ss: draw 83 of seed 1 as measured (bench/research/stress-gap-series.ts, the stall stop off; CPU s of the
  // MILP and its gap at HiGHS's callbacks): 2.04–2.06% from 0.4 to 4 CPU s, then a plan at 5.3 (1.17%), proved 0.82%
  // at 8.9. An earlier, shorter rule (after 3 CPU s over 1.5 with 0.3 points) stops it at 3.0 CPU s with 2.04%;
  // in whole runs such rules saved 10–16% of the CPU but proved 6–8 draws fewer (docs/benchmarks.md, task ss).
  it('lets a measured draw that proved after a 4 CPU s plateau at 2% run on, where an earlier rule stops it', () => {
    const draw83: [number, number][] = [
      [0.25, 0.02586], [0.3, 0.02331], [0.36, 0.02102], [0.41, 0.02091], [0.47, 0.02086], [0.54, 0.02067], [0.73, 0.02067], [0.79, 0.02061],
      [0.88, 0.02061], [0.96, 0.0206], [1.03, 0.0206], [1.09, 0.0206], [1.16, 0.02058], [1.24, 0.02058], [1.32, 0.02058], [1.41, 0.02058],
      [1.51, 0.02058], [1.6, 0.02054], [1.68, 0.02053], [1.75, 0.02053], [1.82, 0.02053], [1.9, 0.0205], [1.99, 0.02043], [2.12, 0.02043],
      [2.26, 0.02043], [2.4, 0.02043], [2.55, 0.02043], [2.7, 0.02043], [2.84, 0.02041], [3.0, 0.0204], [3.14, 0.02038], [3.29, 0.02038],
      [3.43, 0.02037], [3.59, 0.02036], [3.72, 0.02036], [3.86, 0.02035], [3.99, 0.02035], [5.27, 0.01173], [5.42, 0.01173], [8.92, 0.00822],
    ];
    expect(stopOf({ ...STRESS_STAGNATION_STOP, aboveGap: 0.01 }, draw83)).toBeNull();
    expect(stopOf({ afterCpuSeconds: 3, windowCpuSeconds: 1.5, minGapDrop: 0.003, aboveGap: 0.01, atMostGap: 0.05 }, draw83)).toBe(3);
  });
});
