/**
 * The worker-thread entry of the solve pool. It stays alive for many jobs, so the HiGHS
 * WebAssembly module (loaded on first use by the engine) is loaded once per worker, not per job.
 * Only ever started by solve-pool.ts from the compiled dist/ folder; `jobIndex` is the pool's own
 * number for the job (unique over the pool's life), echoed in the reply.
 */
import { parentPort } from 'node:worker_threads';
import { serialiseJobError } from './job-error.js';
import { runPoolJob, type PoolJob } from './solve-job.js';
import { jobOfRequest, type WorkerReply, type WorkerRequest } from './solve-pool.js';
import type { Dataset } from '../dataset/types.js';

if (!parentPort) throw new Error('solve-worker.js must run inside a worker thread');
const port = parentPort;

// Datasets shared by cost-factor jobs (stress draws), kept for the worker's life: one object per
// dataset, so the master plan stage of its draws runs once (stagedDataset in plan-shortcut.ts).
const heldDatasets = new Map<number, Dataset>();

port.on('message', (request: WorkerRequest) => {
  let job: PoolJob;
  try {
    job = jobOfRequest(request, heldDatasets);
  } catch (error) {
    port.postMessage({ jobIndex: request.jobIndex, ok: false, error: serialiseJobError(error) } satisfies WorkerReply);
    return;
  }
  runPoolJob(job).then(
    (result) => port.postMessage({ jobIndex: request.jobIndex, ok: true, result } satisfies WorkerReply),
    (error: unknown) => port.postMessage({ jobIndex: request.jobIndex, ok: false, error: serialiseJobError(error) } satisfies WorkerReply),
  );
});
