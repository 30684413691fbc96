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
import { formatRandMillion } from '../dataset/money-text.js';
import { findService, labelInSentence, needUnitWords } from '../dataset/services.js';
import type { BaselineDecisions, BaselineNeed, BaselineProjectFields, Dataset } from '../dataset/types.js';
import type { BaselineEnvelopeChange, BaselineFieldChange, BaselineFileChange, BaselineInputChanges, BaselineNeedChange, BaselineProjectInputChange, BaselineSplitChange, BaselineSplitProjectSummary, PlannedProject } from './types.js';

/** What describeInputChanges reads of the dataset: the register and files always; needs, sources, names and services where given (a hand-made call may leave them out). */
export type InputChangesDataset = Pick<Dataset, 'projects' | 'sourceFiles'> & Partial<Pick<Dataset, 'needs' | 'fundingSources' | 'municipalities' | 'config'>>;

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

/** What each input file holds, for a file whose rows the baseline does not record: said in words, not by its hash. */
const FILE_CONTENT_WORDS: Readonly<Record<string, string>> = {
  'model.yaml': 'settings: policy rules, engine, indices, services or master plan',
  'municipalities.csv': 'names, districts or categories of the municipalities',
  'indicators.csv': 'the indicators behind the need and growth-potential indices',
  'facilities.csv': 'the existing centres of a facility service',
  'assets.csv': 'the bulk assets the master plan sizes its upgrades from',
  'projections.csv': 'population and household projections',
  'model.xlsx': 'one or more of its sheets',
};

/** At most this many need or envelope changes are named in the one-line count (the sheet lists them all). */
const NAMED_IN_SUMMARY = 3;

/** `a; b; c and 2 more`. */
function namedList(words: readonly string[]): string {
  const named = words.slice(0, NAMED_IN_SUMMARY).join('; ');
  return words.length > NAMED_IN_SUMMARY ? `${named}; and ${words.length - NAMED_IN_SUMMARY} more` : named;
}

/**
 * A differing input file in words: what in it changed as far as the rows listed say, else what the
 * file holds and why its rows cannot be listed (review c1: "funding.csv differs" said nothing).
 */
export function fileChangeInWords(file: BaselineFileChange, changes: Omit<BaselineInputChanges, 'summaryWords'>): string | null {
  if (file.kind === 'added') return `${file.fileName} (read now, not by the baseline run)`;
  if (file.kind === 'removed') return `${file.fileName} (read by the baseline run, not now)`;
  switch (file.fileName) {
    case 'projects.csv':
      if (changes.projects.length > 0) return null;
      return changes.fieldsRecorded
        ? 'projects.csv (no project added or removed, and no field the baseline records changed: the edit is in a field it does not record, such as start years, cash flow, prerequisites, funding sources or status)'
        : 'projects.csv (the baseline plan does not record the projects\' fields, so the rows edited cannot be told)';
    case 'needs.csv':
      if (changes.needs === null || changes.needs === undefined) return 'needs.csv (the baseline run did not record the needs, so the rows that changed cannot be told; a run from this version records them)';
      return changes.needs.length > 0 ? null : 'needs.csv (no backlog, capacity or demand figure changed: another column, such as backlog_people or illustrative)';
    case 'funding.csv':
      if (changes.envelopes === null || changes.envelopes === undefined) return 'funding.csv (the baseline plan does not record its envelopes, so the amounts that changed cannot be told)';
      return changes.envelopes.length > 0 ? null : 'funding.csv (no envelope amount in the horizon, carry-over or purpose changed: another column, such as a source\'s name, a year outside the horizon or illustrative)';
    default: {
      const content = FILE_CONTENT_WORDS[file.fileName];
      return content === undefined ? file.fileName : `${file.fileName} (${content})`;
    }
  }
}

/** The one-line count of the input changes (BaselineInputChanges.summaryWords). */
export function inputChangesSummaryWords(changes: Omit<BaselineInputChanges, 'summaryWords'>): string {
  const added = changes.projects.filter((change) => change.kind === 'added');
  const removed = changes.projects.filter((change) => change.kind === 'removed');
  const edited = changes.projects.filter((change) => change.kind === 'edited');
  const parts: string[] = [];
  // A few projects are named, so a planner sees at once that the line is about their edit (review u4, finding 10); more are counted (the sheet lists them all).
  const named = (changes: readonly BaselineProjectInputChange[]): string => (changes.length <= NAMED_IN_SUMMARY ? `: ${changes.map((change) => change.projectId).join(', ')}` : '');
  if (added.length > 0) {
    const funded = added.filter((change) => change.startYear !== null).length;
    if (added.length <= NAMED_IN_SUMMARY) {
      parts.push(`${counted(added.length, 'project', 'projects')} added: ${added.map((change) => `${change.projectId} (${change.startYear !== null ? 'funded' : 'not funded'})`).join(', ')}`);
    } else {
      const fundedWords = funded === added.length ? 'all funded' : funded === 0 ? 'none funded' : `${funded} funded`;
      parts.push(`${counted(added.length, 'project', 'projects')} added (${fundedWords})`);
    }
  }
  if (removed.length > 0) parts.push(`${counted(removed.length, 'project', 'projects')} removed${named(removed)}`);
  if (edited.length > 0) parts.push(`${counted(edited.length, 'project', 'projects')} edited${named(edited)}`);
  let words = parts.length === 0 ? (changes.fieldsRecorded ? 'no project added, removed or edited' : 'no project added or removed') : parts.join(', ');
  if (!changes.fieldsRecorded) words += ' (edits cannot be seen: the baseline plan does not record the projects\' fields)';
  if (changes.needs !== null && changes.needs !== undefined && changes.needs.length > 0) words += `; ${counted(changes.needs.length, 'need', 'needs')} changed (${namedList(changes.needs.map((change) => change.words))})`;
  if (changes.envelopes !== null && changes.envelopes !== undefined && changes.envelopes.length > 0) words += `; ${counted(changes.envelopes.length, 'envelope', 'envelopes')} changed (${namedList(changes.envelopes.map((change) => change.words))})`;
  if (changes.files === null) words += '; input files not compared (no manifest.json beside the baseline plan)';
  else if (changes.files.length === 0) words += '; every input file is the same as the baseline run\'s';
  else {
    // A file whose changes are listed by row is named; any other says what it holds and why its rows are not listed.
    words += `; input files that differ from the baseline run's: ${changes.files.map((file) => fileChangeInWords(file, changes) ?? file.fileName).join(', ')}`;
  }
  return `since the baseline: ${words}`;
}

/** `1,600 households`, `12.5 Ml/day`, `not known`. */
function figureWords(value: number | null, unit: string): string {
  if (value === null) return 'not known';
  return `${value.toLocaleString('en-GB', { maximumFractionDigits: 2 })} ${unit}`;
}

/** The need rows added, removed or changed against the baseline's record (BaselineInputChanges.needs). */
export function describeNeedChanges(dataset: InputChangesDataset, recorded: readonly BaselineNeed[]): BaselineNeedChange[] {
  const key = (need: { municipalityCode: string; service: string }): string => `${need.municipalityCode}|${need.service}`;
  const names = new Map((dataset.municipalities ?? []).map((municipality) => [municipality.code, municipality.name]));
  const services = dataset.config?.services ?? [];
  const rowWords = (need: { municipalityCode: string; service: string }): { readonly place: string; readonly unit: string } => {
    const declared = findService(services, need.service);
    const name = names.get(need.municipalityCode);
    return { place: `${name === undefined ? need.municipalityCode : `${name} (${need.municipalityCode})`}, ${declared === undefined ? need.service : labelInSentence(declared)}`, unit: declared === undefined ? 'households' : needUnitWords(declared.needUnit) };
  };
  const before = new Map(recorded.map((need) => [key(need), need]));
  const now = dataset.needs ?? [];
  const nowKeys = new Set(now.map(key));
  const changes: BaselineNeedChange[] = [];
  const FIELDS = [
    { field: 'backlogHouseholds', label: 'backlog', tolerance: 1e-6 },
    { field: 'treatmentCapacityMlPerDay', label: 'treatment capacity', tolerance: 1e-9 },
    { field: 'demandMlPerDay', label: 'demand', tolerance: 1e-9 },
  ] as const;
  for (const need of now) {
    const { place, unit } = rowWords(need);
    const was = before.get(key(need));
    if (was === undefined) {
      changes.push({ municipalityCode: need.municipalityCode, service: need.service, kind: 'added', fields: [], words: `${place}: a new row, backlog ${figureWords(need.backlogHouseholds, unit)}` });
      continue;
    }
    const fields = FIELDS.flatMap(({ field, tolerance }) => {
      const [baselineValue, value] = [was[field], need[field]];
      const same = baselineValue === null || value === null ? baselineValue === value : Math.abs(baselineValue - value) <= tolerance;
      return same ? [] : [{ field, baselineValue, value }];
    });
    if (fields.length === 0) continue;
    const fieldWords = fields.map(({ field, baselineValue, value }) => {
      const { label } = FIELDS.find((entry) => entry.field === field)!;
      const fieldUnit = field === 'backlogHouseholds' ? unit : 'Ml/day';
      // `backlog 1,500 → 1,600 households`: the unit once when both figures are known.
      if (baselineValue !== null && value !== null) return `${label} ${figureWords(baselineValue, fieldUnit).replace(` ${fieldUnit}`, '')} → ${figureWords(value, fieldUnit)}`;
      return `${label} ${figureWords(baselineValue, fieldUnit)} → ${figureWords(value, fieldUnit)}`;
    });
    changes.push({ municipalityCode: need.municipalityCode, service: need.service, kind: 'changed', fields, words: `${place}: ${fieldWords.join(', ')}` });
  }
  for (const need of recorded) {
    if (nowKeys.has(key(need))) continue;
    const { place, unit } = rowWords(need);
    changes.push({ municipalityCode: need.municipalityCode, service: need.service, kind: 'removed', fields: [], words: `${place}: row removed (the baseline had a backlog of ${figureWords(need.backlogHouseholds, unit)})` });
  }
  return changes;
}

/**
 * The envelopes whose amount differs from the baseline's, per source and year of the baseline's
 * horizon (BaselineInputChanges.envelopes), then the sources whose carry-over or purpose differ
 * where the baseline records them. Under half a rand is rounding (plan.json writes cents).
 */
export function describeEnvelopeChanges(dataset: InputChangesDataset, baseline: Pick<BaselineDecisions, 'envelopes' | 'fundingSources'>): BaselineEnvelopeChange[] {
  const sources = dataset.fundingSources ?? [];
  const recorded = baseline.envelopes ?? [];
  const years = [...new Set(recorded.map((envelope) => envelope.financialYear))].sort((a, b) => a - b);
  const before = new Map(recorded.map((envelope) => [`${envelope.sourceId}|${envelope.financialYear}`, envelope.envelopeRand]));
  const sourceIds = [...new Set([...sources.map((source) => source.id), ...recorded.map((envelope) => envelope.sourceId)])];
  const changes: BaselineEnvelopeChange[] = [];
  for (const sourceId of sourceIds) {
    const source = sources.find((each) => each.id === sourceId);
    for (const financialYear of years) {
      const baselineRand = before.get(`${sourceId}|${financialYear}`) ?? 0;
      const rand = source?.envelopeRandByYear[financialYear] ?? 0;
      if (Math.abs(baselineRand - rand) <= 0.5) continue;
      const now = source === undefined ? 'no such source now' : `${formatRandMillion(rand)} now`;
      changes.push({ sourceId, financialYear, baselineRand, rand, words: `${sourceId} ${formatFinancialYear(financialYear)}: ${formatRandMillion(baselineRand)} in the baseline → ${now}` });
    }
  }
  for (const was of baseline.fundingSources ?? []) {
    const source = sources.find((each) => each.id === was.id);
    if (source === undefined) continue;
    const settings = [
      ...(source.carryOver !== was.carryOver ? [`carry-over ${was.carryOver ? 'yes' : 'no'} → ${source.carryOver ? 'yes' : 'no'}`] : []),
      ...(source.purpose !== was.purpose ? [`purpose ${was.purpose} → ${source.purpose}`] : []),
    ];
    if (settings.length > 0) changes.push({ sourceId: was.id, financialYear: null, baselineRand: null, rand: null, words: `${was.id}: ${settings.join(', ')}` });
  }
  return changes;
}

/**
 * The input changes of a plan against its baseline: the projects of `projects` (this plan, the
 * register planned) that the baseline plan does not list (added), the baseline's projects not in
 * the register (removed), those whose recorded planning fields differ (edited), and the input
 * files that differ from the baseline run's manifest.
 */
export function describeInputChanges(dataset: InputChangesDataset, baseline: BaselineDecisions, projects: readonly PlannedProject[]): BaselineInputChanges {
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
    // Needs and envelopes only where the dataset gives them (planModel always does) and the baseline records them.
    needs: baseline.needs === undefined || dataset.needs === undefined ? null : describeNeedChanges(dataset, baseline.needs),
    envelopes: baseline.envelopes === undefined || dataset.fundingSources === undefined ? null : describeEnvelopeChanges(dataset, baseline),
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
