/**
 * `compare` starts every later scenario from the first scenario's plan (issue 14): completed as a
 * plan of the later scenario, or repaired when the scenario breaks it (an excluded project, a
 * budget cut), then the MIP start of its MILP. Each later plan passes the independent checker and
 * equals the brute-force optimum of its scenario within the gap.
 */
import { describe, expect, it } from 'vitest';
import { runCompare } from '../../src/analysis/run-compare.js';
import { loadScenario } from '../../src/analysis/analysis-run.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { plannedDataset } from '../../src/pipeline/plan-run.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import { hasSolution } from '../../src/solve/engine.js';
import { bruteForcePortfolio } from '../program/brute-force.js';
import { expectAtLeast } from '../tolerance.js';
import { TINY_MODEL, writeScenarios } from './helpers.js';

describe('compare from the first scenario\'s plan', () => {
  it('starts later scenarios from it, repaired where a scenario breaks it, each within its gap of the optimum', async () => {
    const gap = 0.001;
    const scenarios = await writeScenarios({
      keep: `name: keep\nengine:\n  relative_gap: ${gap}\n`,
      drop: `name: drop\nexcluded: [WC011-W-01]\nengine:\n  relative_gap: ${gap}\n`,
      cut: `name: cut\nbudget_scale: 0.7\nengine:\n  relative_gap: ${gap}\n`,
    });
    const paths = [scenarios.keep, scenarios.drop, scenarios.cut];
    const { plans } = await runCompare({ modelPath: TINY_MODEL, scenarioPaths: paths }, { workers: 1, skipFiles: true });
    expect(plans[0].howSolved).toBeUndefined();
    for (const [index, plan] of plans.entries()) {
      const loaded = await loadScenario(TINY_MODEL, paths[index], undefined);
      const dataset = plannedDataset(loaded.resolved.dataset).dataset;
      expect(hasSolution(plan)).toBe(true);
      expect(checkPlan(plan, dataset).violations).toEqual([]);
      const optimum = bruteForcePortfolio(dataset, computeIndices(dataset)).objective ?? 0;
      expectAtLeast((plan.objectiveBenefitPoints ?? 0) * (1 + gap) + 1e-6, optimum);
      if (index === 0) continue;
      const words = (plan as { howSolved?: { words: string } }).howSolved?.words ?? '';
      expect(words).toMatch(/^started from the plan of scenario keep: /);
    }
    // The first plan funds WC011-W-01 or not; either way "drop" cannot keep it, so its start is repaired or completed without it.
    expect((plans[1] as { howSolved?: { words: string } }).howSolved?.words).toMatch(/neighbouring plan (fits|repaired)/);
  });
});
