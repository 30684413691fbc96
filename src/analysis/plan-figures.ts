/**
 * The key figures of one Plan, computed once here so compare, sweep and stress report the same
 * numbers the same way.
 */
import type { Dataset, Service } from '../dataset/types.js';
import type { PortfolioPlan } from '../plan/types.js';
import { householdsServedByService as servedByServiceOfRun } from '../report/plan-figures.js';
import { hasSolution, type SolveStatus } from '../solve/engine.js';

/** Headline numbers of a plan. */
export interface PlanFigures {
  /** Scenario name of the plan. */
  readonly scenarioName: string;
  /** Solve status. */
  readonly status: SolveStatus;
  /** Relative MIP gap, or null when unknown. */
  readonly gap: number | null;
  /** Sum of every envelope over the horizon, rand. */
  readonly envelopeRand: number;
  /** Sum of planned spending over the horizon, rand. */
  readonly spendingRand: number;
  /** Number of funded projects. */
  readonly projectsFunded: number;
  /**
   * Backlog served by funded projects, per service, in the service's need unit, counted as the run
   * workbook counts it: per municipality at most its backlog, people within reach for counting centres.
   */
  readonly householdsServedByService: Readonly<Record<Service, number>>;
  /** Backlog households served, over the services counted in households. */
  readonly householdsServed: number;
  /** Total benefit (objective points). */
  readonly benefitTotal: number;
  /** Part of the benefit attributed to need. */
  readonly benefitNeedLed: number;
  /** Part of the benefit attributed to growth potential. */
  readonly benefitGrowthLed: number;
}

/**
 * Key figures of a portfolio plan (the analysis commands always plan with the portfolio
 * formulation). `dataset` is the model the plan was made from: its backlogs cap the households
 * served, through the run workbook's own count (householdsServedByService of
 * src/report/plan-figures.ts), so that compare, sweep and stress state the households `run` does
 * even when funded projects overlap (phases, a scheme and its works). A plan without a solution
 * reports zero spending, projects, households and benefit.
 */
export function planFigures(plan: PortfolioPlan, dataset: Dataset): PlanFigures {
  const solved = hasSolution(plan);
  const funded = solved ? plan.projects.filter((project) => project.funded) : [];
  const householdsServedByService: Readonly<Record<Service, number>> = solved
    ? servedByServiceOfRun(plan, dataset)
    : Object.fromEntries(plan.services.map((service) => [service.id, 0]));
  // Only services counted in households add up to households; others keep their own unit.
  const householdsServed = plan.services.filter((service) => service.needUnit === 'households').reduce((sum, service) => sum + (householdsServedByService[service.id] ?? 0), 0);
  return {
    scenarioName: plan.scenarioName,
    status: plan.status,
    gap: plan.gap,
    envelopeRand: plan.envelopeUse.reduce((sum, use) => sum + use.envelopeRand, 0),
    spendingRand: solved ? plan.envelopeUse.reduce((sum, use) => sum + use.spentRand, 0) : 0,
    projectsFunded: funded.length,
    householdsServedByService,
    householdsServed,
    benefitTotal: solved ? plan.benefit.total : 0,
    benefitNeedLed: solved ? plan.benefit.needLed : 0,
    benefitGrowthLed: solved ? plan.benefit.growthLed : 0,
  };
}
