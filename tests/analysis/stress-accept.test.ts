/**
 * Task t1 (issue 14): a stress draw that the plan without overruns no longer fits is accepted
 * without a MILP when its keep-or-drop repair is within the gap of the draw's LP bound (only where
 * the LP bound is tight enough to try: tryLpBound), else solved cold as before; and a sweep level
 * below ×1 is solved cold rather than from the repaired neighbour. Tiny model against brute force,
 * every plan through the independent checker, results equal to the cold path within the gap.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scaleEnvelopes } from '../../src/analysis/budget-range.js';
import { drawOverrunFactors } from '../../src/analysis/cost-overruns.js';
import { decisionsOfPlan, planFromNeighbour } from '../../src/analysis/plan-shortcut.js';
import { runStress } from '../../src/analysis/run-stress.js';
import { runSweep } from '../../src/analysis/run-sweep.js';
import { applyCostFactors, withCostFactors } from '../../src/dataset/cost-factors.js';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { datasetRun, plannedDataset, planRun } from '../../src/pipeline/plan-run.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import { hasSolution } from '../../src/solve/engine.js';
import { bruteForcePortfolio } from '../program/brute-force.js';
import { RunCounter } from '../property-runs.js';
import { expectAtLeast, expectAtMost, SOLVER } from '../tolerance.js';
import { TINY_MODEL } from './helpers.js';

/** Draw `draw` of `seed` applied to the dataset's costs, as stress draws it (so the brute force sees the costs too). */
function drawnDataset(dataset: Dataset, seed: number, draw = 0, draws = 1): Dataset {
  const factors = drawOverrunFactors(dataset.projects.length, draws, seed)[draw];
  return applyCostFactors(withCostFactors(dataset, { factorByProjectId: Object.fromEntries(dataset.projects.map((project, index) => [project.id, factors[index]])) }));
}

describe('a broken draw accepted without a MILP (tiny model against brute force)', () => {
  it('accepts the repaired plan only within the gap of the optimum, passes the checker, and equals the cold solve within the gap', async () => {
    const tiny = await loadModel(TINY_MODEL);
    const { plan: base } = await planRun(datasetRun(tiny), { formulation: 'portfolio', marginalValues: false, relativeGap: 0 });
    const startFrom = decisionsOfPlan(base);
    const counter = new RunCounter();
    let acceptedBroken = 0;
    let cold = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom(0.02, 0.3), async (seed, relativeGap) => {
        const variant = drawnDataset(tiny, seed);
        const reference = bruteForcePortfolio(variant, computeIndices(variant));
        const draw = await planFromNeighbour(datasetRun(variant), { marginalValues: false, diagnoseInfeasibility: false, timeLimitSeconds: 15 }, { startFrom, relativeGap, tryLpBound: true, whenBroken: 'cold', boxInCpuSeconds: true, feasibilityJump: false });
        if (!counter.count(reference.objective !== null && hasSolution(draw))) {
          expect(hasSolution(draw)).toBe(reference.objective !== null);
          return;
        }
        const words = draw.howSolved?.words ?? '';
        if (draw.howSolved?.method === 'accepted_shortcut' && /no longer fits/.test(words)) {
          acceptedBroken += 1;
          expect(draw.howSolved.milpSolves).toBe(0);
          expect(words).toMatch(/^accepted without a MILP: the neighbouring plan no longer fits; repaired .* within \d+\.\d\d% of the LP bound$/);
        }
        if (draw.howSolved?.method === 'milp') cold += 1;
        expect(checkPlan(draw, variant).violations).toEqual([]);
        expect(draw.status).toBe('optimal');
        const optimum = reference.objective as number;
        const benefit = draw.objectiveBenefitPoints as number;
        expectAtMost(draw.gap, relativeGap, SOLVER, 'stated gap');
        expectAtLeast(benefit, optimum - (draw.gap as number) * Math.max(1, Math.abs(optimum)), SOLVER, 'against the brute-force optimum');
        expectAtMost(benefit, optimum, SOLVER, 'benefit');
        expectAtLeast(draw.bestBoundBenefitPoints, optimum, SOLVER, 'stated bound');
        const { plan: plain } = await planRun(datasetRun(variant), { formulation: 'portfolio', marginalValues: false, diagnoseInfeasibility: false, relativeGap });
        const plainBenefit = plain.objectiveBenefitPoints as number;
        expectAtMost(Math.abs(plainBenefit - benefit), relativeGap * Math.max(1, Math.abs(plainBenefit), Math.abs(benefit)), SOLVER, 'against the cold solve');
      }),
      { numRuns: 10, seed: 20261205 },
    );
    counter.expectMostChecked(10);
    // Both paths ran: the loose gap accepts broken draws, the tight one needs the MILP without a start.
    expect(acceptedBroken).toBeGreaterThan(0);
    expect(cold).toBeGreaterThan(0);
  }, 120_000);

  it('never repairs when the LP bound is not to be tried (the default model\'s case): the MILP without a start, as before', async () => {
    const tiny = await loadModel(TINY_MODEL);
    const { plan: base } = await planRun(datasetRun(tiny), { formulation: 'portfolio', marginalValues: false, relativeGap: 0 });
    const startFrom = decisionsOfPlan(base);
    let broken = 0;
    for (const seed of [3, 5, 8, 13]) {
      const variant = drawnDataset(tiny, seed);
      const draw = await planFromNeighbour(datasetRun(variant), { marginalValues: false, diagnoseInfeasibility: false, timeLimitSeconds: 15 }, { startFrom, relativeGap: 0.3, tryLpBound: false, whenBroken: 'cold' });
      if (!/no longer fits/.test(draw.howSolved?.words ?? '')) continue;
      broken += 1;
      expect(draw.howSolved?.method).toBe('milp');
    }
    expect(broken).toBeGreaterThan(0);
  }, 60_000);
});

describe('stress and sweep on the tiny model against the cold path', () => {
  it('stress at a loose gap: draws accepted without a MILP are within the gap of each draw\'s brute-force optimum', async () => {
    const relativeGap = 0.3;
    const draws = 6;
    const seed = 21;
    const outcome = await runStress({ modelPath: TINY_MODEL, draws, seed, commandLine: { relativeGap } }, { workers: 1, skipFiles: true });
    const planned = plannedDataset(await loadModel(TINY_MODEL)).dataset;
    expect(outcome.solving?.draws.some((draw) => draw.method === 'accepted_shortcut')).toBe(true);
    outcome.summary.benefitByDraw.forEach((benefit, draw) => {
      const variant = drawnDataset(planned, seed, draw, draws);
      const optimum = bruteForcePortfolio(variant, computeIndices(variant)).objective;
      expect(benefit === null).toBe(optimum === null);
      if (benefit === null || optimum === null) return;
      expectAtLeast(benefit, optimum - relativeGap * Math.max(1, Math.abs(optimum)), SOLVER, `draw ${draw + 1} against the brute-force optimum`);
      expectAtMost(benefit, optimum, SOLVER, `draw ${draw + 1}`);
    });
  }, 120_000);

  it('sweep: every level (those below ×1 solved without a start) equals the plain solve of that level within the gap', async () => {
    const relativeGap = 0.01;
    const budgetFactors = [0.5, 0.75, 1, 1.25, 1.5];
    const { frontier } = await runSweep({ modelPath: TINY_MODEL, budgetFactors, commandLine: { relativeGap } }, { skipFiles: true, workers: 1 });
    const tiny = await loadModel(TINY_MODEL);
    for (const [index, factor] of budgetFactors.entries()) {
      const point = frontier.points[index];
      const { plan } = await planRun(datasetRun(scaleEnvelopes(tiny, factor)), { formulation: 'portfolio', marginalValues: false, diagnoseInfeasibility: false, relativeGap });
      expect(hasSolution(point)).toBe(hasSolution(plan));
      if (!hasSolution(plan)) continue;
      const benefit = point.benefit;
      const plainBenefit = plan.objectiveBenefitPoints as number;
      expectAtMost(Math.abs(plainBenefit - benefit), relativeGap * Math.max(1, Math.abs(plainBenefit), Math.abs(benefit)), SOLVER, `×${factor}`);
      // A level below ×1 that its neighbour no longer fits is never repaired first.
      if (factor < 1 && /no longer fits/.test(point.howSolved ?? '')) expect(point.howSolved).toMatch(/MILP without a start|accepted without a MILP/);
    }
  }, 120_000);
});
