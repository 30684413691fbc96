/**
 * A scenario checked without solving (new-user review u2, 1): `validate --scenario FILE` checks it
 * against the model (its problems named by file, row and key, exit 1; the summary of the model as
 * it changes it, exit 0), and `indices --scenario FILE` shows the indices under the scenario's
 * index weights and normalisation, the same as computeIndices on the scenario's dataset.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './in-process.js';
import { loadModel } from '../../src/dataset/load-model.js';
import { resolveScenario } from '../../src/scenario/resolve-scenario.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { formatRandMillion } from '../../src/dataset/money-text.js';

const TINY = path.join('tests', 'fixtures', 'tiny');

let scratch = '';
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'infraplan-validate-scenario-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('validate --scenario', () => {
  it('names every problem of a broken scenario by file, row and key, and exits 1', async () => {
    const file = path.join(scratch, 'typo.yaml');
    await writeFile(file, 'name: typo\nenvelopes:\n  - source: MIG\n    chnage_percent: -10\n');
    const { code, stdout, stderr } = await runInProcess(['validate', TINY, '--scenario', file]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${file}, line 4, key envelopes[0].chnage_percent: unknown key 'chnage_percent' (did you mean change_percent?)`);
    expect(stderr).toContain(`${file}, line 3, key envelopes[0]: `);
    expect(stderr).not.toContain('    at ');
  });

  it('summarises the model as a valid scenario changes it, with the overrides it applied', async () => {
    const file = path.join(scratch, 'cut.yaml');
    await writeFile(file, 'name: cut\nbudget_scale: 0.5\n');
    const plain = await runInProcess(['validate', TINY]);
    const cut = await runInProcess(['validate', TINY, '--scenario', file]);
    expect(cut.code, cut.stderr).toBe(0);
    expect(cut.stdout).toContain(`  scenario        cut (${path.relative(process.cwd(), file).startsWith('..') ? file : path.relative(process.cwd(), file)}): 1 override applied; the figures below include it\n`);
    expect(cut.stdout).toMatch(/^ {18}budget_scale = 0\.5 \(/m);
    expect(cut.stdout).toContain('valid (model and scenario): no problems found');
    // The funding total halves; the model's own summary is unchanged.
    const dataset = await loadModel(TINY);
    const totalRand = dataset.fundingSources.reduce((sum, source) => sum + Object.values(source.envelopeRandByYear).reduce((left, right) => left + right, 0), 0);
    expect(plain.stdout).toMatch(new RegExp(`total\\s+${formatRandMillion(totalRand).replace(/[.,]/g, '\\$&')} over the horizon`));
    expect(cut.stdout).toMatch(new RegExp(`total\\s+${formatRandMillion(totalRand / 2).replace(/[.,]/g, '\\$&')} over the horizon`));
    const json = JSON.parse((await runInProcess(['validate', TINY, '--scenario', file, '--json'])).stdout);
    expect(json.scenario).toEqual({ path: file, name: 'cut', overridesApplied: [`budget_scale = 0.5 (${file})`] });
  });
});

describe('indices --scenario', () => {
  it("gives the indices under the scenario's normalisation and index weights", async () => {
    const file = path.join(scratch, 'rank.yaml');
    await writeFile(file, 'name: rank\nnormalisation: rank\nindex_weights:\n  water_backlog_share: 5\n');
    const { code, stdout, stderr } = await runInProcess(['indices', TINY, '--scenario', file, '--json']);
    expect(code, stderr).toBe(0);
    const rows = JSON.parse(stdout) as { municipalityCode: string; needIndex: number; growthIndex: number }[];
    const model = await loadModel(TINY);
    const { dataset } = await resolveScenario(model, file);
    const expected = computeIndices(dataset, 'rank');
    const plain = computeIndices(model);
    expect(rows.map((row) => row.needIndex)).toEqual(dataset.municipalities.map((_, index) => expected[index]!.needIndex));
    // The scenario changes the indices (else the test would prove nothing).
    expect(rows.map((row) => row.needIndex)).not.toEqual(model.municipalities.map((_, index) => plain[index]!.needIndex));
    const text = await runInProcess(['indices', TINY, '--scenario', file]);
    expect(text.stdout).toContain('scenario rank (');
    expect(text.stdout).toContain('normalisation: rank (from the scenario; model.yaml says min-max)');
  });
});
