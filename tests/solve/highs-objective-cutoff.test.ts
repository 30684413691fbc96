/**
 * SolveOptions.objectiveCutoff on HiGHS (task e2: an explanation's proof searches only for plans
 * better than its target). HiGHS applies its objective_bound to its internal minimising objective,
 * so a maximisation's cutoff is handed over negated: checked here in both senses against brute force.
 */
import { describe, expect, it } from 'vitest';
import type { LinearProgram } from '../../src/program/linear-program.js';
import { highsEngine } from '../../src/solve/highs-engine.js';
import { bruteForceBinaryOptimum, randomKnapsack } from './helpers.js';

/** The same knapsack as a minimisation of the negated value. */
function minimising(program: LinearProgram): LinearProgram {
  return { ...program, sense: 'minimize', objective: program.objective.map((term) => ({ ...term, coefficient: -term.coefficient })) };
}

describe('HiGHS objective cutoff', () => {
  it.each([1, 2, 3, 4, 5, 6])('knapsack seed %i: a cutoff below the optimum finds it, one above it proves nothing beats it (both senses)', async (seed) => {
    const program = randomKnapsack(seed, 12, 2);
    const best = bruteForceBinaryOptimum(program);
    if (best === null) throw new Error('the knapsack has a plan (x = 0)');
    const below = await highsEngine.solve(program, { objectiveCutoff: best - 0.5, relativeGap: 0 });
    expect(below.status).toBe('optimal');
    expect(below.objective).toBeCloseTo(best, 6);
    const above = await highsEngine.solve(program, { objectiveCutoff: best + 0.5, relativeGap: 0 });
    expect(above.status).toBe('infeasible');
    const flipped = minimising(program);
    const aboveMin = await highsEngine.solve(flipped, { objectiveCutoff: -best + 0.5, relativeGap: 0 });
    expect(aboveMin.status).toBe('optimal');
    expect(aboveMin.objective).toBeCloseTo(-best, 6);
    expect((await highsEngine.solve(flipped, { objectiveCutoff: -best - 0.5, relativeGap: 0 })).status).toBe('infeasible');
  });

  it('ignores a start below the cutoff rather than report it as the optimum', async () => {
    const program = randomKnapsack(7, 12, 2);
    const best = bruteForceBinaryOptimum(program) as number;
    const zero = program.variables.map(() => 0);
    const solved = await highsEngine.solve(program, { objectiveCutoff: best + 0.5, startValues: zero, relativeGap: 0 });
    expect(solved.status).toBe('infeasible');
  });
});
