import { describe, expect, it } from 'vitest';
import { runStress } from '../../src/analysis/run-stress.js';
import { compiledWorkerScript, type JobDoneEvent } from '../../src/analysis/solve-pool.js';
import { TINY_MODEL } from './helpers.js';

/** The compiled worker, which tests/global-setup.ts has built when dist/ was stale. */
function ensureCompiledWorker(): URL {
  const built = compiledWorkerScript();
  if (!built) throw new Error('dist/analysis/solve-worker.js is missing; tests/global-setup.ts should have built it');
  return built;
}

/**
 * Benefit per draw of seed 5, 8 draws, on the tiny model, as stress gave it before task s2 (one
 * pool started before the model is read, the plan without overruns on a worker): commit cdf8e61,
 * in-process and on 2 workers alike.
 */
const BENEFIT_BY_DRAW_BEFORE_S2 = [7418.375865829026, 7961.122865809892, 7996.043500730526, 7996.043500730526, 8084.766820746363, 7996.043500730526, 7996.043500730526, 8028.698319470037];
/** Draws (of the 8) that funded each project, the same run. */
const DRAWS_FUNDED_BEFORE_S2 = { 'WC011-W-01': 7, 'WC011-W-02': 0, 'WC011-S-01': 8, 'WC012-W-01': 0, 'WC012-W-02': 8, 'WC012-S-01': 0, 'WC022-S-01': 8, 'WC022-W-01': 0, 'WC022-W-02': 8 };

describe('stress on the started pool (task s2)', () => {
  it('gives the plans it gave before, in-process and on 2 workers, with every draw ended once on the workers', async () => {
    const workerScript = ensureCompiledWorker();
    const ended: JobDoneEvent[] = [];
    const onWorkers = await runStress({ modelPath: TINY_MODEL, draws: 8, seed: 5 }, { workers: 2, workerScript, skipFiles: true, onJobDone: (event) => ended.push(event) });
    const inProcess = await runStress({ modelPath: TINY_MODEL, draws: 8, seed: 5 }, { workers: 1, skipFiles: true });
    const baseOnWorker = await runStress({ modelPath: TINY_MODEL, draws: 8, seed: 5, basePlanOnWorker: true }, { workers: 2, workerScript, skipFiles: true });
    for (const outcome of [onWorkers, inProcess, baseOnWorker]) {
      expect(outcome.summary.benefitByDraw).toEqual(BENEFIT_BY_DRAW_BEFORE_S2);
      expect(Object.fromEntries(outcome.summary.projects.map((project) => [project.projectId, project.drawsFunded]))).toEqual(DRAWS_FUNDED_BEFORE_S2);
    }
    expect(onWorkers.summary).toEqual(inProcess.summary);
    expect(baseOnWorker.summary).toEqual(inProcess.summary);
    expect(onWorkers.solving?.draws.map((draw) => [draw.status, draw.gap, draw.method, draw.words])).toEqual(inProcess.solving?.draws.map((draw) => [draw.status, draw.gap, draw.method, draw.words]));
    expect(onWorkers.solving?.lpBoundGap).toBe(inProcess.solving?.lpBoundGap);
    // The plan without overruns, then each of the 8 draws, each reported once as ended with its plan.
    expect(ended[0]).toMatchObject({ label: 'without overruns', jobNumber: 1, jobCount: 1 });
    const draws = ended.slice(1);
    expect(draws.map((event) => event.jobNumber).sort((left, right) => left - right)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(draws.every((event) => event.jobCount === 8 && event.plan !== null && event.error === null)).toBe(true);
  });
});
