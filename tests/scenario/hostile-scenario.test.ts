/**
 * Issue 9: hostile and broken scenarios and command lines, one describe per class. Every input goes
 * through resolveScenario (the stage every planning command calls) and must give a located
 * InvalidInputError. The broken scenario files are fixtures in tests/fixtures/broken/scenarios/.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/errors/problems.js';
import { resolveScenario } from '../../src/scenario/resolve-scenario.js';
import { problemsOf } from './helpers.js';
import { makeSampleDataset } from './sample-dataset.js';

const fixtures = path.join('tests', 'fixtures', 'broken', 'scenarios');

let scratch = '';
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'infraplan-hostile-scenario-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** The problems of `--set` assignments, formatted as the CLI prints them. */
async function setProblems(...assignments: string[]): Promise<string[]> {
  return (await problemsOf(() => resolveScenario(makeSampleDataset(), undefined, { set: assignments }))).map(formatProblem);
}

describe('class 1: --set never walks into Object.prototype', () => {
  it('__proto__, constructor and prototype are refused as keys at any depth, and nothing is polluted', async () => {
    for (const assignment of ['__proto__.scenarioPath=/etc/passwd', 'policy.__proto__.polluted=1', 'constructor.prototype.polluted=1', 'policy.prototype=1']) {
      const [problem] = await setProblems(assignment);
      expect(problem, assignment).toMatch(/^command line, option --set: ".*" is not a scenario key: '(__proto__|constructor|prototype)' is never a key/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).scenarioPath).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('a scenario file or a --set value naming __proto__ as a key, even inside index_weights, is refused', async () => {
    const folder = path.join(scratch, 'proto');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'proto.yaml'), 'budget_scale: 0.9\nindex_weights:\n  __proto__: {polluted: 1}\n');
    expect((await problemsOf(() => resolveScenario(makeSampleDataset(), path.join(folder, 'proto.yaml')))).map(formatProblem)).toEqual([
      `${path.join(folder, 'proto.yaml')}, line 3, key __proto__: '__proto__' is never a key in an infraplan file`,
    ]);
    expect(await setProblems('index_weights={__proto__: 1}')).toEqual([expect.stringContaining('command line, key index_weights: expected a mapping')]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('an ordinary --set still applies, and its mapping has no prototype to leak', async () => {
    const resolved = await resolveScenario(makeSampleDataset(), undefined, { set: ['policy.need_weight=0.7'] });
    expect(resolved.dataset.config.policy.needWeight).toBe(0.7);
    expect(resolved.overridesApplied).toEqual(['policy.need_weight = 0.7 (command line)']);
  });
});

describe('class 5: huge numbers in a scenario, and scaled values that overflow', () => {
  it('budget_scale, cost_escalation_percent, amount_rand, change_percent and a policy value of 1e306-1e308', async () => {
    const file = path.join(fixtures, 'huge-values.yaml');
    const problems = await problemsOf(() => resolveScenario(makeSampleDataset(), file));
    expect(problems.map((problem) => [problem.row, problem.column, problem.message])).toEqual([
      [2, 'budget_scale', 'expected a value at or below 100, found 1e+308'],
      [3, 'cost_escalation_percent', 'expected a value at or below 1000, found 1e+306'],
      [6, 'envelopes[0].amount_rand', 'expected a value at or below 10000000000000 (R10 trillion), found 1e+308'],
      [8, 'envelopes[1].change_percent', 'expected a value at or below 1000, found 1e+308'],
      [10, 'policy.benefit_per_household', 'expected a value at or below 1000000 (1 million points), found 1e+308'],
    ]);
  });

  it('allowed values that multiply an envelope or a capex past R10 trillion are blamed on the key that did it', async () => {
    const dataset = makeSampleDataset();
    const big = { ...dataset, fundingSources: dataset.fundingSources.map((source) => ({ ...source, envelopeRandByYear: { ...source.envelopeRandByYear, 2026: 2e12 } })) };
    // The same scale on the ordinary envelopes is fine: the check is on the result, not the factor.
    const fine = await resolveScenario(dataset, undefined, { set: ['budget_scale=10'] });
    expect(fine.dataset.fundingSources[0].envelopeRandByYear[2026]).toBe(1_000_000_000);
    const scaled = (await problemsOf(() => resolveScenario(big, undefined, { set: ['budget_scale=10'] }))).map(formatProblem);
    expect(scaled).toEqual([
      'command line, key budget_scale: makes the RBIG envelope of 2026/27 R20,000,000,000,000, more than the largest plausible amount of R10,000,000,000,000 (R10 trillion); check the value',
    ]);
    const bigCapex = { ...dataset, projects: dataset.projects.map((project) => ({ ...project, capexRand: 5e12, cashFlowRandByBuildYear: [5e12] })) };
    const escalated = await problemsOf(() => resolveScenario(bigCapex, undefined, { set: ['cost_escalation_percent=150'] }));
    expect(escalated).toEqual([expect.objectContaining({ column: 'cost_escalation_percent', message: expect.stringContaining('makes the capex of WC011-W-01 R12,500,000,000,000') })]);
  });
});

/** Expect one problem for a scenario fixture; return it formatted. */
async function fixtureProblem(name: string): Promise<string> {
  const problems = await problemsOf(() => resolveScenario(makeSampleDataset(), path.join(fixtures, name)));
  // The messages, not the problem objects, so a failure shows what the second problem was (deep
  // nesting once gave two in a full clean-clone run and one alone: src/dataset/yaml-input.ts).
  expect(problems.map(formatProblem), name).toHaveLength(1);
  return formatProblem(problems[0]);
}

describe('class 7: an absurdly long scenario name', () => {
  it('is an input error naming the key, not a crash when the run folder is named', async () => {
    expect(await fixtureProblem('long-name.yaml')).toBe(`${path.join(fixtures, 'long-name.yaml')}, line 1, key name: expected at most 100 characters, found 312`);
  });
});

describe('class 9: YAML bombs', () => {
  it('billion-laughs aliases and 2 000 nested maps are input errors naming the file', async () => {
    expect(await fixtureProblem('billion-laughs.yaml')).toContain('billion-laughs.yaml: aliases (*name) expand to too much data');
    expect(await fixtureProblem('deep-nesting.yaml')).toContain('deep-nesting.yaml, line 1: not valid YAML: nested too deeply to read');
  });

  it('a --set value is read under the same limits', async () => {
    const [problem] = await setProblems(`policy.need_weight=${'['.repeat(2000)}${']'.repeat(2000)}`);
    expect(problem).toMatch(/^command line, key policy\.need_weight: expected a number, found "\[\[\[/);
  });
});

describe('class 13: typed values say what was found', () => {
  it('--set of a word, of .nan and of a fraction where a whole number belongs', async () => {
    expect(await setProblems('policy.need_weight=abc')).toEqual(['command line, key policy.need_weight: expected a number, found "abc"']);
    expect(await setProblems('budget_scale=.nan')).toEqual(['command line, key budget_scale: expected a number, found .nan (not a number)']);
    expect(await setProblems('horizon_years=7.5')).toEqual(['command line, key horizon_years: expected a whole number, found 7.5']);
  });

  it('.nan and .inf in a scenario file are named, not called null', async () => {
    const problems = await problemsOf(() => resolveScenario(makeSampleDataset(), path.join(fixtures, 'nan-inf.yaml')));
    expect(problems.map((problem) => problem.message)).toEqual([
      'expected a number, found .nan (not a number)',
      'expected a number, found .inf (infinity)',
      'expected a number, found -.inf (minus infinity)',
    ]);
  });

  it('a scenario file that is not UTF-8 is rejected like a model file, not accepted with a garbled name', async () => {
    expect(await fixtureProblem('not-utf8.yaml')).toBe(
      `${path.join(fixtures, 'not-utf8.yaml')}, line 1: file is not UTF-8 text (first bad character on this line); save it as UTF-8 (in Notepad: Save As, Encoding "UTF-8")`,
    );
  });
});

describe('class 14: a scenario path that is not a regular file', () => {
  it.runIf(process.platform !== 'win32')('a FIFO and /dev/zero are refused without reading them', async () => {
    const fifo = path.join(scratch, 'scenario.yaml');
    execFileSync('mkfifo', [fifo]);
    expect((await problemsOf(() => resolveScenario(makeSampleDataset(), fifo))).map(formatProblem)).toEqual([
      `${fifo}: cannot read the scenario file: is a pipe (FIFO), not a regular file; only regular files are read`,
    ]);
    const device = path.join(scratch, 'device.yaml');
    await symlink('/dev/zero', device);
    expect((await problemsOf(() => resolveScenario(makeSampleDataset(), device)))[0].message).toContain('is a device, not a regular file');
  });
});

describe('issue 9 review: scenario files in plain words (findings 8, 10, 11)', () => {
  /** The problems of a fixture scenario, formatted as the CLI prints them. */
  async function fixtureProblems(name: string): Promise<string[]> {
    return (await problemsOf(() => resolveScenario(makeSampleDataset(), path.join(fixtures, name)))).map(formatProblem);
  }

  it.each([
    ['two-documents.yaml', 'line 2: not valid YAML: the file holds more than one YAML document'],
    ['complex-key.yaml', 'line 2: a key must be a plain name, not a list or a mapping'],
    ['binary-tag.yaml', 'line 2: the tag !!binary is not used in infraplan files'],
    ['long-index-weight-key.yaml', 'this key is not a valid name: expected at most 100 characters, found 300'],
    ['utf16be-no-bom.yaml', 'file is UTF-16 big-endian (no byte-order mark) text, not UTF-8; save it as UTF-8'],
    ['utf16le-no-bom.yaml', 'file is UTF-16 little-endian (no byte-order mark) text, not UTF-8'],
    ['utf32.yaml', 'file is UTF-32 text, not UTF-8'],
  ])('%s: one problem, in plain words', async (name, message) => {
    const problems = await fixtureProblems(name);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
    expect(problems[0]).not.toMatch(/parseAllDocuments|Invalid key in record|mapping of keys to values/);
  });

  it('an over-long unknown key is quoted at 60 characters', async () => {
    const [problem] = await fixtureProblems('long-unknown-key.yaml');
    expect(problem).toContain(`unknown key '${'k'.repeat(59)}… (1,000 characters)'`);
    expect(problem.length).toBeLessThan(300);
  });

  it('2,000 unknown keys: the first 20 located one by one, the rest counted on one line', async () => {
    const problems = await fixtureProblems('many-unknown-keys.yaml');
    expect(problems).toHaveLength(21);
    expect(problems[0]).toContain('line 3, key policy.unknown_key_0: unknown key');
    expect(problems[20]).toContain("line 23, key policy: 1,980 more unknown keys ('unknown_key_20', 'unknown_key_21', 'unknown_key_22', …)");
  });

  it('a key given twice is found by the one-pass check', async () => {
    const file = path.join(scratch, 'twice.yaml');
    await writeFile(file, 'name: a\nbudget_scale: 0.9\nbudget_scale: 0.8\n');
    expect(await problemsOf(() => resolveScenario(makeSampleDataset(), file)).then((found) => found.map(formatProblem))).toEqual([`${file}, line 3: not valid YAML: the key 'budget_scale' appears twice in the same mapping`]);
  });

  it('--set with a number too large to read says so, not "found .inf"', async () => {
    const [problem] = await setProblems(`policy.need_weight=${'9'.repeat(100_000)}`);
    expect(problem).toMatch(/^command line, key policy\.need_weight: the number "9{59}…" \(100,000 characters\) is too large to be read as a number/);
  });
});
