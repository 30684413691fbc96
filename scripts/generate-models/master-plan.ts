/**
 * The generated models' bulk assets, needs figures and project register, all made by infraplan's
 * own master plan stage (src/masterplan/): the generator only invents the existing assets (which
 * assets each municipality has, how long its mains are, and until which year each asset's
 * capacity covers the stage's design demand). No demand, sizing or costing logic lives here.
 *
 * Three passes of buildMasterPlan:
 * 1. with every asset at zero capacity, to read each balance's design demand per year;
 * 2. with the illustrative capacities, to find the first generated treatment works phase of the
 *    municipalities that have one under construction (commitmentFor);
 * 3. with those phases as committed register rows: the final plan, whose merged register
 *    (committed rows first, then the generated candidates) is projects.csv.
 */
import prand from 'pure-rand';
import { buildMasterPlan } from '../../src/masterplan/build-master-plan.js';
import type { AssetType, BulkAsset, DemandAssumptions, GeneratedProject, MasterPlan, MasterPlanInput, RegisterProject } from '../../src/masterplan/types.js';
import { BASE_FINANCIAL_YEAR, GENERATOR_SEED, HORIZON_YEARS } from './assumptions.js';
import { clamp, type MunicipalityProfile } from './tables.js';

/** Which project, if any, is already under way in a municipality. */
export type Commitment = 'none' | 'water_treatment' | 'wastewater_treatment';

/**
 * Which municipalities have a project under way: every third municipality in model order,
 * alternating between a water and a wastewater treatment works.
 */
export function commitmentFor(positionInModel: number): Commitment {
  if (positionInModel % 3 !== 0) return 'none';
  return (positionInModel / 3) % 2 === 0 ? 'water_treatment' : 'wastewater_treatment';
}

/** FNV-1a hash of a text, used to give each municipality its own reproducible random stream and spread. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The assets every generated municipality has, with the name shown in reports and its id suffix. */
const GENERATED_ASSETS: readonly { readonly service: string; readonly assetType: AssetType; readonly suffix: string; readonly name: string; readonly coverOffsetYears: number }[] = [
  // coverOffsetYears shifts each type's last covered year against the municipality's, so the
  // shortfalls of one municipality do not all fall in the same year.
  { service: 'water', assetType: 'raw_water_source', suffix: 'SRC-01', name: 'raw-water sources (combined yield)', coverOffsetYears: 5 },
  { service: 'water', assetType: 'water_treatment_works', suffix: 'WTW-01', name: 'water treatment works', coverOffsetYears: 0 },
  { service: 'water', assetType: 'bulk_water_pipeline', suffix: 'PIPE-01', name: 'bulk water main', coverOffsetYears: 2 },
  { service: 'water', assetType: 'reservoir_storage', suffix: 'RES-01', name: 'bulk reservoirs', coverOffsetYears: 7 },
  { service: 'sanitation', assetType: 'wastewater_treatment_works', suffix: 'WWTW-01', name: 'wastewater treatment works', coverOffsetYears: 3 },
  { service: 'sanitation', assetType: 'bulk_sewer', suffix: 'SEWER-01', name: 'bulk outfall sewer', coverOffsetYears: 4 },
];

/**
 * The last financial year an asset's capacity covers design demand: spread over the horizon by
 * the municipality code and the asset type (base year … base + horizon − 1), so the first
 * shortfalls fall from the second year of the plan to the year after it.
 */
export function lastCoveredYear(municipalityCode: string, coverOffsetYears: number): number {
  return BASE_FINANCIAL_YEAR + ((hashText(municipalityCode) + coverOffsetYears) % HORIZON_YEARS);
}

/** Round a capacity up to 0.01 (Ml/day or Ml), so it covers the design demand it was set against. */
function roundCapacityUp(capacity: number): number {
  return Math.ceil(Math.round(capacity * 1e6) / 1e4) / 100;
}

/** The assets of one municipality with the capacity of each left at zero and the main and sewer lengths drawn. */
function skeletonAssets(profile: MunicipalityProfile): BulkAsset[] {
  const code = profile.census.code;
  const rng = prand.xoroshiro128plus((GENERATOR_SEED ^ hashText(code)) | 0);
  // Longer mains in larger municipalities (the generator's former pipeline lengths).
  const pipelineLengthKm = clamp(Math.round((3 + Math.sqrt(profile.census.areaKm2) / 8) * (prand.unsafeUniformIntDistribution(80, 120, rng) / 100)), 4, 40);
  const sewerLengthKm = Math.max(2, Math.round(pipelineLengthKm / 2));
  return GENERATED_ASSETS.map((asset) => ({
    id: `${code}-${asset.suffix}`,
    municipalityCode: code,
    service: asset.service,
    assetType: asset.assetType,
    capacity: 0,
    capacityUnit: asset.assetType === 'reservoir_storage' ? 'Ml' : 'Ml/day',
    yearBuilt: null,
    remainingLifeYears: null,
    lengthKm: asset.assetType === 'bulk_water_pipeline' ? pipelineLengthKm : asset.assetType === 'bulk_sewer' ? sewerLengthKm : null,
    sourceArrangement: null,
    illustrative: true,
  }));
}

/** A generated asset with its report name. */
export interface NamedAsset extends BulkAsset {
  /** Name for assets.csv, e.g. `Matzikama water treatment works`. */
  readonly name: string;
}

/** The generated model's master plan: its assets, the final plan and the register to write. */
export interface GeneratedMasterPlan {
  /** assets.csv, in municipality order then GENERATED_ASSETS order. */
  readonly assets: readonly NamedAsset[];
  /** The final plan (pass 3). */
  readonly masterPlan: MasterPlan;
  /** projects.csv: the committed rows, then the generated candidates the merge kept. */
  readonly register: readonly (RegisterProject & { readonly origin: 'planner' | 'masterplan'; readonly cashFlowPercent: readonly number[]; readonly neededFromYear: number | null })[];
}

/** The stage's input for the profiles with the given assets and register. */
function inputFor(profiles: readonly MunicipalityProfile[], assets: readonly BulkAsset[], register: readonly RegisterProject[]): MasterPlanInput {
  return {
    baseFinancialYear: BASE_FINANCIAL_YEAR,
    horizonYears: HORIZON_YEARS,
    municipalities: profiles.map(({ census, miifCategory }) => ({
      code: census.code,
      name: census.name,
      miifCategory,
      population2011: census.population2011,
      population2022: census.population2022,
      households2011: census.households2011,
      households2022: census.households2022,
      illustrative: false,
    })),
    needs: profiles.flatMap((profile) => [
      { municipalityCode: profile.census.code, service: 'water', backlogHouseholds: profile.waterBacklogHouseholds, illustrative: false },
      { municipalityCode: profile.census.code, service: 'sanitation', backlogHouseholds: profile.sanitationBacklogHouseholds, illustrative: false },
    ]),
    assets,
    register,
  };
}

/** A committed register row (the planner's, under construction from the base year) made from a generated phase. */
function committedFrom(project: GeneratedProject, id: string): RegisterProject & { readonly cashFlowPercent: readonly number[] } {
  return {
    id,
    municipalityCode: project.municipalityCode,
    service: project.service,
    type: project.type,
    description: `${project.description}, under construction`,
    capexRand: project.capexRand,
    cashFlowRandByBuildYear: project.cashFlowRandByBuildYear,
    cashFlowPercent: project.cashFlowPercent,
    householdsServed: project.householdsServed,
    capacityAddedMlPerDay: project.capacityAddedMlPerDay,
    earliestStartYear: BASE_FINANCIAL_YEAR,
    latestStartYear: BASE_FINANCIAL_YEAR,
    prerequisiteIds: [],
    exclusiveGroup: null,
    fundingSourceIds: project.fundingSourceIds,
    status: 'committed',
    benefitOverride: null,
    illustrative: true,
  };
}

/** Build the assets and register of a generated model through the master plan stage. */
export function generateMasterPlan(profiles: readonly MunicipalityProfile[], assumptions: DemandAssumptions): GeneratedMasterPlan {
  const skeleton = profiles.flatMap(skeletonAssets);
  const designPlan = buildMasterPlan(inputFor(profiles, skeleton, []), assumptions);
  const names = new Map(profiles.map((profile) => [profile.census.code, profile.census.name]));
  const assets: NamedAsset[] = skeleton.map((asset) => {
    const settings = GENERATED_ASSETS.find((candidate) => candidate.assetType === asset.assetType) as (typeof GENERATED_ASSETS)[number];
    const balance = designPlan.balances.find((candidate) => candidate.municipalityCode === asset.municipalityCode && candidate.service === asset.service && candidate.assetType === asset.assetType);
    if (balance === undefined) throw new Error(`the master plan has no balance for ${asset.id}`);
    const lastYear = lastCoveredYear(asset.municipalityCode, settings.coverOffsetYears);
    // The largest design demand up to the last covered year: a declining municipality is never short.
    const covered = balance.designDemandByYear.filter((_, index) => designPlan.years[index] as number <= lastYear);
    return { ...asset, capacity: roundCapacityUp(Math.max(...covered)), name: `${names.get(asset.municipalityCode) ?? asset.municipalityCode} ${settings.name}` };
  });

  const uncommitted = buildMasterPlan(inputFor(profiles, assets, []), assumptions);
  const committed = profiles.flatMap((profile, position) => {
    const commitment = commitmentFor(position);
    if (commitment === 'none') return [];
    const assetType: AssetType = commitment === 'water_treatment' ? 'water_treatment_works' : 'wastewater_treatment_works';
    const first = uncommitted.candidateProjects.find((project) => project.municipalityCode === profile.census.code && project.assetType === assetType && project.phase === 1);
    if (first === undefined) return [];
    return [committedFrom(first, `${profile.census.code}-${commitment === 'water_treatment' ? 'W' : 'S'}-01`)];
  });

  const masterPlan = buildMasterPlan(inputFor(profiles, assets, committed), assumptions);
  const register = masterPlan.merge.rows.map((row) =>
    row.origin === 'masterplan'
      ? { ...row.project, origin: 'masterplan' as const, neededFromYear: row.project.shortfallYear }
      : { ...(row.project as (typeof committed)[number]), origin: 'planner' as const, neededFromYear: null },
  );
  return { assets, masterPlan, register };
}
