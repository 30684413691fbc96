/**
 * The folder a command writes its run folder into (`--out`), made ready before any solving starts,
 * so that a typo or a read-only share is reported in a second, as a clear input error, rather than
 * as a crash after the solve. Missing folders are created one level at a time: a recursive mkdir
 * under a virtual file system such as /proc never returns. Getting the folder ready also cleans up
 * after earlier runs into it that were killed mid-write (see recoverInterruptedWrites).
 */
import { mkdir, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { InvalidInputError } from '../errors/problems.js';
import { temporaryName } from './file-names.js';
import { recordCreatedFolders, recoverInterruptedWrites } from './pending-writes.js';
import { environmentReason } from './write-errors.js';

/** Default folder for run and analysis folders: `reports/` under the current working directory. */
export function defaultReportsFolder(): string {
  return path.resolve(process.cwd(), 'reports');
}

/** Options of prepareOutputFolder. */
export interface PrepareFolderOptions {
  /** Called with a sentence for each thing recovered from an earlier interrupted run into the folder. */
  readonly onNote?: (note: string) => void;
  /** The option that named the folder, for error messages. Default `--out`. */
  readonly option?: string;
}

function outError(option: string, message: string): InvalidInputError {
  return new InvalidInputError([{ file: 'command line', row: null, column: option, message }]);
}

/** Words for the usual file-system refusals. */
function reason(error: unknown): string {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'the location does not accept new folders';
  return environmentReason(error);
}

/** What to do when a folder cannot be created or written into. */
function folderAdvice(error: unknown, option: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return `name with ${option} a folder you may write to (e.g. one in your home folder)`;
  if (code === 'EROFS') return `name with ${option} a folder on a disk that can be written to`;
  if (code === 'ENOSPC' || code === 'EDQUOT') return `free some space, or name with ${option} a folder on another disk`;
  return `name another folder with ${option}`;
}

/**
 * Refuse an empty or blank folder name as an input error naming `option`: resolved, it would
 * silently mean the current folder.
 */
export function checkFolderNamed(folder: string, option = '--out'): void {
  if (folder.trim() === '') throw outError(option, `the folder name is empty; name a folder, e.g. ${option} reports (use ${option} . for the current folder)`);
}

/**
 * Create `folder` and its missing parents one level at a time (a recursive mkdir under a virtual
 * file system such as /proc never returns). Throws the file-system error of the level that failed;
 * a level that exists as a file is ENOTDIR.
 */
export async function makeFolderStepwise(folder: string): Promise<void> {
  const missing: string[] = [];
  let existing = path.resolve(folder);
  for (;;) {
    const found = await stat(existing).catch(() => null);
    if (found) {
      if (!found.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a folder, mkdir '${existing}'`), { code: 'ENOTDIR', syscall: 'mkdir', path: existing });
      break;
    }
    missing.unshift(existing);
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  for (const level of missing) {
    await mkdir(level).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    });
  }
}

/**
 * Create `folder` (and missing parents) if needed, check it is a writable folder, and recover what
 * interrupted earlier runs left in it (each recovery is passed to `onNote` as a sentence). Returns
 * its absolute path. An empty or blank name is refused: it would silently mean the current folder.
 */
export async function prepareOutputFolder(folder: string, options: PrepareFolderOptions = {}): Promise<string> {
  return (await prepareOutputFolderForRun(folder, options)).path;
}

/** An output folder made ready for one run, and how to take back what getting it ready created. */
export interface PreparedOutputFolder {
  /** Absolute path of the folder. */
  readonly path: string;
  /** The folders created to get it ready (it and missing parents), outermost first; empty when it existed. */
  readonly created: readonly string[];
  /**
   * Remove the folders created for this run, deepest first, each only while it is still empty:
   * a run that fails before writing leaves no folder behind that the user did not have.
   */
  removeCreated(): Promise<void>;
}

/** prepareOutputFolder, also saying which folders it created so a failed run can remove them (removeCreated). */
export async function prepareOutputFolderForRun(folder: string, options: PrepareFolderOptions = {}): Promise<PreparedOutputFolder> {
  const option = options.option ?? '--out';
  checkFolderNamed(folder, option);
  const absolute = path.resolve(folder);
  const missing: string[] = [];
  let existing = absolute;
  for (;;) {
    const found = await stat(existing).catch(() => null);
    if (found) {
      if (!found.isDirectory()) {
        const where = existing === absolute ? '' : ` (on the way to ${absolute})`;
        throw outError(option, `${folder} cannot be used: ${existing} is a file, not a folder${where}; ${option} names the folder the output is written into: name another folder, or move the file`);
      }
      break;
    }
    missing.unshift(existing);
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  const created: string[] = [];
  const removeCreated = async (): Promise<void> => {
    // rmdir refuses a folder that is not empty: whatever was put there since stays.
    for (const level of [...created].reverse()) await rmdir(level).catch(() => undefined);
  };
  for (const level of missing) {
    try {
      await mkdir(level);
      created.push(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      await removeCreated();
      const where = level === absolute ? '' : ` (on the way to ${absolute})`;
      throw outError(option, `cannot create the folder ${level}${where}: ${reason(error)}; ${folderAdvice(error, option)}`);
    }
  }
  // More than the last level was missing: say so, since a typo in a parent folder's name makes a new tree.
  if (missing.length > 1) options.onNote?.(`${option}: ${missing[0]} did not exist and was created, with ${absolute} in it (check ${option} for a typo if that was not meant)`);
  // access(W_OK) says yes to root everywhere, /proc and /sys included; only making a folder tells.
  // The probe has a temporary name, so the recovery removes it if the process dies in between.
  const probe = path.join(absolute, temporaryName('writing', 'probe'));
  try {
    await mkdir(probe);
    await rmdir(probe);
  } catch (error) {
    await removeCreated();
    throw outError(option, `cannot write into ${absolute}: ${reason(error)}; ${folderAdvice(error, option)}`);
  }
  for (const note of await recoverInterruptedWrites(absolute)) options.onNote?.(note);
  return { path: absolute, created, removeCreated };
}

/**
 * Run `body` for a command that writes into `folder` (`--out`): the folder is made ready first,
 * so a bad --out is reported before any solving, and when `body` fails the folders created for
 * it are removed again (PreparedOutputFolder.removeCreated). While `body` runs they are also
 * recorded for an interrupt (recordCreatedFolders): Ctrl-C or SIGTERM during the solve removes
 * them too, each only while it is empty. A folder the user had is never removed. With `prepare`
 * false (a library call that writes nothing) the folder is neither created nor checked.
 */
export async function withOutputFolder<Result>(folder: string, options: PrepareFolderOptions & { readonly prepare?: boolean }, body: () => Promise<Result>): Promise<Result> {
  if (options.prepare === false) return body();
  const prepared = await prepareOutputFolderForRun(folder, options);
  const forget = recordCreatedFolders(prepared.created);
  try {
    return await body();
  } catch (error) {
    await prepared.removeCreated();
    throw error;
  } finally {
    forget();
  }
}

/**
 * Get the destination of one output file ready before any work is committed (a collect records
 * its submissions before it writes the change report, so a report that cannot be written must be
 * found first): the name must not be empty or name a folder, and its folder is created and
 * checked for writing as for `--out`. Returns the absolute path.
 */
export async function prepareOutputFile(filePath: string, option: string, onNote?: (note: string) => void): Promise<string> {
  if (filePath.trim() === '') throw outError(option, 'the file name is empty; name a file');
  if (/[\\/]$/.test(filePath)) throw outError(option, `${filePath} names a folder; name a file in it`);
  const absolute = path.resolve(filePath);
  const found = await stat(absolute).catch(() => null);
  if (found?.isDirectory()) throw outError(option, `${filePath} is a folder; name a file in it`);
  if (found && !found.isFile()) throw outError(option, `${filePath} exists and is not a regular file`);
  await prepareOutputFolder(path.dirname(absolute), { option, ...(onNote ? { onNote } : {}) });
  return absolute;
}
