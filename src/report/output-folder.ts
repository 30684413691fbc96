/**
 * The folder a command writes its run folder into (`--out`), made ready before any solving starts,
 * so that a typo or a read-only share is reported in a second, as a clear input error, rather than
 * as a crash after the solve. Missing folders are created one level at a time: a recursive mkdir
 * under a virtual file system such as /proc never returns.
 */
import { mkdir, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { InvalidInputError } from '../dataset/problems.js';

/** Where the folder was named, for the error message. */
const OUT_OPTION = { file: 'command line', row: null, column: '--out' } as const;

function outError(message: string): InvalidInputError {
  return new InvalidInputError([{ ...OUT_OPTION, message }]);
}

/** Words for the usual file-system refusals. */
function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'ENOENT') return 'the location does not accept new folders';
  return (error as Error).message;
}

/** Create `folder` (and missing parents) if needed and check it is a writable folder; returns its absolute path. */
export async function prepareOutputFolder(folder: string): Promise<string> {
  const absolute = path.resolve(folder);
  const missing: string[] = [];
  let existing = absolute;
  for (;;) {
    const found = await stat(existing).catch(() => null);
    if (found) {
      if (!found.isDirectory()) throw outError(`${folder} cannot be used: ${existing} is a file, not a folder`);
      break;
    }
    missing.unshift(existing);
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  for (const level of missing) {
    try {
      await mkdir(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw outError(`cannot create the folder ${level}: ${reason(error)}`);
    }
  }
  // access(W_OK) says yes to root everywhere, /proc and /sys included; only making a folder tells.
  const probe = path.join(absolute, `.infraplan-probe-${process.pid}`);
  try {
    await mkdir(probe);
    await rmdir(probe);
  } catch (error) {
    throw outError(`cannot write into ${absolute}: ${reason(error)}`);
  }
  return absolute;
}
