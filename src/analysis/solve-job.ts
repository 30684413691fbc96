/**
 * A solve job: everything needed to produce one Plan, in a form that can cross a worker-thread
 * boundary (plain data, structured-clone safe). Solving a job in-process and in a worker run the
 * same function, so the pool's answers equal in-process answers by construction.
 */
import type { CostFactors, Dataset } from '../dataset/types.js';
import { datasetRun, planRun, type PlanningRun } from '../pipeline/plan-run.js';
import { resolveRun } from '../pipeline/resolve-run.js';
import type { PlanOptions } from '../plan/plan-model.js';
import type { CommandLineOverrides } from '../scenario/resolve-scenario.js';
import type { EngineName } from '../dataset/engine-catalogue.js';
import { drawDataset, lpBoundGap, planFromNeighbour, type AnalysisPlan, type LpBoundGap, type ShortcutRequest } from './plan-shortcut.js';

/** A job naming files: the model folder, an optional scenario file and command-line overrides. */
export interface FileSolveJob {
  /** Discriminant. */
  readonly kind: 'files';
  /** Short label for progress lines and error messages, e.g. the scenario name. */
  readonly label: string;
  /** Model folder or workbook, as resolveModelPath returns it. */
  readonly modelPath: string;
  /** Scenario file, or undefined for the model as it is. */
  readonly scenarioPath?: string;
  /** Command-line overrides stacked on the scenario. */
  readonly commandLine?: CommandLineOverrides;
  /** Plan options; the scenario's engine options and name fill what is not given here. */
  readonly planOptions?: PlanOptions;
}

/** A job carrying a resolved Dataset (for example with scaled envelopes or cost overruns). */
export interface DatasetSolveJob {
  /** Discriminant. */
  readonly kind: 'dataset';
  /** Short label for progress lines and error messages. */
  readonly label: string;
  /** The dataset to plan, already resolved. */
  readonly dataset: Dataset;
  /** Plan options (scenario name, overrides applied, engine settings). */
  readonly planOptions?: PlanOptions;
  /**
   * Start from a neighbouring plan (a stress draw from the plan without overruns, a budget level
   * from the plan at the middle level): accepted without a MILP when the LP bound proves it within
   * the gap, else the MILP's MIP start (src/analysis/plan-shortcut.ts). Absent: a plain solve.
   */
  readonly shortcut?: ShortcutRequest;
  /**
   * Cost factors recorded on `dataset` where the job is solved (drawDataset, withCostFactors):
   * stress draws share one dataset object and differ only in these, so the pool sends that dataset
   * to each worker once (solve-pool.ts) and each draw carries only its factors, and the master plan
   * stage runs once per worker (stagedDataset). Absent: the dataset as it is.
   */
  readonly costFactors?: CostFactors;
}

/** Either kind of job. */
export type SolveJob = FileSolveJob | DatasetSolveJob;

/**
 * The LP relaxation's bound of a dataset's program against a plan's benefit (lpBoundGap): stress
 * hands it to the pool's second worker while the first solves the plan without overruns, so the
 * LP and that worker's start-up (its modules, HiGHS's WebAssembly) are off the serial path.
 */
export interface LpBoundJob {
  /** Discriminant. */
  readonly kind: 'lp-bound';
  /** Short label for error messages. */
  readonly label: string;
  /** The dataset whose program is relaxed. */
  readonly dataset: Dataset;
  /** Benefit points of a plan of it the gap is measured against; 0 when not known yet (the caller then computes the gap from lpBoundBenefitPoints). */
  readonly benefitPoints: number;
  /** Engine; default the dataset's. */
  readonly engine?: EngineName;
}

/** Anything the solve pool runs: a solve job (its result a plan) or an LP bound (its result an LpBoundGap). */
export type PoolJob = SolveJob | LpBoundJob;

/** What a pool job gives: a plan for a solve job, the bound for an LP bound job. */
export type PoolJobResult<Job extends PoolJob> = Job extends LpBoundJob ? LpBoundGap : AnalysisPlan;

/** Run one pool job in this thread (a worker's or the caller's: the same function, so the answers are the same). */
export async function runPoolJob(job: PoolJob): Promise<AnalysisPlan | LpBoundGap> {
  if (job.kind === 'lp-bound') {
    const run = datasetRun(job.dataset);
    return lpBoundGap(run, job.benefitPoints, job.engine ?? run.engineOptions.engine);
  }
  return solveJob(job);
}

/** Solve one job in this thread and return its portfolio Plan. Throws what loadModel, resolveScenario or planModel throw. */
export async function solveJob(job: SolveJob): Promise<AnalysisPlan> {
  // Analysis runs many solves and reports an infeasible point as such; finding the conflicting
  // rules (many more solves) is left to `solve`, which the outputs point to.
  const { scenarioName, overridesApplied, ...options } = job.planOptions ?? {};
  const run: PlanningRun =
    job.kind === 'dataset'
      ? datasetRun(job.costFactors === undefined ? job.dataset : drawDataset(job.dataset, job.costFactors))
      : await resolveRun({ model: job.modelPath, ...(job.scenarioPath !== undefined ? { scenarioPath: job.scenarioPath } : {}), ...(job.commandLine !== undefined ? { commandLine: job.commandLine } : {}) });
  const named: PlanningRun = { ...run, ...(scenarioName !== undefined ? { scenarioName } : {}), ...(overridesApplied !== undefined ? { overridesApplied } : {}) };
  if (job.kind === 'dataset' && job.shortcut !== undefined) return planFromNeighbour(named, { diagnoseInfeasibility: false, ...options }, job.shortcut);
  // The analysis commands plan portfolios only: they compare, sweep and stress funded projects.
  return (await planRun(named, { diagnoseInfeasibility: false, ...options, formulation: 'portfolio' })).plan;
}
