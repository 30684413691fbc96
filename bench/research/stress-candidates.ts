/**
 * Research (issue 14, task s1, idea 1): do the plans of earlier draws fit a later draw, and would
 * the best one that fits be a good enough start or even an answer? Each draw is solved as
 * `stress` solves it (solveJob: completion, guided start, the 1% MILP in the 15 CPU s box); before
 * that, every earlier draw's plan is tried on it with the completion LP (fittingNeighbour: the
 * starts fixed, one LP finds the spending split). For each draw it prints how many earlier plans
 * fit, the best one's benefit against the draw's own plan and against the strengthened LP bound
 * (the acceptance test without a MILP would need it within the 1% gap), and the CPU the checks
 * cost.
 *
 *   npx tsx bench/research/stress-candidates.ts [firstDraw] [count] [cacheFile]
 */
import { planOptionsFor, STRESS_DRAW_SECONDS } from '../../src/analysis/analysis-run.js';
import { decisionsOfPlan, fittingNeighbour, linearRelaxation, relativeGapOf } from '../../src/analysis/plan-shortcut.js';
import { solveJob, type SolveJob } from '../../src/analysis/solve-job.js';
import { withCostFactors } from '../../src/dataset/cost-factors.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { plannedDataset } from '../../src/pipeline/plan-run.js';
import { buildFormulation } from '../../src/program/formulation.js';
import { strengthenShortfallRows } from '../../src/program/shortfall-strengthening.js';
import { hasSolution } from '../../src/solve/engine.js';
import { getEngine } from '../../src/solve/engines.js';
import { solveProgram } from '../../src/solve/solve-program.js';
import { RESEARCH_RELATIVE_GAP, stressDrawSetup } from './stress-draw-setup.js';

const firstDraw = Number(process.argv[2] ?? 1);
const count = Number(process.argv[3] ?? 20);
const cacheFile = process.argv[4] ?? '/tmp/s1/base-plan.json';
const relativeGap = RESEARCH_RELATIVE_GAP;
const cpu = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
const { resolved, dataset, factors, startFrom } = await stressDrawSetup(firstDraw + count, cacheFile);
const engine = getEngine('highs');
const earlier: Record<string, number | null>[] = [];
let checkCpuTotal = 0;
let fitsTotal = 0;
let withinLpGap = 0;
let betterThanOwn = 0;
for (let draw = firstDraw; draw < firstDraw + count; draw += 1) {
  const drawn = withCostFactors(dataset, { factorByProjectId: Object.fromEntries(dataset.projects.map((project, index) => [project.id, factors[draw][index]])) });
  const staged = plannedDataset(drawn);
  const built = buildFormulation(staged.dataset, computeIndices(staged.dataset), 'portfolio');
  if (built.kind !== 'portfolio') throw new Error('not a portfolio');
  const beforeChecks = cpu();
  let fits = 0;
  let best: number | null = null;
  for (const decisions of earlier) {
    const fitting = await fittingNeighbour(engine, built.program, built.layout, decisions);
    if (fitting !== 'broken' && fitting !== null) {
      fits += 1;
      if (best === null || fitting.benefitPoints > best) best = fitting.benefitPoints;
    }
  }
  const checkCpu = cpu() - beforeChecks;
  const relaxed = await solveProgram(engine, linearRelaxation(strengthenShortfallRows(built.program)), {});
  const lpBound = hasSolution(relaxed) ? relaxed.objective : null;
  const job: SolveJob = {
    kind: 'dataset',
    label: `overrun draw ${draw + 1}`,
    dataset: drawn,
    planOptions: planOptionsFor(resolved, { timeLimitSeconds: STRESS_DRAW_SECONDS }),
    shortcut: { startFrom, relativeGap, tryLpBound: false, whenBroken: 'cold', boxInCpuSeconds: true, feasibilityJump: false, guidedStart: true },
  };
  const beforeSolve = cpu();
  const plan = await solveJob(job);
  const solveCpu = cpu() - beforeSolve;
  const own = plan.objectiveBenefitPoints ?? NaN;
  const bestGapToLp = best === null || lpBound === null ? null : relativeGapOf(lpBound, best);
  checkCpuTotal += checkCpu;
  fitsTotal += fits;
  if (bestGapToLp !== null && bestGapToLp <= relativeGap) withinLpGap += 1;
  if (best !== null && best > own) betterThanOwn += 1;
  console.log(
    `draw ${draw + 1}: ${fits} of ${earlier.length} earlier plans fit (checks ${checkCpu.toFixed(2)} CPU s)` +
      (best === null ? '' : `, best ${best.toFixed(1)} = ${(((best - own) / own) * 100).toFixed(2)}% against the draw's plan, ${((bestGapToLp ?? NaN) * 100).toFixed(2)}% below the strengthened LP bound`) +
      `; the draw: ${plan.status}, gap ${plan.gap === null ? '?' : (plan.gap * 100).toFixed(2)}%, ${solveCpu.toFixed(2)} CPU s`,
  );
  if (hasSolution(plan)) earlier.push(decisionsOfPlan(plan));
}
console.log(`total: ${fitsTotal} fits, checks ${checkCpuTotal.toFixed(1)} CPU s, ${withinLpGap} draws with a fitting plan within the gap of the LP bound, ${betterThanOwn} with one better than the draw's own plan`);
