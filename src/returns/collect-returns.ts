/**
 * Collect: take returned forms into the central store. Each return is read, checked for alteration,
 * judged by the model's own rules, compared with what the model holds, and recorded with its
 * outcome: accepted (it takes effect), pending-decision (valid, but in conflict: made from an older
 * state of the model, or another return in the same batch says otherwise) or refused (with every
 * problem located on its sheet and cell). A refused or pending return changes nothing in the model.
 *
 * Also here: decisions on pending returns, and recording a new base model version.
 */
import { accessSync, constants as fsConstants, existsSync } from 'node:fs';
import { checkInputFileSync } from '../dataset/input-file.js';
import { InvalidInputError, type DataProblem } from '../errors/problems.js';
import { modelTablesSha256, returnTables, type CellRow, type ModelTables } from '../dataset/model-tables.js';
import type { TableName } from '../dataset/schemas.js';
import { configOf } from '../dataset/write-model.js';
import { modelStateAt, submissionScope, type ModelState } from '../store/model-state.js';
import type { Decision, ModelVersionRecord, ReturnStore, SubmissionRecord, SubmissionStatus } from '../store/store.js';
import { diffCoveredRows, type MunicipalityChanges } from './changes.js';
import { TEMPLATE_VERSION, coveredRowsSha256, formScope } from './form-layout.js';
import { readReturn, type ReadReturn } from './read-return.js';
import { formatReturnProblem, type ReturnProblem } from './return-problem.js';
import { judgeReturnedRows } from './validate-return.js';

/** One return after collection. */
export interface CollectedReturn {
  /** Path as given. */
  readonly filePath: string;
  /** The submission as recorded. */
  readonly submission: SubmissionRecord;
  /** Problems that refused it (empty unless refused). */
  readonly problems: readonly ReturnProblem[];
  /** Remarks for the official that do not stop the return. */
  readonly notes: readonly string[];
  /** Located warnings that do not stop the return: likely duplicates of another owner's project. */
  readonly warnings: readonly ReturnProblem[];
  /** What it changes (or would change, when pending) per covered municipality; empty when refused. */
  readonly changes: readonly MunicipalityChanges[];
}

/** The outcome of one collect run. */
export interface CollectOutcome {
  /** The returns in the order given. */
  readonly returns: readonly CollectedReturn[];
  /** The model before the run. */
  readonly before: ModelState;
  /** The model after the run (the accepted returns in place). */
  readonly after: ModelState;
}

/** A store problem that stops a command before anything is recorded (no model yet, the wrong model, a bad decision). */
export class StoreUseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUseError';
  }
}

/** The model the store holds now, or a StoreUseError when it holds none. */
export function currentState(store: ReturnStore): ModelState {
  const state = modelStateAt(store);
  if (state === null) throw new StoreUseError(`the database ${store.file} holds no model yet; name the model the returns are for with --model`);
  return state;
}

/** A signature of what a return says, for telling two returns for one municipality apart. */
function returnContent(read: ReadReturn): string {
  return JSON.stringify(read.sheets.map((sheet) => [sheet.layout.table, sheet.rows.map((row) => sheet.layout.columns.map((column) => row.cells[column] ?? ''))]));
}

/** For each return, the other files in the batch that cover one of its municipalities and say something else. */
function batchConflicts(reads: readonly ReadReturn[]): Map<number, string[]> {
  const conflicts = new Map<number, string[]>();
  reads.forEach((first, firstIndex) => {
    reads.forEach((second, secondIndex) => {
      if (firstIndex === secondIndex || first.stamp === null || second.stamp === null || first.problems.length > 0 || second.problems.length > 0) return;
      // A municipality's return and a department's (or two departments') bring different owners' rows, so they cannot disagree.
      if (JSON.stringify(formScope(first.stamp).owner) !== JSON.stringify(formScope(second.stamp).owner)) return;
      const shared = first.stamp.covers.filter((code) => second.stamp!.covers.includes(code));
      if (shared.length === 0 || returnContent(first) === returnContent(second)) return;
      // By its place in the batch and the path as given: two returns of one municipality often share a file name (review u5, finding 6).
      conflicts.set(firstIndex, [...(conflicts.get(firstIndex) ?? []), `file ${secondIndex + 1} of ${reads.length}, ${second.filePath} (also for ${shared.join(', ')})`]);
    });
  });
  return conflicts;
}

/** The problems that make a stamped return unusable against this model, before its rows are judged. */
function stampProblems(read: ReadReturn, state: ModelState): ReturnProblem[] {
  const stamp = read.stamp!;
  const problem = (message: string): ReturnProblem => ({ file: read.fileName, sheet: null, cell: null, row: null, message });
  if (stamp.templateVersion !== TEMPLATE_VERSION) {
    return [problem(`the form is version ${stamp.templateVersion} of the return layout; this infraplan reads version ${TEMPLATE_VERSION}. Make a new form with infraplan template`)];
  }
  const modelName = configOf(state.model).name;
  if (stamp.modelName !== modelName) return [problem(`the form was made from the model ${stamp.modelName}, but the database holds ${modelName}`)];
  const known = new Set(state.model.tables.municipalities.rows.map((row) => row.municipality_code));
  const unknown = stamp.covers.filter((code) => !known.has(code));
  if (unknown.length > 0) return [problem(`the form is for ${unknown.join(', ')}, which the model does not hold`)];
  if (stamp.covers.length === 0) return [problem('the form covers no municipality')];
  return [];
}

/** Why a valid return is held for a decision, or null when it may take effect. */
function conflictReason(read: ReadReturn, state: ModelState, others: readonly string[] | undefined, unchanged: boolean): string | null {
  const stamp = read.stamp!;
  if (others !== undefined) return `other returns in this batch say otherwise: ${others.join(', ')}; decide which to accept`;
  if (unchanged || stamp.coveredRowsSha256 === coveredRowsSha256(state.model, formScope(stamp), stamp.sheets.map((sheet) => sheet.table))) return null;
  // A file collected again byte for byte changed nothing the first copy had not: it is not named as a change (review u5, finding 8).
  const seenFiles = new Set<string>();
  const since = state.applied.filter(({ submission, effectiveAt }) => {
    const again = seenFiles.has(submission.fileSha256);
    seenFiles.add(submission.fileSha256);
    return !again && effectiveAt > stamp.madeAt && submission.covers.some((code) => stamp.covers.includes(code));
  });
  const by = since.length > 0 ? ` (by submission ${since.map(({ submission, effectiveAt }) => `${submission.id} of ${effectiveAt.slice(0, 10)}`).join(', ')})` : state.version.recordedAt > stamp.madeAt ? ` (by model version ${state.version.id} of ${state.version.recordedAt.slice(0, 10)})` : '';
  return `the form was made on ${stamp.madeAt.slice(0, 10)}, and the rows of ${stamp.covers.join(', ')} have changed since${by}; its figures may undo that change, so decide whether to accept it`;
}

/** Each located problem with the header of its cell's column, from the form's layout of that sheet. */
function withColumnNames(problems: readonly ReturnProblem[], read: ReadReturn): ReturnProblem[] {
  const layouts = new Map((read.stamp?.sheets ?? []).map((sheet) => [sheet.sheetName, sheet]));
  return problems.map((problem) => {
    if (problem.cell === null || problem.sheet === null || problem.column) return problem;
    const layout = layouts.get(problem.sheet);
    const address = /^([A-Z]+)(\d+)$/.exec(problem.cell);
    // Only cells of the form's rows: a header names itself, and a cell below the form is in no column of it.
    if (layout === undefined || address === null || Number(address[2]) < layout.firstRow || Number(address[2]) > layout.lastRow) return problem;
    const letters = address[1];
    const index = [...letters].reduce((number, letter) => number * 26 + letter.charCodeAt(0) - 64, 0) - 1;
    const column = layout.columns[index];
    return column === undefined ? problem : { ...problem, column };
  });
}

/** Problems in the order an official works through a form: file-wide first, then sheet by sheet, row by row, column by column. */
function inFormOrder(problems: readonly ReturnProblem[], read: ReadReturn): ReturnProblem[] {
  const sheetOrder = (read.stamp?.sheets ?? []).map((sheet) => sheet.sheetName);
  const position = (problem: ReturnProblem): [number, number, number] => {
    const sheet = problem.sheet === null ? -1 : sheetOrder.indexOf(problem.sheet);
    const cell = problem.cell === null ? null : /^([A-Z]+)(\d+)$/.exec(problem.cell);
    const row = cell !== null ? Number(cell[2]) : (problem.row ?? 0);
    const column = cell === null ? 0 : [...cell[1]].reduce((number, letter) => number * 26 + letter.charCodeAt(0) - 64, 0);
    return [sheet, row, column];
  };
  return problems
    .map((problem, index) => ({ problem, index, key: position(problem) }))
    .sort((first, second) => first.key[0] - second.key[0] || first.key[1] - second.key[1] || first.key[2] - second.key[2] || first.index - second.index)
    .map(({ problem }) => problem);
}

/**
 * The problems of return paths that cannot be read at all: missing, a folder, not readable, a pipe
 * or device, or larger than a workbook may be. Such a path is the operator's slip (a typo, a file
 * still on a memory stick), not a return received: it is an input error before anything is
 * recorded, so the append-only register never holds an entry that no one sent. A file that can be
 * read but is not a form (corrupt, another workbook) is a return received and is refused and recorded.
 */
export function unreadableReturnFiles(files: readonly string[]): DataProblem[] {
  const problems: DataProblem[] = [];
  for (const file of files) {
    const problem = (message: string): DataProblem => ({ file, row: null, column: null, message });
    if (!existsSync(file)) {
      problems.push(problem('file not found; nothing was recorded (check the path)'));
      continue;
    }
    const gate = checkInputFileSync(file, file, 'xlsx');
    if (gate !== null) {
      problems.push(problem(`${gate.message}; nothing was recorded`));
      continue;
    }
    try {
      accessSync(file, fsConstants.R_OK);
    } catch {
      problems.push(problem('cannot read the file: permission denied; nothing was recorded'));
    }
  }
  return problems;
}

/** Collect returns into the store, in the order given. */
export async function collectReturns(files: readonly string[], store: ReturnStore, options: { readonly now?: () => Date } = {}): Promise<CollectOutcome> {
  const now = options.now ?? (() => new Date());
  const before = currentState(store);
  let state = before;
  const reads: ReadReturn[] = [];
  const unreadable = unreadableReturnFiles(files);
  if (unreadable.length > 0) throw new InvalidInputError(unreadable);
  for (const file of files) reads.push(await readReturn(file));
  // A path that went away or became unreadable between the check and the read: still nothing recorded.
  const unread = reads.filter((read) => read.fileSha256 === '');
  if (unread.length > 0) throw new InvalidInputError(unread.map((read) => ({ file: read.filePath, row: null, column: null, message: `${read.problems[0]?.message ?? 'cannot read the file'}; nothing was recorded` })));
  const conflicts = batchConflicts(reads);
  const collected: CollectedReturn[] = [];
  for (const [index, read] of reads.entries()) {
    const stamp = read.stamp;
    const tables = (stamp?.sheets ?? []).map((sheet) => sheet.table);
    const stampProblemList = stamp === null ? [] : stampProblems(read, state);
    let problems: ReturnProblem[] = [...read.problems, ...stampProblemList];
    let rows: Partial<Record<TableName, readonly CellRow[]>> | null = null;
    let model: ModelTables | null = null;
    let warnings: readonly ReturnProblem[] = [];
    // Rows are judged whenever they can be read as the form laid them out, so every problem is reported at once.
    if (stamp !== null && stampProblemList.length === 0 && read.rowsReadable) {
      const verdict = await judgeReturnedRows(
        state.model,
        formScope(stamp),
        read.sheets.map((sheet) => ({ table: sheet.layout.table, layout: sheet.layout, rows: sheet.rows.map((row) => ({ cells: row.cells, sheetRow: row.sheetRow })) })),
        read.fileName,
      );
      problems = [...problems, ...verdict.problems];
      rows = problems.length === 0 ? verdict.rows : null;
      model = problems.length === 0 ? verdict.model : null;
      warnings = problems.length === 0 ? verdict.warnings : [];
    }
    problems = withColumnNames(inFormOrder(problems, read), read);
    warnings = withColumnNames(warnings, read);
    const notes: string[] = [];
    // A rerun after a failed report, or the same file sent twice: recorded again (the store keeps
    // everything it receives), but said, so no one counts it as a second return.
    const earlier = read.fileSha256 === '' ? undefined : store.submissions().find((submission) => submission.fileSha256 === read.fileSha256);
    if (earlier !== undefined) notes.push(`the same file (byte for byte) was collected before, as submission ${earlier.id} on ${earlier.receivedAt.slice(0, 10)} (${earlier.status})`);
    let status: SubmissionStatus = 'refused';
    let reason = problems.map(formatReturnProblem).join('\n');
    let changes: MunicipalityChanges[] = [];
    if (problems.length === 0 && stamp !== null && model !== null) {
      changes = diffCoveredRows(state.model, model, formScope(stamp), tables);
      const unchanged = changes.every((municipality) => municipality.changes.length === 0);
      const conflict = conflictReason(read, state, conflicts.get(index), unchanged);
      status = conflict === null ? 'accepted' : 'pending-decision';
      reason = conflict ?? '';
      if (unchanged) notes.push('no changes: the return holds what the model already holds');
      if (conflict === null && !unchanged && stamp.modelSha256 !== modelTablesSha256(state.model)) {
        notes.push(`the model changed since the form was made on ${stamp.madeAt.slice(0, 10)}, but not in the rows of ${stamp.covers.join(', ')}`);
      }
    }
    const submission = store.recordSubmission({
      receivedAt: now(),
      submitterKind: stamp?.submitterKind ?? null,
      submitterId: stamp?.submitterId ?? null,
      covers: stamp?.covers ?? [],
      fileName: read.fileName,
      fileSha256: read.fileSha256,
      templateVersion: stamp?.templateVersion ?? null,
      templateModelSha256: stamp?.modelSha256 ?? null,
      templateMadeAt: stamp?.madeAt ?? null,
      modelVersionId: state.version.id,
      status,
      reason,
      // A refused return's rows are not kept: they were not valid rows, and the file hash names the file.
      rows: status === 'refused' || rows === null ? {} : rows,
    });
    if (status === 'accepted' && model !== null) {
      state = { version: state.version, model, applied: [...state.applied, { submission, effectiveAt: submission.receivedAt }] };
    }
    collected.push({ filePath: read.filePath, submission, problems, notes, warnings, changes });
  }
  return { returns: collected, before, after: state };
}

/** The outcome of a decision. */
export interface DecisionOutcome {
  /** The submission with its decision. */
  readonly submission: SubmissionRecord;
  /** What accepting it changed (empty for a refusal). */
  readonly changes: readonly MunicipalityChanges[];
}

/**
 * Decide on a submission pending a decision. Accepting it first judges its rows again against the
 * model as it stands now (other returns may have been accepted since), and refuses to record the
 * decision when they no longer fit.
 */
export async function decideSubmission(
  store: ReturnStore,
  submissionId: number,
  decision: Decision,
  details: { readonly decidedBy: string; readonly reason: string; readonly now?: () => Date },
): Promise<DecisionOutcome> {
  const submission = store.submission(submissionId);
  if (submission === null) throw new StoreUseError(`there is no submission ${submissionId} in ${store.file}`);
  if (submission.status !== 'pending-decision') throw new StoreUseError(`submission ${submissionId} is ${submission.status}, not pending a decision; only pending submissions are decided`);
  if (submission.decision !== null) throw new StoreUseError(`submission ${submissionId} was already ${submission.decision.decision} on ${submission.decision.decidedAt.slice(0, 10)} by ${submission.decision.decidedBy}`);
  // An append-only register is read by whoever audits it later: a decision without why or by whom is not recorded.
  if (details.reason.trim() === '') throw new StoreUseError(`say why the submission ${submissionId} is ${decision} (--reason): the reason is recorded with the decision`);
  if (details.decidedBy.trim() === '') throw new StoreUseError(`say who decides on submission ${submissionId} (--by)`);
  const decidedAt = (details.now ?? (() => new Date()))();
  let changes: MunicipalityChanges[] = [];
  if (decision === 'accepted') {
    const state = currentState(store);
    const rows = store.submissionRows(submissionId);
    const verdict = await judgeReturnedRows(
      state.model,
      submissionScope(submission),
      submission.tables.map((table) => ({ table, layout: null, rows: (rows[table] ?? []).map((cells) => ({ cells, sheetRow: null })) })),
      submission.fileName,
    );
    if (verdict.problems.length > 0) {
      throw new StoreUseError(`submission ${submissionId} no longer fits the model as it stands, so it cannot be accepted:\n${verdict.problems.map((problem) => `  - ${formatReturnProblem(problem)}`).join('\n')}`);
    }
    changes = diffCoveredRows(state.model, verdict.model!, submissionScope(submission), submission.tables);
  }
  return { submission: store.recordDecision(submissionId, { decision, decidedBy: details.decidedBy, reason: details.reason, decidedAt }), changes };
}

/** The outcome of recording a model version. */
export interface ImportOutcome {
  /** The version the store now builds on. */
  readonly version: ModelVersionRecord;
  /** False when the model was already what the store holds, so nothing was recorded. */
  readonly recorded: boolean;
}

/**
 * Record a model as the store's new base version. Submissions accepted since the last version are
 * part of the store's model; a new base that differs from them in a municipality they touched
 * would silently undo them, so that is refused unless `force` is given.
 */
export function importModelVersion(store: ReturnStore, model: ModelTables, details: { readonly source: string; readonly note: string; readonly force?: boolean; readonly now?: () => Date }): ImportOutcome {
  const recordedAt = (details.now ?? (() => new Date()))();
  const modelName = configOf(model).name;
  const state = modelStateAt(store);
  if (state === null) return { version: store.recordModelVersion(model, { modelName, source: details.source, note: details.note, recordedAt }), recorded: true };
  if (modelTablesSha256(state.model) === modelTablesSha256(model)) return { version: state.version, recorded: false };
  if (!details.force) {
    if (state.version.modelName !== modelName) {
      throw new StoreUseError(`the database holds the model ${state.version.modelName}, not ${modelName}; use another database file for another model, or pass --force`);
    }
    const touched = [...new Set(state.applied.flatMap(({ submission }) => submission.covers))];
    // Every table a return may bring, whether or not either model holds it yet.
    const tables = returnTables().map((description) => description.name);
    const undone = touched.filter((code) => coveredRowsSha256(model, { covers: [code], owner: null }, tables) !== coveredRowsSha256(state.model, { covers: [code], owner: null }, tables));
    if (undone.length > 0) {
      throw new StoreUseError(
        `the model differs from the database's in the rows of ${undone.join(', ')}, which accepted returns changed since model version ${state.version.id}; ` +
          'recording it would undo those returns. Export the database (infraplan model export), make the changes there and import that, or pass --force',
      );
    }
  }
  return { version: store.recordModelVersion(model, { modelName, source: details.source, note: details.note, recordedAt }), recorded: true };
}

/**
 * Make sure the store holds a model before returns are collected: a new database records the given
 * model as version 1; an existing one must hold that model already (as its base or as it stands
 * with the accepted returns), since returns are judged against the database's model.
 */
export function ensureStoreModel(store: ReturnStore, given: { readonly model: ModelTables; readonly source: string } | null, options: { readonly now?: () => Date } = {}): ModelState {
  const state = modelStateAt(store);
  if (state === null) {
    if (given === null) return currentState(store);
    importModelVersion(store, given.model, { source: given.source, note: 'the model the first returns were collected for', ...(options.now ? { now: options.now } : {}) });
    return currentState(store);
  }
  if (given === null) return state;
  const hash = modelTablesSha256(given.model);
  if (hash !== modelTablesSha256(state.model) && hash !== state.version.contentSha256) {
    throw new StoreUseError(
      `the database ${store.file} holds the model ${state.version.modelName} (version ${state.version.id}, recorded ${state.version.recordedAt.slice(0, 10)} from ${state.version.source}) and the model ${given.source} differs from it; ` +
        'returns are judged against the database\'s model, so leave out --model, or record the new model first with infraplan model import',
    );
  }
  return state;
}
