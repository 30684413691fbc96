/**
 * The one place where cost changes reach the register the program is built from. A scenario's
 * `cost_escalation_percent` and a stress draw's overruns are recorded on the Dataset as
 * `costFactors` and applied here, after the master plan stage merged its generated rows: applied
 * earlier, they would reach only the planner's rows, since the stage regenerates its own rows at
 * the unit costs of its assumptions (the defect behind f3: a 50% overrun lowered the benefit of the
 * default model by only ~7%).
 */
import type { CostFactors, Dataset, Project } from './types.js';

/** Scale a project's capex and cash flow by `factor`, keeping the cash flow summing to the capex. */
export function escalateProject(project: Project, factor: number): Project {
  const capexRand = project.capexRand * factor;
  const cashFlow = project.cashFlowRandByBuildYear.map((amount) => amount * factor);
  // Put the rounding remainder in the last build year so the sum equals capex to the last bit.
  const allButLast = cashFlow.slice(0, -1).reduce((sum, amount) => sum + amount, 0);
  if (cashFlow.length > 0) cashFlow[cashFlow.length - 1] = capexRand - allButLast;
  return { ...project, capexRand, cashFlowRandByBuildYear: cashFlow };
}

/** The factor on one project's cost: the escalation times its own factor (1 when none). */
export function costFactorOf(costFactors: CostFactors, projectId: string): number {
  return (costFactors.escalationFactor ?? 1) * (costFactors.factorByProjectId?.[projectId] ?? 1);
}

/**
 * The Dataset with its cost factors applied to every project (capex and each build year's cash
 * flow, the profile's shape kept) and the field dropped, so applying it again changes nothing.
 * Called on the planned register (plannedDataset), never before the master plan stage.
 */
export function applyCostFactors(dataset: Dataset): Dataset {
  const { costFactors, ...rest } = dataset;
  if (costFactors === undefined) return dataset;
  const projects = dataset.projects.map((project) => {
    const factor = costFactorOf(costFactors, project.id);
    return factor === 1 ? project : escalateProject(project, factor);
  });
  return { ...rest, projects };
}

/**
 * A Dataset with more cost factors recorded (multiplied into those it carries): they apply, like
 * the scenario's, when the run is planned. A dataset already planned (its factors applied) gets
 * exactly the new ones.
 */
export function withCostFactors(dataset: Dataset, added: CostFactors): Dataset {
  const current = dataset.costFactors ?? {};
  const escalationFactor = (current.escalationFactor ?? 1) * (added.escalationFactor ?? 1);
  const ids = new Set([...Object.keys(current.factorByProjectId ?? {}), ...Object.keys(added.factorByProjectId ?? {})]);
  const factorByProjectId: Record<string, number> = {};
  for (const id of ids) factorByProjectId[id] = (current.factorByProjectId?.[id] ?? 1) * (added.factorByProjectId?.[id] ?? 1);
  return {
    ...dataset,
    costFactors: { ...(escalationFactor !== 1 ? { escalationFactor } : {}), ...(ids.size > 0 ? { factorByProjectId } : {}) },
  };
}
