/**
 * Research (issue 14, task s4): the 1% MILP of a stress draw from its repaired start, under
 * several HiGHS option sets, in CPU seconds (process.cpuUsage; HiGHS runs synchronously on this
 * thread here, so the figure is HiGHS's own). Each draw is built and repaired exactly as
 * planFromNeighbour does (keep-or-drop, then the shift repair within 40% of the 15 s box); then
 * the same start is handed to HiGHS once per option set. The plan without overruns is cached in
 * a JSON file (its 1% solve costs about 25 CPU s).
 *
 *   npx tsx bench/research/stress-draw-options.ts [firstDraw] [count] [sets, comma separated] [cacheFile]
 *
 * Sets (see OPTION_SETS): shipped, effort005, effort0, noPresolve, noRestart, noSymmetry, lpAge,
 * poolSmall, noSubMip. LOG=1 prints HiGHS's own log for every run (where the time goes).
 */
import { STRESS_DRAW_SECONDS } from '../../src/analysis/analysis-run.js';
import { neighbourPlan } from '../../src/analysis/plan-shortcut.js';
import { STRESS_SHIFT_YEARS } from '../../src/analysis/run-stress.js';
import { withCostFactors } from '../../src/dataset/cost-factors.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { plannedDataset } from '../../src/pipeline/plan-run.js';
import { buildFormulation } from '../../src/program/formulation.js';
import { HIGHS_MIP_HEURISTIC_EFFORT, toHighsArrays } from '../../src/solve/highs-engine.js';
import { loadHighsRuntime, toModelData } from '../../src/solve/highs-run.js';
import { getEngine } from '../../src/solve/engines.js';
import { RESEARCH_RELATIVE_GAP, stressDrawSetup } from './stress-draw-setup.js';

/** HiGHS option sets tried on the warm-started 1% MILP. */
const OPTION_SETS: Record<string, Record<string, number | boolean | string>> = {
  shipped: { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT },
  effort005: { mip_heuristic_effort: 0.05 },
  effort001: { mip_heuristic_effort: 0.01 },
  effort0: { mip_heuristic_effort: 0 },
  noPresolve: { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT, presolve: 'off' },
  noRestart: { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT, mip_allow_restart: false },
  noSymmetry: { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT, mip_detect_symmetry: false },
  lpAge: { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT, mip_lp_age_limit: 5 },
  poolSmall: { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT, mip_pool_soft_limit: 2000 },
  noSubMip: { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT, mip_heuristic_run_rins: false, mip_heuristic_run_rens: false, mip_heuristic_run_root_reduced_cost: false },
  effort005NoRestart: { mip_heuristic_effort: 0.05, mip_allow_restart: false },
  // Task x2 (2026-12-02): the options of HiGHS 1.15 not yet measured at 1% (names checked with model.options.names(); an unknown name throws).
  noFeasibilityJump: { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT, mip_heuristic_run_feasibility_jump: false },
  noRootReducedCost: { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT, mip_heuristic_run_root_reduced_cost: false },
  noRins: { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT, mip_heuristic_run_rins: false },
  noRens: { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT, mip_heuristic_run_rens: false },
  ziShift: { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT, mip_heuristic_run_zi_round: true, mip_heuristic_run_shifting: true },
  effort015: { mip_heuristic_effort: 0.15 },
  effort05: { mip_heuristic_effort: 0.5 },
  effort08: { mip_heuristic_effort: 0.8 },
  lpAge20: { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT, mip_lp_age_limit: 20 },
  poolAge10: { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT, mip_pool_age_limit: 10 },
  primalSimplex: { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT, simplex_strategy: 4 },
  noScale: { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT, simplex_scale_strategy: 0 },
  seed1: { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT, random_seed: 1 },
  seed2: { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT, random_seed: 2 },
};

const firstDraw = Number(process.argv[2] ?? 0);
const count = Number(process.argv[3] ?? 8);
const sets = (process.argv[4] ?? 'shipped,effort005').split(',');
const cacheFile = process.argv[5] ?? '/tmp/s4/base-plan.json';
const relativeGap = RESEARCH_RELATIVE_GAP;
const milpSeconds = Number(process.env.MILP_SECONDS ?? 60);
for (const set of sets) if (OPTION_SETS[set] === undefined) throw new Error(`unknown option set ${set}; known: ${Object.keys(OPTION_SETS).join(', ')}`);

const cpu = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
const { dataset, factors, startFrom } = await stressDrawSetup(firstDraw + count, cacheFile);
const highs = await loadHighsRuntime();
const engine = getEngine('highs');
// WARMUP=1: one uncounted solve first, so that V8's compilation of HiGHS (2–6 CPU s on a fresh instance) is charged to no variant.
if (process.env.WARMUP === '1') {
  const drawn = withCostFactors(dataset, { factorByProjectId: Object.fromEntries(dataset.projects.map((project, index) => [project.id, factors[firstDraw][index]])) });
  const staged = plannedDataset(drawn);
  const built = buildFormulation(staged.dataset, computeIndices(staged.dataset), 'portfolio');
  highs.withModel(toModelData(highs, toHighsArrays(built.program)), (model) => {
    model.options.set({ mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT, mip_rel_gap: relativeGap, time_limit: 30, output_flag: false });
    model.run();
  });
}
const totals = new Map<string, { cpu: number; proven: number; repair: number }>();
let repairTotal = 0;
for (let draw = firstDraw; draw < firstDraw + count; draw += 1) {
  const drawn = withCostFactors(dataset, { factorByProjectId: Object.fromEntries(dataset.projects.map((project, index) => [project.id, factors[draw][index]])) });
  let before = cpu();
  const staged = plannedDataset(drawn);
  const built = buildFormulation(staged.dataset, computeIndices(staged.dataset), 'portfolio');
  if (built.kind !== 'portfolio') throw new Error('not a portfolio');
  const buildCpu = cpu() - before;
  // REPAIR=shift (default: keep-or-drop, then the shift repair), keep (keep-or-drop only) or both (both starts, each set from each, and cold).
  const repairMode = process.env.REPAIR ?? 'shift';
  const shiftSeconds = Number(process.env.SHIFT_SECONDS ?? STRESS_DRAW_SECONDS * 0.4);
  const starts: { name: string; values: readonly number[] | null; benefitPoints: number; words: string; cpu: number }[] = [];
  if (repairMode === 'keep' || repairMode === 'both') {
    before = cpu();
    const kept = await neighbourPlan(engine, built.program, built.layout, startFrom, null);
    starts.push({ name: 'keep', values: kept?.values ?? null, benefitPoints: kept?.benefitPoints ?? NaN, words: kept?.words ?? 'no start', cpu: cpu() - before });
  }
  if (repairMode === 'shift' || repairMode === 'both') {
    before = cpu();
    const shifted = await neighbourPlan(engine, built.program, built.layout, startFrom, { laterYears: STRESS_SHIFT_YEARS, relativeGap: relativeGap / 2, timeLimitSeconds: shiftSeconds });
    starts.push({ name: 'shift', values: shifted?.values ?? null, benefitPoints: shifted?.benefitPoints ?? NaN, words: shifted?.words ?? 'no start', cpu: cpu() - before });
  }
  if (repairMode === 'both' || repairMode === 'cold') starts.push({ name: 'cold', values: null, benefitPoints: NaN, words: 'no start', cpu: 0 });
  const repairCpu = starts.reduce((sum, start) => sum + start.cpu, 0);
  repairTotal += repairCpu;
  const arrays = toHighsArrays(built.program);
  const parts: string[] = [];
  for (const start of starts) {
    if (start.name !== 'cold' && start.values === null) {
      parts.push(`${start.name}: no start`);
      continue;
    }
    for (const set of sets) {
      before = cpu();
      const wallBefore = performance.now();
      const outcome = highs.withModel(toModelData(highs, arrays), (model) => {
        model.options.set({ ...OPTION_SETS[set], mip_rel_gap: relativeGap, time_limit: milpSeconds, output_flag: process.env.LOG === '1', log_to_console: process.env.LOG === '1' } as never);
        if (start.values !== null) model.setSolution({ colValue: Float64Array.from(start.values) });
        const logging = highs.constants.callbackType.logging;
        model.run(process.env.LOG === '1' ? ({ [logging]: (event: { message: string }) => { process.stdout.write(event.message); return undefined; } } as never) : undefined);
        const info = (name: string): number => Number(model.info.get(name as never));
        return { objective: info('objective_function_value'), gap: info('mip_gap'), nodes: info('mip_node_count'), status: model.getModelStatus() };
      });
      const cpuSeconds = cpu() - before;
      const key = `${start.name}/${set}`;
      const total = totals.get(key) ?? { cpu: 0, proven: 0, repair: 0 };
      total.cpu += cpuSeconds;
      total.repair += start.cpu;
      if (outcome.gap <= relativeGap) total.proven += 1;
      totals.set(key, total);
      parts.push(`${key} ${cpuSeconds.toFixed(2)} cpu s (${((performance.now() - wallBefore) / 1000).toFixed(1)} wall) gap ${(outcome.gap * 100).toFixed(2)}% obj ${outcome.objective.toFixed(0)} nodes ${outcome.nodes}`);
    }
  }
  console.log(`draw ${draw + 1}: build ${buildCpu.toFixed(2)}; ${starts.map((start) => `${start.name} repair ${start.cpu.toFixed(2)} cpu s (start ${start.benefitPoints.toFixed(0)}, ${start.words.slice(0, 60)})`).join('; ')}; ${parts.join('; ')}`);
}
console.log(`repair: ${(repairTotal / count).toFixed(2)} cpu s per draw`);
for (const [key, total] of totals) console.log(`${key}: repair ${(total.repair / count).toFixed(2)} + MILP ${(total.cpu / count).toFixed(2)} = ${((total.repair + total.cpu) / count).toFixed(2)} cpu s per draw, ${total.proven} of ${count} proven at 1%`);
