/**
 * Research (issue 14, task e2): what the least-extra-money MILP's time box buys on the default
 * model. For each project, its start (the plan + p at its cheapest start year, or keep-or-add) and
 * then the MILP from it under a CPU-seconds box, printing each improving plan with the CPU seconds
 * at which it came (process.cpuUsage; HiGHS's thread is in this process).
 *
 *   npx tsx bench/research/explain-money-milp.ts RUN_FOLDER CPU_BOX PROJECT_ID...
 */
import { resolveRun } from '../../src/pipeline/resolve-run.js';
import { applyBaseline } from '../../src/pipeline/baseline-run.js';
import { planToExplain } from '../../src/cli/explain.js';
import { buildExtraMoneyProgram, extraMoneyStart, operatingTopUpEnvelopes } from '../../src/analysis/explain-extra-money.js';
import { topUpCandidates } from '../../src/analysis/explain-deferral.js';
import { decisionsOfPlan } from '../../src/analysis/plan-shortcut.js';
import { toRand } from '../../src/program/money-unit.js';
import { getEngine } from '../../src/solve/engines.js';
import { solveProgram } from '../../src/solve/solve-program.js';
import type { PortfolioPlan } from '../../src/plan/types.js';

const folder = process.argv[2];
const cpuBox = Number(process.argv[3] ?? 30);
const cpu = (): number => { const usage = process.cpuUsage(); return (usage.user + usage.system) / 1e6; };
const { run, baseline } = await applyBaseline(await resolveRun({ model: 'models/western-cape' }), { baselinePath: folder });
const { plan } = await planToExplain(run, baseline, folder) as { plan: PortfolioPlan };
const engine = getEngine('highs');
for (const projectId of process.argv.slice(4)) {
  const project = run.dataset.projects.find((candidate) => candidate.id === projectId);
  if (project === undefined) throw new Error(`no project ${projectId}`);
  const envelopes = [...topUpCandidates(project, [], run.dataset), ...operatingTopUpEnvelopes(run.dataset, [projectId])];
  const built = buildExtraMoneyProgram(run.dataset, projectId, plan.objectiveBenefitPoints as number, envelopes);
  if (built === null) { console.log(`${projectId}: no program`); continue; }
  let before = cpu();
  const start = await extraMoneyStart(engine, built, projectId, decisionsOfPlan(plan), 10);
  const money = (values: readonly number[]): number => built.extraVariables.reduce((sum, extra) => sum + toRand(values[extra.variable]), 0) / 1e6;
  console.log(`${projectId}: start ${start === null ? 'none' : `R${money(start).toFixed(2)} million`} in ${(cpu() - before).toFixed(2)} CPU s`);
  before = cpu();
  const improvements: string[] = [];
  const solved = await solveProgram(engine, built.program, {
    relativeGap: 0.001, cpuTimeLimitSeconds: cpuBox, timeLimitSeconds: cpuBox * 6, ...(start !== null ? { startValues: start } : {}),
    progress: (update) => { if ('objective' in update && update.objective !== undefined && update.objective !== null) improvements.push(`R${(update.objective as number).toFixed(2)} million at ${(cpu() - before).toFixed(1)} CPU s`); },
  });
  console.log(`  MILP ${solved.status} in ${(cpu() - before).toFixed(2)} CPU s: ${solved.objective === null ? 'no plan' : `R${(solved.objective).toFixed(2)} million`}, bound ${solved.bestBound}, nodes ${solved.nodes}; improving: ${improvements.join('; ') || 'none'}`);
}
