/**
 * Exit codes and the error a command throws for an expected failure. They live below every stage
 * so that library code (the analysis worker, the pipeline) can choose an exit code without
 * importing the command-line layer, which only prints them (src/cli/exit.ts).
 */

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
  /** The exit code the process ends with; default EXIT_INVALID. */
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT_INVALID) {
    super(message);
    this.name = 'UserFacingError';
    this.exitCode = exitCode;
  }
}
