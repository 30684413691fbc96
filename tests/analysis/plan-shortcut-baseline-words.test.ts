/**
 * An analysis re-solve with `--baseline` (sweep, stress, compare through planFromNeighbour) states
 * what changed against the baseline through the same step `run` uses (baselineChangesOf of
 * src/plan/plan-model.ts): the plain words of how the plan was chosen (whyWords), each change's
 * words and the split changes, so the analysis workbooks say what a run says. Checked on the tiny
 * model with a budget cut that breaks the baseline, against planRun with the same baseline.
 */
import { describe, expect, it } from 'vitest';
import { scaleEnvelopes } from '../../src/analysis/budget-range.js';
import { decisionsOfPlan, planFromNeighbour } from '../../src/analysis/plan-shortcut.js';
import { loadModel } from '../../src/dataset/load-model.js';
import type { BaselineDecisions, BaselineSpendingLine } from '../../src/dataset/types.js';
import { datasetRun, planRun } from '../../src/pipeline/plan-run.js';
import { hasSolution } from '../../src/solve/engine.js';
import { TINY_MODEL } from './helpers.js';

describe('baseline changes of an analysis re-solve', () => {
  it('carry the plain words, each change\'s words and the split changes, as a run with the same baseline does', async () => {
    const tiny = await loadModel(TINY_MODEL);
    const { plan: full } = await planRun(datasetRun(tiny), { formulation: 'portfolio', marginalValues: false, relativeGap: 0 });
    const spendingByProjectId: Record<string, BaselineSpendingLine[]> = Object.fromEntries(
      full.projects
        .filter((project) => project.funded)
        .map((project) => [
          project.id,
          [...project.spending.map((line) => ({ ...line, purpose: 'capital' as const })), ...project.operatingSpending.map((line) => ({ ...line, purpose: 'operating' as const }))],
        ]),
    );
    const baseline: BaselineDecisions = { source: 'baseline plan.json', modelName: full.modelName, startYearByProjectId: decisionsOfPlan(full), spendingByProjectId };
    const cut = scaleEnvelopes(tiny, 0.6);
    const { plan: run } = await planRun(datasetRun(cut), { formulation: 'portfolio', marginalValues: false, relativeGap: 0.01, baseline });
    const analysis = await planFromNeighbour(datasetRun(cut), { marginalValues: false, diagnoseInfeasibility: false }, {
      startFrom: baseline.startYearByProjectId,
      relativeGap: 0.01,
      tryLpBound: false,
      stayCloseTo: baseline,
    });
    expect(hasSolution(analysis)).toBe(true);
    const fromRun = run.baselineChanges!;
    const fromAnalysis = analysis.baselineChanges!;
    expect(fromAnalysis).toBeDefined();
    // The same fields as a run's, whyWords and splitChanges among them.
    expect(Object.keys(fromAnalysis).sort()).toEqual(Object.keys(fromRun).sort());
    expect(fromAnalysis.whyWords).toMatch(/^the baseline plan /);
    expect(fromAnalysis.whyWords).not.toMatch(/MILP|bound|solve/);
    expect(fromAnalysis.splitChanges).toBeDefined();
    for (const change of fromAnalysis.changes) expect(change.words, change.projectId).toMatch(/\S/);
    // Where the two end at the same decisions, they say the same thing about them.
    if (JSON.stringify(decisionsOfPlan(analysis)) === JSON.stringify(decisionsOfPlan(run))) {
      expect(fromAnalysis.changes.map((change) => [change.projectId, change.kind, change.words])).toEqual(fromRun.changes.map((change) => [change.projectId, change.kind, change.words]));
    }
  });
});
