/**
 * resolveRun: the first two stages of every command that reads a model, in one place. A model
 * argument (a folder, a workbook, a bare name under models/, or nothing for the embedded default),
 * a scenario file and the command-line overrides become the model as loaded, the model with the
 * scenario applied, and everything a report records about how it was resolved.
 */
import { applyMasterPlan } from '../masterplan/apply-master-plan.js';
import { loadModel, resolveModelPath } from '../dataset/load-model.js';
import type { Dataset } from '../dataset/types.js';
import { resolveScenario, type CommandLineOverrides, type ResolvedScenario } from '../scenario/resolve-scenario.js';

/** What a command asks to plan. */
export interface RunRequest {
  /** Model folder, model.xlsx, model.yaml or bare model name; undefined for the embedded default model. */
  readonly model?: string;
  /** Scenario file, or undefined for the model as it is (the baseline). */
  readonly scenarioPath?: string;
  /** Command-line overrides (--set, --solver, --time-limit, --gap, --budget-scale), strongest of all. */
  readonly commandLine?: CommandLineOverrides;
}

/** A model resolved for planning: loaded, validated and with its scenario applied. */
export interface ResolvedRun extends ResolvedScenario {
  /** The model folder or workbook that was loaded (resolveModelPath of the request's model). */
  readonly modelPath: string;
  /** The scenario file applied, or null for the baseline. */
  readonly scenarioPath: string | null;
  /** The model as loaded, before the scenario. */
  readonly model: Dataset;
}

/**
 * Load and validate the model, then apply the scenario and the command line. Throws
 * InvalidInputError naming file, row and column (or key) for every problem found.
 */
export async function resolveRun(request: RunRequest = {}, onStep?: (step: 'load' | 'scenario') => void): Promise<ResolvedRun> {
  onStep?.('load');
  const modelPath = resolveModelPath(request.model);
  const model = await loadModel(modelPath);
  onStep?.('scenario');
  // `ring_fenced` may name a project the master plan generates: checked against the register the stage makes.
  const resolved = await resolveScenario(model, request.scenarioPath, request.commandLine, (dataset) => (dataset.config.masterplan === undefined ? dataset.projects : applyMasterPlan(dataset).dataset.projects));
  return { ...resolved, modelPath, scenarioPath: request.scenarioPath ?? null, model };
}
