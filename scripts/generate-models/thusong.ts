/**
 * The Thusong service centre roll-out of the Western Cape model: the facility service's
 * declaration (the six-block service model with benefit weights), the existing centres
 * (facilities.csv), the candidate hubs, satellites and mobile routes of the register, and the
 * operating envelopes that pay their running costs. Everything here is ILLUSTRATIVE: the province
 * reports about 29 to 32 centres (DOMAIN facts in docs/data-sources.md), but no per-municipality
 * count is published, so EXISTING_CENTRES below is an assumption of this generator; costs follow
 * the documented basis in THUSONG_* constants. No randomness: the tables below and the Census
 * population decide every figure.
 */
import { formatFinancialYear } from '../../src/dataset/financial-year.js';
import { BASE_FINANCIAL_YEAR, CAPEX_ROUNDING_RAND, ENVELOPE_ROUNDING_RAND, HORIZON_YEARS } from './assumptions.js';
import type { EnvelopeDemand } from './funding.js';
import type { CsvRow, MunicipalityProfile } from './tables.js';

/** The facility service's id in model.yaml, needs.csv, projects.csv and facilities.csv. */
export const THUSONG_SERVICE_ID = 'thusong';
/** The needs.csv column holding the Thusong backlog (people not within reach of a counting centre). */
export const THUSONG_BACKLOG_COLUMN = 'backlog_people';

/**
 * The six blocks of the Thusong service model with their benefit weights (sum 1, so a centre
 * offering all six has block factor 1). The weights are an assumption: the social and
 * administrative block (Home Affairs, SASSA) is what makes a centre a centre, so it weighs most.
 */
export const THUSONG_BLOCKS = [
  { id: 'government_social_administrative', label: 'Government social and administrative services', weight: 0.3 },
  { id: 'office_services', label: 'Office services', weight: 0.1 },
  { id: 'education_skills', label: 'Education and skills development', weight: 0.15 },
  { id: 'local_economic_development', label: 'Local economic development', weight: 0.15 },
  { id: 'business_community_opportunities', label: 'Business services and community opportunities', weight: 0.15 },
  { id: 'information_communication', label: 'Information and communication', weight: 0.15 },
] as const;

/**
 * The departments that anchor a Thusong centre, by the codes of the anchor_departments cells and
 * the names officials know them by (the social and administrative block: Home Affairs for
 * identity documents, SASSA for social grants).
 */
export const THUSONG_ANCHOR_DEPARTMENTS = [
  { id: 'home_affairs', name: 'Home Affairs' },
  { id: 'sassa', name: 'SASSA' },
] as const;

/** The service declaration for model.yaml. */
export const THUSONG_SERVICE = {
  id: THUSONG_SERVICE_ID,
  label: 'Thusong service centres',
  need_unit: 'people',
  backlog_column: THUSONG_BACKLOG_COLUMN,
  blocks: THUSONG_BLOCKS.map((block) => ({ ...block })),
  anchor_departments: THUSONG_ANCHOR_DEPARTMENTS.map((department) => ({ ...department })),
} as const;

/** The blocks a centre of each type offers (a hub all six; a satellite four; a mobile route two). */
const BLOCKS_BY_TYPE = {
  hub: THUSONG_BLOCKS.map((block) => block.id),
  satellite: ['government_social_administrative', 'office_services', 'education_skills', 'information_communication'],
  mobile_route: ['government_social_administrative', 'information_communication'],
} as const;

/** A kind of centre. */
type CentreType = keyof typeof BLOCKS_BY_TYPE;

/** Share of a municipality's 2022 population within reach of a centre of each type (assumption), and the most people one centre reaches. */
const REACH_SHARE_BY_TYPE: Readonly<Record<CentreType, number>> = { hub: 0.55, satellite: 0.2, mobile_route: 0.08 };
/** Most people within reach of one centre (a hub in a town of 300 000 does not reach 165 000). */
const MAXIMUM_REACH_PEOPLE = 80_000;

/**
 * Capital cost basis: the only published figure is Motherwell (a metro centre), R71–76 million
 * against a first budget of R36 million. A local-municipality hub is assumed at R30 million plus
 * R150 per person within reach; a satellite at R8 million plus R100 per person; a mobile route
 * (vehicle, fit-out and connectivity) at R2.5 million.
 */
const CAPEX_BASE_RAND: Readonly<Record<CentreType, number>> = { hub: 30_000_000, satellite: 8_000_000, mobile_route: 2_500_000 };
const CAPEX_RAND_PER_PERSON: Readonly<Record<CentreType, number>> = { hub: 150, satellite: 100, mobile_route: 0 };
/** Cash flow in percent per build year. */
const CASH_FLOW_BY_TYPE: Readonly<Record<CentreType, readonly number[]>> = { hub: [40, 60], satellite: [100], mobile_route: [100] };
/** Running cost per year from completion (staff, security, cleaning, ICT, maintenance), rand (assumption). */
const OPERATING_COST_RAND_PER_YEAR: Readonly<Record<CentreType, number>> = { hub: 3_200_000, satellite: 1_100_000, mobile_route: 900_000 };

/** The anchor departments a centre has (Home Affairs and SASSA at a hub; SASSA at a satellite or on a route). */
const ANCHORS_BY_TYPE: Readonly<Record<CentreType, readonly string[]>> = { hub: ['home_affairs', 'sassa'], satellite: ['sassa'], mobile_route: ['sassa'] };

/** Existing centres per municipality: how many of each type; `hubWithoutAnchor` when the hub has lost its anchor department (illustrative). */
interface ExistingCentres {
  readonly hubs: number;
  readonly satellites: number;
  readonly mobileRoutes: number;
  readonly hubWithoutAnchor?: boolean;
}

/**
 * The illustrative existing centres of the 24 non-metropolitan municipalities: 19 hubs, 7
 * satellites and 3 mobile routes (26 centres; the province's 29–32 include the City of Cape
 * Town's). Not published per municipality: an assumption of this generator.
 */
export const EXISTING_CENTRES: Readonly<Record<string, ExistingCentres>> = {
  WC011: { hubs: 1, satellites: 0, mobileRoutes: 0 },
  WC012: { hubs: 1, satellites: 0, mobileRoutes: 0, hubWithoutAnchor: true },
  WC013: { hubs: 0, satellites: 1, mobileRoutes: 0 },
  WC014: { hubs: 1, satellites: 1, mobileRoutes: 0 },
  WC015: { hubs: 1, satellites: 0, mobileRoutes: 0 },
  WC022: { hubs: 1, satellites: 0, mobileRoutes: 0 },
  WC023: { hubs: 1, satellites: 1, mobileRoutes: 0 },
  WC024: { hubs: 1, satellites: 0, mobileRoutes: 0 },
  WC025: { hubs: 1, satellites: 1, mobileRoutes: 0 },
  WC026: { hubs: 1, satellites: 0, mobileRoutes: 0 },
  WC031: { hubs: 1, satellites: 1, mobileRoutes: 0 },
  WC032: { hubs: 1, satellites: 0, mobileRoutes: 0 },
  WC033: { hubs: 1, satellites: 0, mobileRoutes: 0 },
  WC034: { hubs: 1, satellites: 0, mobileRoutes: 0 },
  WC041: { hubs: 0, satellites: 0, mobileRoutes: 1 },
  WC042: { hubs: 1, satellites: 0, mobileRoutes: 0 },
  WC043: { hubs: 1, satellites: 0, mobileRoutes: 0 },
  WC044: { hubs: 1, satellites: 1, mobileRoutes: 0 },
  WC045: { hubs: 1, satellites: 0, mobileRoutes: 0 },
  WC047: { hubs: 0, satellites: 1, mobileRoutes: 0 },
  WC048: { hubs: 1, satellites: 0, mobileRoutes: 0 },
  WC051: { hubs: 0, satellites: 0, mobileRoutes: 1 },
  WC052: { hubs: 0, satellites: 0, mobileRoutes: 1 },
  WC053: { hubs: 1, satellites: 0, mobileRoutes: 0 },
};

/** Municipalities with at least this many people get a candidate satellite when they have none. */
const SATELLITE_POPULATION = 90_000;
/** Candidate satellites whose anchor department is not yet committed (illustrative; they cannot count until one is). */
const SATELLITES_WITHOUT_ANCHOR: ReadonlySet<string> = new Set(['WC048']);
/** Start windows of satellites and mobile routes are this many years wide, as the bulk register's (3 to 6). */
const CANDIDATE_WINDOW_YEARS = 6;
/** Municipalities offered a candidate mobile route (large, sparsely settled areas). */
const MOBILE_ROUTE_CANDIDATES: ReadonlySet<string> = new Set(['WC011', 'WC051']);

/** The roll-out: every local municipality has a hub by this financial year (2030 = 2030/31), with the exemptions below. */
export const THUSONG_ROLLOUT_TARGET_YEAR = 2030;
/** At most this many new centres open in one financial year (staffing by the anchor departments; assumption). */
export const THUSONG_MAX_OPENED_PER_YEAR = 3;
/** Roll-out exemptions with their reasons (illustrative). */
export const THUSONG_EXEMPTIONS = [
  {
    municipality_code: 'WC051',
    service: THUSONG_SERVICE_ID,
    reason: 'Laingsburg (about 11 000 people) is served by a mobile route and the Beaufort West hub; a hub of its own is not planned (illustrative exemption)',
  },
] as const;
/** Benefit points per person within reach of a new centre, times its block factor (set so a hub competes with a bulk project of similar cost). */
export const THUSONG_BENEFIT_PER_PERSON_WITHIN_REACH = 0.05;
/** Allocation LP: rand to bring one person within reach of a centre (a hub's capex over the people it reaches, about R600). */
export const THUSONG_ALLOCATION_COST_PER_PERSON_RAND = 600;

/** A centre as the generator builds it. */
interface Centre {
  readonly type: CentreType;
  readonly populationWithinReach: number;
  readonly anchors: readonly string[];
}

/** People within reach of a centre of a type in a municipality. */
function reachOf(type: CentreType, population: number): number {
  return Math.min(MAXIMUM_REACH_PEOPLE, Math.round(population * REACH_SHARE_BY_TYPE[type]));
}

/** The existing centres of a municipality, hubs first. */
function existingCentres(profile: MunicipalityProfile): Centre[] {
  const counts = EXISTING_CENTRES[profile.census.code];
  if (counts === undefined) return [];
  const population = profile.census.population2022;
  const make = (type: CentreType, count: number, anchors: (index: number) => readonly string[]): Centre[] =>
    Array.from({ length: count }, (_, index) => ({ type, populationWithinReach: reachOf(type, population), anchors: anchors(index) }));
  return [
    ...make('hub', counts.hubs, (index) => (counts.hubWithoutAnchor === true && index === 0 ? [] : ANCHORS_BY_TYPE.hub)),
    ...make('satellite', counts.satellites, () => ANCHORS_BY_TYPE.satellite),
    ...make('mobile_route', counts.mobileRoutes, () => ANCHORS_BY_TYPE.mobile_route),
  ];
}

/** Town name for a centre's description: the municipality's name. */
const TYPE_WORDS: Readonly<Record<CentreType, string>> = { hub: 'Thusong hub centre', satellite: 'Thusong satellite centre', mobile_route: 'Thusong mobile route' };

/** facilities.csv rows: the existing centres, every row illustrative. */
export function buildFacilityRows(profiles: readonly MunicipalityProfile[]): CsvRow[] {
  return profiles.flatMap((profile, position) =>
    existingCentres(profile).map((centre, index) => ({
      facility_id: `${profile.census.code}-T-E${index + 1}`,
      municipality_code: profile.census.code,
      service: THUSONG_SERVICE_ID,
      facility_name: `${profile.census.name} ${TYPE_WORDS[centre.type]}${index > 0 ? ` ${index + 1}` : ''}`,
      facility_type: centre.type,
      // Opened between 2003/04 and 2019/20, spread by position (the programme began around 2000).
      year_opened: formatFinancialYear(2003 + ((position * 5 + index * 3) % 17)),
      blocks_offered: BLOCKS_BY_TYPE[centre.type].join(';'),
      anchor_departments: centre.anchors.join(';'),
      population_within_reach: String(centre.populationWithinReach),
      illustrative: 'yes',
    })),
  );
}

/** needs.csv rows of the Thusong service: people not within reach of a counting centre (one with an anchor department). */
export function buildThusongNeedRows(profiles: readonly MunicipalityProfile[]): CsvRow[] {
  return profiles.map((profile) => {
    const reached = existingCentres(profile)
      .filter((centre) => centre.anchors.length > 0)
      .reduce((sum, centre) => sum + centre.populationWithinReach, 0);
    return {
      municipality_code: profile.census.code,
      service: THUSONG_SERVICE_ID,
      [THUSONG_BACKLOG_COLUMN]: String(Math.max(0, profile.census.population2022 - reached)),
      treatment_capacity_ml_per_day: '',
      demand_ml_per_day: '',
      illustrative: 'yes',
    };
  });
}

/** Capital funding sources of a centre: MIG shares its community-facilities share with bulk services; own funds co-fund. */
const CENTRE_CAPITAL_SOURCES = ['MIG', 'OWN'];
/** Every funding source of a centre: the capital ones and the operating ones (TOPS, MOPS). */
const CENTRE_SOURCES = [...CENTRE_CAPITAL_SOURCES, 'TOPS', 'MOPS'];

/** A candidate centre of the register before formatting. */
export interface GeneratedCentre {
  readonly id: string;
  readonly municipalityCode: string;
  readonly type: CentreType;
  readonly description: string;
  readonly capexRand: number;
  readonly operatingCostRandPerYear: number;
  readonly populationWithinReach: number;
  readonly anchors: readonly string[];
  readonly earliestStartYear: number;
  readonly latestStartYear: number;
}

/** The candidate centres: a hub where no counting hub exists (unless exempted), a satellite in large municipalities without one, and the listed mobile routes. */
export function generateCandidateCentres(profiles: readonly MunicipalityProfile[]): GeneratedCentre[] {
  const exempt = new Set<string>(THUSONG_EXEMPTIONS.map((exemption) => exemption.municipality_code));
  return profiles.flatMap((profile) => {
    const code = profile.census.code;
    const existing = existingCentres(profile);
    const population = profile.census.population2022;
    const centres: GeneratedCentre[] = [];
    const add = (type: CentreType, anchors: readonly string[], earliestStartYear: number, latestStartYear: number): void => {
      const reach = reachOf(type, population);
      const capexRand = Math.round((CAPEX_BASE_RAND[type] + CAPEX_RAND_PER_PERSON[type] * reach) / CAPEX_ROUNDING_RAND) * CAPEX_ROUNDING_RAND;
      centres.push({
        id: `${code}-T-${String(centres.length + 1).padStart(2, '0')}`,
        municipalityCode: code,
        type,
        description: `${profile.census.name} ${TYPE_WORDS[type]}${anchors.length === 0 ? ' (anchor department not yet committed)' : ''}`,
        capexRand,
        operatingCostRandPerYear: OPERATING_COST_RAND_PER_YEAR[type],
        populationWithinReach: reach,
        anchors,
        earliestStartYear,
        latestStartYear,
      });
    };
    const hasCountingHub = existing.some((centre) => centre.type === 'hub' && centre.anchors.length > 0);
    // A hub must open by the target year: a two-year build starts by the year before.
    if (!hasCountingHub && !exempt.has(code)) add('hub', ANCHORS_BY_TYPE.hub, BASE_FINANCIAL_YEAR, THUSONG_ROLLOUT_TARGET_YEAR - 1);
    if (population >= SATELLITE_POPULATION && !existing.some((centre) => centre.type === 'satellite')) {
      add('satellite', SATELLITES_WITHOUT_ANCHOR.has(code) ? [] : ANCHORS_BY_TYPE.satellite, BASE_FINANCIAL_YEAR + 1, BASE_FINANCIAL_YEAR + CANDIDATE_WINDOW_YEARS);
    }
    if (MOBILE_ROUTE_CANDIDATES.has(code)) add('mobile_route', ANCHORS_BY_TYPE.mobile_route, BASE_FINANCIAL_YEAR + 2, BASE_FINANCIAL_YEAR + 1 + CANDIDATE_WINDOW_YEARS);
    return centres;
  });
}

/** What a candidate centre asks of the capital envelopes (MIG and own funds), with its cash flow in rand. */
export function centreEnvelopeDemand(centre: GeneratedCentre): EnvelopeDemand {
  const percent = CASH_FLOW_BY_TYPE[centre.type];
  // The last year takes the rounding remainder, so the flow sums to the capex as the loader's split does.
  const cashFlowRandByBuildYear = percent.map((share) => Math.round((centre.capexRand * share) / 100));
  cashFlowRandByBuildYear[cashFlowRandByBuildYear.length - 1] += centre.capexRand - cashFlowRandByBuildYear.reduce((sum, amount) => sum + amount, 0);
  return {
    id: centre.id,
    status: 'candidate',
    fundingSourceIds: CENTRE_CAPITAL_SOURCES,
    capexRand: centre.capexRand,
    cashFlowRandByBuildYear,
    earliestStartYear: centre.earliestStartYear,
    latestStartYear: centre.latestStartYear,
    exclusiveGroup: null,
    neededFromYear: null,
  };
}

/** projects.csv rows of the candidate centres (every centre column filled), every row illustrative. */
export function buildCentreProjectRows(centres: readonly GeneratedCentre[], municipalityNames: ReadonlyMap<string, string>): CsvRow[] {
  return centres.map((centre) => ({
    project_id: centre.id,
    municipality_code: centre.municipalityCode,
    service: THUSONG_SERVICE_ID,
    project_type: `thusong_${centre.type}`,
    description: centre.description,
    capex_rand: String(centre.capexRand),
    cashflow_percent: CASH_FLOW_BY_TYPE[centre.type].join(';'),
    households_served: '0',
    capacity_added_ml_per_day: '0.00',
    earliest_start_year: formatFinancialYear(centre.earliestStartYear),
    latest_start_year: formatFinancialYear(centre.latestStartYear),
    prerequisites: '',
    exclusive_group: '',
    funding_sources: CENTRE_SOURCES.join(';'),
    status: 'candidate',
    benefit_override: '',
    operating_cost_rand_per_year: String(centre.operatingCostRandPerYear),
    facility_type: centre.type,
    blocks_offered: BLOCKS_BY_TYPE[centre.type].join(';'),
    anchor_departments: centre.anchors.join(';'),
    population_within_reach: String(centre.populationWithinReach),
    // A centre is the municipality's project in this illustration (built with MIG and own funds).
    owner_sphere: 'municipal',
    owner_name: municipalityNames.get(centre.municipalityCode) ?? centre.municipalityCode,
    illustrative: 'yes',
    // A centre is a register row of its own, not generated by the bulk master plan stage.
    origin: 'planner',
  }));
}

/**
 * Running cost in rand a centre would have in a financial year, averaged over its start years in
 * the horizon: a centre runs from its completion year (src/dataset/facilities.ts), so a year before
 * any start can finish asks for nothing.
 */
function averageRunningCostRand(centre: GeneratedCentre, financialYear: number): number {
  const buildYears = CASH_FLOW_BY_TYPE[centre.type].length;
  const lastStart = Math.min(centre.latestStartYear, BASE_FINANCIAL_YEAR + HORIZON_YEARS - buildYears);
  const starts = Array.from({ length: Math.max(0, lastStart - centre.earliestStartYear + 1) }, (_, offset) => centre.earliestStartYear + offset);
  if (starts.length === 0) return 0;
  return (centre.operatingCostRandPerYear * starts.filter((start) => start + buildYears - 1 <= financialYear).length) / starts.length;
}

/**
 * The operating envelopes: a provincial Thusong operations and maintenance grant (TOPS, no
 * carry-over, as a conditional grant) of 60% of the running costs the candidate centres would have
 * in each year (averaged over their start years, as the capital envelopes are: funding.ts), and
 * municipal own funds for operations (MOPS, carry-over) at 15% of every candidate's running costs.
 * So not every candidate can be sustained: the plan chooses which centres it can keep open.
 */
export function buildOperatingFundingRows(centres: readonly GeneratedCentre[]): CsvRow[] {
  const allRunningCostsRand = centres.reduce((sum, centre) => sum + centre.operatingCostRandPerYear, 0);
  const round = (amount: number): string => String(Math.round(amount / ENVELOPE_ROUNDING_RAND) * ENVELOPE_ROUNDING_RAND);
  const years = Array.from({ length: HORIZON_YEARS }, (_, offset) => offset);
  const row = (id: string, name: string, carryOver: boolean, offset: number, amountRand: number): CsvRow => ({
    source_id: id,
    source_name: name,
    financial_year: formatFinancialYear(BASE_FINANCIAL_YEAR + offset),
    envelope_rand: round(amountRand),
    carry_over: carryOver ? 'yes' : 'no',
    purpose: 'operating',
    illustrative: 'yes',
  });
  const runningRandInYear = (offset: number): number => centres.reduce((sum, centre) => sum + averageRunningCostRand(centre, BASE_FINANCIAL_YEAR + offset), 0);
  return [
    ...years.map((offset) => row('TOPS', 'Provincial Thusong operations and maintenance grant', false, offset, 0.6 * runningRandInYear(offset))),
    ...years.map((offset) => row('MOPS', 'Municipal own funds for operations', true, offset, 0.15 * allRunningCostsRand)),
  ];
}
