/**
 * sweep's console for a treasury analyst (new-user review u2, 6): columns with their units
 * ("benefit points per extra R100 million", "households served"), and the solver's account of how
 * the levels were solved (LP bound, MILP) only with --verbose; sweep.json keeps it either way.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './in-process.js';

const TINY = path.join('tests', 'fixtures', 'tiny');
const JARGON = /\bLP\b|MILP|accept a level|relative MIP gap/;

let scratch = '';
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'infraplan-sweep-words-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("sweep's console", () => {
  it('speaks in points, households served and rand; the LP bound only with --verbose', async () => {
    const plain = await runInProcess(['sweep', TINY, '--budget-scale', '0.8:1.2:3', '--workers', '1', '--out', path.join(scratch, 'plain')]);
    expect(plain.code, plain.stderr).toBe(0);
    const header = plain.stdout.split('\n').find((line) => line.startsWith('factor'));
    expect(header).toMatch(/benefit points\s+households served\s+projects funded\s+benefit points per extra R100 million/);
    expect(plain.stdout).toContain('Efficient frontier of tiny, scenario baseline (each level solved to within 1% of the best possible)');
    expect(plain.stdout).toMatch(/^solving: every plan solved to a 1% gap, the sweep default .*; each level starts from the plan of the level next to it, nearer ×1 \(--verbose says how each was solved\)$/m);
    expect(plain.stdout).not.toMatch(JARGON);
    const json = await runInProcess(['sweep', TINY, '--budget-scale', '0.8:1.2:3', '--workers', '1', '--json', '--out', path.join(scratch, 'json')]);
    const { solving } = JSON.parse(json.stdout) as { solving: { lpBoundWords: string } };
    const verbose = await runInProcess(['sweep', TINY, '--budget-scale', '0.8:1.2:3', '--workers', '1', '--verbose', '--out', path.join(scratch, 'verbose')]);
    expect(verbose.code, verbose.stderr).toBe(0);
    expect(verbose.stdout).toContain(`; ${solving.lpBoundWords}`);
    expect(solving.lpBoundWords).toMatch(/LP/);
  });
});
