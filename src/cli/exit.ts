/**
 * Exit codes and error printing shared by every command. Commands are library functions that
 * return results; only this layer decides what the user sees and which code the process ends with.
 */
import { InvalidInputError } from '../dataset/problems.js';

/** 0: success. */
export const EXIT_OK = 0;
/** 1: invalid input, or the model is infeasible. */
export const EXIT_INVALID = 1;
/** 2: an unexpected failure (a bug, or the environment). */
export const EXIT_CRASH = 2;

/** Thrown by commands for an expected failure that is not a data problem (infeasible, bad option). */
export class UserFacingError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT_INVALID) {
    super(message);
    this.name = 'UserFacingError';
    this.exitCode = exitCode;
  }
}

/** Print an error the way the CLI does and return the exit code to use. */
export function reportError(error: unknown, debug: boolean): number {
  if (error instanceof InvalidInputError) {
    process.stderr.write(`error: ${error.message}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return EXIT_INVALID;
  }
  if (error instanceof UserFacingError) {
    process.stderr.write(`error: ${error.message}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`infraplan crashed: ${message}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write('Run again with --debug for the stack trace, and please report it.\n');
  return EXIT_CRASH;
}
