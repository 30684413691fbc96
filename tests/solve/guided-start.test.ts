/**
 * Task p1 (issue 14): the guided start (the reference fixed where the LP relaxation agrees with
 * it, the small MILP over the rest) and SolveOptions.objectiveTarget. Random knapsacks against
 * brute force: a guided start is always a plan of the program, never better than its optimum;
 * fixing only where the LP agrees keeps every other variable free; a target stops no later than a
 * plan at least that good.
 */
import { describe, expect, it } from 'vitest';
import type { LinearProgram } from '../../src/program/linear-program.js';
import { hasSolution } from '../../src/solve/engine.js';
import { getEngine } from '../../src/solve/engines.js';
import { GUIDED_SUB_MIP_GAP, guidedStart, programFixedWhereAgreeing } from '../../src/solve/guided-start.js';
import { solveProgram } from '../../src/solve/solve-program.js';
import { computeObjective, verifySolution } from '../../src/solve/verify-solution.js';
import { expectAtLeast, expectAtMost, SOLVER } from '../tolerance.js';
import { bruteForceBinaryOptimum, randomKnapsack } from './helpers.js';

const engine = getEngine('highs');

/** The brute-force optimum's selection of a knapsack (every binary), by enumeration. */
function bestSelection(program: LinearProgram): number[] {
  const count = program.variables.length;
  let best: number[] = [];
  let bestValue = -Infinity;
  for (let mask = 0; mask < 1 << count; mask += 1) {
    const values = Array.from({ length: count }, (_, index) => (mask >> index) & 1);
    if (!verifySolution(program, values, null).ok) continue;
    const value = computeObjective(program, values);
    if (value > bestValue) {
      bestValue = value;
      best = values;
    }
  }
  return best;
}

describe('programFixedWhereAgreeing', () => {
  it('fixes a 0/1 variable exactly where the LP value is within the tolerance of the reference, and nothing else', () => {
    const program = randomKnapsack(3, 6, 2);
    const reference: (0 | 1 | null)[] = [1, 0, 1, 0, null, 1];
    const lpValues = [1, 0.004, 0.5, 1, 0, 0.995];
    const { program: fixed, fixed: fixedCount, free } = programFixedWhereAgreeing(program, reference, lpValues);
    expect(fixedCount).toBe(3);
    expect(free).toBe(3);
    expect(fixed.variables.map((variable) => [variable.lower, variable.upper])).toEqual([[1, 1], [0, 0], [0, 1], [0, 1], [0, 1], [1, 1]]);
    // The program itself is left as it was.
    expect(program.variables.every((variable) => variable.lower === 0 && variable.upper === 1)).toBe(true);
  });
});

describe('guidedStart on random knapsacks (brute force)', () => {
  it('is always a plan of the program, never above the optimum; from the optimum as reference it is within the sub-MIP gap of it', async () => {
    let withStart = 0;
    for (let seed = 1; seed <= 12; seed += 1) {
      const program = randomKnapsack(seed, 10, 2, 0.4);
      const optimum = bruteForceBinaryOptimum(program) as number;
      const best = bestSelection(program);
      // A reference that is not a plan (everything taken) and the optimum itself.
      for (const reference of [program.variables.map(() => 1 as const), best.map((value) => (value === 1 ? 1 : 0) as 0 | 1)]) {
        const start = await guidedStart(engine, program, reference, { relativeGap: 0.01 });
        if (start === null) continue;
        withStart += 1;
        expect(verifySolution(program, start.values, start.objective).violations).toEqual([]);
        expect(start.fixedVariables + start.freeVariables).toBe(program.variables.length);
        expectAtMost(start.objective, optimum, SOLVER, `seed ${seed}: start against the optimum`);
        expectAtMost(Math.abs(computeObjective(program, start.values) - start.objective), 0, SOLVER, 'objective of the values');
      }
      const fromOptimum = await guidedStart(engine, program, best.map((value) => (value === 1 ? 1 : 0) as 0 | 1), { relativeGap: 0 });
      expect(fromOptimum).not.toBeNull();
      expectAtLeast(fromOptimum?.objective, optimum * (1 - GUIDED_SUB_MIP_GAP) - 1e-9, SOLVER, `seed ${seed}: start from the optimum`);
    }
    expect(withStart).toBeGreaterThan(12);
  }, 60_000);
});

describe('SolveOptions.objectiveTarget (HiGHS objective_target)', () => {
  it('ends with a plan at least as good as the target, and at the optimum when the target is above it', async () => {
    for (let seed = 20; seed <= 26; seed += 1) {
      const program = randomKnapsack(seed, 12, 3, 0.5);
      const optimum = bruteForceBinaryOptimum(program) as number;
      const target = Math.floor(optimum * 0.9);
      const stopped = await solveProgram(engine, program, { relativeGap: 0, objectiveTarget: target });
      expect(hasSolution(stopped)).toBe(true);
      expect(['optimal', 'feasible']).toContain(stopped.status);
      expectAtLeast(stopped.objective, target, SOLVER, `seed ${seed}: plan against the target`);
      expectAtMost(stopped.objective, optimum, SOLVER, `seed ${seed}: plan against the optimum`);
      expect(verifySolution(program, stopped.values ?? [], stopped.objective).violations).toEqual([]);
      const unreachable = await solveProgram(engine, program, { relativeGap: 0, objectiveTarget: optimum + 1 });
      expect(unreachable.status).toBe('optimal');
      expectAtLeast(unreachable.objective, optimum, SOLVER, `seed ${seed}: unreachable target`);
    }
  }, 60_000);
});
