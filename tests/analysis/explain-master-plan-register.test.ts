/**
 * explain on a model with a master plan: the plan holds projects the master plan generated, which
 * are not rows of the model's own register. explain must explain them (it crashed with "plan project
 * WC011-S-BL-1 is not in the dataset"), and `--top` must rank by the benefit the plan would count if
 * the project were funded (its `benefitIfFunded`: the shortfall it closes within the horizon,
 * discounted), not by the capacity it adds whether or not anything needs it (new-user review u1, 2).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProjectIds, explainDeferrals, selectDeferred } from '../../src/analysis/explain-deferral.js';
import { loadModel } from '../../src/dataset/load-model.js';
import { datasetRun, plannedDataset, planRun } from '../../src/pipeline/plan-run.js';
import type { PortfolioPlan } from '../../src/plan/types.js';

const MASTERPLAN_MODEL = path.resolve(import.meta.dirname, '..', 'fixtures', 'masterplan');

describe('explain on a model with a master plan', () => {
  it('ranks by the plan\'s benefit if funded and explains generated projects', async () => {
    const model = await loadModel(MASTERPLAN_MODEL);
    const { plan } = await planRun(datasetRun(model), { relativeGap: 0 });
    const portfolio = plan as PortfolioPlan;
    const ownIds = new Set(model.projects.map((project) => project.id));
    const generatedDeferred = portfolio.projects.filter((planned) => !planned.funded && planned.deferralReason !== null && !ownIds.has(planned.id));
    expect(generatedDeferred.length, 'the fixture defers a generated project').toBeGreaterThan(0);

    const chosen = selectDeferred(plannedDataset(model).dataset, portfolio, {});
    const planned = new Map(portfolio.projects.map((project) => [project.id, project]));
    for (const entry of chosen) {
      const ifFunded = planned.get(entry.project.id)?.benefitIfFunded;
      if (ifFunded !== null && ifFunded !== undefined) expect(entry.derivedBenefit, entry.project.id).toBe(ifFunded);
    }
    for (let index = 1; index < chosen.length; index++) expect(chosen[index - 1].derivedBenefit).toBeGreaterThanOrEqual(chosen[index].derivedBenefit);

    // --project accepts a generated id, and still refuses one the model does not have.
    expect(() => checkProjectIds(model, [generatedDeferred[0].id])).not.toThrow();
    expect(() => checkProjectIds(model, ['WC011-NOPE'])).toThrow(/project "WC011-NOPE" is not in the model/);
    // The model as loaded (what the command passes), not the planned register: no crash, and a generated project among the answers.
    const answers = await explainDeferrals(model, portfolio, { workers: 1, planOptions: { relativeGap: 0.05 }, projectIds: [generatedDeferred[0].id] });
    expect(answers.map((answer) => answer.projectId)).toEqual([generatedDeferred[0].id]);
  }, 120_000);
});
