import { describe, expect, it } from 'vitest';
import type { SolveResult } from '../../src/solve/engine.js';
import { ProgramBuilder } from '../../src/program/program-builder.js';
import { verifyResult, verifySolution } from '../../src/solve/verify-solution.js';
import { terms } from './helpers.js';
import { ARITHMETIC, expectClose } from '../tolerance.js';

/** max 4a + 3b + 2c, 5a + 4b + 3c <= 10 (budget), a + c >= 1 (floor), a, b binary, 0 <= c <= 2. */
function smallProgram() {
  const builder = new ProgramBuilder('verify');
  builder.addVariable('fund[A]', 'binary');
  builder.addVariable('fund[B]', 'binary');
  builder.addVariable('spend[C]', 'continuous', 0, 2);
  builder.addConstraint('budget[2027/28]', 'budget', terms([5, 4, 3]), -Infinity, 10);
  builder.addConstraint('floor[A or C]', 'floor', terms([1, 0, 1]), 1, Infinity);
  builder.setObjective('maximize', terms([4, 3, 2]), 1);
  return builder.build();
}

const claimed = (values: number[], objective: number): SolveResult => ({
  engine: 'highs', status: 'optimal', rawStatus: 'engine says optimal', objective, bestBound: objective, gap: 0, nodes: 1, seconds: 0, values, duals: null,
});

describe('verifySolution', () => {
  const program = smallProgram();

  it('accepts a correct solution and recomputes the objective with its constant', () => {
    // a = 1, b = 1, c = 1/3: budget 5 + 4 + 1 = 10, objective 4 + 3 + 2/3 + 1.
    const outcome = verifySolution(program, [1, 1, 1 / 3], 8 + 2 / 3);
    expect(outcome.violations).toEqual([]);
    expectClose(outcome.objective, 8 + 2 / 3, ARITHMETIC);
  });

  it('names the violated row, bound, integrality and objective', () => {
    expect(verifySolution(program, [1, 1, 1], 10).violations).toEqual([
      'constraint "budget[2027/28]" (c_0): activity 12 is above its upper bound 10',
    ]);
    expect(verifySolution(program, [0, 1, 0], 4).violations).toEqual(['constraint "floor[A or C]" (c_1): activity 0 is below its lower bound 1']);
    expect(verifySolution(program, [0.5, 0, 1], 5).violations).toEqual(['variable "fund[A]" (x_0) = 0.5: must be binary']);
    expect(verifySolution(program, [1, 0, 2.5], 10).violations).toEqual([
      'variable "spend[C]" (x_2) = 2.5: above its upper bound 2',
      'constraint "budget[2027/28]" (c_0): activity 12.5 is above its upper bound 10',
    ]);
    expect(verifySolution(program, [1, 0, 1], 9).violations).toEqual(['objective: the engine reported 9 but the values give 7']);
    expect(verifySolution(program, [1, Number.NaN, 0], 5).violations).toEqual(['variable "fund[B]" (x_1) = NaN: not a finite number']);
    expect(verifySolution(program, [1, 0], 5).ok).toBe(false);
  });

  it('tolerates solver round-off scaled to the row, not a fixed absolute amount', () => {
    const builder = new ProgramBuilder('scale');
    builder.addVariable('spend rand', 'continuous');
    builder.addConstraint('budget rand', 'budget', terms([1]), -Infinity, 2e9);
    builder.setObjective('maximize', terms([1]));
    const big = builder.build();
    expect(verifySolution(big, [2e9 + 100], 2e9 + 100).ok).toBe(true); // 5e-8 relative
    expect(verifySolution(big, [2e9 + 1e5], 2e9 + 1e5).ok).toBe(false); // 5e-5 relative
  });
});

describe('verifyResult', () => {
  const program = smallProgram();

  it('downgrades a broken optimal answer to error and keeps the engine text and violations', () => {
    const result = verifyResult(program, claimed([1, 1, 1], 10));
    expect(result.status).toBe('error');
    expect(result.rawStatus).toBe('engine says optimal; verification failed: constraint "budget[2027/28]" (c_0): activity 12 is above its upper bound 10');
  });

  it('snaps integer values within tolerance and recomputes the objective from them', () => {
    const result = verifyResult(program, claimed([1 - 1e-9, 1e-10, 1 / 3], 5 + 2 / 3));
    expect(result.status).toBe('optimal');
    expect(result.values).toEqual([1, 0, 1 / 3]);
    expectClose(result.objective, 4 + 2 / 3 + 1, ARITHMETIC);
  });

  it('leaves statuses without a solution alone', () => {
    const infeasible: SolveResult = { ...claimed([], 0), status: 'infeasible', values: null, objective: null };
    expect(verifyResult(program, infeasible)).toBe(infeasible);
  });
});
