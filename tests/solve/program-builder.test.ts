import { describe, expect, it } from 'vitest';
import { ProgramBuilder, mergeTerms } from '../../src/program/program-builder.js';
import { InvalidProgramError } from '../../src/program/validate-program.js';

describe('ProgramBuilder', () => {
  it('returns indices in order, merges repeated variables and drops zero coefficients', () => {
    const builder = new ProgramBuilder('merge');
    const first = builder.addVariable('first', 'continuous', 0, 10);
    const second = builder.addVariable('second', 'binary');
    expect([first, second]).toEqual([0, 1]);
    const row = builder.addConstraint('row', 'group', [
      { variable: first, coefficient: 2 },
      { variable: second, coefficient: 3 },
      { variable: first, coefficient: 1.5 },
      { variable: second, coefficient: -3 },
    ], -Infinity, 7);
    builder.setObjective('minimize', [{ variable: first, coefficient: 1 }, { variable: first, coefficient: 1 }], 4);
    const program = builder.build();
    expect(row).toBe(0);
    expect(program.constraints[0].terms).toEqual([{ variable: 0, coefficient: 3.5 }]);
    expect(program.objective).toEqual([{ variable: 0, coefficient: 2 }]);
    expect(program.variables[1]).toEqual({ label: 'second', kind: 'binary', lower: 0, upper: 1 });
    expect(program.objectiveConstant).toBe(4);
    expect(Object.isFrozen(program)).toBe(true);
    expect(Object.isFrozen(program.constraints[0].terms)).toBe(true);
  });

  it('names the duplicate label', () => {
    const builder = new ProgramBuilder('duplicates');
    builder.addVariable('start[WC011-W-01,2027/28]', 'binary');
    expect(() => builder.addVariable('start[WC011-W-01,2027/28]', 'binary')).toThrow(/duplicate variable label "start\[WC011-W-01,2027\/28\]"/);
    builder.addConstraint('budget[2027/28]', 'budget', [], -Infinity, 1);
    expect(() => builder.addConstraint('budget[2027/28]', 'budget', [], -Infinity, 1)).toThrow(/duplicate constraint label "budget\[2027\/28\]"/);
  });

  it('rejects terms on variables that do not exist', () => {
    const builder = new ProgramBuilder('unknown');
    builder.addVariable('only', 'continuous');
    expect(() => builder.addConstraint('row', 'group', [{ variable: 3, coefficient: 1 }], 0, 1)).toThrow(/variable index 3, but only 1 variables exist/);
  });

  it('rejects NaN and infinite numbers at build time, naming every label', () => {
    const builder = new ProgramBuilder('bad-numbers');
    const spend = builder.addVariable('spend[Drakenstein]', 'continuous', 0, Number.NaN);
    builder.addConstraint('budget[2026/27]', 'budget', [{ variable: spend, coefficient: Number.NaN }], -Infinity, 5);
    builder.addConstraint('floor[Drakenstein]', 'floor', [{ variable: spend, coefficient: 1 }], Infinity, Infinity);
    builder.setObjective('maximize', [{ variable: spend, coefficient: Infinity }]);
    let caught: unknown;
    try {
      builder.build();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidProgramError);
    const problems = (caught as InvalidProgramError).problems;
    expect(problems).toContain('variable "spend[Drakenstein]" (x_0): upper bound is NaN');
    expect(problems).toContain('constraint "budget[2026/27]" (c_0): coefficient of "spend[Drakenstein]" (x_0) is NaN');
    expect(problems).toContain('constraint "floor[Drakenstein]" (c_1): lower bound is Infinity');
    expect(problems).toContain('objective: coefficient of "spend[Drakenstein]" (x_0) is Infinity');
    expect(problems).toHaveLength(4);
  });

  it('rejects a finite number too large to tell from infinity', () => {
    const builder = new ProgramBuilder('huge');
    builder.addVariable('capex', 'continuous', 0, 2e15);
    builder.setObjective('maximize', []);
    expect(() => builder.build()).toThrow(/"capex" \(x_0\): upper bound is 2000000000000000, too large/);
  });

  it('requires an objective', () => {
    expect(() => new ProgramBuilder('no-objective').build()).toThrow(/no objective was set/);
  });

  it('mergeTerms keeps first-appearance order and sums exactly', () => {
    expect(mergeTerms([{ variable: 2, coefficient: 1 }, { variable: 0, coefficient: 0 }, { variable: 2, coefficient: 0.5 }])).toEqual([{ variable: 2, coefficient: 1.5 }]);
  });
});
