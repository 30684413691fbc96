/**
 * The command line as the top scenario layer. `--set key=value` assignments use the scenario
 * file's own key paths (`policy.min_service_share.sanitation=0.4`), values are read as YAML
 * (`committed=[WC011-W-01]` is a list), and the result is validated by the same schema as a file,
 * so a typo on the command line gets the same message as a typo in a file.
 */
import type { EngineName } from '../dataset/engine-catalogue.js';
import { InvalidInputError, quoteValue, shortenText, type DataProblem } from '../errors/problems.js';
// Assigning a forbidden key walks into Object.prototype (`--set __proto__.scenarioPath=...` would
// set a property on every object in the process), so the command line refuses them outright, as
// the YAML reader does for files and values.
import { FORBIDDEN_KEYS, parseYamlValue } from '../dataset/yaml-input.js';
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
  /** `--set key=value` assignments, in the order given, e.g. `policy.min_service_share.sanitation=0.4`. */
  readonly set?: readonly string[];
}

/**
 * Keys that make no sense on the command line, with why. `name` and `description` describe a
 * scenario file; the schema accepts them in the layer, but nothing reads them from the command
 * line, so they were silently ignored (issue 9 review, finding 9): refused, naming the key.
 */
const NOT_SETTABLE: ReadonlyMap<string, string> = new Map([
  ['extends', "'extends' can only be given in a scenario file"],
  ['name', "'name' names a scenario file and cannot be set on the command line; write it in the scenario file"],
  ['description', "'description' describes a scenario file and cannot be set on the command line; write it in the scenario file"],
]);


/** Read a `--set` value as YAML so numbers, booleans and lists arrive typed; fall back to the raw text. */
function readValue(text: string): unknown {
  const parsed = parseYamlValue(text);
  return parsed === null ? text : parsed.value;
}

/** A mapping with no prototype, so no key can reach Object.prototype. */
function emptyMapping(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

/** Put `value` at a dotted key path inside `target`, reporting clashes like `policy=1` with `policy.x=2`. */
function assign(target: Record<string, unknown>, keys: readonly string[], value: unknown): string | null {
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const existing = Object.hasOwn(node, key) ? node[key] : undefined;
    if (existing === undefined) node[key] = emptyMapping();
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
  const raw = emptyMapping();
  for (const assignment of commandLine.set ?? []) {
    const equals = assignment.indexOf('=');
    const key = equals < 0 ? '' : assignment.slice(0, equals).trim();
    if (equals < 0 || key === '' || key.split('.').some((part) => part === '')) {
      problems.push({ file: COMMAND_LINE, row: null, column: '--set', message: `'${shortenText(assignment)}' is not a key=value assignment like policy.min_service_share.sanitation=0.4` });
      continue;
    }
    const keys = key.split('.');
    const forbidden = keys.find((part) => FORBIDDEN_KEYS.has(part));
    if (forbidden !== undefined) {
      problems.push({ file: COMMAND_LINE, row: null, column: '--set', message: `${quoteValue(key)} is not a scenario key: '${forbidden}' is never a key (see docs/scenarios.md for the keys a scenario may set)` });
      continue;
    }
    const notSettable = NOT_SETTABLE.get(keys[0]);
    if (notSettable !== undefined) {
      problems.push({ file: COMMAND_LINE, row: null, column: key, message: notSettable });
      continue;
    }
    const valueText = assignment.slice(equals + 1).trim();
    const value = readValue(valueText);
    // YAML reads 1e999 or a hundred thousand nines as infinity; the user typed a number, too large.
    if (typeof value === 'number' && !Number.isFinite(value) && !/^[-+]?\.(inf|nan)$/i.test(valueText)) {
      problems.push({ file: COMMAND_LINE, row: null, column: key, message: `the number ${quoteValue(valueText)} is too large to be read as a number; give a value within the key's range (docs/scenarios.md)` });
      continue;
    }
    const clash = assign(raw, keys, value);
    if (clash) problems.push({ file: COMMAND_LINE, row: null, column: key, message: clash });
  }
  const given = raw.engine;
  const dedicated = commandLine.engine !== undefined || commandLine.timeLimitSeconds !== undefined || commandLine.relativeGap !== undefined;
  if (dedicated && (given === undefined || (typeof given === 'object' && given !== null && !Array.isArray(given)))) {
    const engine = emptyMapping();
    if (given !== undefined) Object.assign(engine, given);
    if (commandLine.engine !== undefined) engine.solver = commandLine.engine;
    if (commandLine.timeLimitSeconds !== undefined) engine.time_limit_seconds = commandLine.timeLimitSeconds;
    if (commandLine.relativeGap !== undefined) engine.relative_gap = commandLine.relativeGap;
    raw.engine = engine;
  }
  if (commandLine.budgetScale !== undefined) raw.budget_scale = commandLine.budgetScale;
  if (problems.length > 0) throw new InvalidInputError(problems);
  if (Object.keys(raw).length === 0) return null;
  // The same schema as a scenario file, quoting what was typed: `expected a number, found "abc"`.
  const parsed = scenarioFileSchema.safeParse(raw, { reportInput: true });
  const locate = () => null;
  if (!parsed.success) throw new InvalidInputError(issuesToProblems(parsed.error.issues, COMMAND_LINE, locate));
  return { label: COMMAND_LINE, settings: parsed.data, locate };
}
