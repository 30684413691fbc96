/**
 * The run manifest: what was run, on what, with which tool, and what came out. It is written as
 * manifest.json and repeated on the workbook's last sheet, so a reviewer holding either can tell
 * whether two runs used the same inputs (compare the sha256 values) and the same tool version.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dataset, SourceFile } from '../dataset/types.js';
import { bestBoundOf, objectiveOf, type Plan } from '../plan/types.js';
import type { EngineName } from '../dataset/engine-catalogue.js';
import type { SolveStatus } from '../solve/engine.js';

/** Contents of manifest.json. */
export interface RunManifest {
  /** The tool and its version from package.json. */
  readonly tool: { readonly name: 'infraplan'; readonly version: string };
  /** Node.js version, e.g. `v20.19.0`. */
  readonly nodeVersion: string;
  /** When the run started, ISO 8601 UTC. */
  readonly startedUtc: string;
  /** When the reports were complete, ISO 8601 UTC. */
  readonly finishedUtc: string;
  /** Model name and the path it was loaded from. */
  readonly model: { readonly name: string; readonly path: string | null; readonly title: string };
  /** Every input file read, with its SHA-256. */
  readonly inputs: readonly SourceFile[];
  /** Scenario name, file and the overrides applied, in order. */
  readonly scenario: { readonly name: string; readonly path: string | null; readonly overridesApplied: readonly string[] };
  /** Formulation. */
  readonly formulation: Plan['kind'];
  /** Solver engine. */
  readonly engine: EngineName;
  /** Solve status. */
  readonly status: SolveStatus;
  /** Objective value (benefit points for the portfolio). */
  readonly objective: number | null;
  /** Best proven bound. */
  readonly bound: number | null;
  /** Relative gap. */
  readonly gap: number | null;
  /** Seconds in the solver, by the clock on the wall (they grow with the machine's load). */
  readonly seconds: number;
  /**
   * CPU seconds of the same solve (Plan `cpuSeconds`: processor time, HiGHS's threads added up),
   * which hardly grow with the load, so two runs compare by them; absent where the plan records none.
   */
  readonly cpuSeconds?: number;
  /** Files of the run folder, relative to it. */
  readonly files: readonly string[];
}

/** Where a run came from, as the caller knows it. */
export interface RunProvenance {
  /** Path of the model folder or workbook, or null when not known (a Dataset built in memory). */
  readonly modelPath: string | null;
  /** Path of the scenario file, or null without one. */
  readonly scenarioPath: string | null;
  /** When the run started. */
  readonly startedAt: Date;
}

/**
 * Version of the infraplan package, read from the package.json that sits above this module in
 * both layouts it runs from (src/ under tsx, dist/ when built).
 */
export function toolVersion(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth += 1) {
    const candidate = path.join(folder, 'package.json');
    if (existsSync(candidate)) {
      const contents = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (contents.name === 'infraplan' && typeof contents.version === 'string') return contents.version;
    }
    folder = path.dirname(folder);
  }
  return 'unknown';
}

/** Build the manifest of a run. */
export function buildManifest(plan: Plan, dataset: Dataset, provenance: RunProvenance, finishedAt: Date, files: readonly string[]): RunManifest {
  return {
    tool: { name: 'infraplan', version: toolVersion() },
    nodeVersion: process.version,
    startedUtc: provenance.startedAt.toISOString(),
    finishedUtc: finishedAt.toISOString(),
    model: { name: plan.modelName, path: provenance.modelPath, title: dataset.config.title },
    inputs: dataset.sourceFiles,
    scenario: { name: plan.scenarioName, path: provenance.scenarioPath, overridesApplied: plan.overridesApplied },
    formulation: plan.kind,
    engine: plan.solver,
    status: plan.status,
    objective: objectiveOf(plan),
    bound: bestBoundOf(plan),
    gap: plan.gap,
    seconds: plan.seconds,
    ...(plan.cpuSeconds !== undefined ? { cpuSeconds: plan.cpuSeconds } : {}),
    files,
  };
}
