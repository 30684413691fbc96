/**
 * What an earlier run proved, for reuse (issue 14): `explain --baseline RUN_FOLDER` explains that
 * run's plan instead of solving the model again. The run's decisions come through readBaseline (the
 * input gate); this module adds the run's proven bound, and only when the run was made from the same
 * inputs: the same file contents (manifest.json's SHA-256 of every input file), the same scenario
 * name and the same overrides (the engine settings aside: a gap or a time limit changes how well a
 * program is solved, not the program). With matching inputs the bound the run proved holds for the
 * program explain builds, so the run's plan, completed by one LP, is the plan explained, with the
 * run's gap. Without a match the bound is not reused and the caller falls back to the shortcut or
 * a solve.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { readInputText } from '../dataset/input-file.js';
import type { Dataset } from '../dataset/types.js';

/** The bound of a run that matches the inputs, or why it cannot be reused. */
export type RunBound =
  | { readonly matches: true; readonly boundBenefitPoints: number; readonly words: string }
  | { readonly matches: false; readonly words: string };

/** Overrides as the program sees them: without their source, engine settings left out. */
function programOverrides(overrides: readonly string[]): string[] {
  return overrides.filter((entry) => !entry.startsWith('engine.')).map((entry) => entry.replace(/ \([^()]*\)$/, '')).sort();
}

/** Read a JSON file through the input gate, or null when it is missing, unreadable or not JSON (then the run is simply not reused). */
async function readJson(filePath: string): Promise<unknown> {
  const read = await readInputText(filePath, filePath, 'json');
  if (read.text === null) return null;
  try {
    return JSON.parse(read.text) as unknown;
  } catch {
    return null;
  }
}

/** A string list at `value`, or null. */
function stringList(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string') ? (value as string[]) : null;
}

/**
 * The proven bound of the run at `baselinePath` (a run folder or its plan.json), when that run was
 * made from the same inputs as `dataset` with `scenarioName` and `overridesApplied`.
 */
export async function readRunBound(baselinePath: string, dataset: Dataset, scenarioName: string, overridesApplied: readonly string[]): Promise<RunBound> {
  let planPath = baselinePath;
  try {
    if ((await stat(baselinePath)).isDirectory()) planPath = path.join(baselinePath, 'plan.json');
  } catch {
    return { matches: false, words: `${baselinePath} cannot be read` };
  }
  const document = (await readJson(planPath)) as { plan?: Record<string, unknown> } | null;
  const plan = document !== null && typeof document === 'object' && typeof document.plan === 'object' && document.plan !== null ? document.plan : null;
  if (plan === null) return { matches: false, words: `${planPath} is not the plan.json of a run folder (the document of solve --json has no manifest)` };
  const manifest = (await readJson(path.join(path.dirname(planPath), 'manifest.json'))) as { inputs?: unknown } | null;
  const inputs = manifest !== null && typeof manifest === 'object' && Array.isArray(manifest.inputs) ? (manifest.inputs as { sha256?: unknown }[]) : null;
  if (inputs === null) return { matches: false, words: `no manifest.json next to ${planPath}, so its inputs cannot be compared` };
  const runHashes = inputs.map((input) => String(input.sha256)).sort();
  const ourHashes = dataset.sourceFiles.map((file) => file.sha256).sort();
  if (runHashes.length !== ourHashes.length || runHashes.some((hash, index) => hash !== ourHashes[index])) {
    return { matches: false, words: 'the run was made from input files with other contents (manifest.json hashes differ)' };
  }
  if (plan.scenarioName !== scenarioName) return { matches: false, words: `the run used scenario ${JSON.stringify(plan.scenarioName)}, not ${JSON.stringify(scenarioName)}` };
  const runOverrides = stringList(plan.overridesApplied);
  const ours = programOverrides(overridesApplied);
  const theirs = runOverrides === null ? null : programOverrides(runOverrides);
  if (theirs === null || theirs.length !== ours.length || theirs.some((entry, index) => entry !== ours[index])) {
    return { matches: false, words: 'the run applied other overrides' };
  }
  const bound = plan.bestBound;
  if (typeof bound !== 'number' || !Number.isFinite(bound)) return { matches: false, words: 'the run recorded no proven bound' };
  return { matches: true, boundBenefitPoints: bound, words: `the proven bound of the run in ${path.dirname(planPath)} (same inputs)` };
}
