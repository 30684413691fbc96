/**
 * Every engine on programs with hand-computed optima, infeasible and unbounded programs, a
 * knapsack checked against brute force, and agreement between engines on random small MILPs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProgramBuilder } from '../../src/program/program-builder.js';
import { ENGINE_NAMES, getEngine } from '../../src/solve/engines.js';
import { computeObjective, verifySolution } from '../../src/solve/verify-solution.js';
import { RunCounter } from '../property-runs.js';
import { expectClose, isClose } from '../tolerance.js';
import { bruteForceBinaryOptimum, randomKnapsack, randomSmallMilp, terms } from './helpers.js';

/** max 3x + 2y + 10 s.t. x + y <= 4, x + 3y <= 6, 0 <= x <= 3: optimum x = 3, y = 1, objective 21. */
function productionLp() {
  const builder = new ProgramBuilder('production');
  const x = builder.addVariable('make [chairs]', 'continuous', 0, 3);
  const y = builder.addVariable('make/tables', 'continuous', 0, Infinity);
  builder.addConstraint('carpentry hours', 'capacity', terms([1, 1]), -Infinity, 4);
  builder.addConstraint('finishing hours', 'capacity', terms([1, 3]), -Infinity, 6);
  builder.setObjective('maximize', terms([3, 2]), 10);
  return builder.build();
}

/**
 * min 3x + y with x free, x - y = -4 and 2 <= x + 2y <= 8: x = y - 4 so 3y - 4 in [2, 8], y in
 * [2, 4]; the objective 4y - 12 is least at y = 2: x = -2, objective -4 (x must go negative).
 */
function equalityRangedFreeLp() {
  const builder = new ProgramBuilder('equality-ranged-free');
  const x = builder.addVariable('shift', 'continuous', -Infinity, Infinity);
  const y = builder.addVariable('level', 'continuous', 0, Infinity);
  builder.addConstraint('link', 'balance', terms([1, -1], [x, y]), -4, -4);
  builder.addConstraint('window', 'range', terms([1, 2], [x, y]), 2, 8);
  builder.setObjective('minimize', terms([3, 1], [x, y]), 0);
  return builder.build();
}

/** max 5x + 4y s.t. 6x + 4y <= 24, x + 2y <= 6, x, y integer: LP gives 21 at (3, 1.5); MILP 20 at (4, 0). */
function fractionalRelaxationMilp() {
  const builder = new ProgramBuilder('fractional-relaxation');
  builder.addVariable('x', 'integer', 0, Infinity);
  builder.addVariable('y', 'integer', 0, Infinity);
  builder.addConstraint('first', 'capacity', terms([6, 4]), -Infinity, 24);
  builder.addConstraint('second', 'capacity', terms([1, 2]), -Infinity, 6);
  builder.setObjective('maximize', terms([5, 4]), 0);
  return builder.build();
}

describe.each(ENGINE_NAMES)('engine %s on known optima', (engineName) => {
  const engine = getEngine(engineName);

  it('solves a small LP to its hand-computed optimum', async () => {
    const result = await engine.solve(productionLp());
    expect(result.status).toBe('optimal');
    expectClose(result.objective, 21);
    expectClose(result.values?.[0], 3);
    expectClose(result.values?.[1], 1);
  });

  it('honours equality rows, ranged rows and free variables', async () => {
    const result = await engine.solve(equalityRangedFreeLp());
    expect(result.status).toBe('optimal');
    expectClose(result.objective, -4);
    expectClose(result.values?.[0], -2);
    expectClose(result.values?.[1], 2);
  });

  it('solves a MILP whose relaxation is fractional to its integer optimum', async () => {
    const result = await engine.solve(fractionalRelaxationMilp());
    expect(result.status).toBe('optimal');
    expect(result.objective).toBe(20);
    expect(result.values).toEqual([4, 0]);
  });

  it('keeps a fixed binary at its fixed value (a must-fund project)', async () => {
    const builder = new ProgramBuilder('fixed-binary');
    builder.addVariable('fund [A]', 'binary', 1, 1);
    builder.addVariable('fund [B]', 'binary', 0, 1);
    builder.addConstraint('budget', 'budget', terms([5, 4]), -Infinity, 6);
    builder.setObjective('maximize', terms([1, 3]), 0);
    const result = await engine.solve(builder.build());
    expect(result.status).toBe('optimal');
    expect(result.values).toEqual([1, 0]);
    expect(result.objective).toBe(1);
  });

  it('detects an infeasible LP', async () => {
    const builder = new ProgramBuilder('infeasible-lp');
    builder.addVariable('x', 'continuous', 0, 1);
    builder.addVariable('y', 'continuous', 0, 1);
    builder.addConstraint('demand', 'demand', terms([1, 1]), 5, Infinity);
    builder.setObjective('minimize', terms([1, 1]), 0);
    const result = await engine.solve(builder.build());
    expect(result.status).toBe('infeasible');
    expect(result.values).toBeNull();
  });

  it('detects a MILP that is infeasible only because of integrality', async () => {
    const builder = new ProgramBuilder('infeasible-milp');
    builder.addVariable('x', 'integer', 0, 10);
    builder.addConstraint('half', 'parity', terms([2]), 1, 1);
    builder.setObjective('maximize', terms([1]), 0);
    const result = await engine.solve(builder.build());
    expect(result.status).toBe('infeasible');
  });

  it('detects an unbounded LP and an unbounded MILP', async () => {
    for (const kind of ['continuous', 'integer'] as const) {
      const builder = new ProgramBuilder(`unbounded-${kind}`);
      builder.addVariable('x', kind, 0, Infinity);
      builder.addVariable('y', kind, 0, Infinity);
      builder.addConstraint('difference', 'difference', terms([1, -1]), -Infinity, 1);
      builder.setObjective('maximize', terms([1, 1]), 0);
      const result = await engine.solve(builder.build());
      expect(result.status, kind).toBe('unbounded');
    }
  });

  it('matches brute force on seeded random knapsacks', async () => {
    // Non-trivial: the optimum takes some items and leaves others (capacities are half the weights).
    const counter = new RunCounter();
    const numRuns = 25;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 6, max: 12 }), fc.integer({ min: 1, max: 3 }), async (seed, items, rows) => {
        const program = randomKnapsack(seed, items, rows);
        const expected = bruteForceBinaryOptimum(program);
        const result = await engine.solve(program);
        expect(result.status).toBe('optimal');
        expect(result.objective).toBe(expected);
        expect(verifySolution(program, result.values ?? [], result.objective).ok).toBe(true);
        const taken = (result.values ?? []).filter((value) => value === 1).length;
        counter.count(taken > 0 && taken < items);
      }),
      { seed: 20260214, numRuns },
    );
    counter.expectMostChecked(numRuns);
  });
});

describe('engines agree', () => {
  it('on 20 random small MILPs with mixed kinds, senses and ranged rows', async () => {
    // Non-trivial: the optimum is better than x = 0, the point every generated row admits.
    const counter = new RunCounter();
    for (let seed = 1; seed <= 20; seed += 1) {
      const program = randomSmallMilp(seed);
      const [highs, jslp] = await Promise.all([getEngine('highs').solve(program), getEngine('jslp').solve(program)]);
      expect(highs.status, `seed ${seed}`).toBe('optimal');
      expect(jslp.status, `seed ${seed}`).toBe('optimal');
      expectClose(jslp.objective, highs.objective as number, undefined, `seed ${seed}`);
      const atOrigin = computeObjective(program, program.variables.map(() => 0));
      counter.count(!isClose(highs.objective as number, atOrigin));
    }
    counter.expectMostChecked(20);
  });
});
