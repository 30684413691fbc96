/**
 * The temporary files and folders this process is writing, so that an interrupt (SIGINT, SIGTERM)
 * can remove them before the process ends, and the recovery of what an earlier process left when
 * it could not clean up (it was killed with SIGKILL, or the machine lost power).
 *
 * Nothing here installs signal handlers: the command line does that (src/cli/interrupts.ts),
 * listening to onPendingWritesChange, so a library user's process keeps its own signal behaviour.
 */
import { existsSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { lstat, readdir, rename, rm, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { HOST_TAG, parseTemporaryName, TEMPORARY_MARKER, temporaryName } from './file-names.js';

/** One write in progress: a temporary file or folder that becomes `visible` when it is renamed into place. */
export interface PendingWrite {
  /** The hidden temporary path being written. */
  readonly temporary: string;
  /** The path it is renamed to. */
  readonly visible: string;
  /** With `--force` over an existing folder: where the old folder is moved while the new one is moved in. */
  readonly aside: string | null;
  /** Set just before the rename into place: from then on a missing temporary means the write is complete. */
  committing: boolean;
}

const pending = new Set<PendingWrite>();
const listeners = new Set<(pendingCount: number) => void>();
/** Folders a run created for its output (`--out` and missing parents), outermost first, one entry per run still running. */
const createdFolders = new Set<readonly string[]>();

function notify(): void {
  for (const listener of listeners) listener(pending.size + createdFolders.size);
}

/**
 * Record the folders a run created for its output (outermost first) while the run lasts, so that
 * an interrupt removes them again, deepest first and each only while it is empty (abandonPendingWritesSync):
 * a run stopped during its solve leaves no empty folder the user did not have. Returns the function
 * that forgets them (call it when the run ends, however it ends). An empty list records nothing.
 */
export function recordCreatedFolders(folders: readonly string[]): () => void {
  if (folders.length === 0) return () => undefined;
  const entry = [...folders];
  createdFolders.add(entry);
  notify();
  return () => {
    if (createdFolders.delete(entry)) notify();
  };
}

/** Record a write before its temporary path is created. */
export function beginPendingWrite(paths: Omit<PendingWrite, 'committing'>): PendingWrite {
  const write: PendingWrite = { ...paths, committing: false };
  pending.add(write);
  notify();
  return write;
}

/** Forget a write once its temporary path is renamed into place or removed. */
export function endPendingWrite(write: PendingWrite): void {
  if (pending.delete(write)) notify();
}

/** Call `listener` with the number of writes in progress whenever it changes; returns a function that stops it. */
export function onPendingWritesChange(listener: (pendingCount: number) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True when `fullPath` is a temporary or moved-aside path of a write this process has in progress. */
function isOwnPendingPath(fullPath: string): boolean {
  for (const write of pending) if (write.temporary === fullPath || write.aside === fullPath) return true;
  return false;
}

/** What abandoning the writes in progress did, for the one line printed on an interrupt. */
export interface AbandonOutcome {
  /** Visible paths that were complete and in place when the process was stopped. */
  readonly written: readonly string[];
  /** Visible folders whose previous contents were put back after a `--force` replacement was cut short. */
  readonly restored: readonly string[];
  /** Folders the run had created for its output and that were removed, being empty (recordCreatedFolders), outermost first. */
  readonly removedFolders: readonly string[];
}

/**
 * Undo every write in progress, synchronously (it runs in a signal handler just before the process
 * exits): put an old folder moved aside by `--force` back when the new one is not in place yet,
 * and remove temporaries. A write whose new folder already is in place is complete; its moved-aside
 * copy is removed.
 *
 * The asynchronous rename into place may be running on another thread at this very moment, so a
 * temporary is never deleted where it lies (the rename could move a half-deleted folder into
 * view): it is first renamed to a discard name, atomically, and deleted there. Either that rename
 * wins and the rename into place then fails, or the rename into place won and the write is complete.
 */
export function abandonPendingWritesSync(): AbandonOutcome {
  const written: string[] = [];
  const restored: string[] = [];
  for (const write of [...pending]) {
    let complete = false;
    if (write.aside !== null && existsSync(write.aside)) {
      try {
        if (existsSync(write.visible)) {
          complete = true;
          rmSync(write.aside, { recursive: true, force: true, maxRetries: 3 });
        } else {
          // Fails (ENOTEMPTY) if the new folder arrived in between; then the new one is complete.
          renameSync(write.aside, write.visible);
          rmSync(path.join(write.visible, TEMPORARY_MARKER), { force: true });
          restored.push(write.visible);
        }
      } catch {
        complete = existsSync(write.visible) && !restored.includes(write.visible);
        // Otherwise left for the next run's recovery (see recoverInterruptedWrites).
      }
    }
    const discard = path.join(path.dirname(write.temporary), temporaryName('writing', `discarded-${path.basename(write.visible)}`));
    try {
      renameSync(write.temporary, discard);
      rmSync(discard, { recursive: true, force: true, maxRetries: 3 });
    } catch (error) {
      // ENOENT: the temporary was never made, or it was renamed into place and the write is complete.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && write.committing && !restored.includes(write.visible) && existsSync(write.visible)) complete = true;
    }
    if (complete) {
      written.push(write.visible);
      // A folder renamed into place an instant before the signal may still hold its marker.
      if (write.aside !== null) rmSync(path.join(write.visible, TEMPORARY_MARKER), { force: true });
    }
    pending.delete(write);
  }
  // Then the folders created for the output, deepest first: rmdir refuses one that is not empty, so whatever is in one stays.
  const removedFolders: string[] = [];
  for (const folders of [...createdFolders]) {
    for (const folder of [...folders].reverse()) {
      try {
        rmdirSync(folder);
        removedFolders.unshift(folder);
      } catch {
        break;
      }
    }
    createdFolders.delete(folders);
  }
  notify();
  return { written, restored, removedFolders };
}

/** False when no process with this id exists; a process of another user counts as alive. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when `folder` holds infraplan's marker file (a regular file, not a link). */
async function hasMarker(folder: string): Promise<boolean> {
  const found = await lstat(path.join(folder, TEMPORARY_MARKER)).catch(() => null);
  return found !== null && found.isFile();
}

/**
 * Clean up after writes into `folder` that an earlier process never finished: a folder moved aside
 * by a `--force` replacement whose visible folder is missing is moved back (the replacement never
 * happened), and every other temporary of a process that no longer runs is removed. Temporaries of
 * a live process, or of another machine, are left alone. Returns one sentence per thing done.
 *
 * Nothing is removed or moved on its name alone (issue 9 review, finding 7: other programs make
 * `.tmp-*` folders too): a name must have the current form, with this machine's host tag and the id
 * of a process that is gone, and a folder must also hold TEMPORARY_MARKER, which infraplan writes
 * into it before anything else. A folder of that form without the marker is removed only when it
 * is empty (rmdir refuses anything else); a symbolic link is never followed or removed; names of
 * infraplan 0.1.0 (`.tmp-<name>-<pid>`, no marker) are left for the user.
 */
export async function recoverInterruptedWrites(folder: string): Promise<string[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const notes: string[] = [];
  let removedCount = 0;
  // Moved-aside folders first, so that a restored folder is in place before anything else is looked at.
  const parsed = names
    .map((name) => ({ name, parts: parseTemporaryName(name) }))
    .filter((entry) => entry.parts !== null && entry.parts.hostTag === HOST_TAG)
    .sort((left, right) => (left.parts!.kind === 'replaced' ? 0 : 1) - (right.parts!.kind === 'replaced' ? 0 : 1));
  for (const { name, parts } of parsed) {
    const fullPath = path.join(folder, name);
    const abandoned = parts!.pid === process.pid ? !isOwnPendingPath(fullPath) : !isProcessAlive(parts!.pid);
    if (!abandoned) continue;
    const visible = path.join(folder, parts!.label);
    try {
      const found = await lstat(fullPath);
      if (found.isFile() && parts!.kind === 'writing') {
        // A single file's temporary: no room for a marker inside, and the name with this host's tag is infraplan's.
        await unlink(fullPath);
        removedCount += 1;
        continue;
      }
      if (!found.isDirectory()) continue;
      if (!(await hasMarker(fullPath))) {
        const removedEmpty = await rmdir(fullPath).then(
          () => true,
          () => false,
        );
        if (removedEmpty) removedCount += 1;
        else notes.push(`left ${fullPath} alone: its name looks like an infraplan temporary, but it does not hold infraplan's ${TEMPORARY_MARKER} file`);
        continue;
      }
      if (parts!.kind === 'replaced' && !existsSync(visible)) {
        await rename(fullPath, visible);
        await rm(path.join(visible, TEMPORARY_MARKER), { force: true });
        notes.push(`restored ${visible}: an interrupted --force replacement had moved it aside, and the new folder never arrived`);
        continue;
      }
      await rm(fullPath, { recursive: true, force: true, maxRetries: 3 });
      removedCount += 1;
    } catch (error) {
      // A leftover that cannot be tidied must not stop a new run; say so, and leave it for the user.
      notes.push(`could not clean up ${fullPath}, left by an interrupted run: ${(error as Error).message}`);
    }
  }
  if (removedCount > 0) {
    notes.push(`removed ${removedCount} temporary ${removedCount === 1 ? 'copy' : 'copies'} left in ${folder} by interrupted runs`);
  }
  return notes;
}
