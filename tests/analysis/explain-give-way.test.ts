/**
 * Issue 14, task tp: a project that can join the plan only when another project gives way. The
 * least-extra-money MILP's start "the plan + P" breaks a rule (here the minimum sanitation share) at
 * every start year, and the keep-or-add start cannot drop anything, so the MILP had no start: on the
 * default model three answers of `explain --top 10` ended "no answer" when their share of the time ran
 * out. The keep-or-drop repair (extraMoneyStarts: P forced in, every other funded project kept or
 * dropped) makes the start feasible; when it is worth less than the plan, it is still a plan that funds
 * P, and the answer's check says so (NOT ENOUGH) instead of "no change found".
 *
 * One year, one source GRANT of R100 million, sanitation at least 35% of spending. The plan funds S
 * (sanitation, R50 million, 100) and W1 (water, R50 million, 100): 200. P is water, R80 million.
 * Funded beside S and W1 with money ring-fenced for it, sanitation is 50 of 180 (28%): no start. With W1
 * dropped, S and P are 50 of 130 (38%), and P needs R30 million on top of GRANT's R100 million.
 */
import { describe, expect, it } from 'vitest';
import { explainDeferrals } from '../../src/analysis/explain-deferral.js';
import { buildExtraMoneyProgram, extraMoneyStarts } from '../../src/analysis/explain-extra-money.js';
import { answerInWords } from '../../src/analysis/explain-words.js';
import { applyChanges } from '../../src/analysis/explain-changes.js';
import { decisionsOfPlan } from '../../src/analysis/plan-shortcut.js';
import { decisionsOfValues } from '../../src/plan/baseline-stability.js';
import type { Dataset } from '../../src/dataset/types.js';
import { planModel } from '../../src/plan/plan-model.js';
import { datasetRun, planRun } from '../../src/pipeline/plan-run.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { getEngine } from '../../src/solve/engines.js';
import { MILLION, tinyDataset, tinyProject, tinySource } from '../plan/tiny-models.js';
import { expectClose, SOLVER } from '../tolerance.js';

/** The model above, with P worth `benefitOfP`. */
function giveWayModel(benefitOfP: number): Dataset {
  return tinyDataset({
    horizonYears: 1,
    policy: { minServiceShare: { sanitation: 0.35 } },
    sources: [tinySource('GRANT', [100 * MILLION], false)],
    projects: [
      tinyProject({ id: 'S', service: 'sanitation', cashFlowRandByBuildYear: [50 * MILLION], benefitOverride: 100 }),
      tinyProject({ id: 'W1', cashFlowRandByBuildYear: [50 * MILLION], benefitOverride: 100 }),
      tinyProject({ id: 'P', cashFlowRandByBuildYear: [80 * MILLION], benefitOverride: benefitOfP }),
    ],
  });
}

async function solve(dataset: Dataset): Promise<PortfolioPlan> {
  return (await planModel(dataset, { marginalValues: false })).plan as PortfolioPlan;
}

const GRANT_2026 = [{ sourceId: 'GRANT', financialYear: 2026 }];

/** Solver terms the plain words must not use (as tests/analysis/explain-words.test.ts checks). */
const JARGON = /\b(MILP|LP|MIP|HiGHS|incumbent|shortcut|re-?solv\w*|time box|box|bound|relaxation|bisection|bracket|proof|proven|gap|solver|optimal|optimiser|heuristics?)\b/i;

describe('P joins only when W1 gives way, and is worth more (105): the repaired start keeps the plan\'s benefit', () => {
  const dataset = giveWayModel(105);

  it('the plan funds S and W1; the start is S and P with R30 million ring-fenced for P (W1 dropped), where the plan + P had none', async () => {
    const plan = await solve(dataset);
    expectClose(plan.objectiveBenefitPoints, 200, SOLVER);
    expect(plan.projects.find((project) => project.id === 'P')?.funded).toBe(false);
    const built = buildExtraMoneyProgram(dataset, 'P', 200, GRANT_2026);
    if (built === null) throw new Error('no program');
    const starts = await extraMoneyStarts(getEngine('highs'), built, 'P', decisionsOfPlan(plan), 10);
    if (starts.start === null) throw new Error('no start');
    expect(starts.repaired).toBeNull();
    expect(decisionsOfValues(built.layout, starts.start)).toEqual({ S: 2026, W1: null, P: 2026 });
    expectClose(built.extraVariables.reduce((sum, extra) => sum + (starts.start?.[extra.variable] ?? 0), 0), 30, SOLVER);
  });

  it('explain answers R30 million ring-fenced for P, verified by the plan\'s bound, and a re-solve with it funds P', async () => {
    const plan = await solve(dataset);
    const [explanation] = await explainDeferrals(dataset, plan, { workers: 1, projectIds: ['P'] });
    expect(explanation.changes).toEqual([{ kind: 'top_up', sourceId: 'GRANT', financialYear: 2026, amountRand: 30 * MILLION, ringFencedFor: 'P' }]);
    expect(explanation.verification).toMatchObject({ verified: true, method: 'ring_fenced_bound' });
    expectClose(explanation.verification?.objectiveAfter, 205, SOLVER);
    // Planned as every command plans it (the ring-fenced money is a source of its own there).
    const after = (await planRun(datasetRun(applyChanges(dataset, explanation.changes)), { marginalValues: false })).plan as PortfolioPlan;
    expect(after.projects.filter((project) => project.funded).map((project) => project.id).sort()).toEqual(['P', 'S']);
  });
});

describe('P joins only when W1 gives way, and is worth less (90): the answer ends with that plan and NOT ENOUGH', () => {
  const dataset = giveWayModel(90);

  it('the repaired plan (S and P, 190) is below the benefit row, so it is no start but is kept', async () => {
    const plan = await solve(dataset);
    const built = buildExtraMoneyProgram(dataset, 'P', 200, GRANT_2026);
    if (built === null) throw new Error('no program');
    const starts = await extraMoneyStarts(getEngine('highs'), built, 'P', decisionsOfPlan(plan), 10);
    expect(starts.start).toBeNull();
    if (starts.repaired === null) throw new Error('no repaired plan');
    expectClose(starts.repaired.benefitPoints, 190, SOLVER);
    expect(decisionsOfValues(built.layout, starts.repaired.values)).toEqual({ S: 2026, W1: null, P: 2026 });
  });

  it('explain gives the money, the plan that funds P and the verdict: a plan without P is better (NOT ENOUGH), said as other projects giving way', async () => {
    const plan = await solve(dataset);
    const [explanation] = await explainDeferrals(dataset, plan, { workers: 1, projectIds: ['P'] });
    // Before task tp: "No change found" (the MILP is infeasible, and the wider search finds nothing either).
    expect(explanation.changes).toEqual([{ kind: 'top_up', sourceId: 'GRANT', financialYear: 2026, amountRand: 30 * MILLION, ringFencedFor: 'P' }]);
    expect(explanation.verification).toMatchObject({ verified: false, outcome: 'better_without' });
    expectClose(explanation.verification?.fundingPlanBenefitPoints, 190, SOLVER);
    expectClose(explanation.verification?.objectiveAfter, 200, SOLVER);
    expect(explanation.outcome).toBe('not_verified');
    expect(explanation.summary).toContain('NOT ENOUGH');
    expect(explanation.summary).toContain('other projects give way to it in that plan');
    const words = answerInWords(explanation, dataset);
    expect(words.verdict).toContain('only with other projects giving way');
    expect(words.checked).toMatch(/^NOT ENOUGH: .*190\.0.*200\.0/);
    expect(words.checked).not.toContain('better used on other projects');
    expect(`${words.verdict} ${words.checked}`).not.toMatch(JARGON);
  });
});

describe('P (R50 million, 90) fits the envelope only when W1 gives way: the plan that funds it needs no money', () => {
  // S and P are R100 million, GRANT's envelope: no top-up at all, and no plan with P reaches 200 (S and P: 190).
  const dataset = tinyDataset({
    horizonYears: 1,
    policy: { minServiceShare: { sanitation: 0.35 } },
    sources: [tinySource('GRANT', [100 * MILLION], false)],
    projects: [
      tinyProject({ id: 'S', service: 'sanitation', cashFlowRandByBuildYear: [50 * MILLION], benefitOverride: 100 }),
      tinyProject({ id: 'W1', cashFlowRandByBuildYear: [50 * MILLION], benefitOverride: 100 }),
      tinyProject({ id: 'P', cashFlowRandByBuildYear: [50 * MILLION], benefitOverride: 90 }),
    ],
  });

  it('the answer has no change, the plan that funds P (190) and its verdict against the plan without it (200), in plain words', async () => {
    const plan = await solve(dataset);
    const [explanation] = await explainDeferrals(dataset, plan, { workers: 1, projectIds: ['P'] });
    expect(explanation.changes).toEqual([]);
    expect(explanation.verification).toMatchObject({ verified: false, outcome: 'better_without' });
    expectClose(explanation.verification?.fundingPlanBenefitPoints, 190, SOLVER);
    expectClose(explanation.verification?.objectiveAfter, 200, SOLVER);
    expect(explanation.summary).toMatch(/^No change found that makes the best plan fund it: a plan that funds it exists .* \(NOT ENOUGH\): it is worth 190\.0 against 200\.0/);
    const words = answerInWords(explanation, dataset);
    expect(words.verdict).toContain('a plan can fund it with the money and the rules as they are, but only with other projects giving way');
    expect(words.checked).toContain('a better plan that funds it was not ruled out');
    expect(`${words.verdict} ${words.checked}`).not.toMatch(JARGON);
  });
});
