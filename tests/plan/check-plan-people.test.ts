/**
 * Households served count only the services measured in households: the allocation plan and the
 * checker never add Thusong people (a `need_unit: people` service) into households, and the
 * allocation's basic-package floor, like the portfolio's, applies to municipalities with a backlog
 * of households, not of people.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import { planModel } from '../../src/plan/plan-model.js';
import type { AllocationPlan } from '../../src/plan/types.js';

const FIXTURE = path.resolve(__dirname, '../fixtures/thusong');
let dataset: Dataset;
let plan: AllocationPlan;

beforeAll(async () => {
  dataset = await loadModel(FIXTURE);
  plan = (await planModel(dataset, { formulation: 'allocation' })).plan;
});

describe('allocation households served', () => {
  it('counts water households only; the Thusong people are in the backlog points of their service', () => {
    // WC011: 1,500 water households and 34,000 people without a Thusong centre within reach, both funded in full.
    const wc011 = plan.municipalities.find((summary) => summary.municipalityCode === 'WC011')!;
    expect(wc011.householdsServed).toBeCloseTo(1500, 6);
    const thusongLeft = plan.backlog.filter((point) => point.service === 'thusong').at(-1)!;
    const thusongBacklog = dataset.needs.filter((need) => need.service === 'thusong').reduce((sum, need) => sum + need.backlogHouseholds, 0);
    expect(thusongLeft.remainingHouseholds).toBeLessThan(thusongBacklog);
    expect(plan.services.find((service) => service.id === 'thusong')?.needUnit).toBe('people');
    expect(checkPlan(plan, dataset).violations).toEqual([]);
  });

  it('the checker refuses a plan that adds people into households served', () => {
    const forged = { ...plan, municipalities: plan.municipalities.map((summary) => (summary.municipalityCode === 'WC011' ? { ...summary, householdsServed: 35500 } : summary)) };
    expect(checkPlan(forged, dataset).violations).toContain('summary of WC011 says 35500 households served; its lines give 1500');
  });
});

describe("the allocation's basic-package floor", () => {
  it('applies to a municipality with backlog households, not to one whose only backlog is people', async () => {
    // WC013 keeps its Thusong people but has no water backlog: the portfolio sets it no floor, nor may the allocation.
    const peopleOnly: Dataset = {
      ...dataset,
      config: { ...dataset.config, policy: { ...dataset.config.policy, basicPackageFloorShare: 0.5 } },
      needs: dataset.needs.map((need) => (need.municipalityCode === 'WC013' && need.service === 'water' ? { ...need, backlogHouseholds: 0 } : need)),
    };
    const outcome = await planModel(peopleOnly, { formulation: 'allocation' });
    const floors = outcome.program.constraints.filter((row) => row.group === 'basic_package').map((row) => row.label);
    expect(floors.sort()).toEqual(['basic_package[WC011]', 'basic_package[WC012]']);
    expect(checkPlan(outcome.plan, peopleOnly).violations).toEqual([]);
  });
});
