/**
 * Cost escalation and stress overruns reach every project the program is built from, the master
 * plan's generated rows included (f3: both were applied before the stage, which regenerated its
 * rows at their own costs, so a 50% overrun touched only the planner's rows). The tiny master-plan
 * model (tests/fixtures/masterplan) plans generated rows beside its projects.csv.
 *
 * Scaling every cost and every envelope by the same factor leaves the set of feasible plans as it
 * was (the fixture has no rand floors), so the optimum benefit must not move: a known optimum.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { runStress } from '../../src/analysis/run-stress.js';
import { applyCostFactors, withCostFactors } from '../../src/dataset/cost-factors.js';
import { datasetRun, plannedDataset, planRun } from '../../src/pipeline/plan-run.js';
import { resolveRun } from '../../src/pipeline/resolve-run.js';
import { ARITHMETIC, expectClose, type Tolerance } from '../tolerance.js';

const FIXTURE = 'tests/fixtures/masterplan';
/** Both plans are solved to a gap of 1e-9, so their optima agree to far better than this. */
const OPTIMUM: Tolerance = { relative: 1e-6, absolute: 1e-6 };
const EXACT_GAP = 1e-9;

/** The capex of every project of the planned register, by id. */
function plannedCapexById(dataset: Dataset): Map<string, number> {
  return new Map(plannedDataset(dataset).dataset.projects.map((project) => [project.id, project.capexRand]));
}

describe('cost factors on the planned register', () => {
  it('cost_escalation_percent 50 makes every planned project, generated ones included, cost 1.5x', async () => {
    const base = await resolveRun({ model: FIXTURE });
    const escalated = await resolveRun({ model: FIXTURE, commandLine: { set: ['cost_escalation_percent=50'] } });
    const baseCapex = plannedCapexById(base.dataset);
    const escalatedPlanned = plannedDataset(escalated.dataset).dataset;
    const generated = escalatedPlanned.projects.filter((project) => project.origin === 'masterplan');
    expect(generated.length).toBeGreaterThan(0);
    expect(escalatedPlanned.projects.length).toBe(baseCapex.size);
    for (const project of escalatedPlanned.projects) {
      expectClose(project.capexRand, 1.5 * baseCapex.get(project.id)!, ARITHMETIC);
      const cashFlowRand = project.cashFlowRandByBuildYear.reduce((sum, amount) => sum + amount, 0);
      expectClose(cashFlowRand, project.capexRand, ARITHMETIC);
    }
    // Planned once, the factors are spent: planning the planned register again changes no cost.
    expect(plannedDataset(escalatedPlanned).dataset.projects.map((project) => project.capexRand)).toEqual(escalatedPlanned.projects.map((project) => project.capexRand));
  });

  it('a plan with costs and envelopes both 1.5x has the benefit of the plan as given, and spends 1.5x on each funded project', async () => {
    const base = await resolveRun({ model: FIXTURE });
    const scaled = await resolveRun({ model: FIXTURE, commandLine: { budgetScale: 1.5, set: ['cost_escalation_percent=50'] } });
    const baseOutcome = await planRun(base, { marginalValues: false, relativeGap: EXACT_GAP });
    const scaledOutcome = await planRun(scaled, { marginalValues: false, relativeGap: EXACT_GAP });
    expect(baseOutcome.plan.status).toBe('optimal');
    expect(scaledOutcome.plan.status).toBe('optimal');
    // Before the fix the generated rows kept their costs under 1.5x envelopes, so the benefit rose.
    expectClose(scaledOutcome.plan.objectiveBenefitPoints!, baseOutcome.plan.objectiveBenefitPoints!, OPTIMUM);
    const baseCapex = plannedCapexById(base.dataset);
    const fundedGenerated = scaledOutcome.plan.projects.filter((project) => project.funded && scaledOutcome.dataset!.projects.find((row) => row.id === project.id)!.origin === 'masterplan');
    expect(fundedGenerated.length).toBeGreaterThan(0);
    for (const project of scaledOutcome.plan.projects.filter((entry) => entry.funded)) {
      expectClose(project.capexRand, 1.5 * baseCapex.get(project.id)!, ARITHMETIC);
      const spentRand = project.spending.reduce((sum, line) => sum + line.amountRand, 0);
      expectClose(spentRand, project.capexRand, ARITHMETIC);
    }
  });

  it('without a master plan, planRun returns the escalated register it planned, so reports read the costs the program used', async () => {
    const loaded = await loadModel('tests/fixtures/tiny');
    const escalated = await resolveRun({ model: 'tests/fixtures/tiny', commandLine: { set: ['cost_escalation_percent=50'] } });
    const outcome = await planRun(escalated, { marginalValues: false });
    expect(outcome.masterPlan).toBeUndefined();
    const planned = outcome.dataset!;
    expect(planned.costFactors).toBeUndefined();
    planned.projects.forEach((project, index) => expectClose(project.capexRand, 1.5 * loaded.projects[index].capexRand, ARITHMETIC));
    for (const project of outcome.plan.projects) expectClose(project.capexRand, planned.projects.find((row) => row.id === project.id)!.capexRand, ARITHMETIC);
  });

  it('a factor keyed by project id reaches a generated row, and only that row', async () => {
    const dataset = await loadModel(FIXTURE);
    const planned = plannedDataset(dataset).dataset;
    const target = planned.projects.find((project) => project.origin === 'masterplan')!;
    const changed = plannedDataset(withCostFactors(planned, { factorByProjectId: { [target.id]: 2 } })).dataset;
    for (const [index, project] of changed.projects.entries()) {
      expectClose(project.capexRand, planned.projects[index].capexRand * (project.id === target.id ? 2 : 1), ARITHMETIC);
    }
    expect(changed.costFactors).toBeUndefined();
    // Factors recorded on the model as loaded reach the generated row too (they apply after the stage).
    const fromLoaded = plannedDataset(withCostFactors(dataset, { factorByProjectId: { [target.id]: 2 } })).dataset;
    expectClose(fromLoaded.projects.find((project) => project.id === target.id)!.capexRand, 2 * target.capexRand, ARITHMETIC);
    expect(applyCostFactors(planned)).toBe(planned);
  });

  it('a stress draw of exactly 1.5x on every project under 1.5x envelopes keeps the benefit without overruns of the model as given', async () => {
    const base = await planRun(datasetRun(await loadModel(FIXTURE)), { marginalValues: false, relativeGap: EXACT_GAP });
    const stress = await runStress(
      { modelPath: path.resolve(FIXTURE), commandLine: { budgetScale: 1.5, relativeGap: EXACT_GAP }, draws: 1, seed: 7, distribution: { medianFactor: 1.5, sigma: 0 } },
      { skipFiles: true, workers: 1 },
    );
    const { summary } = stress;
    // Every project of the planned register is in the summary, the generated ones included.
    expect(summary.projects.length).toBe(base.dataset!.projects.length);
    expect(summary.benefitByDraw[0]).not.toBeNull();
    // Before the fix only the planner's rows overran, so the draw kept (nearly) the benefit of 1.5x envelopes.
    expectClose(summary.benefitByDraw[0]!, base.plan.objectiveBenefitPoints!, OPTIMUM);
  });
});
