/**
 * The worker-thread entry of the HiGHS engine. It stays alive for many runs (the WebAssembly
 * runtime is loaded once), performs one run at a time, and posts each improving MIP solution while
 * it runs, so the engine can stop the thread at a deadline and still keep the best plan found.
 * Only ever started by highs-thread.ts.
 */
import { parentPort } from 'node:worker_threads';
import { loadHighsRuntime, runHighs } from './highs-run.js';
import type { HighsWorkerReply, HighsWorkerRequest } from './highs-thread.js';

if (!parentPort) throw new Error('highs-worker must run inside a worker thread');
const port = parentPort;

/** Buffers that can be moved to the engine: whole buffers owned by these arrays alone. */
function ownBuffers(...arrays: readonly Float64Array[]): ArrayBuffer[] {
  return arrays.flatMap((array) => (array.buffer instanceof ArrayBuffer && array.byteOffset === 0 && array.byteLength === array.buffer.byteLength ? [array.buffer] : []));
}

port.on('message', (request: HighsWorkerRequest) => {
  loadHighsRuntime().then(
    (highs) => {
      try {
        const run = runHighs(highs, request.run, {
          incumbent: (incumbent) => port.postMessage({ id: request.id, kind: 'incumbent', incumbent } satisfies HighsWorkerReply, ownBuffers(incumbent.values)),
          progress: (progress) => port.postMessage({ id: request.id, kind: 'progress', progress } satisfies HighsWorkerReply),
        });
        port.postMessage({ id: request.id, kind: 'finished', run } satisfies HighsWorkerReply, ownBuffers(run.values, run.rowDuals));
      } catch (error) {
        // An aborted WebAssembly instance cannot be trusted again; the engine ends this thread on
        // a failure, so the next run gets a fresh one.
        port.postMessage({ id: request.id, kind: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies HighsWorkerReply);
      }
    },
    (error: unknown) => {
      port.postMessage({ id: request.id, kind: 'failed', message: `the HiGHS runtime did not load: ${error instanceof Error ? error.message : String(error)}` } satisfies HighsWorkerReply);
    },
  );
});
