/**
 * Research (issue 14, task st): what a stress draw's worker spends in JavaScript, step by step, in
 * CPU seconds of this thread (/proc/thread-self/stat is 10 ms coarse, so each step is repeated
 * REPEAT times and the mean shown): the structured clone of the job's dataset (both ends, as the
 * pool's postMessage does), the master-plan stage (plannedDataset), the indices, the program build,
 * interpretation and the independent checker of a plan, and the validation of a program as every
 * engine call repeats it. HiGHS is not called: the plan interpreted is the plan without overruns'
 * decisions completed with zero spending, which is enough to time interpretation and the checker
 * (they read every project whatever the values).
 *
 *   npx tsx bench/research/stress-draw-js.ts [draws=6] [repeat=5]
 */
import { serialize, deserialize } from 'node:v8';
import { withCostFactors } from '../../src/dataset/cost-factors.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { plannedDataset } from '../../src/pipeline/plan-run.js';
import { buildFormulation } from '../../src/program/formulation.js';
import { findProgramProblems } from '../../src/program/validate-program.js';
import { interpretPortfolio } from '../../src/plan/interpret.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import { threadCpuSeconds } from '../../src/solve/thread-cpu.js';
import type { SolveResult } from '../../src/solve/engine.js';
import { strengthenShortfallRows } from '../../src/program/shortfall-strengthening.js';
import { linearRelaxation, withStartsFixed } from '../../src/analysis/plan-shortcut.js';
import { toHighsArrays } from '../../src/solve/highs-engine.js';
import { referenceOfStarts, programFixedWhereAgreeing } from '../../src/solve/guided-start.js';
import { stressDrawSetup } from './stress-draw-setup.js';

const draws = Number(process.argv[2] ?? 6);
const repeat = Number(process.argv[3] ?? 5);
const { dataset, factors, startFrom } = await stressDrawSetup(draws + 1, '/tmp/st/base-plan.json');
const cpu = (): number => threadCpuSeconds() ?? process.cpuUsage().user / 1e6;
const totals = new Map<string, number>();
/** Run `step` `repeat` times and add its mean CPU seconds to the total of `name`; returns its last value. */
function timed<T>(name: string, step: () => T): T {
  const before = cpu();
  let value: T = step();
  for (let index = 1; index < repeat; index += 1) value = step();
  totals.set(name, (totals.get(name) ?? 0) + (cpu() - before) / repeat);
  return value;
}
console.log(`dataset: ${dataset.projects.length} projects, serialised ${(serialize(dataset).length / 1e6).toFixed(2)} MB`);
for (let draw = 1; draw <= draws; draw += 1) {
  const drawn = withCostFactors(dataset, { factorByProjectId: Object.fromEntries(dataset.projects.map((project, index) => [project.id, factors[draw][index]])) });
  const cloned = timed('clone (serialise + deserialise)', () => deserialize(serialize(drawn)) as typeof drawn);
  const staged = timed('plannedDataset', () => plannedDataset(cloned));
  const indices = timed('computeIndices', () => computeIndices(staged.dataset));
  const built = timed('buildFormulation', () => buildFormulation(staged.dataset, indices, 'portfolio'));
  if (built.kind !== 'portfolio') throw new Error('not a portfolio');
  timed('validate a program (each engine call)', () => findProgramProblems(built.program));
  timed('withStartsFixed (the completion LP)', () => withStartsFixed(built.program, built.layout, startFrom));
  timed('strengthenShortfallRows + relaxation (guided LP)', () => linearRelaxation(strengthenShortfallRows(built.program)));
  const reference = timed('referenceOfStarts', () => referenceOfStarts(built.program, built.layout, startFrom));
  timed('programFixedWhereAgreeing', () => programFixedWhereAgreeing(built.program, reference, built.program.variables.map(() => 0)));
  timed('toHighsArrays (each engine call)', () => toHighsArrays(built.program));
  const values = built.program.variables.map(() => 0);
  const result: SolveResult = { engine: 'highs', status: 'optimal', rawStatus: 'timing', objective: 0, bestBound: 0, gap: 0, nodes: 0, seconds: 0, values, duals: null };
  const plan = timed('interpretPortfolio', () => interpretPortfolio({ dataset: staged.dataset, indices, result, scenarioName: 'x', overridesApplied: [], warnings: [] }, built.layout));
  timed('checkPlan', () => checkPlan(plan, staged.dataset));
  timed('clone of the plan (the reply)', () => deserialize(serialize(plan)));
}
for (const [name, seconds] of totals) console.log(`${name}: ${(seconds / draws).toFixed(4)} CPU s per draw`);
