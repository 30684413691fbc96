/**
 * Errors crossing the worker boundary. Structured clone keeps an Error's message but drops its
 * class and extra fields, so a worker sends this plain record and the pool rebuilds an error the
 * CLI prints the same way as an in-process one (InvalidInputError keeps its located problems).
 */
import { InvalidInputError, type DataProblem } from '../errors/problems.js';
import { UserFacingError } from '../errors/exit-codes.js';

/** An error as plain data. */
export interface SerialisedJobError {
  /** The error's class name, e.g. `InvalidInputError`. */
  readonly name: string;
  /** Its message. */
  readonly message: string;
  /** Located problems of an InvalidInputError. */
  readonly problems?: readonly DataProblem[];
  /** Exit code of a UserFacingError. */
  readonly exitCode?: number;
  /** Stack as text, for --debug. */
  readonly stack?: string;
}

/** Turn anything thrown into plain data. */
export function serialiseJobError(error: unknown): SerialisedJobError {
  if (error instanceof InvalidInputError) return { name: error.name, message: error.message, problems: error.problems, stack: error.stack };
  if (error instanceof UserFacingError) return { name: error.name, message: error.message, exitCode: error.exitCode, stack: error.stack };
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

/**
 * Rebuild an error for job `jobIndex` (0-based) labelled `label`. Data problems stay an
 * InvalidInputError (their messages already name file, row and column); anything else names the job.
 */
export function jobError(serialised: SerialisedJobError, jobIndex: number, label: string): Error {
  if (serialised.problems) return new InvalidInputError(serialised.problems);
  const message = `job ${jobIndex + 1} (${label}): ${serialised.message}`;
  const rebuilt = serialised.exitCode !== undefined ? new UserFacingError(message, serialised.exitCode) : new Error(message);
  if (serialised.exitCode === undefined) rebuilt.name = serialised.name;
  if (serialised.stack) rebuilt.stack = `${rebuilt.name}: ${message}\n(in the worker) ${serialised.stack}`;
  return rebuilt;
}
