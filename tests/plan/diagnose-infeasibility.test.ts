/**
 * The infeasibility diagnosis names the rules that conflict, and the answer is checked by changing
 * the dataset the way an analyst would (drop the rule, re-plan) rather than by re-reading the
 * diagnosis's own programs.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/dataset/types.js';
import { planModel } from '../../src/plan/plan-model.js';
import { MILLION, tinyDataset, tinyProject, tinySource } from './tiny-models.js';

/** Status of a re-plan without the diagnosis (a feasible plan is what we look for). */
async function statusOf(dataset: Dataset, formulation: 'portfolio' | 'allocation' = 'portfolio'): Promise<string> {
  const { plan } = await planModel(dataset, { formulation, relativeGap: 0, marginalValues: false, diagnoseInfeasibility: false });
  return plan.status;
}

describe('infeasibility diagnosis', () => {
  it('names a committed project that the envelopes cannot pay for', async () => {
    // P1 needs R5 million in one year; the grant gives R3 million a year without carry-over.
    const dataset = tinyDataset({
      projects: [tinyProject({ id: 'P1', status: 'committed', cashFlowRandByBuildYear: [5 * MILLION] }), tinyProject({ id: 'P2' })],
      sources: [tinySource('GRANT', [3 * MILLION, 3 * MILLION, 3 * MILLION], false)],
    });
    const { plan } = await planModel(dataset);
    expect(plan.status).toBe('infeasible');
    expect(plan.infeasibility?.minimal).toBe(true);
    expect(plan.infeasibility?.rules.map((rule) => rule.label)).toEqual(['start_once[P1]']);
    expect(plan.infeasibility?.rules[0].description).toContain('committed project P1');
    expect(plan.warnings?.join('\n')).toContain('relaxing any one of them makes a plan possible');
    // Dropping the commitment gives a plan.
    const uncommitted = { ...dataset, projects: dataset.projects.map((project) => ({ ...project, status: 'candidate' as const })) };
    expect(await statusOf(uncommitted)).toBe('optimal');
  });

  it('finds the two basic-package floors that compete for one year of money, and not the innocent rule', async () => {
    // Each municipality's floor needs its only project (R2 million); R3 million pays for one of them.
    // The implementation-capacity rule holds in any plan here and must not be blamed.
    const dataset = tinyDataset({
      horizonYears: 1,
      projects: [
        tinyProject({ id: 'A', municipalityCode: 'AA001', cashFlowRandByBuildYear: [2 * MILLION], householdsServed: 1000, latestStartYear: 2026 }),
        tinyProject({ id: 'B', municipalityCode: 'BB002', service: 'sanitation', cashFlowRandByBuildYear: [2 * MILLION], householdsServed: 500, latestStartYear: 2026 }),
      ],
      sources: [tinySource('GRANT', [3 * MILLION], false)],
      policy: { basicPackageFloorShare: 0.5, maxConcurrentProjectsPerMunicipality: 1 },
    });
    const { plan } = await planModel(dataset);
    expect(plan.status).toBe('infeasible');
    expect(plan.infeasibility?.minimal).toBe(true);
    expect(plan.infeasibility?.rules.map((rule) => rule.label).sort()).toEqual(['basic_package[AA001]', 'basic_package[BB002]']);
    expect(plan.infeasibility?.rules[0].setting).toContain('policy.basic_package_floor_share');
    // Irreducible, checked on the data: without either municipality's backlog there is a plan.
    for (const code of ['AA001', 'BB002']) {
      const withoutFloor = { ...dataset, needs: dataset.needs.filter((need) => need.municipalityCode !== code) };
      expect(await statusOf(withoutFloor)).toBe('optimal');
    }
    // More money also resolves it, which is why the envelopes are named in the message.
    expect(await statusOf({ ...dataset, fundingSources: [tinySource('GRANT', [4 * MILLION], false)] })).toBe('optimal');
  });

  it('diagnoses the allocation LP too: a floor larger than the envelope', async () => {
    const dataset = tinyDataset({
      horizonYears: 1,
      projects: [],
      sources: [tinySource('GRANT', [1 * MILLION], false)],
      policy: { basicPackageMinSpendRand: 2 * MILLION },
    });
    const { plan } = await planModel(dataset, { formulation: 'allocation' });
    expect(plan.status).toBe('infeasible');
    const labels = plan.infeasibility?.rules.map((rule) => rule.label) ?? [];
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.every((label) => label.startsWith('basic_package['))).toBe(true);
    expect(await statusOf({ ...dataset, config: { ...dataset.config, policy: { ...dataset.config.policy, basicPackageMinSpendRand: 0 } } }, 'allocation')).toBe('optimal');
  });

  it('leaves a feasible plan without a diagnosis', async () => {
    const dataset = tinyDataset({ projects: [tinyProject({ id: 'P1' })], sources: [tinySource('GRANT', [3 * MILLION, 3 * MILLION, 3 * MILLION], false)] });
    const { plan } = await planModel(dataset);
    expect(plan.status).toBe('optimal');
    expect(plan.infeasibility).toBeUndefined();
  });
});

describe('years without money', () => {
  it('are named in a plan note, and a fully funded horizon gets none', async () => {
    const { unfundedYearsWarning } = await import('../../src/plan/plan-model.js');
    const projects = [tinyProject({ id: 'P1' })];
    const sources = [tinySource('GRANT', [3 * MILLION, 3 * MILLION, 3 * MILLION], false)];
    expect(unfundedYearsWarning(tinyDataset({ projects, sources, horizonYears: 3 }))).toEqual([]);
    const longer = tinyDataset({ projects, sources, horizonYears: 5 });
    expect(unfundedYearsWarning(longer)).toEqual([
      'no funding source has money in 2029/30, 2030/31: nothing can be spent in those years (is the horizon longer than funding.csv?)',
    ]);
    const { plan } = await planModel(longer);
    expect(plan.warnings).toContain(unfundedYearsWarning(longer)[0]);
  });
});

describe('formatting a long diagnosis', () => {
  it('shows ten rules per family and counts the rest', async () => {
    const { formatDiagnosis } = await import('../../src/plan/diagnose-infeasibility.js');
    const rules = Array.from({ length: 13 }, (_, index) => ({
      label: `basic_package[M${index}]`,
      group: 'basic_package',
      description: `basic-package floor for M${index}`,
      setting: 'policy.basic_package_floor_share (now 0.5)',
    }));
    const lines = formatDiagnosis({ rules: [...rules, { label: 'sanitation_share', group: 'sanitation_share', description: 'sanitation gets at least 40% of spending', setting: 'policy.min_sanitation_share (now 0.4)' }], minimal: true, solves: 30 });
    expect(lines).toHaveLength(1 + 10 + 1 + 1);
    expect(lines).toContain('sanitation gets at least 40% of spending [policy.min_sanitation_share (now 0.4)]');
    expect(lines[lines.length - 1]).toBe('… and 3 more basic package rules [policy.basic_package_floor_share (now 0.5)] (solve --json lists them all)');
  });
});
