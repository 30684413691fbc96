/**
 * Solution → Plan: turn solver values into domain words (funded projects with start, completion
 * and spending; unfunded projects with the reason; envelope use; summaries; backlog). It reads only
 * the solution values (through the formulation's layout) and the Dataset.
 */
import type { Dataset, NeedUnit, Project, Service } from '../dataset/types.js';
import { formatFinancialYear, formatYearRange } from '../dataset/financial-year.js';
import type { MunicipalIndex } from '../indicators/types.js';
import { serviceNeedsRand as allocationNeeds } from '../dataset/need-rand.js';
import type { AllocationLayout } from '../program/allocation.js';
import { discountFactor, discountedProjectBenefit, municipalWeightSplit } from '../indicators/benefit.js';
import { balanceKey, capacityBalanceOf, closesShortfall, shortfallOutcomes } from '../indicators/shortfall-benefit.js';
import { countsNoBenefit, fundingReasons } from './funding-reasons.js';
import { toRand } from '../program/money-unit.js';
import type { PortfolioLayout } from '../program/portfolio.js';
import { horizonOf } from '../dataset/horizon.js';
import { allowedStartYears, completionYear, eligibleSourceIds } from '../dataset/project-windows.js';
import { centreCounts, eligibleOperatingSourceIds, operatingCostRandInYear } from '../dataset/facilities.js';
import { hasSolution, type SolveResult } from '../solve/engine.js';
import { backlogByMunicipalityService, envelopeUseFromSpending, indexMap, sourceYearKey } from './plan-summaries.js';
import type {
  CapacityBalanceOutcome,
  AllocationLine,
  AllocationPlan,
  PortfolioPlan,
  BacklogPoint,
  DeferralReason,
  DeferredBy,
  EnvelopeUse,
  MunicipalSummary,
  Plan,
  PlannedProject,
  SpendingLine,
} from './types.js';
import { formatRandMillion, leftWords } from '../dataset/money-text.js';
import { PORTFOLIO_ROW_RULES } from '../rules/registry.js';
import type { FundedSummary } from '../rules/rule-types.js';
import { deferredByRecord } from './deferral-rule.js';

/** What the interpretation needs besides the dataset and the solution. */
export interface InterpretContext {
  /** The model with scenario applied. */
  readonly dataset: Dataset;
  /** Need and growth indices, in dataset order. */
  readonly indices: readonly MunicipalIndex[];
  /** The engine result. Values are read only for status optimal or feasible. */
  readonly result: SolveResult;
  /** Scenario name. */
  readonly scenarioName: string;
  /** Overrides applied, as `key = value (source)`. */
  readonly overridesApplied: readonly string[];
  /** Notes from building the program. */
  readonly warnings: readonly string[];
}

/** Spending amounts below this (rand) are solver noise and are dropped from the lines. */
const NOISE_RAND = 0.01;

/** Municipal summaries from per-municipality totals. */
function municipalSummaries(
  dataset: Dataset,
  indices: readonly MunicipalIndex[],
  totals: ReadonlyMap<string, { spendingRand: number; householdsServed: number; needBenefit: number; growthBenefit: number }>,
): MunicipalSummary[] {
  const indexOf = indexMap(indices);
  return dataset.municipalities.map((municipality) => {
    const index = indexOf.get(municipality.code);
    const total = totals.get(municipality.code) ?? { spendingRand: 0, householdsServed: 0, needBenefit: 0, growthBenefit: 0 };
    return {
      municipalityCode: municipality.code,
      municipalityName: municipality.name,
      districtCode: municipality.districtCode,
      needIndex: index?.needIndex ?? 0,
      growthIndex: index?.growthIndex ?? 0,
      quadrant: index?.quadrant ?? 'low_growth_low_need',
      ...total,
    };
  });
}

/** Remaining backlog per service and year given households served per municipality and service by year's end. */
function backlogPoints(dataset: Dataset, years: readonly number[], servedBy: (municipalityCode: string, service: Service, year: number) => number): BacklogPoint[] {
  const backlog = backlogByMunicipalityService(dataset);
  const points: BacklogPoint[] = [];
  for (const { id: service } of dataset.config.services) {
    for (const financialYear of years) {
      let remainingHouseholds = 0;
      for (const [key, households] of backlog) {
        const [municipalityCode, keyService] = key.split('|');
        if (keyService !== service) continue;
        remainingHouseholds += Math.max(0, households - servedBy(municipalityCode, service, financialYear));
      }
      points.push({ service, financialYear, remainingHouseholds });
    }
  }
  return points;
}

/** Spending lines of a funded project, from the solution: its cash flow split in the proportions of its source set's flows that year. */
function projectSpending(project: Project, startYear: number, layout: PortfolioLayout, values: readonly number[], dataset: Dataset): SpendingLine[] {
  const lines: SpendingLine[] = [];
  const sole = layout.soleSource.get(project.id);
  project.cashFlowRandByBuildYear.forEach((amountRand, offset) => {
    const financialYear = startYear + offset;
    if (amountRand === 0) return;
    if (sole !== undefined) {
      lines.push({ financialYear, sourceId: sole, amountRand });
      return;
    }
    // Projects sharing a source set share its flows; each takes the sources in the set's proportions.
    const entries = (layout.spendVariables.get(layout.sourceSetOf.get(project.id) ?? '') ?? []).filter((entry) => entry.financialYear === financialYear);
    const raw = entries.map((entry) => ({ sourceId: entry.sourceId, amount: Math.max(0, toRand(values[entry.index])) }));
    const rawTotal = raw.reduce((sum, entry) => sum + entry.amount, 0);
    if (rawTotal <= 0) {
      // Cannot happen with a correct solution; keep the line on the first eligible source so the checker can judge it.
      lines.push({ financialYear, sourceId: eligibleSourceIds(project, dataset)[0] ?? '', amountRand });
      return;
    }
    // Rescaling removes the solver's sub-rand rounding so each year's lines add up to the cash flow exactly.
    for (const entry of raw) {
      const share = (entry.amount / rawTotal) * amountRand;
      if (share > NOISE_RAND) lines.push({ financialYear, sourceId: entry.sourceId, amountRand: share });
    }
  });
  return lines;
}

/** Running-cost lines of a funded project: its yearly cost from completion to the horizon's end, split like its operating source set's flows. */
function projectOperatingSpending(project: Project, startYear: number, layout: PortfolioLayout, values: readonly number[], dataset: Dataset, years: readonly number[]): SpendingLine[] {
  if (project.operatingCostRandPerYear <= 0) return [];
  const flows = layout.operatingFlows;
  const lines: SpendingLine[] = [];
  for (const financialYear of years) {
    const amountRand = operatingCostRandInYear(project, startYear, financialYear);
    if (amountRand === 0) continue;
    const sole = flows.soleSource.get(project.id);
    if (sole !== undefined) {
      lines.push({ financialYear, sourceId: sole, amountRand });
      continue;
    }
    const entries = (flows.spendVariables.get(flows.sourceSetOf.get(project.id) ?? '') ?? []).filter((entry) => entry.financialYear === financialYear);
    const raw = entries.map((entry) => ({ sourceId: entry.sourceId, amount: Math.max(0, toRand(values[entry.index])) }));
    const rawTotal = raw.reduce((sum, entry) => sum + entry.amount, 0);
    if (rawTotal <= 0) {
      lines.push({ financialYear, sourceId: eligibleOperatingSourceIds(project, dataset)[0] ?? '', amountRand });
      continue;
    }
    for (const entry of raw) {
      const share = (entry.amount / rawTotal) * amountRand;
      if (share > NOISE_RAND) lines.push({ financialYear, sourceId: entry.sourceId, amountRand: share });
    }
  }
  return lines;
}

/**
 * What the deferral reasons need to know about the funded projects, summed once. Recomputing these
 * for every unfunded project made interpretation quadratic: minutes on a 60,000-project register.
 */
interface FundedTotals extends FundedSummary {
  /** Funded projects by id. */
  readonly byId: ReadonlyMap<string, PlannedProject>;
  /** The first funded project (in register order) of each exclusive group. */
  readonly firstByExclusiveGroup: ReadonlyMap<string, PlannedProject>;
}

/** Sum the funded projects once for every deferral reason. */
function fundedTotals(funded: ReadonlyMap<string, PlannedProject>, dataset: Dataset, districtOf: ReadonlyMap<string, string>): FundedTotals {
  const exclusiveGroupOf = new Map(dataset.projects.map((project) => [project.id, project.exclusiveGroup]));
  const firstByExclusiveGroup = new Map<string, PlannedProject>();
  const randByDistrict = new Map<string, number>();
  const activeByMunicipalityYear = new Map<string, number>();
  const randByService = new Map<string, number>();
  const facilitiesOpenedByServiceYear = new Map<string, number>();
  const facilityTypeOf = new Map(dataset.projects.map((project) => [project.id, project.facilityType]));
  let totalRand = 0;
  for (const planned of funded.values()) {
    if ((facilityTypeOf.get(planned.id) ?? null) !== null && planned.completionYear !== null) {
      const key = `${planned.service}|${planned.completionYear}`;
      facilitiesOpenedByServiceYear.set(key, (facilitiesOpenedByServiceYear.get(key) ?? 0) + 1);
    }
    const group = exclusiveGroupOf.get(planned.id) ?? null;
    if (group !== null && !firstByExclusiveGroup.has(group)) firstByExclusiveGroup.set(group, planned);
    totalRand += planned.capexRand;
    randByService.set(planned.service, (randByService.get(planned.service) ?? 0) + planned.capexRand);
    const district = districtOf.get(planned.municipalityCode);
    if (district !== undefined) randByDistrict.set(district, (randByDistrict.get(district) ?? 0) + planned.capexRand);
    if (planned.startYear !== null && planned.completionYear !== null) {
      for (let year = planned.startYear; year <= planned.completionYear; year += 1) {
        const key = `${planned.municipalityCode}|${year}`;
        activeByMunicipalityYear.set(key, (activeByMunicipalityYear.get(key) ?? 0) + 1);
      }
    }
  }
  return { byId: funded, firstByExclusiveGroup, districtOf, totalRand, randByService, randByDistrict, activeByMunicipalityYear, facilitiesOpenedByServiceYear };
}

/**
 * Why an unfunded project is unfunded, checked in a fixed order: excluded, start window, a policy
 * rule that bars it outright (a centre without an anchor department), no benefit, prerequisite,
 * exclusive alternative, the other policy rules, budget. The first that applies is reported.
 * No benefit comes before every rule and money reason (review u1, 3): a project that would count
 * nothing by the horizon's end stays out whatever rule or envelope changes, and "a rule keeps it
 * out" read beside it overstated what relaxing the rule frees. It comes after the outright bar,
 * because such a rule is what makes its benefit nothing (a centre without an anchor counts nobody).
 * `noBenefitDetail` is that reason's sentence when it applies (noBenefitWords), else null.
 */
function deferral(
  project: Project,
  dataset: Dataset,
  funded: FundedTotals,
  envelopeUse: readonly EnvelopeUse[],
  solved: boolean,
  noBenefitDetail: string | null,
): { reason: DeferralReason; detail: string; deferredBy?: DeferredBy } {
  const { firstYear, lastYear, years } = horizonOf(dataset.config);
  const policy = dataset.config.policy;
  if (project.status === 'excluded') return { reason: 'excluded', detail: `${project.id} is marked excluded in the register or by the scenario.` };
  const windowYears = allowedStartYears(project, dataset);
  if (windowYears.length === 0) {
    return {
      reason: 'start_window',
      detail:
        `Its start window ${formatFinancialYear(project.earliestStartYear)}–${formatFinancialYear(project.latestStartYear)} with a ` +
        `${project.cashFlowRandByBuildYear.length}-year cash flow cannot finish inside the horizon ${formatFinancialYear(firstYear)}–${formatFinancialYear(lastYear)}.`,
    };
  }
  if (!solved) return { reason: 'budget', detail: 'No feasible plan was found, so nothing was funded.' };
  const lock = dataset.baselineLock ? { baselineLock: dataset.baselineLock } : {};
  // A rule that bars the project outright is what keeps it out, before anything the plan funds.
  for (const rule of PORTFOLIO_ROW_RULES) {
    const detail = rule.forbids?.(project, policy);
    if (detail) return { reason: 'policy', detail, deferredBy: deferredByRecord(rule, project, { project, candidateYears: windowYears, funded, services: dataset.config.services, ...lock }, dataset, true, detail) };
  }
  if (noBenefitDetail !== null) return { reason: 'no_benefit', detail: noBenefitDetail };

  // Start years its prerequisites allow, given what the plan funds.
  let prerequisiteBlock = '';
  const candidateYears = windowYears.filter((startYear) =>
    project.prerequisiteIds.every((prerequisiteId) => {
      const prerequisite = funded.byId.get(prerequisiteId);
      if (!prerequisite || prerequisite.completionYear === null) {
        prerequisiteBlock ||= `Its prerequisite ${prerequisiteId} is not funded.`;
        return false;
      }
      if (prerequisite.completionYear >= startYear) {
        prerequisiteBlock ||= `Its prerequisite ${prerequisiteId} finishes in ${formatFinancialYear(prerequisite.completionYear)}, too late for its last possible start in ${formatFinancialYear(windowYears[windowYears.length - 1])}.`;
        return false;
      }
      return true;
    }),
  );
  if (candidateYears.length === 0) return { reason: 'prerequisite', detail: prerequisiteBlock };

  if (project.exclusiveGroup !== null) {
    const alternative = funded.firstByExclusiveGroup.get(project.exclusiveGroup);
    if (alternative) return { reason: 'exclusive_alternative', detail: `${alternative.id} of exclusive group ${project.exclusiveGroup} is funded instead.` };
  }

  // Policy: a rule of the registry that keeps it out given the funded projects, in registry order.
  for (const rule of PORTFOLIO_ROW_RULES) {
    const question = { project, candidateYears, funded, services: dataset.config.services, ...lock };
    const detail = rule.keepsOut?.({ ...question, policy });
    // The rule and its setting are recorded here, where the reason is decided, so no report has to work them out again.
    if (detail) return { reason: 'policy', detail, deferredBy: deferredByRecord(rule, project, question, dataset, false, detail) };
  }

  // Money: capital room in every build year and operating room in every year its running costs
  // fall, per candidate start. When some start has capital room but every such start runs out of
  // operating money, the operating envelope is what binds (explain's least extra money then
  // names operating money too), and the reason says so.
  const sources = eligibleSourceIds(project, dataset);
  if (sources.length === 0) return { reason: 'budget', detail: `None of its funding sources (${project.fundingSourceIds.join(', ')}) has an envelope in the model.` };
  const roomIn = (sourceIds: readonly string[], year: number): number => roomInSources(envelopeUse, sourceIds, year);
  const capitalShort = (startYear: number): CapitalShort | null => capitalShortAt(project, dataset, envelopeUse, startYear);
  const operatingSources = eligibleOperatingSourceIds(project, dataset);
  if (project.operatingCostRandPerYear > 0 && operatingSources.length === 0) {
    const named = project.fundingSourceIds.filter((id) => !sources.includes(id));
    return {
      reason: 'operating_budget',
      detail: `None of its sources is an operating envelope (${named.join(', ') || 'none named'}), so its running costs of ${formatRandMillion(project.operatingCostRandPerYear)} a year cannot be paid.`,
    };
  }
  const operatingShort = (startYear: number): { year: number; roomRand: number } | null => {
    if (project.operatingCostRandPerYear <= 0) return null;
    for (const year of years) {
      const needRand = operatingCostRandInYear(project, startYear, year);
      if (needRand === 0) continue;
      const roomRand = roomIn(operatingSources, year);
      if (roomRand + 1 < needRand) return { year, roomRand };
    }
    return null;
  };
  const starts = candidateYears.map((startYear) => ({ startYear, capital: capitalShort(startYear), operating: operatingShort(startYear) }));
  const capitalFits = starts.filter((start) => start.capital === null);
  if (capitalFits.length > 0 && capitalFits.every((start) => start.operating !== null)) {
    const first = capitalFits[0];
    const short = first.operating as { year: number; roomRand: number };
    return {
      reason: 'operating_budget',
      detail:
        `Operating money runs out in ${formatFinancialYear(short.year)}: its running costs of ${formatRandMillion(project.operatingCostRandPerYear)} a year from completion do not fit the operating envelope ${operatingSources.join(', ')} ` +
        `(starting in ${formatFinancialYear(first.startYear)} it needs them in ${formatFinancialYear(short.year)} but ${leftWords(short.roomRand)} is left); the capital money is there, but a plan must sustain what it builds.`,
    };
  }
  if (capitalFits.length === 0) {
    // Budget: name the first year in which its eligible sources lack room for its earliest feasible start.
    const first = starts[0];
    const short = first.capital as { year: number; needRand: number; roomRand: number };
    const alsoOperating = starts.every((start) => start.operating !== null) ? ' Its running costs would not fit the operating envelope either.' : '';
    return {
      reason: 'budget',
      detail:
        `Starting in ${formatFinancialYear(first.startYear)} it needs ${formatRandMillion(short.needRand)} in ${formatFinancialYear(short.year)} but ${sources.join(', ')} ${sources.length === 1 ? 'has' : 'have'} ${leftWords(short.roomRand)} left; the money earns more benefit in the funded projects.${alsoOperating}`,
    };
  }
  return { reason: 'budget', detail: `Its sources ${sources.join(', ')} have room, but money kept for other years and projects earns more benefit than funding it in ${formatYearRange(capitalFits.filter((start) => start.operating === null).map((start) => start.startYear))}.` };
}

/** The first build year in which a project's capital sources lack the money its cash flow needs, for one start year. */
export interface CapitalShort {
  /** Financial year. */
  readonly year: number;
  /** Rand its cash flow needs that year. */
  readonly needRand: number;
  /** Rand left in its capital sources that year under the plan (envelope plus carry-in less spending). */
  readonly roomRand: number;
}

/** Rand left in `sourceIds` in `year` under a plan's envelope use. */
function roomInSources(envelopeUse: readonly EnvelopeUse[], sourceIds: readonly string[], year: number): number {
  return envelopeUse
    .filter((use) => sourceIds.includes(use.sourceId) && use.financialYear === year)
    .reduce((sum, use) => sum + Math.max(0, use.envelopeRand + use.carriedInRand - use.spentRand), 0);
}

/**
 * Where money runs out for `project` started in `startYear` under a plan's envelope use (the
 * deferral sentence's figures), or null when every build year has room. Exported so explain says
 * the start it checked with the same figures the workbook's sentence uses (u2 review, finding 10).
 */
export function capitalShortAt(project: Project, dataset: Dataset, envelopeUse: readonly EnvelopeUse[], startYear: number): CapitalShort | null {
  const sources = eligibleSourceIds(project, dataset);
  for (let offset = 0; offset < project.cashFlowRandByBuildYear.length; offset += 1) {
    const year = startYear + offset;
    const roomRand = roomInSources(envelopeUse, sources, year);
    if (roomRand + 1 < project.cashFlowRandByBuildYear[offset]) return { year, needRand: project.cashFlowRandByBuildYear[offset], roomRand };
  }
  return null;
}

/**
 * The benefit a deferred project would add to the plan if funded at its earliest possible start
 * (its window, after the funded prerequisites finish): its own discounted benefit, and the share
 * of its master plan balance's shortfall still unmet that its capacity would close, year by year,
 * as the objective counts it. Null when it has no possible start.
 */
function benefitIfFunded(
  project: Project,
  dataset: Dataset,
  indexOf: ReadonlyMap<string, MunicipalIndex>,
  funded: ReadonlyMap<string, PlannedProject>,
  unmetByBalance: ReadonlyMap<string, CapacityBalanceOutcome>,
  years: readonly number[],
): number | null {
  const index = indexOf.get(project.municipalityCode);
  if (index === undefined) return null;
  const startYear = earliestStartIfFunded(project, dataset, funded);
  if (startYear === null) return null;
  let total = discountedProjectBenefit(project, index, startYear, dataset).total;
  const policy = dataset.config.policy;
  const balance = closesShortfall(project, dataset) ? capacityBalanceOf(project, dataset) : null;
  const outcome = balance === null ? undefined : unmetByBalance.get(balanceKey(balance));
  if (outcome !== undefined && policy.objectiveMeasure === 0) {
    const split = municipalWeightSplit(index, policy);
    years.forEach((year, position) => {
      if (startYear + project.cashFlowRandByBuildYear.length > year) return;
      const closed = Math.min(outcome.unmetMlPerDay[position] ?? 0, project.capacityAddedMlPerDay);
      if (closed > 0) total += policy.benefitPerMlPerDay * closed * discountFactor(year, dataset.config.baseFinancialYear, policy) * (split.need + split.growth);
    });
  }
  return total;
}

/**
 * The earliest start benefitIfFunded counts a deferred project at: its window (an excluded project
 * as if included), after its funded prerequisites finish; null when it has no such start.
 */
function earliestStartIfFunded(project: Project, dataset: Dataset, funded: ReadonlyMap<string, PlannedProject>): number | null {
  const startYear = allowedStartYears({ ...project, status: project.status === 'excluded' ? 'candidate' : project.status }, dataset).find((year) =>
    project.prerequisiteIds.every((prerequisiteId) => {
      const prerequisite = funded.get(prerequisiteId);
      return prerequisite === undefined || prerequisite.completionYear === null || prerequisite.completionYear < year;
    }),
  );
  return startYear ?? null;
}

/**
 * The deferred projects that would add nothing if funded: their benefit if funded is nothing
 * (countsNoBenefit), they are not excluded, no alternative of their exclusive group is funded
 * (then that alternative's capacity is why they add nothing, and exclusive_alternative says it
 * better), and no deferred project that would add benefit needs them first, directly or through
 * other prerequisites (a bulk pipeline worth nothing alone may carry a reticulation scheme).
 */
function projectsAddingNothing(
  dataset: Dataset,
  benefitIfFundedById: ReadonlyMap<string, number | null>,
  funded: FundedTotals,
): ReadonlySet<string> {
  const dependantsOf = new Map<string, Project[]>();
  for (const project of dataset.projects) {
    for (const prerequisiteId of project.prerequisiteIds) dependantsOf.set(prerequisiteId, [...(dependantsOf.get(prerequisiteId) ?? []), project]);
  }
  const worth = new Map<string, boolean>();
  // Worth funding for the objective: some benefit of its own, or a dependant worth it. Memoised; a
  // prerequisite cycle (refused by validation) reads as worth nothing rather than looping.
  const isWorth = (project: Project): boolean => {
    const known = worth.get(project.id);
    if (known !== undefined) return known;
    worth.set(project.id, false);
    let result: boolean;
    if (funded.byId.has(project.id)) result = true;
    else if (project.status === 'excluded') result = false;
    else {
      const benefit = benefitIfFundedById.get(project.id) ?? null;
      result = (benefit !== null && !countsNoBenefit(benefit, project.capexRand)) || (dependantsOf.get(project.id) ?? []).some(isWorth);
    }
    worth.set(project.id, result);
    return result;
  };
  const nothing = new Set<string>();
  for (const project of dataset.projects) {
    if (funded.byId.has(project.id) || project.status === 'excluded') continue;
    const benefit = benefitIfFundedById.get(project.id) ?? null;
    if (benefit === null || !countsNoBenefit(benefit, project.capexRand)) continue;
    if (project.exclusiveGroup !== null && funded.firstByExclusiveGroup.has(project.exclusiveGroup)) continue;
    if (!isWorth(project)) nothing.add(project.id);
  }
  return nothing;
}

/**
 * Why a deferred project would add nothing, in one sentence naming the year: needed only after
 * the horizon (its master plan balance has no shortfall by the last year, or it could be in service
 * only after it), its shortfall already closed by the funded projects, or nothing it serves that
 * the objective counts.
 */
function noBenefitWords(project: Project, dataset: Dataset, funded: ReadonlyMap<string, PlannedProject>, unmetByBalance: ReadonlyMap<string, CapacityBalanceOutcome>, years: readonly number[]): string {
  const lastYear = formatFinancialYear(years[years.length - 1]);
  const startYear = earliestStartIfFunded(project, dataset, funded) ?? project.earliestStartYear;
  const inServiceYear = startYear + project.cashFlowRandByBuildYear.length;
  if (project.benefitOverride !== null) return `Adds nothing the plan counts: the register sets its benefit to ${project.benefitOverride} (benefit_override).`;
  const balance = closesShortfall(project, dataset) ? capacityBalanceOf(project, dataset) : null;
  if (balance === null) return `Adds nothing the plan counts: it serves no backlog and closes no master plan shortfall by ${lastYear}.`;
  // Capacity counts from the year after completion (the shortfall closed), so a late start closes none.
  if (inServiceYear > years[years.length - 1]) {
    return `Needed only after the horizon: starting at the earliest in ${formatFinancialYear(startYear)}, it could be in service only from ${formatFinancialYear(inServiceYear)}, so it counts no benefit by ${lastYear}.`;
  }
  const what = `${balance.municipalityCode} ${balance.service} ${balance.assetType.replace(/_/g, ' ')}`;
  const outcome = unmetByBalance.get(balanceKey(balance));
  const shortfallWhileInService = years.some((year, position) => year >= inServiceYear && (outcome?.shortfallMlPerDay[position] ?? 0) > 0);
  if (!shortfallWhileInService) return `Needed only after the horizon: the master plan shows no ${what} shortfall by ${lastYear} that it could close, so it counts no benefit by then.`;
  return `Adds nothing the plan counts: the funded projects already close the ${what} shortfall in every year from ${formatFinancialYear(inServiceYear)}, when it could first be in service.`;
}

/** Turn a portfolio solution into a Plan. */
export function interpretPortfolio(context: InterpretContext, layout: PortfolioLayout): PortfolioPlan {
  const { dataset, indices, result } = context;
  const { years } = horizonOf(dataset.config);
  const solved = hasSolution(result);
  const indexOf = indexMap(indices);
  const districtOf = new Map(dataset.municipalities.map((municipality) => [municipality.code, municipality.districtCode]));
  const fundedById = new Map<string, PlannedProject>();
  const lines = new Map<string, PlannedProject>();

  // The shortfall each funded capacity project closes (master plan balances), from the chosen starts.
  const chosenStarts = solved
    ? dataset.projects.flatMap((project) => {
        const chosen = (layout.startVariables.get(project.id) ?? []).find((entry) => result.values[entry.variable] > 0.5);
        return chosen === undefined ? [] : [{ project, startYear: chosen.financialYear }];
      })
    : [];
  const shortfalls = shortfallOutcomes(dataset, indexOf, chosenStarts, years);
  for (const project of dataset.projects) {
    const starts = layout.startVariables.get(project.id) ?? [];
    const chosen = solved ? starts.find((entry) => result.values[entry.variable] > 0.5) : undefined;
    const base = {
      id: project.id,
      municipalityCode: project.municipalityCode,
      districtCode: districtOf.get(project.municipalityCode) ?? '',
      service: project.service,
      type: project.type,
      description: project.description,
      capexRand: project.capexRand,
      householdsServed: project.householdsServed,
      capacityAddedMlPerDay: project.capacityAddedMlPerDay,
    };
    if (chosen && solved) {
      const index = indexOf.get(project.municipalityCode);
      if (!index) throw new Error(`no index for municipality ${project.municipalityCode}`);
      const own = discountedProjectBenefit(project, index, chosen.financialYear, dataset);
      const closing = shortfalls.benefitByProject.get(project.id) ?? { total: 0, needLed: 0, growthLed: 0 };
      const benefit = { total: own.total + closing.total, needLed: own.needLed + closing.needLed, growthLed: own.growthLed + closing.growthLed };
      const planned: PlannedProject = {
        ...base,
        funded: true,
        startYear: chosen.financialYear,
        completionYear: completionYear(project, chosen.financialYear),
        spending: projectSpending(project, chosen.financialYear, layout, result.values, dataset),
        operatingSpending: projectOperatingSpending(project, chosen.financialYear, layout, result.values, dataset, years),
        benefit: benefit.total,
        needBenefit: benefit.needLed,
        growthBenefit: benefit.growthLed,
        deferralReason: null,
        deferralDetail: null,
        deferredBy: null,
      };
      fundedById.set(project.id, planned);
      lines.set(project.id, planned);
    }
  }

  const spent = new Map<string, number>();
  for (const planned of fundedById.values()) {
    for (const line of [...planned.spending, ...planned.operatingSpending]) {
      const key = sourceYearKey(line.sourceId, line.financialYear);
      spent.set(key, (spent.get(key) ?? 0) + line.amountRand);
    }
  }
  const envelopeUse = envelopeUseFromSpending(dataset, years, spent);
  const fundedSummary = fundedTotals(fundedById, dataset, districtOf);

  const unmetByBalance = new Map(shortfalls.balances.map((balance) => [`${balance.municipalityCode}|${balance.service}|${balance.assetType}`, balance]));
  const benefitIfFundedById = new Map(
    dataset.projects.filter((project) => !lines.has(project.id)).map((project) => [project.id, solved ? benefitIfFunded(project, dataset, indexOf, fundedById, unmetByBalance, years) : null]),
  );
  const addingNothing = projectsAddingNothing(dataset, benefitIfFundedById, fundedSummary);
  const projectsInOrder: PlannedProject[] = dataset.projects.map((project) => {
    const planned = lines.get(project.id);
    if (planned) return planned;
    const noBenefitDetail = addingNothing.has(project.id) ? noBenefitWords(project, dataset, fundedById, unmetByBalance, years) : null;
    const { reason, detail, deferredBy } = deferral(project, dataset, fundedSummary, envelopeUse, solved, noBenefitDetail);
    const line: PlannedProject = {
      id: project.id,
      municipalityCode: project.municipalityCode,
      districtCode: districtOf.get(project.municipalityCode) ?? '',
      service: project.service,
      type: project.type,
      description: project.description,
      capexRand: project.capexRand,
      funded: false,
      startYear: null,
      completionYear: null,
      spending: [],
      operatingSpending: [],
      householdsServed: project.householdsServed,
      capacityAddedMlPerDay: project.capacityAddedMlPerDay,
      benefit: 0,
      needBenefit: 0,
      growthBenefit: 0,
      deferralReason: reason,
      deferralDetail: detail,
      deferredBy: deferredBy ?? null,
      fundingReason: null,
      fundingDetail: null,
      fundingRuleKey: null,
      fundingRule: null,
      benefitIfFunded: benefitIfFundedById.get(project.id) ?? null,
    };
    return line;
  });
  const reasons = fundingReasons(dataset, fundedById);
  const projects: PlannedProject[] = projectsInOrder.map((line) => {
    if (!line.funded) return line;
    const why = reasons.get(line.id);
    return { ...line, fundingReason: why?.reason ?? null, fundingDetail: why?.detail ?? null, fundingRuleKey: why?.ruleKey ?? null, fundingRule: why?.rule ?? null, benefitIfFunded: null };
  });

  const totals = new Map<string, { spendingRand: number; householdsServed: number; needBenefit: number; growthBenefit: number }>();
  for (const planned of fundedById.values()) {
    const total = totals.get(planned.municipalityCode) ?? { spendingRand: 0, householdsServed: 0, needBenefit: 0, growthBenefit: 0 };
    total.spendingRand += planned.spending.reduce((sum, line) => sum + line.amountRand, 0);
    total.householdsServed += planned.householdsServed;
    total.needBenefit += planned.needBenefit;
    total.growthBenefit += planned.growthBenefit;
    totals.set(planned.municipalityCode, total);
  }
  const fundedList = [...fundedById.values()];
  const fundedByMunicipalityService = new Map<string, PlannedProject[]>();
  for (const planned of fundedList) {
    const key = `${planned.municipalityCode}|${planned.service}`;
    const members = fundedByMunicipalityService.get(key);
    if (members) members.push(planned);
    else fundedByMunicipalityService.set(key, [planned]);
  }
  // A counting centre brings its people within reach: the backlog of a facility service counts people not within reach of one.
  const projectById = new Map(dataset.projects.map((project) => [project.id, project]));
  const reachOf = (planned: PlannedProject): number => {
    const project = projectById.get(planned.id);
    return project !== undefined && project.facilityType !== null && centreCounts(project.anchorDepartments, dataset.config.policy) ? project.populationWithinReach : 0;
  };
  const backlog = backlogPoints(dataset, years, (municipalityCode, service, year) =>
    (fundedByMunicipalityService.get(`${municipalityCode}|${service}`) ?? [])
      .filter((planned) => (planned.completionYear ?? Infinity) <= year)
      .reduce((sum, planned) => sum + planned.householdsServed + reachOf(planned), 0),
  );
  const needLed = fundedList.reduce((sum, planned) => sum + planned.needBenefit, 0);
  const growthLed = fundedList.reduce((sum, planned) => sum + planned.growthBenefit, 0);
  return {
    kind: 'portfolio',
    ...planHeader(context, years),
    // Values exist only where the result has them: no objective without a solution.
    objectiveBenefitPoints: hasSolution(result) ? result.objective : null,
    bestBoundBenefitPoints: result.bestBound,
    projects,
    envelopeUse,
    municipalities: municipalSummaries(dataset, indices, totals),
    backlog,
    marginalValues: [],
    benefit: { total: needLed + growthLed, needLed, growthLed },
    ...(dataset.capacityBalances !== undefined ? { capacityBalances: shortfalls.balances } : {}),
  };
}

/** Fields every plan shares. */
function planHeader(context: InterpretContext, years: readonly number[]) {
  const { dataset, result } = context;
  return {
    modelName: dataset.config.name,
    scenarioName: context.scenarioName,
    financialYears: years,
    services: dataset.config.services.map(({ id, label, needUnit }) => ({ id, label, needUnit })),
    status: result.status,
    gap: result.gap,
    solver: result.engine,
    seconds: result.seconds,
    nodes: result.nodes,
    ...(result.solverRun !== undefined ? { solverRun: result.solverRun } : {}),
    illustrativeNote: dataset.config.illustrativeNote,
    overridesApplied: context.overridesApplied,
    warnings: context.warnings,
  } as const;
}

/**
 * Turn an allocation solution into a Plan. Households served are counted in proportion to the
 * share of a municipality's need (in rand) that is funded, a planning approximation stated in
 * docs/formulations.md. Benefit is the weighted need met, in weighted R million.
 */
export function interpretAllocation(context: InterpretContext, layout: AllocationLayout): AllocationPlan {
  const { dataset, indices, result } = context;
  const { years } = horizonOf(dataset.config);
  const solved = hasSolution(result);
  const allocations: AllocationLine[] = [];
  if (solved) {
    for (const entry of layout.allocationVariables) {
      const amountRand = toRand(result.values[entry.variable]);
      if (amountRand > NOISE_RAND) {
        allocations.push({ municipalityCode: entry.municipalityCode, service: entry.service, financialYear: entry.financialYear, sourceId: entry.sourceId, amountRand });
      }
    }
  }
  return allocationPlanFromLines(context, allocations, years);
}

/** Build the allocation plan's totals from its lines (shared with tests that hand-build lines). */
export function allocationPlanFromLines(context: InterpretContext, allocations: readonly AllocationLine[], years: readonly number[]): AllocationPlan {
  const { dataset, indices } = context;
  const policy = dataset.config.policy;
  const indexOf = indexMap(indices);
  const needRandOf = new Map<string, number>();
  for (const need of allocationNeeds(dataset)) needRandOf.set(`${need.municipalityCode}|${need.service}`, need.totalRand);
  const backlog = backlogByMunicipalityService(dataset);
  const spent = new Map<string, number>();
  for (const line of allocations) {
    const key = sourceYearKey(line.sourceId, line.financialYear);
    spent.set(key, (spent.get(key) ?? 0) + line.amountRand);
  }
  const servedBy = (municipalityCode: string, service: Service, year: number): number => {
    const needRand = needRandOf.get(`${municipalityCode}|${service}`) ?? 0;
    if (needRand <= 0) return 0;
    const allocatedRand = allocations
      .filter((line) => line.municipalityCode === municipalityCode && line.service === service && line.financialYear <= year)
      .reduce((sum, line) => sum + line.amountRand, 0);
    return (backlog.get(`${municipalityCode}|${service}`) ?? 0) * Math.min(1, allocatedRand / needRand);
  };
  const lastYear = years[years.length - 1];
  const householdServices = dataset.config.services.filter((service) => service.needUnit === 'households');
  const totals = new Map<string, { spendingRand: number; householdsServed: number; needBenefit: number; growthBenefit: number }>();
  let needLed = 0;
  let growthLed = 0;
  for (const municipality of dataset.municipalities) {
    const index = indexOf.get(municipality.code);
    const split = index ? municipalWeightSplit(index, policy) : { need: 0, growth: 0 };
    const spendingRand = allocations.filter((line) => line.municipalityCode === municipality.code).reduce((sum, line) => sum + line.amountRand, 0);
    // Households only over the services counted in households; a people service (Thusong) is reported per service in the backlog points.
    const householdsServed = householdServices.reduce((sum, service) => sum + servedBy(municipality.code, service.id, lastYear), 0);
    const needBenefit = (split.need * spendingRand) / 1_000_000;
    const growthBenefit = (split.growth * spendingRand) / 1_000_000;
    needLed += needBenefit;
    growthLed += growthBenefit;
    totals.set(municipality.code, { spendingRand, householdsServed, needBenefit, growthBenefit });
  }
  const { result } = context;
  return {
    kind: 'allocation',
    ...planHeader(context, years),
    objectiveWeightedRandMillion: hasSolution(result) ? result.objective : null,
    bestBoundWeightedRandMillion: result.bestBound,
    allocations,
    envelopeUse: envelopeUseFromSpending(dataset, years, spent),
    municipalities: municipalSummaries(dataset, indices, totals),
    backlog: backlogPoints(dataset, years, servedBy),
    marginalValues: [],
    benefit: { total: needLed + growthLed, needLed, growthLed },
    warnings: [...context.warnings, ...unallocatedMoneyNote(dataset, years, allocations)],
  };
}

/** One unit of a service's backlog in words, by its need unit. */
const BACKLOG_UNIT_WORDS: Readonly<Record<NeedUnit, string>> = { households: 'backlog household', people: 'person in the backlog', ml_per_day: 'Ml/day of backlog' };

/**
 * The allocation never gives a municipality more than its need, so when the priced need is below
 * the envelopes money stays unallocated. Say so, and point at the unit costs that price the need:
 * "15% of the envelope used" reads like a failure unless the reader knows every need was met.
 */
function unallocatedMoneyNote(dataset: Dataset, years: readonly number[], allocations: readonly AllocationLine[]): string[] {
  if (allocations.length === 0) return [];
  const needRand = allocationNeeds(dataset).reduce((sum, need) => sum + need.totalRand, 0);
  const allocatedRand = allocations.reduce((sum, line) => sum + line.amountRand, 0);
  // Capital envelopes only: the allocation never spends operating money.
  const envelopeRand = dataset.fundingSources
    .filter((source) => source.purpose !== 'operating')
    .reduce((sum, source) => sum + years.reduce((inner, year) => inner + (source.envelopeRandByYear[year] ?? 0), 0), 0);
  if (allocatedRand < needRand * (1 - 1e-6) || envelopeRand - allocatedRand < 1) return [];
  const policy = dataset.config.policy;
  // Each service's backlog in its own need unit (review u5, finding 12: Thusong's backlog is people, not households).
  const perService = dataset.config.services.map((service) => `R${(policy.allocationCostPerHouseholdRand[service.id] ?? 0).toLocaleString('en-GB')} per ${BACKLOG_UNIT_WORDS[service.needUnit]} (${service.label})`);
  const priced = [...perService, `R${policy.allocationCostPerMlPerDayRand.toLocaleString('en-GB')} per Ml/day of capacity shortfall`];
  const costs = `${priced.slice(0, -1).join(', ')} and ${priced[priced.length - 1]}`;
  return [
    `Every priced need is funded in full (${formatRandMillion(needRand)}), so ${formatRandMillion(envelopeRand - allocatedRand)} of the envelopes stays unallocated. ` +
      `Need is priced at ${costs} (policy.allocation_cost_per_*); raise them if they are too low for this model.`,
  ];
}
