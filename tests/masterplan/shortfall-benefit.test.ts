/**
 * A capacity project's benefit counts only the shortfall it closes (docs/formulations.md): checked
 * against a brute force over every start of a tiny register, written from the rule's definition
 * alone (closed = min(shortfall, capacity in service), weighted and discounted by year), never
 * from the program.
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset, Project } from '../../src/dataset/types.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { municipalWeight } from '../../src/indicators/benefit.js';
import { buildRunProgram, datasetRun, planRun } from '../../src/pipeline/plan-run.js';
import { completeBaseline, decisionsOfValues } from '../../src/plan/baseline-stability.js';
import { highsEngine } from '../../src/solve/highs-engine.js';
import { solveProgram } from '../../src/solve/solve-program.js';
import { budgetFeasible } from '../program/brute-force.js';
import { expectClose } from '../tolerance.js';
import { WC011_WORKS_BALANCE, wc011WaterProject } from './wc011-works-balance.js';

/** A candidate water treatment project of WC011 (Matzikama) paid by RBIG in one year. */
function works(id: string, capacityAddedMlPerDay: number, capexRand: number, overrides: Partial<Project> = {}): Project {
  return wc011WaterProject(id, { households: 0, capacityAddedMlPerDay, cashFlowRandByBuildYear: [capexRand], description: `works +${capacityAddedMlPerDay} Ml/day` }, overrides);
}

const BALANCE = WC011_WORKS_BALANCE;

/** The tiny model with only `projects`, no service share to meet (they are all water), and no balances. */
async function tinyWith(projects: readonly Project[]): Promise<Dataset> {
  const tiny = await loadModel('tests/fixtures/tiny');
  return { ...tiny, config: { ...tiny.config, policy: { ...tiny.config.policy, minServiceShare: {} } }, projects };
}

/** The tiny model with only `projects` and the balance. */
async function modelWith(projects: readonly Project[]): Promise<Dataset> {
  return { ...(await tinyWith(projects)), capacityBalances: [BALANCE] };
}

/** Best objective over every choice of "unfunded or start s" per project, from the rule's definition. */
function bruteForce(dataset: Dataset): number {
  const indices = computeIndices(dataset);
  const policy = dataset.config.policy;
  const weight = municipalWeight(indices.find((index) => index.municipalityCode === 'WC011')!, policy);
  const years = [2026, 2027, 2028, 2029];
  const choices = dataset.projects.map((project) => [null, ...years.filter((year) => year >= project.earliestStartYear && year <= project.latestStartYear && year + project.cashFlowRandByBuildYear.length - 1 <= 2029)]);
  let best = -Infinity;
  const visit = (position: number, starts: Map<string, number | null>): void => {
    if (position === dataset.projects.length) {
      if (!budgetFeasible(dataset, starts)) return;
      let objective = 0;
      for (const year of years) {
        const added = dataset.projects.reduce((sum, project) => {
          const start = starts.get(project.id);
          return start !== null && start !== undefined && start + project.cashFlowRandByBuildYear.length <= year ? sum + project.capacityAddedMlPerDay : sum;
        }, 0);
        objective += weight * policy.benefitPerMlPerDay * Math.min(BALANCE.shortfallMlPerDayByYear[year], added) * Math.pow(1 + policy.discountRatePercent / 100, -(year - 2026));
      }
      best = Math.max(best, objective);
      return;
    }
    for (const start of choices[position]) visit(position + 1, new Map(starts).set(dataset.projects[position].id, start));
  };
  visit(0, new Map());
  return best;
}

describe('a capacity project counts only the shortfall it closes', () => {
  it('gives the brute-forced optimum, and capacity past the need adds nothing', async () => {
    // A 6 Ml/day works closes the whole shortfall; a 20 Ml/day works closes no more, whatever it costs.
    const dataset = await modelWith([works('SMALL', 6, 20_000_000), works('LARGE', 20, 25_000_000), works('HALF', 3, 10_000_000)]);
    const { plan } = await planRun(datasetRun(dataset), { marginalValues: false });
    expect(plan.status).toBe('optimal');
    expectClose(plan.objectiveBenefitPoints, bruteForce(dataset));
    // Funding LARGE instead of SMALL would earn exactly the same: its 14 extra Ml/day close nothing.
    const onlyLarge = await planRun(datasetRun(await modelWith([works('LARGE', 20, 25_000_000)])), { marginalValues: false });
    const onlySmall = await planRun(datasetRun(await modelWith([works('SMALL', 6, 20_000_000)])), { marginalValues: false });
    expectClose(onlyLarge.plan.objectiveBenefitPoints, onlySmall.plan.objectiveBenefitPoints!);
    // Without the balances the old rule counted every Ml/day: LARGE was worth 20/6 of SMALL.
    const oldLarge = await planRun(datasetRun(await tinyWith([works('LARGE', 20, 25_000_000)])), { marginalValues: false });
    const oldSmall = await planRun(datasetRun(await tinyWith([works('SMALL', 6, 20_000_000)])), { marginalValues: false });
    expectClose(oldLarge.plan.objectiveBenefitPoints! / oldSmall.plan.objectiveBenefitPoints!, 20 / 6);
  });

  it('reports the shortfall closed and the unmet design demand per year, as the checker recomputes them', async () => {
    const dataset = await modelWith([works('HALF', 3, 10_000_000, { earliestStartYear: 2026, latestStartYear: 2026 })]);
    const { plan } = await planRun(datasetRun(dataset), { marginalValues: false });
    const outcome = plan.capacityBalances!.find((balance) => balance.municipalityCode === 'WC011')!;
    // HALF starts in 2026/27, builds one year and is in service from 2027/28: 3 of 4, then 3 of 6 Ml/day closed.
    expect(plan.projects.find((project) => project.id === 'HALF')!.startYear).toBe(2026);
    expect(outcome.closedMlPerDay).toEqual([0, 3, 3, 3]);
    expect(outcome.unmetMlPerDay).toEqual([0, 1, 3, 3]);
    expect(outcome.firstUnmetYear).toBe(2027);
  });

  it('an earlier, deeper shortfall offers more benefit than a late one, and the upgrade starts at once', async () => {
    const early = await modelWith([works('HALF', 3, 10_000_000)]);
    const late: Dataset = { ...early, capacityBalances: [{ ...BALANCE, shortfallMlPerDayByYear: { 2026: 0, 2027: 0, 2028: 0, 2029: 6 } }] };
    const earlyPlan = (await planRun(datasetRun(early), { marginalValues: false })).plan;
    const latePlan = (await planRun(datasetRun(late), { marginalValues: false })).plan;
    expect(earlyPlan.objectiveBenefitPoints!).toBeGreaterThan(latePlan.objectiveBenefitPoints!);
    expect(earlyPlan.projects[0].startYear).toBe(2026);
  });

  it('shortfalls_met_by_year requires the shortfall met from that year, and the diagnosis names it when it cannot hold', async () => {
    const withRule = (dataset: Dataset, fromYear: number): Dataset => ({ ...dataset, config: { ...dataset.config, policy: { ...dataset.config.policy, shortfallsMetByYear: fromYear } } });
    // SMALL (6 Ml/day, one build year) must be in service by 2027/28, so it starts in 2026/27.
    const feasible = await planRun(datasetRun(withRule(await modelWith([works('SMALL', 6, 20_000_000)]), 2027)), { marginalValues: false });
    expect(feasible.plan.status).toBe('optimal');
    expect(feasible.plan.projects[0].startYear).toBe(2026);
    expect(feasible.plan.capacityBalances![0].unmetMlPerDay).toEqual([0, 0, 0, 0]);
    // HALF alone (3 Ml/day) cannot meet a 4 Ml/day shortfall: infeasible, and the diagnosis says which rule and setting.
    const infeasible = await planRun(datasetRun(withRule(await modelWith([works('HALF', 3, 10_000_000)]), 2027)), { marginalValues: false });
    expect(infeasible.plan.status).toBe('infeasible');
    const rules = infeasible.plan.infeasibility?.rules ?? [];
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((rule) => rule.group === 'shortfall_met')).toBe(true);
    expect(rules[0].description).toMatch(/^the water treatment works shortfall of WC011 Matzikama met in 20(27\/28|28\/29|29\/30): at least [46] Ml\/day of new capacity in service$/);
    expect(rules[0].setting).toBe('policy.shortfalls_met_by_year (now 2027)');
  });
});

describe('a baseline completed on a master-plan model', () => {
  it('counts the shortfall its projects close: the optimum\'s own decisions are worth the optimum', async () => {
    // Here all the benefit is shortfall closed, held by continuous variables beside the starts; an
    // LP that only asked "can these starts be paid for?" left them at 0, so a baseline kept as it
    // was looked worthless and the acceptance shortcut never held (found in review, issue 14).
    const dataset = await modelWith([works('HALF', 3, 10_000_000), works('FULL', 6, 30_000_000, { earliestStartYear: 2027 })]);
    const built = buildRunProgram(datasetRun(dataset), 'portfolio');
    if (built.kind !== 'portfolio') throw new Error('expected a portfolio');
    const optimum = await solveProgram(highsEngine, built.program, { relativeGap: 0 });
    expect(optimum.status).toBe('optimal');
    const values = optimum.values as number[];
    const startVariables = new Set([...built.layout.startVariables.values()].flatMap((entries) => entries.map((entry) => entry.variable)));
    const outsideStarts = built.program.objective.filter((term) => !startVariables.has(term.variable));
    expect(outsideStarts.reduce((sum, term) => sum + term.coefficient * values[term.variable], 0)).toBeGreaterThan(0);
    const completed = await completeBaseline(highsEngine, built.program, built.layout, decisionsOfValues(built.layout, values), null);
    expect(completed?.exact).toBe(true);
    expectClose(completed!.benefitPoints, optimum.objective as number);
  });
});
