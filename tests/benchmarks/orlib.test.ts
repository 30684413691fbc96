/**
 * The portfolio formulation against a published optimum: one OR-Library capital-budgeting problem,
 * converted to an infraplan model, loaded from disk and planned through the whole pipeline, with the
 * plan judged on the OR-Library numbers themselves.
 *
 * One case is enough here to prove the path from file to optimum; the other 36 (Petersen's seven
 * problems on both engines, the thirty Chu–Beasley problems on HiGHS) take minutes and are checked
 * by `npm run bench` with the same assertions: proven optimal at the known optimum, every selection
 * fitting the original constraints with its profit equal to the objective (docs/benchmarks.md).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOrLibSelection, convertOrLibProblem, orLibProjectId } from '../../src/benchmarks/or-library.js';
import { loadModel } from '../../src/dataset/load-model.js';
import { planModel } from '../../src/plan/plan-model.js';
import { expectClose, isClose } from '../tolerance.js';
import { bruteForceOptimum, fitsEveryConstraint, MKNAP1_PATH, readOrLib, temporaryFolder } from './orlib-helpers.js';

const mknap1 = readOrLib(MKNAP1_PATH);

describe('mknap1 (Petersen 1967) through the pipeline', () => {
  it('problem 3 (15 items × 10 years) reaches its stated optimum 4015 with HiGHS, with a selection that fits the file', async () => {
    const problem = mknap1[2];
    const folder = path.join(temporaryFolder('orlib'), 'model');
    await convertOrLibProblem(MKNAP1_PATH, 3, folder);
    const { plan } = await planModel(await loadModel(folder), { engine: 'highs', marginalValues: false });
    expect(plan.status).toBe('optimal');
    expectClose(plan.objectiveBenefitPoints, 4015);
    // Read the selection back into item numbers and judge it on the original file's numbers alone.
    const funded = new Set(plan.projects.filter((project) => project.funded).map((project) => project.id));
    const selectedItems = problem.profits.map((_, item) => item).filter((item) => funded.has(orLibProjectId(item + 1, problem.itemCount)));
    expect(fitsEveryConstraint(problem, selectedItems)).toBe(true);
    expectClose(plan.objectiveBenefitPoints, selectedItems.reduce((sum, item) => sum + problem.profits[item], 0));
    // The bench's check reads the same selection the same way.
    expect(checkOrLibSelection(problem, funded)).toEqual({ selectedItems, profit: 4015, exceededConstraints: [] });
  });

  it('brute force over all 32 768 selections of problem 3 agrees with the stated optimum', () => {
    const problem = mknap1[2];
    expect(problem.itemCount).toBe(15);
    expect(bruteForceOptimum(problem)).toBe(4015);
    expect(problem.knownOptimum).toBe(4015);
  });

  it('brute force of problem 2 (decimal profits) agrees with the stated optimum', () => {
    expect(isClose(bruteForceOptimum(mknap1[1]), 8706.1)).toBe(true);
    expect(mknap1[1].knownOptimum).toBe(8706.1);
  });
});

describe('checkOrLibSelection (the bench\'s check of a selection)', () => {
  it('names every constraint a selection exceeds and totals its profit', () => {
    // Problem 1, items 4 and 6: coefficients 64+41, 75+41, 18+4, 32+12, 42+20, 48+20, 0, 0, 0+4, 8+4
    // = 105, 116, 22, 44, 62, 68, 0, 0, 4, 12 against 80, 96, 20, 36, 44, 48, 10, 18, 22, 24.
    const problem = mknap1[0];
    const both = checkOrLibSelection(problem, new Set([orLibProjectId(4, 6), orLibProjectId(6, 6)]));
    expect(both.selectedItems).toEqual([3, 5]);
    expect(both.profit).toBe(2400 + 2000);
    expect(both.exceededConstraints).toEqual([1, 2, 3, 4, 5, 6]);
    expect(checkOrLibSelection(problem, new Set()).exceededConstraints).toEqual([]);
  });
});
