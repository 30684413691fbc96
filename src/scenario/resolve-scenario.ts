/**
 * resolveScenario: the pipeline stage between loading a model and building a program. It reads a
 * scenario file and its `extends` chain, stacks the command line on top, and returns a new Dataset
 * with every override applied plus a readable record of what was changed.
 *
 * Precedence, strongest first: command line > the scenario file > its `extends` chain (nearer
 * wins) > the model. See docs/scenarios.md.
 */
import path from 'node:path';
import type { Dataset } from '../dataset/types.js';
import type { EngineName } from '../dataset/engine-catalogue.js';
import { applyScenarioLayers, type RegisterOf } from './apply-scenario.js';
import { buildCommandLineLayer, type CommandLineOverrides } from './command-line-layer.js';
import { readScenarioChainCollecting, type ScenarioLayer } from './scenario-layer.js';
import { InvalidInputError, type DataProblem } from '../errors/problems.js';

export type { CommandLineOverrides } from './command-line-layer.js';

/** A model with a scenario applied. */
export interface ResolvedScenario {
  /** The scenario file's `name`, else its basename without extension; `baseline` without a file. */
  readonly scenarioName: string;
  /** The model with the overrides applied: a new object; the input Dataset is unchanged. */
  readonly dataset: Dataset;
  /** One line per override applied, in order, e.g. `policy.min_service_share.sanitation = 0.4 (scenarios/x.yaml)`. */
  readonly overridesApplied: readonly string[];
  /** Solver settings from the scenario chain and the command line. */
  readonly engineOptions: { engine?: EngineName; timeLimitSeconds?: number; relativeGap?: number; race?: boolean; randomSeed?: number };
}

/** Name of the scenario that changes nothing. */
export const BASELINE_SCENARIO_NAME = 'baseline';

/**
 * Apply a scenario file (or none) and command-line overrides to a model. Throws InvalidInputError
 * naming file, line and key path for every problem found.
 */
export async function resolveScenario(
  dataset: Dataset,
  scenarioPath: string | undefined,
  commandLine?: CommandLineOverrides,
  registerOf?: RegisterOf,
): Promise<ResolvedScenario> {
  const read = scenarioPath === undefined ? { layers: [] as ScenarioLayer[], problems: [] as DataProblem[] } : await readScenarioChainCollecting(scenarioPath);
  const chain = read.layers;
  const layers = [...chain];
  const commandLineLayer = buildCommandLineLayer(commandLine);
  if (commandLineLayer) layers.push(commandLineLayer);
  if (read.problems.length > 0) {
    // The keys without a shape problem are still checked against the model, so every problem is reported at once.
    let modelProblems: readonly DataProblem[] = [];
    try {
      applyScenarioLayers(dataset, layers, registerOf);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      modelProblems = error.problems;
    }
    throw new InvalidInputError([...read.problems, ...modelProblems]);
  }
  const applied = applyScenarioLayers(dataset, layers, registerOf);
  const scenarioName =
    scenarioPath === undefined
      ? BASELINE_SCENARIO_NAME
      : (chain[chain.length - 1].settings.name ?? path.basename(scenarioPath, path.extname(scenarioPath)));
  return { scenarioName, ...applied };
}

