/**
 * Every YAML example in the docs validates when pasted (task m2, new-user review: the masterplan:
 * block of docs/masterplan.md did not). A full model.yaml example is parsed as model.yaml; a block
 * with a `masterplan:` key is pasted into the tiny model's model.yaml; scenario snippets are
 * applied as a scenario file to the Western Cape model (whose horizon and sources they name).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { parseModelConfig } from '../../src/dataset/model-config.js';
import { InvalidInputError, formatProblem } from '../../src/errors/problems.js';
import { resolveScenario } from '../../src/scenario/resolve-scenario.js';

/** Every ```yaml block of every docs/*.md file, with its file and the line it starts on. */
const examples = readdirSync('docs')
  .filter((name) => name.endsWith('.md'))
  .flatMap((name) => {
    const text = readFileSync(path.join('docs', name), 'utf8');
    return [...text.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((match) => ({ file: name, line: text.slice(0, match.index).split('\n').length, yaml: match[1] }));
  });

let scratch = '';
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'infraplan-doc-yaml-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('YAML examples in the docs', () => {
  it('there are examples to check (model.yaml, masterplan block, scenarios)', () => {
    expect(examples.map((example) => example.file)).toEqual(expect.arrayContaining(['data-format.md', 'masterplan.md', 'scenarios.md']));
  });

  for (const example of examples) {
    it(`${example.file}, the example on line ${example.line}, validates as pasted`, async () => {
      const data = parse(example.yaml) as Record<string, unknown>;
      if ('name' in data) {
        expect(parseModelConfig(example.yaml, example.file).problems.map(formatProblem)).toEqual([]);
      } else if ('masterplan' in data) {
        // Pasted at the end of a model.yaml, as a user would.
        const pasted = `${readFileSync(path.join('tests', 'fixtures', 'tiny', 'model.yaml'), 'utf8')}\n${example.yaml}`;
        const parsed = parseModelConfig(pasted, 'model.yaml');
        expect(parsed.problems.map(formatProblem)).toEqual([]);
        expect(parsed.config?.masterplan).toBeDefined();
      } else {
        const file = path.join(scratch, `${example.file}-${example.line}.yaml`);
        await writeFile(file, `name: doc-example\n${example.yaml}`);
        const outcome = await resolveScenario(await westernCape(), file).then(
          () => null,
          (error: unknown) => error,
        );
        expect(outcome instanceof InvalidInputError ? outcome.problems.map(formatProblem) : outcome).toBeNull();
      }
    });
  }
});

let westernCapeModel: ReturnType<typeof loadModel> | null = null;
/** The shipped Western Cape model, loaded once. */
function westernCape(): ReturnType<typeof loadModel> {
  westernCapeModel ??= loadModel(path.join('models', 'western-cape'));
  return westernCapeModel;
}
