/**
 * The benefit of capacity where the master plan gives the shortfalls (Dataset.capacityBalances):
 * a capacity project counts only the unmet design demand it closes, year by year, so capacity
 * beyond the need adds nothing and a deeper shortfall offers more (docs/formulations.md, "Capacity
 * counts the shortfall it closes"). Shared by the portfolio formulation and the interpretation; the
 * independent checker recomputes it its own way.
 *
 *   closed[g,y] = min(shortfall[g,y], Σ capacity of the funded projects of g in service by y)
 *   benefit     = Σ_g,y weight(m) × benefit_per_ml_per_day × closed[g,y] × (1 + r)^-(y − base)
 *
 * A project is in service from the year after its last build year. Committed projects add
 * nothing here: the master plan already counts them as capacity from their latest completion.
 */
import type { CapacityBalance, Dataset, Project } from '../dataset/types.js';
import { discountFactor, municipalWeightSplit, type BenefitSplit } from './benefit.js';
import type { MunicipalIndex } from './types.js';

/** The balance a project's capacity adds to, or null (no balances, no capacity, an explicit benefit, or no balance of its type). */
export function capacityBalanceOf(project: Project, dataset: Dataset): CapacityBalance | null {
  const balances = dataset.capacityBalances;
  if (balances === undefined || project.benefitOverride !== null || project.capacityAddedMlPerDay <= 0) return null;
  return (
    balances.find((balance) => balance.municipalityCode === project.municipalityCode && balance.service === project.service && balance.projectTypes.includes(project.type)) ?? null
  );
}

/** True when a project closes a balance's shortfall in the program (mapped to a balance and not committed). */
export function closesShortfall(project: Project, dataset: Dataset): boolean {
  return project.status !== 'committed' && capacityBalanceOf(project, dataset) !== null;
}

/** A balance's key, e.g. `WC044|water|water_treatment_works`. */
export function balanceKey(balance: Pick<CapacityBalance, 'municipalityCode' | 'service' | 'assetType'>): string {
  return `${balance.municipalityCode}|${balance.service}|${balance.assetType}`;
}

/** Shortfall, closed and unmet design demand of one balance per horizon year, Ml/day. */
export interface BalanceOutcome {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Service id. */
  readonly service: string;
  /** Asset type. */
  readonly assetType: string;
  /** Unmet design demand without new projects, Ml/day, per horizon year (in `years` order). */
  readonly shortfallMlPerDay: readonly number[];
  /** Shortfall closed by the funded projects, Ml/day, per horizon year. */
  readonly closedMlPerDay: readonly number[];
  /** Unmet design demand left, Ml/day, per horizon year. */
  readonly unmetMlPerDay: readonly number[];
  /** First horizon year with unmet design demand left, or null. */
  readonly firstUnmetYear: number | null;
  /** True when an input is illustrative. */
  readonly illustrative: boolean;
}

/** A funded project and its start year. */
export interface FundedStart {
  /** The project. */
  readonly project: Project;
  /** Start financial year. */
  readonly startYear: number;
}

/** The closed and unmet shortfall of every balance, and each funded project's share of the closed shortfall benefit. */
export function shortfallOutcomes(
  dataset: Dataset,
  indices: ReadonlyMap<string, MunicipalIndex>,
  funded: readonly FundedStart[],
  years: readonly number[],
): { readonly balances: readonly BalanceOutcome[]; readonly benefitByProject: ReadonlyMap<string, BenefitSplit> } {
  const policy = dataset.config.policy;
  const benefitByProject = new Map<string, { total: number; needLed: number; growthLed: number }>();
  const balances = (dataset.capacityBalances ?? []).map((balance): BalanceOutcome => {
    const key = balanceKey(balance);
    const members = funded.filter((entry) => closesShortfall(entry.project, dataset) && balanceKey(capacityBalanceOf(entry.project, dataset) as CapacityBalance) === key);
    const index = indices.get(balance.municipalityCode);
    const split = index === undefined ? { need: 0, growth: 0 } : municipalWeightSplit(index, policy);
    const shortfall = years.map((year) => balance.shortfallMlPerDayByYear[year] ?? 0);
    const closed = years.map((year, position) => {
      const inService = members.filter((entry) => entry.startYear + entry.project.cashFlowRandByBuildYear.length <= year);
      const added = inService.reduce((sum, entry) => sum + entry.project.capacityAddedMlPerDay, 0);
      const closedHere = Math.min(shortfall[position], added);
      // A single-quantity objective (objective_measure, the frontier's) counts capacity in the project's own benefit instead.
      if (closedHere > 0 && policy.objectiveMeasure === 0) {
        const points = policy.benefitPerMlPerDay * closedHere * discountFactor(year, dataset.config.baseFinancialYear, policy);
        // Each project in service takes its share of the year's closed shortfall by its capacity.
        for (const entry of inService) {
          const share = entry.project.capacityAddedMlPerDay / added;
          const current = benefitByProject.get(entry.project.id) ?? { total: 0, needLed: 0, growthLed: 0 };
          current.needLed += points * share * split.need;
          current.growthLed += points * share * split.growth;
          current.total = current.needLed + current.growthLed;
          benefitByProject.set(entry.project.id, current);
        }
      }
      return closedHere;
    });
    const unmet = shortfall.map((value, position) => Math.max(0, value - closed[position]));
    const firstUnmet = unmet.findIndex((value) => value > 1e-9);
    return {
      municipalityCode: balance.municipalityCode,
      service: balance.service,
      assetType: balance.assetType,
      shortfallMlPerDay: shortfall,
      closedMlPerDay: closed,
      unmetMlPerDay: unmet,
      firstUnmetYear: firstUnmet < 0 ? null : years[firstUnmet],
      illustrative: balance.illustrative,
    };
  });
  return { balances, benefitByProject };
}
