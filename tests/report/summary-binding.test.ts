/**
 * The Summary says what binds, in plain words, read back from the workbook of small fixture
 * models planned in-process: the policy deferrals grouped by the rule that keeps each project out
 * (checked against the arithmetic of the rule on the plan's own funded projects), the gap read as
 * a promise about every other plan, what a benefit point is, the Thusong reach reconciled with the
 * people served, and the operating totals as formulas over the detail sheets.
 */
import type ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { planModel } from '../../src/plan/plan-model.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { facilityRollOuts } from '../../src/plan/facility-roll-out.js';
import { benefitPointWords, planQualityWords, policyDeferralGroups } from '../../src/report/summary-figures.js';
import { SUMMARY_CELLS } from '../../src/report/sheets/summary-sheet.js';
import { writeRunFolder } from '../../src/report/write-run.js';
import { FIXED_START, readRunWorkbook, rowStartingWith, sheetNamed, temporaryFolder } from './helpers.js';

/** The text of a cell, rich text joined. */
function textOf(cell: ExcelJS.Cell): string {
  const value = cell.value as unknown;
  if (value !== null && typeof value === 'object' && 'richText' in value) return (value as ExcelJS.CellRichTextValue).richText.map((run) => run.text).join('');
  return String(value ?? '');
}

/** Every column-A text of a sheet, joined. */
function sheetText(sheet: ExcelJS.Worksheet): string {
  const texts: string[] = [];
  sheet.eachRow((row) => texts.push(textOf(row.getCell(1))));
  return texts.join('\n');
}

/** The cell a formula `'Sheet name'!C12` points at. */
function referencedCell(workbook: ExcelJS.Workbook, formula: string): ExcelJS.Cell {
  const match = /^'((?:[^']|'')+)'!([A-Z]+\d+)$/.exec(formula);
  if (match === null) throw new Error(`not a reference to another sheet: ${formula}`);
  return sheetNamed(workbook, match[1].replace(/''/g, "'")).getCell(match[2]);
}

async function planAndWorkbook(dataset: Dataset, modelPath: string): Promise<{ plan: PortfolioPlan; workbook: ExcelJS.Workbook }> {
  const { plan } = await planModel(dataset, { marginalValues: false });
  const runFolder = await writeRunFolder({ plan, dataset, modelPath, scenarioPath: null, startedAt: FIXED_START }, { outDir: temporaryFolder() });
  return { plan, workbook: await readRunWorkbook(runFolder) };
}

describe('policy deferrals by rule', () => {
  let dataset: Dataset;
  let plan: PortfolioPlan;
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    // The tiny model with sanitation held to 60% of spending: water projects wait for the rule.
    const tiny = await loadModel('tests/fixtures/tiny');
    dataset = { ...tiny, config: { ...tiny.config, policy: { ...tiny.config.policy, minServiceShare: { sanitation: 0.6 } } } };
    ({ plan, workbook } = await planAndWorkbook(dataset, 'tests/fixtures/tiny'));
  });

  it('groups the projects the minimum sanitation share keeps out, and the arithmetic of the rule agrees', () => {
    const groups = policyDeferralGroups(plan, dataset);
    const policyDeferred = plan.projects.filter((project) => !project.funded && project.deferralReason === 'policy');
    expect(policyDeferred.length).toBeGreaterThan(0);
    expect(groups.reduce((sum, group) => sum + group.projectIds.length, 0)).toBe(policyDeferred.length);
    const share = groups.find((group) => group.ruleKey === 'min_service_share');
    expect(share).toBeDefined();
    expect(share!.serviceId).toBe('sanitation');
    expect(share!.value).toBe(0.6);
    expect(share!.words).toBe('the minimum sanitation share of 60%');
    // By hand from the funded projects: funding each would take sanitation below 60% of spending.
    const funded = plan.projects.filter((project) => project.funded);
    const totalRand = funded.reduce((sum, project) => sum + project.capexRand, 0);
    const sanitationRand = funded.filter((project) => project.service === 'sanitation').reduce((sum, project) => sum + project.capexRand, 0);
    for (const id of share!.projectIds) {
      const project = plan.projects.find((candidate) => candidate.id === id)!;
      expect(project.service).not.toBe('sanitation');
      expect(sanitationRand / (totalRand + project.capexRand)).toBeLessThan(0.6);
    }
    expect(share!.capexRand).toBe(share!.projectIds.reduce((sum, id) => sum + plan.projects.find((candidate) => candidate.id === id)!.capexRand, 0));
  });

  it('writes a row per rule under Projects deferred and names the rule in the plain-words paragraph', () => {
    const summary = sheetNamed(workbook, 'Summary');
    const share = policyDeferralGroups(plan, dataset).find((group) => group.ruleKey === 'min_service_share')!;
    const row = rowStartingWith(summary, 'Kept out by the minimum sanitation share of 60%');
    expect(row.getCell(2).value).toBe(share.projectIds.length);
    expect(textOf(row.getCell(3))).toContain('policy.min_service_share.sanitation');
    expect(row.number).toBe(rowStartingWith(summary, 'Projects deferred').number + 1);
    expect(textOf(summary.getCell('A7'))).toMatch(/kept out by the minimum sanitation share of 60%/);
  });
});

describe('the Thusong fixture Summary', () => {
  let dataset: Dataset;
  let plan: PortfolioPlan;
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    dataset = await loadModel('tests/fixtures/thusong');
    ({ plan, workbook } = await planAndWorkbook(dataset, 'tests/fixtures/thusong'));
  });

  it('puts the satellite without an anchor department under the anchor-department rule', () => {
    const groups = policyDeferralGroups(plan, dataset);
    const anchor = groups.find((group) => group.ruleKey === 'facility_anchor_required');
    expect(anchor?.projectIds).toContain('WC011-T-01');
    expect(anchor!.words).toMatch(/^the anchor-department rule/);
  });

  it('writes the operating totals as formulas over Envelope use and Spending by source, with their cached values', () => {
    const summary = sheetNamed(workbook, 'Summary');
    for (const label of ['Total operating envelope over the horizon', 'Running costs paid (R million)']) {
      const value = rowStartingWith(summary, label).getCell(2).value as ExcelJS.CellFormulaValue;
      expect(typeof value.formula, label).toBe('string');
      const target = referencedCell(workbook, value.formula);
      const targetValue = target.value as ExcelJS.CellFormulaValue;
      expect(targetValue.result, label).toBe(value.result);
    }
    const operatingEnvelopeRand = plan.envelopeUse.filter((use) => use.sourceId === 'OPS').reduce((sum, use) => sum + use.envelopeRand, 0);
    expect((rowStartingWith(summary, 'Total operating envelope').getCell(2).value as ExcelJS.CellFormulaValue).result).toBeCloseTo(operatingEnvelopeRand, 2);
    // The capital cells keep their addresses.
    expect(textOf(summary.getCell(SUMMARY_CELLS.envelopeTotal.replace('B', 'A')))).toMatch(/^Total capital envelope/);
  });

  it('reconciles the people within reach of open centres with the people brought within reach', () => {
    const [rollOut] = facilityRollOuts(plan, dataset);
    const last = rollOut.years[rollOut.years.length - 1];
    // By hand: the existing Vredendal hub reaches 40,000; the new counting centres reach what the register says.
    expect(rollOut.existingPopulationWithinReach).toBe(40_000);
    const registerById = new Map(dataset.projects.map((project) => [project.id, project]));
    const newReach = plan.projects.filter((project) => project.funded && project.service === 'thusong' && registerById.get(project.id)!.anchorDepartments.length > 0).reduce((sum, project) => sum + registerById.get(project.id)!.populationWithinReach, 0);
    expect(rollOut.newPopulationWithinReach).toBe(newReach);
    expect(rollOut.existingPopulationWithinReach + rollOut.newPopulationWithinReach).toBe(last.populationWithinReach);
    const summary = sheetNamed(workbook, 'Summary');
    const served = rowStartingWith(summary, 'People brought within reach: Thusong service centres').getCell(2).value as number;
    const left = rowStartingWith(summary, 'People left unserved at the end: Thusong service centres').getCell(2).value as number;
    expect(served).toBe(rollOut.backlogPeopleServed);
    expect(served + left).toBe(rollOut.backlogAtStart);
    const text = sheetText(summary);
    expect(text).toContain(`${(40_000).toLocaleString('en-GB')} are within reach of the 1 existing centre,`);
    expect(text).toContain(`${newReach.toLocaleString('en-GB')} are brought within reach by the`);
  });

  it('says how good the plan is and what a benefit point is on the first page, before any other mention of points', () => {
    const summary = sheetNamed(workbook, 'Summary');
    const quality = textOf(summary.getCell('A8'));
    expect(quality).toContain('How good this plan is');
    expect(quality).toContain('What "benefit points" means');
    const text = sheetText(summary);
    expect(text.indexOf('benefit points')).toBe(text.indexOf(quality) + quality.indexOf('benefit points'));
    for (const solverWord of ['MILP', 'incumbent', 'dual', 'gap']) expect(quality).not.toContain(solverWord);
  });
});

describe('the gap in plain words', () => {
  let dataset: Dataset;
  let plan: PortfolioPlan;
  beforeAll(async () => {
    dataset = await loadModel('tests/fixtures/tiny');
    ({ plan } = await planModel(dataset, { marginalValues: false }));
  });

  it('reads a proven gap as a promise about every other plan', () => {
    expect(planQualityWords({ ...plan, status: 'optimal', gap: 0.00066 }, dataset)).toContain('no plan within the same envelopes and rules can give more than 0.07% more benefit points than this one');
    expect(planQualityWords({ ...plan, status: 'optimal', gap: 0 }, dataset)).toContain('no plan within the same envelopes and rules gives more benefit points than this one');
  });

  it('says honestly that a better plan may exist when the search stopped at its time limit', () => {
    const words = planQualityWords({ ...plan, status: 'feasible', gap: 0.0234 }, dataset);
    expect(words).toContain('a better plan may exist');
    expect(words).toContain('more than 2.34% more benefit points');
    expect(planQualityWords({ ...plan, status: 'feasible', gap: null }, dataset)).toContain('how much better is not known');
  });

  it('explains a benefit point from the policy settings', () => {
    const words = benefitPointWords(dataset)!;
    expect(words).toContain('1 point for each backlog household');
    expect(words).toContain('500 for each megalitre a day of capacity added');
    expect(words).toContain('5% a year less');
    const capacityOnly = { ...dataset, config: { ...dataset.config, policy: { ...dataset.config.policy, objectiveMeasure: 1 } } };
    expect(benefitPointWords(capacityOnly)).toBeNull();
  });
});
