/**
 * A pool of worker threads that solves independent jobs (scenarios, budget levels, overrun draws)
 * in parallel. Results are stored by job index, so the output never depends on which worker
 * finished first; the first failing job stops the pool and is reported by name, and a worker that
 * dies is reported too, so a run never hangs. As each job ends (with a plan, without one, or
 * failing) the pool reports it (onJobDone), so a command can say so at once rather than only at
 * the end of the run.
 *
 * A pool can also be started before its jobs are known and used for several batches
 * (startSolvePool): stress starts its workers first, so their modules and HiGHS's WebAssembly load
 * while the model is read, then solves the plan without overruns on one worker and the LP bound on
 * the other, then the draws on both (docs/benchmarks.md, "Stress: the time the two cores do not
 * spend on draws").
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
import type { AnalysisPlan, LpBoundGap } from './plan-shortcut.js';
import { jobError, type SerialisedJobError } from './job-error.js';
import { runPoolJob, type DatasetSolveJob, type LpBoundJob, type PoolJob, type SolveJob } from './solve-job.js';

/**
 * A dataset job sent without its dataset: the worker already holds that dataset under `datasetId`
 * (sent with an earlier job of the pool, WorkerRequest.keepDatasetAs). Stress draws share one
 * dataset and differ in their cost factors only (DatasetSolveJob.costFactors), so a worker
 * receives the 0.3 MB register once rather than once per draw.
 */
export interface HeldDatasetJob extends Omit<DatasetSolveJob, 'kind' | 'dataset'> {
  /** Discriminant. */
  readonly kind: 'held-dataset';
  /** The number the worker keeps the dataset under. */
  readonly datasetId: number;
}

/** Message from the pool to a worker. */
export interface WorkerRequest {
  /** The pool's number for the job (unique over the pool's life, not the job's place in its batch), echoed in the reply. */
  readonly jobIndex: number;
  /** The job, or a dataset job whose dataset the worker holds. */
  readonly job: PoolJob | HeldDatasetJob;
  /** Keep the job's dataset under this number for later jobs (HeldDatasetJob); absent: do not keep it. */
  readonly keepDatasetAs?: number;
}

/** The job a worker runs for a request: a held dataset put back in its place. Throws when the worker does not hold it (a pool defect). */
export function jobOfRequest(request: WorkerRequest, held: Map<number, DatasetSolveJob['dataset']>): PoolJob {
  const { job } = request;
  if (job.kind !== 'held-dataset') {
    if (request.keepDatasetAs !== undefined && job.kind === 'dataset') held.set(request.keepDatasetAs, job.dataset);
    return job;
  }
  const dataset = held.get(job.datasetId);
  if (dataset === undefined) throw new Error(`the solve worker holds no dataset ${job.datasetId} for ${job.label}`);
  const { datasetId: _datasetId, ...rest } = job;
  return { ...rest, kind: 'dataset', dataset };
}

/** Message from a worker to the pool: the job's plan (a solve job) or bound (an LP bound job), or its error. */
export type WorkerReply =
  | { readonly jobIndex: number; readonly ok: true; readonly result: AnalysisPlan | LpBoundGap }
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

/** Options of one batch of a started pool: its progress events and the order its jobs are handed out in. */
export interface BatchOptions extends Pick<SolvePoolOptions, 'onProgress' | 'onJobDone' | 'clockMilliseconds'> {
  /**
   * The order in which the batch's jobs (0-based) are handed to idle workers, a permutation of
   * them; default job order. Only the order of dispatch changes: results stay in job order, and a
   * job's answer never depends on when or where it ran.
   */
  readonly dispatchOrder?: readonly number[];
}

/**
 * Worker threads started once for several batches of jobs. Batches may run at the same time
 * (stress: the plan without overruns and the LP bound): their jobs share the workers, the first
 * submitted first handed out. The first failing job, or a worker that dies, stops the whole pool:
 * every batch still running rejects, the failing job's batch with that job's error.
 */
export interface SolvePool {
  /** Worker threads of the pool; 0 when it solves in this thread (one job at a time). */
  readonly workerCount: number;
  /** Solve the jobs and return their plans in job order. */
  solve(jobs: readonly SolveJob[], options?: BatchOptions): Promise<AnalysisPlan[]>;
  /** Compute an LP bound on the next idle worker (no progress events). */
  lpBound(job: LpBoundJob): Promise<LpBoundGap>;
  /** Stop every worker, those still solving too, and resolve once each has exited. Jobs not yet finished reject; later calls reject. */
  close(): Promise<void>;
  /** Worker threads started and not yet exited (for tests: a closed or failed pool has none). */
  liveWorkerCount(): number;
}

/** Options of startSolvePool. */
export interface StartPoolOptions extends Pick<SolvePoolOptions, 'workers' | 'workerScript'> {
  /** Most jobs that will run at once or in all, to cap the worker count (workerCount); default no cap. */
  readonly jobCount?: number;
}

/** Start a pool: its workers start at once (loading their modules) and wait for jobs. Close it when done. */
export function startSolvePool(options: StartPoolOptions = {}): SolvePool {
  const count = workerCount(options.workers, options.jobCount ?? Number.MAX_SAFE_INTEGER);
  const script = options.workerScript ?? defaultWorkerScript();
  return count === 1 || script === null ? queuePool(0, () => inProcessSlot()) : queuePool(count, (onDeath) => workerSlot(script, onDeath));
}

/** Solve every job and return the plans in job order. Rejects with the first failing job's error. */
export async function solveJobs(jobs: readonly SolveJob[], options: SolvePoolOptions = {}): Promise<AnalysisPlan[]> {
  if (jobs.length === 0) return [];
  const pool = startSolvePool({ ...options, jobCount: jobs.length });
  try {
    return await pool.solve(jobs, options);
  } finally {
    await pool.close();
  }
}

/** Marks a job started and, when it ends, reports it to onJobDone with its seconds and the count of jobs ended. */
interface JobDoneReporter {
  /** The job (0-based) starts now. */
  started(jobIndex: number): void;
  /** The job ended with a plan or an error. */
  ended(jobIndex: number, plan: AnalysisPlan | null, error: Error | null): void;
}

function jobDoneReporter(jobs: readonly SolveJob[], options: BatchOptions): JobDoneReporter {
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

/** How one job ran on a slot: its result, or its error (as the worker sent it, or as thrown in this thread). */
type SlotOutcome = { readonly ok: true; readonly result: AnalysisPlan | LpBoundGap } | { readonly ok: false; readonly serialised: SerialisedJobError } | { readonly ok: false; readonly thrown: Error };

/** Where jobs run: a worker thread, or this thread. */
interface Slot {
  /** Run one job; `poolJobNumber` is unique over the pool's life. */
  run(job: PoolJob, poolJobNumber: number): Promise<SlotOutcome>;
  /** Stop it and resolve once it has exited. */
  terminate(): Promise<void>;
  /** True until it has exited. */
  live(): boolean;
}

/** A job waiting for, or running on, a slot. */
interface QueuedJob {
  readonly job: PoolJob;
  /** The job in words for a worker's failure, e.g. `job 3 (overrun draw 3)` (its place in its batch). */
  readonly name: string;
  /** Called as a slot takes it. */
  readonly onStart: () => void;
  /** Called with its outcome (a job error included: the pool then stops). */
  readonly onOutcome: (outcome: SlotOutcome) => void;
  /** Called when the pool stops for another reason (another job failed, a worker died, close): `ownFailure` when it was this job's worker that died. */
  readonly onStopped: (error: Error, ownFailure: boolean) => void;
}

/** A pool of `slotCount` slots (0: one slot in this thread) handing out queued jobs in order. */
function queuePool(slotCount: number, startSlot: (onDeath: (error: (running: string) => Error) => void) => Slot): SolvePool {
  const queue: QueuedJob[] = [];
  const running = new Map<Slot, QueuedJob>();
  const idle: Slot[] = [];
  const slots: Slot[] = [];
  let nextPoolJobNumber = 0;
  let stoppedBy: Error | null = null;
  let closing = false;

  const stop = (error: Error, failedSlot: Slot | null): void => {
    if (stoppedBy !== null) return;
    stoppedBy = error;
    for (const [slot, item] of running) item.onStopped(error, slot === failedSlot);
    running.clear();
    for (const item of queue.splice(0)) item.onStopped(error, false);
    for (const slot of slots) void slot.terminate();
  };

  const dispatch = (): void => {
    while (stoppedBy === null && queue.length > 0 && idle.length > 0) {
      const slot = idle.shift() as Slot;
      const item = queue.shift() as QueuedJob;
      running.set(slot, item);
      item.onStart();
      const poolJobNumber = nextPoolJobNumber;
      nextPoolJobNumber += 1;
      void slot.run(item.job, poolJobNumber).then((outcome) => {
        if (running.get(slot) !== item) return;
        running.delete(slot);
        item.onOutcome(outcome);
        if (!outcome.ok) {
          stop('thrown' in outcome ? outcome.thrown : new Error(`${item.name}: ${outcome.serialised.message}`), null);
          return;
        }
        idle.push(slot);
        dispatch();
      });
    }
  };

  for (let index = 0; index < Math.max(1, slotCount); index += 1) {
    const slot: Slot = startSlot((describe) => {
      if (closing) return;
      stop(describe(running.get(slot)?.name ?? 'a solve worker'), slot);
    });
    slots.push(slot);
    idle.push(slot);
  }

  /** Queue one job; the promise settles with its outcome or the pool's stop. */
  const submit = (item: QueuedJob): void => {
    if (stoppedBy !== null) item.onStopped(stoppedBy, false);
    else queue.push(item);
  };

  return {
    workerCount: slotCount,
    solve(jobs, options = {}) {
      if (jobs.length === 0) return Promise.resolve([]);
      const report = jobDoneReporter(jobs, options);
      const order = options.dispatchOrder ?? jobs.map((_, jobIndex) => jobIndex);
      if (order.length !== jobs.length || new Set(order).size !== jobs.length || order.some((jobIndex) => !Number.isInteger(jobIndex) || jobIndex < 0 || jobIndex >= jobs.length)) {
        return Promise.reject(new Error(`the dispatch order must list each of the ${jobs.length} jobs once`));
      }
      return new Promise<AnalysisPlan[]>((resolve, reject) => {
        const plans: (AnalysisPlan | undefined)[] = new Array(jobs.length);
        let finished = 0;
        let settled = false;
        const fail = (error: Error): void => {
          if (settled) return;
          settled = true;
          reject(error);
        };
        for (const jobIndex of order) {
          const job = jobs[jobIndex];
          submit({
            job,
            name: `job ${jobIndex + 1} (${job.label})`,
            onStart: () => {
              options.onProgress?.({ jobNumber: jobIndex + 1, jobCount: jobs.length, label: job.label });
              report.started(jobIndex);
            },
            onOutcome: (outcome) => {
              if (outcome.ok) {
                plans[jobIndex] = outcome.result as AnalysisPlan;
                report.ended(jobIndex, outcome.result as AnalysisPlan, null);
                finished += 1;
                if (finished === jobs.length && !settled) {
                  settled = true;
                  resolve(plans as AnalysisPlan[]);
                }
                return;
              }
              const error = 'thrown' in outcome ? outcome.thrown : jobError(outcome.serialised, jobIndex, job.label);
              report.ended(jobIndex, null, error);
              fail(error);
            },
            onStopped: (error, ownFailure) => {
              // The job whose worker died ends with that failure (reported once: the pool then stops).
              if (ownFailure) report.ended(jobIndex, null, error);
              fail(error);
            },
          });
        }
        dispatch();
      });
    },
    lpBound(job) {
      return new Promise<LpBoundGap>((resolve, reject) => {
        submit({
          job,
          name: `the LP bound (${job.label})`,
          onStart: () => undefined,
          onOutcome: (outcome) => (outcome.ok ? resolve(outcome.result as LpBoundGap) : reject('thrown' in outcome ? outcome.thrown : jobError(outcome.serialised, 0, job.label))),
          onStopped: (error) => reject(error),
        });
        dispatch();
      });
    },
    async close() {
      closing = true;
      stop(new Error('the solve pool was closed'), null);
      await Promise.all(slots.map((slot) => slot.terminate()));
    },
    liveWorkerCount: () => slots.filter((slot) => slot.live()).length,
  };
}

/** A slot in this thread: jobs run one after another here (the pool hands it one at a time). */
function inProcessSlot(): Slot {
  return {
    run: async (job) => {
      try {
        return { ok: true, result: await runPoolJob(job) };
      } catch (error) {
        return { ok: false, thrown: error instanceof Error ? error : new Error(String(error)) };
      }
    },
    terminate: () => Promise.resolve(),
    live: () => false,
  };
}

/**
 * A slot on a worker thread. An idle worker is unreferenced, so a pool nobody closed never keeps
 * the process alive; a busy one is referenced, as its job's promise alone would not be.
 * `onDeath` gets the worker's failure in words, to be completed with the job it was running.
 */
function workerSlot(script: URL, onDeath: (error: (running: string) => Error) => void): Slot {
  const worker = new Worker(script);
  worker.unref();
  let exited = false;
  // The shared datasets of cost-factor jobs this worker holds, by object: each is sent once (HeldDatasetJob).
  const sentDatasets = new Map<DatasetSolveJob['dataset'], number>();
  let terminating: Promise<void> | null = null;
  const waiting = new Map<number, (outcome: SlotOutcome) => void>();
  worker.on('message', (reply: WorkerReply) => {
    const settle = waiting.get(reply.jobIndex);
    if (settle === undefined) return;
    waiting.delete(reply.jobIndex);
    worker.unref();
    settle(reply.ok ? { ok: true, result: reply.result } : { ok: false, serialised: reply.error });
  });
  worker.on('error', (error: Error) => onDeath((running) => new Error(`${running} failed in its worker thread: ${error.message}`)));
  worker.on('exit', (code) => {
    exited = true;
    if (terminating === null) onDeath((running) => new Error(`${running}: its worker thread stopped unexpectedly (exit code ${code})`));
  });
  return {
    run: (job, poolJobNumber) =>
      new Promise<SlotOutcome>((resolve) => {
        waiting.set(poolJobNumber, resolve);
        worker.ref();
        worker.postMessage(requestFor(job, poolJobNumber, sentDatasets));
      }),
    terminate: () => {
      if (exited) return Promise.resolve();
      terminating ??= worker.terminate().then(() => undefined);
      return terminating;
    },
    live: () => !exited,
  };
}

/**
 * The message for a job: a cost-factor job (DatasetSolveJob.costFactors) whose dataset the worker
 * was sent before goes without it, and the first one asks the worker to keep it. Other jobs go whole.
 */
function requestFor(job: PoolJob, jobIndex: number, sentDatasets: Map<DatasetSolveJob['dataset'], number>): WorkerRequest {
  if (job.kind !== 'dataset' || job.costFactors === undefined) return { jobIndex, job };
  const held = sentDatasets.get(job.dataset);
  if (held === undefined) {
    const datasetId = sentDatasets.size;
    sentDatasets.set(job.dataset, datasetId);
    return { jobIndex, job, keepDatasetAs: datasetId };
  }
  const { dataset: _dataset, ...rest } = job;
  return { jobIndex, job: { ...rest, kind: 'held-dataset', datasetId: held } };
}
