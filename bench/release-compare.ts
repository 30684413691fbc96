/**
 * Measuring the previous release in the same bench run (issue 14: "each as a ratio against the
 * previous release measured in the same run"). The previous release is a detached git worktree of
 * a ref (by default the newest `v*` tag), given node_modules and built; the bench then runs each
 * command-line case as a process in it and in the current checkout, alternately, so that the load
 * of a shared machine falls on both alike.
 *
 * The pure parts (choosing the ref, fitting a call to a release's `--help`, the ratios) are
 * exported for tests; the rest touches git, the file system and child processes.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** How the bench was asked to pick the previous release. */
export interface PreviousRequest {
  /** `--previous <ref>`; `none` asks for no previous release; undefined picks the newest `v*` tag. */
  readonly previousOption: string | undefined;
  /** `--no-previous`. */
  readonly noPrevious: boolean;
}

/** What git says about the folder the bench runs in. */
export interface GitFacts {
  /** Whether the folder is inside a git checkout. */
  readonly isGitCheckout: boolean;
  /** Tags matching `v*`, newest first (`git tag --list 'v*' --sort=-v:refname`). */
  readonly tagsNewestFirst: readonly string[];
}

/** The previous release to measure, or why there is none (the bench then falls back to the issue's figures). */
export type PreviousChoice = { readonly ref: string; readonly reason: string } | { readonly ref: null; readonly reason: string };

/** The words of a results file when no previous release was measured. */
export const FALLBACK_WORDS = "the issue's figures (the \"issue's before\" column) are the only comparison";

/** Choose the previous release's ref from the options and what git says; pure. */
export function choosePreviousRef(request: PreviousRequest, git: GitFacts): PreviousChoice {
  if (request.noPrevious) return { ref: null, reason: `--no-previous: no previous release measured; ${FALLBACK_WORDS}` };
  if (request.previousOption === 'none') return { ref: null, reason: `--previous none: no previous release measured; ${FALLBACK_WORDS}` };
  if (!git.isGitCheckout) return { ref: null, reason: `not a git checkout, so no previous release to check out; ${FALLBACK_WORDS}` };
  if (request.previousOption !== undefined) return { ref: request.previousOption, reason: `--previous ${request.previousOption}` };
  const newest = git.tagsNewestFirst.find((tag) => tag.trim() !== '');
  if (newest === undefined) return { ref: null, reason: `no tag matching v* (git tag --list 'v*'); ${FALLBACK_WORDS}` };
  return { ref: newest.trim(), reason: `the newest v* tag` };
}

/** Lines of `git tag --list 'v*' --sort=-v:refname` output, blank lines dropped. */
export function tagsOfListing(listing: string): string[] {
  return listing
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Ask git about `folder`: whether it is a checkout, and its `v*` tags newest first. */
export function readGitFacts(folder: string): GitFacts {
  const inside = spawnSync('git', ['-C', folder, 'rev-parse', '--is-inside-work-tree'], { encoding: 'utf8' });
  if (inside.status !== 0 || inside.stdout.trim() !== 'true') return { isGitCheckout: false, tagsNewestFirst: [] };
  const tags = spawnSync('git', ['-C', folder, 'tag', '--list', 'v*', '--sort=-v:refname'], { encoding: 'utf8' });
  return { isGitCheckout: true, tagsNewestFirst: tags.status === 0 ? tagsOfListing(tags.stdout) : [] };
}

/** The commit `ref` names in the repository at `folder`, or null when it names none. */
export function commitOf(folder: string, ref: string): string | null {
  const answer = spawnSync('git', ['-C', folder, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { encoding: 'utf8' });
  return answer.status === 0 ? answer.stdout.trim() : null;
}

/** One option of a command-line call. */
export interface CliOption {
  /** Name without the dashes, e.g. `workers`. */
  readonly name: string;
  /** Its values (none for a boolean flag, several for a repeated one). */
  readonly values: readonly string[];
  /**
   * Whether the case measures something else without it (`--draws 100`, `--project`): a release
   * that does not know such an option makes the case not comparable; any other unknown option is
   * dropped with a note.
   */
  readonly essential: boolean;
}

/** One `node bin/infraplan.js <command> ...` call. */
export interface CliCall {
  readonly command: string;
  readonly positionals: readonly string[];
  readonly options: readonly CliOption[];
}

/** What a release's `<command> --help` says it accepts; null options when it does not know the command. */
export interface CommandHelp {
  readonly command: string;
  /** Option names without dashes, or null when the release has no such command. */
  readonly optionNames: ReadonlySet<string> | null;
}

/**
 * The option names in a yargs help text (`  --time-limit  Time limit …`, `  -h, --help  …`); pure.
 * Only lines that start with an option count, and none under `Examples:` or `Commands:` (a wrapped
 * example line can start with a flag), so a flag quoted elsewhere is not taken for an option.
 */
export function optionNamesOfHelp(helpText: string): Set<string> {
  const names = new Set<string>();
  let section = '';
  for (const line of helpText.split('\n')) {
    if (/^\S.*:\s*$/.test(line)) {
      section = line.trim();
      continue;
    }
    if (section === 'Examples:' || section === 'Commands:') continue;
    const match = /^\s+(?:-[A-Za-z0-9],\s+)?--([A-Za-z][\w-]*)/.exec(line);
    if (match) names.add(match[1]);
  }
  return names;
}

/** Whether a help text is the help of `command` (yargs prints `infraplan <command> …` first); pure. */
export function isHelpOfCommand(helpText: string, command: string): boolean {
  const firstLine = helpText.split('\n').find((line) => line.trim() !== '') ?? '';
  return new RegExp(`^\\S*infraplan(\\.js)? ${command}(\\s|$)`).test(firstLine.trim());
}

/** A call fitted to a release: its argv, or why the release cannot run the case. */
export type FittedCall =
  | { readonly comparable: true; readonly argv: readonly string[]; readonly dropped: readonly string[] }
  | { readonly comparable: false; readonly reason: string };

/** Fit a call to what a release's help accepts: drop options it does not know, unless essential; pure. */
export function fitCallToHelp(call: CliCall, help: CommandHelp): FittedCall {
  if (help.optionNames === null) return { comparable: false, reason: `the release has no \`${call.command}\` command` };
  const known = help.optionNames;
  const unknown = call.options.filter((option) => !known.has(option.name));
  const essentialUnknown = unknown.filter((option) => option.essential);
  if (essentialUnknown.length > 0) return { comparable: false, reason: `the release does not know ${essentialUnknown.map((option) => `--${option.name}`).join(', ')}` };
  const argv = [call.command, ...call.positionals];
  for (const option of call.options.filter((candidate) => known.has(candidate.name))) {
    if (option.values.length === 0) argv.push(`--${option.name}`);
    for (const value of option.values) argv.push(`--${option.name}`, value);
  }
  return { comparable: true, argv, dropped: unknown.map((option) => `--${option.name}`) };
}

/** The command-line words of a call as the current release runs it (for notes). */
export function wordsOfCall(call: CliCall): string {
  return [call.command, ...call.positionals.map((positional) => path.basename(positional)), ...call.options.flatMap((option) => (option.values.length === 0 ? [`--${option.name}`] : option.values.flatMap((value) => [`--${option.name}`, /[\\/]/.test(value) ? path.basename(value) : value])))].join(' ');
}

/** One timed process. */
export interface ProcessTiming {
  /** Wall-clock seconds from spawn to exit. */
  readonly wallSeconds: number;
  /** User + system CPU seconds of the process and its waited-for descendants, or null when they cannot be read. */
  readonly cpuSeconds: number | null;
  /** Exit code (null when killed by a signal). */
  readonly exitCode: number | null;
  /** The last lines of its stderr, for a note when it failed. */
  readonly stderrTail: string;
  /** Set when the process was stopped at the comparison's wall-clock cap: its seconds are then a lower bound. */
  readonly stoppedAtSeconds?: number;
}

/**
 * Wall-clock seconds a command-line run of the comparison may take before it is interrupted
 * (SIGINT, so the CLI cleans up) and reported as "more than N s". v0.1.0 took an estimated hour for
 * `stress --draws 100` and longer for `explain --top 10` (the issue saw nothing printed in 5
 * minutes for one project), which held a bench run of the targets for hours; beyond this the
 * ratio says enough as a bound.
 */
export const CLI_CASE_CAP_SECONDS = 600;

/** A case measured on both releases, or why it was not. */
export interface ReleaseComparison {
  readonly previous: ProcessTiming | null;
  readonly current: ProcessTiming | null;
  /** Why a figure is missing or what was dropped. */
  readonly notes: readonly string[];
}

/** current / previous, or null when either is missing or the previous is zero; pure. */
export function ratioOf(current: number | null | undefined, previous: number | null | undefined): number | null {
  if (current === null || current === undefined || previous === null || previous === undefined || !(previous > 0)) return null;
  return current / previous;
}

/** A timing that counts: the process exited 0. */
export function succeeded(timing: ProcessTiming | null): timing is ProcessTiming {
  return timing !== null && timing.exitCode === 0;
}

/** The previous-release columns of one case, from its comparison; pure. */
export interface PreviousColumns {
  readonly previousRef: string | null;
  /** Wall seconds of the command on the previous release. */
  readonly previousSeconds: number | null;
  /** CPU seconds of the command's process tree on the previous release. */
  readonly previousCpuSeconds: number | null;
  /** Wall seconds of the same command on the current checkout, run right after the previous one. */
  readonly currentCommandSeconds: number | null;
  /** CPU seconds of the current checkout's process tree. */
  readonly currentCommandCpuSeconds: number | null;
  /** currentCommandSeconds / previousSeconds (< 1: the current checkout is faster). */
  readonly ratioToPrevious: number | null;
  /** currentCommandCpuSeconds / previousCpuSeconds. */
  readonly cpuRatioToPrevious: number | null;
  /** The command line and anything to know about the comparison. */
  readonly previousNote: string;
}

/** Build the previous-release columns; a release whose process failed gets no figure, and the note says why; pure. */
export function previousColumnsOf(ref: string | null, comparison: ReleaseComparison | null, commandWords: string, fallbackReason: string): PreviousColumns {
  if (ref === null || comparison === null) {
    return { previousRef: null, previousSeconds: null, previousCpuSeconds: null, currentCommandSeconds: null, currentCommandCpuSeconds: null, ratioToPrevious: null, cpuRatioToPrevious: null, previousNote: fallbackReason };
  }
  const notes = [...comparison.notes];
  const failure = (who: string, timing: ProcessTiming | null): void => {
    if (timing?.stoppedAtSeconds !== undefined) {
      notes.push(`${who} was stopped after ${timing.stoppedAtSeconds} s (the comparison's cap): more than ${timing.stoppedAtSeconds} s, no figure`);
      return;
    }
    if (timing !== null && timing.exitCode !== 0) notes.push(`${who} exited ${timing.exitCode ?? 'by a signal'}: ${timing.stderrTail.split('\n').filter((line) => line.trim() !== '').slice(-1)[0] ?? 'no message'}`);
  };
  failure(ref, comparison.previous);
  failure('the current checkout', comparison.current);
  const previous = succeeded(comparison.previous) ? comparison.previous : null;
  const current = succeeded(comparison.current) ? comparison.current : null;
  if ((previous !== null || current !== null) && (previous?.cpuSeconds ?? current?.cpuSeconds ?? null) === null) notes.push('CPU seconds not readable here (no /proc/self/stat): wall seconds only');
  return {
    previousRef: ref,
    previousSeconds: previous?.wallSeconds ?? null,
    previousCpuSeconds: previous?.cpuSeconds ?? null,
    currentCommandSeconds: current?.wallSeconds ?? null,
    currentCommandCpuSeconds: current?.cpuSeconds ?? null,
    ratioToPrevious: ratioOf(current?.wallSeconds, previous?.wallSeconds),
    cpuRatioToPrevious: ratioOf(current?.cpuSeconds, previous?.cpuSeconds),
    previousNote: [`\`${commandWords}\``, ...notes].join('; '),
  };
}

/**
 * User + system seconds of this process's waited-for children, from /proc/self/stat (cutime and
 * cstime, fields 16 and 17, in clock ticks), or null off Linux. Node reaps a child with waitpid, so
 * the difference across one child's run is that child's CPU with every descendant it waited for;
 * `process.resourceUsage()` covers this process only. The bench runs one child at a time.
 */
export function childrenCpuSeconds(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[13]) + Number(fields[14]);
    return Number.isFinite(ticks) ? ticks / clockTicksPerSecond() : null;
  } catch {
    return null;
  }
}

let cachedClockTicks: number | null = null;
/** Clock ticks per second (`getconf CLK_TCK`, 100 on Linux almost everywhere). */
function clockTicksPerSecond(): number {
  if (cachedClockTicks === null) {
    const answer = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    const ticks = Number(answer.stdout?.trim());
    cachedClockTicks = answer.status === 0 && ticks > 0 ? ticks : 100;
  }
  return cachedClockTicks;
}

/** The child process running now, so an interrupt can stop it before removing the worktree. */
let runningChild: ChildProcess | null = null;

/** Run `node bin/infraplan.js <argv>` in `checkoutFolder` and time it (wall and CPU of the process tree); stdout is discarded. */
export function timeCli(checkoutFolder: string, argv: readonly string[], workingFolder: string, capSeconds: number = CLI_CASE_CAP_SECONDS): Promise<ProcessTiming> {
  const cpuBefore = childrenCpuSeconds();
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(checkoutFolder, 'bin', 'infraplan.js'), ...argv], { cwd: workingFolder, stdio: ['ignore', 'ignore', 'pipe'] });
    runningChild = child;
    let stopped = false;
    const cap = setTimeout(() => {
      stopped = true;
      child.kill('SIGINT');
    }, capSeconds * 1000);
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const finish = (exitCode: number | null): void => {
      clearTimeout(cap);
      runningChild = null;
      const wallSeconds = (performance.now() - started) / 1000;
      const cpuAfter = childrenCpuSeconds();
      resolve({ wallSeconds, cpuSeconds: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore, exitCode, stderrTail: stderr, ...(stopped ? { stoppedAtSeconds: capSeconds } : {}) });
    };
    child.on('error', (error) => {
      stderr += `\n${error.message}`;
      finish(null);
    });
    child.on('close', (code) => finish(code));
  });
}

/** Read a release's help for each command once. */
export function readCommandHelp(checkoutFolder: string, command: string): CommandHelp {
  const answer = spawnSync(process.execPath, [path.join(checkoutFolder, 'bin', 'infraplan.js'), command, '--help'], { cwd: checkoutFolder, encoding: 'utf8', timeout: 60_000 });
  const text = `${answer.stdout ?? ''}`;
  if (answer.status !== 0 || !isHelpOfCommand(text, command)) return { command, optionNames: null };
  return { command, optionNames: optionNamesOfHelp(text) };
}

/** A checked-out, built previous release; `remove` takes the worktree away again (safe to call twice). */
export interface ReleaseCheckout {
  readonly ref: string;
  /** The commit the ref named. */
  readonly commit: string;
  readonly folder: string;
  /** How node_modules was provided (`copied`, or `npm ci` because the lockfiles differ). */
  readonly nodeModules: 'copied' | 'npm ci';
  remove(): void;
}

/** Clean-ups (worktrees, scratch folders) to run when the bench is interrupted. */
const openCleanups = new Set<() => void>();
const INTERRUPT_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** On SIGINT or SIGTERM while a worktree is open: stop the running child, remove the worktrees and scratch folders, exit 130 / 143. */
function onInterrupt(signal: keyof typeof INTERRUPT_EXIT_CODES): void {
  runningChild?.kill('SIGTERM');
  for (const cleanUp of [...openCleanups]) cleanUp();
  process.stderr.write(`[bench] ${signal}: previous-release worktree removed\n`);
  process.exit(INTERRUPT_EXIT_CODES[signal]);
}

/**
 * Track a clean-up to run on an interrupt (`open`), or forget it once done. The signal handlers are
 * there only while one is pending, so that outside that window (and in a test process) a signal
 * does what it always does.
 */
function trackCleanup(cleanUp: () => void, open: boolean): void {
  const hadAny = openCleanups.size > 0;
  if (open) openCleanups.add(cleanUp);
  else openCleanups.delete(cleanUp);
  if (!hadAny && openCleanups.size > 0) for (const signal of Object.keys(INTERRUPT_EXIT_CODES) as (keyof typeof INTERRUPT_EXIT_CODES)[]) process.on(signal, onInterrupt);
  if (hadAny && openCleanups.size === 0) for (const signal of Object.keys(INTERRUPT_EXIT_CODES) as (keyof typeof INTERRUPT_EXIT_CODES)[]) process.off(signal, onInterrupt);
}

/** Run a command in `folder`, throwing with its stderr when it fails. */
function runOrThrow(command: string, args: readonly string[], folder: string, what: string): string {
  const answer = spawnSync(command, [...args], { cwd: folder, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (answer.status !== 0) throw new Error(`${what} failed (${command} ${args.join(' ')}): ${(answer.stderr || answer.stdout || answer.error?.message || '').trim().split('\n').slice(-3).join(' / ')}`);
  return answer.stdout;
}

/**
 * Check out `ref` of the repository at `repoFolder` into a temporary detached worktree, give it
 * node_modules (a copy of the current one when the lockfiles are equal, else `npm ci`) and build it
 * with the TypeScript it has (`node node_modules/typescript/bin/tsc -p tsconfig.json`, what
 * `npx tsc` runs). The worktree is removed by `remove()`, on an error here, and on SIGINT/SIGTERM.
 */
export function checkOutRelease(repoFolder: string, ref: string, progress: (message: string) => void): ReleaseCheckout {
  const commit = runOrThrow('git', ['-C', repoFolder, 'rev-parse', '--verify', `${ref}^{commit}`], repoFolder, `finding ${ref}`).trim();
  const folder = mkdtempSync(path.join(tmpdir(), 'infraplan-previous-'));
  let removed = false;
  const remove = (): void => {
    if (removed) return;
    removed = true;
    trackCleanup(remove, false);
    // --force: the copied node_modules and dist are untracked files git would otherwise keep.
    spawnSync('git', ['-C', repoFolder, 'worktree', 'remove', '--force', folder], { stdio: 'ignore' });
    rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
    spawnSync('git', ['-C', repoFolder, 'worktree', 'prune'], { stdio: 'ignore' });
  };
  trackCleanup(remove, true);
  try {
    progress(`previous release ${ref} (${commit.slice(0, 7)}): git worktree add --detach ${folder}`);
    // mkdtemp made the folder empty; git accepts an empty folder as the new worktree.
    runOrThrow('git', ['-C', repoFolder, 'worktree', 'add', '--detach', folder, commit], repoFolder, 'git worktree add');
    const lockOf = (root: string): string | null => (existsSync(path.join(root, 'package-lock.json')) ? readFileSync(path.join(root, 'package-lock.json'), 'utf8') : null);
    const currentLock = lockOf(repoFolder);
    const sameLock = currentLock !== null && currentLock === lockOf(folder) && existsSync(path.join(repoFolder, 'node_modules'));
    if (sameLock) {
      progress('  same package-lock.json: copying node_modules (cp -a)');
      const copy = spawnSync('cp', ['-a', path.join(repoFolder, 'node_modules'), path.join(folder, 'node_modules')], { stdio: 'ignore' });
      if (copy.status !== 0) cpSync(path.join(repoFolder, 'node_modules'), path.join(folder, 'node_modules'), { recursive: true, verbatimSymlinks: true });
    } else {
      progress('  package-lock.json differs: npm ci --no-audit --no-fund (a few minutes)');
      runOrThrow('npm', ['ci', '--no-audit', '--no-fund'], folder, `npm ci in the ${ref} worktree`);
    }
    progress('  building: tsc -p tsconfig.json');
    buildCheckout(folder, `building ${ref}`);
    return { ref, commit, folder, nodeModules: sameLock ? 'copied' : 'npm ci', remove };
  } catch (error) {
    remove();
    throw error;
  }
}

/** Build a checkout with its own TypeScript (`npx tsc -p tsconfig.json` without npx's network look-up). */
export function buildCheckout(folder: string, what: string): void {
  const tsc = path.join(folder, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc)) throw new Error(`${what}: ${tsc} not found`);
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: folder, stdio: 'pipe' });
  } catch (error) {
    // tsc emits even with type errors; only a missing build is fatal.
    if (!existsSync(path.join(folder, 'dist'))) throw new Error(`${what}: tsc produced no dist/: ${error instanceof Error ? error.message.split('\n').slice(0, 3).join(' / ') : String(error)}`);
  }
}

/** A case to run on both releases: the call, and optional untimed preparation per release. */
export interface ComparedCase {
  readonly id: string;
  /** The call for a release, built after its preparation (e.g. with that release's own run folder). */
  readonly call: (release: ReleaseSide) => CliCall | Promise<CliCall>;
}

/** One side of a comparison: the previous release or the current checkout. */
export interface ReleaseSide {
  readonly label: 'previous' | 'current';
  readonly folder: string;
  /** Scratch folder of this release's output (run folders, stress and sweep folders). */
  readonly scratchFolder: string;
}

/**
 * Run each case on the previous release and then on the current checkout, case by case (previous,
 * current, next case…), so a change in the machine's load falls on both alike. Each command's
 * `--help` is read once per release and unknown options are dropped or make the case not comparable.
 */
export async function compareReleases(cases: readonly ComparedCase[], previous: ReleaseSide, current: ReleaseSide, progress: (message: string) => void): Promise<Map<string, { comparison: ReleaseComparison; call: CliCall }>> {
  const helpCache = new Map<string, CommandHelp>();
  const helpOf = (side: ReleaseSide, command: string): CommandHelp => {
    const key = `${side.label}|${command}`;
    if (!helpCache.has(key)) helpCache.set(key, readCommandHelp(side.folder, command));
    return helpCache.get(key) as CommandHelp;
  };
  const results = new Map<string, { comparison: ReleaseComparison; call: CliCall }>();
  for (const compared of cases) {
    const notes: string[] = [];
    const timings: Record<'previous' | 'current', ProcessTiming | null> = { previous: null, current: null };
    let currentCall: CliCall | null = null;
    for (const side of [previous, current]) {
      const who = side.label === 'previous' ? 'the previous release' : 'the current checkout';
      let call: CliCall;
      try {
        call = await compared.call(side);
      } catch (error) {
        // A case whose input could not be prepared is reported, not a crash of the whole bench.
        notes.push(`not run on ${who}: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      if (side.label === 'current') currentCall = call;
      const fitted = fitCallToHelp(call, helpOf(side, call.command));
      if (!fitted.comparable) {
        notes.push(`not comparable: ${who}: ${fitted.reason}`);
        progress(`${compared.id} on ${side.label}: not comparable (${fitted.reason})`);
        continue;
      }
      if (fitted.dropped.length > 0) notes.push(`${who} does not know ${fitted.dropped.join(', ')}: dropped`);
      progress(`${compared.id} on ${side.label}: infraplan ${fitted.argv.map((word) => (word.includes(path.sep) ? path.basename(word) : word)).join(' ')}`);
      const timing = await timeCli(side.folder, fitted.argv, side.scratchFolder);
      progress(`  ${timing.wallSeconds.toFixed(1)} s wall, ${timing.cpuSeconds === null ? '?' : timing.cpuSeconds.toFixed(1)} CPU s, exit ${timing.exitCode}${timing.stoppedAtSeconds === undefined ? '' : ` (stopped at the ${timing.stoppedAtSeconds} s cap)`}`);
      timings[side.label] = timing;
    }
    results.set(compared.id, { comparison: { previous: timings.previous, current: timings.current, notes }, call: currentCall ?? { command: '?', positionals: [], options: [] } });
  }
  return results;
}

/** Which previous release a bench run measured, for results.json and results.md. */
export interface PreviousReleaseSummary {
  /** The ref measured, or null when none was (then `reason` says why and the issue's figures stand alone). */
  readonly ref: string | null;
  /** The commit the ref named. */
  readonly commit: string | null;
  /** Why this ref, or why none. */
  readonly reason: string;
  /** How the worktree got node_modules. */
  readonly nodeModules: ReleaseCheckout['nodeModules'] | null;
  /** How CPU seconds of a process tree were read. */
  readonly cpuMethod: string;
}

/** The words for how CPU seconds are read here. */
export function cpuMethodWords(): string {
  return childrenCpuSeconds() === null ? 'not readable here: wall seconds only' : "cutime + cstime of /proc/self/stat across the child's run";
}

/** What `runAgainstPreviousRelease` returns: the summary for the results, and each case's comparison. */
export interface PreviousReleaseRun {
  readonly summary: PreviousReleaseSummary;
  readonly comparisons: ReadonlyMap<string, { readonly comparison: ReleaseComparison; readonly call: CliCall }>;
}

/**
 * Check out and build the chosen previous release, build the current checkout, run the cases on
 * both alternately, and remove the worktree and the scratch folders at the end (also on an error).
 * When there is no ref, or the release cannot be checked out or built, no case runs and the
 * summary says why (the bench then keeps the issue's figures as the only comparison).
 */
export async function runAgainstPreviousRelease(options: {
  /** The current checkout (a git work tree with node_modules). */
  readonly repoFolder: string;
  readonly choice: PreviousChoice;
  /** The cases; `scratchFolder` is shared by both releases (inputs such as a changed model). */
  readonly cases: (scratchFolder: string) => readonly ComparedCase[];
  readonly progress: (message: string) => void;
}): Promise<PreviousReleaseRun> {
  const { repoFolder, choice, progress } = options;
  const cpuMethod = cpuMethodWords();
  if (choice.ref === null) return { summary: { ref: null, commit: null, reason: choice.reason, nodeModules: null, cpuMethod }, comparisons: new Map() };
  let checkout: ReleaseCheckout;
  try {
    checkout = checkOutRelease(repoFolder, choice.ref, progress);
  } catch (error) {
    const reason = `${choice.ref} could not be checked out and built (${error instanceof Error ? error.message : String(error)}); ${FALLBACK_WORDS}`;
    progress(reason);
    return { summary: { ref: null, commit: null, reason, nodeModules: null, cpuMethod }, comparisons: new Map() };
  }
  const scratchFolders = ['shared', 'previous', 'current'].map((label) => mkdtempSync(path.join(tmpdir(), `infraplan-compare-${label}-`)));
  const removeScratch = (): void => {
    for (const folder of scratchFolders) rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
  };
  trackCleanup(removeScratch, true);
  try {
    progress('current checkout: building (tsc -p tsconfig.json), so the command line runs this code');
    buildCheckout(repoFolder, 'building the current checkout');
    const [shared, previousScratch, currentScratch] = scratchFolders;
    const comparisons = await compareReleases(
      options.cases(shared),
      { label: 'previous', folder: checkout.folder, scratchFolder: previousScratch },
      { label: 'current', folder: repoFolder, scratchFolder: currentScratch },
      progress,
    );
    return { summary: { ref: choice.ref, commit: checkout.commit, reason: choice.reason, nodeModules: checkout.nodeModules, cpuMethod }, comparisons };
  } finally {
    checkout.remove();
    removeScratch();
    trackCleanup(removeScratch, false);
    progress(`previous release ${choice.ref}: worktree removed`);
  }
}
