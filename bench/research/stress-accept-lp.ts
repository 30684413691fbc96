/**
 * Research (issue 14, task t1): could a stress draw be accepted without a MILP? Per draw of seed 1
 * of the default model, in CPU seconds of this process (HiGHS runs on a thread of it, one solve at
 * a time): the program build, the completion LP (does the plan without overruns fit?), the
 * keep-or-drop repair of that plan (completeBaseline), the draw's LP relaxation bound (the
 * whole-model LP of plan-shortcut.ts), the same LP with the shortfall rows' capacity coefficients
 * capped at the shortfall (`closed ≤ Σ min(capacity, shortfall) · start`, valid for every integer
 * plan, see strengthenShortfallRows), and the cold 1% MILP as stress solves it. Prints, per draw,
 * the repaired plan's gap to each bound (accepted when ≤ 1%) and the MILP's plan and bound.
 *
 *   npx tsx bench/research/stress-accept-lp.ts [firstDraw] [count] [cacheFile]
 *
 * MILP=0 skips the MILP (the acceptance test alone); STRONG_MILP=1 also solves the strengthened program's MILP after the original's.
 */
import { neighbourPlan, fittingNeighbour, linearRelaxation, relativeGapOf } from '../../src/analysis/plan-shortcut.js';
import { withCostFactors } from '../../src/dataset/cost-factors.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { plannedDataset } from '../../src/pipeline/plan-run.js';
import { buildFormulation } from '../../src/program/formulation.js';
import type { LinearProgram } from '../../src/program/linear-program.js';
import { getEngine } from '../../src/solve/engines.js';
import { hasSolution } from '../../src/solve/engine.js';
import { solveProgram } from '../../src/solve/solve-program.js';
import { RESEARCH_RELATIVE_GAP, stressDrawSetup } from './stress-draw-setup.js';

const firstDraw = Number(process.argv[2] ?? 0);
const count = Number(process.argv[3] ?? 10);
const cacheFile = process.argv[4] ?? '/tmp/t1/base-plan.json';
const relativeGap = RESEARCH_RELATIVE_GAP;

/** closed − Σ cap_j · x_j ≤ 0 with closed ≤ s: each cap_j above s can be lowered to s (if any such x_j is 1 the row allows closed = s; otherwise nothing changes). */
export function strengthenShortfallRows(program: LinearProgram): LinearProgram {
  return {
    ...program,
    name: `${program.name}-strengthened`,
    constraints: program.constraints.map((row) => {
      if (row.group !== 'shortfall_closed') return row;
      const closed = row.terms.find((term) => term.coefficient > 0);
      if (closed === undefined) return row;
      const cap = program.variables[closed.variable].upper;
      return { ...row, terms: row.terms.map((term) => (term.coefficient < 0 ? { ...term, coefficient: Math.max(term.coefficient, -cap) } : term)) };
    }),
  };
}

const cpu = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
const { dataset, factors, startFrom } = await stressDrawSetup(firstDraw + count, cacheFile);
const engine = getEngine('highs');
const totals = { build: 0, fit: 0, repair: 0, lp: 0, strongLp: 0, milp: 0, strongMilp: 0, strongProven: 0, acceptedLp: 0, acceptedStrong: 0, proven: 0 };
for (let draw = firstDraw; draw < firstDraw + count; draw += 1) {
  const drawn = withCostFactors(dataset, { factorByProjectId: Object.fromEntries(dataset.projects.map((project, index) => [project.id, factors[draw][index]])) });
  let before = cpu();
  const staged = plannedDataset(drawn);
  const built = buildFormulation(staged.dataset, computeIndices(staged.dataset), 'portfolio');
  if (built.kind !== 'portfolio') throw new Error('not a portfolio');
  const build = cpu() - before;
  before = cpu();
  const fitting = await fittingNeighbour(engine, built.program, built.layout, startFrom);
  const fit = cpu() - before;
  before = cpu();
  const repaired = fitting !== 'broken' && fitting !== null ? fitting : await neighbourPlan(engine, built.program, built.layout, startFrom, null);
  const repair = cpu() - before;
  before = cpu();
  const relaxed = await solveProgram(engine, linearRelaxation(built.program), {});
  const lp = cpu() - before;
  before = cpu();
  const strong = await solveProgram(engine, linearRelaxation(strengthenShortfallRows(built.program)), {});
  const strongLp = cpu() - before;
  const start = repaired?.benefitPoints ?? null;
  const lpBound = hasSolution(relaxed) ? relaxed.objective : null;
  const strongBound = hasSolution(strong) ? strong.objective : null;
  const lpGap = start === null || lpBound === null ? null : relativeGapOf(lpBound, start);
  const strongGap = start === null || strongBound === null ? null : relativeGapOf(strongBound, start);
  let milpWords = 'MILP skipped';
  let milp = 0;
  if (process.env.MILP !== '0') {
    before = cpu();
    const solved = await solveProgram(engine, built.program, { relativeGap, feasibilityJump: false, cpuTimeLimitSeconds: 15, timeLimitSeconds: 60 });
    milp = cpu() - before;
    if (solved.status === 'optimal') totals.proven += 1;
    milpWords = `MILP ${milp.toFixed(2)} cpu s ${solved.status} plan ${solved.objective?.toFixed(0)} bound ${solved.bestBound?.toFixed(0)} gap ${solved.gap === null ? '?' : (solved.gap * 100).toFixed(2)}%${start !== null && hasSolution(solved) ? `, repaired plan ${((1 - start / solved.objective) * 100).toFixed(2)}% below it` : ''}`;
    if (process.env.STRONG_MILP === '1') {
      before = cpu();
      const strongSolved = await solveProgram(engine, strengthenShortfallRows(built.program), { relativeGap, feasibilityJump: false, cpuTimeLimitSeconds: 15, timeLimitSeconds: 60 });
      const strongMilp = cpu() - before;
      totals.strongMilp += strongMilp;
      if (strongSolved.status === 'optimal') totals.strongProven += 1;
      milpWords += `; strengthened MILP ${strongMilp.toFixed(2)} cpu s ${strongSolved.status} plan ${strongSolved.objective?.toFixed(0)} bound ${strongSolved.bestBound?.toFixed(0)} gap ${strongSolved.gap === null ? '?' : (strongSolved.gap * 100).toFixed(2)}%`;
    }
  }
  totals.build += build;
  totals.fit += fit;
  totals.repair += repair;
  totals.lp += lp;
  totals.strongLp += strongLp;
  totals.milp += milp;
  if (lpGap !== null && lpGap <= relativeGap) totals.acceptedLp += 1;
  if (strongGap !== null && strongGap <= relativeGap) totals.acceptedStrong += 1;
  const pct = (gap: number | null): string => (gap === null ? '?' : `${(gap * 100).toFixed(2)}%`);
  console.log(
    `draw ${draw + 1}: build ${build.toFixed(2)}, fit ${fit.toFixed(2)} (${fitting === 'broken' ? 'broken' : fitting === null ? 'no answer' : 'fits'}), repair ${repair.toFixed(2)} (plan ${start?.toFixed(0)}), LP ${lp.toFixed(2)} (bound ${lpBound?.toFixed(0)}, gap ${pct(lpGap)}), strengthened LP ${strongLp.toFixed(2)} (bound ${strongBound?.toFixed(0)}, gap ${pct(strongGap)}); ${milpWords}`,
  );
}
const per = (value: number): string => (value / count).toFixed(2);
console.log(`per draw (cpu s): build ${per(totals.build)}, fit ${per(totals.fit)}, repair ${per(totals.repair)}, LP ${per(totals.lp)}, strengthened LP ${per(totals.strongLp)}, MILP ${per(totals.milp)}; accepted by the LP bound ${totals.acceptedLp} of ${count}, by the strengthened LP ${totals.acceptedStrong} of ${count}; MILP proven ${totals.proven} of ${count}; strengthened MILP ${per(totals.strongMilp)}, proven ${totals.strongProven}`);
