/**
 * The key figures of one Plan, computed once here so compare, sweep and stress report the same
 * numbers the same way.
 */
import { SERVICES, type Service } from '../dataset/types.js';
import type { Plan } from '../plan/types.js';
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
  /** Backlog households served by funded projects, per service. */
  readonly householdsServedByService: Readonly<Record<Service, number>>;
  /** Backlog households served, all services. */
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
 * formulation, whose households are counted per funded project). A plan without a solution reports zero
 * spending, projects and benefit.
 */
export function planFigures(plan: Plan): PlanFigures {
  const solved = hasSolution(plan);
  const funded = solved ? plan.projects.filter((project) => project.funded) : [];
  const householdsServedByService = Object.fromEntries(SERVICES.map((service) => [service, 0])) as Record<Service, number>;
  for (const project of funded) householdsServedByService[project.service] += project.householdsServed;
  const householdsServed = SERVICES.reduce((sum, service) => sum + householdsServedByService[service], 0);
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
