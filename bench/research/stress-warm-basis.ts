/**
 * Research (issue 14, task p1): does a stress draw gain from the LP basis of the plan without
 * overruns, and can reduced costs fix variables exactly? On the default model and draws of seed 1:
 *
 * - the draw's LP relaxation cold, from the base program's optimal basis (setBasis on a fresh
 *   model), and on one persistent model changed coefficient by coefficient (changeCoefficient:
 *   HiGHS keeps the basis across the change), in simplex iterations and CPU seconds;
 * - the draw's 1% MILP cold and after setBasis with the base basis: the root LP's iterations (read
 *   from the log's first node-table row with LP iterations) say whether HiGHS's MIP solver uses it;
 * - reduced-cost fixing: how many 0/1 columns the draw's own LP optimum (the strongest single
 *   dual vector) could fix, i.e. |reduced cost| > LP bound − the draw's plan (the 1% MILP's),
 *   with and without the shortfall strengthening (src/program/shortfall-strengthening.ts).
 *
 *   npx tsx bench/research/stress-warm-basis.ts [firstDraw] [count]
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
const cpu = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
const { dataset, factors } = await stressDrawSetup(firstDraw + count, '/tmp/p1/base-plan.json');
const highs = await loadHighsRuntime();

function programOf(factorsOfDraw: readonly number[] | null) {
  const drawn = factorsOfDraw === null ? dataset : withCostFactors(dataset, { factorByProjectId: Object.fromEntries(dataset.projects.map((project, index) => [project.id, factorsOfDraw[index]])) });
  const staged = plannedDataset(drawn);
  const built = buildFormulation(staged.dataset, computeIndices(staged.dataset), 'portfolio');
  return built.program;
}
const lpData = (arrays: HighsModelArrays) => ({ ...toModelData(highs, arrays), integrality: undefined });

const baseArrays = toHighsArrays(programOf(null));
// The base LP's optimal basis.
const baseBasis = highs.withModel(lpData(baseArrays) as never, (model) => {
  model.options.set({ output_flag: false });
  model.run();
  return model.getBasis();
});
// One persistent LP model, changed draw by draw.
const persistent = highs.createModel(lpData(baseArrays) as never);
persistent.options.set({ output_flag: false });
persistent.run();
let current = baseArrays;

/** Root LP iterations of a MIP run read from its log, with and without a basis set first. */
function mipRoot(arrays: HighsModelArrays, basis: unknown | null) {
  let rootIterations = NaN;
  const before = cpu();
  const result = highs.withModel(toModelData(highs, arrays), (model) => {
    model.options.set({ mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT, mip_heuristic_run_feasibility_jump: false, mip_rel_gap: RESEARCH_RELATIVE_GAP, time_limit: 120, output_flag: true, log_to_console: false } as never);
    if (basis !== null) model.setBasis(basis as never);
    const logging = highs.constants.callbackType.logging;
    model.run({ [logging]: (event: { message: string }) => {
      for (const text of event.message.split('\n')) {
        const match = /\s(\d+)\s+[\d.]+s\s*$/.exec(text);
        if (Number.isNaN(rootIterations) && match !== null && match[1] !== '0' && /%/.test(text)) rootIterations = Number(match[1]);
      }
      return undefined;
    } } as never);
    return { objective: model.getObjectiveValue() };
  });
  return { rootIterations, cpu: cpu() - before, objective: result.objective };
}

/** LP of the arrays: bound, iterations, CPU, and how many 0/1 columns its reduced costs could fix below `planValue`. */
function lpFixing(arrays: HighsModelArrays, planValue: number) {
  const before = cpu();
  return highs.withModel(lpData(arrays) as never, (model) => {
    model.options.set({ output_flag: false });
    model.run();
    const bound = model.getObjectiveValue();
    const solution = model.getSolution();
    const margin = bound - planValue;
    let fixable = 0, binaries = 0;
    for (let column = 0; column < arrays.colCost.length; column += 1) {
      if (arrays.integer[column] !== 1) continue;
      binaries += 1;
      const reducedCost = solution.colDual[column];
      if (Math.abs(reducedCost) > margin) fixable += 1;
    }
    return { bound, iterations: Number(model.info.get('simplex_iteration_count' as never)), cpu: cpu() - before, fixable, binaries, margin };
  });
}

for (let draw = firstDraw; draw < firstDraw + count; draw += 1) {
  const program = programOf(factors[draw]);
  const arrays = toHighsArrays(program);
  // Cold LP.
  let before = cpu();
  const cold = highs.withModel(lpData(arrays) as never, (model) => { model.options.set({ output_flag: false }); model.run(); return { iterations: Number(model.info.get('simplex_iteration_count' as never)), objective: model.getObjectiveValue() }; });
  const coldCpu = cpu() - before;
  // LP from the base basis.
  before = cpu();
  const fromBase = highs.withModel(lpData(arrays) as never, (model) => { model.options.set({ output_flag: false }); model.setBasis(baseBasis as never); model.run(); return { iterations: Number(model.info.get('simplex_iteration_count' as never)), objective: model.getObjectiveValue() }; });
  const fromBaseCpu = cpu() - before;
  // The persistent model: same sparsity (factors scale coefficients), so change only the values that differ.
  if (arrays.values.length !== current.values.length) throw new Error('sparsity differs between draws');
  before = cpu();
  let changed = 0;
  for (let row = 0; row < arrays.rowLower.length; row += 1) {
    for (let entry = arrays.starts[row]; entry < arrays.starts[row + 1]; entry += 1) {
      if (arrays.indices[entry] !== current.indices[entry]) throw new Error('sparsity differs between draws');
      if (arrays.values[entry] !== current.values[entry]) { persistent.changeCoefficient(row, arrays.indices[entry], arrays.values[entry]); changed += 1; }
    }
  }
  const rowsChanged = arrays.rowUpper.some((value, index) => value !== current.rowUpper[index]) || arrays.rowLower.some((value, index) => value !== current.rowLower[index]);
  if (rowsChanged) persistent.changeRowsBounds({ from: 0, to: arrays.rowLower.length - 1 } as never, arrays.rowLower, arrays.rowUpper);
  const costsChanged = arrays.colCost.some((value, index) => value !== current.colCost[index]);
  if (costsChanged) persistent.changeColsCost({ from: 0, to: arrays.colCost.length - 1 } as never, arrays.colCost);
  const changeCpu = cpu() - before;
  before = cpu();
  persistent.run();
  const warm = { iterations: Number(persistent.info.get('simplex_iteration_count' as never)), objective: persistent.getObjectiveValue() };
  const warmCpu = cpu() - before;
  current = arrays;
  // MIP root with and without the base basis.
  const mipCold = mipRoot(arrays, null);
  const mipWarm = mipRoot(arrays, baseBasis);
  // Reduced-cost fixing against the draw's own plan (the best case for fixing).
  const plain = lpFixing(arrays, mipCold.objective);
  const strong = lpFixing(toHighsArrays(strengthenShortfallRows(program)), mipCold.objective);
  console.log(`draw ${draw + 1}: LP cold ${cold.iterations} it ${coldCpu.toFixed(3)} CPU s; from base basis ${fromBase.iterations} it ${fromBaseCpu.toFixed(3)}; persistent (${changed} coefficients, rows ${rowsChanged}, costs ${costsChanged}, change ${changeCpu.toFixed(3)}) ${warm.iterations} it ${warmCpu.toFixed(3)}; LP ${cold.objective.toFixed(1)} = ${fromBase.objective.toFixed(1)} = ${warm.objective.toFixed(1)} | MIP root LP iterations cold ${mipCold.rootIterations} (${mipCold.cpu.toFixed(2)} CPU s, ${mipCold.objective.toFixed(1)}) / with setBasis ${mipWarm.rootIterations} (${mipWarm.cpu.toFixed(2)} CPU s, ${mipWarm.objective.toFixed(1)}) | reduced-cost fixing below the plan: plain LP ${plain.bound.toFixed(0)} (margin ${plain.margin.toFixed(0)}) fixes ${plain.fixable} of ${plain.binaries}; strengthened LP ${strong.bound.toFixed(0)} (margin ${strong.margin.toFixed(0)}) fixes ${strong.fixable}`);
}
persistent.dispose();
