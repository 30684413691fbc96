/**
 * The illustrative project register of the bulk master plan: per municipality a water and a
 * sanitation programme sized from projected demand and the real Census backlogs, costed with the
 * unit costs of assumptions.ts. The only randomness (pipeline lengths, some window shifts, which
 * dam raising is excluded) comes from pure-rand seeded with GENERATOR_SEED and the municipality
 * code, so a municipality gets the same register in every model it appears in.
 */
import prand from 'pure-rand';
import {
  BACKLOG_PHASE_ONE_SHARE,
  BASE_FINANCIAL_YEAR,
  BULK_PIPELINE_RAND_PER_KM,
  BULK_PIPELINE_RAND_PER_KM_PER_ML_PER_DAY,
  BULK_SEWER_RAND_PER_KM,
  BULK_SEWER_RAND_PER_KM_PER_ML_PER_DAY,
  CAPEX_ROUNDING_RAND,
  DAM_RAISING_RAND_PER_ML_PER_DAY,
  DESALINATION_RAND_PER_ML_PER_DAY,
  GENERATOR_SEED,
  GROUNDWATER_RAND_PER_ML_PER_DAY,
  MINIMUM_UPGRADE_SHARE_OF_CAPACITY,
  NEW_SOURCE_SHARE_OF_UPGRADE,
  PHASE_ONE_SHARE,
  RESERVOIR_RAND_PER_ML,
  RESERVOIR_STORAGE_HOURS,
  SANITATION_BACKLOG_RAND_PER_HOUSEHOLD,
  SINGLE_PHASE_BACKLOG_HOUSEHOLDS,
  WASTEWATER_TREATMENT_RAND_PER_ML_PER_DAY,
  WATER_BACKLOG_RAND_PER_HOUSEHOLD,
  WATER_TREATMENT_RAND_PER_ML_PER_DAY,
} from './assumptions.js';
import { formatFinancialYear } from '../../src/dataset/financial-year.js';
import { clamp, formatDecimal, roundTo, type CsvRow, type MunicipalityProfile } from './tables.js';

/** A generated project before formatting. */
export interface GeneratedProject {
  /** Project id, e.g. `WC011-W-01`. */
  readonly id: string;
  /** Municipality code. */
  readonly municipalityCode: string;
  /** `water` or `sanitation`. */
  readonly service: 'water' | 'sanitation';
  /** Category. */
  readonly projectType: string;
  /** One line for the reader. */
  readonly description: string;
  /** Capital cost, rand. */
  readonly capexRand: number;
  /** Cash flow shares per build year, percent, summing to 100. */
  readonly cashFlowPercent: readonly number[];
  /** Backlog households served. */
  readonly householdsServed: number;
  /** Capacity added, Ml/day. */
  readonly capacityAddedMlPerDay: number;
  /** Earliest start (2026 = 2026/27). */
  readonly earliestStartYear: number;
  /** Latest start. */
  readonly latestStartYear: number;
  /** Prerequisite project ids. */
  readonly prerequisiteIds: readonly string[];
  /** Exclusive group or empty. */
  readonly exclusiveGroup: string;
  /** Eligible funding source ids. */
  readonly fundingSourceIds: readonly string[];
  /** Register status. */
  readonly status: 'candidate' | 'committed' | 'excluded';
}

/** Which project, if any, is already under way in a municipality. */
export type Commitment = 'none' | 'water_treatment' | 'wastewater_treatment';

/** FNV-1a hash of a text, used to give each municipality its own reproducible random stream. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Round a capacity up to the next 0.5 Ml/day, at least 0.5, since plant is built in standard module sizes. */
function roundUpToHalf(megalitres: number): number {
  return Math.max(0.5, Math.ceil(roundTo(megalitres * 2, 6)) / 2);
}

/** Round a cost to the nearest CAPEX_ROUNDING_RAND, at least one unit. */
function roundCapex(rand: number): number {
  return Math.max(CAPEX_ROUNDING_RAND, Math.round(rand / CAPEX_ROUNDING_RAND) * CAPEX_ROUNDING_RAND);
}

/** Format a Ml/day figure for a description: `3.5`, `12`. */
function describeMegalitres(megalitres: number): string {
  return Number.isInteger(megalitres) ? String(megalitres) : formatDecimal(megalitres, 1);
}

/**
 * Funding sources by project kind. Metros do not receive RBIG, MIG or WSIG; their bulk and backlog
 * capital comes from the Urban Settlements Development Grant (USDG) and own funds.
 */
function fundingSources(kind: 'regional_bulk' | 'municipal_bulk' | 'new_source' | 'backlog', isMetro: boolean): string[] {
  if (isMetro) return kind === 'backlog' || kind === 'new_source' ? ['USDG', 'PROV', 'OWN'] : ['USDG', 'OWN'];
  switch (kind) {
    case 'regional_bulk':
      return ['RBIG', 'MIG', 'OWN'];
    case 'municipal_bulk':
      return ['WSIG', 'MIG', 'OWN'];
    case 'new_source':
      return ['RBIG', 'WSIG', 'PROV'];
    case 'backlog':
      return ['MIG', 'WSIG', 'PROV', 'OWN'];
  }
}

/** Generate the register of one municipality. */
export function generateMunicipalityRegister(profile: MunicipalityProfile, commitment: Commitment): GeneratedProject[] {
  const rng = prand.xoroshiro128plus((GENERATOR_SEED ^ hashText(profile.census.code)) | 0);
  const draw = (minimum: number, maximum: number): number => prand.unsafeUniformIntDistribution(minimum, maximum, rng);
  const { census } = profile;
  const code = census.code;
  const isMetro = profile.miifCategory === 'A';
  const year = (offset: number): number => BASE_FINANCIAL_YEAR + offset;
  const projects: GeneratedProject[] = [];
  const add = (project: Omit<GeneratedProject, 'municipalityCode' | 'status'> & { status?: GeneratedProject['status'] }): void => {
    projects.push({ municipalityCode: code, status: 'candidate', ...project });
  };

  // Water treatment: projected demand at the end of the horizon against existing capacity.
  const projectedWaterMlPerDay = profile.waterDemandMlPerDay * profile.demandGrowthFactor;
  const waterUpgradeMlPerDay = roundUpToHalf(
    Math.max(projectedWaterMlPerDay - profile.waterCapacityMlPerDay, MINIMUM_UPGRADE_SHARE_OF_CAPACITY * profile.waterCapacityMlPerDay),
  );
  const waterPhaseOne = roundUpToHalf(PHASE_ONE_SHARE * waterUpgradeMlPerDay);
  const waterPhaseTwo = roundUpToHalf(waterUpgradeMlPerDay - waterPhaseOne);
  const waterCommitted = commitment === 'water_treatment';
  const waterShift = waterCommitted ? 0 : draw(0, 1);
  add({
    id: `${code}-W-01`, service: 'water', projectType: 'water_treatment_upgrade',
    description: `${census.name}: water treatment works extension phase 1 (+${describeMegalitres(waterPhaseOne)} Ml/day)${waterCommitted ? ', under construction' : ''}`,
    capexRand: roundCapex(waterPhaseOne * WATER_TREATMENT_RAND_PER_ML_PER_DAY), cashFlowPercent: [20, 45, 35],
    householdsServed: 0, capacityAddedMlPerDay: waterPhaseOne,
    earliestStartYear: year(waterShift), latestStartYear: year(waterCommitted ? 0 : 4 + waterShift),
    prerequisiteIds: [], exclusiveGroup: '', fundingSourceIds: fundingSources('regional_bulk', isMetro),
    status: waterCommitted ? 'committed' : 'candidate',
  });
  add({
    id: `${code}-W-02`, service: 'water', projectType: 'water_treatment_upgrade',
    description: `${census.name}: water treatment works extension phase 2 (+${describeMegalitres(waterPhaseTwo)} Ml/day)`,
    capexRand: roundCapex(waterPhaseTwo * WATER_TREATMENT_RAND_PER_ML_PER_DAY), cashFlowPercent: [25, 45, 30],
    householdsServed: 0, capacityAddedMlPerDay: waterPhaseTwo,
    earliestStartYear: year(3), latestStartYear: year(7),
    prerequisiteIds: [`${code}-W-01`], exclusiveGroup: '', fundingSourceIds: fundingSources('regional_bulk', isMetro),
  });

  // Bulk pipeline from the extended works; longer in larger municipalities.
  const pipelineLengthKm = clamp(Math.round((3 + Math.sqrt(census.areaKm2) / 8) * (draw(80, 120) / 100)), 4, 40);
  add({
    id: `${code}-W-03`, service: 'water', projectType: 'bulk_pipeline',
    description: `${census.name}: bulk water pipeline from the extended works (${pipelineLengthKm} km, ${describeMegalitres(waterPhaseOne)} Ml/day)`,
    capexRand: roundCapex(pipelineLengthKm * (BULK_PIPELINE_RAND_PER_KM + BULK_PIPELINE_RAND_PER_KM_PER_ML_PER_DAY * waterPhaseOne)),
    cashFlowPercent: [40, 60], householdsServed: 0, capacityAddedMlPerDay: waterPhaseOne,
    earliestStartYear: year(3), latestStartYear: year(7),
    prerequisiteIds: [`${code}-W-01`], exclusiveGroup: '', fundingSourceIds: fundingSources('regional_bulk', isMetro),
  });

  // Reservoir holding 48 hours of the new supply; its capacity is the daily flow it balances.
  const storageMl = Math.max(1, roundUpToHalf((waterPhaseOne * RESERVOIR_STORAGE_HOURS) / 24));
  add({
    id: `${code}-W-04`, service: 'water', projectType: 'reservoir',
    description: `${census.name}: bulk reservoir (${describeMegalitres(storageMl)} Ml storage)`,
    capexRand: roundCapex(storageMl * RESERVOIR_RAND_PER_ML), cashFlowPercent: [45, 55],
    householdsServed: 0, capacityAddedMlPerDay: roundTo((storageMl * 24) / RESERVOIR_STORAGE_HOURS, 2),
    earliestStartYear: year(3), latestStartYear: year(7),
    prerequisiteIds: [`${code}-W-01`], exclusiveGroup: '',
    fundingSourceIds: fundingSources(storageMl >= 10 ? 'regional_bulk' : 'municipal_bulk', isMetro),
  });

  // New raw-water source: three mutually exclusive alternatives of the same yield.
  const sourceYield = roundUpToHalf(NEW_SOURCE_SHARE_OF_UPGRADE * waterUpgradeMlPerDay);
  const sourceGroup = `${code}-new-water-source`;
  const sourceShift = draw(0, 1);
  const damExcluded = draw(0, 6) === 0;
  add({
    id: `${code}-W-05`, service: 'water', projectType: 'groundwater_scheme',
    description: `${census.name}: groundwater wellfield and treatment (${describeMegalitres(sourceYield)} Ml/day yield)`,
    capexRand: roundCapex(sourceYield * GROUNDWATER_RAND_PER_ML_PER_DAY), cashFlowPercent: [40, 60],
    householdsServed: 0, capacityAddedMlPerDay: sourceYield,
    earliestStartYear: year(1 + sourceShift), latestStartYear: year(5 + sourceShift),
    prerequisiteIds: [], exclusiveGroup: sourceGroup, fundingSourceIds: fundingSources('new_source', isMetro),
  });
  add({
    id: `${code}-W-06`, service: 'water', projectType: 'desalination_plant',
    description: `${census.name}: desalination plant, seawater or brackish groundwater (${describeMegalitres(sourceYield)} Ml/day)`,
    capexRand: roundCapex(sourceYield * DESALINATION_RAND_PER_ML_PER_DAY), cashFlowPercent: [25, 45, 30],
    householdsServed: 0, capacityAddedMlPerDay: sourceYield,
    earliestStartYear: year(2), latestStartYear: year(6),
    prerequisiteIds: [], exclusiveGroup: sourceGroup, fundingSourceIds: fundingSources('new_source', isMetro),
  });
  add({
    id: `${code}-W-07`, service: 'water', projectType: 'dam_raising',
    description: `${census.name}: dam raising or off-channel storage (${describeMegalitres(sourceYield)} Ml/day firm yield)${damExcluded ? ', environmental authorisation refused' : ''}`,
    capexRand: roundCapex(sourceYield * DAM_RAISING_RAND_PER_ML_PER_DAY), cashFlowPercent: [15, 30, 35, 20],
    householdsServed: 0, capacityAddedMlPerDay: sourceYield,
    earliestStartYear: year(1 + sourceShift), latestStartYear: year(5 + sourceShift),
    prerequisiteIds: [], exclusiveGroup: sourceGroup, fundingSourceIds: fundingSources('new_source', isMetro),
    status: damExcluded ? 'excluded' : 'candidate',
  });

  addBacklogProgramme(add, profile, 'water', 8, draw(0, 1), isMetro);

  // Wastewater treatment, sized like the water works from projected inflow.
  const projectedInflowMlPerDay = profile.sanitationInflowMlPerDay * profile.demandGrowthFactor;
  const sanitationUpgrade = roundUpToHalf(
    Math.max(projectedInflowMlPerDay - profile.sanitationCapacityMlPerDay, MINIMUM_UPGRADE_SHARE_OF_CAPACITY * profile.sanitationCapacityMlPerDay),
  );
  const sanitationPhaseOne = roundUpToHalf(PHASE_ONE_SHARE * sanitationUpgrade);
  const sanitationPhaseTwo = roundUpToHalf(sanitationUpgrade - sanitationPhaseOne);
  const sanitationCommitted = commitment === 'wastewater_treatment';
  const sanitationShift = sanitationCommitted ? 0 : draw(0, 1);
  add({
    id: `${code}-S-01`, service: 'sanitation', projectType: 'wastewater_treatment_upgrade',
    description: `${census.name}: wastewater treatment works upgrade phase 1 (+${describeMegalitres(sanitationPhaseOne)} Ml/day)${sanitationCommitted ? ', under construction' : ''}`,
    capexRand: roundCapex(sanitationPhaseOne * WASTEWATER_TREATMENT_RAND_PER_ML_PER_DAY), cashFlowPercent: [20, 45, 35],
    householdsServed: 0, capacityAddedMlPerDay: sanitationPhaseOne,
    earliestStartYear: year(sanitationShift), latestStartYear: year(sanitationCommitted ? 0 : 4 + sanitationShift),
    prerequisiteIds: [], exclusiveGroup: '', fundingSourceIds: fundingSources('regional_bulk', isMetro),
    status: sanitationCommitted ? 'committed' : 'candidate',
  });
  add({
    id: `${code}-S-02`, service: 'sanitation', projectType: 'wastewater_treatment_upgrade',
    description: `${census.name}: wastewater treatment works upgrade phase 2 (+${describeMegalitres(sanitationPhaseTwo)} Ml/day)`,
    capexRand: roundCapex(sanitationPhaseTwo * WASTEWATER_TREATMENT_RAND_PER_ML_PER_DAY), cashFlowPercent: [25, 45, 30],
    householdsServed: 0, capacityAddedMlPerDay: sanitationPhaseTwo,
    earliestStartYear: year(3), latestStartYear: year(7),
    prerequisiteIds: [`${code}-S-01`], exclusiveGroup: '', fundingSourceIds: fundingSources('regional_bulk', isMetro),
  });
  const sewerLengthKm = Math.max(2, Math.round(pipelineLengthKm / 2));
  add({
    id: `${code}-S-03`, service: 'sanitation', projectType: 'bulk_sewer',
    description: `${census.name}: bulk outfall sewer to the upgraded works (${sewerLengthKm} km, ${describeMegalitres(sanitationPhaseOne)} Ml/day)`,
    capexRand: roundCapex(sewerLengthKm * (BULK_SEWER_RAND_PER_KM + BULK_SEWER_RAND_PER_KM_PER_ML_PER_DAY * sanitationPhaseOne)),
    cashFlowPercent: [40, 60], householdsServed: 0, capacityAddedMlPerDay: sanitationPhaseOne,
    earliestStartYear: year(3), latestStartYear: year(7),
    prerequisiteIds: [`${code}-S-01`], exclusiveGroup: '', fundingSourceIds: fundingSources('municipal_bulk', isMetro),
  });

  addBacklogProgramme(add, profile, 'sanitation', 4, draw(0, 1), isMetro);
  return projects;
}

/**
 * A backlog eradication programme: phase 1 serves BACKLOG_PHASE_ONE_SHARE of the backlog and phase 2
 * (which needs phase 1 complete) the rest; small backlogs get one phase and no backlog gets none.
 */
function addBacklogProgramme(
  add: (project: Omit<GeneratedProject, 'municipalityCode' | 'status'>) => void,
  profile: MunicipalityProfile,
  service: 'water' | 'sanitation',
  firstNumber: number,
  shift: number,
  isMetro: boolean,
): void {
  const backlog = service === 'water' ? profile.waterBacklogHouseholds : profile.sanitationBacklogHouseholds;
  if (backlog <= 0) return;
  const randPerHousehold = service === 'water' ? WATER_BACKLOG_RAND_PER_HOUSEHOLD : SANITATION_BACKLOG_RAND_PER_HOUSEHOLD;
  const letter = service === 'water' ? 'W' : 'S';
  const what = service === 'water' ? 'water backlog eradication (yard connections)' : 'sanitation backlog eradication (waterborne toilets)';
  const id = (number: number): string => `${profile.census.code}-${letter}-${String(number).padStart(2, '0')}`;
  const singlePhase = backlog < SINGLE_PHASE_BACKLOG_HOUSEHOLDS;
  const phaseOneHouseholds = singlePhase ? backlog : Math.round(BACKLOG_PHASE_ONE_SHARE * backlog);
  add({
    id: id(firstNumber), service, projectType: 'backlog_eradication',
    description: `${profile.census.name}: ${what}${singlePhase ? '' : ' phase 1'} (${phaseOneHouseholds} households)`,
    capexRand: roundCapex(phaseOneHouseholds * randPerHousehold), cashFlowPercent: [50, 50],
    householdsServed: phaseOneHouseholds, capacityAddedMlPerDay: 0,
    earliestStartYear: BASE_FINANCIAL_YEAR + shift, latestStartYear: BASE_FINANCIAL_YEAR + 4 + shift,
    prerequisiteIds: [], exclusiveGroup: '', fundingSourceIds: fundingSources('backlog', isMetro),
  });
  if (singlePhase) return;
  const phaseTwoHouseholds = backlog - phaseOneHouseholds;
  add({
    id: id(firstNumber + 1), service, projectType: 'backlog_eradication',
    description: `${profile.census.name}: ${what} phase 2 (${phaseTwoHouseholds} households)`,
    capexRand: roundCapex(phaseTwoHouseholds * randPerHousehold), cashFlowPercent: [30, 40, 30],
    householdsServed: phaseTwoHouseholds, capacityAddedMlPerDay: 0,
    earliestStartYear: BASE_FINANCIAL_YEAR + 2 + shift, latestStartYear: BASE_FINANCIAL_YEAR + 6 + shift,
    prerequisiteIds: [id(firstNumber)], exclusiveGroup: '', fundingSourceIds: fundingSources('backlog', isMetro),
  });
}

/**
 * Which municipalities have a project under way: every third municipality in model order,
 * alternating between a water and a wastewater treatment works.
 */
export function commitmentFor(positionInModel: number): Commitment {
  if (positionInModel % 3 !== 0) return 'none';
  return (positionInModel / 3) % 2 === 0 ? 'water_treatment' : 'wastewater_treatment';
}

/**
 * The illustrative owner of a generated project, for the One Plan: it follows the project's first
 * funding source. RBIG is a national grant of the Department of Water and Sanitation, so an RBIG
 * project is shown as the department's; a WSIG project as a provincial department's; every other
 * project (MIG, USDG, own funds) as its municipality's. This is an illustration of a register with
 * owners in every sphere, not a statement of who implements which project.
 */
export function illustrativeOwner(project: GeneratedProject, municipalityName: string): { readonly sphere: 'national' | 'provincial' | 'municipal'; readonly name: string } {
  switch (project.fundingSourceIds[0]) {
    case 'RBIG':
      return { sphere: 'national', name: 'Department of Water and Sanitation' };
    case 'WSIG':
      return { sphere: 'provincial', name: 'Department of Local Government' };
    default:
      return { sphere: 'municipal', name: municipalityName };
  }
}

/** projects.csv rows; every row is illustrative (owners included) and the benefit is left to be derived. */
export function buildProjectRows(projects: readonly GeneratedProject[], municipalityNames: ReadonlyMap<string, string> = new Map()): CsvRow[] {
  return projects.map((project) => ({
    project_id: project.id,
    municipality_code: project.municipalityCode,
    service: project.service,
    project_type: project.projectType,
    description: project.description,
    capex_rand: String(project.capexRand),
    cashflow_percent: project.cashFlowPercent.join(';'),
    households_served: String(project.householdsServed),
    capacity_added_ml_per_day: formatDecimal(project.capacityAddedMlPerDay, 2),
    earliest_start_year: formatFinancialYear(project.earliestStartYear),
    latest_start_year: formatFinancialYear(project.latestStartYear),
    prerequisites: project.prerequisiteIds.join(';'),
    exclusive_group: project.exclusiveGroup,
    funding_sources: project.fundingSourceIds.join(';'),
    status: project.status,
    benefit_override: '',
    owner_sphere: illustrativeOwner(project, municipalityNames.get(project.municipalityCode) ?? project.municipalityCode).sphere,
    owner_name: illustrativeOwner(project, municipalityNames.get(project.municipalityCode) ?? project.municipalityCode).name,
    // Bulk projects carry no running cost in this register and are not centres.
    operating_cost_rand_per_year: '',
    facility_type: '',
    blocks_offered: '',
    anchor_departments: '',
    population_within_reach: '',
    illustrative: 'yes',
  }));
}
