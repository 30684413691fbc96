/**
 * planRun: the middle of the pipeline for every command, the analysis worker and the bench. A
 * resolved run (the model with its scenario applied) is built into a program, solved, interpreted
 * and checked by planModel under one clock over the whole call (src/solve/time-budget.ts); the
 * scenario's engine settings apply unless the caller sets its own.
 */
import type { Dataset } from '../dataset/types.js';
import { applyMasterPlan, type DatasetMasterPlan } from '../masterplan/apply-master-plan.js';
import { computeIndices } from '../indicators/indices.js';
import { applyCostFactors } from '../dataset/cost-factors.js';
import { applyRingFences } from '../dataset/ring-fences.js';
import { planModel, type PlanOptions, type PlanOutcome } from '../plan/plan-model.js';
import type { AllocationPlan, PortfolioPlan } from '../plan/types.js';
import { buildFormulation, type BuiltFormulation, type FormulationKind } from '../program/formulation.js';
import { BASELINE_SCENARIO_NAME, type ResolvedScenario } from '../scenario/resolve-scenario.js';

/** What planRun needs of a run: a ResolvedRun is one; so is a dataset changed in memory (analysis). */
export type PlanningRun = Pick<ResolvedScenario, 'dataset' | 'scenarioName' | 'overridesApplied' | 'engineOptions'>;

/** Options of planRun: the formulation, the extra steps, and engine settings that beat the scenario's. */
export type PlanRunOptions = Omit<PlanOptions, 'scenarioName' | 'overridesApplied'>;

/** A dataset planned as it is: the baseline scenario, no overrides, the engine's defaults. */
export function datasetRun(dataset: Dataset, scenarioName: string = BASELINE_SCENARIO_NAME, overridesApplied: readonly string[] = []): PlanningRun {
  return { dataset, scenarioName, overridesApplied, engineOptions: {} };
}

/** Plan a resolved run: build, solve, interpret, check (and marginal values, diagnosis). Throws PlanCheckError when the checker finds a violation. */
export function planRun(run: PlanningRun, options?: PlanRunOptions & { readonly formulation?: 'portfolio' }): Promise<PlanOutcome<PortfolioPlan>>;
export function planRun(run: PlanningRun, options: PlanRunOptions & { readonly formulation: 'allocation' }): Promise<PlanOutcome<AllocationPlan>>;
export function planRun(run: PlanningRun, options?: PlanRunOptions): Promise<PlanOutcome>;
export async function planRun(run: PlanningRun, options: PlanRunOptions = {}): Promise<PlanOutcome> {
  const staged = plannedDataset(run.dataset);
  const outcome = await planModel(staged.dataset, {
    ...run.engineOptions,
    ...options,
    scenarioName: run.scenarioName,
    overridesApplied: run.overridesApplied,
  });
  // The planned dataset is returned whenever it differs from the run's (a master plan, or cost factors applied), so reports read the costs the program used.
  if (staged.masterPlan === null) return staged.dataset === run.dataset ? outcome : { ...outcome, dataset: staged.dataset };
  // The merge and the stage's remarks are reported with the plan (the checker has already passed it).
  const plan = { ...outcome.plan, warnings: [...(outcome.plan.warnings ?? []), ...staged.notes] };
  return { ...outcome, plan, dataset: staged.dataset, masterPlan: staged.masterPlan };
}

/**
 * The Dataset the program is built from: with a `masterplan:` block in model.yaml (or the
 * scenario), the master plan stage runs first (applyMasterPlan: the merged register and the
 * capacity balances); without one, the dataset as it is. Then, and only then, the cost factors
 * (escalation, overruns) apply to every project of that register, generated rows included
 * (src/dataset/cost-factors.ts). Planning the result again changes nothing.
 */
export function plannedDataset(dataset: Dataset): { readonly dataset: Dataset; readonly masterPlan: DatasetMasterPlan | null; readonly notes: readonly string[] } {
  // Ring-fenced money becomes sources after the stage, which regenerates its rows (src/dataset/ring-fences.ts).
  if (dataset.config.masterplan === undefined) return { dataset: applyCostFactors(applyRingFences(dataset)), masterPlan: null, notes: [] };
  const applied = applyMasterPlan(dataset);
  // The stage passes a dataset's cost factors through; the masterPlan keeps the rows at the stage's own costs.
  return { dataset: applyCostFactors(applyRingFences(applied.dataset)), masterPlan: applied, notes: applied.notes };
}

/** The program planRun would solve for a run, without solving it (export-lp). */
export function buildRunProgram(run: PlanningRun, formulation: FormulationKind = 'portfolio'): BuiltFormulation {
  const { dataset } = plannedDataset(run.dataset);
  return buildFormulation(dataset, computeIndices(dataset), formulation);
}
