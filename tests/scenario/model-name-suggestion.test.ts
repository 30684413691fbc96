/**
 * A mistyped model name (new-user review u2, 17): `validate western-cap` said only "model not
 * found"; it now suggests the embedded model it is a typo of and lists the embedded models.
 */
import { describe, expect, it } from 'vitest';
import { embeddedModelNames, loadModel, resolveModelPath } from '../../src/dataset/load-model.js';
import { problemsOf } from './helpers.js';

describe('a model name that is not found', () => {
  it('suggests the embedded model within a typo and lists every embedded model', async () => {
    expect(embeddedModelNames()).toContain('western-cape');
    const problems = await problemsOf(() => loadModel(resolveModelPath('western-cap')));
    expect(problems).toEqual([
      {
        file: 'western-cap',
        row: null,
        column: null,
        message: `model not found; expected a model folder, a model.xlsx or a model.yaml (did you mean western-cape?); the embedded models are ${embeddedModelNames().join(', ')}`,
      },
    ]);
  });

  it('a path (not a bare name) gets neither', async () => {
    const problems = await problemsOf(() => loadModel(resolveModelPath('no/such/model')));
    expect(problems.map((problem) => problem.message)).toEqual(['model not found; expected a model folder, a model.xlsx or a model.yaml']);
  });
});
