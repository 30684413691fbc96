/**
 * A pool of worker threads that solves independent jobs (scenarios, budget levels, overrun draws)
 * in parallel. Results are stored by job index, so the output never depends on which worker
 * finished first; the first failing job stops the pool and is reported by name, and a worker that
 * dies is reported too, so a run never hangs.
 *
 * Workers run the compiled dist/analysis/solve-worker.js. When this module itself runs from the
 * TypeScript sources (vitest, tsx) there is no compiled sibling, so the pool solves in-process
 * unless a worker script is given explicitly (the tests pass the dist one).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AnalysisPlan } from './plan-shortcut.js';
import { jobError, type SerialisedJobError } from './job-error.js';
import { solveJob, type SolveJob } from './solve-job.js';

/** Message from the pool to a worker. */
export interface WorkerRequest {
  /** 0-based job index. */
  readonly jobIndex: number;
  /** The job. */
  readonly job: SolveJob;
}

/** Message from a worker to the pool. */
export type WorkerReply =
  | { readonly jobIndex: number; readonly ok: true; readonly plan: AnalysisPlan }
  | { readonly jobIndex: number; readonly ok: false; readonly error: SerialisedJobError };

/** Reported when a job starts. */
export interface ProgressEvent {
  /** 1-based number of the job being started. */
  readonly jobNumber: number;
  /** Number of jobs. */
  readonly jobCount: number;
  /** The job's label. */
  readonly label: string;
}

/** Options of solveJobs. */
export interface SolvePoolOptions {
  /** Number of workers; 1 solves in-process; default os.availableParallelism(). */
  readonly workers?: number;
  /** Called as each job starts (for progress lines). */
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Worker script; default the compiled sibling solve-worker.js, or in-process when there is none. */
  readonly workerScript?: URL;
}

/** The compiled worker next to this module, or null when running from TypeScript sources. */
export function defaultWorkerScript(): URL | null {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.js')) return null;
  const sibling = path.join(path.dirname(here), 'solve-worker.js');
  return existsSync(sibling) ? pathToFileURL(sibling) : null;
}

/** The worker in the compiled dist/ folder of this package (built by `npx tsc`), or null when not built. */
export function compiledWorkerScript(): URL | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // src/analysis and dist/analysis are both two levels below the package root.
  const compiled = path.join(here, '..', '..', 'dist', 'analysis', 'solve-worker.js');
  return existsSync(compiled) ? pathToFileURL(compiled) : null;
}

/** Workers to use: the request (at least 1) capped by the job count; default the machine's parallelism. */
export function workerCount(requested: number | undefined, jobCount: number): number {
  const wanted = requested ?? os.availableParallelism();
  return Math.max(1, Math.min(Math.floor(wanted), jobCount));
}

/** Solve every job and return the plans in job order. Rejects with the first failing job's error. */
export async function solveJobs(jobs: readonly SolveJob[], options: SolvePoolOptions = {}): Promise<AnalysisPlan[]> {
  if (jobs.length === 0) return [];
  const count = workerCount(options.workers, jobs.length);
  const script = options.workerScript ?? defaultWorkerScript();
  if (count === 1 || script === null) return solveInProcess(jobs, options.onProgress);
  return solveInWorkers(jobs, count, script, options.onProgress);
}

/** Solve jobs one after another in this thread. */
async function solveInProcess(jobs: readonly SolveJob[], onProgress: SolvePoolOptions['onProgress']): Promise<AnalysisPlan[]> {
  const plans: AnalysisPlan[] = [];
  for (const [jobIndex, job] of jobs.entries()) {
    onProgress?.({ jobNumber: jobIndex + 1, jobCount: jobs.length, label: job.label });
    plans.push(await solveJob(job));
  }
  return plans;
}

/** Solve jobs on `count` workers, handing the next job to whichever worker is idle. */
function solveInWorkers(jobs: readonly SolveJob[], count: number, script: URL, onProgress: SolvePoolOptions['onProgress']): Promise<AnalysisPlan[]> {
  return new Promise<AnalysisPlan[]>((resolve, reject) => {
    const plans: (AnalysisPlan | undefined)[] = new Array(jobs.length);
    const workers: Worker[] = [];
    const running = new Map<Worker, number>();
    let nextJob = 0;
    let finishedJobs = 0;
    let settled = false;

    const finish = (error: Error | null): void => {
      if (settled) return;
      settled = true;
      for (const worker of workers) {
        worker.removeAllListeners();
        // A worker still solving is stopped; the promise from terminate() needs no waiting.
        void worker.terminate();
      }
      if (error) reject(error);
      else resolve(plans as AnalysisPlan[]);
    };

    const dispatch = (worker: Worker): void => {
      if (nextJob >= jobs.length) {
        running.delete(worker);
        return;
      }
      const jobIndex = nextJob;
      nextJob += 1;
      running.set(worker, jobIndex);
      onProgress?.({ jobNumber: jobIndex + 1, jobCount: jobs.length, label: jobs[jobIndex].label });
      worker.postMessage({ jobIndex, job: jobs[jobIndex] } satisfies WorkerRequest);
    };

    for (let index = 0; index < count; index += 1) {
      const worker = new Worker(script);
      workers.push(worker);
      worker.on('message', (reply: WorkerReply) => {
        if (!reply.ok) {
          finish(jobError(reply.error, reply.jobIndex, jobs[reply.jobIndex].label));
          return;
        }
        plans[reply.jobIndex] = reply.plan;
        finishedJobs += 1;
        if (finishedJobs === jobs.length) finish(null);
        else dispatch(worker);
      });
      const describeRunning = (): string => {
        const jobIndex = running.get(worker);
        return jobIndex === undefined ? 'a solve worker' : `job ${jobIndex + 1} (${jobs[jobIndex].label})`;
      };
      worker.on('error', (error: Error) => finish(new Error(`${describeRunning()} failed in its worker thread: ${error.message}`)));
      worker.on('exit', (code) => finish(new Error(`${describeRunning()}: its worker thread stopped unexpectedly (exit code ${code})`)));
      dispatch(worker);
    }
  });
}
