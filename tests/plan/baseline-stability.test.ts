/**
 * Plans that stay put (--baseline, --lock-years) and re-solves that start from what is known:
 * adding a project the plan does not fund changes nothing else; the closest plan within the gap
 * has the fewest changes (brute force); locked years keep the baseline's decisions; a warm start
 * gives the cold optimum within the gap; a bad or foreign baseline is a located error.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { baselineLockOf, readBaseline } from '../../src/dataset/read-baseline.js';
import { NO_FACILITY_FIELDS, type BaselineDecisions, type CapacityBalance, type Dataset, type Project } from '../../src/dataset/types.js';
import { InvalidInputError } from '../../src/errors/problems.js';
import { applyBaseline } from '../../src/pipeline/baseline-run.js';
import { datasetRun } from '../../src/pipeline/plan-run.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import { shortfallOutcomes } from '../../src/indicators/shortfall-benefit.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { planModel } from '../../src/plan/plan-model.js';
import { completeBaseline, decisionsOfValues, revertIdleChanges } from '../../src/plan/baseline-stability.js';
import { buildFormulation } from '../../src/program/formulation.js';
import { highsEngine } from '../../src/solve/highs-engine.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { planFileDocument, toJsonText } from '../../src/report/json-output.js';
import { RunCounter } from '../property-runs.js';
import { MILLION, tinyDataset, tinyProject, tinySource } from './tiny-models.js';

const TINY_MODEL = 'tests/fixtures/tiny';

/** The decisions of a plan as a baseline. */
function baselineOf(plan: PortfolioPlan, source = 'baseline/plan.json'): BaselineDecisions {
  return { source, modelName: plan.modelName, startYearByProjectId: Object.fromEntries(plan.projects.map((project) => [project.id, project.funded ? project.startYear : null])) };
}

/** Start year (or null) per project id of a plan. */
function decisions(plan: PortfolioPlan): Record<string, number | null> {
  return Object.fromEntries(plan.projects.map((project) => [project.id, project.funded ? project.startYear : null]));
}

async function plan(dataset: Dataset, options: Parameters<typeof planModel>[1] = {}): Promise<PortfolioPlan> {
  const { plan: planned } = await planModel(dataset, { marginalValues: false, ...options, formulation: 'portfolio' });
  if (planned.kind !== 'portfolio') throw new Error('expected a portfolio plan');
  return planned;
}

/** A project that costs a lot and serves nobody: no optimal plan funds it. */
function unattractive(template: Project, id: string): Project {
  return { ...template, id, description: 'added low-benefit pipeline', prerequisiteIds: [], exclusiveGroup: null, householdsServed: 0, capacityAddedMlPerDay: 0.001, status: 'candidate', benefitOverride: null };
}

describe('adding a project the plan does not fund, with --baseline', () => {
  it('changes no other decision on the tiny model, by the acceptance shortcut', async () => {
    const dataset = await loadModel(TINY_MODEL);
    const first = await plan(dataset);
    const template = dataset.projects.find((project) => project.id === 'WC012-W-01')!;
    const added: Dataset = { ...dataset, projects: [...dataset.projects, unattractive(template, 'WC012-W-99')] };
    const again = await plan(added, { baseline: baselineOf(first) });
    expect(again.projects.find((project) => project.id === 'WC012-W-99')?.funded).toBe(false);
    const { ['WC012-W-99']: _, ...others } = decisions(again);
    expect(others).toEqual(decisions(first));
    expect(checkPlan(again, added).violations).toEqual([]);
    expect(again.baselineChanges).toMatchObject({ method: 'kept_baseline', fundingChanges: 0, startYearChanges: 0, changes: [] });
  });

  it('property: on random small models with prerequisites and exclusive groups, nothing else changes (checked independently)', async () => {
    const counter = new RunCounter();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ capexMillions: fc.integer({ min: 1, max: 20 }), benefit: fc.integer({ min: 0, max: 60 }), latestStartYear: fc.constantFrom(2026, 2027), needsPrevious: fc.boolean(), paired: fc.boolean() }), { minLength: 3, maxLength: 7 }),
        fc.tuple(fc.integer({ min: 5, max: 40 }), fc.integer({ min: 5, max: 40 })),
        fc.integer({ min: 1, max: 30 }),
        async (projects, envelopesMillions, addedMillions) => {
          const dataset = tinyDataset({
            horizonYears: 2,
            policy: { discountRatePercent: 5 },
            sources: [tinySource('GRANT', envelopesMillions.map((amount) => amount * MILLION), true)],
            projects: projects.map((project, index) => tinyProject({
              id: `P${index}`,
              cashFlowRandByBuildYear: [project.capexMillions * MILLION],
              benefitOverride: project.benefit,
              latestStartYear: project.latestStartYear,
              prerequisiteIds: project.needsPrevious && index > 0 ? [`P${index - 1}`] : [],
              exclusiveGroup: project.paired ? 'pair' : null,
            })),
          });
          const first = await plan(dataset);
          if (first.objectiveBenefitPoints === null) {
            counter.count(false);
            return;
          }
          // The added project serves nobody: no plan within the gap needs it, whatever money is spare.
          const added: Dataset = { ...dataset, projects: [...dataset.projects, tinyProject({ id: 'NEW', cashFlowRandByBuildYear: [addedMillions * MILLION], benefitOverride: 0, latestStartYear: 2027 })] };
          const again = await plan(added, { baseline: baselineOf(first) });
          expect(checkPlan(again, added).violations).toEqual([]);
          expect(decisions(again)).toEqual({ ...decisions(first), NEW: null });
          expect(again.baselineChanges?.changes).toEqual([]);
          counter.count(first.projects.some((project) => project.funded));
        },
      ),
      { numRuns: 12, seed: 20261203 },
    );
    counter.expectMostChecked(12, 0.5);
  });

  it('keeps the baseline\'s choice between equally good projects, which a cold solve need not make', async () => {
    // X and Y are identical and only one fits: both plans are optimal.
    const twins = tinyDataset({
      horizonYears: 1,
      sources: [tinySource('GRANT', [10 * MILLION], false)],
      projects: [tinyProject({ id: 'X', cashFlowRandByBuildYear: [10 * MILLION], benefitOverride: 50 }), tinyProject({ id: 'Y', cashFlowRandByBuildYear: [10 * MILLION], benefitOverride: 50 })],
    });
    const cold = await plan(twins);
    const chosen = cold.projects.find((project) => project.funded)!.id;
    const other = chosen === 'X' ? 'Y' : 'X';
    const baseline: BaselineDecisions = { source: 'b.json', modelName: 'tiny', startYearByProjectId: { [chosen]: null, [other]: 2026 } };
    const added: Dataset = { ...twins, projects: [...twins.projects, tinyProject({ id: 'Z', cashFlowRandByBuildYear: [9 * MILLION], benefitOverride: 1 })] };
    const stayed = await plan(added, { baseline });
    expect(decisions(stayed)).toEqual({ [other]: 2026, [chosen]: null, Z: null });
    expect(stayed.baselineChanges?.method).toBe('kept_baseline');
  });
});

describe('property: the closest plan within the gap has the fewest changed decisions (brute force)', () => {
  it('on random one-year models with random baselines', async () => {
    const relativeGap = 0.05;
    const counter = new RunCounter();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ capexMillions: fc.integer({ min: 1, max: 30 }), benefit: fc.integer({ min: 1, max: 60 }), inBaseline: fc.boolean() }), { minLength: 3, maxLength: 6 }),
        fc.integer({ min: 10, max: 60 }),
        async (projects, envelopeMillions) => {
          const dataset = tinyDataset({
            horizonYears: 1,
            sources: [tinySource('GRANT', [envelopeMillions * MILLION], false)],
            projects: projects.map((project, index) => tinyProject({ id: `P${index}`, cashFlowRandByBuildYear: [project.capexMillions * MILLION], benefitOverride: project.benefit })),
          });
          const baseline: BaselineDecisions = { source: 'b.json', modelName: 'tiny', startYearByProjectId: Object.fromEntries(projects.map((project, index) => [`P${index}`, project.inBaseline ? 2026 : null])) };
          const planned = await plan(dataset, { baseline, relativeGap });
          const changes = planned.baselineChanges!;
          expect(checkPlan(planned, dataset).violations).toEqual([]);
          const first = changes.firstSolveBenefitPoints;
          const bound = planned.bestBoundBenefitPoints ?? first;
          // Within the gap in its own terms: (bound − benefit) / benefit ≤ gap (benefits here are well above 1 point).
          const floor = Math.min(first, bound / (1 + relativeGap)) - 1e-7 * Math.max(1, Math.abs(first));
          expect(changes.benefitPoints).toBeGreaterThanOrEqual(floor);
          let fewest = Infinity;
          for (let mask = 0; mask < 1 << projects.length; mask += 1) {
            const chosen = projects.filter((_, index) => (mask >> index) & 1);
            if (chosen.reduce((sum, project) => sum + project.capexMillions, 0) > envelopeMillions) continue;
            if (chosen.reduce((sum, project) => sum + project.benefit, 0) < floor) continue;
            fewest = Math.min(fewest, projects.filter((project, index) => project.inBaseline !== Boolean((mask >> index) & 1)).length);
          }
          expect(changes.fundingChanges).toBe(fewest);
          // Non-trivial: the baseline itself did not stand, so the second solve had work to do.
          counter.count(changes.method !== 'kept_baseline');
        },
      ),
      { numRuns: 25, seed: 20261201 },
    );
    // A random baseline often stands (the shortcut); at least 40% of the runs must need the second solve.
    counter.expectMostChecked(25, 0.4);
  });
});

describe('--lock-years', () => {
  // Two years, R10 million each, earlier starts worth more (10% discount). The baseline starts A in
  // 2026/27 and B in 2027/28; the new register adds C, worth most but only startable in 2026/27.
  const base = {
    horizonYears: 2,
    sources: [tinySource('GRANT', [10 * MILLION, 10 * MILLION], false)],
    policy: { discountRatePercent: 10 },
  };
  const a = tinyProject({ id: 'A', cashFlowRandByBuildYear: [10 * MILLION], benefitOverride: 50, latestStartYear: 2027 });
  const b = tinyProject({ id: 'B', cashFlowRandByBuildYear: [10 * MILLION], benefitOverride: 40, latestStartYear: 2027 });
  const c = tinyProject({ id: 'C', cashFlowRandByBuildYear: [10 * MILLION], benefitOverride: 100, latestStartYear: 2026 });
  const baseline: BaselineDecisions = { source: 'b.json', modelName: 'tiny', startYearByProjectId: { A: 2026, B: 2027 } };
  const withC = tinyDataset({ ...base, projects: [a, b, c] });

  it('keeps the decisions of the first year, which a cold solve changes', async () => {
    const cold = await plan(withC);
    expect(decisions(cold)).toEqual({ A: 2027, B: null, C: 2026 });
    const locked: Dataset = { ...withC, baselineLock: baselineLockOf(baseline, withC, 1) };
    const kept = await plan(locked, { baseline });
    expect(decisions(kept)).toEqual({ A: 2026, B: 2027, C: null });
    expect(checkPlan(kept, locked).violations).toEqual([]);
    expect(kept.baselineChanges).toMatchObject({ lockYears: 1, fundingChanges: 0, startYearChanges: 0 });
    // C's only start year is locked: the lock, not the budget, keeps it out.
    expect(kept.projects.find((project) => project.id === 'C')).toMatchObject({ deferralReason: 'policy', deferralDetail: expect.stringMatching(/2026\/27.*locked to the baseline/) });
  });

  it('keeps every decision of the tiny model\'s first two years under a 20% budget cut', async () => {
    const dataset = await loadModel(TINY_MODEL);
    const first = await plan(dataset);
    const cut: Dataset = { ...dataset, fundingSources: dataset.fundingSources.map((source) => ({ ...source, envelopeRandByYear: Object.fromEntries(Object.entries(source.envelopeRandByYear).map(([year, amount]) => [year, amount * 0.8])) })) };
    const { run } = await applyBaseline(datasetRun(cut), {});
    const lock = baselineLockOf(baselineOf(first), run.dataset, 2);
    const locked = await plan({ ...cut, baselineLock: lock }, { baseline: baselineOf(first) });
    const firstYears = new Set([2026, 2027]);
    for (const project of first.projects) {
      const kept = locked.projects.find((candidate) => candidate.id === project.id)!;
      if (project.funded && firstYears.has(project.startYear!)) expect(kept.startYear, project.id).toBe(project.startYear);
      else if (kept.funded) expect(firstYears.has(kept.startYear!), project.id).toBe(false);
    }
    expect(Object.keys(lock.startYearByProjectId).length).toBeGreaterThan(0);
  });

  it('names the lock when it cannot hold', async () => {
    const poorer = tinyDataset({ ...base, sources: [tinySource('GRANT', [5 * MILLION, 10 * MILLION], false)], projects: [a, b, c] });
    const locked = await plan({ ...poorer, baselineLock: baselineLockOf(baseline, poorer, 1) }, { baseline });
    expect(locked.status).toBe('infeasible');
    expect(locked.infeasibility?.rules.map((rule) => rule.description)).toContainEqual(expect.stringMatching(/^A keeps the baseline's start 2026\/27/));
  });
});

describe('a master plan\'s shortfalls under --baseline, --lock-years and an envelope cut', () => {
  // WC011's works are short 4 Ml/day from 2027/28 and 10 in 2029/30. The baseline starts W1 (+4) in
  // 2026/27 and W2 (+2) in 2027/28; RBIG's 2027/28 envelope is cut to R10 million, so W2 no longer
  // fits there. The first solve funds W3 (+3) in 2028/29 instead; the closest plan within the gap
  // only moves W2 to 2028/29. That plan comes from the closest-plan solve, whose objective is the
  // distance: its closed-shortfall values were left at whatever met the benefit floor, and the
  // plan's stated benefit was below what its projects close (the checker refused it, exit 2).
  const balance: CapacityBalance = { municipalityCode: 'WC011', service: 'water', assetType: 'water_treatment_works', projectTypes: ['water_treatment_upgrade'], shortfallMlPerDayByYear: { 2026: 0, 2027: 4, 2028: 4, 2029: 10 }, illustrative: true };
  const works = (id: string, capacityAddedMlPerDay: number, earliestStartYear: number): Project => ({
    id, municipalityCode: 'WC011', service: 'water', type: 'water_treatment_upgrade', description: `works +${capacityAddedMlPerDay} Ml/day`,
    capexRand: 20 * MILLION, cashFlowRandByBuildYear: [20 * MILLION], householdsServed: 0, capacityAddedMlPerDay, earliestStartYear, latestStartYear: 2028,
    prerequisiteIds: [], exclusiveGroup: null, fundingSourceIds: ['RBIG'], status: 'candidate', benefitOverride: null, ...NO_FACILITY_FIELDS, illustrative: true,
  });
  const baseline: BaselineDecisions = { source: 'b.json', modelName: 'tiny', startYearByProjectId: { W1: 2026, W2: 2027, W3: null } };

  it('states the benefit its projects close, which the independent checker recomputes', async () => {
    const tiny = await loadModel(TINY_MODEL);
    const model: Dataset = { ...tiny, config: { ...tiny.config, policy: { ...tiny.config.policy, minServiceShare: {} } }, projects: [works('W1', 4, 2026), works('W2', 2, 2026), works('W3', 3, 2027)], capacityBalances: [balance] };
    const cut: Dataset = { ...model, fundingSources: model.fundingSources.map((source) => (source.id === 'RBIG' ? { ...source, envelopeRandByYear: { ...source.envelopeRandByYear, 2027: 10 * MILLION } } : source)) };
    const locked: Dataset = { ...cut, baselineLock: baselineLockOf(baseline, cut, 1) };
    const planned = await plan(locked, { baseline, relativeGap: 0.5 });
    expect(planned.baselineChanges?.method).toBe('closest_plan');
    expect(decisions(planned)).toEqual({ W1: 2026, W2: 2028, W3: null });
    expect(checkPlan(planned, locked).violations).toEqual([]);
    // W1 closes 4 Ml/day from 2027/28, W2 2 more in 2029/30: the benefit of all of it, from the rule's definition.
    const outcome = shortfallOutcomes(locked, new Map(computeIndices(locked).map((index) => [index.municipalityCode, index])), [{ project: locked.projects[0], startYear: 2026 }, { project: locked.projects[1], startYear: 2028 }], [2026, 2027, 2028, 2029]);
    expect(outcome.balances[0].closedMlPerDay).toEqual([0, 4, 4, 6]);
    const closedPoints = [...outcome.benefitByProject.values()].reduce((sum, split) => sum + split.total, 0);
    expect(planned.objectiveBenefitPoints).toBeCloseTo(closedPoints, 6);
    expect(planned.baselineChanges?.benefitPoints).toBeCloseTo(closedPoints, 6);
  });
});

describe('warm starts', () => {
  it('property: a solve started from another plan reaches the cold optimum within the gap', async () => {
    const counter = new RunCounter();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ capexMillions: fc.integer({ min: 1, max: 20 }), benefit: fc.integer({ min: 1, max: 60 }), startYear: fc.constantFrom(2026, 2027, null) }), { minLength: 3, maxLength: 7 }),
        fc.tuple(fc.integer({ min: 5, max: 40 }), fc.integer({ min: 5, max: 40 })),
        async (projects, envelopesMillions) => {
          const dataset = tinyDataset({
            horizonYears: 2,
            policy: { discountRatePercent: 5 },
            sources: [tinySource('GRANT', envelopesMillions.map((amount) => amount * MILLION), true)],
            projects: projects.map((project, index) => tinyProject({ id: `P${index}`, cashFlowRandByBuildYear: [project.capexMillions * MILLION], benefitOverride: project.benefit, latestStartYear: 2027 })),
          });
          const cold = await plan(dataset);
          const warm = await plan(dataset, { warmStartFrom: Object.fromEntries(projects.map((project, index) => [`P${index}`, project.startYear])) });
          expect(warm.status).toBe(cold.status);
          if (cold.objectiveBenefitPoints === null || warm.objectiveBenefitPoints === null) return;
          counter.count(true);
          const gap = 1e-4 * Math.max(1, cold.bestBoundBenefitPoints ?? cold.objectiveBenefitPoints);
          expect(Math.abs(warm.objectiveBenefitPoints - cold.objectiveBenefitPoints)).toBeLessThanOrEqual(gap + 1e-6);
        },
      ),
      { numRuns: 15, seed: 20261202 },
    );
    counter.expectMostChecked(15);
  });
});

describe('reading a baseline', () => {
  it('reads a run folder\'s plan.json and the solve --json document alike', async () => {
    const dataset = await loadModel(TINY_MODEL);
    const first = await plan(dataset);
    const folder = await mkdtemp(path.join(os.tmpdir(), 'infraplan-baseline-'));
    await writeFile(path.join(folder, 'plan.json'), toJsonText(planFileDocument(first, null)));
    const fromFolder = await readBaseline(folder);
    expect(fromFolder.startYearByProjectId).toEqual(decisions(first));
    const bare = path.join(folder, 'solve.json');
    await writeFile(bare, toJsonText(planFileDocument(first, null).plan));
    expect((await readBaseline(bare)).startYearByProjectId).toEqual(decisions(first));
  });

  it('refuses a missing, non-JSON, allocation or foreign baseline with the file and key', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'infraplan-baseline-'));
    const write = async (name: string, text: string): Promise<string> => {
      const file = path.join(folder, name);
      await writeFile(file, text);
      return file;
    };
    const problemsOf = async (promise: Promise<unknown>) => {
      const error = await promise.then(() => null, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidInputError);
      return (error as InvalidInputError).problems;
    };
    expect((await problemsOf(readBaseline(path.join(folder, 'none'))))[0].message).toMatch(/not found/);
    expect((await problemsOf(readBaseline(await write('text.json', 'project_id,status\n'))))[0].message).toMatch(/is not JSON/);
    const allocation = await write('allocation.json', JSON.stringify({ plan: { kind: 'allocation', modelName: 'tiny', status: 'optimal', projects: [] } }));
    expect((await problemsOf(readBaseline(allocation)))[0]).toMatchObject({ file: allocation, column: 'plan.kind' });
    const broken = await write('broken.json', JSON.stringify({ plan: { kind: 'portfolio', modelName: 'tiny', status: 'optimal', projects: [{ id: 'A', funded: 'yes', startYear: 2026 }] } }));
    expect((await problemsOf(readBaseline(broken)))[0]).toMatchObject({ file: broken, column: 'plan.projects[0].funded' });
    const foreign = await write('foreign.json', JSON.stringify({ plan: { kind: 'portfolio', modelName: 'elsewhere', status: 'optimal', projects: [{ id: 'Q1', funded: true, startYear: 2026 }] } }));
    const dataset = await loadModel(TINY_MODEL);
    const problems = await problemsOf(applyBaseline(datasetRun(dataset), { baselinePath: foreign }));
    expect(problems.map((problem) => problem.column)).toEqual(['modelName', 'projects']);
    expect((await problemsOf(applyBaseline(datasetRun(dataset), { lockYears: 2 })))[0].column).toBe('--lock-years');
  });
});

describe('changes that buy nothing are put back as in the baseline (the clean-up)', () => {
  // A and Q are worth something; Z and P nothing of their own, but Q (from 2027/28) needs P finished first.
  const dataset = tinyDataset({
    horizonYears: 2,
    sources: [tinySource('GRANT', [30 * MILLION, 30 * MILLION], false)],
    projects: [
      tinyProject({ id: 'A', cashFlowRandByBuildYear: [10 * MILLION], benefitOverride: 50, latestStartYear: 2026 }),
      tinyProject({ id: 'Z', cashFlowRandByBuildYear: [1 * MILLION], benefitOverride: 0, latestStartYear: 2026 }),
      tinyProject({ id: 'P', cashFlowRandByBuildYear: [1 * MILLION], benefitOverride: 0, latestStartYear: 2026 }),
      tinyProject({ id: 'Q', cashFlowRandByBuildYear: [5 * MILLION], benefitOverride: 40, earliestStartYear: 2027, latestStartYear: 2027, prerequisiteIds: ['P'] }),
    ],
  });
  const baseline = { A: 2026, Z: null, P: null, Q: null };

  it('drops a change no rule needs, keeps the prerequisite a funded project needs, and says why', async () => {
    const built = buildFormulation(dataset, computeIndices(dataset), 'portfolio');
    if (built.kind !== 'portfolio') throw new Error('expected the portfolio formulation');
    const everything = await completeBaseline(highsEngine, built.program, built.layout, { A: 2026, Z: 2026, P: 2026, Q: 2027 }, null);
    expect(everything?.exact).toBe(true);
    const cleaned = await revertIdleChanges(highsEngine, built.program, built.layout, dataset, baseline, everything!.values, { cpuSecondsLeft: () => 60, wallSecondsLeft: () => 60 });
    expect(cleaned.reverted).toEqual(['Z']);
    expect(decisionsOfValues(built.layout, cleaned.values)).toEqual({ A: 2026, Z: null, P: 2026, Q: 2027 });
    expect(cleaned.heldBack.get('P')).toMatch(/prerequisite of Q, which the plan funds/);
    // Q brings benefit of its own: not a candidate at all.
    expect(cleaned.heldBack.has('Q')).toBe(false);
    expect(cleaned.untried.size).toBe(0);
  });

  it('leaves no change of no benefit that a rule does not need in a plan made with --baseline', async () => {
    // The baseline funds A only (50 points); the best plan adds Q and so P (90). At a 30% gap the
    // baseline is too far below (floor 90 / 1.3 = 69.2): Q and P must come in; Z, which the first
    // solve may fund with the spare money, must not.
    const planned = await plan(dataset, { baseline: { source: 'b.json', modelName: 'tiny', startYearByProjectId: baseline }, relativeGap: 0.3 });
    expect(checkPlan(planned, dataset).violations).toEqual([]);
    expect(decisions(planned)).toEqual({ A: 2026, Z: null, P: 2026, Q: 2027 });
    const changes = planned.baselineChanges!.changes;
    expect(changes.map((change) => [change.projectId, change.benefitChangePoints])).toEqual([['P', 0], ['Q', 40]]);
    // Whichever solve found it, the plan is proven the closest: P is there for Q, Q for the benefit.
    const step = /^(closest-plan solve|first solve \(proven the closest plan within the gap\)): /;
    expect(changes[0].reason).toMatch(step);
    expect(changes[0].reason).toMatch(/a rule needs it: it is a prerequisite of Q, which the plan funds$/);
    expect(changes[1].reason).toMatch(step);
    expect(changes[1].reason).toMatch(/: needed to keep the benefit within the gap; the baseline's decisions still fit but their benefit is 44\.44% below the best bound/);
  });
});

describe('each change says the step that made it', () => {
  it('a project the baseline repair had to drop: "baseline repair"', async () => {
    // The envelope is cut from R20 to R10 million: A and B no longer both fit; B is worth less.
    const dataset = tinyDataset({
      horizonYears: 1,
      sources: [tinySource('GRANT', [10 * MILLION], false)],
      projects: [tinyProject({ id: 'A', cashFlowRandByBuildYear: [10 * MILLION], benefitOverride: 50 }), tinyProject({ id: 'B', cashFlowRandByBuildYear: [10 * MILLION], benefitOverride: 30 })],
    });
    const planned = await plan(dataset, { baseline: { source: 'b.json', modelName: 'tiny', startYearByProjectId: { A: 2026, B: 2026 } } });
    expect(checkPlan(planned, dataset).violations).toEqual([]);
    expect(decisions(planned)).toEqual({ A: 2026, B: null });
    expect(planned.baselineChanges?.changes).toEqual([
      expect.objectContaining({ projectId: 'B', kind: 'lost_funding', benefitChangePoints: -30, reason: expect.stringMatching(/^baseline repair: the baseline's decisions no longer fit this model, and dropping it kept the most benefit/) }),
    ]);
  });

  // A in 2026/27 no longer fits (that year's money is cut to R5 million); moving it to 2027/28 keeps it.
  const moved = (discountRatePercent: number): Dataset => tinyDataset({
    horizonYears: 2,
    policy: { discountRatePercent },
    sources: [tinySource('GRANT', [5 * MILLION, 10 * MILLION], false)],
    projects: [tinyProject({ id: 'A', cashFlowRandByBuildYear: [10 * MILLION], benefitOverride: 50, latestStartYear: 2027 })],
  });
  const baseline: BaselineDecisions = { source: 'b.json', modelName: 'tiny', startYearByProjectId: { A: 2026 } };

  it('a move that costs benefit (discounting): needed to keep the benefit within the gap', async () => {
    const planned = await plan(moved(10), { baseline });
    expect(decisions(planned)).toEqual({ A: 2027 });
    const [change] = planned.baselineChanges!.changes;
    expect(change).toMatchObject({ projectId: 'A', kind: 'moved', baselineStartYear: 2026, startYear: 2027 });
    expect(change.benefitChangePoints).toBeLessThan(0);
    expect(change.reason).toMatch(/: needed to keep the benefit within the gap; the baseline's decisions no longer fit this model: a rule or an envelope they break/);
  });

  it('a move worth nothing of its own: the rows that have no room for the baseline\'s start', async () => {
    const planned = await plan(moved(0), { baseline });
    expect(decisions(planned)).toEqual({ A: 2027 });
    const [change] = planned.baselineChanges!.changes;
    expect(change.benefitChangePoints).toBe(0);
    expect(change.reason).toMatch(/a rule needs it: with its baseline decision no spending split keeps every row/);
  });
});
