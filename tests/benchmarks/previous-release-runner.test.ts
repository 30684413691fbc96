/**
 * bench/release-compare.ts end to end on a throwaway git repository: the previous release is
 * checked out as a detached worktree, given node_modules (copied: same lockfile) and built with its
 * own tsc, each case runs as a process on it and then on the current checkout, an option the old
 * release does not know is dropped, a command it lacks makes the case not comparable, CPU seconds
 * cover the process tree (the fake CLI burns CPU in a grandchild), and the worktree is gone after.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { previousColumnsOf, runAgainstPreviousRelease, type ComparedCase, type ReleaseSide } from '../../bench/release-compare.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'infraplan-previous-runner-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** CPU seconds the fake CLI's grandchild burns: measured on the CPU clock, so load does not change it. */
const BURN_CPU_SECONDS = 0.3;

/** A fake infraplan CLI knowing `commands` (name -> option names); it needs the build's dist/ and burns CPU in a grandchild. */
function fakeCli(commands: Record<string, readonly string[]>): string {
  return `#!/usr/bin/env node
const { existsSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const commands = ${JSON.stringify(commands)};
const [command, ...rest] = process.argv.slice(2);
if (!(command in commands)) { console.error('error: unknown command ' + command); process.exit(1); }
if (rest.includes('--help')) {
  console.log('infraplan ' + command + ' [model]\\n\\nOptions:\\n' + ['debug', 'help', ...commands[command]].map((name) => '      --' + name + '   the ' + name + ' option').join('\\n'));
  process.exit(0);
}
if (!existsSync(path.join(__dirname, '..', 'dist', 'built.txt'))) { console.error('error: not built'); process.exit(2); }
for (const word of rest) if (word.startsWith('--') && !commands[command].includes(word.slice(2))) { console.error('error: unknown option ' + word); process.exit(1); }
if (command === 'wait') { require('node:fs').writeFileSync(process.env.WAIT_PID_FILE, String(process.pid)); setTimeout(() => {}, 30000); return; }
if (!existsSync(rest[0])) { console.error('error: model ' + rest[0] + ' not found'); process.exit(1); }
const burn = 'const s = process.cpuUsage(); while ((process.cpuUsage(s).user + process.cpuUsage(s).system) / 1e6 < ${BURN_CPU_SECONDS}) {}';
spawnSync(process.execPath, ['-e', burn], { stdio: 'inherit' });
console.log(command + ' ok');
`;
}

/** Run git in the repository with a fixed identity. */
function git(folder: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=bench test', '-c', 'user.email=bench@example.invalid', ...args], { cwd: folder, encoding: 'utf8' });
}

/** A repository whose first commit knows `validate` without --json and whose HEAD knows --json and stress. */
function throwawayRepository(): { folder: string; oldCommit: string } {
  const folder = path.join(scratch, 'repository');
  mkdirSync(path.join(folder, 'bin'), { recursive: true });
  writeFileSync(path.join(folder, '.gitignore'), 'node_modules\ndist\n');
  writeFileSync(path.join(folder, 'package-lock.json'), '{"lockfileVersion": 3}\n');
  writeFileSync(path.join(folder, 'tsconfig.json'), '{}\n');
  writeFileSync(path.join(folder, 'bin', 'infraplan.js'), fakeCli({ validate: [], wait: [] }));
  // Untracked, as node_modules is: the worktree gets it by copy. Its "tsc" writes dist/built.txt.
  mkdirSync(path.join(folder, 'node_modules', 'typescript', 'bin'), { recursive: true });
  writeFileSync(path.join(folder, 'node_modules', 'typescript', 'bin', 'tsc'), "require('node:fs').mkdirSync('dist', { recursive: true }); require('node:fs').writeFileSync('dist/built.txt', process.cwd());\n");
  chmodSync(path.join(folder, 'bin', 'infraplan.js'), 0o755);
  git(folder, 'init', '-q');
  git(folder, 'add', '.');
  git(folder, 'commit', '-q', '-m', 'release: validate');
  const oldCommit = git(folder, 'rev-parse', 'HEAD').trim();
  writeFileSync(path.join(folder, 'bin', 'infraplan.js'), fakeCli({ validate: ['json'], stress: ['draws'], wait: [] }));
  git(folder, 'commit', '-q', '-am', 'validate --json, stress');
  return { folder, oldCommit };
}

let repository: { folder: string; oldCommit: string } | null = null;
/** The one throwaway repository of this file, made by whichever test needs it first. */
function sharedRepository(): { folder: string; oldCommit: string } {
  repository ??= throwawayRepository();
  return repository;
}

describe('runAgainstPreviousRelease', () => {
  it('checks out, builds and times the previous release beside the current one, then removes the worktree', async () => {
    const { folder, oldCommit } = sharedRepository();
    const model = path.resolve('tests/fixtures/tiny');
    const seenPreviousFolders: string[] = [];
    const worktreesDuringRun: string[] = [];
    const call = (command: string) => (side: ReleaseSide) => {
      if (side.label === 'previous') {
        seenPreviousFolders.push(side.folder);
        worktreesDuringRun.push(git(folder, 'worktree', 'list', '--porcelain'));
        expect(existsSync(path.join(side.folder, 'dist', 'built.txt'))).toBe(true);
        expect(existsSync(path.join(side.folder, 'node_modules', 'typescript', 'bin', 'tsc'))).toBe(true);
      }
      return { command, positionals: [model], options: [{ name: 'json', values: [], essential: false }, ...(command === 'stress' ? [{ name: 'draws', values: ['3'], essential: true }] : [])] };
    };
    const cases: ComparedCase[] = [
      { id: 'validate-tiny', call: call('validate') },
      { id: 'stress-tiny', call: call('stress') },
      {
        id: 'unprepared',
        call: () => {
          throw new Error('projects.csv: no candidate project to copy');
        },
      },
    ];
    const messages: string[] = [];
    const run = await runAgainstPreviousRelease({ repoFolder: folder, choice: { ref: oldCommit, reason: 'a commit' }, cases: () => cases, progress: (message) => messages.push(message) });

    expect(run.summary).toMatchObject({ ref: oldCommit, commit: oldCommit, nodeModules: 'copied' });
    // The worktree existed while the cases ran, detached at the old commit, and is gone now.
    expect(seenPreviousFolders.length).toBe(2);
    const previousFolder = seenPreviousFolders[0];
    expect(worktreesDuringRun[0]).toContain(`worktree ${previousFolder}`);
    expect(worktreesDuringRun[0]).toContain(`HEAD ${oldCommit}\ndetached`);
    expect(existsSync(previousFolder)).toBe(false);
    expect(git(folder, 'worktree', 'list', '--porcelain')).not.toContain(previousFolder);

    const validate = run.comparisons.get('validate-tiny');
    expect(validate?.comparison.previous?.exitCode).toBe(0);
    expect(validate?.comparison.current?.exitCode).toBe(0);
    // The grandchild's CPU is counted: at least what it burned, on both releases.
    expect(validate?.comparison.previous?.cpuSeconds ?? 0).toBeGreaterThanOrEqual(BURN_CPU_SECONDS - 0.02);
    expect(validate?.comparison.current?.cpuSeconds ?? 0).toBeGreaterThanOrEqual(BURN_CPU_SECONDS - 0.02);
    expect(validate?.comparison.notes).toEqual(['the previous release does not know --json: dropped']);
    const columns = previousColumnsOf(run.summary.ref, validate?.comparison ?? null, 'validate tiny --json', 'unused');
    expect(columns.previousSeconds).not.toBeNull();
    expect(columns.currentCommandSeconds).not.toBeNull();
    expect(columns.ratioToPrevious).toBeCloseTo((columns.currentCommandSeconds ?? 0) / (columns.previousSeconds ?? 1), 12);

    const stress = run.comparisons.get('stress-tiny');
    expect(stress?.comparison.previous).toBeNull();
    expect(stress?.comparison.current?.exitCode).toBe(0);
    // The current checkout is fitted to its own help too: its stress has no --json.
    expect(stress?.comparison.notes).toEqual(['not comparable: the previous release: the release has no `stress` command', 'the current checkout does not know --json: dropped']);
    expect(previousColumnsOf(run.summary.ref, stress?.comparison ?? null, 'stress', 'unused').ratioToPrevious).toBeNull();
    // A case whose input cannot be prepared is a note, not a crash, and the others still ran.
    expect(run.comparisons.get('unprepared')?.comparison).toEqual({
      previous: null,
      current: null,
      notes: ['not run on the previous release: projects.csv: no candidate project to copy', 'not run on the current checkout: projects.csv: no candidate project to copy'],
    });
    expect(messages.some((message) => message.includes('worktree removed'))).toBe(true);
  });

  it('removes the worktree and stops the running command when the bench is interrupted', async () => {
    const { folder } = sharedRepository();
    const before = git(folder, 'worktree', 'list', '--porcelain');
    const script = path.join(scratch, 'interrupted.mts');
    // The previous release's `wait` sleeps for 30 s; the script prints the worktree's folder first.
    writeFileSync(
      script,
      `import { runAgainstPreviousRelease } from ${JSON.stringify(path.resolve('bench/release-compare.ts'))};
await runAgainstPreviousRelease({ repoFolder: ${JSON.stringify(folder)}, choice: { ref: 'HEAD', reason: 'test' }, progress: () => {},
  cases: () => [{ id: 'wait', call: (side) => { process.stdout.write('FOLDER ' + side.folder + '\\n'); return { command: 'wait', positionals: [], options: [] }; } }] });
`,
    );
    const pidFile = path.join(scratch, 'wait.pid');
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: path.resolve('.'), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WAIT_PID_FILE: pidFile } });
    let output = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    const worktree = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /FOLDER (\S+)\n/.exec(output);
        if (match) resolve(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`the script ended (${code}) before running the case: ${output} ${errors}`)));
    });
    expect(existsSync(worktree)).toBe(true);
    // Interrupt once the `wait` command runs.
    while (!existsSync(pidFile)) await new Promise((resolve) => setTimeout(resolve, 50));
    const waitPid = Number(readFileSync(pidFile, 'utf8'));
    const exitCode = await new Promise<number | null>((resolve) => {
      child.on('exit', (code) => resolve(code));
      child.kill('SIGINT');
    });
    expect(exitCode).toBe(130);
    expect(existsSync(worktree)).toBe(false);
    expect(git(folder, 'worktree', 'list', '--porcelain')).toBe(before);
    // The command that was running was stopped (SIGTERM): poll until it is gone, for at most 10 s.
    const alive = (): boolean => {
      try {
        process.kill(waitPid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let tries = 0; tries < 200 && alive(); tries += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive()).toBe(false);
  });

  it('runs nothing without a previous release and keeps the reason', async () => {
    let asked = false;
    const run = await runAgainstPreviousRelease({
      repoFolder: scratch,
      choice: { ref: null, reason: "--no-previous: no previous release measured; the issue's figures are the only comparison" },
      cases: () => {
        asked = true;
        return [];
      },
      progress: () => {},
    });
    expect(asked).toBe(false);
    expect(run.summary).toMatchObject({ ref: null, commit: null, nodeModules: null, reason: expect.stringContaining('--no-previous') });
    expect(run.comparisons.size).toBe(0);
  });

  it('falls back to the issue figures when the ref cannot be checked out', async () => {
    const { folder } = sharedRepository();
    const before = git(folder, 'worktree', 'list', '--porcelain');
    const run = await runAgainstPreviousRelease({ repoFolder: folder, choice: { ref: 'v9.9.9', reason: '--previous v9.9.9' }, cases: () => [], progress: () => {} });
    expect(run.summary.ref).toBeNull();
    expect(run.summary.reason).toContain("v9.9.9 could not be checked out and built");
    expect(run.summary.reason).toContain("issue's figures");
    expect(run.comparisons.size).toBe(0);
    expect(git(folder, 'worktree', 'list', '--porcelain')).toBe(before);
  });
});
