/**
 * Research (issue 14, task st): the engine calls of a stress draw on the real path one by one, in
 * CPU seconds of the process around each call (HiGHS's thread and this one: in-process, one draw
 * at a time), so that the completion LP, the guided start's LP and sub-MIP and the MILP can be told
 * apart, and the JavaScript around them (the rest of the draw). "this thread" is the CPU of the
 * thread that runs the draw's JavaScript (what a pool worker's own thread spends), without HiGHS's
 * thread and V8's helpers. SHARED=1 hands the draws as stress does since task st (one dataset
 * object, the draw's cost factors on the job); unset, a dataset per draw as before.
 *
 *   [SHARED=1] npx tsx bench/research/stress-draw-solves.ts [firstDraw=1] [count=8]
 */
import { planOptionsFor, STRESS_DRAW_SECONDS } from '../../src/analysis/analysis-run.js';
import { STRESS_STAGNATION_STOP } from '../../src/analysis/run-stress.js';
import { solveJob } from '../../src/analysis/solve-job.js';
import { withCostFactors } from '../../src/dataset/cost-factors.js';
import { highsEngine } from '../../src/solve/highs-engine.js';
import { threadCpuSeconds } from '../../src/solve/thread-cpu.js';
import { RESEARCH_RELATIVE_GAP, stressDrawSetup } from './stress-draw-setup.js';

const firstDraw = Number(process.argv[2] ?? 1);
const count = Number(process.argv[3] ?? 8);
const { resolved, dataset, factors, startFrom } = await stressDrawSetup(firstDraw + count, '/tmp/st/base-plan.json');
const cpu = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
let calls: { name: string; cpuSeconds: number }[] = [];
const original = highsEngine.solve;
// The research hook: every call of the HiGHS engine, named by its program and timed in process CPU seconds.
(highsEngine as { solve: typeof original }).solve = async (program, options) => {
  const before = cpu();
  const result = await original(program, options);
  calls.push({ name: `${program.name.replace(/^portfolio/, '')}${program.variables.some((variable) => variable.kind !== 'continuous') ? ' MILP' : ' LP'}`, cpuSeconds: cpu() - before });
  return result;
};
const sums = new Map<string, number>();
for (let draw = firstDraw; draw < firstDraw + count; draw += 1) {
  calls = [];
  const before = cpu();
  const threadBefore = threadCpuSeconds() ?? 0;
  const factorByProjectId = Object.fromEntries(dataset.projects.map((project, index) => [project.id, factors[draw][index]]));
  const plan = await solveJob({
    kind: 'dataset',
    label: `overrun draw ${draw + 1}`,
    ...(process.env.SHARED === '1' ? { dataset, costFactors: { factorByProjectId } } : { dataset: withCostFactors(dataset, { factorByProjectId }) }),
    planOptions: planOptionsFor(resolved, { timeLimitSeconds: STRESS_DRAW_SECONDS }),
    shortcut: { startFrom, relativeGap: RESEARCH_RELATIVE_GAP, tryLpBound: false, whenBroken: 'cold', boxInCpuSeconds: true, feasibilityJump: false, guidedStart: true, stagnationStop: { ...STRESS_STAGNATION_STOP, aboveGap: RESEARCH_RELATIVE_GAP } },
  });
  const total = cpu() - before;
  const thread = (threadCpuSeconds() ?? 0) - threadBefore;
  sums.set('this thread', (sums.get('this thread') ?? 0) + thread);
  const engine = calls.reduce((sum, call) => sum + call.cpuSeconds, 0);
  for (const call of calls) sums.set(call.name, (sums.get(call.name) ?? 0) + call.cpuSeconds);
  sums.set('rest (JavaScript outside the engine calls)', (sums.get('rest (JavaScript outside the engine calls)') ?? 0) + total - engine);
  console.log(`draw ${draw + 1}: ${total.toFixed(2)} CPU s, benefit ${plan.objectiveBenefitPoints?.toFixed(1)}, gap ${((plan.gap ?? 0) * 100).toFixed(2)}%: ${calls.map((call) => `${call.name} ${call.cpuSeconds.toFixed(3)}`).join(', ')}, rest ${(total - engine).toFixed(3)}, this thread ${thread.toFixed(3)}`);
}
for (const [name, seconds] of sums) console.log(`${name}: ${(seconds / count).toFixed(3)} CPU s per draw`);
