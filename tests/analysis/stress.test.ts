import { describe, expect, it } from 'vitest';
import { runStress, type StressSolving } from '../../src/analysis/run-stress.js';
import { largestGapWords, solvingLines } from '../../src/cli/stress.js';
import { benefitSpread, summariseStress } from '../../src/analysis/stress-summary.js';
import { makeSampleDataset } from '../scenario/sample-dataset.js';
import { handMadePlan, plannedProject, TINY_MODEL } from './helpers.js';

describe('stress on the tiny model', () => {
  it('repeats exactly with the same seed and differs with another seed', async () => {
    const first = await runStress({ modelPath: TINY_MODEL, draws: 4, seed: 11 }, { workers: 1, skipFiles: true });
    const again = await runStress({ modelPath: TINY_MODEL, draws: 4, seed: 11 }, { workers: 1, skipFiles: true });
    const other = await runStress({ modelPath: TINY_MODEL, draws: 4, seed: 12 }, { workers: 1, skipFiles: true });
    expect(again.summary).toEqual(first.summary);
    expect(other.summary.benefitByDraw).not.toEqual(first.summary.benefitByDraw);
    expect(first.summary.draws).toBe(4);
    expect(first.summary.drawsWithPlan + first.summary.infeasibleDraws + first.summary.otherFailedDraws).toBe(4);
    // The committed project is funded in every draw that has a plan.
    const committed = first.summary.projects.find((project) => project.projectId === 'WC011-S-01');
    expect(committed?.drawsFunded).toBe(first.summary.drawsWithPlan);
    // The excluded project never is.
    expect(first.summary.projects.find((project) => project.projectId === 'WC022-W-01')?.drawsFunded).toBe(0);
  });

  it('gives the same benefit per draw within the gap whether a broken draw is solved cold (the default) or from the repaired plan', async () => {
    const cold = await runStress({ modelPath: TINY_MODEL, draws: 6, seed: 21 }, { workers: 1, skipFiles: true });
    const repaired = await runStress({ modelPath: TINY_MODEL, draws: 6, seed: 21, whenBroken: 'repair' }, { workers: 1, skipFiles: true });
    const relativeGap = cold.solving?.relativeGap ?? 0.01;
    cold.summary.benefitByDraw.forEach((benefit, index) => {
      const other = repaired.summary.benefitByDraw[index];
      expect(other === null).toBe(benefit === null);
      if (benefit !== null && other !== null) expect(Math.abs(benefit - other)).toBeLessThanOrEqual(relativeGap * Math.max(1, Math.abs(benefit), Math.abs(other)) + 1e-6);
    });
    // Cold draws never run a repair first: their words say so when the plan without overruns no longer fits.
    expect(cold.solving?.draws.some((draw) => /no longer fits/.test(draw.words))).toBe(true);
    expect(repaired.solving?.draws.some((draw) => /no longer fits/.test(draw.words))).toBe(false);
  });

  it('counts draws in which overrun committed projects no longer fit as infeasible', async () => {
    // A median factor of 5 makes the committed R25 million project cost about R125 million, more
    // than its only source (MIG, R25 million a year with carry-over) can pay in its window.
    const outcome = await runStress({ modelPath: TINY_MODEL, draws: 3, seed: 5, distribution: { medianFactor: 5, sigma: 0 } }, { workers: 1, skipFiles: true });
    expect(outcome.summary.infeasibleDraws).toBe(3);
    expect(outcome.summary.drawsWithPlan).toBe(0);
    expect(outcome.summary.benefitSpread).toBeNull();
    expect(outcome.summary.benefitWithoutOverrun).toBeGreaterThan(0);
    // No draw has a plan, so none has a gap: the console says so instead of "largest proven gap 0.00%".
    const lines = solvingLines(outcome).join('\n');
    expect(lines).toMatch(/no draw has a plan, so there is no proven gap/);
    expect(lines).not.toMatch(/largest proven gap/);
  });

  it('states the largest proven gap over the draws with a plan only', () => {
    const solving = (draws: StressSolving['draws']): StressSolving => ({ relativeGap: 0.01, gapWords: '1%', drawTimeLimitSeconds: 15, lpBoundGap: null, lpBoundWords: '', basePlanWords: 'solved', draws });
    const draw = (status: StressSolving['draws'][number]['status'], gap: number | null) => ({ status, gap, method: 'milp_warm' as const, words: 'x', seconds: 1 });
    expect(largestGapWords(solving([draw('infeasible', null), draw('error', null)]))).toBe('no draw has a plan, so there is no proven gap');
    expect(largestGapWords(solving([draw('feasible', null)]))).toBe('no draw with a plan states a proven gap');
    expect(largestGapWords(solving([draw('optimal', 0.004), draw('feasible', 0.0312), draw('infeasible', null)]))).toBe('largest proven gap 3.12%');
    expect(largestGapWords(solving([draw('optimal', 0.004), draw('feasible', null)]))).toBe('largest proven gap 0.40% (1 draw with a plan states no gap)');
  });
});

describe('summariseStress', () => {
  it('computes funded shares over draws with a plan and the benefit spread', () => {
    const dataset = makeSampleDataset();
    const funded = (ids: string[], total: number) =>
      handMadePlan({
        benefit: { total, needLed: total / 2, growthLed: total / 2 },
        projects: dataset.projects.map((project) => plannedProject({ id: project.id, funded: ids.includes(project.id), deferralReason: ids.includes(project.id) ? null : 'budget' })),
      });
    const baseline = funded(['WC011-W-01', 'WC012-S-01'], 100);
    const draws = [funded(['WC011-W-01', 'WC012-S-01'], 90), funded(['WC012-S-01'], 70), handMadePlan({ status: 'infeasible' }), funded(['WC011-W-01', 'WC012-S-01'], 80)];
    const summary = summariseStress(dataset, baseline, draws, 9);
    expect(summary.drawsWithPlan).toBe(3);
    expect(summary.infeasibleDraws).toBe(1);
    expect(summary.benefitByDraw).toEqual([90, 70, null, 80]);
    const byId = new Map(summary.projects.map((project) => [project.projectId, project]));
    expect(byId.get('WC011-W-01')).toMatchObject({ drawsFunded: 2, fundedShare: 2 / 3, fundedWithoutOverrun: true });
    expect(byId.get('WC012-S-01')).toMatchObject({ drawsFunded: 3, fundedShare: 1 });
    expect(byId.get('WC011-W-02')).toMatchObject({ drawsFunded: 0, fundedShare: 0, fundedWithoutOverrun: false });
    // Sorted 70, 80, 90: p10 = 70 + 0.2 × 10 = 72, median 80, p90 = 80 + 0.8 × 10 = 88.
    expect(summary.benefitSpread).toEqual({ min: 70, p10: 72, median: 80, p90: 88, max: 90 });
  });

  it('puts at risk the households, capex and benefit of the projects a draw drops, by hand', () => {
    const dataset = makeSampleDataset();
    const sizes: Record<string, { capexRand: number; householdsServed: number }> = { A: { capexRand: 10e6, householdsServed: 100 }, B: { capexRand: 30e6, householdsServed: 250 }, C: { capexRand: 5e6, householdsServed: 40 } };
    const plan = (ids: string[], total: number) =>
      handMadePlan({
        benefit: { total, needLed: total, growthLed: 0 },
        projects: Object.entries(sizes).map(([id, size]) => plannedProject({ id, ...size, funded: ids.includes(id), deferralReason: ids.includes(id) ? null : 'budget' })),
      });
    const summary = summariseStress(dataset, plan(['A', 'B'], 100), [plan(['A', 'B'], 100), plan(['A', 'C'], 60), plan(['C'], 30), handMadePlan({ status: 'infeasible' })], 1);
    // Draw 2 drops B (250 households, R30m, 40 points); draw 3 drops A and B (350, R40m, 70); C gained is no risk.
    expect(summary.atRiskByDraw).toEqual([{ households: 0, rand: 0, benefitPoints: 0 }, { households: 250, rand: 30e6, benefitPoints: 40 }, { households: 350, rand: 40e6, benefitPoints: 70 }, null]);
    // Over 0, 250, 350: median 250, p90 = 250 + 0.8 × 100 = 330.
    expect(summary.atRisk?.households).toEqual({ median: 250, p90: 330, max: 350 });
    expect(summary.atRisk?.rand).toEqual({ median: 30e6, p90: 38e6, max: 40e6 });
    expect(summary.atRisk?.benefitPoints.max).toBe(70);
  });

  it('interpolates percentiles like Excel PERCENTILE.INC', () => {
    const values = [5, 1, 9, 3, 7, 11, 2, 4, 6, 8, 10];
    // 11 values 1..11: rank (n - 1) × p gives exactly 2, 6 and 10.
    expect(benefitSpread(values)).toEqual({ min: 1, p10: 2, median: 6, p90: 10, max: 11 });
  });
});

describe('how stress solves its draws (issue 14)', () => {
  it('solves to the stress default gap unless --gap says otherwise, and records each draw\'s status, gap and method', async () => {
    const outcome = await runStress({ modelPath: TINY_MODEL, draws: 3, seed: 3 }, { workers: 1, skipFiles: true });
    expect(outcome.solving?.relativeGap).toBe(0.01);
    expect(outcome.solving?.gapWords).toMatch(/1% gap, the stress default/);
    expect(outcome.solving?.draws).toHaveLength(3);
    outcome.solving?.draws.forEach((draw, index) => {
      // A draw with a plan is optimal within the gap asked for (the tiny model never reaches its time box).
      expect(draw.status).toBe(outcome.summary.benefitByDraw[index] === null ? 'infeasible' : 'optimal');
      if (draw.status === 'optimal') expect(draw.gap).toBeLessThanOrEqual(0.01 + 1e-9);
      expect(['accepted_shortcut', 'milp_warm', 'milp']).toContain(draw.method);
      expect(draw.words.length).toBeGreaterThan(10);
    });
    // The box counts HiGHS's CPU seconds (task x2), and the console says so.
    expect(outcome.solving?.drawTimeLimitClock).toBe('cpu');
    expect(outcome.solving?.drawTimeLimitSeconds).toBe(15);
    expect(solvingLines(outcome)[0]).toContain('at most 15 CPU s per draw (--time-limit), counted in the solver\'s own CPU time');
    const asked = await runStress({ modelPath: TINY_MODEL, draws: 1, seed: 3, commandLine: { relativeGap: 0.002 } }, { workers: 1, skipFiles: true });
    expect(asked.solving?.relativeGap).toBe(0.002);
    expect(asked.solving?.gapWords).toMatch(/0\.2% gap asked for \(--gap\)/);
  });
});

describe('stress with a --baseline run folder of the same inputs', () => {
  it('takes the plan without overruns from the run instead of solving it again', async () => {
    const { runModel } = await import('../../src/pipeline/run-model.js');
    const { temporaryFolder } = await import('./helpers.js');
    const run = await runModel({ model: TINY_MODEL, outDir: await temporaryFolder() });
    const outcome = await runStress({ modelPath: TINY_MODEL, draws: 2, seed: 3 }, { workers: 1, skipFiles: true, baseline: { baselinePath: run.runFolder as string } });
    expect(outcome.solving?.basePlanWords).toMatch(/^taken from the baseline run: accepted without a MILP: .* proven bound of the run in .* \(same inputs\)$/);
    expect(outcome.summary.benefitWithoutOverrun).toBeCloseTo(run.plan.benefit.total, 6);
    const fresh = await runStress({ modelPath: TINY_MODEL, draws: 2, seed: 3 }, { workers: 1, skipFiles: true });
    expect(fresh.solving?.basePlanWords).toBe('solved');
  });
});
