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

/** Validate the model a command argument names (folder, model.xlsx, model.yaml or bare name; undefined for the default). Data problems are returned, not thrown. */
export async function validateRun(model?: string): Promise<ValidationReport> {
  const modelPath = resolveModelPath(model);
  try {
    const { model: dataset } = await resolveRun({ model: modelPath });
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
    };
  } catch (error) {
    if (error instanceof InvalidInputError) {
      return { valid: false, modelPath, problems: error.problems, problemCount: error.problemCount, notShownCount: error.notShownCount, summary: null, notes: [], warnings: [] };
    }
    throw error;
  }
}
