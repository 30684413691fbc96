/**
 * Aggregation of a `stress` run: how often each project stays funded under random cost overruns,
 * and the spread of the plan's benefit across draws.
 */
import { loadMathjs } from '../indicators/math-module.js';
import type { Dataset, Service } from '../dataset/types.js';
import { findService, labelInSentence } from '../dataset/services.js';
import type { PortfolioPlan } from '../plan/types.js';
import { hasSolution } from '../solve/engine.js';
import { planFigures } from './plan-figures.js';
import { gapInWords, marginPoints } from './comparison-summary.js';

/** Benefit quantiles over the draws that have a plan. */
export interface BenefitSpread {
  /** Lowest benefit. */
  readonly min: number;
  /** 10th percentile (linear interpolation). */
  readonly p10: number;
  /** Median. */
  readonly median: number;
  /** 90th percentile. */
  readonly p90: number;
  /** Highest benefit. */
  readonly max: number;
}

/** What a draw puts at risk: the projects funded without overruns that its plan drops. */
export interface DrawAtRisk {
  /**
   * Backlog households the plan without overruns serves and would no longer serve without those
   * projects (counted as `run` counts them, at most each municipality's backlog: a dropped phase
   * whose households a funded overlapping project also reaches puts none at risk).
   */
  readonly households: number;
  /** Their register capex (before the overrun), rand. */
  readonly rand: number;
  /** Benefit points the draw's plan has less than the plan without overruns (0 when it has more). */
  readonly benefitPoints: number;
}

/** Median, 90th percentile and maximum of an at-risk figure over the draws with a plan. */
export interface AtRiskSpread {
  /** Median. */
  readonly median: number;
  /** 90th percentile (linear interpolation). */
  readonly p90: number;
  /** Maximum. */
  readonly max: number;
}

/** How one project fares across the draws. */
export interface ProjectRobustness {
  /** Project id. */
  readonly projectId: string;
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Municipality name (the code again when the model does not name it). */
  readonly municipalityName: string;
  /** Service. */
  readonly service: Service;
  /** The service's label as a sentence says it (`water`, `Thusong service centres`), model.yaml `services:`. */
  readonly serviceLabel: string;
  /** Register capex before any overrun, rand. */
  readonly capexRand: number;
  /** Register status (committed projects must be funded in every feasible draw). */
  readonly registerStatus: string;
  /** Whether the plan without overruns funds it. */
  readonly fundedWithoutOverrun: boolean;
  /** Backlog households it serves. */
  readonly householdsServed: number;
  /** Draws with a plan that fund it. */
  readonly drawsFunded: number;
  /** drawsFunded divided by the draws with a plan, 0..1 (0 when no draw has a plan). */
  readonly fundedShare: number;
}

/**
 * Draws whose plan has more benefit than the plan without overruns. Higher costs never make a
 * plan worth more, so a draw "above" it is either the gap at which the solver stopped or the
 * projects the draw made cheaper (a factor below 1); these figures let the console say which.
 */
export interface BenefitAboveWithoutOverrun {
  /** How many draws with a plan have more benefit than the plan without overruns. */
  readonly draws: number;
  /** The largest excess, benefit points. */
  readonly largestExcessPoints: number;
  /** The draw with that excess, counted from 1. */
  readonly drawNumber: number;
  /**
   * How far that draw's plan and the plan without overruns are proven from the best possible,
   * added, benefit points (compare's margin: bound minus benefit); null when either is unknown.
   */
  readonly marginPoints: number | null;
  /** Their proven gaps as compare prints them: `without overruns 0.76%, draw 7 0.86%`. */
  readonly gapsWords: string;
  /**
   * Projects that cost less in that draw than in the register (an overrun factor below 1: the
   * lognormal draws some): with any, the draw's best plan can truly be better than the best
   * plan without overruns; with none it cannot.
   */
  readonly cheaperProjects: number;
}

/** Everything `stress` reports. */
export interface StressSummary {
  /** Number of draws solved. */
  readonly draws: number;
  /** Seed of the draws. */
  readonly seed: number;
  /** Draws with a plan (optimal or feasible). */
  readonly drawsWithPlan: number;
  /** Draws proven infeasible (for example committed projects whose overruns no longer fit). */
  readonly infeasibleDraws: number;
  /** Draws that ended otherwise (time limit without a plan, solver error). */
  readonly otherFailedDraws: number;
  /** Draws with a plan that is feasible but not proven optimal. */
  readonly notProvenOptimalDraws: number;
  /** Benefit of the plan without overruns, or null when it has no solution. */
  readonly benefitWithoutOverrun: number | null;
  /** Proven gap of the plan without overruns (0.0076 = 0.76%), or null when it has no plan or states none. */
  readonly gapWithoutOverrun: number | null;
  /** Draws with more benefit than the plan without overruns (within the proven gaps), or null when none has. */
  readonly benefitAboveWithoutOverrun: BenefitAboveWithoutOverrun | null;
  /** Benefit spread over draws with a plan, or null when none has one. */
  readonly benefitSpread: BenefitSpread | null;
  /** Benefit per draw, null for draws without a plan; in draw order. */
  readonly benefitByDraw: readonly (number | null)[];
  /** Backlog households served per draw (households-counted services), null for draws without a plan; in draw order. */
  readonly householdsByDraw: readonly (number | null)[];
  /** Planned spending per draw, rand (to the cent), null for draws without a plan; in draw order. */
  readonly spendingRandByDraw: readonly (number | null)[];
  /** Households served by the plan without overruns, or null when it has no solution. */
  readonly householdsWithoutOverrun: number | null;
  /** Planned spending of the plan without overruns, rand, or null when it has no solution. */
  readonly spendingRandWithoutOverrun: number | null;
  /** One entry per register project, in register order. */
  readonly projects: readonly ProjectRobustness[];
  /** What each draw puts at risk, null for draws without a plan (or when the plan without overruns has none); in draw order. */
  readonly atRiskByDraw: readonly (DrawAtRisk | null)[];
  /** Spread over the draws with a plan of households, rand and benefit points at risk; null when no draw has one. */
  readonly atRisk: { readonly households: AtRiskSpread; readonly rand: AtRiskSpread; readonly benefitPoints: AtRiskSpread } | null;
}

/** Backlog households a plan serves over the services counted in households, capped at each municipality's backlog as `run` counts them. */
function householdsOf(plan: PortfolioPlan, dataset: Dataset): number {
  return planFigures(plan, dataset).householdsServed;
}

/** The plan without overruns with `dropped` projects not funded: what it would serve without them. */
function withoutProjects(plan: PortfolioPlan, dropped: ReadonlySet<string>): PortfolioPlan {
  return { ...plan, projects: plan.projects.map((project) => (dropped.has(project.id) ? { ...project, funded: false } : project)) };
}

/** Planned spending of a plan, rand, rounded to the cent. */
function spendingRandOf(plan: PortfolioPlan): number {
  return Math.round(plan.envelopeUse.reduce((sum, use) => sum + use.spentRand, 0) * 100) / 100;
}

/** The plan's figures as compare's margin reads them. */
function marginFigures(plan: PortfolioPlan, name: string): Parameters<typeof marginPoints>[0] {
  return { scenarioName: name, status: plan.status, gap: plan.gap, benefitTotal: plan.benefit.total, objectiveBenefitPoints: plan.objectiveBenefitPoints, bestBoundBenefitPoints: plan.bestBoundBenefitPoints };
}

/** The draws above the plan without overruns (BenefitAboveWithoutOverrun), or null when none is. */
function benefitAbove(baseline: PortfolioPlan, drawPlans: readonly PortfolioPlan[]): BenefitAboveWithoutOverrun | null {
  if (!hasSolution(baseline)) return null;
  // Under a thousandth of a point is arithmetic, not a plan worth more.
  const tolerance = 1e-3;
  const above = drawPlans.flatMap((plan, index) => (hasSolution(plan) && plan.benefit.total > baseline.benefit.total + tolerance ? [{ plan, drawNumber: index + 1, excess: plan.benefit.total - baseline.benefit.total }] : []));
  if (above.length === 0) return null;
  const registerCapex = new Map(baseline.projects.map((project) => [project.id, project.capexRand]));
  const largest = above.reduce((best, entry) => (entry.excess > best.excess ? entry : best));
  const margins = [marginPoints(marginFigures(baseline, 'without overruns')), marginPoints(marginFigures(largest.plan, `draw ${largest.drawNumber}`))];
  return {
    draws: above.length,
    largestExcessPoints: largest.excess,
    drawNumber: largest.drawNumber,
    marginPoints: margins[0] === null || margins[1] === null ? null : margins[0] + margins[1],
    gapsWords: `without overruns ${gapInWords(baseline.status, baseline.gap)}, draw ${largest.drawNumber} ${gapInWords(largest.plan.status, largest.plan.gap)}`,
    cheaperProjects: largest.plan.projects.filter((project) => project.capexRand < (registerCapex.get(project.id) ?? 0) - 0.5).length,
  };
}

/**
 * The projects funded without overruns that some draws drop, the most at risk first: lowest share
 * of draws funded, then the largest capex, then by id (a reader looks for the worst first).
 */
export function projectsAtRisk(summary: Pick<StressSummary, 'projects'>): ProjectRobustness[] {
  return summary.projects
    .filter((project) => project.fundedWithoutOverrun && project.fundedShare < 1)
    .sort((left, right) => left.fundedShare - right.fundedShare || right.capexRand - left.capexRand || left.projectId.localeCompare(right.projectId));
}

/** Summarise the plans of a stress run: `baseline` without overruns, then one plan per draw. */
export function summariseStress(dataset: Dataset, baseline: PortfolioPlan, drawPlans: readonly PortfolioPlan[], seed: number): StressSummary {
  const solvedPlans = drawPlans.filter(hasSolution);
  const fundedCount = new Map<string, number>();
  for (const plan of solvedPlans) {
    for (const project of plan.projects) {
      if (project.funded) fundedCount.set(project.id, (fundedCount.get(project.id) ?? 0) + 1);
    }
  }
  const fundedWithoutOverrun = new Set(hasSolution(baseline) ? baseline.projects.filter((project) => project.funded).map((project) => project.id) : []);
  const benefits = solvedPlans.map((plan) => plan.benefit.total);
  const withoutOverrun = hasSolution(baseline) ? baseline.projects.filter((project) => project.funded) : null;
  const baselineHouseholds = hasSolution(baseline) ? householdsOf(baseline, dataset) : 0;
  const atRiskByDraw = drawPlans.map((plan): DrawAtRisk | null => {
    if (withoutOverrun === null || !hasSolution(plan)) return null;
    const fundedInDraw = new Set(plan.projects.filter((project) => project.funded).map((project) => project.id));
    const dropped = withoutOverrun.filter((project) => !fundedInDraw.has(project.id));
    const droppedIds = new Set(dropped.map((project) => project.id));
    return {
      households: baselineHouseholds - householdsOf(withoutProjects(baseline, droppedIds), dataset),
      rand: dropped.reduce((sum, project) => sum + project.capexRand, 0),
      benefitPoints: Math.max(0, baseline.benefit.total - plan.benefit.total),
    };
  });
  const serviceLabelOf = (service: Service): string => {
    const declared = findService(dataset.config.services, service);
    return declared === undefined ? service : labelInSentence(declared);
  };
  const municipalityNames = new Map(dataset.municipalities.map((municipality) => [municipality.code, municipality.name]));
  const risks = atRiskByDraw.filter((risk): risk is DrawAtRisk => risk !== null);
  return {
    draws: drawPlans.length,
    seed,
    drawsWithPlan: solvedPlans.length,
    infeasibleDraws: drawPlans.filter((plan) => plan.status === 'infeasible').length,
    otherFailedDraws: drawPlans.filter((plan) => !hasSolution(plan) && plan.status !== 'infeasible').length,
    notProvenOptimalDraws: drawPlans.filter((plan) => plan.status === 'feasible').length,
    benefitWithoutOverrun: hasSolution(baseline) ? baseline.benefit.total : null,
    gapWithoutOverrun: hasSolution(baseline) ? baseline.gap : null,
    benefitAboveWithoutOverrun: benefitAbove(baseline, drawPlans),
    benefitSpread: benefits.length === 0 ? null : benefitSpread(benefits),
    benefitByDraw: drawPlans.map((plan) => (hasSolution(plan) ? plan.benefit.total : null)),
    householdsByDraw: drawPlans.map((plan) => (hasSolution(plan) ? householdsOf(plan, dataset) : null)),
    spendingRandByDraw: drawPlans.map((plan) => (hasSolution(plan) ? spendingRandOf(plan) : null)),
    householdsWithoutOverrun: hasSolution(baseline) ? baselineHouseholds : null,
    spendingRandWithoutOverrun: hasSolution(baseline) ? spendingRandOf(baseline) : null,
    projects: dataset.projects.map((project) => {
      const drawsFunded = fundedCount.get(project.id) ?? 0;
      return {
        projectId: project.id,
        municipalityCode: project.municipalityCode,
        municipalityName: municipalityNames.get(project.municipalityCode) ?? project.municipalityCode,
        service: project.service,
        serviceLabel: serviceLabelOf(project.service),
        capexRand: project.capexRand,
        registerStatus: project.status,
        fundedWithoutOverrun: fundedWithoutOverrun.has(project.id),
        householdsServed: project.householdsServed,
        drawsFunded,
        fundedShare: solvedPlans.length === 0 ? 0 : drawsFunded / solvedPlans.length,
      };
    }),
    atRiskByDraw,
    atRisk: risks.length === 0 ? null : { households: atRiskSpread(risks.map((risk) => risk.households)), rand: atRiskSpread(risks.map((risk) => risk.rand)), benefitPoints: atRiskSpread(risks.map((risk) => risk.benefitPoints)) },
  };
}

/** Median, 90th percentile and maximum (linear interpolation, as benefitSpread). */
export function atRiskSpread(values: readonly number[]): AtRiskSpread {
  const { median, p90, max } = benefitSpread(values);
  return { median, p90, max };
}

/** Min, 10th percentile, median, 90th percentile and max (linear interpolation between order statistics). */
export function benefitSpread(values: readonly number[]): BenefitSpread {
  if (values.length === 0) throw new Error('benefitSpread needs at least one value');
  const sorted = [...values].sort((left, right) => left - right);
  const [p10, median, p90] = loadMathjs().quantileSeq(sorted, [0.1, 0.5, 0.9], true) as number[];
  return { min: sorted[0], p10, median, p90, max: sorted[sorted.length - 1] };
}
