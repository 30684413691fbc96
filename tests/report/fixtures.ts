/**
 * A small, hand-built and internally consistent Plan + Dataset for the report tests: 3
 * municipalities in 2 districts, 6 projects (4 funded, 2 deferred), 2 funding sources, 4 financial
 * years (2026/27 .. 2029/30). Every expected figure below was worked out by hand from the spending
 * lines, not computed by the code under test.
 */
import type { Dataset, Project } from '../../src/dataset/types.js';
import type { BacklogPoint, EnvelopeUse, Plan, PlannedProject, SpendingLine } from '../../src/plan/types.js';
import { DEFAULT_SERVICES } from '../../src/dataset/types.js';

const MILLION = 1_000_000;

/** The text a hostile register might carry in a description: it must arrive as text, not a formula. */
/** A plan note as the portfolio writes it when a floor is lowered to what the register can deliver. */
export const FLOOR_WARNING = 'basic-package floor for WC012 lowered to 0 households: its register serves no backlog households.';

export const FORMULA_LIKE_DESCRIPTION = '=HYPERLINK("http://x","y")';

/** Hand-computed figures of the fixture plan, in rand. */
export const EXPECTED = {
  envelopeTotalRand: 180 * MILLION, // MIG 4 x 20m + RBIG 4 x 25m
  plannedSpendingRand: 90 * MILLION, // 30 + 12 + 40 + 8
  spendingByYearRand: { 2026: 30 * MILLION, 2027: 46 * MILLION, 2028: 6 * MILLION, 2029: 8 * MILLION },
  spendingByMunicipalityRand: { WC011: 42 * MILLION, WC012: 40 * MILLION, WC022: 8 * MILLION },
  spendingByDistrictRand: { DC1: 82 * MILLION, DC2: 8 * MILLION },
  spendingByServiceRand: { water: 70 * MILLION, sanitation: 20 * MILLION },
  spendingBySourceRand: { MIG: 44 * MILLION, RBIG: 46 * MILLION },
  fundedCapexRand: 90 * MILLION,
  householdsServed: { water: 1000, sanitation: 1300 },
  benefit: { total: 5200, needLed: 2500, growthLed: 2700 },
};

const line = (financialYear: number, sourceId: string, millions: number): SpendingLine => ({ financialYear, sourceId, amountRand: millions * MILLION });

function registerProject(overrides: Partial<Project> & Pick<Project, 'id' | 'municipalityCode' | 'service' | 'capexRand'>): Project {
  return {
    type: overrides.service === 'water' ? 'bulk_pipeline' : 'wastewater_treatment_upgrade',
    description: `Bulk works for ${overrides.id}`,
    cashFlowRandByBuildYear: [overrides.capexRand],
    householdsServed: 0,
    capacityAddedMlPerDay: 0,
    earliestStartYear: 2026,
    latestStartYear: 2029,
    prerequisiteIds: [],
    exclusiveGroup: null,
    fundingSourceIds: ['MIG', 'RBIG'],
    status: 'candidate',
    benefitOverride: null, operatingCostRandPerYear: 0, facilityType: null, blocksOffered: [], anchorDepartments: [], populationWithinReach: 0, 
    illustrative: true,
    ...overrides,
  };
}

/** The fixture Dataset. */
export function fixtureDataset(): Dataset {
  return {
    config: {
      name: 'tiny-cape',
      title: 'Tiny Cape bulk water and sanitation master plan',
      baseFinancialYear: 2026,
      horizonYears: 4,
      currency: 'ZAR',
      illustrativeNote: 'Project register and funding envelopes are illustrative, generated for testing.', rolloutExemptions: [],
      services: DEFAULT_SERVICES,
      indicators: [
        { id: 'water_backlog_share', label: 'Households without piped water (share)', theme: 'need', direction: 'higher_is_worse', weight: 1 },
        { id: 'growth_rate_percent', label: 'Population growth (% per year)', theme: 'growth', direction: 'higher_is_better', weight: 1 },
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
        minServiceShare: { sanitation: 0.2 },
        districtShareMin: 0,
        districtShareMax: 1,
        maxConcurrentProjectsPerMunicipality: 3,
        shortfallsMetByYear: 0,
        allocationCostPerHouseholdRand: { water: 25_000, sanitation: 30_000 },
        allocationCostPerMlPerDayRand: 15_000_000, benefitPerPersonWithinReach: 0.1, rolloutTargetYear: {}, facilityAnchorRequired: 1, maxFacilitiesOpenedPerYear: {}, minHouseholdsServed: 0, objectiveMeasure: 0,
      },
    },
    municipalities: [
      { code: 'WC011', name: 'Matzikama', districtCode: 'DC1', districtName: 'West Coast', province: 'WC', miifCategory: 'B3', population2011: 67147, population2022: 74000, households2011: 18835, households2022: 21000, growthRatePercentPerYear: 0.9, illustrative: false },
      { code: 'WC012', name: 'Cederberg', districtCode: 'DC1', districtName: 'West Coast', province: 'WC', miifCategory: 'B3', population2011: 49768, population2022: 59000, households2011: 13513, households2022: 16000, growthRatePercentPerYear: 1.6, illustrative: false },
      { code: 'WC022', name: 'Witzenberg', districtCode: 'DC2', districtName: 'Cape Winelands', province: 'WC', miifCategory: 'B2', population2011: 115946, population2022: 140000, households2011: 31780, households2022: 38000, growthRatePercentPerYear: 1.7, illustrative: false },
    ],
    needs: [
      { municipalityCode: 'WC011', service: 'water', backlogHouseholds: 1500, treatmentCapacityMlPerDay: 10, demandMlPerDay: 9, illustrative: true },
      { municipalityCode: 'WC011', service: 'sanitation', backlogHouseholds: 900, treatmentCapacityMlPerDay: 6, demandMlPerDay: 5, illustrative: true },
      { municipalityCode: 'WC012', service: 'water', backlogHouseholds: 500, treatmentCapacityMlPerDay: 8, demandMlPerDay: 8.5, illustrative: true },
      { municipalityCode: 'WC012', service: 'sanitation', backlogHouseholds: 600, treatmentCapacityMlPerDay: null, demandMlPerDay: null, illustrative: true },
      { municipalityCode: 'WC022', service: 'water', backlogHouseholds: 1000, treatmentCapacityMlPerDay: 20, demandMlPerDay: 18, illustrative: true },
      { municipalityCode: 'WC022', service: 'sanitation', backlogHouseholds: 1000, treatmentCapacityMlPerDay: 15, demandMlPerDay: 14, illustrative: true },
    ],
    indicators: [
      { municipalityCode: 'WC011', values: { water_backlog_share: 0.07, growth_rate_percent: 0.9 }, illustrative: false },
      { municipalityCode: 'WC012', values: { water_backlog_share: 0.03, growth_rate_percent: 1.6 }, illustrative: false },
      { municipalityCode: 'WC022', values: { water_backlog_share: 0.05, growth_rate_percent: 1.7 }, illustrative: false },
    ],
    projects: [
      registerProject({ id: 'WC011-W-01', municipalityCode: 'WC011', service: 'water', capexRand: 30 * MILLION, cashFlowRandByBuildYear: [10 * MILLION, 20 * MILLION], householdsServed: 1000 }),
      registerProject({ id: 'WC011-S-01', municipalityCode: 'WC011', service: 'sanitation', capexRand: 12 * MILLION, cashFlowRandByBuildYear: [6 * MILLION, 6 * MILLION], householdsServed: 500 }),
      registerProject({ id: 'WC012-W-01', municipalityCode: 'WC012', service: 'water', type: 'water_treatment_upgrade', capexRand: 40 * MILLION, cashFlowRandByBuildYear: [20 * MILLION, 20 * MILLION], capacityAddedMlPerDay: 5 }),
      registerProject({ id: 'WC022-S-01', municipalityCode: 'WC022', service: 'sanitation', capexRand: 8 * MILLION, householdsServed: 800, description: FORMULA_LIKE_DESCRIPTION }),
      registerProject({ id: 'WC022-W-01', municipalityCode: 'WC022', service: 'water', capexRand: 50 * MILLION, cashFlowRandByBuildYear: [25 * MILLION, 25 * MILLION], householdsServed: 900 }),
      registerProject({ id: 'WC012-S-01', municipalityCode: 'WC012', service: 'sanitation', capexRand: 5 * MILLION, householdsServed: 300, status: 'excluded', description: '+27 21 000 0000 call centre upgrade' }),
    ],
    facilities: [],
    fundingSources: [
      { id: 'MIG', name: 'Municipal Infrastructure Grant', carryOver: true, purpose: 'capital', envelopeRandByYear: { 2026: 20 * MILLION, 2027: 20 * MILLION, 2028: 20 * MILLION, 2029: 20 * MILLION }, illustrative: true },
      { id: 'RBIG', name: 'Regional Bulk Infrastructure Grant', carryOver: false, purpose: 'capital', envelopeRandByYear: { 2026: 25 * MILLION, 2027: 25 * MILLION, 2028: 25 * MILLION, 2029: 25 * MILLION }, illustrative: true },
    ],
    sourceFiles: [
      { path: 'models/tiny-cape/model.yaml', sha256: 'a'.repeat(64) },
      { path: 'models/tiny-cape/projects.csv', sha256: 'b'.repeat(64) },
    ],
  };
}

function plannedProject(project: Project, districtCode: string, funded: Omit<Partial<PlannedProject>, 'id'>): PlannedProject {
  return {
    id: project.id,
    municipalityCode: project.municipalityCode,
    districtCode,
    service: project.service,
    type: project.type,
    description: project.description,
    capexRand: project.capexRand,
    funded: false,
    startYear: null,
    completionYear: null,
    spending: [], operatingSpending: [],
    householdsServed: project.householdsServed,
    capacityAddedMlPerDay: project.capacityAddedMlPerDay,
    benefit: 0,
    needBenefit: 0,
    growthBenefit: 0,
    deferralReason: null,
    deferralDetail: null,
    ...funded,
  };
}

/** The fixture Plan (portfolio formulation), consistent with fixtureDataset(). */
export function fixturePlan(): Plan {
  const dataset = fixtureDataset();
  const byId = new Map(dataset.projects.map((project) => [project.id, project]));
  const project = (id: string): Project => byId.get(id)!;
  const projects: PlannedProject[] = [
    plannedProject(project('WC011-W-01'), 'DC1', { funded: true, startYear: 2026, completionYear: 2027, spending: [line(2026, 'MIG', 10), line(2027, 'MIG', 20)], benefit: 1200, needBenefit: 800, growthBenefit: 400 }),
    plannedProject(project('WC011-S-01'), 'DC1', { funded: true, startYear: 2027, completionYear: 2028, spending: [line(2027, 'MIG', 6), line(2028, 'RBIG', 6)], benefit: 600, needBenefit: 500, growthBenefit: 100 }),
    plannedProject(project('WC012-W-01'), 'DC1', { funded: true, startYear: 2026, completionYear: 2027, spending: [line(2026, 'RBIG', 20), line(2027, 'RBIG', 20)], benefit: 2500, needBenefit: 500, growthBenefit: 2000 }),
    plannedProject(project('WC022-S-01'), 'DC2', { funded: true, startYear: 2029, completionYear: 2029, spending: [line(2029, 'MIG', 8)], benefit: 900, needBenefit: 700, growthBenefit: 200 }),
    plannedProject(project('WC022-W-01'), 'DC2', { deferralReason: 'budget', deferralDetail: 'Funding WC022-W-01 (R50.0m) would displace more benefit than it adds within the MIG and RBIG envelopes.' }),
    plannedProject(project('WC012-S-01'), 'DC1', { deferralReason: 'excluded', deferralDetail: 'Status is excluded in projects.csv row 7.' }),
  ];
  // MIG carries over: 2026 20-10 = 10 out; 2027 20+10-26 = 4 out; 2028 20+4-0 = 24 out; 2029 20+24-8 = 36 out.
  const envelopeUse: EnvelopeUse[] = [
    { sourceId: 'MIG', financialYear: 2026, envelopeRand: 20 * MILLION, carriedInRand: 0, spentRand: 10 * MILLION, carriedOutRand: 10 * MILLION },
    { sourceId: 'MIG', financialYear: 2027, envelopeRand: 20 * MILLION, carriedInRand: 10 * MILLION, spentRand: 26 * MILLION, carriedOutRand: 4 * MILLION },
    { sourceId: 'MIG', financialYear: 2028, envelopeRand: 20 * MILLION, carriedInRand: 4 * MILLION, spentRand: 0, carriedOutRand: 24 * MILLION },
    { sourceId: 'MIG', financialYear: 2029, envelopeRand: 20 * MILLION, carriedInRand: 24 * MILLION, spentRand: 8 * MILLION, carriedOutRand: 36 * MILLION },
    { sourceId: 'RBIG', financialYear: 2026, envelopeRand: 25 * MILLION, carriedInRand: 0, spentRand: 20 * MILLION, carriedOutRand: 0 },
    { sourceId: 'RBIG', financialYear: 2027, envelopeRand: 25 * MILLION, carriedInRand: 0, spentRand: 20 * MILLION, carriedOutRand: 0 },
    { sourceId: 'RBIG', financialYear: 2028, envelopeRand: 25 * MILLION, carriedInRand: 0, spentRand: 6 * MILLION, carriedOutRand: 0 },
    { sourceId: 'RBIG', financialYear: 2029, envelopeRand: 25 * MILLION, carriedInRand: 0, spentRand: 0, carriedOutRand: 0 },
  ];
  // Water: 3000 households; WC011-W-01 (1000) is complete at the end of 2027/28.
  // Sanitation: 2500 households, WC011-S-01 (500) is complete at the end of 2028/29, WC022-S-01 (800) of 2029/30.
  const backlog: BacklogPoint[] = [
    { service: 'water', financialYear: 2026, remainingHouseholds: 3000 },
    { service: 'water', financialYear: 2027, remainingHouseholds: 2000 },
    { service: 'water', financialYear: 2028, remainingHouseholds: 2000 },
    { service: 'water', financialYear: 2029, remainingHouseholds: 2000 },
    { service: 'sanitation', financialYear: 2026, remainingHouseholds: 2500 },
    { service: 'sanitation', financialYear: 2027, remainingHouseholds: 2500 },
    { service: 'sanitation', financialYear: 2028, remainingHouseholds: 2000 },
    { service: 'sanitation', financialYear: 2029, remainingHouseholds: 1200 },
  ];
  return {
    kind: 'portfolio',
    modelName: 'tiny-cape',
    scenarioName: 'baseline',
    financialYears: [2026, 2027, 2028, 2029],
    services: DEFAULT_SERVICES,
    status: 'optimal',
    objectiveBenefitPoints: 5200,
    bestBoundBenefitPoints: 5200,
    gap: 0,
    solver: 'highs',
    seconds: 0.042,
    nodes: 1,
    projects,
    envelopeUse,
    municipalities: [
      { municipalityCode: 'WC011', municipalityName: 'Matzikama', districtCode: 'DC1', needIndex: 1, growthIndex: 0, quadrant: 'low_growth_high_need', spendingRand: 42 * MILLION, householdsServed: 1500, needBenefit: 1300, growthBenefit: 500 },
      { municipalityCode: 'WC012', municipalityName: 'Cederberg', districtCode: 'DC1', needIndex: 0, growthIndex: 0.875, quadrant: 'high_growth_low_need', spendingRand: 40 * MILLION, householdsServed: 0, needBenefit: 500, growthBenefit: 2000 },
      { municipalityCode: 'WC022', municipalityName: 'Witzenberg', districtCode: 'DC2', needIndex: 0.5, growthIndex: 1, quadrant: 'high_growth_high_need', spendingRand: 8 * MILLION, householdsServed: 800, needBenefit: 700, growthBenefit: 200 },
    ],
    backlog,
    // One more rand of RBIG in 2028/29 would buy 0.00004 points (40 points per R1 million); MIG is slack.
    marginalValues: [
      { sourceId: 'RBIG', financialYear: 2028, objectivePerRand: 0.00004 },
      { sourceId: 'MIG', financialYear: 2028, objectivePerRand: 0 },
    ],
    warnings: [FLOOR_WARNING],
    benefit: { total: 5200, needLed: 2500, growthLed: 2700 },
    illustrativeNote: dataset.config.illustrativeNote,
    overridesApplied: ['policy.min_sanitation_share = 0.2 (scenarios/test.yaml)'],
  };
}
