/**
 * One list of engines: the catalogue. Adapters, command-line choices, the model.yaml and scenario
 * schemas, and docs/engines.md all follow it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENGINE, ENGINE_CATALOGUE, ENGINE_NAMES, isEngineName } from '../../src/dataset/engine-catalogue.js';
import { parseModelConfig } from '../../src/dataset/model-config.js';
import { scenarioOptions } from '../../src/scenario/cli-options.js';
import { scenarioFileSchema } from '../../src/scenario/scenario-schema.js';
import { getEngine } from '../../src/solve/engines.js';

const MINIMAL_MODEL = (solver: string) => `name: m\ntitle: M\nbase_financial_year: 2026/27\nhorizon_years: 2\nindicators:\n  - { id: a, label: A, theme: need, direction: higher_is_worse }\n  - { id: b, label: B, theme: growth, direction: higher_is_better }\nengine:\n  solver: ${solver}\n`;

describe('the engine catalogue', () => {
  it('names the default first and gives every engine an adapter with its capabilities', () => {
    expect(ENGINE_NAMES[0]).toBe(DEFAULT_ENGINE);
    for (const entry of ENGINE_CATALOGUE) {
      const engine = getEngine(entry.name);
      expect(engine.name).toBe(entry.name);
      expect(engine.capabilities).toEqual(entry.capabilities);
    }
  });

  it('is what --solver, model.yaml and scenarios accept, and nothing else', () => {
    expect(scenarioOptions.solver.choices).toEqual(ENGINE_NAMES);
    for (const name of ENGINE_NAMES) {
      expect(parseModelConfig(MINIMAL_MODEL(name), 'model.yaml').config?.engine?.engine).toBe(name);
      expect(scenarioFileSchema.safeParse({ engine: { solver: name } }).success).toBe(true);
    }
    expect(parseModelConfig(MINIMAL_MODEL('cplex'), 'model.yaml').problems.map((problem) => problem.column)).toEqual(['engine.solver']);
    expect(scenarioFileSchema.safeParse({ engine: { solver: 'cplex' } }).success).toBe(false);
    expect(isEngineName('cplex')).toBe(false);
  });

  it('is the list docs/engines.md describes', () => {
    const docs = readFileSync('docs/engines.md', 'utf8');
    for (const entry of ENGINE_CATALOGUE) {
      expect(docs).toContain(`\`${entry.name}\``);
      expect(docs).toContain(entry.label);
    }
  });
});
