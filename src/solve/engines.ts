/**
 * The engine registry: every solver adapter by its command-line name.
 */
import type { Engine, EngineName } from './engine.js';
import { highsEngine } from './highs-engine.js';
import { jslpEngine } from './jslp-engine.js';

/** Engine names in order of preference; the first is the default. */
export const ENGINE_NAMES: readonly EngineName[] = Object.freeze(['highs', 'jslp'] as const);

/** The default engine's name. */
export const DEFAULT_ENGINE: EngineName = 'highs';

const enginesByName: Readonly<Record<EngineName, Engine>> = { highs: highsEngine, jslp: jslpEngine };

/** The engine for a name; throws a RangeError listing the valid names for an unknown one. */
export function getEngine(name: EngineName): Engine {
  const engine = (enginesByName as Record<string, Engine | undefined>)[name];
  if (!engine) throw new RangeError(`unknown solver "${name}"; choose one of: ${ENGINE_NAMES.join(', ')}`);
  return engine;
}
