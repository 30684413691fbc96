/**
 * The benefit arithmetic shared by the portfolio formulation, the interpretation, the reports and
 * the independent checker, so every stage counts the same points.
 *
 * A project's benefit is its base benefit (households served and capacity added, in benefit
 * points) times the municipality's weight:
 *
 *   weight = needWeight × (needIndex + INDEX_BASELINE) + growthWeight × (growthIndex + INDEX_BASELINE)
 *
 * The baseline keeps a municipality whose indices are both 0 (the lowest in the model on both)
 * from counting for nothing: its households still deserve some value. The baseline is split
 * between need and growth by their weights so the two parts always add up to the total.
 *
 * Timing (docs/formulations.md, "When a project counts"): a project is commissioned at the end of
 * its completion (last build) year. Its own benefit is discounted to that year, the year the
 * reports count its households served, so of two projects started together the one that finishes
 * first is worth more; the capacity it adds to a master plan balance counts from the next year
 * on (shortfall-benefit.ts).
 */
import { blockFactor } from '../dataset/facilities.js';
import type { Dataset, PolicySettings, Project, ServiceDeclaration } from '../dataset/types.js';
import { completionYear } from '../dataset/project-windows.js';
import type { MunicipalIndex } from './types.js';
import { OBJECTIVE_MEASURES } from '../rules/objective-settings.js';

/** Index points added to both indices before weighting, so no municipality weighs 0; default 0.1. */
export const INDEX_BASELINE = 0.1;

/** A benefit and its split into the parts attributed to need and to growth potential. */
export interface BenefitSplit {
  /** Total benefit points (needLed + growthLed). */
  readonly total: number;
  /** Points attributed to the need index. */
  readonly needLed: number;
  /** Points attributed to the growth-potential index. */
  readonly growthLed: number;
}

/** The need and growth parts of a municipality's weight (their sum is the weight). */
export function municipalWeightSplit(index: MunicipalIndex, policy: PolicySettings): { readonly need: number; readonly growth: number } {
  return {
    need: policy.needWeight * (index.needIndex + INDEX_BASELINE),
    growth: policy.growthWeight * (index.growthIndex + INDEX_BASELINE),
  };
}

/** A municipality's benefit weight: need part plus growth part. */
export function municipalWeight(index: MunicipalIndex, policy: PolicySettings): number {
  const split = municipalWeightSplit(index, policy);
  return split.need + split.growth;
}

/**
 * Base points of a centre of a facility service: people within reach × its block factor (the sum
 * of the weights of the blocks it offers) × benefit_per_person_within_reach. 0 for other projects.
 */
export function centreBasePoints(project: Project, policy: PolicySettings, services: readonly ServiceDeclaration[]): number {
  if (project.facilityType === null) return 0;
  const service = services.find((declared) => declared.id === project.service);
  return project.populationWithinReach * blockFactor(service, project.blocksOffered) * policy.benefitPerPersonWithinReach;
}

/** What projectBenefit needs besides the project, its municipality's index and the policy. */
export interface ProjectBenefitOptions {
  /** The model's services: a centre's block factor comes from its facility service's blocks. */
  readonly services: readonly ServiceDeclaration[];
  /**
   * False to leave the capacity part out (a project adding to a master plan balance: the balance
   * counts the shortfall it closes instead, shortfall-benefit.ts); true or absent to count it.
   */
  readonly capacityCounted?: boolean;
}

/**
 * Undiscounted benefit of funding a project. A `benefit_override` replaces the derived benefit and
 * is split between need and growth in the same proportion as the municipality's weight. With
 * `options.capacityCounted` false the capacity part is left out: the master plan's balances count
 * it as the shortfall the project closes instead (shortfall-benefit.ts).
 */
export function projectBenefit(project: Project, index: MunicipalIndex, policy: PolicySettings, options: ProjectBenefitOptions): BenefitSplit {
  // A single-quantity objective counts the quantity itself: no weights, no overrides.
  if (policy.objectiveMeasure === OBJECTIVE_MEASURES.capacityAddedMlPerDay) return { total: project.capacityAddedMlPerDay, needLed: 0, growthLed: project.capacityAddedMlPerDay };
  if (policy.objectiveMeasure === OBJECTIVE_MEASURES.householdsServed) {
    const counted = options.services.find((service) => service.id === project.service)?.needUnit === 'households' ? project.householdsServed : 0;
    return { total: counted, needLed: counted, growthLed: 0 };
  }
  const split = municipalWeightSplit(index, policy);
  const weight = split.need + split.growth;
  if (project.benefitOverride !== null) {
    const needShare = weight > 0 ? split.need / weight : 0.5;
    return { total: project.benefitOverride, needLed: project.benefitOverride * needShare, growthLed: project.benefitOverride * (1 - needShare) };
  }
  const capacityPoints = options.capacityCounted === false ? 0 : project.capacityAddedMlPerDay * policy.benefitPerMlPerDay;
  const basePoints = project.householdsServed * policy.benefitPerHousehold + capacityPoints + centreBasePoints(project, policy, options.services);
  return { total: basePoints * weight, needLed: basePoints * split.need, growthLed: basePoints * split.growth };
}

/** Discount factor of a benefit counted in `financialYear`: (1 + r)^-(financialYear - base), r from discountRatePercent. */
export function discountFactor(financialYear: number, baseFinancialYear: number, policy: PolicySettings): number {
  // A single-quantity objective (capacity or households) counts the quantity whenever it comes.
  if (policy.objectiveMeasure !== OBJECTIVE_MEASURES.benefitPoints) return 1;
  return Math.pow(1 + policy.discountRatePercent / 100, -(financialYear - baseFinancialYear));
}

/**
 * Benefit counted in the objective for a project started in `startYear`, discounted to its
 * completion year (start + build years − 1), with its split: its own part only. Discounting by
 * completion, not start, is what makes a long lead time cost something: households served three
 * years later are worth less, whatever year the spending began. A project whose capacity adds to a
 * master plan balance earns that part through the shortfall it closes (shortfall-benefit.ts), not
 * here; a committed one of a balance's type earns nothing for it at all, because the balance
 * already counts its capacity as existing (addsToBalance).
 */
export function discountedProjectBenefit(
  project: Project,
  index: MunicipalIndex,
  startYear: number,
  dataset: Dataset,
): BenefitSplit {
  const policy = dataset.config.policy;
  const factor = discountFactor(completionYear(project, startYear), dataset.config.baseFinancialYear, policy);
  const undiscounted = projectBenefit(project, index, policy, { services: dataset.config.services, capacityCounted: !addsToBalance(project, dataset) });
  return { total: undiscounted.total * factor, needLed: undiscounted.needLed * factor, growthLed: undiscounted.growthLed * factor };
}

/**
 * True when the project's capacity adds to a master plan balance, so its own benefit leaves the
 * capacity part out. A candidate earns it as the shortfall it closes (shortfall-benefit.ts); a
 * committed project earns nothing for it, whatever its start: the master plan stage counts its
 * capacity in the balance as existing from its latest completion, so the shortfall left (and every
 * report of it) is already net of it, and counting its Ml/day again would count the same capacity
 * twice. Its households, which no balance holds, still count.
 */
export function addsToBalance(project: Project, dataset: Dataset): boolean {
  const balances = dataset.capacityBalances;
  if (balances === undefined || project.benefitOverride !== null || project.capacityAddedMlPerDay <= 0) return false;
  return balances.some((balance) => balance.municipalityCode === project.municipalityCode && balance.service === project.service && balance.projectTypes.includes(project.type));
}

/** Indices by municipality code; throws when a municipality of the dataset has none (a bug upstream). */
export function indexByMunicipality(dataset: Dataset, indices: readonly MunicipalIndex[]): ReadonlyMap<string, MunicipalIndex> {
  const map = new Map(indices.map((index) => [index.municipalityCode, index]));
  for (const municipality of dataset.municipalities) {
    if (!map.has(municipality.code)) throw new Error(`no need/growth index for municipality ${municipality.code}`);
  }
  return map;
}
