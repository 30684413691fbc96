/**
 * Errors of writing output. A full disk, a used-up quota, a read-only or permission-denied folder,
 * or a file held open by another program are problems of the environment that the user can fix;
 * they are reported in plain words naming the path, with exit code 1, never as a crash to report.
 */

/** File-system error codes that mean "the environment refused", with the words for each. */
const ENVIRONMENT_REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission is denied',
  // Windows says EPERM or EBUSY when a file is open in another program (Excel holds its workbooks).
  EPERM: 'permission is denied, or the file is open in another program',
  EBUSY: 'the file is in use by another program',
  EIO: 'the disk reported an input/output error',
  ENAMETOOLONG: 'the path is too long for the file system',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open on this system',
};

/** What the user can do about each reason. */
const ENVIRONMENT_ADVICE: Readonly<Record<string, string>> = {
  ENOSPC: 'free some space or write somewhere else',
  EDQUOT: 'free some space or write somewhere else',
  EROFS: 'write somewhere else',
  EACCES: 'write somewhere you may write to',
  EPERM: 'close it, or write somewhere you may write to',
  EBUSY: 'close it and try again',
  EIO: 'check the disk, or write somewhere else',
  ENAMETOOLONG: 'use a shorter folder or file name',
  EMFILE: 'close some programs and try again',
  ENFILE: 'close some programs and try again',
};

/** The error code of a Node.js file-system error, or undefined. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when `error` is a refusal of the environment (disk full, read-only, permission) rather than a bug. */
export function isEnvironmentError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && code in ENVIRONMENT_REASONS;
}

/** Plain words for a file-system error: `the disk is full`, or the error's own message. */
export function environmentReason(error: unknown): string {
  const code = errorCode(error);
  return code !== undefined && code in ENVIRONMENT_REASONS ? ENVIRONMENT_REASONS[code] : (error as Error).message;
}

/** Thrown when the environment refuses a write; the message names the path and what to do. Nothing visible was changed. */
export class OutputWriteError extends Error {
  /** The file or folder that was being written (its final name, not the temporary one). */
  readonly path: string;
  /** The file-system error code, e.g. `ENOSPC`. */
  readonly code: string;
  constructor(targetPath: string, cause: unknown, whatIsKept = 'nothing was written') {
    const code = errorCode(cause) ?? 'EIO';
    super(`${environmentReason(cause)} while writing ${targetPath}; ${ENVIRONMENT_ADVICE[code] ?? 'try again'}. ${capitalise(whatIsKept)}.`, { cause });
    this.name = 'OutputWriteError';
    this.path = targetPath;
    this.code = code;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Thrown when the output exists and overwriting was not asked for; nothing was written. */
export class OutputExistsError extends Error {
  /** The path that already exists. */
  readonly path: string;
  constructor(existingPath: string) {
    super(`${existingPath} already exists; choose another path or pass --force to overwrite it`);
    this.name = 'OutputExistsError';
    this.path = existingPath;
  }
}

/** `error` as an OutputWriteError naming `targetPath` when the environment refused, else `error` itself. */
export function asWriteError(error: unknown, targetPath: string, whatIsKept?: string): unknown {
  if (error instanceof OutputWriteError || error instanceof OutputExistsError) return error;
  return isEnvironmentError(error) ? new OutputWriteError(targetPath, error, whatIsKept) : error;
}
