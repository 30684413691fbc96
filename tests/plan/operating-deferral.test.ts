/**
 * When operating (running-cost) money is what keeps a project out, the deferral reason says so
 * (new-user review: WC051-T-01 was "deferred because the envelopes were better spent elsewhere"
 * while `explain --project WC051-T-01` topped up the operating envelope). On a tiny model where
 * operating money binds, the plan's reason and detail, the Deferred projects sheet and explain's
 * answer all name operating money; the truth is checked by re-solving: with more operating money
 * the project is funded, with ten times the capital it is not.
 */
import { describe, expect, it } from 'vitest';
import { explainDeferrals } from '../../src/analysis/explain-deferral.js';
import { explanationsWorkbook } from '../../src/analysis/explain-output.js';
import type { Dataset, FundingSource } from '../../src/dataset/types.js';
import { planModel } from '../../src/plan/plan-model.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { deferralReasonInWords } from '../../src/report/plan-figures.js';
import { MILLION, tinyDataset, tinyProject, tinySource } from './tiny-models.js';

function operatingSource(id: string, envelopesRand: readonly number[]): FundingSource {
  return { ...tinySource(id, envelopesRand, false), name: `${id} operations grant`, purpose: 'operating' };
}

/**
 * Three years, capital of R20 million a year (each project costs R10 million in one year), and an
 * operating source OPS of `opsRand` a year. A (benefit 100) and P (benefit 60) each have running costs
 * of R1 million a year from their completion: with R1.5 million a year of OPS only one can run, so
 * P waits for operating money although the capital is there.
 */
function operatingDataset(opsRand: number, capitalRand: readonly number[] = [20 * MILLION, 20 * MILLION, 20 * MILLION]): Dataset {
  const project = (id: string, benefit: number) =>
    tinyProject({ id, cashFlowRandByBuildYear: [10 * MILLION], benefitOverride: benefit, operatingCostRandPerYear: 1 * MILLION, fundingSourceIds: ['GRANT', 'OPS'] });
  return tinyDataset({
    horizonYears: 3,
    sources: [tinySource('GRANT', capitalRand, false), operatingSource('OPS', [opsRand, opsRand, opsRand])],
    projects: [project('A', 100), project('P', 60)],
  });
}

async function planOf(dataset: Dataset): Promise<PortfolioPlan> {
  return (await planModel(dataset, { marginalValues: false })).plan as PortfolioPlan;
}

const fundedIn = (plan: PortfolioPlan, id: string): boolean => plan.projects.some((project) => project.id === id && project.funded);

describe('a project that waits for operating money', () => {
  it('is deferred because operating money runs out, in the plan, the sheet words and explain, and that is the truth', async () => {
    const dataset = operatingDataset(1.5 * MILLION);
    const plan = await planOf(dataset);
    expect(fundedIn(plan, 'A')).toBe(true);
    const waiting = plan.projects.find((project) => project.id === 'P')!;
    expect(waiting.funded).toBe(false);
    expect(waiting.deferralReason).toBe('operating_budget');
    expect(waiting.deferralDetail).toMatch(/^Operating money runs out in 20\d\d\/\d\d: its running costs of R1\.0 million a year from completion do not fit the operating envelope OPS/);
    expect(deferralReasonInWords(waiting.deferralReason)).toBe('Operating money (running costs) runs out');
    // What it would add if funded at its earliest start, as A (same municipality, benefit 100) adds at its start: no discount rate in the tiny policy.
    const funded = plan.projects.find((project) => project.id === 'A')!;
    expect(waiting.benefitIfFunded).toBeCloseTo(funded.benefit * 0.6, 6);

    // explain reports the same reason, and its verified change is operating money.
    const [explanation] = await explainDeferrals(dataset, plan, { projectIds: ['P'], workers: 1 });
    expect(explanation.reason).toBe('operating_budget');
    expect(explanation.changes.length).toBeGreaterThan(0);
    expect(explanation.changes.every((change) => change.kind === 'top_up' && change.sourceId === 'OPS')).toBe(true);
    expect(explanation.summary).toContain('of operating money of OPS in 2028/29 ring-fenced for P');
    const sheet = explanationsWorkbook({ modelName: 'tiny', scenarioName: 'test', objective: plan.objectiveBenefitPoints, deferredCount: 1, explanations: [explanation] }).worksheets[0];
    const texts: string[] = [];
    sheet.eachRow((row) => texts.push(String(row.getCell(3).value ?? '')));
    expect(texts).toContain('Operating money (running costs) runs out');

    // The truth: with enough operating money P is funded; with ten times the capital it still waits.
    expect(fundedIn(await planOf(operatingDataset(2 * MILLION)), 'P')).toBe(true);
    const rich = await planOf(operatingDataset(1.5 * MILLION, [200 * MILLION, 200 * MILLION, 200 * MILLION]));
    expect(fundedIn(rich, 'P')).toBe(false);
    expect(rich.projects.find((project) => project.id === 'P')!.deferralReason).toBe('operating_budget');
  });

  it('a project short of capital keeps the capital reason, even with running costs', async () => {
    // Capital of R10 million in the first year only: A takes it, and OPS has room for both.
    const plan = await planOf(operatingDataset(5 * MILLION, [10 * MILLION, 0, 0]));
    const waiting = plan.projects.find((project) => !project.funded)!;
    expect(waiting.deferralReason).toBe('budget');
    expect(waiting.deferralDetail).not.toMatch(/Operating money runs out/);
  });
});
