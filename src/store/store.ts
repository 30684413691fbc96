/**
 * The central store of municipal returns: what the database holds, as records, and the only code
 * that reads or writes its tables. Every write is one transaction; nothing is updated or deleted
 * (database.ts enforces it with triggers), so the state at any past moment can be rebuilt.
 */
import { TABLE_NAMES, type TableName } from '../dataset/schemas.js';
import { describeTable, modelTablesSha256, rowKey, type CellRow, type ModelTables, type TableRows } from '../dataset/model-tables.js';
import { openDatabase, type OpenDatabaseOptions, type SqliteDatabase } from './database.js';

/** Who sent a return. */
export type SubmitterKind = 'municipality' | 'department';
/** What became of a submission when it was received. */
export type SubmissionStatus = 'accepted' | 'refused' | 'pending-decision';
/** An official's decision on a submission held for one. */
export type Decision = 'accepted' | 'refused';

/** A base model as recorded. */
export interface ModelVersionRecord {
  /** Version number, 1 for the first. */
  readonly id: number;
  /** When it was recorded, UTC ISO 8601. */
  readonly recordedAt: string;
  /** model.yaml `name`. */
  readonly modelName: string;
  /** modelTablesSha256 of its content. */
  readonly contentSha256: string;
  /** The path it was read from. */
  readonly source: string;
  /** Why it was recorded. */
  readonly note: string;
}

/** A submission as recorded (its rows are read separately). */
export interface SubmissionRecord {
  /** Submission number. */
  readonly id: number;
  /** When it was received, UTC ISO 8601. */
  readonly receivedAt: string;
  /** Municipality or department; null when the file could not be read. */
  readonly submitterKind: SubmitterKind | null;
  /** Municipality code or department name; null when the file could not be read. */
  readonly submitterId: string | null;
  /** Municipality codes whose rows the submission replaces. */
  readonly covers: readonly string[];
  /** Tables the submission brings rows for. */
  readonly tables: readonly TableName[];
  /** File name as given (without folders). */
  readonly fileName: string;
  /** SHA-256 of the file's bytes, hex. */
  readonly fileSha256: string;
  /** Form layout version from the stamp, or null. */
  readonly templateVersion: number | null;
  /** Content hash of the model the form was made from, or null. */
  readonly templateModelSha256: string | null;
  /** When the form was made, or null. */
  readonly templateMadeAt: string | null;
  /** The base model version the submission was judged against. */
  readonly modelVersionId: number;
  /** Status when received. */
  readonly status: SubmissionStatus;
  /** Why (the problems for a refused one, the conflict for a pending one); '' when accepted without remark. */
  readonly reason: string;
  /** The decision taken later on a pending submission, or null. */
  readonly decision: DecisionRecord | null;
}

/** A decision as recorded. */
export interface DecisionRecord {
  /** Decision number. */
  readonly id: number;
  /** When it was taken, UTC ISO 8601. */
  readonly decidedAt: string;
  /** Accepted or refused. */
  readonly decision: Decision;
  /** Who took it. */
  readonly decidedBy: string;
  /** Why. */
  readonly reason: string;
}

/** A submission to record. */
export interface NewSubmission {
  readonly receivedAt: Date;
  readonly submitterKind: SubmitterKind | null;
  readonly submitterId: string | null;
  readonly covers: readonly string[];
  readonly fileName: string;
  readonly fileSha256: string;
  readonly templateVersion: number | null;
  readonly templateModelSha256: string | null;
  readonly templateMadeAt: string | null;
  readonly modelVersionId: number;
  readonly status: SubmissionStatus;
  readonly reason: string;
  /** Rows by table, in the order they are to stand in the model; the tables named here are the ones the submission replaces. */
  readonly rows: Readonly<Partial<Record<TableName, readonly CellRow[]>>>;
}

interface SubmissionRow {
  id: number;
  received_at: string;
  submitter_kind: SubmitterKind | null;
  submitter_id: string | null;
  covers_json: string;
  tables_json: string;
  file_name: string;
  file_sha256: string;
  template_version: number | null;
  template_model_sha256: string | null;
  template_made_at: string | null;
  model_version_id: number;
  status: SubmissionStatus;
  reason: string;
  decision_id: number | null;
  decided_at: string | null;
  decision: Decision | null;
  decided_by: string | null;
  decision_reason: string | null;
}

const SUBMISSION_SELECT = `
  SELECT s.*, d.id AS decision_id, d.decided_at, d.decision, d.decided_by, d.reason AS decision_reason
  FROM submissions s LEFT JOIN decisions d ON d.submission_id = s.id`;

function toSubmissionRecord(row: SubmissionRow): SubmissionRecord {
  return {
    id: row.id,
    receivedAt: row.received_at,
    submitterKind: row.submitter_kind,
    submitterId: row.submitter_id,
    covers: JSON.parse(row.covers_json) as string[],
    tables: JSON.parse(row.tables_json) as TableName[],
    fileName: row.file_name,
    fileSha256: row.file_sha256,
    templateVersion: row.template_version,
    templateModelSha256: row.template_model_sha256,
    templateMadeAt: row.template_made_at,
    modelVersionId: row.model_version_id,
    status: row.status,
    reason: row.reason,
    decision:
      row.decision_id === null
        ? null
        : { id: row.decision_id, decidedAt: row.decided_at!, decision: row.decision!, decidedBy: row.decided_by!, reason: row.decision_reason! },
  };
}

interface ModelVersionRow {
  id: number;
  recorded_at: string;
  model_name: string;
  content_sha256: string;
  config_yaml: string;
  source: string;
  note: string;
}

function toModelVersionRecord(row: ModelVersionRow): ModelVersionRecord {
  return { id: row.id, recordedAt: row.recorded_at, modelName: row.model_name, contentSha256: row.content_sha256, source: row.source, note: row.note };
}

/** The central store: one database file. Close it when done. */
export class ReturnStore {
  /** The database file. */
  readonly file: string;
  private readonly database: SqliteDatabase;

  private constructor(file: string, database: SqliteDatabase) {
    this.file = file;
    this.database = database;
  }

  /** Open the store in a database file (created when `create` is set), bringing its schema up to date. */
  static open(file: string, options: OpenDatabaseOptions = {}): ReturnStore {
    return new ReturnStore(file, openDatabase(file, options));
  }

  /**
   * Close the file. A writing session folds the write-ahead log back into it and leaves WAL mode,
   * so the file alone holds everything and a read-only open (a read-only file, a read-only shared
   * folder) needs no -wal or -shm file beside it; the next writing session turns WAL on again.
   */
  close(): void {
    if (!this.database.readonly) {
      this.database.pragma('wal_checkpoint(TRUNCATE)');
      try {
        this.database.pragma('journal_mode = DELETE');
      } catch (error) {
        // Another connection has the file open: it stays in WAL mode until the last one closes.
        if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') throw error;
      }
    }
    this.database.close();
  }

  /** The schema version of the file. */
  schemaVersion(): number {
    return (this.database.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number }).version;
  }

  /** Record a base model version; returns it. */
  recordModelVersion(model: ModelTables, details: { readonly modelName: string; readonly source: string; readonly note: string; readonly recordedAt: Date }): ModelVersionRecord {
    const insertVersion = this.database.prepare('INSERT INTO model_versions (recorded_at, model_name, content_sha256, config_yaml, source, note) VALUES (?, ?, ?, ?, ?, ?)');
    const insertTable = this.database.prepare('INSERT INTO model_version_tables (model_version_id, table_name, columns_json) VALUES (?, ?, ?)');
    const insertRow = this.database.prepare('INSERT INTO model_version_rows (model_version_id, table_name, position, row_key, row_json) VALUES (?, ?, ?, ?, ?)');
    const id = this.database.transaction(() => {
      const versionId = Number(
        insertVersion.run(details.recordedAt.toISOString(), details.modelName, modelTablesSha256(model), model.configYaml, details.source, details.note).lastInsertRowid,
      );
      for (const name of TABLE_NAMES) {
        const table = model.tables[name];
        // A model held before an optional table (facilities) existed has none.
        if (table === undefined) continue;
        insertTable.run(versionId, name, JSON.stringify(table.columns));
        table.rows.forEach((row, position) => insertRow.run(versionId, name, position, rowKey(describeTable(name), row), JSON.stringify(row)));
      }
      return versionId;
    }).immediate();
    return this.modelVersion(id)!;
  }

  /** A model version by number, or null. */
  modelVersion(id: number): ModelVersionRecord | null {
    const row = this.database.prepare('SELECT * FROM model_versions WHERE id = ?').get(id) as ModelVersionRow | undefined;
    return row === undefined ? null : toModelVersionRecord(row);
  }

  /** Every model version, oldest first. */
  modelVersions(): ModelVersionRecord[] {
    return (this.database.prepare('SELECT * FROM model_versions ORDER BY recorded_at, id').all() as ModelVersionRow[]).map(toModelVersionRecord);
  }

  /** The latest model version recorded at or before a moment (UTC ISO 8601), or the latest of all; null when none. */
  latestModelVersion(asOf?: string): ModelVersionRecord | null {
    const row = (
      asOf === undefined
        ? this.database.prepare('SELECT * FROM model_versions ORDER BY recorded_at DESC, id DESC LIMIT 1').get()
        : this.database.prepare('SELECT * FROM model_versions WHERE recorded_at <= ? ORDER BY recorded_at DESC, id DESC LIMIT 1').get(asOf)
    ) as ModelVersionRow | undefined;
    return row === undefined ? null : toModelVersionRecord(row);
  }

  /** The content of a model version. */
  modelVersionContent(id: number): ModelTables {
    const version = this.database.prepare('SELECT config_yaml FROM model_versions WHERE id = ?').get(id) as { config_yaml: string } | undefined;
    if (version === undefined) throw new Error(`no model version ${id}`);
    const columns = new Map((this.database.prepare('SELECT table_name, columns_json FROM model_version_tables WHERE model_version_id = ?').all(id) as { table_name: TableName; columns_json: string }[]).map((row) => [row.table_name, JSON.parse(row.columns_json) as string[]]));
    const rows = this.database.prepare('SELECT table_name, row_json FROM model_version_rows WHERE model_version_id = ? ORDER BY table_name, position').all(id) as { table_name: TableName; row_json: string }[];
    const tables = Object.fromEntries(TABLE_NAMES.map((name): [TableName, TableRows] => [name, { columns: columns.get(name) ?? [], rows: [] }])) as Record<TableName, { columns: string[]; rows: CellRow[] }>;
    for (const row of rows) tables[row.table_name].rows.push(JSON.parse(row.row_json) as CellRow);
    return { configYaml: version.config_yaml, tables };
  }

  /** Record a submission and its rows in one transaction; returns it. */
  recordSubmission(submission: NewSubmission): SubmissionRecord {
    const insertSubmission = this.database.prepare(`INSERT INTO submissions
      (received_at, submitter_kind, submitter_id, covers_json, tables_json, file_name, file_sha256, template_version, template_model_sha256, template_made_at, model_version_id, status, reason)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertRow = this.database.prepare('INSERT INTO submission_rows (submission_id, table_name, position, row_key, row_json) VALUES (?, ?, ?, ?, ?)');
    const tables = TABLE_NAMES.filter((name) => submission.rows[name] !== undefined);
    const id = this.database.transaction(() => {
      const submissionId = Number(
        insertSubmission.run(
          submission.receivedAt.toISOString(),
          submission.submitterKind,
          submission.submitterId,
          JSON.stringify(submission.covers),
          JSON.stringify(tables),
          submission.fileName,
          submission.fileSha256,
          submission.templateVersion,
          submission.templateModelSha256,
          submission.templateMadeAt,
          submission.modelVersionId,
          submission.status,
          submission.reason,
        ).lastInsertRowid,
      );
      for (const name of tables) {
        submission.rows[name]!.forEach((row, position) => insertRow.run(submissionId, name, position, rowKey(describeTable(name), row), JSON.stringify(row)));
      }
      return submissionId;
    }).immediate();
    return this.submission(id)!;
  }

  /** Record an official's decision on a submission pending one; returns the submission with it. */
  recordDecision(submissionId: number, decision: { readonly decision: Decision; readonly decidedBy: string; readonly reason: string; readonly decidedAt: Date }): SubmissionRecord {
    this.database
      .prepare('INSERT INTO decisions (submission_id, decided_at, decision, decided_by, reason) VALUES (?, ?, ?, ?, ?)')
      .run(submissionId, decision.decidedAt.toISOString(), decision.decision, decision.decidedBy, decision.reason);
    return this.submission(submissionId)!;
  }

  /** A submission by number, or null. */
  submission(id: number): SubmissionRecord | null {
    const row = this.database.prepare(`${SUBMISSION_SELECT} WHERE s.id = ?`).get(id) as SubmissionRow | undefined;
    return row === undefined ? null : toSubmissionRecord(row);
  }

  /** Every submission in the order received. */
  submissions(): SubmissionRecord[] {
    return (this.database.prepare(`${SUBMISSION_SELECT} ORDER BY s.received_at, s.id`).all() as SubmissionRow[]).map(toSubmissionRecord);
  }

  /** A submission's rows by table, in their model order. */
  submissionRows(id: number): Partial<Record<TableName, CellRow[]>> {
    const submission = this.submission(id);
    if (submission === null) throw new Error(`no submission ${id}`);
    const rows: Partial<Record<TableName, CellRow[]>> = Object.fromEntries(submission.tables.map((name) => [name, []]));
    for (const row of this.database.prepare('SELECT table_name, row_json FROM submission_rows WHERE submission_id = ? ORDER BY table_name, position').all(id) as { table_name: TableName; row_json: string }[]) {
      rows[row.table_name]?.push(JSON.parse(row.row_json) as CellRow);
    }
    return rows;
  }

  /** Number of rows in a table of the database, for tests and the listing. */
  countRows(table: 'submissions' | 'submission_rows' | 'decisions' | 'model_versions'): number {
    return (this.database.prepare(`SELECT COUNT(*) AS count FROM ${table}`).get() as { count: number }).count;
  }

  /** The raw connection, for tests that must show a change is refused. */
  connectionForTests(): SqliteDatabase {
    return this.database;
  }
}
