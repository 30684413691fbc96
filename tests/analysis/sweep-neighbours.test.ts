/**
 * `sweep` starts each budget level from its neighbouring level's plan (towards ×1), and under
 * `--lock-years` a level that only the lock leaves without a plan says so in words (issue 14).
 * Tiny model; every level's plan checked by the independent checker.
 */
import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSweep } from '../../src/analysis/run-sweep.js';
import { runInProcess as runCli } from '../cli/in-process.js';
import { TINY_MODEL } from './helpers.js';

/** A run folder of the tiny model, made through the CLI. */
async function tinyRunFolder(): Promise<string> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'infraplan-sweep-baseline-'));
  const first = await runCli(['run', TINY_MODEL, '--out', outDir]);
  expect(first.code, first.stderr).toBe(0);
  const [folder] = await readdir(outDir);
  return path.join(outDir, folder);
}

describe('sweep from neighbouring levels', () => {
  it('starts each level from the plan of its neighbour towards ×1', async () => {
    const { frontier } = await runSweep({ modelPath: TINY_MODEL, budgetFactors: [0.5, 0.75, 1, 1.25, 1.5], commandLine: { relativeGap: 0.01 } }, { skipFiles: true, workers: 1 });
    const from = frontier.points.map((point) => /^started from the plan at ×([\d.]+):/.exec(point.howSolved ?? '')?.[1] ?? null);
    expect(from).toEqual(['0.75', '1', null, '1', '1.25']);
  });

  it('says when the locked decisions alone cost more than a level\'s budget', async () => {
    const baselinePath = await tinyRunFolder();
    const { frontier } = await runSweep(
      { modelPath: TINY_MODEL, budgetFactors: [0.55, 1], commandLine: { relativeGap: 0.01 } },
      { skipFiles: true, workers: 1, baseline: { baselinePath, lockYears: 2 } },
    );
    expect(frontier.points[1].status).not.toBe('infeasible');
    expect(frontier.points[0].status).toBe('infeasible');
    const words = frontier.warnings.filter((warning) => warning.includes('locked'));
    expect(words).toHaveLength(1);
    expect(words[0]).toMatch(/^at 0\.55× the locked \d{4}\/\d{2}–\d{4}\/\d{2} decisions alone \(the \d+ project starts? --lock-years 2 keeps from .*plan\.json\) cost more than the budget, so no plan can keep them; without the lock this level has a plan: lower --lock-years \(now 2\)/);
  });

  it('says nothing of the lock when the budget alone leaves no plan', async () => {
    // At 0.05× the committed project alone does not fit: the budget, not the lock, leaves no plan.
    const baselinePath = await tinyRunFolder();
    const { frontier } = await runSweep({ modelPath: TINY_MODEL, budgetFactors: [0.05, 1], commandLine: { relativeGap: 0.01 } }, { skipFiles: true, workers: 1, baseline: { baselinePath, lockYears: 2 } });
    expect(frontier.points[0].status).toBe('infeasible');
    expect(frontier.warnings.some((warning) => warning.includes('locked'))).toBe(false);
  });
});
