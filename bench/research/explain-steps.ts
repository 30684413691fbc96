/**
 * Research (issue 14, task e2): the steps of one money answer of `explain --project` on the default
 * model, each in CPU seconds (process.cpuUsage: HiGHS runs in this thread): the plan from a run
 * folder, the start LPs (plan + p at each start year), the keep-or-add MILP when none fits, the
 * least-extra-money MILP in its box, and the proof (proveByBound, no spare thread).
 *
 *   npx tsx bench/research/explain-steps.ts RUN_FOLDER PROJECT_ID [box seconds, default 15] [milp: 1 runs the money MILP, 0 takes its start]
 */
import { resolveRun } from '../../src/pipeline/resolve-run.js';
import { applyBaseline } from '../../src/pipeline/baseline-run.js';
import { planToExplain } from '../../src/cli/explain.js';
import { buildExtraMoneyProgram, extraMoneyStart, operatingTopUpEnvelopes, solveAnswerProgram } from '../../src/analysis/explain-extra-money.js';
import { proveByBound, topUpCandidates } from '../../src/analysis/explain-deferral.js';
import { decisionsOfPlan } from '../../src/analysis/plan-shortcut.js';
import { decisionsOfValues } from '../../src/plan/baseline-stability.js';
import { toRand } from '../../src/program/money-unit.js';
import { getEngine } from '../../src/solve/engines.js';
import { hasSolution } from '../../src/solve/engine.js';
import type { PortfolioPlan } from '../../src/plan/types.js';

const [folder, projectId] = [process.argv[2], process.argv[3]];
const box = Number(process.argv[4] ?? 15);
const runMilp = (process.argv[5] ?? '1') === '1';
const cpu = (): number => { const usage = process.cpuUsage(); return (usage.user + usage.system) / 1e6; };
let mark = { cpu: cpu(), wall: performance.now() };
const step = (what: string): void => {
  const now = { cpu: cpu(), wall: performance.now() };
  console.log(`${what}: ${(now.cpu - mark.cpu).toFixed(2)} CPU s, ${((now.wall - mark.wall) / 1000).toFixed(2)} wall s`);
  mark = now;
};
const { run, baseline } = await applyBaseline(await resolveRun({ model: 'models/western-cape' }), { baselinePath: folder });
const { plan } = await planToExplain(run, baseline, folder) as { plan: PortfolioPlan };
step(`plan from the run folder (benefit ${plan.objectiveBenefitPoints?.toFixed(1)}, bound ${plan.bestBoundBenefitPoints?.toFixed(1)})`);
const project = run.dataset.projects.find((candidate) => candidate.id === projectId);
if (project === undefined) throw new Error(`no project ${projectId}`);
const planned = plan.projects.find((candidate) => candidate.id === projectId);
console.log(`${projectId}: ${planned?.deferralReason} — ${planned?.deferralDetail}`);
const envelopes = [...topUpCandidates(project, [], run.dataset), ...operatingTopUpEnvelopes(run.dataset, [projectId])];
const floor = plan.objectiveBenefitPoints as number;
const built = buildExtraMoneyProgram(run.dataset, projectId, floor, envelopes);
if (built === null) throw new Error('no program');
step(`money MILP built (${envelopes.length} envelopes, ${built.program.variables.length} variables)`);
const engine = getEngine('highs');
const decisions = decisionsOfPlan(plan);
const start = await extraMoneyStart(engine, built, projectId, decisions, 10);
const money = (values: readonly number[]): number => built.extraVariables.reduce((sum, extra) => sum + toRand(values[extra.variable]), 0);
step(`start (start LPs, keep-or-add when none fits): ${start === null ? 'none' : `R${(money(start) / 1e6).toFixed(2)} million`}`);
let values = start;
if (runMilp) {
  const solved = await solveAnswerProgram(engine, built.program, { timeLimitSeconds: box, relativeGap: 0.001 }, start);
  step(`money MILP ${solved.status}, ${hasSolution(solved) ? `R${(money(solved.values) / 1e6).toFixed(2)} million` : 'no plan'}, bound ${solved.bestBound}, nodes ${solved.nodes}`);
  if (hasSolution(solved)) values = solved.values;
}
if (values === null) throw new Error('no answer');
const changes = built.extraVariables.map((extra) => ({ extra, amountRand: Math.ceil(toRand(values[extra.variable]) / 100_000 - 1e-6) * 100_000 })).filter(({ amountRand }) => amountRand > 0)
  .map(({ extra, amountRand }) => ({ kind: 'top_up' as const, sourceId: extra.sourceId, financialYear: extra.financialYear, amountRand, ...(extra.purpose === 'operating' ? { purpose: extra.purpose } : {}) }));
console.log(JSON.stringify(changes));
const proof = await proveByBound(run.dataset, projectId, changes, decisionsOfValues(built.layout, values), decisions, plan.objectiveBenefitPoints, { engine: 'highs', timeLimitSeconds: Number(process.argv[6] ?? 45), relativeGap: 0.001 }, 0.001, null, { cutoff: process.argv[7] === '1' });
step(`proof: ${proof.verification.outcome}, ${proof.solveCount} solves, ${proof.verification.howSolved}`);
