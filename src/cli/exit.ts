/**
 * Exit codes and error printing shared by every command. Commands are library functions that
 * return results; only this layer decides what the user sees and which code the process ends with.
 */
import { InvalidInputError } from '../dataset/problems.js';
import { environmentReason, isEnvironmentError, OutputExistsError, OutputWriteError } from '../report/write-errors.js';

/** 0: success. */
export const EXIT_OK = 0;
/**
 * 1: something the user can fix: invalid input, an infeasible model, an output that exists
 * without --force, or the environment refusing a write (disk full, read-only, permission denied).
 */
export const EXIT_INVALID = 1;
/** 2: an unexpected failure: a bug, to be reported. */
export const EXIT_CRASH = 2;
/** 130: stopped by SIGINT (Ctrl-C), as shells report it (128 + 2). */
export const EXIT_SIGINT = 130;
/** 143: stopped by SIGTERM (128 + 15). */
export const EXIT_SIGTERM = 143;

/** Thrown by commands for an expected failure that is not a data problem (infeasible, bad option). */
export class UserFacingError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT_INVALID) {
    super(message);
    this.name = 'UserFacingError';
    this.exitCode = exitCode;
  }
}

/** Print a note (something done on the user's behalf, such as a restored folder) on stderr. */
export function printNote(note: string): void {
  process.stderr.write(`note: ${note}\n`);
}

/**
 * A file-system refusal that reached this layer unwrapped (from a library writing on its own):
 * its words and the path when the error names one.
 */
function environmentMessage(error: NodeJS.ErrnoException): string {
  const where = typeof error.path === 'string' ? ` (${error.syscall ?? 'file'} ${error.path})` : '';
  return `${environmentReason(error)}${where}; this is a problem of the computer, not of the input: fix it and run again.`;
}

/** Print an error the way the CLI does and return the exit code to use. */
export function reportError(error: unknown, debug: boolean): number {
  if (error instanceof InvalidInputError || error instanceof OutputWriteError || error instanceof OutputExistsError) {
    process.stderr.write(`error: ${error.message}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return EXIT_INVALID;
  }
  if (error instanceof UserFacingError) {
    process.stderr.write(`error: ${error.message}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  if (isEnvironmentError(error)) {
    process.stderr.write(`error: ${environmentMessage(error as NodeJS.ErrnoException)}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return EXIT_INVALID;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`infraplan crashed: ${message}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write('Run again with --debug for the stack trace, and please report it.\n');
  return EXIT_CRASH;
}
