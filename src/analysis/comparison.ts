/**
 * The data of `compare`: key figures side by side, spending by municipality across scenarios, and
 * the projects whose funding differs between scenarios with each plan's reason.
 */
import type { Service } from '../dataset/types.js';
import type { DeferralReason, PortfolioPlan, PlanService } from '../plan/types.js';
import { planFigures, type PlanFigures } from './plan-figures.js';
import { hasSolution } from '../solve/engine.js';

/** Spending of one municipality in every scenario. */
export interface MunicipalSpending {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Name. */
  readonly municipalityName: string;
  /** Planned spending over the horizon per scenario (same order as `scenarios`), rand. */
  readonly spendingRandByScenario: readonly number[];
}

/** What one scenario's plan does with a project. */
export interface ProjectOutcome {
  /** Whether the plan funds it. */
  readonly funded: boolean;
  /** Start financial year when funded. */
  readonly startYear: number | null;
  /** Why not, when not funded (null when the plan has no solution). */
  readonly deferralReason: DeferralReason | null;
  /** The plan's sentence on why not. */
  readonly deferralDetail: string | null;
}

/** A project funded in at least one scenario and not in at least one other. */
export interface ProjectDifference {
  /** Project id. */
  readonly projectId: string;
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Service. */
  readonly service: Service;
  /** Register capex, rand. */
  readonly capexRand: number;
  /** Outcome per scenario (same order as `scenarios`). */
  readonly outcomes: readonly ProjectOutcome[];
}

/** Everything `compare` reports. */
export interface ScenarioComparison {
  /** The model's services (of the first plan), in declared order. */
  readonly services: readonly PlanService[];
  /** Key figures per scenario, in the order the scenarios were given. */
  readonly scenarios: readonly PlanFigures[];
  /** Overrides applied per scenario (same order). */
  readonly overridesByScenario: readonly (readonly string[])[];
  /** Municipalities in the order of the first plan. */
  readonly municipalities: readonly MunicipalSpending[];
  /** Projects whose funding differs, in register order. */
  readonly differences: readonly ProjectDifference[];
}

/** Compare plans of the same model under different scenarios. */
export function compareScenarios(plans: readonly PortfolioPlan[]): ScenarioComparison {
  if (plans.length === 0) throw new Error('compareScenarios needs at least one plan');
  const municipalityOrder = new Map<string, string>();
  for (const plan of plans) {
    for (const municipality of plan.municipalities) {
      if (!municipalityOrder.has(municipality.municipalityCode)) municipalityOrder.set(municipality.municipalityCode, municipality.municipalityName);
    }
  }
  const municipalities = [...municipalityOrder].map(([municipalityCode, municipalityName]) => ({
    municipalityCode,
    municipalityName,
    spendingRandByScenario: plans.map((plan) =>
      hasSolution(plan) ? (plan.municipalities.find((row) => row.municipalityCode === municipalityCode)?.spendingRand ?? 0) : 0,
    ),
  }));
  const projectOrder = new Map<string, PortfolioPlan['projects'][number]>();
  for (const plan of plans) for (const project of plan.projects) if (!projectOrder.has(project.id)) projectOrder.set(project.id, project);
  const differences: ProjectDifference[] = [];
  for (const [projectId, first] of projectOrder) {
    const outcomes = plans.map((plan): ProjectOutcome => {
      const project = plan.projects.find((candidate) => candidate.id === projectId);
      if (!project || !hasSolution(plan)) return { funded: false, startYear: null, deferralReason: null, deferralDetail: hasSolution(plan) ? 'not in this plan' : `no plan (${plan.status})` };
      return { funded: project.funded, startYear: project.startYear, deferralReason: project.deferralReason, deferralDetail: project.deferralDetail };
    });
    // Only plans that exist can disagree: a scenario without a plan funds nothing, and listing every
    // project funded elsewhere as a difference would bury the real ones.
    const planned = outcomes.filter((_, index) => hasSolution(plans[index]));
    if (planned.some((outcome) => outcome.funded) && planned.some((outcome) => !outcome.funded)) {
      differences.push({ projectId, municipalityCode: first.municipalityCode, service: first.service, capexRand: first.capexRand, outcomes });
    }
  }
  return {
    services: plans[0].services,
    scenarios: plans.map(planFigures),
    overridesByScenario: plans.map((plan) => plan.overridesApplied),
    municipalities,
    differences,
  };
}
