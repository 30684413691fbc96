/**
 * Why each funded project is in the plan (new-user review: 14 funded projects showed 0 benefit and
 * no reason). Each case is a tiny model whose answer is known by hand, and each reason is checked
 * against the truth: the independent checker rejects the plan without the project (the rule, the
 * prerequisite or the commitment it names is broken), and re-solving without the rule leaves the
 * project out.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset, Project } from '../../src/dataset/types.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import type { PlannedProject, PortfolioPlan } from '../../src/plan/types.js';
import { solveAndInterpret } from './plan-fixtures.js';
import { MILLION, tinyDataset, tinyProject, tinySource, sanitationFloorDataset } from './tiny-models.js';

/** The plan with one funded project dropped (as if the plan had not funded it), its totals recomputed the checker's way. */
function withoutProject(plan: PortfolioPlan, id: string): PortfolioPlan {
  const dropped = plan.projects.find((line) => line.id === id) as PlannedProject;
  const benefit = {
    total: plan.benefit.total - dropped.benefit,
    needLed: plan.benefit.needLed - dropped.needBenefit,
    growthLed: plan.benefit.growthLed - dropped.growthBenefit,
  };
  return {
    ...plan,
    objectiveBenefitPoints: benefit.total,
    benefit,
    projects: plan.projects.map((line) =>
      line.id === id ? { ...line, funded: false, startYear: null, completionYear: null, spending: [], operatingSpending: [], benefit: 0, needBenefit: 0, growthBenefit: 0, deferralReason: 'budget', deferralDetail: 'dropped by the test' } : line,
    ),
    envelopeUse: plan.envelopeUse.map((use) => {
      const rand = dropped.spending.filter((line) => line.sourceId === use.sourceId && line.financialYear === use.financialYear).reduce((sum, line) => sum + line.amountRand, 0);
      return { ...use, spentRand: use.spentRand - rand };
    }),
  };
}

const line = (plan: PortfolioPlan, id: string): PlannedProject => plan.projects.find((candidate) => candidate.id === id) as PlannedProject;

/**
 * Three years, money for everything. P0 (no households) is the prerequisite of D1 (500 households);
 * C0 (no households) is committed; B1 (300 households) is there on its benefit alone.
 */
function prerequisiteDataset(projects?: readonly Project[]): Dataset {
  return tinyDataset({
    horizonYears: 3,
    sources: [tinySource('GRANT', [10 * MILLION, 10 * MILLION, 10 * MILLION], false)],
    projects: projects ?? [
      tinyProject({ id: 'P0', householdsServed: 0, latestStartYear: 2026 }),
      tinyProject({ id: 'D1', prerequisiteIds: ['P0'], householdsServed: 500, earliestStartYear: 2027 }),
      tinyProject({ id: 'C0', municipalityCode: 'BB002', service: 'sanitation', householdsServed: 0, status: 'committed' }),
      tinyProject({ id: 'B1', municipalityCode: 'BB002', householdsServed: 300 }),
    ],
  });
}

describe('why a funded project is in the plan', () => {
  it('a zero-benefit project held in by the minimum sanitation share says so, and the checker and a re-solve without the rule agree', async () => {
    const dataset = sanitationFloorDataset(0.3);
    const plan = await solveAndInterpret(dataset);
    expect(checkPlan(plan, dataset).violations).toEqual([]);
    const held = line(plan, 'S0');
    expect(held.funded).toBe(true);
    expect(held.benefit).toBe(0);
    expect(held.fundingReason).toBe('policy');
    expect(held.fundingRuleKey).toBe('min_service_share');
    expect(held.fundingDetail).toBe('Needed for the minimum sanitation share: sanitation gets at least 30% of spending');
    const best = line(plan, 'W1');
    expect(best.fundingReason).toBe('benefit');
    expect(best.fundingDetail).toMatch(/^Benefit per rand \(\d+\.\d per R1 million\)$/);
    // The truth: without S0 the plan breaks the share (the checker says so) ...
    const violations = checkPlan(withoutProject(plan, 'S0'), dataset).violations;
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.join(' ')).toMatch(/sanitation/);
    // ... and without the rule the plan spends the money on W2 instead.
    const free = await solveAndInterpret(sanitationFloorDataset(0));
    expect(line(free, 'S0').funded).toBe(false);
    expect(line(free, 'W2').funded).toBe(true);
    expect(line(free, 'W1').fundingReason).toBe('benefit');
  });

  it('a zero-benefit prerequisite names the project it is needed for, a committed project says it is committed', async () => {
    const dataset = prerequisiteDataset();
    const plan = await solveAndInterpret(dataset);
    expect(checkPlan(plan, dataset).violations).toEqual([]);
    expect(plan.projects.every((project) => project.funded)).toBe(true);
    expect(line(plan, 'P0').fundingReason).toBe('prerequisite');
    expect(line(plan, 'P0').fundingDetail).toBe('Prerequisite of D1');
    expect(line(plan, 'C0').fundingReason).toBe('committed');
    expect(line(plan, 'C0').fundingDetail).toBe('Committed (already under way)');
    expect(line(plan, 'D1').fundingReason).toBe('benefit');
    expect(line(plan, 'B1').fundingReason).toBe('benefit');
    // Unfunded projects carry no funding reason, funded ones no deferral reason.
    for (const project of plan.projects) expect(project.deferralReason).toBeNull();
    // The truth: the checker rejects the plan without P0 (D1's prerequisite) and without C0 (the commitment).
    expect(checkPlan(withoutProject(plan, 'P0'), dataset).violations.join(' ')).toMatch(/P0/);
    expect(checkPlan(withoutProject(plan, 'C0'), dataset).violations.join(' ')).toMatch(/C0/);
    // Without D1, P0 has nothing to be a prerequisite of; with C0 a candidate it is no longer committed.
    const alone = await solveAndInterpret(prerequisiteDataset([tinyProject({ id: 'P0', householdsServed: 0, latestStartYear: 2026 }), tinyProject({ id: 'C0', householdsServed: 0 })]));
    for (const project of alone.projects) if (project.funded) expect(project.fundingReason).toBe('no_benefit');
  });

  it('a prerequisite with a benefit per rand as good as the free choices is there for its benefit, and says what else needs it', async () => {
    const dataset = prerequisiteDataset([
      tinyProject({ id: 'P0', householdsServed: 400, latestStartYear: 2026 }),
      tinyProject({ id: 'D1', prerequisiteIds: ['P0'], householdsServed: 500, earliestStartYear: 2027 }),
      tinyProject({ id: 'B1', municipalityCode: 'BB002', householdsServed: 300 }),
    ]);
    const plan = await solveAndInterpret(dataset);
    // B1, which nothing holds in, is the free choice; P0 buys more per rand than it does.
    const perMillion = (id: string) => (line(plan, id).benefit / line(plan, id).capexRand) * MILLION;
    expect(line(plan, 'B1').fundingReason).toBe('benefit');
    expect(perMillion('P0')).toBeGreaterThan(perMillion('B1'));
    expect(line(plan, 'P0').fundingReason).toBe('benefit');
    expect(line(plan, 'P0').fundingDetail).toBe(`Benefit per rand (${perMillion('P0').toFixed(1)} per R1 million); also prerequisite of D1`);
  });
});
