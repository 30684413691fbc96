/**
 * The one check of every path a command is given (issue 9 review, finding 6): an option or
 * positional that names a file, a folder or a model must not be empty or blank. Resolved, an
 * empty name silently means the current folder (`--out ''` wrote 24 forms into it), a temporary
 * database (`--db ''`) or the default model (`validate ''`), and a name of only spaces makes a
 * file no one can find. The check runs as yargs middleware for every command, before its handler,
 * so a new path option is covered by adding its key to PATH_OPTIONS, not by remembering a call.
 */
import { InvalidInputError, type DataProblem } from '../errors/problems.js';
import { COMMAND_LINE } from '../scenario/command-line-layer.js';

/** What a path option names, for the message. */
type PathKind = 'folder' | 'file' | 'model';

/** Every key of every command that names a path, and what it names; `out` is a file for `explain` only. */
export const PATH_OPTIONS: Readonly<Record<string, { readonly kind: PathKind; readonly example: string }>> = {
  out: { kind: 'folder', example: 'reports' },
  output: { kind: 'file', example: 'plan.lp' },
  db: { kind: 'file', example: 'infraplan.sqlite' },
  report: { kind: 'file', example: 'change-report.xlsx' },
  scenario: { kind: 'file', example: 'scenarios/budget-cut-20.yaml' },
  scenarios: { kind: 'file', example: 'scenarios/baseline.yaml' },
  baseline: { kind: 'file', example: 'reports/<run>/plan.json' },
  returns: { kind: 'file', example: 'WC011-return.xlsx' },
  model: { kind: 'model', example: 'western-cape' },
};

/** Commands whose `--out` names a file rather than a folder. */
const OUT_IS_A_FILE = new Set(['explain']);

/** How the user wrote `key`: `--key` when given as an option, `<key>` for a positional. */
function optionLabel(key: string, rawArguments: readonly string[]): string {
  const written = rawArguments.some((word) => word === `--${key}` || word.startsWith(`--${key}=`) || (key === 'output' && word === '-o'));
  return written ? `--${key}` : `<${key}>`;
}

/** The message for an empty value of `label`. */
function emptyMessage(kind: PathKind, label: string, example: string): string {
  const shown = label.startsWith('--') ? `${label} ${example}` : example;
  if (kind === 'folder') return `the folder name is empty; name a folder, e.g. ${shown} (use ${label.startsWith('--') ? `${label} .` : '.'} for the current folder)`;
  if (kind === 'model') return `the model is empty; name a model folder, a model.xlsx or a model name, e.g. ${shown}`;
  return `the file name is empty; name a file, e.g. ${shown}`;
}

/**
 * Throw InvalidInputError naming each path option of `argv` (parsed by yargs) whose value is empty
 * or only white space. `rawArguments` are the words as typed, to tell an option from a positional.
 */
export function checkPathOptions(argv: Readonly<Record<string, unknown>>, rawArguments: readonly string[]): void {
  const command = Array.isArray(argv._) ? String(argv._[0] ?? '') : '';
  const problems: DataProblem[] = [];
  for (const [key, spec] of Object.entries(PATH_OPTIONS)) {
    const value = argv[key];
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    if (!values.some((item) => typeof item === 'string' && item.trim() === '')) continue;
    const kind = key === 'out' && OUT_IS_A_FILE.has(command) ? 'file' : spec.kind;
    const example = key === 'out' && kind === 'file' ? 'explain.xlsx' : spec.example;
    const label = optionLabel(key, rawArguments);
    problems.push({ file: COMMAND_LINE, row: null, column: label, message: emptyMessage(kind, label, example) });
  }
  if (problems.length > 0) throw new InvalidInputError(problems);
}
