/**
 * Research (issue 14, task p1): where a stress draw's CPU seconds go inside HiGHS. Each draw is
 * built as `stress` builds it and its 1% MILP is solved cold (as a broken draw is: no start,
 * mip_heuristic_effort 0.3, feasibility jump off) on this thread, with HiGHS's log captured
 * through the logging callback and every line stamped with this process's CPU seconds since the
 * run began (HiGHS runs synchronously here, so that clock is HiGHS's own). The phases are read
 * from the log: presolve (to the first line of the node table, or to "Solving root LP"), the
 * root LP (to the first node-table row, which prints the root LP bound), the root cuts and
 * heuristics (to the last row at 0 nodes explored), and branch and bound (the rest).
 *
 *   npx tsx bench/research/stress-draw-breakdown.ts [firstDraw] [count] [set] [cacheFile]
 *
 * LOG=1 prints every log line with its CPU stamp. WARMUP=1 (default) solves the first draw once
 * uncounted first (V8 compiles HiGHS's hot code on the first run of a thread).
 * Sets: shipped (the stress options), or one of OPTION_SETS below.
 * GAP: the relative gap (default 0.01, the stress gap). BASE=1: the model without overruns
 * instead of draws (`run`'s program; with GAP=0.001 and the set `run`, the default run's solve),
 * solved `count` times with random_seed firstDraw, firstDraw + 1, ...
 */
import { withCostFactors } from '../../src/dataset/cost-factors.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { plannedDataset } from '../../src/pipeline/plan-run.js';
import { buildFormulation } from '../../src/program/formulation.js';
import { HIGHS_MIP_HEURISTIC_EFFORT, toHighsArrays } from '../../src/solve/highs-engine.js';
import { loadHighsRuntime, toModelData } from '../../src/solve/highs-run.js';
import { RESEARCH_RELATIVE_GAP, stressDrawSetup } from './stress-draw-setup.js';

/** The stress draw's options (effort 0.3, feasibility jump off) and variants of it. */
const STRESS_OPTIONS = { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT, mip_heuristic_run_feasibility_jump: false };
export const OPTION_SETS: Record<string, Record<string, number | boolean | string>> = {
  shipped: STRESS_OPTIONS,
  run: { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT },
  ipmRoot: { ...STRESS_OPTIONS, mip_lp_solver: 'ipm' },
  pdlpRoot: { ...STRESS_OPTIONS, mip_lp_solver: 'pdlp' },
  devex: { ...STRESS_OPTIONS, simplex_dual_edge_weight_strategy: 1 },
  dantzig: { ...STRESS_OPTIONS, simplex_dual_edge_weight_strategy: 0 },
  steepest: { ...STRESS_OPTIONS, simplex_dual_edge_weight_strategy: 2 },
  noCrossoverIpm: { ...STRESS_OPTIONS, mip_lp_solver: 'ipm', run_crossover: 'off' },
  scale2: { ...STRESS_OPTIONS, simplex_scale_strategy: 2 },
  scale4: { ...STRESS_OPTIONS, simplex_scale_strategy: 4 },
  noCutsAtNodes: { ...STRESS_OPTIONS, mip_allow_cut_separation_at_nodes: false },
  presolveOff: { ...STRESS_OPTIONS, presolve: 'off' },
  probeOff: { ...STRESS_OPTIONS, mip_lifting_for_probing: 0 },
  mipFeasTol: { ...STRESS_OPTIONS, mip_feasibility_tolerance: 1e-5 },
  maxImproving: { ...STRESS_OPTIONS, mip_max_improving_sols: 5 },
  heurEffort01: { ...STRESS_OPTIONS, mip_heuristic_effort: 0.1 },
  runEffort01: { mip_heuristic_effort: 0.1 },
  runEffort06: { mip_heuristic_effort: 0.6 },
  runNoFj: { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT, mip_heuristic_run_feasibility_jump: false },
  runNoNodeCuts: { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT, mip_allow_cut_separation_at_nodes: false },
  pscostReliable2: { ...STRESS_OPTIONS, mip_pscost_minreliable: 2 },
  crash: { ...STRESS_OPTIONS, simplex_crash_strategy: 2 },
  primalDevex: { ...STRESS_OPTIONS, simplex_primal_edge_weight_strategy: 1 },
  maxLeaves: { ...STRESS_OPTIONS, mip_max_leaves: 50 },
  poolSoft: { ...STRESS_OPTIONS, mip_pool_soft_limit: 1000 },
};

const firstDraw = Number(process.argv[2] ?? 1);
const count = Number(process.argv[3] ?? 10);
const sets = (process.argv[4] ?? 'shipped').split(',');
const cacheFile = process.argv[5] ?? '/tmp/p1/base-plan.json';
for (const set of sets) if (OPTION_SETS[set] === undefined) throw new Error(`unknown option set ${set}; known: ${Object.keys(OPTION_SETS).join(', ')}`);
const relativeGap = Number(process.env.GAP ?? RESEARCH_RELATIVE_GAP);
const cpu = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

const { dataset, factors } = await stressDrawSetup(firstDraw + count, cacheFile);
const highs = await loadHighsRuntime();

/** One draw's program as HiGHS arrays. */
function drawArrays(draw: number) {
  const drawn = draw < 0 ? dataset : withCostFactors(dataset, { factorByProjectId: Object.fromEntries(dataset.projects.map((project, index) => [project.id, factors[draw][index]])) });
  const staged = plannedDataset(drawn);
  const built = buildFormulation(staged.dataset, computeIndices(staged.dataset), 'portfolio');
  return toHighsArrays(built.program);
}

interface Phases { subMipShare: number; subMipCalls: number; presolve: number; rootLp: number; rootCutsAndHeuristics: number; branchAndBound: number; total: number; nodes: number; gap: number; objective: number; rootLpBound: number; rootBound: number; firstWithinGapAt: number; lpIterations: number }

/** Solves one draw cold, the log stamped in CPU seconds, and reads the phases from it. */
function solveWithBreakdown(arrays: ReturnType<typeof drawArrays>, options: Record<string, number | boolean | string>, printLog: boolean): Phases {
  const lines: { cpu: number; text: string }[] = [];
  const start = cpu();
  const outcome = highs.withModel(toModelData(highs, arrays), (model) => {
    model.options.set({ ...options, mip_rel_gap: relativeGap, time_limit: 120, output_flag: true, log_to_console: false } as never);
    const logging = highs.constants.callbackType.logging;
    model.run({ [logging]: (event: { message: string }) => { for (const text of event.message.split('\n')) if (text.trim() !== '') lines.push({ cpu: cpu() - start, text }); return undefined; } } as never);
    const info = (name: string): number => Number(model.info.get(name as never));
    return { objective: info('objective_function_value'), gap: info('mip_gap'), nodes: info('mip_node_count'), lpIterations: info('simplex_iteration_count') };
  });
  const total = cpu() - start;
  if (printLog) for (const line of lines) console.log(`${line.cpu.toFixed(2).padStart(7)} | ${line.text}`);
  // Node-table rows start with an optional source letter, then the nodes explored count.
  const rowPattern = /^\s*([A-Za-z]?)\s+(\d+)\s+(\d+)\s+(\d+)\s+[\d.]+%\s+(\S+)\s+(\S+)\s+(\S+)/;
  const rows = lines.map((line) => ({ line, match: rowPattern.exec(line.text) })).filter((row) => row.match !== null);
  const tableStart = lines.findIndex((line) => /Nodes\s+\|\s+B&B Tree/.test(line.text));
  const presolveEnd = tableStart >= 0 ? lines[tableStart].cpu : rows[0]?.line.cpu ?? total;
  // The first row prints the trivial bound before any LP; the root LP bound is the first row with LP iterations.
  const firstRow = rows.find((row) => /\s(\d+)\s+[\d.]+s\s*$/.exec(row.line.text)?.[1] !== '0') ?? rows[0];
  const rootLpEnd = firstRow?.line.cpu ?? presolveEnd;
  const rootRows = rows.filter((row) => Number(row.match![2]) === 0);
  const rootEnd = rootRows.length > 0 ? rootRows[rootRows.length - 1].line.cpu : rootLpEnd;
  const bbEnd = rows.length > 0 ? rows[rows.length - 1].line.cpu : rootEnd;
  const parse = (text: string) => Number(text.replace(/inf/i, 'Infinity'));
  let firstWithinGapAt = NaN;
  for (const row of rows) {
    const dual = parse(row.match![5]), primal = parse(row.match![6]);
    if (Number.isFinite(primal) && Math.abs(dual - primal) <= relativeGap * Math.abs(primal)) { firstWithinGapAt = row.line.cpu; break; }
  }
  // HiGHS's own timing (its clock is the wall clock): the sub-MIPs' share of the solve phase.
  const reportAt = lines.findIndex((line) => /^\s*Timing\s/.test(line.text));
  const timing = reportAt >= 0 ? lines.slice(reportAt, reportAt + 12).map((line) => line.text) : [];
  const solveAt = timing.findIndex((text) => /\(Solve\)/.test(text));
  const solveSeconds = solveAt >= 0 ? Number(/([\d.]+)/.exec(timing[solveAt])![1]) : NaN;
  const subMip = solveAt >= 0 ? /subMIP time \[calls\] = ([\d.]+) \[(\d+)\]/.exec(timing[solveAt + 2] ?? '') : null;
  return {
    subMipShare: subMip === null ? NaN : Number(subMip[1]) / solveSeconds,
    subMipCalls: subMip === null ? NaN : Number(subMip[2]),
    presolve: presolveEnd,
    rootLp: rootLpEnd - presolveEnd,
    rootCutsAndHeuristics: rootEnd - rootLpEnd,
    branchAndBound: Math.max(0, bbEnd - rootEnd) + (total - bbEnd),
    total,
    nodes: outcome.nodes,
    gap: outcome.gap,
    objective: outcome.objective,
    rootLpBound: firstRow === undefined ? NaN : parse(firstRow.match![5]),
    rootBound: rootRows.length > 0 ? parse(rootRows[rootRows.length - 1].match![5]) : NaN,
    firstWithinGapAt,
    lpIterations: outcome.lpIterations,
  };
}

if ((process.env.WARMUP ?? '1') === '1') solveWithBreakdown(drawArrays(process.env.BASE === '1' ? -1 : firstDraw), { ...OPTION_SETS.shipped, mip_rel_gap: 0.01 }, false);
const sums = new Map<string, Phases>();
for (let draw = firstDraw; draw < firstDraw + count; draw += 1) {
  const base = process.env.BASE === '1';
  const arrays = drawArrays(base ? -1 : draw);
  const parts: string[] = [];
  for (const set of sets) {
    const phases = solveWithBreakdown(arrays, base ? { ...OPTION_SETS[set], random_seed: draw } : OPTION_SETS[set], process.env.LOG === '1');
    const sum = sums.get(set) ?? { subMipShare: 0, subMipCalls: 0, presolve: 0, rootLp: 0, rootCutsAndHeuristics: 0, branchAndBound: 0, total: 0, nodes: 0, gap: 0, objective: 0, rootLpBound: 0, rootBound: 0, firstWithinGapAt: 0, lpIterations: 0 };
    for (const key of Object.keys(sum) as (keyof Phases)[]) sum[key] = key === 'gap' ? Math.max(sum.gap, phases.gap) : sum[key] + phases[key];
    sums.set(set, sum);
    parts.push(`${set}: total ${phases.total.toFixed(2)} = presolve ${phases.presolve.toFixed(2)} + root LP ${phases.rootLp.toFixed(2)} + root cuts/heuristics ${phases.rootCutsAndHeuristics.toFixed(2)} + B&B ${phases.branchAndBound.toFixed(2)} CPU s; nodes ${phases.nodes}, LP iterations ${phases.lpIterations}, root LP bound ${phases.rootLpBound.toFixed(0)}, root bound ${phases.rootBound.toFixed(0)}, plan ${phases.objective.toFixed(1)}, gap ${(phases.gap * 100).toFixed(2)}%, first within 1% at ${phases.firstWithinGapAt.toFixed(2)}; sub-MIPs ${phases.subMipCalls} calls, ${(phases.subMipShare * 100).toFixed(0)}% of HiGHS's solve time`);
  }
  console.log(`${process.env.BASE === '1' ? `without overruns, seed ${draw}` : `draw ${draw + 1}`}: ${parts.join(' | ')}`);
}
for (const [set, sum] of sums) {
  console.log(`${set} per draw over ${count}: total ${(sum.total / count).toFixed(2)} = presolve ${(sum.presolve / count).toFixed(2)} + root LP ${(sum.rootLp / count).toFixed(2)} + root cuts/heuristics ${(sum.rootCutsAndHeuristics / count).toFixed(2)} + B&B ${(sum.branchAndBound / count).toFixed(2)} CPU s; nodes ${(sum.nodes / count).toFixed(1)}, largest gap ${(sum.gap * 100).toFixed(2)}%, sub-MIPs ${(sum.subMipCalls / count).toFixed(1)} calls and ${(sum.subMipShare / count * 100).toFixed(0)}% of the solve time on average, objective sum ${sum.objective.toFixed(1)}`);
}
