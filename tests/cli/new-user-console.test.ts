/**
 * What a new user sees on the console (task m2, new-user review): with both the CSV tables and a
 * model.xlsx in a folder, validate, run and solve say which was read and that the other was
 * ignored; a bad --out names what is wrong with it and what to do.
 */
import { copyFile, cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './in-process.js';

const NOTE = "note: both CSV files and model.xlsx are present: the tables were read from the CSV files and model.xlsx was ignored (move one of them out of the folder, or give the workbook's path to read it)";

let scratch = '';
let both = '';
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'infraplan-both-'));
  both = path.join(scratch, 'tiny');
  await cp(path.join('tests', 'fixtures', 'tiny'), both, { recursive: true });
  await copyFile(path.join('tests', 'fixtures', 'tiny-xlsx', 'model.xlsx'), path.join(both, 'model.xlsx'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('CSV files and model.xlsx in one folder', () => {
  it('validate names the CSV files as read and the workbook as ignored', async () => {
    const { code, stdout } = await runInProcess(['validate', both]);
    expect(code).toBe(0);
    expect(stdout).toContain(`  note            ${NOTE.slice('note: '.length)}`);
  });

  it('solve says it on the console, once', async () => {
    const { code, stderr } = await runInProcess(['solve', both, '--gap', '0.01']);
    expect(code).toBe(0);
    expect(stderr.split('\n').filter((line) => line === NOTE)).toHaveLength(1);
  });

  it('run says it on the console, and a folder with the CSV files alone says nothing of it', async () => {
    const withBoth = await runInProcess(['run', both, '--gap', '0.01', '--out', path.join(scratch, 'reports')]);
    expect(withBoth.code).toBe(0);
    expect(withBoth.stderr.split('\n').filter((line) => line === NOTE)).toHaveLength(1);
    const csvOnly = await runInProcess(['solve', path.join('tests', 'fixtures', 'tiny'), '--gap', '0.01']);
    expect(csvOnly.code).toBe(0);
    expect(csvOnly.stderr).not.toContain('model.xlsx');
  });
});

describe('--out problems blame the right thing', () => {
  it('a file on the way to the folder is named as that file, with what to do', async () => {
    const file = path.join(scratch, 'a-file');
    await copyFile(path.join('tests', 'fixtures', 'tiny', 'model.yaml'), file);
    const { code, stderr } = await runInProcess(['run', path.join('tests', 'fixtures', 'tiny'), '--gap', '0.01', '--out', path.join(file, 'reports')]);
    expect(code).toBe(1);
    expect(stderr).toContain(`command line, option --out: ${path.join(file, 'reports')} cannot be used: ${file} is a file, not a folder (on the way to ${path.join(file, 'reports')}); --out names the folder the output is written into: name another folder, or move the file`);
    expect(stderr).not.toContain('    at ');
  });

  it('a missing parent folder is created and said so, in case the name was a typo', async () => {
    const out = path.join(scratch, 'repotrs', 'week-1');
    const { code, stderr } = await runInProcess(['run', path.join('tests', 'fixtures', 'tiny'), '--gap', '0.01', '--out', out]);
    expect(code).toBe(0);
    expect(stderr).toContain(`note: --out: ${path.join(scratch, 'repotrs')} did not exist and was created, with ${out} in it (check --out for a typo if that was not meant)`);
  });
});

describe('did you mean, on the command line', () => {
  it('template --municipality with a look-alike letter suggests the code, as the loader does', async () => {
    const { code, stderr } = await runInProcess(['template', path.join('tests', 'fixtures', 'tiny'), '--municipality', 'WC01l', '--out', path.join(scratch, 'forms')]);
    expect(code).toBe(1);
    expect(stderr).toContain('command line, option --municipality: unknown municipality "WC01l" (did you mean WC011?)');
  });

  it('a --set key with a typo suggests the key', async () => {
    const { code, stderr } = await runInProcess(['solve', path.join('tests', 'fixtures', 'tiny'), '--set', 'policy.need_wieght=0.4']);
    expect(code).toBe(1);
    expect(stderr).toContain("command line, key policy.need_wieght: unknown key 'need_wieght' (did you mean need_weight?)");
  });
});
