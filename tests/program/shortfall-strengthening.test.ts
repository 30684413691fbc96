/**
 * The tighter shortfall rows (src/program/shortfall-strengthening.ts): every 0/1 plan closes as
 * much shortfall as before, the MILP optimum is unchanged, the plan passes the independent
 * checker, and the LP relaxation's bound only comes down (never below the optimum).
 */
import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { linearRelaxation } from '../../src/analysis/plan-shortcut.js';
import { loadModel } from '../../src/dataset/load-model.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { buildRunProgram, datasetRun, plannedDataset } from '../../src/pipeline/plan-run.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import { interpretPortfolio } from '../../src/plan/interpret.js';
import type { LinearProgram } from '../../src/program/linear-program.js';
import { strengthenShortfallRows } from '../../src/program/shortfall-strengthening.js';
import { hasSolution } from '../../src/solve/engine.js';
import { highsEngine } from '../../src/solve/highs-engine.js';
import { solveProgram } from '../../src/solve/solve-program.js';
import { expectAtLeast, expectAtMost, expectClose, SOLVER } from '../tolerance.js';

/** A hand-made shortfall row: closed ≤ 5, three projects of capacity 2, 7 and 12 (two of them larger than the shortfall). */
function handMadeProgram(): LinearProgram {
  return {
    name: 'hand',
    sense: 'maximize',
    variables: [
      { label: 'closed', kind: 'continuous', lower: 0, upper: 5 },
      { label: 'a', kind: 'binary', lower: 0, upper: 1 },
      { label: 'b', kind: 'binary', lower: 0, upper: 1 },
      { label: 'c', kind: 'binary', lower: 0, upper: 1 },
    ],
    constraints: [
      { label: 'shortfall_closed[g]', group: 'shortfall_closed', terms: [{ variable: 0, coefficient: 1 }, { variable: 1, coefficient: -2 }, { variable: 2, coefficient: -7 }, { variable: 3, coefficient: -12 }], lower: -Infinity, upper: 0 },
      { label: 'budget', group: 'budget', terms: [{ variable: 1, coefficient: 1 }, { variable: 2, coefficient: 3 }, { variable: 3, coefficient: 4 }], lower: -Infinity, upper: 4 },
    ],
    objective: [{ variable: 0, coefficient: 10 }],
    objectiveConstant: 0,
  };
}

describe('the shortfall rows capped at the shortfall', () => {
  it('caps only the coefficients above the shortfall, and every 0/1 choice closes as much as before', () => {
    const program = handMadeProgram();
    const strong = strengthenShortfallRows(program);
    expect(strong.constraints[0].terms.map((term) => term.coefficient)).toEqual([1, -2, -5, -5]);
    expect(strong.constraints[1]).toBe(program.constraints[1]);
    const most = (row: LinearProgram['constraints'][number], starts: readonly number[]): number => Math.min(5, row.terms.slice(1).reduce((sum, term, index) => sum - term.coefficient * starts[index], 0));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 3, maxLength: 3 }), (starts) => {
        expect(most(strong.constraints[0], starts)).toBe(most(program.constraints[0], starts));
      }),
      { numRuns: 8, seed: 20261202 },
    );
    // The LP could close the whole shortfall with 5/12 of project c (cost 5/3); now it needs all of a or b or c.
    expect(strengthenShortfallRows(strong)).toBe(strong);
  });

  it('leaves a row of another shape alone', () => {
    const program = handMadeProgram();
    const general: LinearProgram = { ...program, variables: program.variables.map((variable, index) => (index === 3 ? { ...variable, kind: 'integer', upper: 3 } : variable)) };
    expect(strengthenShortfallRows(general)).toBe(general);
  });

  it('master plan fixture with large projects: the same optimum, a plan the checker accepts, and an LP bound between the optimum and the LP bound before', async () => {
    const loaded = await loadModel(path.resolve('tests/fixtures/masterplan'));
    // The fixture has no shortfall within its horizon: halved plant capacities make some, and register projects 20 times larger
    // than the fixture's exceed them (as on the default model), which is where the rows get tighter.
    const dataset = {
      ...loaded,
      assets: (loaded.assets ?? []).map((asset) => (asset.capacityUnit === 'Ml/day' ? { ...asset, capacity: asset.capacity * 0.5 } : asset)),
      projects: loaded.projects.map((project) => ({ ...project, capacityAddedMlPerDay: project.capacityAddedMlPerDay * 20 })),
    };
    const built = buildRunProgram(datasetRun(dataset));
    if (built.kind !== 'portfolio') throw new Error('expected a portfolio');
    const strong = strengthenShortfallRows(built.program);
    expect(strong).not.toBe(built.program);
    const original = await solveProgram(highsEngine, built.program, { relativeGap: 0 });
    const tighter = await solveProgram(highsEngine, strong, { relativeGap: 0 });
    expect(original.status).toBe('optimal');
    expect(tighter.status).toBe('optimal');
    expectClose(tighter.objective as number, original.objective as number);
    const planned = plannedDataset(dataset).dataset;
    const plan = interpretPortfolio({ dataset: planned, indices: computeIndices(planned), result: tighter, scenarioName: 'test', overridesApplied: [], warnings: [] }, built.layout);
    expect(checkPlan(plan, planned).violations).toEqual([]);
    const looseBound = await solveProgram(highsEngine, { ...linearRelaxation(built.program), constraints: built.program.constraints }, {});
    const tightBound = await solveProgram(highsEngine, linearRelaxation(strong), {});
    expect(hasSolution(looseBound) && hasSolution(tightBound)).toBe(true);
    expectAtLeast(tightBound.objective, original.objective as number, SOLVER, 'tighter LP bound against the optimum');
    expectAtMost(tightBound.objective, looseBound.objective as number, SOLVER, 'tighter LP bound against the LP bound before');
    // And it is tighter: the fractional plans that closed a shortfall with part of a large project are gone.
    expect(tightBound.objective).toBeLessThan((looseBound.objective as number) - 1e-6 * Math.max(1, Math.abs(looseBound.objective as number)));
  }, 60_000);
});
