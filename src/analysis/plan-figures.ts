/**
 * The key figures of one Plan, computed once here so compare, sweep and stress report the same
 * numbers the same way.
 */
import type { Service } from '../dataset/types.js';
import type { PortfolioPlan } from '../plan/types.js';
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
export function planFigures(plan: PortfolioPlan): PlanFigures {
  const solved = hasSolution(plan);
  const funded = solved ? plan.projects.filter((project) => project.funded) : [];
  const householdsServedByService: Record<Service, number> = Object.fromEntries(plan.services.map((service) => [service.id, 0]));
  for (const project of funded) householdsServedByService[project.service] = (householdsServedByService[project.service] ?? 0) + project.householdsServed;
  // Only services counted in households add up to households; others keep their own unit.
  const householdsServed = plan.services.filter((service) => service.needUnit === 'households').reduce((sum, service) => sum + householdsServedByService[service.id], 0);
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
