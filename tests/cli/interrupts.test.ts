/**
 * `infraplan run` stopped at exact points, in a child process (issue 9, items 3, 4, 18, 19): each
 * case pauses, crashes or fills the disk at one named file operation (tests/cli/fault-injection.mjs),
 * so nothing depends on how fast the machine is. After every case the output folder holds either
 * nothing or a complete run folder, and never a hidden temporary. The cases that need no fault and
 * no signal run the same command line in this process (tests/cli/in-process.ts), which saves a
 * child's second of module loading and its run.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli, TINY_MODEL } from './cli-process.js';
import { runInProcess } from './in-process.js';
import { temporaryFolder } from '../report/helpers.js';

/** The fixed clock of the child, and the run folder name it gives the tiny model. */
const CLOCK = '2026-04-01T08:30:00Z';
const RUN_NAME = 'tiny-baseline-20260401-083000';
/** Source path of the rename that moves the finished temporary run folder into place. */
const COMMIT_RENAME = `/\\.tmp-\\d+-[0-9a-f]{6}-${RUN_NAME}$`;

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function outFolder(): string {
  const folder = temporaryFolder('infraplan-interrupt-');
  folders.push(folder);
  return folder;
}

/** An existing run folder of the name the child will use, with a reviewer's file in it. */
function existingRun(outDir: string): string {
  const runFolder = path.join(outDir, RUN_NAME);
  mkdirSync(runFolder);
  writeFileSync(path.join(runFolder, 'reviewer-notes.txt'), 'the old run');
  return runFolder;
}

const hidden = (outDir: string): string[] => readdirSync(outDir).filter((name) => name.startsWith('.'));
const noStackTrace = (text: string): void => expect(text).not.toMatch(/\n\s+at |please report|crashed/);

describe('infraplan run, interrupted', () => {
  it('removes its temporary folder on SIGINT, says nothing was written and exits 130', async () => {
    const outDir = outFolder();
    const child = startCli(['run', TINY_MODEL, '--out', outDir], { fault: { on: 'open', match: '\\.tmp-.*/plan\\.json$', action: 'pause' } });
    await child.waitForStderr('fault: paused');
    // The temporary folder exists, with the charts and the workbook already in it.
    const temporaries = hidden(outDir);
    expect(temporaries).toHaveLength(1);
    expect(readdirSync(path.join(outDir, temporaries[0])).sort()).toEqual(['.infraplan-temporary', 'charts', 'investment-plan.xlsx']);
    child.kill('SIGINT');
    const outcome = await child.ended;
    expect(outcome.code).toBe(130);
    expect(outcome.stderr.trimEnd().split('\n').at(-1)).toBe('interrupted (SIGINT): nothing was written');
    expect(readdirSync(outDir)).toEqual([]);
  });

  it('on SIGTERM between moving the old run aside and moving the new one in, puts the old run back and exits 143', async () => {
    const outDir = outFolder();
    const runFolder = existingRun(outDir);
    const child = startCli(['run', TINY_MODEL, '--out', outDir, '--force'], { clock: CLOCK, fault: { on: 'rename', match: COMMIT_RENAME, action: 'pause' } });
    await child.waitForStderr('fault: paused');
    // The window the issue describes: the visible folder is gone, both copies are hidden.
    expect(readdirSync(outDir)).not.toContain(RUN_NAME);
    expect(hidden(outDir)).toHaveLength(2);
    child.kill('SIGTERM');
    const outcome = await child.ended;
    expect(outcome.code).toBe(143);
    expect(outcome.stderr).toContain(`interrupted (SIGTERM): the existing ${runFolder} is unchanged; nothing was written`);
    expect(readdirSync(outDir)).toEqual([RUN_NAME]);
    expect(readFileSync(path.join(runFolder, 'reviewer-notes.txt'), 'utf8')).toBe('the old run');
  });

  it('after a kill between the two renames of --force, the next run into the folder restores the old run', async () => {
    const outDir = outFolder();
    const runFolder = existingRun(outDir);
    const killed = await runCli(['run', TINY_MODEL, '--out', outDir, '--force'], { clock: CLOCK, fault: { on: 'rename', match: COMMIT_RENAME, action: 'kill' } });
    expect(killed.signal).toBe('SIGKILL');
    // SIGKILL cannot be handled: the hidden copies are what a power cut leaves.
    expect(readdirSync(outDir)).not.toContain(RUN_NAME);
    expect(hidden(outDir).map((name) => name.replace(/\d+-[0-9a-f]{6}-/, 'PID-HOST-')).sort()).toEqual([
      `.tmp-PID-HOST-${RUN_NAME}`,
      `.tmp-replaced-PID-HOST-${RUN_NAME}`,
    ]);

    const next = await runCli(['run', TINY_MODEL, '--out', outDir], { clock: CLOCK });
    expect(next.stderr).toContain(`note: restored ${runFolder}: an interrupted --force replacement had moved it aside`);
    expect(next.stderr).toContain(`note: removed 1 temporary copy left in ${outDir} by interrupted runs`);
    // The restored folder has the next run's name, so without --force that run is refused as usual.
    expect(next.code).toBe(1);
    expect(next.stderr).toContain('already exists; pass --force');
    expect(readdirSync(outDir)).toEqual([RUN_NAME]);
    expect(readdirSync(runFolder)).toEqual(['reviewer-notes.txt']);
    expect(readFileSync(path.join(runFolder, 'reviewer-notes.txt'), 'utf8')).toBe('the old run');
  });

  it("never removes another program's .tmp-* folder (issue 9 review, finding 7)", async () => {
    const outDir = outFolder();
    mkdirSync(path.join(outDir, '.tmp-thesis-backup-2024'));
    writeFileSync(path.join(outDir, '.tmp-thesis-backup-2024', 'ch1.docx'), 'x');
    // In-process, so the clock is the real one: the run folder is tiny-baseline-<date>-<time>.
    const outcome = await runInProcess(['run', TINY_MODEL, '--out', outDir]);
    expect(outcome.code).toBe(0);
    const names = readdirSync(outDir).sort();
    expect(names).toHaveLength(2);
    expect(names[0]).toBe('.tmp-thesis-backup-2024');
    expect(names[1]).toMatch(/^tiny-baseline-\d{8}-\d{6}$/);
    expect(readFileSync(path.join(outDir, '.tmp-thesis-backup-2024', 'ch1.docx'), 'utf8')).toBe('x');
    expect(readdirSync(path.join(outDir, names[1]))).not.toContain('.infraplan-temporary');
  });
});

describe('an interrupt before anything is written, while the run works (issue p2, item 1)', () => {
  // The pause is at the open of the model's projects table: the --out folder has been made, no
  // output file is begun, and no solve has ended, the state a run is in during its solve (HiGHS
  // solves on a worker, so the main thread takes the signal as it does here).
  const PROJECTS_OPEN = { on: 'open', match: 'tiny/projects\\.csv$', action: 'pause' } as const;

  it.each([
    ['run', (out: string) => ['run', TINY_MODEL, '--out', out]],
    ['sweep', (out: string) => ['sweep', TINY_MODEL, '--budget-scale', '0.5:1:2', '--out', out]],
  ])('%s on SIGINT removes the new nested --out folders it created, and exits 130', async (_command, args) => {
    const outDir = outFolder();
    const created = path.join(outDir, 'new', 'nested');
    const child = startCli(args(created), { fault: PROJECTS_OPEN });
    await child.waitForStderr('fault: paused');
    // The folders were made before the model was read (a bad --out is reported first).
    expect(readdirSync(created)).toEqual([]);
    child.kill('SIGINT');
    const outcome = await child.ended;
    expect(outcome.code).toBe(130);
    expect(outcome.stderr.trimEnd().split('\n').at(-1)).toBe(`interrupted (SIGINT): nothing was written; removed ${path.join(outDir, 'new')}, ${created}, created for this run and left empty`);
    noStackTrace(outcome.stderr);
    expect(readdirSync(outDir)).toEqual([]);
  });

  it('on SIGTERM leaves an --out folder the user had, and what was in it', async () => {
    const outDir = outFolder();
    writeFileSync(path.join(outDir, 'notes.txt'), 'mine');
    const created = path.join(outDir, 'new');
    mkdirSync(created);
    const child = startCli(['run', TINY_MODEL, '--out', created], { fault: PROJECTS_OPEN });
    await child.waitForStderr('fault: paused');
    child.kill('SIGTERM');
    const outcome = await child.ended;
    // Nothing to clean up, and still the one line and the exit code: the user can tell that no half folder is left (review u4, finding 7).
    expect(outcome.code).toBe(143);
    expect(outcome.stderr.trimEnd().split('\n').at(-1)).toBe('interrupted (SIGTERM): nothing was written');
    noStackTrace(outcome.stderr);
    expect(readdirSync(outDir).sort()).toEqual(['new', 'notes.txt']);
    expect(readdirSync(created)).toEqual([]);
  });

  it('keeps a created folder that is no longer empty', async () => {
    const outDir = outFolder();
    const created = path.join(outDir, 'new');
    const child = startCli(['run', TINY_MODEL, '--out', created], { fault: PROJECTS_OPEN });
    await child.waitForStderr('fault: paused');
    writeFileSync(path.join(created, 'put-there-meanwhile.txt'), 'x');
    child.kill('SIGINT');
    const outcome = await child.ended;
    expect(outcome.code).toBe(130);
    expect(outcome.stderr.trimEnd().split('\n').at(-1)).toBe('interrupted (SIGINT): nothing was written');
    expect(readdirSync(created)).toEqual(['put-there-meanwhile.txt']);
  });
});

describe('an interrupt during a real solve (task b1, item 4)', () => {
  // The default model's solve takes half a minute or more, so the signal arrives while HiGHS is in
  // its WebAssembly search on the worker thread: the child says when the worker first reports
  // progress (fault-injection.mjs, INFRAPLAN_TEST_MARK_SOLVES), and the signal follows at once.
  // The time limit makes HiGHS report as it goes; it is far longer than the test.
  /** Most seconds the child may take to end after the signal: a hang guard, not a timing assertion. */
  const HANG_GUARD_SECONDS = 30;

  it('run on the default model: SIGINT while HiGHS solves exits 130, removes the --out folder it created and leaves no temporary', async () => {
    const outDir = outFolder();
    const created = path.join(outDir, 'new');
    const child = startCli(['run', '--out', created, '--time-limit', '900'], { markSolves: true });
    await child.waitForStderr('test: the solver is working');
    // The run has made its --out folder and written nothing yet: the state the signal must undo.
    expect(readdirSync(created)).toEqual([]);
    child.kill('SIGINT');
    let hung = false;
    const guard = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, HANG_GUARD_SECONDS * 1000);
    const outcome = await child.ended;
    clearTimeout(guard);
    expect(hung, `the run did not end within ${HANG_GUARD_SECONDS} s of SIGINT:\n${outcome.stderr}`).toBe(false);
    expect(outcome.code).toBe(130);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr.trimEnd().split('\n').at(-1)).toBe(`interrupted (SIGINT): nothing was written; removed ${created}, created for this run and left empty`);
    noStackTrace(outcome.stderr);
    // Nothing is left: no run folder, no temporary (hidden) one, not the folder the run created.
    expect(readdirSync(outDir)).toEqual([]);
  });
});

describe('an interrupt during a real solve into an --out folder that exists (review u4, finding 7)', () => {
  it('SIGINT while HiGHS solves says nothing was written, exits 130 and leaves the folder and its files', async () => {
    const outDir = outFolder();
    writeFileSync(path.join(outDir, 'notes.txt'), 'mine');
    const child = startCli(['run', '--out', outDir, '--time-limit', '900'], { markSolves: true });
    await child.waitForStderr('test: the solver is working');
    child.kill('SIGINT');
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const outcome = await child.ended;
    clearTimeout(guard);
    expect(outcome.code).toBe(130);
    // It used to end with no word at all: the user could not tell whether half a folder was left.
    expect(outcome.stderr.trimEnd().split('\n').at(-1)).toBe('interrupted (SIGINT): nothing was written');
    noStackTrace(outcome.stderr);
    expect(readdirSync(outDir)).toEqual(['notes.txt']);
  });
});

describe('infraplan run, disk full', () => {
  it('names the file, exits 1 without "please report", and leaves nothing behind', async () => {
    const outDir = outFolder();
    const outcome = await runCli(['run', TINY_MODEL, '--out', outDir], { clock: CLOCK, fault: { on: 'open', match: 'investment-plan\\.xlsx$', action: 'enospc' } });
    expect(outcome.code).toBe(1);
    // The stage lines first (the workbook's the last to start), then the error alone.
    const lines = outcome.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(`error: the disk is full while writing ${path.join(outDir, RUN_NAME, 'investment-plan.xlsx')}; free some space or write somewhere else. Nothing was written.`);
    expect(lines.at(-2)).toBe('writing the workbook');
    expect(lines.filter((line) => line.startsWith('error: '))).toHaveLength(1);
    expect(readdirSync(outDir)).toEqual([]);
  });

  it('with --force keeps the existing run folder whole', async () => {
    const outDir = outFolder();
    const runFolder = existingRun(outDir);
    const outcome = await runCli(['run', TINY_MODEL, '--out', outDir, '--force'], { clock: CLOCK, fault: { on: 'open', match: 'plan\\.json$', action: 'enospc' } });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(`the disk is full while writing ${path.join(runFolder, 'plan.json')}`);
    expect(outcome.stderr).toContain(`The existing ${runFolder} is unchanged.`);
    noStackTrace(outcome.stderr);
    expect(readdirSync(outDir)).toEqual([RUN_NAME]);
    expect(readdirSync(runFolder)).toEqual(['reviewer-notes.txt']);
  });
});

describe('infraplan run --out with an empty name', () => {
  it.each(['', '   '])('refuses %j as an input error naming --out and writes nothing in the current folder', async (out) => {
    const workingFolder = outFolder();
    const outcome = await runInProcess(['run', TINY_MODEL, '--out', out], { cwd: workingFolder });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('command line, option --out: the folder name is empty');
    noStackTrace(outcome.stderr);
    expect(readdirSync(workingFolder)).toEqual([]);
  });
});
