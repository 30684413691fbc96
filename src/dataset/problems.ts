/**
 * Problems found in input files. Loaders and checks collect every problem before stopping, so a
 * user fixes a file once rather than once per error.
 */

/** One problem in an input, located as precisely as the input allows. */
export interface DataProblem {
  /** File path as the user gave it (or as found in the model folder). */
  readonly file: string;
  /** 1-based row number in the file as a spreadsheet shows it (header is row 1), or null for the whole file. */
  readonly row: number | null;
  /** Column name, or YAML key path for model.yaml / scenario files, or null. */
  readonly column: string | null;
  /** What is wrong and, where possible, what would be right. One sentence. */
  readonly message: string;
}

/**
 * What the `column` of a problem is called where it occurs: a command-line option, a YAML key, or
 * a table column. "column --gap" or "column policy.need_weight" would send the reader looking
 * for a spreadsheet column that does not exist.
 */
function columnWord(problem: DataProblem): string {
  if (problem.column?.startsWith('--')) return 'option';
  if (/\.ya?ml$/i.test(problem.file) || problem.file === 'command line') return 'key';
  return 'column';
}

/** Render a problem as `file, row N, column C: message` (`option` or `key` instead of `column` where that is what it is). */
export function formatProblem(problem: DataProblem): string {
  const where = [problem.file];
  if (problem.row !== null) where.push(`row ${problem.row}`);
  if (problem.column !== null) where.push(`${columnWord(problem)} ${problem.column}`);
  return `${where.join(', ')}: ${problem.message}`;
}

/**
 * Thrown when input is invalid. The CLI prints the problems (no stack trace unless --debug) and
 * exits with code 1.
 */
export class InvalidInputError extends Error {
  readonly problems: readonly DataProblem[];
  constructor(problems: readonly DataProblem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in the input:\n` +
        problems.map((problem) => `  - ${formatProblem(problem)}`).join('\n'),
    );
    this.name = 'InvalidInputError';
    this.problems = problems;
  }
}
