/**
 * Research (issue 14, task st): does a new HiGHS worker thread run on code another thread's
 * WebAssembly tier-up already compiled, or start on baseline (Liftoff) code again? The same
 * program (a draw's LP relaxation, or with MILP=1 the draw's 1% MILP, no limits, so the same path
 * every time) is solved RUNS times on one HiGHS thread, then twice at once (the second run takes a
 * new thread), and each run's CPU seconds are read from that thread's /proc/self/task/<tid>/stat.
 *
 *   [MILP=1] npx tsx bench/research/stress-wasm-tiers.ts [runs=4]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { withCostFactors } from '../../src/dataset/cost-factors.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { plannedDataset } from '../../src/pipeline/plan-run.js';
import { buildFormulation } from '../../src/program/formulation.js';
import { linearRelaxation } from '../../src/analysis/plan-shortcut.js';
import { highsEngine } from '../../src/solve/highs-engine.js';
import { cpuSecondsOfStat } from '../../src/solve/thread-cpu.js';
import { stressDrawSetup } from './stress-draw-setup.js';

const runs = Number(process.argv[2] ?? 4);
const { dataset, factors } = await stressDrawSetup(4, '/tmp/st/base-plan.json');
const drawn = withCostFactors(dataset, { factorByProjectId: Object.fromEntries(dataset.projects.map((project, index) => [project.id, factors[2][index]])) });
const staged = plannedDataset(drawn).dataset;
const built = buildFormulation(staged, computeIndices(staged), 'portfolio');
const relaxed = process.env.MILP === '1' ? built.program : linearRelaxation(built.program);
const solveOptions = process.env.MILP === '1' ? { relativeGap: 0.01, feasibilityJump: false } : {};
const threads = (): Map<number, number> => new Map(readdirSync('/proc/self/task').map((tid) => [Number(tid), cpuSecondsOfStat(readFileSync(`/proc/self/task/${tid}/stat`, 'latin1')) ?? 0]));
const deltas = (before: Map<number, number>, after: Map<number, number>): string =>
  [...after].map(([tid, seconds]) => [tid, seconds - (before.get(tid) ?? 0), before.has(tid)] as const).filter(([, seconds]) => seconds >= 0.02).map(([tid, seconds, old]) => `${tid}${old ? '' : ' (new)'} ${seconds.toFixed(2)}`).join(', ');
for (let run = 1; run <= runs; run += 1) {
  const before = threads();
  const result = await highsEngine.solve(relaxed, solveOptions);
  console.log(`run ${run} on one thread: ${result.status} ${result.objective?.toFixed(1)}; CPU s by thread: ${deltas(before, threads())}`);
}
const before = threads();
await Promise.all([highsEngine.solve(relaxed, solveOptions), highsEngine.solve(relaxed, solveOptions)]);
console.log(`two at once (the second on a new thread): ${deltas(before, threads())}`);
const again = threads();
await Promise.all([highsEngine.solve(relaxed, solveOptions), highsEngine.solve(relaxed, solveOptions)]);
console.log(`two at once again: ${deltas(again, threads())}`);
