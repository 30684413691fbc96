/**
 * compare prints one line as each scenario's solve ends (issue 15): its money, projects and
 * households, the difference in households against the first scenario, and how close the plan is
 * to the best; a scenario without a plan, or whose solve failed, says so. The numbers are checked
 * against compare.json, so a line that drifted from the comparison fails here.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioComparison } from '../../src/analysis/comparison.js';
import type { CompareResult } from '../../src/analysis/run-compare.js';
import { compiledWorkerScript, solveJobs, type JobDoneEvent } from '../../src/analysis/solve-pool.js';
import type { SolveJob } from '../../src/analysis/solve-job.js';
import { compareFromArguments, formatComparison, scenarioDoneLine } from '../../src/cli/compare.js';
import { formatRandMillion } from '../../src/dataset/money-text.js';
import { loadModel } from '../../src/dataset/load-model.js';
import { temporaryFolder, TINY_MODEL, writeScenarios } from './helpers.js';

const THUSONG_MODEL = path.join(import.meta.dirname, '..', 'fixtures', 'thusong');

/** A stream that is not a terminal, recording what is written. */
function recordingStream(isTTY = false): { isTTY: boolean; written: string[]; write: (text: string) => boolean } {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) > 0 };
}

/** Numbers as the lines print them. */
const count = (value: number): string => Math.round(value).toLocaleString('en-US');

describe('compare: a line as each scenario finishes', () => {
  let result: CompareResult;
  let fromJson: ScenarioComparison;
  let written: string[];
  let paths: Record<string, string>;

  beforeAll(async () => {
    paths = await writeScenarios({
      keep: 'name: keep\n',
      drop: 'name: drop\nexcluded: [WC022-S-01]\n',
      // A tenth of the money cannot pay for what the rules require: no plan.
      tenth: 'name: tenth\nbudget_scale: 0.1\n',
    });
    const stream = recordingStream();
    result = await compareFromArguments(
      { model: TINY_MODEL, scenarios: [paths.keep, paths.drop, paths.tenth], workers: 1, out: await temporaryFolder() } as Parameters<typeof compareFromArguments>[0],
      stream,
    );
    written = stream.written;
    fromJson = JSON.parse(await readFile(path.join(result.folder!, 'comparison.json'), 'utf8')) as ScenarioComparison;
  });

  it('writes one whole line per scenario, in the order they finish, with the count finished', () => {
    // Not a terminal: lasting lines only, no progress codes.
    expect(written.every((text) => text.endsWith('\n') && !text.includes('\u001b'))).toBe(true);
    expect(written).toHaveLength(3);
    expect(written.map((text) => /^scenario (\S+) /.exec(text)?.[1])).toEqual(['keep', 'drop', 'tenth']);
    written.forEach((text, index) => expect(text).toMatch(new RegExp(`^scenario \\S+ done \\(${index + 1} of 3, \\d+ s\\): `)));
  });

  it('states money in rand, projects and households as compare.json has them, and households against the first scenario', () => {
    const [keep, drop] = fromJson.scenarios;
    expect(keep.status).toBe('optimal');
    expect(drop.householdsServed).toBeLessThan(keep.householdsServed);
    for (const [index, figures] of [keep, drop].entries()) {
      const line = written[index];
      expect(line).toContain(`${formatRandMillion(figures.capitalSpendingRand)} capital planned of ${formatRandMillion(figures.capitalEnvelopeRand)}`);
      expect(line).toContain(`, ${figures.projectsFunded} projects funded, `);
      expect(line).toContain(`${count(figures.householdsServed)} households served`);
      expect(line).toContain(`benefit ${count(figures.benefitTotal)} points`);
    }
    // Last, how close each plan is proven to the best, from its status and gap.
    for (const [index, figures] of [keep, drop].entries()) {
      const closeness = figures.gap === null || figures.gap <= 0 ? 'proven the best possible' : `proven within ${(figures.gap * 100).toFixed(2)}% of the best possible`;
      expect(written[index].endsWith(`points, ${closeness}\n`), written[index]).toBe(true);
    }
    // A plan the solver did not prove within the gap asked says so.
    const event: JobDoneEvent = { jobNumber: 2, jobCount: 3, finishedCount: 2, label: 'drop', seconds: 3, plan: null, error: null };
    expect(scenarioDoneLine({ event, scenarioPath: paths.drop, figures: { ...drop, status: 'feasible', gap: 0.032 }, firstFigures: keep })).toMatch(
      /points, stopped early: proven only within 3\.20% of the best possible, not the gap asked$/,
    );
    // The first scenario is what the others are measured against; it has no difference of its own.
    expect(written[0]).toMatch(/households served, benefit/);
    expect(written[1]).toContain(`${count(drop.householdsServed)} households served (${count(keep.householdsServed - drop.householdsServed)} fewer than keep)`);
  });

  it('says in plain words that a scenario has no plan, and which command says why', () => {
    const tenth = fromJson.scenarios[2];
    expect(tenth.status).toBe('infeasible');
    expect(written[2]).toBe(`scenario tenth done (3 of 3, ${/, (\d+ s)\)/.exec(written[2])![1]}): no plan (infeasible): no plan meets every rule; infraplan solve --scenario ${paths.tenth} names the rules that conflict\n`);
  });
});

describe('compare: people within reach of centres on the line', () => {
  it('names the people a facility service reaches apart from households', async () => {
    const paths = await writeScenarios({ keep: 'name: keep\n' });
    const stream = recordingStream();
    const result = await compareFromArguments({ model: THUSONG_MODEL, scenarios: [paths.keep], workers: 1, out: await temporaryFolder() } as Parameters<typeof compareFromArguments>[0], stream);
    const fromJson = JSON.parse(await readFile(path.join(result.folder!, 'comparison.json'), 'utf8')) as ScenarioComparison;
    const people = fromJson.scenarios[0].householdsServedByService.thusong;
    expect(people).toBeGreaterThan(0);
    expect(stream.written).toHaveLength(1);
    expect(stream.written[0]).toContain(`households served, ${count(people)} people (Thusong service centres), benefit`);
    // A scenario that changes nothing is the baseline: nothing to compare it with, and no baseline solved beside it.
    expect(formatComparison(result)).toContain('Only keep was given, and it is the model as given (the baseline), so no funded projects are compared');
  });
});

describe('the pool reports each job as it ends', () => {
  it('with its plan, and with the error of a job that fails before the pool stops', async () => {
    const dataset = await loadModel(TINY_MODEL);
    const good: SolveJob = { kind: 'dataset', label: 'model as it is', dataset, planOptions: { scenarioName: 'as-is', marginalValues: false } };
    const broken = { ...good, label: 'broken dataset', dataset: { ...dataset, projects: null } } as unknown as SolveJob;
    const events: JobDoneEvent[] = [];
    let clock = 0;
    const failure = await solveJobs([good, broken, good], { workers: 1, onJobDone: (event) => events.push(event), clockMilliseconds: () => (clock += 1500) }).then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(failure).toBeInstanceOf(Error);
    // The third job never starts: the pool stops at the first failure.
    expect(events.map((event) => [event.jobNumber, event.finishedCount, event.jobCount, event.label])).toEqual([
      [1, 1, 3, 'model as it is'],
      [2, 2, 3, 'broken dataset'],
    ]);
    expect(events[0].plan?.status).toBe('optimal');
    expect(events[0].error).toBeNull();
    expect(events[0].seconds).toBe(1.5);
    expect(events[1].plan).toBeNull();
    expect(events[1].error).toBe(failure);
  });

  it('once per job from worker threads, counting the jobs as they end', async () => {
    const workerScript = compiledWorkerScript();
    if (!workerScript) throw new Error('dist/analysis/solve-worker.js is missing; tests/global-setup.ts should have built it');
    const dataset = await loadModel(TINY_MODEL);
    const jobs: SolveJob[] = ['first', 'second'].map((label) => ({ kind: 'dataset', label, dataset, planOptions: { scenarioName: label, marginalValues: false } }));
    const events: JobDoneEvent[] = [];
    const plans = await solveJobs(jobs, { workers: 2, workerScript, onJobDone: (event) => events.push(event) });
    expect(events.map((event) => event.finishedCount)).toEqual([1, 2]);
    expect(events.map((event) => event.jobNumber).sort()).toEqual([1, 2]);
    for (const event of events) expect(event.plan?.scenarioName).toBe(plans[event.jobNumber - 1].scenarioName);
  });

  it('a failed scenario prints that it failed, why, and that compare stops', () => {
    const event: JobDoneEvent = { jobNumber: 2, jobCount: 4, finishedCount: 3, label: 'drop', seconds: 41.7, plan: null, error: new Error('job 2 (drop): the plan checker found a violation\n  details') };
    expect(scenarioDoneLine({ event, scenarioPath: 'drop.yaml', figures: null, firstFigures: null })).toBe(
      'scenario drop failed after 41 s (3 of 4 finished): the plan checker found a violation; compare stops here',
    );
  });
});
