/**
 * The model as the store knew it at a moment: the latest base model version recorded by then,
 * with every submission accepted since (up to that moment) laid over it in the order they took
 * effect. A submission replaces the rows of the municipalities it covers in the tables it brings (in
 * a table with owners, only its submitter's rows: a municipality's own, or a department's); a newer
 * one for the same municipality and owner supersedes an older one simply by coming later.
 */
import { describeTable, rowInScope, submitterScope, type CellRow, type ModelTables, type RowScope, type TableRows } from '../dataset/model-tables.js';
import type { TableName } from '../dataset/schemas.js';
import type { ModelVersionRecord, ReturnStore, SubmissionRecord } from './store.js';

/** A submission that took effect, and when. */
export interface AppliedSubmission {
  /** The submission. */
  readonly submission: SubmissionRecord;
  /** When it took effect: its receipt when accepted on arrival, else the decision that accepted it (UTC ISO 8601). */
  readonly effectiveAt: string;
}

/** The model at a moment. */
export interface ModelState {
  /** The base model version. */
  readonly version: ModelVersionRecord;
  /** The content: the base with the submissions applied. */
  readonly model: ModelTables;
  /** The submissions applied, in order. */
  readonly applied: readonly AppliedSubmission[];
}

/**
 * Replace the rows of the covered municipalities in each table the submission brings. The new rows
 * stand where the municipality's first old row stood (at the end when it had none), so the rest of
 * the table keeps its order and an export changes only what the submission changed.
 */
export function applySubmissionRows(model: ModelTables, scope: RowScope, rows: Readonly<Partial<Record<TableName, readonly CellRow[]>>>): ModelTables {
  const tables = { ...model.tables } as Record<TableName, TableRows>;
  for (const [name, newRows] of Object.entries(rows) as [TableName, readonly CellRow[]][]) {
    const description = describeTable(name);
    if (description.municipalityColumn === null) throw new Error(`table ${name} has no municipality column, so a return cannot bring its rows`);
    const old = tables[name];
    const kept: CellRow[] = [];
    let insertAt = -1;
    for (const row of old.rows) {
      if (rowInScope(description, row, scope)) {
        if (insertAt < 0) insertAt = kept.length;
      } else {
        kept.push(row);
      }
    }
    if (insertAt < 0) insertAt = kept.length;
    tables[name] = { columns: old.columns, rows: [...kept.slice(0, insertAt), ...newRows, ...kept.slice(insertAt)] };
  }
  return { configYaml: model.configYaml, tables };
}

/** Whose rows a recorded submission replaces: a municipality's own rows, or a department's. */
export function submissionScope(submission: SubmissionRecord): RowScope {
  return submitterScope(submission.submitterKind, submission.submitterId, submission.covers);
}

/** The submissions that took effect after the base version and at or before `asOf`, in the order they took effect. */
export function appliedSubmissions(store: ReturnStore, version: ModelVersionRecord, asOf: string | undefined): AppliedSubmission[] {
  const inWindow = (moment: string): boolean => moment > version.recordedAt && (asOf === undefined || moment <= asOf);
  const applied: AppliedSubmission[] = [];
  for (const submission of store.submissions()) {
    if (submission.status === 'accepted' && inWindow(submission.receivedAt)) applied.push({ submission, effectiveAt: submission.receivedAt });
    if (submission.status === 'pending-decision' && submission.decision?.decision === 'accepted' && inWindow(submission.decision.decidedAt)) {
      applied.push({ submission, effectiveAt: submission.decision.decidedAt });
    }
  }
  return applied.sort((first, second) => (first.effectiveAt < second.effectiveAt ? -1 : first.effectiveAt > second.effectiveAt ? 1 : first.submission.id - second.submission.id));
}

/**
 * The model as it stood at `asOf` (UTC ISO 8601; default now, i.e. everything recorded). Null when
 * no model version had been recorded by then.
 */
export function modelStateAt(store: ReturnStore, asOf?: string): ModelState | null {
  const version = store.latestModelVersion(asOf);
  if (version === null) return null;
  const applied = appliedSubmissions(store, version, asOf);
  let model = store.modelVersionContent(version.id);
  for (const { submission } of applied) model = applySubmissionRows(model, submissionScope(submission), store.submissionRows(submission.id));
  return { version, model, applied };
}
