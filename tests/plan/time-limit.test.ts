/**
 * A time limit bounds the whole planModel call. The clock is the test's own (PlanOptions.clock),
 * moved by hand at chosen points, so what is skipped is decided by the test and not by the
 * machine's speed; no assertion here is on elapsed time.
 */
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatPlanSummary } from '../../src/cli/solve.js';
import { deferralReasonInWords, householdsServedByService } from '../../src/report/plan-figures.js';
import { loadModel } from '../../src/dataset/load-model.js';
import { planModel, timeLimitAdvice } from '../../src/plan/plan-model.js';
import type { LinearProgram } from '../../src/program/linear-program.js';
import type { SolveOptions } from '../../src/solve/engine.js';
import { highsEngine } from '../../src/solve/highs-engine.js';
import { MILLION, tinyDataset, tinyProject, tinySource } from './tiny-models.js';

const tinyPath = path.resolve('tests/fixtures/tiny');

/** A clock that reads `now` milliseconds; the test moves it. */
function manualClock(): { readonly clock: () => number; set(milliseconds: number): void } {
  let now = 0;
  return { clock: () => now, set: (milliseconds) => (now = milliseconds) };
}

/** Let HiGHS solve normally, then move the clock past every limit once its first solve returns. */
function spendTheBudgetInTheFirstSolve(set: (milliseconds: number) => void): { readonly limits: (number | undefined)[] } {
  const original = highsEngine.solve.bind(highsEngine);
  const limits: (number | undefined)[] = [];
  vi.spyOn(highsEngine, 'solve').mockImplementation(async (program: LinearProgram, options?: SolveOptions) => {
    limits.push(options?.timeLimitSeconds);
    const result = await original(program, options);
    set(1e9);
    return result;
  });
  return { limits };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('planModel under a time limit', () => {
  it('a limit used up while building starts no solver and reports time_limit with what to change', async () => {
    const dataset = await loadModel(tinyPath);
    let readings = 0;
    // Every reading of this clock is 10 s after the previous one: the 5 s are gone after building.
    const clock = (): number => 10_000 * readings++;
    const solve = vi.spyOn(highsEngine, 'solve');
    const { plan } = await planModel(dataset, { timeLimitSeconds: 5, clock });
    expect(solve).not.toHaveBeenCalled();
    expect(plan.status).toBe('time_limit');
    expect(plan.objectiveBenefitPoints).toBeNull();
    expect(plan.projects.some((project) => project.funded)).toBe(false);
    const notes = (plan.warnings ?? []).join('\n');
    expect(notes).toContain('was used up building the program');
    expect(notes).toContain(timeLimitAdvice('highs', 5));
    expect(notes).toContain('--time-limit 20');
    expect(notes).toContain('--gap 0.01');
    expect(notes).toContain('smaller model');
  });

  it('the solve gets what is left of the limit, and what comes after it is skipped with a note', async () => {
    const dataset = await loadModel(tinyPath);
    const { clock, set } = manualClock();
    const { limits } = spendTheBudgetInTheFirstSolve(set);
    const { plan } = await planModel(dataset, { timeLimitSeconds: 30, relativeGap: 0, clock });
    // The clock stood still while building, so the solve was given the whole 30 s.
    expect(limits).toEqual([30]);
    expect(plan.status).toBe('optimal');
    expect(plan.marginalValues).toEqual([]);
    expect(plan.warnings).toContain('marginal values of money were not computed: the 30 s time limit was used up (allow more time, e.g. --time-limit 60, to get them)');
    // The same call without a limit computes them (the skipped step is really the time limit's doing).
    vi.restoreAllMocks();
    expect((await planModel(dataset, { relativeGap: 0 })).plan.marginalValues.length).toBeGreaterThan(0);
  });

  it("skips the allocation's tie-break with a note when the first LP used up the time", async () => {
    const dataset = await loadModel(tinyPath);
    const { clock, set } = manualClock();
    const { limits } = spendTheBudgetInTheFirstSolve(set);
    const { plan } = await planModel(dataset, { formulation: 'allocation', timeLimitSeconds: 30, clock });
    expect(limits).toHaveLength(1); // the first LP only: no tie-break LP, no marginal-value LP
    expect(plan.status).toBe('optimal');
    expect(plan.warnings?.some((warning) => warning.startsWith('equally good splits were not tie-broken'))).toBe(true);
    expect(plan.warnings?.some((warning) => warning.startsWith('marginal values of money were not computed'))).toBe(true);
  });

  it('an infeasible program is not diagnosed when no time is left, and says so', async () => {
    // P1 is committed and needs R5 million in one year; the grant gives R3 million a year.
    const dataset = tinyDataset({
      projects: [tinyProject({ id: 'P1', status: 'committed', cashFlowRandByBuildYear: [5 * MILLION] }), tinyProject({ id: 'P2' })],
      sources: [tinySource('GRANT', [3 * MILLION, 3 * MILLION, 3 * MILLION], false)],
    });
    const { clock, set } = manualClock();
    spendTheBudgetInTheFirstSolve(set);
    const { plan } = await planModel(dataset, { timeLimitSeconds: 10, clock });
    expect(plan.status).toBe('infeasible');
    expect(plan.infeasibility).toBeUndefined();
    expect(plan.warnings).toContain('the conflicting rules were not searched for: the 10 s time limit was used up (allow more time, e.g. --time-limit 20, to get them)');
    // With time the diagnosis runs and names the commitment.
    vi.restoreAllMocks();
    expect((await planModel(dataset, { timeLimitSeconds: 60 })).plan.infeasibility?.rules.map((rule) => rule.label)).toEqual(['start_once[P1]']);
  });

  it('the advice for javascript-lp-solver names HiGHS, the engine that would give a plan', () => {
    const advice = timeLimitAdvice('jslp', 60);
    expect(advice).toContain('--solver highs');
    expect(advice).toContain('--time-limit 240');
    expect(timeLimitAdvice('highs', 60)).not.toContain('--solver');
  });
});

describe('the solve summary without a plan', () => {
  it('prints no plan figures, only the status, why, and the notes', async () => {
    const dataset = await loadModel(tinyPath);
    let readings = 0;
    const { plan } = await planModel(dataset, { engine: 'jslp', timeLimitSeconds: 5, clock: () => 10_000 * readings++ });
    expect(plan.status).toBe('time_limit');
    const summary = formatPlanSummary(plan);
    expect(summary).toContain('status time_limit: no plan, the solver stopped at its time limit before it found any plan');
    expect(summary).toContain('--solver highs');
    for (const figure of ['funded', 'capex', 'benefit', 'spending by source', 'deferred', 'objective']) expect(summary).not.toContain(figure);
  });

  it('still prints the plan tables when there is a plan', async () => {
    const dataset = await loadModel(tinyPath);
    const { plan } = await planModel(dataset, { relativeGap: 0 });
    const summary = formatPlanSummary(plan, dataset);
    expect(summary).toMatch(/funded \d+ of 9 projects/);
    expect(summary).toContain('spending by source over the horizon:');
    // The words run and the workbook use, not solver words or reason codes (new-user review u1, 7 and 9).
    expect(summary).toContain('plan proven the best possible;');
    expect(summary).not.toMatch(/status optimal/);
    const reasons = new Set(plan.kind === 'portfolio' ? plan.projects.flatMap((project) => (project.deferralReason ? [project.deferralReason] : [])) : []);
    expect(reasons.size).toBeGreaterThan(0);
    for (const reason of reasons) {
      expect(summary).not.toMatch(new RegExp(`^\\s+${reason}\\s+\\d+$`, 'm'));
      expect(summary).toContain(deferralReasonInWords(reason));
    }
    const served = householdsServedByService(plan, dataset);
    expect(summary).toContain(`households served: Water ${served.water.toLocaleString('en-GB')}, Sanitation ${served.sanitation.toLocaleString('en-GB')}`);
  });
});
