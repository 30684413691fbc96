/**
 * Research (issue 14): the phases of one stress draw on the default model, in CPU seconds
 * (process.cpuUsage, HiGHS's thread included): the keep-or-drop repair, the shift repair (projects
 * of the plan without overruns may start `before` years earlier to `after` years later, or drop;
 * others stay out) at `shiftGap`, and the full 1% MILP from the shift repair's plan. (HiGHS's
 * sub-MIP heuristics off, mip_heuristic_run_rins/rens/root_reduced_cost false, were measured with
 * this script through an engine option since dropped: docs/analysis.md.) Needs the cached plan of
 * bench/research/stress-draw-cpu.ts (/tmp/t2/base-plan.json).
 *
 *   npx tsx bench/research/stress-draw-phases.ts [firstDraw] [count] [before] [after] [shiftGap] [noPlain: 1 skips keep-or-drop]
 */
import { readFileSync } from 'node:fs';
import { loadScenario } from '../../src/analysis/analysis-run.js';
import { drawOverrunFactors, DEFAULT_OVERRUN_DISTRIBUTION } from '../../src/analysis/cost-overruns.js';
import { neighbourPlan } from '../../src/analysis/plan-shortcut.js';
import { withCostFactors } from '../../src/dataset/cost-factors.js';
import { plannedDataset } from '../../src/pipeline/plan-run.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { buildFormulation } from '../../src/program/formulation.js';
import type { LinearProgram } from '../../src/program/linear-program.js';
import { getEngine } from '../../src/solve/engines.js';
import { solveProgram } from '../../src/solve/solve-program.js';

const startFrom = JSON.parse(readFileSync('/tmp/t2/base-plan.json', 'utf8'));
const loaded = await loadScenario('models/western-cape', undefined, undefined);
const dataset0 = plannedDataset(loaded.resolved.dataset).dataset;
const first = Number(process.argv[2] ?? 0), count = Number(process.argv[3] ?? 4);
const before = Number(process.argv[4] ?? 0), after = Number(process.argv[5] ?? 2); const shiftGap = Number(process.argv[6] ?? 0.001); const noPlain = process.argv[7] === '1';
const factors = drawOverrunFactors(dataset0.projects.length, first + count, 1, DEFAULT_OVERRUN_DISTRIBUTION);
const engine = getEngine('highs');
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const obj = (p: LinearProgram, v: readonly number[]) => p.objective.reduce((s, t) => s + t.coefficient * v[t.variable], p.objectiveConstant);
for (let draw = first; draw < first + count; draw++) {
  const ds = withCostFactors(dataset0, { factorByProjectId: Object.fromEntries(dataset0.projects.map((p, i) => [p.id, factors[draw][i]])) });
  const staged = plannedDataset(ds);
  const built = buildFormulation(staged.dataset, computeIndices(staged.dataset), 'portfolio');
  if (built.kind !== 'portfolio') throw new Error('x');
  const program = built.program;
  let t = cpu();
  const nb = noPlain ? { values: [] as number[], benefitPoints: NaN } : await neighbourPlan(engine, program, built.layout, startFrom);
  const tRepair = cpu() - t;
  // shift repair: funded projects may start `before` years earlier to `after` years later, or be dropped; unfunded stay out.
  const allowed = new Set<number>(); const all = new Set<number>();
  for (const [id, entries] of built.layout.startVariables) {
    const y = startFrom[id] ?? null;
    for (const e of entries) { all.add(e.variable); if (y !== null && e.financialYear >= y - before && e.financialYear <= y + after) allowed.add(e.variable); }
  }
  const shiftProgram: LinearProgram = { ...program, variables: program.variables.map((v, i) => (all.has(i) && !allowed.has(i) ? { ...v, upper: 0 } : v)) };
  t = cpu();
  const shifted = await solveProgram(engine, shiftProgram, { relativeGap: shiftGap, ...(noPlain ? {} : { startValues: nb!.values }), timeLimitSeconds: 60 });
  const tShift = cpu() - t;
  const shiftValues = shifted.values!;
  t = cpu();
  const milpOn = await solveProgram(engine, program, { relativeGap: 0.01, startValues: shiftValues, timeLimitSeconds: 60 });
  const tOn = cpu() - t;
  const best = milpOn.objective ?? 0;
  const below = (v: number) => `${(100 * (1 - v / best)).toFixed(2)}%`;
  console.log(`draw ${draw + 1}: repair ${tRepair.toFixed(2)} cpu s (${below(nb!.benefitPoints)} below); shift[-${before},+${after}] ${tShift.toFixed(2)} cpu s ${shifted.status} gap ${((shifted.gap ?? NaN) * 100).toFixed(2)}% (${below(obj(program, shiftValues))} below); from it: ${tOn.toFixed(2)} cpu s ${milpOn.status} gap ${((milpOn.gap ?? NaN) * 100).toFixed(2)}% ${milpOn.objective?.toFixed(0)}`);
}
