/**
 * Research (issue 14, task e2): the proof of a money answer (the changed model with the project
 * forced out must stay within V·(1 + gap), V the plan that funds it) two ways, in CPU seconds
 * (process.cpuUsage; HiGHS runs in this thread):
 *  - `gap`: as proveByBound did before task e2: from the original plan, sub-MIP heuristics off,
 *    HiGHS stopping at the gap target / S − 1 (its bound reaching the target);
 *  - `cutoff`: HiGHS searches only for plans better than the target (SolveOptions.objectiveCutoff,
 *    HiGHS's objective_bound): infeasible means proven.
 * The answer is the money of the start LP (the plan + p at its cheapest start year; no money MILP).
 *
 *   npx tsx bench/research/explain-proof-cutoff.ts RUN_FOLDER PROJECT_ID [box seconds, default 60] [which: both|gap|cutoff]
 */
import { resolveRun } from '../../src/pipeline/resolve-run.js';
import { applyBaseline } from '../../src/pipeline/baseline-run.js';
import { planToExplain } from '../../src/cli/explain.js';
import { buildExtraMoneyProgram, extraMoneyStart, operatingTopUpEnvelopes } from '../../src/analysis/explain-extra-money.js';
import { topUpCandidates } from '../../src/analysis/explain-deferral.js';
import { applyChanges } from '../../src/analysis/explain-changes.js';
import { decisionsOfPlan, neighbourPlan } from '../../src/analysis/plan-shortcut.js';
import { decisionsOfValues } from '../../src/plan/baseline-stability.js';
import { plannedDataset } from '../../src/pipeline/plan-run.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { buildFormulation } from '../../src/program/formulation.js';
import { toRand } from '../../src/program/money-unit.js';
import { getEngine } from '../../src/solve/engines.js';
import { solveProgram } from '../../src/solve/solve-program.js';
import type { LinearProgram } from '../../src/program/linear-program.js';
import type { PortfolioPlan } from '../../src/plan/types.js';

const [folder, projectId] = [process.argv[2], process.argv[3]];
const box = Number(process.argv[4] ?? 60);
const which = process.argv[5] ?? 'both';
const gap = 0.001;
const cpu = (): number => { const usage = process.cpuUsage(); return (usage.user + usage.system) / 1e6; };
const { run, baseline } = await applyBaseline(await resolveRun({ model: 'models/western-cape' }), { baselinePath: folder });
const { plan } = await planToExplain(run, baseline, folder) as { plan: PortfolioPlan };
const project = run.dataset.projects.find((candidate) => candidate.id === projectId);
if (project === undefined) throw new Error(`no project ${projectId}`);
const envelopes = [...topUpCandidates(project, [], run.dataset), ...operatingTopUpEnvelopes(run.dataset, [projectId])];
const built = buildExtraMoneyProgram(run.dataset, projectId, plan.objectiveBenefitPoints as number, envelopes);
if (built === null) throw new Error('no program');
const engine = getEngine('highs');
const decisions = decisionsOfPlan(plan);
const start = await extraMoneyStart(engine, built, projectId, decisions, 10);
if (start === null) throw new Error('no start');
const changes = built.extraVariables.map((extra) => ({ extra, amountRand: Math.ceil(toRand(start[extra.variable]) / 100_000 - 1e-6) * 100_000 })).filter(({ amountRand }) => amountRand > 0)
  .map(({ extra, amountRand }) => ({ kind: 'top_up' as const, sourceId: extra.sourceId, financialYear: extra.financialYear, amountRand, ...(extra.purpose === 'operating' ? { purpose: extra.purpose } : {}) }));
console.log(`answer: ${JSON.stringify(changes)}`);
const planned = plannedDataset(applyChanges(run.dataset, changes)).dataset;
const formulation = buildFormulation(planned, computeIndices(planned), 'portfolio');
if (formulation.kind !== 'portfolio') throw new Error('not a portfolio');
const { program, layout } = formulation;
const funding = await neighbourPlan(engine, program, layout, decisionsOfValues(built.layout, start));
if (funding === null || !funding.exact) throw new Error('the answer does not fit');
const own = new Set((layout.startVariables.get(projectId) ?? []).map((entry) => entry.variable));
const without: LinearProgram = { ...program, variables: program.variables.map((variable, index) => (own.has(index) ? { ...variable, lower: 0, upper: 0 } : variable)) };
const original = await neighbourPlan(engine, without, layout, { ...decisions, [projectId]: null });
if (original === null) throw new Error('no original plan');
const target = funding.benefitPoints * (1 + gap);
console.log(`V ${funding.benefitPoints.toFixed(1)}, target ${target.toFixed(1)}, S ${original.benefitPoints.toFixed(1)}, run bound ${plan.bestBoundBenefitPoints?.toFixed(1)}`);
if (which !== 'cutoff') {
  const before = cpu();
  const solved = await solveProgram(engine, without, { relativeGap: Math.min(0.05, Math.max(1e-6, target / original.benefitPoints - 1)), subMipHeuristics: false, startValues: original.values, timeLimitSeconds: box });
  console.log(`gap: ${(cpu() - before).toFixed(2)} CPU s, ${solved.status}, bound ${solved.bestBound?.toFixed(1)}, incumbent ${solved.objective?.toFixed(1)}, nodes ${solved.nodes}, proven ${solved.bestBound !== null && solved.bestBound <= target}`);
}
if (which !== 'gap') {
  for (const subMip of [false, true]) {
    const before = cpu();
    const solved = await solveProgram(engine, without, { relativeGap: gap, subMipHeuristics: subMip, objectiveCutoff: target, timeLimitSeconds: box });
    console.log(`cutoff (sub-MIP ${subMip ? 'on' : 'off'}): ${(cpu() - before).toFixed(2)} CPU s, ${solved.status}, bound ${solved.bestBound?.toFixed(1)}, incumbent ${solved.objective?.toFixed(1)}, nodes ${solved.nodes}; ${solved.rawStatus}`);
  }
}
