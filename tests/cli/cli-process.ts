/**
 * Running the built CLI (dist/, built by tests/global-setup.ts when stale) in a child process,
 * optionally with the fault-injection preload
 * (fault-injection.mjs): wait for the child to reach an exact file operation, signal it, and read
 * what it printed and how it ended. Nothing here waits for a length of time.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const REPOSITORY = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(REPOSITORY, 'bin', 'infraplan.js');
const PRELOAD = path.join(REPOSITORY, 'tests', 'cli', 'fault-injection.mjs');

/** The tiny test model. */
export const TINY_MODEL = path.join(REPOSITORY, 'tests', 'fixtures', 'tiny');

/** A fault for fault-injection.mjs. */
export interface Fault {
  readonly on: 'open' | 'rename';
  /** Regular expression tested against the path opened or the source of a rename. */
  readonly match: string;
  readonly action: 'pause' | 'enospc' | 'kill';
}

/** How the child ended. */
export interface ChildOutcome {
  /** Exit code, or null when a signal ended it. */
  readonly code: number | null;
  /** The signal that ended it, or null. */
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running CLI child. */
export interface CliChild {
  /** Resolves with the text printed once stderr contains `marker` (rejects if the child ends first). */
  waitForStderr(marker: string): Promise<string>;
  /** Send a signal. */
  kill(signal: NodeJS.Signals): void;
  /** Resolves when the child has ended. */
  readonly ended: Promise<ChildOutcome>;
}

/** Options of startCli. */
export interface CliOptions {
  readonly fault?: Fault;
  /** Fix the child's clock (ISO time), so run folder names are known. */
  readonly clock?: string;
  /** Working folder of the child; default the repository. */
  readonly cwd?: string;
  /** Print `test: the solver is working` on the child's stderr when a solve first reports progress (fault-injection.mjs). */
  readonly markSolves?: boolean;
}

/** Start `infraplan <args>` from the build. */
export function startCli(args: readonly string[], options: CliOptions = {}): CliChild {
  const environment: NodeJS.ProcessEnv = { ...process.env };
  delete environment.INFRAPLAN_TEST_FAULT;
  delete environment.INFRAPLAN_TEST_CLOCK;
  delete environment.INFRAPLAN_TEST_MARK_SOLVES;
  if (options.fault) environment.INFRAPLAN_TEST_FAULT = JSON.stringify(options.fault);
  if (options.markSolves) environment.INFRAPLAN_TEST_MARK_SOLVES = '1';
  if (options.clock) environment.INFRAPLAN_TEST_CLOCK = options.clock;
  const child = spawn(process.execPath, ['--import', PRELOAD, CLI, ...args], {
    cwd: options.cwd ?? REPOSITORY,
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { marker: string; resolve: (text: string) => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const waiter of [...waiters]) {
      if (stderr.includes(waiter.marker)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(stderr);
      }
    }
  });
  const ended = new Promise<ChildOutcome>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    waitForStderr: (marker) =>
      new Promise<string>((resolve, reject) => {
        if (stderr.includes(marker)) {
          resolve(stderr);
          return;
        }
        waiters.push({ marker, resolve });
        void ended.then((outcome) => reject(new Error(`the child ended (code ${outcome.code}, signal ${outcome.signal}) before printing "${marker}":\n${outcome.stderr}`)));
      }),
    kill: (signal) => {
      child.kill(signal);
    },
    ended,
  };
}

/** Run `infraplan <args>` to the end. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<ChildOutcome> {
  return startCli(args, options).ended;
}
