/**
 * Research (issue 14, task s1): how a stress draw's gap moves with the CPU seconds HiGHS spends on
 * it, so that a stop for a draw whose gap has stopped moving (a stagnation rule) can be judged on
 * what it would have cut and what it would have lost. Each draw is solved as `stress` solves a
 * broken draw: the completion LP (does the plan without overruns still fit?), the guided start
 * (src/solve/guided-start.ts), then the 1% MILP from it with the stress options, under a CPU box.
 * The MILP runs synchronously on this thread, so process.cpuUsage() is HiGHS's own clock; its
 * interrupt callback stamps the bound and the incumbent at most every 0.05 CPU s.
 *
 *   npx tsx bench/research/stress-gap-series.ts [firstDraw] [count] [boxCpuSeconds] [out.json] [cacheFile]
 *
 * firstDraw is 0-based (draw k of `stress` is index k - 1); DRAWS=16,21,43 (1-based, as `stress`
 * numbers them) solves those draws instead. WALL_FACTOR (default 6): the wall-clock stop as a
 * multiple of the box, so that a loaded machine still ends. Prints per draw the gap after 1, 2,
 * 3, 5, 8 and 12 CPU s of the MILP and how it ended, and writes every series to out.json for
 * bench/research/stress-stagnation-rules.ts.
 */
import { writeFileSync } from 'node:fs';
import { fittingNeighbour } from '../../src/analysis/plan-shortcut.js';
import { withCostFactors } from '../../src/dataset/cost-factors.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { plannedDataset } from '../../src/pipeline/plan-run.js';
import { buildFormulation } from '../../src/program/formulation.js';
import { getEngine } from '../../src/solve/engines.js';
import { GUIDED_START_CPU_SECONDS, guidedStart, referenceOfStarts } from '../../src/solve/guided-start.js';
import { HIGHS_MIP_HEURISTIC_EFFORT, toHighsArrays } from '../../src/solve/highs-engine.js';
import { loadHighsRuntime, toModelData } from '../../src/solve/highs-run.js';
import { RESEARCH_RELATIVE_GAP, stressDrawSetup } from './stress-draw-setup.js';

const firstDraw = Number(process.argv[2] ?? 1);
const count = Number(process.argv[3] ?? 10);
const boxCpuSeconds = Number(process.argv[4] ?? 13.5);
const outFile = process.argv[5] ?? `/tmp/s1/gap-series-${firstDraw}-${count}.json`;
const cacheFile = process.argv[6] ?? '/tmp/s1/base-plan.json';
const relativeGap = RESEARCH_RELATIVE_GAP;
const cpu = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

const { dataset, factors, startFrom } = await stressDrawSetup(Math.max(firstDraw + count, ...(process.env.DRAWS ?? '0').split(',').map(Number)), cacheFile);
const engine = getEngine('highs');
const highs = await loadHighsRuntime();

/** One point of a draw's series: CPU seconds of the MILP so far, its bound and incumbent (null before one). */
interface Point { readonly cpu: number; readonly bound: number; readonly incumbent: number | null }
/** What one draw did. */
interface DrawSeries { readonly draw: number; readonly fits: boolean; readonly guidedCpu: number; readonly guidedObjective: number | null; readonly milpCpu: number; readonly status: string; readonly gap: number; readonly objective: number; readonly points: readonly Point[] }

const series: DrawSeries[] = [];
const gapAt = (points: readonly Point[], at: number): number => {
  let last: Point | undefined;
  for (const point of points) if (point.cpu <= at) last = point;
  return last === undefined || last.incumbent === null ? NaN : (last.bound - last.incumbent) / Math.abs(last.incumbent);
};
const drawList = process.env.DRAWS === undefined ? Array.from({ length: count }, (_, index) => firstDraw + index) : process.env.DRAWS.split(',').map((label) => Number(label) - 1);
const wallFactor = Number(process.env.WALL_FACTOR ?? 6);
for (const draw of drawList) {
  const drawn = withCostFactors(dataset, { factorByProjectId: Object.fromEntries(dataset.projects.map((project, index) => [project.id, factors[draw][index]])) });
  const staged = plannedDataset(drawn);
  const built = buildFormulation(staged.dataset, computeIndices(staged.dataset), 'portfolio');
  if (built.kind !== 'portfolio') throw new Error('not a portfolio');
  const fitting = await fittingNeighbour(engine, built.program, built.layout, startFrom);
  const beforeGuided = cpu();
  const guided = fitting === 'broken' ? await guidedStart(engine, built.program, referenceOfStarts(built.program, built.layout, startFrom), { relativeGap }, { cpuTimeLimitSeconds: GUIDED_START_CPU_SECONDS, timeLimitSeconds: GUIDED_START_CPU_SECONDS * 4, feasibilityJump: false }) : null;
  const guidedCpu = cpu() - beforeGuided;
  const start = fitting !== 'broken' && fitting !== null ? fitting.values : guided?.values ?? null;
  const arrays = toHighsArrays(built.program);
  const points: Point[] = [];
  const started = cpu();
  let lastStamp = -1;
  const outcome = highs.withModel(toModelData(highs, arrays), (model) => {
    model.options.set({ mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT, mip_heuristic_run_feasibility_jump: false, mip_rel_gap: relativeGap, time_limit: boxCpuSeconds * wallFactor, output_flag: false } as never);
    if (start !== null) model.setSolution({ colValue: Float64Array.from(start) });
    const channel = highs.constants.callbackType.mipInterrupt;
    model.run({
      [channel]: (event: { data: { mip_dual_bound?: number; mip_primal_bound?: number }; interrupt(): void }) => {
        const used = cpu() - started;
        if (used >= boxCpuSeconds) event.interrupt();
        if (used - lastStamp < 0.05) return undefined;
        lastStamp = used;
        const bound = event.data.mip_dual_bound;
        const primal = event.data.mip_primal_bound;
        // HiGHS minimises internally: for this maximisation its bounds come back in the model's sense (checked: bound ≥ incumbent).
        if (bound !== undefined && Number.isFinite(bound)) points.push({ cpu: used, bound, incumbent: primal !== undefined && Number.isFinite(primal) ? primal : null });
        return undefined;
      },
    } as never);
    const info = (name: string): number => Number(model.info.get(name as never));
    return { status: String(model.getModelStatus()), objective: info('objective_function_value'), bound: info('mip_dual_bound'), gap: info('mip_gap') };
  });
  const milpCpu = cpu() - started;
  points.push({ cpu: milpCpu, bound: outcome.bound, incumbent: outcome.objective });
  const one: DrawSeries = { draw: draw + 1, fits: fitting !== 'broken', guidedCpu, guidedObjective: guided?.objective ?? null, milpCpu, status: outcome.status, gap: outcome.gap, objective: outcome.objective, points };
  series.push(one);
  const at = [1, 2, 3, 5, 8, 12].map((seconds) => `${seconds}s ${(gapAt(points, seconds) * 100).toFixed(2)}%`).join(', ');
  console.log(`draw ${draw + 1}: ${one.fits ? 'fits' : 'broken'}, guided ${guidedCpu.toFixed(2)} CPU s, MILP ${milpCpu.toFixed(2)} CPU s, status ${outcome.status}, gap ${(outcome.gap * 100).toFixed(2)}%; ${at}`);
  writeFileSync(outFile, JSON.stringify(series));
}
const proven = series.filter((one) => one.gap <= relativeGap + 1e-9).length;
console.log(`total: ${series.reduce((sum, one) => sum + one.guidedCpu + one.milpCpu, 0).toFixed(1)} CPU s (guided + MILP) over ${drawList.length} draws, ${proven} proven`);
