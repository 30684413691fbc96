/**
 * Review u5, findings 11 and 21: `frontier` in a log or a pipe says which solve it is on (it
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
    const solving = outcome.stderr.split('\n').filter((line) => line.startsWith('solving '));
    expect(solving.length).toBeGreaterThanOrEqual(2);
    expect(solving[0]).toMatch(/^solving 1\/\d+ .+ \.\.\.$/);
    const quiet = await runInProcess(['frontier', TINY_MODEL, '--points', '2', '--out', path.join(work, 'b'), '--quiet']);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toContain('solving ');
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
