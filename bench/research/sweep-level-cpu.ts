/**
 * Research (issue 14, task t1): CPU seconds per sweep level on the default model, in-process, one
 * solve at a time (process.cpuUsage: every thread, HiGHS's included), the variants interleaved
 * level by level so they see the same load. The ×1 plan at the sweep's 1% gap comes from the cache
 * of the stress scripts (stress-draw-setup.ts: the same program). Levels are visited outward as
 * `sweep` does (×0.9, ×1.1, ×0.8, ×1.2, ...), each from the shipped variant's plan of its
 * neighbour towards ×1.
 *
 *   npx tsx bench/research/sweep-level-cpu.ts [factors, comma separated] [cacheFile]
 *
 * Variants: `shipped` (planFromNeighbour as run-sweep asks: a neighbour that no longer fits is
 * repaired by keep-or-drop and is the MIP start), `cold-when-broken` (whenBroken 'cold', as stress:
 * only for levels the neighbour does not fit) and `no-start` (the plain 1% MILP).
 */
import { planOptionsFor } from '../../src/analysis/analysis-run.js';
import { scaleEnvelopes } from '../../src/analysis/budget-range.js';
import { decisionsOfPlan } from '../../src/analysis/plan-shortcut.js';
import { solveJob, type SolveJob } from '../../src/analysis/solve-job.js';
import { RESEARCH_RELATIVE_GAP, stressDrawSetup } from './stress-draw-setup.js';

const factors = (process.argv[2] ?? '0.9,1.1,0.8,1.2').split(',').map(Number);
const cacheFile = process.argv[3] ?? '/tmp/t1/base-plan.json';
const relativeGap = RESEARCH_RELATIVE_GAP;
const { resolved, startFrom } = await stressDrawSetup(1, cacheFile);
const cpu = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
const planByFactor = new Map<number, Record<string, number | null>>([[1, startFrom]]);
const totals = new Map<string, number>();
for (const factor of factors) {
  const towardsOne = [...planByFactor.keys()].filter((other) => (factor < 1 ? other > factor && other <= 1 : other < factor && other >= 1)).sort((a, b) => Math.abs(a - factor) - Math.abs(b - factor))[0];
  const neighbour = planByFactor.get(towardsOne) as Record<string, number | null>;
  const base: SolveJob = { kind: 'dataset', label: `budget ×${factor}`, dataset: scaleEnvelopes(resolved.dataset, factor), planOptions: planOptionsFor(resolved, { relativeGap }) };
  const variants: [string, SolveJob][] = [
    ['shipped', { ...base, shortcut: { startFrom: neighbour, relativeGap, tryLpBound: false } }],
    ['cold-when-broken', { ...base, shortcut: { startFrom: neighbour, relativeGap, tryLpBound: false, whenBroken: 'cold' } }],
    ['no-start', base],
  ];
  const parts: string[] = [];
  for (const [name, job] of variants) {
    const before = cpu();
    const plan = await solveJob(job);
    const seconds = cpu() - before;
    if (name === 'cold-when-broken' && !/no longer fits/.test(plan.howSolved?.words ?? '')) {
      parts.push(`${name}: same path as shipped (the neighbour fits), ${seconds.toFixed(2)} cpu s`);
      totals.set(name, (totals.get(name) ?? 0) + (totals.get('shipped-last') ?? seconds));
      continue;
    }
    totals.set(name, (totals.get(name) ?? 0) + seconds);
    if (name === 'shipped') {
      totals.set('shipped-last', seconds);
      planByFactor.set(factor, decisionsOfPlan(plan));
    }
    parts.push(`${name} ${seconds.toFixed(2)} cpu s ${plan.status} ${plan.objectiveBenefitPoints?.toFixed(0)} gap ${plan.gap === null ? '?' : (plan.gap * 100).toFixed(2)}% (${(plan.howSolved?.words ?? 'plain MILP').slice(0, 140)})`);
  }
  console.log(`×${factor}: ${parts.join(' | ')}`);
}
totals.delete('shipped-last');
console.log(`totals (cpu s over ${factors.length} levels): ${[...totals].map(([name, total]) => `${name} ${total.toFixed(2)}`).join(', ')}`);
