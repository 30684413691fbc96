/**
 * CPLEX LP text for a LinearProgram, readable by HiGHS, CPLEX, Gurobi, CBC and GLPK. Only the
 * safe names `x_<index>` / `c_<index>` appear in the model; a comment header maps them back to
 * labels for the person checking the file. Ranged rows become two rows (`c_3_lower`, `c_3_upper`)
 * because the `-R <= expression <= R` form is not read by every parser (HiGHS 1.15 aborts on it).
 */
import { writeFileAtomic } from '../files/atomic-file.js';
import { OutputExistsError } from '../files/write-errors.js';
import type { LinearProgram, LinearTerm } from '../program/linear-program.js';
import { commentSafeLabel, constraintName, RANGED_ROW_SUFFIXES, variableName } from '../program/lp-names.js';
import { assertValidProgram } from '../program/validate-program.js';

/** Longest line written; the LP format allows 255 characters and some readers choke beyond it. */
export const LP_LINE_LIMIT = 250;

/** Options for writeLpText. */
export interface LpTextOptions {
  /** Write the comment header mapping names to labels; default true. */
  readonly header?: boolean;
}

/**
 * A number as LP text that parses back to exactly the same double. JavaScript's shortest
 * round-trip form is used (an exponent only below 1e-6, which every LP reader accepts);
 * negative zero becomes 0.
 */
export function formatLpNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} as an LP number`);
  return Object.is(value, -0) ? '0' : String(value);
}

/** Pieces of `prefix term term ...`, packed into lines no longer than LP_LINE_LIMIT. */
function wrapPieces(first: string, pieces: readonly string[], indent = '   '): string[] {
  const lines: string[] = [];
  let line = first;
  for (const piece of pieces) {
    if (line.length + 1 + piece.length > LP_LINE_LIMIT && line.trim().length > 0) {
      lines.push(line);
      line = indent + piece;
    } else {
      line = line.length === 0 ? piece : `${line} ${piece}`;
    }
  }
  lines.push(line);
  return lines;
}

/** `3 x_0`, `- 2.5 x_1` pieces of an expression; the first term carries its sign attached. */
function expressionPieces(terms: readonly LinearTerm[]): string[] {
  return terms.map((term, position) => {
    const magnitude = formatLpNumber(Math.abs(term.coefficient));
    const name = variableName(term.variable);
    if (position === 0) return `${term.coefficient < 0 ? '-' : ''}${magnitude} ${name}`;
    return `${term.coefficient < 0 ? '-' : '+'} ${magnitude} ${name}`;
  });
}

/** Expression pieces, or `0 x_0` when empty so the row or objective stays syntactically valid. */
function nonEmptyPieces(terms: readonly LinearTerm[]): string[] {
  return terms.length > 0 ? expressionPieces(terms) : ['0 x_0'];
}

/** The program as CPLEX LP text. Throws InvalidProgramError for NaN or infinite coefficients. */
export function writeLpText(program: LinearProgram, options: LpTextOptions = {}): string {
  assertValidProgram(program);
  const hasVariables = program.variables.length > 0;
  const lines: string[] = [];
  if (options.header ?? true) {
    lines.push(`\\ infraplan linear program: ${commentSafeLabel(program.name)}`);
    lines.push(`\\ ${program.variables.length} variables, ${program.constraints.length} constraints; names map to labels:`);
    program.variables.forEach((variable, index) => lines.push(`\\ ${variableName(index)} = ${commentSafeLabel(variable.label)}`));
    program.constraints.forEach((constraint, index) =>
      lines.push(`\\ ${constraintName(index)} = ${commentSafeLabel(constraint.label)} (${commentSafeLabel(constraint.group)})`),
    );
  }

  lines.push(program.sense === 'maximize' ? 'Maximize' : 'Minimize');
  const objectivePieces = hasVariables ? nonEmptyPieces(program.objective) : [];
  if (program.objectiveConstant !== 0 || objectivePieces.length === 0) {
    const constant = program.objectiveConstant;
    objectivePieces.push(objectivePieces.length === 0 ? formatLpNumber(constant) : `${constant < 0 ? '-' : '+'} ${formatLpNumber(Math.abs(constant))}`);
  }
  lines.push(...wrapPieces(' obj:', objectivePieces));

  lines.push('Subject To');
  program.constraints.forEach((constraint, index) => {
    const name = constraintName(index);
    const { lower, upper } = constraint;
    if (!hasVariables) {
      lines.push(`\\ ${name} omitted: the program has no variables`);
      return;
    }
    const pieces = nonEmptyPieces(constraint.terms);
    const row = (rowName: string, relation: string, bound: number): void => {
      lines.push(...wrapPieces(` ${rowName}:`, [...pieces, relation, formatLpNumber(bound)]));
    };
    if (lower === upper) row(name, '=', lower);
    else if (Number.isFinite(lower) && Number.isFinite(upper)) {
      row(name + RANGED_ROW_SUFFIXES.lower, '>=', lower);
      row(name + RANGED_ROW_SUFFIXES.upper, '<=', upper);
    } else if (Number.isFinite(upper)) row(name, '<=', upper);
    else if (Number.isFinite(lower)) row(name, '>=', lower);
    else lines.push(`\\ ${name} omitted: it has no finite bound`);
  });

  lines.push('Bounds');
  const generals: string[] = [];
  const binaries: string[] = [];
  program.variables.forEach((variable, index) => {
    const name = variableName(index);
    if (variable.kind === 'binary') {
      binaries.push(name);
      const lower = Math.max(variable.lower, 0);
      const upper = Math.min(variable.upper, 1);
      // The Binary section implies 0..1; only a tighter (fixed) range needs a line.
      if (lower === upper) lines.push(` ${name} = ${formatLpNumber(lower)}`);
      return;
    }
    if (variable.kind === 'integer') generals.push(name);
    const { lower, upper } = variable;
    if (lower === upper) lines.push(` ${name} = ${formatLpNumber(lower)}`);
    else if (lower === -Infinity && upper === Infinity) lines.push(` ${name} free`);
    else if (upper === Infinity) {
      if (lower !== 0) lines.push(` ${name} >= ${formatLpNumber(lower)}`);
    } else {
      // Both sides are written so no reader applies its own rule for a negative upper bound.
      const lowerText = lower === -Infinity ? '-inf' : formatLpNumber(lower);
      lines.push(` ${lowerText} <= ${name} <= ${formatLpNumber(upper)}`);
    }
  });
  if (generals.length > 0) lines.push('General', ...wrapPieces('', generals, ' ').map((line) => ` ${line.trim()}`));
  if (binaries.length > 0) lines.push('Binary', ...wrapPieces('', binaries, ' ').map((line) => ` ${line.trim()}`));
  lines.push('End');
  return `${lines.join('\n')}\n`;
}

/** Thrown by writeLpFile when the target exists and `force` was not given (shared with every atomic writer). */
export { OutputExistsError };

/** Options for writeLpFile. */
export interface LpFileOptions extends LpTextOptions {
  /** Replace an existing file; default false. */
  readonly force?: boolean;
}

/**
 * Write the program's LP text to `path` atomically (files/atomic-file.ts): a temporary file in
 * the same folder, flushed, then renamed into place, so a reader never sees half a file and a full
 * disk leaves an existing file untouched. Never overwrites unless `force` (throws
 * OutputExistsError). Creates the parent folder. Returns the path written.
 */
export async function writeLpFile(program: LinearProgram, path: string, options: LpFileOptions = {}): Promise<string> {
  const text = writeLpText(program, options);
  await writeFileAtomic(path, text, { overwrite: options.force ?? false, createFolder: true });
  return path;
}
