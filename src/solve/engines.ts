/**
 * The engine registry: every engine of the catalogue (src/dataset/engine-catalogue.ts, the one
 * list of names and capabilities) with its adapter. The record is complete by type, so a
 * catalogue entry without an adapter does not compile.
 */
import { ENGINE_NAMES, type EngineName } from '../dataset/engine-catalogue.js';
import type { Engine } from './engine.js';
import { highsEngine } from './highs-engine.js';
import { jslpEngine } from './jslp-engine.js';

export { DEFAULT_ENGINE, ENGINE_NAMES } from '../dataset/engine-catalogue.js';

const enginesByName: Readonly<Record<EngineName, Engine>> = { highs: highsEngine, jslp: jslpEngine };

/** The engine for a name; throws a RangeError listing the valid names for an unknown one. */
export function getEngine(name: EngineName): Engine {
  const engine = (enginesByName as Record<string, Engine | undefined>)[name];
  if (!engine) throw new RangeError(`unknown solver "${name}"; choose one of: ${ENGINE_NAMES.join(', ')}`);
  return engine;
}
