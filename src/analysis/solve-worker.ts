/**
 * The worker-thread entry of the solve pool. It stays alive for many jobs, so the HiGHS
 * WebAssembly module (loaded on first use by the engine) is loaded once per worker, not per job.
 * Only ever started by solve-pool.ts from the compiled dist/ folder; `jobIndex` is the pool's own
 * number for the job (unique over the pool's life), echoed in the reply.
 */
import { parentPort } from 'node:worker_threads';
import { serialiseJobError } from './job-error.js';
import { runPoolJob, type PoolJob } from './solve-job.js';
import type { WorkerReply, WorkerRequest } from './solve-pool.js';

if (!parentPort) throw new Error('solve-worker.js must run inside a worker thread');
const port = parentPort;

port.on('message', (request: WorkerRequest) => {
  const job: PoolJob = request.job;
  runPoolJob(job).then(
    (result) => port.postMessage({ jobIndex: request.jobIndex, ok: true, result } satisfies WorkerReply),
    (error: unknown) => port.postMessage({ jobIndex: request.jobIndex, ok: false, error: serialiseJobError(error) } satisfies WorkerReply),
  );
});
