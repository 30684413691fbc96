import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndicesReport, formatIndicesReport, sortIndexRows } from '../../src/cli/indices.js';
import { ILLUSTRATIVE_INPUTS_LINE } from '../../src/report/format.js';
import { STATS_SA_CREDIT } from '../../src/report/sheets/assumptions-sheet.js';
import { runInProcess } from '../cli/in-process.js';
import { makeHandDataset } from './hand-dataset.js';
import { expectAllClose } from '../tolerance.js';

const root = path.resolve(__dirname, '../..');

describe('the indices report', () => {
  // Hand-made model, min-max (see indices.test.ts): need 1/12, 0.5, 1, 0.375; growth 23/24, 11/24, 0, 1.
  it('sorts by need and by growth, highest first, ties by code', () => {
    const report = buildIndicesReport(makeHandDataset(), 'min-max', 'need');
    expect(report.rows.map((row) => row.municipalityCode)).toEqual(['CC3', 'BB2', 'DD4', 'AA1']);
    // DD4 (1) before AA1 (23/24) before BB2 (11/24) before CC3 (0).
    expect(sortIndexRows(report.rows, 'growth').map((row) => row.municipalityCode)).toEqual(['DD4', 'AA1', 'BB2', 'CC3']);
    expect(sortIndexRows(report.rows, 'code').map((row) => row.municipalityCode)).toEqual(['AA1', 'BB2', 'CC3', 'DD4']);
  });

  it('prints an aligned table, the settings and a count per quadrant', () => {
    const lines = formatIndicesReport(buildIndicesReport(makeHandDataset(), 'rank', 'code'));
    expect(lines[1]).toBe('normalisation: rank (from the command line; model.yaml says min-max)');
    expect(lines[2]).toBe('thresholds: high need when need index >= 0.5; high growth when growth index >= 0.5');
    const header = lines[4]!;
    expect(header).toMatch(/^code {2}name {14}district {7}need index {2}growth index {2}quadrant$/);
    // Rank: AA1 need 1/12 = 0.083, growth 19/24 = 0.792; the decimal points line up under the headers' ends.
    const first = lines[6]!;
    expect(first).toContain('AA1   Municipality AA1  Test District');
    expect(first.indexOf('0.083') + 5).toBe(header.indexOf('need index') + 'need index'.length);
    expect(first.indexOf('0.792') + 5).toBe(header.indexOf('growth index') + 'growth index'.length);
    expect(first.endsWith('high growth, low need')).toBe(true);
    // Rank quadrants: AA1 high growth/low need, BB2 (13/24, 1/3) low growth/high need,
    // CC3 (1, 0) low growth/high need, DD4 (3/8, 7/8) high growth/low need.
    const counts = lines.findIndex((line) => line.startsWith('high growth, high need  '));
    expect(lines.slice(counts, counts + 4)).toEqual([
      'high growth, high need  0 municipalities',
      'high growth, low need   2 municipalities',
      'low growth, high need   2 municipalities',
      'low growth, low need    0 municipalities',
    ]);
  });

  it('credits Stats SA for the Census figures and prints the model\'s illustrative note under the table', () => {
    const dataset = makeHandDataset();
    const lines = formatIndicesReport(buildIndicesReport(dataset, 'rank', 'code'));
    expect(lines).toContain(STATS_SA_CREDIT);
    const note = dataset.config.illustrativeNote.trim();
    if (note !== '') expect(lines.at(-1)).toBe(`${ILLUSTRATIVE_INPUTS_LINE}. ${note}`);
    const withNote = formatIndicesReport(buildIndicesReport({ ...dataset, config: { ...dataset.config, illustrativeNote: 'Envelopes are made up.' } }, 'rank', 'code'));
    expect(withNote.at(-1)).toBe(`${ILLUSTRATIVE_INPUTS_LINE}. Envelopes are made up.`);
    const without = formatIndicesReport(buildIndicesReport({ ...dataset, config: { ...dataset.config, illustrativeNote: '' } }, 'rank', 'code'));
    expect(without.at(-1)).toBe(STATS_SA_CREDIT);
  });
});

describe('infraplan indices (the command line: the built CLI in a child, and in this process)', () => {
  const cli = path.join(root, 'bin', 'infraplan.js');
  const tiny = path.join(root, 'tests', 'fixtures', 'tiny');

  beforeAll(() => {
    // tests/global-setup.ts has built dist/ when it was stale.
    expect(existsSync(path.join(root, 'dist', 'cli', 'indices.js'))).toBe(true);
  });

  /** Run the built CLI in a child and return its exit code and output. */
  function run(...args: string[]) {
    const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /**
   * The same command line in this process (tests/cli/in-process.ts): the options, the table and the
   * refusals are the command's, not the process boundary's, and a child costs about a second of CPU
   * loading its modules. The JSON case above stays a child: exit 0 and the output through a pipe.
   */
  async function runHere(...args: string[]) {
    const outcome = await runInProcess(args, { cwd: root });
    return { status: outcome.code, stdout: outcome.stdout, stderr: outcome.stderr };
  }

  it('prints the tiny model\'s indices as JSON, matching a hand computation', () => {
    // water_backlog_share 0.067, 0.043, 0.06 (worse) -> 1, 0, 0.017/0.024
    // sanitation_backlog_share 0.049, 0.059, 0.065 (worse) -> 0, 0.010/0.016 = 0.625, 1
    // need (equal weights) -> 0.5, 0.3125, 0.5 * 0.017/0.024 + 0.5
    // household_growth 1.64, 1.66, 2.13 (better, weight 2 of 3) -> 0, 0.02/0.49, 1
    // unemployment 18.2, 14.9, 12.1 (worse, weight 1 of 3) -> 0, 3.3/6.1, 1
    const result = run('indices', tiny, '--json');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const records = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(records.map((record) => record.municipalityCode)).toEqual(['WC011', 'WC012', 'WC022']);
    expect(records.map((record) => record.municipalityName)).toEqual(['Matzikama', 'Cederberg', 'Witzenberg']);
    expectAllClose(records.map((record) => record.needIndex as number), [0.5, 0.3125, 0.5 * (0.017 / 0.024) + 0.5]);
    expectAllClose(records.map((record) => record.growthIndex as number), [0, (2 / 3) * (0.02 / 0.49) + (1 / 3) * (3.3 / 6.1), 1]);
    expect(records.map((record) => record.quadrant)).toEqual(['low_growth_high_need', 'low_growth_low_need', 'high_growth_high_need']);
  });

  it('honours --normalisation and --sort', async () => {
    // Rank: water -> WC011 1, WC012 0, WC022 0.5; sanitation -> 0, 0.5, 1; need -> 0.5, 0.25, 0.75.
    const result = await runHere('indices', tiny, '--json', '--normalisation', 'rank', '--sort', 'need');
    expect(result.status).toBe(0);
    const records = JSON.parse(result.stdout) as Array<{ municipalityCode: string; needIndex: number }>;
    expect(records.map((record) => [record.municipalityCode, record.needIndex])).toEqual([
      ['WC022', 0.75],
      ['WC011', 0.5],
      ['WC012', 0.25],
    ]);
  });

  it('prints a readable table by default', async () => {
    const result = await runHere('indices', tiny);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('normalisation: min-max (from model.yaml)');
    expect(result.stdout).toMatch(/WC011 {2}Matzikama {3}West Coast {11}0\.500 {9}0\.000 {2}low growth, high need/);
    expect(result.stdout).toContain('high growth, high need  1 municipality\n');
  });

  it('reports a missing model and a bad option briefly, with exit code 1 and no stack trace', async () => {
    const missing = await runHere('indices', path.join(root, 'tests', 'fixtures', 'no-such-model'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no-such-model');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const badOption = await runHere('indices', tiny, '--normalisation', 'log');
    expect(badOption.status).toBe(1);
    expect(badOption.stderr).toContain('Invalid values');
    expect(badOption.stderr).not.toMatch(/\n\s+at /);
  });
});
