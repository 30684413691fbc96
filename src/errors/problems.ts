/**
 * Problems found in input files. Loaders and checks collect every problem before stopping, so a
 * user fixes a file once rather than once per error.
 *
 * One collector, ProblemList, keeps the list readable whatever the input: it never spreads arrays
 * into a call (a million problems would overflow the stack), shortens over-long text, folds the
 * same problem on many rows into one line, and stops keeping problems past a cap while still
 * counting them. Every InvalidInputError goes through it.
 */
/** Most problem lines printed; the rest are counted (listed with every input limit in src/dataset/limits.ts). */
export const MAX_PROBLEMS_SHOWN = 200;
/** Longest value quoted inside a message, characters; longer values are cut with an ellipsis. */
export const MAX_QUOTED_CHARACTERS = 60;

/** One problem in an input, located as precisely as the input allows. */
export interface DataProblem {
  /** File path as the user gave it (or as found in the model folder). */
  readonly file: string;
  /** 1-based row number in the file as a spreadsheet shows it (header is row 1), or null for the whole file. For a repeated problem, the first row. */
  readonly row: number | null;
  /** Column name, or YAML key path for model.yaml / scenario files, or null. */
  readonly column: string | null;
  /** What is wrong and, where possible, what would be right. One sentence. */
  readonly message: string;
  /** Present when the same problem was found on several rows: how many, and which (`2-40, 57`, possibly cut short). */
  readonly repeated?: { readonly rowCount: number; readonly rows: string };
  /**
   * Present when this problem follows from another one reported at this file and row (a rejected
   * row, a reference to it): the list puts it right after that one, and its message ends with
   * FOLLOWS_FROM_ABOVE.
   */
  readonly follows?: ProblemLocation;
}

/** Where a problem was reported: file and row (null for the whole file). */
export interface ProblemLocation {
  /** File path, as in DataProblem.file. */
  readonly file: string;
  /** Row, as in DataProblem.row. */
  readonly row: number | null;
}

/** The words that end the message of a problem that follows from another one. */
export const FOLLOWS_FROM_ABOVE = '(follows from the problem above)';

/**
 * A problem marked as following from the one at `cause`: listed right after it, its message
 * ending with FOLLOWS_FROM_ABOVE. Use only when a problem is reported at `cause`.
 */
export function followingFrom(problem: DataProblem, cause: ProblemLocation): DataProblem {
  return { ...problem, message: `${problem.message} ${FOLLOWS_FROM_ABOVE}`, follows: { file: cause.file, row: cause.row } };
}

/**
 * The order in which problems are read: by file (`fileRank`, lower first), then by row, with a
 * problem that follows from another placed at its cause's file and row, after the problems there.
 * Problems at one place keep the order found (the sort is stable).
 */
export function causeOrder(fileRank: (file: string) => number): (first: DataProblem, second: DataProblem) => number {
  const place = (problem: DataProblem): readonly [number, number, number] => {
    const at = problem.follows ?? problem;
    return [fileRank(at.file), at.row ?? 0, problem.follows === undefined ? 0 : 1];
  };
  return (first, second) => {
    const [firstFile, firstRow, firstFollows] = place(first);
    const [secondFile, secondRow, secondFollows] = place(second);
    return firstFile - secondFile || firstRow - secondRow || firstFollows - secondFollows;
  };
}

/** Cut text to `maximum` characters with an ellipsis, saying how long it was when that is much longer. */
export function shortenText(text: string, maximum: number = MAX_QUOTED_CHARACTERS): string {
  if (text.length <= maximum) return text;
  const length = text.length > maximum * 4 ? ` (${text.length.toLocaleString('en-GB')} characters)` : '';
  return `${text.slice(0, Math.max(1, maximum - 1))}…${length}`;
}

/**
 * A value quoted inside a message, shortened so that one bad cell cannot flood the screen:
 * text in double quotes (cut at 60 characters), numbers as written, YAML's `.nan` and `.inf`
 * by name, lists and mappings by what they are.
 */
export function quoteValue(value: unknown): string {
  if (typeof value === 'string') {
    if (value.length <= MAX_QUOTED_CHARACTERS) return JSON.stringify(value);
    // JSON.stringify escapes quotes and control characters; the length stays outside the quotes.
    const length = value.length > MAX_QUOTED_CHARACTERS * 4 ? ` (${value.length.toLocaleString('en-GB')} characters)` : '';
    return `${JSON.stringify(`${value.slice(0, MAX_QUOTED_CHARACTERS - 1)}…`)}${length}`;
  }
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan (not a number)';
    if (value === Infinity) return '.inf (infinity)';
    if (value === -Infinity) return '-.inf (minus infinity)';
    return String(value);
  }
  if (value === null) return 'an empty value';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'a mapping of keys to values';
  return shortenText(String(value));
}

/** Longest message and column kept; a safety net for messages built from unchecked text. */
const MAX_MESSAGE_CHARACTERS = 1000;

/** Several rows as compact ranges: `2-40, 57, 60-61`, at most `maximumRanges` of them. */
function formatRowRanges(ranges: readonly (readonly [number, number])[], rowCount: number, maximumRanges = 8): string {
  const shown = ranges.slice(0, maximumRanges).map(([first, last]) => (first === last ? String(first) : `${first}-${last}`));
  const listedRows = ranges.slice(0, maximumRanges).reduce((sum, [first, last]) => sum + last - first + 1, 0);
  if (rowCount > listedRows) shown.push('…');
  return shown.join(', ');
}

/**
 * What the `column` of a problem is called where it occurs: a command-line option, a YAML key, or
 * a table column. "column --gap" or "column policy.need_weight" would send the reader looking
 * for a spreadsheet column that does not exist.
 */
function columnWord(problem: DataProblem): string {
  if (problem.column?.startsWith('--')) return 'option';
  if (problem.column?.startsWith('<')) return 'argument';
  if (/\.ya?ml$/i.test(problem.file) || problem.file === 'command line') return 'key';
  return 'column';
}

/** Render a problem as `file, row N, column C: message` (`line` for a YAML file; `option` or `key` instead of `column` where that is what it is; `rows 2-40 (39 rows)` when repeated). */
export function formatProblem(problem: DataProblem): string {
  const where = [problem.file];
  // A YAML file has lines, as an editor numbers them; a table has rows (review u4, finding 17).
  const [row, rows] = /\.ya?ml$/i.test(problem.file) ? ['line', 'lines'] : ['row', 'rows'];
  if (problem.repeated) where.push(`${rows} ${problem.repeated.rows} (${problem.repeated.rowCount.toLocaleString('en-GB')} ${rows})`);
  else if (problem.row !== null) where.push(`${row} ${problem.row}`);
  if (problem.column !== null) where.push(`${columnWord(problem)} ${problem.column}`);
  return `${where.join(', ')}: ${problem.message}`;
}

/** One line of the list: a problem and every row it was found on. */
interface ProblemGroup {
  readonly first: DataProblem;
  /** Position of the first occurrence, for a stable order. */
  readonly position: number;
  /** Rows as [first, last] ranges, in the order found; at most MAX_RANGES_KEPT kept. */
  readonly ranges: [number, number][];
  /** Occurrences, including rows beyond the kept ranges. */
  count: number;
}

/** Ranges of rows kept per group; the count goes on. */
const MAX_RANGES_KEPT = 16;
/** Distinct problems kept in memory; beyond this only the count grows (a table of 200 000 bad rows stays small). */
const MAX_GROUPS_KEPT = 10_000;

/**
 * The one problem collector. Add problems one at a time or from any iterable; the same file,
 * column and message on several rows become one line; after MAX_GROUPS_KEPT distinct problems
 * further ones are only counted. `list()` gives the lines to show, at most MAX_PROBLEMS_SHOWN.
 */
export class ProblemList {
  private readonly groups = new Map<string, ProblemGroup>();
  private occurrences = 0;

  /** Add one problem. */
  add(problem: DataProblem): void {
    const occurrences = problem.repeated?.rowCount ?? 1;
    this.occurrences += occurrences;
    const column = problem.column === null ? null : shortenText(problem.column);
    const message = shortenText(problem.message, MAX_MESSAGE_CHARACTERS);
    // A whole-file problem (row null) is never folded with another, nor is one folded already
    // (a problem list passed on from a worker thread).
    const key = problem.row === null || problem.repeated ? `#${this.occurrences}` : `${problem.file}\u0000${column ?? ''}\u0000${message}`;
    const group = this.groups.get(key);
    if (group === undefined) {
      // Past the cap only the count grows.
      if (this.groups.size >= MAX_GROUPS_KEPT) return;
      const first: DataProblem = {
        file: problem.file,
        row: problem.row,
        column,
        message,
        ...(problem.repeated ? { repeated: problem.repeated } : {}),
        ...(problem.follows ? { follows: problem.follows } : {}),
      };
      this.groups.set(key, { first, position: this.groups.size, ranges: problem.row === null ? [] : [[problem.row, problem.row]], count: occurrences });
      return;
    }
    group.count += 1;
    const row = problem.row!;
    const last = group.ranges[group.ranges.length - 1];
    if (last !== undefined && (row === last[1] || row === last[1] + 1)) last[1] = row;
    else if (group.ranges.length < MAX_RANGES_KEPT) group.ranges.push([row, row]);
  }

  /** Add every problem of an iterable, one by one (never `push(...problems)`). */
  addAll(problems: Iterable<DataProblem>): void {
    for (const problem of problems) this.add(problem);
  }

  /** Problems added so far, every occurrence counted. */
  get size(): number {
    return this.occurrences;
  }

  /**
   * The lines to show, in `compare` order (stable; default: the order found), at most `limit`,
   * and how many occurrences they leave out.
   */
  list(compare?: (first: DataProblem, second: DataProblem) => number, limit: number = MAX_PROBLEMS_SHOWN): { problems: DataProblem[]; notShown: number } {
    const groups = [...this.groups.values()];
    if (compare) groups.sort((first, second) => compare(first.first, second.first) || first.position - second.position);
    const shown = groups.slice(0, limit);
    const problems = shown.map((group): DataProblem => {
      if (group.count === 1 || group.first.repeated) return group.first;
      const rows = formatRowRanges(group.ranges, group.count);
      return { ...group.first, repeated: { rowCount: group.count, rows } };
    });
    const shownOccurrences = shown.reduce((sum, group) => sum + group.count, 0);
    return { problems, notShown: this.occurrences - shownOccurrences };
  }
}

/**
 * Thrown when input is invalid. The CLI prints the problems (no stack trace unless --debug) and
 * exits with code 1. `problems` holds the lines shown (repeated problems folded, at most
 * MAX_PROBLEMS_SHOWN); `notShownCount` counts the occurrences left out.
 */
export class InvalidInputError extends Error {
  /** The problems to show, in order. */
  readonly problems: readonly DataProblem[];
  /** Problems found but not listed (beyond the cap), 0 when every one is listed. */
  readonly notShownCount: number;
  /** Every problem found, each occurrence counted. */
  readonly problemCount: number;
  /** From a ProblemList (already ordered with `compare`), or from a plain list that is folded and capped here. */
  constructor(problems: readonly DataProblem[] | ProblemList, compare?: (first: DataProblem, second: DataProblem) => number, extraNotShown = 0) {
    let list: ProblemList;
    if (problems instanceof ProblemList) {
      list = problems;
    } else {
      list = new ProblemList();
      list.addAll(problems);
    }
    const { problems: shown, notShown } = list.list(compare);
    const notShownCount = notShown + extraNotShown;
    const problemCount = list.size + extraNotShown;
    const lines = shown.map((problem) => `  - ${formatProblem(problem)}`);
    if (notShownCount > 0) lines.push(`  … and ${notShownCount.toLocaleString('en-GB')} more problem${notShownCount === 1 ? '' : 's'} not listed; fix these and run again`);
    super(`${problemCount.toLocaleString('en-GB')} problem${problemCount === 1 ? '' : 's'} in the input:\n${lines.join('\n')}`);
    this.name = 'InvalidInputError';
    this.problems = shown;
    this.notShownCount = notShownCount;
    this.problemCount = problemCount;
  }
}
