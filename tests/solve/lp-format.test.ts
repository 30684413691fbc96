import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProgramBuilder } from '../../src/program/program-builder.js';
import { getEngine } from '../../src/solve/engines.js';
import { solveLpTextWithHighs } from '../../src/solve/highs-engine.js';
import { formatLpNumber, LP_LINE_LIMIT, OutputExistsError, writeLpFile, writeLpText } from '../../src/solve/lp-format.js';
import { buildNameTable } from '../../src/program/lp-names.js';
import { randomKnapsack, randomSmallMilp, terms } from './helpers.js';
import { RunCounter } from '../property-runs.js';
import { expectClose, SOLVER } from '../tolerance.js';

/** A program whose labels hold every character an LP parser would trip on. */
function awkwardlyNamedProgram() {
  const builder = new ProgramBuilder('awkward names: WC023 / 2027');
  const start = builder.addVariable('start[WC023-W-02,2027/28]', 'binary');
  const spend = builder.addVariable('spend [Cape Winelands] R million: x <= 3 \\ note', 'continuous', -Infinity, 40);
  const count = builder.addVariable('count\nof pumps', 'integer', 1, 7);
  const fixed = builder.addVariable('fixed: 2.5', 'continuous', 2.5, 2.5);
  builder.addConstraint('budget[2027/28] <= R 5 bn', 'budget', terms([12.5, 1, 3, 1], [start, spend, count, fixed]), 3, 60);
  builder.addConstraint('link: spend = start', 'link', terms([1, -8], [spend, start]), 0, 0);
  builder.addConstraint('at least one: >= 1', 'floor', terms([1, 1], [start, count]), 1, Infinity);
  builder.setObjective('maximize', terms([10, -0.25, 2, 1], [start, spend, count, fixed]), 7);
  return builder.build();
}

/** The LP text without comment lines: what a parser reads. */
function modelLines(text: string): string[] {
  return text.split('\n').filter((line) => !line.trimStart().startsWith('\\'));
}

describe('writeLpText', () => {
  it('writes only safe names in the model and maps them back in the header', () => {
    const program = awkwardlyNamedProgram();
    const text = writeLpText(program);
    const model = modelLines(text).join('\n');
    for (const forbidden of ['[', ']', '/', 'WC023', 'Cape', 'pumps', ',']) expect(model).not.toContain(forbidden);
    const names = new Set(model.match(/\b[a-z]_[\w]+/g));
    expect([...names].sort()).toEqual(['c_0_lower', 'c_0_upper', 'c_1', 'c_2', 'x_0', 'x_1', 'x_2', 'x_3'].sort());
    expect(text).toContain('\\ x_0 = start[WC023-W-02,2027/28]');
    // A line break inside a label cannot end the comment and leak into the model.
    expect(text).toContain('\\ x_2 = count of pumps');
    const table = buildNameTable(program);
    expect(table.labelOf('c_0_upper')).toBe('budget[2027/28] <= R 5 bn');
    expect(table.labelOf('x_1')).toBe(program.variables[1].label);
    expect(table.labelOf('objective')).toBeUndefined();
  });

  it('writes the sections, bounds and integer markers as documented (compared as sets of lines)', () => {
    const lines = new Set(modelLines(writeLpText(awkwardlyNamedProgram())).map((line) => line.trim()));
    for (const expected of [
      'Maximize',
      'obj: 10 x_0 - 0.25 x_1 + 2 x_2 + 1 x_3 + 7',
      'Subject To',
      'c_0_lower: 12.5 x_0 + 1 x_1 + 3 x_2 + 1 x_3 >= 3',
      'c_0_upper: 12.5 x_0 + 1 x_1 + 3 x_2 + 1 x_3 <= 60',
      'c_1: 1 x_1 - 8 x_0 = 0',
      'c_2: 1 x_0 + 1 x_2 >= 1',
      'Bounds',
      '-inf <= x_1 <= 40',
      '1 <= x_2 <= 7',
      'x_3 = 2.5',
      'General',
      'x_2',
      'Binary',
      'x_0',
      'End',
    ]) {
      expect(lines, expected).toContain(expected);
    }
  });

  it('gives HiGHS the same optimum from the text as from the program directly', async () => {
    for (const program of [awkwardlyNamedProgram(), randomKnapsack(11, 30, 4), ...[3, 8, 15].map(randomSmallMilp)]) {
      const direct = await getEngine('highs').solve(program);
      const fromText = await solveLpTextWithHighs(writeLpText(program));
      expect(direct.status, program.name).toBe('optimal');
      expect(fromText.optimal, `${program.name}: ${fromText.rawStatus}`).toBe(true);
      expectClose(fromText.objective, direct.objective as number, SOLVER, program.name);
    }
  });

  it('wraps long expressions under the line limit and HiGHS still reads them', async () => {
    const builder = new ProgramBuilder('wide');
    const variables = Array.from({ length: 400 }, (_, index) => builder.addVariable(`item ${index}`, 'continuous', 0, 1));
    builder.addConstraint('total', 'total', terms(variables.map((index) => 1 + index / 7), variables), -Infinity, 100);
    builder.setObjective('maximize', terms(variables.map((index) => 1 + (index % 13) / 3), variables));
    const program = builder.build();
    const text = writeLpText(program);
    const longest = Math.max(...modelLines(text).map((line) => line.length));
    expect(longest).toBeLessThanOrEqual(LP_LINE_LIMIT);
    const fromText = await solveLpTextWithHighs(text);
    const direct = await getEngine('highs').solve(program);
    expectClose(fromText.objective, direct.objective as number, SOLVER);
  });

  it('formats numbers that parse back to exactly the same double', () => {
    // Non-trivial: a fraction, whose text a naive format would round (whole numbers are easy).
    const counter = new RunCounter();
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e14, max: 1e14 }), (value) => {
        counter.count(!Number.isInteger(value));
        const text = formatLpNumber(value);
        expect(Number.parseFloat(text)).toBe(Object.is(value, -0) ? 0 : value);
        expect(text).not.toMatch(/^-0$|NaN|Infinity/);
      }),
      { seed: 7, numRuns: 2000 },
    );
    counter.expectMostChecked(2000);
    expect(formatLpNumber(0.1 + 0.2)).toBe('0.30000000000000004');
  });

  it('rejects NaN with the label named before writing anything', () => {
    const program = { ...awkwardlyNamedProgram() };
    const broken = { ...program, objective: [{ variable: 0, coefficient: Number.NaN }] };
    expect(() => writeLpText(broken)).toThrow(/objective: coefficient of "start\[WC023-W-02,2027\/28\]" \(x_0\) is NaN/);
  });
});

describe('writeLpFile', () => {
  it('refuses to overwrite unless forced, and leaves no temporary files', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'infraplan-lp-'));
    const path = join(folder, 'nested', 'plan.lp');
    const program = awkwardlyNamedProgram();
    await writeLpFile(program, path);
    expect(await readFile(path, 'utf8')).toBe(writeLpText(program));
    await writeFile(path, 'keep me');
    await expect(writeLpFile(program, path)).rejects.toBeInstanceOf(OutputExistsError);
    expect(await readFile(path, 'utf8')).toBe('keep me');
    await writeLpFile(program, path, { force: true });
    expect(await readFile(path, 'utf8')).toBe(writeLpText(program));
    expect(await readdir(join(folder, 'nested'))).toEqual(['plan.lp']);
  });
});
