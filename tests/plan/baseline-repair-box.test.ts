/**
 * The repair of a baseline that no longer fits is boxed in CPU seconds (a wall-clock box gave it
 * under a CPU second on a loaded machine, and it then dropped other projects): the engine's calls
 * are recorded, and the repair MILP's call carries a CPU limit with a wider wall-clock limit. The
 * repaired point is checked by hand: with money for one of the two baseline projects, the repair
 * keeps the one worth more.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { computeIndices } from '../../src/indicators/indices.js';
import { completeBaseline, decisionsOfValues, REPAIR_CPU_SECONDS, REPAIR_WALL_FACTOR } from '../../src/plan/baseline-stability.js';
import { buildFormulation } from '../../src/program/formulation.js';
import type { LinearProgram } from '../../src/program/linear-program.js';
import type { SolveOptions } from '../../src/solve/engine.js';
import { highsEngine } from '../../src/solve/highs-engine.js';
import { MILLION, tinyDataset, tinyProject, tinySource } from './tiny-models.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the repair of a baseline that no longer fits', () => {
  // R10 million a year; the baseline starts both projects in 2026, which needs R16 million.
  const dataset = tinyDataset({
    horizonYears: 2,
    sources: [tinySource('GRANT', [10 * MILLION, 10 * MILLION], false)],
    projects: [
      tinyProject({ id: 'A', cashFlowRandByBuildYear: [8 * MILLION], benefitOverride: 50, latestStartYear: 2026 }),
      tinyProject({ id: 'B', cashFlowRandByBuildYear: [8 * MILLION], benefitOverride: 30, latestStartYear: 2026 }),
    ],
  });

  function recordCalls(): { readonly program: LinearProgram; readonly options: SolveOptions }[] {
    const calls: { readonly program: LinearProgram; readonly options: SolveOptions }[] = [];
    const solve = highsEngine.solve.bind(highsEngine);
    vi.spyOn(highsEngine, 'solve').mockImplementation((program, options = {}) => {
      calls.push({ program, options });
      return solve(program, options);
    });
    return calls;
  }

  it('is boxed in CPU seconds, with a wall-clock outer limit a few times larger, and keeps the project worth more', async () => {
    const built = buildFormulation(dataset, computeIndices(dataset), 'portfolio');
    if (built.kind !== 'portfolio') throw new Error('expected the portfolio formulation');
    const calls = recordCalls();
    const repaired = await completeBaseline(highsEngine, built.program, built.layout, { A: 2026, B: 2026 }, null);
    expect(repaired?.exact).toBe(false);
    expect(decisionsOfValues(built.layout, repaired!.values)).toEqual({ A: 2026, B: null });
    const repairs = calls.filter((call) => call.program.name.includes('-baseline-repair'));
    expect(repairs).toHaveLength(1);
    expect(repairs[0].options.cpuTimeLimitSeconds).toBe(REPAIR_CPU_SECONDS);
    expect(repairs[0].options.timeLimitSeconds).toBe(REPAIR_CPU_SECONDS * REPAIR_WALL_FACTOR);
    expect(REPAIR_WALL_FACTOR).toBeGreaterThan(1);
  });

  it('stays within the time an overall clock has left, on both clocks', async () => {
    const built = buildFormulation(dataset, computeIndices(dataset), 'portfolio');
    if (built.kind !== 'portfolio') throw new Error('expected the portfolio formulation');
    const calls = recordCalls();
    await completeBaseline(highsEngine, built.program, built.layout, { A: 2026, B: 2026 }, 3);
    const repairs = calls.filter((call) => call.program.name.includes('-baseline-repair'));
    expect(repairs).toHaveLength(1);
    expect(repairs[0].options.timeLimitSeconds).toBe(3);
    expect(repairs[0].options.cpuTimeLimitSeconds).toBe(3);
  });
});
