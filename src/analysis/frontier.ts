/**
 * The efficient frontier traced by `sweep`: one point per budget factor, and the marginal benefit
 * of money between neighbouring points.
 */
import type { Dataset } from '../dataset/types.js';
import type { PortfolioPlan } from '../plan/types.js';
import type { SolveStatus } from '../solve/engine.js';
import { planFigures } from './plan-figures.js';
import type { AnalysisPlan } from './plan-shortcut.js';
import { hasSolution } from '../solve/engine.js';

/** Rand in the unit the marginal benefit is quoted per (R100 million). */
export const MARGINAL_STEP_RAND = 100_000_000;

/** Relative MIP gap HiGHS stops at by default; a plan within it is reported optimal. */
export const HIGHS_DEFAULT_RELATIVE_GAP = 1e-4;

/** One solved budget level. */
export interface FrontierPoint {
  /** Factor applied to every envelope (1 = the model or scenario as given). */
  readonly budgetFactor: number;
  /** Sum of all envelopes over the horizon at this factor, rand. */
  readonly totalBudgetRand: number;
  /** Solve status. */
  readonly status: SolveStatus;
  /** Relative MIP gap, or null when unknown. */
  readonly gap: number | null;
  /** Total benefit points (0 without a solution). */
  readonly benefit: number;
  /** Backlog households served by funded projects. */
  readonly householdsServed: number;
  /** Number of funded projects. */
  readonly projectsFunded: number;
  /** Planned spending, rand. */
  readonly spendingRand: number;
  /**
   * Money that lapses, rand: what the envelopes and the money carried in leave neither spent nor
   * carried on, year by year (sources without carry-over lose it at the end of the year); 0 without a plan.
   */
  readonly lapsingRand: number;
  /**
   * Benefit gained per extra R100 million of total budget since the previous point, or null for
   * the first point and for points next to one without a solution.
   */
  readonly marginalBenefitPer100MillionRand: number | null;
  /** How the point's plan was obtained (accepted without a MILP, or a MILP from the neighbouring plan), or null for a plain solve. */
  readonly howSolved?: string | null;
}

/** The frontier and the notes a reader must see next to it. */
export interface Frontier {
  /** Points in ascending budget order. */
  readonly points: readonly FrontierPoint[];
  /** Sentences about points that are not proven optimal or that break monotonicity. */
  readonly warnings: readonly string[];
}

/** One sweep result to put on the frontier. */
export interface SweepResult {
  /** Factor applied to every envelope. */
  readonly budgetFactor: number;
  /** Total envelope at that factor, rand. */
  readonly totalBudgetRand: number;
  /** The plan solved at that factor. */
  readonly plan: PortfolioPlan;
}

/**
 * Build the frontier from results in ascending budget order. `dataset` is the model the levels
 * scale (its backlogs cap the households served, as `run` counts them). `relativeGap` is the gap the solves
 * were allowed: a point may then lie that fraction below the true optimum, so only a fall larger
 * than it (or than 1e-6, whichever is larger) is reported as a broken frontier.
 */
export function buildFrontier(results: readonly SweepResult[], dataset: Dataset, relativeGap = 0): Frontier {
  const fallTolerance = Math.max(relativeGap, 1e-6);
  const points: FrontierPoint[] = [];
  const warnings: string[] = [];
  results.forEach((result, index) => {
    const figures = planFigures(result.plan, dataset);
    const previous = index > 0 ? points[index - 1] : null;
    const solved = hasSolution(figures);
    const previousSolved = previous !== null && hasSolution(previous);
    const budgetStepRand = previous === null ? 0 : result.totalBudgetRand - previous.totalBudgetRand;
    const marginal =
      previous !== null && solved && previousSolved && budgetStepRand > 0
        ? ((figures.benefitTotal - previous.benefit) * MARGINAL_STEP_RAND) / budgetStepRand
        : null;
    if (figures.status !== 'optimal') {
      warnings.push(
        `budget factor ${result.budgetFactor}: status ${figures.status}` +
          (figures.status === 'feasible'
            ? ` (gap ${formatGap(figures.gap)}), so this point may lie below the true frontier`
            : figures.status === 'infeasible'
              ? // Say where the reason is: run at that factor lists the rules and commitments that cannot all be paid for.
                `, no plan at this budget: the commitments and rules cannot all be paid for (\`infraplan run --budget-scale ${result.budgetFactor}\` names them)`
              : ', no plan at this budget'),
      );
    }
    if (previous !== null && solved && previousSolved && figures.benefitTotal < previous.benefit - fallTolerance * Math.max(1, previous.benefit)) {
      warnings.push(`budget factor ${result.budgetFactor}: benefit ${figures.benefitTotal} is below the previous point's ${previous.benefit}; more than the solver gap allows, so a point is not optimal`);
    }
    // Not an error, but it reads like one: the objective is weighted benefit, and with more money a
    // plan may swap backlog projects for capacity projects or for municipalities weighted higher.
    const householdsFall = Math.round(figures.householdsServed) < Math.round(previous?.householdsServed ?? 0);
    if (previous !== null && solved && previousSolved && householdsFall && figures.benefitTotal > previous.benefit) {
      warnings.push(
        `budget factor ${result.budgetFactor}: households served fall from ${Math.round(previous.householdsServed).toLocaleString('en-GB')} to ${Math.round(figures.householdsServed).toLocaleString('en-GB')} ` +
          'although benefit rises: benefit also counts capacity added and weighs households by need and growth, so with more money the plan buys more of those; ' +
          'raise policy.benefit_per_household (or lower benefit_per_ml_per_day) if households should count for more',
      );
    }
    points.push({
      budgetFactor: result.budgetFactor,
      totalBudgetRand: result.totalBudgetRand,
      status: figures.status,
      gap: figures.gap,
      benefit: figures.benefitTotal,
      householdsServed: figures.householdsServed,
      projectsFunded: figures.projectsFunded,
      spendingRand: figures.spendingRand,
      lapsingRand: solved ? lapsingRandOf(result.plan) : 0,
      marginalBenefitPer100MillionRand: marginal,
      howSolved: (result.plan as AnalysisPlan).howSolved?.words ?? null,
    });
  });
  return { points, warnings };
}

/** Money a plan's envelopes leave neither spent nor carried on, rand, rounded to the rand (a solver's 2.98e-08 is no lapse). */
export function lapsingRandOf(plan: PortfolioPlan): number {
  const lapsing = plan.envelopeUse.reduce((sum, use) => sum + Math.max(0, use.envelopeRand + use.carriedInRand - use.spentRand - use.carriedOutRand), 0);
  return Math.round(lapsing);
}

/** A gap as a percentage for messages, or `unknown`. */
function formatGap(gap: number | null): string {
  return gap === null ? 'unknown' : `${(gap * 100).toFixed(3)}%`;
}
