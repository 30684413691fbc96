/**
 * `explain --top N` counts an exclusive group once (issue 14): alternatives of one need are one
 * question, so the group's deferred alternative of the highest benefit stands for it, and the
 * answer names the group and its other alternatives; `eachAlternative` explains every alternative.
 * Hand-computed on a one-year model: the budget goes to C, so A1, A2 (one group) and B wait; A1
 * needs R10 million, and so does B, ring-fenced for it (task r1; untied, B needed R20 million: the
 * first R10 million went to A1, worth more).
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { explainDeferrals, selectDeferred, type Explanation } from '../../src/analysis/explain-deferral.js';
import { EXPLANATIONS_SHEET, explanationsToJson, explanationsWorkbook, formatExplanations, type ExplainReport } from '../../src/analysis/explain-output.js';
import { explainFromArguments } from '../../src/cli/explain.js';
import { planModel } from '../../src/plan/plan-model.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { MILLION, tinyDataset, tinyProject, tinySource } from '../plan/tiny-models.js';
import { TINY_MODEL } from './helpers.js';
import { expectClose, SOLVER } from '../tolerance.js';

// R100m in one year: C (R100m, benefit 200) takes it all. A1 (90) and A2 (80) are alternatives of
// group G, B (50) stands alone; each costs R10m. R10m ring-fenced for A1 funds it, and R10m ring-fenced for B funds B
// (untied, R10m more funded A1, worth more than B, and B joined only at R20m more).
const dataset = tinyDataset({
  horizonYears: 1,
  sources: [tinySource('GRANT', [100 * MILLION], false)],
  projects: [
    tinyProject({ id: 'C', cashFlowRandByBuildYear: [100 * MILLION], benefitOverride: 200 }),
    tinyProject({ id: 'A2', cashFlowRandByBuildYear: [10 * MILLION], benefitOverride: 80, exclusiveGroup: 'G' }),
    tinyProject({ id: 'A1', cashFlowRandByBuildYear: [10 * MILLION], benefitOverride: 90, exclusiveGroup: 'G' }),
    tinyProject({ id: 'B', cashFlowRandByBuildYear: [10 * MILLION], benefitOverride: 50 }),
  ],
});

describe('--top with an exclusive group', () => {
  let plan: PortfolioPlan;
  let explanations: Explanation[];
  beforeAll(async () => {
    plan = (await planModel(dataset, { marginalValues: false })).plan;
    explanations = await explainDeferrals(dataset, plan, { top: 2, workers: 1 });
  });

  it('funds C alone, so A1, A2 and B are deferred', () => {
    expectClose(plan.objectiveBenefitPoints, 200, SOLVER);
    expect(plan.projects.filter((project) => !project.funded).map((project) => project.id).sort()).toEqual(['A1', 'A2', 'B']);
  });

  it('spends its two answers on the group once (A1, its best alternative) and on B, not on A1 and A2', () => {
    expect(explanations.map((explanation) => explanation.projectId)).toEqual(['A1', 'B']);
    expect(explanations[0]).toMatchObject({ exclusiveGroup: 'G', alternativeIds: ['A2'] });
    expect(explanations[1]).toMatchObject({ exclusiveGroup: null, alternativeIds: [] });
    // The hand-computed least money ring-fenced for each, each verified.
    expect(explanations.map((explanation) => explanation.extraMoneyRand)).toEqual([10 * MILLION, 10 * MILLION]);
    expect(explanations.map((explanation) => explanation.changes.map((change) => (change.kind === 'top_up' ? change.ringFencedFor : null)))).toEqual([['A1'], ['B']]);
    for (const explanation of explanations) {
      expect(explanation.verification?.verified, explanation.projectId).toBe(true);
    }
  });

  it('explains every alternative with eachAlternative', () => {
    const chosen = selectDeferred(dataset, plan, { top: 2, eachAlternative: true });
    expect(chosen.map((entry) => entry.project.id)).toEqual(['A1', 'A2']);
    expect(chosen[1].alternativeIds).toEqual(['A1']);
    // Without --top every deferred project is explained, each alternative included.
    expect(selectDeferred(dataset, plan, {}).map((entry) => entry.project.id)).toEqual(['A1', 'A2', 'B']);
    // A third answer reaches B only when the group counts once.
    expect(selectDeferred(dataset, plan, { top: 3 }).map((entry) => entry.project.id)).toEqual(['A1', 'B']);
  });

  it('shows the group and its other alternatives on the console, in JSON and in the workbook', async () => {
    const report: ExplainReport = { modelName: 'groups', scenarioName: 'baseline', objective: plan.objectiveBenefitPoints, deferredCount: 3, explanations };
    expect(formatExplanations(report)).toContain('  group:   exclusive group G, other alternatives A2 (at most one of the group is funded)');
    const json = JSON.parse(explanationsToJson(report)) as { explanations: { projectId: string; exclusiveGroup: string | null; alternativeIds: string[] }[] };
    expect(json.explanations.map(({ projectId, exclusiveGroup, alternativeIds }) => ({ projectId, exclusiveGroup, alternativeIds }))).toEqual([
      { projectId: 'A1', exclusiveGroup: 'G', alternativeIds: ['A2'] },
      { projectId: 'B', exclusiveGroup: null, alternativeIds: [] },
    ]);
    // Written to bytes and read back, as --out writes it.
    const read = new ExcelJS.Workbook();
    await read.xlsx.load(await explanationsWorkbook(report).xlsx.writeBuffer());
    const sheet = read.getWorksheet(EXPLANATIONS_SHEET)!;
    expect(sheet.getRow(3).getCell(11).value).toBe('Exclusive group (other alternatives)');
    expect(sheet.getRow(4).getCell(1).value).toBe('A1');
    expect(sheet.getRow(4).getCell(11).value).toBe('G (also A2)');
    expect(sheet.getRow(5).getCell(11).value ?? '').toBe('');
  });
});

describe('bad options are refused before any solve', () => {
  it('an unknown --project id, named (checked before the plan is solved: checkProjectIds)', async () => {
    await expect(explainFromArguments({ model: TINY_MODEL, project: ['WC012-S-01', 'NO-SUCH'] }, { isTTY: false, write: () => true })).rejects.toThrow(/--project: project "NO-SUCH" is not in the model/);
  });
});

describe('--each-alternative without --top', () => {
  it('is refused before any solve, naming the option', async () => {
    await expect(explainFromArguments({ model: TINY_MODEL, eachAlternative: true })).rejects.toThrow(/--each-alternative: applies only with --top N/);
  });
});
