/**
 * Research (issue 14, task t1): where the CPU seconds of `explain --baseline RUN --top 10` go, per
 * answer and per phase. Runs explainFromArguments as the bench does (2 workers, the compiled worker
 * script) and wraps the HiGHS engine object of the registry, through which every in-process solve of
 * explain goes (the answer MILPs, their starts and LPs, the search with the project forced in, the
 * proof), to log each solve: its phase (from the program's name and options), wall seconds, and the
 * process's CPU seconds over it (two solves at once share that, so the per-phase CPU is estimated as
 * the solve's wall seconds, a single-threaded solve using at most its wall time, and the total CPU
 * is the process's). The pool's re-solves (wider search) run in worker threads and are counted by the
 * process total only.
 *
 *   npx tsx bench/research/explain-top-phases.ts MODEL RUN_FOLDER [top, default 10] [out.json]
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { explainFromArguments } from '../../src/cli/explain.js';
import { compiledWorkerScript } from '../../src/analysis/solve-pool.js';
import { getEngine } from '../../src/solve/engines.js';
import type { LinearProgram } from '../../src/program/linear-program.js';
import type { SolveOptions } from '../../src/solve/engine.js';

const [model, folder] = [process.argv[2], process.argv[3]];
const top = Number(process.argv[4] ?? 10);
const outPath = process.argv[5] ?? null;
const cpu = (): number => { const usage = process.cpuUsage(); return (usage.user + usage.system) / 1e6; };
const t0 = { cpu: cpu(), wall: performance.now() };

interface SolveLog { project: string; phase: string; wallSeconds: number; startedAt: number; status: string; objective: number | null; bound: number | null; nodes: number | null; limit: number | null }
const solves: SolveLog[] = [];

/** The phase and project of a solve from its program's name and options. */
function phaseOf(program: LinearProgram, options: SolveOptions): { phase: string; project: string } {
  const name = program.name;
  const integer = program.variables.some((variable) => variable.kind !== 'continuous');
  const after = (marker: string): string => name.slice(name.indexOf(marker) + marker.length);
  if (name.includes('-keep-or-add')) return { phase: 'money start: keep-or-add MILP', project: after('-extra-money-').replace('-keep-or-add', '') };
  if (name.includes('-keep-or-drop')) return { phase: 'policy start: keep-or-drop MILP', project: after('-policy-relaxation-').replace('-keep-or-drop', '') };
  if (name.includes('-extra-money-')) return { phase: integer ? 'money MILP' : 'money start LP', project: after('-extra-money-') };
  if (name.includes('-policy-relaxation-')) return { phase: integer ? 'relaxation MILP' : 'relaxation start LP', project: after('-policy-relaxation-') };
  if (name.includes('-with-')) return { phase: 'search with p forced in', project: after('-with-') };
  if (name.includes('-without-')) return { phase: integer ? (options.objectiveCutoff !== undefined ? 'proof (cutoff)' : 'proof (gap stop)') : 'proof start LP', project: after('-without-') };
  return { phase: integer ? 'other MILP' : 'completion LP', project: '?' };
}

const highs = getEngine('highs');
const solve = highs.solve.bind(highs);
(highs as { solve: typeof highs.solve }).solve = async (program, options = {}) => {
  const started = performance.now();
  const result = await solve(program, options);
  const { phase, project } = phaseOf(program, options);
  solves.push({ project, phase, wallSeconds: (performance.now() - started) / 1000, startedAt: (started - t0.wall) / 1000, status: result.status, objective: result.objective, bound: result.bestBound, nodes: result.nodes, limit: options.cpuTimeLimitSeconds ?? options.timeLimitSeconds ?? null });
  return result;
};

const loads: number[] = [os.loadavg()[0]];
const loadTimer = setInterval(() => loads.push(os.loadavg()[0]), 10_000);
const answers: { project: string; at: number; cpu: number }[] = [];
const stream = { isTTY: false, write: (text: string) => { const match = /answered, ([^:]+):/.exec(text); if (match) answers.push({ project: match[1], at: (performance.now() - t0.wall) / 1000, cpu: cpu() - t0.cpu }); process.stderr.write(text); return true; } };
const workerScript = compiledWorkerScript();
const report = await explainFromArguments({ model, baseline: folder, top, workers: 2, json: true }, stream, workerScript !== null ? { workerScript } : {});
clearInterval(loadTimer);
loads.push(os.loadavg()[0]);
const total = { cpu: cpu() - t0.cpu, wall: (performance.now() - t0.wall) / 1000 };
console.log(`total: ${total.wall.toFixed(1)} s wall, ${total.cpu.toFixed(1)} CPU s, load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`);
for (const explanation of report.explanations) {
  const own = solves.filter((entry) => entry.project === explanation.projectId);
  const byPhase = new Map<string, { count: number; wall: number }>();
  for (const entry of own) byPhase.set(entry.phase, { count: (byPhase.get(entry.phase)?.count ?? 0) + 1, wall: (byPhase.get(entry.phase)?.wall ?? 0) + entry.wallSeconds });
  const phases = [...byPhase].map(([phase, { count, wall }]) => `${phase} ${count}× ${wall.toFixed(1)} s`).join('; ');
  const verification = explanation.verification;
  console.log(`${explanation.projectId} [${explanation.reason}] ${explanation.outcome}, ${explanation.solveCount} solves, R${(explanation.extraMoneyRand / 1e6).toFixed(1)} million; gap ${verification?.gap ?? '?'}, target ${verification?.targetBenefitPoints ?? '?'}, bound ${verification?.boundWithoutBenefitPoints ?? '?'}\n   ${phases}`);
}
if (outPath !== null) writeFileSync(outPath, JSON.stringify({ total, loads, answers, solves, explanations: report.explanations }, null, 1));
