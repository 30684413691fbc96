/**
 * A pool of worker threads that solves independent jobs (scenarios, budget levels, overrun draws)
 * in parallel. Results are stored by job index, so the output never depends on which worker
 * finished first; the first failing job stops the pool and is reported by name, and a worker that
 * dies is reported too, so a run never hangs. As each job ends (with a plan, without one, or
 * failing) the pool reports it (onJobDone), so a command can say so at once rather than only at
 * the end of the run.
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

/**
 * Reported when a job ends: with its plan (which may have no solution: the plan's status says
 * why), or with the error that stops the pool. Jobs end in any order on workers; `finishedCount`
 * counts them as they end.
 */
export interface JobDoneEvent {
  /** 1-based number of the job that ended (its place in the job list). */
  readonly jobNumber: number;
  /** Number of jobs. */
  readonly jobCount: number;
  /** Jobs ended so far, this one included (the first job to end has 1). */
  readonly finishedCount: number;
  /** The job's label. */
  readonly label: string;
  /** Wall-clock seconds from the job's start to its end. */
  readonly seconds: number;
  /** The job's plan, or null when it failed. */
  readonly plan: AnalysisPlan | null;
  /** Why the job failed (the pool then stops and rejects with this error), or null. */
  readonly error: Error | null;
}

/** Options of solveJobs. */
export interface SolvePoolOptions {
  /** Number of workers; 1 solves in-process; default os.availableParallelism(). */
  readonly workers?: number;
  /** Called as each job starts (for progress lines). */
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Called as each job ends, with its plan or its error (for a line per finished job). */
  readonly onJobDone?: (event: JobDoneEvent) => void;
  /** Milliseconds since some fixed point, for the seconds of JobDoneEvent (tests pass a fake clock); default performance.now. */
  readonly clockMilliseconds?: () => number;
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

/** Pool options whose progress and job-done events number a batch's jobs from `offset` out of `total` (the command's jobs, solved in several batches), not from 1 out of the batch. */
export function numberedFrom(options: SolvePoolOptions, offset: number, total: number): SolvePoolOptions {
  const { onProgress, onJobDone } = options;
  return {
    ...options,
    ...(onProgress ? { onProgress: (event: ProgressEvent) => onProgress({ ...event, jobNumber: event.jobNumber + offset, jobCount: total }) } : {}),
    ...(onJobDone ? { onJobDone: (event: JobDoneEvent) => onJobDone({ ...event, jobNumber: event.jobNumber + offset, jobCount: total, finishedCount: event.finishedCount + offset }) } : {}),
  };
}

/** Solve every job and return the plans in job order. Rejects with the first failing job's error. */
export async function solveJobs(jobs: readonly SolveJob[], options: SolvePoolOptions = {}): Promise<AnalysisPlan[]> {
  if (jobs.length === 0) return [];
  const count = workerCount(options.workers, jobs.length);
  const script = options.workerScript ?? defaultWorkerScript();
  const report = jobDoneReporter(jobs, options);
  if (count === 1 || script === null) return solveInProcess(jobs, options.onProgress, report);
  return solveInWorkers(jobs, count, script, options.onProgress, report);
}

/** Marks a job started and, when it ends, reports it to onJobDone with its seconds and the count of jobs ended. */
interface JobDoneReporter {
  /** The job (0-based) starts now. */
  started(jobIndex: number): void;
  /** The job ended with a plan or an error. */
  ended(jobIndex: number, plan: AnalysisPlan | null, error: Error | null): void;
}

function jobDoneReporter(jobs: readonly SolveJob[], options: SolvePoolOptions): JobDoneReporter {
  const now = options.clockMilliseconds ?? (() => performance.now());
  const startedAt = new Map<number, number>();
  let finishedCount = 0;
  return {
    started: (jobIndex) => startedAt.set(jobIndex, now()),
    ended: (jobIndex, plan, error) => {
      finishedCount += 1;
      const seconds = Math.max(0, (now() - (startedAt.get(jobIndex) ?? now())) / 1000);
      options.onJobDone?.({ jobNumber: jobIndex + 1, jobCount: jobs.length, finishedCount, label: jobs[jobIndex].label, seconds, plan, error });
    },
  };
}

/** Solve jobs one after another in this thread. */
async function solveInProcess(jobs: readonly SolveJob[], onProgress: SolvePoolOptions['onProgress'], report: JobDoneReporter): Promise<AnalysisPlan[]> {
  const plans: AnalysisPlan[] = [];
  for (const [jobIndex, job] of jobs.entries()) {
    onProgress?.({ jobNumber: jobIndex + 1, jobCount: jobs.length, label: job.label });
    report.started(jobIndex);
    let plan: AnalysisPlan;
    try {
      plan = await solveJob(job);
    } catch (error) {
      report.ended(jobIndex, null, error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    report.ended(jobIndex, plan, null);
    plans.push(plan);
  }
  return plans;
}

/** Solve jobs on `count` workers, handing the next job to whichever worker is idle. */
function solveInWorkers(jobs: readonly SolveJob[], count: number, script: URL, onProgress: SolvePoolOptions['onProgress'], report: JobDoneReporter): Promise<AnalysisPlan[]> {
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
      report.started(jobIndex);
      worker.postMessage({ jobIndex, job: jobs[jobIndex] } satisfies WorkerRequest);
    };

    for (let index = 0; index < count; index += 1) {
      const worker = new Worker(script);
      workers.push(worker);
      worker.on('message', (reply: WorkerReply) => {
        if (settled) return;
        if (!reply.ok) {
          const error = jobError(reply.error, reply.jobIndex, jobs[reply.jobIndex].label);
          report.ended(reply.jobIndex, null, error);
          finish(error);
          return;
        }
        plans[reply.jobIndex] = reply.plan;
        report.ended(reply.jobIndex, reply.plan, null);
        finishedJobs += 1;
        if (finishedJobs === jobs.length) finish(null);
        else dispatch(worker);
      });
      const describeRunning = (): string => {
        const jobIndex = running.get(worker);
        return jobIndex === undefined ? 'a solve worker' : `job ${jobIndex + 1} (${jobs[jobIndex].label})`;
      };
      // The job the worker was solving ends with the worker's failure (reported once: the pool then stops).
      const fail = (error: Error): void => {
        if (settled) return;
        const jobIndex = running.get(worker);
        if (jobIndex !== undefined) report.ended(jobIndex, null, error);
        finish(error);
      };
      worker.on('error', (error: Error) => fail(new Error(`${describeRunning()} failed in its worker thread: ${error.message}`)));
      worker.on('exit', (code) => fail(new Error(`${describeRunning()}: its worker thread stopped unexpectedly (exit code ${code})`)));
      dispatch(worker);
    }
  });
}
