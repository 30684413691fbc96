/**
 * Research (issue 14, task s4): a whole `stress` run on the default model on the 2 worker threads
 * (compiled dist/, run `npx tsc -p tsconfig.json` first), in CPU seconds of the process
 * (process.cpuUsage counts every thread: both pool workers and their HiGHS threads) and wall
 * seconds, with the load average before and after. A long box (BOX_SECONDS, default 120) keeps
 * the box from deciding the draws, so the CPU is what the draws cost.
 *
 *   WHEN_BROKEN=cold|repair BOX_SECONDS=120 npx tsx bench/research/stress-pool-cpu.ts [draws]
 */
import os from 'node:os';
import { runStress } from '../../src/analysis/run-stress.js';
import { compiledWorkerScript } from '../../src/analysis/solve-pool.js';

const draws = Number(process.argv[2] ?? 16);
const whenBroken = (process.env.WHEN_BROKEN ?? 'cold') as 'cold' | 'repair';
const workerScript = compiledWorkerScript();
if (workerScript === null) throw new Error('no compiled dist/: run npx tsc -p tsconfig.json first');
const loadBefore = os.loadavg()[0];
const cpuBefore = process.cpuUsage();
const started = performance.now();
const outcome = await runStress(
  { modelPath: 'models/western-cape', draws, seed: 1, whenBroken, commandLine: { timeLimitSeconds: Number(process.env.BOX_SECONDS ?? 120) } },
  { skipFiles: true, workers: 2, workerScript },
);
const cpu = process.cpuUsage(cpuBefore);
const solving = outcome.solving?.draws ?? [];
const proven = solving.filter((draw) => draw.status === 'optimal').length;
const largest = Math.max(0, ...solving.map((draw) => draw.gap ?? 0));
const methods = [...new Set(solving.map((draw) => draw.method))].map((method) => `${solving.filter((draw) => draw.method === method).length} ${method}`).join(', ');
// WORDS=1: each draw's status, gap, seconds and how it was solved.
if (process.env.WORDS === '1') solving.forEach((draw, index) => console.log(`draw ${index + 1}: ${draw.status} gap ${draw.gap === null ? '?' : (draw.gap * 100).toFixed(2)}% ${draw.seconds.toFixed(1)} s: ${draw.words}`));
const medianBenefit = outcome.summary.benefitByDraw.filter((benefit): benefit is number => benefit !== null).sort((a, b) => a - b)[Math.floor(draws / 2)];
console.log(`${whenBroken}: ${draws} draws, wall ${((performance.now() - started) / 1000).toFixed(1)} s, cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, load ${loadBefore.toFixed(1)}-${os.loadavg()[0].toFixed(1)}; ${proven} proven, largest gap ${(largest * 100).toFixed(2)}%; ${methods}; median benefit ${medianBenefit?.toFixed(0)}`);
