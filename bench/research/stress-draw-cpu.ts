/**
 * Research: CPU seconds per stress draw on the default model (issue 14), in-process, one draw
 * after another, so process.cpuUsage() (every thread of the process, HiGHS's worker included)
 * belongs to one draw at a time. The plan without overruns is cached in a JSON file so that the
 * comparison of strategies spends its time on the draws.
 *
 *   [SHIFT_YEARS=2] npx tsx bench/research/stress-draw-cpu.ts [firstDraw] [count] [cacheFile]
 *
 * BOX_SECONDS: the time box per draw (default the stress default, 15 s); a long box measures the CPU a proof takes.
 * SHIFT_YEARS: the shift repair's years (ShortcutRequest.shiftYears); unset, keep-or-drop.
 * WHEN_BROKEN: `cold` (the stress default since 2026-12-01 23:00) or `repair` (default here, as before).
 * CPU_BOX=1: the box counts the MILP's CPU seconds (ShortcutRequest.boxInCpuSeconds, the stress default since task x2).
 * FJ=0: HiGHS's feasibility jump off (ShortcutRequest.feasibilityJump false).
 * GUIDED=1: a broken draw starts from the guided start (ShortcutRequest.guidedStart, task p1).
 * STAGNATION=1: the MILP stops once its gap has stalled (STRESS_STAGNATION_STOP, task s1).
 * DRAWS=16,21,43: those draws (1-based, as `stress` numbers them) instead of firstDraw and count.
 *
 * Prints one line per draw (wall s, CPU s, status, gap, how solved) and the totals.
 */
import { planOptionsFor, STRESS_DRAW_SECONDS } from '../../src/analysis/analysis-run.js';
import { STRESS_STAGNATION_STOP } from '../../src/analysis/run-stress.js';
import { solveJob, type SolveJob } from '../../src/analysis/solve-job.js';
import { withCostFactors } from '../../src/dataset/cost-factors.js';
import { RESEARCH_RELATIVE_GAP, stressDrawSetup } from './stress-draw-setup.js';

const firstDraw = Number(process.argv[2] ?? 0);
const count = Number(process.argv[3] ?? 12);
const cacheFile = process.argv[4] ?? '/tmp/t2/base-plan.json';
const relativeGap = RESEARCH_RELATIVE_GAP;

const drawList = process.env.DRAWS === undefined ? Array.from({ length: count }, (_, index) => firstDraw + index) : process.env.DRAWS.split(',').map((label) => Number(label) - 1);
const { resolved, dataset, factors, startFrom } = await stressDrawSetup(Math.max(...drawList) + 1, cacheFile);
let cpuTotal = 0;
let wallTotal = 0;
let boxed = 0;
for (const draw of drawList) {
  const job: SolveJob = {
    kind: 'dataset',
    label: `overrun draw ${draw + 1}`,
    dataset: withCostFactors(dataset, { factorByProjectId: Object.fromEntries(dataset.projects.map((project, index) => [project.id, factors[draw][index]])) }),
    planOptions: planOptionsFor(resolved, { timeLimitSeconds: Number(process.env.BOX_SECONDS ?? STRESS_DRAW_SECONDS) }),
    shortcut: {
      startFrom,
      relativeGap,
      tryLpBound: false,
      ...(process.env.SHIFT_YEARS !== undefined ? { shiftYears: Number(process.env.SHIFT_YEARS) } : {}),
      ...(process.env.WHEN_BROKEN === 'cold' ? { whenBroken: 'cold' as const } : {}),
      ...(process.env.CPU_BOX === '1' ? { boxInCpuSeconds: true } : {}),
      ...(process.env.FJ === '0' ? { feasibilityJump: false } : {}),
      ...(process.env.GUIDED === '1' ? { guidedStart: true } : {}),
      ...(process.env.STAGNATION === '1' ? { stagnationStop: { ...STRESS_STAGNATION_STOP, aboveGap: relativeGap } } : {}),
    },
  };
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const plan = await solveJob(job);
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const wallSeconds = (performance.now() - wallBefore) / 1000;
  cpuTotal += cpuSeconds;
  wallTotal += wallSeconds;
  if (plan.status !== 'optimal') boxed += 1;
  console.log(`draw ${draw + 1}: wall ${wallSeconds.toFixed(1)} s, cpu ${cpuSeconds.toFixed(1)} s, ${plan.status}, benefit ${plan.objectiveBenefitPoints?.toFixed(1)}, gap ${plan.gap === null ? '?' : (plan.gap * 100).toFixed(2)}%, ${plan.howSolved?.words ?? ''}`);
}
console.log(`total: wall ${wallTotal.toFixed(1)} s, cpu ${cpuTotal.toFixed(1)} s over ${drawList.length} draws (${(cpuTotal / drawList.length).toFixed(2)} cpu s per draw), ${boxed} not proven`);
