/**
 * A small in-memory Dataset shaped like the default model (sources RBIG, WSIG, MIG, PROV, OWN;
 * base year 2026/27; 10 years), so scenario tests do not depend on files another stage writes.
 */
import type { Dataset, FundingSource, Project } from '../../src/dataset/types.js';
import { DEFAULT_SERVICES } from '../../src/dataset/types.js';

/** First financial year of the sample horizon (2026/27). */
export const BASE_YEAR = 2026;
/** Length of the sample horizon in years. */
export const HORIZON_YEARS = 10;

/** Envelopes of 100, 101, ... million rand per year, offset per source so sources differ. */
function source(id: string, name: string, offsetMillionRand: number): FundingSource {
  const envelopeRandByYear: Record<number, number> = {};
  for (let index = 0; index < HORIZON_YEARS; index += 1) {
    envelopeRandByYear[BASE_YEAR + index] = (100 + offsetMillionRand + index) * 1_000_000;
  }
  return { id, name, carryOver: id !== 'OWN', purpose: 'capital', envelopeRandByYear, illustrative: true };
}

/** A project with sensible defaults; `overrides` sets what a test cares about. */
function project(overrides: Partial<Project> & Pick<Project, 'id'>): Project {
  return {
    municipalityCode: 'WC011',
    service: 'water',
    type: 'bulk_pipeline',
    description: 'Sample project',
    capexRand: 90_000_000,
    cashFlowRandByBuildYear: [27_000_000, 45_000_000, 18_000_000],
    householdsServed: 500,
    capacityAddedMlPerDay: 2,
    earliestStartYear: 2026,
    latestStartYear: 2030,
    prerequisiteIds: [],
    exclusiveGroup: null,
    fundingSourceIds: ['RBIG', 'MIG'],
    status: 'candidate',
    benefitOverride: null, operatingCostRandPerYear: 0, facilityType: null, blocksOffered: [], anchorDepartments: [], populationWithinReach: 0, 
    illustrative: true,
    ...overrides,
  };
}

/** A fresh sample Dataset (a new object on every call, so tests cannot leak into each other). */
export function makeSampleDataset(): Dataset {
  return {
    config: {
      name: 'sample',
      title: 'Sample model for scenario tests',
      baseFinancialYear: BASE_YEAR,
      horizonYears: HORIZON_YEARS,
      currency: 'ZAR',
      illustrativeNote: 'All figures are illustrative.', rolloutExemptions: [],
      services: DEFAULT_SERVICES,
      indicators: [
        { id: 'water_backlog_share', label: 'Water backlog share', theme: 'need', direction: 'higher_is_worse', weight: 1 },
        { id: 'sanitation_backlog_share', label: 'Sanitation backlog share', theme: 'need', direction: 'higher_is_worse', weight: 1 },
        { id: 'gva_growth_percent', label: 'GVA growth', theme: 'growth', direction: 'higher_is_better', weight: 1 },
      ],
      index: { normalisation: 'min-max', needThreshold: 0.5, growthThreshold: 0.5 },
      policy: {
        discountRatePercent: 5,
        needWeight: 0.5,
        growthWeight: 0.5,
        benefitPerHousehold: 1,
        benefitPerMlPerDay: 500,
        basicPackageFloorShare: 0.2,
        basicPackageMinSpendRand: 0,
        minServiceShare: { sanitation: 0.3 },
        districtShareMin: 0,
        districtShareMax: 1,
        maxConcurrentProjectsPerMunicipality: 3,
        shortfallsMetByYear: 0,
        allocationCostPerHouseholdRand: { water: 25_000, sanitation: 30_000 },
        allocationCostPerMlPerDayRand: 15_000_000, benefitPerPersonWithinReach: 0.1, rolloutTargetYear: {}, facilityAnchorRequired: 1, maxFacilitiesOpenedPerYear: {}, minHouseholdsServed: 0, objectiveMeasure: 0,
      },
    },
    municipalities: [
      {
        code: 'WC011', name: 'Matzikama', districtCode: 'DC1', districtName: 'West Coast', province: 'WC', miifCategory: 'B3',
        population2011: 67_147, population2022: 74_000, households2011: 18_835, households2022: 21_000, growthRatePercentPerYear: 0.9, illustrative: false,
      },
      {
        code: 'WC012', name: 'Cederberg', districtCode: 'DC1', districtName: 'West Coast', province: 'WC', miifCategory: 'B3',
        population2011: 49_768, population2022: 55_000, households2011: 13_513, households2022: 15_000, growthRatePercentPerYear: 0.9, illustrative: false,
      },
    ],
    needs: [
      { municipalityCode: 'WC011', service: 'water', backlogHouseholds: 1_200, treatmentCapacityMlPerDay: 12, demandMlPerDay: 10, illustrative: true },
      { municipalityCode: 'WC012', service: 'sanitation', backlogHouseholds: 800, treatmentCapacityMlPerDay: null, demandMlPerDay: null, illustrative: true },
    ],
    indicators: [
      { municipalityCode: 'WC011', values: { water_backlog_share: 0.05, sanitation_backlog_share: 0.08, gva_growth_percent: 1.2 }, illustrative: true },
      { municipalityCode: 'WC012', values: { water_backlog_share: 0.09, sanitation_backlog_share: 0.12, gva_growth_percent: 0.7 }, illustrative: true },
    ],
    projects: [
      project({ id: 'WC011-W-01' }),
      project({ id: 'WC011-W-02', prerequisiteIds: ['WC011-W-01'], earliestStartYear: 2029, latestStartYear: 2032 }),
      project({ id: 'WC012-S-01', municipalityCode: 'WC012', service: 'sanitation', exclusiveGroup: 'clanwilliam-wwtw', status: 'committed' }),
      project({ id: 'WC012-S-02', municipalityCode: 'WC012', service: 'sanitation', exclusiveGroup: 'clanwilliam-wwtw' }),
      project({ id: 'WC012-S-03', municipalityCode: 'WC012', service: 'sanitation', status: 'excluded', capexRand: 10_000_000, cashFlowRandByBuildYear: [10_000_000] }),
      project({ id: 'WC011-W-03', earliestStartYear: 2032, latestStartYear: 2033, cashFlowRandByBuildYear: [30_000_000, 30_000_000, 30_000_000] }),
    ],
    facilities: [],
    fundingSources: [
      source('RBIG', 'Regional Bulk Infrastructure Grant', 0),
      source('WSIG', 'Water Services Infrastructure Grant', 20),
      source('MIG', 'Municipal Infrastructure Grant', 40),
      source('PROV', 'Provincial allocation', 60),
      source('OWN', 'Own revenue', 80),
    ],
    sourceFiles: [{ path: 'models/sample/model.yaml', sha256: '0'.repeat(64) }],
  };
}

/** Freeze an object and everything inside it, so any mutation by the code under test throws. */
export function deepFreeze<Value>(value: Value): Value {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as object)) deepFreeze(inner);
  }
  return value;
}
