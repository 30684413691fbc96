/**
 * The issue 9 review's findings on paths, through the built command line: every path option of
 * every command refuses an empty or blank name (finding 6), every file read passes the one input
 * gate, so a pipe or a device is refused instead of read for ever (finding 3), and collect checks
 * the change report's destination before it records anything (findings 5 and 6). The command
 * line runs in this process (tests/cli/in-process.ts) except for the first case of the table,
 * which starts the built CLI, as a shell does.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPathOptions, PATH_OPTIONS } from '../../src/cli/path-options.js';
import { InvalidInputError } from '../../src/errors/problems.js';
import { sqliteEnvironmentError } from '../../src/store/database.js';
import { runCli as runCliProcess, TINY_MODEL } from './cli-process.js';
import { runInProcess as runCli } from './in-process.js';
import { temporaryFolder } from '../report/helpers.js';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
function scratch(): string {
  const folder = temporaryFolder('infraplan-hostile-paths-');
  folders.push(folder);
  return folder;
}
const noCrash = (text: string): void => expect(text).not.toMatch(/\n\s+at |please report|crashed/);

describe('every path option refuses an empty or blank name (finding 6)', () => {
  // Each command with each of its path options given '' or '   ', as yargs parses them.
  const cases: [string, string, Record<string, unknown>, string][] = [
    ['template', 'out', { out: '' }, 'command line, option --out: the folder name is empty'],
    ['model', 'out', { out: ' ' }, 'command line, option --out: the folder name is empty'],
    ['collect', 'db', { db: '' }, 'command line, option --db: the file name is empty'],
    ['collect', 'report', { report: ' ' }, 'command line, option --report: the file name is empty'],
    ['collect', 'returns', { returns: ['a.xlsx', ''] }, 'command line, argument <returns>: the file name is empty'],
    ['explain', 'out', { out: '' }, 'command line, option --out: the file name is empty; name a file, e.g. --out explain.xlsx'],
    ['export-lp', 'output', { output: '  ' }, 'command line, option --output: the file name is empty'],
    ['run', 'scenario', { scenario: '' }, 'command line, option --scenario: the file name is empty'],
    ['compare', 'scenarios', { scenarios: ['', 'b.yaml'] }, 'command line, argument <scenarios>: the file name is empty'],
    ['validate', 'model', { model: '' }, 'command line, argument <model>: the model is empty'],
  ];
  it.each(cases)('%s with an empty %s', (command, key, values, message) => {
    const raw = key === 'model' || key === 'returns' || key === 'scenarios' ? [command, ''] : [command, `--${key}`, ''];
    let caught: unknown = null;
    try {
      checkPathOptions({ _: [command], ...values }, raw);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidInputError);
    expect((caught as Error).message).toContain(message);
  });

  it('covers every path option the commands have, and lets real names through', () => {
    expect(Object.keys(PATH_OPTIONS).sort()).toEqual(['baseline', 'db', 'model', 'out', 'output', 'report', 'returns', 'scenario', 'scenarios']);
    expect(() => checkPathOptions({ _: ['run'], out: '.', model: 'western-cape', scenario: 'a b.yaml' }, ['run'])).not.toThrow();
  });

  it.each([
    [['template', TINY_MODEL, '--all', '--out', ''], 'a child process', 'option --out: the folder name is empty'],
    [['model', 'export', '--out', ''], 'in-process', 'option --out: the folder name is empty'],
    [['collect', 'x.xlsx', '--db', ''], 'in-process', 'option --db: the file name is empty'],
  ])('the real command line: %j (%s) exits 1 and writes nothing into the current folder', async (args, how, message) => {
    const cwd = scratch();
    const outcome = how === 'a child process' ? await runCliProcess(args, { cwd }) : await runCli(args, { cwd });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(message);
    noCrash(outcome.stderr);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('hostile inputs of the review session', () => {
  it.skipIf(!existsSync('/proc/self'))('template --out under /proc is refused at once (a recursive mkdir there never returned)', async () => {
    const outcome = await runCli(['template', TINY_MODEL, '--all', '--out', '/proc/infraplan-forms']);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('command line, option --out: cannot create the folder /proc/infraplan-forms: the location does not accept new folders');
  });
});

describe('hostile inputs of the review session: other programs\' files and the model\'s own folder', () => {
  it("never adds infraplan's tables to another program's SQLite file, and never converts a model over itself", async () => {
    const cwd = scratch();
    const Database = (await import('better-sqlite3')).default;
    const other = new Database(path.join(cwd, 'other.sqlite'));
    other.exec('CREATE TABLE invoices (amount)');
    other.close();
    const listed = await runCli(['collect', '--list', '--db', 'other.sqlite'], { cwd });
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain('other.sqlite: is an SQLite database of another program (it holds the table invoices and no infraplan schema)');
    const reopened = new Database(path.join(cwd, 'other.sqlite'), { readonly: true });
    expect(reopened.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([{ name: 'invoices' }]);
    reopened.close();
    cpSync(TINY_MODEL, path.join(cwd, 'model'), { recursive: true });
    const before = readFileSync(path.join(cwd, 'model', 'model.yaml'), 'utf8');
    const converted = await runCli(['model', 'convert', 'model', '--to', 'xlsx', '--out', './model/', '--force'], { cwd });
    expect(converted.code).toBe(1);
    expect(converted.stderr).toContain('option --out: ./model/ is the folder the model is read from');
    expect(readFileSync(path.join(cwd, 'model', 'model.yaml'), 'utf8')).toBe(before);
  }, 30_000);
});

describe('every file read passes the input gate (finding 3)', () => {
  it('a pipe as a returned form, a pipe and a device as the database: refused at once, exit 1', async () => {
    const cwd = scratch();
    execFileSync('mkfifo', [path.join(cwd, 'fifo.xlsx')]);
    const form = await runCli(['collect', 'fifo.xlsx', '--db', 'c.sqlite', '--model', TINY_MODEL], { cwd });
    // A path that cannot be read as a file is an input error before anything is recorded (docs/returns.md).
    expect(form.code).toBe(1);
    expect(form.stderr).toContain('fifo.xlsx: is a pipe (FIFO), not a regular file; only regular files are read');
    expect(existsSync(path.join(cwd, 'c.sqlite'))).toBe(false);
    const zero = await runCli(['collect', '/dev/zero', '--db', 'c.sqlite', '--model', TINY_MODEL], { cwd });
    expect(zero.code).toBe(1);
    expect(zero.stderr).toContain('/dev/zero: is a device, not a regular file');
    for (const args of [['model', 'export', '--db', 'fifo.xlsx', '--out', 'm'], ['collect', '--list', '--db', '/dev/zero']]) {
      const outcome = await runCli(args, { cwd });
      expect(outcome.code).toBe(1);
      expect(outcome.stderr).toMatch(/error: 1 problem in the input:\n {2}- (fifo\.xlsx|\/dev\/zero): is a (pipe \(FIFO\)|device), not a regular file/);
      noCrash(outcome.stderr);
    }
  }, 30_000);
});

describe('collect and its change report (findings 5 and 6)', () => {
  it('refuses a --report that is a folder before recording anything, and notes a file collected twice', async () => {
    const cwd = scratch();
    const made = await runCli(['template', TINY_MODEL, '--municipality', 'WC011', '--out', 'forms'], { cwd });
    expect(made.code).toBe(0);
    mkdirSync(path.join(cwd, 'reports'));
    for (const report of ['reports', 'reports/']) {
      const refused = await runCli(['collect', 'forms/WC011-return.xlsx', '--db', 'c.sqlite', '--model', TINY_MODEL, '--report', report], { cwd });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/option --report: reports\/? (is|names) a folder; name a file in it/);
      expect(existsSync(path.join(cwd, 'c.sqlite'))).toBe(false);
    }
    const first = await runCli(['collect', 'forms/WC011-return.xlsx', '--db', 'c.sqlite', '--model', TINY_MODEL, '--report', 'reports/r1.xlsx'], { cwd });
    expect(first.code).toBe(0);
    const again = await runCli(['collect', 'forms/WC011-return.xlsx', '--db', 'c.sqlite', '--report', 'reports/r2.xlsx'], { cwd });
    expect(again.stdout).toMatch(/note: the same file \(byte for byte\) was collected before, as submission 1 on \d{4}-\d\d-\d\d \(accepted\)/);
  }, 30_000);

  it('SQLite\'s "database or disk is full" is the environment, naming the database', () => {
    const full = sqliteEnvironmentError(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }), 'c.sqlite', 'no database was created');
    expect(full?.message).toBe('the disk is full while writing c.sqlite; free some space or write somewhere else. No database was created.');
    expect(sqliteEnvironmentError(Object.assign(new Error('x'), { code: 'SQLITE_IOERR_WRITE' }), 'c.sqlite', 'kept')?.code).toBe('EIO');
    expect(sqliteEnvironmentError(Object.assign(new Error('x'), { code: 'SQLITE_NOTADB' }), 'c.sqlite', 'kept')).toBeNull();
  });
});
