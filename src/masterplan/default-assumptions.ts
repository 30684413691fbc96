/**
 * The default demand assumptions of the master plan. Every figure is either a design criterion or
 * planning figure of /work/shared/DOMAIN.md (DWAF 2004 *Technical Guidelines for the Development of
 * Water and Sanitation Infrastructure*, No Drop 2015, Palmer Development Group 1996, Government
 * Gazette 41100) or, where DOMAIN.md gives none, the number the model generator used before
 * (scripts/generate-models/assumptions.ts), labelled as an assumption. docs/masterplan.md lists
 * each with its source; a model or scenario can change every one.
 */
import type { AssetTypeSettings, BacklogSettings, DemandAssumptions, FundingRule, ServiceSettings } from './types.js';

/** Metros (MIIF category A) receive no RBIG, MIG or WSIG: their bulk capital is USDG and own funds. */
const METRO = 'A';

/** Regional bulk (treatment works, bulk pipelines): RBIG with MIG and own funds; metros USDG and own funds. */
const REGIONAL_BULK: FundingRule = { sourceIds: ['RBIG', 'MIG', 'OWN'], sourceIdsByMiifCategory: { [METRO]: ['USDG', 'OWN'] } };
/** Municipal bulk (reservoirs, sewers): WSIG with MIG and own funds. */
const MUNICIPAL_BULK: FundingRule = { sourceIds: ['WSIG', 'MIG', 'OWN'], sourceIdsByMiifCategory: { [METRO]: ['USDG', 'OWN'] } };
/** New raw-water sources: RBIG, WSIG and provincial co-funding. */
const NEW_SOURCE: FundingRule = { sourceIds: ['RBIG', 'WSIG', 'PROV'], sourceIdsByMiifCategory: { [METRO]: ['USDG', 'PROV', 'OWN'] } };
/** Backlog programmes: MIG, WSIG, provincial and own funds. */
const BACKLOG: FundingRule = { sourceIds: ['MIG', 'WSIG', 'PROV', 'OWN'], sourceIdsByMiifCategory: { [METRO]: ['USDG', 'PROV', 'OWN'] } };

/** Backlog programme settings shared by the services (the generator's phasing). */
function backlogSettings(description: string, unitCostRandPerHousehold: number): BacklogSettings {
  return {
    projectType: 'backlog_eradication',
    description,
    unitCostRandPerHousehold,
    phaseOneShare: 0.4,
    singlePhaseBelowHouseholds: 500,
    cashFlowPercentByPhase: [
      [50, 50],
      [30, 40, 30],
    ],
    phaseTwoStartOffsetYears: 2,
    startWindowYears: 4,
    funding: BACKLOG,
  };
}

/** The two services of the default models: water drawn by consumers, sanitation returned from it. */
export const DEFAULT_SERVICE_SETTINGS: readonly ServiceSettings[] = [
  {
    service: 'water',
    idPrefix: 'W',
    demand: {
      basis: 'consumption',
      serviceLevels: [
        { id: 'house_connection', litresPerPersonPerDay: 130 },
        { id: 'yard_tap', litresPerPersonPerDay: 80 },
        { id: 'standpipe', litresPerPersonPerDay: 25 },
      ],
      servedServiceLevelId: 'house_connection',
      backlogServiceLevelId: 'standpipe',
      unitDemandLitresPerPersonPerDayByMunicipality: {},
      nonRevenueWaterShare: 0.346,
      treatmentLossShare: 0.1,
      summerPeakFactor: 1.35,
      pumpingHoursPerDay: 20,
    },
    backlog: backlogSettings('water backlog eradication (yard connections)', 22_000),
  },
  {
    service: 'sanitation',
    idPrefix: 'S',
    demand: { basis: 'return_flow', sourceService: 'water', returnShare: 0.75, sewerPeakFactor: 1 },
    backlog: backlogSettings('sanitation backlog eradication (waterborne toilets)', 38_000),
  },
];

/** A curve proportional to size: `a × Q`. */
function proportional(randPerUnit: number): AssetTypeSettings['options'][number]['costCurve'] {
  return { coefficientRand: randPerUnit, exponent: 1, fixedRand: 0, perKm: false };
}

/** The default settings per asset type. */
export const DEFAULT_ASSET_TYPE_SETTINGS: DemandAssumptions['assetTypes'] = {
  raw_water_source: {
    designHorizonYears: 10,
    leadTimeYears: 5,
    startWindowYears: 4,
    moduleSize: 0.5,
    phaseShares: [1],
    prerequisiteAssetTypes: [],
    registerProjectTypes: ['raw_water_source_upgrade', 'groundwater_scheme', 'desalination_plant', 'dam_raising'],
    // The generator's three alternatives of the same yield; the program funds at most one.
    options: [
      { projectType: 'groundwater_scheme', code: 'groundwater', description: 'groundwater wellfield and treatment', costCurve: proportional(10_000_000), cashFlowPercent: [40, 60] },
      { projectType: 'desalination_plant', code: 'desalination', description: 'desalination plant, seawater or brackish groundwater', costCurve: proportional(35_000_000), cashFlowPercent: [25, 45, 30] },
      { projectType: 'dam_raising', code: 'dam', description: 'dam raising or off-channel storage', costCurve: proportional(15_000_000), cashFlowPercent: [15, 30, 35, 20] },
    ],
    funding: NEW_SOURCE,
  },
  water_treatment_works: {
    designHorizonYears: 10,
    leadTimeYears: 5,
    startWindowYears: 4,
    moduleSize: 0.5,
    phaseShares: [0.6, 0.4],
    prerequisiteAssetTypes: [],
    registerProjectTypes: ['water_treatment_upgrade'],
    options: [
      { projectType: 'water_treatment_upgrade', code: 'works', description: 'water treatment works extension', costCurve: proportional(26_000_000), cashFlowPercent: [20, 45, 35] },
    ],
    funding: REGIONAL_BULK,
  },
  bulk_water_pipeline: {
    designHorizonYears: 10,
    leadTimeYears: 3,
    startWindowYears: 4,
    moduleSize: 0.5,
    phaseShares: [1],
    prerequisiteAssetTypes: ['water_treatment_works'],
    registerProjectTypes: ['bulk_pipeline'],
    options: [
      {
        projectType: 'bulk_pipeline',
        code: 'pipeline',
        description: 'bulk water pipeline',
        costCurve: { coefficientRand: 250_000, exponent: 1, fixedRand: 6_000_000, perKm: true },
        cashFlowPercent: [40, 60],
      },
    ],
    funding: REGIONAL_BULK,
  },
  reservoir_storage: {
    designHorizonYears: 10,
    leadTimeYears: 3,
    startWindowYears: 4,
    moduleSize: 0.5,
    phaseShares: [1],
    prerequisiteAssetTypes: ['water_treatment_works'],
    registerProjectTypes: ['reservoir'],
    options: [{ projectType: 'reservoir', code: 'reservoir', description: 'bulk reservoir', costCurve: proportional(4_500_000), cashFlowPercent: [45, 55] }],
    funding: MUNICIPAL_BULK,
  },
  wastewater_treatment_works: {
    designHorizonYears: 10,
    leadTimeYears: 5,
    startWindowYears: 4,
    moduleSize: 0.5,
    phaseShares: [0.6, 0.4],
    prerequisiteAssetTypes: [],
    registerProjectTypes: ['wastewater_treatment_upgrade'],
    options: [
      { projectType: 'wastewater_treatment_upgrade', code: 'works', description: 'wastewater treatment works upgrade', costCurve: proportional(70_000_000), cashFlowPercent: [20, 45, 35] },
    ],
    funding: REGIONAL_BULK,
  },
  bulk_sewer: {
    designHorizonYears: 10,
    leadTimeYears: 3,
    startWindowYears: 4,
    moduleSize: 0.5,
    phaseShares: [1],
    prerequisiteAssetTypes: ['wastewater_treatment_works'],
    registerProjectTypes: ['bulk_sewer'],
    options: [
      {
        projectType: 'bulk_sewer',
        code: 'sewer',
        description: 'bulk outfall sewer',
        costCurve: { coefficientRand: 250_000, exponent: 1, fixedRand: 5_000_000, perKm: true },
        cashFlowPercent: [40, 60],
      },
    ],
    funding: MUNICIPAL_BULK,
  },
};

/** The default demand assumptions (every field documented in types.ts and docs/masterplan.md). */
export const DEFAULT_DEMAND_ASSUMPTIONS: DemandAssumptions = {
  growth: { method: 'census_compound', additionalGrowthPercentPerYear: 0, censusIntervalYears: 10.33, censusFinancialYear: 2021 },
  services: DEFAULT_SERVICE_SETTINGS,
  storageHoursBySourceArrangement: { single_pumped_source: 48, multiple_sources: 36, gravity_source: 24 },
  defaultSourceArrangement: 'single_pumped_source',
  assetTypes: DEFAULT_ASSET_TYPE_SETTINGS,
  capexRoundingRand: 100_000,
  illustrative: true,
};
