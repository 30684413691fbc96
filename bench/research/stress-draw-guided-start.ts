/**
 * Research (issue 14, task p1): a stress draw's MIP start from a small sub-MIP guided by the
 * plan without overruns and the draw's own LP relaxation (RINS with the base plan in place of an
 * incumbent). The breakdown (stress-draw-breakdown.ts) shows that HiGHS has a root bound within
 * 1% of the draw's plan after about 0.3 CPU s and spends the rest of a draw in sub-MIP heuristics
 * looking for a plan within 1% of it; a good plan handed over at the start should let it stop at
 * the root. Per draw, on this thread (process.cpuUsage is HiGHS's own):
 *
 * 1. the LP relaxation of the draw's program with the shortfall rows strengthened
 *    (src/program/shortfall-strengthening.ts: the same 0/1 plans, an LP bound near HiGHS's root);
 * 2. the sub-MIP: every start variable on which the base plan and that LP agree (|LP − base| ≤
 *    AGREE, default 0.01) fixed at the base plan's value (with FIX=zeros only those at 0), the rest
 *    free (FREE=project: every start of a project with one such start free; FREE=adjacent: also the start years next to such a start), solved at SUB_GAP (default 0.005) in at most SUB_SECONDS (default 3);
 *    (TARGET_GAP: stopped once its plan is within that of the strengthened LP bound, or after
 *    SUB_CPU CPU s, default 1.5);
 * 3. the draw's 1% MILP (the stress options) from the sub-MIP's plan, against the same MILP cold.
 *
 *   npx tsx bench/research/stress-draw-guided-start.ts [firstDraw] [count]
 */
import { withCostFactors } from '../../src/dataset/cost-factors.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { plannedDataset } from '../../src/pipeline/plan-run.js';
import { buildFormulation } from '../../src/program/formulation.js';
import { strengthenShortfallRows } from '../../src/program/shortfall-strengthening.js';
import { HIGHS_MIP_HEURISTIC_EFFORT, toHighsArrays } from '../../src/solve/highs-engine.js';
import { loadHighsRuntime, toModelData, type HighsModelArrays } from '../../src/solve/highs-run.js';
import { RESEARCH_RELATIVE_GAP, stressDrawSetup } from './stress-draw-setup.js';

const firstDraw = Number(process.argv[2] ?? 1);
const count = Number(process.argv[3] ?? 10);
const agree = Number(process.env.AGREE ?? 0.01);
const subGap = Number(process.env.SUB_GAP ?? 0.005);
const subSeconds = Number(process.env.SUB_SECONDS ?? 3);
const fixZerosOnly = process.env.FIX === 'zeros';
const freeWholeProject = process.env.FREE === 'project';
const freeAdjacent = process.env.FREE === 'adjacent';
const cpu = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
const { dataset, factors, startFrom } = await stressDrawSetup(firstDraw + count, '/tmp/p1/base-plan.json');
const highs = await loadHighsRuntime();
const STRESS_OPTIONS = { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT, mip_heuristic_run_feasibility_jump: false };

interface MipOutcome { objective: number; gap: number; values: Float64Array | null; cpu: number; nodes: number }
/** The MILP; with `stop`, interrupted once an incumbent reaches `stop.objective` or after `stop.cpuSeconds` of CPU. */
function mip(arrays: HighsModelArrays, gap: number, seconds: number, start: Float64Array | null, stop: { objective: number; cpuSeconds: number } | null = null): MipOutcome {
  const before = cpu();
  const outcome = highs.withModel(toModelData(highs, arrays), (model) => {
    model.options.set({ ...STRESS_OPTIONS, mip_rel_gap: gap, time_limit: seconds, output_flag: false } as never);
    if (start !== null) model.setSolution({ colValue: start });
    let best = -Infinity;
    const channels = highs.constants.callbackType;
    model.run(stop === null ? undefined : ({
      [channels.mipImprovingSolution]: (event: { data: { objective_function_value?: number } }) => { best = Math.max(best, event.data.objective_function_value ?? -Infinity); return undefined; },
      [channels.mipInterrupt]: (event: { interrupt(): void }) => { if (best >= stop.objective || cpu() - before >= stop.cpuSeconds) event.interrupt(); return undefined; },
    } as never));
    const info = (name: string): number => Number(model.info.get(name as never));
    const hasPlan = info('primal_solution_status') === 2;
    return { objective: hasPlan ? model.getObjectiveValue() : NaN, gap: info('mip_gap'), values: hasPlan ? Float64Array.from(model.getSolution().colValue) : null, nodes: info('mip_node_count') };
  });
  return { ...outcome, cpu: cpu() - before };
}

if ((process.env.WARMUP ?? '1') === '1') {
  const drawn = withCostFactors(dataset, { factorByProjectId: Object.fromEntries(dataset.projects.map((project, index) => [project.id, factors[firstDraw][index]])) });
  const staged = plannedDataset(drawn);
  mip(toHighsArrays(buildFormulation(staged.dataset, computeIndices(staged.dataset), 'portfolio').program), RESEARCH_RELATIVE_GAP, 60, null);
}
const totals = { cold: 0, lp: 0, sub: 0, warm: 0, coldProven: 0, warmProven: 0, freeColumns: 0, subBelow: 0 };
for (let draw = firstDraw; draw < firstDraw + count; draw += 1) {
  const drawn = withCostFactors(dataset, { factorByProjectId: Object.fromEntries(dataset.projects.map((project, index) => [project.id, factors[draw][index]])) });
  const staged = plannedDataset(drawn);
  const built = buildFormulation(staged.dataset, computeIndices(staged.dataset), 'portfolio');
  if (built.kind !== 'portfolio') throw new Error('not a portfolio');
  const arrays = toHighsArrays(built.program);
  // COLD=0 skips the cold MILP (compare with an earlier run's cold figures).
  const cold = process.env.COLD === '0' ? { objective: NaN, gap: NaN, values: null, cpu: 0, nodes: 0 } : mip(arrays, RESEARCH_RELATIVE_GAP, 60, null);
  // 1. The strengthened LP.
  let before = cpu();
  const strong = toHighsArrays(strengthenShortfallRows(built.program));
  const { lpValues, lpBound } = highs.withModel({ ...toModelData(highs, strong), integrality: undefined } as never, (model) => {
    model.options.set({ output_flag: false });
    model.run();
    return { lpValues: Float64Array.from(model.getSolution().colValue), lpBound: model.getObjectiveValue() };
  });
  const lpCpu = cpu() - before;
  // 2. The guided sub-MIP.
  before = cpu();
  const colLower = Float64Array.from(arrays.colLower);
  const colUpper = Float64Array.from(arrays.colUpper);
  let free = 0;
  for (const [projectId, entries] of built.layout.startVariables) {
    const baseYear = startFrom[projectId] ?? null;
    // FREE=project: a project any of whose starts the LP and the base plan disagree on is free in every year.
    const projectFree = freeWholeProject && entries.some((entry) => Math.abs(lpValues[entry.variable] - (baseYear === entry.financialYear ? 1 : 0)) > agree);
    // FREE=adjacent: the start years next to a free start of the same project are free too.
    const disagreeYears = entries.filter((entry) => Math.abs(lpValues[entry.variable] - (baseYear === entry.financialYear ? 1 : 0)) > agree).map((entry) => entry.financialYear);
    for (const entry of entries) {
      const baseValue = baseYear === entry.financialYear ? 1 : 0;
      const adjacentFree = freeAdjacent && disagreeYears.some((year) => Math.abs(year - entry.financialYear) <= 1);
      if (!projectFree && !adjacentFree && Math.abs(lpValues[entry.variable] - baseValue) <= agree && !(fixZerosOnly && baseValue === 1)) {
        if (baseValue === 1) colLower[entry.variable] = Math.max(colLower[entry.variable], 1);
        else colUpper[entry.variable] = 0;
      } else free += 1;
    }
  }
  // TARGET_GAP: stop the sub-MIP once its plan is within this of the strengthened LP bound (which lies above HiGHS's root bound), or after SUB_CPU CPU s.
  const stop = process.env.TARGET_GAP === undefined ? null : { objective: lpBound / (1 + Number(process.env.TARGET_GAP)), cpuSeconds: Number(process.env.SUB_CPU ?? 1.5) };
  const sub = mip({ ...arrays, colLower, colUpper }, subGap, subSeconds, null, stop);
  const subCpu = cpu() - before;
  // 3. The 1% MILP from the sub-MIP's plan.
  const warm = sub.values === null ? null : mip(arrays, RESEARCH_RELATIVE_GAP, 60, sub.values);
  totals.cold += cold.cpu; totals.lp += lpCpu; totals.sub += subCpu; totals.warm += warm?.cpu ?? cold.cpu; totals.freeColumns += free;
  if (cold.gap <= RESEARCH_RELATIVE_GAP) totals.coldProven += 1;
  if ((warm ?? cold).gap <= RESEARCH_RELATIVE_GAP) totals.warmProven += 1;
  const below = sub.values === null ? NaN : 1 - sub.objective / cold.objective;
  if (Number.isFinite(below)) totals.subBelow += below;
  console.log(`draw ${draw + 1}: cold ${cold.cpu.toFixed(2)} CPU s (${cold.objective.toFixed(1)}, gap ${(cold.gap * 100).toFixed(2)}%) | LP ${lpCpu.toFixed(2)} + sub-MIP ${subCpu.toFixed(2)} (${free} starts free, ${sub.values === null ? 'no plan' : `${sub.objective.toFixed(1)}, ${(below * 100).toFixed(2)}% below the cold plan`}) + MILP from it ${warm === null ? '–' : `${warm.cpu.toFixed(2)} (${warm.objective.toFixed(1)}, gap ${(warm.gap * 100).toFixed(2)}%, ${warm.nodes} nodes)`} = ${(lpCpu + subCpu + (warm?.cpu ?? cold.cpu)).toFixed(2)}`);
}
console.log(`per draw over ${count}: cold ${(totals.cold / count).toFixed(2)} CPU s (${totals.coldProven} proven); guided LP ${(totals.lp / count).toFixed(2)} + sub-MIP ${(totals.sub / count).toFixed(2)} + MILP ${(totals.warm / count).toFixed(2)} = ${((totals.lp + totals.sub + totals.warm) / count).toFixed(2)} (${totals.warmProven} proven); ${(totals.freeColumns / count).toFixed(0)} starts free; sub-MIP plans ${(totals.subBelow / count * 100).toFixed(2)}% below the cold plans on average`);
