import { beforeAll, describe, expect, it } from 'vitest';
import { scaleEnvelopes } from '../../src/analysis/budget-range.js';
import { lpBoundGap } from '../../src/analysis/plan-shortcut.js';
import type { SolveJob } from '../../src/analysis/solve-job.js';
import { compiledWorkerScript, startSolvePool } from '../../src/analysis/solve-pool.js';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { datasetRun } from '../../src/pipeline/plan-run.js';
import type { Plan } from '../../src/plan/types.js';
import { TINY_MODEL } from './helpers.js';

/** The compiled worker, which tests/global-setup.ts has built when dist/ was stale. */
function ensureCompiledWorker(): URL {
  const built = compiledWorkerScript();
  if (!built) throw new Error('dist/analysis/solve-worker.js is missing; tests/global-setup.ts should have built it');
  return built;
}

/** The parts of a plan that must not depend on where it was solved. */
function comparable(plan: Plan): unknown {
  return { ...plan, seconds: 0, cpuSeconds: undefined };
}

describe('a solve pool started once for several batches (stress)', () => {
  let dataset: Dataset;
  let jobs: SolveJob[];
  let workerScript: URL;
  let inProcess: Plan[];

  beforeAll(async () => {
    workerScript = ensureCompiledWorker();
    dataset = await loadModel(TINY_MODEL);
    jobs = [0.5, 0.8, 1, 1.3, 2].map((factor) => ({ kind: 'dataset', label: `budget x${factor}`, dataset: scaleEnvelopes(dataset, factor), planOptions: { scenarioName: `x${factor}`, marginalValues: false } }));
    const pool = startSolvePool({ workers: 1 });
    inProcess = await pool.solve(jobs);
    await pool.close();
  });

  it('runs two batches at once on 2 workers, each in job order, then an LP bound, and leaves no worker once closed', async () => {
    const pool = startSolvePool({ workers: 2, workerScript });
    expect(pool.workerCount).toBe(2);
    // The workers start at once, before any job is given.
    expect(pool.liveWorkerCount()).toBe(2);
    const ended: string[] = [];
    const [first, second] = await Promise.all([pool.solve(jobs.slice(0, 2), { onJobDone: (event) => ended.push(event.label) }), pool.solve(jobs.slice(2), { onJobDone: (event) => ended.push(event.label) })]);
    expect([...first, ...second].map(comparable)).toEqual(inProcess.map(comparable));
    expect(ended.sort()).toEqual(jobs.map((job) => job.label).sort());
    const bound = await pool.lpBound({ kind: 'lp-bound', label: 'LP bound', dataset, benefitPoints: inProcess[2].benefit.total });
    expect(bound).toEqual(await lpBoundGap(datasetRun(dataset), inProcess[2].benefit.total));
    await pool.close();
    expect(pool.liveWorkerCount()).toBe(0);
    await expect(pool.solve(jobs.slice(0, 1))).rejects.toThrow(/closed/);
  });

  it('hands jobs out in the dispatch order asked for, and still returns them in job order', async () => {
    const pool = startSolvePool({ workers: 2, workerScript });
    const started: number[] = [];
    try {
      const plans = await pool.solve(jobs, { dispatchOrder: [4, 3, 2, 1, 0], onProgress: (event) => started.push(event.jobNumber) });
      expect(plans.map(comparable)).toEqual(inProcess.map(comparable));
      // The first two jobs handed out are the two the order names first, one to each worker.
      expect(started.slice(0, 2)).toEqual([5, 4]);
      await expect(pool.solve(jobs, { dispatchOrder: [0, 0, 1, 2, 3] })).rejects.toThrow(/dispatch order/);
    } finally {
      await pool.close();
    }
  });

  it('closed while its jobs run (an interrupt): the batch rejects and every worker has exited', async () => {
    const pool = startSolvePool({ workers: 2, workerScript });
    const solving = pool.solve(jobs);
    const closed = pool.close();
    await expect(solving).rejects.toThrow(/the solve pool was closed/);
    await closed;
    expect(pool.liveWorkerCount()).toBe(0);
  });

  it('a failing job stops every batch of the pool, named by its place in its own batch, and leaves no worker', async () => {
    const pool = startSolvePool({ workers: 2, workerScript });
    const broken = { ...jobs[0], label: 'broken dataset', dataset: { ...dataset, projects: null } } as unknown as SolveJob;
    // The failing batch first: its two jobs take the two workers, the other batch's jobs wait behind them.
    const failing = pool.solve([jobs[1], broken]);
    const other = pool.solve(jobs);
    other.catch(() => undefined);
    await expect(failing).rejects.toThrow(/^job 2 \(broken dataset\): /);
    await expect(other).rejects.toThrow(/^job 2 \(broken dataset\): /);
    await pool.close();
    expect(pool.liveWorkerCount()).toBe(0);
  });
});
