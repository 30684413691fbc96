import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { modelTablesSha256, type CellRow, type ModelTables } from '../../src/dataset/model-tables.js';
import { InvalidInputError } from '../../src/errors/problems.js';
import { modelTablesFromDataset } from '../../src/dataset/write-model.js';
import { SCHEMA_VERSION } from '../../src/store/database.js';
import { applySubmissionRows, modelStateAt } from '../../src/store/model-state.js';
import { ReturnStore, type NewSubmission } from '../../src/store/store.js';

let temporaryRoot: string;
let tiny: ModelTables;
const openStores: ReturnStore[] = [];
beforeAll(async () => {
  temporaryRoot = await mkdtemp(path.join(tmpdir(), 'infraplan-store-'));
  tiny = modelTablesFromDataset(await loadModel('tests/fixtures/tiny'));
});
afterEach(() => {
  for (const store of openStores.splice(0)) store.close();
});
afterAll(async () => {
  await rm(temporaryRoot, { recursive: true, force: true });
});

let fileCount = 0;
/** A new store in a new database file, with the tiny model recorded as version 1 at 2026-01-01. */
function newStore(): ReturnStore {
  fileCount += 1;
  const store = ReturnStore.open(path.join(temporaryRoot, `store-${fileCount}.sqlite`), { create: true });
  openStores.push(store);
  store.recordModelVersion(tiny, { modelName: 'tiny', source: 'tests/fixtures/tiny', note: 'first', recordedAt: new Date('2026-01-01T00:00:00Z') });
  return store;
}

/** WC011's projects with one description changed. */
function changedWc011Projects(description: string): CellRow[] {
  return tiny.tables.projects.rows.filter((row) => row.municipality_code === 'WC011').map((row, index) => (index === 0 ? { ...row, description } : row));
}

function submission(overrides: Partial<NewSubmission>): NewSubmission {
  return {
    receivedAt: new Date('2026-02-01T00:00:00Z'),
    submitterKind: 'municipality',
    submitterId: 'WC011',
    covers: ['WC011'],
    fileName: 'WC011-return.xlsx',
    fileSha256: 'f'.repeat(64),
    templateVersion: 1,
    templateModelSha256: modelTablesSha256(tiny),
    templateMadeAt: '2026-01-15T00:00:00.000Z',
    modelVersionId: 1,
    status: 'accepted',
    reason: '',
    rows: { projects: changedWc011Projects('first change') },
    ...overrides,
  };
}

describe('the database file', () => {
  it('is created with the schema version of this infraplan, recorded in schema_migrations', () => {
    const store = newStore();
    expect(store.schemaVersion()).toBe(SCHEMA_VERSION);
    expect(store.countRows('model_versions')).toBe(1);
  });

  it('keeps what was recorded across closing and reopening, with the write-ahead log folded back in', () => {
    const store = newStore();
    store.recordSubmission(submission({}));
    store.close();
    openStores.splice(openStores.indexOf(store), 1);
    expect(existsSync(`${store.file}-wal`)).toBe(false);
    const reopened = ReturnStore.open(store.file);
    openStores.push(reopened);
    expect(reopened.submissions().map((record) => [record.id, record.status, record.submitterId])).toEqual([[1, 'accepted', 'WC011']]);
    expect(reopened.submissionRows(1).projects?.[0].description).toBe('first change');
  });

  it('is refused with a located message when missing, a folder, or not a database', async () => {
    const missing = path.join(temporaryRoot, 'missing.sqlite');
    expect(() => ReturnStore.open(missing)).toThrow(InvalidInputError);
    expect(() => ReturnStore.open(temporaryRoot)).toThrow(/is a folder/);
    const notDatabase = path.join(temporaryRoot, 'not-a-database.sqlite');
    await writeFile(notDatabase, 'municipality_code,name\nWC011,Matzikama\n'.repeat(200));
    let caught: unknown;
    try {
      ReturnStore.open(notDatabase);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidInputError);
    expect((caught as InvalidInputError).problems[0]).toMatchObject({ file: notDatabase, message: expect.stringMatching(/not an SQLite database|cannot open|cannot use/) });
  });
});

describe('schema versions', () => {
  it('refuses a database written by a newer infraplan, for writing and for reading', () => {
    const store = newStore();
    store.connectionForTests().prepare('INSERT INTO schema_migrations (version, applied_at, description) VALUES (?, ?, ?)').run(SCHEMA_VERSION + 1, '2030-01-01T00:00:00.000Z', 'from the future');
    store.close();
    openStores.splice(openStores.indexOf(store), 1);
    expect(() => ReturnStore.open(store.file)).toThrow(new RegExp(`schema version ${SCHEMA_VERSION + 1}, written by a newer infraplan`));
    expect(() => ReturnStore.open(store.file, { readOnly: true })).toThrow(/written by a newer infraplan/);
  });

  it('opens a store read-only for export, and refuses an SQLite file that is not a store', () => {
    const store = newStore();
    store.recordSubmission(submission({}));
    const reader = ReturnStore.open(store.file, { readOnly: true });
    openStores.push(reader);
    expect(reader.submissions()).toHaveLength(1);
    expect(() => reader.connectionForTests().exec("INSERT INTO decisions (submission_id, decided_at, decision, decided_by, reason) VALUES (1, 'x', 'accepted', 'x', 'x')")).toThrow(/readonly/);
    const other = path.join(temporaryRoot, 'other.sqlite');
    const plain = ReturnStore.open(other, { create: true }).connectionForTests();
    plain.exec('DROP TRIGGER schema_migrations_never_deleted');
    plain.exec('DROP TABLE schema_migrations');
    plain.close();
    // Read-only it is refused as writing refuses it: tables, none of them infraplan's schema.
    expect(() => ReturnStore.open(other, { readOnly: true })).toThrow(/is an SQLite database of another program/);
  });
});

describe('a database read where it cannot be written', () => {
  it('is left by a writing session in rollback-journal mode with no -wal or -shm file, so it can be read without writing beside it', () => {
    const store = newStore();
    store.recordSubmission(submission({}));
    store.close();
    openStores.splice(openStores.indexOf(store), 1);
    expect(readdirSync(path.dirname(store.file)).filter((name) => name.startsWith(path.basename(store.file)))).toEqual([path.basename(store.file)]);
    const reader = ReturnStore.open(store.file, { readOnly: true });
    openStores.push(reader);
    expect(reader.connectionForTests().pragma('journal_mode', { simple: true })).toBe('delete');
  });

  it('is opened read-only without creating any file beside it, and a writing session turns the write-ahead log on again', async () => {
    const folder = path.join(temporaryRoot, 'read-only-open');
    await mkdir(folder);
    const file = path.join(folder, 'returns.sqlite');
    const writer = ReturnStore.open(file, { create: true });
    writer.recordModelVersion(tiny, { modelName: 'tiny', source: 'tests/fixtures/tiny', note: 'first', recordedAt: new Date('2026-01-01T00:00:00Z') });
    writer.close();
    const reader = ReturnStore.open(file, { readOnly: true });
    expect(reader.modelVersions()).toHaveLength(1);
    expect(readdirSync(folder)).toEqual(['returns.sqlite']);
    reader.close();
    expect(readdirSync(folder)).toEqual(['returns.sqlite']);
    const again = ReturnStore.open(file);
    openStores.push(again);
    expect(again.connectionForTests().pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('stays in WAL mode while another connection has it open; the last to close leaves it', () => {
    const store = newStore();
    const second = ReturnStore.open(store.file);
    store.recordSubmission(submission({}));
    store.close();
    openStores.splice(openStores.indexOf(store), 1);
    expect(second.submissions()).toHaveLength(1);
    second.close();
    const reader = ReturnStore.open(store.file, { readOnly: true });
    openStores.push(reader);
    expect(reader.connectionForTests().pragma('journal_mode', { simple: true })).toBe('delete');
  });
});

describe('append-only', () => {
  it.each([
    ['UPDATE submissions SET status = \'refused\''],
    ['DELETE FROM submissions'],
    ['UPDATE submission_rows SET row_json = \'{}\''],
    ['DELETE FROM submission_rows'],
    ['UPDATE model_versions SET note = \'x\''],
    ['DELETE FROM model_version_rows'],
    ['DELETE FROM schema_migrations'],
  ])('refuses %s', (statement) => {
    const store = newStore();
    store.recordSubmission(submission({}));
    expect(() => store.connectionForTests().exec(statement)).toThrow(/append-only/);
    expect(store.submissions()).toHaveLength(1);
    expect(store.submissionRows(1).projects?.[0].description).toBe('first change');
  });

  it('takes a decision only on a submission pending one, and only once', () => {
    const store = newStore();
    store.recordSubmission(submission({}));
    store.recordSubmission(submission({ status: 'pending-decision', reason: 'two returns differ' }));
    const decision = { decision: 'accepted' as const, decidedBy: 'official', reason: 'checked by phone', decidedAt: new Date('2026-03-01T00:00:00Z') };
    expect(() => store.recordDecision(1, decision)).toThrow(/only a submission pending a decision/);
    expect(store.recordDecision(2, decision).decision).toMatchObject({ decision: 'accepted', decidedBy: 'official' });
    expect(() => store.recordDecision(2, { ...decision, decision: 'refused' })).toThrow(/UNIQUE/);
    expect(store.countRows('decisions')).toBe(1);
  });

  it('records a submission and its rows in one transaction: a failure half-way leaves nothing', () => {
    const store = newStore();
    const rows = changedWc011Projects('x');
    // JSON.stringify throws on a BigInt, after the submission row and the first row were inserted.
    const poisoned = [...rows, { ...rows[0], description: 10n as unknown as string }];
    expect(() => store.recordSubmission(submission({ rows: { projects: poisoned } }))).toThrow(/BigInt/);
    expect(store.countRows('submissions')).toBe(0);
    expect(store.countRows('submission_rows')).toBe(0);
  });

  it('survives the process being killed in the middle of a write: the last commit stands and the file is sound', () => {
    const store = newStore();
    store.recordSubmission(submission({}));
    const script = `
      import { ReturnStore } from ${JSON.stringify(pathToFileURL(path.resolve('dist/store/store.js')).href)};
      const store = ReturnStore.open(${JSON.stringify(store.file)});
      const database = store.connectionForTests();
      database.exec('BEGIN IMMEDIATE');
      const insert = database.prepare("INSERT INTO submission_rows (submission_id, table_name, position, row_key, row_json) VALUES (1, 'projects', ?, 'k', ?)");
      for (let position = 100; position < 20100; position += 1) insert.run(position, 'x'.repeat(500));
      process.kill(process.pid, 'SIGKILL');
    `;
    // The built module (tests/global-setup.ts builds dist/ when stale), so the child needs no TypeScript loader.
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');
    const reopened = ReturnStore.open(store.file);
    openStores.push(reopened);
    expect(reopened.connectionForTests().pragma('integrity_check', { simple: true })).toBe('ok');
    expect(reopened.countRows('submission_rows')).toBe(changedWc011Projects('').length);
    expect(reopened.submissions()).toHaveLength(1);
  });
});

describe('the model at a moment', () => {
  it('is the base with accepted submissions laid over it in order; refused and pending ones change nothing', () => {
    const store = newStore();
    expect(modelStateAt(store)!.model).toEqual(tiny);
    store.recordSubmission(submission({ receivedAt: new Date('2026-02-01T00:00:00Z'), rows: { projects: changedWc011Projects('first') } }));
    store.recordSubmission(submission({ receivedAt: new Date('2026-02-02T00:00:00Z'), status: 'refused', reason: 'bad', rows: { projects: changedWc011Projects('refused') } }));
    store.recordSubmission(submission({ receivedAt: new Date('2026-02-03T00:00:00Z'), status: 'pending-decision', reason: 'conflict', rows: { projects: changedWc011Projects('pending') } }));
    store.recordSubmission(submission({ receivedAt: new Date('2026-02-04T00:00:00Z'), rows: { projects: changedWc011Projects('second') } }));
    const description = (asOf?: string): string | undefined => modelStateAt(store, asOf)!.model.tables.projects.rows.find((row) => row.project_id === 'WC011-W-01')?.description;
    expect(description('2026-01-31T00:00:00.000Z')).toBe(tiny.tables.projects.rows[0].description);
    expect(description('2026-02-01T00:00:00.000Z')).toBe('first');
    expect(description('2026-02-03T12:00:00.000Z')).toBe('first');
    expect(description()).toBe('second');
    // Accepting the pending one later makes it the newest: it supersedes the one received after it.
    store.recordDecision(3, { decision: 'accepted', decidedBy: 'official', reason: 'the later return was a draft', decidedAt: new Date('2026-02-05T00:00:00Z') });
    expect(description('2026-02-04T12:00:00.000Z')).toBe('second');
    expect(description()).toBe('pending');
    expect(modelStateAt(store)!.applied.map((applied) => applied.submission.id)).toEqual([1, 4, 3]);
    expect(modelStateAt(store, '2025-12-31T00:00:00.000Z')).toBeNull();
  });

  it('replaces a municipality rows where they stood, so the other rows keep their order', () => {
    const replaced = applySubmissionRows(tiny, { covers: ['WC012'], owner: null }, { projects: [{ ...tiny.tables.projects.rows[3], description: 'new' }] });
    const ids = (model: ModelTables): string[] => model.tables.projects.rows.map((row) => row.project_id);
    expect(ids(replaced)).toEqual(ids(tiny).filter((id) => id !== 'WC012-W-02' && id !== 'WC012-S-01'));
    expect(replaced.tables.projects.rows[3].description).toBe('new');
    expect(replaced.tables.needs).toBe(tiny.tables.needs);
    // A municipality with no rows yet gets its rows at the end.
    const added = applySubmissionRows(tiny, { covers: ['WC099'], owner: null }, { projects: [{ ...tiny.tables.projects.rows[0], project_id: 'WC099-W-01', municipality_code: 'WC099' }] });
    expect(ids(added)).toEqual([...ids(tiny), 'WC099-W-01']);
  });
});
