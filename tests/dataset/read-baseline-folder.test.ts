/**
 * `--baseline reports` (the folder the runs are written into, not one run) names the newest run
 * folder in it (new-user review u4): the message said only "reports/plan.json: not found".
 */
import { mkdir, mkdtemp, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBaseline } from '../../src/dataset/read-baseline.js';
import { InvalidInputError } from '../../src/errors/problems.js';

/** The one problem readBaseline refuses `argument` with. */
async function refusal(argument: string): Promise<{ file: string; message: string }> {
  try {
    await readBaseline(argument);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    const [problem] = (error as InvalidInputError).problems;
    return { file: problem!.file, message: problem!.message };
  }
  throw new Error(`readBaseline accepted ${argument}`);
}

describe('--baseline given the folder of the runs', () => {
  it('names the newest run folder in it', async () => {
    const reports = await mkdtemp(path.join(os.tmpdir(), 'infraplan-baseline-folder-'));
    const older = path.join(reports, 'tiny-baseline-20261201-080000');
    const newer = path.join(reports, 'tiny-baseline-20261203-080000');
    for (const [folder, seconds] of [[older, 1_000_000], [newer, 2_000_000]] as const) {
      await mkdir(folder);
      await writeFile(path.join(folder, 'plan.json'), '{}');
      await utimes(path.join(folder, 'plan.json'), seconds, seconds);
    }
    await mkdir(path.join(reports, 'charts-only'));
    const { file, message } = await refusal(reports);
    expect(file).toBe(path.join(reports, 'plan.json'));
    expect(message).toBe(`not found: ${reports} holds run folders rather than being one; --baseline takes one of them, e.g. ${newer} (the newest)`);
  });

  it('keeps the plain message for a folder without run folders and for a missing path', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'infraplan-baseline-empty-'));
    expect((await refusal(empty)).message).toBe('not found: --baseline takes a run folder (with plan.json) or a plan.json file');
    expect((await refusal(path.join(empty, 'missing'))).message).toBe('not found: --baseline takes a run folder (with plan.json) or a plan.json file');
  });
});
