import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { scaleEnvelopes } from '../../src/analysis/budget-range.js';
import type { SolveJob } from '../../src/analysis/solve-job.js';
import { compiledWorkerScript, defaultWorkerScript, solveJobs, workerCount } from '../../src/analysis/solve-pool.js';
import { loadModel } from '../../src/dataset/load-model.js';
import { InvalidInputError } from '../../src/errors/problems.js';
import type { Plan } from '../../src/plan/types.js';
import { temporaryFolder, TINY_MODEL } from './helpers.js';

const packageRoot = path.join(import.meta.dirname, '..', '..');

/** The compiled worker, which tests/global-setup.ts has built when dist/ was stale. */
function ensureCompiledWorker(): URL {
  const built = compiledWorkerScript();
  if (!built) throw new Error('dist/analysis/solve-worker.js is missing; tests/global-setup.ts should have built it');
  return built;
}

/** The parts of a plan that must not depend on where it was solved (seconds do, and a pool worker records no CPU seconds). */
function comparable(plan: Plan): unknown {
  return { ...plan, seconds: 0, cpuSeconds: undefined };
}

describe('solveJobs', () => {
  let jobs: SolveJob[];
  let inProcess: Plan[];
  let workerScript: URL;

  beforeAll(async () => {
    workerScript = ensureCompiledWorker();
    const dataset = await loadModel(TINY_MODEL);
    // Budgets chosen so the plans differ: infeasible, then growing benefit.
    jobs = [
      { kind: 'dataset', label: 'half budget', dataset: scaleEnvelopes(dataset, 0.5), planOptions: { scenarioName: 'half', marginalValues: false } },
      { kind: 'files', label: 'budget cut', modelPath: TINY_MODEL, scenarioPath: path.join(packageRoot, 'scenarios', 'budget-cut-20.yaml'), planOptions: { marginalValues: false } },
      { kind: 'dataset', label: 'tenth budget', dataset: scaleEnvelopes(dataset, 0.1), planOptions: { scenarioName: 'tenth', marginalValues: false } },
      { kind: 'dataset', label: 'double budget', dataset: scaleEnvelopes(dataset, 2), planOptions: { scenarioName: 'double', marginalValues: false } },
      { kind: 'files', label: 'model as it is', modelPath: TINY_MODEL, planOptions: { marginalValues: false } },
    ];
    inProcess = await solveJobs(jobs, { workers: 1 });
  });

  it('solves in-process in job order', () => {
    expect(inProcess.map((plan) => plan.scenarioName)).toEqual(['half', 'budget-cut-20', 'tenth', 'double', 'baseline']);
    expect(inProcess.map((plan) => plan.status)).toEqual(['optimal', 'optimal', 'infeasible', 'optimal', 'optimal']);
    expect(inProcess[3].benefit.total).toBeGreaterThan(inProcess[4].benefit.total);
  });

  it('returns the same plans in the same order from worker threads', async () => {
    const started: number[] = [];
    const plans = await solveJobs(jobs, { workers: 2, workerScript, onProgress: (event) => started.push(event.jobNumber) });
    expect(plans.map(comparable)).toEqual(inProcess.map(comparable));
    expect(started.sort((left, right) => left - right)).toEqual([1, 2, 3, 4, 5]);
  });

  it('names the failing job when a worker throws, without hanging', async () => {
    const broken = { ...jobs[0], label: 'broken dataset', dataset: { ...(jobs[0] as { dataset: object }).dataset, projects: null } } as unknown as SolveJob;
    await expect(solveJobs([jobs[0], broken], { workers: 2, workerScript })).rejects.toThrow(/^job 2 \(broken dataset\): /);
  });

  it('keeps data problems located by file when a worker reports them', async () => {
    const missing: SolveJob = { kind: 'files', label: 'missing model', modelPath: path.join(packageRoot, 'no-such-model') };
    const error = await solveJobs([jobs[0], missing], { workers: 2, workerScript }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems[0].file).toContain('no-such-model');
  });

  it('reports a worker that dies instead of waiting for it', async () => {
    const folder = await temporaryFolder();
    const dying = path.join(folder, 'dying-worker.mjs');
    await writeFile(dying, 'process.exit(3);\n', 'utf8');
    await expect(solveJobs(jobs.slice(0, 2), { workers: 2, workerScript: pathToFileURL(dying) })).rejects.toThrow(/stopped unexpectedly \(exit code 3\)/);
  });

  it('falls back to in-process solving when running from the TypeScript sources', () => {
    expect(defaultWorkerScript()).toBeNull();
    expect(workerCount(undefined, 1)).toBe(1);
    expect(workerCount(8, 3)).toBe(3);
    expect(workerCount(0, 3)).toBe(1);
  });
});
