/**
 * `infraplan <args>` run in the test's own process: the same command line (src/cli/command-line.ts:
 * yargs, the path checks, the command handlers, the error printing and exit codes) without starting
 * Node again. A CLI child spends about a second of CPU loading its modules before it reads its
 * first argument; the tables of messages and exit codes that do not test the process boundary run
 * here instead. What only a process shows (signals, a preload, a killed child, --help and --version,
 * which yargs answers by exiting) stays in cli-process.ts.
 *
 * While a call runs, process.stdout.write and process.stderr.write are captured, the working folder
 * is the one asked for and process.exitCode starts unset; all three are put back afterwards, and
 * calls never overlap (the test files share their worker, vitest.config.ts).
 */
import { main } from '../../src/cli/command-line.js';

/** How an in-process command ended: its exit code and what it printed. */
export interface InProcessOutcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of runInProcess. */
export interface InProcessOptions {
  /** Working folder during the call; default the current one. */
  readonly cwd?: string;
}

type Write = typeof process.stdout.write;

/** A write function that appends to `sink` instead of printing, calling back as a stream does. */
function capturing(sink: { text: string }): Write {
  return ((chunk: string | Uint8Array, encodingOrCallback?: BufferEncoding | ((error?: Error | null) => void), callback?: (error?: Error | null) => void): boolean => {
    sink.text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    if (done) queueMicrotask(() => done(null));
    return true;
  }) as Write;
}

let queue: Promise<unknown> = Promise.resolve();

/** Run `infraplan <args>` in this process and return its exit code and output. */
export function runInProcess(args: readonly string[], options: InProcessOptions = {}): Promise<InProcessOutcome> {
  const run = async (): Promise<InProcessOutcome> => {
    const stdout = { text: '' };
    const stderr = { text: '' };
    const saved = { cwd: process.cwd(), exitCode: process.exitCode, out: process.stdout.write, err: process.stderr.write };
    if (options.cwd !== undefined) process.chdir(options.cwd);
    process.exitCode = undefined;
    process.stdout.write = capturing(stdout);
    process.stderr.write = capturing(stderr);
    try {
      const code = await main([...args]);
      return { code, stdout: stdout.text, stderr: stderr.text };
    } finally {
      process.stdout.write = saved.out;
      process.stderr.write = saved.err;
      process.exitCode = saved.exitCode;
      process.chdir(saved.cwd);
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}
