/**
 * Research (issue 14, task x2): what the plan without overruns costs in `stress`, in CPU seconds
 * of the process, solved exactly as runStress solves it (solveJobs with one worker, in-process),
 * against the 1% MILP of its program alone. It runs before any draw, on one core.
 *
 *   npx tsx bench/research/stress-base-cpu.ts
 */
import { analysisRelativeGap, loadScenario, planOptionsFor } from '../../src/analysis/analysis-run.js';
import { solveJobs } from '../../src/analysis/solve-pool.js';
import { plannedDataset } from '../../src/pipeline/plan-run.js';

const cpu = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
const loaded = await loadScenario('models/western-cape', undefined, undefined, undefined);
const { resolved } = loaded;
const dataset = plannedDataset(resolved.dataset).dataset;
const { relativeGap } = analysisRelativeGap('stress', undefined, resolved);
const planOptions = planOptionsFor(resolved, { relativeGap });
console.log('plan options', JSON.stringify(planOptions));
for (let run = 0; run < Number(process.argv[2] ?? 1); run += 1) {
  const before = cpu();
  const wall = performance.now();
  const [plan] = await solveJobs([{ kind: 'dataset', label: 'without overruns', dataset, planOptions }], { workers: 1 });
  console.log(`run ${run + 1}: ${(cpu() - before).toFixed(2)} CPU s, ${((performance.now() - wall) / 1000).toFixed(1)} s wall, ${plan.status}, ${plan.objectiveBenefitPoints?.toFixed(0)}, gap ${plan.gap}`);
}
