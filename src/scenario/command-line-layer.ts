/**
 * The command line as the top scenario layer. `--set key=value` assignments use the scenario
 * file's own key paths (`policy.min_sanitation_share=0.4`), values are read as YAML
 * (`committed=[WC011-W-01]` is a list), and the result is validated by the same schema as a file,
 * so a typo on the command line gets the same message as a typo in a file.
 */
import { parse as parseYaml } from 'yaml';
import type { EngineName } from '../solve/engine.js';
import { InvalidInputError, type DataProblem } from '../dataset/problems.js';
import { issuesToProblems, type ScenarioLayer } from './scenario-layer.js';
import { scenarioFileSchema } from './scenario-schema.js';

/** Label of the command-line layer in errors and override lines. */
export const COMMAND_LINE = 'command line';

/** Overrides given on the command line; they beat every scenario file. */
export interface CommandLineOverrides {
  /** `--solver`: engine to use. */
  readonly engine?: EngineName;
  /** `--time-limit`: wall-clock limit for the solve, seconds. */
  readonly timeLimitSeconds?: number;
  /** `--gap`: relative MIP gap at which to stop, e.g. 0.005. */
  readonly relativeGap?: number;
  /** `--budget-scale`: multiplier on every envelope (1 = unchanged); replaces a file's budget_scale. */
  readonly budgetScale?: number;
  /** `--set key=value` assignments, in the order given, e.g. `policy.min_sanitation_share=0.4`. */
  readonly set?: readonly string[];
}

/** Keys that make no sense on the command line. */
const NOT_SETTABLE = new Set(['extends']);

/** Read a `--set` value as YAML so numbers, booleans and lists arrive typed; fall back to the raw text. */
function readValue(text: string): unknown {
  try {
    return parseYaml(text);
  } catch {
    return text;
  }
}

/** Put `value` at a dotted key path inside `target`, reporting clashes like `policy=1` with `policy.x=2`. */
function assign(target: Record<string, unknown>, keys: readonly string[], value: unknown): string | null {
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const existing = node[key];
    if (existing === undefined) node[key] = {};
    else if (typeof existing !== 'object' || existing === null || Array.isArray(existing)) {
      return `'${key}' was already given a value, so it cannot also have sub-keys`;
    }
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
  return null;
}

/**
 * Build the command-line layer, or null when nothing was given. Dedicated options (`--solver`,
 * `--budget-scale`, ...) are applied after `--set`, so `--solver jslp` beats `--set engine.solver=highs`.
 * Throws InvalidInputError naming the option or key.
 */
export function buildCommandLineLayer(commandLine: CommandLineOverrides | undefined): ScenarioLayer | null {
  if (!commandLine) return null;
  const problems: DataProblem[] = [];
  const raw: Record<string, unknown> = {};
  for (const assignment of commandLine.set ?? []) {
    const equals = assignment.indexOf('=');
    const key = equals < 0 ? '' : assignment.slice(0, equals).trim();
    if (equals < 0 || key === '' || key.split('.').some((part) => part === '')) {
      problems.push({ file: COMMAND_LINE, row: null, column: '--set', message: `'${assignment}' is not a key=value assignment like policy.min_sanitation_share=0.4` });
      continue;
    }
    const keys = key.split('.');
    if (NOT_SETTABLE.has(keys[0])) {
      problems.push({ file: COMMAND_LINE, row: null, column: key, message: `'${keys[0]}' can only be given in a scenario file` });
      continue;
    }
    const clash = assign(raw, keys, readValue(assignment.slice(equals + 1).trim()));
    if (clash) problems.push({ file: COMMAND_LINE, row: null, column: key, message: clash });
  }
  const engine: Record<string, unknown> = typeof raw.engine === 'object' && raw.engine !== null ? { ...(raw.engine as object) } : {};
  if (commandLine.engine !== undefined) engine.solver = commandLine.engine;
  if (commandLine.timeLimitSeconds !== undefined) engine.time_limit_seconds = commandLine.timeLimitSeconds;
  if (commandLine.relativeGap !== undefined) engine.relative_gap = commandLine.relativeGap;
  if (Object.keys(engine).length > 0) raw.engine = engine;
  if (commandLine.budgetScale !== undefined) raw.budget_scale = commandLine.budgetScale;
  if (problems.length > 0) throw new InvalidInputError(problems);
  if (Object.keys(raw).length === 0) return null;
  const parsed = scenarioFileSchema.safeParse(raw);
  const locate = () => null;
  if (!parsed.success) throw new InvalidInputError(issuesToProblems(parsed.error.issues, COMMAND_LINE, locate));
  return { label: COMMAND_LINE, settings: parsed.data, locate };
}
