import { describe, expect, it, vi } from 'vitest';
import type { LinearProgram } from '../../src/program/linear-program.js';
import { ProgramBuilder } from '../../src/program/program-builder.js';
import { highsEngine, loadHighsRuntime, resultOfRun, resultOfStoppedSolve, toHighsArrays } from '../../src/solve/highs-engine.js';
import { runHighs, type HighsRun } from '../../src/solve/highs-run.js';
import { runHighsOnThread } from '../../src/solve/highs-thread.js';
import { verifySolution } from '../../src/solve/verify-solution.js';
import { bruteForceBinaryOptimum, randomKnapsack, seededIntegers, terms } from './helpers.js';
import { RunCounter } from '../property-runs.js';
import { expectAtLeast, expectClose, isClose, SOLVER, type Tolerance } from '../tolerance.js';

/**
 * A finite difference with a step of 1e-4 agrees with the dual to about the step times the
 * curvature, not to solver precision: the one comparison here that is not SOLVER.
 */
const FINITE_DIFFERENCE: Tolerance = { relative: 1e-5, absolute: 1e-5 };

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
    expectClose(maximised.objective, 12, SOLVER);
    expectClose(maximised.duals?.[0], 3, SOLVER);
    expectClose(maximised.duals?.[1], 0, SOLVER);

    // min 2x + 3y, x + y >= 5: one more unit of demand costs 2.
    const demand = new ProgramBuilder('demand');
    demand.addVariable('x', 'continuous');
    demand.addVariable('y', 'continuous');
    demand.addConstraint('demand', 'demand', terms([1, 1]), 5, Infinity);
    demand.setObjective('minimize', terms([2, 3]));
    const minimised = await highsEngine.solve(demand.build());
    expectClose(minimised.objective, 10, SOLVER);
    expectClose(minimised.duals?.[0], 2, SOLVER);

    // max -x, x >= 2: raising the floor lowers the objective, so the dual is -1.
    const floor = new ProgramBuilder('floor');
    floor.addVariable('x', 'continuous');
    floor.addConstraint('floor', 'floor', terms([1]), 2, Infinity);
    floor.setObjective('maximize', terms([-1]));
    expectClose((await highsEngine.solve(floor.build())).duals?.[0], -1, SOLVER);
  });

  it('equal the change in objective per unit of the binding bound (finite differences)', async () => {
    const step = 1e-4;
    let nonZeroDualsChecked = 0;
    // Some random equality rows cannot be met, and those programs have no duals to check, so seeds
    // are taken in order until 12 programs are feasible; non-trivial are those with a nonzero dual.
    const counter = new RunCounter();
    let seed = 0;
    while (counter.runs < 12) {
      seed += 1;
      expect(seed, 'seeds tried for 12 feasible programs').toBeLessThanOrEqual(60);
      const program = randomLp(seed);
      const base = await highsEngine.solve(program);
      if (base.status === 'infeasible') continue;
      expect(base.status, program.name).toBe('optimal');
      expect(base.duals).not.toBeNull();
      counter.count(base.duals!.some((dual) => !isClose(dual, 0)));
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
        expectClose(slope, dual, FINITE_DIFFERENCE, `${program.name} row ${row}`);
        if (!isClose(dual, 0)) nonZeroDualsChecked += 1;
      }
    }
    counter.expectMostChecked(12);
    expect(nonZeroDualsChecked).toBeGreaterThan(8);
  });

  it('are not reported for a MILP', async () => {
    const result = await highsEngine.solve(randomKnapsack(3, 10, 2));
    expect(result.status).toBe('optimal');
    expect(result.duals).toBeNull();
  });
});

/**
 * The time-limit path without depending on speed: each program here either provably cannot be
 * solved within its limit by any machine (a 1 ms limit for a proof of optimality of a hard
 * knapsack, which HiGHS needs seconds for) or is interrupted at a checkpoint deterministically
 * (a deadline that has already passed). The assertions are on status and feasibility only.
 */
describe('HiGHS under a time limit', () => {
  const program = randomKnapsack(2024, 150, 10, 0.25);

  it('a deadline already passed interrupts at HiGHS\'s first checkpoint, and the run says so', async () => {
    const highs = await loadHighsRuntime();
    const run = runHighs(highs, { model: toHighsArrays(program), options: { mip_rel_gap: 0 }, interruptAtEpochMilliseconds: 0 });
    expect(run.codeName).toBe('interrupted');
    expect(run.interruptedAtDeadline).toBe(true);
    // Without a deadline the same run is not interrupted (a small program, solved to optimality).
    const small = randomKnapsack(3, 10, 2);
    const free = runHighs(highs, { model: toHighsArrays(small), options: {}, interruptAtEpochMilliseconds: null });
    expect(free.codeName).toBe('optimal');
    expect(free.interruptedAtDeadline).toBe(false);
  });

  it('an interrupt right after the first improving solution keeps that solution, verified, as feasible with its gap', async () => {
    const highs = await loadHighsRuntime();
    // The callbacks read the wall clock through Date.now(); here the clock stands still until
    // HiGHS reports its first solution and then jumps past the deadline, so the interrupt is
    // deterministic whatever the machine's speed.
    let now = 0;
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => now);
    const incumbents: number[] = [];
    let run: HighsRun;
    try {
      run = runHighs(highs, { model: toHighsArrays(program), options: { mip_rel_gap: 0 }, interruptAtEpochMilliseconds: 1 }, {
        incumbent: (incumbent) => {
          incumbents.push(incumbent.objective);
          expect(verifySolution(program, Array.from(incumbent.values), incumbent.objective).ok).toBe(true);
          now = 2;
        },
        progress: () => undefined,
      });
    } finally {
      clock.mockRestore();
    }
    expect(run.codeName).toBe('interrupted');
    expect(run.interruptedAtDeadline).toBe(true);
    expect(run.hasPrimal).toBe(true);
    expect(incumbents.length).toBeGreaterThan(0);

    const result = resultOfRun(program, run, { requestedGap: 0, limitSeconds: 60, seconds: 60 });
    expect(result.status).toBe('feasible');
    expect(result.rawStatus).toContain('at the 60 s time limit');
    expect(verifySolution(program, result.values ?? [], result.objective).ok).toBe(true);
    expectClose(result.objective, incumbents.at(-1)!, SOLVER);
    expect(result.bestBound).not.toBeNull();
    expectAtLeast(result.bestBound, result.objective as number);
    // The gap read from HiGHS follows the contract's definition |bound - objective| / max(1, |objective|).
    expectClose(result.gap!, Math.abs(result.bestBound! - result.objective!) / Math.max(1, Math.abs(result.objective!)), SOLVER);
    expect(result.gap!).toBeGreaterThan(0);
  });

  it('a limit too short for a proof gives feasible (verified, with its gap) or time_limit, never optimal', async () => {
    for (const relativeGap of [undefined, 0]) {
      const result = await highsEngine.solve(program, { timeLimitSeconds: 0.001, relativeGap });
      expect(['feasible', 'time_limit'], result.rawStatus).toContain(result.status);
      expect(result.rawStatus).toMatch(/time limit|timeLimit/);
      if (result.status === 'time_limit') {
        expect(result.values).toBeNull();
        expect(result.objective).toBeNull();
        continue;
      }
      expect(verifySolution(program, result.values ?? [], result.objective).ok).toBe(true);
      if (result.bestBound !== null) {
        expectAtLeast(result.bestBound, result.objective as number);
        // The gap follows the contract's definition |bound - objective| / max(1, |objective|).
        expectClose(result.gap!, Math.abs(result.bestBound - result.objective!) / Math.max(1, Math.abs(result.objective!)), SOLVER);
      }
    }
    // The engine still answers afterwards, even when the worker thread had to be stopped.
    expect((await highsEngine.solve(randomKnapsack(3, 10, 2))).status).toBe('optimal');
  });

  it('stops at a loose requested gap with a gap no wider than asked', async () => {
    const result = await highsEngine.solve(program, { relativeGap: 0.05 });
    expect(result.status).toBe('optimal');
    expect(result.gap!).toBeLessThanOrEqual(0.05);
  });

  it('rejects an unusable time limit or gap before solving', async () => {
    await expect(highsEngine.solve(program, { timeLimitSeconds: 0 })).rejects.toThrow(/time limit must be a positive number of seconds, got 0/);
    await expect(highsEngine.solve(program, { relativeGap: Number.NaN })).rejects.toThrow(/relative gap must be a fraction/);
  });
});

describe('HiGHS stopped from outside at the hard deadline', () => {
  // A random 400-item, 30-resource knapsack solved to a zero gap with HiGHS's own limit and the
  // callbacks off: HiGHS needs far longer than the 1.5 s the thread is given, on any machine.
  const hard = randomKnapsack(77, 400, 30, 0.3);

  it('keeps only what the worker reported, and the next run gets a fresh worker', async () => {
    const outcome = await runHighsOnThread({ model: toHighsArrays(hard), options: { mip_rel_gap: 0 }, interruptAtEpochMilliseconds: null }, { stopAfterMilliseconds: 1500 });
    expect(outcome.kind).toBe('stopped');
    if (outcome.kind === 'stopped' && outcome.incumbent !== null) {
      expect(verifySolution(hard, Array.from(outcome.incumbent.values), outcome.incumbent.objective).ok).toBe(true);
    }
    const next = await runHighsOnThread({ model: toHighsArrays(randomKnapsack(3, 10, 2)), options: {}, interruptAtEpochMilliseconds: null });
    expect(next.kind === 'finished' && next.run.codeName).toBe('optimal');
  });

  it('maps a stopped solve: a verified incumbent is feasible with the contract gap, a broken one an error, none a time limit', async () => {
    const small = randomKnapsack(3, 10, 2);
    const best = bruteForceBinaryOptimum(small)!;
    const solved = await highsEngine.solve(small);
    expect(solved.objective).toBe(best);
    const values = solved.values!;
    const incumbent = { objective: best, values: Float64Array.from(values) };
    const feasible = resultOfStoppedSolve(small, { kind: 'stopped', incumbent, progress: { bestBound: best + 10, nodes: 3 } }, 2, 2.5);
    expect(feasible.status).toBe('feasible');
    expect(feasible.objective).toBe(best);
    expectClose(feasible.gap, 10 / Math.max(1, best), SOLVER);
    expect(feasible.nodes).toBe(3);
    expect(feasible.rawStatus).toContain('infraplan stopped it');

    const everything = Float64Array.from(values, () => 1); // takes every item: breaks the capacity rows
    const broken = resultOfStoppedSolve(small, { kind: 'stopped', incumbent: { objective: 0, values: everything }, progress: null }, 2, 2.5);
    expect(broken.status).toBe('error');
    expect(broken.rawStatus).toContain('verification failed');

    const none = resultOfStoppedSolve(small, { kind: 'stopped', incumbent: null, progress: null }, 2, 2.5);
    expect(none.status).toBe('time_limit');
    expect(none.values).toBeNull();
  });
});

describe('HiGHS with its sub-MIP heuristics off (an explanation\'s proof, issue 14)', () => {
  it('still reaches the brute-force optimum of random knapsacks, from a start and without one', async () => {
    for (const seed of [1, 2, 3]) {
      const program = randomKnapsack(seed, 12, 3);
      const optimum = bruteForceBinaryOptimum(program);
      const cold = await highsEngine.solve(program, { subMipHeuristics: false, relativeGap: 0 });
      expect(cold.status).toBe('optimal');
      expectClose(cold.objective, optimum ?? Number.NaN, SOLVER);
      const started = await highsEngine.solve(program, { subMipHeuristics: false, relativeGap: 0, startValues: program.variables.map(() => 0) });
      expectClose(started.objective, optimum ?? Number.NaN, SOLVER);
    }
  });
});
