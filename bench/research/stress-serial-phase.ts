/**
 * Research (issue 14, task s2): the steps of `stress` before its first draw, one after the other on
 * this thread as runStress takes them (src/analysis/run-stress.ts), each in wall seconds and CPU
 * seconds of the process (every thread: V8's compiler and garbage-collector helpers, the HiGHS
 * thread). Then how long a fresh pool worker takes to be ready (its modules, HiGHS's WebAssembly)
 * and what a draw's job costs to hand over (structured clone of its dataset).
 *
 *   npx tsc -p tsconfig.json && npx tsx bench/research/stress-serial-phase.ts [draws=100]
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { loadScenario, planOptionsFor, analysisRelativeGap } from '../../src/analysis/analysis-run.js';
import { drawOverrunFactors } from '../../src/analysis/cost-overruns.js';
import { lpBoundGap } from '../../src/analysis/plan-shortcut.js';
import { solveJob } from '../../src/analysis/solve-job.js';
import { withCostFactors } from '../../src/dataset/cost-factors.js';
import { datasetRun, plannedDataset } from '../../src/pipeline/plan-run.js';

const draws = Number(process.argv[2] ?? 100);
const loadBefore = os.loadavg()[0];
/** Wall and CPU seconds of one step. */
async function step<Result>(name: string, call: () => Promise<Result> | Result): Promise<Result> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await call();
  const cpu = process.cpuUsage(cpuBefore);
  console.log(`${name.padEnd(48)} wall ${((performance.now() - started) / 1000).toFixed(2)} s, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`);
  return result;
}

const loaded = await step('load the model and scenario', () => loadScenario('models/western-cape', undefined, undefined));
const dataset = await step('master plan stage (plannedDataset)', () => plannedDataset(loaded.resolved.dataset).dataset);
const factors = await step(`draw the factors (${draws} draws)`, () => drawOverrunFactors(dataset.projects.length, draws, 1));
const { relativeGap } = analysisRelativeGap('stress', undefined, loaded.resolved);
const baseline = await step('the plan without overruns (HiGHS loaded first)', () => solveJob({ kind: 'dataset', label: 'without overruns', dataset, planOptions: planOptionsFor(loaded.resolved, { relativeGap }) }));
console.log(`  its own seconds ${baseline.seconds.toFixed(2)}, gap ${((baseline.gap ?? 0) * 100).toFixed(2)}%`);
await step('the plan without overruns again (HiGHS warm)', () => solveJob({ kind: 'dataset', label: 'without overruns', dataset, planOptions: planOptionsFor(loaded.resolved, { relativeGap }) }));
await step('the LP bound (lpBoundGap)', () => lpBoundGap(datasetRun(dataset), baseline.objectiveBenefitPoints ?? 0));
const datasets = await step(`the draws' datasets (withCostFactors x ${draws})`, () =>
  factors.map((row) => withCostFactors(dataset, { factorByProjectId: Object.fromEntries(dataset.projects.map((project, index) => [project.id, row[index]])) })),
);
await step(`structured clone of the ${draws} datasets`, () => datasets.map((drawDataset) => structuredClone(drawDataset)));

// A fresh worker that imports solve-job (the pool worker's modules) and loads HiGHS's WebAssembly on its HiGHS thread.
const workerCode = `
import { parentPort } from 'node:worker_threads';
const started = performance.now();
const { solveJob } = await import(${JSON.stringify(new URL('../../dist/analysis/solve-job.js', import.meta.url).href)});
const imported = performance.now();
parentPort.postMessage({ importSeconds: (imported - started) / 1000 });
`;
await step('a fresh worker: import solve-job.js', () => new Promise<void>((resolve, reject) => {
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(workerCode)}`));
  worker.once('message', (message: { importSeconds: number }) => {
    console.log(`  import inside the worker ${message.importSeconds.toFixed(2)} s`);
    void worker.terminate().then(() => resolve());
  });
  worker.once('error', reject);
}));
console.log(`load ${loadBefore.toFixed(2)} -> ${os.loadavg()[0].toFixed(2)}`);
