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
    const masterPlanNotes = dataset.config.masterplan === undefined ? [] : buildDatasetMasterPlan(dataset).notes.filter((note) => !note.startsWith('master plan: '));
    return {
      valid: true,
      modelPath,
      problems: [],
      problemCount: 0,
      notShownCount: 0,
      summary: summariseDataset(dataset),
      notes: [...(dataset.loadNotes ?? []), ...masterPlanNotes, ...constantIndicatorNotes(dataset)],
      warnings: dataset.loadWarnings ?? [],
    };
  } catch (error) {
    if (error instanceof InvalidInputError) {
      return { valid: false, modelPath, problems: error.problems, problemCount: error.problemCount, notShownCount: error.notShownCount, summary: null, notes: [], warnings: [] };
    }
    throw error;
  }
}
