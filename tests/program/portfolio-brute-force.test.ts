import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../src/plan/check-plan.js';
import { interpretPortfolio } from '../../src/plan/interpret.js';
import { solveProgram } from '../../src/solve/solve-program.js';
import { nearlyEqual } from '../../src/dataset/tolerance.js';
import { buildPortfolioProgram } from '../../src/program/portfolio.js';
import { highsEngine } from '../../src/solve/highs-engine.js';
import { jslpEngine } from '../../src/solve/jslp-engine.js';
import { TINY_INDICES } from '../plan/tiny-models.js';
import { bruteForcePortfolio } from './brute-force.js';
import { SEED, tinyPortfolioArbitrary } from './generators.js';

describe('portfolio MILP against brute force', () => {
  it('finds the brute-force optimum (or proves infeasibility) on 150 random tiny portfolios, and the checker accepts the plan', async () => {
    let feasibleCases = 0;
    await fc.assert(
      fc.asyncProperty(tinyPortfolioArbitrary, async (dataset) => {
        const reference = bruteForcePortfolio(dataset, TINY_INDICES);
        const { program, layout } = buildPortfolioProgram(dataset, TINY_INDICES);
        if (layout.infeasibleReasons.length > 0) {
          expect(reference.objective).toBeNull();
          return;
        }
        const result = await solveProgram(highsEngine, program, { relativeGap: 0 });
        if (reference.objective === null) {
          expect(result.status).toBe('infeasible');
          return;
        }
        feasibleCases += 1;
        expect(result.status).toBe('optimal');
        expect(nearlyEqual(result.objective ?? NaN, reference.objective, 1e-7)).toBe(true);
        const plan = interpretPortfolio({ dataset, indices: TINY_INDICES, result, scenarioName: 'test', overridesApplied: [], warnings: [] }, layout);
        expect(checkPlan(plan, dataset).violations).toEqual([]);
        expect(nearlyEqual(plan.benefit.total, reference.objective, 1e-7)).toBe(true);
      }),
      { seed: SEED, numRuns: 150 },
    );
    // The generator must exercise feasible cases, not only infeasible ones.
    expect(feasibleCases).toBeGreaterThan(60);
  }, 120_000);
});

describe('both engines agree on tiny portfolios', () => {
  it('javascript-lp-solver and HiGHS reach the same objective (or both infeasible) on 40 random cases', async () => {
    await fc.assert(
      fc.asyncProperty(tinyPortfolioArbitrary, async (dataset) => {
        const { program, layout } = buildPortfolioProgram(dataset, TINY_INDICES);
        if (layout.infeasibleReasons.length > 0) return;
        const highs = await solveProgram(highsEngine, program, { relativeGap: 0 });
        const jslp = await solveProgram(jslpEngine, program);
        expect(jslp.status).toBe(highs.status);
        if (highs.status === 'optimal') expect(nearlyEqual(jslp.objective as number, highs.objective as number, 1e-6)).toBe(true);
      }),
      { seed: SEED + 1, numRuns: 40 },
    );
  }, 120_000);
});
