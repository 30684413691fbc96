/**
 * The parts of the master plan stage one by one: projection tables, capacity with committed
 * projects and remaining life, sizing, costs, alternatives, the merge, unmet design demand, the
 * input checks, and services as data.
 */
import { describe, expect, it } from 'vitest';
import { buildMasterPlan } from '../../src/masterplan/build-master-plan.js';
import { capacityByYear } from '../../src/masterplan/capacity-by-year.js';
import { MasterPlanInputError, checkMasterPlanInput } from '../../src/masterplan/check-input.js';
import { costUpgrade, splitCashFlow } from '../../src/masterplan/cost-upgrade.js';
import { DEFAULT_DEMAND_ASSUMPTIONS } from '../../src/masterplan/default-assumptions.js';
import { interpolateGeometric, projectPopulation } from '../../src/masterplan/project-population.js';
import { roundUpToModules, sizeUpgrade } from '../../src/masterplan/size-upgrade.js';
import type { AssetBalance, DemandAssumptions, MasterPlan, ServiceSettings } from '../../src/masterplan/types.js';
import { shortfallClosedByYear, unmetDesignDemandByYear } from '../../src/masterplan/unmet-design-demand.js';
import { HANDTOWN, HANDTOWN_ASSETS, asset, handtownInput, registerProject } from './fixtures.js';
import { ARITHMETIC, expectClose } from '../tolerance.js';

/** A balance of a plan by asset type (Handtown has one municipality). */
function balanceOf(plan: MasterPlan, assetType: AssetBalance['assetType']): AssetBalance {
  return plan.balances.find((balance) => balance.assetType === assetType) as AssetBalance;
}

describe('population projection', () => {
  it('interpolates a table geometrically and extends it at the nearest interval rate', () => {
    const points = [
      { year: 2025, value: 100 },
      { year: 2030, value: 200 },
      { year: 2035, value: 400 },
    ];
    // Between 2025 and 2030 the value doubles: 100 × 2^(2/5) in 2027.
    expectClose(interpolateGeometric(points, 2027), 100 * 2 ** 0.4, ARITHMETIC);
    expectClose(interpolateGeometric(points, 2030), 200, ARITHMETIC);
    // Beyond 2035 at the last interval's rate; before 2025 at the first one's.
    expectClose(interpolateGeometric(points, 2040), 800, ARITHMETIC);
    expectClose(interpolateGeometric(points, 2020), 50, ARITHMETIC);
    expect(interpolateGeometric([{ year: 2030, value: 7 }], 2040)).toBe(7);
  });

  it('uses the projection table when the growth method is table', () => {
    const rows = [
      { municipalityCode: 'HC001', financialYear: 2026, population: 130_000, households: 33_000 },
      { municipalityCode: 'HC001', financialYear: 2031, population: 160_000, households: 40_000 },
      { municipalityCode: 'OTHER', financialYear: 2026, population: 1, households: 1 },
    ];
    const projection = projectPopulation(HANDTOWN, [2026, 2031, 2036], { method: 'table' }, rows);
    expect(projection.populationByYear[0]).toBe(130_000);
    expectClose(projection.populationByYear[1], 160_000, ARITHMETIC);
    // 2036 continues the 2026–2031 rate: 160 000 × (160 000 / 130 000).
    expectClose(projection.populationByYear[2], (160_000 * 160_000) / 130_000, ARITHMETIC);
    expectClose(projection.householdsByYear[2], (40_000 * 40_000) / 33_000, ARITHMETIC);
    expect(projection.populationGrowthPercentPerYear).toBeNull();
  });

  it('reports a municipality missing from the projection table', () => {
    const assumptions: DemandAssumptions = { ...DEFAULT_DEMAND_ASSUMPTIONS, growth: { method: 'table' } };
    expect(checkMasterPlanInput(handtownInput({ projectionRows: [] }), assumptions)).toEqual([
      { subject: 'municipality HC001', key: 'municipality_code', message: 'has no row in the projection table' },
    ]);
  });
});

describe('capacity per year', () => {
  it('counts a committed project from its latest completion and an asset until its remaining life runs out', () => {
    const works = asset({ id: 'W', assetType: 'water_treatment_works', capacity: 10, remainingLifeYears: 3 });
    const committed = registerProject({ id: 'C', status: 'committed', capacityAddedMlPerDay: 4, earliestStartYear: 2026, latestStartYear: 2027, cashFlowRandByBuildYear: [1, 1] });
    const series = capacityByYear([works], [committed], [2026, 2027, 2028, 2029, 2030], 2026, null);
    // The asset serves 2026–2028 (3 years); the project, started 2027 at the latest with 2 build years, from 2029.
    expect(series.capacityByYear).toEqual([10, 10, 10, 4, 4]);
    expect(series.committedAdditions).toEqual([{ projectId: 'C', inServiceYear: 2029, capacity: 4 }]);
  });

  it('turns a committed reservoir’s daily flow back into storage with the storage hours', () => {
    const committed = registerProject({ id: 'R', type: 'reservoir', status: 'committed', capacityAddedMlPerDay: 3, cashFlowRandByBuildYear: [1] });
    // 3 Ml/day balanced for 48 hours = 6 Ml.
    expect(capacityByYear([], [committed], [2026, 2027], 2026, 48).capacityByYear).toEqual([0, 6]);
  });

  it('moves the works shortfall of Handtown later when a committed extension is in service in time', () => {
    // Works design passes 50 in 2032/33 and passes 50 + 5 = 55 in 2037/38 (41.144037 × f^16 = 55.3, f^15 = 54.3).
    const committed = registerProject({ id: 'HC001-C', status: 'committed', capacityAddedMlPerDay: 5, cashFlowRandByBuildYear: [1, 1, 1] });
    const plan = buildMasterPlan(handtownInput({ register: [committed] }));
    expect(balanceOf(plan, 'water_treatment_works').shortfallYear).toBe(2037);
    expect(plan.merge.rows.map((row) => row.project.id)).toContain('HC001-W-WTW-1');
  });
});

describe('sizing and costing', () => {
  it('rounds up to whole modules without float noise', () => {
    expect(roundUpToModules(3.0000000000001, 0.5)).toBe(3);
    expect(roundUpToModules(3.01, 0.5)).toBe(3.5);
    expect(roundUpToModules(0.01, 0.5)).toBe(0.5);
    expect(roundUpToModules(0.7, 0.1)).toBe(0.7);
  });

  it('drops a phase that the earlier phases already cover within the design window', () => {
    // Need 0.6 rounds up to 1.0; phase 1 = 0.6 × 1.0 rounded up = 1.0 is already the total, so there is no phase 2.
    const upgrade = sizeUpgrade([10.6, 10.6], [10, 10], [2026, 2027], 0, { designHorizonYears: 2, moduleSize: 0.5, phaseShares: [0.6, 0.4] });
    expect(upgrade.phases).toEqual([{ size: 1, shortfallYear: 2026 }]);
  });

  it('costs on the curve (fixed + a × Q^b) × length, rounded, with an exact cash flow', () => {
    const option = {
      projectType: 'bulk_pipeline',
      code: 'pipeline',
      description: 'bulk water pipeline',
      costCurve: { coefficientRand: 1_000_000, exponent: 0.5, fixedRand: 2_000_000, perKm: true },
      cashFlowPercent: [33, 33, 34],
    };
    // (2 000 000 + 1 000 000 × 9^0.5) × 3 km = 15 000 000.
    expect(costUpgrade(9, option, 3, 100_000)).toEqual({ capexRand: 15_000_000, cashFlowRandByBuildYear: [4_950_000, 4_950_000, 5_100_000] });
    expect(splitCashFlow(100_000, [33.3, 33.3, 33.4]).reduce((sum, amount) => sum + amount, 0)).toBe(100_000);
  });

  it('generates a raw-water source upgrade as three alternatives in one exclusive group', () => {
    const plan = buildMasterPlan(handtownInput({ assets: [...HANDTOWN_ASSETS, asset({ id: 'HC001-SRC', assetType: 'raw_water_source', capacity: 20 })] }));
    const sources = plan.candidateProjects.filter((project) => project.assetType === 'raw_water_source' && project.phase === 1);
    expect(sources.map((project) => project.type)).toEqual(['groundwater_scheme', 'desalination_plant', 'dam_raising']);
    expect(new Set(sources.map((project) => project.exclusiveGroup))).toEqual(new Set(['HC001-W-SRC-1']));
    expect(new Set(sources.map((project) => project.capacityAdded)).size).toBe(1);
  });
});

describe('prerequisites of a generated upgrade', () => {
  /** Handtown with its water works at another capacity (the pipeline keeps 40 Ml/day: short from 2035/36). */
  const withWorks = (capacity: number): MasterPlan =>
    buildMasterPlan(handtownInput({ assets: HANDTOWN_ASSETS.map((existing) => (existing.assetType === 'water_treatment_works' ? { ...existing, capacity } : existing)) }));
  const projectOf = (plan: MasterPlan, id: string) => plan.candidateProjects.find((project) => project.id === id);

  it('waits for nothing when the works it follows still has room in its shortfall year', () => {
    // 55 Ml/day of works covers design demand (41.144037 × f^t in 2021/22 terms, ln f = ln(1.446) / 20)
    // for ln(55 / 41.144) / ln f = 15.7 years, until 2036/37, past the pipeline's shortfall in 2035/36.
    const plan = withWorks(55);
    expect(balanceOf(plan, 'water_treatment_works').shortfallYear).toBe(2037);
    // The works upgrade starts 2037 − 5 = 2032/33 and is complete after 2034/35. Waiting for it left the
    // pipeline no two-year build within the horizon, so it was dropped with a note; it needs no works
    // capacity the existing works lacks, so it starts at its shortfall − lead time, 2035 − 3.
    expect(projectOf(plan, 'HC001-W-WTW-1')?.earliestStartYear).toBe(2032);
    expect(projectOf(plan, 'HC001-W-PIPE-1')).toMatchObject({ earliestStartYear: 2032, latestStartYear: 2034, prerequisiteIds: [] });
    expect(plan.notes.filter((note) => note.startsWith('HC001-W-PIPE'))).toEqual([]);
  });

  it('waits for the works phase that carries the works through its shortfall year, not the first one', () => {
    // 44 Ml/day is short from the base year; the upgrade to 2035/36 needs 53.30 − 44 = 9.30 → 9.5 Ml/day,
    // phase 1 of 6 from 2026/27 and phase 2 of 3.5 once design passes 50 (2032/33); the next upgrade answers 2036/37.
    const plan = withWorks(44);
    const works = plan.candidateProjects.filter((project) => project.assetType === 'water_treatment_works').map((project) => [project.id, project.shortfallYear]);
    expect(works.slice(0, 2)).toEqual([
      ['HC001-W-WTW-1', 2026],
      ['HC001-W-WTW-2', 2032],
    ]);
    // The pipeline is needed from 2035/36: phase 2 (from 2032/33) is the one it needs, phase 1 alone is not enough.
    const pipeline = projectOf(plan, 'HC001-W-PIPE-1');
    expect(pipeline?.prerequisiteIds).toEqual(['HC001-W-WTW-2']);
    // Phase 2 starts by max(2032 − 5, phase 1 done 2026 + 3) = 2029/30 and is complete after 2031/32: the pipeline may start in 2032/33.
    expect(projectOf(plan, 'HC001-W-WTW-2')?.earliestStartYear).toBe(2029);
    expect(pipeline?.earliestStartYear).toBe(2032);
  });
});

describe('merge with the register', () => {
  const plannerWorks = registerProject({ id: 'HC001-W-01', type: 'water_treatment_upgrade', capacityAddedMlPerDay: 8 });

  it('keeps generated projects when the planner only has a committed row for the asset', () => {
    const committed = registerProject({ id: 'HC001-W-00', status: 'committed', capacityAddedMlPerDay: 1, cashFlowRandByBuildYear: [1] });
    const plan = buildMasterPlan(handtownInput({ register: [committed] }));
    expect(plan.merge.replacements).toEqual([]);
    expect(plan.merge.rows.filter((row) => row.origin === 'masterplan')).toHaveLength(plan.candidateProjects.length);
  });

  it('points a dependant at the planner’s row when its generated prerequisite is replaced', () => {
    const plan = buildMasterPlan(handtownInput({ register: [plannerWorks] }));
    expect(plan.merge.replacements).toEqual([
      { key: { municipalityCode: 'HC001', service: 'water', target: 'water_treatment_works' }, plannerProjectIds: ['HC001-W-01'], generatedProjectIds: ['HC001-W-WTW-1', 'HC001-W-WTW-2'] },
    ]);
    const pipeline = plan.merge.rows.find((row) => row.project.id === 'HC001-W-PIPE-1');
    expect(pipeline?.project.prerequisiteIds).toEqual(['HC001-W-01']);
    expect(plan.merge.rewrittenPrerequisites).toContainEqual({ projectId: 'HC001-W-PIPE-1', from: 'HC001-W-WTW-1', to: 'HC001-W-01' });
  });

  it('drops the prerequisite when every replacing row is excluded', () => {
    const plan = buildMasterPlan(handtownInput({ register: [{ ...plannerWorks, status: 'excluded' }] }));
    const pipeline = plan.merge.rows.find((row) => row.project.id === 'HC001-W-PIPE-1');
    expect(pipeline?.project.prerequisiteIds).toEqual([]);
    expect(plan.merge.rewrittenPrerequisites).toContainEqual({ projectId: 'HC001-W-PIPE-1', from: 'HC001-W-WTW-1', to: null });
  });

  it('renames a generated id the planner already uses, and the references to it', () => {
    const clash = registerProject({ id: 'HC001-W-WTW-1', type: 'community_hall', service: 'water' });
    const plan = buildMasterPlan(handtownInput({ register: [clash] }));
    expect(plan.merge.renamedIds).toEqual({ 'HC001-W-WTW-1': 'HC001-W-WTW-1-MP' });
    const ids = plan.merge.rows.map((row) => row.project.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(plan.merge.rows.find((row) => row.project.id === 'HC001-W-WTW-2')?.project.prerequisiteIds).toEqual(['HC001-W-WTW-1-MP']);
  });
});

describe('unmet design demand', () => {
  const plan = buildMasterPlan(handtownInput());
  const works = balanceOf(plan, 'water_treatment_works');

  it('is the shortfall less the capacity in service, never below zero', () => {
    const unmet = unmetDesignDemandByYear(works, plan.years, [{ inServiceYear: 2033, capacity: 6 }]);
    const index2032 = plan.years.indexOf(2032);
    expectClose(unmet[index2032], works.shortfallByYear[index2032], ARITHMETIC);
    expect(unmet[plan.years.indexOf(2033)]).toBe(0);
  });

  it('counts capacity past the need as closing nothing', () => {
    const enough = shortfallClosedByYear(works, plan.years, [{ inServiceYear: 2030, capacity: 10 }]);
    const far = shortfallClosedByYear(works, plan.years, [{ inServiceYear: 2030, capacity: 1_000 }]);
    const windowEnd = plan.years.indexOf(2041);
    // Within the design window 10 Ml/day already closes every shortfall, so 1 000 closes no more.
    expect(far.slice(0, windowEnd + 1)).toEqual(enough.slice(0, windowEnd + 1));
    expect(far).toEqual(works.shortfallByYear);
  });
});

describe('input checks', () => {
  it('lists every problem, naming the asset or setting', () => {
    const input = handtownInput({
      assets: [
        asset({ id: 'A', assetType: 'bulk_water_pipeline', capacity: 5 }),
        asset({ id: 'A', assetType: 'water_treatment_works', capacity: -1, service: 'sanitation' }),
        asset({ id: 'B', assetType: 'reservoir_storage', capacity: 5, capacityUnit: 'Ml/day', sourceArrangement: 'tower' }),
        asset({ id: 'C', assetType: 'water_treatment_works', capacity: 5, municipalityCode: 'XX999', service: 'electricity' }),
      ],
    });
    const messages = checkMasterPlanInput(input, DEFAULT_DEMAND_ASSUMPTIONS).map((problem) => `${problem.subject} | ${problem.key} | ${problem.message}`);
    expect(messages).toEqual([
      'asset A | length_km | a bulk water pipeline is costed per km, so its length is needed',
      'asset A | asset_id | appears twice',
      'asset A | asset_type | a water treatment works carries water supply, but sanitation is a return flow service',
      'asset A | capacity | must be >= 0',
      'asset B | capacity_unit | a reservoir storage is measured in Ml, not Ml/day',
      'asset B | source_arrangement | tower is not one of single_pumped_source, multiple_sources, gravity_source',
      'asset C | municipality_code | XX999 is not a municipality of the model',
      'asset C | service | electricity has no master plan settings (masterplan.services)',
    ]);
    expect(() => buildMasterPlan(input)).toThrow(MasterPlanInputError);
    expect(() => buildMasterPlan(input)).toThrow(/8 problems in the master plan input:\n {2}- asset A, length_km: a bulk water pipeline is costed per km/);
  });

  it('finds bad assumptions: shares, cash flows, phased alternatives and prerequisite cycles', () => {
    const water = DEFAULT_DEMAND_ASSUMPTIONS.services[0] as ServiceSettings & { demand: { basis: 'consumption' } };
    const assumptions: DemandAssumptions = {
      ...DEFAULT_DEMAND_ASSUMPTIONS,
      services: [{ ...water, demand: { ...water.demand, nonRevenueWaterShare: 1, pumpingHoursPerDay: 30 } }, DEFAULT_DEMAND_ASSUMPTIONS.services[1]],
      assetTypes: {
        ...DEFAULT_DEMAND_ASSUMPTIONS.assetTypes,
        raw_water_source: { ...DEFAULT_DEMAND_ASSUMPTIONS.assetTypes.raw_water_source, phaseShares: [0.5, 0.5] },
        water_treatment_works: { ...DEFAULT_DEMAND_ASSUMPTIONS.assetTypes.water_treatment_works, prerequisiteAssetTypes: ['reservoir_storage'] },
        bulk_sewer: {
          ...DEFAULT_DEMAND_ASSUMPTIONS.assetTypes.bulk_sewer,
          options: [{ ...DEFAULT_DEMAND_ASSUMPTIONS.assetTypes.bulk_sewer.options[0], cashFlowPercent: [50, 40] }],
        },
      },
    };
    const messages = checkMasterPlanInput(handtownInput(), assumptions).map((problem) => `${problem.subject} | ${problem.key}`);
    expect(messages).toEqual([
      'masterplan.services.water | non_revenue_water_share',
      'masterplan.services.water | pumping_hours_per_day',
      'masterplan.asset_types.raw_water_source | phase_shares',
      'masterplan.asset_types.bulk_sewer | options.sewer.cashflow_percent',
      'masterplan.asset_types.reservoir_storage | prerequisite_asset_types',
    ]);
  });
});

describe('services are data', () => {
  it('plans renamed services exactly as the defaults, with only the names changed', () => {
    const names: Readonly<Record<string, string>> = { water: 'potable', sanitation: 'sewerage' };
    const rename = (service: string): string => names[service] ?? service;
    const [water, sanitation] = DEFAULT_DEMAND_ASSUMPTIONS.services;
    if (sanitation.demand.basis !== 'return_flow') throw new Error('the default sanitation service is a return flow');
    const assumptions: DemandAssumptions = {
      ...DEFAULT_DEMAND_ASSUMPTIONS,
      services: [
        { ...water, service: 'potable' },
        { ...sanitation, service: 'sewerage', demand: { ...sanitation.demand, sourceService: 'potable' } },
      ],
    };
    const base = handtownInput();
    const renamed = buildMasterPlan(
      {
        ...base,
        needs: base.needs.map((need) => ({ ...need, service: rename(need.service) })),
        assets: base.assets.map((item) => ({ ...item, service: rename(item.service) })),
      },
      assumptions,
    );
    const original = buildMasterPlan(base);
    expect(renamed.candidateProjects.map((project) => ({ ...project, service: rename(project.service) }))).toEqual(
      original.candidateProjects.map((project) => ({ ...project, service: rename(project.service) })),
    );
    expect(renamed.balances.map((balance) => balance.designDemandByYear)).toEqual(original.balances.map((balance) => balance.designDemandByYear));
  });
});
