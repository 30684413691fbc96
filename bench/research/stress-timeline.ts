/**
 * Research (issue 14, task s2): the timeline of one `stress` run on the default model, in-process
 * with the 2 pool workers as the bench runs it (seed 1, skipFiles), so that the wall time the two
 * cores do not spend on draws can be found: the serial phase before the first draw, the workers'
 * start-up, each draw's start and end, the tail and the summary.
 *
 * Every 0.2 s the main thread reads /proc/self/task/<tid>/stat of every thread of the process, so
 * the CPU seconds of each thread (the main thread, each pool worker, each HiGHS thread, V8's and
 * libuv's helpers) are known over time without touching the code measured. Draw starts and ends
 * come from the pool's onProgress and onJobDone (wall seconds from the start of runStress).
 *
 *   npx tsc -p tsconfig.json && [BASE_ON_WORKER=0|1] npx tsx bench/research/stress-timeline.ts [draws=20] [seed=1]
 *
 * BASE_ON_WORKER (after task s2) chooses where the plan without overruns is solved
 * (StressInput.basePlanOnWorker); unset, the default.
 *
 * Prints the phases, a line per draw (worker, start, end, seconds, method) and the CPU seconds of
 * every thread that used more than 0.1 s, with the load average before and after. JSON=path also
 * writes the raw samples and events.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { runStress } from '../../src/analysis/run-stress.js';
import { compiledWorkerScript } from '../../src/analysis/solve-pool.js';
import { cpuSecondsOfStat } from '../../src/solve/thread-cpu.js';

const draws = Number(process.argv[2] ?? 20);
const seed = Number(process.argv[3] ?? 1);
const workerScript = compiledWorkerScript();
if (workerScript === null) throw new Error('no compiled dist/: run npx tsc -p tsconfig.json first');

/** CPU seconds of every thread of this process now, by thread id. */
function threadCpu(): Map<number, number> {
  const result = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const seconds = cpuSecondsOfStat(readFileSync(`/proc/self/task/${tid}/stat`, 'latin1'));
      if (seconds !== null) result.set(Number(tid), seconds);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return result;
}

const started = performance.now();
const wall = (): number => (performance.now() - started) / 1000;
const samples: { seconds: number; cpuByThread: Record<number, number>; machineBusySeconds: number; machineIdleSeconds: number }[] = [];
/** Busy and idle CPU seconds of the whole machine (every core, every process) from /proc/stat, to see other work. */
function machineCpu(): { busy: number; idle: number } {
  const fields = readFileSync('/proc/stat', 'latin1').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = fields[3] + fields[4];
  const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return { busy: (total - idle) / 100, idle: idle / 100 };
}
const firstSeen = new Map<number, number>();
/** Each thread's name (/proc/self/task/<tid>/comm: `node`, `V8 DefaultWorke`, `libuv-worker`...), read when first seen. */
const threadName = new Map<number, string>();
const lastCpu = new Map<number, number>();
const sample = (): void => {
  const now = wall();
  const cpu = threadCpu();
  for (const [tid, seconds] of cpu) {
    if (!firstSeen.has(tid)) {
      firstSeen.set(tid, now);
      try {
        threadName.set(tid, readFileSync(`/proc/self/task/${tid}/comm`, 'latin1').trim());
      } catch {
        threadName.set(tid, '?');
      }
    }
    lastCpu.set(tid, seconds);
  }
  const machine = machineCpu();
  samples.push({ seconds: now, cpuByThread: Object.fromEntries(cpu), machineBusySeconds: machine.busy, machineIdleSeconds: machine.idle });
};
sample();
const timer = setInterval(sample, 200);
const events: { seconds: number; kind: string; label: string; jobNumber: number }[] = [];
const loadBefore = os.loadavg();
const cpuBefore = process.cpuUsage();
const outcome = await runStress(
  { modelPath: 'models/western-cape', draws, seed, ...(process.env.BASE_ON_WORKER !== undefined ? { basePlanOnWorker: process.env.BASE_ON_WORKER === '1' } : {}) },
  {
    skipFiles: true,
    workers: 2,
    workerScript,
    onProgress: (event) => events.push({ seconds: wall(), kind: 'start', label: event.label, jobNumber: event.jobNumber }),
    onJobDone: (event) => events.push({ seconds: wall(), kind: 'end', label: event.label, jobNumber: event.jobNumber }),
  },
);
const totalWall = wall();
const cpu = process.cpuUsage(cpuBefore);
sample();
clearInterval(timer);
const loadAfter = os.loadavg();

const mainTid = process.pid;
const words = (seconds: number): string => seconds.toFixed(2);
const drawEvents = events.filter((event) => event.label.startsWith('overrun draw'));
const baseEnd = events.find((event) => event.kind === 'end' && event.label === 'without overruns')?.seconds ?? null;
const firstDrawStart = drawEvents.find((event) => event.kind === 'start')?.seconds ?? null;
const lastDrawEnd = Math.max(...drawEvents.filter((event) => event.kind === 'end').map((event) => event.seconds));
// Which pool worker ran a draw: the pool hands the next draw to the worker that just finished, so a draw
// started at the same moment as another ended ran on that one's worker; the first two start on workers 1 and 2.
const workerOfDraw = new Map<number, number>();
const startOf = new Map<number, number>();
const endOf = new Map<number, number>();
let nextWorker = 1;
for (const [index, event] of events.entries()) {
  if (!event.label.startsWith('overrun draw')) continue;
  if (event.kind === 'end') endOf.set(event.jobNumber, event.seconds);
  else {
    startOf.set(event.jobNumber, event.seconds);
    const previous = events[index - 1];
    const worker = previous !== undefined && previous.kind === 'end' && previous.label.startsWith('overrun draw') ? (workerOfDraw.get(previous.jobNumber) ?? 0) : nextWorker++;
    workerOfDraw.set(event.jobNumber, worker);
  }
}
console.log(`stress ${draws} draws seed ${seed}: wall ${words(totalWall)} s, process CPU ${words((cpu.user + cpu.system) / 1e6)} s, load ${loadBefore.map((value) => value.toFixed(2)).join(' ')} -> ${loadAfter.map((value) => value.toFixed(2)).join(' ')}`);
console.log(`phases (wall s): plan without overruns ends ${baseEnd === null ? '?' : words(baseEnd)}, first draw dispatched ${firstDrawStart === null ? '?' : words(firstDrawStart)}, last draw ends ${words(lastDrawEnd)}, runStress returns ${words(totalWall)}`);
const solving = outcome.solving?.draws ?? [];
for (const [drawNumber, start] of startOf) {
  const end = endOf.get(drawNumber) ?? Number.NaN;
  const draw = solving[drawNumber - 1];
  console.log(`draw ${drawNumber} worker ${workerOfDraw.get(drawNumber)}: ${words(start)} -> ${words(end)} (${words(end - start)} s wall, own ${draw ? words(draw.seconds) : '?'} s) ${draw?.status ?? '?'} ${draw?.gap === null || draw?.gap === undefined ? '?' : (draw.gap * 100).toFixed(2)}%${draw?.stoppedByStagnation ? ' stalled' : ''} ${draw?.method ?? ''}`);
}
// The tail: from the first worker's last draw end to the last draw's end, one worker idle.
const lastEndByWorker = new Map<number, number>();
for (const [drawNumber, worker] of workerOfDraw) lastEndByWorker.set(worker, Math.max(lastEndByWorker.get(worker) ?? 0, endOf.get(drawNumber) ?? 0));
const workerEnds = [...lastEndByWorker.values()].sort((a, b) => a - b);
console.log(`tail: worker ends ${workerEnds.map(words).join(', ')} (one worker idle ${words(workerEnds[workerEnds.length - 1] - workerEnds[0])} s)`);
// CPU per thread: in which wall window it ran and how much.
const cpuAt = (tid: number, seconds: number): number => {
  let value = 0;
  for (const entry of samples) {
    if (entry.seconds > seconds) break;
    value = entry.cpuByThread[tid] ?? value;
  }
  return value;
};
console.log('threads (tid: CPU s total; before the first draw; first seen at wall s):');
for (const [tid, seconds] of [...lastCpu].sort((a, b) => a[0] - b[0])) {
  if (seconds < 0.1) continue;
  console.log(`  ${tid}${tid === mainTid ? ' (main)' : ''} ${threadName.get(tid) ?? '?'}: ${words(seconds)} CPU s; ${words(cpuAt(tid, firstDrawStart ?? 0))} before the first draw; first seen ${words(firstSeen.get(tid) ?? 0)}`);
}
if (process.env.JSON !== undefined) writeFileSync(process.env.JSON, JSON.stringify({ draws, seed, totalWall, cpuSeconds: (cpu.user + cpu.system) / 1e6, loadBefore, loadAfter, events, samples, mainTid, benefitByDraw: outcome.summary.benefitByDraw }, null, 1));
