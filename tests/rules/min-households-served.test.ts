/** The households-served floor: its row, its words when it conflicts, and the checker's own check. */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { datasetRun, planRun } from '../../src/pipeline/plan-run.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import { findRule, POLICY_KEYS } from '../../src/rules/registry.js';

const TINY = 'tests/fixtures/tiny';

/** The tiny model with the floor at `level`. */
async function withFloor(level: number): Promise<Dataset> {
  const dataset = await loadModel(TINY);
  return { ...dataset, config: { ...dataset.config, policy: { ...dataset.config.policy, minHouseholdsServed: level } } };
}

describe('min_households_served', () => {
  it('is a policy key, off by default', async () => {
    expect(POLICY_KEYS).toContain('min_households_served');
    expect(POLICY_KEYS).toContain('objective_measure');
    const dataset = await loadModel(TINY);
    expect(dataset.config.policy.minHouseholdsServed).toBe(0);
    expect(findRule('min_households_served')!.activeInstances(dataset)).toEqual([]);
  });

  it('names itself and its setting when it cannot be met', async () => {
    // The tiny register serves 5,300 households at most (1,200 + 900 + 600 + 2,000 + 300, one reservoir).
    const dataset = await withFloor(6000);
    const { plan } = await planRun(datasetRun(dataset), { relativeGap: 0, marginalValues: false, formulation: 'portfolio' });
    expect(plan.status).toBe('infeasible');
    expect(plan.infeasibility?.rules.map((rule) => [rule.description, rule.setting])).toContainEqual([
      'the plan serves at least 6,000 backlog households over the horizon',
      'policy.min_households_served (now 6000)',
    ]);
  });

  it('holds a plan to the floor in the independent checker, from the register', async () => {
    const free = await loadModel(TINY);
    const unconstrained = (await planRun(datasetRun(free), { relativeGap: 0, marginalValues: false, formulation: 'portfolio' })).plan;
    const served = unconstrained.projects.filter((line) => line.funded).reduce((sum, line) => sum + line.householdsServed, 0);
    // The unconstrained plan checked against a floor just above what it serves fails the checker's own check.
    const above = await withFloor(served + 1);
    expect(checkPlan(unconstrained, above).violations).toContain(`the plan serves ${served} backlog households, below the minimum of ${served + 1}`);
    expect(checkPlan(unconstrained, await withFloor(served)).violations).toEqual([]);
  });
});
