/**
 * `--quiet` on compare, sweep, stress and explain, as on run (new-user review u4, finding 15): no progress and no
 * per-scenario lines on stderr, the same results on stdout. Without it compare prints a lasting
 * line on stderr as each scenario ends (docs/analysis.md), so the test sees both.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from './in-process.js';

const TINY_MODEL = 'tests/fixtures/tiny';

describe('--quiet on the analysis commands', () => {
  it('compare prints its scenario lines on stderr without it, and none with it', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'infraplan-quiet-compare-'));
    const args = ['compare', 'scenarios/budget-cut-20.yaml', '--model', TINY_MODEL, '--workers', '1', '--json'];
    const loud = await runInProcess([...args, '--out', path.join(out, 'loud')]);
    expect(loud.code).toBe(0);
    expect(loud.stderr).toMatch(/scenario budget-cut-20 done/);
    const quiet = await runInProcess([...args, '--out', path.join(out, 'quiet'), '--quiet']);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toMatch(/scenario .* done/);
    expect(JSON.parse(quiet.stdout)).toBeTruthy();
  });

  it('sweep takes --quiet and still prints its table', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'infraplan-quiet-sweep-'));
    const quiet = await runInProcess(['sweep', TINY_MODEL, '--budget-scale', '0.8:1:2', '--workers', '1', '--out', out, '--quiet']);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout).toMatch(/^factor +budget/m);
  });

  it('explain prints its progress lines without it and none with it; stress takes it', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'infraplan-quiet-stress-'));
    const stress = ['stress', TINY_MODEL, '--draws', '2', '--workers', '1', '--json'];
    // stress draws its progress as a live line on a terminal only (none in a pipe), so here --quiet is only seen to be taken.
    const quietStress = await runInProcess([...stress, '--out', path.join(out, 'quiet'), '--quiet']);
    expect(quietStress.code, quietStress.stderr).toBe(0);
    expect(quietStress.stderr).not.toMatch(/draw/);
    expect(JSON.parse(quietStress.stdout)).toBeTruthy();
    const explain = ['explain', TINY_MODEL, '--top', '1', '--workers', '1'];
    const loudExplain = await runInProcess(explain);
    expect(loudExplain.code, loudExplain.stderr).toBe(0);
    expect(loudExplain.stderr).toMatch(/^explain: /m);
    const quietExplain = await runInProcess([...explain, '--quiet']);
    expect(quietExplain.code, quietExplain.stderr).toBe(0);
    expect(quietExplain.stderr).not.toMatch(/^explain: /m);
    expect(quietExplain.stdout.length).toBeGreaterThan(0);
  });
});
