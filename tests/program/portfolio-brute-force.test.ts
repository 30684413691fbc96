import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../src/plan/check-plan.js';
import { interpretPortfolio } from '../../src/plan/interpret.js';
import { solveProgram } from '../../src/solve/solve-program.js';
import { buildPortfolioProgram } from '../../src/program/portfolio.js';
import { highsEngine } from '../../src/solve/highs-engine.js';
import { jslpEngine } from '../../src/solve/jslp-engine.js';
import { TINY_INDICES } from '../plan/tiny-models.js';
import { RunCounter } from '../property-runs.js';
import { expectClose } from '../tolerance.js';
import { bruteForcePortfolio } from './brute-force.js';
import { mixedPortfolioArbitrary, SEED } from './generators.js';

describe('portfolio MILP against brute force', () => {
  it('finds the brute-force optimum (or proves infeasibility) on 150 random tiny portfolios, and the checker accepts the plan', async () => {
    const numRuns = 150;
    // Non-trivial here means a plan to compare; the infeasible runs are counted too, so both outcomes are exercised.
    const withPlan = new RunCounter();
    let infeasibleRuns = 0;
    await fc.assert(
      fc.asyncProperty(mixedPortfolioArbitrary, async (dataset) => {
        const reference = bruteForcePortfolio(dataset, TINY_INDICES);
        withPlan.count(reference.objective !== null);
        const { program, layout } = buildPortfolioProgram(dataset, TINY_INDICES);
        if (layout.infeasibleReasons.length > 0) {
          infeasibleRuns += 1;
          expect(reference.objective).toBeNull();
          return;
        }
        const result = await solveProgram(highsEngine, program, { relativeGap: 0 });
        if (reference.objective === null) {
          infeasibleRuns += 1;
          expect(result.status).toBe('infeasible');
          return;
        }
        expect(result.status).toBe('optimal');
        expectClose(result.objective, reference.objective);
        const plan = interpretPortfolio({ dataset, indices: TINY_INDICES, result, scenarioName: 'test', overridesApplied: [], warnings: [] }, layout);
        // interpretPortfolio does not check its plan (planModel does), so this is the checker's verdict on the solver's answer.
        expect(checkPlan(plan, dataset).violations).toEqual([]);
        expectClose(plan.benefit.total, reference.objective);
      }),
      { seed: SEED, numRuns },
    );
    withPlan.expectMostChecked(numRuns);
    expect(infeasibleRuns, 'infeasible runs').toBeGreaterThan(0);
  }, 120_000);
});

describe('both engines agree on tiny portfolios', () => {
  it('javascript-lp-solver and HiGHS reach the same objective (or both infeasible) on 40 random cases', async () => {
    const numRuns = 40;
    const solvedByBoth = new RunCounter();
    await fc.assert(
      fc.asyncProperty(mixedPortfolioArbitrary, async (dataset) => {
        const { program, layout } = buildPortfolioProgram(dataset, TINY_INDICES);
        if (!solvedByBoth.count(layout.infeasibleReasons.length === 0)) return;
        const highs = await solveProgram(highsEngine, program, { relativeGap: 0 });
        const jslp = await solveProgram(jslpEngine, program);
        expect(jslp.status).toBe(highs.status);
        if (highs.status === 'optimal') expectClose(jslp.objective, highs.objective as number);
      }),
      { seed: SEED + 1, numRuns },
    );
    solvedByBoth.expectMostChecked(numRuns);
  }, 120_000);
});
