/**
 * Every file infraplan writes goes through this folder (src/files/): a single file outside a run
 * folder through writeFileAtomic, several files that belong together through writeFilesAtomic,
 * and a whole folder through writeFolderAtomic (atomic-folder.ts). With writeFileAtomic the bytes go to a
 * hidden temporary file in the same folder, are flushed to the disk, and only then is the
 * temporary renamed to the real name. A reader (or Excel) never sees half a file, a full disk
 * leaves the old file exactly as it was, and an interrupt leaves nothing behind. Files inside a
 * run folder's temporary folder are written with writeFileDurable, since the folder itself is
 * renamed into place.
 */
import { link, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { temporaryName } from './file-names.js';
import { makeFolderStepwise } from './output-folder.js';
import { beginPendingWrite, endPendingWrite } from './pending-writes.js';
import { asWriteError, errorCode, OutputExistsError } from './write-errors.js';

/** The file handle operations used, so a test can inject a failing disk. */
export interface WritableHandle {
  writeFile(data: Buffer | string): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The file-system operations writeFileAtomic uses; tests replace some to simulate a full disk or a crash. */
export interface FileOperations {
  open(filePath: string, flags: string): Promise<WritableHandle>;
  rename(from: string, to: string): Promise<void>;
  link(existing: string, newPath: string): Promise<void>;
  unlink(filePath: string): Promise<void>;
}

/** The real file system. The calls go through the module bindings at call time, so a test preload can still wrap them. */
export const NODE_FILE_OPERATIONS: FileOperations = {
  open: (filePath, flags) => open(filePath, flags),
  rename: (from, to) => rename(from, to),
  link: (existing, newPath) => link(existing, newPath),
  unlink: (filePath) => unlink(filePath),
};

/** Options of writeFileAtomic. */
export interface AtomicWriteOptions {
  /** Replace an existing file (`--force`). Default false: an existing file is left alone and OutputExistsError is thrown. */
  readonly overwrite?: boolean;
  /** Create missing parent folders. Default false. */
  readonly createFolder?: boolean;
  /** File-system operations; default the real ones. */
  readonly operations?: FileOperations;
}

/**
 * Write `content` to `filePath` and flush it to the disk: a new file (flag `wx`), so a leftover of
 * the same name is never written through. Used for files inside a temporary folder, and by
 * writeFileAtomic for its temporary file.
 */
export async function writeFileDurable(filePath: string, content: Buffer | string, operations: FileOperations = NODE_FILE_OPERATIONS): Promise<void> {
  const handle = await operations.open(filePath, 'wx');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flush a folder's entries (the rename) to the disk where the platform allows it; Windows does not, and needs not. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort: the data itself is already flushed.
  }
}

/**
 * Write `content` to `filePath` atomically: a temporary file in the same folder, flushed, then
 * renamed into place. On any failure the temporary is removed and an existing file is untouched;
 * a refusal of the environment (disk full, read-only, permission) becomes an OutputWriteError
 * naming `filePath`. Without `overwrite`, an existing file (even one created meanwhile by another
 * program) is never replaced: OutputExistsError.
 */
export async function writeFileAtomic(filePath: string, content: Buffer | string, options: AtomicWriteOptions = {}): Promise<string> {
  const operations = options.operations ?? NODE_FILE_OPERATIONS;
  const absolute = path.resolve(filePath);
  const folder = path.dirname(absolute);
  const kept = options.overwrite ? 'the existing file, if any, is unchanged' : 'nothing was written';
  if (options.createFolder) {
    try {
      await makeFolderStepwise(folder);
    } catch (error) {
      throw asWriteError(error, folder);
    }
  }
  const temporary = path.join(folder, temporaryName('writing', path.basename(absolute)));
  const write = beginPendingWrite({ temporary, visible: absolute, aside: null });
  try {
    await writeFileDurable(temporary, content, operations);
    write.committing = true;
    if (options.overwrite) {
      await operations.rename(temporary, absolute);
    } else {
      await linkIntoPlace(temporary, absolute, operations);
    }
    await syncFolder(folder);
    return absolute;
  } catch (error) {
    await operations.unlink(temporary).catch(() => undefined);
    throw asWriteError(error, absolute, kept);
  } finally {
    endPendingWrite(write);
  }
}

/** One file of writeFilesAtomic: its name inside the folder and its bytes. */
export interface FileToWrite {
  /** File name inside the folder (no subfolders). */
  readonly name: string;
  /** The bytes or text. */
  readonly content: Buffer | string;
}

/**
 * Write several files into one folder all or nothing: every file goes to a temporary name beside
 * its destination and is flushed, and only when all are written are they renamed into place, so a
 * failure or an interrupt leaves none of them half-written. Existing files of the same names are
 * replaced (callers that must not replace check first). Returns the absolute paths, in order.
 */
export async function writeFilesAtomic(folder: string, files: readonly FileToWrite[], options: { readonly operations?: FileOperations } = {}): Promise<string[]> {
  const operations = options.operations ?? NODE_FILE_OPERATIONS;
  const absoluteFolder = path.resolve(folder);
  try {
    await makeFolderStepwise(absoluteFolder);
  } catch (error) {
    throw asWriteError(error, absoluteFolder);
  }
  const targets = files.map((file) => path.join(absoluteFolder, file.name));
  const writes = targets.map((target) => beginPendingWrite({ temporary: path.join(absoluteFolder, temporaryName('writing', path.basename(target))), visible: target, aside: null }));
  let current = absoluteFolder;
  try {
    for (const [index, file] of files.entries()) {
      current = targets[index];
      await writeFileDurable(writes[index].temporary, file.content, operations);
    }
    for (const [index, write] of writes.entries()) {
      current = targets[index];
      write.committing = true;
      await operations.rename(write.temporary, targets[index]);
    }
    await syncFolder(absoluteFolder);
    return targets;
  } catch (error) {
    await Promise.all(writes.map((write) => operations.unlink(write.temporary).catch(() => undefined)));
    throw asWriteError(error, current);
  } finally {
    for (const write of writes) endPendingWrite(write);
  }
}

/**
 * Move `temporary` to `target` only if `target` does not exist. link() fails with EEXIST instead of
 * replacing, so a file created meanwhile is never clobbered; file systems without hard links fall
 * back to a check and a rename.
 */
async function linkIntoPlace(temporary: string, target: string, operations: FileOperations): Promise<void> {
  try {
    await operations.link(temporary, target);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') throw new OutputExistsError(target);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw error;
    const existing = await open(target, 'r').then(
      async (handle) => {
        await handle.close();
        return true;
      },
      () => false,
    );
    if (existing) throw new OutputExistsError(target);
    await operations.rename(temporary, target);
    return;
  }
  // The file is in place under its real name; a temporary name left by a failed unlink is only a
  // second link to the same bytes, which the next run's recovery removes.
  await operations.unlink(temporary).catch(() => undefined);
}
