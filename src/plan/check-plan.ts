/**
 * The independent plan checker. It recomputes every rule from the Plan and the Dataset alone and
 * never looks at the program or the solver's values, so a bug in a formulation or an engine
 * adapter shows up here as a violation in words. Rule helpers are deliberately written again
 * rather than imported from the formulations: sharing them would let one mistake pass both.
 * Only the benefit arithmetic, the allocation unit costs and what a municipality's register can
 * deliver (the basic-package cap D_m, tested against brute force) are shared, because they are
 * definitions rather than rules: a checker with a D_m of its own, cut off elsewhere, would refuse
 * plans the program rightly made.
 */
import type { Dataset, Project } from '../dataset/types.js';
import { formatFinancialYear } from '../dataset/financial-year.js';
import { horizonOf } from '../dataset/horizon.js';
import { serviceNeedsRand, type ServiceNeedRand } from '../dataset/need-rand.js';
import { discountedProjectBenefit, municipalWeightSplit } from '../indicators/benefit.js';
import { computeIndices } from '../indicators/indices.js';
import type { MunicipalIndex } from '../indicators/types.js';
import { atLeast, nearlyEqual, RAND_TOLERANCE, sameRand } from '../dataset/tolerance.js';
import { objectiveOf, type AllocationPlan, type Plan, type PlannedProject, type PortfolioPlan } from './types.js';
import { hasSolution } from '../solve/engine.js';
import { EXIT_CRASH, UserFacingError } from '../errors/exit-codes.js';
import { deliverable } from '../rules/basic-package.js';

/**
 * Thrown by planModel when the checker finds violations: the plan must not be reported as valid.
 * The solver's answer or infraplan's reading of it is wrong, never the user's input, so it is an
 * internal error (exit 2, EXIT_CRASH) printed as one: what failed, that no plan was written, and
 * what to send in a report, with the stack trace only under --debug (src/cli/exit.ts).
 */
export class PlanCheckError extends UserFacingError {
  /** The violations, one sentence each. */
  readonly violations: readonly string[];
  constructor(violations: readonly string[]) {
    super(
      `internal error (a bug in infraplan, not a problem of your input): the plan failed the independent check (${violations.length} violation${violations.length === 1 ? '' : 's'}):\n` +
        violations.map((violation) => `  - ${violation}`).join('\n') +
        '\nNo plan was written. Please report it with the command you ran, the model folder and scenario file it used (and the --baseline folder, if any), and this message; run again with --debug to add the stack trace.',
      EXIT_CRASH,
    );
    this.name = 'PlanCheckError';
    this.violations = violations;
  }
}

const year = formatFinancialYear;

/** Whole-horizon rand spent per source and year from lines, keyed `source|year`. */
function addTo(map: Map<string, number>, key: string, amount: number): void {
  map.set(key, (map.get(key) ?? 0) + amount);
}

/** Check envelopes year by year with carry-over, and that envelopeUse matches the recomputation. */
function checkEnvelopes(plan: Plan, dataset: Dataset, spent: ReadonlyMap<string, number>, violations: string[]): void {
  const { firstYear, lastYear } = horizonOf(dataset.config);
  for (const key of spent.keys()) {
    const [sourceId, yearText] = key.split('|');
    const financialYear = Number(yearText);
    if (!dataset.fundingSources.some((source) => source.id === sourceId)) violations.push(`money is spent from unknown source ${sourceId}`);
    if (financialYear < firstYear || financialYear > lastYear) violations.push(`money from ${sourceId} is spent in ${year(financialYear)}, outside the horizon`);
  }
  for (const source of dataset.fundingSources) {
    let available = 0;
    for (let financialYear = firstYear; financialYear <= lastYear; financialYear += 1) {
      const envelope = source.envelopeRandByYear[financialYear] ?? 0;
      const carriedIn = source.carryOver ? available : 0;
      const spentRand = spent.get(`${source.id}|${financialYear}`) ?? 0;
      if (spentRand > envelope + carriedIn + RAND_TOLERANCE) {
        violations.push(`${source.id} in ${year(financialYear)}: spending R${spentRand.toFixed(0)} exceeds the envelope R${envelope.toFixed(0)} plus carried-in R${carriedIn.toFixed(0)}`);
      }
      const carriedOut = source.carryOver ? Math.max(0, envelope + carriedIn - spentRand) : 0;
      const use = plan.envelopeUse.find((entry) => entry.sourceId === source.id && entry.financialYear === financialYear);
      if (!use) violations.push(`envelope use for ${source.id} in ${year(financialYear)} is missing`);
      else if (!sameRand(use.spentRand, spentRand) || !sameRand(use.envelopeRand, envelope) || !sameRand(use.carriedInRand, carriedIn) || !sameRand(use.carriedOutRand, carriedOut)) {
        violations.push(
          `envelope use for ${source.id} in ${year(financialYear)} says spent R${use.spentRand.toFixed(0)}, carried in R${use.carriedInRand.toFixed(0)}, out R${use.carriedOutRand.toFixed(0)}; ` +
            `the lines give spent R${spentRand.toFixed(0)}, in R${carriedIn.toFixed(0)}, out R${carriedOut.toFixed(0)}`,
        );
      }
      available = carriedOut;
    }
  }
}

/** Check a share rule on spending: at least / at most `share` of the total. */
function checkShare(part: number, total: number, share: number, bound: 'min' | 'max', what: string, violations: string[]): void {
  if (total <= 0) return;
  const limit = share * total;
  if (bound === 'min' && part + RAND_TOLERANCE < limit) violations.push(`${what} is ${(part / total).toFixed(4)} of spending, below the minimum ${share}`);
  if (bound === 'max' && part - RAND_TOLERANCE > limit) violations.push(`${what} is ${(part / total).toFixed(4)} of spending, above the maximum ${share}`);
}

/** Municipal summary and benefit totals against the lines. */
function checkSummaries(plan: Plan, perMunicipality: ReadonlyMap<string, { spendingRand: number; householdsServed: number; needBenefit: number; growthBenefit: number }>, violations: string[]): void {
  let needLed = 0;
  let growthLed = 0;
  for (const summary of plan.municipalities) {
    const expected = perMunicipality.get(summary.municipalityCode) ?? { spendingRand: 0, householdsServed: 0, needBenefit: 0, growthBenefit: 0 };
    if (!sameRand(summary.spendingRand, expected.spendingRand)) violations.push(`summary of ${summary.municipalityCode} says R${summary.spendingRand.toFixed(0)} spent; its lines add up to R${expected.spendingRand.toFixed(0)}`);
    if (!nearlyEqual(summary.householdsServed, expected.householdsServed, 1e-6)) violations.push(`summary of ${summary.municipalityCode} says ${summary.householdsServed} households served; its lines give ${expected.householdsServed}`);
    if (!nearlyEqual(summary.needBenefit, expected.needBenefit, 1e-6) || !nearlyEqual(summary.growthBenefit, expected.growthBenefit, 1e-6)) {
      violations.push(`summary of ${summary.municipalityCode} has benefit need ${summary.needBenefit} / growth ${summary.growthBenefit}; recomputed ${expected.needBenefit} / ${expected.growthBenefit}`);
    }
    needLed += expected.needBenefit;
    growthLed += expected.growthBenefit;
  }
  if (!nearlyEqual(plan.benefit.needLed, needLed, 1e-6) || !nearlyEqual(plan.benefit.growthLed, growthLed, 1e-6) || !nearlyEqual(plan.benefit.total, needLed + growthLed, 1e-6)) {
    violations.push(`plan benefit ${plan.benefit.total} (need ${plan.benefit.needLed}, growth ${plan.benefit.growthLed}) differs from the recomputed ${needLed + growthLed} (need ${needLed}, growth ${growthLed})`);
  }
}

/**
 * The indices from the Dataset (indicators.csv and model.yaml through the indicators stage), never
 * from the plan: a plan that carried its own indices could swap two municipalities' weights, fund
 * the wrong project and claim a benefit that agrees with the forged weights. Every index the plan
 * records is held to the recomputed one, and the benefits are recomputed from these.
 */
function indicesFromDataset(plan: Plan, dataset: Dataset, violations: string[]): Map<string, MunicipalIndex> {
  const indexOf = new Map(computeIndices(dataset).map((index) => [index.municipalityCode, index]));
  const summaries = new Map(plan.municipalities.map((summary) => [summary.municipalityCode, summary]));
  for (const summary of plan.municipalities) if (!indexOf.has(summary.municipalityCode)) violations.push(`plan summarises ${summary.municipalityCode}, which is not a municipality of the model`);
  for (const index of indexOf.values()) {
    const summary = summaries.get(index.municipalityCode);
    if (summary === undefined) {
      violations.push(`plan has no summary for municipality ${index.municipalityCode}`);
      continue;
    }
    if (!nearlyEqual(summary.needIndex, index.needIndex, 1e-9)) violations.push(`${index.municipalityCode} need index in the plan is ${summary.needIndex}; indicators.csv gives ${index.needIndex}`);
    if (!nearlyEqual(summary.growthIndex, index.growthIndex, 1e-9)) violations.push(`${index.municipalityCode} growth-potential index in the plan is ${summary.growthIndex}; indicators.csv gives ${index.growthIndex}`);
    if (summary.quadrant !== index.quadrant) violations.push(`${index.municipalityCode} quadrant in the plan is ${summary.quadrant}; its indices give ${index.quadrant}`);
  }
  return indexOf;
}

/**
 * Start years a project could use: inside its window and the horizon with its whole cash flow,
 * with a funding source in the model, and with every prerequisite able to finish first. Written
 * independently of the formulation (see the file comment).
 */
function possibleStartYears(dataset: Dataset): Map<string, number[]> {
  const { firstYear, lastYear } = horizonOf(dataset.config);
  const sourceIds = new Set(dataset.fundingSources.map((source) => source.id));
  const result = new Map<string, number[]>();
  for (const project of dataset.projects) {
    const years: number[] = [];
    if (project.status !== 'excluded' && project.fundingSourceIds.some((id) => sourceIds.has(id))) {
      for (let startYear = project.earliestStartYear; startYear <= project.latestStartYear; startYear += 1) {
        if (startYear >= firstYear && startYear + project.cashFlowRandByBuildYear.length - 1 <= lastYear) years.push(startYear);
      }
    }
    result.set(project.id, years);
  }
  const byId = new Map(dataset.projects.map((project) => [project.id, project]));
  for (let pass = 0; pass < dataset.projects.length + 1; pass += 1) {
    let changed = false;
    for (const project of dataset.projects) {
      const before = result.get(project.id) ?? [];
      const after = before.filter((startYear) =>
        project.prerequisiteIds.every((id) => {
          const prerequisite = byId.get(id);
          return prerequisite !== undefined && (result.get(id) ?? []).some((other) => other + prerequisite.cashFlowRandByBuildYear.length - 1 < startYear);
        }),
      );
      if (after.length !== before.length) {
        result.set(project.id, after);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return result;
}

/** A funded project as the checker sees it. */
interface FundedEntry {
  readonly project: Project;
  readonly line: PlannedProject;
  readonly startYear: number;
  readonly completionYear: number;
}

/** What a portfolio rule check reads. */
interface PortfolioCheck {
  readonly plan: PortfolioPlan;
  readonly dataset: Dataset;
  readonly funded: readonly FundedEntry[];
  /** Projects with a possible start (the checker's own reading of windows and prerequisites). */
  readonly fundable: readonly Project[];
  /** Capex of the funded projects, rand. */
  readonly totalRand: number;
  readonly districtOf: ReadonlyMap<string, string>;
  readonly years: readonly number[];
  readonly violations: string[];
}

/** Every declared service with a minimum share gets at least that share of the total spent (`randOf` its spending, rand). */
function checkServiceShares(dataset: Dataset, randOf: (serviceId: string) => number, totalRand: number, violations: string[]): void {
  for (const service of dataset.config.services) {
    const share = dataset.config.policy.minServiceShare[service.id] ?? 0;
    if (share > 0) checkShare(randOf(service.id), totalRand, share, 'min', service.id, violations);
  }
}

/** Ids of the services counted in households (the basic-package floor counts households). */
function householdServices(dataset: Dataset): Set<string> {
  return new Set(dataset.config.services.filter((service) => service.needUnit === 'households').map((service) => service.id));
}

/**
 * The checker's own check of each rule of the portfolio, by the rule's key (src/rules/registry.ts).
 * Written from the rule's meaning, not from its rows: tests/plan/check-plan.test.ts holds every
 * registry rule to having one.
 */
const PORTFOLIO_RULE_CHECKS: Readonly<Record<string, (input: PortfolioCheck) => void>> = {
  committed: ({ plan, dataset, violations }) => {
    const funded = new Set(plan.projects.filter((line) => line.funded).map((line) => line.id));
    for (const project of dataset.projects) if (project.status === 'committed' && !funded.has(project.id)) violations.push(`committed project ${project.id} is not funded`);
  },
  basic_package_floor_share: ({ dataset, funded, fundable, violations }) => {
    const share = dataset.config.policy.basicPackageFloorShare;
    if (share <= 0) return;
    const households = householdServices(dataset);
    for (const municipality of dataset.municipalities) {
      const backlog = dataset.needs.filter((need) => need.municipalityCode === municipality.code && households.has(need.service)).reduce((sum, need) => sum + need.backlogHouseholds, 0);
      if (backlog <= 0) continue;
      const own = fundable.filter((project) => project.municipalityCode === municipality.code && households.has(project.service));
      const required = Math.min(share * backlog, deliverable(own, fundable, (project) => project.householdsServed).most);
      const served = funded.filter((entry) => entry.project.municipalityCode === municipality.code && households.has(entry.project.service)).reduce((sum, entry) => sum + entry.project.householdsServed, 0);
      if (!atLeast(served, required, 1e-6)) violations.push(`${municipality.code} is served ${served} households, below the basic-package floor of ${required.toFixed(1)}`);
    }
  },
  basic_package_min_spend_rand: ({ dataset, funded, fundable, violations }) => {
    const minimumRand = dataset.config.policy.basicPackageMinSpendRand;
    if (minimumRand <= 0) return;
    const households = householdServices(dataset);
    for (const municipality of dataset.municipalities) {
      const backlog = dataset.needs.filter((need) => need.municipalityCode === municipality.code && households.has(need.service)).reduce((sum, need) => sum + need.backlogHouseholds, 0);
      if (backlog <= 0) continue;
      const own = fundable.filter((project) => project.municipalityCode === municipality.code);
      const required = Math.min(minimumRand, deliverable(own, fundable, (project) => project.capexRand).most);
      const spend = funded.filter((entry) => entry.project.municipalityCode === municipality.code).reduce((sum, entry) => sum + entry.project.capexRand, 0);
      if (spend + RAND_TOLERANCE < required) violations.push(`${municipality.code} receives R${spend.toFixed(0)}, below the minimum spend of R${required.toFixed(0)}`);
    }
  },
  district_share_min: (input) => checkPortfolioDistrictShares(input, 'min'),
  district_share_max: (input) => checkPortfolioDistrictShares(input, 'max'),
  min_service_share: ({ dataset, funded, totalRand, violations }) =>
    checkServiceShares(dataset, (serviceId) => funded.filter((entry) => entry.project.service === serviceId).reduce((sum, entry) => sum + entry.project.capexRand, 0), totalRand, violations),
  operating_envelope: ({ dataset, funded, years, violations }) => {
    // Running costs per operating source and year against its envelope (with carry-over), from the lines alone.
    for (const source of dataset.fundingSources.filter((candidate) => candidate.purpose === 'operating')) {
      let carried = 0;
      for (const financialYear of years) {
        const envelope = source.envelopeRandByYear[financialYear] ?? 0;
        const used = funded.reduce((sum, entry) => sum + entry.line.operatingSpending.filter((line) => line.sourceId === source.id && line.financialYear === financialYear).reduce((inner, line) => inner + line.amountRand, 0), 0);
        if (used > envelope + carried + RAND_TOLERANCE) violations.push(`running costs of R${used.toFixed(0)} on ${source.id} in ${year(financialYear)} exceed its operating envelope R${(envelope + carried).toFixed(0)}`);
        carried = source.carryOver ? Math.max(0, envelope + carried - used) : 0;
      }
    }
  },
  facility_anchor_required: ({ dataset, funded, violations }) => {
    if (dataset.config.policy.facilityAnchorRequired === 0) return;
    for (const entry of funded) {
      if (entry.project.facilityType !== null && entry.project.anchorDepartments.length === 0) violations.push(`centre ${entry.project.id} is funded without an anchor department`);
    }
  },
  rollout_target_year: ({ dataset, funded, violations }) => {
    const policy = dataset.config.policy;
    for (const service of dataset.config.services.filter((declared) => declared.blocks.length > 0)) {
      const targetYear = policy.rolloutTargetYear[service.id] ?? 0;
      if (targetYear <= 0) continue;
      const anchored = (anchors: readonly string[]): boolean => policy.facilityAnchorRequired === 0 || anchors.length > 0;
      for (const municipality of dataset.municipalities) {
        if (dataset.config.rolloutExemptions.some((exemption) => exemption.service === service.id && exemption.municipalityCode === municipality.code)) continue;
        const existing = dataset.facilities.some((facility) => facility.service === service.id && facility.municipalityCode === municipality.code && facility.facilityType === 'hub' && anchored(facility.anchorDepartments));
        const built = funded.some(
          (entry) =>
            entry.project.service === service.id && entry.project.municipalityCode === municipality.code && entry.project.facilityType === 'hub' && anchored(entry.project.anchorDepartments) && entry.completionYear <= targetYear,
        );
        if (!existing && !built) violations.push(`${municipality.code} has no ${service.id} hub with an anchor department open by ${year(targetYear)} (the roll-out rule)`);
      }
    }
  },
  max_facilities_opened_per_year: ({ dataset, funded, years, violations }) => {
    for (const service of dataset.config.services) {
      const cap = dataset.config.policy.maxFacilitiesOpenedPerYear[service.id] ?? 0;
      if (cap <= 0) continue;
      for (const financialYear of years) {
        const opened = funded.filter((entry) => entry.project.service === service.id && entry.project.facilityType !== null && entry.completionYear === financialYear).length;
        if (opened > cap) violations.push(`${opened} new ${service.id} centres open in ${year(financialYear)}, above the cap of ${cap}`);
      }
    }
  },
  shortfalls_met_by_year: ({ dataset, funded, years, violations }) => {
    const fromYear = dataset.config.policy.shortfallsMetByYear;
    if (fromYear <= 0) return;
    for (const balance of dataset.capacityBalances ?? []) {
      const members = funded.filter(
        ({ project }) =>
          project.status !== 'committed' &&
          project.benefitOverride === null &&
          project.municipalityCode === balance.municipalityCode &&
          project.service === balance.service &&
          balance.projectTypes.includes(project.type),
      );
      for (const financialYear of years) {
        const shortfall = balance.shortfallMlPerDayByYear[financialYear] ?? 0;
        if (financialYear < fromYear || shortfall <= 0) continue;
        const inService = members.filter((entry) => entry.completionYear < financialYear).reduce((sum, entry) => sum + entry.project.capacityAddedMlPerDay, 0);
        if (!atLeast(inService, shortfall, 1e-6)) violations.push(`${balance.municipalityCode} ${balance.service} ${balance.assetType} has ${inService} Ml/day in service in ${year(financialYear)}, below its shortfall of ${shortfall}`);
      }
    }
  },
  max_concurrent_projects_per_municipality: ({ dataset, funded, years, violations }) => {
    const cap = dataset.config.policy.maxConcurrentProjectsPerMunicipality;
    if (cap <= 0) return;
    for (const municipality of dataset.municipalities) {
      for (const financialYear of years) {
        const active = funded.filter((entry) => entry.project.municipalityCode === municipality.code && entry.startYear <= financialYear && financialYear <= entry.completionYear);
        if (active.length > cap) violations.push(`${municipality.code} has ${active.length} projects under construction in ${year(financialYear)}, above the cap of ${cap}`);
      }
    }
  },  min_households_served: ({ dataset, funded, violations }) => {
    const level = dataset.config.policy.minHouseholdsServed;
    if (level <= 0) return;
    // Read from the register (the dataset's projects), not from the plan's lines.
    const households = householdServices(dataset);
    const served = funded.filter((entry) => households.has(entry.project.service)).reduce((sum, entry) => sum + entry.project.householdsServed, 0);
    if (!atLeast(served, level, 1e-6)) violations.push(`the plan serves ${served} backlog households, below the minimum of ${level}`);
  },
  baseline_lock: ({ dataset, funded, violations }) => {
    const lock = dataset.baselineLock;
    if (!lock) return;
    const startOf = new Map(funded.map((entry) => [entry.project.id, entry.startYear]));
    for (const [projectId, startYear] of Object.entries(lock.startYearByProjectId)) {
      if (startOf.get(projectId) !== startYear) violations.push(`${projectId} is locked to its baseline start ${year(startYear)} but the plan ${startOf.has(projectId) ? `starts it in ${year(startOf.get(projectId) as number)}` : 'does not fund it'}`);
    }
    for (const entry of funded) {
      if (entry.startYear <= lock.lastLockedYear && !Object.hasOwn(lock.startYearByProjectId, entry.project.id)) violations.push(`${entry.project.id} starts in ${year(entry.startYear)}, a locked year, although the baseline does not start it then`);
    }
  },
};

/** The district share of a bound in the portfolio: only districts with a fundable project are held to a minimum. */
function checkPortfolioDistrictShares({ dataset, funded, fundable, totalRand, districtOf, violations }: PortfolioCheck, bound: 'min' | 'max'): void {
  const policy = dataset.config.policy;
  const share = bound === 'min' ? policy.districtShareMin : policy.districtShareMax;
  if (bound === 'min' ? share <= 0 : share >= 1) return;
  for (const district of new Set(dataset.municipalities.map((municipality) => municipality.districtCode))) {
    const districtRand = funded.filter((entry) => districtOf.get(entry.project.municipalityCode) === district).reduce((sum, entry) => sum + entry.project.capexRand, 0);
    if (bound === 'min' && !fundable.some((project) => districtOf.get(project.municipalityCode) === district)) continue;
    checkShare(districtRand, totalRand, share, bound, `district ${district}`, violations);
  }
}

/** What an allocation rule check reads. */
interface AllocationCheck {
  readonly plan: AllocationPlan;
  readonly dataset: Dataset;
  /** Priced need per municipality and service (all of the needs table). */
  readonly needs: readonly ServiceNeedRand[];
  /** Rand allocated in all. */
  readonly totalRand: number;
  readonly districtOf: ReadonlyMap<string, string>;
  readonly violations: string[];
}

/** Rand allocated to a municipality. */
function receivedRand(plan: AllocationPlan, municipalityCode: string): number {
  return plan.allocations.filter((line) => line.municipalityCode === municipalityCode).reduce((sum, line) => sum + line.amountRand, 0);
}

/** Backlog households of needs over the services counted in households: a municipality whose only backlog is people (Thusong) has no household backlog, as in the portfolio. */
function householdBacklog(dataset: Dataset, needs: readonly ServiceNeedRand[]): number {
  const households = householdServices(dataset);
  return needs.filter((need) => households.has(need.service)).reduce((sum, need) => sum + need.backlogHouseholds, 0);
}

/** The checker's own check of each rule of the allocation, by the rule's key. */
const ALLOCATION_RULE_CHECKS: Readonly<Record<string, (input: AllocationCheck) => void>> = {
  basic_package_floor_share: ({ plan, dataset, needs, violations }) => {
    const share = dataset.config.policy.basicPackageFloorShare;
    for (const municipality of dataset.municipalities) {
      const own = needs.filter((need) => need.municipalityCode === municipality.code);
      if (householdBacklog(dataset, own) <= 0) continue;
      const floorRand = share * own.reduce((sum, need) => sum + need.totalRand, 0);
      const received = receivedRand(plan, municipality.code);
      if (received + RAND_TOLERANCE < floorRand) violations.push(`${municipality.code} receives R${received.toFixed(0)}, below its basic-package floor of R${floorRand.toFixed(0)}`);
    }
  },
  basic_package_min_spend_rand: ({ plan, dataset, needs, violations }) => {
    const minimumRand = dataset.config.policy.basicPackageMinSpendRand;
    for (const municipality of dataset.municipalities) {
      const own = needs.filter((need) => need.municipalityCode === municipality.code);
      if (householdBacklog(dataset, own) <= 0) continue;
      // Never more than the municipality's need: the allocation gives nobody more than that.
      const requiredRand = Math.min(minimumRand, own.reduce((sum, need) => sum + need.totalRand, 0));
      const received = receivedRand(plan, municipality.code);
      if (received + RAND_TOLERANCE < requiredRand) violations.push(`${municipality.code} receives R${received.toFixed(0)}, below the minimum spend of R${requiredRand.toFixed(0)}`);
    }
  },
  district_share_min: (input) => checkAllocationDistrictShares(input, 'min'),
  district_share_max: (input) => checkAllocationDistrictShares(input, 'max'),
  min_service_share: ({ plan, dataset, totalRand, violations }) =>
    checkServiceShares(dataset, (serviceId) => plan.allocations.filter((line) => line.service === serviceId).reduce((sum, line) => sum + line.amountRand, 0), totalRand, violations),
};

/** District shares of the allocation, for every district with a priced need. */
function checkAllocationDistrictShares({ plan, dataset, needs, totalRand, districtOf, violations }: AllocationCheck, bound: 'min' | 'max'): void {
  const policy = dataset.config.policy;
  const share = bound === 'min' ? policy.districtShareMin : policy.districtShareMax;
  if (bound === 'min' ? share <= 0 : share >= 1) return;
  for (const district of new Set(needs.filter((need) => need.totalRand > 0).map((need) => districtOf.get(need.municipalityCode)))) {
    const districtRand = plan.allocations.filter((line) => districtOf.get(line.municipalityCode) === district).reduce((sum, line) => sum + line.amountRand, 0);
    checkShare(districtRand, totalRand, share, bound, `district ${district}`, violations);
  }
}

/** The rule keys the checker checks in each formulation (every rule of the registry must be here). */
export const CHECKED_RULE_KEYS: { readonly portfolio: readonly string[]; readonly allocation: readonly string[] } = {
  portfolio: Object.keys(PORTFOLIO_RULE_CHECKS),
  allocation: Object.keys(ALLOCATION_RULE_CHECKS),
};

/**
 * The master plan balances, recomputed from the plan's funded lines and the Dataset alone: per
 * balance and year the capacity in service (funded, not committed, of a type the balance lists,
 * finished before the year), the shortfall it closes (never more than the shortfall) and the unmet
 * design demand, against what the plan reports; and each project's share of the closed shortfall's
 * benefit (by capacity), for the benefit check.
 */
function checkCapacityBalances(
  plan: PortfolioPlan,
  dataset: Dataset,
  indexOf: ReadonlyMap<string, MunicipalIndex>,
  years: readonly number[],
  violations: string[],
  unmetByBalance: Map<string, number[]> = new Map(),
): Map<string, { need: number; growth: number }> {
  const shares = new Map<string, { need: number; growth: number }>();
  const balances = dataset.capacityBalances;
  if (balances === undefined) return shares;
  const policy = dataset.config.policy;
  const projectsById = new Map(dataset.projects.map((project) => [project.id, project]));
  const reported = new Map((plan.capacityBalances ?? []).map((outcome) => [`${outcome.municipalityCode}|${outcome.service}|${outcome.assetType}`, outcome]));
  if (hasSolution(plan) && plan.capacityBalances === undefined) violations.push('the plan does not report the master plan balances');
  const claimed = new Set<string>();
  for (const balance of balances) {
    const key = `${balance.municipalityCode}|${balance.service}|${balance.assetType}`;
    const members = plan.projects.flatMap((line) => {
      const project = projectsById.get(line.id);
      if (!line.funded || line.startYear === null || project === undefined) return [];
      if (project.status === 'committed' || project.benefitOverride !== null || project.capacityAddedMlPerDay <= 0) return [];
      if (project.municipalityCode !== balance.municipalityCode || project.service !== balance.service || !balance.projectTypes.includes(project.type)) return [];
      // A project of two balances would be counted twice: the first balance listing its type takes it.
      if (claimed.has(project.id)) return [];
      return [{ project, completionYear: line.startYear + project.cashFlowRandByBuildYear.length - 1 }];
    });
    for (const member of members) claimed.add(member.project.id);
    const index = indexOf.get(balance.municipalityCode);
    const split = index ? municipalWeightSplit(index, policy) : { need: 0, growth: 0 };
    const weightNeed = split.need;
    const weightGrowth = split.growth;
    const outcome = reported.get(key);
    const unmetByYear: number[] = [];
    if (!unmetByBalance.has(key)) unmetByBalance.set(key, unmetByYear);
    years.forEach((financialYear, position) => {
      const shortfall = balance.shortfallMlPerDayByYear[financialYear] ?? 0;
      const inService = members.filter((member) => member.completionYear < financialYear);
      const added = inService.reduce((sum, member) => sum + member.project.capacityAddedMlPerDay, 0);
      const closed = Math.min(shortfall, added);
      const unmet = shortfall - closed;
      unmetByYear.push(unmet);
      if (outcome !== undefined && hasSolution(plan)) {
        if (!nearlyEqual(outcome.closedMlPerDay[position] ?? NaN, closed, 1e-9)) violations.push(`${key} closes ${outcome.closedMlPerDay[position]} Ml/day in ${year(financialYear)}; recomputed ${closed}`);
        if (!nearlyEqual(outcome.unmetMlPerDay[position] ?? NaN, unmet, 1e-9)) violations.push(`${key} leaves ${outcome.unmetMlPerDay[position]} Ml/day unmet in ${year(financialYear)}; recomputed ${unmet}`);
        if ((outcome.closedMlPerDay[position] ?? 0) > shortfall + 1e-9) violations.push(`${key} closes more than its shortfall in ${year(financialYear)}`);
      }
      // A single-quantity objective (objective_measure, the frontier's) counts capacity in the project's own benefit instead.
      if (closed <= 0 || policy.objectiveMeasure !== 0) return;
      const points = policy.benefitPerMlPerDay * closed * Math.pow(1 + policy.discountRatePercent / 100, -(financialYear - dataset.config.baseFinancialYear));
      for (const member of inService) {
        const share = member.project.capacityAddedMlPerDay / added;
        const current = shares.get(member.project.id) ?? { need: 0, growth: 0 };
        current.need += points * share * weightNeed;
        current.growth += points * share * weightGrowth;
        shares.set(member.project.id, current);
      }
    });
  }
  return shares;
}

/**
 * A project deferred for `no_benefit` must add nothing if funded, recomputed here: at its earliest
 * start in its window and the horizon after its funded prerequisites finish (the start the plan's
 * benefitIfFunded uses), its own discounted benefit is nothing and, for a capacity project of a
 * master plan balance, the recomputed unmet shortfall is nothing in every year it would be in
 * service; and every project that needs it first (not excluded) adds nothing either, so no
 * benefit waits on it. Otherwise the reason would hide a choice the planner can act on.
 */
function checkNoBenefitDeferrals(plan: PortfolioPlan, dataset: Dataset, indexOf: ReadonlyMap<string, MunicipalIndex>, unmetByBalance: ReadonlyMap<string, readonly number[]>, violations: string[]): void {
  const { firstYear, lastYear, years } = horizonOf(dataset.config);
  const lineById = new Map(plan.projects.map((line) => [line.id, line]));
  const dependantsOf = new Map<string, Project[]>();
  for (const project of dataset.projects) for (const id of project.prerequisiteIds) dependantsOf.set(id, [...(dependantsOf.get(id) ?? []), project]);
  const balanceKeyOf = (project: Project): string | null => {
    if (project.status === 'committed' || project.benefitOverride !== null || project.capacityAddedMlPerDay <= 0) return null;
    const balance = (dataset.capacityBalances ?? []).find((candidate) => candidate.municipalityCode === project.municipalityCode && candidate.service === project.service && candidate.projectTypes.includes(project.type));
    return balance === undefined ? null : `${balance.municipalityCode}|${balance.service}|${balance.assetType}`;
  };
  const addsNothing = new Map<string, boolean>();
  const nothingIfFunded = (project: Project): boolean => {
    const known = addsNothing.get(project.id);
    if (known !== undefined) return known;
    addsNothing.set(project.id, true);
    const startYear = [...Array(Math.max(0, project.latestStartYear - project.earliestStartYear + 1)).keys()]
      .map((offset) => project.earliestStartYear + offset)
      .find(
        (start) =>
          start >= firstYear &&
          start + project.cashFlowRandByBuildYear.length - 1 <= lastYear &&
          project.prerequisiteIds.every((id) => {
            const prerequisite = lineById.get(id);
            return prerequisite === undefined || !prerequisite.funded || prerequisite.completionYear === null || prerequisite.completionYear < start;
          }),
      );
    let nothing = true;
    if (startYear !== undefined && project.status !== 'excluded') {
      const index = indexOf.get(project.municipalityCode);
      const own = index ? discountedProjectBenefit(project, index, startYear, dataset).total : 0;
      const key = balanceKeyOf(project);
      const unmet = key === null ? [] : (unmetByBalance.get(key) ?? []);
      const completion = startYear + project.cashFlowRandByBuildYear.length - 1;
      const closesSome = dataset.config.policy.objectiveMeasure === 0 && dataset.config.policy.benefitPerMlPerDay > 0 && years.some((financialYear, position) => financialYear > completion && (unmet[position] ?? 0) > 1e-9);
      nothing = own <= 1e-9 && !closesSome;
    }
    // A dependant the register excludes waits on nothing; any other that adds benefit makes this one worth it.
    if (nothing) nothing = (dependantsOf.get(project.id) ?? []).every((dependant) => dependant.status === 'excluded' || nothingIfFunded(dependant));
    addsNothing.set(project.id, nothing);
    return nothing;
  };
  for (const project of dataset.projects) {
    const line = lineById.get(project.id);
    if (line === undefined || line.funded || line.deferralReason !== 'no_benefit') continue;
    if (project.status === 'excluded') violations.push(`${project.id} is deferred as adding no benefit, but it is excluded`);
    else if (!nothingIfFunded(project)) violations.push(`${project.id} is deferred as adding no benefit, but funded at its earliest start it (or a project that needs it) would add benefit`);
  }
}

/** Check a portfolio plan. */
function checkPortfolio(plan: PortfolioPlan, dataset: Dataset, indexOf: ReadonlyMap<string, MunicipalIndex>, violations: string[]): void {
  const policy = dataset.config.policy;
  const { firstYear, lastYear, years } = horizonOf(dataset.config);
  const planned = new Map(plan.projects.map((project) => [project.id, project]));
  const districtOf = new Map(dataset.municipalities.map((municipality) => [municipality.code, municipality.districtCode]));
  const solved = hasSolution(plan);
  const funded: { project: Project; line: PlannedProject; startYear: number; completionYear: number }[] = [];
  const spent = new Map<string, number>();
  const perMunicipality = new Map<string, { spendingRand: number; householdsServed: number; needBenefit: number; growthBenefit: number }>();

  const operatingIds = new Set(dataset.fundingSources.filter((source) => source.purpose === 'operating').map((source) => source.id));
  const unmetByBalance = new Map<string, number[]>();
  const closingShares = checkCapacityBalances(plan, dataset, indexOf, years, violations, unmetByBalance);
  // A set, not a search of the register per line: that was quadratic and took minutes on 60,000 projects.
  const registerIds = new Set(dataset.projects.map((project) => project.id));
  for (const line of plan.projects) if (!registerIds.has(line.id)) violations.push(`plan lists ${line.id}, which is not in the register`);
  for (const project of dataset.projects) {
    const line = planned.get(project.id);
    if (!line) {
      violations.push(`${project.id} is missing from the plan`);
      continue;
    }
    if (!line.funded) {
      if (line.startYear !== null || line.spending.length > 0 || line.operatingSpending.length > 0) violations.push(`unfunded project ${project.id} has a start year or spending`);
      if (line.deferralReason === null) violations.push(`unfunded project ${project.id} has no deferral reason`);
      continue;
    }
    if (!solved) violations.push(`${project.id} is funded although the plan status is ${plan.status}`);
    if (project.status === 'excluded') violations.push(`excluded project ${project.id} is funded`);
    const startYear = line.startYear;
    if (startYear === null) {
      violations.push(`funded project ${project.id} has no start year`);
      continue;
    }
    const buildYears = project.cashFlowRandByBuildYear.length;
    const completion = startYear + buildYears - 1;
    if (startYear < project.earliestStartYear || startYear > project.latestStartYear) {
      violations.push(`${project.id} starts in ${year(startYear)}, outside its window ${year(project.earliestStartYear)}–${year(project.latestStartYear)}`);
    }
    if (startYear < firstYear || completion > lastYear) violations.push(`${project.id} builds ${year(startYear)}–${year(completion)}, outside the horizon ${year(firstYear)}–${year(lastYear)}`);
    if (line.completionYear !== completion) violations.push(`${project.id} completion year ${line.completionYear} should be ${completion}`);
    // Spending per year must equal the cash flow from the start, from eligible sources only.
    const byYear = new Map<number, number>();
    for (const spending of line.spending) {
      if (!project.fundingSourceIds.includes(spending.sourceId)) violations.push(`${project.id} draws on ${spending.sourceId}, which is not one of its sources (${project.fundingSourceIds.join(', ')})`);
      if (operatingIds.has(spending.sourceId)) violations.push(`${project.id} pays building costs from the operating source ${spending.sourceId}; capital and operating money never mix`);
      if (spending.amountRand < -RAND_TOLERANCE) violations.push(`${project.id} has a negative amount in ${year(spending.financialYear)}`);
      byYear.set(spending.financialYear, (byYear.get(spending.financialYear) ?? 0) + spending.amountRand);
      addTo(spent, `${spending.sourceId}|${spending.financialYear}`, spending.amountRand);
    }
    for (const [financialYear, amount] of byYear) {
      if (financialYear < startYear || financialYear > completion) {
        if (Math.abs(amount) > RAND_TOLERANCE) violations.push(`${project.id} spends R${amount.toFixed(0)} in ${year(financialYear)}, outside its build years`);
      }
    }
    project.cashFlowRandByBuildYear.forEach((amount, offset) => {
      const actual = byYear.get(startYear + offset) ?? 0;
      if (!sameRand(actual, amount)) violations.push(`${project.id} spends R${actual.toFixed(0)} in ${year(startYear + offset)}; its cash flow says R${amount.toFixed(0)}`);
    });
    // Running costs: the yearly cost in every year from completion to the horizon's end, from its operating sources only.
    const operatingByYear = new Map<number, number>();
    for (const spending of line.operatingSpending) {
      if (!project.fundingSourceIds.includes(spending.sourceId) || !operatingIds.has(spending.sourceId)) violations.push(`${project.id} charges running costs to ${spending.sourceId}, which is not one of its operating sources`);
      operatingByYear.set(spending.financialYear, (operatingByYear.get(spending.financialYear) ?? 0) + spending.amountRand);
      addTo(spent, `${spending.sourceId}|${spending.financialYear}`, spending.amountRand);
    }
    for (let financialYear = firstYear; financialYear <= lastYear; financialYear += 1) {
      const expected = financialYear >= completion ? project.operatingCostRandPerYear : 0;
      const actual = operatingByYear.get(financialYear) ?? 0;
      if (!sameRand(actual, expected)) violations.push(`${project.id} has running costs of R${actual.toFixed(0)} in ${year(financialYear)}; from completion in ${year(completion)} it costs R${expected.toFixed(0)} a year`);
    }
    funded.push({ project, line, startYear, completionYear: completion });
    const index = indexOf.get(project.municipalityCode);
    // The shared definition: discounted to the completion year; a committed project of a balance's
    // type gets nothing for its capacity (the balance holds it), and checkCapacityBalances gives it no share either.
    const own = index ? discountedProjectBenefit(project, index, startYear, dataset) : { total: 0, needLed: 0, growthLed: 0 };
    const closing = closingShares.get(project.id) ?? { need: 0, growth: 0 };
    const benefit = { total: own.total + closing.need + closing.growth, needLed: own.needLed + closing.need, growthLed: own.growthLed + closing.growth };
    if (!nearlyEqual(line.benefit, benefit.total, 1e-6) || !nearlyEqual(line.needBenefit, benefit.needLed, 1e-6) || !nearlyEqual(line.growthBenefit, benefit.growthLed, 1e-6)) {
      violations.push(`${project.id} benefit ${line.benefit} differs from the recomputed ${benefit.total}`);
    }
    const totals = perMunicipality.get(project.municipalityCode) ?? { spendingRand: 0, householdsServed: 0, needBenefit: 0, growthBenefit: 0 };
    totals.spendingRand += line.spending.reduce((sum, spending) => sum + spending.amountRand, 0);
    totals.householdsServed += project.householdsServed;
    totals.needBenefit += benefit.needLed;
    totals.growthBenefit += benefit.growthLed;
    perMunicipality.set(project.municipalityCode, totals);
  }

  const fundedById = new Map(funded.map((entry) => [entry.project.id, entry]));
  for (const entry of funded) {
    for (const prerequisiteId of entry.project.prerequisiteIds) {
      const prerequisite = fundedById.get(prerequisiteId);
      if (!prerequisite) violations.push(`${entry.project.id} is funded but its prerequisite ${prerequisiteId} is not`);
      else if (prerequisite.completionYear >= entry.startYear) {
        violations.push(`${entry.project.id} starts in ${year(entry.startYear)} before its prerequisite ${prerequisiteId} is complete (${year(prerequisite.completionYear)})`);
      }
    }
  }
  const groups = new Map<string, string[]>();
  for (const entry of funded) {
    if (entry.project.exclusiveGroup === null) continue;
    groups.set(entry.project.exclusiveGroup, [...(groups.get(entry.project.exclusiveGroup) ?? []), entry.project.id]);
  }
  for (const [group, members] of groups) if (members.length > 1) violations.push(`exclusive group ${group} has ${members.length} funded projects: ${members.join(', ')}`);

  checkEnvelopes(plan, dataset, spent, violations);
  if (solved) checkNoBenefitDeferrals(plan, dataset, indexOf, unmetByBalance, violations);

  // The rules (commitments and policy). Total spending over the horizon is the capex of the funded projects.
  if (solved) {
    const possible = possibleStartYears(dataset);
    const input: PortfolioCheck = {
      plan,
      dataset,
      funded,
      fundable: dataset.projects.filter((project) => (possible.get(project.id) ?? []).length > 0),
      totalRand: funded.reduce((sum, entry) => sum + entry.project.capexRand, 0),
      districtOf,
      years,
      violations,
    };
    for (const check of Object.values(PORTFOLIO_RULE_CHECKS)) check(input);
  }
  checkSummaries(plan, perMunicipality, violations);
}

/** Check an allocation plan. */
function checkAllocation(plan: AllocationPlan, dataset: Dataset, indexOf: ReadonlyMap<string, MunicipalIndex>, violations: string[]): void {
  const policy = dataset.config.policy;
  const districtOf = new Map(dataset.municipalities.map((municipality) => [municipality.code, municipality.districtCode]));
  const spent = new Map<string, number>();
  const allocated = new Map<string, number>();
  const perMunicipality = new Map<string, { spendingRand: number; householdsServed: number; needBenefit: number; growthBenefit: number }>();
  const operatingIds = new Set(dataset.fundingSources.filter((source) => source.purpose === 'operating').map((source) => source.id));
  for (const line of plan.allocations) {
    if (operatingIds.has(line.sourceId)) violations.push(`allocation to ${line.municipalityCode} ${line.service} comes from the operating source ${line.sourceId}; capital and operating money never mix`);
    if (line.amountRand < -RAND_TOLERANCE) violations.push(`allocation to ${line.municipalityCode} ${line.service} in ${year(line.financialYear)} is negative`);
    addTo(spent, `${line.sourceId}|${line.financialYear}`, line.amountRand);
    addTo(allocated, `${line.municipalityCode}|${line.service}`, line.amountRand);
  }
  const needs = serviceNeedsRand(dataset);
  for (const [key, amount] of allocated) {
    const [municipalityCode, service] = key.split('|');
    const needRand = needs.filter((need) => need.municipalityCode === municipalityCode && need.service === service).reduce((sum, need) => sum + need.totalRand, 0);
    if (amount > needRand + RAND_TOLERANCE) violations.push(`${municipalityCode} ${service} receives R${amount.toFixed(0)}, above its need of R${needRand.toFixed(0)}`);
  }
  checkEnvelopes(plan, dataset, spent, violations);
  const solved = hasSolution(plan);
  const totalRand = plan.allocations.reduce((sum, line) => sum + line.amountRand, 0);
  const backlogOf = new Map<string, number>();
  for (const need of dataset.needs) backlogOf.set(`${need.municipalityCode}|${need.service}`, (backlogOf.get(`${need.municipalityCode}|${need.service}`) ?? 0) + need.backlogHouseholds);
  const households = householdServices(dataset);
  for (const municipality of dataset.municipalities) {
    const own = needs.filter((need) => need.municipalityCode === municipality.code);
    const needRand = own.reduce((sum, need) => sum + need.totalRand, 0);
    const backlog = own.reduce((sum, need) => sum + need.backlogHouseholds, 0);
    const receivedRand = plan.allocations.filter((line) => line.municipalityCode === municipality.code).reduce((sum, line) => sum + line.amountRand, 0);
    const index = indexOf.get(municipality.code);
    const split = index ? municipalWeightSplit(index, policy) : { need: 0, growth: 0 };
    // Households only over the services counted in households: Thusong's backlog is people, reported per service in the backlog points.
    let householdsServed = 0;
    for (const need of own) {
      if (!households.has(need.service)) continue;
      const got = allocated.get(`${municipality.code}|${need.service}`) ?? 0;
      if (need.totalRand > 0) householdsServed += (backlogOf.get(`${municipality.code}|${need.service}`) ?? 0) * Math.min(1, got / need.totalRand);
    }
    perMunicipality.set(municipality.code, { spendingRand: receivedRand, householdsServed, needBenefit: (split.need * receivedRand) / 1e6, growthBenefit: (split.growth * receivedRand) / 1e6 });
  }
  if (solved) {
    const input: AllocationCheck = { plan, dataset, needs, totalRand, districtOf, violations };
    for (const check of Object.values(ALLOCATION_RULE_CHECKS)) check(input);
  }
  checkSummaries(plan, perMunicipality, violations);
}

/** Weighted need of the allocation in weighted R million (the objective when nothing is allocated). */
function weightedNeed(dataset: Dataset, indexOf: ReadonlyMap<string, MunicipalIndex>): number {
  return serviceNeedsRand(dataset).reduce((sum, need) => {
    const index = indexOf.get(need.municipalityCode);
    const split = index ? municipalWeightSplit(index, dataset.config.policy) : { need: 0, growth: 0 };
    return sum + ((split.need + split.growth) * need.totalRand) / 1e6;
  }, 0);
}

/** Recompute every rule from the Plan and the Dataset alone. */
export function checkPlan(plan: Plan, dataset: Dataset): { readonly violations: readonly string[] } {
  const violations: string[] = [];
  const indexOf = indicesFromDataset(plan, dataset, violations);
  if (plan.kind === 'portfolio') checkPortfolio(plan, dataset, indexOf, violations);
  else checkAllocation(plan, dataset, indexOf, violations);
  const objective = objectiveOf(plan);
  if (objective !== null && hasSolution(plan)) {
    // Portfolio: benefit points of the funded projects. Allocation: weighted need − weighted need met (weighted R million).
    const expected = plan.kind === 'portfolio' ? plan.benefit.total : weightedNeed(dataset, indexOf) - plan.benefit.total;
    if (!nearlyEqual(objective, expected, 1e-6)) violations.push(`objective ${objective} differs from the value recomputed from the plan, ${expected}`);
  }
  return { violations };
}
