/**
 * When a project counts and what a committed one earns (docs/formulations.md, "When a project
 * counts"), on tiny registers whose every number is computed by hand here: a project is
 * commissioned at the end of its completion year, its own benefit is discounted to that year, its
 * capacity closes master plan shortfall from the next year, a centre opens (roll-out target) and
 * is charged running costs in its completion year, and a committed project of a
 * balance's type earns nothing for its capacity (the balance already holds it) while its
 * households still count, in the plan, its JSON, the independent checker and the workbook alike.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset, Project } from '../../src/dataset/types.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { municipalWeight } from '../../src/indicators/benefit.js';
import { datasetRun, planRun } from '../../src/pipeline/plan-run.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { planDocument } from '../../src/report/json-output.js';
import { writeRunFolder } from '../../src/report/write-run.js';
import { SHEET_NAMES } from '../../src/report/sheets/report-context.js';
import { readRunWorkbook, rowStartingWith, sheetNamed, temporaryFolder } from '../report/helpers.js';
import { expectClose } from '../tolerance.js';
import { WC011_WORKS_BALANCE, wc011WaterProject } from './wc011-works-balance.js';

/** A WC011 water project paid by RBIG: `buildYears` equal yearly payments of `capexRand`, starts allowed 2026/27 only unless overridden. */
function waterProject(id: string, fields: { households: number; capacity: number; capexRand: number; buildYears: number }, overrides: Partial<Project> = {}): Project {
  const cashFlowRandByBuildYear = Array.from({ length: fields.buildYears }, () => fields.capexRand / fields.buildYears);
  const description = `${id}: ${fields.households} households, +${fields.capacity} Ml/day`;
  return wc011WaterProject(id, { households: fields.households, capacityAddedMlPerDay: fields.capacity, cashFlowRandByBuildYear, description }, { latestStartYear: 2026, ...overrides });
}

/** The tiny model (horizon 2026/27–2029/30, 5% discount) with only `projects`, no service share to meet, and `balances` when given. */
async function tinyWith(projects: readonly Project[], withBalance: boolean): Promise<Dataset> {
  const tiny = await loadModel('tests/fixtures/tiny');
  return {
    ...tiny,
    config: { ...tiny.config, policy: { ...tiny.config.policy, minServiceShare: {} } },
    projects,
    ...(withBalance ? { capacityBalances: [WC011_WORKS_BALANCE] } : {}),
  };
}

/** WC011's benefit weight, from the indices the pipeline computes. */
function weightOf(dataset: Dataset): number {
  return municipalWeight(computeIndices(dataset).find((index) => index.municipalityCode === 'WC011')!, dataset.config.policy);
}

async function solved(dataset: Dataset): Promise<PortfolioPlan> {
  const { plan } = await planRun(datasetRun(dataset), { marginalValues: false });
  if (plan.kind !== 'portfolio') throw new Error('expected a portfolio plan');
  expect(plan.status).toBe('optimal');
  return plan;
}

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('a project\'s own benefit is discounted to its completion year', () => {
  it('prefers 100 households served in 2026/27 to 105 served in 2028/29 from the same start', async () => {
    // Both start in 2026/27 and only one may be built. QUICK completes in 2026/27: 100 × w.
    // SLOW builds three years and completes in 2028/29: 105 × w / 1.05² = 95.24 × w. Discounting by
    // start year would have counted SLOW at 105 × w and funded it.
    const quick = waterProject('QUICK', { households: 100, capacity: 0, capexRand: 9_000_000, buildYears: 1 }, { exclusiveGroup: 'G' });
    const slow = waterProject('SLOW', { households: 105, capacity: 0, capexRand: 9_000_000, buildYears: 3 }, { exclusiveGroup: 'G' });
    const dataset = await tinyWith([quick, slow], false);
    const weight = weightOf(dataset);
    const plan = await solved(dataset);
    expect(plan.projects.filter((line) => line.funded).map((line) => line.id)).toEqual(['QUICK']);
    expectClose(plan.objectiveBenefitPoints, 100 * weight);
    // SLOW alone: its line, the objective and the plan's total are 105 × w / 1.05², and it completes in 2028/29.
    const slowPlan = await solved(await tinyWith([slow], false));
    const slowLine = slowPlan.projects.find((line) => line.id === 'SLOW')!;
    expect(slowLine.completionYear).toBe(2028);
    expectClose(slowLine.benefit, (105 * weight) / 1.05 ** 2);
    expectClose(slowPlan.objectiveBenefitPoints, (105 * weight) / 1.05 ** 2);
    expectClose(slowPlan.benefit.total, (105 * weight) / 1.05 ** 2);
  });
});

describe('when a project counts: the end of its completion year', () => {
  it('serves its households in its completion year and closes shortfall from the next year, as computed by hand', async () => {
    // TWO starts in 2026/27, builds 2026/27–2027/28 (completion 2027/28), serves 40 households and adds 3 Ml/day.
    const two = waterProject('TWO', { households: 40, capacity: 3, capexRand: 20_000_000, buildYears: 2 });
    const dataset = await tinyWith([two], true);
    const weight = weightOf(dataset);
    const plan = await solved(dataset);
    const line = plan.projects.find((entry) => entry.id === 'TWO')!;
    expect([line.startYear, line.completionYear]).toEqual([2026, 2027]);
    // The year-end backlog of WC011 water (1 500 households, the only water backlog of the fixture's
    // funded municipality here) drops by 40 in 2027/28, the completion year, not before.
    const water = (year: number): number => plan.backlog.find((point) => point.service === 'water' && point.financialYear === year)!.remainingHouseholds;
    expect(water(2026) - water(2027)).toBe(40);
    expect(water(2027)).toBe(water(2029));
    // The works balance is short 0, 4, 6, 6 Ml/day; TWO's 3 Ml/day serve from 2028/29, the year after completion.
    const balance = plan.capacityBalances!.find((outcome) => outcome.municipalityCode === 'WC011')!;
    expect(balance.closedMlPerDay).toEqual([0, 0, 3, 3]);
    expect(balance.unmetMlPerDay).toEqual([0, 4, 3, 3]);
    // Households discounted to 2027/28 (one year), shortfall closed to 2028/29 and 2029/30 (two and three).
    const expected = weight * (40 / 1.05 + 500 * (3 / 1.05 ** 2 + 3 / 1.05 ** 3));
    expectClose(line.benefit, expected);
    expectClose(plan.objectiveBenefitPoints, expected);
    expectClose(plan.benefit.needLed + plan.benefit.growthLed, expected);
  });
});

describe('when a centre counts: it opens in its completion year', () => {
  it('a two-year hub meets a 2027/28 roll-out target only when started in 2026/27, is charged running costs from 2027/28 and earns its reach discounted to 2027/28', async () => {
    // The thusong fixture: WC012 has no hub and must have one open by 2027/28; its only hub,
    // WC012-T-01, builds 2026/27–2027/28 from a 2026/27 start (start 2027/28 would open 2028/29).
    const thusong = await loadModel('tests/fixtures/thusong');
    const plan = await solved(thusong);
    const hub = plan.projects.find((line) => line.id === 'WC012-T-01')!;
    expect([hub.startYear, hub.completionYear]).toEqual([2026, 2027]);
    // Running costs (R2 million a year) from the completion year itself: the deliberate difference.
    const charged = (year: number): number => hub.operatingSpending.filter((line) => line.financialYear === year).reduce((sum, line) => sum + line.amountRand, 0);
    expect([charged(2026), charged(2027), charged(2028)]).toEqual([0, 2_000_000, 2_000_000]);
    // 20 000 people within reach × block factor (0.5 + 0.25 + 0.25) × 0.05 points, × WC012's weight, discounted one year to 2027/28.
    const weight = municipalWeight(computeIndices(thusong).find((index) => index.municipalityCode === 'WC012')!, thusong.config.policy);
    expectClose(hub.benefit, (20_000 * 1 * 0.05 * weight) / 1.05);
    // A target of 2026/27 cannot be met: the hub completes in 2027/28 at the earliest.
    const tooEarly: Dataset = { ...thusong, config: { ...thusong.config, policy: { ...thusong.config.policy, rolloutTargetYear: { thusong: 2026 } } } };
    const { plan: none } = await planRun(datasetRun(tooEarly), { marginalValues: false, diagnoseInfeasibility: false });
    expect(none.status).toBe('infeasible');
  });
});

describe('a committed project under a master plan', () => {
  // COMMITTED must start in 2026/27, builds one year, serves 50 households and adds 4 Ml/day to
  // WC011's works, which the master plan already holds as existing capacity (the balance is the
  // shortfall left after it). HALF is a candidate of the same balance.
  const committed = waterProject('COMMITTED', { households: 50, capacity: 4, capexRand: 10_000_000, buildYears: 1 }, { status: 'committed' });
  const half = waterProject('HALF', { households: 0, capacity: 3, capexRand: 10_000_000, buildYears: 1 });

  it('earns its households only; the plan, its JSON and the checker say the same', async () => {
    const dataset = await tinyWith([committed, half], true);
    const weight = weightOf(dataset);
    const plan = await solved(dataset);
    const line = plan.projects.find((entry) => entry.id === 'COMMITTED')!;
    // Completion 2026/27: 50 households × w, undiscounted; its 4 Ml/day earn nothing.
    expectClose(line.benefit, 50 * weight);
    // Only HALF closes shortfall: 3 of 4, then 3 of 6 Ml/day, from 2027/28.
    const balance = plan.capacityBalances!.find((outcome) => outcome.municipalityCode === 'WC011')!;
    expect(balance.closedMlPerDay).toEqual([0, 3, 3, 3]);
    const halfPoints = weight * 500 * (3 / 1.05 + 3 / 1.05 ** 2 + 3 / 1.05 ** 3);
    expectClose(plan.projects.find((entry) => entry.id === 'HALF')!.benefit, halfPoints);
    expectClose(plan.objectiveBenefitPoints, 50 * weight + halfPoints);
    expectClose(plan.benefit.total, 50 * weight + halfPoints);
    // plan.json carries the same figures.
    const document = planDocument(plan);
    expectClose(document.projects.find((entry) => entry.id === 'COMMITTED')!.benefit, 50 * weight);
    expectClose(document.benefit.total, 50 * weight + halfPoints);
    // A plan claiming the committed capacity as well (4 Ml/day × 500 × w, as without a master plan) is rejected.
    const claimed = 4 * 500 * weight;
    const forged: PortfolioPlan = {
      ...plan,
      projects: plan.projects.map((entry) => (entry.id === 'COMMITTED' ? { ...entry, benefit: entry.benefit + claimed, needBenefit: entry.needBenefit + claimed / 2, growthBenefit: entry.growthBenefit + claimed / 2 } : entry)),
    };
    expect(checkPlan(plan, dataset).violations).toEqual([]);
    expect(checkPlan(forged, dataset).violations.some((violation) => violation.startsWith('COMMITTED benefit'))).toBe(true);
  });

  it('keeps its capacity benefit without a master plan', async () => {
    const dataset = await tinyWith([committed], false);
    const plan = await solved(dataset);
    expectClose(plan.projects.find((entry) => entry.id === 'COMMITTED')!.benefit, (50 + 4 * 500) * weightOf(dataset));
  });

  it('the workbook says what benefit_per_ml_per_day meant in the run, and when a project counts', async () => {
    const dataset = await tinyWith([committed, half], true);
    const plan = await solved(dataset);
    const outDir = temporaryFolder();
    folders.push(outDir);
    const runFolder = await writeRunFolder({ plan, dataset, modelPath: 'tests/fixtures/tiny', scenarioPath: null, startedAt: new Date(Date.UTC(2026, 3, 1, 8, 30, 0)) }, { outDir, force: false, now: () => new Date(Date.UTC(2026, 3, 1, 8, 30, 5)) });
    const workbook = await readRunWorkbook(runFolder);
    const summaryComment = String(rowStartingWith(sheetNamed(workbook, SHEET_NAMES.summary), 'Total benefit (points)').getCell(3).value);
    expect(summaryComment).toContain('shortfall closed (per Ml/day per year in service)');
    const assumptions = sheetNamed(workbook, SHEET_NAMES.assumptions);
    const benefitWords = String(rowStartingWith(assumptions, 'Benefit').getCell(2).value);
    expect(benefitWords).toContain('benefit_per_ml_per_day (500) counts points per Ml/day of master plan shortfall closed per year in service');
    expect(benefitWords).toContain('A committed project’s capacity is already in the balances');
    expect(String(rowStartingWith(assumptions, 'When a project counts').getCell(2).value)).toContain('from the year after completion');
    const policy = sheetNamed(workbook, SHEET_NAMES.inputPolicy);
    const setting = rowStartingWith(policy, 'policy.benefit_per_ml_per_day');
    expect(String(setting.getCell(3).value)).toContain('this run used the master plan');
  });
});
