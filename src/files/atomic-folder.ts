/**
 * Output folders (a run folder, a compare/sweep/stress folder) are written the way single files
 * are: everything goes into a hidden temporary sibling `.tmp-<pid>-<host>-<name>`, each file
 * flushed to the disk, and the folder is renamed into place at the end. An existing folder is
 * replaced only with `force`, in three steps:
 *
 * 1. the old folder is moved aside to `.tmp-replaced-<pid>-<host>-<name>`;
 * 2. the new folder is moved in;
 * 3. the old copy is deleted.
 *
 * Both the temporary folder and the old folder (just before it is moved aside) first get the
 * marker file TEMPORARY_MARKER: a later run restores or removes only folders that hold it.
 *
 * No file system offers a portable atomic swap of two folders, so between 1 and 2 the visible name
 * is briefly missing. That window is made recoverable instead: a failure at 2 moves the old folder
 * back; an interrupt (SIGINT, SIGTERM) does the same before the process exits; and if the process
 * is killed outright there, the next run into the same folder finds the moved-aside copy with no
 * visible folder and moves it back (recoverInterruptedWrites, called by prepareOutputFolder).
 */
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { NODE_FILE_OPERATIONS, writeFileDurable, type FileOperations } from './atomic-file.js';
import { MAX_FOLDER_NAME_CHARS, TEMPORARY_MARKER, TEMPORARY_MARKER_TEXT, temporaryName } from './file-names.js';
import { prepareOutputFolder } from './output-folder.js';
import { beginPendingWrite, endPendingWrite } from './pending-writes.js';
import { asWriteError, errorCode } from './write-errors.js';

/** The folder being filled, as the fill function sees it. */
export interface FolderContents {
  /** Write one file, `relativePath` inside the folder (subfolders are created). */
  writeFile(relativePath: string, content: Buffer | string): Promise<void>;
}

/** Options of writeFolderAtomic. */
export interface AtomicFolderOptions {
  /** Replace an existing folder of the same name. Default false. */
  readonly force?: boolean;
  /** The error to throw when the folder exists and `force` is not set. */
  readonly existsError: (folder: string) => Error;
  /** Called after the folder is filled, just before it is moved into place; an error thrown here aborts cleanly. */
  readonly beforeCommit?: () => void;
  /** Called with a sentence for each thing recovered from an earlier interrupted run. */
  readonly onNote?: (note: string) => void;
  /** File-system operations; default the real ones (tests inject a full disk or a failing rename). */
  readonly operations?: FileOperations;
}

/**
 * Write the folder `name` inside `parentFolder` atomically: `fill` writes the files, then the
 * folder is moved into place (replacing an existing one only with `force`, recoverably). Returns
 * the folder's absolute path. On any failure nothing visible changes and no temporary is left.
 */
export async function writeFolderAtomic(
  parentFolder: string,
  name: string,
  fill: (contents: FolderContents) => Promise<void>,
  options: AtomicFolderOptions,
): Promise<string> {
  if (name.length > MAX_FOLDER_NAME_CHARS || name !== path.basename(name) || name.startsWith('.')) {
    throw new RangeError(`output folder name ${JSON.stringify(name)} is not a short visible name`);
  }
  const operations = options.operations ?? NODE_FILE_OPERATIONS;
  const parent = await prepareOutputFolder(parentFolder, options.onNote ? { onNote: options.onNote } : {});
  const target = path.join(parent, name);
  // Checked first so a refused run writes nothing; checked again at the commit in case another run got there.
  if (existsSync(target) && !options.force) throw options.existsError(target);
  const replacing = existsSync(target);
  const kept = replacing ? `the existing ${target} is unchanged` : 'nothing was written';
  const temporary = path.join(parent, temporaryName('writing', name));
  const aside = path.join(parent, temporaryName('replaced', name));
  const write = beginPendingWrite({ temporary, visible: target, aside });
  try {
    await rm(temporary, { recursive: true, force: true });
    await mkdir(temporary).catch((error: unknown) => {
      throw asWriteError(error, target, kept);
    });
    // First, so that a later run's recovery knows the folder as infraplan's (never a name alone).
    await writeFileDurable(path.join(temporary, TEMPORARY_MARKER), TEMPORARY_MARKER_TEXT, operations);
    const made = new Set<string>([temporary]);
    await fill({
      writeFile: async (relativePath, content) => {
        const destination = path.join(temporary, relativePath);
        try {
          const folder = path.dirname(destination);
          if (!made.has(folder)) {
            await mkdir(folder, { recursive: true });
            made.add(folder);
          }
          await writeFileDurable(destination, content, operations);
        } catch (error) {
          throw asWriteError(error, path.join(target, relativePath), kept);
        }
      },
    });
    options.beforeCommit?.();
    write.committing = true;
    await commitFolder(temporary, target, aside, options, operations);
    await rm(path.join(target, TEMPORARY_MARKER), { force: true }).catch(() => undefined);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
    throw asWriteError(error, target, kept);
  } finally {
    endPendingWrite(write);
  }
  return target;
}

/** Move the filled temporary folder to `target`, replacing an existing one only with force (see the file comment). */
async function commitFolder(temporary: string, target: string, aside: string, options: AtomicFolderOptions, operations: FileOperations): Promise<void> {
  if (!existsSync(target)) {
    try {
      await operations.rename(temporary, target);
    } catch (error) {
      // Another run created the folder since the check: never merge into or replace it unasked.
      const code = errorCode(error);
      if (code === 'ENOTEMPTY' || code === 'EEXIST') throw options.existsError(target);
      throw error;
    }
    return;
  }
  if (!options.force) throw options.existsError(target);
  await rm(aside, { recursive: true, force: true });
  // The old folder gets the marker before it is moved aside, so that a later run may restore it.
  const oldMarker = path.join(target, TEMPORARY_MARKER);
  await rm(oldMarker, { force: true });
  await writeFileDurable(oldMarker, TEMPORARY_MARKER_TEXT, operations);
  try {
    await operations.rename(target, aside);
  } catch (error) {
    await rm(oldMarker, { force: true }).catch(() => undefined);
    throw error;
  }
  try {
    await operations.rename(temporary, target);
  } catch (error) {
    await operations.rename(aside, target).then(
      () => rm(oldMarker, { force: true }),
      () => undefined,
    ).catch(() => undefined);
    throw error;
  }
  // The new folder is in place; an old copy that cannot be deleted now is deleted by the next run.
  await rm(aside, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
}
