/**
 * Households counted as served agree with the plan's remaining backlog (review finding: the
 * Summary said "reaches 1,000,899 of 4,600" and "Left unserved: water 0" while plan.json kept 2,200
 * water households). Two funded projects of WC011 together claim 1,800 households of a 1,500
 * backlog: every figure counts at most the backlog.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { datasetRun, planRun } from '../../src/pipeline/plan-run.js';
import { keyFigures } from '../../src/report/plan-figures.js';
import { backlogLeft, planInPlainWords } from '../../src/report/summary-figures.js';

describe('households served are capped at the backlog they serve', () => {
  it('keyFigures, backlogLeft and the plain-words Summary agree with plan.backlog', async () => {
    const tiny = await loadModel(path.join('tests', 'fixtures', 'tiny'));
    // Both WC011 water projects committed, the works no longer waiting for the pipeline (so both fit in the horizon) and now also serving 600 households.
    const projects = tiny.projects.map((project) => {
      if (project.id === 'WC011-W-01') return { ...project, status: 'committed' as const };
      if (project.id === 'WC011-W-02') return { ...project, status: 'committed' as const, householdsServed: 600, prerequisiteIds: [] };
      return project;
    });
    const { plan, dataset } = await planRun(datasetRun({ ...tiny, projects }), { relativeGap: 0.5, marginalValues: false });
    const used = dataset ?? tiny;
    expect(plan.projects.filter((project) => project.funded && project.municipalityCode === 'WC011' && project.service === 'water')).toHaveLength(2);
    const lastYear = plan.financialYears[plan.financialYears.length - 1];
    const water = backlogLeft(plan, used).find((entry) => entry.serviceId === 'water')!;
    const remaining = plan.backlog.find((point) => point.service === 'water' && point.financialYear === lastYear)!.remainingHouseholds;
    expect(water.backlogAtStart).toBe(4600);
    expect(water.leftAtEnd).toBe(remaining);
    expect(water.served).toBe(water.backlogAtStart - remaining);
    expect(keyFigures(plan, used).householdsServedByService.water).toBe(water.served);
    // WC011 counts its 1,500, not 1,800.
    const fundedElsewhere = plan.projects.filter((project) => project.funded && project.service === 'water' && project.municipalityCode !== 'WC011').reduce((sum, project) => sum + project.householdsServed, 0);
    expect(water.served).toBe(1500 + fundedElsewhere);
    expect(planInPlainWords(plan, used)).toContain(`It reaches ${water.served.toLocaleString('en-GB')} of 4,600 backlog households for Water`);
  });
});
