/**
 * validateRun: the model check behind `infraplan validate`. The model is loaded by resolveRun like
 * every command's, and its problems are returned rather than thrown, with a one-screen summary of
 * a valid model.
 */
import { InvalidInputError } from '../errors/problems.js';
import { resolveModelPath } from '../dataset/load-model.js';
import { constantIndicatorNotes, summariseDataset, type ValidationReport } from '../dataset/validate-model.js';
import { resolveRun } from './resolve-run.js';
import { buildDatasetMasterPlan } from '../masterplan/apply-master-plan.js';

/** What validateRun reports: the model's check, and with a scenario the scenario's too. */
export interface RunValidationReport extends ValidationReport {
  /** With a scenario file: its name and the overrides it applied (the summary is of the model with them); absent without one or when invalid. */
  readonly scenario?: { readonly path: string; readonly name: string; readonly overridesApplied: readonly string[] };
}

/**
 * Validate the model a command argument names (folder, model.xlsx, model.yaml or bare name;
 * undefined for the default) and, with `scenarioPath`, the scenario applied to it, without
 * solving: the scenario's problems (file, row, key) are the report's problems, and the summary
 * is of the model as the scenario changes it. Data problems are returned, not thrown.
 */
export async function validateRun(model?: string, scenarioPath?: string): Promise<RunValidationReport> {
  const modelPath = resolveModelPath(model);
  try {
    const resolved = await resolveRun({ model: modelPath, ...(scenarioPath !== undefined ? { scenarioPath } : {}) });
    // The model as the scenario leaves it (the load notes and warnings are the model's own).
    const dataset = scenarioPath === undefined ? resolved.model : { ...resolved.dataset, loadNotes: resolved.model.loadNotes, loadWarnings: resolved.model.loadWarnings };
    // With a masterplan: block the stage runs before every plan, so its problems are the model's too.
    const masterPlan = dataset.config.masterplan === undefined ? null : buildDatasetMasterPlan(dataset);
    const masterPlanNotes = masterPlan === null ? [] : masterPlan.notes.filter((note) => !note.startsWith('master plan: '));
    return {
      valid: true,
      modelPath,
      problems: [],
      problemCount: 0,
      notShownCount: 0,
      summary: summariseDataset(dataset),
      notes: [...(dataset.loadNotes ?? []), ...masterPlanNotes, ...constantIndicatorNotes(dataset)],
      // The stage's warnings (a generated row edited, no longer generated or without a fingerprint; another owner's row replacing generated projects) are the model's too.
      warnings: [...(dataset.loadWarnings ?? []), ...(masterPlan?.warnings ?? [])],
      ...(scenarioPath !== undefined ? { scenario: { path: scenarioPath, name: resolved.scenarioName, overridesApplied: resolved.overridesApplied } } : {}),
    };
  } catch (error) {
    if (error instanceof InvalidInputError) {
      return { valid: false, modelPath, problems: error.problems, problemCount: error.problemCount, notShownCount: error.notShownCount, summary: null, notes: [], warnings: [] };
    }
    throw error;
  }
}
