/**
 * The master plan of the shipped Western Cape model, from its assets.csv and the register's
 * planner rows (the committed works phases): every asset's illustrative capacity covers design
 * demand until a year spread over the horizon, the merged register must be one the portfolio
 * program can use, and George (WC044) with 30 Ml/day of water works instead of 139.43 must fall
 * short at once and get an upgrade at least as large as the gap.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset, Project, Service } from '../../src/dataset/types.js';
import { masterPlanInputOf } from '../../src/masterplan/apply-master-plan.js';
import { demandAssumptionsFrom } from '../../src/masterplan/assumptions-from-settings.js';
import { buildMasterPlan } from '../../src/masterplan/build-master-plan.js';
import type { AssetBalance, BulkAsset, MasterPlan, MasterPlanInput } from '../../src/masterplan/types.js';
import { startYearsWithPrerequisites } from '../../src/program/portfolio.js';
import { ARITHMETIC, expectClose } from '../tolerance.js';

let dataset: Dataset;
let input: MasterPlanInput<Project>;
let plan: MasterPlan<Project>;

beforeAll(async () => {
  dataset = await loadModel('models/western-cape');
  input = masterPlanInputOf(dataset, demandAssumptionsFrom(dataset.config.masterplan)).input;
  plan = buildMasterPlan(input, demandAssumptionsFrom(dataset.config.masterplan));
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
    // Six asset types per municipality: source, works, main and reservoirs for water; works and sewer for sanitation.
    expect(plan.balances).toHaveLength(dataset.municipalities.length * 6);
    // The planner's bulk rows are the committed works phases; Thusong centres pass through the stage as planner rows.
    expect(input.register.filter((project) => project.service === 'water' || project.service === 'sanitation').every((project) => project.status === 'committed')).toBe(true);
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

  it('generates every upgrade its shortfalls ask for: no upgrade is dropped for a prerequisite, and each prerequisite is a register project', () => {
    expect(plan.notes.filter((note) => note.includes('cannot start after its prerequisites'))).toEqual([]);
    const projects = mergedProjects(plan);
    const byId = new Map(projects.map((project) => [project.id, project]));
    const balanceOf = (project: { municipalityCode: string; service: string }, assetType: string): AssetBalance | undefined =>
      plan.balances.find((balance) => balance.municipalityCode === project.municipalityCode && balance.service === project.service && balance.assetType === assetType);
    for (const generated of plan.candidateProjects) {
      for (const prerequisiteId of generated.prerequisiteIds) {
        expect(byId.has(prerequisiteId), `${generated.id} needs ${prerequisiteId}`).toBe(true);
        const prerequisite = plan.candidateProjects.find((candidate) => candidate.id === prerequisiteId);
        // A first phase waits for another type's upgrade only when that type is short in its shortfall year.
        if (prerequisite !== undefined && prerequisite.assetType !== generated.assetType && generated.shortfallYear !== null && prerequisite.assetType !== null) {
          const upstream = balanceOf(generated, prerequisite.assetType) as AssetBalance;
          expect(upstream.shortfallByYear[plan.years.indexOf(generated.shortfallYear)], `${generated.id} needs ${prerequisiteId}`).toBeGreaterThan(0);
          expect(prerequisite.shortfallYear as number).toBeLessThanOrEqual(generated.shortfallYear);
        }
      }
    }
  });

  it('sets every asset against design demand: none short in the base year, first shortfalls spread over the horizon', () => {
    const existing = buildMasterPlan({ ...input, register: [] }, demandAssumptionsFrom(dataset.config.masterplan));
    const base = existing.years.indexOf(dataset.config.baseFinancialYear);
    for (const balance of existing.balances) {
      const id = `${balance.municipalityCode} ${balance.assetType}`;
      expect(balance.capacityByYear[base], id).toBeGreaterThanOrEqual(balance.designDemandByYear[base]);
      if (balance.shortfallYear !== null) expect(balance.shortfallYear, id).toBeGreaterThan(dataset.config.baseFinancialYear);
    }
    const worksShortfallYears = existing.balances.filter((balance) => balance.assetType === 'water_treatment_works' && balance.shortfallYear !== null).map((balance) => balance.shortfallYear);
    expect(new Set(worksShortfallYears).size).toBeGreaterThanOrEqual(5);
  });

  it('makes George fall short at once, with an upgrade at least as large as the gap, when its works drop from 139.43 to 30 Ml/day', () => {
    const assumptions = demandAssumptionsFrom(dataset.config.masterplan);
    const works = input.assets.find((asset) => asset.municipalityCode === 'WC044' && asset.assetType === 'water_treatment_works') as BulkAsset;
    expect(works.capacity).toBe(139.43);
    const cut = buildMasterPlan({ ...input, assets: input.assets.map((asset) => (asset === works ? { ...asset, capacity: 30 } : asset)) }, assumptions);
    const before = plan.balances.find((balance) => balance.municipalityCode === 'WC044' && balance.assetType === 'water_treatment_works') as AssetBalance;
    const after = cut.balances.find((balance) => balance.municipalityCode === 'WC044' && balance.assetType === 'water_treatment_works') as AssetBalance;
    // 139.43 Ml/day covers the works design demand until the year before its shortfall and not in it.
    const at = (year: number): number => plan.years.indexOf(year);
    const shortfallYear = before.shortfallYear as number;
    expect(shortfallYear).toBeGreaterThan(dataset.config.baseFinancialYear);
    expect(before.designDemandByYear[at(shortfallYear - 1)]).toBeLessThanOrEqual(139.43);
    expect(before.designDemandByYear[at(shortfallYear)]).toBeGreaterThan(139.43);
    // 30 Ml/day is short in the base year, and the upgrade covers at least the base year's gap.
    expect(after.shortfallYear).toBe(dataset.config.baseFinancialYear);
    const gap = after.designDemandByYear[at(dataset.config.baseFinancialYear)] - 30;
    expect(after.upgrades[0].capacityNeeded).toBeGreaterThanOrEqual(gap);
    const firstPhase = (masterPlan: MasterPlan<Project>): number =>
      masterPlan.candidateProjects.find((project) => project.id === 'WC044-W-WTW-1')?.capacityAdded ?? 0;
    expect(firstPhase(cut)).toBeGreaterThan(firstPhase(plan));
    expectClose(after.shortfallByYear[at(dataset.config.baseFinancialYear)], gap, ARITHMETIC);
  });
});
