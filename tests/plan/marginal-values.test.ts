import { describe, expect, it } from 'vitest';
import type { LinearProgram } from '../../src/program/linear-program.js';
import { buildFormulation } from '../../src/program/formulation.js';
import { computeMarginalValues, marginalProgram } from '../../src/solve/marginal-values.js';
import { solveProgram } from '../../src/solve/solve-program.js';
import { highsEngine } from '../../src/solve/highs-engine.js';
import { MILLION, TINY_INDICES, tinyDataset, tinyProject, tinySource } from './tiny-models.js';
import { expectClose, SOLVER } from '../tolerance.js';

/** One year, R3 million: A (R1m, 300 households) and C (R2m, 500) are funded; B (R1m, 200) is the next project in line. */
const dataset = tinyDataset({
  horizonYears: 1,
  projects: [
    tinyProject({ id: 'A', householdsServed: 300 }),
    tinyProject({ id: 'B', householdsServed: 200 }),
    tinyProject({ id: 'C', cashFlowRandByBuildYear: [2 * MILLION], householdsServed: 500 }),
  ],
  sources: [tinySource('GRANT', [3 * MILLION], false)],
});

/** The program with one constraint's bounds shifted by `step` (program units, R million). */
function shiftRow(program: LinearProgram, row: number, step: number): LinearProgram {
  return {
    ...program,
    constraints: program.constraints.map((constraint, index) =>
      index === row ? { ...constraint, lower: constraint.lower + step, upper: constraint.upper + step } : constraint,
    ),
  };
}

describe('portfolio marginal values', () => {
  it('equal the finite difference of the marginal LP (chosen starts fixed, the rest relaxed)', async () => {
    const built = buildFormulation(dataset, TINY_INDICES, 'portfolio');
    if (built.kind !== 'portfolio') throw new Error('expected the portfolio');
    const result = await solveProgram(highsEngine, built.program, { relativeGap: 0 });
    expectClose(result.objective, 0.6 * 800, SOLVER);
    const [marginal] = await computeMarginalValues(highsEngine, built, result);
    // One more rand buys a millionth of B: 0.6 × 200 benefit per R1 million.
    expectClose(marginal.objectivePerRand * MILLION, 120, SOLVER);

    const relaxed = marginalProgram(built.program, built.layout, result.values as number[]);
    const row = built.layout.budgetRows[0].index;
    const base = await solveProgram(highsEngine, relaxed);
    // The relaxed program already carries the MARGINAL_STEP_RAND raise; step further from there.
    const stepRand = 1000;
    const more = await solveProgram(highsEngine, shiftRow(relaxed, row, stepRand / MILLION));
    const gainPerRand = ((more.objective as number) - (base.objective as number)) / stepRand;
    // Per R1 million, the unit the duals are quoted in, so the comparison is on numbers near 1.
    expectClose(gainPerRand * MILLION, marginal.objectivePerRand * MILLION, SOLVER);
  });
});

describe('portfolio marginal values where the plan leaves money unspent', () => {
  it('are 0 for a capped envelope with money that lapses (the relaxed LP alone said 120)', async () => {
    // One year, R2.5 million: A (R2m, 500 households) is funded; B (R1m) no longer fits, so R0.5m lapses.
    // With A kept, one more R1 million lapses with it; the relaxed LP would spend the R0.5m on half of B.
    const lapsing = tinyDataset({
      horizonYears: 1,
      projects: [tinyProject({ id: 'A', cashFlowRandByBuildYear: [2 * MILLION], householdsServed: 500 }), tinyProject({ id: 'B', householdsServed: 200 })],
      sources: [tinySource('GRANT', [2.5 * MILLION], false)],
    });
    const built = buildFormulation(lapsing, TINY_INDICES, 'portfolio');
    if (built.kind !== 'portfolio') throw new Error('expected the portfolio');
    const result = await solveProgram(highsEngine, built.program, { relativeGap: 0 });
    expectClose(result.objective, 0.6 * 500, SOLVER);
    const relaxed = await solveProgram(highsEngine, marginalProgram(built.program, built.layout, result.values as number[]));
    // The relaxed dual is per program unit, R1 million.
    expectClose((relaxed.duals as number[])[built.layout.budgetRows[0].index], 0.6 * 200, SOLVER);
    const [marginal] = await computeMarginalValues(highsEngine, built, result);
    expect(marginal.objectivePerRand).toBe(0);
  });

  it('are 0 for carry-over money carried past the horizon, and the years that carry into a year that spends it keep that year\'s value', async () => {
    // GRANTC carries over. Year 1: R1m, nothing can start (A's window opens in 2027). Year 2: R1m, A (R2m) spends
    // year 1's carried million and year 2's. Year 3: R1.5m; B (R1m, 2028 only) is funded, D (R1m, 2028) no longer fits, R0.5m is carried past the end.
    const carry = tinyDataset({
      horizonYears: 3,
      projects: [
        tinyProject({ id: 'A', cashFlowRandByBuildYear: [2 * MILLION], householdsServed: 500, earliestStartYear: 2027, latestStartYear: 2027, fundingSourceIds: ['GRANTC'] }),
        tinyProject({ id: 'B', householdsServed: 200, earliestStartYear: 2028, latestStartYear: 2028, fundingSourceIds: ['GRANTC'] }),
        tinyProject({ id: 'C', householdsServed: 100, earliestStartYear: 2027, latestStartYear: 2027, fundingSourceIds: ['GRANTC'] }),
        // D does not fit beside B; the relaxed LP alone would spend the carried R0.5m on half of it (30 per R1m).
        tinyProject({ id: 'D', householdsServed: 50, earliestStartYear: 2028, latestStartYear: 2028, fundingSourceIds: ['GRANTC'] }),
      ],
      sources: [tinySource('GRANTC', [1 * MILLION, 1 * MILLION, 1.5 * MILLION], true)],
    });
    const built = buildFormulation(carry, TINY_INDICES, 'portfolio');
    if (built.kind !== 'portfolio') throw new Error('expected the portfolio');
    const result = await solveProgram(highsEngine, built.program, { relativeGap: 0 });
    expectClose(result.objective, 0.6 * 700, SOLVER);
    const values = await computeMarginalValues(highsEngine, built, result);
    const byYear = new Map(values.map((value) => [value.financialYear, value.objectivePerRand * MILLION]));
    // 2026/27 and 2027/28: one more R1 million in either would pay for C (R1m, 100 households, start 2027) → 60.
    expectClose(byYear.get(2026) as number, 60, SOLVER);
    expectClose(byYear.get(2027) as number, 60, SOLVER);
    // 2028/29: R0.5m is already carried past the end; more of it would be too.
    expect(byYear.get(2028)).toBe(0);
  });
});
