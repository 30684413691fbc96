import { describe, expect, it } from 'vitest';
import type { LinearProgram } from '../../src/program/linear-program.js';
import { ProgramBuilder } from '../../src/program/program-builder.js';
import { HIGHS_DEFAULT_RELATIVE_GAP, highsEngine } from '../../src/solve/highs-engine.js';
import { verifySolution } from '../../src/solve/verify-solution.js';
import { randomKnapsack, seededIntegers, terms } from './helpers.js';

/** The same program with one constraint's bounds replaced. */
function withRowBounds(program: LinearProgram, row: number, lower: number, upper: number): LinearProgram {
  return { ...program, constraints: program.constraints.map((constraint, index) => (index === row ? { ...constraint, lower, upper } : constraint)) };
}

/** A random LP with non-integer data (so degenerate vertices are unlikely) and every row shape. */
function randomLp(seed: number): LinearProgram {
  const next = seededIntegers(seed);
  const builder = new ProgramBuilder(`lp-${seed}`);
  const variables = Array.from({ length: 6 }, (_, index) => builder.addVariable(`v${index}`, 'continuous', 0, next(5, 20) + 0.37));
  const sense = seed % 2 === 0 ? 'maximize' : 'minimize';
  for (let row = 0; row < 5; row += 1) {
    const coefficients = variables.map(() => next(1, 40) / 7);
    const level = next(10, 40) + 0.13 * row;
    if (row === 4) builder.addConstraint(`r${row}`, 'equality', terms(coefficients, variables), level, level);
    else if (sense === 'maximize') builder.addConstraint(`r${row}`, 'cap', terms(coefficients, variables), row === 0 ? level / 3 : -Infinity, level);
    else builder.addConstraint(`r${row}`, 'floor', terms(coefficients, variables), level, row === 0 ? level * 3 : Infinity);
  }
  builder.setObjective(sense, terms(variables.map(() => next(1, 30) / 3), variables), 5);
  return builder.build();
}

describe('HiGHS duals', () => {
  it('follow the documented sign convention on hand-computed cases', async () => {
    // max 3x + 2y, x + y <= 4, x + 3y <= 6: optimum x = 4 (12); the budget row is worth 3 per unit.
    const budget = new ProgramBuilder('budget');
    budget.addVariable('x', 'continuous');
    budget.addVariable('y', 'continuous');
    budget.addConstraint('budget', 'budget', terms([1, 1]), -Infinity, 4);
    budget.addConstraint('labour', 'labour', terms([1, 3]), -Infinity, 6);
    budget.setObjective('maximize', terms([3, 2]));
    const maximised = await highsEngine.solve(budget.build());
    expect(maximised.objective).toBeCloseTo(12, 9);
    expect(maximised.duals?.[0]).toBeCloseTo(3, 9);
    expect(maximised.duals?.[1]).toBeCloseTo(0, 9);

    // min 2x + 3y, x + y >= 5: one more unit of demand costs 2.
    const demand = new ProgramBuilder('demand');
    demand.addVariable('x', 'continuous');
    demand.addVariable('y', 'continuous');
    demand.addConstraint('demand', 'demand', terms([1, 1]), 5, Infinity);
    demand.setObjective('minimize', terms([2, 3]));
    const minimised = await highsEngine.solve(demand.build());
    expect(minimised.objective).toBeCloseTo(10, 9);
    expect(minimised.duals?.[0]).toBeCloseTo(2, 9);

    // max -x, x >= 2: raising the floor lowers the objective, so the dual is -1.
    const floor = new ProgramBuilder('floor');
    floor.addVariable('x', 'continuous');
    floor.addConstraint('floor', 'floor', terms([1]), 2, Infinity);
    floor.setObjective('maximize', terms([-1]));
    expect((await highsEngine.solve(floor.build())).duals?.[0]).toBeCloseTo(-1, 9);
  });

  it('equal the change in objective per unit of the binding bound (finite differences)', async () => {
    const step = 1e-4;
    let nonZeroDualsChecked = 0;
    let programsChecked = 0;
    for (let seed = 1; seed <= 12; seed += 1) {
      const program = randomLp(seed);
      const base = await highsEngine.solve(program);
      // Some random equality rows cannot be met; those programs have no duals to check.
      if (base.status === 'infeasible') continue;
      expect(base.status, program.name).toBe('optimal');
      expect(base.duals).not.toBeNull();
      programsChecked += 1;
      for (let row = 0; row < program.constraints.length; row += 1) {
        const constraint = program.constraints[row];
        const activity = constraint.terms.reduce((sum, term) => sum + term.coefficient * (base.values?.[term.variable] ?? Number.NaN), 0);
        const dual = base.duals![row];
        let lower = constraint.lower;
        let upper = constraint.upper;
        if (lower === upper) {
          lower += step;
          upper += step;
        } else if (Math.abs(activity - upper) < Math.abs(activity - lower)) upper += step;
        else lower += step;
        const perturbed = await highsEngine.solve(withRowBounds(program, row, lower, upper));
        expect(perturbed.status).toBe('optimal');
        const slope = ((perturbed.objective ?? Number.NaN) - (base.objective ?? Number.NaN)) / step;
        expect(Math.abs(slope - dual), `${program.name} row ${row}: slope ${slope}, dual ${dual}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(dual)));
        if (Math.abs(dual) > 1e-6) nonZeroDualsChecked += 1;
      }
    }
    expect(programsChecked).toBeGreaterThanOrEqual(4);
    expect(nonZeroDualsChecked).toBeGreaterThan(8);
  });

  it('are not reported for a MILP', async () => {
    const result = await highsEngine.solve(randomKnapsack(3, 10, 2));
    expect(result.status).toBe('optimal');
    expect(result.duals).toBeNull();
  });
});

describe('HiGHS under a time limit', () => {
  const program = randomKnapsack(2024, 150, 10, 0.25);

  it('reports feasible or optimal on a hard knapsack, never optimal with a gap above the requested one', async () => {
    for (const relativeGap of [undefined, 1e-6]) {
      const result = await highsEngine.solve(program, { timeLimitSeconds: 0.2, relativeGap });
      const requested = relativeGap ?? HIGHS_DEFAULT_RELATIVE_GAP;
      expect(['feasible', 'optimal']).toContain(result.status);
      expect(verifySolution(program, result.values ?? [], result.objective).ok).toBe(true);
      expect(result.bestBound).not.toBeNull();
      expect(result.bestBound!).toBeGreaterThanOrEqual(result.objective! - 1e-6);
      expect(result.nodes).not.toBeNull();
      if (result.status === 'optimal') expect(result.gap!).toBeLessThanOrEqual(requested);
      else expect(result.rawStatus).toMatch(/timeLimit|gap/);
      // The gap read from HiGHS follows the contract's definition |bound - objective| / max(1, |objective|).
      const recomputed = Math.abs(result.bestBound! - result.objective!) / Math.max(1, Math.abs(result.objective!));
      expect(result.gap!).toBeCloseTo(recomputed, 6);
    }
  });

  it('stops at a loose requested gap with a gap no wider than asked', async () => {
    const result = await highsEngine.solve(program, { relativeGap: 0.05, timeLimitSeconds: 30 });
    expect(result.status).toBe('optimal');
    expect(result.gap!).toBeLessThanOrEqual(0.05);
  });

  it('rejects an unusable time limit or gap before solving', async () => {
    await expect(highsEngine.solve(program, { timeLimitSeconds: 0 })).rejects.toThrow(/time limit must be a positive number of seconds, got 0/);
    await expect(highsEngine.solve(program, { relativeGap: Number.NaN })).rejects.toThrow(/relative gap must be a fraction/);
  });
});
