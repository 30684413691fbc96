/**
 * `--baseline RUN_FOLDER|plan.json`: the decisions of an earlier portfolio plan, read through the
 * one input gate (input-file.ts). A run folder's plan.json (`{ plan, indices }`) and the document
 * `solve --json` prints are both accepted. Every problem comes back located (file, and the key
 * path inside it as the column), so a bad or foreign baseline is exit 1, never a stack.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { InvalidInputError, type DataProblem } from '../errors/problems.js';
import { horizonOf } from './horizon.js';
import { readInputText } from './input-file.js';
import type { BaselineDecisions, BaselineLock, BaselineProjectFields, BaselineSpendingLine, Dataset } from './types.js';

/** The option the baseline is given by, for messages about it as a whole. */
export const BASELINE_OPTION = '--baseline';

/** One spending line of a planned project (plan.json `spending` and `operatingSpending`). */
const baselineSpendingLineSchema = z.object({
  financialYear: z.number().int().min(1900).max(2200),
  sourceId: z.string().min(1).max(200),
  amountRand: z.number().finite().min(0),
});

/** The part of a planned project a baseline needs; the spending split is optional (a hand-made baseline may list decisions only). */
const baselineProjectSchema = z.object({
  id: z.string().min(1).max(200),
  funded: z.boolean(),
  startYear: z.number().int().min(1900).max(2200).nullable(),
  spending: z.array(baselineSpendingLineSchema).max(100_000).optional(),
  operatingSpending: z.array(baselineSpendingLineSchema).max(100_000).optional(),
  // The planning fields plan.json records, to tell which projects were edited since (src/plan/baseline-input-changes.ts).
  municipalityCode: z.string().max(200).optional(),
  service: z.string().max(200).optional(),
  type: z.string().max(200).optional(),
  capexRand: z.number().finite().optional(),
  householdsServed: z.number().finite().optional(),
  capacityAddedMlPerDay: z.number().finite().optional(),
});

/** The part of a plan document a baseline needs (other keys are allowed and ignored). */
const baselinePlanSchema = z.object({
  kind: z.string(),
  modelName: z.string(),
  status: z.string(),
  projects: z.array(baselineProjectSchema).max(1_000_000),
});

/** The envelopes as planned, per source and horizon year (plan `envelopeUse`), to list the amounts edited since (src/plan/baseline-input-changes.ts). */
const baselineEnvelopesSchema = z.array(z.object({ sourceId: z.string().min(1).max(200), financialYear: z.number().int().min(1900).max(2200), envelopeRand: z.number().finite() })).max(1_000_000);

/** The inputs a run folder's plan.json records beside the plan (plan.json `inputs`), to list the needs and sources edited since. */
const baselineInputsSchema = z.object({
  needs: z.array(z.object({
    municipalityCode: z.string().min(1).max(200),
    service: z.string().min(1).max(200),
    backlogHouseholds: z.number().finite(),
    treatmentCapacityMlPerDay: z.number().finite().nullable(),
    demandMlPerDay: z.number().finite().nullable(),
  })).max(1_000_000).optional(),
  fundingSources: z.array(z.object({ id: z.string().min(1).max(200), carryOver: z.boolean(), purpose: z.string().max(200) })).max(10_000).optional(),
});

/** A key path of a zod issue, as the column of a problem: `plan.projects[3].startYear`. */
function keyPath(prefix: string, issuePath: readonly PropertyKey[]): string {
  return issuePath.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}${text === '' ? '' : '.'}${String(key)}`), prefix);
}

/** The plan.json of a run folder, or the file itself. */
async function baselineFile(argument: string): Promise<string> {
  try {
    if ((await stat(argument)).isDirectory()) return path.join(argument, 'plan.json');
  } catch {
    // A missing path is reported by the input gate with its own words.
  }
  return argument;
}

/**
 * For a folder without plan.json that holds run folders (`--baseline reports`, the folder the runs
 * are written into): the newest of them by its plan.json's time, to name in the message, or null.
 */
async function newestRunFolderIn(folder: string): Promise<string | null> {
  let names: string[];
  try {
    names = (await readdir(folder, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch {
    return null;
  }
  let newest: { readonly folder: string; readonly modified: number } | null = null;
  for (const name of names) {
    try {
      const modified = (await stat(path.join(folder, name, 'plan.json'))).mtimeMs;
      if (newest === null || modified > newest.modified) newest = { folder: path.join(folder, name), modified };
    } catch {
      // Not a run folder.
    }
  }
  return newest?.folder ?? null;
}

/**
 * Read the decisions of a baseline plan. Throws InvalidInputError naming the file and key when
 * the file is missing, not JSON, not a solved portfolio plan, or lists a project twice.
 */
export async function readBaseline(argument: string): Promise<BaselineDecisions> {
  const filePath = await baselineFile(argument);
  const fail = (column: string | null, message: string): never => {
    throw new InvalidInputError([{ file: filePath, row: null, column, message }]);
  };
  // `--baseline reports` names the folder of the runs rather than one run (new-user review u4): say which one is newest.
  const newest = filePath === argument ? null : await newestRunFolderIn(argument);
  const missingMessage =
    newest === null
      ? `not found: ${BASELINE_OPTION} takes a run folder (with plan.json) or a plan.json file`
      : `not found: ${argument} holds run folders rather than being one; ${BASELINE_OPTION} takes one of them, e.g. ${newest} (the newest)`;
  const read = await readInputText(filePath, filePath, 'json', { missingMessage });
  if (read.text === null) throw new InvalidInputError(read.problems);
  let document: unknown;
  try {
    document = JSON.parse(read.text);
  } catch (error) {
    return fail(null, `is not JSON (${error instanceof Error ? error.message : String(error)}); ${BASELINE_OPTION} takes the plan.json of a run folder`);
  }
  // plan.json wraps the plan document as `plan`; `solve --json` prints the document itself.
  const wrapped = typeof document === 'object' && document !== null && 'plan' in document;
  const prefix = wrapped ? 'plan' : '';
  const parsed = baselinePlanSchema.safeParse(wrapped ? (document as { plan: unknown }).plan : document);
  if (!parsed.success) {
    const problems: DataProblem[] = parsed.error.issues.slice(0, 20).map((issue) => ({ file: filePath, row: null, column: keyPath(prefix, issue.path) || null, message: `${issue.message}: not a plan.json written by infraplan run` }));
    throw new InvalidInputError(problems);
  }
  const plan = parsed.data;
  if (plan.kind !== 'portfolio') fail(keyPath(prefix, ['kind']), `is ${JSON.stringify(plan.kind)}: a baseline must be a portfolio plan (the allocation formulation funds no projects)`);
  if (plan.status !== 'optimal' && plan.status !== 'feasible') fail(keyPath(prefix, ['status']), `is ${JSON.stringify(plan.status)}: the baseline run found no plan`);
  const startYearByProjectId: Record<string, number | null> = {};
  const spendingByProjectId: Record<string, BaselineSpendingLine[]> = {};
  const projectFieldsById: Record<string, BaselineProjectFields> = {};
  let splitGiven = false;
  let fieldsGiven = false;
  for (const [index, project] of plan.projects.entries()) {
    if (Object.hasOwn(startYearByProjectId, project.id)) fail(keyPath(prefix, ['projects', index, 'id']), `project ${project.id} is listed twice`);
    if (project.funded && project.startYear === null) fail(keyPath(prefix, ['projects', index, 'startYear']), `project ${project.id} is funded but has no start year`);
    startYearByProjectId[project.id] = project.funded ? project.startYear : null;
    if (project.spending !== undefined || project.operatingSpending !== undefined) splitGiven = true;
    const { municipalityCode, service, type, capexRand, householdsServed, capacityAddedMlPerDay } = project;
    const fields = Object.fromEntries(Object.entries({ municipalityCode, service, type, capexRand, householdsServed, capacityAddedMlPerDay }).filter(([, value]) => value !== undefined)) as BaselineProjectFields;
    if (Object.keys(fields).length > 0) fieldsGiven = true;
    projectFieldsById[project.id] = fields;
    if (!project.funded) continue;
    spendingByProjectId[project.id] = [
      ...(project.spending ?? []).map((line) => ({ ...line, purpose: 'capital' as const })),
      ...(project.operatingSpending ?? []).map((line) => ({ ...line, purpose: 'operating' as const })),
    ];
  }
  // The inputs block is optional and only informs the Changes from baseline sheet: a block that does not parse is left out, never an error.
  const inputs = wrapped ? baselineInputsSchema.safeParse((document as { inputs?: unknown }).inputs ?? {}) : null;
  const recorded = inputs?.success === true ? inputs.data : {};
  const planDocument = (wrapped ? (document as { plan: unknown }).plan : document) as { envelopeUse?: unknown };
  const envelopes = planDocument.envelopeUse === undefined ? null : baselineEnvelopesSchema.safeParse(planDocument.envelopeUse);
  return {
    source: filePath,
    modelName: plan.modelName,
    startYearByProjectId,
    ...(splitGiven ? { spendingByProjectId } : {}),
    ...(fieldsGiven ? { projectFieldsById } : {}),
    ...(envelopes?.success === true ? { envelopes: envelopes.data } : {}),
    ...(recorded.needs !== undefined ? { needs: recorded.needs } : {}),
    ...(recorded.fundingSources !== undefined ? { fundingSources: recorded.fundingSources } : {}),
  };
}

/**
 * Check a baseline against the model it is to steer: it must be a plan of this model (same
 * name) and share projects with its register. Throws InvalidInputError naming the file.
 */
export function checkBaselineFits(baseline: BaselineDecisions, dataset: Dataset): void {
  const problems: DataProblem[] = [];
  if (baseline.modelName !== dataset.config.name) {
    problems.push({ file: baseline.source, row: null, column: 'modelName', message: `is a plan of model ${JSON.stringify(baseline.modelName)}, not of ${JSON.stringify(dataset.config.name)}: give the run folder of a run of this model` });
  }
  const registerIds = new Set(dataset.projects.map((project) => project.id));
  const listed = Object.keys(baseline.startYearByProjectId);
  if (listed.length > 0 && !listed.some((id) => registerIds.has(id))) {
    problems.push({ file: baseline.source, row: null, column: 'projects', message: `none of its ${listed.length} projects is in this model's register: it is a plan of another model` });
  }
  if (problems.length > 0) throw new InvalidInputError(problems);
}

/**
 * Refuse a `--lock-years` value that is not a whole number of years from 1 to the horizon, with
 * one message wherever it is checked: on the command line, before the model is read, the horizon
 * is not known yet (`horizonYears` null) and only the lower end and whole years are checked.
 */
export function checkLockYears(lockYears: number, horizonYears: number | null): void {
  const tooMany = horizonYears !== null && lockYears > horizonYears;
  if (Number.isInteger(lockYears) && lockYears >= 1 && !tooMany) return;
  const given = Number.isNaN(lockYears) ? 'something that is not a number' : String(lockYears);
  const upTo = horizonYears === null ? 'the length of the horizon' : `the horizon's ${horizonYears}`;
  throw new InvalidInputError([{ file: 'command line', row: null, column: '--lock-years', message: `expected a whole number of years from 1 to ${upTo} (the first years of the baseline to keep), got ${given}` }]);
}

/**
 * The lock of `--lock-years N` from a baseline: the projects it starts in the first N years of
 * the model's horizon, with those starts. Throws InvalidInputError for N outside 1 to the horizon.
 */
export function baselineLockOf(baseline: BaselineDecisions, dataset: Dataset, lockYears: number): BaselineLock {
  const { firstYear, years } = horizonOf(dataset.config);
  checkLockYears(lockYears, years.length);
  const lastLockedYear = firstYear + lockYears - 1;
  const startYearByProjectId: Record<string, number> = {};
  for (const [id, startYear] of Object.entries(baseline.startYearByProjectId)) {
    if (startYear !== null && startYear >= firstYear && startYear <= lastLockedYear) startYearByProjectId[id] = startYear;
  }
  return { source: baseline.source, lockYears, lastLockedYear, startYearByProjectId };
}
