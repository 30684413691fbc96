/**
 * Research (issue 14, task t1): does a slightly larger top-up verify far more cheaply than the least
 * one? For one project deferred for money, the least-extra-money MILP with the floor on the rest of
 * the plan's benefit at B × (1 + f) for each f given (f = 0 is explain's answer: the least money with
 * no benefit given up; f > 0 asks the money to add f of the plan's benefit on top), then the proof
 * (proveByBound, cutoff, no spare thread) of each answer at the model's gap. One solve at a time, so
 * process.cpuUsage is the solve's CPU.
 *
 *   npx tsx bench/research/explain-larger-top-up.ts MODEL RUN_FOLDER PROJECT_ID [f list, default 0,0.001,0.003] [MILP box, 10] [proof box, 40]
 */
import { resolveRun } from '../../src/pipeline/resolve-run.js';
import { applyBaseline } from '../../src/pipeline/baseline-run.js';
import { planToExplain } from '../../src/cli/explain.js';
import { buildExtraMoneyProgram, extraMoneyStart, operatingTopUpEnvelopes, solveAnswerProgram } from '../../src/analysis/explain-extra-money.js';
import { proveByBound, topUpCandidates } from '../../src/analysis/explain-deferral.js';
import { decisionsOfPlan } from '../../src/analysis/plan-shortcut.js';
import { explainEngine } from '../../src/analysis/explain-limits.js';
import { decisionsOfValues } from '../../src/plan/baseline-stability.js';
import { toRand } from '../../src/program/money-unit.js';
import { hasSolution } from '../../src/solve/engine.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import os from 'node:os';

const [model, folder, projectId] = [process.argv[2], process.argv[3], process.argv[4]];
const factors = (process.argv[5] ?? '0,0.001,0.003').split(',').map(Number);
const milpBox = Number(process.argv[6] ?? 10);
const proofBox = Number(process.argv[7] ?? 40);
const cpu = (): number => { const usage = process.cpuUsage(); return (usage.user + usage.system) / 1e6; };
const { run, baseline } = await applyBaseline(await resolveRun({ model }), { baselinePath: folder });
const { plan } = await planToExplain(run, baseline, folder) as { plan: PortfolioPlan };
const benefit = plan.objectiveBenefitPoints as number;
console.log(`plan ${benefit.toFixed(1)}, bound ${plan.bestBoundBenefitPoints?.toFixed(1)}, load ${os.loadavg()[0].toFixed(1)}`);
const project = run.dataset.projects.find((candidate) => candidate.id === projectId);
if (project === undefined) throw new Error(`no project ${projectId}`);
const planned = plan.projects.find((candidate) => candidate.id === projectId);
console.log(`${projectId}: ${planned?.deferralReason}, benefit if funded ${planned?.benefitIfFunded?.toFixed(1)}`);
const envelopes = [...topUpCandidates(project, [], run.dataset), ...operatingTopUpEnvelopes(run.dataset, [projectId])];
const engine = explainEngine('highs');
const decisions = decisionsOfPlan(plan);
for (const factor of factors) {
  const built = buildExtraMoneyProgram(run.dataset, projectId, benefit * (1 + factor), envelopes);
  if (built === null) throw new Error('no program');
  let mark = cpu();
  const start = await extraMoneyStart(engine, built, projectId, decisions, 10);
  const solved = await solveAnswerProgram(engine, built.program, { timeLimitSeconds: milpBox, relativeGap: 0.001 }, start);
  const milpCpu = cpu() - mark;
  if (!hasSolution(solved)) { console.log(`f ${factor}: money MILP ${solved.status} (${milpCpu.toFixed(1)} CPU s)`); continue; }
  const values = solved.values;
  const changes = built.extraVariables.map((extra) => ({ extra, amountRand: Math.ceil(toRand(values[extra.variable]) / 100_000 - 1e-6) * 100_000 })).filter(({ amountRand }) => amountRand > 0)
    .map(({ extra, amountRand }) => ({ kind: 'top_up' as const, sourceId: extra.sourceId, financialYear: extra.financialYear, amountRand, ...(extra.purpose === 'operating' ? { purpose: extra.purpose } : {}) }));
  const money = changes.reduce((sum, change) => sum + change.amountRand, 0);
  mark = cpu();
  const proof = await proveByBound(run.dataset, projectId, changes, decisionsOfValues(built.layout, values), decisions, benefit, { engine: 'highs', timeLimitSeconds: proofBox, relativeGap: 0.001 }, 0.001, null, { planBoundBenefitPoints: plan.bestBoundBenefitPoints });
  const verification = proof.verification;
  console.log(`f ${factor}: R${(money / 1e6).toFixed(1)} million (MILP ${solved.status}, ${milpCpu.toFixed(1)} CPU s); plan with it ${verification.objectiveAfter?.toFixed(1)}, target ${verification.targetBenefitPoints?.toFixed(1)}, bound without ${verification.boundWithoutBenefitPoints?.toFixed(1)}; ${verification.outcome}, gap ${verification.gap}; proof ${(cpu() - mark).toFixed(1)} CPU s; load ${os.loadavg()[0].toFixed(1)}`);
}
