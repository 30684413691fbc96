/**
 * The Thusong roll-out rules and operating costs over the life cycle, on the tiny thusong fixture:
 * every optimal plan is compared with a brute force written from the rules' meaning (capital and
 * operating envelopes year by year, the roll-out, the anchor rule, the opening cap), and the
 * plans are held to the rules directly. Then the exemption, the anchor rule for existing centres,
 * the removal of the operating envelope, and the located errors of the new columns.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset, Project } from '../../src/dataset/types.js';
import { InvalidInputError } from '../../src/errors/problems.js';
import { computeIndices } from '../../src/indicators/indices.js';
import type { MunicipalIndex } from '../../src/indicators/types.js';
import { rollOutSummarySentences, facilityRollOuts } from '../../src/plan/facility-roll-out.js';
import { planModel } from '../../src/plan/plan-model.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { buildFormulation } from '../../src/program/formulation.js';
import { hasSolution } from '../../src/solve/engine.js';
import { RunCounter } from '../property-runs.js';
import { expectClose, isAtMost, RAND, SOLVER } from '../tolerance.js';

const FIXTURE = 'tests/fixtures/thusong';
let base: Dataset;
beforeAll(async () => {
  base = await loadModel(FIXTURE);
});

/** The fixture with policy and funding changes. */
function variant(changes: { opsRandPerYear?: number; targetYear?: number; cap?: number; anchorRequired?: number; exemptions?: boolean }): Dataset {
  const policy = base.config.policy;
  return {
    ...base,
    config: {
      ...base.config,
      rolloutExemptions: changes.exemptions === false ? [] : base.config.rolloutExemptions,
      policy: {
        ...policy,
        rolloutTargetYear: changes.targetYear === undefined ? policy.rolloutTargetYear : { thusong: changes.targetYear },
        maxFacilitiesOpenedPerYear: changes.cap === undefined ? policy.maxFacilitiesOpenedPerYear : { thusong: changes.cap },
        facilityAnchorRequired: changes.anchorRequired ?? policy.facilityAnchorRequired,
      },
    },
    fundingSources: base.fundingSources.map((source) =>
      source.id === 'OPS' && changes.opsRandPerYear !== undefined
        ? { ...source, envelopeRandByYear: Object.fromEntries(Object.keys(source.envelopeRandByYear).map((year) => [year, changes.opsRandPerYear as number])) }
        : source,
    ),
  };
}

const YEARS = [2026, 2027, 2028];

/** Benefit of a project started in `start`, from the policy's definitions (not the code's): discounted to its completion (opening) year. */
function benefitOf(project: Project, start: number, dataset: Dataset, indices: readonly MunicipalIndex[]): number {
  const policy = dataset.config.policy;
  const index = indices.find((candidate) => candidate.municipalityCode === project.municipalityCode)!;
  const weight = policy.needWeight * (index.needIndex + 0.1) + policy.growthWeight * (index.growthIndex + 0.1);
  const service = dataset.config.services.find((declared) => declared.id === project.service)!;
  const blockFactor = service.blocks.filter((block) => project.blocksOffered.includes(block.id)).reduce((sum, block) => sum + block.weight, 0);
  const points = project.householdsServed * policy.benefitPerHousehold + (project.facilityType === null ? 0 : project.populationWithinReach * blockFactor * policy.benefitPerPersonWithinReach);
  const opening = start + project.cashFlowRandByBuildYear.length - 1;
  return (points * weight) / Math.pow(1 + policy.discountRatePercent / 100, opening - dataset.config.baseFinancialYear);
}

/** Every assignment (unfunded, or a start year) of the five projects; the best benefit of those meeting every rule, or null. */
function bruteForce(dataset: Dataset): number | null {
  const indices = computeIndices(dataset);
  const policy = dataset.config.policy;
  const options = dataset.projects.map((project) => [null, ...YEARS.filter((year) => year >= project.earliestStartYear && year <= project.latestStartYear && year + project.cashFlowRandByBuildYear.length - 1 <= 2028)]);
  let best: number | null = null;
  const choice: (number | null)[] = [];
  const visit = (position: number): void => {
    if (position < dataset.projects.length) {
      for (const option of options[position]) {
        choice[position] = option;
        visit(position + 1);
      }
      return;
    }
    const funded = dataset.projects.flatMap((project, index) => (choice[index] === null ? [] : [{ project, start: choice[index] as number, done: (choice[index] as number) + project.cashFlowRandByBuildYear.length - 1 }]));
    for (const source of dataset.fundingSources) {
      for (const year of YEARS) {
        const used = funded
          .filter((entry) => entry.project.fundingSourceIds.includes(source.id))
          .reduce((sum, entry) => sum + (source.purpose === 'operating' ? (year >= entry.done ? entry.project.operatingCostRandPerYear : 0) : (entry.project.cashFlowRandByBuildYear[year - entry.start] ?? 0)), 0);
        if (used > (source.envelopeRandByYear[year] ?? 0) + 0.5) return;
      }
    }
    if (policy.facilityAnchorRequired === 1 && funded.some((entry) => entry.project.facilityType !== null && entry.project.anchorDepartments.length === 0)) return;
    const target = policy.rolloutTargetYear.thusong ?? 0;
    if (target > 0) {
      for (const code of ['WC011', 'WC012', 'WC013']) {
        if (dataset.config.rolloutExemptions.some((exemption) => exemption.municipalityCode === code)) continue;
        const existing = dataset.facilities.some((facility) => facility.municipalityCode === code && facility.facilityType === 'hub' && (policy.facilityAnchorRequired === 0 || facility.anchorDepartments.length > 0));
        const built = funded.some((entry) => entry.project.municipalityCode === code && entry.project.facilityType === 'hub' && entry.done <= target && (policy.facilityAnchorRequired === 0 || entry.project.anchorDepartments.length > 0));
        if (!existing && !built) return;
      }
    }
    const cap = policy.maxFacilitiesOpenedPerYear.thusong ?? 0;
    if (cap > 0 && YEARS.some((year) => funded.filter((entry) => entry.project.facilityType !== null && entry.done === year).length > cap)) return;
    const benefit = funded.reduce((sum, entry) => sum + benefitOf(entry.project, entry.start, dataset, indices), 0);
    if (best === null || benefit > best) best = benefit;
  };
  visit(0);
  return best;
}

/** The plan's own facts, checked from its lines: roll-out, running costs from completion within the envelope, no anchorless centre. */
function expectRulesHold(plan: PortfolioPlan, dataset: Dataset): void {
  const byId = new Map(dataset.projects.map((project) => [project.id, project]));
  const funded = plan.projects.filter((line) => line.funded);
  const target = dataset.config.policy.rolloutTargetYear.thusong ?? 0;
  if (target > 0) {
    const needing = ['WC012', ...(dataset.config.rolloutExemptions.length === 0 ? ['WC013'] : [])];
    for (const code of needing) expect(funded.some((line) => line.municipalityCode === code && byId.get(line.id)!.facilityType === 'hub' && line.completionYear! <= target), code).toBe(true);
  }
  for (const line of funded) {
    const project = byId.get(line.id)!;
    if (dataset.config.policy.facilityAnchorRequired === 1 && project.facilityType !== null) expect(project.anchorDepartments.length, line.id).toBeGreaterThan(0);
    for (const year of YEARS) {
      const charged = line.operatingSpending.filter((spending) => spending.financialYear === year).reduce((sum, spending) => sum + spending.amountRand, 0);
      expectClose(charged, year >= line.completionYear! ? project.operatingCostRandPerYear : 0, RAND);
    }
    for (const spending of line.operatingSpending) expect(spending.sourceId).toBe('OPS');
    for (const spending of line.spending) expect(spending.sourceId).not.toBe('OPS');
  }
  for (const year of YEARS) {
    const running = funded.flatMap((line) => line.operatingSpending).filter((spending) => spending.financialYear === year).reduce((sum, spending) => sum + spending.amountRand, 0);
    const envelope = dataset.fundingSources.find((source) => source.id === 'OPS')!.envelopeRandByYear[year] ?? 0;
    expect(isAtMost(running, envelope, RAND), `running costs ${running} in ${year} within ${envelope}`).toBe(true);
  }
}

describe('the Thusong roll-out and operating costs', () => {
  it('plans as the brute force does, and every plan keeps the roll-out, the anchor rule and its operating envelope', async () => {
    const counter = new RunCounter();
    const runs = 10;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          opsRandPerYear: fc.constantFrom(1_500_000, 2_000_000, 3_000_000, 4_500_000),
          targetYear: fc.constantFrom(0, 2027, 2028),
          cap: fc.constantFrom(0, 1, 2),
          anchorRequired: fc.constantFrom(0, 1),
          exemptions: fc.boolean(),
        }),
        async (changes) => {
          const dataset = variant(changes);
          const expected = bruteForce(dataset);
          const { plan } = await planModel(dataset, { marginalValues: false, diagnoseInfeasibility: false });
          if (!counter.count(expected !== null)) {
            expect(plan.status).toBe('infeasible');
            return;
          }
          expect(hasSolution(plan)).toBe(true);
          expectClose(plan.objectiveBenefitPoints!, expected!, SOLVER);
          expectRulesHold(plan, dataset);
        },
      ),
      { seed: 20261201, numRuns: runs },
    );
    counter.expectMostChecked(runs, 0.6);
  });

  it('does not force a hub on an exempted municipality, and would without the exemption', async () => {
    // 3.5 million a year of running costs: the Cederberg hub (2.0) and the Piketberg hub (1.5) fit together, but only just.
    const exempted = variant({ opsRandPerYear: 2_000_000 });
    const { program } = buildFormulation(exempted, computeIndices(exempted), 'portfolio');
    const rollOutRows = program.constraints.filter((row) => row.rule?.ruleKey === 'rollout_target_year');
    expect(rollOutRows.map((row) => row.rule?.municipalityCode)).toEqual(['WC012']);
    const { plan } = await planModel(exempted, { marginalValues: false });
    expect(hasSolution(plan)).toBe(true);
    expect(plan.projects.find((line) => line.id === 'WC013-T-01')!.funded).toBe(false);
    expect(rollOutSummarySentences(plan, exempted)).toContainEqual(expect.stringMatching(/^WC013 Bergrivier still lacks a hub in 2028\/29: exempted from the roll-out: served by the Vredendal hub/));
    // Without the exemption both hubs must open by 2027/28, which 2.0 million a year cannot sustain.
    const forced = await planModel(variant({ opsRandPerYear: 2_000_000, exemptions: false }), { marginalValues: false });
    expect(forced.plan.status).toBe('infeasible');
    const described = forced.plan.infeasibility!.rules.map((rule) => rule.description);
    expect(described).toContainEqual(expect.stringContaining('WC013 Bergrivier has a thusong hub'));
  });

  it('never counts a centre without an anchor department: an anchorless existing hub asks for a new one, an anchorless candidate is never funded', async () => {
    const unanchored: Dataset = { ...base, facilities: base.facilities.map((facility) => ({ ...facility, anchorDepartments: [] })) };
    const { program } = buildFormulation(unanchored, computeIndices(unanchored), 'portfolio');
    expect(program.constraints.filter((row) => row.rule?.ruleKey === 'rollout_target_year').map((row) => row.rule?.municipalityCode)).toEqual(['WC011', 'WC012']);
    expect(program.constraints.filter((row) => row.rule?.ruleKey === 'facility_anchor_required').map((row) => row.rule?.projectId)).toEqual(['WC011-T-01']);
    // With money for everything the anchorless satellite still stays out, with the rule as its reason.
    const { plan } = await planModel(variant({ opsRandPerYear: 20_000_000, targetYear: 0 }), { marginalValues: false });
    const satellite = plan.projects.find((line) => line.id === 'WC011-T-01')!;
    expect(satellite.funded).toBe(false);
    expect(satellite.deferralDetail).toContain('No anchor department');
    expect(plan.projects.find((line) => line.id === 'WC011-T-02')!.funded).toBe(true);
    const [rollOut] = facilityRollOuts(plan, base);
    expect(rollOut.years[rollOut.years.length - 1].centresOpen).toBe(1 + plan.projects.filter((line) => line.funded && line.service === 'thusong').length);
  });

  it('without its operating envelope a new centre is unfundable, and the diagnosis names the envelope', async () => {
    const noRollOut = await planModel(variant({ opsRandPerYear: 0, targetYear: 0 }), { marginalValues: false });
    const centres = noRollOut.plan.projects.filter((line) => line.service === 'thusong');
    expect(centres.every((line) => !line.funded)).toBe(true);
    expect(noRollOut.plan.projects.find((line) => line.id === 'WC012-T-01')!.deferralDetail).toMatch(/operating envelope OPS/);
    const withRollOut = await planModel(variant({ opsRandPerYear: 0 }), { marginalValues: false });
    expect(withRollOut.plan.status).toBe('infeasible');
    const rules = withRollOut.plan.infeasibility!.rules;
    expect(rules.map((rule) => rule.description)).toContainEqual(expect.stringMatching(/^running costs within the operating envelope OPS \(Provincial Thusong operations grant\) in (2027\/28|2028\/29): R0\.0 million$/));
    expect(rules.map((rule) => rule.setting)).toContain('envelope_rand of OPS (purpose operating) in funding.csv, or operating_cost_rand_per_year in projects.csv');
  });
});

describe('the facility rules as records', () => {
  it('tag their rows in the portfolio and add none to the allocation; the operating envelope is the only tagged budget row', () => {
    const dataset = variant({ cap: 1 });
    const portfolio = buildFormulation(dataset, computeIndices(dataset), 'portfolio').program;
    const keys = new Set(portfolio.constraints.flatMap((row) => (row.rule === undefined ? [] : [row.rule.ruleKey])));
    expect([...keys].sort()).toEqual(['facility_anchor_required', 'max_facilities_opened_per_year', 'operating_envelope', 'rollout_target_year']);
    const budgetRows = portfolio.constraints.filter((row) => row.group === 'budget');
    expect(budgetRows.filter((row) => row.rule !== undefined).map((row) => row.rule?.sourceId)).toEqual(['OPS', 'OPS', 'OPS']);
    const allocation = buildFormulation(dataset, computeIndices(dataset), 'allocation').program;
    expect(allocation.constraints.filter((row) => row.rule !== undefined && keys.has(row.rule.ruleKey))).toEqual([]);
    // The allocation meets need with capital money only.
    expect(allocation.constraints.filter((row) => row.group === 'budget').map((row) => row.label)).not.toContainEqual(expect.stringContaining('OPS'));
  });
});

describe('facilities and centre columns in the input', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'infraplan-thusong-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('names file, row and column of every bad facility or centre cell', async () => {
    const model = path.join(folder, 'broken');
    await cp(FIXTURE, model, { recursive: true });
    const facilities = await readFile(path.join(model, 'facilities.csv'), 'utf8');
    await writeFile(path.join(model, 'facilities.csv'), facilities.replace('2008/09', '2027/28').replace('education_skills,home', 'libraries,home'));
    const projects = await readFile(path.join(model, 'projects.csv'), 'utf8');
    await writeFile(path.join(model, 'projects.csv'), projects.replace('MIG;OPS,candidate,2000000', 'MIG,candidate,2000000').replace(',satellite,', ',kiosk,'));
    const error = await loadModel(model).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    const lines = (error as InvalidInputError).problems.map((problem) => `${path.basename(problem.file)}:${problem.row}:${problem.column}: ${problem.message}`);
    expect(lines).toContainEqual(expect.stringMatching(/^facilities\.csv:2:year_opened: 2027\/28 is after the first year of the plan 2026\/27/));
    expect(lines).toContainEqual(expect.stringMatching(/^facilities\.csv:2:blocks_offered: unknown block libraries/));
    expect(lines).toContainEqual(expect.stringMatching(/^projects\.csv:3:funding_sources: operating_cost_rand_per_year is 2000000 but none of its sources is an operating source/));
    expect(lines).toContainEqual(expect.stringMatching(/^projects\.csv:4:facility_type: expected one of hub, satellite, mobile_route/));
  });

  it('reads a model without facilities.csv as one without existing centres', async () => {
    const model = path.join(folder, 'no-facilities');
    await cp(FIXTURE, model, { recursive: true });
    await rm(path.join(model, 'facilities.csv'));
    const dataset = await loadModel(model);
    expect(dataset.facilities).toEqual([]);
    const { program } = buildFormulation(dataset, computeIndices(dataset), 'portfolio');
    expect(program.constraints.filter((row) => row.rule?.ruleKey === 'rollout_target_year').map((row) => row.rule?.municipalityCode)).toEqual(['WC011', 'WC012']);
  });
});
