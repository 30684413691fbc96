/**
 * The rule registry: every rule tags the rows it adds with typed metadata, the diagnosis reads
 * that metadata and never the labels, and the independent checker has its own check of every rule.
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { CHECKED_RULE_KEYS } from '../../src/plan/check-plan.js';
import { describeRule } from '../../src/plan/diagnose-infeasibility.js';
import { buildFormulation } from '../../src/program/formulation.js';
import { findRule, POLICY_RULES, POLICY_SETTINGS, RULES, policySettingRows } from '../../src/rules/registry.js';

/** The tiny model with every policy rule switched on (and a committed project, as it has), and the first year locked to a baseline. */
async function everyRuleOn(): Promise<Dataset> {
  const dataset = await loadModel('tests/fixtures/tiny');
  return {
    ...dataset,
    baselineLock: { source: 'baseline/plan.json', lockYears: 1, lastLockedYear: 2026, startYearByProjectId: { 'WC011-S-01': 2026 } },
    config: {
      ...dataset.config,
      policy: {
        ...dataset.config.policy,
        basicPackageFloorShare: 0.05,
        basicPackageMinSpendRand: 1_000_000,
        districtShareMin: 0.05,
        districtShareMax: 0.95,
        minServiceShare: { water: 0.05, sanitation: 0.05 },
        maxConcurrentProjectsPerMunicipality: 1,
        shortfallsMetByYear: 2028,
        minHouseholdsServed: 1000,
      },
    },
    // A master plan balance, so the shortfall rule has a row: WC011's works 1 Ml/day short from 2028/29.
    capacityBalances: [
      { municipalityCode: 'WC011', service: 'water', assetType: 'water_treatment_works', projectTypes: ['water_treatment_upgrade'], shortfallMlPerDayByYear: { 2028: 1, 2029: 1 }, illustrative: true },
    ],
  };
}

describe('the rule registry', () => {
  it('has one record per rule and per policy key', () => {
    expect(new Set(RULES.map((rule) => rule.key)).size).toBe(RULES.length);
    expect(new Set(POLICY_SETTINGS.map((setting) => setting.key)).size).toBe(POLICY_SETTINGS.length);
    for (const rule of POLICY_RULES) expect(POLICY_SETTINGS).toContain(rule.setting);
  });

  it.each(['portfolio', 'allocation'] as const)('tags every row a rule adds to the %s program, and only those', async (formulation) => {
    const dataset = await everyRuleOn();
    const { program } = buildFormulation(dataset, computeIndices(dataset), formulation);
    const tagged = program.constraints.filter((constraint) => constraint.rule !== undefined);
    const keys = new Set(tagged.map((constraint) => constraint.rule!.ruleKey));
    // The tiny model has no facility service and no operating envelope: tests/rules/facility-rules.test.ts tags those rules' rows.
    const facilityKeys = ['rollout_target_year', 'facility_anchor_required', 'max_facilities_opened_per_year', 'operating_envelope'];
    const expected = formulation === 'portfolio' ? RULES.map((rule) => rule.key).filter((key) => !facilityKeys.includes(key)) : POLICY_RULES.filter((rule) => rule.allocation).map((rule) => rule.key);
    expect([...keys].sort()).toEqual([...expected].sort());
    for (const constraint of tagged) expect(findRule(constraint.rule!.ruleKey), constraint.label).toBeDefined();
    // Structure rows carry no tag: budgets, prerequisites, exclusive groups, spending and needs.
    for (const constraint of program.constraints.filter((row) => ['budget', 'prerequisite', 'exclusive', 'project_spending', 'need_cap'].includes(row.group))) {
      expect(constraint.rule, constraint.label).toBeUndefined();
    }
  });

  it('describes a conflicting row from its tag: renaming every label changes no description', async () => {
    const dataset = await everyRuleOn();
    const { program } = buildFormulation(dataset, computeIndices(dataset), 'portfolio');
    const tagged = program.constraints.filter((constraint) => constraint.rule !== undefined);
    for (const [index, constraint] of tagged.entries()) {
      const described = describeRule(constraint, 'portfolio', dataset);
      const renamed = describeRule({ ...constraint, label: `row_${index}` }, 'portfolio', dataset);
      expect(renamed.description).toBe(described.description);
      expect(renamed.setting).toBe(described.setting);
      expect(described.description).not.toBe(constraint.label);
    }
    const floor = tagged.find((constraint) => constraint.rule?.ruleKey === 'basic_package_floor_share' && constraint.rule.municipalityCode === 'WC011')!;
    expect(describeRule(floor, 'portfolio', dataset)).toMatchObject({ description: expect.stringMatching(/^basic-package floor for WC011 Matzikama: at least [\d,]+ backlog households served$/), setting: 'policy.basic_package_floor_share (now 0.05)' });
    const share = tagged.find((constraint) => constraint.rule?.ruleKey === 'min_service_share' && constraint.rule.serviceId === 'water')!;
    expect(describeRule(share, 'portfolio', dataset)).toMatchObject({ description: 'water gets at least 5% of spending', setting: 'policy.min_service_share.water (now 0.05)' });
  });

  it('has a check of its own in the independent checker for every rule', () => {
    for (const rule of RULES) expect(CHECKED_RULE_KEYS.portfolio, rule.key).toContain(rule.key);
    for (const rule of POLICY_RULES.filter((candidate) => candidate.allocation)) expect(CHECKED_RULE_KEYS.allocation, rule.key).toContain(rule.key);
    // The allocation writes the minimum spend into its floor row; the checker checks it on its own.
    expect(CHECKED_RULE_KEYS.allocation).toContain('basic_package_min_spend_rand');
  });

  it('lists every setting for the input sheet, a row per service for a per-service one', async () => {
    const dataset = await loadModel('tests/fixtures/tiny');
    const rows = policySettingRows(dataset.config.policy, dataset.config.services);
    expect(rows.map((row) => row.yamlKey)).toContain('policy.min_service_share.water');
    expect(rows.find((row) => row.yamlKey === 'policy.min_service_share.sanitation')).toEqual({ yamlKey: 'policy.min_service_share.sanitation', meaning: 'Minimum share of total spending on Sanitation (0 = off)', value: 0.3 });
    expect(rows.find((row) => row.yamlKey === 'policy.min_service_share.water')?.value).toBeNull();
    expect(rows.find((row) => row.yamlKey === 'policy.allocation_cost_per_household_rand.water')?.value).toBe(25_000);
  });
});
