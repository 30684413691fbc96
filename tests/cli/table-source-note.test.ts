/**
 * A folder with both the CSV tables and a model.xlsx: validate, run and solve each say which was
 * read and that the other was ignored (task m2, new-user review).
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
