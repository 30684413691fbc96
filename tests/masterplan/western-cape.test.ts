/**
 * The master plan of the shipped Western Cape model, with today's needs.csv capacities standing
 * for one treatment works per service (assetsFromNeeds) and the register's committed rows: the
 * merged register must be one the portfolio program can use, and George (WC044) with 30 Ml/day
 * of water works instead of 57.11 must get its upgrade no later and larger by the capacity lost.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset, Project, Service } from '../../src/dataset/types.js';
import { assetsFromNeeds } from '../../src/masterplan/assets-from-needs.js';
import { buildMasterPlan } from '../../src/masterplan/build-master-plan.js';
import type { AssetBalance, BulkAsset, MasterPlan, MasterPlanInput } from '../../src/masterplan/types.js';
import { startYearsWithPrerequisites } from '../../src/program/portfolio.js';
import { ARITHMETIC, expectClose } from '../tolerance.js';

let dataset: Dataset;
let input: MasterPlanInput<Project>;
let plan: MasterPlan<Project>;

beforeAll(async () => {
  dataset = await loadModel('models/western-cape');
  input = {
    baseFinancialYear: dataset.config.baseFinancialYear,
    horizonYears: dataset.config.horizonYears,
    municipalities: dataset.municipalities,
    needs: dataset.needs,
    assets: assetsFromNeeds(dataset.needs, { water: 'water_treatment_works', sanitation: 'wastewater_treatment_works' }),
    register: dataset.projects.filter((project) => project.status === 'committed'),
  };
  plan = buildMasterPlan(input);
});

/** The merged register as Dataset projects (the services of this model are the Dataset's two). */
function mergedProjects(merged: MasterPlan<Project>): Project[] {
  return merged.merge.rows.map((row): Project => {
    if (row.origin === 'planner') return row.project;
    const { origin: _origin, kind: _kind, assetType: _assetType, capacityAdded: _added, capacityUnit: _unit, cashFlowPercent: _percent, phase: _phase, shortfallYear: _shortfall, lateByYears: _late, ...project } = row.project;
    return { operatingCostRandPerYear: 0, facilityType: null, blocksOffered: [], anchorDepartments: [], populationWithinReach: 0, ...project, service: project.service as Service };
  });
}

describe('master plan of the Western Cape model', () => {
  it('plans every municipality and both services', () => {
    expect(plan.projections).toHaveLength(dataset.municipalities.length);
    expect(plan.balances).toHaveLength(dataset.municipalities.length * 2);
    for (const municipality of dataset.municipalities) {
      expect(plan.candidateProjects.some((project) => project.municipalityCode === municipality.code && project.kind === 'backlog_eradication')).toBe(true);
    }
  });

  it('merges into a register whose every project can start, finish in the horizon and be funded', () => {
    const projects = mergedProjects(plan);
    const ids = projects.map((project) => project.id);
    expect(new Set(ids).size).toBe(ids.length);
    const sourceIds = new Set(dataset.fundingSources.map((source) => source.id));
    for (const project of projects) {
      expect(project.cashFlowRandByBuildYear.reduce((sum, amount) => sum + amount, 0), project.id).toBe(project.capexRand);
      expect(project.earliestStartYear).toBeGreaterThanOrEqual(dataset.config.baseFinancialYear);
      expect(project.latestStartYear).toBeGreaterThanOrEqual(project.earliestStartYear);
      expect(project.latestStartYear + project.cashFlowRandByBuildYear.length - 1).toBeLessThanOrEqual(plan.lastHorizonYear);
      expect(project.fundingSourceIds.every((source) => sourceIds.has(source)), project.id).toBe(true);
    }
    const startYears = startYearsWithPrerequisites({ ...dataset, projects });
    const stuck = projects.filter((project) => (startYears.get(project.id) ?? []).length === 0).map((project) => project.id);
    expect(stuck).toEqual([]);
  });

  it('gives George its water upgrade no later, and larger by the capacity cut, when its works drop from 57.11 to 30 Ml/day', () => {
    const works = input.assets.find((asset) => asset.municipalityCode === 'WC044' && asset.assetType === 'water_treatment_works') as BulkAsset;
    expect(works.capacity).toBe(57.11);
    const cut = buildMasterPlan({ ...input, assets: input.assets.map((asset) => (asset === works ? { ...asset, capacity: 30 } : asset)) });
    const before = plan.balances.find((balance) => balance.municipalityCode === 'WC044' && balance.assetType === 'water_treatment_works') as AssetBalance;
    const after = cut.balances.find((balance) => balance.municipalityCode === 'WC044' && balance.assetType === 'water_treatment_works') as AssetBalance;
    expect(after.shortfallYear as number).toBeLessThanOrEqual(before.shortfallYear as number);
    // Design demand (123.4 Ml/day in 2026/27) already exceeds 57.11, so both fall short in the base year.
    expect([before.shortfallYear, after.shortfallYear]).toEqual([2026, 2026]);
    // Same shortfall year, so the same design window: the need grows by exactly 57.11 − 30 = 27.11 Ml/day.
    expectClose(after.upgrades[0].capacityNeeded - before.upgrades[0].capacityNeeded, 27.11, ARITHMETIC);
    const firstPhase = (masterPlan: MasterPlan<Project>): number =>
      masterPlan.candidateProjects.find((project) => project.id === 'WC044-W-WTW-1')?.capacityAdded ?? 0;
    expect(firstPhase(cut)).toBeGreaterThan(firstPhase(plan));
  });
});
