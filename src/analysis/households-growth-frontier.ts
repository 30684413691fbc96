/**
 * The trade-off officials argue about (issue 15): backlog households served against capacity added
 * for growth, at the model's budget. An epsilon-constraint frontier: the growth-only plan
 * (objective_measure 1, capacity added only) and the households-only plan (objective_measure 2)
 * are the two end points; between their households, N levels are set as min_households_served
 * and each is solved maximising capacity added. Every point is one planRun of the model with
 * policy settings changed, nothing else, so any engine and the one pipeline solve it.
 *
 * (src/analysis/frontier.ts holds the budget frontier of `sweep`; this is a different curve, at
 * one budget.)
 */
import type { Dataset, PolicySettings } from '../dataset/types.js';
import { horizonOf } from '../dataset/horizon.js';
import { discountedProjectBenefit } from '../indicators/benefit.js';
import { shortfallOutcomes } from '../indicators/shortfall-benefit.js';
import type { PortfolioPlan } from '../plan/types.js';
import { OBJECTIVE_MEASURES } from '../rules/objective-settings.js';
import { hasSolution, type SolveStatus } from '../solve/engine.js';

/** Fewest and most frontier points `--points` accepts. */
export const FRONTIER_POINTS_RANGE = { minimum: 2, maximum: 15 } as const;

/** Frontier points when `--points` is not given. */
export const DEFAULT_FRONTIER_POINTS = 5;

/** What one point's plan holds, or null figures when it has no plan (never zeros for a missing plan). */
export interface TradeOffFigures {
  /** Solve status. */
  readonly status: SolveStatus;
  /** Relative MIP gap, or null when unknown. */
  readonly gap: number | null;
  /** Backlog households served (services counted in households), or null without a plan. */
  readonly householdsServed: number | null;
  /** Capacity added by the funded projects over the horizon, Ml/day, or null without a plan. */
  readonly capacityAddedMlPerDay: number | null;
  /** Benefit points of the funded projects under the model's own objective settings (weights, discount), or null. */
  readonly benefit: number | null;
  /** Planned spending over the horizon, rand, or null without a plan. */
  readonly spendingRand: number | null;
  /** Funded projects, or null without a plan. */
  readonly projectsFunded: number | null;
}

/** One point of the frontier: the households level held and what the plan maximising capacity at it holds. */
export interface TradeOffPoint extends TradeOffFigures {
  /** The level min_households_served was set to, backlog households. */
  readonly householdsLevel: number;
}

/** The frontier, its end points and the plan of the model as given. */
export interface HouseholdsGrowthFrontier {
  /** Points in ascending households level; the first is the growth-only end, the last the households-only end. */
  readonly points: readonly TradeOffPoint[];
  /** The plan maximising capacity added alone (objective_measure 1). */
  readonly growthOnly: TradeOffFigures;
  /** The plan maximising households served alone (objective_measure 2). */
  readonly householdsOnly: TradeOffFigures;
  /** The plan of the model (or scenario) as given, benefit points as its objective. */
  readonly currentPlan: TradeOffFigures;
  /** Sentences about points that are not proven optimal or that break the frontier's shape. */
  readonly warnings: readonly string[];
}

/** The model with its objective counting one quantity, and optionally a households floor. */
export function withFrontierPolicy(dataset: Dataset, objectiveMeasure: number, minHouseholdsServed = 0): Dataset {
  const policy: PolicySettings = { ...dataset.config.policy, objectiveMeasure, minHouseholdsServed };
  return { ...dataset, config: { ...dataset.config, policy } };
}

/** The growth-only objective (capacity added, Ml/day) with households held at `level`. */
export function frontierPointDataset(dataset: Dataset, level: number): Dataset {
  return withFrontierPolicy(dataset, OBJECTIVE_MEASURES.capacityAddedMlPerDay, level);
}

/**
 * `count` households levels from `lowHouseholds` to `highHouseholds`, evenly spaced, both ends
 * included. Levels between the ends are rounded up to whole households (a plan serves whole
 * households, so the floor means the same and the sheet reads without fractions).
 */
export function frontierLevels(lowHouseholds: number, highHouseholds: number, count: number): number[] {
  const high = Math.max(lowHouseholds, highHouseholds);
  return Array.from({ length: count }, (_unused, index) => {
    if (index === 0) return lowHouseholds;
    if (index === count - 1) return high;
    return Math.min(high, Math.ceil(lowHouseholds + ((high - lowHouseholds) * index) / (count - 1) - 1e-9));
  });
}

/**
 * The figures of a plan. `model` is the model as planned (after the master plan stage,
 * plannedDataset, and before the frontier's settings): benefit is counted with its weights and
 * discount exactly as the plan's objective counts it, the project's own part plus the master plan
 * shortfall it closes (shortfall-benefit.ts), so every point's benefit compares with the current
 * plan's and the current plan's equals its own reported benefit. Counting a capacity project's
 * whole Ml/day instead (the model as given has no balances) put every point above the proven best
 * plan (review u5, finding 22). A plan without a solution has null figures.
 */
export function tradeOffFigures(plan: PortfolioPlan, model: Dataset): TradeOffFigures {
  if (!hasSolution(plan)) {
    return { status: plan.status, gap: plan.gap, householdsServed: null, capacityAddedMlPerDay: null, benefit: null, spendingRand: null, projectsFunded: null };
  }
  const funded = plan.projects.filter((line) => line.funded);
  const householdServices = new Set(plan.services.filter((service) => service.needUnit === 'households').map((service) => service.id));
  const projectsById = new Map(model.projects.map((project) => [project.id, project]));
  const indexOf = new Map(plan.municipalities.map((summary) => [summary.municipalityCode, { municipalityCode: summary.municipalityCode, needIndex: summary.needIndex, growthIndex: summary.growthIndex, quadrant: summary.quadrant }]));
  let benefit = 0;
  const starts: { readonly project: (typeof model.projects)[number]; readonly startYear: number }[] = [];
  for (const line of funded) {
    const project = projectsById.get(line.id);
    const index = indexOf.get(line.municipalityCode);
    if (project === undefined || index === undefined || line.startYear === null) throw new Error(`frontier: funded project ${line.id} has no register entry, index or start year`);
    benefit += discountedProjectBenefit(project, index, line.startYear, model).total;
    starts.push({ project, startYear: line.startYear });
  }
  for (const closing of shortfallOutcomes(model, indexOf, starts, horizonOf(model.config).years).benefitByProject.values()) benefit += closing.total;
  return {
    status: plan.status,
    gap: plan.gap,
    householdsServed: funded.filter((line) => householdServices.has(line.service)).reduce((sum, line) => sum + line.householdsServed, 0),
    // Rounded where made (issue 15, rounding noise): sums of decimals such as 1.5 + 2.5 + 0.1 Ml/day.
    capacityAddedMlPerDay: roundNoise(funded.reduce((sum, line) => sum + line.capacityAddedMlPerDay, 0)),
    benefit: roundNoise(benefit),
    spendingRand: plan.envelopeUse.reduce((sum, use) => sum + use.spentRand, 0),
    projectsFunded: funded.length,
  };
}

/** A sum of decimals to 1e-6 of its unit, far below any figure a reader uses, so no 8.4999999 reaches a cell. */
function roundNoise(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** The solved plans of a frontier, in the order the runner solves them. */
export interface FrontierPlans {
  /** Plan of the model as given. */
  readonly currentPlan: PortfolioPlan;
  /** Plan maximising capacity added alone. */
  readonly growthOnly: PortfolioPlan;
  /** Plan maximising households served alone. */
  readonly householdsOnly: PortfolioPlan;
  /** Plans of the points, with their levels, ascending. */
  readonly points: readonly { readonly householdsLevel: number; readonly plan: PortfolioPlan }[];
}

/**
 * Put the plans on the frontier. `relativeGap` is the gap the solves were allowed: a point may lie
 * that fraction below its true capacity, so only a rise larger than it (or than 1e-6) from one
 * level to the next is reported as a broken frontier.
 */
export function buildHouseholdsGrowthFrontier(plans: FrontierPlans, model: Dataset, relativeGap = 0): HouseholdsGrowthFrontier {
  const warnings: string[] = [];
  const points = plans.points.map(({ householdsLevel, plan }) => ({ householdsLevel, ...tradeOffFigures(plan, model) }));
  const riseTolerance = Math.max(relativeGap, 1e-6);
  points.forEach((point, index) => {
    const where = `households level ${Math.round(point.householdsLevel).toLocaleString('en-GB')}`;
    if (point.status !== 'optimal') {
      warnings.push(`${where}: status ${point.status}` + (point.status === 'feasible' ? ' (not proven optimal), so this point may lie below the true frontier' : ', no plan at this level'));
    }
    const previous = index > 0 ? points[index - 1] : null;
    if (previous?.capacityAddedMlPerDay != null && point.capacityAddedMlPerDay !== null && point.capacityAddedMlPerDay > previous.capacityAddedMlPerDay * (1 + riseTolerance) + riseTolerance) {
      warnings.push(`${where}: capacity added ${point.capacityAddedMlPerDay} Ml/day is above the lower level's ${previous.capacityAddedMlPerDay}; more than the solver gap allows, so a point is not optimal`);
    }
  });
  return {
    points,
    growthOnly: tradeOffFigures(plans.growthOnly, model),
    householdsOnly: tradeOffFigures(plans.householdsOnly, model),
    currentPlan: tradeOffFigures(plans.currentPlan, model),
    warnings,
  };
}
