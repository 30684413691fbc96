/**
 * The CPU-seconds box of a HiGHS run (issue 14, task x2): the thread's CPU clock, the interrupt at
 * a CPU limit, and what a run says when the platform has no per-thread clock. The interrupt is
 * driven by a clock the test moves by hand, so nothing depends on the machine's speed or load.
 */
import { describe, expect, it } from 'vitest';
import { highsEngine, loadHighsRuntime, resultOfRun, toHighsArrays } from '../../src/solve/highs-engine.js';
import { runHighs } from '../../src/solve/highs-run.js';
import { cpuSecondsOfStat, threadCpuSeconds } from '../../src/solve/thread-cpu.js';
import { verifySolution } from '../../src/solve/verify-solution.js';
import { randomKnapsack } from './helpers.js';

describe('the thread CPU clock', () => {
  it('reads user plus system ticks of /proc/thread-self/stat, whatever the thread is called', () => {
    // Fields 14 and 15 (utime 250, stime 50 ticks of 1/100 s); the name holds a space and a parenthesis.
    const stat = '4242 (node (worker) 1) R 1 2 3 0 -1 4194304 101 0 0 0 250 50 0 0 20 0 1 0 2070090 3133440 381';
    expect(cpuSecondsOfStat(stat)).toBe(3);
    expect(cpuSecondsOfStat('garbage')).toBeNull();
  });

  it('advances with this thread\'s own work, and never by more than the process\'s', () => {
    const before = threadCpuSeconds();
    if (before === null) return; // no per-thread clock on this platform: the box falls back to the wall clock (tested below)
    const processBefore = process.cpuUsage();
    let spin = 0;
    const until = threadCpuSeconds()! + 0.2;
    while (threadCpuSeconds()! < until) spin += 1;
    const used = threadCpuSeconds()! - before;
    const processUsed = process.cpuUsage(processBefore);
    expect(spin).toBeGreaterThan(0);
    // The clock's seconds are tick counts / 100, so allow for the sums' rounding (0.19999999999999929).
    expect(used).toBeGreaterThanOrEqual(0.2 - 1e-9);
    // /proc rounds the thread's time to clock ticks of 10 ms at both ends, so under load its figure
    // may lead the process's (microseconds) by a few ticks; never by more.
    const processSeconds = (processUsed.user + processUsed.system) / 1e6;
    expect(used, `thread ${used} s against process ${processSeconds} s`).toBeLessThanOrEqual(processSeconds + 0.1);
  });
});

describe('HiGHS under a CPU limit', () => {
  // Far too hard to prove at a zero gap in the moments the test allows (see highs-engine.test.ts).
  const program = randomKnapsack(2024, 150, 10, 0.25);

  it('interrupts once the clock says the CPU seconds are used, keeps the best plan, and says which limit stopped it', async () => {
    const highs = await loadHighsRuntime();
    // The clock stands at 0 until HiGHS reports its first plan, then jumps past the 2 CPU s limit.
    let cpuNow = 0;
    const run = runHighs(
      highs,
      { model: toHighsArrays(program), options: { mip_rel_gap: 0 }, interruptAtEpochMilliseconds: null, cpuLimitSeconds: 2 },
      { incumbent: () => (cpuNow = 5), progress: () => undefined },
      undefined,
      () => cpuNow,
    );
    expect(run.codeName).toBe('interrupted');
    expect(run.interruptedAtCpuLimit).toBe(true);
    expect(run.interruptedAtDeadline).toBe(false);
    expect(run.cpu).toEqual({ limitApplied: true, seconds: 5 });
    const result = resultOfRun(program, run, { requestedGap: 0, limitSeconds: 60, cpuLimitSeconds: 2, seconds: 1 });
    expect(result.status).toBe('feasible');
    expect(result.rawStatus).toContain('at the 2 CPU s limit');
    expect(verifySolution(program, result.values ?? [], result.objective).ok).toBe(true);
  });

  it('without a per-thread clock the CPU limit is not applied, and the run says so', async () => {
    const highs = await loadHighsRuntime();
    const small = randomKnapsack(3, 10, 2);
    const run = runHighs(highs, { model: toHighsArrays(small), options: {}, interruptAtEpochMilliseconds: null, cpuLimitSeconds: 1e-6 }, undefined, undefined, () => null);
    expect(run.codeName).toBe('optimal');
    expect(run.interruptedAtCpuLimit).toBe(false);
    expect(run.cpu).toEqual({ limitApplied: false, seconds: null });
    expect(resultOfRun(small, run, { requestedGap: 1e-4, limitSeconds: 60, cpuLimitSeconds: 1e-6, seconds: 0 }).rawStatus).toContain('only the wall-clock limit applied');
  });

  it('on the engine: a CPU limit too short for a proof gives feasible (verified) or time_limit, never optimal; a bad limit is refused', async () => {
    const result = await highsEngine.solve(program, { relativeGap: 0, cpuTimeLimitSeconds: 0.05, timeLimitSeconds: 120 });
    expect(['feasible', 'time_limit'], result.rawStatus).toContain(result.status);
    if (threadCpuSeconds() !== null) expect(result.rawStatus).toContain('at the 0.05 CPU s limit');
    if (result.status === 'feasible') expect(verifySolution(program, result.values ?? [], result.objective).ok).toBe(true);
    await expect(highsEngine.solve(program, { cpuTimeLimitSeconds: 0 })).rejects.toThrow(/CPU time limit must be a positive number of CPU seconds, got 0/);
  });
});
