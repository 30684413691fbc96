/**
 * An edited copy of an embedded model runs under its name and says its folder (new-user review
 * u2, 18): the tiny fixture copied and renamed `western-cape` stands for `cp -a
 * models/western-cape /tmp/x` (the real model takes a minute to plan); the embedded model itself
 * and a model whose name no embedded model has print the name alone.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './in-process.js';
import { DEFAULT_MODEL_NAME, resolveModelPath } from '../../src/dataset/load-model.js';
import { editedCopyFolder } from '../../src/cli/model-folder-words.js';

let scratch = '';
let copy = '';
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'infraplan-edited-copy-'));
  copy = path.join(scratch, 'wc-edit');
  await cp(path.join('tests', 'fixtures', 'tiny'), copy, { recursive: true });
  const yaml = await readFile(path.join(copy, 'model.yaml'), 'utf8');
  await writeFile(path.join(copy, 'model.yaml'), yaml.replace(/^name: .*$/m, `name: ${DEFAULT_MODEL_NAME}`));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('an edited copy of an embedded model', () => {
  it('solve names its folder on the first line', async () => {
    const { code, stdout, stderr } = await runInProcess(['solve', copy, '--gap', '0.01']);
    expect(code, stderr).toBe(0);
    expect(stdout.split('\n')[0]).toBe(`${DEFAULT_MODEL_NAME} (model folder ${copy}) · scenario baseline · portfolio · solver highs`);
  });

  it('run names its folder on the model line', async () => {
    const { code, stdout, stderr } = await runInProcess(['run', copy, '--gap', '0.01', '--quiet', '--out', path.join(scratch, 'runs')]);
    expect(code, stderr).toBe(0);
    expect(stdout.split('\n')[1]).toMatch(new RegExp(`^ {2}${DEFAULT_MODEL_NAME} \\(model folder ${copy.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\) · scenario baseline · `));
  });

  it('the embedded model itself, and a model of another name, print the name alone', async () => {
    const embedded = resolveModelPath(undefined);
    expect(editedCopyFolder(DEFAULT_MODEL_NAME, embedded)).toBeNull();
    expect(editedCopyFolder(DEFAULT_MODEL_NAME, path.join(embedded, 'model.yaml'))).toBeNull();
    expect(editedCopyFolder(DEFAULT_MODEL_NAME, path.relative(process.cwd(), embedded))).toBeNull();
    expect(editedCopyFolder(DEFAULT_MODEL_NAME, copy)).toBe(copy);
    const { stdout } = await runInProcess(['solve', path.join('tests', 'fixtures', 'tiny'), '--gap', '0.01']);
    expect(stdout.split('\n')[0]).toBe('tiny · scenario baseline · portfolio · solver highs');
  });
});
