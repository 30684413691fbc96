import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/errors/problems.js';
import { resolveScenario } from '../../src/scenario/resolve-scenario.js';
import { makeSampleDataset } from './sample-dataset.js';
import { problemsOf, writeScenarioFiles } from './helpers.js';

/** The problems a scenario text produces, with the file path replaced by `scenario.yaml`. */
async function problemsFor(text: string) {
  const folder = await writeScenarioFiles({ 'scenario.yaml': text });
  const file = path.join(folder, 'scenario.yaml');
  const problems = await problemsOf(() => resolveScenario(makeSampleDataset(), file));
  for (const problem of problems) expect(problem.file).toBe(file);
  return problems.map((problem) => ({ ...problem, file: 'scenario.yaml' }));
}

describe('every error names the file, the line and the key path', () => {
  it('unknown keys, at any depth, one problem each', async () => {
    const problems = await problemsFor('name: x\nbudget_sacle: 0.8\npolicy:\n  need_weigth: 0.2\n');
    expect(problems).toEqual([
      { file: 'scenario.yaml', row: 2, column: 'budget_sacle', message: expect.stringContaining("unknown key 'budget_sacle'") },
      { file: 'scenario.yaml', row: 4, column: 'policy.need_weigth', message: expect.stringContaining("unknown key 'need_weigth'") },
    ]);
    expect(formatProblem(problems[0])).toMatch(/^scenario\.yaml, line 2, key budget_sacle: unknown key/);
  });

  it('wrong types and ranges inside lists', async () => {
    const problems = await problemsFor(
      'envelopes:\n  - source: RBIG\n    change_percent: -10\n  - source: MIG\n    years: 2027/28\n    change_percent: lots\npolicy:\n  need_weight: 2\n',
    );
    expect(problems.map((problem) => [problem.row, problem.column])).toEqual([
      [6, 'envelopes[1].change_percent'],
      [8, 'policy.need_weight'],
    ]);
  });

  it('an envelope override with both or neither of amount_rand and change_percent', async () => {
    const problems = await problemsFor('envelopes:\n  - {source: RBIG}\n  - {source: MIG, amount_rand: 1, change_percent: 2}\n');
    expect(problems).toEqual([
      expect.objectContaining({ row: 2, column: 'envelopes[0]', message: expect.stringContaining('needs amount_rand') }),
      expect.objectContaining({ row: 3, column: 'envelopes[1].change_percent', message: 'give amount_rand or change_percent, not both' }),
    ]);
  });

  it('ids the model does not know: sources, projects, indicators (all collected before stopping)', async () => {
    const problems = await problemsFor(
      [
        'index_weights:',
        '  water_backlog: 2',
        'envelopes:',
        '  - {source: RBIG, change_percent: 5}',
        '  - {source: EPWP, change_percent: 5}',
        'delays:',
        '  - {source: USDG, delay_years: 1}',
        'committed: [WC011-W-01, WC999-X-01]',
        '',
      ].join('\n'),
    );
    expect(problems.map((problem) => [problem.row, problem.column, problem.message])).toEqual([
      [2, 'index_weights.water_backlog', expect.stringContaining("unknown indicator 'water_backlog'")],
      [5, 'envelopes[1].source', "unknown funding source 'EPWP'; the model has RBIG, WSIG, MIG, PROV, OWN"],
      [7, 'delays[0].source', expect.stringContaining("unknown funding source 'USDG'")],
      [8, 'committed[1]', "unknown project 'WC999-X-01'"],
    ]);
  });

  it('years that are malformed or outside the horizon', async () => {
    const problems = await problemsFor(
      'envelopes:\n  - {source: RBIG, years: 2027/29, change_percent: 5}\n  - {source: RBIG, years: "2035/36-2037/38", change_percent: 5}\n  - {source: RBIG, years: "2030-2028", change_percent: 5}\n',
    );
    expect(problems).toEqual([
      { file: 'scenario.yaml', row: 2, column: 'envelopes[0].years', message: "'2027/29' is not a financial year like 2027/28" },
      { file: 'scenario.yaml', row: 3, column: 'envelopes[1].years', message: '2036/37 is outside the planning horizon 2026/27-2035/36' },
      { file: 'scenario.yaml', row: 4, column: 'envelopes[2].years', message: "the range '2030-2028' ends before it starts" },
    ]);
  });

  it('a delay given twice for one source in one file', async () => {
    const problems = await problemsFor('delays:\n  - {source: RBIG, delay_years: 1}\n  - {source: RBIG, delay_years: 2}\n');
    expect(problems).toEqual([expect.objectContaining({ row: 3, column: 'delays[1].source' })]);
  });

  it('YAML that does not parse, and a file that is not a mapping', async () => {
    const broken = await problemsFor('policy:\n  need_weight: [0.2\nname: x\n');
    expect(broken[0]).toMatchObject({ file: 'scenario.yaml', column: null });
    expect(broken[0].row).toBeGreaterThanOrEqual(2);
    expect(broken[0].message).toMatch(/^not valid YAML: /);
    const list = await problemsFor('- a\n- b\n');
    expect(list).toEqual([{ file: 'scenario.yaml', row: 1, column: null, message: 'a scenario file must be a mapping of keys to values' }]);
  });

  it('an empty file is a valid scenario that changes nothing', async () => {
    const folder = await writeScenarioFiles({ 'empty.yaml': '# nothing yet\n' });
    const resolved = await resolveScenario(makeSampleDataset(), path.join(folder, 'empty.yaml'));
    expect(resolved.scenarioName).toBe('empty');
    expect(resolved.dataset).toEqual(makeSampleDataset());
  });
});

describe('command-line errors name the option or key', () => {
  it('a --set without =, a --set of an unknown key, a --set of extends', async () => {
    const problems = await problemsOf(() =>
      resolveScenario(makeSampleDataset(), undefined, { set: ['policy.need_weight', 'policy.bogus=1', 'extends=x.yaml'] }),
    );
    expect(problems).toEqual([
      expect.objectContaining({ file: 'command line', column: '--set', message: expect.stringContaining("'policy.need_weight' is not a key=value") }),
      expect.objectContaining({ file: 'command line', column: 'extends' }),
    ]);
    const unknown = await problemsOf(() => resolveScenario(makeSampleDataset(), undefined, { set: ['policy.bogus=1'] }));
    expect(unknown).toEqual([{ file: 'command line', row: null, column: 'policy.bogus', message: expect.stringContaining("unknown key 'bogus'") }]);
  });

  it('a --set value of the wrong type or out of range', async () => {
    const problems = await problemsOf(() =>
      resolveScenario(makeSampleDataset(), undefined, { set: ['policy.min_sanitation_share=1.4', 'horizon_years=ten'] }),
    );
    expect(problems.map((problem) => problem.column).sort()).toEqual(['horizon_years', 'policy.min_sanitation_share']);
  });

  it('clashing --set keys', async () => {
    const problems = await problemsOf(() => resolveScenario(makeSampleDataset(), undefined, { set: ['policy=1', 'policy.need_weight=0.2'] }));
    expect(problems[0]).toMatchObject({ file: 'command line', column: 'policy.need_weight' });
  });

  it('an unknown project id on the command line', async () => {
    const problems = await problemsOf(() => resolveScenario(makeSampleDataset(), undefined, { set: ['committed=[NOPE]'] }));
    expect(problems).toEqual([{ file: 'command line', row: null, column: 'committed[0]', message: "unknown project 'NOPE'" }]);
  });
});

describe('every problem of a scenario at once (new-user review u2, 17 and 2)', () => {
  it('a wrong value in one key and an unknown service in another: both, in file order', async () => {
    const problems = await problemsFor('envelopes:\n  - source: MIG\n    change_percent: -15%\npolicy:\n  min_service_share:\n    sanitaton: 0.25\n');
    expect(problems.map((problem) => [problem.row, problem.column, problem.message])).toEqual([
      [3, 'envelopes[0].change_percent', 'expected a number, found "-15%"'],
      [6, 'policy.min_service_share.sanitaton', expect.stringContaining("unknown service 'sanitaton'")],
    ]);
  });

  it('an unknown key beside an unknown funding source: both', async () => {
    const problems = await problemsFor('budget_sacle: 0.8\ndelays:\n  - {source: USDG, delay_years: 1}\n');
    expect(problems.map((problem) => [problem.row, problem.column])).toEqual([
      [1, 'budget_sacle'],
      [3, 'delays[0].source'],
    ]);
  });

  it('a wrong horizon stops there: the year checks of the other keys would be against the wrong years', async () => {
    const problems = await problemsFor('horizon_years: many\nenvelopes:\n  - {source: EPWP, change_percent: 5}\n');
    expect(problems.map((problem) => problem.column)).toEqual(['horizon_years']);
  });

  it('a mis-indented key: its row, its column and the indentation in words, not the library\'s "column 1"', async () => {
    const problems = await problemsFor('policy:\n    min_service_share:\n        water: 0.2\n       sanitation: 0.2\n');
    expect(problems).toEqual([
      {
        file: 'scenario.yaml',
        row: 4,
        column: null,
        message:
          "not valid YAML: column 8: the key 'sanitation' is indented 7 spaces, the line above it (line 3) 8 spaces; the keys of one mapping must start at the same column (indent it as far as the keys it belongs with)",
      },
    ]);
    expect(formatProblem(problems[0])).not.toContain('column 1)');
  });
});
