/**
 * The households-growth frontier counts a plan's benefit as the plan's objective does (review u5,
 * finding 22): on a model with master plan balances a capacity project earns only the shortfall it
 * closes, so the current plan's frontier benefit equals its own reported benefit, and no point of
 * the frontier (each a plan the current plan's objective could have chosen) lies above the current
 * plan's proven bound. Counting the model as given (no balances) credited every Ml/day and put the
 * default model's points 7-10% above its proven best plan.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { discountedProjectBenefit } from '../../src/indicators/benefit.js';
import { tradeOffFigures } from '../../src/analysis/households-growth-frontier.js';
import { runFrontier } from '../../src/analysis/run-frontier.js';
import { datasetRun, planRun } from '../../src/pipeline/plan-run.js';
import { expectAtMost, expectClose, SOLVER } from '../tolerance.js';

const MASTERPLAN_MODEL = path.resolve('tests/fixtures/masterplan');

/** The fixture with WC022-W-02 earning by the WC022 water treatment shortfall it closes (the fixture gives it a fixed benefit). */
async function shortfallModel(): Promise<Dataset> {
  const model = await loadModel(MASTERPLAN_MODEL);
  return { ...model, projects: model.projects.map((project) => (project.id === 'WC022-W-02' ? { ...project, benefitOverride: null } : project)) };
}

describe('frontier benefit on a model with master plan balances', () => {
  it("equals the plan's own benefit, shortfall closed included", async () => {
    const model = await shortfallModel();
    const outcome = await planRun(datasetRun(model), { marginalValues: false, formulation: 'portfolio' });
    const planned = outcome.dataset ?? model;
    const funded = outcome.plan.projects.filter((line) => line.funded);
    const planBenefit = funded.reduce((sum, line) => sum + line.benefit, 0);
    // Non-trivial: part of the plan's benefit is shortfall closed, which the projects' own parts leave out.
    const indexOf = new Map(outcome.plan.municipalities.map((summary) => [summary.municipalityCode, summary]));
    const ownOnly = funded.reduce((sum, line) => sum + discountedProjectBenefit(planned.projects.find((project) => project.id === line.id)!, indexOf.get(line.municipalityCode)!, line.startYear!, planned).total, 0);
    expect(planBenefit - ownOnly).toBeGreaterThan(1);
    expectClose(tradeOffFigures(outcome.plan, planned).benefit, planBenefit, SOLVER);
  });

  it("puts no point above the current plan's proven bound", async () => {
    const result = await runFrontier({ modelPath: MASTERPLAN_MODEL, points: 3 }, { skipFiles: true });
    const current = result.frontier.currentPlan;
    expect(current.benefit).not.toBeNull();
    const bound = (current.benefit ?? 0) / (1 - (current.gap ?? 0));
    for (const point of [...result.frontier.points, result.frontier.growthOnly, result.frontier.householdsOnly]) expectAtMost(point.benefit ?? 0, bound, SOLVER);
  });
});
