/**
 * Tiny planning models built in memory for the program and plan tests: two municipalities in two
 * districts, amounts in whole millions of rand so hand arithmetic stays exact.
 */
import type { Dataset, FundingSource, PolicySettings, Project, ServiceNeed } from '../../src/dataset/types.js';
import type { MunicipalIndex } from '../../src/indicators/types.js';
import { DEFAULT_SERVICES } from '../../src/dataset/types.js';

/** One million rand. */
export const MILLION = 1_000_000;

/** Policy with every rule switched off, no discounting and benefit = households × weight. */
export const POLICY_OFF: PolicySettings = {
  discountRatePercent: 0,
  needWeight: 0.5,
  growthWeight: 0.5,
  benefitPerHousehold: 1,
  benefitPerMlPerDay: 0,
  basicPackageFloorShare: 0,
  basicPackageMinSpendRand: 0,
  minServiceShare: { sanitation: 0 },
  districtShareMin: 0,
  districtShareMax: 1,
  maxConcurrentProjectsPerMunicipality: 0,
  shortfallsMetByYear: 0,
  allocationCostPerHouseholdRand: { water: 25_000, sanitation: 30_000 },
  allocationCostPerMlPerDayRand: 15_000_000, benefitPerPersonWithinReach: 0.1, rolloutTargetYear: {}, facilityAnchorRequired: 1, maxFacilitiesOpenedPerYear: {}, minHouseholdsServed: 0, objectiveMeasure: 0,
};

/** A project in municipality AA001 with a one-year R1 million cash flow; override what a test needs. */
export function tinyProject(overrides: Partial<Project> & Pick<Project, 'id'>): Project {
  const cashFlowRandByBuildYear = overrides.cashFlowRandByBuildYear ?? [1 * MILLION];
  return {
    municipalityCode: 'AA001',
    service: 'water',
    type: 'bulk_pipeline',
    description: 'Tiny test project',
    capexRand: cashFlowRandByBuildYear.reduce((sum, amount) => sum + amount, 0),
    householdsServed: 100,
    capacityAddedMlPerDay: 0,
    earliestStartYear: 2026,
    latestStartYear: 2030,
    prerequisiteIds: [],
    exclusiveGroup: null,
    fundingSourceIds: ['GRANT'],
    status: 'candidate',
    benefitOverride: null, operatingCostRandPerYear: 0, facilityType: null, blocksOffered: [], anchorDepartments: [], populationWithinReach: 0, 
    illustrative: true,
    ...overrides,
    cashFlowRandByBuildYear,
  };
}

/** A source with envelopes in rand per year offset from 2026 (index 0 = 2026/27). */
export function tinySource(id: string, envelopesRand: readonly number[], carryOver: boolean): FundingSource {
  const envelopeRandByYear: Record<number, number> = {};
  envelopesRand.forEach((amount, offset) => {
    envelopeRandByYear[2026 + offset] = amount;
  });
  return { id, name: `${id} source`, carryOver, purpose: 'capital', envelopeRandByYear, illustrative: true };
}

/** Options for tinyDataset. */
export interface TinyOptions {
  /** Projects of the register. */
  readonly projects: readonly Project[];
  /** Funding sources. */
  readonly sources: readonly FundingSource[];
  /** Horizon length in years from 2026/27; default 3. */
  readonly horizonYears?: number;
  /** Policy changes on top of POLICY_OFF. */
  readonly policy?: Partial<PolicySettings>;
  /** Needs; default a water backlog of 1000 households in AA001 and 500 sanitation in BB002. */
  readonly needs?: readonly ServiceNeed[];
}

/** A tiny dataset: AA001 (district D1) and BB002 (district D2). */
export function tinyDataset(options: TinyOptions): Dataset {
  const municipality = (code: string, districtCode: string) => ({
    code,
    name: `Municipality ${code}`,
    districtCode,
    districtName: `District ${districtCode}`,
    province: 'WC',
    miifCategory: 'B3' as const,
    population2011: 10_000,
    population2022: 11_000,
    households2011: 3_000,
    households2022: 3_300,
    growthRatePercentPerYear: 0.9,
    illustrative: true,
  });
  return {
    config: {
      name: 'tiny',
      title: 'Tiny test model',
      baseFinancialYear: 2026,
      horizonYears: options.horizonYears ?? 3,
      currency: 'ZAR',
      illustrativeNote: 'All figures are made up for tests.', rolloutExemptions: [],
      services: DEFAULT_SERVICES,
      indicators: [
        { id: 'backlog_share', label: 'Backlog share', theme: 'need', direction: 'higher_is_worse', weight: 1 },
        { id: 'growth_percent', label: 'Growth', theme: 'growth', direction: 'higher_is_better', weight: 1 },
      ],
      index: { normalisation: 'min-max', needThreshold: 0.5, growthThreshold: 0.5 },
      policy: { ...POLICY_OFF, ...options.policy },
    },
    municipalities: [municipality('AA001', 'D1'), municipality('BB002', 'D2')],
    needs: options.needs ?? [
      { municipalityCode: 'AA001', service: 'water', backlogHouseholds: 1000, treatmentCapacityMlPerDay: null, demandMlPerDay: null, illustrative: true },
      { municipalityCode: 'BB002', service: 'sanitation', backlogHouseholds: 500, treatmentCapacityMlPerDay: null, demandMlPerDay: null, illustrative: true },
    ],
    indicators: [
      // AA001 has the higher need, BB002 the higher growth: min-max gives indices 1/0 and 0/1.
      { municipalityCode: 'AA001', values: { backlog_share: 0.4, growth_percent: 0.5 }, illustrative: true },
      { municipalityCode: 'BB002', values: { backlog_share: 0.1, growth_percent: 2.5 }, illustrative: true },
    ],
    projects: options.projects,
    facilities: [],
    fundingSources: options.sources,
    sourceFiles: [],
  };
}

/** Indices for the tiny model: AA001 need 1 growth 0, BB002 need 0 growth 1 (what min-max gives). */
export const TINY_INDICES: readonly MunicipalIndex[] = [
  { municipalityCode: 'AA001', needIndex: 1, growthIndex: 0, quadrant: 'low_growth_high_need' },
  { municipalityCode: 'BB002', needIndex: 0, growthIndex: 1, quadrant: 'high_growth_low_need' },
];

/**
 * One year, R100 million: A and C (R50m, benefit 100 each) are the best plan (200); A and B (B worth
 * 99.5) is 0.25% short of it, so an answer that funds B is not within a 0.1% gap of the best.
 */
export function gapTestDataset(): Dataset {
  return tinyDataset({
    horizonYears: 1,
    sources: [tinySource('GRANT', [100 * MILLION], false)],
    projects: [
      tinyProject({ id: 'A', cashFlowRandByBuildYear: [50 * MILLION], benefitOverride: 100 }),
      tinyProject({ id: 'B', cashFlowRandByBuildYear: [50 * MILLION], benefitOverride: 99.5 }),
      tinyProject({ id: 'C', cashFlowRandByBuildYear: [50 * MILLION], benefitOverride: 100 }),
    ],
  });
}

/**
 * One year, R10 million, a minimum sanitation share of `share`. W1 (water, R7 million, 700
 * households) is the plan's core; S0 (sanitation, R3 million, no households) earns nothing and is
 * funded only to meet the share; W2 (water, R3 million, 100 households) is what the money would buy
 * without the rule. Used where a project is funded for a rule, not for its benefit.
 */
export function sanitationFloorDataset(share: number): Dataset {
  return tinyDataset({
    horizonYears: 1,
    policy: { minServiceShare: { sanitation: share } },
    sources: [tinySource('GRANT', [10 * MILLION], false)],
    projects: [
      tinyProject({ id: 'W1', cashFlowRandByBuildYear: [7 * MILLION], householdsServed: 700 }),
      tinyProject({ id: 'S0', municipalityCode: 'BB002', service: 'sanitation', cashFlowRandByBuildYear: [3 * MILLION], householdsServed: 0 }),
      tinyProject({ id: 'W2', cashFlowRandByBuildYear: [3 * MILLION], householdsServed: 100 }),
    ],
  });
}

/**
 * One year, R12 million, a minimum sanitation share of 30%. W1 (water, R7 million, 700 households)
 * and S1 (sanitation, R3 million, 50 households) are the plan. W2 (water, R2 million, 100
 * households) and Z0 (water, R2 million, no households) stay out: W2 would push sanitation below
 * 30% (the rule's reason), Z0 would too, but it serves nobody, so funding it adds nothing whatever
 * the rule says (deferral reason no_benefit).
 */
export function noBenefitShareDataset(): Dataset {
  return tinyDataset({
    horizonYears: 1,
    policy: { minServiceShare: { sanitation: 0.3 } },
    sources: [tinySource('GRANT', [12 * MILLION], false)],
    projects: [
      tinyProject({ id: 'W1', cashFlowRandByBuildYear: [7 * MILLION], householdsServed: 700 }),
      tinyProject({ id: 'S1', municipalityCode: 'BB002', service: 'sanitation', cashFlowRandByBuildYear: [3 * MILLION], householdsServed: 50 }),
      tinyProject({ id: 'W2', cashFlowRandByBuildYear: [2 * MILLION], householdsServed: 100 }),
      tinyProject({ id: 'Z0', cashFlowRandByBuildYear: [2 * MILLION], householdsServed: 0 }),
    ],
  });
}
