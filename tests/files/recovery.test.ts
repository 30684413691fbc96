/**
 * What interrupted runs leave, and how the next run into the same folder deals with it (issue 9,
 * items 3 and 4): a folder moved aside by --force whose visible folder is missing is moved back;
 * temporaries of a process that is gone are removed; those of a live process or of another
 * machine are never touched. The --force swap itself, failing at each of its renames, keeps one
 * complete folder.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeAnalysisFolder } from '../../src/analysis/reports/write-analysis-folder.js';
import { NODE_FILE_OPERATIONS, type FileOperations } from '../../src/files/atomic-file.js';
import { writeFolderAtomic } from '../../src/files/atomic-folder.js';
import { HOST_TAG, TEMPORARY_MARKER, temporaryName } from '../../src/files/file-names.js';
import { prepareOutputFolder, withOutputFolder } from '../../src/files/output-folder.js';
import { abandonPendingWritesSync, isProcessAlive, onPendingWritesChange } from '../../src/files/pending-writes.js';
import { OutputWriteError } from '../../src/files/write-errors.js';
import { temporaryFolder } from '../report/helpers.js';

/** A process id that no process can have: above Linux's largest pid_max (2^22). */
const GONE_PID = 4_194_999;
const RUN = 'tiny-baseline-20260401-083000';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
function scratch(): string {
  const folder = temporaryFolder('infraplan-recover-');
  folders.push(folder);
  return folder;
}

/** A folder holding one file. */
function folderWith(folder: string, file: string, text: string): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, file), text);
}

/** A folder as infraplan leaves it when killed: one file and the marker it writes first. */
function markedFolderWith(folder: string, file: string, text: string): void {
  folderWith(folder, file, text);
  writeFileSync(path.join(folder, TEMPORARY_MARKER), 'infraplan');
}

describe('recovery on the next run into a folder', () => {
  it('moves back a folder that --force moved aside when the visible one is missing, and removes the abandoned new copy', async () => {
    const outDir = scratch();
    markedFolderWith(path.join(outDir, temporaryName('replaced', RUN, GONE_PID)), 'reviewer-notes.txt', 'old run');
    markedFolderWith(path.join(outDir, temporaryName('writing', RUN, GONE_PID)), 'plan.json', '{}');
    const notes: string[] = [];
    await prepareOutputFolder(outDir, { onNote: (note) => notes.push(note) });
    expect(readdirSync(outDir)).toEqual([RUN]);
    // The restored folder is the old run as it was: the marker is gone again.
    expect(readdirSync(path.join(outDir, RUN))).toEqual(['reviewer-notes.txt']);
    expect(readFileSync(path.join(outDir, RUN, 'reviewer-notes.txt'), 'utf8')).toBe('old run');
    expect(notes).toEqual([
      `restored ${path.join(outDir, RUN)}: an interrupted --force replacement had moved it aside, and the new folder never arrived`,
      `removed 1 temporary copy left in ${outDir} by interrupted runs`,
    ]);
  });

  it('never removes or moves a folder without the marker, whatever its name (issue 9 review, finding 7)', async () => {
    const outDir = scratch();
    // Another program's folders, the old 0.1.0 form (.tmp-<name>-<pid>) and the current form without the marker.
    const thesis = '.tmp-thesis-backup-2024';
    const legacy = [`.tmp-replaced-${RUN}-${GONE_PID}`, `.tmp-${RUN}-${GONE_PID}`];
    const unmarked = [temporaryName('replaced', RUN, GONE_PID), temporaryName('writing', 'notes', GONE_PID)];
    for (const name of [thesis, ...legacy, ...unmarked]) folderWith(path.join(outDir, name), 'ch1.docx', 'x');
    // An empty folder of the current form is what a kill between mkdir and the marker leaves: rmdir removes only that.
    const empty = temporaryName('writing', RUN, GONE_PID);
    mkdirSync(path.join(outDir, empty));
    const notes: string[] = [];
    await prepareOutputFolder(outDir, { onNote: (note) => notes.push(note) });
    expect(readdirSync(outDir).sort()).toEqual([thesis, ...legacy, ...unmarked].sort());
    for (const name of [thesis, ...legacy, ...unmarked]) expect(readFileSync(path.join(outDir, name, 'ch1.docx'), 'utf8')).toBe('x');
    expect(notes).toEqual([
      ...unmarked.map((name) => `left ${path.join(outDir, name)} alone: its name looks like an infraplan temporary, but it does not hold infraplan's ${TEMPORARY_MARKER} file`),
      `removed 1 temporary copy left in ${outDir} by interrupted runs`,
    ]);
  });

  it('removes a moved-aside copy when the visible folder is in place (the replacement had finished)', async () => {
    const outDir = scratch();
    folderWith(path.join(outDir, RUN), 'plan.json', 'new run');
    markedFolderWith(path.join(outDir, temporaryName('replaced', RUN, GONE_PID)), 'plan.json', 'old run');
    await prepareOutputFolder(outDir);
    expect(readdirSync(outDir)).toEqual([RUN]);
    expect(readFileSync(path.join(outDir, RUN, 'plan.json'), 'utf8')).toBe('new run');
  });

  it('leaves temporaries of a live process, of another machine and files that only look alike', async () => {
    const outDir = scratch();
    expect(isProcessAlive(process.ppid)).toBe(true);
    expect(isProcessAlive(GONE_PID)).toBe(false);
    const live = temporaryName('replaced', RUN, process.ppid);
    const otherHost = `.tmp-replaced-${GONE_PID}-${HOST_TAG === 'aaaaaa' ? 'bbbbbb' : 'aaaaaa'}-${RUN}`;
    const lookalike = '.tmp-notes-of-the-reviewer';
    for (const name of [live, otherHost, lookalike]) markedFolderWith(path.join(outDir, name), 'x.txt', name);
    await prepareOutputFolder(outDir);
    expect(readdirSync(outDir).sort()).toEqual([live, otherHost, lookalike].sort());
  });

  it('removes a temporary file carrying this process id that this process is not writing (a recycled pid)', async () => {
    const outDir = scratch();
    const stale = temporaryName('writing', 'explain.json');
    writeFileSync(path.join(outDir, stale), 'half a file');
    await prepareOutputFolder(outDir);
    expect(readdirSync(outDir)).toEqual([]);
  });
});

/** Real operations, except that the rename numbered `failingRename` (1-based) fails with `code`. */
function renameFailing(failingRename: number, code: string): FileOperations {
  let renames = 0;
  return {
    ...NODE_FILE_OPERATIONS,
    rename: async (from, to) => {
      renames += 1;
      if (renames === failingRename) throw Object.assign(new Error(`${code}: simulated, rename`), { code, syscall: 'rename' });
      return NODE_FILE_OPERATIONS.rename(from, to);
    },
  };
}

describe('the --force swap', () => {
  const fill = async (folder: { writeFile(relativePath: string, content: string): Promise<void> }): Promise<void> => {
    await folder.writeFile('plan.json', 'new run');
    await folder.writeFile('charts/a.png', 'png');
  };
  const existsError = (target: string): Error => new Error(`${target} exists`);

  it('replaces the old folder with the new one and leaves nothing hidden', async () => {
    const outDir = scratch();
    folderWith(path.join(outDir, RUN), 'plan.json', 'old run');
    await writeFolderAtomic(outDir, RUN, fill, { force: true, existsError });
    expect(readdirSync(outDir)).toEqual([RUN]);
    expect(readdirSync(path.join(outDir, RUN))).toEqual(['charts', 'plan.json']);
    expect(readFileSync(path.join(outDir, RUN, 'plan.json'), 'utf8')).toBe('new run');
  });

  it.each([
    [1, 'moving the old folder aside'],
    [2, 'moving the new folder in'],
  ])('keeps the old folder whole when rename %i (%s) fails, and says the file was in use', async (failingRename) => {
    const outDir = scratch();
    folderWith(path.join(outDir, RUN), 'plan.json', 'old run');
    const error = await writeFolderAtomic(outDir, RUN, fill, { force: true, existsError, operations: renameFailing(failingRename, 'EBUSY') }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OutputWriteError);
    expect((error as Error).message).toBe(
      `the file is in use by another program while writing ${path.join(outDir, RUN)}; close it and try again. The existing ${path.join(outDir, RUN)} is unchanged.`,
    );
    expect(readdirSync(outDir)).toEqual([RUN]);
    expect(readdirSync(path.join(outDir, RUN))).toEqual(['plan.json']);
    expect(readFileSync(path.join(outDir, RUN, 'plan.json'), 'utf8')).toBe('old run');
  });

  it('an interrupt during the swap puts the old folder back (abandonPendingWritesSync, as the signal handler calls it)', async () => {
    const outDir = scratch();
    folderWith(path.join(outDir, RUN), 'plan.json', 'old run');
    let release: () => void = () => undefined;
    let reachedCommit: () => void = () => undefined;
    const commitReached = new Promise<void>((resolve) => (reachedCommit = resolve));
    const stalled: FileOperations = {
      ...NODE_FILE_OPERATIONS,
      // The second rename (new folder in) waits, as when a signal arrives just before it.
      rename: async (from, to) => {
        if (path.basename(from) !== temporaryName('writing', RUN)) return NODE_FILE_OPERATIONS.rename(from, to);
        reachedCommit();
        return new Promise<void>((resolve) => (release = resolve));
      },
    };
    let pendingCount = 0;
    const stop = onPendingWritesChange((count) => (pendingCount = count));
    const writing = writeFolderAtomic(outDir, RUN, fill, { force: true, existsError, operations: stalled });
    await commitReached;
    // The window of the issue: the old folder is moved aside, the new one not yet in.
    expect(readdirSync(outDir)).not.toContain(RUN);
    expect(pendingCount).toBe(1);
    const outcome = abandonPendingWritesSync();
    stop();
    expect(outcome).toEqual({ written: [], restored: [path.join(outDir, RUN)], removedFolders: [] });
    expect(readdirSync(outDir)).toEqual([RUN]);
    expect(readdirSync(path.join(outDir, RUN))).toEqual(['plan.json']);
    expect(readFileSync(path.join(outDir, RUN, 'plan.json'), 'utf8')).toBe('old run');
    release();
    await writing.catch(() => undefined);
  });
});

describe('analysis folders', () => {
  it('on a full disk name the file, keep an existing folder whole and leave nothing hidden', async () => {
    const outDir = scratch();
    folderWith(path.join(outDir, 'tiny-compare-a-vs-b-20260401-083000'), 'comparison.json', 'old');
    const full: FileOperations = {
      ...NODE_FILE_OPERATIONS,
      open: async (filePath, flags) => {
        if (filePath.endsWith('comparison.xlsx')) throw Object.assign(new Error('ENOSPC: simulated, open'), { code: 'ENOSPC', syscall: 'open' });
        return NODE_FILE_OPERATIONS.open(filePath, flags);
      },
    };
    const target = path.join(outDir, 'tiny-compare-a-vs-b-20260401-083000');
    await expect(
      writeAnalysisFolder(outDir, 'tiny-compare-a-vs-b-20260401-083000', [{ relativePath: 'comparison.xlsx', content: 'xlsx' }], true, { operations: full }),
    ).rejects.toThrow(`the disk is full while writing ${path.join(target, 'comparison.xlsx')}; free some space or write somewhere else. The existing ${target} is unchanged.`);
    expect(readdirSync(outDir)).toEqual(['tiny-compare-a-vs-b-20260401-083000']);
    expect(readFileSync(path.join(target, 'comparison.json'), 'utf8')).toBe('old');
    expect(existsSync(path.join(target, 'comparison.xlsx'))).toBe(false);
  });

  it.each(['', ' '])('refuse an --out of %j as an input error', async (out) => {
    await expect(writeAnalysisFolder(out, 'x-20260401-083000', [])).rejects.toThrow('command line, option --out: the folder name is empty');
  });
});

describe('the folders a run created for --out, on an interrupt', () => {
  it('are removed while the run lasts and they are empty, deepest first; forgotten once it ends', async () => {
    const root = scratch();
    const out = path.join(root, 'a', 'b');
    const counts: number[] = [];
    const stop = onPendingWritesChange((count) => counts.push(count));
    let outcome: ReturnType<typeof abandonPendingWritesSync> | null = null;
    // The interrupt's cleanup is run where a signal would arrive: inside the run, before anything is written.
    await withOutputFolder(out, {}, async () => {
      outcome = abandonPendingWritesSync();
    });
    stop();
    expect(outcome).toEqual({ written: [], restored: [], removedFolders: [path.join(root, 'a'), out] });
    expect(readdirSync(root)).toEqual([]);
    // Recorded (1), then cleared by the cleanup (0).
    expect(counts).toEqual([1, 0]);
    // Once a run has ended its folders are no longer recorded: a later cleanup leaves them.
    await withOutputFolder(out, {}, async () => undefined);
    expect(abandonPendingWritesSync().removedFolders).toEqual([]);
    expect(existsSync(out)).toBe(true);
  });

  it('never removes a folder the user had, nor a created one that is no longer empty', async () => {
    const root = scratch();
    const out = path.join(root, 'new', 'inner');
    let removed: readonly string[] = ['not run'];
    await withOutputFolder(out, {}, async () => {
      writeFileSync(path.join(out, 'kept.txt'), 'x');
      removed = abandonPendingWritesSync().removedFolders;
    });
    expect(removed).toEqual([]);
    expect(readdirSync(out)).toEqual(['kept.txt']);
    await withOutputFolder(root, {}, async () => {
      removed = abandonPendingWritesSync().removedFolders;
    });
    expect(removed).toEqual([]);
    expect(existsSync(root)).toBe(true);
  });
});
