/**
 * `explain --baseline RUN_FOLDER` (issue 14): the run's plan is explained without solving the model
 * again when the run was made from the same inputs; otherwise its bound is not reused. Every
 * explanation still verifies: the re-solve with the change funds the project, and its plan is
 * within the stated gap of a cold re-solve's.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyChanges } from '../../src/analysis/explain-changes.js';
import type { ExplainReport } from '../../src/analysis/explain-output.js';
import { explainFromArguments } from '../../src/cli/explain.js';
import { loadModel } from '../../src/dataset/load-model.js';
import { datasetRun, planRun } from '../../src/pipeline/plan-run.js';
import { runModel } from '../../src/pipeline/run-model.js';
import { expectAtLeast, expectClose, SOLVER } from '../tolerance.js';
import { temporaryFolder, TINY_MODEL } from './helpers.js';

const silent = { isTTY: false, write: () => true };

describe('explain with the run folder of the same inputs', () => {
  let runFolder: string;
  let report: ExplainReport;
  beforeAll(async () => {
    const result = await runModel({ model: TINY_MODEL, outDir: await temporaryFolder(), now: () => new Date(Date.UTC(2026, 11, 1, 12)) });
    runFolder = result.runFolder as string;
    report = await explainFromArguments({ model: TINY_MODEL, baseline: runFolder, project: ['WC012-S-01', 'WC022-W-01', 'WC012-W-01'], workers: 1 }, silent);
  });

  it('takes the run\'s plan with no MILP solve and explains it', async () => {
    expect(report.planHowSolved?.method).toBe('taken_from_run');
    expect(report.planHowSolved?.milpSolves).toBe(0);
    expect(report.planHowSolved?.words).toMatch(/the proven bound of the run in .* \(same inputs\)/);
    const written = JSON.parse(await readFile(path.join(runFolder, 'plan.json'), 'utf8')) as { plan: { objective: number } };
    expectClose(report.objective, written.plan.objective, SOLVER);
    expect(report.explanations.map((explanation) => explanation.projectId).sort()).toEqual(['WC012-S-01', 'WC012-W-01', 'WC022-W-01']);
  });

  it('still verifies every change it suggests: a cold re-solve funds it or is within the stated gap', async () => {
    const dataset = await loadModel(TINY_MODEL);
    const withChanges = report.explanations.filter((explanation) => explanation.changes.length > 0);
    expect(withChanges.length).toBeGreaterThan(1);
    for (const explanation of withChanges) {
      const verification = explanation.verification;
      expect(verification?.verified, explanation.projectId).toBe(true);
      expect(verification?.projectFunded).toBe(true);
      expect(verification?.violations).toEqual([]);
      // What "verified" claims: the best plan with the change (a cold solve to optimality) funds the
      // project, or is not better than the verified plan by more than the gap it states (with the
      // one-proof verification, the gap to the bound of every plan without the project).
      const { plan: cold } = await planRun(datasetRun(applyChanges(dataset, explanation.changes)), { formulation: 'portfolio', marginalValues: false, relativeGap: 0 });
      if (cold.projects.some((project) => project.id === explanation.projectId && project.funded)) continue;
      const coldBenefit = cold.objectiveBenefitPoints as number;
      const gap = verification?.gap ?? 0;
      expectAtLeast(verification?.objectiveAfter, coldBenefit - gap * Math.max(1, Math.abs(coldBenefit)), SOLVER, `${explanation.projectId} against a cold re-solve`);
    }
  });
});

describe('explain with a run folder of other inputs', () => {
  it('does not reuse the bound of a run with other overrides', async () => {
    const result = await runModel({ model: TINY_MODEL, outDir: await temporaryFolder() });
    const report = await explainFromArguments({ model: TINY_MODEL, baseline: result.runFolder as string, set: ['policy.need_weight=0.4'], project: ['WC012-S-01'], workers: 1 }, silent);
    expect(report.planHowSolved?.method).not.toBe('taken_from_run');
    expect(report.planHowSolved?.words).toMatch(/run bound not reused: the run applied other overrides/);
  });

  it('does not reuse the bound of a run made from files with other contents', async () => {
    const model = path.join(await temporaryFolder(), 'tiny');
    await cp(TINY_MODEL, model, { recursive: true });
    const result = await runModel({ model, outDir: await temporaryFolder() });
    const yamlPath = path.join(model, 'model.yaml');
    await writeFile(yamlPath, (await readFile(yamlPath, 'utf8')).replace(/^title: .*$/m, 'title: Tiny test model, edited after the run'), 'utf8');
    const report = await explainFromArguments({ model, baseline: result.runFolder as string, project: ['WC012-S-01'], workers: 1 }, silent);
    expect(report.planHowSolved?.method).not.toBe('taken_from_run');
    expect(report.planHowSolved?.words).toMatch(/other contents \(manifest\.json hashes differ\)/);
  });
});
