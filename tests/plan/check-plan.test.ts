import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/dataset/types.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import type { PlannedProject, PortfolioPlan } from '../../src/plan/types.js';
import { knownDataset, solveAndInterpret } from './plan-fixtures.js';
import { MILLION } from './tiny-models.js';
import { expectClose, SOLVER } from '../tolerance.js';

let dataset: Dataset;
let plan: PortfolioPlan;

beforeAll(async () => {
  dataset = knownDataset();
  plan = await solveAndInterpret(dataset);
});

/** The plan with one project line replaced. */
function withProject(id: string, change: (line: PlannedProject) => PlannedProject): PortfolioPlan {
  return { ...plan, projects: plan.projects.map((line) => (line.id === id ? change(line) : line)) };
}

/** A dataset with policy changes. */
function withPolicy(policy: Partial<Dataset['config']['policy']>): Dataset {
  return { ...dataset, config: { ...dataset.config, policy: { ...dataset.config.policy, ...policy } } };
}

/** Expect at least one violation matching `pattern`. */
function expectViolation(checked: { violations: readonly string[] }, pattern: RegExp): void {
  expect(checked.violations.some((violation) => pattern.test(violation)), `violations: ${checked.violations.join(' | ')}`).toBe(true);
}

describe('checkPlan on a valid plan', () => {
  it('accepts the solved plan, which funds the hand-known optimum', () => {
    expect(checkPlan(plan, dataset).violations).toEqual([]);
    const funded = plan.projects.filter((line) => line.funded).map((line) => line.id).sort();
    expect(funded).toEqual(['C1', 'E1', 'P1', 'P2']);
    // Weights are 0.6 in both municipalities (0.5 × 1.1 + 0.5 × 0.1), no discounting: 0.6 × (300 + 200 + 150 + 50).
    expectClose(plan.benefit.total, 420, SOLVER);
  });
});

describe('checkPlan rejects hand-broken plans', () => {
  it('a start moved outside its window', () => {
    const broken = withProject('P2', (line) => ({ ...line, startYear: 2030, completionYear: 2030, spending: line.spending.map((spending) => ({ ...spending, financialYear: 2030 })) }));
    expectViolation(checkPlan(broken, dataset), /P2 starts in 2030\/31, outside its window/);
  });

  it('an overspent envelope', () => {
    const smaller = { ...dataset, fundingSources: dataset.fundingSources.map((source) => (source.id === 'GRANT' ? { ...source, envelopeRandByYear: { ...source.envelopeRandByYear, 2026: 1 * MILLION } } : source)) };
    expectViolation(checkPlan(plan, smaller), /GRANT in 2026\/27: spending R\d+ exceeds the envelope R1000000/);
  });

  it('both projects of an exclusive pair funded', () => {
    const broken = withProject('E2', (line) => ({ ...line, funded: true, startYear: 2026, completionYear: 2026, spending: [{ financialYear: 2026, sourceId: 'GRANT', amountRand: MILLION }], deferralReason: null, deferralDetail: null }));
    expectViolation(checkPlan(broken, dataset), /exclusive group g has 2 funded projects/);
  });

  it('a dependant started before its prerequisite finishes', () => {
    const broken = withProject('P2', (line) => ({ ...line, startYear: 2027, completionYear: 2027, spending: [{ financialYear: 2027, sourceId: 'GRANT', amountRand: MILLION }] }));
    expectViolation(checkPlan(broken, dataset), /P2 starts in 2027\/28 before its prerequisite P1 is complete/);
  });

  it('a committed project dropped', () => {
    const broken = withProject('C1', (line) => ({ ...line, funded: false, startYear: null, completionYear: null, spending: [], deferralReason: 'budget', deferralDetail: 'dropped' }));
    expectViolation(checkPlan(broken, dataset), /committed project C1 is not funded/);
  });

  it('an excluded project funded', () => {
    const broken = withProject('X1', (line) => ({ ...line, funded: true, startYear: 2026, completionYear: 2026, spending: [{ financialYear: 2026, sourceId: 'GRANT', amountRand: MILLION }], deferralReason: null }));
    expectViolation(checkPlan(broken, dataset), /excluded project X1 is funded/);
  });

  it('a broken district share', () => {
    expectViolation(checkPlan(plan, withPolicy({ districtShareMax: 0.5 })), /district D1 is 0\.\d+ of spending, above the maximum 0\.5/);
  });

  it('a sanitation share below the minimum', () => {
    expectViolation(checkPlan(plan, withPolicy({ minServiceShare: { sanitation: 0.9 } })), /sanitation is 0\.\d+ of spending, below the minimum 0\.9/);
  });

  it('too many projects under construction at once', () => {
    // P1 builds in 2026/27 and 2027/28; E1 moved to 2026/27 overlaps it (the envelope has room for both).
    const overlapping = withProject('E1', (line) => ({ ...line, startYear: 2026, completionYear: 2026, spending: [{ financialYear: 2026, sourceId: 'GRANT', amountRand: MILLION }] }));
    const relaxed = { ...overlapping, envelopeUse: [] };
    const checked = checkPlan(relaxed, withPolicy({ maxConcurrentProjectsPerMunicipality: 1 }));
    expectViolation(checked, /AA001 has 2 projects under construction in 2026\/27, above the cap of 1/);
  });

  it('a basic-package floor not met', () => {
    // AA001 is served 650 of a 1000-household backlog; its register could serve 650 + nothing more, BB002 50 of 500 with 100 + 50 deliverable.
    expectViolation(checkPlan(plan, withPolicy({ basicPackageFloorShare: 0.5 })), /BB002 is served 50 households, below the basic-package floor of 150\.0/);
  });

  it('spending that differs from the cash flow', () => {
    const broken = withProject('P1', (line) => ({ ...line, spending: line.spending.map((spending, index) => (index === 0 ? { ...spending, amountRand: spending.amountRand + 5 } : spending)) }));
    expectViolation(checkPlan(broken, dataset), /P1 spends R2000005 in 2026\/27; its cash flow says R2000000/);
  });

  it('money drawn from a source the project may not use', () => {
    const broken = withProject('P1', (line) => ({ ...line, spending: line.spending.map((spending) => ({ ...spending, sourceId: 'LOAN' })) }));
    expectViolation(checkPlan(broken, dataset), /P1 draws on LOAN, which is not one of its sources/);
  });

  it('a tampered benefit, envelope use or municipal summary', () => {
    expectViolation(checkPlan(withProject('E1', (line) => ({ ...line, benefit: line.benefit + 1 })), dataset), /E1 benefit/);
    expectViolation(checkPlan({ ...plan, envelopeUse: plan.envelopeUse.map((use, index) => (index === 0 ? { ...use, spentRand: use.spentRand + 10 } : use)) }, dataset), /envelope use for GRANT in 2026\/27/);
    expectViolation(checkPlan({ ...plan, municipalities: plan.municipalities.map((summary) => ({ ...summary, spendingRand: summary.spendingRand + 10 })) }, dataset), /summary of AA001 says/);
  });
});
