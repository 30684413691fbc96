import jslpPackage from 'javascript-lp-solver';
import { describe, expect, it } from 'vitest';
import { jslpEngine, toJslpModel } from '../../src/solve/jslp-engine.js';
import { verifySolution } from '../../src/solve/verify-solution.js';
import { randomKnapsack } from './helpers.js';
import { isClose, SOLVER } from '../tolerance.js';

type JslpSolver = { Solve(model: ReturnType<typeof toJslpModel>['model']): Parameters<ReturnType<typeof toJslpModel>['recoverValues']>[0] };
/** The library's types describe a CommonJS default; Node's ESM build gives the solver directly. */
const jslp = ((jslpPackage as unknown as { default?: unknown }).default ?? jslpPackage) as JslpSolver;

describe('jslp under a tiny timeout', () => {
  it('never reports optimal when the raw answer has fractional binaries', async () => {
    let fractionalRawAnswers = 0;
    for (const seed of [7, 8, 9]) {
      const program = randomKnapsack(seed, 60, 5);
      // The raw library answer with the same 1 ms timeout: proves the trap exists for this case.
      const translation = toJslpModel(program, 1);
      const raw = jslp.Solve(translation.model);
      const rawValues = translation.recoverValues(raw);
      // Fractional beyond the integrality the adapter allows (1e-6, docs/engines.md), which SOLVER matches for 0/1 values.
      const rawIsFractional = rawValues.some((value) => !isClose(value, Math.round(value), SOLVER));
      if (raw.feasible && rawIsFractional) fractionalRawAnswers += 1;

      const result = await jslpEngine.solve(program, { timeLimitSeconds: 0.001 });
      expect(result.status, `seed ${seed}: ${result.rawStatus}`).not.toBe('optimal');
      expect(['feasible', 'time_limit']).toContain(result.status);
      if (result.status === 'feasible') {
        expect(verifySolution(program, result.values ?? [], result.objective).ok).toBe(true);
        expect(result.gap).toBeNull();
      } else {
        expect(result.values).toBeNull();
      }
    }
    // Without at least one fractional raw answer this test would pass vacuously.
    expect(fractionalRawAnswers).toBeGreaterThan(0);
  });

  it('reports optimal for the same knapsack without a timeout, matching HiGHS', async () => {
    const program = randomKnapsack(7, 25, 3);
    const { highsEngine } = await import('../../src/solve/highs-engine.js');
    const [jslpResult, highsResult] = [await jslpEngine.solve(program), await highsEngine.solve(program)];
    expect(jslpResult.status).toBe('optimal');
    expect(jslpResult.objective).toBe(highsResult.objective);
    expect(jslpResult.bestBound).toBeNull();
    expect(jslpResult.duals).toBeNull();
  });
});

describe('jslp time limit on a model too large for one LP relaxation', () => {
  it('is honoured from outside: the Western Cape portfolio stops with time_limit instead of running for minutes', async () => {
    const { loadModel } = await import('../../src/dataset/load-model.js');
    const { computeIndices } = await import('../../src/indicators/indices.js');
    const { buildFormulation } = await import('../../src/program/formulation.js');
    const dataset = await loadModel('models/western-cape');
    const { program } = buildFormulation(dataset, computeIndices(dataset), 'portfolio');
    // jslp alone needs minutes here (its own check runs only between branch-and-bound nodes), so a
    // 1 s limit can only end by infraplan stopping it. No assertion on elapsed time: that belongs
    // in `npm run bench`, and a busy machine would make it fail.
    const result = await jslpEngine.solve(program, { timeLimitSeconds: 1 });
    expect(['time_limit', 'feasible']).toContain(result.status);
    if (result.status === 'time_limit') expect(result.rawStatus).toContain('infraplan stopped it');
  }, 60_000);
});
