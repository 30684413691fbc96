import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escalateProject } from '../../src/scenario/apply-scenario.js';
import { resolveScenario } from '../../src/scenario/resolve-scenario.js';
import { plannedDataset } from '../../src/pipeline/plan-run.js';
import { deepFreeze, makeSampleDataset } from './sample-dataset.js';
import { expectOnlyChanged, problemsOf, writeScenarioFiles } from './helpers.js';
import { RunCounter } from '../property-runs.js';
import { ARITHMETIC, expectAllClose, expectClose } from '../tolerance.js';

const MILLION = 1_000_000;

/** Resolve one scenario text against a frozen sample dataset. */
async function resolveText(text: string, commandLine?: Parameters<typeof resolveScenario>[2]) {
  const folder = await writeScenarioFiles({ 'scenario.yaml': text });
  const original = deepFreeze(makeSampleDataset());
  const resolved = await resolveScenario(original, path.join(folder, 'scenario.yaml'), commandLine);
  return { original, resolved, file: path.join(folder, 'scenario.yaml') };
}

describe('resolveScenario without a scenario', () => {
  it('returns the model unchanged, named baseline, with no overrides', async () => {
    const original = deepFreeze(makeSampleDataset());
    const resolved = await resolveScenario(original, undefined);
    expect(resolved.scenarioName).toBe('baseline');
    expect(resolved.overridesApplied).toEqual([]);
    expect(resolved.engineOptions).toEqual({});
    expect(resolved.dataset).toEqual(makeSampleDataset());
  });
});

describe('a scenario changes exactly what it says', () => {
  it('policy fields', async () => {
    const { original, resolved, file } = await resolveText('policy:\n  min_service_share: { sanitation: 0.4 }\n  need_weight: 0.7\n');
    expect(resolved.dataset.config.policy.minServiceShare.sanitation).toBe(0.4);
    expect(resolved.dataset.config.policy.needWeight).toBe(0.7);
    expectOnlyChanged(original, resolved.dataset, [
      ['config', 'policy', 'minServiceShare'],
      ['config', 'policy', 'needWeight'],
    ]);
    // Within one file, lines follow the documented key order (need_weight before min_service_share).
    expect(resolved.overridesApplied).toEqual([
      `policy.need_weight = 0.7 (${file})`,
      `policy.min_service_share.sanitation = 0.4 (${file})`,
    ]);
    expect(resolved.scenarioName).toBe('scenario');
  });

  it('former policy keys still work, each with a note in the overrides applied', async () => {
    const { original, resolved, file } = await resolveText('policy:\n  min_sanitation_share: 0.4\n  allocation_cost_per_water_household_rand: 40000\n');
    expect(resolved.dataset.config.policy.minServiceShare).toEqual({ sanitation: 0.4 });
    expect(resolved.dataset.config.policy.allocationCostPerHouseholdRand).toEqual({ water: 40_000, sanitation: 30_000 });
    expectOnlyChanged(original, resolved.dataset, [
      ['config', 'policy', 'minServiceShare'],
      ['config', 'policy', 'allocationCostPerHouseholdRand'],
    ]);
    expect(resolved.overridesApplied).toEqual([
      `policy.min_service_share.sanitation = 0.4 (${file}; written as policy.min_sanitation_share, its former name)`,
      `policy.allocation_cost_per_household_rand.water = 40000 (${file}; written as policy.allocation_cost_per_water_household_rand, its former name)`,
    ]);
  });

  it('a service value for a service the model does not declare is an error naming the key', async () => {
    await expect(resolveText('policy:\n  min_service_share: { stormwater: 0.2 }\n')).rejects.toThrow(/key policy\.min_service_share\.stormwater: unknown service 'stormwater'; the model declares water, sanitation/);
  });

  it('index weights, normalisation and horizon', async () => {
    const { original, resolved } = await resolveText('normalisation: rank\nindex_weights:\n  water_backlog_share: 3\nhorizon_years: 8\n');
    expect(resolved.dataset.config.indicators[0].weight).toBe(3);
    expectOnlyChanged(original, resolved.dataset, [
      ['config', 'index', 'normalisation'],
      ['config', 'indicators', 0, 'weight'],
      ['config', 'horizonYears'],
    ]);
  });

  it('committed and excluded projects, including overriding the register status', async () => {
    const { original, resolved } = await resolveText('name: force\ncommitted: [WC011-W-01, WC012-S-03]\nexcluded: [WC012-S-02]\n');
    expect(resolved.scenarioName).toBe('force');
    expect(resolved.dataset.projects.map((project) => project.status)).toEqual([
      'committed', 'candidate', 'committed', 'excluded', 'committed', 'candidate',
    ]);
    expectOnlyChanged(original, resolved.dataset, [
      ['projects', 0, 'status'],
      ['projects', 3, 'status'],
      ['projects', 4, 'status'],
    ]);
  });

  it('never mutates the input (it is deep-frozen) and returns a new object', async () => {
    const { original, resolved } = await resolveText('budget_scale: 0.5\ncost_escalation_percent: 10\npolicy: {need_weight: 0.1}\n');
    expect(resolved.dataset).not.toBe(original);
    expect(original).toEqual(makeSampleDataset());
  });
});

describe('envelopes', () => {
  it('applies absolute and percentage overrides in order, each on the result of the previous', async () => {
    const { original, resolved, file } = await resolveText(
      [
        'envelopes:',
        '  - {source: RBIG, years: 2027/28, amount_rand: 150000000}',
        '  - {source: RBIG, years: "2027/28-2028/29", change_percent: -10}',
        '  - {source: MIG, years: [2030, 2035/36], change_percent: 50}',
        '',
      ].join('\n'),
    );
    const rbig = resolved.dataset.fundingSources[0].envelopeRandByYear;
    expectClose(rbig[2027], 135 * MILLION, ARITHMETIC); // 150 M set, then -10%
    expectClose(rbig[2028], 102 * MILLION * 0.9, ARITHMETIC);
    const mig = resolved.dataset.fundingSources[2].envelopeRandByYear;
    expectClose(mig[2030], 144 * MILLION * 1.5, ARITHMETIC);
    expectClose(mig[2035], 149 * MILLION * 1.5, ARITHMETIC);
    expectOnlyChanged(original, resolved.dataset, [
      ['fundingSources', 0, 'envelopeRandByYear', 2027],
      ['fundingSources', 0, 'envelopeRandByYear', 2028],
      ['fundingSources', 2, 'envelopeRandByYear', 2030],
      ['fundingSources', 2, 'envelopeRandByYear', 2035],
    ]);
    expect(resolved.overridesApplied).toEqual([
      `envelopes[0] = RBIG, 2027/28, set to 150000000 rand (${file})`,
      `envelopes[1] = RBIG, 2027/28-2028/29, change -10% (${file})`,
      `envelopes[2] = MIG, 2030/31, 2035/36, change 50% (${file})`,
    ]);
  });

  it('an override without years changes every year of the horizon', async () => {
    const { resolved } = await resolveText('envelopes:\n  - {source: OWN, change_percent: -100}\n');
    expect(Object.values(resolved.dataset.fundingSources[4].envelopeRandByYear)).toEqual(Array(10).fill(0));
  });

  it('budget_scale multiplies every envelope of every source', async () => {
    const { resolved } = await resolveText('budget_scale: 0.8\n');
    resolved.dataset.fundingSources.forEach((source, sourceIndex) => {
      for (let year = 2026; year < 2036; year += 1) {
        expectClose(source.envelopeRandByYear[year], (100 + 20 * sourceIndex + (year - 2026)) * MILLION * 0.8, ARITHMETIC);
      }
    });
  });

  it('delays move a source two years later, leave the first years empty and lose the money past the horizon', async () => {
    const { original, resolved } = await resolveText('delays:\n  - {source: RBIG, delay_years: 2}\n');
    const rbig = resolved.dataset.fundingSources[0].envelopeRandByYear;
    const expected = [0, 0, 100, 101, 102, 103, 104, 105, 106, 107].map((millions) => millions * MILLION);
    expect(Array.from({ length: 10 }, (_, index) => rbig[2026 + index])).toEqual(expected);
    const before = Object.values(original.fundingSources[0].envelopeRandByYear).reduce((a, b) => a + b, 0);
    const after = Object.values(rbig).reduce((a, b) => a + b, 0);
    expect(before - after).toBe((108 + 109) * MILLION);
    expectOnlyChanged(original, resolved.dataset, [['fundingSources', 0, 'envelopeRandByYear']]);
  });

  it('applies edits, then the delay, then the scale', async () => {
    const { resolved } = await resolveText(
      'envelopes:\n  - {source: RBIG, years: 2026/27, amount_rand: 10000000}\ndelays:\n  - {source: RBIG, delay_years: 1}\nbudget_scale: 0.5\n',
    );
    const rbig = resolved.dataset.fundingSources[0].envelopeRandByYear;
    expect(rbig[2026]).toBe(0);
    expect(rbig[2027]).toBe(5 * MILLION); // the edited 2026/27 money, a year late, halved
    expect(rbig[2028]).toBe(50.5 * MILLION);
  });
});

describe('cost escalation', () => {
  it('scales capex and cash flow by the percentage, in the register the program is built from', async () => {
    const { original, resolved } = await resolveText('cost_escalation_percent: 10\n');
    // The scenario records the factor; it applies after the master plan stage (src/dataset/cost-factors.ts).
    expect(resolved.dataset.costFactors).toEqual({ escalationFactor: 1.1 });
    expect(resolved.dataset.projects).toBe(original.projects);
    const planned = plannedDataset(resolved.dataset).dataset;
    expect(planned.costFactors).toBeUndefined();
    planned.projects.forEach((project, index) => {
      expectClose(project.capexRand, original.projects[index].capexRand * 1.1, ARITHMETIC);
      project.cashFlowRandByBuildYear.forEach((amount, year) => {
        expectClose(amount, original.projects[index].cashFlowRandByBuildYear[year] * 1.1, ARITHMETIC);
      });
    });
    expectAllClose(planned.projects[0].cashFlowRandByBuildYear, [29.7 * MILLION, 49.5 * MILLION, 19.8 * MILLION]);
  });

  it('keeps every cash flow summing to the capex (property, seeded)', () => {
    const cashFlow = fc.array(fc.integer({ min: 1, max: 5_000_000_000 }), { minLength: 1, maxLength: 8 });
    const percent = fc.double({ min: -99, max: 300, noNaN: true });
    // Non-trivial: a cash flow of several years whose amounts actually change, so the years' rounding must add up.
    const counter = new RunCounter();
    fc.assert(
      fc.property(cashFlow, percent, (amounts, escalationPercent) => {
        counter.count(amounts.length > 1 && escalationPercent !== 0);
        const base = makeSampleDataset().projects[0];
        const capexRand = amounts.reduce((sum, amount) => sum + amount, 0);
        const escalated = escalateProject({ ...base, capexRand, cashFlowRandByBuildYear: amounts }, 1 + escalationPercent / 100);
        const sum = escalated.cashFlowRandByBuildYear.reduce((total, amount) => total + amount, 0);
        expectClose(sum, escalated.capexRand, ARITHMETIC);
        expectClose(escalated.capexRand, capexRand * (1 + escalationPercent / 100), ARITHMETIC);
      }),
      { seed: 20260401, numRuns: 300 },
    );
    counter.expectMostChecked(300);
  });
});

describe('precedence: command line > file > extends chain (nearer wins) > model', () => {
  const files = {
    'base.yaml': 'policy:\n  min_service_share: { sanitation: 0.35 }\n  need_weight: 0.6\nengine: {solver: jslp, time_limit_seconds: 30}\nexcluded: [WC011-W-01]\n',
    'middle.yaml': 'extends: base.yaml\npolicy:\n  min_service_share: { sanitation: 0.4 }\n',
    'top/child.yaml': 'extends: ../middle.yaml\nname: child\ncommitted: [WC011-W-01]\npolicy:\n  min_service_share: { sanitation: 0.45 }\n',
  };

  it('the model value holds where nothing overrides it', async () => {
    const folder = await writeScenarioFiles(files);
    const resolved = await resolveScenario(deepFreeze(makeSampleDataset()), path.join(folder, 'base.yaml'));
    expect(resolved.dataset.config.policy.growthWeight).toBe(0.5);
    expect(resolved.dataset.config.policy.minServiceShare.sanitation).toBe(0.35);
  });

  it('a file beats what it extends, and a nearer ancestor beats a farther one', async () => {
    const folder = await writeScenarioFiles(files);
    const middle = await resolveScenario(deepFreeze(makeSampleDataset()), path.join(folder, 'middle.yaml'));
    expect(middle.dataset.config.policy.minServiceShare.sanitation).toBe(0.4);
    expect(middle.dataset.config.policy.needWeight).toBe(0.6); // inherited from base
    expect(middle.scenarioName).toBe('middle');

    const childPath = path.join(folder, 'top', 'child.yaml');
    const child = await resolveScenario(deepFreeze(makeSampleDataset()), childPath);
    expect(child.scenarioName).toBe('child');
    expect(child.dataset.config.policy.minServiceShare.sanitation).toBe(0.45);
    expect(child.dataset.projects[0].status).toBe('committed'); // child's commit beats base's exclusion
    expect(child.engineOptions).toEqual({ engine: 'jslp', timeLimitSeconds: 30 });
    const basePath = path.join(folder, 'top', '..', 'base.yaml');
    expect(child.overridesApplied).toEqual([
      `policy.need_weight = 0.6 (${path.normalize(basePath)})`,
      `engine.solver = jslp (${path.normalize(basePath)})`,
      `engine.time_limit_seconds = 30 (${path.normalize(basePath)})`,
      `policy.min_service_share.sanitation = 0.45 (${childPath})`,
      `committed[0] = WC011-W-01 (${childPath})`,
    ]);
  });

  it('the command line beats every file; dedicated options beat --set', async () => {
    const folder = await writeScenarioFiles(files);
    const childPath = path.join(folder, 'top', 'child.yaml');
    const resolved = await resolveScenario(deepFreeze(makeSampleDataset()), childPath, {
      engine: 'highs',
      relativeGap: 0.01,
      budgetScale: 0.9,
      set: ['policy.min_service_share.sanitation=0.5', 'engine.solver=jslp', 'excluded=[WC011-W-01]'],
    });
    expect(resolved.dataset.config.policy.minServiceShare.sanitation).toBe(0.5);
    expect(resolved.dataset.projects[0].status).toBe('excluded');
    expect(resolved.engineOptions).toEqual({ engine: 'highs', timeLimitSeconds: 30, relativeGap: 0.01 });
    expectClose(resolved.dataset.fundingSources[1].envelopeRandByYear[2026], 120 * MILLION * 0.9, ARITHMETIC);
    expect(resolved.overridesApplied.filter((line) => line.endsWith('(command line)'))).toEqual([
      'policy.min_service_share.sanitation = 0.5 (command line)',
      'budget_scale = 0.9 (command line)',
      'excluded[0] = WC011-W-01 (command line)',
      'engine.solver = highs (command line)',
      'engine.relative_gap = 0.01 (command line)',
    ]);
    expect(resolved.overridesApplied.some((line) => line.startsWith('policy.min_service_share.sanitation = 0.45'))).toBe(false);
  });

  it('--budget-scale replaces a file budget_scale rather than multiplying it', async () => {
    const folder = await writeScenarioFiles({ 'cut.yaml': 'budget_scale: 0.8\n' });
    const resolved = await resolveScenario(makeSampleDataset(), path.join(folder, 'cut.yaml'), { budgetScale: 0.5 });
    expect(resolved.dataset.fundingSources[0].envelopeRandByYear[2026]).toBe(50 * MILLION);
  });
});

describe('extends chains', () => {
  it('reports a cycle naming the file and the extends key', async () => {
    const folder = await writeScenarioFiles({ 'a.yaml': 'extends: b.yaml\n', 'b.yaml': 'name: b\nextends: a.yaml\n' });
    const problems = await problemsOf(() => resolveScenario(makeSampleDataset(), path.join(folder, 'a.yaml')));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: path.join(folder, 'b.yaml'), row: 2, column: 'extends' });
    expect(problems[0].message).toContain(`cycle: ${path.join(folder, 'a.yaml')} -> ${path.join(folder, 'b.yaml')} -> ${path.join(folder, 'a.yaml')}`);
  });

  it('reports a file that extends itself', async () => {
    const folder = await writeScenarioFiles({ 'self.yaml': 'extends: ./self.yaml\n' });
    const problems = await problemsOf(() => resolveScenario(makeSampleDataset(), path.join(folder, 'self.yaml')));
    expect(problems[0]).toMatchObject({ column: 'extends', row: 1 });
    expect(problems[0].message).toContain('cycle');
  });

  it('reports a missing extended file at the extends key', async () => {
    const folder = await writeScenarioFiles({ 'a.yaml': 'name: a\nextends: nowhere.yaml\n' });
    const problems = await problemsOf(() => resolveScenario(makeSampleDataset(), path.join(folder, 'a.yaml')));
    expect(problems[0]).toMatchObject({ file: path.join(folder, 'a.yaml'), row: 2, column: 'extends' });
    expect(problems[0].message).toContain(`${path.join(folder, 'nowhere.yaml')}: no such file`);
  });

  it('follows an absolute extends path as written', async () => {
    const base = await writeScenarioFiles({ 'base.yaml': 'name: base\npolicy:\n  min_service_share: { sanitation: 0.42 }\n' });
    const other = await writeScenarioFiles({ 'child.yaml': `extends: ${path.join(base, 'base.yaml')}\n` });
    const resolved = await resolveScenario(makeSampleDataset(), path.join(other, 'child.yaml'));
    expect(resolved.dataset.config.policy.minServiceShare.sanitation).toBe(0.42);
  });

  it('reports a missing scenario file', async () => {
    const problems = await problemsOf(() => resolveScenario(makeSampleDataset(), 'scenarios/does-not-exist.yaml'));
    expect(problems[0]).toMatchObject({ file: 'scenarios/does-not-exist.yaml', row: null, column: null });
    expect(problems[0].message).toMatch(/^cannot read the scenario file: no such file; the scenarios shipped with infraplan, usable by name from any folder: baseline, /);
  });
});

describe('the resolved model must still make sense', () => {
  it('a committed project whose prerequisite is excluded', async () => {
    const problems = await problemsOf(() => resolveText('committed: [WC011-W-02]\nexcluded: [WC011-W-01]\n'));
    expect(problems).toEqual([
      expect.objectContaining({ row: 2, column: 'excluded[0]', message: 'project WC011-W-02 is committed but its prerequisite WC011-W-01 is excluded' }),
    ]);
  });

  it('a horizon that cuts a committed project off', async () => {
    // WC011-W-03 starts 2032/33 at the earliest and builds for three years, so it needs a horizon to 2034/35.
    await expect(resolveText('committed: [WC011-W-03]\nhorizon_years: 9\n')).resolves.toBeDefined();
    const problems = await problemsOf(() => resolveText('committed: [WC011-W-03]\nhorizon_years: 8\n'));
    expect(problems).toEqual([expect.objectContaining({ row: 2, column: 'horizon_years' })]);
    expect(problems[0].message).toContain('cannot be completed by the end of the horizon in 2033/34');
  });

  it('two committed projects of one exclusive group', async () => {
    const problems = await problemsOf(() => resolveText('committed: [WC012-S-02]\n'));
    expect(problems[0]).toMatchObject({ column: 'committed[0]' });
    expect(problems[0].message).toContain('same exclusive group clanwilliam-wwtw');
  });

  it('one project both committed and excluded in one file', async () => {
    const problems = await problemsOf(() => resolveText('committed: [WC011-W-01]\nexcluded:\n  - WC011-W-01\n'));
    expect(problems[0]).toMatchObject({ row: 3, column: 'excluded[0]', message: 'project WC011-W-01 is also listed under committed[0] in this file' });
  });

  it('every indicator of a theme weighted zero', async () => {
    const problems = await problemsOf(() => resolveText('index_weights: {gva_growth_percent: 0}\n'));
    expect(problems[0]).toMatchObject({ row: 1, column: 'index_weights.gva_growth_percent' });
  });

  it('district share minimum above the maximum', async () => {
    const problems = await problemsOf(() => resolveText('policy:\n  district_share_min: 0.6\n  district_share_max: 0.5\n'));
    expect(problems[0]).toMatchObject({ row: 2, column: 'policy.district_share_min' });
  });
});
