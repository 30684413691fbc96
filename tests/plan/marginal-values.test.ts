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
