/**
 * Issue 14: a `policy` project answered by one MILP (the least relaxation of the rules, each rule's
 * value a variable) and verified by one proof (the bound of the changed model without the project).
 * Checked by brute force over the projects' subsets on random one-year models: the value is the
 * least relaxation that funds the project while the rest keeps the plan's benefit, and an answer
 * called verified is one a plan funding the project within the gap of the best really exists for.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainDeferrals, verifyByBound } from '../../src/analysis/explain-deferral.js';
import { buildRelaxationProgram, leastPolicyRelaxation, ruleParameter } from '../../src/analysis/explain-policy.js';
import { decisionsOfPlan } from '../../src/analysis/plan-shortcut.js';
import { applyChanges } from '../../src/analysis/explain-changes.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { buildPortfolioProgram } from '../../src/program/portfolio.js';
import { planModel } from '../../src/plan/plan-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { gapTestDataset, MILLION, tinyDataset, tinyProject, tinySource } from '../plan/tiny-models.js';
import { RunCounter } from '../property-runs.js';
import { ARITHMETIC, expectClose, SOLVER } from '../tolerance.js';

async function solve(dataset: Dataset): Promise<PortfolioPlan> {
  return (await planModel(dataset, { marginalValues: false })).plan;
}

/** One year, one source: projects with a service, capex (R million) and benefit. */
function shareModel(projects: readonly { service: 'water' | 'sanitation'; capexMillions: number; benefit: number }[], envelopeMillions: number, share: number): Dataset {
  return tinyDataset({
    horizonYears: 1,
    policy: { minServiceShare: { sanitation: share } },
    sources: [tinySource('GRANT', [envelopeMillions * MILLION], false)],
    projects: projects.map((project, index) => tinyProject({ id: `P${index}`, service: project.service, cashFlowRandByBuildYear: [project.capexMillions * MILLION], benefitOverride: project.benefit })),
  });
}

describe('how a rule moves with its value is read off the rule records', () => {
  it('the sanitation share relaxes downwards and the concurrency cap upwards; both are affine', () => {
    const dataset = tinyDataset({
      horizonYears: 1,
      policy: { minServiceShare: { sanitation: 0.3 }, maxConcurrentProjectsPerMunicipality: 1 },
      sources: [tinySource('GRANT', [100 * MILLION], false)],
      projects: [tinyProject({ id: 'A', cashFlowRandByBuildYear: [10 * MILLION] }), tinyProject({ id: 'B', service: 'sanitation', cashFlowRandByBuildYear: [10 * MILLION] })],
    });
    const { program } = buildPortfolioProgram(dataset, computeIndices(dataset));
    const share = ruleParameter(dataset, program, 'min_service_share.sanitation');
    expect(share).toMatchObject({ direction: -1, value: 0.3, integer: false, step: 0.001 });
    expectClose(share?.span ?? null, 0.3, SOLVER);
    const cap = ruleParameter(dataset, program, 'max_concurrent_projects_per_municipality');
    expect(cap).toMatchObject({ direction: 1, value: 1, integer: true, step: 1 });
    // The project itself must exist in the program for a relaxation program.
    expect(buildRelaxationProgram(dataset, 'nope', 0)).toBeNull();
  });
});

/** Brute force on a one-year share model: the best benefit of a subset with (or without) project `own` that fits the envelope and the share. */
function bestBenefit(projects: readonly { service: 'water' | 'sanitation'; capexMillions: number; benefit: number }[], envelopeMillions: number, share: number, own: number, withOwn: boolean): number {
  let best = -Infinity;
  for (let mask = 0; mask < 1 << projects.length; mask += 1) {
    if ((((mask >> own) & 1) === 1) !== withOwn) continue;
    const chosen = projects.filter((_, index) => (mask >> index) & 1);
    const total = chosen.reduce((sum, project) => sum + project.capexMillions, 0);
    const sanitation = chosen.filter((project) => project.service === 'sanitation').reduce((sum, project) => sum + project.capexMillions, 0);
    if (total > envelopeMillions || sanitation < share * total - 1e-9) continue;
    best = Math.max(best, chosen.reduce((sum, project) => sum + project.benefit, 0));
  }
  return best;
}

describe('property: the least sanitation share under which the best plan funds a policy-deferred project, by brute force over share values', () => {
  it('the relaxation MILP gives the least share at which a plan with the project can be within the gap; the answer is the least share at which the best plan funds it (within the gap), and a verified answer is true', async () => {
    const counter = new RunCounter();
    let policyAnswers = 0;
    let verifiedAnswers = 0;
    let furtherRounds = 0;
    let missed = 0;
    await fc.assert(
      fc.asyncProperty(
        // Registers with both services and envelopes that mostly hold them, so the share, not money, tends to bind.
        fc
          .array(fc.record({ service: fc.constantFrom<'water' | 'sanitation'>('water', 'water', 'sanitation'), capexMillions: fc.integer({ min: 1, max: 30 }), benefit: fc.integer({ min: 1, max: 100 }) }), { minLength: 3, maxLength: 5 })
          .filter((projects) => projects.some((project) => project.service === 'sanitation') && projects.some((project) => project.service === 'water')),
        fc.integer({ min: 40, max: 120 }),
        fc.constantFrom(0.3, 0.4, 0.5),
        async (projects, envelopeMillions, share) => {
          const dataset = shareModel(projects, envelopeMillions, share);
          const plan = await solve(dataset);
          const policyDeferred = plan.projects.filter((planned) => !planned.funded && planned.deferralReason === 'policy').map((planned) => planned.id);
          counter.count(policyDeferred.length > 0);
          if (policyDeferred.length === 0) return;
          const optimum = plan.objectiveBenefitPoints ?? Number.NaN;
          const explanations = await explainDeferrals(dataset, plan, { workers: 1, projectIds: policyDeferred });
          for (const explanation of explanations) {
            const own = Number(explanation.projectId.slice(1));
            const gap = explanation.verification?.requestedGap ?? 1e-4;
            // The grid of share values the answer is rounded to (0.001): from the model's share down to 0.
            const grid = Array.from({ length: Math.round(share * 1000) + 1 }, (_, step) => Number((share - step / 1000).toFixed(3)));
            const withAt = (value: number): number => bestBenefit(projects, envelopeMillions, value, own, true);
            const withoutAt = (value: number): number => bestBenefit(projects, envelopeMillions, value, own, false);
            // The MILP of round one: the largest share at which a plan with the project is worth at least the plan / (1 + gap).
            const floor = optimum / (1 + gap);
            const necessary = grid.find((value) => withAt(value) >= floor - 1e-6);
            const relaxation = await leastPolicyRelaxation(dataset, explanation.projectId, floor, {}, decisionsOfPlan(plan));
            expect(relaxation?.kind).not.toBe('solve_failed');
            if (relaxation?.kind === 'solve_failed') throw new Error(relaxation.sentence);
            if (necessary === undefined) {
              expect(relaxation).toBeNull();
              continue;
            }
            policyAnswers += 1;
            const least = relaxation?.changes[0];
            if (necessary === share) expect(relaxation?.changes ?? []).toEqual([]);
            else {
              if (least?.kind !== 'relax_policy') throw new Error(`expected a relaxation for ${explanation.projectId}`);
              expect(least.rule).toBe('min_service_share.sanitation');
              expectClose(least.value ?? null, necessary, ARITHMETIC);
            }
            // The true answer: the largest share at which the best plan funds the project, within the gap.
            const answer = grid.find((value) => withAt(value) * (1 + gap) >= withoutAt(value) - 1e-6);
            const change = explanation.changes.find((candidate) => candidate.kind === 'relax_policy');
            const answered = change?.kind === 'relax_policy' ? (change.value ?? 0) : share;
            // The policy answer (a value, or no change at all); a rule switched off comes from the wider search.
            const fromPolicyAnswer = change === undefined || (change.kind === 'relax_policy' && change.value !== undefined);
            if (explanation.verification?.verified === true && !fromPolicyAnswer) missed += 1;
            if (explanation.verification?.verified === true && fromPolicyAnswer) {
              verifiedAnswers += 1;
              // Verified means: with the change, a plan that funds the project is within the gap of the best (brute force on the changed model)...
              expect(withAt(answered) * (1 + gap)).toBeGreaterThanOrEqual(withoutAt(answered) - 1e-6);
              expect(applyChanges(dataset, explanation.changes).config.policy.minServiceShare.sanitation).toBe(answered);
              // ...and no smaller change is one (every relaxation MILP here is optimal).
              expectClose(answered, answer ?? Number.NaN, ARITHMETIC);
              if (answered !== necessary) furtherRounds += 1;
            } else if (answer !== undefined) {
              missed += 1;
            }
          }
        },
      ),
      { numRuns: 14, seed: 20261201 },
    );
    // A random register often fits the share as it is (nothing deferred by policy): 60% of runs, not 80%, is what this generator gives.
    counter.expectMostChecked(14, 0.6);
    expect(policyAnswers).toBeGreaterThan(2);
    expect(verifiedAnswers).toBeGreaterThan(1);
    // Every answer a least relaxation exists for is found and verified here (tiny models: every MILP optimal), some only after a round that raised the floor.
    expect(missed).toBe(0);
    expect(furtherRounds).toBeGreaterThan(0);
  });
});

describe('the proof of an answer (verifyByBound)', () => {
  // One year, R100 million: A and C (R50m, benefit 100 each) are the best plan (200); A and B
  // (B worth 99.5) is 0.25% short of it. The answer's plan funds B with A.
  const dataset = gapTestDataset();
  const fundingB = { A: 2026, B: 2026, C: null };
  const original = { A: 2026, B: null, C: 2026 };

  it('at a 0.1% gap, the plan without B (0.25% better) makes it better_without, not verified', async () => {
    const verification = await verifyByBound(dataset, 'B', [], fundingB, original, 200, {}, 0.001);
    expect(verification).toMatchObject({ verified: false, outcome: 'better_without', method: 'bound_without', projectFunded: false });
    expectClose(verification.objectiveAfter, 200, SOLVER);
    expectClose(verification.fundingPlanBenefitPoints ?? null, 199.5, SOLVER);
  });

  it('at a 0.3% gap, the bound without B (200) is within the gap of the plan with it (199.5): verified', async () => {
    const verification = await verifyByBound(dataset, 'B', [], fundingB, original, 200, {}, 0.003);
    expect(verification).toMatchObject({ verified: true, outcome: 'funded_within_gap', projectFunded: true, startYear: 2026 });
    expectClose(verification.objectiveAfter, 199.5, SOLVER);
    expectClose(verification.boundWithoutBenefitPoints ?? null, 200, { relative: 0.003, absolute: 0 });
  });

  it('with no time for the proof, the answer is not verified, though its plan funds B', async () => {
    const verification = await verifyByBound(dataset, 'B', [], fundingB, original, 200, { timeLimitSeconds: 0.01 }, 0.003);
    expect(verification).toMatchObject({ verified: false, outcome: 'funded_above_gap', projectFunded: true, boundWithoutBenefitPoints: null });
  });

  it('with a thread to spare (the search with B forced in and the proof at once), the same outcomes', async () => {
    const spare = { spareThread: true };
    expect(await verifyByBound(dataset, 'B', [], fundingB, original, 200, {}, 0.001, null, spare)).toMatchObject({ verified: false, outcome: 'better_without' });
    expect(await verifyByBound(dataset, 'B', [], fundingB, original, 200, {}, 0.003, null, spare)).toMatchObject({ verified: true, outcome: 'funded_within_gap', startYear: 2026 });
    // The answer's plan funds B alone (99.5, below the original plan): the search finds A and B (199.5), and the proof then runs at that plan's target.
    const alone = await verifyByBound(dataset, 'B', [], { A: null, B: 2026, C: null }, original, 200, {}, 0.003, null, spare);
    expect(alone).toMatchObject({ verified: true, outcome: 'funded_within_gap' });
    expectClose(alone.objectiveAfter, 199.5, SOLVER);
  });

  it('the objective-cutoff proof (the default since task x1) and the gap stop give the same outcomes and bounds within the gap', async () => {
    for (const gap of [0.001, 0.003]) {
      for (const spareThread of [false, true]) {
        const [cutoff, gapStop] = [await verifyByBound(dataset, 'B', [], fundingB, original, 200, {}, gap, null, { spareThread }), await verifyByBound(dataset, 'B', [], fundingB, original, 200, {}, gap, null, { spareThread, cutoff: false })];
        expect(cutoff).toMatchObject({ verified: gapStop.verified, outcome: gapStop.outcome, projectFunded: gapStop.projectFunded, startYear: gapStop.startYear });
        expectClose(cutoff.objectiveAfter, gapStop.objectiveAfter ?? 0, SOLVER);
        if (cutoff.verified) expect(cutoff.howSolved).toContain('MILP searching only for plans above the target');
      }
    }
  });

  it('an answer plan that does not fit the changed model is not verified', async () => {
    const verification = await verifyByBound(dataset, 'B', [], { A: 2026, B: 2026, C: 2026 }, original, 200, {}, 0.003);
    expect(verification).toMatchObject({ verified: false, outcome: 'not_funded' });
  });
});

describe('a policy project whose deferral is within the gap', () => {
  // R100 million, sanitation at least half: S (sanitation) and W1 (water) are the best plan (200); S and W2 (99.7) is 0.15% short of it.
  const dataset = tinyDataset({
    horizonYears: 1,
    policy: { minServiceShare: { sanitation: 0.5 } },
    sources: [tinySource('GRANT', [100 * MILLION], false)],
    projects: [
      tinyProject({ id: 'S', service: 'sanitation', cashFlowRandByBuildYear: [50 * MILLION], benefitOverride: 100 }),
      tinyProject({ id: 'W1', cashFlowRandByBuildYear: [50 * MILLION], benefitOverride: 100 }),
      tinyProject({ id: 'W2', cashFlowRandByBuildYear: [50 * MILLION], benefitOverride: 99.7 }),
    ],
  });

  it('at a 0.3% gap no rule needs to change, verified by the bound; at 0.1% no relaxation alone can fund it within the gap, so it is not called verified by one', async () => {
    const plan = await solve(dataset);
    expect(plan.projects.find((planned) => planned.id === 'W2')?.deferralReason).toBe('policy');
    const [loose] = await explainDeferrals(dataset, plan, { workers: 1, projectIds: ['W2'], planOptions: { relativeGap: 0.003 } });
    expect(loose.changes).toEqual([]);
    expect(loose.verification).toMatchObject({ verified: true, outcome: 'funded_within_gap', method: 'bound_without' });
    expect(loose.summary).toContain('No rule needs to change: a plan that funds it (benefit 199.7) is within the 0.30% gap of the best plan');
    // With no change, the plan's own proven bound (200) is the proof: no solve without W2.
    expect(loose.verification?.howSolved).toContain('the proven bound of the plan explained, 200.0, no solve needed');
    const [tight] = await explainDeferrals(dataset, plan, { workers: 1, projectIds: ['W2'], planOptions: { relativeGap: 0.001 } });
    expect(tight.changes.some((change) => change.kind === 'relax_policy' && change.value !== undefined)).toBe(false);
  });
});
