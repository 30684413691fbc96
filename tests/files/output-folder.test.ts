/**
 * `--out` is checked before any solve: a file, a folder under a file or an unwritable place is an
 * input error naming the option, and missing folders are created.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors/problems.js';
import { prepareOutputFolder } from '../../src/files/output-folder.js';
import { runModel } from '../../src/pipeline/run-model.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'infraplan-out-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function problemOf(action: () => Promise<unknown>) {
  const error = await action().then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  return (error as InvalidInputError).problems[0];
}

describe('the --out folder', () => {
  it('is created with its missing parents', async () => {
    const nested = path.join(scratch, 'a', 'b', 'c');
    expect(await prepareOutputFolder(nested)).toBe(nested);
    expect(existsSync(nested)).toBe(true);
    // Again: an existing folder is fine.
    expect(await prepareOutputFolder(nested)).toBe(nested);
  });

  it('refuses a file, and a folder under a file, naming the option', async () => {
    const file = path.join(scratch, 'afile');
    writeFileSync(file, 'hi');
    for (const out of [file, path.join(file, 'sub')]) {
      const problem = await problemOf(() => prepareOutputFolder(out));
      expect(problem).toMatchObject({ file: 'command line', column: '--out' });
      expect(problem.message).toContain(`${file} is a file, not a folder`);
    }
  });

  it.skipIf(process.platform !== 'linux')('refuses a place that takes no folders instead of hanging', async () => {
    const problem = await problemOf(() => prepareOutputFolder('/proc/infraplan-nope/sub'));
    expect(problem.message).toMatch(/^cannot create the folder \/proc\/infraplan-nope/);
    // /proc itself exists and even root's access() check calls it writable; a probe folder tells.
    const existing = await problemOf(() => prepareOutputFolder('/proc'));
    expect(existing.message).toMatch(/^cannot write into \/proc/);
  });

  it('stops `run` before it loads or solves anything', async () => {
    const file = path.join(scratch, 'another-file');
    writeFileSync(file, 'hi');
    const steps: string[] = [];
    const problem = await problemOf(() => runModel({ model: 'tests/fixtures/tiny', outDir: file, onStep: (step) => steps.push(step) }));
    expect(problem.column).toBe('--out');
    // runModel checks --out before resolveRun announces its first step, so no step has started.
    expect(steps).toEqual([]);
  });
});
