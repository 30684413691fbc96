import { describe, expect, it } from 'vitest';
import { ProgramBuilder } from '../../src/program/program-builder.js';
import { assertValidProgram, findProgramProblems, InvalidProgramError } from '../../src/program/validate-program.js';
import type { LinearProgram } from '../../src/program/linear-program.js';

/** A small built program: two binaries, one budget row. */
function builtProgram(): LinearProgram {
  const builder = new ProgramBuilder('cache-check');
  const first = builder.addVariable('x_first', 'binary');
  const second = builder.addVariable('x_second', 'binary');
  builder.addConstraint('budget', 'budget', [{ variable: first, coefficient: 3 }, { variable: second, coefficient: 4 }], -Infinity, 5);
  builder.setObjective('maximize', [{ variable: first, coefficient: 1 }, { variable: second, coefficient: 2 }]);
  return builder.build();
}

describe('the validation of rows shared by derived programs (task st)', () => {
  it('still finds every problem of a derived program whose variables no longer match the shared rows', () => {
    const program = builtProgram();
    expect(findProgramProblems(program)).toEqual([]);
    // The same frozen rows with one variable fewer: the row's second term now points past the end.
    const shorter: LinearProgram = { ...program, variables: program.variables.slice(0, 1), objective: program.objective.slice(0, 1) };
    expect(findProgramProblems(shorter)).toEqual(['constraint "budget" (c_0): refers to variable index 1, but the program has 1 variables']);
    // And the program it came from is still clean, its variables' own problems still found.
    expect(findProgramProblems(program)).toEqual([]);
    const badBound: LinearProgram = { ...program, variables: program.variables.map((variable, index) => (index === 0 ? { ...variable, upper: Number.NaN } : variable)) };
    expect(() => assertValidProgram(badBound)).toThrow(InvalidProgramError);
  });

  it('checks rows that are not frozen every time', () => {
    const program = builtProgram();
    const rows = program.constraints.map((constraint) => ({ ...constraint }));
    const open: LinearProgram = { ...program, constraints: rows };
    expect(findProgramProblems(open)).toEqual([]);
    rows[0].lower = Number.NaN;
    expect(findProgramProblems(open)).toEqual(['constraint "budget" (c_0): lower bound is NaN']);
  });
});
