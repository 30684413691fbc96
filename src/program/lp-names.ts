/**
 * Names at the engine boundary. Engines and LP files see only `x_<index>` for variables and
 * `c_<index>` for constraints, so domain ids (with spaces, brackets, slashes) can never break a
 * solver's parser or collide with its keywords. This table maps the safe names back to labels.
 */
import type { LinearProgram } from './linear-program.js';

/** Safe engine name of the variable at `index`: `x_<index>`. */
export function variableName(index: number): string {
  return `x_${index}`;
}

/** Safe engine name of the constraint at `index`: `c_<index>`. */
export function constraintName(index: number): string {
  return `c_${index}`;
}

/** Suffixes used when one ranged constraint is written as two rows (LP text cannot hold both sides). */
export const RANGED_ROW_SUFFIXES = { lower: '_lower', upper: '_upper' } as const;

/** A two-way lookup between safe engine names and the program's human labels. */
export interface LpNameTable {
  /** Label of a safe name (`x_3`, `c_7`, or a ranged half such as `c_7_upper`), or undefined. */
  labelOf(name: string): string | undefined;
  /** Safe names in program order, each with its label: variables first, then constraints. */
  readonly entries: readonly { readonly name: string; readonly label: string }[];
}

const SAFE_NAME = /^([xc])_(\d+)(?:_lower|_upper)?$/;

/** Build the lookup table for a program. */
export function buildNameTable(program: LinearProgram): LpNameTable {
  const entries = [
    ...program.variables.map((variable, index) => ({ name: variableName(index), label: variable.label })),
    ...program.constraints.map((constraint, index) => ({ name: constraintName(index), label: constraint.label })),
  ];
  return {
    entries,
    labelOf(name: string): string | undefined {
      const match = SAFE_NAME.exec(name);
      if (!match) return undefined;
      const index = Number(match[2]);
      const list = match[1] === 'x' ? program.variables : program.constraints;
      return list[index]?.label;
    },
  };
}

/** A label made safe for one comment line: control characters and line breaks become spaces. */
export function commentSafeLabel(label: string): string {
  // eslint-disable-next-line no-control-regex
  return label.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ');
}
