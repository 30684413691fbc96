/**
 * What the planner changed in the inputs since the baseline run (new-user review u2, finding 15):
 * the projects added to and removed from the register, the projects whose planning fields differ
 * from the baseline plan's record of them (old and new value), and the input files whose contents
 * differ from the baseline run's manifest.json. Each project says what this plan did with it, so a
 * planner can check "my edit did X". Also the per-project sum of the money that moved between
 * grants or years (the sheet shows one row per project, plan.json keeps every amount).
 */
import path from 'node:path';
import { formatFinancialYear } from '../dataset/financial-year.js';
import type { BaselineDecisions, BaselineProjectFields, Dataset } from '../dataset/types.js';
import type { BaselineFieldChange, BaselineFileChange, BaselineInputChanges, BaselineProjectInputChange, BaselineSplitChange, BaselineSplitProjectSummary, PlannedProject } from './types.js';

/** The planning fields compared, in the order the sheet lists them, with the tolerance under which two numbers are the same. */
const COMPARED_FIELDS: readonly { readonly field: keyof BaselineProjectFields; readonly tolerance: number }[] = [
  { field: 'municipalityCode', tolerance: 0 },
  { field: 'service', tolerance: 0 },
  { field: 'type', tolerance: 0 },
  // plan.json writes money to the cent: under a rand is rounding, not an edit.
  { field: 'capexRand', tolerance: 0.5 },
  { field: 'householdsServed', tolerance: 1e-6 },
  { field: 'capacityAddedMlPerDay', tolerance: 1e-9 },
];

/** The fields of `project` that differ from the baseline's record, for the fields the baseline gives. */
function fieldChanges(recorded: BaselineProjectFields, project: PlannedProject): BaselineFieldChange[] {
  const changes: BaselineFieldChange[] = [];
  for (const { field, tolerance } of COMPARED_FIELDS) {
    const baselineValue = recorded[field];
    if (baselineValue === undefined) continue;
    const value = project[field];
    const same = typeof baselineValue === 'number' && typeof value === 'number' ? Math.abs(baselineValue - value) <= tolerance : baselineValue === value;
    if (!same) changes.push({ field, baselineValue, value });
  }
  return changes;
}

/** Input files whose hashes differ, matched by file name (a copy of the model in another folder is the same model). */
function fileChanges(baseline: readonly { path: string; sha256: string }[], current: readonly { path: string; sha256: string }[]): BaselineFileChange[] {
  const byName = (files: readonly { path: string; sha256: string }[]): Map<string, string> => new Map(files.map((file) => [path.basename(file.path), file.sha256]));
  const before = byName(baseline);
  const after = byName(current);
  const changes: BaselineFileChange[] = [];
  for (const [fileName, sha256] of after) {
    const was = before.get(fileName);
    if (was === undefined) changes.push({ fileName, kind: 'added' });
    else if (was !== sha256) changes.push({ fileName, kind: 'changed' });
  }
  for (const fileName of before.keys()) if (!after.has(fileName)) changes.push({ fileName, kind: 'removed' });
  return changes;
}

/** `1 project`, `3 projects`. */
function counted(count: number, singular: string, plural: string): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? singular : plural}`;
}

/** The one-line count of the input changes (BaselineInputChanges.summaryWords). */
export function inputChangesSummaryWords(changes: Omit<BaselineInputChanges, 'summaryWords'>): string {
  const added = changes.projects.filter((change) => change.kind === 'added');
  const removed = changes.projects.filter((change) => change.kind === 'removed').length;
  const edited = changes.projects.filter((change) => change.kind === 'edited').length;
  const parts: string[] = [];
  if (added.length > 0) {
    const funded = added.filter((change) => change.startYear !== null).length;
    const fundedWords = funded === added.length ? (funded === 1 ? 'funded' : 'all funded') : funded === 0 ? (added.length === 1 ? 'not funded' : 'none funded') : `${funded} funded`;
    parts.push(`${counted(added.length, 'project', 'projects')} added (${fundedWords})`);
  }
  if (removed > 0) parts.push(`${counted(removed, 'project', 'projects')} removed`);
  if (edited > 0) parts.push(`${counted(edited, 'project', 'projects')} edited`);
  let words = parts.length === 0 ? (changes.fieldsRecorded ? 'no project added, removed or edited' : 'no project added or removed') : parts.join(', ');
  if (!changes.fieldsRecorded) words += ' (edits cannot be seen: the baseline plan does not record the projects\' fields)';
  if (changes.files === null) words += '; input files not compared (no manifest.json beside the baseline plan)';
  else if (changes.files.length === 0) words += '; every input file is the same as the baseline run\'s';
  else words += `; input files that differ from the baseline run's: ${changes.files.map((file) => (file.kind === 'changed' ? file.fileName : `${file.fileName} (${file.kind === 'added' ? 'new' : 'no longer read'})`)).join(', ')}`;
  return `since the baseline: ${words}`;
}

/**
 * The input changes of a plan against its baseline: the projects of `projects` (this plan, the
 * register planned) that the baseline plan does not list (added), the baseline's projects not in
 * the register (removed), those whose recorded planning fields differ (edited), and the input
 * files that differ from the baseline run's manifest.
 */
export function describeInputChanges(dataset: Pick<Dataset, 'projects' | 'sourceFiles'>, baseline: BaselineDecisions, projects: readonly PlannedProject[]): BaselineInputChanges {
  const listed = baseline.startYearByProjectId;
  const recordedFields = baseline.projectFieldsById;
  const originOf = new Map(dataset.projects.map((project) => [project.id, project.origin === 'masterplan' ? ('masterplan' as const) : ('planner' as const)]));
  const added: BaselineProjectInputChange[] = [];
  const edited: BaselineProjectInputChange[] = [];
  for (const project of projects) {
    const decision = {
      origin: originOf.get(project.id) ?? ('planner' as const),
      startYear: project.funded ? project.startYear : null,
      deferralReason: project.funded ? null : project.deferralReason,
      deferralDetail: project.funded ? null : project.deferralDetail,
    };
    if (!Object.hasOwn(listed, project.id)) {
      added.push({ projectId: project.id, kind: 'added', fields: [], baselineStartYear: null, ...decision });
      continue;
    }
    const recorded = recordedFields?.[project.id];
    if (recorded === undefined) continue;
    const fields = fieldChanges(recorded, project);
    if (fields.length > 0) edited.push({ projectId: project.id, kind: 'edited', fields, baselineStartYear: listed[project.id] ?? null, ...decision });
  }
  const registerIds = new Set(projects.map((project) => project.id));
  const removed: BaselineProjectInputChange[] = Object.entries(listed)
    .filter(([id]) => !registerIds.has(id))
    .map(([id, startYear]) => ({ projectId: id, kind: 'removed', fields: [], origin: null, baselineStartYear: startYear, startYear: null, deferralReason: null, deferralDetail: null }));
  const changes = {
    projects: [...added, ...removed, ...edited],
    fieldsRecorded: recordedFields !== undefined,
    files: baseline.inputFiles === undefined ? null : fileChanges(baseline.inputFiles, dataset.sourceFiles),
  };
  return { ...changes, summaryWords: inputChangesSummaryWords(changes) };
}

/** Least rand moved for a project's grant split change to be listed on the sheet and the console: R0.05 million (below it, a reader sees R0.0 million). */
export const SPLIT_SUMMARY_MIN_RAND = 50_000;

/** SPLIT_SUMMARY_MIN_RAND in words (one decimal of a million would print it as R0.1 million). */
export const SPLIT_SUMMARY_MIN_WORDS = 'R0.05 million';

/**
 * The split changes summed to one entry per project, in the order of the changes (register
 * order): the rand moved (the larger of what its amounts gained and lost, so R1 million moved
 * from one grant to another counts once), and the grants and years paying less and more.
 */
export function splitChangesByProject(splitChanges: readonly BaselineSplitChange[]): BaselineSplitProjectSummary[] {
  const byProject = new Map<string, { gained: number; lost: number; amounts: number; less: string[]; more: string[] }>();
  for (const change of splitChanges) {
    const entry = byProject.get(change.projectId) ?? { gained: 0, lost: 0, amounts: 0, less: [], more: [] };
    const difference = change.plannedRand - change.baselineRand;
    const label = `${change.sourceId} ${formatFinancialYear(change.financialYear)}${change.purpose === 'operating' ? ' running costs' : ''}`;
    if (difference > 0) {
      entry.gained += difference;
      entry.more.push(label);
    } else {
      entry.lost -= difference;
      entry.less.push(label);
    }
    entry.amounts += 1;
    byProject.set(change.projectId, entry);
  }
  return [...byProject].map(([projectId, entry]) => ({ projectId, movedRand: Math.max(entry.gained, entry.lost), amounts: entry.amounts, paidLessBy: entry.less, paidMoreBy: entry.more }));
}
