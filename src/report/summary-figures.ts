/**
 * The figures behind the plain-words Summary and `run`'s console lines: money that lapses, the
 * MTEF years, the backlog left at the end, why projects wait, and the marginal value of money in
 * sentences an analyst can quote. Computed once from the Plan and the Dataset, like plan-figures.
 */
import type { Dataset, NeedUnit, Project } from '../dataset/types.js';
import { allowedStartYears, eligibleSourceIds } from '../dataset/project-windows.js';
import { centreCounts, eligibleOperatingSourceIds, isCentre, operatingCostRandInYear } from '../dataset/facilities.js';
import { PORTFOLIO_ROW_RULES } from '../rules/registry.js';
import type { FundedSummary } from '../rules/rule-types.js';
import { needUnitWords } from '../dataset/services.js';
import { formatFinancialYear } from '../dataset/financial-year.js';
import { formatRandMillion, RAND_PER_MILLION } from '../dataset/money-text.js';
import { serviceNeedsRand } from '../dataset/need-rand.js';
import { projectsOf, type Plan, type PlannedProject } from '../plan/types.js';
import { deferredByWords } from '../plan/deferral-rule.js';
import { deferralReasonInWords, keyFigures } from './plan-figures.js';
import { OBJECTIVE_MEASURES } from '../rules/objective-settings.js';

/** Years of the Medium-Term Expenditure Framework: the first three years of the horizon. */
export const MTEF_YEAR_COUNT = 3;

import { NOISE_RAND, roundRand } from './format.js';

export { roundRand, moneyTotal } from './format.js';

/** A count (households) rounded to a whole number where a report makes it: 51,724.99999999996 is 51,725. */
export function roundCount(count: number): number {
  return Math.round(count);
}

/** The MTEF years of a horizon (its first three financial years, fewer for a shorter horizon). */
export function mtefYears(financialYears: readonly number[]): readonly number[] {
  return financialYears.slice(0, MTEF_YEAR_COUNT);
}

/**
 * The price basis of every money figure, as plan.json states it. The model escalates nothing year
 * by year (no inflation index anywhere in the pipeline): project costs, cash flows, envelopes and
 * running costs are compared rand for rand as written, so they are all read as prices of the base
 * year. A scenario's cost_escalation_percent is one factor on every cost, not a yearly index, and
 * discount_rate_percent discounts benefit points, not money.
 */
export interface PriceBasis {
  /** The financial year whose prices every amount is in: the model's base_financial_year (`2026/27`). */
  readonly baseFinancialYear: string;
  /** Whether amounts are escalated year by year: never (the model applies no price index). */
  readonly yearByYearEscalation: false;
  /** The sentence the reports print (priceBasisWords). */
  readonly words: string;
}

/** The price basis of a model whose base financial year is `baseFinancialYear` (2026 = 2026/27; from model.yaml, via the Dataset's config). */
export function priceBasis(baseFinancialYear: number): PriceBasis {
  return { baseFinancialYear: formatFinancialYear(baseFinancialYear), yearByYearEscalation: false, words: priceBasisWords(baseFinancialYear) };
}

/** The price basis in one paragraph, for the Summary, the Assumptions sheet and plan.json. */
export function priceBasisWords(baseFinancialYear: number): string {
  const base = formatFinancialYear(baseFinancialYear);
  return (
    `Every amount is in ${base} prices (the model's base year), with no year-by-year escalation or inflation: ` +
    `project costs, cash flows, envelopes and running costs are used as entered, so a rand in a later year buys what it buys in ${base}, ` +
    `and envelopes are to be stated in ${base} prices too. ` +
    'A scenario\'s cost_escalation_percent scales every cost by one factor, not year by year; the discount rate discounts benefit points, not money.'
  );
}

/** The price basis in a few words, for `run`'s console summary. */
export function priceBasisShortWords(baseFinancialYear: number): string {
  return `prices: ${formatFinancialYear(baseFinancialYear)} rand (the base year), no year-by-year escalation`;
}

/**
 * How the plan's financial years align with municipal ones, for an official mapping municipal IDP
 * budgets: the plan's years are provincial and national (PFMA) years, April to March; municipal
 * budget years (MFMA) run July to June, so a municipal year overlaps the plan year of the same
 * name by nine months and the next one by three.
 */
export function financialYearWords(baseFinancialYear: number): string {
  const base = formatFinancialYear(baseFinancialYear);
  const next = formatFinancialYear(baseFinancialYear + 1);
  return (
    `Financial years are provincial and national years, April to March: ${base} runs from 1 April ${baseFinancialYear} to 31 March ${baseFinancialYear + 1}. ` +
    `Municipal budgets (and so IDP capital budgets) run July to June: a municipality's ${base} (1 July ${baseFinancialYear} to 30 June ${baseFinancialYear + 1}) ` +
    `overlaps this plan's ${base} by nine months (July to March) and its ${next} by three (April to June).`
  );
}

/**
 * The price basis and the financial years in one note of two printed lines, for the Summary under
 * its key figures (the Summary's three pages have no room for a section of its own; the Assumptions
 * sheet carries the longer priceBasisWords and financialYearWords).
 */
export function pricesAndYearsNote(baseFinancialYear: number): string {
  const base = formatFinancialYear(baseFinancialYear);
  return (
    `Prices and years: every amount is in ${base} prices (the model's base year), with no year-by-year escalation or inflation; ` +
    'cost_escalation_percent is one factor on every cost and the discount rate discounts benefit, not money. ' +
    `Years are provincial and national, April to March; municipal budgets run July to June, so a municipality's ${base} overlaps this plan's ${base} ` +
    `by nine months and its ${formatFinancialYear(baseFinancialYear + 1)} by three.`
  );
}

/** `MTEF 2026/27 to 2028/29`, the label of the MTEF subtotal columns. */
export function mtefLabel(financialYears: readonly number[]): string {
  const years = mtefYears(financialYears);
  if (years.length === 0) return 'MTEF';
  return `MTEF ${formatFinancialYear(years[0])} to ${formatFinancialYear(years[years.length - 1])}`;
}

/** A deferred project that could spend lapsing money of a source in a year. */
export interface LapseCandidate {
  /** Project id. */
  readonly projectId: string;
  /** Capex, rand. */
  readonly capexRand: number;
  /** Backlog served in the service's need unit (households; people for a facility service's centre, see peopleServed). */
  readonly householdsServed: number;
  /** People within reach of a counting centre of a facility service (0 for other projects). */
  readonly peopleServed: number;
}

/** Why deferred projects that a source may pay for cannot take its money in a year, with how many. */
export interface LapseBar {
  /** The reason in words: `their start window or build years exclude the year`. */
  readonly words: string;
  /** Deferred projects it holds back. */
  readonly count: number;
}

/** Unspent money of one source and year that does not carry over, so it is lost to the plan. */
export interface LapsingMoney {
  /** Funding source id. */
  readonly sourceId: string;
  /** Funding source name. */
  readonly sourceName: string;
  /** Capital (builds projects) or operating (pays running costs), as the source declares. */
  readonly purpose: 'capital' | 'operating';
  /** Financial year (2026 = 2026/27). */
  readonly financialYear: number;
  /** Money that lapses, rand (rounded to the cent). */
  readonly lapsingRand: number;
  /**
   * Deferred projects that could in fact take the source's money in that year under the plan's
   * rules, most served first (at most three).
   */
  readonly candidates: readonly LapseCandidate[];
  /** Deferred projects the source may pay for that cannot take it that year, per reason, most first. */
  readonly barred: readonly LapseBar[];
}

/** Why a deferred project cannot take a source's money in a year, in the order the checks run. */
const BAR_WORDS = {
  window: 'their start window or build years exclude the year',
  prerequisite: 'a prerequisite is not funded or not finished before they could start',
  alternative: 'an alternative in their exclusive group is funded',
  noBenefit: 'they would add no benefit by the horizon\'s end',
} as const;

/** The plan's funded projects as the lapse checks read them, computed once per plan (a register can hold 60,000 projects). */
interface FundedPlan {
  /** Funded projects by id. */
  readonly fundedById: ReadonlyMap<string, PlannedProject>;
  /** Exclusive groups with a funded member. */
  readonly fundedGroups: ReadonlySet<string>;
  /** The sums the rules' deferral checks read. */
  readonly summary: FundedSummary;
}

/** The funded projects summed as the rules' deferral checks read them (the sums interpret makes). */
function fundedPlanOf(plan: Plan, dataset: Dataset): FundedPlan {
  const groupOf = new Map(dataset.projects.map((project) => [project.id, project.exclusiveGroup]));
  const fundedById = new Map(projectsOf(plan).filter((planned) => planned.funded).map((planned) => [planned.id, planned]));
  const fundedGroups = new Set([...fundedById.keys()].map((id) => groupOf.get(id) ?? null).filter((group): group is string => group !== null));
  const facilityTypeOf = new Map(dataset.projects.map((project) => [project.id, project.facilityType]));
  const districtOf = new Map(dataset.municipalities.map((municipality) => [municipality.code, municipality.districtCode]));
  const randByService = new Map<string, number>();
  const randByDistrict = new Map<string, number>();
  const activeByMunicipalityYear = new Map<string, number>();
  const facilitiesOpenedByServiceYear = new Map<string, number>();
  let totalRand = 0;
  for (const planned of projectsOf(plan)) {
    if (!planned.funded) continue;
    totalRand += planned.capexRand;
    randByService.set(planned.service, (randByService.get(planned.service) ?? 0) + planned.capexRand);
    const district = districtOf.get(planned.municipalityCode);
    if (district !== undefined) randByDistrict.set(district, (randByDistrict.get(district) ?? 0) + planned.capexRand);
    if (planned.startYear === null || planned.completionYear === null) continue;
    for (let year = planned.startYear; year <= planned.completionYear; year += 1) {
      const key = `${planned.municipalityCode}|${year}`;
      activeByMunicipalityYear.set(key, (activeByMunicipalityYear.get(key) ?? 0) + 1);
    }
    if ((facilityTypeOf.get(planned.id) ?? null) !== null) {
      const key = `${planned.service}|${planned.completionYear}`;
      facilitiesOpenedByServiceYear.set(key, (facilitiesOpenedByServiceYear.get(key) ?? 0) + 1);
    }
  }
  return { fundedById, fundedGroups, summary: { districtOf, totalRand, randByService, randByDistrict, activeByMunicipalityYear, facilitiesOpenedByServiceYear } };
}

/**
 * Whether a deferred project could take a source's money in a year under the plan's rules, or why
 * not: some start year in its window (finishing inside the horizon) spends in that year (capital:
 * a build year with cash flow; operating: a year from its opening on, when it has running costs),
 * its prerequisites are funded and finished before that start, no alternative of its exclusive
 * group is funded, no policy rule bars the project outright (the anchor-department rule, checked
 * first, as the deferral reasons do) and none keeps that start out given what the plan funds (the same
 * rule records the deferral reasons read). The reported reason is the furthest check any start
 * year reached, so "barred by the opening cap" is said only when the window and prerequisites allow it.
 */
function takesMoney(project: Project, sourcePurpose: 'capital' | 'operating', financialYear: number, dataset: Dataset, funded: FundedPlan): true | string {
  const { fundedById, fundedGroups } = funded;
  const spendsThen = (startYear: number): boolean =>
    sourcePurpose === 'operating'
      ? operatingCostRandInYear(project, startYear, financialYear) > 0
      : (project.cashFlowRandByBuildYear[financialYear - startYear] ?? 0) > 0;
  const starts = allowedStartYears(project, dataset).filter(spendsThen);
  if (starts.length === 0) return BAR_WORDS.window;
  const forbidding = PORTFOLIO_ROW_RULES.find((rule) => rule.forbids?.(project, dataset.config.policy));
  if (forbidding !== undefined) return `${forbidding.words()} keeps them out`;
  const prerequisitesAllow = (startYear: number): boolean =>
    project.prerequisiteIds.every((id) => {
      const prerequisite = fundedById.get(id);
      return prerequisite !== undefined && prerequisite.completionYear !== null && prerequisite.completionYear < startYear;
    });
  const readyStarts = starts.filter(prerequisitesAllow);
  if (readyStarts.length === 0) return BAR_WORDS.prerequisite;
  if (project.exclusiveGroup !== null) {
    if (fundedGroups.has(project.exclusiveGroup)) return BAR_WORDS.alternative;
  }
  let barringRule = '';
  for (const startYear of readyStarts) {
    const rule = PORTFOLIO_ROW_RULES.find((candidate) =>
      candidate.keepsOut?.({ project, candidateYears: [startYear], funded: funded.summary, policy: dataset.config.policy, services: dataset.config.services, ...(dataset.baselineLock ? { baselineLock: dataset.baselineLock } : {}) }),
    );
    if (rule === undefined) return true;
    // Without a service: a per-service rule (the minimum service share) may bar a project for another service than its own.
    barringRule ||= rule.words();
  }
  return `${barringRule} keeps them out`;
}

/**
 * Unspent money below this, rand, is left out of the lists of money that lapses and money carried
 * past the horizon: it is rounding of the project sizes, not money an official would chase (and it
 * would print as R0.0 million).
 */
export const LISTED_UNSPENT_MIN_RAND = 50_000;

/** Money of a carry-over source still unspent at the end of the horizon: carried out of its last year. */
export interface CarriedPastHorizon {
  /** Funding source id. */
  readonly sourceId: string;
  /** Funding source name. */
  readonly sourceName: string;
  /** Capital or operating, as the source declares. */
  readonly purpose: 'capital' | 'operating';
  /** The horizon's last financial year, out of which the money is carried. */
  readonly financialYear: number;
  /** Money carried past the horizon, rand (rounded to the cent). */
  readonly carriedRand: number;
}

/**
 * Money carried past the horizon per carry-over source: it neither lapses nor is spent within the
 * plan, so without it the envelopes would not add up to spending plus money that lapses (issue f3:
 * the default model's PROV carried R6.4 million out of 2035/36, shown only on Envelope use).
 */
export function moneyCarriedPastHorizon(plan: Plan, dataset: Dataset): CarriedPastHorizon[] {
  const lastYear = Math.max(...plan.financialYears);
  const sources = new Map(dataset.fundingSources.map((source) => [source.id, source]));
  const order = new Map(dataset.fundingSources.map((source, index) => [source.id, index]));
  const carried: CarriedPastHorizon[] = [];
  for (const use of plan.envelopeUse) {
    const source = sources.get(use.sourceId);
    if (source === undefined || use.financialYear !== lastYear) continue;
    const carriedRand = roundRand(use.carriedOutRand);
    // As with the lapses: less is rounding of the project sizes (a kept baseline's split left one
    // cent of OWN, printed as "OWN R0.0 million", new-user review u4, finding 2); moneyBalance
    // still adds every cent.
    if (carriedRand < LISTED_UNSPENT_MIN_RAND) continue;
    carried.push({ sourceId: use.sourceId, sourceName: source.name, purpose: source.purpose === 'operating' ? 'operating' : 'capital', financialYear: lastYear, carriedRand });
  }
  return carried.sort((left, right) => (order.get(left.sourceId) ?? 0) - (order.get(right.sourceId) ?? 0));
}

/** Where the capital (or operating) envelopes of the horizon go: envelopes = spent + lapses + carried past the horizon. */
export interface MoneyBalance {
  /** Envelopes over the horizon, rand. */
  readonly envelopeRand: number;
  /** Spent over the horizon, rand. */
  readonly spentRand: number;
  /** Money that lapses, every amount (also those below the R50,000 the lapse list leaves out), rand. */
  readonly lapsingRand: number;
  /** Money carried past the horizon's end, rand. */
  readonly carriedPastHorizonRand: number;
}

/** The money balance of one purpose's sources, from the plan's Envelope use, so the console and Summary figures add up. */
export function moneyBalance(plan: Plan, dataset: Dataset, purpose: 'capital' | 'operating' = 'capital'): MoneyBalance {
  const lastYear = Math.max(...plan.financialYears);
  const sources = new Map(dataset.fundingSources.map((source) => [source.id, source]));
  let envelopeRand = 0;
  let spentRand = 0;
  let lapsingRand = 0;
  let carriedPastHorizonRand = 0;
  for (const use of plan.envelopeUse) {
    const source = sources.get(use.sourceId);
    if (source === undefined || (source.purpose === 'operating' ? 'operating' : 'capital') !== purpose) continue;
    envelopeRand += use.envelopeRand;
    spentRand += use.spentRand;
    lapsingRand += Math.max(0, use.envelopeRand + use.carriedInRand - use.spentRand - use.carriedOutRand);
    if (use.financialYear === lastYear) carriedPastHorizonRand += use.carriedOutRand;
  }
  return { envelopeRand: roundRand(envelopeRand), spentRand: roundRand(spentRand), lapsingRand: roundRand(lapsingRand), carriedPastHorizonRand: roundRand(carriedPastHorizonRand) };
}

/** `capital envelopes R12,816.4 million: spent R12,792.2 million, lapses R17.8 million, carried past the horizon R6.4 million`. */
export function moneyBalanceWords(balance: MoneyBalance, label: string): string {
  return `${label} ${formatRandMillion(balance.envelopeRand)}: spent ${formatRandMillion(balance.spentRand)}, lapses ${formatRandMillion(balance.lapsingRand)}, carried past the horizon ${formatRandMillion(balance.carriedPastHorizonRand)}`;
}

/**
 * Money that lapses per source and year: what is available (envelope plus carried in) and neither
 * spent nor carried out. Only a source without carry-over loses money inside the horizon; a
 * source with carry-over keeps it to the next year. Each entry lists the deferred projects that
 * could in fact take the money that year under the plan's rules (takesMoney), and, for the
 * others the source may pay for, why they cannot.
 */
export function lapsingMoney(plan: Plan, dataset: Dataset): LapsingMoney[] {
  const sources = new Map(dataset.fundingSources.map((source) => [source.id, source]));
  const order = new Map(dataset.fundingSources.map((source, index) => [source.id, index]));
  const takers = moneyTakers(plan, dataset);
  const lapses: LapsingMoney[] = [];
  for (const use of plan.envelopeUse) {
    const source = sources.get(use.sourceId);
    if (source === undefined || source.carryOver) continue;
    const lapsingRand = roundRand(Math.max(0, use.envelopeRand + use.carriedInRand - use.spentRand - use.carriedOutRand));
    if (lapsingRand < LISTED_UNSPENT_MIN_RAND) continue;
    const { candidates, barred } = takers(use.sourceId, use.financialYear);
    lapses.push({ sourceId: use.sourceId, sourceName: source.name, purpose: source.purpose === 'operating' ? 'operating' : 'capital', financialYear: use.financialYear, lapsingRand, candidates: candidates.slice(0, 3), barred });
  }
  return lapses.sort((left, right) => (order.get(left.sourceId) ?? 0) - (order.get(right.sourceId) ?? 0) || left.financialYear - right.financialYear);
}

/**
 * For a plan: a function giving, per source and year, the deferred projects that could take that
 * money under the plan's rules (takesMoney; most served first) and, for the others the source may
 * pay for, why they cannot. The funded projects are summed once.
 */
function moneyTakers(plan: Plan, dataset: Dataset): (sourceId: string, financialYear: number) => { readonly candidates: readonly LapseCandidate[]; readonly barred: readonly LapseBar[] } {
  const purposeOf = new Map(dataset.fundingSources.map((source) => [source.id, source.purpose === 'operating' ? ('operating' as const) : ('capital' as const)]));
  const projectById = new Map(dataset.projects.map((project) => [project.id, project]));
  const deferred = projectsOf(plan)
    .filter((planned) => !planned.funded && planned.deferralReason !== 'excluded')
    .flatMap((planned) => {
      const project = projectById.get(planned.id);
      return project === undefined ? [] : [project];
    });
  const funded = fundedPlanOf(plan, dataset);
  // In the deferral reasons' order: a project that would add nothing is no use for the money, whatever the rules allow.
  const addsNothing = new Set(projectsOf(plan).filter((planned) => !planned.funded && planned.deferralReason === 'no_benefit').map((planned) => planned.id));
  return (sourceId, financialYear) => {
    const purpose = purposeOf.get(sourceId) ?? 'capital';
    const candidates: LapseCandidate[] = [];
    const barCounts = new Map<string, number>();
    for (const project of deferred) {
      const mayPay = purpose === 'operating' ? eligibleOperatingSourceIds(project, dataset) : eligibleSourceIds(project, dataset);
      if (!mayPay.includes(sourceId)) continue;
      const rulesVerdict = takesMoney(project, purpose, financialYear, dataset, funded);
      const verdict = addsNothing.has(project.id) && rulesVerdict !== BAR_WORDS.window ? BAR_WORDS.noBenefit : rulesVerdict;
      if (verdict === true) {
        const peopleServed = isCentre(project) && centreCounts(project.anchorDepartments, dataset.config.policy) ? project.populationWithinReach : 0;
        candidates.push({ projectId: project.id, capexRand: project.capexRand, householdsServed: project.householdsServed, peopleServed });
      } else {
        barCounts.set(verdict, (barCounts.get(verdict) ?? 0) + 1);
      }
    }
    candidates.sort((left, right) => right.householdsServed + right.peopleServed - (left.householdsServed + left.peopleServed) || left.capexRand - right.capexRand || left.projectId.localeCompare(right.projectId));
    const barred = [...barCounts.entries()].map(([words, count]) => ({ words, count })).sort((left, right) => right.count - left.count || left.words.localeCompare(right.words));
    return { candidates, barred };
  };
}

/** Money that lapses over the horizon, capital and operating apart, rand. */
export function lapsedMoneyByPurpose(plan: Plan, dataset: Dataset): { readonly capitalRand: number; readonly operatingRand: number } {
  let capitalRand = 0;
  let operatingRand = 0;
  for (const lapse of lapsingMoney(plan, dataset)) {
    if (lapse.purpose === 'operating') operatingRand += lapse.lapsingRand;
    else capitalRand += lapse.lapsingRand;
  }
  return { capitalRand: roundRand(capitalRand), operatingRand: roundRand(operatingRand) };
}

/** What would use lapsing money, in one sentence; the allocation formulation has no projects to name. */
export function lapseUseWords(lapse: LapsingMoney, kind: Plan['kind'] = 'portfolio'): string {
  if (kind === 'allocation') return 'Not allocated: every municipality already receives its priced need in that year, so only more priced need (or higher unit costs) would use it.';
  const year = formatFinancialYear(lapse.financialYear);
  if (lapse.candidates.length === 0) {
    if (lapse.barred.length === 0) return `No deferred project may be paid from ${lapse.sourceId}: only a new project in the register that names it, or carry-over, would use it.`;
    const why = lapse.barred.map((bar) => `${bar.count} because ${bar.words}`).join('; ');
    return `No deferred project can take ${lapse.sourceId}'s money in ${year} under the plan's rules (of those it may pay for, ${why}): a project ready to start then, or carry-over, would use it.`;
  }
  const named = lapse.candidates.map((candidate) => {
    const served = candidate.householdsServed > 0 ? `${whole(candidate.householdsServed)} households` : candidate.peopleServed > 0 ? `${whole(candidate.peopleServed)} people within reach` : 'growth capacity';
    return `${candidate.projectId} (${formatRandMillion(candidate.capexRand)}, ${served})`;
  });
  // Short enough to take two lines on the Summary beside the amount.
  return lapse.purpose === 'operating'
    ? `Deferred centres whose running costs it could pay: ${named.join('; ')} (each must also be built, and its running costs paid every later year).`
    : `Deferred projects that could spend it: ${named.join('; ')} (each needs money in its other build years too).`;
}

/** Backlog at the start and left at the end of the horizon, per service. */
export interface BacklogLeft {
  /** Service id. */
  readonly serviceId: string;
  /** Service label. */
  readonly serviceLabel: string;
  /** What the backlog is counted in (model.yaml services `need_unit`). */
  readonly needUnit: NeedUnit;
  /** Backlog at the start (the service's need unit). */
  readonly backlogAtStart: number;
  /** Served over the horizon. */
  readonly served: number;
  /** Left unserved at the end of the horizon. */
  readonly leftAtEnd: number;
}

/** Backlog at the start, served and left at the end, per declared service (whole numbers). */
export function backlogLeft(plan: Plan, dataset: Dataset): BacklogLeft[] {
  const served = keyFigures(plan, dataset).householdsServedByService;
  return plan.services.map((service) => {
    const backlogAtStart = dataset.needs.filter((need) => need.service === service.id).reduce((sum, need) => sum + need.backlogHouseholds, 0);
    const servedCount = roundCount(served[service.id] ?? 0);
    return { serviceId: service.id, serviceLabel: service.label, needUnit: service.needUnit, backlogAtStart, served: servedCount, leftAtEnd: Math.max(0, backlogAtStart - servedCount) };
  });
}

/** Deferred projects per reason, most common first. */
export function deferralReasonCounts(plan: Plan): { reason: string; words: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const project of projectsOf(plan)) if (!project.funded) counts.set(project.deferralReason ?? 'budget', (counts.get(project.deferralReason ?? 'budget') ?? 0) + 1);
  return [...counts.entries()]
    .map(([reason, count]) => ({ reason, words: deferralReasonInWords(reason), count }))
    .sort((left, right) => right.count - left.count || left.reason.localeCompare(right.reason));
}

/** Deferred projects one policy rule keeps out of the plan: the rule, its setting's value and the projects. */
export interface PolicyDeferralGroup {
  /** The rule's key (`min_service_share`); `unknown` when no rule record reproduces the plan's deferral (a plan written by another version). */
  readonly ruleKey: string;
  /** The service of a per-service rule instance (`sanitation`). */
  readonly serviceId?: string;
  /** The setting's key path under `policy:` (`min_service_share.sanitation`), or null for a rule set elsewhere (the baseline lock). */
  readonly keyPath: string | null;
  /** The setting's value in the rule's own unit (0.3 for a 30% share), or null when the rule has no setting. */
  readonly value: number | null;
  /** The rule with its parameter, for a sentence: `the minimum sanitation share of 30%`. */
  readonly words: string;
  /** The deferred projects it keeps out, in register order. */
  readonly projectIds: readonly string[];
  /** Their capital cost together, rand. */
  readonly capexRand: number;
}

/**
 * The policy deferrals of a portfolio plan grouped by the rule that keeps each project out, the
 * rule that costs the most projects first. Each project's rule and setting are read from the plan
 * (PlannedProject.deferredBy, recorded where the deferral was decided); a per-service rule (the
 * minimum service share) is split by service. A plan written before the record existed groups
 * its policy deferrals under `unknown`.
 */
export function policyDeferralGroups(plan: Plan, dataset: Dataset): PolicyDeferralGroup[] {
  if (plan.kind !== 'portfolio') return [];
  const groups = new Map<string, { group: Omit<PolicyDeferralGroup, 'projectIds' | 'capexRand'>; projectIds: string[]; capexRand: number }>();
  for (const planned of projectsOf(plan)) {
    if (planned.funded || planned.deferralReason !== 'policy') continue;
    const deferredBy = planned.deferredBy ?? null;
    const group: Omit<PolicyDeferralGroup, 'projectIds' | 'capexRand'> =
      deferredBy === null
        ? { ruleKey: 'unknown', keyPath: null, value: null, words: 'another policy rule' }
        : {
            ruleKey: deferredBy.rule,
            ...(deferredBy.serviceId !== undefined ? { serviceId: deferredBy.serviceId } : {}),
            keyPath: deferredBy.settingKey,
            value: deferredBy.setting,
            words: deferredByWords(deferredBy, PORTFOLIO_ROW_RULES, dataset),
          };
    const key = `${group.ruleKey}|${group.serviceId ?? ''}`;
    const entry = groups.get(key) ?? { group, projectIds: [], capexRand: 0 };
    entry.projectIds.push(planned.id);
    entry.capexRand += planned.capexRand;
    groups.set(key, entry);
  }
  return [...groups.values()]
    .map((entry) => ({ ...entry.group, projectIds: entry.projectIds, capexRand: roundRand(entry.capexRand) }))
    .sort((left, right) => right.projectIds.length - left.projectIds.length || right.capexRand - left.capexRand || left.words.localeCompare(right.words));
}

/**
 * The policy deferrals by rule in one sentence, the rule that keeps most projects out first:
 * "Of the 67 projects a policy rule keeps out, the minimum sanitation share of 30% keeps out 63
 * (R3,200.1 million) and the anchor-department rule 4 (R10.0 million)." Null without policy deferrals.
 */
export function policyDeferralWords(groups: readonly PolicyDeferralGroup[]): string | null {
  if (groups.length === 0) return null;
  const total = groups.reduce((sum, group) => sum + group.projectIds.length, 0);
  if (groups.length === 1) {
    const [only] = groups;
    return total === 1
      ? `The one project a policy rule keeps out (${formatRandMillion(only.capexRand)}) is kept out by ${only.words}.`
      : `All ${total} projects a policy rule keeps out (${formatRandMillion(only.capexRand)} of projects) are kept out by ${only.words}.`;
  }
  const parts = groups.map((group, index) => `${group.projectIds.length} (${formatRandMillion(group.capexRand)}${index === 0 ? ' of projects' : ''}) ${index === 0 ? (group.projectIds.length === 1 ? 'is kept out ' : 'are kept out ') : ''}by ${group.words}`);
  return `Of the ${total} projects a policy rule keeps out, ${joinedWithAnd(parts)}.`;
}

/** Funded projects one rule holds in (funding reason `policy`): the rule in words and the projects. */
export interface FundedForRuleGroup {
  /** The rule with its setting, for a sentence: `the minimum sanitation share of 30%`. */
  readonly words: string;
  /** The funded projects it holds in, in register order. */
  readonly projectIds: readonly string[];
  /** Those of them that count no benefit at all (the Funded projects sheet shows Benefit 0). */
  readonly noBenefitCount: number;
  /** Their capital cost together, rand. */
  readonly capexRand: number;
}

/**
 * The funded projects a rule holds in rather than their benefit (PlannedProject.fundingReason
 * `policy`: without each the plan would break the rule, and it buys less per rand than any free
 * choice), grouped by the rule instance that needs them, most projects first. A plan written before
 * fundingRule existed groups them by the rule's key.
 */
export function fundedForRuleGroups(plan: Plan, dataset: Dataset): FundedForRuleGroup[] {
  const groups = new Map<string, { words: string; projectIds: string[]; noBenefitCount: number; capexRand: number }>();
  for (const planned of projectsOf(plan)) {
    if (!planned.funded || planned.fundingReason !== 'policy') continue;
    const record = planned.fundingRule ?? null;
    const key = record === null ? (planned.fundingRuleKey ?? 'unknown') : `${record.rule}|${record.serviceId ?? ''}`;
    const words =
      record !== null
        ? deferredByWords(record, PORTFOLIO_ROW_RULES, dataset)
        : (PORTFOLIO_ROW_RULES.find((rule) => rule.key === planned.fundingRuleKey)?.words() ?? 'a policy rule');
    const entry = groups.get(key) ?? { words, projectIds: [], noBenefitCount: 0, capexRand: 0 };
    entry.projectIds.push(planned.id);
    if (planned.benefit <= 0) entry.noBenefitCount += 1;
    entry.capexRand += planned.capexRand;
    groups.set(key, entry);
  }
  return [...groups.values()]
    .map((entry) => ({ ...entry, capexRand: roundRand(entry.capexRand) }))
    .sort((left, right) => right.projectIds.length - left.projectIds.length || right.capexRand - left.capexRand || left.words.localeCompare(right.words));
}

/**
 * The funded-for-a-rule groups in one sentence for the Summary (new-user review u1, 4: seven
 * sanitation works of R761.9 million showed Benefit 0 and nothing said why): "Funded for a rule,
 * not for their benefit: 7 projects (R761.9 million, benefit 0) for the minimum sanitation share
 * of 30%." Short, so the Summary keeps its pages. Null when no rule holds a project in.
 */
export function fundedForRuleWords(groups: readonly FundedForRuleGroup[]): string | null {
  if (groups.length === 0) return null;
  const parts = groups.map((group, index) => {
    const count = group.projectIds.length;
    const zero = group.noBenefitCount === 0 ? '' : group.noBenefitCount === count ? ', benefit 0' : `, ${group.noBenefitCount} with benefit 0`;
    const noun = index === 0 ? (count === 1 ? ' project' : ' projects') : '';
    return `${count}${noun} (${formatRandMillion(group.capexRand)}${zero}) for ${group.words}`;
  });
  return `Funded for a rule, not for their benefit: ${joinedWithAnd(parts)}.`;
}

/** A relative gap as a percentage for a sentence: `0.07%`, `1.25%`, `less than 0.01%`. */
export function gapPercentWords(gap: number): string {
  const percent = gap * 100;
  if (percent > 0 && percent < 0.005) return 'less than 0.01%';
  return `${Number(percent.toFixed(2))}%`;
}

/**
 * How good the plan is, in words an official can repeat: the plan's status and gap read as a
 * promise about every other plan. The gap is |bound - objective| / max(1, |objective|)
 * (docs/engines.md), so for a portfolio plan no plan within the same envelopes and rules has more
 * than gap x this plan's benefit more; a plan stopped at a time limit says that a better plan
 * may exist, by at most that much. For the allocation (it minimises weighted unmet need) the
 * promise is about unmet need.
 */
export function planQualityWords(plan: Plan, dataset: Dataset): string {
  const portfolio = plan.kind === 'portfolio';
  const unit = portfolio ? objectiveWords(dataset).unit : 'weighted unmet need';
  const gap = plan.gap;
  if (plan.status === 'optimal') {
    if (gap === null || gap * 100 < 0.005) {
      return portfolio
        ? `How good this plan is: no plan within the same envelopes and rules gives more ${unit} than this one.`
        : 'How good this plan is: no other division of the same envelopes, under the same rules, leaves less weighted unmet need than this one.';
    }
    return portfolio
      ? `How good this plan is: no plan within the same envelopes and rules can give more than ${gapPercentWords(gap)} more ${unit} than this one.`
      : `How good this plan is: no other division of the same envelopes, under the same rules, can leave more than ${gapPercentWords(gap)} less weighted unmet need than this one.`;
  }
  if (plan.status === 'feasible') {
    if (gap === null) return 'How good this plan is: the search was stopped at its time limit before it could prove this plan the best, so a better plan may exist, and how much better is not known.';
    return portfolio
      ? `How good this plan is: the search was stopped at its time limit before it could prove this plan the best, so a better plan may exist, but none can give more than ${gapPercentWords(gap)} more ${unit} than this one.`
      : `How good this plan is: the search was stopped at its time limit before it could prove this division of the money the best; a better one may exist, but none leaves more than ${gapPercentWords(gap)} less weighted unmet need.`;
  }
  return 'How good this plan is: no plan was found that keeps every rule within the envelopes, so the figures below describe no plan.';
}

/**
 * What one benefit point is, in one sentence, for the Summary where the points first appear (the
 * Assumptions sheet has the whole definition, benefitDefinitionWords): the points per household,
 * per Ml/day (capacity added, or shortfall closed per year under a master plan) and per person
 * within reach of a new centre, as the model's policy sets them, the municipality's weight and the
 * discount rate. Null when the plan maximises something other than benefit points.
 */
export function benefitPointWords(dataset: Dataset): string | null {
  if (!objectiveWords(dataset).hasSplit) return null;
  const { policy } = dataset.config;
  const number = (value: number): string => value.toLocaleString('en-GB', { maximumFractionDigits: 3 });
  const households = `${number(policy.benefitPerHousehold)} ${policy.benefitPerHousehold === 1 ? 'point' : 'points'} for each backlog household given the basic service`;
  const capacity =
    policy.benefitPerMlPerDay <= 0
      ? []
      : dataset.capacityBalances !== undefined
        ? [`${number(policy.benefitPerMlPerDay)} for each megalitre a day of a master plan shortfall closed, in every year it is closed`]
        : [`${number(policy.benefitPerMlPerDay)} for each megalitre a day of capacity added`];
  const hasCentres = dataset.config.services.some((service) => service.blocks.length > 0) && policy.benefitPerPersonWithinReach > 0;
  const centres = hasCentres ? [`${number(policy.benefitPerPersonWithinReach)} for each person brought within reach of a new service centre, times the share of the services it offers`] : [];
  return (
    `What "benefit points" means: the plan counts the good each project does in points, ${joinedWithAnd([households, ...capacity, ...centres])}; ` +
    `each is multiplied by its municipality's weight, higher where need and growth potential are higher, and counts ${policy.discountRatePercent}% a year less the later it comes.`
  );
}

/** `backlog households`, `people in the backlog`: what a service's served count counts, for a sentence. */
export function backlogUnitWords(needUnit: NeedUnit): string {
  return needUnit === 'households' ? 'backlog households' : `${needUnitWords(needUnit)} in the backlog`;
}

/** `12,345` */
function whole(value: number): string {
  return Math.round(value).toLocaleString('en-GB');
}

/** The plain-words paragraph of what the plan decides, for the top of the Summary. */
export function planInPlainWords(plan: Plan, dataset: Dataset): string {
  const figures = keyFigures(plan, dataset);
  const years = plan.financialYears;
  const horizon = years.length === 0 ? '' : ` from ${formatFinancialYear(years[0])} to ${formatFinancialYear(years[years.length - 1])}`;
  const sentences: string[] = [];
  const hasOperating = dataset.fundingSources.some((source) => source.purpose === 'operating');
  // Capital and operating money are named apart: a total that mixed them would match neither envelope.
  sentences.push(
    `The plan spends ${formatRandMillion(figures.plannedSpendingRand)} of the ${formatRandMillion(figures.envelopeTotalRand)} ${hasOperating ? 'capital ' : ''}available${horizon} (${(100 * figures.shareOfEnvelopeUsed).toFixed(1)}%)` +
      (hasOperating ? `, and ${formatRandMillion(figures.runningCostsRand)} of the ${formatRandMillion(figures.operatingEnvelopeRand)} operating money on the running costs of funded centres.` : '.'),
  );
  if (plan.kind === 'portfolio') {
    sentences.push(`It funds ${figures.fundedProjectCount} of the ${figures.fundedProjectCount + figures.deferredProjectCount} projects in the register and defers ${figures.deferredProjectCount}.`);
    const forRules = fundedForRuleWords(fundedForRuleGroups(plan, dataset));
    if (forRules !== null) sentences.push(forRules);
  } else {
    sentences.push('It divides each year\'s money between municipalities and services in proportion to weighted need, without choosing projects.');
  }
  const backlog = backlogLeft(plan, dataset);
  // Each service in its own need unit (a Thusong centre reaches people, a water scheme households),
  // named by its declared label, as the model declares it (a proper name keeps its capital).
  const reached = backlog.map((entry) => `${whole(entry.served)} of ${whole(entry.backlogAtStart)} ${backlogUnitWords(entry.needUnit)} for ${entry.serviceLabel}`);
  if (reached.length > 0) sentences.push(`It reaches ${reached.join(', and ')}.`);
  // What remains says its unit too: 886 households of water beside 1,010,167 people of Thusong read as one count without it.
  const left = backlog.filter((entry) => entry.leftAtEnd > 0).map((entry) => `${whole(entry.leftAtEnd)} ${needUnitWords(entry.needUnit)} for ${entry.serviceLabel}`);
  const lastYear = years[years.length - 1];
  sentences.push(left.length > 0 ? `At the end of ${lastYear === undefined ? 'the horizon' : formatFinancialYear(lastYear)} ${left.join(' and ')} remain unserved.` : 'No backlog remains unserved at the end of the horizon.');
  if (plan.kind === 'portfolio') {
    const reasons = deferralReasonCounts(plan).slice(0, 3);
    if (reasons.length > 0) sentences.push(`Projects wait mainly because: ${reasons.map((entry) => `${entry.words.charAt(0).toLowerCase()}${entry.words.slice(1)} (${entry.count})`).join('; ')}.`);
    const byRule = policyDeferralWords(policyDeferralGroups(plan, dataset));
    if (byRule !== null) sentences.push(byRule);
  }
  const lapsed = lapsedMoneyByPurpose(plan, dataset);
  if (lapsed.capitalRand + lapsed.operatingRand > 0) {
    const parts = [
      ...(lapsed.capitalRand > 0 ? [`${formatRandMillion(lapsed.capitalRand)} of ${hasOperating ? 'capital ' : ''}grants`] : []),
      ...(lapsed.operatingRand > 0 ? [`${formatRandMillion(lapsed.operatingRand)} of operating money (running costs)`] : []),
    ];
    sentences.push(`${parts.join(' and ')} without carry-over ${parts.length > 1 ? 'are' : 'is'} not spent and ${parts.length > 1 ? 'lapse' : 'lapses'} (see Money that lapses below).`);
  }
  return sentences.join(' ');
}

/** A marginal value of money in a sentence, with why it is zero or flat where it is. */
export interface MarginalSentence {
  /** Source id. */
  readonly sourceId: string;
  /** Financial year. */
  readonly financialYear: number;
  /** Objective gained per extra R1 million (benefit points, or weighted R million met for the allocation). */
  readonly perMillion: number;
  /** The sentence. */
  readonly words: string;
}

/** How the reports name what a portfolio plan maximises (policy `objective_measure`). */
export interface ObjectiveWords {
  /** The unit in a sentence: "buys about 4.2 benefit points". */
  readonly unit: string;
  /** The label of the plan's total, with its unit: `Total benefit (points)`. */
  readonly totalLabel: string;
  /** A column header for a project's share of it: `Benefit (points)`. */
  readonly projectHeader: string;
  /** What the total counts, for the Summary's comment. */
  readonly meaning: string;
  /** Whether the need-led and growth-led split means anything (only for benefit points). */
  readonly hasSplit: boolean;
  /** The Envelope use sheet's header of the marginal value of money. */
  readonly marginalHeader: string;
  /** The aim in the Summary's question: "... to serve the most need and growth". */
  readonly aim: string;
}

/**
 * What benefit points count, in the Summary's comment (short: the Assumptions sheet has the whole
 * definition, benefitDefinitionWords). The need-led and growth-led parts split every project's
 * points by the two parts of its municipality's weight, not households against capacity.
 */
const BENEFIT_MEANING_WITHOUT_MASTER_PLAN = 'Households served and capacity added, weighted by need and growth, discounted to each completion year; need-led and growth-led are the two parts of the weights';

/** The same under a master plan, where benefit_per_ml_per_day counts shortfall closed per year instead of capacity added. */
const BENEFIT_MEANING_WITH_MASTER_PLAN = 'Households served and master plan shortfall closed (per Ml/day per year in service), weighted by need and growth and discounted; see the Assumptions sheet';

/**
 * The whole definition of the benefit a run with benefit points used, for the Assumptions sheet:
 * what benefit_per_ml_per_day meant in this run (capacity added, or shortfall closed per year
 * under a master plan), what a committed project earns and when each part counts.
 */
export function benefitDefinitionWords(dataset: Dataset): string {
  const { policy } = dataset.config;
  const discount = `discounted at ${policy.discountRatePercent}% a year`;
  const own =
    `Households served (benefit_per_household = ${policy.benefitPerHousehold} point each) and, for a new centre, people within reach × its block factor (benefit_per_person_within_reach = ${policy.benefitPerPersonWithinReach}) count once, ${discount} to the project’s completion year (its last build year), so a longer lead time is worth less.`;
  const weights = 'Every part is multiplied by the municipality’s weight, whose need and growth parts give the need-led and growth-led benefit.';
  if (dataset.capacityBalances === undefined) {
    return `${own} Capacity counts benefit_per_ml_per_day = ${policy.benefitPerMlPerDay} points per Ml/day added, once, discounted the same way. ${weights}`;
  }
  return (
    `${own} This run used the master plan, so benefit_per_ml_per_day (${policy.benefitPerMlPerDay}) counts points per Ml/day of master plan shortfall closed per year in service, not per Ml/day added: ` +
    'a candidate’s capacity counts in every year from the year after its completion in which its balance is short, never more than the shortfall, each year discounted to that year. ' +
    'A committed project’s capacity is already in the balances (as existing from its latest possible completion), so it earns nothing for it; its households still count. ' +
    `Rows with a benefit_override, and capacity of a type no balance lists, count as without a master plan. ${weights}`
  );
}

/** The words of each `objective_measure` value, as records (0 benefit points, 1 capacity added, 2 households served). */
export const OBJECTIVE_WORDS: Readonly<Record<number, ObjectiveWords>> = {
  [OBJECTIVE_MEASURES.benefitPoints]: {
    unit: 'benefit points',
    totalLabel: 'Total benefit (points)',
    projectHeader: 'Benefit (points)',
    meaning: BENEFIT_MEANING_WITHOUT_MASTER_PLAN,
    hasSplit: true,
    marginalHeader: 'Benefit of one more R1 million (points)',
    aim: 'to serve the most need and growth',
  },
  [OBJECTIVE_MEASURES.capacityAddedMlPerDay]: {
    unit: 'Ml/day of capacity added',
    totalLabel: 'Objective: capacity added (Ml/day)',
    projectHeader: 'Capacity added (Ml/day)',
    meaning: 'objective_measure 1: the plan maximises the capacity its projects add, unweighted and undiscounted',
    hasSplit: false,
    marginalHeader: 'Capacity one more R1 million adds (Ml/day)',
    aim: 'to add the most bulk capacity',
  },
  [OBJECTIVE_MEASURES.householdsServed]: {
    unit: 'backlog households served',
    totalLabel: 'Objective: households served',
    projectHeader: 'Objective: households served',
    meaning: 'objective_measure 2: the plan maximises the backlog households it serves, unweighted and undiscounted',
    hasSplit: false,
    marginalHeader: 'Households one more R1 million serves',
    aim: 'to serve the most backlog households',
  },
};

/** The words for what `dataset`'s policy has the portfolio maximise (benefit points unless objective_measure says otherwise). */
export function objectiveWords(dataset: Dataset): ObjectiveWords {
  const words = OBJECTIVE_WORDS[dataset.config.policy.objectiveMeasure] ?? OBJECTIVE_WORDS[OBJECTIVE_MEASURES.benefitPoints];
  // A run with the master plan counts capacity as shortfall closed, so its benefit means something else.
  return words.hasSplit && dataset.capacityBalances !== undefined ? { ...words, meaning: BENEFIT_MEANING_WITH_MASTER_PLAN } : words;
}

/**
 * The marginal value of money per source and year in words: "One more R1 million of MIG in
 * 2027/28 buys about 4.2 benefit points (1.1 times what the plan's average R1 million buys)". A
 * zero is explained by the money of that year being left unspent already (it lapses or is carried
 * out, so the envelope does not bind) or by no deferred project being able to use it. A year whose
 * unspent money carries over to the next says so: its value is the next year's.
 */
export function marginalValueSentences(plan: Plan, dataset: Dataset): MarginalSentence[] {
  if (plan.marginalValues.length === 0) return [];
  const unit = marginalUnit(plan, dataset);
  const averagePerMillion = averageValuePerMillion(plan, dataset);
  const unspent = unspentKeys(plan, dataset);
  const useByKey = new Map(plan.envelopeUse.map((use) => [`${use.sourceId}|${use.financialYear}`, use]));
  return sortedMarginalValues(plan, dataset).map((value) => {
    const perMillion = perMillionOf(value);
    const key = `${value.sourceId}|${value.financialYear}`;
    const year = formatFinancialYear(value.financialYear);
    let words: string;
    if (perMillion === 0) {
      words = unspent.has(key)
        ? `One more R1 million of ${value.sourceId} in ${year} buys nothing: money of that year is already left unspent, so with the funded projects kept more of it would be left unspent too.`
        : `One more R1 million of ${value.sourceId} in ${year} buys nothing: no deferred project that this source may pay for could spend it then (start windows, prerequisites or the other years' money hold them back).`;
    } else {
      words = `One more R1 million of ${value.sourceId} in ${year} buys about ${decimal(perMillion)} ${unit}${relativeWords(perMillion, averagePerMillion)}.`;
      // Only where the numbers show it: money of this year left unspent and carried to the next.
      if ((useByKey.get(key)?.carriedOutRand ?? 0) > NOISE_RAND) words += ' Money of this year is carried over unspent to the next, so one more R1 million here is worth what it is worth there.';
    }
    return { sourceId: value.sourceId, financialYear: value.financialYear, perMillion, words };
  });
}

/**
 * What the marginal values are, in words, for the Summary. For the portfolio they are duals of an LP
 * that keeps the funded projects and lets deferred projects take money in part, so a value is the
 * rate at which the next project(s) would return benefit, not a promise that R1 million completes
 * one; money the plan already leaves unspent is worth 0 (docs/formulations.md). The allocation is
 * itself an LP, so its values are exact for a small change.
 */
export function marginalValueMeaning(plan: Plan): string {
  return plan.kind === 'portfolio'
    ? 'Each value keeps the funded projects as planned and counts a deferred project in part: it is the rate at which one more R1 million would pay for part of the next projects, and a whole project may need more. ' +
        'Money of a source and year that is already left unspent (it lapses or is carried past the horizon) is worth nothing in this sense: more of it would be left unspent too.'
    : 'Each value is exact for a small change in that envelope: the allocation is a linear program, so its money can be split finely. Money already left unspent is worth nothing more.';
}

/** Marginal values per R1 million rounded to the hundredth, as the Envelope use sheet shows them (0 below half a hundredth). */
function perMillionOf(value: { readonly objectivePerRand: number }): number {
  const perMillion = Math.round(value.objectivePerRand * RAND_PER_MILLION * 100) / 100;
  return Math.abs(perMillion) < 0.005 ? 0 : perMillion;
}

/** `35.34` */
function decimal(value: number): string {
  return value.toLocaleString('en-GB', { maximumFractionDigits: 2 });
}

function marginalUnit(plan: Plan, dataset: Dataset): string {
  return plan.kind === 'portfolio' ? objectiveWords(dataset).unit : 'weighted R million of need met';
}

/** What the plan's average R1 million of capital buys (objective over planned capital spending, per million). */
function averageValuePerMillion(plan: Plan, dataset: Dataset): number {
  const figures = keyFigures(plan, dataset);
  return figures.plannedSpendingRand > 0 ? (plan.benefit.total * RAND_PER_MILLION) / figures.plannedSpendingRand : 0;
}

function relativeWords(perMillion: number, averagePerMillion: number): string {
  return averagePerMillion > 0 ? ` (${(perMillion / averagePerMillion).toFixed(1)} times what the plan's average R1 million buys)` : '';
}

/** `source|year` of every source and year whose money is partly left unspent: it lapses or is carried out. */
function unspentKeys(plan: Plan, dataset: Dataset): ReadonlySet<string> {
  const keys = new Set(lapsingMoney(plan, dataset).map((lapse) => `${lapse.sourceId}|${lapse.financialYear}`));
  for (const use of plan.envelopeUse) if (use.carriedOutRand > NOISE_RAND) keys.add(`${use.sourceId}|${use.financialYear}`);
  return keys;
}

function sortedMarginalValues(plan: Plan, dataset: Dataset): Plan['marginalValues'][number][] {
  const order = new Map(dataset.fundingSources.map((source, index) => [source.id, index]));
  return [...plan.marginalValues].sort((left, right) => (order.get(left.sourceId) ?? 0) - (order.get(right.sourceId) ?? 0) || left.financialYear - right.financialYear);
}

/** Years in words: `2026/27`, `2026/27 to 2031/32`, or a list of such runs joined with commas and "and". */
function yearsInWords(years: readonly number[]): string {
  const runs: number[][] = [];
  for (const year of [...years].sort((left, right) => left - right)) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[last.length - 1] === year - 1) last.push(year);
    else runs.push([year]);
  }
  return joinedWithAnd(runs.map((run) => (run.length === 1 ? formatFinancialYear(run[0]) : `${formatFinancialYear(run[0])} to ${formatFinancialYear(run[run.length - 1])}`)));
}

/** `a`, `a and b`, `a, b and c`. */
function joinedWithAnd(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** Runs of one source's values: consecutive years with the same value, in year order. */
interface ValueRun {
  readonly perMillion: number;
  readonly years: number[];
}

/** Distinct values of a source before the Summary gives its range instead of every value. */
const MAX_VALUES_NAMED = 4;

/**
 * One sentence per funding source with marginal values: every year's value (equal consecutive
 * years together) or, with more than MAX_VALUES_NAMED distinct values, the range and where it is
 * highest; the years in which it buys nothing with the reason the numbers give (the money of that
 * year is already left unspent, or no deferred project could use it then). Equal values are
 * explained only where the numbers show why: a source that carries over, with its unspent money
 * carried from each of those years to the next, is worth the same in each of them. Nothing is
 * said of equal values the plan gives no reason for.
 */
export function marginalValueBySourceWords(plan: Plan, dataset: Dataset): string[] {
  if (plan.marginalValues.length === 0) return [];
  const unit = marginalUnit(plan, dataset);
  const averagePerMillion = averageValuePerMillion(plan, dataset);
  const unspent = unspentKeys(plan, dataset);
  const carryOver = new Map(dataset.fundingSources.map((source) => [source.id, source.carryOver]));
  const useByKey = new Map(plan.envelopeUse.map((use) => [`${use.sourceId}|${use.financialYear}`, use]));
  const values = sortedMarginalValues(plan, dataset);
  const takers = moneyTakers(plan, dataset);
  const sentences: string[] = [];
  for (const sourceId of [...new Set(values.map((value) => value.sourceId))]) {
    const ofSource = values.filter((value) => value.sourceId === sourceId);
    const runs: ValueRun[] = [];
    for (const value of ofSource) {
      const perMillion = perMillionOf(value);
      const last = runs[runs.length - 1];
      if (last !== undefined && last.perMillion === perMillion && last.years[last.years.length - 1] === value.financialYear - 1) last.years.push(value.financialYear);
      else runs.push({ perMillion, years: [value.financialYear] });
    }
    const zeroYears = ofSource.filter((value) => perMillionOf(value) === 0).map((value) => value.financialYear);
    const unspentYears = zeroYears.filter((year) => unspent.has(`${sourceId}|${year}`));
    // A zero with the money used up: say "no project could take it" only where the rules show none could.
    const usedUp = zeroYears.filter((year) => !unspent.has(`${sourceId}|${year}`));
    const blockedYears = usedUp.filter((year) => takers(sourceId, year).candidates.length === 0);
    const otherYears = usedUp.filter((year) => !blockedYears.includes(year));
    const zeroParts = [
      ...(unspentYears.length > 0 ? [`nothing in ${yearsInWords(unspentYears)} (money of ${unspentYears.length === 1 ? 'that year' : 'those years'} is already left unspent)`] : []),
      ...(blockedYears.length > 0 ? [`nothing in ${yearsInWords(blockedYears)} (no deferred project could take ${sourceId}'s money then under the plan's rules)`] : []),
      ...(otherYears.length > 0 ? [`nothing in ${yearsInWords(otherYears)} (the deferred projects that could spend it then need money of other years too, so that year's money alone buys none of them)`] : []),
    ];
    const paying = runs.filter((run) => run.perMillion !== 0);
    if (paying.length === 0) {
      const all = ofSource.length > 1 && zeroYears.length === ofSource.length;
      // The unit named even here, so every sentence says what is measured.
      sentences.push(`One more R1 million of ${sourceId} buys no ${unit}${all ? ' in any year' : ''}: ${zeroParts.map((part) => part.replace(/^nothing /, '')).join('; ')}.`);
      continue;
    }
    const highest = Math.max(...paying.map((run) => run.perMillion));
    const highestYears = paying.filter((run) => run.perMillion === highest).flatMap((run) => run.years);
    const distinct = new Set(paying.map((run) => run.perMillion));
    let valueParts: string[];
    if (distinct.size <= MAX_VALUES_NAMED) {
      const byValue = [...distinct].sort((left, right) => right - left).map((perMillion, index) => {
        const years = paying.filter((run) => run.perMillion === perMillion).flatMap((run) => run.years);
        return index === 0 ? `about ${decimal(perMillion)} ${unit} in ${yearsInWords(years)}${relativeWords(perMillion, averagePerMillion)}` : `about ${decimal(perMillion)} in ${yearsInWords(years)}`;
      });
      valueParts = [...byValue, ...zeroParts];
    } else {
      const lowest = Math.min(...paying.map((run) => run.perMillion));
      valueParts = [`between ${decimal(lowest)} and ${decimal(highest)} ${unit} depending on the year, the most (${decimal(highest)}${relativeWords(highest, averagePerMillion).replace(/^ \(/, ', ').replace(/\)$/, '')}) in ${yearsInWords(highestYears)}`, ...zeroParts];
    }
    // Why equal years are equal, only where the numbers show it: unspent money carried from each year to the next.
    const carriedRuns = carryOver.get(sourceId)
      ? runs.filter((run) => run.years.length > 1 && run.years.slice(0, -1).every((year) => (useByKey.get(`${sourceId}|${year}`)?.carriedOutRand ?? 0) > NOISE_RAND))
      : [];
    const carried = carriedRuns.length > 0 ? ` The value is the same in ${yearsInWords(carriedRuns.flatMap((run) => run.years))} because unspent money is carried from each of those years to the next.` : '';
    sentences.push(`One more R1 million of ${sourceId} buys ${joinedWithAnd(valueParts)}.${carried}`);
  }
  return sentences;
}

/**
 * For the allocation formulation: how much of the envelopes the priced need uses. With default
 * unit costs the whole backlog can be priced below the envelopes (a budget cut then still serves
 * it all), which an official must be told rather than read "the full backlog served" as a finding.
 */
export interface PricedNeed {
  /** The backlog and capacity shortfall priced at the model's unit costs, rand. */
  readonly pricedNeedRand: number;
  /** Every envelope over the horizon, rand. */
  readonly envelopeTotalRand: number;
  /** Priced need / envelopes. */
  readonly shareOfEnvelopes: number;
}

/** The priced need of an allocation plan against its envelopes, or null for a portfolio plan. */
export function pricedNeed(plan: Plan, dataset: Dataset): PricedNeed | null {
  if (plan.kind !== 'allocation') return null;
  const pricedNeedRand = serviceNeedsRand(dataset).reduce((sum, need) => sum + need.totalRand, 0);
  const envelopeTotalRand = plan.envelopeUse.reduce((sum, use) => sum + use.envelopeRand, 0);
  return { pricedNeedRand, envelopeTotalRand, shareOfEnvelopes: envelopeTotalRand > 0 ? pricedNeedRand / envelopeTotalRand : 0 };
}

/** The priced-need sentence, or null when the need is larger than the envelopes (the usual case). */
export function pricedNeedWords(priced: PricedNeed | null): string | null {
  if (priced === null || priced.pricedNeedRand >= priced.envelopeTotalRand) return null;
  return (
    `The backlog priced at the model's unit costs is ${formatRandMillion(priced.pricedNeedRand)}, ${(100 * priced.shareOfEnvelopes).toFixed(1)}% of the ${formatRandMillion(priced.envelopeTotalRand)} of envelopes: ` +
    'the whole backlog is served because the priced need is smaller than the money, not because the money suffices for real costs; check the unit costs.'
  );
}
