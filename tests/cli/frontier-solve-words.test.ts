/**
 * Review u5, findings 11, 21 and 23: `frontier` in a log or a pipe says which solve it is on (it
 * printed nothing for the ten minutes and more the default model takes) and is silent under
 * --quiet; `solve` names its objective's unit and direction, so the allocation's `objective 0`
 * no longer reads against its benefit in points.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TINY_MODEL } from './cli-process.js';
import { runInProcess } from './in-process.js';

const work = mkdtempSync(path.join(tmpdir(), 'infraplan-frontier-words-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('frontier progress in a log', () => {
  it('prints one line as each solve starts, and none with --quiet', async () => {
    const outcome = await runInProcess(['frontier', TINY_MODEL, '--points', '2', '--out', path.join(work, 'a')]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout.split('\n')[0]).toMatch(/^Households served against capacity added for growth, tiny, scenario baseline \(each point (proven the best possible|solved to within [\d.]+% of the best possible|solved to the solver's default gap \(HiGHS: within 0\.01% of the best possible\))\)$/);
    expect(outcome.stdout).not.toContain('MIP');
    const solving = outcome.stderr.split('\n').filter((line) => line.startsWith('solving '));
    expect(solving.length).toBeGreaterThanOrEqual(2);
    expect(solving[0]).toMatch(/^solving 1\/\d+ .+ \.\.\.$/);
    const quiet = await runInProcess(['frontier', TINY_MODEL, '--points', '2', '--out', path.join(work, 'b'), '--quiet']);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toContain('solving ');
  });
});

describe('the gap in words', () => {
  it.each([
    [0.001, 'each point solved to within 0.1% of the best possible'],
    [0.0001, 'each point solved to within 0.01% of the best possible'],
    [0, 'each point proven the best possible'],
  ])('%s', async (gap, words) => {
    const { gapWords } = await import('../../src/cli/frontier.js');
    expect(gapWords(gap)).toBe(words);
  });
});

describe('solve names its objective', () => {
  it.each([
    ['portfolio', '(discounted benefit, points, maximised)'],
    ['allocation', '(weighted unmet need, weighted R million, minimised (0: every priced need funded))'],
  ])('%s', async (formulation, words) => {
    const outcome = await runInProcess(['solve', TINY_MODEL, '--formulation', formulation]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(new RegExp(`^solver: objective [\\d,.]+ ${words.replace(/[()]/g, '\\$&')}, proven bound`, 'm'));
  });
});
