/**
 * The least-extra-money MILP tops up operating (running-cost) envelopes as well as capital ones
 * (2026-12-02). Before, only capital envelopes got an extra-money variable, so a project held back by
 * running-cost money alone had no answer (or one that moved other projects with capital money).
 *
 * Two models where operating money is the only thing that holds the project back:
 * - an in-memory one (three projects with running costs, capital to spare), whose least top-up is
 *   found by brute force over every plan with hand arithmetic (per-year shortfalls without
 *   carry-over; the largest cumulative shortfall with it), independent of the program;
 * - the Thusong fixture (roll-out, anchor and opening rules), whose least top-up is found by
 *   enumerating every plan and solving the least extra money for each one with its starts fixed.
 * Each answer must equal the brute force, verify by re-solving, and be one a scenario file can say.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyChanges, describeChange, extraMoneyRand, type SuggestedChange } from '../../src/analysis/explain-changes.js';
import { explainDeferrals, verifyChanges } from '../../src/analysis/explain-deferral.js';
import { EXPLANATIONS_SHEET, explanationsToJson, explanationsWorkbook } from '../../src/analysis/explain-output.js';
import { buildExtraMoneyProgram, extraMoneyStart, leastExtraMoney, operatingTopUpEnvelopes, type TopUpEnvelope } from '../../src/analysis/explain-extra-money.js';
import { decisionsOfPlan, withStartsFixed } from '../../src/analysis/plan-shortcut.js';
import { formatFinancialYear } from '../../src/dataset/financial-year.js';
import { horizonOf } from '../../src/dataset/horizon.js';
import { loadModel } from '../../src/dataset/load-model.js';
import { eligibleSourceIds } from '../../src/dataset/project-windows.js';
import type { Dataset, FundingSource } from '../../src/dataset/types.js';
import { toRand } from '../../src/program/money-unit.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import { planModel } from '../../src/plan/plan-model.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { buildRunProgram, datasetRun, planRun } from '../../src/pipeline/plan-run.js';
import { resolveRun } from '../../src/pipeline/resolve-run.js';
import { hasSolution } from '../../src/solve/engine.js';
import { getEngine } from '../../src/solve/engines.js';
import { solveProgram } from '../../src/solve/solve-program.js';
import { expectAtLeast, expectClose, RAND, SOLVER } from '../tolerance.js';
import { MILLION, tinyDataset, tinyProject, tinySource } from '../plan/tiny-models.js';

const THUSONG_MODEL = path.join(import.meta.dirname, '..', 'fixtures', 'thusong');

/** Precision of the answers' top-ups, rand (explain's default). */
const PRECISION_RAND = 100_000;

/** The capital envelopes explain offers the MILP: every (capital source, horizon year) the project may draw on. */
function capitalEnvelopes(dataset: Dataset, projectId: string): TopUpEnvelope[] {
  const project = dataset.projects.find((candidate) => candidate.id === projectId);
  if (!project) throw new Error(`no project ${projectId}`);
  return eligibleSourceIds(project, dataset).flatMap((sourceId) => horizonOf(dataset.config).years.map((financialYear) => ({ sourceId, financialYear })));
}

/** Both kinds, as explain-deferral.ts passes them. */
function allEnvelopes(dataset: Dataset, projectId: string): TopUpEnvelope[] {
  return [...capitalEnvelopes(dataset, projectId), ...operatingTopUpEnvelopes(dataset, [projectId])];
}

/** An operating source of the tiny model, envelopes by year from 2026/27. */
function operatingSource(id: string, envelopesRand: readonly number[], carryOver: boolean): FundingSource {
  return { ...tinySource(id, envelopesRand, carryOver), name: `${id} operations grant`, purpose: 'operating' };
}

/**
 * Three years; capital to spare (R100 million a year, each project R10 million in one year); one
 * operating source OPS of R0.5, 0.5 and 2 million. A and B (benefit 100 each, R1 million a year of
 * running costs from their start) are the plan, both starting 2028/29 (R2 million then); P
 * (benefit 60, R1.5 million a year) does not fit beside them. The least for P: started 2028/29 too,
 * R1.5 million more in 2028/29 without carry-over; with it, the R1 million of the first two years
 * is carried to 2028/29, so R0.5 million more (in any year) is enough.
 */
function operatingDataset(carryOver: boolean): Dataset {
  const project = (id: string, benefit: number, operatingCostRandPerYear: number) =>
    tinyProject({ id, cashFlowRandByBuildYear: [10 * MILLION], benefitOverride: benefit, operatingCostRandPerYear, latestStartYear: 2028, fundingSourceIds: ['GRANT', 'OPS'] });
  return tinyDataset({
    horizonYears: 3,
    sources: [tinySource('GRANT', [100 * MILLION, 100 * MILLION, 100 * MILLION], false), operatingSource('OPS', [0.5 * MILLION, 0.5 * MILLION, 2 * MILLION], carryOver)],
    projects: [project('A', 100, 1 * MILLION), project('B', 100, 1 * MILLION), project('P', 60, 1.5 * MILLION)],
  });
}

/**
 * The least extra money (rand) that funds `projectId` with every other project's benefit at least
 * `benefitFloor`, by brute force over every plan (each project unfunded or started in a year of its
 * window), by hand arithmetic: each project is built in one year and pays its running cost from
 * that year on; a source without carry-over needs its shortfall of each year topped up, one with
 * carry-over its largest cumulative shortfall (topped up in the first year, it is carried on).
 * Only the one-year cash flows and benefit overrides of operatingDataset are read.
 */
function bruteForceLeastExtraRand(dataset: Dataset, projectId: string, benefitFloor: number): number {
  const years = horizonOf(dataset.config).years;
  let best = Infinity;
  const choose = (index: number, starts: readonly (number | null)[]): void => {
    if (index < dataset.projects.length) {
      const project = dataset.projects[index];
      for (const start of [null, ...years.filter((year) => year >= project.earliestStartYear && year <= project.latestStartYear)]) choose(index + 1, [...starts, start]);
      return;
    }
    const funded = dataset.projects.filter((_, position) => starts[position] !== null);
    if (!funded.some((project) => project.id === projectId)) return;
    const othersBenefit = funded.filter((project) => project.id !== projectId).reduce((sum, project) => sum + (project.benefitOverride ?? 0), 0);
    if (othersBenefit < benefitFloor - 1e-9) return;
    let extraRand = 0;
    for (const source of dataset.fundingSources) {
      const spendByYear = years.map((year) =>
        dataset.projects.reduce((sum, project, position) => {
          const start = starts[position];
          if (start === null || !project.fundingSourceIds.includes(source.id)) return sum;
          if (source.purpose === 'operating') return sum + (year >= start ? project.operatingCostRandPerYear : 0);
          return sum + (year === start ? project.cashFlowRandByBuildYear[0] : 0);
        }, 0),
      );
      const shortfalls = years.map((year, position) => spendByYear[position] - (source.envelopeRandByYear[year] ?? 0));
      if (source.carryOver) {
        let cumulative = 0;
        let largest = 0;
        for (const shortfall of shortfalls) {
          cumulative += shortfall;
          largest = Math.max(largest, cumulative);
        }
        extraRand += largest;
      } else {
        extraRand += shortfalls.reduce((sum, shortfall) => sum + Math.max(0, shortfall), 0);
      }
    }
    best = Math.min(best, extraRand);
  };
  choose(0, []);
  return best;
}

describe.each([
  { carryOver: false, leastRand: 1.5 * MILLION },
  { carryOver: true, leastRand: 0.5 * MILLION },
])('a project held back by operating money alone (OPS carry-over $carryOver)', ({ carryOver, leastRand }) => {
  const dataset = operatingDataset(carryOver);
  let plan: PortfolioPlan;
  beforeAll(async () => {
    plan = (await planModel(dataset, { marginalValues: false })).plan as PortfolioPlan;
  });

  it('has A and B in the plan and P deferred, and the brute force finds the least top-up by hand', () => {
    expectClose(plan.objectiveBenefitPoints, 200, SOLVER);
    expect(plan.projects.find((project) => project.id === 'P')?.funded).toBe(false);
    // The brute force agrees with the hand figure of operatingDataset's comment.
    expectClose(bruteForceLeastExtraRand(dataset, 'P', 200), leastRand, RAND);
  });

  it('the MILP tops up the operating envelope by exactly the brute-force least, marked operating money', async () => {
    const answer = await leastExtraMoney(dataset, 'P', plan.objectiveBenefitPoints as number, allEnvelopes(dataset, 'P'), PRECISION_RAND, {}, decisionsOfPlan(plan));
    if (answer.kind !== 'answer') throw new Error(`expected an answer, got ${answer.kind}`);
    expect(answer.status).toBe('optimal');
    expect(answer.decisions.P).not.toBeNull();
    expect(answer.changes.length).toBeGreaterThan(0);
    for (const change of answer.changes) expect(change).toMatchObject({ kind: 'top_up', sourceId: 'OPS', purpose: 'operating' });
    // The brute force's figure is a multiple of the precision, so rounding up leaves it as it is.
    expectClose(extraMoneyRand(answer.changes), bruteForceLeastExtraRand(dataset, 'P', 200), RAND);
    expect(describeChange(answer.changes[0], dataset)).toMatch(/^R\d+\.\d million of operating money of OPS in 20\d\d\/\d\d ring-fenced for P$/);
  });

  it('with capital envelopes only (as before 2026-12-02) there is no answer and no start: capital money cannot pay running costs', async () => {
    // Proven none (the MILP is infeasible), said apart from a failed solve.
    expect(await leastExtraMoney(dataset, 'P', plan.objectiveBenefitPoints as number, capitalEnvelopes(dataset, 'P'), PRECISION_RAND, {}, decisionsOfPlan(plan))).toMatchObject({ kind: 'no_top_up' });
    const capitalOnly = buildExtraMoneyProgram(dataset, 'P', plan.objectiveBenefitPoints as number, capitalEnvelopes(dataset, 'P'));
    if (capitalOnly === null) throw new Error('no program');
    expect(await extraMoneyStart(getEngine('highs'), capitalOnly, 'P', decisionsOfPlan(plan), 10)).toBeNull();
  });

  it('the start LPs (plan + P at each start year) may top up operating money, so a start exists, worth no less than the least', async () => {
    const built = buildExtraMoneyProgram(dataset, 'P', plan.objectiveBenefitPoints as number, allEnvelopes(dataset, 'P'));
    if (built === null) throw new Error('no program');
    const start = await extraMoneyStart(getEngine('highs'), built, 'P', decisionsOfPlan(plan), 10);
    expect(start).not.toBeNull();
    const operatingExtra = built.extraVariables.filter((extra) => extra.purpose === 'operating').reduce((sum, extra) => sum + (start?.[extra.variable] ?? 0), 0);
    expectAtLeast(toRand(operatingExtra), leastRand, RAND);
  });

  it('explain answers it with that operating money, verified, and a re-solve with the change funds it', async () => {
    const [explanation] = await explainDeferrals(dataset, plan, { projectIds: ['P'], workers: 1 });
    expect(explanation.changes.every((change) => change.kind === 'top_up' && change.sourceId === 'OPS' && change.purpose === 'operating')).toBe(true);
    expectClose(explanation.extraMoneyRand, leastRand, RAND);
    expect(explanation.summary).toContain('of operating money of OPS in 2028/29 ring-fenced for P');
    // Ring-fenced (task r1): a plan without P is a plan of the model explained, so the plan's bound settles the check without a solve.
    expect(explanation.verification?.method).toBe('ring_fenced_bound');
    expect(explanation.verification?.verified).toBe(true);
    const resolved = await verifyChanges(dataset, 'P', explanation.changes, plan.objectiveBenefitPoints);
    expect(resolved.verified).toBe(true);
    expect(resolved.projectFunded).toBe(true);
    expect(resolved.violations).toEqual([]);
  });
});

/** Every plan of the program (each project unfunded or at one of its start variables), `projectId` funded. */
function* everyPlan(layout: { readonly startVariables: ReadonlyMap<string, readonly { readonly financialYear: number }[]> }, projectId: string): Generator<Record<string, number | null>> {
  const ids = [...layout.startVariables.keys()];
  const choose = function* (index: number, decisions: Record<string, number | null>): Generator<Record<string, number | null>> {
    if (index === ids.length) {
      yield decisions;
      return;
    }
    const id = ids[index];
    const years = (layout.startVariables.get(id) ?? []).map((entry) => entry.financialYear);
    for (const year of id === projectId ? years : [null, ...years]) yield* choose(index + 1, { ...decisions, [id]: year });
  };
  yield* choose(0, {});
}

describe('the Thusong fixture: WC013-T-01 is held back by the OPS operating envelope', () => {
  const projectId = 'WC013-T-01';
  let dataset: Dataset;
  let plan: PortfolioPlan;
  let folder: string;
  beforeAll(async () => {
    dataset = await loadModel(THUSONG_MODEL);
    plan = (await planModel(dataset, { marginalValues: false })).plan as PortfolioPlan;
    folder = await mkdtemp(path.join(os.tmpdir(), 'infraplan-operating-top-up-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('the MILP answer equals the least over every plan (each solved with its starts fixed), in operating money, verified, and a scenario file says the same', async () => {
    const planned = plan.projects.find((project) => project.id === projectId);
    expect(planned?.funded).toBe(false);
    expect(planned?.deferralReason).toBe('operating_budget');
    expect(planned?.deferralDetail).toContain('operating envelope OPS');
    const floor = plan.objectiveBenefitPoints as number;
    const envelopes = allEnvelopes(dataset, projectId);
    const built = buildExtraMoneyProgram(dataset, projectId, floor, envelopes);
    if (built === null) throw new Error('no program');
    // Brute force: the least extra money of every plan that funds the project, one LP each (its starts fixed).
    const engine = getEngine('highs');
    let leastMillion = Infinity;
    let plans = 0;
    for (const decisions of everyPlan(built.layout, projectId)) {
      const solved = await solveProgram(engine, withStartsFixed(built.program, built.layout, decisions), {});
      plans += 1;
      if (hasSolution(solved)) leastMillion = Math.min(leastMillion, solved.objective);
    }
    expect(plans).toBeGreaterThan(100);
    expect(Number.isFinite(leastMillion)).toBe(true);
    const leastRand = Math.ceil(toRand(leastMillion) / PRECISION_RAND - 1e-6) * PRECISION_RAND;

    const answer = await leastExtraMoney(dataset, projectId, floor, envelopes, PRECISION_RAND, {}, decisionsOfPlan(plan));
    if (answer.kind !== 'answer') throw new Error(`expected an answer, got ${answer.kind}`);
    expect(answer.status).toBe('optimal');
    expectClose(extraMoneyRand(answer.changes), leastRand, RAND);
    expect(answer.changes.every((change) => change.kind === 'top_up' && change.sourceId === 'OPS' && change.purpose === 'operating')).toBe(true);
    // With capital envelopes only there was none.
    expect(await leastExtraMoney(dataset, projectId, floor, capitalEnvelopes(dataset, projectId), PRECISION_RAND, {}, decisionsOfPlan(plan))).toMatchObject({ kind: 'no_top_up' });

    const [explanation] = await explainDeferrals(dataset, plan, { projectIds: [projectId], workers: 1 });
    expect(explanation.verification?.verified).toBe(true);
    expectClose(explanation.extraMoneyRand, leastRand, RAND);
    const topUps = explanation.changes.filter((change): change is Extract<SuggestedChange, { kind: 'top_up' }> => change.kind === 'top_up');
    expect(topUps.length).toBe(explanation.changes.length);
    expect(explanation.summary).toMatch(/of operating money of OPS in 20\d\d\/\d\d ring-fenced for WC013-T-01/);
    expect(explanation.verification?.method).toBe('ring_fenced_bound');
    // explain.json writes an operating top-up as a capital one, plus its purpose; the workbook's note says its Extra money counts both kinds.
    const report = { modelName: 'thusong', scenarioName: 'baseline', objective: floor, deferredCount: 2, explanations: [explanation] };
    const written = JSON.parse(explanationsToJson(report));
    expect(Object.keys(written.explanations[0].changes[0]).sort()).toEqual(['amountRand', 'financialYear', 'financialYearLabel', 'kind', 'purpose', 'ringFencedFor', 'sourceId']);
    expect(written.explanations[0].changes[0].purpose).toBe('operating');
    const sheet = explanationsWorkbook(report).getWorksheet(EXPLANATIONS_SHEET);
    const texts: string[] = [];
    sheet?.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value))));
    expect(texts.some((text) => text.includes('counts capital and operating (running-cost) envelopes together'))).toBe(true);

    // The suggestion as a user writes it: a scenario file ring-fencing each amount for the project
    // (`ring_fenced`, the same entry as for capital money); the program it resolves to is the one
    // explain checked, and its plan funds the project and passes the checker.
    const changed = applyChanges(dataset, explanation.changes);
    const entries = topUps.map((change) => `  - project: ${change.ringFencedFor}\n    source: ${change.sourceId}\n    years: '${formatFinancialYear(change.financialYear)}'\n    amount_rand: ${change.amountRand}\n`);
    const scenarioPath = path.join(folder, 'operating-top-up.yaml');
    await writeFile(scenarioPath, `name: operating-top-up\ndescription: the operating money explain suggests for ${projectId}\nring_fenced:\n${entries.join('')}`);
    const run = await resolveRun({ model: THUSONG_MODEL, scenarioPath });
    const byHand = buildRunProgram(run).program;
    const explained = buildRunProgram(datasetRun(changed)).program;
    expect(byHand.constraints).toEqual(explained.constraints);
    expect(byHand.variables).toEqual(explained.variables);
    expect(byHand.objective).toEqual(explained.objective);
    const scenarioOutcome = await planRun(run, { formulation: 'portfolio', marginalValues: false });
    const scenarioPlan = scenarioOutcome.plan;
    expect(scenarioPlan.projects.find((project) => project.id === projectId)?.funded).toBe(true);
    // Checked against the register it was planned from: the ring-fenced money is a source there, only the project names it.
    const plannedRegister = scenarioOutcome.dataset ?? run.dataset;
    expect(plannedRegister.fundingSources.find((source) => source.id === `OPS for ${projectId}`)?.ringFencedFor).toEqual({ projectId, parentSourceId: 'OPS' });
    expect(plannedRegister.projects.filter((project) => project.fundingSourceIds.includes(`OPS for ${projectId}`)).map((project) => project.id)).toEqual([projectId]);
    expect(checkPlan(scenarioPlan, plannedRegister).violations).toEqual([]);
  });
});
