/**
 * `--baseline` keeps the baseline's split of each project's money between grants and years, not
 * only its decisions (task b1, item 1): a plan that keeps the baseline said "0 changes" while the
 * money of most projects came from other grants. On the tiny model: the baseline is the optimal
 * plan paid as a model with less MIG money in the first year would pay it (more from RBIG than a
 * solve of the full envelopes picks); planned against it with the full envelopes, the same rand per project, source
 * and year comes back, checked line by line against the baseline file and by the independent
 * checker. When the split no longer fits (an envelope cut), every difference is listed.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { readBaseline } from '../../src/dataset/read-baseline.js';
import type { BaselineDecisions, Dataset } from '../../src/dataset/types.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import { completeBaseline, SPLIT_CHANGE_RAND } from '../../src/plan/baseline-stability.js';
import { planModel } from '../../src/plan/plan-model.js';
import type { PortfolioPlan, SpendingLine } from '../../src/plan/types.js';
import { buildFormulation } from '../../src/program/formulation.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { interpretPortfolio } from '../../src/plan/interpret.js';
import { highsEngine } from '../../src/solve/highs-engine.js';
import { planFileDocument, toJsonText } from '../../src/report/json-output.js';

const TINY_MODEL = 'tests/fixtures/tiny';

async function plan(dataset: Dataset, baseline?: BaselineDecisions, relativeGap?: number): Promise<PortfolioPlan> {
  const { plan: planned } = await planModel(dataset, { marginalValues: false, formulation: 'portfolio', ...(baseline ? { baseline } : {}), ...(relativeGap === undefined ? {} : { relativeGap }) });
  if (planned.kind !== 'portfolio') throw new Error('expected a portfolio plan');
  return planned;
}

/** The dataset with one source's envelope in one year scaled. */
function withEnvelope(dataset: Dataset, sourceId: string, financialYear: number, factor: number): Dataset {
  return {
    ...dataset,
    fundingSources: dataset.fundingSources.map((source) =>
      source.id !== sourceId ? source : { ...source, envelopeRandByYear: Object.fromEntries(Object.entries(source.envelopeRandByYear).map(([year, rand]) => [year, Number(year) === financialYear ? rand * factor : rand])) },
    ),
  };
}

/** Rand per `project|capital-or-operating|year|source` of a plan's funded projects (lines under a rand dropped). */
function splitOf(projects: readonly { id: string; funded: boolean; spending: readonly SpendingLine[]; operatingSpending: readonly SpendingLine[] }[]): Map<string, number> {
  const amounts = new Map<string, number>();
  for (const project of projects.filter((each) => each.funded)) {
    for (const [purpose, lines] of [['capital', project.spending], ['operating', project.operatingSpending]] as const) {
      for (const line of lines) {
        const key = `${project.id}|${purpose}|${line.financialYear}|${line.sourceId}`;
        amounts.set(key, (amounts.get(key) ?? 0) + line.amountRand);
      }
    }
  }
  for (const [key, rand] of amounts) if (rand < 1) amounts.delete(key);
  return amounts;
}

/** The largest difference, rand, between two splits over every key of either. */
function largestDifference(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let largest = 0;
  for (const key of new Set([...a.keys(), ...b.keys()])) largest = Math.max(largest, Math.abs((a.get(key) ?? 0) - (b.get(key) ?? 0)));
  return largest;
}

/** A plan written as a run folder's plan.json and read back as a baseline, as `--baseline RUN_FOLDER` reads it. */
async function asBaselineFile(baselinePlan: PortfolioPlan): Promise<BaselineDecisions> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'infraplan-baseline-split-'));
  await writeFile(path.join(folder, 'plan.json'), toJsonText(planFileDocument(baselinePlan, null)));
  return readBaseline(folder);
}

describe('a baseline kept exactly keeps its split of the money', () => {
  it('gives every project the baseline\'s rand per source and year, which the completion without the split does not', async () => {
    const dataset = await loadModel(TINY_MODEL);
    const firstYear = dataset.config.baseFinancialYear;
    // The baseline: the optimal decisions of the full model, paid as a model with less MIG in the
    // first year would pay them (more of the shared RBIG+MIG project from RBIG), which is not
    // the split a solve of the full model picks.
    const optimal = await asBaselineFile(await plan(dataset));
    const baselinePlan = await plan(withEnvelope(dataset, 'MIG', firstYear, 0.8), optimal, 0.05);
    expect(baselinePlan.baselineChanges).toMatchObject({ method: 'kept_baseline', changes: [] });
    const baseline = await asBaselineFile(baselinePlan);
    expect(baseline.spendingByProjectId).toBeDefined();

    // The test has teeth: completing the baseline's decisions in the full model without its split pays differently.
    const indices = computeIndices(dataset);
    const built = buildFormulation(dataset, indices, 'portfolio');
    if (built.kind !== 'portfolio') throw new Error('expected the portfolio formulation');
    const anySplit = await completeBaseline(highsEngine, built.program, built.layout, baseline.startYearByProjectId, null);
    expect(anySplit?.exact).toBe(true);
    const anySplitPlan = interpretPortfolio({ dataset, indices, result: { engine: 'highs', status: 'optimal', rawStatus: 'completion', objective: anySplit!.benefitPoints, bestBound: null, gap: null, nodes: null, seconds: 0, values: anySplit!.values, duals: null }, scenarioName: 'baseline', overridesApplied: [], warnings: [] }, built.layout);
    expect(largestDifference(splitOf(anySplitPlan.projects), splitOf(baselinePlan.projects))).toBeGreaterThan(SPLIT_CHANGE_RAND);

    const again = await plan(dataset, baseline);
    expect(again.baselineChanges).toMatchObject({ method: 'kept_baseline', fundingChanges: 0, startYearChanges: 0, changes: [], splitChanges: [] });
    expect(largestDifference(splitOf(again.projects), splitOf(baselinePlan.projects))).toBeLessThan(1);
    expect(checkPlan(again, dataset).violations).toEqual([]);
  });

  it('lists every amount that differs when the baseline\'s split no longer fits (an envelope cut), and only those', async () => {
    const dataset = await loadModel(TINY_MODEL);
    const baselinePlan = await plan(dataset);
    const baseline = await asBaselineFile(baselinePlan);
    // Cut RBIG in every year the baseline uses it to what the RBIG-only projects need: a shared project's RBIG share must move to MIG.
    const rbigOnly = new Set(dataset.projects.filter((project) => project.fundingSourceIds.length === 1 && project.fundingSourceIds[0] === 'RBIG').map((project) => project.id));
    const shared = baselinePlan.projects.filter((project) => project.funded && !rbigOnly.has(project.id) && project.spending.some((line) => line.sourceId === 'RBIG'));
    expect(shared.length).toBeGreaterThan(0);
    let cut = dataset;
    for (const line of shared.flatMap((project) => project.spending.filter((each) => each.sourceId === 'RBIG'))) {
      const source = cut.fundingSources.find((each) => each.id === 'RBIG')!;
      const envelope = source.envelopeRandByYear[line.financialYear] ?? 0;
      cut = withEnvelope(cut, 'RBIG', line.financialYear, Math.max(0, envelope - line.amountRand - 1_000_000) / envelope);
    }
    const again = await plan(cut, baseline);
    expect(checkPlan(again, cut).violations).toEqual([]);
    const listed = again.baselineChanges?.splitChanges ?? [];
    // Every listed amount is a real difference, and every difference of a project with the same decision is listed.
    const before = splitOf(baselinePlan.projects);
    const now = splitOf(again.projects);
    const sameDecision = new Set(again.projects.filter((project) => project.funded && baseline.startYearByProjectId[project.id] === project.startYear).map((project) => project.id));
    const differences = [...new Set([...before.keys(), ...now.keys()])]
      .filter((key) => sameDecision.has(key.split('|')[0]) && Math.abs((now.get(key) ?? 0) - (before.get(key) ?? 0)) > SPLIT_CHANGE_RAND)
      .sort();
    expect(differences.length).toBeGreaterThan(0);
    expect(listed.map((change) => `${change.projectId}|${change.purpose}|${change.financialYear}|${change.sourceId}`).sort()).toEqual(differences);
    for (const change of listed) {
      const key = `${change.projectId}|${change.purpose}|${change.financialYear}|${change.sourceId}`;
      expect(Math.abs(change.baselineRand - (before.get(key) ?? 0))).toBeLessThan(1);
      expect(Math.abs(change.plannedRand - (now.get(key) ?? 0))).toBeLessThan(1);
    }
  });
});
