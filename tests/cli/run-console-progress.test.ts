/**
 * What `run` says while it works and at the end (new-user review u2, findings 3 and 11): one
 * stderr line per stage as it starts (in a pipe too; --quiet silences them; stdout holds the
 * summary alone), the plan's warnings as `note:` lines as solve prints them, and the changes
 * against a baseline without amounts that print the same on both sides.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './in-process.js';
import { loadModel } from '../../src/dataset/load-model.js';
import type { BaselineDecisions } from '../../src/dataset/types.js';
import { planModel } from '../../src/plan/plan-model.js';
import { formatBaselineChanges } from '../../src/cli/baseline-options.js';
import { stageLine } from '../../src/cli/run.js';

let scratch = '';
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'infraplan-run-progress-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const TINY = path.join('tests', 'fixtures', 'tiny');
const MASTERPLAN = path.join('tests', 'fixtures', 'masterplan');

describe('run prints a line per stage on stderr', () => {
  it('names the model, the gap and time limit it solves to, and each file it writes, in order; stdout stays the summary', async () => {
    const out = path.join(scratch, 'stages');
    const { code, stdout, stderr } = await runInProcess(['run', TINY, '--gap', '0.01', '--time-limit', '120', '--out', out]);
    expect(code, stderr).toBe(0);
    expect(stderr.split('\n').filter((line) => line !== '')).toEqual([
      `checking the model ${TINY}`,
      'solving to within 1% of the best possible, stopping at 120 s at the latest, then checking the plan',
      'drawing the charts',
      'writing the workbook',
      'writing plan.json and manifest.json',
    ]);
    const [runFolder] = await readdir(out);
    expect(stdout.split('\n')[0]).toBe(path.join(out, runFolder));
    expect(stdout).not.toContain('checking the model');
    // No terminal codes in a pipe.
    expect(stderr).not.toContain('\u001b');
  });

  it('with a scenario says it applies it; --quiet prints nothing on stderr', async () => {
    const scenario = path.join(scratch, 'cut.yaml');
    await import('node:fs/promises').then(({ writeFile }) => writeFile(scenario, 'name: cut\nbudget_scale: 0.9\n'));
    const loud = await runInProcess(['run', TINY, '--scenario', scenario, '--gap', '0.01', '--out', path.join(scratch, 'scenario')]);
    expect(loud.code, loud.stderr).toBe(0);
    expect(loud.stderr.split('\n')).toContain(`applying the scenario ${scenario}`);
    const quiet = await runInProcess(['run', TINY, '--gap', '0.01', '--quiet', '--out', path.join(scratch, 'quiet')]);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toContain('planned spending R');
  });

  it('says how long the default model usually takes, and a gap of 0 as the best possible plan', () => {
    const context = { modelWords: 'western-cape (the embedded default model)', defaultModel: true };
    expect(stageLine('solve', context, { relativeGap: 0.001, timeLimitSeconds: 300 })).toBe(
      'solving to within 0.1% of the best possible, stopping at 300 s at the latest, then checking the plan (usually under a minute on 2 cores; longer on a busy machine)',
    );
    expect(stageLine('solve', { ...context, defaultModel: false }, { relativeGap: 0 })).toBe('solving to the best possible plan, then checking the plan');
    expect(stageLine('commit', context)).toBeNull();
  });
});

describe("run prints the plan's warnings as note lines", () => {
  it('every warning of plan.json, once, as solve prints them', async () => {
    const out = path.join(scratch, 'notes');
    const { code, stdout, stderr } = await runInProcess(['run', MASTERPLAN, '--gap', '0.01', '--quiet', '--out', out]);
    expect(code, stderr).toBe(0);
    const [runFolder] = await readdir(out);
    const warnings: string[] = JSON.parse(await readFile(path.join(out, runFolder, 'plan.json'), 'utf8')).plan.warnings;
    // The master plan fixture has planner rows replacing generated ones: the replacement must be on the console.
    expect(warnings.some((warning) => warning.includes('replaces the generated'))).toBe(true);
    for (const warning of warnings) expect(stdout.split('\n').filter((line) => line === `  note: ${warning}`)).toHaveLength(1);
    const solved = await runInProcess(['solve', MASTERPLAN, '--gap', '0.01']);
    for (const warning of warnings) expect(solved.stdout).toContain(`note: ${warning}`);
  });
});

describe('changes against a baseline, on the console', () => {
  it('no line for an amount that rounds to the same R0.1 million on both sides; no "+0.0 benefit"', async () => {
    const dataset = await loadModel(TINY);
    const { plan: first } = await planModel(dataset, { marginalValues: false, formulation: 'portfolio' });
    if (first.kind !== 'portfolio') throw new Error('expected a portfolio plan');
    // A baseline that funds nothing: every funded project is a changed decision.
    const nothing: BaselineDecisions = { source: 'empty/plan.json', modelName: first.modelName, startYearByProjectId: Object.fromEntries(first.projects.map((project) => [project.id, null])) };
    const { plan: again } = await planModel(dataset, { marginalValues: false, formulation: 'portfolio', baseline: nothing });
    if (again.kind !== 'portfolio' || again.baselineChanges === undefined) throw new Error('expected baseline changes');
    const real = again.baselineChanges;
    const lines = formatBaselineChanges(real);
    for (const change of real.changes) {
      const line = lines.find((text) => text.startsWith(`  ${change.projectId}: `));
      expect(line).toBeDefined();
      expect(line).toMatch(/\((\+|−)[\d,]+\.\d benefit points|benefit unchanged\)/);
    }
    expect(lines.join('\n')).not.toMatch(/[+-]0\.0 benefit/);
    // Two amounts of one project: R1.6 million on both sides (R40,000 apart) and R1.6 → R2.0 million.
    const projectId = again.projects[0].id;
    const withSplits = {
      ...real,
      splitChanges: [
        { projectId, sourceId: 'OWN', financialYear: 2028, purpose: 'capital' as const, baselineRand: 1_580_000, plannedRand: 1_620_000 },
        { projectId, sourceId: 'MIG', financialYear: 2029, purpose: 'capital' as const, baselineRand: 1_580_000, plannedRand: 2_000_000 },
      ],
    };
    // One line per project, as the sheet sums them (R0.04 + R0.42 million moved); plan.json keeps each amount.
    const splitLines = formatBaselineChanges(withSplits).filter((line) => line.startsWith(`  ${projectId}: R`));
    expect(splitLines).toEqual([`  ${projectId}: R0.5 million moved to OWN 2028/29, MIG 2029/30 (2 amounts)`]);
    expect(formatBaselineChanges(withSplits).join('\n')).not.toContain(' in the baseline → ');
  });
});
