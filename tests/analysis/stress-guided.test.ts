/**
 * Task p1 (issue 14): a stress draw that the plan without overruns no longer fits starts its MILP
 * from the guided start (ShortcutRequest.guidedStart, src/solve/guided-start.ts). On the tiny
 * model against brute force: every such draw passes the independent checker and lies within its
 * stated gap of the draw's optimum, and stress gives the same benefit per draw within the gap with
 * and without the guided start.
 */
import { describe, expect, it } from 'vitest';
import { drawOverrunFactors } from '../../src/analysis/cost-overruns.js';
import { decisionsOfPlan, planFromNeighbour } from '../../src/analysis/plan-shortcut.js';
import { runStress, STRESS_GUIDED_START } from '../../src/analysis/run-stress.js';
import { applyCostFactors, withCostFactors } from '../../src/dataset/cost-factors.js';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { datasetRun, planRun } from '../../src/pipeline/plan-run.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import { hasSolution } from '../../src/solve/engine.js';
import { bruteForcePortfolio } from '../program/brute-force.js';
import { expectAtLeast, expectAtMost, SOLVER } from '../tolerance.js';
import { TINY_MODEL } from './helpers.js';

/** Draw `draw` of `seed` applied to the dataset's costs, as stress draws it (so the brute force sees the costs too). */
function drawnDataset(dataset: Dataset, seed: number, draw = 0, draws = 1): Dataset {
  const factors = drawOverrunFactors(dataset.projects.length, draws, seed)[draw];
  return applyCostFactors(withCostFactors(dataset, { factorByProjectId: Object.fromEntries(dataset.projects.map((project, index) => [project.id, factors[index]])) }));
}

describe('a broken draw from the guided start (tiny model against brute force)', () => {
  it('is on by default for stress', () => {
    expect(STRESS_GUIDED_START).toBe(true);
  });

  it('passes the checker and lies within its stated gap of the brute-force optimum', async () => {
    const tiny = await loadModel(TINY_MODEL);
    const { plan: base } = await planRun(datasetRun(tiny), { formulation: 'portfolio', marginalValues: false, relativeGap: 0 });
    const startFrom = decisionsOfPlan(base);
    let guided = 0;
    for (const seed of [3, 5, 8, 13, 21, 34, 55, 89]) {
      for (const relativeGap of [0, 0.02]) {
        const variant = drawnDataset(tiny, seed);
        const reference = bruteForcePortfolio(variant, computeIndices(variant));
        const draw = await planFromNeighbour(datasetRun(variant), { marginalValues: false, diagnoseInfeasibility: false, timeLimitSeconds: 15 }, { startFrom, relativeGap, tryLpBound: false, whenBroken: 'cold', boxInCpuSeconds: true, feasibilityJump: false, guidedStart: true });
        expect(hasSolution(draw)).toBe(reference.objective !== null);
        if (reference.objective === null || !hasSolution(draw)) continue;
        if (/guided start/.test(draw.howSolved?.words ?? '')) guided += 1;
        expect(checkPlan(draw, variant).violations).toEqual([]);
        expect(draw.status).toBe('optimal');
        const optimum = reference.objective;
        const benefit = draw.objectiveBenefitPoints as number;
        expectAtMost(draw.gap, relativeGap, SOLVER, 'stated gap');
        expectAtLeast(benefit, optimum - (draw.gap as number) * Math.max(1, Math.abs(optimum)), SOLVER, `seed ${seed}, gap ${relativeGap}: against the brute-force optimum`);
        expectAtMost(benefit, optimum, SOLVER, `seed ${seed}: benefit`);
        expectAtLeast(draw.bestBoundBenefitPoints, optimum, SOLVER, `seed ${seed}: stated bound`);
      }
    }
    // The guided start ran (its words say so) in draws the plan without overruns no longer fits.
    expect(guided).toBeGreaterThan(0);
  }, 120_000);

  it('stress gives the same benefit per draw within the gap with the guided start and without it', async () => {
    const guided = await runStress({ modelPath: TINY_MODEL, draws: 6, seed: 21 }, { workers: 1, skipFiles: true });
    const plain = await runStress({ modelPath: TINY_MODEL, draws: 6, seed: 21, guidedStart: false }, { workers: 1, skipFiles: true });
    const relativeGap = guided.solving?.relativeGap ?? 0.01;
    guided.summary.benefitByDraw.forEach((benefit, index) => {
      const other = plain.summary.benefitByDraw[index];
      expect(other === null).toBe(benefit === null);
      if (benefit !== null && other !== null) expectAtMost(Math.abs(benefit - other), relativeGap * Math.max(1, Math.abs(benefit), Math.abs(other)), SOLVER, `draw ${index + 1}`);
    });
    expect(guided.solving?.draws.some((draw) => /guided start/.test(draw.words))).toBe(true);
    expect(plain.solving?.draws.some((draw) => /guided start/.test(draw.words))).toBe(false);
  }, 120_000);
});
