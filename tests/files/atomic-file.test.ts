/**
 * writeFileAtomic (issue 9, items 2 and 18): a file is either the old one, whole, or the new one,
 * whole; never a truncated or 0-byte file, and never a leftover temporary. Failures are injected
 * through the file operations (a full disk half-way through a write, a failing flush or rename),
 * and refusals of the environment are reported in plain words naming the file.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { writeExplanations, type ExplainReport } from '../../src/analysis/explain-output.js';
import { NODE_FILE_OPERATIONS, writeFileAtomic, type FileOperations, type WritableHandle } from '../../src/files/atomic-file.js';
import { OutputExistsError, OutputWriteError } from '../../src/files/write-errors.js';
import { temporaryFolder } from '../report/helpers.js';
import { RunCounter } from '../property-runs.js';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
function scratch(): string {
  const folder = temporaryFolder('infraplan-atomic-');
  folders.push(folder);
  return folder;
}

/** A Node.js-style file-system error. */
function fsError(code: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated, ${syscall}`), { code, syscall });
}

/** The steps of a write that can fail. */
const STEPS = ['open', 'write', 'sync', 'close', 'rename', 'link'] as const;
type Step = (typeof STEPS)[number];

/** Real file operations, except that `failAt` fails with `code` (a write fails half-way, as a full disk does). */
function failingOperations(failAt: Step | null, code: string): FileOperations {
  return {
    ...NODE_FILE_OPERATIONS,
    open: async (filePath, flags) => {
      if (failAt === 'open') throw fsError(code, 'open');
      const handle = await NODE_FILE_OPERATIONS.open(filePath, flags);
      const wrapped: WritableHandle = {
        writeFile: async (data) => {
          if (failAt !== 'write') return handle.writeFile(data);
          const bytes = Buffer.from(data);
          await handle.writeFile(bytes.subarray(0, Math.floor(bytes.length / 2)));
          throw fsError(code, 'write');
        },
        sync: async () => {
          if (failAt === 'sync') throw fsError(code, 'fsync');
          return handle.sync();
        },
        close: async () => {
          await handle.close();
          if (failAt === 'close') throw fsError(code, 'close');
        },
      };
      return wrapped;
    },
    rename: async (from, to) => {
      if (failAt === 'rename') throw fsError(code, 'rename');
      return NODE_FILE_OPERATIONS.rename(from, to);
    },
    link: async (from, to) => {
      if (failAt === 'link') throw fsError(code, 'link');
      return NODE_FILE_OPERATIONS.link(from, to);
    },
  };
}

describe('writeFileAtomic', () => {
  it('writes a new file, refuses to replace it without overwrite, replaces it with overwrite, and leaves no temporary', async () => {
    const folder = scratch();
    const file = path.join(folder, 'explain.json');
    await writeFileAtomic(file, 'first');
    expect(readFileSync(file, 'utf8')).toBe('first');
    await expect(writeFileAtomic(file, 'second')).rejects.toBeInstanceOf(OutputExistsError);
    expect(readFileSync(file, 'utf8')).toBe('first');
    await writeFileAtomic(file, 'third', { overwrite: true });
    expect(readFileSync(file, 'utf8')).toBe('third');
    expect(readdirSync(folder)).toEqual(['explain.json']);
  });

  it('on a full disk names the file in plain words, keeps the old file whole with overwrite, and writes no 0-byte file without', async () => {
    const folder = scratch();
    const file = path.join(folder, 'explain.json');
    const missing = path.join(folder, 'new.json');
    writeFileSync(file, '{"good": true}\n');
    const replacing = writeFileAtomic(file, `{"new": "${'x'.repeat(10_000)}"}`, { overwrite: true, operations: failingOperations('write', 'ENOSPC') });
    await expect(replacing).rejects.toThrow(
      new OutputWriteError(file, fsError('ENOSPC', 'write'), 'the existing file, if any, is unchanged'),
    );
    await expect(writeFileAtomic(file, 'x', { overwrite: true, operations: failingOperations('write', 'ENOSPC') })).rejects.toThrow(
      `the disk is full while writing ${file}; free some space or write somewhere else. The existing file, if any, is unchanged.`,
    );
    expect(readFileSync(file, 'utf8')).toBe('{"good": true}\n');
    await expect(writeFileAtomic(missing, 'x', { operations: failingOperations('write', 'ENOSPC') })).rejects.toThrow(
      `the disk is full while writing ${missing}; free some space or write somewhere else. Nothing was written.`,
    );
    expect(existsSync(missing)).toBe(false);
    expect(readdirSync(folder)).toEqual(['explain.json']);
  });

  it.each([
    ['EDQUOT', 'the disk quota is used up'],
    ['EROFS', 'the file system is read-only'],
    ['EACCES', 'permission is denied'],
    ['EBUSY', 'the file is in use by another program'],
  ])('reports %s as "%s while writing <file>"', async (code, words) => {
    const folder = scratch();
    const file = path.join(folder, 'plan.lp');
    const error = await writeFileAtomic(file, 'x', { operations: failingOperations('open', code) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OutputWriteError);
    expect((error as OutputWriteError).message).toMatch(new RegExp(`^${words} while writing ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; `));
    expect(readdirSync(folder)).toEqual([]);
  });

  it('whatever step fails, leaves exactly the old file or exactly the new one, and no temporary (property)', async () => {
    // Non-trivial: a step fails, or there is an old file the write must replace or keep.
    const counter = new RunCounter();
    let failures = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Step | null>(null, ...STEPS),
        fc.constantFrom('ENOSPC', 'EIO', 'EPERM', 'EXDEV'),
        fc.boolean(),
        fc.boolean(),
        fc.string({ minLength: 0, maxLength: 2000 }),
        async (failAt, code, overwrite, existed, newContent) => {
          counter.count(failAt !== null || existed);
          const folder = scratch();
          const file = path.join(folder, 'out.json');
          if (existed) writeFileSync(file, 'old contents');
          const outcome = await writeFileAtomic(file, newContent, { overwrite, operations: failingOperations(failAt, code) }).then(
            () => 'written',
            () => 'failed',
          );
          const names = readdirSync(folder);
          // Only the real name is ever visible.
          expect(names.filter((name) => name !== 'out.json')).toEqual([]);
          const now = existsSync(file) ? readFileSync(file, 'utf8') : null;
          if (outcome === 'written') {
            expect(now).toBe(newContent);
          } else {
            failures += 1;
            expect(now).toBe(existed ? 'old contents' : null);
          }
          if (existed && !overwrite) expect(now).toBe('old contents');
          rmSync(folder, { recursive: true, force: true });
        },
      ),
      { seed: 18, numRuns: 300 },
    );
    counter.expectMostChecked(300);
    expect(failures).toBeGreaterThan(100);
  });
});

describe('explain --out', () => {
  const report: ExplainReport = { modelName: 'tiny', scenarioName: 'baseline', objective: 12, deferredCount: 0, explanations: [] };

  it.each(['explain.json', 'explain.xlsx'])('with --force keeps the good %s when the disk fills, and creates no file without it', async (fileName) => {
    const folder = scratch();
    const file = path.join(folder, fileName);
    await writeExplanations(report, file);
    const good = readFileSync(file);
    await expect(writeExplanations(report, file, true, failingOperations('write', 'ENOSPC'))).rejects.toThrow(`the disk is full while writing ${file}`);
    expect(readFileSync(file).equals(good)).toBe(true);
    const other = path.join(folder, `other-${fileName}`);
    await expect(writeExplanations(report, other, false, failingOperations('write', 'ENOSPC'))).rejects.toThrow('Nothing was written.');
    expect(readdirSync(folder)).toEqual([fileName]);
  });

  it('refuses an empty or blank file name naming --out', async () => {
    for (const out of ['', '  ']) await expect(writeExplanations(report, out)).rejects.toThrow('command line, option --out: the file name is empty');
  });
});
