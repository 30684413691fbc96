/**
 * Handtown (tests/masterplan/fixtures.ts) planned with the default assumptions, every figure worked
 * out by hand in the comments. Growth: 121 000 / 100 000 = 1.21 over the 10.33 Census years, so
 * f = 1.21^(1/10.33) = 1.0186244 a year (1.8624%), and financial year y is y − 2021 years after
 * the Census (the Census night of February 2022 falls in 2021/22).
 */
import { describe, expect, it } from 'vitest';
import { buildMasterPlan } from '../../src/masterplan/build-master-plan.js';
import type { AssetBalance, GeneratedProject, MasterPlan } from '../../src/masterplan/types.js';
import { ARITHMETIC, expectClose as expectWithin } from '../tolerance.js';
import { handtownInput } from './fixtures.js';

/** Assert agreement with a hand computation (carried to full precision in doubles). */
function expectClose(actual: number, expected: number): void {
  expectWithin(actual, expected, ARITHMETIC);
}

const plan: MasterPlan = buildMasterPlan(handtownInput());
const yearIndex = (year: number): number => plan.years.indexOf(year);
const balance = (assetType: AssetBalance['assetType']): AssetBalance => plan.balances.find((candidate) => candidate.assetType === assetType) as AssetBalance;
const project = (id: string): GeneratedProject => plan.candidateProjects.find((candidate) => candidate.id === id) as GeneratedProject;

describe('Handtown by hand', () => {
  it('projects years 2026/27 to 2049/50: the horizon to 2035/36 plus lead time 5 + design horizon 10 − 1 years', () => {
    expect(plan.years[0]).toBe(2026);
    expect(plan.years.at(-1)).toBe(2035 + 5 + 10 - 1);
    expect(plan.lastHorizonYear).toBe(2035);
  });

  it('projects population and households at the Census compound rate', () => {
    const [projection] = plan.projections;
    // rate = 100 × (1.21^(1/10.33) − 1) = 1.8624394 % a year
    expectClose(projection.populationGrowthPercentPerYear as number, 1.8624394452660065);
    // 2026/27 is 5 years after the Census: 121 000 × f^5 = 132 695.359 persons
    expectClose(projection.populationByYear[yearIndex(2026)], 132695.3589215831);
    // households grow by the same 1.21: 30 250 × f^5 = 33 173.840
    expectClose(projection.householdsByYear[yearIndex(2026)], 33173.839730395775);
    // 2032/33, 11 years on: 121 000 × f^11 = 148 231.386
    expectClose(projection.populationByYear[yearIndex(2032)], 148231.38596915198);
  });

  it('forms water demand from the Census service levels and sanitation inflow from its return', () => {
    const water = plan.demands.find((demand) => demand.service === 'water');
    const sanitation = plan.demands.find((demand) => demand.service === 'sanitation');
    // 1 500 of 30 250 households at the standpipe level (25 l), the rest at house connections (130 l):
    // (1 500 × 25 + 28 750 × 130) / 30 250 = 124.793388 l/person/day
    expectClose(water?.unitDemandLitresPerPersonPerDay as number, 124.79338842975207);
    // AADD 2026/27 = 132 695.359 × 124.793388 / 10⁶ = 16.559503 Ml/day
    expectClose(water?.averageMlPerDayByYear[yearIndex(2026)] as number, 16.559503468726486);
    // gross = AADD / (1 − 0.346) = 16.559503 / 0.654 = 25.320342 Ml/day
    expectClose(water?.grossMlPerDayByYear[yearIndex(2026)] as number, 25.32034169530044);
    // inflow = 0.75 × AADD = 12.419628 Ml/day
    expectClose(sanitation?.averageMlPerDayByYear[yearIndex(2026)] as number, 12.419627601544864);
  });

  it('forms design demand per asset type as DWAF says', () => {
    const index = yearIndex(2026);
    // works: 1.35 peak × 25.320342 gross × 1.1 losses × 24/20 pumping = 45.120849 Ml/day
    expectClose(balance('water_treatment_works').designDemandByYear[index], 45.12084890102539);
    // pipeline: 1.35 × 25.320342 = 34.182461 Ml/day
    expectClose(balance('bulk_water_pipeline').designDemandByYear[index], 34.182461288655595);
    // gravity-fed reservoir: 24 hours / 24 × AADD 16.559503 = 16.559503 Ml
    expectClose(balance('reservoir_storage').designDemandByYear[index], 16.559503468726486);
    expect(balance('reservoir_storage').storageHours).toBe(24);
    // wastewater works: the inflow, 12.419628 Ml/day
    expectClose(balance('wastewater_treatment_works').designDemandByYear[index], 12.419627601544864);
  });

  it('finds the shortfall years', () => {
    // Works design in 2021/22 terms: 15.1 Ml/day AADD (121 000 × 124.793388 / 10⁶) × 1.782 / 0.654 = 41.144037;
    // it passes 50 after ln(50 / 41.144037) / ln f = 10.56 years, i.e. in 2021 + 11 = 2032/33 (49.48 in 2031, 50.40 in 2032).
    expect(balance('water_treatment_works').shortfallYear).toBe(2032);
    expectClose(balance('water_treatment_works').designDemandByYear[yearIndex(2031)], 49.482043303868444);
    expect(balance('water_treatment_works').shortfallByYear[yearIndex(2031)]).toBe(0);
    expectClose(balance('water_treatment_works').shortfallByYear[yearIndex(2032)], 50.40361639668329 - 50);
    // Pipeline: 1.35 × 15.1 / 0.654 = 31.169725, passes 40 after 13.5 years: 2035/36.
    expect(balance('bulk_water_pipeline').shortfallYear).toBe(2035);
    // Reservoir: 15.1 Ml passes 20 Ml after 15.2 years: 2037/38.
    expect(balance('reservoir_storage').shortfallYear).toBe(2037);
    // Wastewater: 0.75 × 15.1 = 11.325 passes 13 after 7.46 years: 2029/30 (13.127 then).
    expect(balance('wastewater_treatment_works').shortfallYear).toBe(2029);
  });

  it('sizes the works upgrade to its ten-year design horizon, in phases of 60% and 40%', () => {
    const [upgrade] = balance('water_treatment_works').upgrades;
    // Window 2032/33 … 2041/42; largest gap in 2041: 41.144037 × f^20 − 50 = 59.509781 − 50 = 9.509781 Ml/day.
    expect(upgrade.designYear).toBe(2041);
    expectClose(upgrade.capacityNeeded, 9.50978090804832);
    // Rounded up to 0.5 Ml/day modules: 10; phase 1 = ⌈0.6 × 10⌉ = 6, phase 2 = 4.
    // Phase 2 is needed once design exceeds 56: 41.144037 × f^17 = 56.3 in 2038/39.
    expect(upgrade.phases).toEqual([
      { size: 6, shortfallYear: 2032 },
      { size: 4, shortfallYear: 2038 },
    ]);
  });

  it('generates the works phases with earliest start = shortfall − lead time and costs from the curve', () => {
    const phaseOne = project('HC001-W-WTW-1');
    // earliest 2032 − 5 = 2027/28, latest 2027 + 4 = 2031/32; R26 million per Ml/day × 6 = R156 million over 20;45;35.
    expect(phaseOne).toMatchObject({ earliestStartYear: 2027, latestStartYear: 2031, capexRand: 156_000_000, lateByYears: 0, origin: 'masterplan' });
    expect(phaseOne.cashFlowRandByBuildYear).toEqual([31_200_000, 70_200_000, 54_600_000]);
    expect(phaseOne.fundingSourceIds).toEqual(['RBIG', 'MIG', 'OWN']);
    const phaseTwo = project('HC001-W-WTW-2');
    // earliest max(2038 − 5, phase 1 done 2027 + 3) = 2033/34; latest: a three-year build must start by 2035 − 3 + 1 = 2033/34.
    expect(phaseTwo).toMatchObject({ earliestStartYear: 2033, latestStartYear: 2033, capexRand: 104_000_000, prerequisiteIds: ['HC001-W-WTW-1'] });
  });

  it('generates the pipeline and reservoir after the works', () => {
    // Pipeline: window 2035 … 2044, gap 31.169725 × f^23 − 40 = 7.649 → 8 Ml/day; (R6m + R0.25m × 8) × 12 km = R96 million.
    // earliest max(2035 − 3, works done 2030) = 2032/33, latest min(2032 + 4, 2035 − 2 + 1) = 2034/35.
    expect(project('HC001-W-PIPE-1')).toMatchObject({
      capacityAdded: 8,
      capexRand: 96_000_000,
      earliestStartYear: 2032,
      latestStartYear: 2034,
      prerequisiteIds: ['HC001-W-WTW-1'],
    });
    // Reservoir: window 2037 … 2046, gap 15.1 × f^25 − 20 = 3.951 → 4 Ml at R4.5 million = R18 million;
    // earliest 2037 − 3 = 2034/35, also the latest a two-year build can start. The register counts 4 Ml × 24 / 24 h = 4 Ml/day.
    expect(project('HC001-W-RES-1')).toMatchObject({
      capacityAdded: 4,
      capacityUnit: 'Ml',
      capacityAddedMlPerDay: 4,
      capexRand: 18_000_000,
      earliestStartYear: 2034,
      latestStartYear: 2034,
      prerequisiteIds: ['HC001-W-WTW-1'],
    });
  });

  it('marks the wastewater upgrade late when its shortfall comes within the lead time', () => {
    // Window 2029 … 2038, gap 11.325 × f^17 − 13 = 2.498 → 2.5; phase 1 ⌈0.6 × 2.5⌉ = 1.5, phase 2 = 1.
    // Phase 1 should have started in 2029 − 5 = 2024, two years before the base year: earliest 2026/27, late by 2.
    expect(project('HC001-S-WWTW-1')).toMatchObject({ capacityAdded: 1.5, capexRand: 105_000_000, earliestStartYear: 2026, latestStartYear: 2030, lateByYears: 2 });
    // Phase 2 is needed once inflow passes 14.5 (2035/36): earliest 2035 − 5 = 2030/31.
    expect(project('HC001-S-WWTW-2')).toMatchObject({ capacityAdded: 1, capexRand: 70_000_000, earliestStartYear: 2030, latestStartYear: 2033, shortfallYear: 2035 });
  });

  it('generates backlog programmes: 40% then 60% of the water backlog, one phase for the small sanitation backlog', () => {
    // 0.4 × 1 500 = 600 households × R22 000 = R13.2 million; 900 × R22 000 = R19.8 million.
    expect(project('HC001-W-BL-1')).toMatchObject({ householdsServed: 600, capexRand: 13_200_000, earliestStartYear: 2026, latestStartYear: 2030 });
    expect(project('HC001-W-BL-2')).toMatchObject({ householdsServed: 900, capexRand: 19_800_000, earliestStartYear: 2028, latestStartYear: 2032, prerequisiteIds: ['HC001-W-BL-1'] });
    // 300 households (below 500): one phase, 300 × R38 000 = R11.4 million.
    expect(project('HC001-S-BL-1')).toMatchObject({ householdsServed: 300, capexRand: 11_400_000, description: 'Handtown: sanitation backlog eradication (waterborne toilets) (300 households)' });
    expect(plan.candidateProjects.map((candidate) => candidate.id)).toEqual([
      'HC001-W-WTW-1', 'HC001-W-WTW-2', 'HC001-W-PIPE-1', 'HC001-W-RES-1', 'HC001-W-BL-1', 'HC001-W-BL-2',
      'HC001-S-WWTW-1', 'HC001-S-WWTW-2', 'HC001-S-BL-1',
    ]);
  });

  it('labels every generated figure illustrative because the default assumptions are planning norms', () => {
    expect(plan.candidateProjects.every((candidate) => candidate.illustrative)).toBe(true);
    expect(plan.balances.every((candidate) => !candidate.illustrative)).toBe(true);
  });
});
