/**
 * The console says which needs and envelopes the planner changed since the baseline, old → new
 * (c1's leftover: "needs.csv differs" by file hash only before): `run` the tiny model, edit a copy
 * (one backlog, one envelope) and `solve` it against that run folder, its console captured.
 */
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from './in-process.js';

describe("solve --baseline's console on an edited copy", () => {
  it('names the need and the envelope that changed, with both figures, and no file hash', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'infraplan-input-console-'));
    const first = await runInProcess(['run', 'tests/fixtures/tiny', '--out', root, '--quiet']);
    expect(first.code, first.stderr).toBe(0);
    const runFolder = first.stdout.split('\n')[0]!.trim();
    const edited = path.join(root, 'tiny-edited');
    await cp('tests/fixtures/tiny', edited, { recursive: true });
    const needs = await readFile(path.join(edited, 'needs.csv'), 'utf8');
    await writeFile(path.join(edited, 'needs.csv'), needs.replace('WC011,water,1500,', 'WC011,water,1600,'));
    const funding = await readFile(path.join(edited, 'funding.csv'), 'utf8');
    await writeFile(path.join(edited, 'funding.csv'), funding.replace('RBIG,Regional Bulk Infrastructure Grant,2027/28,30000000,', 'RBIG,Regional Bulk Infrastructure Grant,2027/28,25000000,'));
    const second = await runInProcess(['solve', edited, '--baseline', runFolder]);
    expect(second.code, second.stderr).toBe(0);
    const line = second.stdout.split('\n').find((text) => text.trimStart().startsWith('since the baseline:'));
    expect(line?.trim()).toBe(
      'since the baseline: no project added, removed or edited; 1 need changed (Matzikama (WC011), water: backlog 1,500 → 1,600 households); ' +
        "1 envelope changed (RBIG 2027/28: R30.0 million in the baseline → R25.0 million now); input files that differ from the baseline run's: needs.csv, funding.csv",
    );
    expect(second.stdout).not.toMatch(/hash/);
  }, 120_000);
});
