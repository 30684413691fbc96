/**
 * A failed re-solve is said in words (issue 14): which solve, why, and what to try, never "no
 * change funds it" or a raw status. The failures are injected: solveProgram is wrapped so that
 * the programs a test names return a time limit without a plan or a solver error, as HiGHS does
 * when its box runs out on a loaded machine. On the model of explain-deferral.test.ts (B needs
 * exactly R10 million more), where the real answer is known.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LinearProgram } from '../../src/program/linear-program.js';
import type { Engine, SolveOptions, SolveResult, SolveStatus } from '../../src/solve/engine.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { MILLION, tinyDataset, tinyProject, tinySource } from '../plan/tiny-models.js';

// The suite shares loaded modules between files (vitest.config.ts, isolate: false), so the code
// under test is imported afresh after vi.resetModules(), through the mocked solveProgram below.
let explainDeferrals: typeof import('../../src/analysis/explain-deferral.js').explainDeferrals;
let verifyByBound: typeof import('../../src/analysis/explain-deferral.js').verifyByBound;
let verifyChanges: typeof import('../../src/analysis/explain-deferral.js').verifyChanges;
let leastExtraMoney: typeof import('../../src/analysis/explain-extra-money.js').leastExtraMoney;
let leastPolicyRelaxation: typeof import('../../src/analysis/explain-policy.js').leastPolicyRelaxation;
let formatExplanations: typeof import('../../src/analysis/explain-output.js').formatExplanations;
let decisionsOfPlan: typeof import('../../src/analysis/plan-shortcut.js').decisionsOfPlan;
let planModel: typeof import('../../src/plan/plan-model.js').planModel;

/** Which programs fail, and how; null: none. */
const injected = vi.hoisted(() => ({ fails: null as null | ((programName: string) => boolean), status: 'time_limit' as string, rawStatus: 'Time limit reached', calls: [] as string[] }));

vi.mock('../../src/solve/solve-program.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/solve/solve-program.js')>();
  return {
    ...original,
    solveProgram: async (engine: Engine, program: LinearProgram, options: SolveOptions = {}): Promise<SolveResult> => {
      if (injected.fails === null || !injected.fails(program.name)) return original.solveProgram(engine, program, options);
      injected.calls.push(program.name);
      return { engine: engine.name, status: injected.status as SolveStatus, rawStatus: injected.rawStatus, objective: null, bestBound: null, gap: null, nodes: 0, seconds: 0, values: null, duals: null };
    },
  };
});

// One year, R100m: A (R60m, benefit 100) is funded, B (R50m, benefit 80) needs exactly R10m more.
const dataset = tinyDataset({
  horizonYears: 1,
  sources: [tinySource('GRANT', [100 * MILLION], false)],
  projects: [
    tinyProject({ id: 'A', cashFlowRandByBuildYear: [60 * MILLION], benefitOverride: 100 }),
    tinyProject({ id: 'B', cashFlowRandByBuildYear: [50 * MILLION], benefitOverride: 80 }),
  ],
});
const TEN_MILLION_MORE = [{ kind: 'top_up' as const, sourceId: 'GRANT', financialYear: 2026, amountRand: 10 * MILLION }];
const BOX = { timeLimitSeconds: 5 };

let plan: PortfolioPlan;
beforeAll(async () => {
  vi.resetModules();
  ({ explainDeferrals, verifyByBound, verifyChanges } = await import('../../src/analysis/explain-deferral.js'));
  ({ leastExtraMoney } = await import('../../src/analysis/explain-extra-money.js'));
  ({ leastPolicyRelaxation } = await import('../../src/analysis/explain-policy.js'));
  ({ formatExplanations } = await import('../../src/analysis/explain-output.js'));
  ({ decisionsOfPlan } = await import('../../src/analysis/plan-shortcut.js'));
  ({ planModel } = await import('../../src/plan/plan-model.js'));
  // The injection is in place: a failing solve of the plan's own program is seen.
  injected.fails = () => true;
  expect((await planModel(dataset, { marginalValues: false, diagnoseInfeasibility: false })).plan.status).toBe('time_limit');
  injected.fails = null;
  plan = (await planModel(dataset, { marginalValues: false })).plan;
});
afterAll(() => {
  // Later files in this worker get the real solveProgram again.
  injected.fails = null;
  vi.doUnmock('../../src/solve/solve-program.js');
  vi.resetModules();
});
beforeEach(() => {
  injected.fails = null;
  injected.status = 'time_limit';
  injected.rawStatus = 'Time limit reached';
  injected.calls = [];
});

describe('leastExtraMoney says a failed MILP apart from "no top-up"', () => {
  it('finds R10 million when nothing fails', async () => {
    const answer = await leastExtraMoney(dataset, 'B', plan.objectiveBenefitPoints as number, [{ sourceId: 'GRANT', financialYear: 2026 }], 100_000, BOX, decisionsOfPlan(plan));
    expect(answer).toMatchObject({ kind: 'answer', changes: TEN_MILLION_MORE });
  });

  it('a time limit without a plan is solve_failed, naming the MILP, the box and a longer one', async () => {
    injected.fails = (name) => name.includes('-extra-money-');
    const answer = await leastExtraMoney(dataset, 'B', plan.objectiveBenefitPoints as number, [{ sourceId: 'GRANT', financialYear: 2026 }], 100_000, BOX, decisionsOfPlan(plan));
    expect(injected.calls.length).toBeGreaterThan(0);
    expect(answer.kind).toBe('solve_failed');
    if (answer.kind !== 'solve_failed') return;
    expect(answer.sentence).toBe('The least-extra-money MILP failed: it reached its time limit of 5 CPU s before finding any plan; try a longer --time-limit (e.g. --time-limit 60) or a looser --gap (e.g. --gap 0.01).');
  });

  it('a solver error keeps the solver\'s words', async () => {
    injected.fails = (name) => name.includes('-extra-money-');
    injected.status = 'error';
    injected.rawStatus = 'kHighsModelStatusSolveError';
    const answer = await leastExtraMoney(dataset, 'B', plan.objectiveBenefitPoints as number, [{ sourceId: 'GRANT', financialYear: 2026 }], 100_000, BOX, decisionsOfPlan(plan));
    expect(answer).toMatchObject({ kind: 'solve_failed', status: 'error', rawStatus: 'kHighsModelStatusSolveError' });
    if (answer.kind === 'solve_failed') expect(answer.sentence).toMatch(/^The least-extra-money MILP failed: the solver reported an error \(kHighsModelStatusSolveError\); try a longer --time-limit/);
  });
});

describe('a verification whose solve fails', () => {
  it('verifyChanges: outcome solve_failed with the re-solve\'s words, not "does not fund it"', async () => {
    // Every solve of the changed model fails (its program is named after the model, as the plan's is).
    injected.fails = () => true;
    const verification = await verifyChanges(dataset, 'B', TEN_MILLION_MORE, plan.objectiveBenefitPoints, BOX);
    expect(verification).toMatchObject({ verified: false, outcome: 'solve_failed' });
    expect(verification.failure?.sentence).toBe('The verifying re-solve failed: it reached its time limit of 5 s before finding any plan; try a longer --time-limit (e.g. --time-limit 60) or a looser --gap (e.g. --gap 0.01).');
  });

  it('verifyByBound: a failed proof is solve_failed, and the same proof verifies when nothing fails', async () => {
    const funding = { A: 2026, B: 2026 };
    const proof = [dataset, 'B', TEN_MILLION_MORE, funding, decisionsOfPlan(plan), plan.objectiveBenefitPoints, BOX, 0.001] as const;
    expect(await verifyByBound(...proof)).toMatchObject({ verified: true, outcome: 'funded_within_gap' });
    injected.fails = (name) => name.includes('-without-');
    injected.status = 'error';
    injected.rawStatus = 'HiGHS crashed';
    const verification = await verifyByBound(...proof);
    expect(injected.calls.some((name) => name.includes('-without-B'))).toBe(true);
    expect(verification).toMatchObject({ verified: false, outcome: 'solve_failed' });
    expect(verification.failure?.sentence).toMatch(/^The verifying proof \(the changed model with the project forced out\) failed: the solver reported an error \(HiGHS crashed\); try /);
  });
});

describe('explainDeferrals with failing re-solves', () => {
  it('every re-solve failing: the answer is solve_failed, says which solve and what to try, never "no change found"', async () => {
    injected.fails = () => true;
    const [explanation] = await explainDeferrals(dataset, plan, { workers: 1, planOptions: BOX });
    expect(explanation).toMatchObject({ projectId: 'B', outcome: 'solve_failed', changes: [] });
    expect(explanation.failure?.solve).toBe('the least-extra-money MILP');
    expect(explanation.failedSolveCount).toBeGreaterThan(1);
    expect(explanation.summary).toMatch(/^No answer: the least-extra-money MILP failed: it reached its time limit of 5 CPU s before finding any plan; try a longer --time-limit \(e\.g\. --time-limit 60\) or a looser --gap \(e\.g\. --gap 0\.01\)\. \d+ of its \d+ solves failed\.$/);
    expect(explanation.summary).not.toMatch(/no change|funds it/i);
    expect(formatExplanations({ modelName: 'm', scenarioName: 'baseline', objective: 100, deferredCount: 1, explanations: [explanation] })).toContain('warning: for 1 project a planning run the answer needed did not finish');
  });

  it('the money MILP alone failing: the wider search still finds the R10 million, verified, and counts the failed solve', async () => {
    injected.fails = (name) => name.includes('-extra-money-');
    const [explanation] = await explainDeferrals(dataset, plan, { workers: 1, planOptions: BOX });
    expect(explanation).toMatchObject({ outcome: 'verified', extraMoneyRand: 10 * MILLION, failure: null, failedSolveCount: 1 });
    expect(explanation.verification?.verified).toBe(true);
  });
});

describe('leastPolicyRelaxation says a failed MILP apart from "no relaxation"', () => {
  // Half of the spending must be sanitation: W (water, R60m, 100) with S (sanitation, R30m, 20) is
  // a third sanitation, so the plan is S alone and W waits for the rule.
  const shareDataset = tinyDataset({
    horizonYears: 1,
    policy: { minServiceShare: { sanitation: 0.5 } },
    sources: [tinySource('GRANT', [100 * MILLION], false)],
    projects: [
      tinyProject({ id: 'W', cashFlowRandByBuildYear: [60 * MILLION], benefitOverride: 100 }),
      tinyProject({ id: 'S', service: 'sanitation', cashFlowRandByBuildYear: [30 * MILLION], benefitOverride: 20 }),
    ],
  });

  it('answers with a lower share when nothing fails, and solve_failed in words when its MILP fails', async () => {
    const sharePlan = (await planModel(shareDataset, { marginalValues: false })).plan;
    expect(sharePlan.projects.find((project) => project.id === 'W')?.funded).toBe(false);
    const floor = (sharePlan.objectiveBenefitPoints as number) / 1.001;
    const answer = await leastPolicyRelaxation(shareDataset, 'W', floor, BOX, decisionsOfPlan(sharePlan));
    expect(answer?.kind).toBe('answer');
    injected.fails = (name) => name.includes('-policy-relaxation-');
    const failed = await leastPolicyRelaxation(shareDataset, 'W', floor, BOX, decisionsOfPlan(sharePlan));
    expect(failed?.kind).toBe('solve_failed');
    if (failed?.kind === 'solve_failed') expect(failed.sentence).toBe('The least-policy-relaxation MILP failed: it reached its time limit of 5 CPU s before finding any plan; try a longer --time-limit (e.g. --time-limit 60) or a looser --gap (e.g. --gap 0.01).');
  });
});
