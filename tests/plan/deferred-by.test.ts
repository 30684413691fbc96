/**
 * The rule that defers a project is recorded once, on the project in the plan (deferredBy), and
 * read back from plan.json: tiny models where one known rule keeps one known project out, planned
 * in-process and written as a run folder. The Summary's groups and the comparison's reasons read
 * the same record.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planModel } from '../../src/plan/plan-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { writeRunFolder } from '../../src/report/write-run.js';
import { policyDeferralGroups } from '../../src/report/summary-figures.js';
import { policyRulesOfPlan } from '../../src/analysis/policy-deferral-rule.js';
import { FIXED_START, temporaryFolder } from '../report/helpers.js';
import { MILLION, tinyDataset, tinyProject, tinySource } from './tiny-models.js';

/** Plan the dataset, write its run folder and read the projects of its plan.json back. */
async function planJsonProjects(dataset: Dataset) {
  const { plan } = await planModel(dataset, { marginalValues: false });
  const runFolder = await writeRunFolder({ plan, dataset, modelPath: null, scenarioPath: null, startedAt: FIXED_START }, { outDir: temporaryFolder('infraplan-deferred-by-') });
  const document = JSON.parse(readFileSync(join(runFolder, 'plan.json'), 'utf8')) as { plan: { projects: { id: string; funded: boolean; deferralReason: string | null; deferredBy?: unknown }[] } };
  return { plan, projects: new Map(document.plan.projects.map((project) => [project.id, project])) };
}

describe('the rule that defers a project, in plan.json', () => {
  it('names the cap on projects at once and its setting for the project the cap keeps out', async () => {
    // Both can only start in 2026/27 and build in one year; the cap lets one run at a time, and A serves more.
    const dataset = tinyDataset({
      projects: [tinyProject({ id: 'A', householdsServed: 200, latestStartYear: 2026 }), tinyProject({ id: 'B', householdsServed: 100, latestStartYear: 2026 })],
      sources: [tinySource('GRANT', [10 * MILLION, 10 * MILLION, 10 * MILLION], false)],
      policy: { maxConcurrentProjectsPerMunicipality: 1 },
    });
    const { plan, projects } = await planJsonProjects(dataset);
    expect(projects.get('A')).toMatchObject({ funded: true, deferredBy: null });
    expect(projects.get('B')).toMatchObject({
      funded: false,
      deferralReason: 'policy',
      deferredBy: { rule: 'max_concurrent_projects_per_municipality', settingKey: 'max_concurrent_projects_per_municipality', setting: 1 },
    });
    // The Summary and compare read the record, in the same words.
    const [group] = policyDeferralGroups(plan, dataset);
    expect(group).toMatchObject({ ruleKey: 'max_concurrent_projects_per_municipality', projectIds: ['B'], value: 1, words: 'the cap on projects under construction at once per municipality (at most 1)' });
    expect(policyRulesOfPlan(plan, dataset).get('B')).toEqual({ ruleKey: group.ruleKey, keyPath: group.keyPath, value: 1, words: group.words });
  });

  it('names the minimum sanitation share, its service and its setting for the water project it keeps out', async () => {
    // Sanitation must be at least 60% of spending: funding both makes it 50%, so the water project waits.
    const dataset = tinyDataset({
      projects: [tinyProject({ id: 'S', service: 'sanitation', householdsServed: 50 }), tinyProject({ id: 'W', service: 'water', householdsServed: 100 })],
      sources: [tinySource('GRANT', [10 * MILLION, 10 * MILLION, 10 * MILLION], false)],
      policy: { minServiceShare: { sanitation: 0.6 } },
    });
    const { plan, projects } = await planJsonProjects(dataset);
    expect(projects.get('S')).toMatchObject({ funded: true, deferredBy: null });
    expect(projects.get('W')).toMatchObject({
      funded: false,
      deferralReason: 'policy',
      deferredBy: { rule: 'min_service_share', serviceId: 'sanitation', settingKey: 'min_service_share.sanitation', setting: 0.6 },
    });
    expect(policyRulesOfPlan(plan, dataset).get('W')?.words).toBe('the minimum sanitation share of 60%');
    expect(policyDeferralGroups(plan, dataset)).toMatchObject([{ ruleKey: 'min_service_share', serviceId: 'sanitation', keyPath: 'min_service_share.sanitation', projectIds: ['W'] }]);
  });

  it('records no rule for a project deferred for money', async () => {
    const dataset = tinyDataset({
      projects: [tinyProject({ id: 'A', householdsServed: 200 }), tinyProject({ id: 'B', householdsServed: 100, cashFlowRandByBuildYear: [5 * MILLION] })],
      sources: [tinySource('GRANT', [1 * MILLION, 1 * MILLION, 1 * MILLION], false)],
    });
    const { projects } = await planJsonProjects(dataset);
    expect(projects.get('B')).toMatchObject({ funded: false, deferralReason: 'budget', deferredBy: null });
  });
});
