/**
 * Error printing shared by every command. Commands are library functions that return results;
 * only this layer decides what the user sees. The exit codes and UserFacingError are defined
 * below every stage, in src/errors/exit-codes.ts.
 */
import { EXIT_CRASH, EXIT_INVALID, UserFacingError } from '../errors/exit-codes.js';
import { InvalidInputError } from '../errors/problems.js';
import { environmentReason, isEnvironmentError, OutputExistsError, OutputWriteError } from '../files/write-errors.js';

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
