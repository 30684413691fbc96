import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { writeModel } from '../../src/dataset/write-model.js';
import { fillForm } from './return-helpers.js';
import { runInProcess } from '../cli/in-process.js';

const packageRoot = path.resolve('.');
const cli = path.join(packageRoot, 'bin', 'infraplan.js');
const tinyFolder = path.join(packageRoot, 'tests', 'fixtures', 'tiny');
let work: string;

/** A loaded model without its file paths and hashes, which differ between two folders by design. */
function contentOfModel(dataset: Awaited<ReturnType<typeof loadModel>>): object {
  const { sourceFiles: _sourceFiles, loadNotes: _loadNotes, ...content } = dataset;
  return content;
}

/**
 * The command line in the work folder, in this process (tests/cli/in-process.ts): the same parsing,
 * handlers, messages and exit codes as the built CLI without a child's second of module loading
 * per call. The case without the SQLite module needs a preload, so it starts the built CLI.
 */
async function runCli(...argumentsList: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await runInProcess(argumentsList, { cwd: work });
  return { status: code, stdout, stderr };
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'infraplan-cli-returns-'));
  // The CLI runs from dist/, which tests/global-setup.ts has built when it was stale.
  expect(existsSync(path.join(packageRoot, 'dist', 'cli', 'collect.js'))).toBe(true);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('infraplan template, collect and model export', () => {
  it('make forms, take a filled one in, refuse a bad one, and export the model as it stood', async () => {
    const template = await runCli('template', tinyFolder, '--all', '--out', 'forms');
    expect(template.stderr).toBe('');
    expect(template.status).toBe(0);
    expect((await readdir(path.join(work, 'forms'))).sort()).toEqual(['WC011-return.xlsx', 'WC012-return.xlsx', 'WC022-return.xlsx']);

    await fillForm(path.join(work, 'forms', 'WC012-return.xlsx'), path.join(work, 'WC012-return.xlsx'), ({ projects }) => {
      projects.set('description', projects.rowOf('project_id', 'WC012-S-01'), 'Clanwilliam wastewater works, phase 1');
    });
    const collected = await runCli('collect', 'WC012-return.xlsx', '--db', 'returns.sqlite', '--model', tinyFolder, '--report', 'report.xlsx');
    expect(collected.stderr).toBe('');
    expect(collected.status).toBe(0);
    expect(collected.stdout).toContain('WC012-return.xlsx: accepted as submission 1 (WC012): 0 added, 0 removed, 1 changed');

    await fillForm(path.join(work, 'forms', 'WC022-return.xlsx'), path.join(work, 'WC022-return.xlsx'), ({ projects }) => {
      projects.set('capex_rand', projects.rowOf('project_id', 'WC022-S-01'), 'R35m');
    });
    const refused = await runCli('collect', 'WC022-return.xlsx', '--db', 'returns.sqlite', '--report', 'report-2.xlsx');
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('WC022-return.xlsx: refused as submission 2 (WC022); the model is unchanged:\n  - WC022-return.xlsx, sheet Projects, cell F2 (capex_rand): expected a number > 0, found "R35m"');

    const listed = await runCli('collect', '--list', '--db', 'returns.sqlite');
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/model tiny version 1, 2 submissions\n\s+1 .* WC012\s+accepted\s+WC012-return\.xlsx\n\s+2 .* WC022\s+refused\s+WC022-return\.xlsx/);

    // The change report an official reviews.
    const report = new ExcelJS.Workbook();
    await report.xlsx.readFile(path.join(work, 'report.xlsx'));
    expect(report.worksheets.map((sheet) => sheet.name)).toEqual(['Returns', 'Changes', 'Problems', 'Warnings', 'About']);
    expect(report.getWorksheet('Changes')!.getRow(2).values).toEqual([undefined, 'WC012 Cederberg', 1, 'accepted', 'projects', 'WC012-S-01', 'municipal: Cederberg', 'changed', 'description', 'Clanwilliam wastewater treatment works upgrade', 'Clanwilliam wastewater works, phase 1']);
    const problems = new ExcelJS.Workbook();
    await problems.xlsx.readFile(path.join(work, 'report-2.xlsx'));
    expect(problems.getWorksheet('Problems')!.getRow(2).values).toEqual([undefined, 2, 'WC022-return.xlsx', 'Projects', 'F2 (capex_rand)', 'expected a number > 0, found "R35m"; write the amount in rand as plain digits, without the currency, separators or words (R2.5 million is 2500000)']);

    const exported = await runCli('model', 'export', '--db', 'returns.sqlite', '--out', 'exported');
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    expect(exported.stdout).toContain('tiny as of now: model version 1 with 1 accepted submission (1)');
    expect((await loadModel(path.join(work, 'exported'))).projects.find((project) => project.id === 'WC012-S-01')?.description).toBe('Clanwilliam wastewater works, phase 1');
    expect((await runCli('validate', 'exported')).status).toBe(0);

    const early = await runCli('model', 'export', '--db', 'returns.sqlite', '--as-of', '2000-01-01', '--out', 'early');
    expect(early.status).toBe(1);
    expect(early.stderr).toMatch(/held no model at 2000-01-01T23:59:59.999Z/);
    const again = await runCli('model', 'export', '--db', 'returns.sqlite', '--out', 'exported');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already exists and holds files; choose another folder or pass --force');
  });

  it('model convert writes a CSV model as one workbook and back, with the same files', async () => {
    const toXlsx = await runCli('model', 'convert', tinyFolder, '--to', 'xlsx', '--out', 'tiny-xlsx');
    expect(toXlsx.status).toBe(0);
    expect((await readdir(path.join(work, 'tiny-xlsx'))).sort()).toEqual(['model.xlsx', 'model.yaml']);
    const back = await runCli('model', 'convert', 'tiny-xlsx', '--to', 'csv', '--out', 'tiny-csv');
    expect(back.status).toBe(0);
    const direct = path.join(work, 'tiny-direct');
    await writeModel(await loadModel(tinyFolder), direct, { format: 'csv' });
    for (const name of (await readdir(direct)).filter((file) => file !== 'model.yaml')) {
      expect(await readFile(path.join(work, 'tiny-csv', name), 'utf8'), name).toBe(await readFile(path.join(direct, name), 'utf8'));
    }
    // model.yaml is copied as the person wrote it, comments included, both ways (review u5, finding 16).
    const ownYaml = await readFile(path.join(tinyFolder, 'model.yaml'), 'utf8');
    expect(await readFile(path.join(work, 'tiny-xlsx', 'model.yaml'), 'utf8')).toBe(ownYaml);
    expect(await readFile(path.join(work, 'tiny-csv', 'model.yaml'), 'utf8')).toBe(ownYaml);
    expect(contentOfModel(await loadModel(path.join(work, 'tiny-csv')))).toEqual(contentOfModel(await loadModel(tinyFolder)));
    const wrong = await runCli('model', 'convert', tinyFolder, '--to', 'xlsx', '--out', 'model.xlsx');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('option --out: model.xlsx looks like a file');
  });

  it('without the SQLite module (an optional dependency) says so, and every other command still works', async () => {
    // Stand in for an installation where better-sqlite3 could be neither downloaded nor built.
    const preload = path.join(work, 'no-sqlite.cjs');
    await writeFile(preload, `const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'better-sqlite3') throw new Error("Cannot find module 'better-sqlite3'");
  return load.call(this, request, ...rest);
};
`);
    const run = (...argumentsList: string[]) =>
      new Promise<{ status: number | null; stderr: string }>((resolve) => {
        execFile(process.execPath, ['--require', preload, cli, ...argumentsList], { cwd: work, encoding: 'utf8' }, (error, _stdout, stderr) => {
          resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stderr });
        });
      });
    const listed = await run('collect', '--list', '--db', 'returns.sqlite');
    expect(listed.status).toBe(2);
    expect(listed.stderr).toContain("error: the central database needs the SQLite module better-sqlite3, which is not usable here (Cannot find module 'better-sqlite3')");
    expect(listed.stderr).not.toContain('crashed');
    expect((await run('validate', tinyFolder)).status).toBe(0);
  });

  it('collect names what is missing rather than failing', async () => {
    const noModel = await runCli('collect', 'x.xlsx', '--db', 'new.sqlite');
    expect(noModel.status).toBe(1);
    expect(noModel.stderr).toContain('does not exist yet; name the model the returns are for with --model');
    expect(existsSync(path.join(work, 'new.sqlite'))).toBe(false);
    const nothing = await runCli('collect', '--db', 'returns.sqlite');
    expect(nothing.status).toBe(1);
    expect(nothing.stderr).toContain('give return files, or one of --accept N, --refuse N or --list');
    const notPending = await runCli('collect', '--accept', '1', '--reason', 'checked', '--db', 'returns.sqlite');
    expect(notPending.status).toBe(1);
    expect(notPending.stderr).toContain('submission 1 is accepted, not pending a decision');
  });

  it('a mistyped return path is an error before anything is recorded; a decision needs a reason and records who took it', async () => {
    const listedBefore = (await runCli('collect', '--list', '--db', 'returns.sqlite')).stdout;
    const filesBefore = (await readdir(work)).sort();
    const typo = await runCli('collect', 'nonexist.xlsx', '--db', 'returns.sqlite');
    expect(typo.status).toBe(1);
    expect(typo.stderr).toContain('nonexist.xlsx: file not found; nothing was recorded (check the path)');
    expect((await readdir(work)).sort()).toEqual(filesBefore);
    expect((await runCli('collect', '--list', '--db', 'returns.sqlite')).stdout).toBe(listedBefore);

    // Two returns for WC011 in one run that say different things: both are held for a decision.
    const form = path.join(work, 'forms', 'WC011-return.xlsx');
    for (const [file, description] of [['WC011-a.xlsx', 'first wording'], ['WC011-b.xlsx', 'second wording']]) {
      await fillForm(form, path.join(work, file), ({ projects }) => {
        projects.set('description', projects.rowOf('project_id', 'WC011-W-01'), description);
      });
    }
    const held = await runCli('collect', 'WC011-a.xlsx', 'WC011-b.xlsx', '--db', 'returns.sqlite', '--report', 'report-held.xlsx');
    expect(held.status).toBe(0);
    const number = /WC011-a\.xlsx: pending a decision as submission (\d+)/.exec(held.stdout)?.[1];
    expect(number).toBeDefined();
    const noReason = await runCli('collect', '--accept', number!, '--db', 'returns.sqlite');
    expect(noReason.status).toBe(1);
    expect(noReason.stderr).toContain('--reason');
    expect((await runCli('collect', '--list', '--db', 'returns.sqlite')).stdout).not.toContain('then accepted');
    const accepted = await runCli('collect', '--accept', number!, '--reason', 'the municipal manager confirmed the first wording', '--db', 'returns.sqlite');
    expect(accepted.stderr).toBe('');
    expect(accepted.status).toBe(0);
    const listed = (await runCli('collect', '--list', '--db', 'returns.sqlite')).stdout;
    expect(listed).toContain(`then accepted on ${new Date().toISOString().slice(0, 10)} by ${userInfo().username}`);
    expect(listed).not.toContain('by unknown');
  });
});

/**
 * The built CLI in a child process as a user whom file permissions bind: chmod does not stop root
 * from writing, so under root the child runs as nobody (setpriv), and the read-only file and folder
 * are as real to it as on a read-only shared drive.
 */
const SETPRIV = '/usr/bin/setpriv';
const runningAsRoot = process.getuid?.() === 0;
function runCliBoundByPermissions(cwd: string, ...argumentsList: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const [command, prefix] = runningAsRoot ? [SETPRIV, ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath]] : [process.execPath, []];
  return new Promise((resolve) => {
    execFile(command, [...prefix, cli, ...argumentsList], { cwd, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

describe('a central database that may only be read', () => {
  it.skipIf(process.platform === 'win32' || (runningAsRoot && !existsSync(SETPRIV)))(
    'is listed, exported and used for forms from a read-only file in a read-only folder; a write says the file is read-only',
    async () => {
      const folder = path.join(work, 'read-only-drive');
      await mkdir(folder);
      const database = path.join(folder, 'returns.sqlite');
      expect((await runCli('model', 'import', tinyFolder, '--db', database)).status).toBe(0);
      const out = path.join(work, 'read-only-out');
      await mkdir(out);
      await chmod(out, 0o777);
      await chmod(work, 0o755);
      await chmod(database, 0o444);
      await chmod(folder, 0o555);
      try {
        const listed = await runCliBoundByPermissions(out, 'collect', '--list', '--db', database);
        expect(listed.stderr).toBe('');
        expect(listed.stdout).toContain('model tiny version 1, 0 submissions');
        const exported = await runCliBoundByPermissions(out, 'model', 'export', '--db', database, '--out', path.join(out, 'exported'));
        expect(exported.stderr).toBe('');
        expect(exported.stdout).toContain('tiny as of now: model version 1');
        const forms = await runCliBoundByPermissions(out, 'template', '--all', '--db', database, '--out', path.join(out, 'forms'));
        expect(forms.stderr).toBe('');
        expect(readdirSync(path.join(out, 'forms'))).toHaveLength(3);
        const imported = await runCliBoundByPermissions(out, 'model', 'import', tinyFolder, '--db', database);
        expect(imported.status).toBe(1);
        expect(imported.stderr).toContain(`the database file ${database} is read-only`);
        expect(imported.stderr).not.toContain('file system is read-only');
        expect(readdirSync(folder)).toEqual(['returns.sqlite']);
      } finally {
        await chmod(folder, 0o755);
      }
    },
  );
});
