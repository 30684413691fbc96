/**
 * Research (issue 14, task x2): what a stress draw costs besides HiGHS's MILP, in CPU seconds of
 * the process (process.cpuUsage, HiGHS's worker thread included), phase by phase on the real
 * path's functions: the program build (plannedDataset, indices, formulation), the completion LP
 * that asks whether the plan without overruns still fits (fittingNeighbour), and the engine's
 * hand-over of the program (toHighsArrays) that each MILP pays.
 *
 *   npx tsx bench/research/stress-draw-overhead.ts [firstDraw] [count] [cacheFile]
 */
import { fittingNeighbour } from '../../src/analysis/plan-shortcut.js';
import { withCostFactors } from '../../src/dataset/cost-factors.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { plannedDataset } from '../../src/pipeline/plan-run.js';
import { buildFormulation } from '../../src/program/formulation.js';
import { toHighsArrays } from '../../src/solve/highs-engine.js';
import { getEngine } from '../../src/solve/engines.js';
import { stressDrawSetup } from './stress-draw-setup.js';

const firstDraw = Number(process.argv[2] ?? 0);
const count = Number(process.argv[3] ?? 8);
const cacheFile = process.argv[4] ?? '/tmp/x2/base-plan.json';
const cpu = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
const { dataset, factors, startFrom } = await stressDrawSetup(firstDraw + count, cacheFile);
const engine = getEngine('highs');
// One uncounted completion LP first: the HiGHS worker thread starts and compiles once.
{
  const staged = plannedDataset(dataset);
  const built = buildFormulation(staged.dataset, computeIndices(staged.dataset), 'portfolio');
  if (built.kind === 'portfolio') await fittingNeighbour(engine, built.program, built.layout, startFrom);
}
const totals = { build: 0, fit: 0, arrays: 0 };
for (let draw = firstDraw; draw < firstDraw + count; draw += 1) {
  let before = cpu();
  const drawn = withCostFactors(dataset, { factorByProjectId: Object.fromEntries(dataset.projects.map((project, index) => [project.id, factors[draw][index]])) });
  const staged = plannedDataset(drawn);
  const built = buildFormulation(staged.dataset, computeIndices(staged.dataset), 'portfolio');
  if (built.kind !== 'portfolio') throw new Error('not a portfolio');
  const build = cpu() - before;
  before = cpu();
  const fitting = await fittingNeighbour(engine, built.program, built.layout, startFrom);
  const fit = cpu() - before;
  before = cpu();
  toHighsArrays(built.program);
  const arrays = cpu() - before;
  totals.build += build;
  totals.fit += fit;
  totals.arrays += arrays;
  console.log(`draw ${draw + 1}: build ${build.toFixed(2)}, completion LP ${fit.toFixed(2)} (${fitting === 'broken' ? 'no longer fits' : fitting === null ? 'no answer' : 'fits'}), arrays ${arrays.toFixed(3)} CPU s`);
}
console.log(`per draw: build ${(totals.build / count).toFixed(2)}, completion LP ${(totals.fit / count).toFixed(2)}, arrays ${(totals.arrays / count).toFixed(3)} CPU s`);
