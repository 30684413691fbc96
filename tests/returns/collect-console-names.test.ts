/**
 * How collect names returns on the console (review u5, findings 6, 7 and 9): two returns of one
 * municipality from two folders share a file name, so each is printed under the path as given and
 * the conflict names the other by its place in the batch and its path; `--list` lines up its
 * columns and says its times are UTC.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillForm } from './return-helpers.js';
import { runInProcess } from '../cli/in-process.js';

const tinyFolder = path.resolve('tests', 'fixtures', 'tiny');
let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'infraplan-collect-names-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('collect with two returns of the same file name', () => {
  it('prints each under its path, names the other in the conflict, and lists in aligned columns', async () => {
    const run = (...args: string[]) => runInProcess(args, { cwd: work });
    expect((await run('template', tinyFolder, '--municipality', 'WC012', '--out', 'forms')).code).toBe(0);
    await mkdir(path.join(work, 'east'));
    await mkdir(path.join(work, 'west'));
    const form = path.join(work, 'forms', 'WC012-return.xlsx');
    await fillForm(form, path.join(work, 'east', 'WC012-return.xlsx'), ({ needs }) => needs.set('backlog_households', 2, 650));
    await fillForm(form, path.join(work, 'west', 'WC012-return.xlsx'), ({ needs }) => needs.set('backlog_households', 2, 720));
    const collected = await run('collect', 'east/WC012-return.xlsx', 'west/WC012-return.xlsx', '--db', 'returns.sqlite', '--model', tinyFolder, '--report', 'report.xlsx');
    expect(collected.code).toBe(0);
    const lines = collected.stdout.split('\n');
    expect(lines[0]).toBe('east/WC012-return.xlsx: pending a decision as submission 1 (WC012), would make 0 added, 0 removed, 1 changed; the model is unchanged:');
    expect(lines[1]).toBe('  - other returns in this batch say otherwise: file 2 of 2, west/WC012-return.xlsx (also for WC012); decide which to accept');
    expect(lines).toContain('  - other returns in this batch say otherwise: file 1 of 2, east/WC012-return.xlsx (also for WC012); decide which to accept');
    expect(lines.some((line) => line.startsWith('west/WC012-return.xlsx: pending a decision as submission 2'))).toBe(true);

    // A file that is not a form is refused: its status is shorter than pending-decision.
    expect((await run('collect', 'report.xlsx', '--db', 'returns.sqlite', '--report', 'report-2.xlsx')).code).toBe(1);
    const listed = await run('collect', '--list', '--db', 'returns.sqlite');
    const rows = listed.stdout.split('\n').slice(1).filter((line) => line !== '');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^\s+1 {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC {2}WC012 +pending-decision {2}WC012-return\.xlsx$/);
    expect(rows[2]).toMatch(/ refused +report\.xlsx$/);
    // The file names start in one column.
    expect(rows[2].indexOf('report.xlsx')).toBe(rows[0].indexOf('WC012-return.xlsx'));
  });
});
