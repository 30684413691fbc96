/**
 * The engine catalogue: every solver engine infraplan can run, by the name model.yaml's
 * `engine.solver`, a scenario's `engine.solver` and `--solver` accept, with what it can do. The
 * schemas, the command-line choices, the messages and docs/engines.md all read this list (a test
 * holds the docs to it); src/solve/engines.ts gives each name its adapter, as a complete record,
 * so a name added here without an adapter does not compile.
 *
 * It sits with the model's schemas, below every stage, because model.yaml names an engine.
 */

/** What an engine can do. Tests run each formulation on every engine that can. */
export interface EngineCapabilities {
  /** Solves integer and binary variables exactly. */
  readonly integers: boolean;
  /** Reports constraint duals (marginal values) for LPs. */
  readonly duals: boolean;
  /** Honours a time limit. */
  readonly timeLimit: boolean;
  /** Honours a relative MIP gap. */
  readonly relativeGap: boolean;
}

/** One engine of the catalogue. */
export interface EngineDescription {
  /** Name on the command line and in YAML, e.g. `highs`. */
  readonly name: string;
  /** The engine's own name for sentences, e.g. `HiGHS`. */
  readonly label: string;
  /** What it is, in one line for docs and help. */
  readonly description: string;
  /** What it can do. */
  readonly capabilities: EngineCapabilities;
}

/** Every engine, in order of preference: the first is the default. */
export const ENGINE_CATALOGUE = [
  {
    name: 'highs',
    label: 'HiGHS',
    description: 'HiGHS (WebAssembly, on a worker thread it can stop): MILP with bound and gap, LP duals (marginal values); the default',
    capabilities: { integers: true, duals: true, timeLimit: true, relativeGap: true },
  },
  {
    name: 'jslp',
    label: 'javascript-lp-solver',
    description: 'javascript-lp-solver (pure JavaScript): the slower, second engine, without gaps or duals',
    capabilities: { integers: true, duals: false, timeLimit: true, relativeGap: false },
  },
] as const satisfies readonly EngineDescription[];

/** Engine names accepted by `--solver` and `engine.solver`. */
export type EngineName = (typeof ENGINE_CATALOGUE)[number]['name'];

/** Engine names in order of preference; the first is the default. */
export const ENGINE_NAMES: readonly EngineName[] = Object.freeze(ENGINE_CATALOGUE.map((engine) => engine.name));

/** Largest HiGHS `random_seed` accepted (its option is a C int, and a race uses the seed and the next one). */
export const MAX_RANDOM_SEED = 2147483646;

/** The default engine's name. */
export const DEFAULT_ENGINE: EngineName = ENGINE_NAMES[0];

/** True when `text` names an engine of the catalogue. */
export function isEngineName(text: string): text is EngineName {
  return (ENGINE_NAMES as readonly string[]).includes(text);
}

/** The catalogue entry of an engine. */
export function describeEngine(name: EngineName): EngineDescription {
  return ENGINE_CATALOGUE.find((engine) => engine.name === name) as EngineDescription;
}

/** The engine names for a sentence: `highs or jslp`. */
export function engineNamesInWords(): string {
  return ENGINE_NAMES.length <= 1 ? ENGINE_NAMES.join('') : `${ENGINE_NAMES.slice(0, -1).join(', ')} or ${ENGINE_NAMES[ENGINE_NAMES.length - 1]}`;
}
