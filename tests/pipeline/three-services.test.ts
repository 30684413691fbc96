/**
 * A third service is a model change, never a code change: tests/fixtures/three-services declares
 * stormwater beside water and sanitation (with a minimum share of spending and a unit cost of its
 * own), and the whole pipeline takes it as it takes the other two: validate, solve to the
 * brute-forced optimum, run, and read the workbook back.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { completionYear } from '../../src/dataset/project-windows.js';
import { RAND_TOLERANCE } from '../../src/dataset/tolerance.js';
import type { Dataset, Project } from '../../src/dataset/types.js';
import { discountedProjectBenefit, indexByMunicipality } from '../../src/indicators/benefit.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { planRun } from '../../src/pipeline/plan-run.js';
import { resolveRun } from '../../src/pipeline/resolve-run.js';
import { runModel } from '../../src/pipeline/run-model.js';
import { validateRun } from '../../src/pipeline/validate-run.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import { backlogChart } from '../../src/report/charts/backlog-chart.js';
import { SHEET_NAMES } from '../../src/report/sheets/report-context.js';
import { readRunWorkbook, rowStartingWith, sheetNamed } from '../report/helpers.js';

const FIXTURE = path.resolve('tests/fixtures/three-services');
const folders: string[] = [];

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A copy of the fixture with one file's text changed. */
function fixtureWith(file: string, change: (text: string) => string): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'infraplan-three-services-'));
  folders.push(folder);
  cpSync(FIXTURE, folder, { recursive: true });
  writeFileSync(path.join(folder, file), change(readFileSync(path.join(folder, file), 'utf8')));
  return folder;
}

/**
 * The best plan by trying every choice: each project unfunded or started in an allowed year.
 * Every project of the fixture has one source, so the envelopes are checked year by year (with
 * carry-over where the source allows); then the service shares and the concurrency cap.
 */
function bruteForceOptimum(dataset: Dataset): number {
  const { baseFinancialYear, horizonYears, policy } = dataset.config;
  const lastYear = baseFinancialYear + horizonYears - 1;
  const indexOf = indexByMunicipality(dataset, computeIndices(dataset));
  const options = dataset.projects.map((project) => {
    const starts: (number | null)[] = [null];
    for (let start = project.earliestStartYear; start <= project.latestStartYear; start += 1) if (completionYear(project, start) <= lastYear) starts.push(start);
    return starts;
  });
  const feasible = (chosen: readonly (number | null)[]): boolean => {
    const funded = dataset.projects.map((project, position) => ({ project, start: chosen[position] })).filter((entry): entry is { project: Project; start: number } => entry.start !== null);
    for (const source of dataset.fundingSources) {
      let available = 0;
      for (let year = baseFinancialYear; year <= lastYear; year += 1) {
        available = (source.carryOver ? available : 0) + (source.envelopeRandByYear[year] ?? 0);
        for (const { project, start } of funded) {
          if (project.fundingSourceIds[0] !== source.id) continue;
          available -= project.cashFlowRandByBuildYear[year - start] ?? 0;
        }
        if (available < -RAND_TOLERANCE) return false;
      }
    }
    const totalRand = funded.reduce((sum, entry) => sum + entry.project.capexRand, 0);
    for (const [serviceId, share] of Object.entries(policy.minServiceShare)) {
      const serviceRand = funded.filter((entry) => entry.project.service === serviceId).reduce((sum, entry) => sum + entry.project.capexRand, 0);
      if (serviceRand < share * totalRand - RAND_TOLERANCE) return false;
    }
    for (const municipality of dataset.municipalities) {
      for (let year = baseFinancialYear; year <= lastYear; year += 1) {
        const active = funded.filter((entry) => entry.project.municipalityCode === municipality.code && entry.start <= year && year <= completionYear(entry.project, entry.start));
        if (active.length > policy.maxConcurrentProjectsPerMunicipality) return false;
      }
    }
    return true;
  };
  let best = -Infinity;
  let tried = 0;
  const visit = (position: number, chosen: (number | null)[]): void => {
    if (position === dataset.projects.length) {
      tried += 1;
      if (!feasible(chosen)) return;
      const benefit = chosen.reduce<number>((sum, start, index) => {
        if (start === null) return sum;
        const project = dataset.projects[index];
        return sum + discountedProjectBenefit(project, indexOf.get(project.municipalityCode)!, start, dataset).total;
      }, 0);
      best = Math.max(best, benefit);
      return;
    }
    for (const start of options[position]) visit(position + 1, [...chosen, start]);
  };
  visit(0, []);
  // Every combination was tried: 3 × 4 × 4 × 3 × 3 × 4 of them.
  expect(tried).toBe(options.reduce((product, starts) => product * starts.length, 1));
  return best;
}

describe('a model with a third declared service', () => {
  it('validates with the three services and no note', async () => {
    const report = await validateRun(FIXTURE);
    expect(report.valid).toBe(true);
    expect(report.notes).toEqual([]);
    const { model } = await resolveRun({ model: FIXTURE });
    expect(model.config.services.map((service) => service.id)).toEqual(['water', 'sanitation', 'stormwater']);
    expect(model.needs.filter((need) => need.service === 'stormwater').map((need) => need.backlogHouseholds)).toEqual([900, 650]);
  });

  it('solves to the brute-forced optimum, with the stormwater share holding', async () => {
    const run = await resolveRun({ model: FIXTURE });
    const { plan } = await planRun(run, { relativeGap: 0 });
    expect(plan.status).toBe('optimal');
    const optimum = bruteForceOptimum(run.dataset);
    expect(Math.abs((plan.objectiveBenefitPoints ?? Number.NaN) - optimum)).toBeLessThanOrEqual(1e-6 * optimum);
    expect(checkPlan(plan, run.dataset).violations).toEqual([]);
    const funded = plan.projects.filter((project) => project.funded);
    const totalRand = funded.reduce((sum, project) => sum + project.capexRand, 0);
    const stormwaterRand = funded.filter((project) => project.service === 'stormwater').reduce((sum, project) => sum + project.capexRand, 0);
    expect(stormwaterRand).toBeGreaterThanOrEqual(0.15 * totalRand - RAND_TOLERANCE);
    expect(plan.services.map((service) => service.label)).toEqual(['Water', 'Sanitation', 'Stormwater']);
  });

  it('plans the allocation with the stormwater unit cost', async () => {
    const run = await resolveRun({ model: FIXTURE });
    const { plan } = await planRun(run, { formulation: 'allocation' });
    expect(plan.status).toBe('optimal');
    expect(checkPlan(plan, run.dataset).violations).toEqual([]);
    const stormwaterRand = plan.allocations.filter((line) => line.service === 'stormwater').reduce((sum, line) => sum + line.amountRand, 0);
    const totalRand = plan.allocations.reduce((sum, line) => sum + line.amountRand, 0);
    expect(stormwaterRand).toBeGreaterThanOrEqual(0.15 * totalRand - RAND_TOLERANCE);
    // Never more than the priced need: 1,550 stormwater backlog households at R20,000.
    expect(stormwaterRand).toBeLessThanOrEqual(1_550 * 20_000 + RAND_TOLERANCE);
  });

  it('runs, and the workbook and charts list the third service', async () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'infraplan-three-services-run-'));
    folders.push(outDir);
    const result = await runModel({ model: FIXTURE, outDir, commandLine: { relativeGap: 0 } });
    expect(result.runFolder).not.toBeNull();
    const workbook = await readRunWorkbook(result.runFolder!);
    const byService = sheetNamed(workbook, SHEET_NAMES.spendingByService);
    const stormwaterRow = rowStartingWith(byService, 'Stormwater');
    const stormwaterRand = result.plan.kind === 'portfolio' ? result.plan.projects.filter((project) => project.funded && project.service === 'stormwater').reduce((sum, project) => sum + project.capexRand, 0) : 0;
    expect(stormwaterRand).toBeGreaterThan(0);
    const lastCell = stormwaterRow.getCell(stormwaterRow.cellCount).value as { result: number };
    expect(Math.abs(lastCell.result - stormwaterRand)).toBeLessThanOrEqual(RAND_TOLERANCE);
    const summary = sheetNamed(workbook, SHEET_NAMES.summary);
    expect(typeof rowStartingWith(summary, 'Households served: Stormwater').getCell(2).value).toBe('number');
    const policy = sheetNamed(workbook, SHEET_NAMES.inputPolicy);
    expect(rowStartingWith(policy, 'policy.min_service_share.stormwater').getCell(2).value).toBe(0.15);
    const chart = backlogChart(result.plan);
    expect(chart.data.datasets.map((dataset) => dataset.label)).toEqual(['Water', 'Sanitation', 'Stormwater']);
    expect(existsSync(path.join(result.runFolder!, 'charts'))).toBe(true);
  });

  it('names the file, row and column of a project for a service the model does not declare', async () => {
    const folder = fixtureWith('projects.csv', (text) => text.replace('WC012-D-01,WC012,stormwater', 'WC012-D-01,WC012,electricity'));
    const report = await validateRun(folder);
    expect(report.problems).toEqual([
      { file: path.join(folder, 'projects.csv'), row: 7, column: 'service', message: 'expected one of water, sanitation, stormwater; found "electricity"' },
    ]);
  });

  it('names the model.yaml key of a policy value for an undeclared service, and of a missing unit cost', async () => {
    const unknown = fixtureWith('model.yaml', (text) => text.replace('    stormwater: 0.15', '    stormwatr: 0.15'));
    expect((await validateRun(unknown)).problems).toEqual([
      { file: path.join(unknown, 'model.yaml'), row: 54, column: 'policy.min_service_share.stormwatr', message: "unknown service 'stormwatr'; the model declares water, sanitation, stormwater" },
    ]);
    const uncosted = fixtureWith('model.yaml', (text) => text.replace('    stormwater: 20000\n', ''));
    expect((await validateRun(uncosted)).problems.map((problem) => [problem.column, problem.message])).toEqual([
      ['policy.allocation_cost_per_household_rand', 'no value for service stormwater (rand per backlog household, per service); give one, e.g. allocation_cost_per_household_rand: { stormwater: ... }'],
    ]);
  });

  it('gives a model without services the two default ones, with a note, and reads the former policy keys with a note', async () => {
    const old = fixtureWith('model.yaml', (text) =>
      text
        .replace(/services:\n(?: {2}.*\n)+(?=indicators:)/, '')
        .replace('  min_service_share:\n    sanitation: 0.2\n    stormwater: 0.15\n', '  min_sanitation_share: 0.2\n')
        .replace('  allocation_cost_per_household_rand:\n    water: 25000\n    sanitation: 30000\n    stormwater: 20000\n', ''),
    );
    // Drop the stormwater rows the two default services do not have.
    for (const file of ['needs.csv', 'projects.csv']) {
      const filePath = path.join(old, file);
      writeFileSync(filePath, readFileSync(filePath, 'utf8').split('\n').filter((line) => !line.includes('stormwater')).join('\n'));
    }
    const report = await validateRun(old);
    expect(report.valid).toBe(true);
    expect(report.notes).toContain('model.yaml declares no services, so the two default services are used: water and sanitation (declare them under services: to name them yourself)');
    expect(report.notes).toContain('policy.min_sanitation_share is the former name of policy.min_service_share.sanitation; it was read as that (rename it to keep the file current)');
    const { model } = await resolveRun({ model: old });
    expect(model.config.policy.minServiceShare).toEqual({ sanitation: 0.2 });
    expect(model.config.policy.allocationCostPerHouseholdRand).toEqual({ water: 25_000, sanitation: 30_000 });
  });
});
