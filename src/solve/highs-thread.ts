/**
 * HiGHS on a worker thread that can be stopped. HiGHS runs synchronously; in this thread a long
 * presolve or a phase that ignores `time_limit` would hold the whole process past any deadline.
 * On a worker, the engine can end the thread at a hard deadline and keep the best solution the
 * worker reported before it was stopped.
 *
 * Idle workers are kept (unreferenced, so they never keep the process alive) and reused, so the
 * WebAssembly runtime loads once per worker rather than once per solve. A worker that was stopped
 * or failed is never reused.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HighsIncumbent, HighsProgress, HighsRun, HighsRunRequest } from './highs-run.js';

/** Message to a worker. */
export interface HighsWorkerRequest {
  /** Request number, echoed in every reply. */
  readonly id: number;
  /** The run. */
  readonly run: HighsRunRequest;
}

/** Message from a worker. */
export type HighsWorkerReply =
  | { readonly id: number; readonly kind: 'incumbent'; readonly incumbent: HighsIncumbent }
  | { readonly id: number; readonly kind: 'progress'; readonly progress: HighsProgress }
  | { readonly id: number; readonly kind: 'finished'; readonly run: HighsRun }
  | { readonly id: number; readonly kind: 'failed'; readonly message: string };

/** How a run on a worker ended. */
export type HighsThreadOutcome =
  /** HiGHS returned (optimal, infeasible, at its own limit, interrupted by a callback…). */
  | { readonly kind: 'finished'; readonly run: HighsRun }
  /** The hard deadline passed first and the worker was stopped; what it had reported is kept. */
  | { readonly kind: 'stopped'; readonly incumbent: HighsIncumbent | null; readonly progress: HighsProgress | null }
  /** HiGHS or the worker failed. */
  | { readonly kind: 'failed'; readonly message: string };

/** Most idle workers kept for reuse; one is what a single planning run needs. */
const IDLE_WORKERS_KEPT = 1;

const idleWorkers: Worker[] = [];
/** Workers running a request now. */
const busyWorkers = new Set<Worker>();
/** Every worker started and not yet exited (busy, idle, or being terminated). */
const liveWorkers = new Set<Worker>();
let nextRequestId = 1;

/**
 * The HiGHS worker threads of this process: `busy` running a request, `idle` kept for reuse,
 * `live` started and not yet exited (busy + idle + any being terminated). For tests and the
 * race (highs-race.ts): a run that was stopped must leave no thread behind.
 */
export function highsWorkerThreads(): { readonly busy: number; readonly idle: number; readonly live: number } {
  return { busy: busyWorkers.size, idle: idleWorkers.length, live: liveWorkers.size };
}

/**
 * A new worker. From compiled JavaScript it is the sibling highs-worker.js; from the TypeScript
 * sources (vitest, tsx) Node cannot run a .ts worker itself, so a two-line bootstrap loads it
 * through tsx (a development dependency, present whenever the sources are run).
 */
function startWorker(): Worker {
  const worker = startWorkerThread();
  liveWorkers.add(worker);
  worker.once('exit', () => liveWorkers.delete(worker));
  return worker;
}

/** The thread itself, from compiled JavaScript or through tsx. */
function startWorkerThread(): Worker {
  if (fileURLToPath(import.meta.url).endsWith('.js')) return new Worker(new URL('./highs-worker.js', import.meta.url));
  const workerUrl = new URL('./highs-worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((api) => api.tsImport(${JSON.stringify(workerUrl)}, ${JSON.stringify(import.meta.url)}));`;
  return new Worker(bootstrap, { eval: true });
}

/** An idle worker, or a new one. */
function acquireWorker(): Worker {
  const worker = idleWorkers.pop() ?? startWorker();
  worker.off('exit', forgetIdleWorker);
  busyWorkers.add(worker);
  // A busy worker keeps the process alive: the solve's promise alone would not.
  worker.ref();
  return worker;
}

/** Forget an idle worker that ended on its own. */
function forgetIdleWorker(this: Worker): void {
  const position = idleWorkers.indexOf(this);
  if (position >= 0) idleWorkers.splice(position, 1);
}

/** Keep a worker that finished cleanly for the next run, or end it. */
function releaseWorker(worker: Worker): void {
  busyWorkers.delete(worker);
  if (idleWorkers.length < IDLE_WORKERS_KEPT) {
    worker.unref();
    worker.once('exit', forgetIdleWorker);
    idleWorkers.push(worker);
  } else {
    void worker.terminate();
  }
}

/** The buffers of the typed arrays in a request's model. */
function transferableBuffers(request: HighsRunRequest): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const array of Object.values(request.model)) if (ArrayBuffer.isView(array) && array.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
  return [...buffers];
}

/** Options of runHighsOnThread. */
export interface HighsThreadOptions {
  /** Stop the worker after this many milliseconds if HiGHS has not returned; undefined for never. */
  readonly stopAfterMilliseconds?: number;
  /**
   * Stop the worker as soon as this signal aborts (a race whose other run finished first): the
   * outcome is `stopped` with what the worker had reported, and the thread is terminated.
   */
  readonly signal?: AbortSignal;
  /** Called with each improving solution the worker reports (only reported when the request has a deadline or asks for reports). */
  readonly onIncumbent?: (incumbent: HighsIncumbent) => void;
  /** Called with each bound the worker reports. */
  readonly onProgress?: (progress: HighsProgress) => void;
}

/**
 * Run HiGHS on a worker. Resolves (never rejects) with the run, with what the worker had reported
 * when it was stopped at `stopAfterMilliseconds`, or with the failure.
 */
export function runHighsOnThread(request: HighsRunRequest, options: HighsThreadOptions = {}): Promise<HighsThreadOutcome> {
  return new Promise((resolve) => {
    // Stopped before it started: no thread is taken.
    if (options.signal?.aborted === true) {
      resolve({ kind: 'stopped', incumbent: null, progress: null });
      return;
    }
    const id = nextRequestId;
    nextRequestId += 1;
    let worker: Worker;
    try {
      worker = acquireWorker();
    } catch (error) {
      resolve({ kind: 'failed', message: `the HiGHS worker thread did not start: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    let incumbent: HighsIncumbent | null = null;
    let progress: HighsProgress | null = null;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (outcome: HighsThreadOutcome, reusable: boolean): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      // Only this run's own listeners go: Worker keeps internal ones that removeAllListeners would break.
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      options.signal?.removeEventListener('abort', onAbort);
      if (reusable) releaseWorker(worker);
      else {
        busyWorkers.delete(worker);
        void worker.terminate();
      }
      resolve(outcome);
    };
    if (options.stopAfterMilliseconds !== undefined) {
      timer = setTimeout(() => settle({ kind: 'stopped', incumbent, progress }, false), Math.max(0, options.stopAfterMilliseconds));
    }
    function onAbort(): void {
      settle({ kind: 'stopped', incumbent, progress }, false);
    }
    function onMessage(reply: HighsWorkerReply): void {
      if (reply.id !== id) return;
      if (reply.kind === 'incumbent') {
        incumbent = reply.incumbent;
        options.onIncumbent?.(reply.incumbent);
      } else if (reply.kind === 'progress') {
        progress = reply.progress;
        options.onProgress?.(reply.progress);
      } else if (reply.kind === 'finished') settle({ kind: 'finished', run: reply.run }, true);
      else settle({ kind: 'failed', message: reply.message }, false);
    }
    function onError(error: Error): void {
      settle({ kind: 'failed', message: `the HiGHS worker thread failed: ${error.message}` }, false);
    }
    function onExit(code: number): void {
      settle({ kind: 'failed', message: `the HiGHS worker thread stopped with exit code ${code}` }, false);
    }
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // The model's typed arrays are moved, not copied: the caller builds them for this run only.
    worker.postMessage({ id, run: request } satisfies HighsWorkerRequest, transferableBuffers(request));
  });
}
