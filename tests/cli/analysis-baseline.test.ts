/**
 * The analysis commands with `--baseline` and `--lock-years` through the command line (in this
 * process, tests/cli/in-process.ts), on the tiny model: a run that fails leaves no `--out` folder
 * it created, and an invalid `--lock-years` gets one message naming the option wherever it is
 * caught (before or after the model is read).
 */
import { mkdtemp, readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TINY_MODEL } from './cli-process.js';
import { runInProcess as runCli } from './in-process.js';

/** True when the path exists. */
async function exists(target: string): Promise<boolean> {
  return (await stat(target).catch(() => null)) !== null;
}

/** A run folder of the tiny model to use as --baseline, made once. */
let baselineFolder: Promise<string> | null = null;
function tinyBaseline(): Promise<string> {
  baselineFolder ??= (async () => {
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'infraplan-analysis-baseline-'));
    const first = await runCli(['run', TINY_MODEL, '--out', outDir]);
    expect(first.code, first.stderr).toBe(0);
    const [folder] = await readdir(outDir);
    return path.join(outDir, folder);
  })();
  return baselineFolder;
}

describe('a failed analysis run leaves no --out folder behind', () => {
  const cases: readonly (readonly string[])[] = [
    ['compare', 'no-such-scenario.yaml', '--model', TINY_MODEL],
    ['sweep', TINY_MODEL, '--budget-scale', '0.5:1:2', '--lock-years', '2'],
    ['stress', TINY_MODEL, '--draws', '2', '--lock-years', '2'],
    ['frontier', TINY_MODEL, '--points', '2', '--scenario', 'no-such-scenario.yaml'],
  ];
  for (const args of cases) {
    it(`${args[0]}: exit 1, the folders created for --out are removed again`, async () => {
      const parent = await mkdtemp(path.join(os.tmpdir(), 'infraplan-failed-out-'));
      const outDir = path.join(parent, 'new', 'reports');
      const outcome = await runCli([...args, '--out', outDir, '--workers', '1']);
      expect(outcome.code, outcome.stderr).toBe(1);
      expect(outcome.stderr).not.toMatch(/\n\s+at /);
      expect(await exists(path.join(parent, 'new'))).toBe(false);
      expect(await readdir(parent)).toEqual([]);
    });
  }

  it('export-lp: a failed build leaves no folder created for --output', async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'infraplan-failed-out-'));
    const outcome = await runCli(['export-lp', TINY_MODEL, '--scenario', 'no-such-scenario.yaml', '--output', path.join(parent, 'lp', 'plan.lp')]);
    expect(outcome.code, outcome.stderr).toBe(1);
    expect(await readdir(parent)).toEqual([]);
  });

  it('an --out folder the user had stays, with what was in it', async () => {
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'infraplan-failed-out-'));
    const outcome = await runCli(['stress', TINY_MODEL, '--draws', '2', '--lock-years', '2', '--out', outDir]);
    expect(outcome.code).toBe(1);
    expect(await exists(outDir)).toBe(true);
  });
});

describe('one --lock-years message', () => {
  const expected = /--lock-years.*expected a whole number of years from 1 to (the length of the horizon|the horizon's \d+) \(the first years of the baseline to keep\), got /;
  for (const value of ['0', '1.5', 'two']) {
    it(`--lock-years ${value} is refused before the model is read, naming the option`, async () => {
      const baseline = await tinyBaseline();
      const outcome = await runCli(['sweep', TINY_MODEL, '--budget-scale', '0.5:1:2', '--baseline', baseline, '--lock-years', value, '--out', path.join(os.tmpdir(), 'never-made-lock')]);
      expect(outcome.code).toBe(1);
      expect(outcome.stderr).toMatch(expected);
      expect(outcome.stderr).toContain(value === 'two' ? 'got something that is not a number' : `got ${value}`);
    });
  }

  it('more years than the horizon is refused with the same words and the horizon\'s length', async () => {
    const baseline = await tinyBaseline();
    const outcome = await runCli(['solve', TINY_MODEL, '--baseline', baseline, '--lock-years', '99']);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/--lock-years.*expected a whole number of years from 1 to the horizon's \d+ \(the first years of the baseline to keep\), got 99/);
  });
});
