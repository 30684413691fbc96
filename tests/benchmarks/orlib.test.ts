/**
 * The portfolio formulation against published optima: OR-Library capital-budgeting problems,
 * converted to infraplan models, loaded from disk and planned through the whole pipeline.
 *
 * mknapcb1 holds 30 problems of which HiGHS (WebAssembly) needs 10 to 60 seconds each, so these
 * tests take a spread of six, two from each tightness group (right-hand sides at 25%, 50% and 75%
 * of the row sums: problems 1-10, 11-20, 21-30); `npm run bench` runs all thirty.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertOrLibProblem, MKNAPCB1_BEST_KNOWN, orLibProjectId, type OrLibProblem } from '../../scripts/orlib-to-model.js';
import { loadModel } from '../../src/dataset/load-model.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import { planModel } from '../../src/plan/plan-model.js';
import { RELATIVE_TOLERANCE } from '../../src/dataset/tolerance.js';
import type { EngineName } from '../../src/solve/engine.js';
import { bruteForceOptimum, fitsEveryConstraint, MKNAP1_PATH, MKNAPCB1_PATH, readOrLib, temporaryFolder } from './orlib-helpers.js';

/** Convert, load and plan one problem; check the plan against the OR-Library numbers themselves. */
async function planProblem(sourcePath: string, problem: OrLibProblem, problemNumber: number, engine: EngineName) {
  const folder = path.join(temporaryFolder('orlib'), 'model');
  convertOrLibProblem(sourcePath, problemNumber, folder);
  const dataset = await loadModel(folder);
  const { plan } = await planModel(dataset, { engine, marginalValues: false });
  expect(checkPlan(plan, dataset).violations).toEqual([]);
  // Read the selection back into item numbers and check it against the original file's data.
  const selectedItems = problem.profits.map((_, item) => item).filter((item) => plan.projects.find((project) => project.id === orLibProjectId(item + 1, problem.itemCount))?.funded);
  expect(fitsEveryConstraint(problem, selectedItems)).toBe(true);
  const profit = selectedItems.reduce((sum, item) => sum + problem.profits[item], 0);
  expect(plan.objectiveBenefitPoints).not.toBeNull();
  expect(Math.abs((plan.objectiveBenefitPoints ?? 0) - profit)).toBeLessThanOrEqual(RELATIVE_TOLERANCE * profit);
  return plan;
}

/** Assert a value equals the known optimum within 1e-6 relative. */
function expectOptimum(value: number | null, optimum: number): void {
  expect(value).not.toBeNull();
  expect(Math.abs((value ?? 0) - optimum)).toBeLessThanOrEqual(RELATIVE_TOLERANCE * optimum);
}

const mknap1 = readOrLib(MKNAP1_PATH);
const mknapcb1 = readOrLib(MKNAPCB1_PATH);

describe('mknap1 (Petersen 1967) through the pipeline', () => {
  for (const engine of ['highs', 'jslp'] as const) {
    mknap1.forEach((problem, position) => {
      it(`problem ${position + 1} (${problem.itemCount} items × ${problem.constraintCount} years) reaches ${problem.knownOptimum} with ${engine}`, async () => {
        const plan = await planProblem(MKNAP1_PATH, problem, position + 1, engine);
        expect(plan.status).toBe('optimal');
        expectOptimum(plan.objectiveBenefitPoints, problem.knownOptimum ?? Number.NaN);
      });
    });
  }

  it('brute force over all 32 768 selections of problem 3 agrees with the stated optimum', () => {
    const problem = mknap1[2];
    expect(problem.itemCount).toBe(15);
    expect(bruteForceOptimum(problem)).toBe(4015);
    expect(problem.knownOptimum).toBe(4015);
  });

  it('brute force of problem 2 (decimal profits) agrees with the stated optimum', () => {
    expect(bruteForceOptimum(mknap1[1])).toBeCloseTo(8706.1, 6);
  });
});

/** Two problems from each tightness group of mknapcb1 (1-based). */
const MKNAPCB1_SPREAD = [1, 2, 11, 12, 21, 22];

describe('mknapcb1 (Chu and Beasley 1998) through the pipeline with HiGHS', () => {
  for (const problemNumber of MKNAPCB1_SPREAD) {
    const optimum = MKNAPCB1_BEST_KNOWN[problemNumber - 1];
    it(`problem 5.100-${String(problemNumber - 1).padStart(2, '0')} reaches ${optimum}`, async () => {
      const plan = await planProblem(MKNAPCB1_PATH, mknapcb1[problemNumber - 1], problemNumber, 'highs');
      expect(plan.status).toBe('optimal');
      expectOptimum(plan.objectiveBenefitPoints, optimum);
    }, 300_000);
  }
});
