/**
 * The working-speed targets of issue 14, measured on the default model (models/western-cape) at
 * its own settings, each written as a ratio to its target, to the previous release measured in
 * the same run, and to the figure the issue quoted before the change (the "issue's before"
 * column). The in-process figures (`measured`) come from this file; the previous release is
 * compared through the command line, both releases alternately (bench/release-compare.ts,
 * bench/issue14-cli-cases.ts), and its columns are filled in by bench/run-bench.ts. Without a
 * previous release (no `v*` tag, `--previous none`, `--no-previous`, not a git checkout) the
 * issue's figures are the only comparison, and the results say so. Native HiGHS is timed on the
 * exported program when a `highs` executable is on the PATH.
 *
 * Cases (ids for `--only`): issue14-run, issue14-stability, issue14-explain-project,
 * issue14-explain-top10, issue14-stress-100, issue14-sweep-9. The last four take many minutes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { explainFromArguments } from '../src/cli/explain.js';
import type { Explanation } from '../src/analysis/explain-deferral.js';
import { compiledWorkerScript } from '../src/analysis/solve-pool.js';
import { runModel } from '../src/pipeline/run-model.js';
import { runStress, STRESS_WHEN_BROKEN, STRESS_GUIDED_START } from '../src/analysis/run-stress.js';
import { largestGapWords } from '../src/cli/stress.js';
import { runSweep } from '../src/analysis/run-sweep.js';
import { parseBudgetRange } from '../src/analysis/budget-range.js';
import type { BaselineDecisions, Dataset, Project } from '../src/dataset/types.js';
import { buildRunProgram, datasetRun, planRun } from '../src/pipeline/plan-run.js';
import type { PortfolioPlan } from '../src/plan/types.js';
import { writeLpText } from '../src/solve/lp-format.js';
import { defaultStartForm, toStartForm } from '../src/program/cumulative-starts.js';
import type { PreviousColumns, PreviousReleaseSummary } from './release-compare.js';

/** One measured target; the previous-release columns are absent in results written before they existed. */
export interface WorkingSpeedResult extends Partial<PreviousColumns> {
  /** Case id. */
  readonly id: string;
  /** The target in words. */
  readonly target: string;
  /** Seconds measured (or the share, for the stability case), null when not run. */
  readonly measured: number | null;
  /** The target's limit in the same unit. */
  readonly limit: number;
  /** measured / limit (≤ 1 meets the target). */
  readonly ratioToTarget: number | null;
  /** The issue's figure before the change ("issue's before"), same unit, or null when it gave none. */
  readonly before: number | null;
  /** measured / before (< 1 is faster than the issue's figure). */
  readonly ratioToBefore: number | null;
  /** Native HiGHS seconds on the same program, when installed and meaningful. */
  readonly nativeHighsSeconds: number | null;
  /** What else to know. */
  readonly note: string;
}

/** The cases, in order. */
export const WORKING_SPEED_CASES = ['issue14-run', 'issue14-stability', 'issue14-explain-project', 'issue14-explain-top10', 'issue14-stress-100', 'issue14-sweep-9'] as const;

/** Seconds of an async call. */
async function timed<Result>(call: () => Promise<Result>): Promise<{ result: Result; seconds: number }> {
  const started = performance.now();
  const result = await call();
  return { result, seconds: (performance.now() - started) / 1000 };
}

/** Like timed, with the CPU seconds of this process (every thread) over the call. */
async function timedCpuSeconds<Result>(call: () => Promise<Result>): Promise<{ result: Result; seconds: number; cpuSeconds: number }> {
  const cpuBefore = process.cpuUsage();
  const { result, seconds } = await timed(call);
  const cpu = process.cpuUsage(cpuBefore);
  return { result, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/**
 * Like timed, with the process's CPU seconds (every thread: the solve pool's workers and HiGHS's
 * are threads of this process) and the load average before and after, for the explain cases: on a
 * loaded machine the wall time says little (issue 14, 2026-12-01: load 12-20 on 2 cores).
 */
async function timedWithCpu<Result>(call: () => Promise<Result>): Promise<{ result: Result; seconds: number; cpuWords: string }> {
  const cpuBefore = process.cpuUsage();
  const loadBefore = os.loadavg()[0];
  const { result, seconds } = await timed(call);
  const cpu = process.cpuUsage(cpuBefore);
  return { result, seconds, cpuWords: `${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU s, load ${loadBefore.toFixed(1)}–${os.loadavg()[0].toFixed(1)}` };
}

/** A result row. */
function row(id: string, target: string, measured: number | null, limit: number, before: number | null, nativeHighsSeconds: number | null, note: string): WorkingSpeedResult {
  return {
    id,
    target,
    measured,
    limit,
    ratioToTarget: measured === null ? null : measured / limit,
    before,
    ratioToBefore: measured === null || before === null ? null : measured / before,
    nativeHighsSeconds,
    note,
  };
}

/** Native HiGHS seconds on the program's LP text at the gap, or null when no `highs` executable is on the PATH. */
function nativeHighsSeconds(dataset: Dataset, relativeGap: number): number | null {
  if (spawnSync('highs', ['--version'], { stdio: 'ignore' }).status !== 0) return null;
  const folder = mkdtempSync(path.join(tmpdir(), 'infraplan-native-'));
  const lpPath = path.join(folder, 'model.lp');
  // The same start form the WebAssembly route hands HiGHS at this gap (cumulative below 1%,
  // src/program/cumulative-starts.ts), so the two columns time the same program.
  const program = buildRunProgram(datasetRun(dataset)).program;
  writeFileSync(lpPath, writeLpText(toStartForm(program, defaultStartForm(relativeGap)).program));
  const optionsPath = path.join(folder, 'options.txt');
  writeFileSync(optionsPath, `mip_rel_gap = ${relativeGap}\nthreads = 1\n`);
  const started = performance.now();
  execFileSync('highs', ['--options_file', optionsPath, lpPath], { stdio: 'ignore' });
  return (performance.now() - started) / 1000;
}

/** A project that costs R400 million and serves nobody: no plan funds it. */
function unfundableProject(template: Project): Project {
  return { ...template, id: `${template.id}-BENCH`, description: 'bench: added low-benefit pipeline', prerequisiteIds: [], exclusiveGroup: null, householdsServed: 0, capacityAddedMlPerDay: 0.05, capexRand: 400_000_000, cashFlowRandByBuildYear: [160_000_000, 240_000_000], status: 'candidate', benefitOverride: null };
}

/** The decisions of a plan as a baseline. */
function baselineOf(plan: PortfolioPlan): BaselineDecisions {
  return { source: 'bench', modelName: plan.modelName, startYearByProjectId: Object.fromEntries(plan.projects.map((project) => [project.id, project.funded ? project.startYear : null])) };
}

/** One answer's outcome for the bench's console, so an unverified one can be read for why. */
function answerWords(explanation: Explanation): string {
  const check = explanation.verification;
  const outcome = check
    ? `${check.verified ? 'verified' : 'NOT verified'} (${check.status}, funds it: ${check.projectFunded}, gap ${check.gap ?? '?'}, benefit ${check.objectiveBefore ?? '?'} -> ${check.objectiveAfter ?? '?'}; ${check.howSolved ?? ''})`
    : 'no change';
  return `${explanation.projectId}: ${outcome}; ${explanation.solveCount} ${explanation.solveCount === 1 ? 're-solve' : 're-solves'}; ${explanation.summary}`;
}

/** Run the cases asked for on the default model (`modelPath`); `progress` gets a line per case. */
export async function runWorkingSpeedCases(dataset: Dataset, modelPath: string, wanted: (id: string) => boolean, progress: (message: string) => void): Promise<WorkingSpeedResult[]> {
  const relativeGap = 0.001;
  const options = { relativeGap, marginalValues: false } as const;
  const results: WorkingSpeedResult[] = [];
  let firstPlan: PortfolioPlan | null = null;
  const first = async (): Promise<{ plan: PortfolioPlan; seconds: number }> => {
    const { result, seconds } = await timed(() => planRun(datasetRun(dataset), { ...options, formulation: 'portfolio' }));
    firstPlan = result.plan;
    return { plan: result.plan, seconds };
  };
  if (wanted('issue14-run') || wanted('issue14-stability')) {
    progress('issue14-run: the default model at the 0.1% gap');
    const { seconds } = await first();
    results.push(row('issue14-run', 'default run at the 0.1% gap ≤ 8 s on 2 cores', seconds, 8, 24, nativeHighsSeconds(dataset, relativeGap), 'before: the issue\'s 24 s; native HiGHS when a `highs` executable is on the PATH'));
  }
  if (wanted('issue14-stability') && firstPlan !== null) {
    // What the stability step adds to a run: the same model (one unfundable project added) planned
    // with and without the baseline, in CPU seconds of this process (every thread), so the share
    // is (with − without) / without and the machine's load cancels out as far as it can.
    progress('issue14-stability: one unfunded project added, planned without and then with the first plan as baseline');
    const template = dataset.projects[0];
    const added: Dataset = { ...dataset, projects: [...dataset.projects, unfundableProject(template)] };
    const without = await timedCpuSeconds(() => planRun(datasetRun(added), { ...options, formulation: 'portfolio' }));
    const withBaseline = await timedCpuSeconds(() => planRun(datasetRun(added), { ...options, formulation: 'portfolio', baseline: baselineOf(firstPlan as PortfolioPlan) }));
    const changes = withBaseline.result.plan.kind === 'portfolio' ? withBaseline.result.plan.baselineChanges : undefined;
    const share = (withBaseline.cpuSeconds - without.cpuSeconds) / Math.max(1e-9, without.cpuSeconds);
    const stepShare = changes ? changes.seconds / Math.max(1e-9, withBaseline.result.plan.seconds) : null;
    const counts = changes ? `${changes.method}: ${changes.fundingChanges} funding and ${changes.startYearChanges} start-year changes (the issue saw 41 projects move without a baseline)` : 'no baseline changes reported';
    results.push(row('issue14-stability', 'the stability step adds ≤ 30% to a run', share, 0.3, null, null, `${counts}; CPU s without baseline ${without.cpuSeconds.toFixed(1)}, with ${withBaseline.cpuSeconds.toFixed(1)} (wall ${without.seconds.toFixed(1)} s, ${withBaseline.seconds.toFixed(1)} s); the plan's own stability-step seconds are ${stepShare === null ? '?' : `${(100 * stepShare).toFixed(0)}%`} of its run`));
  }
  // explain answers questions about a plan already made: the bench makes the run folder first (not
  // timed, it is the `run` case) and explains it with --baseline, as an analyst would (issue 14 item 1).
  let explained: { folder: string | null; plan: PortfolioPlan } | null = null;
  const explainRun = async (): Promise<{ folder: string | null; plan: PortfolioPlan }> => {
    if (explained !== null) return explained;
    progress('issue14 explain: the run folder explain starts from (not timed)');
    const outDir = mkdtempSync(path.join(tmpdir(), 'infraplan-bench-run-'));
    const ran = await runModel({ model: modelPath, outDir });
    explained = { folder: ran.runFolder, plan: ran.plan as PortfolioPlan };
    return explained;
  };
  const workerScript = compiledWorkerScript();
  const pool = { workers: 2, ...(workerScript !== null ? { workerScript } : {}) };
  const poolNote = workerScript === null ? 'solved in-process (no compiled dist/: run npx tsc first for the 2 worker threads)' : '2 worker threads';
  const silent = { isTTY: false, write: () => true };
  if (wanted('issue14-explain-project')) {
    const { folder, plan: planned } = await explainRun();
    const deferred = planned.projects.find((project) => project.id === 'WC011-S-01' && !project.funded) ?? planned.projects.find((project) => !project.funded && project.deferralReason === 'budget');
    progress(`issue14-explain-project: explain --baseline <run> --project ${deferred?.id ?? '(none deferred)'}`);
    const { result, seconds, cpuWords } = deferred && folder ? await timedWithCpu(() => explainFromArguments({ model: modelPath, baseline: folder, project: [deferred.id], workers: 2 }, silent, pool)) : { result: null, seconds: null, cpuWords: 'not run' };
    const answer = result?.explanations[0];
    if (answer) progress(`  ${answerWords(answer)}`);
    results.push(row('issue14-explain-project', 'explain --project <id> ≤ 30 s', seconds, 30, 300, null, `project ${deferred?.id ?? 'none'}, plan from the run folder (${result?.planHowSolved?.method ?? 'solved'}); ${answer ? `${answer.solveCount} ${answer.solveCount === 1 ? 're-solve' : 're-solves'}, ${answer.verification?.verified ? 'verified' : 'not verified'}` : 'no answer'}; ${cpuWords}; ${poolNote}; before: the issue saw nothing printed in 5 minutes (300 s is a lower bound)`));
  }
  if (wanted('issue14-explain-top10')) {
    const { folder } = await explainRun();
    progress('issue14-explain-top10: explain --baseline <run> --top 10');
    const { result, seconds, cpuWords } = folder ? await timedWithCpu(() => explainFromArguments({ model: modelPath, baseline: folder, top: 10, workers: 2 }, silent, pool)) : { result: null, seconds: null, cpuWords: 'not run' };
    // Each answer's outcome on the bench's console, so an unverified one can be read for why.
    for (const explanation of result?.explanations ?? []) progress(`  ${answerWords(explanation)}`);
    const verified = result?.explanations.filter((explanation) => explanation.verification?.verified).length ?? 0;
    const solves = result?.explanations.reduce((sum, explanation) => sum + explanation.solveCount, 0) ?? 0;
    results.push(row('issue14-explain-top10', 'explain --top 10 ≤ 3 min', seconds, 180, null, null, `plan from the run folder; ${result?.explanations.length ?? 0} answers, ${verified} verified, ${solves} ${solves === 1 ? 're-solve' : 're-solves'}; ${cpuWords}; ${poolNote}; the issue gave no figure before`));
  }
  if (wanted('issue14-stress-100')) {
    progress('issue14-stress-100: stress --draws 100 (long)');
    const { result, seconds, cpuWords } = await timedWithCpu(() => runStress({ modelPath, draws: 100, seed: 1 }, { skipFiles: true, ...pool }));
    const draws = result.solving?.draws ?? [];
    const methods = [...new Set(draws.map((draw) => draw.method))].map((method) => `${draws.filter((draw) => draw.method === method).length} ${method}`).join(', ');
    const stalled = draws.filter((draw) => draw.status === 'feasible' && draw.stoppedByStagnation === true).length;
    const boxed = draws.filter((draw) => draw.status === 'feasible').length - stalled;
    // Over the draws with a plan only: a draw without one has no gap (the console's wording, src/cli/stress.ts).
    const gapWords = result.solving ? largestGapWords(result.solving) : 'no solving record';
    results.push(row('issue14-stress-100', 'stress --draws 100 ≤ 3 min', seconds, 180, 11.5 * 60 * 5, null, `gap ${result.solving?.relativeGap ?? '?'} (stress default), ${boxed} draw(s) stopped by the ${result.solving?.drawTimeLimitSeconds ?? '?'} s box and ${stalled} as their gap had stalled, ${gapWords}; a draw the plan without overruns no longer fits: ${STRESS_WHEN_BROKEN === 'cold' && STRESS_GUIDED_START ? 'a MILP from the guided start' : `${STRESS_WHEN_BROKEN} MILP`} (${methods}); ${cpuWords}; ${poolNote}; before: the issue's 11.5 min for 20 draws, ×5 for 100`));
  }
  if (wanted('issue14-sweep-9')) {
    progress('issue14-sweep-9: sweep of 9 budget levels');
    const { result, seconds } = await timed(() => runSweep({ modelPath, budgetFactors: parseBudgetRange('0.6:1.4:9') }, { skipFiles: true, ...pool }));
    const largest = Math.max(0, ...result.frontier.points.map((point) => point.gap ?? 0));
    results.push(row('issue14-sweep-9', 'sweep of 9 points ≤ 60 s', seconds, 60, (2.6 * 60 * 9) / 5, null, `gap ${result.requestedRelativeGap ?? '?'} (sweep default), largest proven gap ${(largest * 100).toFixed(2)}%; ${poolNote}; before: the issue's 2.6 min for 5 points, ×9/5`));
  }
  return results;
}

/** A figure with its CPU seconds in brackets: `30.12 (55.0 CPU)`. */
function secondsWithCpu(seconds: number | null | undefined, cpuSeconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '–';
  return `${seconds.toFixed(2)}${cpuSeconds === null || cpuSeconds === undefined ? '' : ` (${cpuSeconds.toFixed(1)} CPU)`}`;
}

/** The sentence above the table: which previous release this run measured, or why none. */
function previousReleaseWords(previous: PreviousReleaseSummary | undefined): string {
  if (previous === undefined) return 'No previous release was measured (these results predate the comparison).';
  if (previous.ref === null) return `No previous release was measured: ${previous.reason}.`;
  return (
    `Previous release: \`${previous.ref}\` (${previous.commit?.slice(0, 7) ?? '?'}, ${previous.reason}; node_modules ${previous.nodeModules ?? '?'}), measured in this run. ` +
    'Each case ran as a command-line process (`node bin/infraplan.js …`, the command in the note) on the previous release and then on the current checkout, case by case, with the same model; ' +
    `seconds are wall seconds of the process, CPU the user + system seconds of its process tree (${previous.cpuMethod}). **ratio to previous** is current / previous (< 1: faster now), wall (CPU in brackets).`
  );
}

/** The markdown section of the results (pure): the previous release in words, then one row per case. */
export function workingSpeedMarkdown(results: readonly WorkingSpeedResult[], previous?: PreviousReleaseSummary): string[] {
  if (results.length === 0) return [];
  const number = (value: number | null | undefined, digits = 2): string => (value === null || value === undefined ? '–' : value.toFixed(digits));
  const ratios = (result: WorkingSpeedResult): string => (result.ratioToPrevious === null || result.ratioToPrevious === undefined ? '–' : `${number(result.ratioToPrevious)}${result.cpuRatioToPrevious === null || result.cpuRatioToPrevious === undefined ? '' : ` (${number(result.cpuRatioToPrevious)})`}`);
  const note = (result: WorkingSpeedResult): string => [result.note, result.previousNote === undefined ? null : `previous release: ${result.previousNote}`].filter((part) => part !== null && part !== '').join('; ');
  return [
    '## Working-speed targets (issue 14)',
    '',
    previousReleaseWords(previous),
    "**measured** is the in-process figure (seconds, or the share for the stability case) judged against the target; **issue's before** is the figure the issue quoted before the change (scaled to the target's size), not a measurement of this run.",
    '',
    "| case | target | measured | ratio to target | met | previous release s | current command s | ratio to previous | issue's before | ratio to issue's before | native HiGHS s | note |",
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.map(
      (result) =>
        `| ${result.id} | ${result.target} | ${number(result.measured)} | ${number(result.ratioToTarget)} | ${result.ratioToTarget === null ? '–' : result.ratioToTarget <= 1 ? 'yes' : 'NO'} | ${result.previousRef ? `${result.previousRef}: ` : ''}${secondsWithCpu(result.previousSeconds, result.previousCpuSeconds)} | ${secondsWithCpu(result.currentCommandSeconds, result.currentCommandCpuSeconds)} | ${ratios(result)} | ${number(result.before, 1)} | ${number(result.ratioToBefore)} | ${number(result.nativeHighsSeconds)} | ${note(result)} |`,
    ),
    '',
  ];
}
