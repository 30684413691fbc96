/**
 * A deferred project that would add nothing if funded says so before any rule or money reason
 * (new-user review u1, 3: on the default model 33 of the 63 projects "kept out by the minimum
 * sanitation share" would have counted no benefit by the horizon's end). Each case is a tiny model
 * whose answer is known by hand, and the independent checker accepts the reason where it is true
 * and refuses it where it is not.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/dataset/types.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import type { PlannedProject, PortfolioPlan } from '../../src/plan/types.js';
import { deferralReasonCounts, lapsingMoney } from '../../src/report/summary-figures.js';
import { deferralReasonInWords } from '../../src/report/plan-figures.js';
import { datasetRun, planRun } from '../../src/pipeline/plan-run.js';
import { loadModel } from '../../src/dataset/load-model.js';
import { solveAndInterpret } from './plan-fixtures.js';
import { MILLION, tinyDataset, tinyProject, tinySource, noBenefitShareDataset } from './tiny-models.js';
import { WC011_WORKS_BALANCE, wc011WaterProject } from '../masterplan/wc011-works-balance.js';

const line = (plan: PortfolioPlan, id: string): PlannedProject => plan.projects.find((candidate) => candidate.id === id) as PlannedProject;

describe('a deferred project that would add no benefit', () => {
  it('is deferred for no benefit before the rule that would otherwise be named, and the checker accepts it', async () => {
    const dataset = noBenefitShareDataset();
    const plan = await solveAndInterpret(dataset);
    expect(checkPlan(plan, dataset).violations).toEqual([]);
    expect(plan.projects.filter((project) => project.funded).map((project) => project.id).sort()).toEqual(['S1', 'W1']);
    // W2 earns benefit, so the rule that keeps it out is its reason.
    expect(line(plan, 'W2').deferralReason).toBe('policy');
    expect(line(plan, 'W2').deferredBy?.rule).toBe('min_service_share');
    const zero = line(plan, 'Z0');
    expect(zero.benefitIfFunded).toBe(0);
    expect(zero.deferralReason).toBe('no_benefit');
    expect(zero.deferredBy).toBeNull();
    expect(zero.deferralDetail).toMatch(/^Adds nothing the plan counts: it serves no backlog/);
    // The Summary counts it under its own words, not under the rule.
    const counts = deferralReasonCounts(plan);
    expect(counts.find((entry) => entry.reason === 'no_benefit')).toEqual({ reason: 'no_benefit', words: deferralReasonInWords('no_benefit'), count: 1 });
    expect(counts.find((entry) => entry.reason === 'policy')?.count).toBe(1);
    // The R2 million that lapses: no project could take it, Z0 because it would add nothing (not the rule).
    const [lapse] = lapsingMoney(plan, dataset);
    expect(lapse.lapsingRand).toBe(2 * MILLION);
    expect(lapse.candidates).toEqual([]);
    expect(lapse.barred).toEqual([
      { words: 'the minimum service share keeps them out', count: 1 },
      { words: "they would add no benefit by the horizon's end", count: 1 },
    ]);
  });

  it('the checker refuses the reason on a project that would add benefit', async () => {
    const dataset = noBenefitShareDataset();
    const plan = await solveAndInterpret(dataset);
    const wrong: PortfolioPlan = { ...plan, projects: plan.projects.map((project) => (project.id === 'W2' ? { ...project, deferralReason: 'no_benefit', deferredBy: null } : project)) };
    expect(checkPlan(wrong, dataset).violations).toEqual([expect.stringMatching(/^W2 is deferred as adding no benefit, but funded at its earliest start/)]);
  });

  it('a zero-benefit prerequisite of a project that would add benefit keeps its money reason', async () => {
    // R4 million a year for two years: P0 (R3 million, nobody) must come before D1 (R3 million, 500 households), too much for the money.
    const dataset = tinyDataset({
      horizonYears: 2,
      sources: [tinySource('GRANT', [2 * MILLION, 2 * MILLION], false)],
      projects: [
        tinyProject({ id: 'P0', cashFlowRandByBuildYear: [3 * MILLION], householdsServed: 0, latestStartYear: 2026 }),
        tinyProject({ id: 'D1', prerequisiteIds: ['P0'], cashFlowRandByBuildYear: [3 * MILLION], householdsServed: 500, earliestStartYear: 2027 }),
        tinyProject({ id: 'B1', municipalityCode: 'BB002', householdsServed: 10 }),
      ],
    });
    const plan = await solveAndInterpret(dataset);
    expect(checkPlan(plan, dataset).violations).toEqual([]);
    expect(line(plan, 'P0').funded).toBe(false);
    expect(line(plan, 'P0').benefitIfFunded).toBe(0);
    expect(line(plan, 'P0').deferralReason).toBe('budget');
    expect(line(plan, 'D1').deferralReason).toBe('prerequisite');
  });

  it('a zero-benefit alternative of a funded project keeps the exclusive-alternative reason', async () => {
    const dataset = tinyDataset({
      horizonYears: 1,
      sources: [tinySource('GRANT', [10 * MILLION], false)],
      projects: [tinyProject({ id: 'E1', exclusiveGroup: 'g', householdsServed: 150 }), tinyProject({ id: 'E2', exclusiveGroup: 'g', householdsServed: 0 })],
    });
    const plan = await solveAndInterpret(dataset);
    expect(line(plan, 'E1').funded).toBe(true);
    expect(line(plan, 'E2').benefitIfFunded).toBe(0);
    expect(line(plan, 'E2').deferralReason).toBe('exclusive_alternative');
  });

  it('a capacity project whose shortfall arises only after the horizon says it is needed only later', async () => {
    const tiny = await loadModel('tests/fixtures/tiny');
    // WC011's works are short from 2027/28; a second balance (pipelines) is short only after 2029/30, the horizon's end.
    const pipelines = { ...WC011_WORKS_BALANCE, assetType: 'bulk_water_pipeline' as const, projectTypes: ['bulk_pipeline'], shortfallMlPerDayByYear: { 2026: 0, 2027: 0, 2028: 0, 2029: 0 } };
    const dataset: Dataset = {
      ...tiny,
      config: { ...tiny.config, policy: { ...tiny.config.policy, minServiceShare: {} } },
      capacityBalances: [WC011_WORKS_BALANCE, pipelines],
      projects: [
        wc011WaterProject('WORKS', { households: 0, capacityAddedMlPerDay: 6, cashFlowRandByBuildYear: [20_000_000], description: 'works +6 Ml/day' }),
        wc011WaterProject('PIPE', { households: 0, capacityAddedMlPerDay: 2, cashFlowRandByBuildYear: [5_000_000], description: 'pipeline +2 Ml/day, needed from 2030/31' }, { type: 'bulk_pipeline' }),
        wc011WaterProject('WORKS-2', { households: 0, capacityAddedMlPerDay: 6, cashFlowRandByBuildYear: [20_000_000], description: 'a second works +6 Ml/day' }),
      ],
    };
    const { plan } = await planRun(datasetRun(dataset), { marginalValues: false });
    if (plan.kind !== 'portfolio') throw new Error('expected a portfolio plan');
    expect(checkPlan(plan, dataset).violations).toEqual([]);
    expect(line(plan, 'WORKS').funded).toBe(true);
    const pipe = line(plan, 'PIPE');
    expect(pipe.funded).toBe(false);
    expect(pipe.deferralReason).toBe('no_benefit');
    expect(pipe.deferralDetail).toMatch(/^Needed only after the horizon: the master plan shows no WC011 water bulk water pipeline shortfall by 2029\/30/);
    // The second works would close a shortfall the first already closes.
    const second = line(plan, 'WORKS-2');
    expect(second.funded).toBe(false);
    expect(second.deferralReason).toBe('no_benefit');
    expect(second.deferralDetail).toMatch(/already close the WC011 water water treatment works shortfall in every year from 2027\/28/);
  });
});
