/**
 * Research (issue 14, task tp): the least-extra-money MILP's starts for the answers of `explain --top 10`
 * that found no plan (WC043-W-WTW-3, WC053-S-SEWER-1, WC053-W-WTW-1): which start exists (plan + p,
 * keep-or-add, the keep-or-drop repair), its benefit against the MILP's benefit row, and the MILP from it.
 * CPU seconds from process.cpuUsage (HiGHS runs in this thread).
 *
 *   npx tsx bench/research/explain-repaired-start.ts RUN_FOLDER CPU_BOX PROJECT_ID[:PREREQUISITE_ID]...
 */
import { resolveRun } from '../../src/pipeline/resolve-run.js';
import { applyBaseline } from '../../src/pipeline/baseline-run.js';
import { planToExplain } from '../../src/cli/explain.js';
import { buildExtraMoneyProgram, extraMoneyStarts, operatingTopUpEnvelopes } from '../../src/analysis/explain-extra-money.js';
import { topUpCandidates } from '../../src/analysis/explain-deferral.js';
import { decisionsOfPlan } from '../../src/analysis/plan-shortcut.js';
import { toRand } from '../../src/program/money-unit.js';
import { getEngine } from '../../src/solve/engines.js';
import { solveProgram } from '../../src/solve/solve-program.js';
import type { PortfolioPlan } from '../../src/plan/types.js';

const folder = process.argv[2];
const cpuBox = Number(process.argv[3] ?? 15);
const cpu = (): number => { const usage = process.cpuUsage(); return (usage.user + usage.system) / 1e6; };
const { run, baseline } = await applyBaseline(await resolveRun({ model: 'models/western-cape' }), { baselinePath: folder });
const { plan } = await planToExplain(run, baseline, folder) as { plan: PortfolioPlan };
const engine = getEngine('highs');
const gap = 0.001;
const floor = Math.max(plan.objectiveBenefitPoints as number, ((plan.bestBoundBenefitPoints as number) / (1 + gap)) * (1 + 1e-6));
console.log(`plan ${plan.objectiveBenefitPoints}, bound ${plan.bestBoundBenefitPoints}, floor ${floor}`);
for (const argument of process.argv.slice(4)) {
  const [projectId, ...blocking] = argument.split(':');
  const project = run.dataset.projects.find((candidate) => candidate.id === projectId);
  if (project === undefined) throw new Error(`no project ${projectId}`);
  const envelopes = [...topUpCandidates(project, blocking, run.dataset), ...[projectId, ...blocking].flatMap((id) => operatingTopUpEnvelopes(run.dataset, [id]).map((envelope) => ({ ...envelope, projectId: id })))];
  const built = buildExtraMoneyProgram(run.dataset, projectId, floor, envelopes);
  if (built === null) { console.log(`${projectId}: no program`); continue; }
  const money = (values: readonly number[]): number => built.extraVariables.reduce((sum, extra) => sum + toRand(values[extra.variable]), 0) / 1e6;
  let before = cpu();
  const starts = await extraMoneyStarts(engine, built, projectId, decisionsOfPlan(plan), 10, blocking);
  console.log(`${projectId}: start ${starts.start === null ? 'none' : `R${money(starts.start).toFixed(2)} million`}; repaired ${starts.repaired === null ? 'none' : `R${money(starts.repaired.values).toFixed(2)} million, benefit ${starts.repaired.benefitPoints.toFixed(1)} (${(floor - starts.repaired.benefitPoints).toFixed(1)} below the row)`} in ${(cpu() - before).toFixed(2)} CPU s`);
  before = cpu();
  const solved = await solveProgram(engine, built.program, { relativeGap: gap, cpuTimeLimitSeconds: cpuBox, timeLimitSeconds: cpuBox * 6, ...(starts.start !== null ? { startValues: starts.start } : {}) });
  console.log(`  MILP ${solved.status} in ${(cpu() - before).toFixed(2)} CPU s: ${solved.objective === null ? 'no plan' : `R${solved.objective.toFixed(2)} million`}, bound ${solved.bestBound}, nodes ${solved.nodes}`);
}
