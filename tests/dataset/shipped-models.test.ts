import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel, resolveModelPath } from '../../src/dataset/load-model.js';
import { validateRun as validateModel } from '../../src/pipeline/validate-run.js';

/** Data rows of a CSV file without quoted line breaks, counted independently of the loader. */
async function dataLineCount(file: string): Promise<number> {
  return (await readFile(file, 'utf8')).split(/\r?\n/).filter((line) => line.trim() !== '').length - 1;
}

describe('the models shipped in models/ are valid', () => {
  for (const name of ['western-cape', 'south-africa']) {
    it(name, async () => {
      const folder = resolveModelPath(name);
      const report = await validateModel(folder);
      expect(report.problems).toEqual([]);
      const dataset = await loadModel(folder);
      expect(dataset.municipalities).toHaveLength(await dataLineCount(path.join(folder, 'municipalities.csv')));
      expect(dataset.projects).toHaveLength(await dataLineCount(path.join(folder, 'projects.csv')));
      expect(dataset.needs).toHaveLength(dataset.config.services.length * dataset.municipalities.length);
    });
  }

  it('the default model is the Western Cape one', async () => {
    const dataset = await loadModel(resolveModelPath(undefined));
    expect(dataset.config.name).toBe('western-cape');
    expect(new Set(dataset.municipalities.map((municipality) => municipality.province))).toEqual(new Set(['WC']));
  });
});
