/**
 * The scenario key `ring_fenced` (task r1): money of one source ring-fenced for one project, made
 * into a funding source only that project names, after the master plan stage (which regenerates
 * rows of origin `masterplan`, so a change to their row before it would be lost). Bad entries exit 1
 * naming the key; the planned register has the source once however often it is planned; a plan
 * without the project spends none of it; a generated project of the master plan may be named.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { applyChanges } from '../../src/analysis/explain-changes.js';
import { applyRingFences, ringFencedSourceId } from '../../src/dataset/ring-fences.js';
import { loadModel } from '../../src/dataset/load-model.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import { buildRunProgram, datasetRun, plannedDataset, planRun } from '../../src/pipeline/plan-run.js';
import { resolveRun } from '../../src/pipeline/resolve-run.js';
import { resolveScenario } from '../../src/scenario/resolve-scenario.js';
import { makeSampleDataset } from './sample-dataset.js';
import { problemsOf, writeScenarioFiles } from './helpers.js';

const exec = promisify(execFile);
const ROOT = path.join(import.meta.dirname, '..', '..');
const TINY_MODEL = path.join(ROOT, 'tests', 'fixtures', 'tiny');
const MASTERPLAN_MODEL = path.join(ROOT, 'tests', 'fixtures', 'masterplan');

/** The problems a scenario text produces on the sample dataset, as [row, column, message]. */
async function problemsFor(text: string): Promise<[number | null, string | null, string][]> {
  const folder = await writeScenarioFiles({ 'scenario.yaml': text });
  const problems = await problemsOf(() => resolveScenario(makeSampleDataset(), path.join(folder, 'scenario.yaml')));
  return problems.map((problem) => [problem.row, problem.column, problem.message]);
}

describe('ring_fenced: bad entries are refused, naming the key', () => {
  it('an unknown project, an unknown source (with did-you-mean), a source the project does not draw on, a year outside the horizon', async () => {
    const problems = await problemsFor(
      [
        'ring_fenced:',
        "  - {project: WC999-X-01, source: MIG, years: '2027/28', amount_rand: 1000000}",
        "  - {project: WC011-W-01, source: MGI, years: '2027/28', amount_rand: 1000000}",
        "  - {project: WC011-W-01, source: WSIG, years: '2027/28', amount_rand: 1000000}",
        "  - {project: WC011-W-01, source: RBIG, years: '2060/61', amount_rand: 1000000}",
        '',
      ].join('\n'),
    );
    expect(problems).toEqual([
      [2, 'ring_fenced[0].project', "unknown project 'WC999-X-01'"],
      [3, 'ring_fenced[1].source', expect.stringMatching(/^unknown funding source 'MGI' \(did you mean MIG\?\); the model has /)],
      [4, 'ring_fenced[2].source', 'project WC011-W-01 does not draw on WSIG (its sources: RBIG, MIG); money ring-fenced for it must be of one of them'],
      [5, 'ring_fenced[3].years', expect.stringContaining('2060/61 is outside the planning horizon')],
    ]);
  });

  it('a negative amount, and an entry without its amount', async () => {
    expect(await problemsFor("ring_fenced:\n  - {project: WC011-W-01, source: RBIG, years: '2027/28', amount_rand: -5}\n")).toEqual([[2, 'ring_fenced[0].amount_rand', expect.stringContaining('at or above 0')]]);
    expect((await problemsFor("ring_fenced:\n  - {project: WC011-W-01, source: RBIG, years: '2027/28'}\n")).map(([, column]) => column)).toEqual(['ring_fenced[0].amount_rand']);
  });

  it('the command exits 1 and names the file, row and key', async () => {
    const folder = await writeScenarioFiles({ 'bad.yaml': "ring_fenced:\n  - {project: WC012-S-01, source: RBIG, years: '2028/29', amount_rand: 1}\n" });
    const failed = await exec('node', [path.join(ROOT, 'bin', 'infraplan.js'), 'solve', TINY_MODEL, '--scenario', path.join(folder, 'bad.yaml')]).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('bad.yaml, line 2, key ring_fenced[0].source: project WC012-S-01 does not draw on RBIG (its sources: MIG)');
  });
});

describe('ring_fenced: a source only the project names, after the master plan stage', () => {
  it('on the tiny model: R50 million of MIG in 2028/29 for WC012-S-01 funds it, the others cannot spend it, and the checker passes', async () => {
    const folder = await writeScenarioFiles({ 'fenced.yaml': "ring_fenced:\n  - {project: WC012-S-01, source: MIG, years: '2028/29', amount_rand: 50000000}\n" });
    const run = await resolveRun({ model: TINY_MODEL, scenarioPath: path.join(folder, 'fenced.yaml') });
    expect(run.overridesApplied).toContain(`ring_fenced[0] = 50000000 rand of MIG, 2028/29, ring-fenced for WC012-S-01 (${path.join(folder, 'fenced.yaml')})`);
    const outcome = await planRun(run, { marginalValues: false });
    const planned = outcome.dataset ?? run.dataset;
    const fencedId = ringFencedSourceId('MIG', 'WC012-S-01');
    const source = planned.fundingSources.find((candidate) => candidate.id === fencedId);
    expect(source).toMatchObject({ purpose: 'capital', carryOver: true, ringFencedFor: { projectId: 'WC012-S-01', parentSourceId: 'MIG' }, envelopeRandByYear: { 2028: 50_000_000 } });
    expect(planned.projects.filter((project) => project.fundingSourceIds.includes(fencedId)).map((project) => project.id)).toEqual(['WC012-S-01']);
    expect(outcome.plan.projects.find((project) => project.id === 'WC012-S-01')?.funded).toBe(true);
    expect(outcome.plan.projects.filter((project) => project.spending.some((line) => line.sourceId === fencedId && line.amountRand > 0)).map((project) => project.id)).toEqual(['WC012-S-01']);
    expect(checkPlan(outcome.plan, planned).violations).toEqual([]);
    // Planning the planned register again changes nothing: one source, named once.
    const again = plannedDataset(planned).dataset;
    expect(again.fundingSources.filter((candidate) => candidate.id === fencedId)).toHaveLength(1);
    expect(again.projects.find((project) => project.id === 'WC012-S-01')?.fundingSourceIds).toEqual(['MIG', fencedId]);
  });

  it('the same entry written by hand and made by explain (a ring-fenced top-up) give the same program', async () => {
    const folder = await writeScenarioFiles({ 'fenced.yaml': "ring_fenced:\n  - {project: WC012-S-01, source: MIG, years: '2028/29', amount_rand: 24000000}\n" });
    const byHand = buildRunProgram(await resolveRun({ model: TINY_MODEL, scenarioPath: path.join(folder, 'fenced.yaml') })).program;
    const model = await loadModel(TINY_MODEL);
    const explained = buildRunProgram(datasetRun(applyChanges(model, [{ kind: 'top_up', sourceId: 'MIG', financialYear: 2028, amountRand: 24_000_000, ringFencedFor: 'WC012-S-01' }]))).program;
    expect(byHand.variables).toEqual(explained.variables);
    expect(byHand.constraints).toEqual(explained.constraints);
    expect(byHand.objective).toEqual(explained.objective);
  });

  it('names a project the master plan generates (not a row of projects.csv), and the money survives its regeneration', async () => {
    const model = await loadModel(MASTERPLAN_MODEL);
    const generated = plannedDataset(model).dataset.projects.find((project) => project.origin === 'masterplan' && project.fundingSourceIds.includes('MIG'));
    if (generated === undefined) throw new Error('the fixture generates no project drawing on MIG');
    expect(model.projects.some((project) => project.id === generated.id)).toBe(false);
    const folder = await writeScenarioFiles({ 'fenced.yaml': `ring_fenced:\n  - {project: ${generated.id}, source: MIG, years: '2027/28', amount_rand: 1000000}\n` });
    const run = await resolveRun({ model: MASTERPLAN_MODEL, scenarioPath: path.join(folder, 'fenced.yaml') });
    const planned = plannedDataset(run.dataset).dataset;
    expect(planned.projects.find((project) => project.id === generated.id)?.fundingSourceIds).toContain(ringFencedSourceId('MIG', generated.id));
  });

  it('applyRingFences leaves a dataset without ring fences as it is', () => {
    const dataset = makeSampleDataset();
    expect(applyRingFences(dataset)).toBe(dataset);
  });
});
