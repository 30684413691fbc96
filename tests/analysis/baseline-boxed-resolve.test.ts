/**
 * A re-solve with `--baseline` under a CPU box (stress draws, issue 14): every MILP of it — the
 * re-solve itself and the closest-plan step — is boxed in CPU seconds, as a draw without a
 * baseline is, and the plan carries what changed against the baseline. Checked on the tiny model
 * with a budget cut that breaks the baseline (so the closest-plan step has work to do): the
 * engine's calls are recorded, the plan passes the independent checker and lies within its
 * stated gap of the brute-force optimum.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scaleEnvelopes } from '../../src/analysis/budget-range.js';
import { decisionsOfPlan, planFromNeighbour } from '../../src/analysis/plan-shortcut.js';
import { loadModel } from '../../src/dataset/load-model.js';
import type { BaselineDecisions } from '../../src/dataset/types.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { datasetRun, planRun } from '../../src/pipeline/plan-run.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import type { LinearProgram } from '../../src/program/linear-program.js';
import type { SolveOptions } from '../../src/solve/engine.js';
import { hasSolution } from '../../src/solve/engine.js';
import { highsEngine } from '../../src/solve/highs-engine.js';
import { bruteForcePortfolio } from '../program/brute-force.js';
import { expectAtLeast } from '../tolerance.js';
import { TINY_MODEL } from './helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a --baseline re-solve under a CPU box', () => {
  it('boxes the MILP and the closest-plan step in CPU seconds and states the changes against the baseline', async () => {
    const tiny = await loadModel(TINY_MODEL);
    const { plan: full } = await planRun(datasetRun(tiny), { formulation: 'portfolio', marginalValues: false, relativeGap: 0 });
    const baseline: BaselineDecisions = { source: 'baseline plan.json', modelName: full.modelName, startYearByProjectId: decisionsOfPlan(full) };
    const cut = scaleEnvelopes(tiny, 0.6);
    const calls: { readonly program: LinearProgram; readonly options: SolveOptions }[] = [];
    const solve = highsEngine.solve.bind(highsEngine);
    vi.spyOn(highsEngine, 'solve').mockImplementation((program, options = {}) => {
      calls.push({ program, options });
      return solve(program, options);
    });
    const drawSeconds = 15;
    const plan = await planFromNeighbour(datasetRun(cut), { marginalValues: false, diagnoseInfeasibility: false, timeLimitSeconds: drawSeconds }, {
      startFrom: baseline.startYearByProjectId,
      relativeGap: 0.01,
      boxInCpuSeconds: true,
      whenBroken: 'cold',
      tryLpBound: false,
      stayCloseTo: baseline,
    });
    expect(hasSolution(plan)).toBe(true);
    expect(checkPlan(plan, cut).violations).toEqual([]);
    const reference = bruteForcePortfolio(cut, computeIndices(cut));
    // Within its stated gap of the optimum (the closest plan keeps the benefit within the gap).
    expectAtLeast((plan.objectiveBenefitPoints ?? 0) * (1 + 0.01) + 1e-6, reference.objective ?? 0);
    const milps = calls.filter((call) => call.program.variables.some((variable) => variable.kind !== 'continuous'));
    expect(milps.length).toBeGreaterThan(0);
    for (const call of milps) {
      expect(call.options.cpuTimeLimitSeconds, call.program.name).toBeGreaterThan(0);
      expect(call.options.timeLimitSeconds, call.program.name).toBeGreaterThanOrEqual(call.options.cpuTimeLimitSeconds ?? Infinity);
    }
    // The baseline no longer fits the cut budget, so the closest-plan step ran, under its own CPU box.
    const closest = milps.filter((call) => call.program.name.includes('closest-to-baseline'));
    expect(closest.length).toBe(1);
    // Within the step's share of the box (30%): the MILP gets what the first clean-up left of 85% of it, the rest is kept for the last clean-up.
    expect(closest[0].options.cpuTimeLimitSeconds).toBeLessThanOrEqual(0.85 * 0.3 * drawSeconds);
    expect(closest[0].options.cpuTimeLimitSeconds).toBeGreaterThan(0.25 * 0.3 * drawSeconds);
    expect(plan.baselineChanges).toBeDefined();
    const changes = plan.baselineChanges!;
    expect(changes.source).toBe('baseline plan.json');
    const changed = plan.projects.filter((project) => (project.funded ? project.startYear : null) !== (baseline.startYearByProjectId[project.id] ?? null));
    expect(changes.fundingChanges + changes.startYearChanges).toBe(changed.length);
    expect(changes.changes.map((change) => change.projectId).sort()).toEqual(changed.map((project) => project.id).sort());
    expect(plan.howSolved?.words).toMatch(/closest-plan step boxed to 4\.5 CPU s/);
  });
});
