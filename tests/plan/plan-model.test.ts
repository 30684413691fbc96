import path from 'node:path';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import { planModel } from '../../src/plan/plan-model.js';
import { nearlyEqual } from '../../src/dataset/tolerance.js';
import { bruteForcePortfolio } from '../program/brute-force.js';
import { objectiveOf } from '../../src/plan/types.js';

const tinyPath = path.resolve('tests/fixtures/tiny');
const westernCapePath = path.resolve('models/western-cape');

describe('planModel on the tiny fixture', () => {
  it('HiGHS reaches the brute-force optimum and the plan passes the checker', async () => {
    const dataset = await loadModel(tinyPath);
    const reference = bruteForcePortfolio(dataset, computeIndices(dataset));
    const { plan } = await planModel(dataset, { relativeGap: 0 });
    expect(plan.status).toBe('optimal');
    expect(reference.objective).not.toBeNull();
    expect(nearlyEqual(objectiveOf(plan) as number, reference.objective as number, 1e-7)).toBe(true);
    expect(checkPlan(plan, dataset).violations).toEqual([]);
    expect(plan.projects).toHaveLength(dataset.projects.length);
    for (const project of plan.projects.filter((line) => !line.funded)) {
      expect(project.deferralReason).not.toBeNull();
      expect(project.deferralDetail).toMatch(/\.$/);
    }
    expect(plan.marginalValues.length).toBeGreaterThan(0);
  });

  it('javascript-lp-solver agrees with HiGHS on the portfolio and the allocation', async () => {
    const dataset = await loadModel(tinyPath);
    for (const formulation of ['portfolio', 'allocation'] as const) {
      const highs = await planModel(dataset, { formulation, relativeGap: 0, marginalValues: false });
      const jslp = await planModel(dataset, { formulation, engine: 'jslp', marginalValues: false });
      expect(jslp.plan.status).toBe('optimal');
      expect(nearlyEqual(objectiveOf(jslp.plan) as number, objectiveOf(highs.plan) as number, 1e-6)).toBe(true);
    }
  });

  it('an impossible committed project gives an infeasible plan with nothing funded, not an exception', async () => {
    const dataset = await loadModel(tinyPath);
    const projects = dataset.projects.map((project, index) => (index === 0 ? { ...project, status: 'committed' as const, earliestStartYear: 2040, latestStartYear: 2041 } : project));
    const { plan } = await planModel({ ...dataset, projects });
    expect(plan.status).toBe('infeasible');
    expect(plan.projects.some((line) => line.funded)).toBe(false);
    expect(plan.warnings?.some((warning) => warning.includes(dataset.projects[0].id))).toBe(true);
  });

  it('the same input gives the same plan', async () => {
    const dataset = await loadModel(tinyPath);
    const first = await planModel(dataset);
    const second = await planModel(dataset);
    expect({ ...second.plan, seconds: 0 }).toEqual({ ...first.plan, seconds: 0 });
  });
});

describe.skipIf(!existsSync(westernCapePath))('planModel on models/western-cape', () => {
  it('plans the portfolio (within 1%) and the allocation, both passing the checker', async () => {
    const dataset = await loadModel(westernCapePath);
    const portfolio = await planModel(dataset, { relativeGap: 0.01, timeLimitSeconds: 60 });
    expect(['optimal', 'feasible']).toContain(portfolio.plan.status);
    expect(checkPlan(portfolio.plan, dataset).violations).toEqual([]);
    const allocation = await planModel(dataset, { formulation: 'allocation' });
    expect(allocation.plan.status).toBe('optimal');
    expect(checkPlan(allocation.plan, dataset).violations).toEqual([]);
  }, 180_000);
});
