/**
 * The central database file: opening it, and its schema as migrations versioned in code. SQLite
 * through better-sqlite3 (docs/database.md says why): every write is one transaction, the journal
 * is a write-ahead log with full sync, so a crash mid-write leaves the last committed state.
 *
 * The store is append-only. Triggers refuse every UPDATE and DELETE, so a newer submission can
 * only supersede an older one; nothing recorded is ever changed or lost.
 */
import { accessSync, constants as fsConstants, existsSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { checkInputFileSync } from '../dataset/input-file.js';
import { InvalidInputError } from '../errors/problems.js';
import { OutputWriteError } from '../files/write-errors.js';

/** An open better-sqlite3 connection. */
export type SqliteDatabase = BetterSqlite3.Database;

/** One step of the schema. Applied in version order, each in its own transaction, and recorded in schema_migrations. */
export interface Migration {
  /** 1, 2, 3, ...: the schema version after this step. */
  readonly version: number;
  /** What the step adds, for schema_migrations and docs/database.md. */
  readonly description: string;
  /** SQL statements, run as one script. */
  readonly sql: string;
}

/** The tables every migration so far leaves append-only (UPDATE and DELETE refused). */
const APPEND_ONLY_TABLES = ['schema_migrations', 'model_versions', 'model_version_tables', 'model_version_rows', 'submissions', 'submission_rows', 'decisions'] as const;

/** Triggers that make a table append-only. */
function appendOnlyTriggers(table: string): string {
  return `
    CREATE TRIGGER ${table}_never_updated BEFORE UPDATE ON ${table}
      BEGIN SELECT RAISE(ABORT, 'the store is append-only: ${table} rows are never changed'); END;
    CREATE TRIGGER ${table}_never_deleted BEFORE DELETE ON ${table}
      BEGIN SELECT RAISE(ABORT, 'the store is append-only: ${table} rows are never deleted'); END;`;
}

/** The schema, step by step. A released step is never edited: a change is a new step. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'model versions, submissions with their rows, decisions; append-only',
    sql: `
      -- A base model as the province recorded it: model.yaml text and every table's rows as the
      -- loader reads them (JSON objects of column -> cell text).
      CREATE TABLE model_versions (
        id INTEGER PRIMARY KEY,
        recorded_at TEXT NOT NULL,            -- UTC, ISO 8601 with milliseconds
        model_name TEXT NOT NULL,
        content_sha256 TEXT NOT NULL,         -- modelTablesSha256 of the content
        config_yaml TEXT NOT NULL,
        source TEXT NOT NULL,                 -- the path it was read from
        note TEXT NOT NULL
      );
      CREATE TABLE model_version_tables (
        model_version_id INTEGER NOT NULL REFERENCES model_versions(id),
        table_name TEXT NOT NULL,
        columns_json TEXT NOT NULL,           -- column names in written order
        PRIMARY KEY (model_version_id, table_name)
      );
      CREATE TABLE model_version_rows (
        model_version_id INTEGER NOT NULL REFERENCES model_versions(id),
        table_name TEXT NOT NULL,
        position INTEGER NOT NULL,
        row_key TEXT NOT NULL,
        row_json TEXT NOT NULL,
        PRIMARY KEY (model_version_id, table_name, position)
      );
      -- Every return received, whatever became of it.
      CREATE TABLE submissions (
        id INTEGER PRIMARY KEY,
        received_at TEXT NOT NULL,            -- UTC, ISO 8601 with milliseconds
        submitter_kind TEXT CHECK (submitter_kind IN ('municipality', 'department')),  -- NULL when the file could not be read
        submitter_id TEXT,                    -- municipality code or department name
        covers_json TEXT NOT NULL,            -- municipality codes whose rows the submission replaces
        tables_json TEXT NOT NULL,            -- tables the submission brings rows for
        file_name TEXT NOT NULL,
        file_sha256 TEXT NOT NULL,
        template_version INTEGER,             -- the form layout version in its stamp
        template_model_sha256 TEXT,           -- content hash of the model the form was made from
        template_made_at TEXT,
        model_version_id INTEGER NOT NULL REFERENCES model_versions(id),  -- the base it was judged against
        status TEXT NOT NULL CHECK (status IN ('accepted', 'refused', 'pending-decision')),
        reason TEXT NOT NULL
      );
      CREATE TABLE submission_rows (
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        table_name TEXT NOT NULL,
        position INTEGER NOT NULL,
        row_key TEXT NOT NULL,
        row_json TEXT NOT NULL,
        PRIMARY KEY (submission_id, table_name, position)
      );
      -- An official's decision on a submission that was held for one.
      CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        submission_id INTEGER NOT NULL UNIQUE REFERENCES submissions(id),
        decided_at TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('accepted', 'refused')),
        decided_by TEXT NOT NULL,
        reason TEXT NOT NULL
      );
      CREATE TRIGGER decisions_only_on_pending BEFORE INSERT ON decisions
        WHEN (SELECT status FROM submissions WHERE id = NEW.submission_id) IS NOT 'pending-decision'
        BEGIN SELECT RAISE(ABORT, 'only a submission pending a decision can be decided'); END;
      CREATE INDEX submissions_by_time ON submissions (received_at, id);
      CREATE INDEX decisions_by_time ON decisions (decided_at, id);
      ${APPEND_ONLY_TABLES.filter((table) => table !== 'schema_migrations').map(appendOnlyTriggers).join('\n')}
    `,
  },
];

/** The schema version this infraplan writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

const requireFromHere = createRequire(import.meta.url);

/** Thrown when the SQLite module is not installed or not built for this Node.js (it is an optional dependency). */
export class DatabaseUnavailableError extends Error {
  constructor(reason: string) {
    super(
      `the central database needs the SQLite module better-sqlite3, which is not usable here (${reason}). ` +
        'Reinstall infraplan with internet access so its prebuilt binary can be downloaded, or with a C++ compiler to build it (docs/database.md); every other command works without it',
    );
    this.name = 'DatabaseUnavailableError';
  }
}

/**
 * The better-sqlite3 constructor, loaded on first use: it is a native module, and commands that
 * never touch the database should neither pay for loading it nor fail when it is missing.
 */
function loadBetterSqlite(): typeof BetterSqlite3 {
  try {
    return requireFromHere('better-sqlite3') as typeof BetterSqlite3;
  } catch (error) {
    throw new DatabaseUnavailableError((error as Error).message.split('\n')[0]);
  }
}

/** A problem with the database file itself, located at the --db option. */
function databaseProblem(file: string, message: string): InvalidInputError {
  return new InvalidInputError([{ file, row: null, column: null, message }]);
}

/** The file-system error code behind each SQLite code that means "the environment refused". */
const SQLITE_ENVIRONMENT_CODES: Readonly<Record<string, string>> = {
  SQLITE_FULL: 'ENOSPC',
  SQLITE_READONLY: 'EROFS',
  SQLITE_READONLY_DIRECTORY: 'EROFS',
  SQLITE_IOERR: 'EIO',
  SQLITE_PERM: 'EACCES',
  SQLITE_BUSY: 'EBUSY',
  SQLITE_CANTOPEN: 'EACCES',
};

/** SQLite codes that mean "this file could not be written": the file, its folder or the file system refused. */
const SQLITE_WRITE_REFUSED = ['SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_PERM'];

/**
 * Thrown when the database cannot be written because the file, its folder or the file system is
 * read-only. SQLite says only "attempt to write a readonly database"; this says which of the three.
 */
export class ReadOnlyDatabaseError extends OutputWriteError {
  constructor(file: string, what: string, cause: unknown, whatIsKept: string) {
    super(file, cause, whatIsKept);
    this.name = 'ReadOnlyDatabaseError';
    this.message = `${what}; commands that record (collect, collect --accept/--refuse, model import) need to write it: copy it to a folder you may write to, or ask for write access. ${whatIsKept.charAt(0).toUpperCase()}${whatIsKept.slice(1)}.`;
  }
}

/** The file-system error of checking `target` for writing, or null when it may be written. */
function writeRefusal(target: string): NodeJS.ErrnoException | null {
  try {
    accessSync(target, fsConstants.W_OK);
    return null;
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
}

/**
 * Which of the file, its folder or the file system stops a write to the database, in words naming
 * it, or null when all three allow writing (then the refusal was SQLite's own, e.g. a read-only connection).
 */
export function readOnlyCause(file: string): { readonly what: string; readonly code: string } | null {
  const folder = path.dirname(path.resolve(file));
  const fileRefusal = existsSync(file) ? writeRefusal(file) : null;
  if (fileRefusal?.code === 'EROFS') return { what: `the database ${file} is on a read-only file system`, code: 'EROFS' };
  if (fileRefusal !== null) return { what: `the database file ${file} is read-only (its permissions do not let you write it)`, code: fileRefusal.code ?? 'EACCES' };
  const folderRefusal = writeRefusal(folder);
  if (folderRefusal?.code === 'EROFS') return { what: `the database ${file} is on a read-only file system`, code: 'EROFS' };
  // SQLite writes its journal (file-wal, file-shm) beside the database, so the folder must be writable too.
  if (folderRefusal !== null) return { what: `the folder ${folder} of the database ${file} is read-only (SQLite writes its journal beside the database)`, code: folderRefusal.code ?? 'EACCES' };
  return null;
}

/**
 * An SQLite error that is the environment's (a full disk, a read-only file or folder, a locked
 * file) as an OutputWriteError naming the database file, with what was kept; null for any other
 * error. SQLite says "database or disk is full", which is neither an input problem nor a crash.
 */
export function sqliteEnvironmentError(error: unknown, file: string, whatIsKept: string): OutputWriteError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  const base = Object.keys(SQLITE_ENVIRONMENT_CODES).find((sqliteCode) => code === sqliteCode || code.startsWith(`${sqliteCode}_`));
  if (base === undefined) return null;
  if (SQLITE_WRITE_REFUSED.includes(base)) {
    const cause = readOnlyCause(file);
    if (cause !== null) return new ReadOnlyDatabaseError(file, cause.what, Object.assign(new Error((error as Error).message), { code: cause.code }), whatIsKept);
  }
  return new OutputWriteError(file, Object.assign(new Error((error as Error).message), { code: SQLITE_ENVIRONMENT_CODES[base] }), whatIsKept);
}

/** Another program's SQLite file (it has tables, none of them infraplan's): never read as, or turned into, a store. */
function otherProgramProblem(file: string, firstTable: string): InvalidInputError {
  return databaseProblem(file, `is an SQLite database of another program (it holds the table ${firstTable} and no infraplan schema); name a new file or an infraplan database`);
}

/** Apply the migrations the database lacks, each in its own transaction. */
function migrate(database: SqliteDatabase, file: string): void {
  const tables = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  if (tables.length > 0 && !tables.some((table) => table.name === 'schema_migrations')) {
    // Another program's SQLite file: never add infraplan's tables to it.
    throw otherProgramProblem(file, tables[0].name);
  }
  database.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL,
    description TEXT NOT NULL
  );
  CREATE TRIGGER IF NOT EXISTS schema_migrations_never_updated BEFORE UPDATE ON schema_migrations
    BEGIN SELECT RAISE(ABORT, 'the store is append-only: schema_migrations rows are never changed'); END;
  CREATE TRIGGER IF NOT EXISTS schema_migrations_never_deleted BEFORE DELETE ON schema_migrations
    BEGIN SELECT RAISE(ABORT, 'the store is append-only: schema_migrations rows are never deleted'); END;`);
  const current = (database.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null }).version ?? 0;
  if (current > SCHEMA_VERSION) {
    throw databaseProblem(file, `the database has schema version ${current}, written by a newer infraplan (this one knows up to ${SCHEMA_VERSION}); update infraplan`);
  }
  for (const migration of MIGRATIONS.filter((step) => step.version > current)) {
    database.transaction(() => {
      database.exec(migration.sql);
      database.prepare('INSERT INTO schema_migrations (version, applied_at, description) VALUES (?, ?, ?)').run(migration.version, new Date().toISOString(), migration.description);
    }).immediate();
  }
}

/**
 * The problem when a read-only open fails: a database left in write-ahead-log mode (by an older
 * infraplan, or because another program has it open for writing) can only be read where SQLite may
 * create its -shm file beside it. Null for any other failure.
 */
function readOnlyOpenProblem(error: unknown, file: string): InvalidInputError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !(code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY'))) return null;
  return databaseProblem(
    file,
    'cannot be read here: it is in write-ahead-log mode (last closed by an older infraplan, or open for writing in another program), and SQLite must then create ' +
      `${path.basename(file)}-shm beside it, which this folder does not allow; copy the file to a folder you may write to and read it there (a database closed by this infraplan needs no such file)`,
  );
}

/** Options of openDatabase. */
export interface OpenDatabaseOptions {
  /** Create the file when it does not exist. Default false: a missing file is an input error. */
  readonly create?: boolean;
  /** Open for reading only (export, listing). Default false. */
  readonly readOnly?: boolean;
}

/**
 * Open (and when asked, create) the database file and bring its schema up to date; read-only, it
 * is only read (no journal or -shm file is made, so it works in a read-only folder). Throws
 * InvalidInputError naming the file when it is missing, not a database, or from a newer infraplan.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): SqliteDatabase {
  // The one input gate: a regular file within the size limit (SQLite would read a pipe or /dev/zero for ever).
  const refused = checkInputFileSync(file, file, 'database');
  if (refused !== null) throw new InvalidInputError([refused]);
  const exists = existsSync(file);
  if (!exists && !options.create) throw databaseProblem(file, 'database file not found; collect returns into it first (infraplan collect ... --db FILE)');
  if (exists && statSync(file).isDirectory()) throw databaseProblem(file, 'is a folder; expected a database file');
  if (!exists && !existsSync(path.dirname(path.resolve(file)))) throw databaseProblem(file, `the folder ${path.dirname(path.resolve(file))} does not exist`);
  const Database = loadBetterSqlite();
  let database: SqliteDatabase;
  try {
    database = new Database(file, { readonly: options.readOnly === true && exists, fileMustExist: !options.create });
  } catch (error) {
    const readOnlyProblem = options.readOnly === true ? readOnlyOpenProblem(error, file) : null;
    if (readOnlyProblem !== null) throw readOnlyProblem;
    const environment = sqliteEnvironmentError(error, file, 'nothing was written');
    if (environment !== null) throw environment;
    throw databaseProblem(file, `cannot open the database: ${(error as Error).message}`);
  }
  try {
    if (!database.readonly) {
      // WAL with full sync: a commit is on disk when it returns, and a crash mid-write leaves the last commit.
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = FULL');
    }
    database.pragma('foreign_keys = ON');
    if (database.readonly) {
      const tables = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
      if (tables.length > 0 && !tables.some((table) => table.name === 'schema_migrations')) throw otherProgramProblem(file, tables[0].name);
      const version = (database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() as { name: string } | undefined) === undefined ? 0 : ((database.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null }).version ?? 0);
      if (version !== SCHEMA_VERSION) throw databaseProblem(file, version > SCHEMA_VERSION ? `the database has schema version ${version}, written by a newer infraplan; update infraplan` : 'the database is not an infraplan store, or has an older schema; run infraplan collect on it once to bring it up to date');
    } else {
      migrate(database, file);
    }
  } catch (error) {
    database.close();
    // A database this call created and could not set up (the disk filled) is removed, not left as 0 bytes.
    if (!exists) for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    if (error instanceof InvalidInputError) throw error;
    const readOnlyProblem = database.readonly ? readOnlyOpenProblem(error, file) : null;
    if (readOnlyProblem !== null) throw readOnlyProblem;
    const environment = sqliteEnvironmentError(error, file, exists ? `the database ${file} keeps its last committed state` : 'no database was created');
    if (environment !== null) throw environment;
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') throw databaseProblem(file, 'is not an SQLite database file');
    throw databaseProblem(file, `cannot use the database: ${(error as Error).message}`);
  }
  return database;
}
