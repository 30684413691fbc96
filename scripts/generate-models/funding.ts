/**
 * Illustrative capital funding envelopes, sized against the register the master plan stage made:
 * its cost profile by year and by grant eligibility.
 *
 * 1. What the register asks for (`registerCostProfile`): every project the plan can use, its cash
 *    flow averaged over the start years it may take (its window inside the horizon), and each
 *    year's amount shared among its eligible sources with the sources' sizing weights. A project
 *    the plan cannot use asks for nothing: an excluded one, every option of an exclusive group but
 *    the cheapest (the plan funds one), and a capacity upgrade needed only after the horizon (its
 *    shortfall lies beyond the plan, so funding it earns nothing within it; docs/formulations.md).
 * 2. Each source's envelope in a year is what the committed projects ask of it that year in full
 *    (they are under construction: their money is budgeted first) plus FUNDABLE_SHARE_OF_REGISTER
 *    of what the candidates ask of it (`buildFundingRows`), so money is equally scarce in every
 *    year and for every grant, and no grant is larger in a year than what it may pay for then.
 *
 * Which of a capacity upgrade's starts ask for money is a per-model setting (`EnvelopeSizing`):
 * every start whose cash flow ends within the horizon, or only those that put the capacity in
 * service within the plan (finished before the horizon's last year), as a run with the master
 * plan stage counts it (a capacity project earns only the shortfall it closes once in service).
 *
 * Both are in the register's rand: the stage's cost curves are base-year prices, so the envelopes
 * are too (no escalation on either side). docs/data-sources.md ("funding.csv") explains the basis
 * and records the default run before and after.
 */
import { formatFinancialYear } from '../../src/dataset/financial-year.js';
import { BASE_FINANCIAL_YEAR, ENVELOPE_ROUNDING_RAND, FUNDABLE_SHARE_OF_REGISTER, HORIZON_YEARS } from './assumptions.js';
import type { CsvRow } from './tables.js';

/** A funding source of the models. */
export interface FundingSourceDefinition {
  /** Source id used in projects.csv. */
  readonly id: string;
  /** Name for reports. */
  readonly name: string;
  /** Whether unspent money may be carried to the next year. */
  readonly carryOver: boolean;
  /** Relative weight when a project's yearly spending is shared among its sources to size the envelopes. */
  readonly sizingWeight: number;
}

/**
 * The sources in the order written. Conditional grants (RBIG, WSIG, MIG, USDG) do not carry over:
 * unspent conditional grants are surrendered to the National Revenue Fund unless National Treasury
 * approves a roll-over. Provincial co-funding and municipal own funds are budgeted by the province
 * and the municipality themselves, so the model lets them carry over.
 */
export const FUNDING_SOURCES: readonly FundingSourceDefinition[] = [
  { id: 'RBIG', name: 'Regional Bulk Infrastructure Grant', carryOver: false, sizingWeight: 3 },
  { id: 'WSIG', name: 'Water Services Infrastructure Grant', carryOver: false, sizingWeight: 2 },
  { id: 'MIG', name: 'Municipal Infrastructure Grant (bulk services and community facilities share)', carryOver: false, sizingWeight: 3 },
  { id: 'USDG', name: 'Urban Settlements Development Grant (bulk water and sanitation share)', carryOver: false, sizingWeight: 3 },
  { id: 'PROV', name: 'Provincial co-funding', carryOver: true, sizingWeight: 1 },
  { id: 'OWN', name: 'Municipal own funds', carryOver: true, sizingWeight: 1 },
];

/** What a register project asks of the capital envelopes. */
export interface EnvelopeDemand {
  /** Project id (for the order of an exclusive group's options only). */
  readonly id: string;
  /** Register status: an excluded project asks for nothing. */
  readonly status: 'candidate' | 'committed' | 'excluded';
  /** Capital sources it may draw on. */
  readonly fundingSourceIds: readonly string[];
  /** Capital cost in rand. */
  readonly capexRand: number;
  /** Spending in rand per build year; sums to capexRand. */
  readonly cashFlowRandByBuildYear: readonly number[];
  /** Earliest start, financial year. */
  readonly earliestStartYear: number;
  /** Latest start, financial year. */
  readonly latestStartYear: number;
  /** Exclusive group, or null. */
  readonly exclusiveGroup: string | null;
  /** The year its capacity is needed from (a capacity upgrade's shortfall year), or null (backlog programmes, centres, committed works). */
  readonly neededFromYear: number | null;
}

/**
 * Which of a capacity upgrade's start years ask for money. Its cash flow is averaged over every
 * start of its window whose whole cash flow falls within the horizon (each equally likely), and
 * - `cash_flow_in_horizon`: every one of those starts asks (western-cape's envelopes, sized so
 *   before this setting existed);
 * - `in_service_in_horizon`: only the starts that finish it before the horizon's last year ask, so
 *   its capacity is in service within the plan; a start finishing in the last year asks nothing.
 *   With the master plan stage a capacity project earns only the shortfall it closes once in
 *   service (docs/formulations.md), so money for works that finish in the last year would lapse
 *   (south-africa).
 * Backlog programmes, centres and committed works ask for every start either way.
 */
export type CapacityStartsCounted = 'cash_flow_in_horizon' | 'in_service_in_horizon';

/** The per-model settings of the envelope sizing. */
export interface EnvelopeSizing {
  /** Which start years of a capacity upgrade ask for money. */
  readonly capacityStarts: CapacityStartsCounted;
}

/** The sizing western-cape's envelopes were made with (and the default of every function here). */
export const CASH_FLOW_IN_HORIZON_SIZING: EnvelopeSizing = { capacityStarts: 'cash_flow_in_horizon' };

/** The financial years of the horizon, first to last. */
function horizonYears(): number[] {
  return Array.from({ length: HORIZON_YEARS }, (_, offset) => BASE_FINANCIAL_YEAR + offset);
}

/**
 * The start years a project may take: inside its window, with the whole cash flow inside the
 * horizon (as src/dataset/project-windows.ts allows).
 */
function startYearsInHorizon(project: EnvelopeDemand): number[] {
  const lastYear = BASE_FINANCIAL_YEAR + HORIZON_YEARS - 1;
  const from = Math.max(project.earliestStartYear, BASE_FINANCIAL_YEAR);
  const to = Math.min(project.latestStartYear, lastYear - project.cashFlowRandByBuildYear.length + 1);
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, offset) => from + offset);
}

/**
 * The start years whose spending asks for money: every start in the horizon, but with
 * `in_service_in_horizon` only those that put a capacity upgrade (a project with a shortfall
 * year) in service by the horizon's last year, i.e. start + build years ≤ last year.
 */
function startYearsAsking(project: EnvelopeDemand, sizing: EnvelopeSizing): number[] {
  const starts = startYearsInHorizon(project);
  if (sizing.capacityStarts === 'cash_flow_in_horizon' || project.neededFromYear === null) return starts;
  const lastYear = BASE_FINANCIAL_YEAR + HORIZON_YEARS - 1;
  return starts.filter((start) => start + project.cashFlowRandByBuildYear.length <= lastYear);
}

/**
 * The projects the plan can use: not excluded, not needed only after the horizon, and of each
 * exclusive group the cheapest option (the first in register order on a tie).
 */
export function projectsAskingForMoney(projects: readonly EnvelopeDemand[], sizing: EnvelopeSizing = CASH_FLOW_IN_HORIZON_SIZING): EnvelopeDemand[] {
  const lastYear = BASE_FINANCIAL_YEAR + HORIZON_YEARS - 1;
  const usable = projects.filter((project) => project.status !== 'excluded' && (project.neededFromYear === null || project.neededFromYear <= lastYear) && startYearsAsking(project, sizing).length > 0);
  const cheapestOfGroup = new Map<string, EnvelopeDemand>();
  for (const project of usable) {
    if (project.exclusiveGroup === null) continue;
    const cheapest = cheapestOfGroup.get(project.exclusiveGroup);
    if (cheapest === undefined || project.capexRand < cheapest.capexRand) cheapestOfGroup.set(project.exclusiveGroup, project);
  }
  return usable.filter((project) => project.exclusiveGroup === null || cheapestOfGroup.get(project.exclusiveGroup) === project);
}

/**
 * What the register asks of each source per year, rand, by source id (aligned with the horizon's
 * years; only sources some project asks of), for the committed projects and for the candidates.
 * A project's spending in a year is its cash flow averaged over its start years, shared among its
 * sources in proportion to their sizing weights.
 */
export function registerCostProfile(projects: readonly EnvelopeDemand[], sizing: EnvelopeSizing = CASH_FLOW_IN_HORIZON_SIZING): { readonly committed: Map<string, number[]>; readonly candidates: Map<string, number[]> } {
  const weights = new Map(FUNDING_SOURCES.map((source) => [source.id, source.sizingWeight]));
  const years = horizonYears();
  const committed = new Map<string, number[]>();
  const candidates = new Map<string, number[]>();
  for (const project of projectsAskingForMoney(projects, sizing)) {
    const profile = project.status === 'committed' ? committed : candidates;
    const sourceIds = project.fundingSourceIds.filter((id) => weights.has(id));
    const weightSum = sourceIds.reduce((sum, id) => sum + (weights.get(id) as number), 0);
    if (weightSum === 0) continue;
    // Averaged over every start it may take; the starts that would not ask (sizing) count as spending nothing.
    const starts = startYearsInHorizon(project);
    const asking = startYearsAsking(project, sizing);
    years.forEach((year, index) => {
      const averageRand = asking.reduce((sum, start) => sum + (project.cashFlowRandByBuildYear[year - start] ?? 0), 0) / starts.length;
      if (averageRand === 0) return;
      for (const id of sourceIds) {
        const series = profile.get(id) ?? years.map(() => 0);
        series[index] += (averageRand * (weights.get(id) as number)) / weightSum;
        profile.set(id, series);
      }
    });
  }
  return { committed, candidates };
}

/**
 * A source's yearly envelopes: the committed projects' ask in full plus FUNDABLE_SHARE_OF_REGISTER
 * of the candidates' ask, rounded to ENVELOPE_ROUNDING_RAND.
 */
export function envelopesFromProfile(committedRandByYear: readonly number[], candidatesRandByYear: readonly number[]): number[] {
  return candidatesRandByYear.map((askedRand, index) => Math.round(((committedRandByYear[index] ?? 0) + FUNDABLE_SHARE_OF_REGISTER * askedRand) / ENVELOPE_ROUNDING_RAND) * ENVELOPE_ROUNDING_RAND);
}

/** funding.csv capital rows: one per source and year, for every source the register asks of, every row illustrative. */
export function buildFundingRows(projects: readonly EnvelopeDemand[], sizing: EnvelopeSizing = CASH_FLOW_IN_HORIZON_SIZING): CsvRow[] {
  const { committed, candidates } = registerCostProfile(projects, sizing);
  const none = horizonYears().map(() => 0);
  return FUNDING_SOURCES.filter((source) => committed.has(source.id) || candidates.has(source.id)).flatMap((source) =>
    envelopesFromProfile(committed.get(source.id) ?? none, candidates.get(source.id) ?? none).map((envelopeRand, offset) => ({
      source_id: source.id,
      source_name: source.name,
      financial_year: formatFinancialYear(BASE_FINANCIAL_YEAR + offset),
      envelope_rand: String(envelopeRand),
      carry_over: source.carryOver ? 'yes' : 'no',
      purpose: 'capital',
      illustrative: 'yes',
    })),
  );
}
