/**
 * runModel: the whole pipeline behind `infraplan run` — load and validate the model, apply the
 * scenario, plan and check, then write the run folder. The CLI only parses, prints and exits.
 */
import path from 'node:path';
import { loadModel, resolveModelPath } from '../dataset/load-model.js';
import { planModel } from '../plan/plan-model.js';
import type { Plan, PlanKind } from '../plan/types.js';
import { resolveScenario, type CommandLineOverrides } from '../scenario/resolve-scenario.js';
import { prepareOutputFolder } from '../files/output-folder.js';
import { keyFigures, type KeyFigures } from './plan-figures.js';
import { writeRunFolder, type RunStep } from './write-run.js';
import { hasSolution } from '../solve/engine.js';

/** Every step of a run, in order, for progress display. */
export type RunModelStep = 'load' | 'scenario' | 'solve' | RunStep;

/** Options of runModel. */
export interface RunModelOptions {
  /** Model folder, model.xlsx or bare model name; undefined for the embedded default model. */
  readonly model?: string;
  /** Scenario file, or undefined for the baseline. */
  readonly scenarioPath?: string;
  /** Command-line overrides (--set, --solver, --time-limit, --gap, --budget-scale). */
  readonly commandLine?: CommandLineOverrides;
  /** Formulation; default portfolio. */
  readonly formulation?: PlanKind;
  /** Folder the run folder is created in; default `<cwd>/reports`. */
  readonly outDir?: string;
  /** Replace an existing run folder of the same name. */
  readonly force?: boolean;
  /** Called as each step starts. */
  readonly onStep?: (step: RunModelStep) => void;
  /** Clock (tests pin it); default the system clock. */
  readonly now?: () => Date;
  /** Called with a sentence for each thing recovered from an earlier interrupted run into outDir. */
  readonly onNote?: (note: string) => void;
}

/** What runModel returns. */
export interface RunModelResult {
  /** The run folder written, or null when the solve found no plan (infeasible, error, no solution in time). */
  readonly runFolder: string | null;
  /** The plan (with its status). */
  readonly plan: Plan;
  /** Headline figures of the plan. */
  readonly figures: KeyFigures;
}

/** Default folder for run folders: `reports/` under the current working directory. */
export function defaultReportsFolder(): string {
  return path.resolve(process.cwd(), 'reports');
}

/** Run the pipeline and write the run folder. Throws InvalidInputError for bad input and RunFolderExistsError without force. */
export async function runModel(options: RunModelOptions = {}): Promise<RunModelResult> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  options.onStep?.('load');
  // A bad --out is reported before the solve, not after it.
  await prepareOutputFolder(options.outDir ?? defaultReportsFolder(), options.onNote ? { onNote: options.onNote } : {});
  const modelPath = resolveModelPath(options.model);
  const dataset = await loadModel(modelPath);
  options.onStep?.('scenario');
  const resolved = await resolveScenario(dataset, options.scenarioPath, options.commandLine);
  options.onStep?.('solve');
  const { plan, indices } = await planModel(resolved.dataset, {
    ...resolved.engineOptions,
    formulation: options.formulation ?? 'portfolio',
    scenarioName: resolved.scenarioName,
    overridesApplied: resolved.overridesApplied,
  });
  const figures = keyFigures(plan, resolved.dataset);
  if (!hasSolution(plan)) return { runFolder: null, plan, figures };
  const runFolder = await writeRunFolder(
    { plan, dataset: resolved.dataset, indices, modelPath, scenarioPath: options.scenarioPath ?? null, startedAt },
    {
      outDir: options.outDir ?? defaultReportsFolder(),
      ...(options.force !== undefined ? { force: options.force } : {}),
      ...(options.onStep ? { onStep: options.onStep } : {}),
      ...(options.onNote ? { onNote: options.onNote } : {}),
      now,
    },
  );
  return { runFolder, plan, figures };
}
